//! The competition pages of those who run and enter competitions, under `/kelola/kompetisi`:
//! the caller's competitions with the form to set one up (here), the secretariat's dashboard
//! with a form for each step of the round now running (`dashboard`), the set-up as JSON
//! (here), and the proposers' pages (`proposals`).
//!
//! Every write goes through `lumbung_service::competitions`, which checks roles; the pages
//! only leave out the buttons a role cannot use. A form that fails comes back with the status
//! of the failure (422 for input, 403, 409), what was typed, and the messages.

mod dashboard;
mod proposals;

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use lumbung_service::competitions::proposals::{ProposalView, status_label};
use lumbung_service::competitions::{self, CompetitionView};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::affair::AFFAIRS;
use lumbung_service::domain::competition::{Competition, CompetitionSetup};
use lumbung_service::domain::innovation::{Form as InnovationForm, Initiator, Kind, Stage};
use lumbung_service::domain::permission::Actor;
use lumbung_service::domain::region::{RegionCode, RegionKind};
use lumbung_service::{App, Caller, ServiceError, ServiceResult, regions};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use crate::auth::Auth;
use crate::error::describe;
use crate::pages::forms::{date, paragraphs, sentence, word_count};
pub(super) use crate::pages::parse_id;
use crate::pages::{
    Choice, Field, Layout, OrPage, PageResult, SignedIn, check_csrf, error_summary, page_error,
    render, see_other,
};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/kelola/kompetisi", get(list).post(create))
        .route("/kelola/kompetisi/{id}", get(dashboard::show))
        .route(
            "/kelola/kompetisi/{id}/pengaturan",
            get(settings).post(save_settings),
        )
        .route(
            "/kelola/kompetisi/{id}/tahap/{kind}/tutup",
            post(dashboard::close),
        )
        .route(
            "/kelola/kompetisi/{id}/tahap/{kind}/buka-kembali",
            post(dashboard::reopen),
        )
        .route("/kelola/kompetisi/{id}/usulan", get(proposals::list))
        .route(
            "/kelola/kompetisi/{id}/usulan/baru",
            get(proposals::new_form).post(proposals::submit),
        )
        .route("/kelola/kompetisi/{id}/usulan/{pid}", get(proposals::show))
        .route(
            "/kelola/kompetisi/{id}/usulan/{pid}/periksa",
            post(dashboard::check),
        )
        .route("/kelola/kompetisi/{id}/juri", post(dashboard::add_juror))
        .route(
            "/kelola/kompetisi/{id}/juri/{user}/afiliasi",
            post(dashboard::add_affiliation),
        )
        .route("/kelola/kompetisi/{id}/penugasan", post(dashboard::assign))
        .route("/kelola/kompetisi/{id}/finalis", post(dashboard::shortlist))
        .route(
            "/kelola/kompetisi/{id}/sanggahan/{oid}",
            post(dashboard::resolve),
        )
        .route("/kelola/kompetisi/{id}/jadwal", post(dashboard::schedule))
        .route("/kelola/kompetisi/{id}/usulkan", post(dashboard::promote))
}

// ---------------------------------------------------------------------------------------------
// What the competition pages share (the jurors' pages too).

/// The address of a competition's management pages.
pub(super) fn base(id: Uuid) -> String {
    format!("/kelola/kompetisi/{id}")
}

/// A moment as the day it was where the competition is run (WIB, WITA or WIT).
pub(super) fn day_text(view: &CompetitionView, at: DateTime<Utc>) -> String {
    date(view.local_date(at))
}

const SECRETARIAT_ONLY: &str =
    "hanya admin wilayah penyelenggara (sekretariat) yang dapat membuka halaman ini";

/// The page refusing someone who is not the competition's secretariat.
pub(super) fn require_secretariat(
    auth: &Auth,
    caller: &Caller,
    view: &CompetitionView,
) -> PageResult<()> {
    if view.is_secretariat(caller) {
        Ok(())
    } else {
        Err(page_error(
            auth,
            &ServiceError::Forbidden(SECRETARIAT_ONLY.into()),
        ))
    }
}

/// Whether the caller is one of the competition's jurors.
pub(super) async fn is_juror(app: &App, caller: &Caller, id: Uuid) -> ServiceResult<bool> {
    Ok(competitions::mine(app, caller)
        .await?
        .jury
        .iter()
        .any(|competition| competition.id == id))
}

pub(super) fn registration_text(view: &CompetitionView) -> String {
    format!(
        "{} sampai {}",
        date(view.setup.registration_opens),
        date(view.setup.registration_closes)
    )
}

/// Where a competition stands, in words.
pub(super) fn stage_text(view: &CompetitionView) -> String {
    if view.is_published() {
        "Hasil sudah diumumkan".to_owned()
    } else {
        match view.current_round {
            Some(kind) => format!("Tahap berjalan: {}", kind.label()),
            None => "Semua tahap sudah ditutup".to_owned(),
        }
    }
}

/// A form field whose name is made at run time (a section, an attachment, a criterion):
/// shaped like [`Field`], so the same macros print it.
#[derive(Debug, Clone, Default)]
pub struct DynField {
    pub name: String,
    pub label: String,
    pub value: String,
    pub error: String,
    pub hint: String,
    pub required: bool,
    pub options: Vec<Choice>,
}

impl DynField {
    pub fn new(
        name: impl Into<String>,
        label: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            label: label.into(),
            value: value.into(),
            ..Default::default()
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    pub fn required(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    /// Takes this field's message, if `errors` has one.
    pub fn errors(mut self, errors: &FieldErrors) -> Self {
        self.error = errors.get(&self.name).map(sentence).unwrap_or_default();
        self
    }

    /// The ids of the hint and the error, for `aria-describedby`.
    pub fn describedby(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("f-{}-hint", self.name));
        }
        if !self.error.is_empty() {
            ids.push(format!("f-{}-error", self.name));
        }
        ids.join(" ")
    }
}

/// The summary above a form of run-time fields.
pub(super) fn dyn_summary(fields: &[&DynField], errors: &FieldErrors) -> Vec<Choice> {
    crate::pages::summary_of(
        fields
            .iter()
            .map(|f| (f.name.as_str(), f.label.as_str(), f.error.as_str())),
        errors,
    )
}

/// What a failed write shows: its status, a message for the top of the page, and the
/// messages by field.
pub(super) struct Failed {
    pub status: StatusCode,
    pub message: String,
    pub errors: FieldErrors,
}

pub(super) fn failed(error: &ServiceError) -> Failed {
    let (status, _, message) = describe(error);
    Failed {
        status,
        message: sentence(&message),
        errors: match error {
            ServiceError::Validation(errors) => errors.clone(),
            _ => FieldErrors::new(),
        },
    }
}

/// Whether a failed write belongs on the page it came from (the user can act on it there),
/// rather than on a page of its own.
pub(super) fn shown_on_page(error: &ServiceError) -> bool {
    matches!(
        error,
        ServiceError::Validation(_)
            | ServiceError::Forbidden(_)
            | ServiceError::Conflict(_)
            | ServiceError::BadInput(_)
    )
}

/// A score or weight as officials write it: two decimals and a decimal comma.
pub(super) fn score_text(value: rust_decimal::Decimal) -> String {
    crate::pages::index::figure(lumbung_service::domain::competition::display(value))
}

// ---------------------------------------------------------------------------------------------
// A proposal as its readers see it: the proposal page and the juror's scoring page.

pub struct LabelValue {
    pub label: String,
    pub value: String,
}

pub struct LongText {
    pub label: String,
    pub paragraphs: Vec<String>,
    pub note: String,
}

pub struct Link {
    pub label: String,
    pub href: String,
}

/// Everything a proposal page prints, ready to print.
pub struct ProposalShown {
    pub title: String,
    pub region: String,
    pub agency: String,
    pub group: String,
    pub category: String,
    pub status: String,
    pub status_code: String,
    pub submitted: String,
    pub replicated: String,
    pub rejection_reasons: Vec<String>,
    pub rejection_note: String,
    pub sections: Vec<LongText>,
    pub attachments: Vec<Link>,
    pub profile: Vec<LabelValue>,
    pub profile_texts: Vec<LongText>,
    pub profile_links: Vec<String>,
}

fn snapshot_text(snapshot: &Value, pointer: &str) -> String {
    snapshot
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn snapshot_date(snapshot: &Value, pointer: &str) -> String {
    let text = snapshot_text(snapshot, pointer);
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(date)
        .unwrap_or(text)
}

/// The profile copied at submission, in the official order, what is empty left out.
fn profile_of(snapshot: &Value) -> (Vec<LabelValue>, Vec<LongText>, Vec<String>) {
    let code = |pointer: &str| snapshot_text(snapshot, pointer);
    let label = |text: String, lookup: fn(&str) -> Option<&'static str>| {
        lookup(&text).map_or(text, str::to_owned)
    };
    let affair = |text: String| {
        AFFAIRS
            .iter()
            .find(|affair| affair.code == text)
            .map_or(text, |affair| affair.name.to_owned())
    };
    let facts = [
        ("Nomor registrasi", code("/registration_number")),
        (
            "Tahapan",
            label(code("/stage"), |c| Stage::from_code(c).map(Stage::label)),
        ),
        (
            "Jenis",
            label(code("/kind"), |c| Kind::from_code(c).map(Kind::label)),
        ),
        (
            "Bentuk",
            label(code("/form"), |c| {
                InnovationForm::from_code(c).map(InnovationForm::label)
            }),
        ),
        ("Tanggal uji coba", snapshot_date(snapshot, "/trial_date")),
        (
            "Tanggal penerapan",
            snapshot_date(snapshot, "/implementation_date"),
        ),
        (
            "Inisiator",
            label(code("/initiator"), |c| {
                Initiator::from_code(c).map(Initiator::label)
            }),
        ),
        ("Nama inisiator", code("/initiator_name")),
        ("Urusan utama", affair(code("/main_affair"))),
        ("Tema", code("/theme")),
        ("Anggaran", code("/budget")),
    ];
    let profile = facts
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(label, value)| LabelValue {
            label: label.to_owned(),
            value,
        })
        .collect();
    let texts = [
        ("Rancang bangun", "/design"),
        ("Tujuan", "/goals"),
        ("Manfaat", "/benefits"),
        ("Hasil", "/results"),
    ]
    .into_iter()
    .filter_map(|(label, pointer)| {
        let text = code(pointer);
        (!text.is_empty()).then(|| LongText {
            label: label.to_owned(),
            paragraphs: paragraphs(&text),
            note: String::new(),
        })
    })
    .collect();
    let links = snapshot
        .pointer("/links")
        .and_then(Value::as_array)
        .map(|links| {
            links
                .iter()
                .filter_map(Value::as_str)
                .filter(|link| link.starts_with("https://") || link.starts_with("http://"))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    (profile, texts, links)
}

/// A proposal ready to print, its sections and attachments named as the set-up names them.
pub(super) fn proposal_shown(proposal: &ProposalView, view: &CompetitionView) -> ProposalShown {
    let setup = &view.setup;
    let mut sections: Vec<LongText> = setup
        .sections
        .iter()
        .filter_map(|section| {
            let text = proposal.sections.get(&section.code)?;
            Some(LongText {
                label: section.title.clone(),
                paragraphs: paragraphs(text),
                note: format!(
                    "{} kata (paling banyak {})",
                    word_count(text),
                    section.max_words
                ),
            })
        })
        .collect();
    // A section the set-up no longer names is still the proposer's text.
    for (code, text) in &proposal.sections {
        if !setup.sections.iter().any(|section| &section.code == code) {
            sections.push(LongText {
                label: code.clone(),
                paragraphs: paragraphs(text),
                note: format!("{} kata", word_count(text)),
            });
        }
    }
    let attachments = proposal
        .attachments
        .iter()
        .map(|attachment| Link {
            label: setup
                .attachments
                .iter()
                .find(|required| required.code == attachment.code)
                .map_or_else(|| attachment.code.clone(), |required| required.name.clone()),
            href: attachment.url.clone(),
        })
        .collect();
    let (profile, profile_texts, profile_links) = profile_of(&proposal.snapshot);
    let rejection = proposal.rejection.as_ref();
    ProposalShown {
        title: proposal.title.clone(),
        region: proposal.region_name.clone(),
        agency: proposal.agency_name.clone(),
        group: proposal.group_label.to_owned(),
        category: category_name(setup, &proposal.category),
        status: status_label(&proposal.status).to_owned(),
        status_code: proposal.status.clone(),
        submitted: day_text(view, proposal.submitted_at),
        replicated: proposal.replicated_innovation.clone().unwrap_or_default(),
        rejection_reasons: rejection
            .map(|r| {
                r.reasons
                    .iter()
                    .map(|reason| reason.label.clone())
                    .collect()
            })
            .unwrap_or_default(),
        rejection_note: rejection.and_then(|r| r.note.clone()).unwrap_or_default(),
        sections,
        attachments,
        profile,
        profile_texts,
        profile_links,
    }
}

pub(super) fn category_name(setup: &Competition, code: &str) -> String {
    setup
        .category(code)
        .map_or_else(|| code.to_owned(), |category| category.name.clone())
}

// ---------------------------------------------------------------------------------------------
// The list of the caller's competitions, and setting one up.

/// A competition in one of the lists.
pub struct CompetitionRow {
    pub name: String,
    pub year: i32,
    pub scope: String,
    pub stage: String,
    pub registration: String,
    pub href: String,
    pub proposals_href: String,
    pub propose_href: String,
}

/// The form that sets a competition up with KIPP's defaults.
pub struct CreateForm {
    pub name: Field,
    pub year: Field,
    pub scope: Field,
    pub registration_opens: Field,
    pub registration_closes: Field,
    pub summary: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "kelola_kompetisi_daftar.html")]
pub struct ListPage {
    pub layout: Layout,
    /// Why the set-up form failed, when it did.
    pub message: String,
    pub secretariat: Vec<CompetitionRow>,
    pub jury: Vec<CompetitionRow>,
    pub open: Vec<CompetitionRow>,
    pub create: Option<CreateForm>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeQuery {
    pub hasil: String,
}

/// The typed values of the set-up form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CreateValues {
    pub csrf: String,
    pub name: String,
    pub year: String,
    pub scope: String,
    pub registration_opens: String,
    pub registration_closes: String,
}

impl CreateValues {
    fn fresh(scopes: &[(String, String)]) -> Self {
        // Today where the competition will be run: the only scope's zone, else WIB.
        let scope = match scopes {
            [(only, _)] => RegionCode::parse(only).unwrap_or_else(|_| RegionCode::nation()),
            _ => RegionCode::nation(),
        };
        let today = lumbung_service::clock::local_day(&scope, Utc::now());
        Self {
            year: today.year().to_string(),
            scope: match scopes {
                [(only, _)] => only.clone(),
                _ => String::new(),
            },
            registration_opens: today.format("%Y-%m-%d").to_string(),
            registration_closes: (today + Duration::days(30)).format("%Y-%m-%d").to_string(),
            ..Default::default()
        }
    }

    /// The KIPP set-up of what was typed, or every problem the form can see.
    fn setup(&self) -> Result<CompetitionSetup, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = self.year.trim().parse::<i32>().ok();
        if year.is_none() {
            errors.add("year", "tahun harus berupa angka, mis. 2027");
        }
        let scope = match self.scope.trim() {
            "" => {
                errors.add("scope", "pilih wilayah penyelenggara");
                None
            }
            text => RegionCode::parse(text)
                .map_err(|message| errors.add("scope", message))
                .ok(),
        };
        let day = |text: &str, field: &str, errors: &mut FieldErrors| {
            let parsed = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
            if parsed.is_none() {
                errors.add(field, "isi tanggal, mis. 2027-03-01");
            }
            parsed
        };
        let opens = day(&self.registration_opens, "registration_opens", &mut errors);
        let closes = day(
            &self.registration_closes,
            "registration_closes",
            &mut errors,
        );
        match (year, scope, opens, closes) {
            (Some(year), Some(scope), Some(opens), Some(closes)) if errors.is_empty() => Ok(
                CompetitionSetup::kipp(self.name.trim(), year, scope, opens, closes),
            ),
            _ => {
                if self.name.trim().is_empty() {
                    errors.add("name", "nama kompetisi wajib diisi");
                }
                Err(errors)
            }
        }
    }
}

/// Where the caller may set up a competition: the nation and the provinces they administer
/// (a national admin administers every province).
async fn scope_options(app: &App, caller: &Caller) -> ServiceResult<Vec<(String, String)>> {
    let Actor::User { grants, .. } = &caller.actor else {
        return Ok(Vec::new());
    };
    let administered: Vec<&RegionCode> = grants
        .iter()
        .filter(|grant| grant.role.is_admin() && grant.agency_id.is_none())
        .map(|grant| &grant.region)
        .collect();
    let mut options = Vec::new();
    if administered.iter().any(|region| region.is_nation()) {
        options.push(("ID".to_owned(), "Nasional".to_owned()));
        for province in regions::list(app, None, Some(1)).await? {
            options.push((province.code.to_string(), province.name));
        }
        return Ok(options);
    }
    let mut seen = BTreeSet::new();
    for region in administered {
        if region.kind() == RegionKind::Province && seen.insert(region.to_string()) {
            let name = regions::get(app, region.as_str())
                .await
                .map_or_else(|_| region.to_string(), |found| found.name);
            options.push((region.to_string(), name));
        }
    }
    Ok(options)
}

fn create_form(
    scopes: &[(String, String)],
    values: &CreateValues,
    errors: &FieldErrors,
) -> CreateForm {
    let name = Field::new("name", "Nama kompetisi", values.name.as_str())
        .required()
        .hint("Mis. Kompetisi Inovasi Pelayanan Publik Kalimantan Timur 2027.")
        .errors(errors);
    let year = Field::new("year", "Tahun", values.year.as_str())
        .required()
        .errors(errors);
    let scope = Field::new("scope", "Wilayah penyelenggara", values.scope.as_str())
        .required()
        .options(
            scopes
                .iter()
                .map(|(code, name)| Choice::new(code, name, values.scope.trim()))
                .collect(),
        )
        .hint("Admin wilayah ini menjadi sekretariat kompetisi.")
        .errors(errors);
    let registration_opens = Field::new(
        "registration_opens",
        "Pendaftaran dibuka",
        values.registration_opens.as_str(),
    )
    .required()
    .errors(errors);
    let registration_closes = Field::new(
        "registration_closes",
        "Pendaftaran ditutup",
        values.registration_closes.as_str(),
    )
    .required()
    .hint("Tahap seleksi dijadwalkan sesudah tanggal ini menurut pola KIPP; ubah di Pengaturan bila perlu.")
    .errors(errors);
    let summary = error_summary(
        &[
            &name,
            &year,
            &scope,
            &registration_opens,
            &registration_closes,
        ],
        errors,
    );
    CreateForm {
        name,
        year,
        scope,
        registration_opens,
        registration_closes,
        summary,
    }
}

async fn list_page(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    values: Option<&CreateValues>,
    failure: Option<Failed>,
) -> PageResult {
    let mine = competitions::mine(app, caller).await.or_page(auth)?;
    let mut views = Vec::new();
    for summary in competitions::list(app, None).await.or_page(auth)? {
        views.push(competitions::get(app, summary.id).await.or_page(auth)?);
    }
    let row = |view: &CompetitionView, href: String| CompetitionRow {
        name: view.name.clone(),
        year: view.year,
        scope: view.scope_name.clone(),
        stage: stage_text(view),
        registration: registration_text(view),
        proposals_href: format!("{}/usulan", base(view.id)),
        propose_href: if view.registration_open() && view.may_propose(caller) {
            format!("{}/usulan/baru", base(view.id))
        } else {
            String::new()
        },
        href,
    };
    let find = |id: Uuid| views.iter().find(|view| view.id == id);
    let secretariat = mine
        .secretariat
        .iter()
        .filter_map(|summary| find(summary.id))
        .map(|view| row(view, base(view.id)))
        .collect();
    let jury = mine
        .jury
        .iter()
        .filter_map(|summary| find(summary.id))
        .map(|view| row(view, format!("{}/penilaian", base(view.id))))
        .collect();
    let open = views
        .iter()
        .filter(|view| view.registration_open())
        .map(|view| row(view, format!("/kompetisi/{}", view.id)))
        .collect();
    let scopes = scope_options(app, caller).await.or_page(auth)?;
    let (status, message, errors) = match failure {
        Some(failed) => (failed.status, failed.message, failed.errors),
        None => (StatusCode::OK, String::new(), FieldErrors::new()),
    };
    let create = (!scopes.is_empty()).then(|| {
        let fresh = CreateValues::fresh(&scopes);
        create_form(&scopes, values.unwrap_or(&fresh), &errors)
    });
    let page = ListPage {
        layout: Layout::new(auth, "kompetisi", "Kompetisi inovasi"),
        message,
        secretariat,
        jury,
        open,
        create,
    };
    Ok(render(status, &page))
}

/// `GET /kelola/kompetisi`: the competitions the caller runs, judges, or may propose to.
pub async fn list(State(state): State<AppState>, SignedIn(auth): SignedIn) -> PageResult {
    let caller = &auth.caller;
    list_page(state.app(), &auth, caller, None, None).await
}

/// `POST /kelola/kompetisi`: sets a competition up with KIPP's defaults (admins of the nation
/// or a province), then on to its dashboard.
pub async fn create(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(values): Form<CreateValues>,
) -> PageResult {
    let caller = &auth.caller;
    check_csrf(&auth, &values.csrf)?;
    let app = state.app();
    let created = match values.setup() {
        Ok(setup) => competitions::create(app, caller, setup).await,
        Err(errors) => Err(ServiceError::Validation(errors)),
    };
    match created {
        Ok(view) => Ok(see_other(&format!("{}?hasil=dibuat", base(view.id)))),
        Err(error) if shown_on_page(&error) || matches!(error, ServiceError::NotFound(_)) => {
            let mut failure = failed(&error);
            if let ServiceError::NotFound(_) = error {
                failure.status = StatusCode::UNPROCESSABLE_ENTITY;
                failure.errors =
                    FieldErrors::single("scope", "wilayah penyelenggara tidak dikenal");
                failure.message = "Periksa kembali isian yang ditandai.".into();
            }
            list_page(app, &auth, caller, Some(&values), Some(failure)).await
        }
        Err(error) => Err(page_error(&auth, &error)),
    }
}

// ---------------------------------------------------------------------------------------------
// The set-up as JSON.

#[derive(Template)]
#[template(path = "kelola_kompetisi_pengaturan.html")]
pub struct SettingsPage {
    pub layout: Layout,
    pub name: String,
    pub base: String,
    pub notice: String,
    pub message: String,
    pub problems: Vec<String>,
    pub text: String,
    pub editable: bool,
}

fn settings_page(
    auth: &Auth,
    view: &CompetitionView,
    notice: &str,
    text: String,
    failure: Option<(String, Vec<String>)>,
) -> SettingsPage {
    let (message, problems) = failure.unwrap_or_default();
    SettingsPage {
        layout: Layout::new(auth, "kompetisi", format!("Pengaturan — {}", view.name)),
        name: view.name.clone(),
        base: base(view.id),
        notice: match notice {
            "disimpan" => "Pengaturan disimpan.".to_owned(),
            _ => String::new(),
        },
        message,
        problems,
        text,
        editable: !view.rounds.iter().any(|round| round.closed_at.is_some()),
    }
}

/// The set-up as the textarea shows it.
fn setup_json(view: &CompetitionView) -> ServiceResult<String> {
    serde_json::to_string_pretty(view.setup.setup()).map_err(ServiceError::internal)
}

/// `GET /kelola/kompetisi/{id}/pengaturan` (secretariat).
pub async fn settings(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let view = competitions::get(state.app(), id).await.or_page(&auth)?;
    require_secretariat(&auth, caller, &view)?;
    let text = setup_json(&view).or_page(&auth)?;
    Ok(render(
        StatusCode::OK,
        &settings_page(&auth, &view, query.hasil.trim(), text, None),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub csrf: String,
    pub setup: String,
}

/// A JSON reading error in words: where it is, and the parser's own detail.
fn json_problem(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match error.classify() {
        Category::Syntax | Category::Io => "Teks JSON tidak terbaca",
        Category::Eof => "Teks JSON terpotong (ada kurung atau tanda kutip yang belum ditutup)",
        Category::Data => "Isi JSON tidak sesuai dengan bentuk pengaturan kompetisi",
    };
    format!(
        "{what} pada baris {}, kolom {} (rincian teknis: {error}).",
        error.line(),
        error.column()
    )
}

/// `POST /kelola/kompetisi/{id}/pengaturan`: replaces the set-up, until the first round closes.
pub async fn save_settings(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<SettingsForm>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    check_csrf(&auth, &form.csrf)?;
    let app = state.app();
    let view = competitions::get(app, id).await.or_page(&auth)?;
    require_secretariat(&auth, caller, &view)?;
    let saved = match serde_json::from_str::<CompetitionSetup>(&form.setup) {
        Ok(setup) => competitions::update(app, caller, id, setup).await,
        Err(error) => {
            let page = settings_page(
                &auth,
                &view,
                "",
                form.setup.clone(),
                Some((
                    "Pengaturan belum disimpan.".to_owned(),
                    vec![json_problem(&error)],
                )),
            );
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    match saved {
        Ok(_) => Ok(see_other(&format!(
            "{}/pengaturan?hasil=disimpan",
            base(id)
        ))),
        Err(error) if shown_on_page(&error) => {
            let failure = failed(&error);
            let problems = failure
                .errors
                .iter()
                .map(|(field, message)| format!("{field}: {}", sentence(message)))
                .collect();
            let message = if failure.errors.is_empty() {
                failure.message
            } else {
                "Pengaturan belum disimpan. Perbaiki hal berikut:".to_owned()
            };
            let page = settings_page(&auth, &view, "", form.setup, Some((message, problems)));
            Ok(render(failure.status, &page))
        }
        Err(error) => Err(page_error(&auth, &error)),
    }
}
