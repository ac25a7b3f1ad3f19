//! The public forum pages: `/fkp`, every forum with filters, and `/fkp/{id}`, a forum's
//! public summary. Both follow the reader's language; what governments wrote (topics,
//! minutes, agreements) stays as written.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lumbung_service::consultations::{self, ConsultationQuery, ConsultationView};
use lumbung_service::domain::consultation::{
    AgreementStatus, ConsultationStatus, ParticipantGroup,
};
use lumbung_service::store::Paging;

use super::super::forms::{FormFields, page_number, paragraphs, query_string};
use super::super::{
    Choice, Layout, OrPage, PageAuth, PageResult, Pager, pager, region_choices, render,
};
use super::{agreement_class, parse_id, public_href, status_class};
use crate::i18n::Lang;
use crate::state::AppState;

const SECTION: &str = "fkp";
const PER_PAGE: u32 = 20;

/// A forum status in the reader's language.
pub(super) fn status_text(lang: Lang, status: ConsultationStatus) -> &'static str {
    match status {
        ConsultationStatus::Planned => lang.pick(status.label(), "Planned"),
        ConsultationStatus::Held => lang.pick(status.label(), "Held"),
        ConsultationStatus::Cancelled => lang.pick(status.label(), "Cancelled"),
    }
}

/// An agreement's status in the reader's language.
pub(super) fn agreement_text(lang: Lang, status: AgreementStatus) -> &'static str {
    match status {
        AgreementStatus::Open => lang.pick(status.label(), "Not yet followed up"),
        AgreementStatus::InProgress => lang.pick(status.label(), "In progress"),
        AgreementStatus::Done => lang.pick(status.label(), "Done"),
        AgreementStatus::Dropped => lang.pick(status.label(), "Not carried on"),
    }
}

/// A participant group in the reader's language.
pub(super) fn group_text(lang: Lang, group: ParticipantGroup) -> &'static str {
    match group {
        ParticipantGroup::ServiceUsers => lang.pick(group.label(), "Service users"),
        ParticipantGroup::Community => lang.pick(group.label(), "Community figures and groups"),
        ParticipantGroup::Academia => lang.pick(group.label(), "Academics"),
        ParticipantGroup::CivilSociety => {
            lang.pick(group.label(), "Public-service watchdogs / NGOs")
        }
        ParticipantGroup::Media => lang.pick(group.label(), "Media"),
        ParticipantGroup::Business => lang.pick(group.label(), "Business"),
        ParticipantGroup::Organiser => lang.pick(group.label(), "Service provider"),
    }
}

// ---------------------------------------------------------------------------------------------
// The list

/// A forum in the list, ready to print.
pub struct ListRow {
    pub href: String,
    pub topic: String,
    pub service: String,
    pub day: String,
    pub organiser: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub follow_up: String,
}

#[derive(Template)]
#[template(path = "fkp_daftar.html")]
pub struct ListPage {
    pub layout: Layout,
    pub rows: Vec<ListRow>,
    pub regions: Vec<Choice>,
    pub years: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub filtered: bool,
    pub error: String,
    pub pager: Pager,
}

/// `GET /fkp?region=&year=&status=&page=`: forums, the latest planned first.
pub async fn list(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Query(query): Query<Vec<(String, String)>>,
) -> PageResult {
    let lang = auth.reader.lang;
    let app = state.app();
    let fields = FormFields(query);
    let region = fields.get("region").trim().to_owned();
    let year_text = fields.get("year").trim().to_owned();
    let status = fields.get("status").trim().to_owned();
    let page = page_number(Some(fields.get("page")));
    let mut error = String::new();
    let year = if year_text.is_empty() {
        None
    } else {
        match year_text.parse::<i32>() {
            Ok(year) => Some(year),
            Err(_) => {
                error = lang.t("Tahun ditulis dengan angka, mis. 2026.").to_owned();
                None
            }
        }
    };
    let query = ConsultationQuery {
        region: Some(region.clone()).filter(|r| !r.is_empty()),
        year,
        status: Some(status.clone()).filter(|s| !s.is_empty()),
    };
    let found =
        match consultations::list(app, &query, Paging::new(Some(page), Some(PER_PAGE))).await {
            Ok(found) => found,
            Err(lumbung_service::ServiceError::BadInput(_)) => {
                error = lang
                    .t("Saringan tidak dikenali; seluruh forum ditampilkan.")
                    .to_owned();
                consultations::list(
                    app,
                    &ConsultationQuery::default(),
                    Paging::new(Some(1), Some(PER_PAGE)),
                )
                .await
                .or_page(&auth)?
            }
            Err(other) => return Err(super::super::page_error(&auth, &other)),
        };
    let rows = found
        .items
        .iter()
        .map(|forum| {
            let status =
                ConsultationStatus::from_code(&forum.status).unwrap_or(ConsultationStatus::Planned);
            let day = forum.held_on.unwrap_or(forum.planned_on);
            let organiser = match &forum.agency_name {
                Some(agency) => format!("{agency}, {}", forum.region_name),
                None => forum.region_name.clone(),
            };
            let follow_up = if status == ConsultationStatus::Held {
                format!(
                    "{} {} {} {}",
                    lang.number(forum.agreements_done),
                    lang.pick("dari", "of"),
                    lang.number(forum.agreements_total),
                    lang.pick("kesepakatan selesai", "agreements done")
                )
            } else {
                String::new()
            };
            ListRow {
                href: public_href(forum.id),
                topic: forum.topic.clone(),
                service: forum.service.clone(),
                day: lang.date(day),
                organiser,
                status: status_text(lang, status),
                status_class: status_class(&forum.status),
                follow_up,
            }
        })
        .collect();
    let years = consultations::years(app)
        .await
        .or_page(&auth)?
        .into_iter()
        .map(|year| {
            let text = year.to_string();
            Choice::new(&text, &text, &year_text)
        })
        .collect();
    let statuses = ConsultationStatus::ALL
        .iter()
        .map(|s| Choice::new(s.code(), status_text(lang, *s), &status))
        .collect();
    let filters = query_string(&[
        ("region", &region),
        ("year", &year_text),
        ("status", &status),
    ]);
    let page = ListPage {
        layout: Layout::new(&auth, SECTION, lang.t("Forum Konsultasi Publik"))
            .describe(lang.t(
                "Forum Konsultasi Publik pemerintah daerah: rencana, berita acara, kesepakatan, dan tindak lanjutnya.",
            ))
            .translated(),
        pager: pager("/fkp", &filters, &found),
        rows,
        regions: region_choices(app, &region).await.or_page(&auth)?,
        years,
        statuses,
        filtered: !filters.is_empty(),
        error,
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------------------------------------------------------------------------------------------
// The summary

/// Invited against attended for one group, ready to print.
pub struct ParticipationRow {
    pub label: &'static str,
    pub invited: String,
    pub attended: String,
}

/// An agreement with its follow-up, ready to print.
pub struct AgreementRow {
    pub position: i64,
    pub text: String,
    pub owner: String,
    pub due_on: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub overdue: bool,
    pub note: String,
    pub innovation_name: String,
    pub innovation_href: String,
}

#[derive(Template)]
#[template(path = "fkp.html")]
pub struct SummaryPage {
    pub layout: Layout,
    pub topic: String,
    pub service: String,
    pub organiser: String,
    pub region_href: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub planned_on: String,
    pub held_on: String,
    pub place: String,
    pub held: bool,
    pub cancelled: bool,
    pub cancel_reason: String,
    pub participation: Vec<ParticipationRow>,
    pub invited_total: String,
    pub attended_total: String,
    pub minutes: Vec<String>,
    pub agreements: Vec<AgreementRow>,
    /// The follow-up in one sentence: done, dropped, open and overdue out of all.
    pub progress: String,
    pub percent: u32,
    pub manage_href: String,
}

/// The summary page's rows of a forum.
pub(super) fn participation_rows(lang: Lang, view: &ConsultationView) -> Vec<ParticipationRow> {
    view.participation
        .iter()
        .map(|p| ParticipationRow {
            label: group_text(lang, p.group),
            invited: lang.number(i64::from(p.invited)),
            attended: if view.status == ConsultationStatus::Held {
                lang.number(i64::from(p.attended))
            } else {
                "–".to_owned()
            },
        })
        .collect()
}

/// `GET /fkp/{id}`: a forum's public summary.
pub async fn show(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Path(id): Path<String>,
) -> PageResult {
    let lang = auth.reader.lang;
    let id = parse_id(&auth, &id, "forum konsultasi publik")?;
    let view = consultations::get(state.app(), &auth.caller, id)
        .await
        .or_page(&auth)?;
    let organiser = match &view.agency_name {
        Some(agency) => format!("{agency}, {}", view.region_name),
        None => view.region_name.clone(),
    };
    let agreements = view
        .agreements
        .iter()
        .map(|a| AgreementRow {
            position: a.position,
            text: a.text.clone(),
            owner: a.owner.clone(),
            due_on: lang.date(a.due_on),
            status: agreement_text(lang, a.status),
            status_class: agreement_class(a.status.code()),
            overdue: a.overdue,
            note: a.note.clone().unwrap_or_default(),
            innovation_name: a.innovation_name.clone().unwrap_or_default(),
            innovation_href: a
                .innovation_id
                .map(|id| format!("/inovasi/{id}"))
                .unwrap_or_default(),
        })
        .collect();
    let counted = view.follow_up;
    let open = counted.total - counted.done - counted.dropped;
    let number = |n: usize| lang.number(i64::try_from(n).unwrap_or(i64::MAX));
    let page = SummaryPage {
        layout: Layout::new(&auth, SECTION, view.topic.clone())
            .describe(format!(
                "{}: {} — {}",
                lang.t("Forum Konsultasi Publik"),
                view.topic,
                view.region_name
            ))
            .translated(),
        topic: view.topic.clone(),
        service: view.service.clone(),
        organiser,
        region_href: format!("/daerah/{}", view.region_code),
        status: status_text(lang, view.status),
        status_class: status_class(view.status.code()),
        planned_on: lang.date(view.planned_on),
        held_on: view.held_on.map(|d| lang.date(d)).unwrap_or_default(),
        place: view.place.clone(),
        held: view.status == ConsultationStatus::Held,
        cancelled: view.status == ConsultationStatus::Cancelled,
        cancel_reason: view.cancel_reason.clone().unwrap_or_default(),
        participation: participation_rows(lang, &view),
        invited_total: lang.number(i64::from(view.invited_total)),
        attended_total: lang.number(i64::from(view.attended_total)),
        minutes: view.minutes.as_deref().map(paragraphs).unwrap_or_default(),
        agreements,
        progress: match lang {
            Lang::Id => format!(
                "Kemajuan tindak lanjut: {} % — {} selesai, {} tidak dilanjutkan, {} masih berjalan ({} melewati batas waktu) dari {} kesepakatan.",
                view.follow_up_percent,
                number(counted.done),
                number(counted.dropped),
                number(open),
                number(counted.overdue),
                number(counted.total)
            ),
            Lang::En => format!(
                "Follow-up progress: {} % — {} done, {} not carried on, {} still open ({} overdue) of {} agreements.",
                view.follow_up_percent,
                number(counted.done),
                number(counted.dropped),
                number(open),
                number(counted.overdue),
                number(counted.total)
            ),
        },
        percent: view.follow_up_percent,
        manage_href: if view.may_manage {
            super::manage_href(view.id)
        } else {
            String::new()
        },
    };
    Ok(render(StatusCode::OK, &page))
}
