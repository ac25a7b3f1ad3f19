//! The public competition pages, in the reader's language (what organisers and governments
//! wrote stays as written):
//!
//! * `GET /kompetisi` — every competition, its organiser and where it stands;
//! * `GET /kompetisi/{id}` — one competition: its schedule, rules and criteria; the finalists
//!   once the shortlist is closed; during uji publik the objection form (no JavaScript) and
//!   the objections without the objectors' personal data; the interview schedule after it;
//! * `POST /kompetisi/{id}/sanggahan` — files an objection. Like the sign-in form it is sent
//!   by visitors without a session, so a request whose `Origin` is another site is refused;
//!   a signed-in visitor's form carries their CSRF token as well;
//! * `GET /kompetisi/{id}/hasil` — the published results, with each winner's certificate;
//! * `GET /piagam` and `GET /piagam/{code}` — checking a certificate by its code.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use chrono::{DateTime, NaiveDate, Utc};
use lumbung_service::competitions::objections::{self, ObjectionInput};
use lumbung_service::competitions::proposals::{self, ProposalView};
use lumbung_service::competitions::results::{self, CertificateView, ResultRow};
use lumbung_service::competitions::{self, CompetitionView, RoundState, rounds};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::competition::{AwardHistory, Group, GroupRules, RoundKind};
use lumbung_service::domain::region::RegionCode;
use lumbung_service::domain::time::TimeZone;
use lumbung_service::store::competitions::proposal_status;
use lumbung_service::{App, Caller, ServiceError};
use serde::Deserialize;
use uuid::Uuid;

use super::super::forms::{encode, paragraphs, sentence};
use super::super::index::decimal_in;
use super::super::{
    Choice, Field, Layout, OrPage, PageAuth, PageResult, check_csrf, error_page, render, see_other,
};
use crate::auth::{self, Auth, Via};
use crate::i18n::Lang;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/kompetisi", get(list))
        .route("/kompetisi/{id}", get(show))
        .route(
            "/kompetisi/{id}/sanggahan",
            get(objection_address).post(file_objection),
        )
        .route("/kompetisi/{id}/hasil", get(results_page))
        .route("/piagam", get(certificate_form))
        .route("/piagam/{code}", get(certificate))
}

/// The menu item these pages mark.
const SECTION: &str = "kompetisi";

// ---------------------------------------------------------------------------------------------
// Shared pieces.

/// A moment's time of day in a zone: `09.30 WITA` (`09:30 WITA` in English).
fn local_time(zone: TimeZone, at: DateTime<Utc>, lang: Lang) -> String {
    let local = zone.local(at);
    let zone = zone.abbreviation();
    match lang {
        Lang::Id => format!("{} {zone}", local.format("%H.%M")),
        Lang::En => format!("{} {zone}", local.format("%H:%M")),
    }
}

/// A span of days: `1 Maret 2025 – 10 Maret 2025`, or one day.
fn span(opens: NaiveDate, closes: NaiveDate, lang: Lang) -> String {
    if opens == closes {
        lang.date(opens)
    } else {
        format!("{} – {}", lang.date(opens), lang.date(closes))
    }
}

/// A score with two decimals: `81,25` (`81.25` in English).
fn score(value: impl std::fmt::Display, lang: Lang) -> String {
    decimal_in(&format!("{value:.2}"), lang)
}

/// A percentage as short as it is exact: `70 %`, `12,5 %`.
fn percent(value: impl std::fmt::Display, lang: Lang) -> String {
    let text = value.to_string();
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    match lang {
        Lang::Id => format!("{} %", text.replace('.', ",")),
        Lang::En => format!("{text}%"),
    }
}

/// Who organises a competition: the nation, or a province by name.
fn organiser(scope: &RegionCode, name: &str, lang: Lang) -> String {
    if scope.is_nation() {
        return lang.t("Nasional").to_owned();
    }
    let bare = name.strip_prefix("Provinsi ").unwrap_or(name);
    match lang {
        Lang::Id => format!("Provinsi {bare}"),
        Lang::En => format!("{bare} Province"),
    }
}

/// A region's public page; the nation has none.
fn region_href(code: &RegionCode) -> String {
    if code.is_nation() {
        String::new()
    } else {
        format!("/daerah/{code}")
    }
}

/// A group's name: `Umum`, or `General` in English.
fn group_name(group: Group, lang: Lang) -> &'static str {
    match (lang, group) {
        (Lang::Id, _) => group.label(),
        (Lang::En, Group::General) => "General",
        (Lang::En, Group::Replication) => "Replication",
        (Lang::En, Group::Special) => "Special",
    }
}

/// A round's label with its Top N: `Penetapan finalis oleh tim panel (Top 10)`.
fn round_label(round: &RoundState, lang: Lang) -> String {
    let label = lang.t(round.kind.label());
    match round.top_n {
        Some(n) => format!("{label} (Top {n})"),
        None => label.to_owned(),
    }
}

/// The competition's name, with its year when the name does not say it.
fn full_name(name: &str, year: i32) -> String {
    if name.contains(&year.to_string()) {
        name.to_owned()
    } else {
        format!("{name} {year}")
    }
}

/// A competition's status for the public.
fn status_text(view: &CompetitionView, lang: Lang) -> String {
    if view.is_published() {
        return lang.t("Hasil diumumkan").to_owned();
    }
    match view.current_round {
        Some(kind) => format!("{}: {}", lang.t("Berjalan"), lang.t(kind.label())),
        None => lang.t("Berjalan").to_owned(),
    }
}

/// A page saying what could not be shown, in the reader's language.
#[derive(Template)]
#[template(path = "kompetisi_galat.html")]
pub struct MessagePage {
    pub layout: Layout,
    pub heading: String,
    pub message: String,
    pub back_href: String,
    pub back_label: String,
}

fn message_page(
    auth: &Auth,
    status: StatusCode,
    heading: &str,
    message: &str,
    back: (&str, &str),
) -> Response {
    let lang = auth.reader.lang;
    render(
        status,
        &MessagePage {
            layout: Layout::new(auth, SECTION, lang.t(heading))
                .translated()
                .describe(lang.t(message)),
            heading: lang.t(heading).to_owned(),
            message: lang.t(message).to_owned(),
            back_href: back.0.to_owned(),
            back_label: lang.t(back.1).to_owned(),
        },
    )
}

/// The 404 of a competition that does not exist.
fn no_competition(auth: &Auth) -> Response {
    message_page(
        auth,
        StatusCode::NOT_FOUND,
        "Kompetisi tidak ditemukan",
        "Kompetisi yang Anda cari tidak ada. Mungkin alamatnya salah ketik.",
        ("/kompetisi", "Lihat semua kompetisi"),
    )
}

/// A competition's id from the address.
fn competition_id(auth: &Auth, text: &str) -> PageResult<Uuid> {
    Uuid::parse_str(text.trim()).map_err(|_| no_competition(auth).into())
}

/// A competition, or the page of why not.
async fn competition(app: &App, auth: &Auth, id: Uuid) -> PageResult<CompetitionView> {
    match competitions::get(app, id).await {
        Ok(view) => Ok(view),
        Err(ServiceError::NotFound(_)) => Err(no_competition(auth).into()),
        Err(error) => Err(error_page(auth, &error).into()),
    }
}

// ---------------------------------------------------------------------------------------------
// `/kompetisi`: every competition.

pub struct ListRow {
    pub href: String,
    pub name: String,
    pub year: i32,
    pub organiser: String,
    pub status: String,
    pub published: bool,
    pub results_href: String,
}

#[derive(Template)]
#[template(path = "kompetisi_daftar.html")]
pub struct ListPage {
    pub layout: Layout,
    pub rows: Vec<ListRow>,
}

/// `GET /kompetisi`: every competition, newest year first.
pub async fn list(State(state): State<AppState>, PageAuth(auth): PageAuth) -> PageResult {
    let lang = auth.reader.lang;
    let app = state.app();
    let all = competitions::list(app, None).await.or_page(&auth)?;
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut rows = Vec::with_capacity(all.len());
    for summary in all {
        let scope = summary.scope.to_string();
        if !names.contains_key(&scope) {
            let name = lumbung_service::regions::get(app, &scope)
                .await
                .map(|region| region.name)
                .unwrap_or_else(|_| scope.clone());
            names.insert(scope.clone(), name);
        }
        let scope_name = names.get(&scope).cloned().unwrap_or_default();
        let published = summary.status == competitions::status::PUBLISHED;
        // Where a running competition stands is worth one more read.
        let status = if published {
            lang.t("Hasil diumumkan").to_owned()
        } else {
            match competitions::get(app, summary.id).await {
                Ok(view) => status_text(&view, lang),
                Err(_) => lang.t("Berjalan").to_owned(),
            }
        };
        rows.push(ListRow {
            href: format!("/kompetisi/{}", summary.id),
            name: summary.name.clone(),
            year: summary.year,
            organiser: organiser(&summary.scope, &scope_name, lang),
            status,
            published,
            results_href: format!("/kompetisi/{}/hasil", summary.id),
        });
    }
    Ok(render(
        StatusCode::OK,
        &ListPage {
            layout: Layout::new(&auth, SECTION, lang.t("Kompetisi inovasi"))
                .translated()
                .describe(lang.t("Kompetisi inovasi pelayanan publik yang diselenggarakan secara nasional dan oleh provinsi: jadwal, finalis, uji publik, hasil dan verifikasi piagam.")),
            rows,
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// `/kompetisi/{id}`: one competition.

pub struct ScheduleRow {
    pub label: String,
    pub dates: String,
    pub state: String,
    /// `berjalan`, `selesai` or `belum`, for the style.
    pub state_code: &'static str,
    pub current: bool,
}

pub struct SectionRow {
    pub title: String,
    pub max_words: String,
    pub groups: String,
}

pub struct CriterionRow {
    pub name: String,
    pub weight: String,
}

pub struct Finalist {
    pub anchor: String,
    pub title: String,
    pub region: String,
    pub region_href: String,
    pub agency: String,
    pub group: String,
    pub category: String,
    pub status: String,
    pub status_code: String,
    pub summary: Vec<String>,
}

pub struct ObjectionRow {
    pub finalist: String,
    pub filed_on: String,
    pub text: Vec<String>,
    pub status: String,
    pub status_code: String,
    pub resolution: String,
}

pub struct SlotRow {
    pub date: String,
    pub time: String,
    pub finalist: String,
    pub place: String,
}

/// What happened to a submitted objection form.
enum Outcome {
    /// The page as it is (no form submitted).
    Shown,
    /// Fields to correct.
    Invalid(FieldErrors),
    /// The objection window is not open.
    Closed,
    /// The form came from another site.
    Refused,
}

/// The objection form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ObjectionForm {
    #[serde(default)]
    pub proposal_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub csrf: String,
}

#[derive(Template)]
#[template(path = "kompetisi.html")]
pub struct CompetitionPage {
    pub layout: Layout,
    pub name: String,
    pub organiser: String,
    pub status: String,
    pub published: bool,
    pub results_href: String,
    /// The visitor just filed an objection.
    pub sent: bool,
    pub registration: String,
    pub schedule: Vec<ScheduleRow>,
    pub groups: Vec<String>,
    pub categories: Vec<String>,
    pub sections: Vec<SectionRow>,
    pub criteria: Vec<CriterionRow>,
    pub has_interview: bool,
    pub desk_weight: String,
    pub interview_weight: String,
    /// The shortlist is closed: the finalists are public.
    pub finalists_public: bool,
    pub finalists: Vec<Finalist>,
    /// The objection window is open.
    pub objection_open: bool,
    pub form_action: String,
    pub finalist_field: Field,
    pub name_field: Field,
    pub contact_field: Field,
    pub text_field: Field,
    /// Each field's message, for the summary above the form: (field name, message).
    pub form_errors: Vec<(String, String)>,
    /// Why the form was not taken (window closed, another site); "" otherwise.
    pub form_message: String,
    /// What was typed, shown back when the window has closed so that nothing is lost.
    pub typed_copy: Vec<String>,
    pub objections: Vec<ObjectionRow>,
    /// The objection window has closed: the interview schedule is public.
    pub interview_public: bool,
    pub slots: Vec<SlotRow>,
}

/// A group's rules in a sentence.
fn group_text(rules: &GroupRules, lang: Lang) -> String {
    let mut parts = Vec::new();
    let months = rules.min_months_implemented;
    if months > 0 {
        parts.push(match lang {
            Lang::Id => {
                format!("sudah diterapkan paling sedikit {months} bulan saat pendaftaran ditutup")
            }
            Lang::En => {
                format!("implemented for at least {months} months when registration closes")
            }
        });
    }
    if let Some(quota) = rules.quota_per_instance {
        parts.push(match lang {
            Lang::Id => format!("paling banyak {quota} proposal per instansi"),
            Lang::En if quota == 1 => "at most one proposal per agency".to_owned(),
            Lang::En => format!("at most {quota} proposals per agency"),
        });
    }
    match rules.award_history {
        AwardHistory::Any => {}
        AwardHistory::Newcomer { finalist_limit } => parts.push(match lang {
            Lang::Id => format!(
                "belum pernah menjadi pemenang edisi sebelumnya dan menjadi finalis kurang dari {finalist_limit} kali"
            ),
            Lang::En => format!(
                "never a winner of an earlier edition, and a finalist fewer than {finalist_limit} times"
            ),
        }),
        AwardHistory::PastWinner => {
            parts.push(lang.t("khusus pemenang edisi sebelumnya").to_owned())
        }
    }
    if rules.requires_replicated_innovation {
        parts.push(lang.t("menyebut inovasi yang direplikasi").to_owned());
    }
    if rules.invitation_only {
        parts.push(lang.t("hanya dengan undangan").to_owned());
    }
    let label = group_name(rules.group, lang);
    if parts.is_empty() {
        label.to_owned()
    } else {
        format!("{label}: {}.", parts.join("; "))
    }
}

fn schedule(view: &CompetitionView, lang: Lang) -> (String, Vec<ScheduleRow>) {
    let setup = &view.setup;
    let today = view.today();
    let checking_started = view.rounds.first().is_some_and(|r| r.closed_at.is_some());
    let (state, state_code) = if today < setup.registration_opens {
        (lang.t("Belum dibuka"), "belum")
    } else if checking_started || today > setup.registration_closes {
        (lang.t("Ditutup"), "selesai")
    } else {
        (lang.t("Dibuka"), "berjalan")
    };
    let registration = span(setup.registration_opens, setup.registration_closes, lang);
    let mut rows = vec![ScheduleRow {
        label: lang.t("Pendaftaran proposal").to_owned(),
        dates: registration.clone(),
        state: state.to_owned(),
        state_code,
        current: state_code == "berjalan",
    }];
    for round in &view.rounds {
        let (state, state_code) = match (round.closed_at, round.current) {
            (Some(at), _) => (
                format!("{} {}", lang.t("Selesai"), lang.date(view.local_date(at))),
                "selesai",
            ),
            (None, true) => (lang.t("Sedang berjalan").to_owned(), "berjalan"),
            (None, false) => (lang.t("Belum dimulai").to_owned(), "belum"),
        };
        rows.push(ScheduleRow {
            label: round_label(round, lang),
            dates: span(round.opens_on, round.closes_on, lang),
            state,
            state_code,
            current: round.current,
        });
    }
    (registration, rows)
}

fn finalist(view: &CompetitionView, proposal: &ProposalView, lang: Lang) -> Finalist {
    let category = view
        .setup
        .category(&proposal.category)
        .map_or_else(|| proposal.category.clone(), |c| c.name.clone());
    Finalist {
        anchor: format!("finalis-{}", proposal.id),
        title: proposal.title.clone(),
        region: proposal.region_name.clone(),
        region_href: region_href(&proposal.region_code),
        agency: proposal.agency_name.clone(),
        group: group_name(proposal.group, lang).to_owned(),
        category,
        status: lang.t(proposal.status_label).to_owned(),
        status_code: proposal.status.clone(),
        summary: proposal
            .sections
            .get("ringkasan")
            .map(|text| paragraphs(text))
            .unwrap_or_default(),
    }
}

/// Builds the competition page; `typed` and `outcome` are those of a submitted form.
async fn competition_page(
    app: &App,
    auth: &Auth,
    view: CompetitionView,
    typed: &ObjectionForm,
    outcome: &Outcome,
    sent: bool,
) -> PageResult<CompetitionPage> {
    let lang = auth.reader.lang;
    let id = view.id;
    let (registration, schedule) = schedule(&view, lang);
    let setup = &view.setup;
    let finalists_public = view.closed(RoundKind::PanelShortlist);
    let public = if finalists_public {
        proposals::list(app, &Caller::anonymous(), id, None)
            .await
            .or_page(auth)?
    } else {
        Vec::new()
    };
    let objection_open = view.current_round == Some(RoundKind::PublicObjection);
    let objections = if finalists_public {
        // Read as the public whoever visits: the page never shows personal data.
        objections::list(app, &Caller::anonymous(), id)
            .await
            .or_page(auth)?
    } else {
        Vec::new()
    };
    let interview_public = view.closed(RoundKind::PublicObjection);
    let slots = if interview_public {
        rounds::interview_slots(app, id).await.or_page(auth)?
    } else {
        Vec::new()
    };
    let title_of: BTreeMap<Uuid, String> = public
        .iter()
        .map(|proposal| (proposal.id, proposal.title.clone()))
        .collect();

    let errors = match outcome {
        Outcome::Invalid(errors) => errors.clone(),
        _ => FieldErrors::new(),
    };
    let error_of = |name: &str| {
        errors
            .get(name)
            .map(|message| sentence(lang.t(message)))
            .unwrap_or_default()
    };
    let options: Vec<Choice> = public
        .iter()
        .filter(|proposal| proposal.status == proposal_status::SHORTLISTED)
        .map(|proposal| {
            let id = proposal.id.to_string();
            Choice::new(
                &id,
                &format!("{} — {}", proposal.title, proposal.region_name),
                typed.proposal_id.trim(),
            )
        })
        .collect();
    let mut finalist_field = Field::new(
        "proposal_id",
        lang.t("Finalis yang disanggah"),
        typed.proposal_id.trim(),
    )
    .required()
    .options(options);
    finalist_field.error = error_of("proposal_id");
    let mut name_field = Field::new("name", lang.t("Nama Anda"), typed.name.clone()).required();
    name_field.error = error_of("name");
    let mut contact_field = Field::new(
        "contact",
        lang.t("Surel atau nomor telepon"),
        typed.contact.clone(),
    )
    .required()
    .hint(lang.t(
        "Hanya untuk sekretariat, agar dapat menghubungi Anda; tidak ditampilkan di halaman ini.",
    ));
    contact_field.error = error_of("contact");
    let mut text_field = Field::new("text", lang.t("Isi sanggahan"), typed.text.clone())
        .required()
        .hint(lang.t("Uraikan apa yang tidak sesuai dengan proposal finalis, paling sedikit 5 kata. Teks sanggahan ditampilkan untuk umum tanpa nama dan kontak Anda."));
    text_field.error = error_of("text");
    let mut form_errors: Vec<(String, String)> =
        [&finalist_field, &name_field, &contact_field, &text_field]
            .iter()
            .filter(|field| !field.error.is_empty())
            .map(|field| {
                (
                    field.name.to_owned(),
                    format!("{}: {}", field.label, field.error),
                )
            })
            .collect();
    for (name, message) in errors.iter() {
        if !["proposal_id", "name", "contact", "text"].contains(&name) {
            form_errors.push((String::new(), sentence(lang.t(message))));
        }
    }
    let form_message = match outcome {
        Outcome::Closed => lang.t("Masa sanggah kompetisi ini tidak sedang dibuka, jadi sanggahan Anda belum terkirim. Isian Anda ada di bawah ini agar tidak hilang.").to_owned(),
        Outcome::Refused => lang.t("Permintaan dari situs lain ditolak. Buka halaman kompetisi ini langsung, lalu kirim sanggahan dari sana.").to_owned(),
        _ => String::new(),
    };
    let typed_copy = match outcome {
        Outcome::Closed if !objection_open => {
            [typed.name.trim(), typed.contact.trim(), typed.text.trim()]
                .into_iter()
                .filter(|text| !text.is_empty())
                .map(str::to_owned)
                .collect()
        }
        _ => Vec::new(),
    };

    let has_interview = view.rounds.iter().any(|r| r.kind == RoundKind::Interview);
    let name = full_name(&view.name, view.year);
    let organiser = organiser(&view.scope, &view.scope_name, lang);
    let description = match lang {
        Lang::Id => format!(
            "{name}, diselenggarakan {organiser}: jadwal tahapan, kelompok, kategori, kriteria penilaian{}.",
            if finalists_public {
                ", finalis dan uji publik"
            } else {
                ""
            }
        ),
        Lang::En => format!(
            "{name}, organised by {organiser}: the schedule, groups, categories and judging criteria{}.",
            if finalists_public {
                ", the finalists and the public objection period"
            } else {
                ""
            }
        ),
    };
    let mut layout = Layout::new(auth, SECTION, name.clone())
        .translated()
        .describe(description);
    if !matches!(outcome, Outcome::Shown) {
        layout.title = format!("{} · {name}", lang.t("Sanggahan belum terkirim"));
    }
    Ok(CompetitionPage {
        layout,
        status: status_text(&view, lang),
        published: view.is_published(),
        results_href: format!("/kompetisi/{id}/hasil"),
        sent,
        registration,
        schedule,
        groups: setup.groups.iter().map(|g| group_text(g, lang)).collect(),
        categories: setup.categories.iter().map(|c| c.name.clone()).collect(),
        sections: setup
            .sections
            .iter()
            .map(|section| SectionRow {
                title: section.title.clone(),
                max_words: lang.number(i64::from(section.max_words)),
                groups: section
                    .groups
                    .iter()
                    .map(|g| group_name(*g, lang))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
        criteria: setup
            .criteria
            .iter()
            .map(|criterion| CriterionRow {
                name: criterion.name.clone(),
                weight: percent(criterion.weight, lang),
            })
            .collect(),
        has_interview,
        desk_weight: percent(setup.weights.desk, lang),
        interview_weight: percent(setup.weights.interview, lang),
        finalists_public,
        finalists: public.iter().map(|p| finalist(&view, p, lang)).collect(),
        objection_open,
        form_action: format!("/kompetisi/{id}/sanggahan#sanggahan"),
        finalist_field,
        name_field,
        contact_field,
        text_field,
        form_errors,
        form_message,
        typed_copy,
        objections: objections
            .iter()
            .map(|objection| ObjectionRow {
                finalist: title_of
                    .get(&objection.proposal_id)
                    .cloned()
                    .unwrap_or_default(),
                filed_on: lang.date(view.local_date(objection.created_at)),
                text: paragraphs(&objection.text),
                status: lang.t(objection.status_label).to_owned(),
                status_code: objection.status.clone(),
                resolution: objection.resolution.clone().unwrap_or_default(),
            })
            .collect(),
        interview_public: interview_public && has_interview,
        slots: slots
            .iter()
            .map(|slot| SlotRow {
                date: lang.date(view.local_date(slot.starts_at)),
                time: format!(
                    "{} – {}",
                    local_time(view.zone(), slot.starts_at, lang),
                    local_time(view.zone(), slot.ends_at, lang)
                ),
                finalist: title_of.get(&slot.proposal_id).cloned().unwrap_or_default(),
                place: slot.place.clone(),
            })
            .collect(),
        name,
        organiser,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    pub sanggahan: String,
}

/// `GET /kompetisi/{id}`: the competition; `?sanggahan=terkirim` thanks whoever just filed
/// an objection.
pub async fn show(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> PageResult {
    let id = competition_id(&auth, &id)?;
    let view = competition(state.app(), &auth, id).await?;
    let page = competition_page(
        state.app(),
        &auth,
        view,
        &ObjectionForm::default(),
        &Outcome::Shown,
        query.sanggahan == "terkirim",
    )
    .await?;
    Ok(render(StatusCode::OK, &page))
}

/// `GET /kompetisi/{id}/sanggahan` (a reload of the answer to the form): the form's place
/// on the competition page.
pub async fn objection_address(PageAuth(auth): PageAuth, Path(id): Path<String>) -> PageResult {
    let id = competition_id(&auth, &id)?;
    Ok(see_other(&format!("/kompetisi/{id}#sanggahan")))
}

/// `POST /kompetisi/{id}/sanggahan`: files an objection, then back to the competition page
/// with thanks. Fields to correct re-render the page (422) with what was typed; a closed
/// window says so (409) and shows what was typed back.
pub async fn file_objection(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Path(id): Path<String>,
    Form(form): Form<ObjectionForm>,
) -> PageResult {
    let id = competition_id(&auth, &id)?;
    // The page answering the form is the competition's: the language switch goes back there.
    let mut auth = auth;
    auth.reader.path = format!("/kompetisi/{id}");
    let app = state.app();
    let view = competition(app, &auth, id).await?;
    let again = |view: CompetitionView, status: StatusCode, outcome: Outcome| {
        let auth = &auth;
        let form = &form;
        async move {
            let page = competition_page(app, auth, view, form, &outcome, false).await?;
            Ok::<Response, super::super::PageError>(render(status, &page))
        }
    };
    // A form on another site must not file objections through a visitor's browser.
    if headers.contains_key(header::ORIGIN) && !auth::same_origin(&headers) {
        return again(view, StatusCode::FORBIDDEN, Outcome::Refused).await;
    }
    if matches!(auth.via, Via::Session { .. }) {
        check_csrf(&auth, &form.csrf)?;
    }
    let input = ObjectionInput {
        proposal_id: Uuid::parse_str(form.proposal_id.trim()).ok(),
        name: form.name.clone(),
        contact: form.contact.clone(),
        text: form.text.clone(),
    };
    let client = auth::client_key(&extensions);
    match objections::file(app, &auth.caller, &client, id, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/kompetisi/{id}?sanggahan=terkirim#sanggahan"
        ))),
        Err(ServiceError::Validation(errors)) => {
            again(
                view,
                StatusCode::UNPROCESSABLE_ENTITY,
                Outcome::Invalid(errors),
            )
            .await
        }
        // A finalist set aside meanwhile, or an id that is none of this competition's.
        Err(ServiceError::NotFound("finalis" | "proposal")) => {
            let errors = FieldErrors::single("proposal_id", "pilih salah satu finalis dari daftar");
            again(
                view,
                StatusCode::UNPROCESSABLE_ENTITY,
                Outcome::Invalid(errors),
            )
            .await
        }
        Err(ServiceError::Conflict(_)) => {
            // Read again: the window may have closed since the page was loaded.
            let view = competition(app, &auth, id).await?;
            again(view, StatusCode::CONFLICT, Outcome::Closed).await
        }
        Err(error @ ServiceError::RateLimited { .. }) => {
            let errors = FieldErrors::single("text", crate::error::describe(&error).2);
            again(
                view,
                StatusCode::TOO_MANY_REQUESTS,
                Outcome::Invalid(errors),
            )
            .await
        }
        Err(ServiceError::NotFound(_)) => Err(no_competition(&auth).into()),
        Err(error) => Err(error_page(&auth, &error).into()),
    }
}

// ---------------------------------------------------------------------------------------------
// `/kompetisi/{id}/hasil`: the published results.

pub struct ResultLine {
    pub rank: usize,
    pub title: String,
    pub region: String,
    pub agency: String,
    pub group: String,
    pub category: String,
    pub desk: String,
    pub interview: String,
    pub score: String,
    pub winner: bool,
    pub tie_break: String,
    pub certificate: String,
    pub certificate_href: String,
}

pub struct ResultTableView {
    pub id: String,
    pub caption: String,
    pub rows: Vec<ResultLine>,
}

#[derive(Template)]
#[template(path = "kompetisi_hasil.html")]
pub struct ResultsPage {
    pub layout: Layout,
    pub name: String,
    pub competition_href: String,
    pub organiser: String,
    pub has_interview: bool,
    pub desk_weight: String,
    pub interview_weight: String,
    pub winners: Vec<ResultLine>,
    pub ranking: Vec<ResultLine>,
    pub tables: Vec<ResultTableView>,
}

fn result_line(row: &ResultRow, lang: Lang) -> ResultLine {
    let group = Group::from_code(&row.group)
        .map_or_else(|| row.group.clone(), |g| group_name(g, lang).to_owned());
    ResultLine {
        rank: row.rank,
        title: row.title.clone(),
        region: row.region_name.clone(),
        agency: row.agency_name.clone(),
        group,
        category: row.category.clone(),
        desk: score(row.desk, lang),
        interview: row
            .interview
            .map(|value| score(value, lang))
            .unwrap_or_else(|| "–".to_owned()),
        score: score(row.score, lang),
        winner: row.winner,
        tie_break: row
            .tie_break
            .map(|reason| lang.t(reason).to_owned())
            .unwrap_or_default(),
        certificate: row.certificate.clone().unwrap_or_default(),
        certificate_href: row
            .certificate
            .as_deref()
            .map(|code| format!("/piagam/{code}"))
            .unwrap_or_default(),
    }
}

/// `GET /kompetisi/{id}/hasil`: winners, the whole ranking with why each is below the one
/// above, and a table per group and category. A 404 until the results are published.
pub async fn results_page(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Path(id): Path<String>,
) -> PageResult {
    let lang = auth.reader.lang;
    let id = competition_id(&auth, &id)?;
    let app = state.app();
    let view = competition(app, &auth, id).await?;
    // The public's results, whoever reads: the secretariat's early view is elsewhere.
    let results = match results::results(app, &Caller::anonymous(), id).await {
        Ok(results) if results.published => results,
        Ok(_) | Err(ServiceError::NotFound(_)) => {
            let back = format!("/kompetisi/{id}");
            return Err(message_page(
                &auth,
                StatusCode::NOT_FOUND,
                "Hasil belum diumumkan",
                "Hasil kompetisi ini belum diumumkan. Jadwal pengumumannya ada di halaman kompetisi.",
                (&back, "Ke halaman kompetisi"),
            )
            .into());
        }
        Err(error) => return Err(error_page(&auth, &error).into()),
    };
    let category_name = |code: &str| {
        view.setup
            .category(code)
            .map_or_else(|| code.to_owned(), |c| c.name.clone())
    };
    let line = |row: &ResultRow| {
        let mut line = result_line(row, lang);
        line.category = category_name(&row.category);
        line
    };
    let name = full_name(&results.name, results.year);
    let title = format!("{} {name}", lang.t("Hasil"));
    let description = match lang {
        Lang::Id => format!(
            "Pemenang dan peringkat akhir {name}: nilai penilaian proposal, wawancara dan nilai akhir, dengan piagam yang dapat diverifikasi."
        ),
        Lang::En => format!(
            "Winners and final ranking of {name}: desk, interview and final scores, with certificates anyone can verify."
        ),
    };
    let page = ResultsPage {
        layout: Layout::new(&auth, SECTION, title)
            .translated()
            .describe(description),
        competition_href: format!("/kompetisi/{id}"),
        organiser: organiser(&view.scope, &view.scope_name, lang),
        has_interview: view.rounds.iter().any(|r| r.kind == RoundKind::Interview),
        desk_weight: percent(results.weights.desk, lang),
        interview_weight: percent(results.weights.interview, lang),
        winners: results.winners.iter().map(line).collect(),
        ranking: results.ranking.iter().map(line).collect(),
        tables: results
            .tables
            .iter()
            .enumerate()
            .map(|(i, table)| ResultTableView {
                id: format!("tabel-{}", i + 1),
                caption: format!(
                    "{} {} · {}",
                    lang.t("Kelompok"),
                    Group::from_code(&table.group)
                        .map_or(table.group_label, |g| group_name(g, lang)),
                    table.category_name
                ),
                rows: table.rows.iter().map(line).collect(),
            })
            .collect(),
        name,
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------------------------------------------------------------------------------------------
// `/piagam`: certificates.

#[derive(Template)]
#[template(path = "piagam_cek.html")]
pub struct CheckPage {
    pub layout: Layout,
    /// The code as typed (normalised), kept in the box.
    pub code: String,
    /// The code is not registered.
    pub unknown: bool,
    /// Nothing usable was typed.
    pub empty: bool,
}

fn check_page(auth: &Auth, status: StatusCode, code: &str, unknown: bool, empty: bool) -> Response {
    let lang = auth.reader.lang;
    let (title, description) = if unknown {
        (
            lang.t("Kode piagam tidak terdaftar"),
            lang.t("Kode piagam yang diperiksa tidak terdaftar pada Lumbung Inovasi. Periksa kembali kode pada piagam lalu coba lagi."),
        )
    } else {
        (
            lang.t("Verifikasi piagam"),
            lang.t("Periksa keaslian piagam penghargaan kompetisi inovasi dengan kode verifikasi yang tercetak pada piagam."),
        )
    };
    render(
        status,
        &CheckPage {
            layout: Layout::new(auth, SECTION, title)
                .translated()
                .describe(description),
            code: code.to_owned(),
            unknown,
            empty,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    pub kode: Option<String>,
}

/// `GET /piagam?kode=`: the form; a typed code goes on to its page, written the canonical
/// way (`k7q2 mx9d 4hta` → `/piagam/K7Q2-MX9D-4HTA`).
pub async fn certificate_form(
    PageAuth(auth): PageAuth,
    Query(query): Query<CodeQuery>,
) -> Response {
    let Some(typed) = query.kode.as_deref() else {
        return check_page(&auth, StatusCode::OK, "", false, false);
    };
    let code = results::normalise_code(typed);
    if code.is_empty() {
        // Sent without anything that can be a code: the form again, saying what it needs.
        check_page(&auth, StatusCode::UNPROCESSABLE_ENTITY, "", false, true)
    } else {
        see_other(&format!("/piagam/{}", encode(&code)))
    }
}

#[derive(Template)]
#[template(path = "piagam.html")]
pub struct CertificatePage {
    pub layout: Layout,
    pub code: String,
    pub valid: bool,
    pub award: String,
    pub title: String,
    pub innovation_href: String,
    pub region: String,
    pub region_href: String,
    pub agency: String,
    pub competition: String,
    pub competition_href: String,
    pub year: i32,
    pub issuer: String,
    pub issued_on: String,
    pub issued_iso: String,
    pub pdf_href: String,
}

fn certificate_view(auth: &Auth, certificate: CertificateView, issuer: String) -> CertificatePage {
    let lang = auth.reader.lang;
    let verdict = if certificate.valid {
        lang.t("asli dan terdaftar")
    } else {
        lang.t("dicabut")
    };
    let description = match lang {
        Lang::Id => format!(
            "Piagam {}: {} — {}, {}, {} {}. Status: {verdict}.",
            certificate.code,
            certificate.award,
            certificate.title,
            certificate.region_name,
            certificate.competition,
            certificate.year
        ),
        Lang::En => format!(
            "Certificate {}: {} — {}, {}, {} {}. Status: {verdict}.",
            certificate.code,
            certificate.award,
            certificate.title,
            certificate.region_name,
            certificate.competition,
            certificate.year
        ),
    };
    CertificatePage {
        layout: Layout::new(
            auth,
            SECTION,
            format!("{} {}", lang.t("Piagam"), certificate.code),
        )
        .translated()
        .describe(description),
        pdf_href: format!("/api/v1/certificates/{}/pdf", certificate.code),
        valid: certificate.valid,
        award: certificate.award,
        innovation_href: format!("/inovasi/{}", certificate.innovation_id),
        title: certificate.title,
        region_href: region_href(&certificate.region_code),
        region: certificate.region_name,
        agency: certificate.agency_name,
        competition_href: format!("/kompetisi/{}", certificate.competition_id),
        competition: certificate.competition,
        year: certificate.year,
        issuer,
        issued_on: lang.date(certificate.issued_on),
        issued_iso: certificate.issued_on.format("%Y-%m-%d").to_string(),
        code: certificate.code,
    }
}

/// `GET /piagam/{code}`: whether a certificate is genuine, and what it certifies. A code
/// typed another way goes to its canonical address; an unknown one answers 404 with the
/// form again.
pub async fn certificate(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Path(code): Path<String>,
) -> Response {
    let canonical = results::normalise_code(&code);
    if canonical.is_empty() {
        return check_page(&auth, StatusCode::NOT_FOUND, "", true, false);
    }
    if canonical != code {
        return see_other(&format!("/piagam/{}", encode(&canonical)));
    }
    match results::verify(state.app(), &canonical).await {
        Ok(certificate) => {
            // The organiser as the competition pages name it; the name on record otherwise.
            let issuer = match competitions::get(state.app(), certificate.competition_id).await {
                Ok(view) => organiser(&view.scope, &view.scope_name, auth.reader.lang),
                Err(_) => certificate.issuer.clone(),
            };
            render(
                StatusCode::OK,
                &certificate_view(&auth, certificate, issuer),
            )
        }
        Err(ServiceError::NotFound(_)) => {
            check_page(&auth, StatusCode::NOT_FOUND, &canonical, true, false)
        }
        Err(error) => error_page(&auth, &error),
    }
}

#[cfg(test)]
mod tests {
    use lumbung_service::domain::competition::TieBreak;

    use super::*;

    #[test]
    fn every_fixed_label_shown_has_english() {
        let mut labels: Vec<&str> = Vec::new();
        labels.extend(RoundKind::ALL.iter().map(|kind| kind.label()));
        for status in [
            proposal_status::SUBMITTED,
            proposal_status::REJECTED,
            proposal_status::PASSED,
            proposal_status::SHORTLISTED,
            proposal_status::FINALIST,
            proposal_status::WINNER,
            proposals::DISQUALIFIED,
        ] {
            labels.push(proposals::status_label(status));
        }
        labels.extend(
            [
                TieBreak::Score,
                TieBreak::Interview,
                TieBreak::Desk,
                TieBreak::Submission,
                TieBreak::Id,
            ]
            .map(TieBreak::label),
        );
        labels.extend([
            // Objection statuses and the objection form's messages, as the service words them.
            "Sedang ditindaklanjuti",
            "Diterima",
            "Ditolak",
            "isi nama Anda (paling banyak 120 karakter)",
            "isi surel atau nomor telepon yang dapat dihubungi",
            "uraikan sanggahan Anda (paling sedikit 5 kata, paling banyak 5000 karakter)",
            "pilih finalis yang disanggah",
            "pilih salah satu finalis dari daftar",
            // Texts handlers pass.
            "Nasional",
            "Hasil diumumkan",
            "Berjalan",
            "Belum dibuka",
            "Ditutup",
            "Dibuka",
            "Pendaftaran proposal",
            "Selesai",
            "Sedang berjalan",
            "Belum dimulai",
            "khusus pemenang edisi sebelumnya",
            "menyebut inovasi yang direplikasi",
            "hanya dengan undangan",
            "Finalis yang disanggah",
            "Nama Anda",
            "Surel atau nomor telepon",
            "Isi sanggahan",
            "Hanya untuk sekretariat, agar dapat menghubungi Anda; tidak ditampilkan di halaman ini.",
            "Uraikan apa yang tidak sesuai dengan proposal finalis, paling sedikit 5 kata. Teks sanggahan ditampilkan untuk umum tanpa nama dan kontak Anda.",
            "Masa sanggah kompetisi ini tidak sedang dibuka, jadi sanggahan Anda belum terkirim. Isian Anda ada di bawah ini agar tidak hilang.",
            "Permintaan dari situs lain ditolak. Buka halaman kompetisi ini langsung, lalu kirim sanggahan dari sana.",
            "Sanggahan belum terkirim",
            "Kompetisi inovasi",
            "Kompetisi inovasi pelayanan publik yang diselenggarakan secara nasional dan oleh provinsi: jadwal, finalis, uji publik, hasil dan verifikasi piagam.",
            "Kompetisi tidak ditemukan",
            "Kompetisi yang Anda cari tidak ada. Mungkin alamatnya salah ketik.",
            "Lihat semua kompetisi",
            "Hasil belum diumumkan",
            "Hasil kompetisi ini belum diumumkan. Jadwal pengumumannya ada di halaman kompetisi.",
            "Ke halaman kompetisi",
            "Hasil",
            "Kelompok",
            "Kode piagam tidak terdaftar",
            "Kode piagam yang diperiksa tidak terdaftar pada Lumbung Inovasi. Periksa kembali kode pada piagam lalu coba lagi.",
            "Verifikasi piagam",
            "Periksa keaslian piagam penghargaan kompetisi inovasi dengan kode verifikasi yang tercetak pada piagam.",
            "asli dan terdaftar",
            "dicabut",
            "Piagam",
        ]);
        for label in labels {
            assert_ne!(Lang::En.t(label), label, "no English for {label:?}");
        }
    }

    #[test]
    fn every_group_has_its_english_name() {
        for group in Group::ALL {
            assert_ne!(group_name(*group, Lang::En), group.label());
            assert_eq!(group_name(*group, Lang::Id), group.label());
        }
    }

    #[test]
    fn figures_and_times_read_in_each_language() {
        assert_eq!(percent(70, Lang::Id), "70 %");
        assert_eq!(percent("12.50", Lang::Id), "12,5 %");
        assert_eq!(percent("12.50", Lang::En), "12.5%");
        assert_eq!(score(81.25_f64, Lang::Id), "81,25");
        assert_eq!(score(79.5_f64, Lang::En), "79.50");
        let at = DateTime::parse_from_rfc3339("2025-03-01T02:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(local_time(TimeZone::Wib, at, Lang::Id), "09.30 WIB");
        assert_eq!(local_time(TimeZone::Wita, at, Lang::En), "10:30 WITA");
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        let later = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
        assert_eq!(span(day, later, Lang::Id), "1 Maret 2025 – 10 Maret 2025");
        assert_eq!(span(day, day, Lang::En), "1 March 2025");
        assert_eq!(full_name("KIPP Kaltim 2025", 2025), "KIPP Kaltim 2025");
        assert_eq!(full_name("KIPP Kaltim", 2025), "KIPP Kaltim 2025");
    }

    #[test]
    fn organisers_read_in_each_language() {
        let nation = RegionCode::nation();
        assert_eq!(organiser(&nation, "Indonesia", Lang::Id), "Nasional");
        let kaltim = RegionCode::parse("64").unwrap();
        assert_eq!(
            organiser(&kaltim, "Kalimantan Timur", Lang::Id),
            "Provinsi Kalimantan Timur"
        );
        assert_eq!(
            organiser(&kaltim, "Provinsi Kalimantan Timur", Lang::En),
            "Kalimantan Timur Province"
        );
    }
}
