//! `/kelola/pengaduan/{id}`: one complaint with its deadlines, reporter (when the caller may
//! see who it is), attachments and timeline, and a small form for each step the caller may
//! take now: verify, reject, assign, start, answer, close.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lumbung_service::complaints::{self, ComplaintView, StepInput};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::complaint::{ComplaintStatus, ComplaintStep, RejectionReason};
use lumbung_service::innovations::{self, ListQuery};
use lumbung_service::store::Paging;
use lumbung_service::{App, Caller, ServiceError, ServiceResult, agencies};
use serde::Deserialize;
use uuid::Uuid;

use super::super::super::forms::{date, optional, paragraphs};
use super::super::super::{
    Choice, Field, Layout, PageResult, SignedIn, check_csrf, error_page, error_summary, page_error,
    render, see_other,
};
use super::{
    RegionNames, SECTION, complaint_href, failure_message, field_errors, is_fatal, local_time,
    parse_id, status_class,
};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;

/// How many agencies and innovations the assignment form offers.
const OPTIONS: u32 = 200;

// ---------------------------------------------------------------------------------------------
// What the template prints.

pub struct FactRow {
    pub label: &'static str,
    pub value: String,
}

pub struct AttachmentRow {
    pub href: String,
    pub name: String,
    pub size: String,
}

pub struct EventRow {
    pub at: String,
    pub what: String,
    pub status: String,
    pub note: String,
    pub actor: String,
    pub internal: bool,
}

/// A step's form with only a note.
pub struct NoteForm {
    /// The caller may take this step now.
    pub shown: bool,
    pub note: Field,
    pub summary: Vec<Choice>,
}

pub struct RejectForm {
    /// The caller may take this step now.
    pub shown: bool,
    pub reason: Field,
    pub duplicate_of: Field,
    pub note: Field,
    pub summary: Vec<Choice>,
}

pub struct AssignForm {
    /// The caller may take this step now.
    pub shown: bool,
    /// The complaint was assigned already: this form moves it to another agency.
    pub again: bool,
    pub agency_id: Field,
    pub innovation_id: Field,
    pub note: Field,
    pub summary: Vec<Choice>,
}

pub struct AnswerForm {
    /// The caller may take this step now.
    pub shown: bool,
    pub answer: Field,
    pub note: Field,
    pub summary: Vec<Choice>,
}

/// The form of every step, those the caller may take now marked `shown`.
pub struct StepForms {
    pub verify: NoteForm,
    pub reject: RejectForm,
    pub assign: AssignForm,
    pub start: NoteForm,
    pub answer: AnswerForm,
    pub close: NoteForm,
}

impl StepForms {
    pub fn any(&self) -> bool {
        self.verify.shown
            || self.reject.shown
            || self.assign.shown
            || self.start.shown
            || self.answer.shown
            || self.close.shown
    }
}

#[derive(Template)]
#[template(path = "kelola_pengaduan_detail.html")]
pub struct DetailPage {
    pub layout: Layout,
    pub notice: String,
    pub message: String,
    pub message_href: String,
    pub action: String,
    pub tracking_number: String,
    pub subject: String,
    pub status_label: String,
    pub status_class: &'static str,
    /// "verifikasi" or "tindak lanjut" when late on that deadline now.
    pub overdue: String,
    pub overdue_date: String,
    pub escalation: String,
    pub facts: Vec<FactRow>,
    pub tags: Vec<String>,
    pub description: Vec<String>,
    pub answer: Vec<String>,
    pub rejection: String,
    pub duplicate_href: String,
    pub duplicate_number: String,
    pub identity_shown: bool,
    pub anonymous: bool,
    pub reporter: Vec<FactRow>,
    pub attachments: Vec<AttachmentRow>,
    pub events: Vec<EventRow>,
    pub forms: StepForms,
    pub rights_note: String,
}

// ---------------------------------------------------------------------------------------------
// The forms as typed.

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StepValues {
    pub csrf: String,
    pub step: String,
    pub reason: String,
    pub duplicate_of: String,
    pub agency_id: String,
    pub innovation_id: String,
    pub answer: String,
    pub note_verify: String,
    pub note_reject: String,
    pub note_assign: String,
    pub note_start: String,
    pub note_answer: String,
    pub note_close: String,
}

impl StepValues {
    fn note(&self, step: ComplaintStep) -> &str {
        match step {
            ComplaintStep::Verify => &self.note_verify,
            ComplaintStep::Reject => &self.note_reject,
            ComplaintStep::Assign => &self.note_assign,
            ComplaintStep::Start => &self.note_start,
            ComplaintStep::Answer => &self.note_answer,
            ComplaintStep::Close | ComplaintStep::Reopen => &self.note_close,
        }
    }

    /// The input the service reads, and the problems only the form sees.
    fn to_input(&self, step: ComplaintStep) -> (StepInput, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut id = |field: &str, text: &str, message: &str| match optional(text) {
            None => None,
            Some(text) => Uuid::parse_str(&text)
                .map_err(|_| errors.add(field, message))
                .ok(),
        };
        let (agency_id, innovation_id) = if step == ComplaintStep::Assign {
            (
                id(
                    "agency_id",
                    &self.agency_id,
                    "pilih perangkat daerah dari daftar",
                ),
                id(
                    "innovation_id",
                    &self.innovation_id,
                    "pilih inovasi dari daftar",
                ),
            )
        } else {
            (None, None)
        };
        let pick = |wanted: ComplaintStep, text: &str| {
            if step == wanted { optional(text) } else { None }
        };
        let input = StepInput {
            step: step.code().to_owned(),
            reason: pick(ComplaintStep::Reject, &self.reason),
            duplicate_of: pick(ComplaintStep::Reject, &self.duplicate_of),
            agency_id,
            answer: pick(ComplaintStep::Answer, &self.answer),
            note: optional(self.note(step)),
            innovation_id,
        };
        (input, errors)
    }
}

// ---------------------------------------------------------------------------------------------
// Building the page.

struct Loaded {
    view: ComplaintView,
    /// The complaint region's agencies and innovations (id, name), for the assignment.
    agencies: Vec<(String, String)>,
    innovations: Vec<(String, String)>,
    escalated_to: String,
    duplicate_of: String,
}

async fn load(app: &App, caller: &Caller, id: Uuid) -> ServiceResult<Loaded> {
    let view = complaints::get(app, caller, id).await?;
    let region = view.complaint.region_code.to_string();
    let (agencies, innovations) = if view.steps.contains(&ComplaintStep::Assign) {
        let agencies = agencies::list(
            app,
            Some(&region),
            None,
            Paging::new(Some(1), Some(OPTIONS)),
        )
        .await?
        .items
        .into_iter()
        .map(|agency| (agency.id.to_string(), agency.name))
        .collect();
        let innovations = innovations::list(
            app,
            caller,
            &ListQuery {
                region: Some(region.clone()),
                ..Default::default()
            },
            Paging::new(Some(1), Some(OPTIONS)),
        )
        .await?
        .items
        .into_iter()
        .map(|innovation| (innovation.id.to_string(), innovation.profile.name))
        .collect();
        (agencies, innovations)
    } else {
        (Vec::new(), Vec::new())
    };
    let escalated_to = match &view.complaint.escalated_to {
        Some(code) => RegionNames::default().name(app, code).await,
        None => String::new(),
    };
    let duplicate_of = match view.complaint.duplicate_of {
        Some(original) => complaints::get(app, caller, original)
            .await
            .map(|found| found.complaint.tracking_number)
            .unwrap_or_else(|_| original.to_string()),
        None => String::new(),
    };
    Ok(Loaded {
        view,
        agencies,
        innovations,
        escalated_to,
        duplicate_of,
    })
}

/// Everything beyond the stored complaint that the page shows.
#[derive(Default)]
struct Extras {
    notice: String,
    message: String,
    failed: Option<ComplaintStep>,
    errors: FieldErrors,
    values: StepValues,
}

fn event_label(kind: &str) -> String {
    match kind {
        "filed" => "Pengaduan diterima".to_owned(),
        "escalate" => "Eskalasi".to_owned(),
        other => ComplaintStep::from_code(other)
            .map_or_else(|| other.to_owned(), |step| step.label().to_owned()),
    }
}

fn outcome_notice(code: &str) -> String {
    match ComplaintStep::from_code(code) {
        Some(ComplaintStep::Verify) => "Pengaduan diverifikasi; disposisikan kepada perangkat daerah yang menindaklanjutinya.".into(),
        Some(ComplaintStep::Reject) => "Pengaduan ditolak; pelapor menerima alasannya.".into(),
        Some(ComplaintStep::Assign) => "Pengaduan didisposisikan; perangkat daerah menerima pemberitahuan dan batas tindak lanjutnya.".into(),
        Some(ComplaintStep::Start) => "Tindak lanjut dimulai.".into(),
        Some(ComplaintStep::Answer) => "Jawaban dikirim kepada pelapor.".into(),
        Some(ComplaintStep::Close) => "Pengaduan ditutup.".into(),
        Some(ComplaintStep::Reopen) | None => String::new(),
    }
}

fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn options(pairs: &[(String, String)], selected: &str) -> Vec<Choice> {
    pairs
        .iter()
        .map(|(value, label)| Choice::new(value, label, selected.trim()))
        .collect()
}

fn summary_for(step: ComplaintStep, extras: &Extras, fields: &[&Field]) -> Vec<Choice> {
    if extras.failed == Some(step) {
        error_summary(fields, &extras.errors)
    } else {
        Vec::new()
    }
}

fn step_forms(loaded: &Loaded, extras: &Extras) -> StepForms {
    let steps = &loaded.view.steps;
    let e = &extras.errors;
    // Only the failed form keeps what was typed.
    let blank = StepValues::default();
    let values = |step: ComplaintStep| {
        if extras.failed == Some(step) {
            &extras.values
        } else {
            &blank
        }
    };
    let note = |step: ComplaintStep, name: &'static str, hint: &str| {
        Field::new(name, "Catatan", values(step).note(step))
            .hint(hint.to_owned())
            .errors(e)
    };
    let note_form = |step: ComplaintStep, name: &'static str, hint: &str| {
        let note = note(step, name, hint);
        let summary = summary_for(step, extras, &[&note]);
        NoteForm {
            shown: steps.contains(&step),
            note,
            summary,
        }
    };
    let reject = {
        let v = values(ComplaintStep::Reject);
        let reason = Field::new("reason", "Alasan penolakan", v.reason.as_str())
            .required()
            .options(
                RejectionReason::ALL
                    .iter()
                    .map(|r| Choice::new(r.code(), r.label(), v.reason.trim()))
                    .collect(),
            )
            .errors(e);
        let duplicate_of = Field::new(
            "duplicate_of",
            "Nomor pengaduan yang diulang",
            v.duplicate_of.as_str(),
        )
        .hint("Hanya untuk alasan Duplikat, mis. ADU-2026-000123.")
        .errors(e);
        let note = note(
            ComplaintStep::Reject,
            "note_reject",
            "Penjelasan bagi pelapor; tampil pada pelacakan pengaduan.",
        );
        let summary = summary_for(
            ComplaintStep::Reject,
            extras,
            &[&reason, &duplicate_of, &note],
        );
        RejectForm {
            shown: steps.contains(&ComplaintStep::Reject),
            reason,
            duplicate_of,
            note,
            summary,
        }
    };
    let assign = {
        let v = values(ComplaintStep::Assign);
        let current = loaded
            .view
            .complaint
            .agency_id
            .map(|id| id.to_string())
            .unwrap_or_default();
        let selected = if extras.failed == Some(ComplaintStep::Assign) {
            v.agency_id.clone()
        } else {
            current
        };
        let agency_id = Field::new("agency_id", "Perangkat daerah", selected.as_str())
            .required()
            .options(options(&loaded.agencies, &selected))
            .errors(e);
        let innovation_id = Field::new("innovation_id", "Inovasi terkait", v.innovation_id.as_str())
            .hint("Bila pengaduan menyangkut satu inovasi, pilih inovasinya: rasio penyelesaiannya dihitung dari pengaduan tentang inovasi itu.")
            .options(options(&loaded.innovations, &v.innovation_id))
            .errors(e);
        let note = note(
            ComplaintStep::Assign,
            "note_assign",
            "Arahan bagi perangkat daerah.",
        );
        let summary = summary_for(
            ComplaintStep::Assign,
            extras,
            &[&agency_id, &innovation_id, &note],
        );
        AssignForm {
            shown: steps.contains(&ComplaintStep::Assign),
            again: loaded.view.complaint.assigned_at.is_some(),
            agency_id,
            innovation_id,
            note,
            summary,
        }
    };
    let answer = {
        let v = values(ComplaintStep::Answer);
        let answer = Field::new("answer", "Jawaban untuk pelapor", v.answer.as_str())
            .required()
            .hint("Apa yang sudah dilakukan dan hasilnya; paling sedikit 10 karakter. Pelapor membacanya pada pelacakan dan surelnya.")
            .errors(e);
        let note = note(
            ComplaintStep::Answer,
            "note_answer",
            "Catatan pada lini masa (tidak wajib).",
        );
        let summary = summary_for(ComplaintStep::Answer, extras, &[&answer, &note]);
        AnswerForm {
            shown: steps.contains(&ComplaintStep::Answer),
            answer,
            note,
            summary,
        }
    };
    StepForms {
        verify: note_form(
            ComplaintStep::Verify,
            "note_verify",
            "Catatan pada lini masa (tidak wajib).",
        ),
        reject,
        assign,
        start: note_form(
            ComplaintStep::Start,
            "note_start",
            "Apa yang mulai dikerjakan (tidak wajib).",
        ),
        answer,
        close: note_form(
            ComplaintStep::Close,
            "note_close",
            "Catatan penutupan (tidak wajib).",
        ),
    }
}

fn page(auth: &Auth, loaded: &Loaded, extras: Extras) -> DetailPage {
    let view = &loaded.view;
    let c = &view.complaint;
    let region = &c.region_code;
    let mut facts = vec![
        FactRow {
            label: "Nomor pengaduan",
            value: c.tracking_number.clone(),
        },
        FactRow {
            label: "Kanal",
            value: view.channel_label.to_owned(),
        },
        FactRow {
            label: "Kategori",
            value: view.category_name.clone(),
        },
        FactRow {
            label: "Wilayah",
            value: format!("{} ({})", c.region_name, c.region_code),
        },
        FactRow {
            label: "Perangkat daerah",
            value: c
                .agency_name
                .clone()
                .unwrap_or_else(|| "Belum didisposisikan".to_owned()),
        },
    ];
    if let Some(name) = &c.innovation_name {
        facts.push(FactRow {
            label: "Inovasi terkait",
            value: name.clone(),
        });
    }
    facts.push(FactRow {
        label: "Diterima",
        value: local_time(c.received_at, region),
    });
    facts.push(FactRow {
        label: "Batas verifikasi",
        value: date(c.verify_by),
    });
    facts.push(FactRow {
        label: "Batas tindak lanjut",
        value: date(c.follow_up_by),
    });
    for (label, at) in [
        ("Diverifikasi", c.verified_at),
        ("Didisposisikan", c.assigned_at),
        ("Dijawab", c.answered_at),
        ("Ditutup", c.closed_at),
    ] {
        if let Some(at) = at {
            facts.push(FactRow {
                label,
                value: local_time(at, region),
            });
        }
    }
    let (overdue, overdue_date) = match view.overdue {
        Some(stage) => (
            stage.label().to_owned(),
            date(match stage {
                lumbung_service::domain::complaint::Stage::Verification => c.verify_by,
                lumbung_service::domain::complaint::Stage::FollowUp => c.follow_up_by,
            }),
        ),
        None => (String::new(), String::new()),
    };
    let escalation = match (c.escalated_at, &c.escalated_stage) {
        (Some(at), Some(stage)) => format!(
            "Dieskalasi kepada admin {} pada {} karena melewati batas {}.",
            loaded.escalated_to,
            local_time(at, region),
            if stage == "verification" {
                "verifikasi"
            } else {
                "tindak lanjut"
            }
        ),
        (Some(at), None) => format!(
            "Pernah dieskalasi kepada admin {} pada {}.",
            loaded.escalated_to,
            local_time(at, region)
        ),
        _ => String::new(),
    };
    let mut reporter = Vec::new();
    for (label, value) in [
        ("Nama", &c.reporter_name),
        ("Surel", &c.reporter_email),
        ("Telepon", &c.reporter_phone),
    ] {
        if let Some(value) = value {
            reporter.push(FactRow {
                label,
                value: value.clone(),
            });
        }
    }
    let rights = view.rights;
    let rights_note = if rights.manage {
        "Anda admin wilayah pengaduan ini: Anda memverifikasi, menolak, mendisposisikan, dan menutupnya."
    } else if rights.follow_up {
        "Anda operator perangkat daerah yang ditugasi: Anda menindaklanjuti dan menjawab pengaduan ini."
    } else {
        "Anda dapat membaca pengaduan ini, tetapi tidak mengambil langkah padanya."
    };
    let message_href = extras
        .failed
        .map(|step| format!("#langkah-{}", step.code()))
        .unwrap_or_default();
    let forms = step_forms(loaded, &extras);
    DetailPage {
        layout: Layout::new(auth, SECTION, format!("Pengaduan {}", c.tracking_number)),
        notice: extras.notice,
        message: extras.message,
        message_href,
        action: format!("{}/langkah", complaint_href(c.id)),
        tracking_number: c.tracking_number.clone(),
        subject: c.subject.clone(),
        status_label: view.status_label.to_owned(),
        status_class: status_class(&c.status),
        overdue,
        overdue_date,
        escalation,
        facts,
        tags: c.tags.clone(),
        description: paragraphs(&c.description),
        answer: c.answer.as_deref().map(paragraphs).unwrap_or_default(),
        rejection: c
            .rejection_reason
            .as_deref()
            .and_then(RejectionReason::from_code)
            .map(|reason| reason.label().to_owned())
            .unwrap_or_default(),
        duplicate_href: c.duplicate_of.map(complaint_href).unwrap_or_default(),
        duplicate_number: loaded.duplicate_of.clone(),
        identity_shown: rights.identity,
        anonymous: c.anonymous,
        reporter,
        attachments: view
            .attachments
            .iter()
            .map(|a| AttachmentRow {
                href: format!("/api/v1/complaints/attachments/{}", a.id),
                name: a.file_name.clone(),
                size: size_text(a.size),
            })
            .collect(),
        events: view
            .events
            .iter()
            .map(|event| EventRow {
                at: local_time(event.at, region),
                what: event_label(&event.kind),
                status: event
                    .to_status
                    .as_deref()
                    .and_then(ComplaintStatus::from_code)
                    .map(|s| s.label().to_owned())
                    .unwrap_or_default(),
                note: event.note.clone().unwrap_or_default(),
                actor: event.actor.clone(),
                internal: !event.public,
            })
            .collect(),
        forms,
        rights_note: rights_note.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Handlers.

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    pub hasil: String,
}

/// `GET /kelola/pengaduan/{id}`.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "pengaduan")?;
    let loaded = load(state.app(), caller, id)
        .await
        .map_err(|error| error_page(&auth, &error))?;
    let extras = Extras {
        notice: outcome_notice(query.hasil.trim()),
        ..Default::default()
    };
    Ok(render(StatusCode::OK, &page(&auth, &loaded, extras)))
}

/// `POST /kelola/pengaduan/{id}/langkah`: `step` with the fields of its form.
pub async fn take_step(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(values): Form<StepValues>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "pengaduan")?;
    check_csrf(&auth, &values.csrf)?;
    let app = state.app();
    let step = ComplaintStep::from_code(values.step.trim());
    let done = match step {
        None => Err(ServiceError::BadInput(
            "langkah tidak dikenal; pilih tombol langkah pada halaman pengaduan".into(),
        )),
        Some(step) => {
            let (input, errors) = values.to_input(step);
            if errors.is_empty() {
                complaints::take_step(app, caller, id, &input)
                    .await
                    .map(|_| step)
            } else {
                Err(ServiceError::Validation(errors))
            }
        }
    };
    match done {
        Ok(step) => Ok(see_other(&format!(
            "{}?hasil={}#lini-masa",
            complaint_href(id),
            step.code()
        ))),
        Err(error) if is_fatal(&error) => Err(page_error(&auth, &error)),
        Err(error) => {
            let loaded = load(app, caller, id)
                .await
                .map_err(|_| error_page(&auth, &error))?;
            let extras = Extras {
                message: failure_message(&error),
                failed: step,
                errors: field_errors(&error, &[]),
                values,
                ..Default::default()
            };
            Ok(render(describe(&error).0, &page(&auth, &loaded, extras)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_reads_only_its_own_fields() {
        let values = StepValues {
            step: "assign".into(),
            reason: "duplicate".into(),
            agency_id: "0190a1b2-0000-7000-8000-000000000001".into(),
            innovation_id: "bukan-id".into(),
            note_assign: " Segera. ".into(),
            note_verify: "lain".into(),
            ..Default::default()
        };
        let (input, errors) = values.to_input(ComplaintStep::Assign);
        assert!(input.agency_id.is_some());
        assert_eq!(input.reason, None);
        assert_eq!(input.note.as_deref(), Some("Segera."));
        assert!(errors.get("innovation_id").is_some());
        let (input, errors) = values.to_input(ComplaintStep::Verify);
        assert_eq!(input.agency_id, None);
        assert_eq!(input.note.as_deref(), Some("lain"));
        assert!(errors.is_empty());
    }

    #[test]
    fn sizes_and_events_read_in_indonesian() {
        assert_eq!(size_text(2048), "2 KB");
        assert_eq!(size_text(3 * 1024 * 1024 / 2), "1,5 MB");
        assert_eq!(event_label("filed"), "Pengaduan diterima");
        assert_eq!(event_label("verify"), "Verifikasi");
    }
}
