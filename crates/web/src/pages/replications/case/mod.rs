//! `/kelola/replikasi/kasus/{id}`: one case with its timeline, the steps the caller may take,
//! documents, adaptation, action plan, mentoring log, progress reports and sign-offs; each
//! with its small form. The forms' values and fields are in `forms`, the handlers of their
//! submissions in `actions`.

mod actions;
mod forms;

pub use actions::{
    add_document, add_item, add_report, add_session, delete_item, sign_off, take_step,
    update_details, update_item,
};
use forms::{
    DetailsForm, DetailsValues, DocumentForm, DocumentValues, ItemForm, ItemValues, ReportForm,
    ReportValues, SessionForm, SessionValues, StepForm, StepValues, details_form, document_form,
    item_form, report_form, session_form, step_form,
};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::region::RegionCode;
use lumbung_service::domain::replication::{
    CaseStatus, DocumentKind, MentoringMode, Step, required_document,
};
use lumbung_service::replications::plans::{self, ItemView};
use lumbung_service::replications::{self, CaseView, Sides};
use lumbung_service::store::Paging;
use lumbung_service::store::replications::{ReportRecord, SessionRecord};
use lumbung_service::{App, Caller, ServiceError, ServiceResult, agencies};
use serde::Deserialize;
use uuid::Uuid;

use super::super::forms::date;
use super::super::{
    Choice, Layout, PageResult, SignedIn, error_page, page_error, render, see_other,
};
use super::{
    case_href, failure_message, field_errors, is_fatal, parse_id, percent, programme_href, rupiah,
    status_class,
};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;

/// How many agencies of the adopter a select offers.
const AGENCY_OPTIONS: u32 = 200;

// ---------------------------------------------------------------------------------------------
// What the template prints.

pub struct DateRow {
    pub label: String,
    pub date: String,
}

pub struct TransitionRow {
    pub date: String,
    pub step: String,
    pub from: String,
    pub to: String,
    pub actor: String,
    pub note: String,
}

pub struct DocumentRow {
    pub kind: String,
    pub title: String,
    pub file_href: String,
    pub file_name: String,
    pub link: String,
    pub uploaded: String,
}

pub struct ItemRow {
    pub position: i64,
    pub activity: String,
    pub agency: String,
    pub person_in_charge: String,
    pub start: String,
    pub target: String,
    pub output: String,
    pub budget: String,
    pub status: String,
    pub progress: String,
    pub weight: String,
    pub evidence: String,
    pub overdue: bool,
    pub edit_href: String,
    pub delete_action: String,
}

pub struct SessionRow {
    pub date: String,
    pub mentor: String,
    pub mode: String,
    pub notes: String,
    pub follow_ups: String,
}

pub struct ReportRow {
    pub date: String,
    pub progress: String,
    pub obstacles: String,
    pub next_steps: String,
}

pub struct SignRow {
    pub role: String,
    pub name: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "kelola_replikasi_kasus.html")]
pub struct CasePage {
    pub layout: Layout,
    pub notice: String,
    pub message: String,
    pub message_href: String,
    pub base: String,
    pub title: String,
    pub innovation_name: String,
    pub innovation_href: String,
    pub owner: String,
    pub adopter: String,
    pub status_label: String,
    pub status_class: &'static str,
    pub progress: String,
    pub opened_on: String,
    pub rejection_reason: String,
    pub programme_name: String,
    pub programme_href: String,
    /// The caller is a party: owner, adopter, organiser or verifier.
    pub party: bool,
    pub roles: String,
    pub closed: bool,
    pub dates: Vec<DateRow>,
    pub transitions: Vec<TransitionRow>,
    /// The forward step the caller may take (value: step code, label: its name).
    pub steps: Vec<Choice>,
    pub can_reject: bool,
    pub step_note: String,
    pub step_form: StepForm,
    pub documents: Vec<DocumentRow>,
    pub can_upload: bool,
    pub upload: DocumentForm,
    pub aspects: Vec<String>,
    pub adaptation_description: String,
    pub adaptation_reason: String,
    pub can_edit_details: bool,
    pub details: DetailsForm,
    pub items: Vec<ItemRow>,
    pub can_plan: bool,
    pub item_form: ItemForm,
    pub sessions: Vec<SessionRow>,
    pub can_mentor: bool,
    pub session_form: SessionForm,
    pub team_hint: String,
    pub reports: Vec<ReportRow>,
    pub can_report: bool,
    pub report_form: ReportForm,
    pub done: bool,
    pub sign_offs: Vec<SignRow>,
    pub sign_buttons: Vec<Choice>,
    pub complete: bool,
    pub certificate_href: String,
    pub index_note: String,
    pub index_href: String,
}

// ---------------------------------------------------------------------------------------------
// Building the page.

/// What the page is made of.
struct Loaded {
    view: CaseView,
    items: Vec<ItemView>,
    sessions: Vec<SessionRecord>,
    reports: Vec<ReportRecord>,
    /// The adopter's agencies (id, name).
    agencies: Vec<(String, String)>,
    programme_name: String,
    commitment_signed: bool,
    team: Vec<String>,
    /// For a fully signed case: the owner's "Replikasi" level and the regions behind it, and
    /// the year it was written in.
    index: Option<(u8, usize, i32)>,
}

/// The day of `at` where the case is carried out: the adopter's zone (WIB, WITA or WIT).
fn local_date(region: &RegionCode, at: DateTime<Utc>) -> NaiveDate {
    lumbung_service::clock::local_day(region, at)
}

async fn load(app: &App, caller: &Caller, id: Uuid) -> ServiceResult<Loaded> {
    let view = replications::get(app, caller, id).await?;
    let party = view.sides.any();
    let (items, sessions, reports) = if party {
        (
            plans::items(app, caller, id).await?,
            plans::sessions(app, caller, id).await?,
            plans::reports(app, caller, id).await?,
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let agencies = if party {
        agencies::list(
            app,
            Some(view.adopter_region.as_str()),
            None,
            Paging::new(Some(1), Some(AGENCY_OPTIONS)),
        )
        .await?
        .items
        .into_iter()
        .map(|a| (a.id.to_string(), a.name))
        .collect()
    } else {
        Vec::new()
    };
    let (programme_name, commitment_signed, team) = match view.programme_id {
        Some(programme) => {
            let found = replications::programmes::get(app, programme).await?;
            (
                found.name,
                found.commitment_signed_on.is_some(),
                found.mentoring_team.into_iter().map(|m| m.name).collect(),
            )
        }
        None => (String::new(), false, Vec::new()),
    };
    let index = replications::owner_index(app, &view)
        .await?
        .map(|index| (index.level, index.regions, index.year));
    Ok(Loaded {
        view,
        items,
        sessions,
        reports,
        agencies,
        programme_name,
        commitment_signed,
        team,
        index,
    })
}

/// Which form a failure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Step,
    Document,
    Details,
    Item,
    Session,
    Report,
    SignOff,
}

impl Part {
    fn anchor(self) -> &'static str {
        match self {
            Part::Step => "langkah",
            Part::Document => "dokumen",
            Part::Details => "adaptasi",
            Part::Item => "rencana",
            Part::Session => "pendampingan",
            Part::Report => "laporan",
            Part::SignOff => "tanda-tangan",
        }
    }

    /// The service's field names that the page names otherwise.
    fn renames(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Part::Document => &[("title", "doc_title")],
            Part::Details => &[
                ("adaptation.description", "adaptation_description"),
                ("adaptation.reason", "adaptation_reason"),
            ],
            Part::Item => &[("status", "item_status"), ("progress", "item_progress")],
            Part::Report => &[("progress", "report_progress")],
            Part::Step | Part::Session | Part::SignOff => &[],
        }
    }
}

/// Everything beyond the stored case that the page shows.
#[derive(Default)]
struct Extras {
    notice: String,
    message: String,
    failed: Option<Part>,
    errors: FieldErrors,
    step: StepValues,
    document: DocumentValues,
    details: Option<DetailsValues>,
    /// The item being edited, and the values typed into the item form.
    editing: Option<Uuid>,
    item: Option<ItemValues>,
    session: SessionValues,
    report: ReportValues,
}

fn next_step(status: CaseStatus) -> Option<Step> {
    match status {
        CaseStatus::Interest => Some(Step::Agree),
        CaseStatus::Agreement => Some(Step::Approve),
        CaseStatus::Approval => Some(Step::Implement),
        CaseStatus::Implementation => Some(Step::Finish),
        CaseStatus::Done | CaseStatus::Rejected => None,
    }
}

/// The sides the caller acts for, in words.
fn roles_text(sides: Sides) -> String {
    let mut roles = Vec::new();
    if sides.owner {
        roles.push("pemilik inovasi");
    }
    if sides.adopter {
        roles.push("daerah replikator");
    }
    if sides.organiser {
        roles.push("penyelenggara program");
    }
    if sides.verifier {
        roles.push("verifikator");
    }
    roles.join(", ")
}

fn outcome_notice(code: &str, index: &str) -> String {
    match code {
        "dibuka" => "Kasus replikasi dibuka pada tahap Minat.".into(),
        "langkah" => "Langkah dicatat pada lini masa kasus.".into(),
        "dokumen" => "Dokumen ditambahkan.".into(),
        "diubah" => "Judul dan adaptasi disimpan.".into(),
        "kegiatan" => "Kegiatan ditambahkan ke rencana aksi.".into(),
        "kegiatan-diubah" => "Kegiatan disimpan.".into(),
        "kegiatan-dihapus" => "Kegiatan dihapus dari rencana aksi.".into(),
        "pendampingan" => "Sesi pendampingan dicatat.".into(),
        "laporan" => "Laporan kemajuan disimpan.".into(),
        "ditandatangani" => "Tanda tangan dicatat.".into(),
        "lengkap" if index == "dilewati" => "Tanda tangan lengkap: sertifikat replikasi dapat diterbitkan. Masa pelaporan indeks tahun ini sudah ditutup, sehingga level indikator Replikasi pemilik tidak diubah.".into(),
        "lengkap" => "Tanda tangan lengkap: sertifikat replikasi dapat diterbitkan dan level indikator Replikasi pemilik inovasi diperbarui.".into(),
        _ => String::new(),
    }
}

fn page(auth: &Auth, loaded: &Loaded, extras: Extras) -> CasePage {
    let view = &loaded.view;
    let sides = view.sides;
    let base = case_href(view.id);
    let closed = view.status.is_closed();
    let open = !closed;
    let mut steps = Vec::new();
    let mut step_note = String::new();
    if open && let Some(step) = next_step(view.status) {
        if sides.may_take(step) {
            steps.push(Choice {
                value: step.code().to_owned(),
                label: step.label().to_owned(),
                selected: false,
            });
        }
        if let Some(kind) = required_document(step) {
            let present = view.documents.iter().any(|d| d.kind == kind.code())
                || (kind == DocumentKind::Commitment && loaded.commitment_signed);
            step_note = if present {
                format!(
                    "Langkah \"{}\" memerlukan {}: sudah tersedia.",
                    step.label(),
                    kind.label()
                )
            } else {
                format!(
                    "Langkah \"{}\" memerlukan {} yang belum diunggah; tambahkan di bagian Dokumen.",
                    step.label(),
                    kind.label()
                )
            };
        }
    }
    let can_reject = open && sides.may_take(Step::Reject);
    let agency_name = |id: Option<Uuid>| {
        id.and_then(|id| {
            loaded
                .agencies
                .iter()
                .find(|(value, _)| *value == id.to_string())
                .map(|(_, name)| name.clone())
        })
        .unwrap_or_default()
    };
    let items = loaded
        .items
        .iter()
        .map(|item| ItemRow {
            position: item.position,
            activity: item.item.activity.clone(),
            agency: agency_name(item.item.responsible_agency_id),
            person_in_charge: item.item.person_in_charge.clone(),
            start: date(item.item.start),
            target: date(item.item.target),
            output: item.item.output.clone(),
            budget: item
                .item
                .budget
                .map(|b| format!("Rp {}", rupiah(b)))
                .unwrap_or_default(),
            status: item.status_label.to_owned(),
            progress: format!("{} %", item.item.progress),
            weight: item.item.weight.normalize().to_string().replace('.', ","),
            evidence: item.item.evidence.clone().unwrap_or_default(),
            overdue: item.overdue,
            edit_href: format!("{base}?kegiatan={}#form-kegiatan", item.id),
            delete_action: format!("{base}/kegiatan/{}/hapus", item.id),
        })
        .collect();
    let done = view.status == CaseStatus::Done;
    let sign_buttons = view
        .signable()
        .iter()
        .map(|role| Choice {
            value: role.code().to_owned(),
            label: format!("Tanda tangani sebagai {}", role.label().to_lowercase()),
            selected: false,
        })
        .collect();
    let complete = view.fully_signed();
    let (index_note, index_href) = match loaded.index {
        Some((level, regions, year)) => (
            format!(
                "Indikator Replikasi (31) inovasi ini pada penilaian Indeks Inovasi Daerah {year} milik {}: level {level}, dari {regions} daerah yang replikasinya terverifikasi.",
                view.owner_region_name
            ),
            format!("/kelola/indeks/{}/{year}", view.owner_region),
        ),
        None => (String::new(), String::new()),
    };
    let team_hint = if loaded.team.is_empty() {
        String::new()
    } else {
        format!("Tim pendamping program: {}.", loaded.team.join(", "))
    };
    let message_href = extras
        .failed
        .map(|part| format!("#{}", part.anchor()))
        .unwrap_or_default();
    let title = view.title.clone();
    CasePage {
        layout: Layout::new(auth, "replikasi", title.clone()),
        notice: extras.notice.clone(),
        message: extras.message.clone(),
        message_href,
        title,
        innovation_name: view.innovation_name.clone(),
        innovation_href: format!("/inovasi/{}", view.innovation_id),
        owner: format!("{} ({})", view.owner_region_name, view.owner_region),
        adopter: format!("{} ({})", view.adopter_region_name, view.adopter_region),
        status_label: view.status_label.to_owned(),
        status_class: status_class(view.status.code()),
        progress: percent(view.progress),
        opened_on: date(view.opened_on),
        rejection_reason: view.rejection_reason.clone().unwrap_or_default(),
        programme_name: loaded.programme_name.clone(),
        programme_href: view.programme_id.map(programme_href).unwrap_or_default(),
        party: sides.any(),
        roles: roles_text(sides),
        closed,
        dates: view
            .dates
            .iter()
            .map(|(status, day)| DateRow {
                label: status.label().to_owned(),
                date: date(*day),
            })
            .collect(),
        transitions: view
            .transitions
            .iter()
            .map(|t| TransitionRow {
                date: date(t.taken_on),
                step: Step::from_code(&t.step)
                    .map_or_else(|| t.step.clone(), |s| s.label().to_owned()),
                from: CaseStatus::from_code(&t.from_status)
                    .map_or_else(|| t.from_status.clone(), |s| s.label().to_owned()),
                to: CaseStatus::from_code(&t.to_status)
                    .map_or_else(|| t.to_status.clone(), |s| s.label().to_owned()),
                actor: t.actor.clone(),
                note: t.note.clone().unwrap_or_default(),
            })
            .collect(),
        steps,
        can_reject,
        step_note,
        step_form: step_form(&extras),
        documents: view
            .documents
            .iter()
            .map(|d| DocumentRow {
                kind: DocumentKind::from_code(&d.kind)
                    .map_or_else(|| d.kind.clone(), |k| k.label().to_owned()),
                title: d.title.clone(),
                file_href: if d.blob_key.is_some() {
                    format!("/api/v1/replications/{}/documents/{}", view.id, d.id)
                } else {
                    String::new()
                },
                file_name: d.file_name.clone().unwrap_or_else(|| "Berkas".into()),
                link: d.link.clone().unwrap_or_default(),
                uploaded: date(local_date(&view.adopter_region, d.uploaded_at)),
            })
            .collect(),
        can_upload: open && (sides.owner || sides.adopter || sides.organiser),
        upload: document_form(&extras),
        aspects: view
            .adaptation
            .aspects
            .iter()
            .map(|a| a.label().to_owned())
            .collect(),
        adaptation_description: view.adaptation.description.clone(),
        adaptation_reason: view.adaptation.reason.clone(),
        can_edit_details: open && (sides.adopter || sides.organiser),
        details: details_form(loaded, &extras),
        items,
        can_plan: open && (sides.adopter || sides.organiser),
        item_form: item_form(loaded, &extras, &base),
        sessions: loaded
            .sessions
            .iter()
            .map(|s| SessionRow {
                date: date(s.held_on),
                mentor: s.mentor.clone(),
                mode: MentoringMode::from_code(&s.mode)
                    .map_or_else(|| s.mode.clone(), |m| m.label().to_owned()),
                notes: s.notes.clone(),
                follow_ups: s.follow_ups.clone(),
            })
            .collect(),
        can_mentor: open && (sides.owner || sides.adopter || sides.organiser),
        session_form: session_form(&extras),
        team_hint,
        reports: loaded
            .reports
            .iter()
            .map(|r| ReportRow {
                date: date(r.reported_on),
                progress: format!("{} %", r.progress),
                obstacles: r.obstacles.clone(),
                next_steps: r.next_steps.clone(),
            })
            .collect(),
        can_report: open && sides.adopter,
        report_form: report_form(&extras),
        done,
        sign_offs: view
            .signatures()
            .into_iter()
            .map(|(role, s)| SignRow {
                role,
                name: s.name.clone(),
                date: date(local_date(&view.adopter_region, s.signed_at)),
            })
            .collect(),
        sign_buttons,
        complete,
        certificate_href: format!("/api/v1/replications/{}/certificate.pdf", view.id),
        index_note,
        index_href,
        base,
    }
}

/// The page again after a failed form, with the error's status; errors that are no one's
/// typing get their own page.
async fn failed(
    state: &AppState,
    auth: &Auth,
    caller: &Caller,
    id: Uuid,
    error: ServiceError,
    part: Part,
    mut extras: Extras,
) -> PageResult {
    if is_fatal(&error) {
        return Err(page_error(auth, &error));
    }
    let loaded = load(state.app(), caller, id)
        .await
        .map_err(|_| error_page(auth, &error))?;
    extras.failed = Some(part);
    extras.errors = field_errors(&error, part.renames());
    extras.message = failure_message(&error);
    let status = describe(&error).0;
    Ok(render(status, &page(auth, &loaded, extras)))
}

fn back(id: Uuid, outcome: &str, anchor: &str) -> PageResult {
    Ok(see_other(&format!(
        "{}?hasil={outcome}#{anchor}",
        case_href(id)
    )))
}

// ---------------------------------------------------------------------------------------------
// Handlers.

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    pub hasil: String,
    pub indeks: String,
    /// The action item to edit.
    pub kegiatan: String,
}

/// `GET /kelola/replikasi/kasus/{id}` (`?kegiatan={item}` opens that item's form).
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kasus replikasi")?;
    let loaded = load(state.app(), caller, id)
        .await
        .map_err(|e| error_page(&auth, &e))?;
    let extras = Extras {
        notice: outcome_notice(query.hasil.trim(), query.indeks.trim()),
        editing: Uuid::parse_str(query.kegiatan.trim()).ok(),
        ..Default::default()
    };
    Ok(render(StatusCode::OK, &page(&auth, &loaded, extras)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_step_follows_the_path() {
        assert_eq!(next_step(CaseStatus::Interest), Some(Step::Agree));
        assert_eq!(next_step(CaseStatus::Implementation), Some(Step::Finish));
        assert_eq!(next_step(CaseStatus::Done), None);
        assert_eq!(next_step(CaseStatus::Rejected), None);
    }

    #[test]
    fn only_the_owner_or_organiser_approves() {
        let adopter = Sides {
            adopter: true,
            ..Default::default()
        };
        let owner = Sides {
            owner: true,
            ..Default::default()
        };
        assert!(!adopter.may_take(Step::Approve));
        assert!(owner.may_take(Step::Approve));
        assert!(adopter.may_take(Step::Implement));
        assert!(!owner.may_take(Step::Implement));
        assert!(!Sides::default().may_take(Step::Reject));
        assert_eq!(roles_text(owner), "pemilik inovasi");
    }
}
