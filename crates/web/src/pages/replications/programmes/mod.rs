//! `/kelola/replikasi`: the programmes and the caller's cases; a programme's form (in
//! `form`), its dashboard with the adopters × innovations matrix and the adopters' choices,
//! and its monitoring.

mod form;

pub use form::{create, edit_form, new_form, update};

use std::collections::BTreeSet;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::parse::parse_date;
use lumbung_service::domain::region::RegionCode;
use lumbung_service::replications::programmes::{self as service, ChoiceInput, ProgrammeView};
use lumbung_service::replications::{self, CaseQuery, CaseSummary};
use lumbung_service::{App, Caller, ServiceError};
use serde::Deserialize;
use uuid::Uuid;

use super::super::forms::{FormFields, date, optional, optional_date, sentence};
use super::super::{
    Field, Layout, OrPage, PageResult, SignedIn, check_csrf, error_page, page_error, render,
    see_other,
};
use super::{
    case_href, failure_message, followed, is_fatal, organises, parse_id, percent, programme_href,
    region_name, status_class,
};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;

// ---------------------------------------------------------------------------------------------
// The list.

pub struct ProgrammeRow {
    pub name: String,
    pub year: i32,
    pub scope: String,
    pub href: String,
}

pub struct CaseRow {
    pub href: String,
    pub title: String,
    pub innovation: String,
    pub owner: String,
    pub adopter: String,
    pub status_label: String,
    pub status_class: &'static str,
    pub opened_on: String,
}

fn case_row(case: &CaseSummary) -> CaseRow {
    CaseRow {
        href: case_href(case.id),
        title: case.title.clone(),
        innovation: case.innovation_name.clone(),
        owner: case.owner_region_name.clone(),
        adopter: case.adopter_region_name.clone(),
        status_label: case.status_label.to_owned(),
        status_class: status_class(&case.status),
        opened_on: date(case.opened_on),
    }
}

#[derive(Template)]
#[template(path = "kelola_replikasi.html")]
pub struct ListPage {
    pub layout: Layout,
    pub programmes: Vec<ProgrammeRow>,
    pub cases: Vec<CaseRow>,
    pub cases_note: String,
    pub can_create: bool,
}

/// `GET /kelola/replikasi`: every programme, and the cases involving the caller's regions.
pub async fn list(State(state): State<AppState>, SignedIn(auth): SignedIn) -> PageResult {
    let caller = &auth.caller;
    let app = state.app();
    let mut programmes = Vec::new();
    for programme in service::list(app, None).await.or_page(&auth)? {
        programmes.push(ProgrammeRow {
            scope: region_name(app, &programme.scope).await,
            href: programme_href(programme.id),
            name: programme.name,
            year: programme.year,
        });
    }
    let (cases, cases_note) = match followed(caller) {
        None => (
            replications::list(app, &CaseQuery::default())
                .await
                .or_page(&auth)?,
            "Semua kasus replikasi di Indonesia.".to_owned(),
        ),
        Some(regions) => {
            let mut seen = BTreeSet::new();
            let mut cases = Vec::new();
            let mut names = Vec::new();
            for region in &regions {
                names.push(region_name(app, region).await);
                let query = CaseQuery {
                    region: Some(region.to_string()),
                    ..Default::default()
                };
                for case in replications::list(app, &query).await.or_page(&auth)? {
                    if seen.insert(case.id) {
                        cases.push(case);
                    }
                }
            }
            cases.sort_by_key(|case| std::cmp::Reverse(case.opened_on));
            let note = if names.is_empty() {
                "Akun Anda belum memiliki wilayah kewenangan.".to_owned()
            } else {
                format!(
                    "Kasus yang melibatkan {} sebagai pemilik atau replikator.",
                    names.join(", ")
                )
            };
            (cases, note)
        }
    };
    let page = ListPage {
        layout: Layout::new(&auth, "replikasi", "Replikasi inovasi"),
        programmes,
        cases: cases.iter().map(case_row).collect(),
        cases_note,
        can_create: organises(caller),
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------------------------------------------------------------------------------------------
// The dashboard.

pub struct SignatoryRow {
    pub name: String,
    pub position: String,
    pub region: String,
}

pub struct MentorRow {
    pub name: String,
    pub institution: String,
    pub role: String,
}

pub struct InnovationHead {
    pub name: String,
    pub owner: String,
}

/// One cell of the matrix: the case, or a box to choose the innovation.
pub struct CellView {
    pub href: String,
    pub status_label: String,
    pub status_class: &'static str,
    pub progress: String,
    pub choosable: bool,
    pub innovation_id: String,
    pub innovation_name: String,
    pub checked: bool,
}

pub struct MatrixRowView {
    pub code: String,
    pub name: String,
    /// The id of the row's choice form, which its boxes name with `form=`.
    pub form_id: String,
    pub can_choose: bool,
    pub chosen: usize,
    pub cells: Vec<CellView>,
    pub message: String,
    /// The choice date as typed, kept when the choice comes back.
    pub on: String,
}

#[derive(Template)]
#[template(path = "kelola_replikasi_program.html")]
pub struct DashboardPage {
    pub layout: Layout,
    pub notice: String,
    pub message: String,
    pub base: String,
    pub name: String,
    pub year: i32,
    pub scope_name: String,
    pub commitment_date: String,
    pub signatories: Vec<SignatoryRow>,
    pub commitment_link: String,
    pub team: Vec<MentorRow>,
    pub progress: String,
    pub cases: usize,
    pub innovations: Vec<InnovationHead>,
    pub rows: Vec<MatrixRowView>,
    pub any_choosable: bool,
    pub can_edit: bool,
    pub can_monitor: bool,
}

/// A failed choice: the row, the boxes ticked, the message.
struct ChoiceFailure {
    adopter: String,
    ticked: Vec<String>,
    on: String,
    message: String,
}

async fn dashboard(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    view: &ProgrammeView,
    notice: String,
    failure: Option<(StatusCode, ChoiceFailure)>,
) -> PageResult {
    let mut rows = Vec::new();
    for row in &view.rows {
        let code = row.adopter.code.to_string();
        let can_choose = view.may_choose_for(caller, &row.adopter.code);
        let failed = failure
            .as_ref()
            .map(|(_, f)| f)
            .filter(|f| f.adopter == code);
        let cells = view
            .innovations
            .iter()
            .zip(&row.cells)
            .map(|(innovation, cell)| {
                let id = innovation.id.to_string();
                match cell {
                    Some(cell) => CellView {
                        href: case_href(cell.case_id),
                        status_label: cell.status_label.to_owned(),
                        status_class: status_class(&cell.status),
                        progress: percent(cell.progress),
                        choosable: false,
                        checked: false,
                        innovation_name: innovation.name.clone(),
                        innovation_id: id,
                    },
                    None => CellView {
                        href: String::new(),
                        status_label: String::new(),
                        status_class: "",
                        progress: String::new(),
                        choosable: can_choose,
                        checked: failed.is_some_and(|f| f.ticked.contains(&id)),
                        innovation_name: innovation.name.clone(),
                        innovation_id: id,
                    },
                }
            })
            .collect::<Vec<_>>();
        rows.push(MatrixRowView {
            form_id: format!("pilih-{}", code.replace('.', "-")),
            chosen: row.cells.iter().filter(|c| c.is_some()).count(),
            can_choose: can_choose && cells.iter().any(|c| c.choosable),
            message: failed.map(|f| f.message.clone()).unwrap_or_default(),
            on: failed.map(|f| f.on.clone()).unwrap_or_default(),
            name: row.adopter.name.clone(),
            code,
            cells,
        });
    }
    let mut signatories = Vec::new();
    for s in &view.signatories {
        let region = match s.region.as_deref().map(RegionCode::parse) {
            Some(Ok(code)) => format!("{} ({code})", region_name(app, &code).await),
            Some(Err(_)) => s.region.clone().unwrap_or_default(),
            None => String::new(),
        };
        signatories.push(SignatoryRow {
            name: s.name.clone(),
            position: s.position.clone(),
            region,
        });
    }
    let (status, message) = match &failure {
        Some((status, f)) => (*status, f.message.clone()),
        None => (StatusCode::OK, String::new()),
    };
    let page = DashboardPage {
        layout: Layout::new(auth, "replikasi", view.name.clone()),
        notice,
        message,
        base: programme_href(view.id),
        name: view.name.clone(),
        year: view.year,
        scope_name: region_name(app, &view.scope).await,
        commitment_date: optional_date(view.commitment_signed_on),
        signatories,
        commitment_link: view.commitment_link.clone().unwrap_or_default(),
        team: view
            .mentoring_team
            .iter()
            .map(|m| MentorRow {
                name: m.name.clone(),
                institution: m.institution.clone(),
                role: m.role.clone(),
            })
            .collect(),
        progress: percent(view.progress),
        cases: view.cases,
        innovations: view
            .innovations
            .iter()
            .map(|i| InnovationHead {
                name: i.name.clone(),
                owner: i.owner_region_name.clone(),
            })
            .collect(),
        any_choosable: rows.iter().any(|r| r.can_choose),
        rows,
        can_edit: view.organised_by(caller),
        can_monitor: caller.actor.can_oversee(&view.scope),
    };
    Ok(render(status, &page))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DashboardQuery {
    pub hasil: String,
    pub dibuka: String,
}

fn dashboard_notice(query: &DashboardQuery) -> String {
    match query.hasil.trim() {
        "dibuat" => {
            "Program replikasi dibuat. Daerah replikator kini dapat memilih inovasinya.".into()
        }
        "diubah" => "Perubahan program disimpan.".into(),
        "dipilih" => {
            let n = query.dibuka.trim().parse::<usize>().unwrap_or(0);
            if n == 0 {
                "Pilihan disimpan; tidak ada kasus baru yang perlu dibuka.".into()
            } else {
                format!("Pilihan disimpan: {n} kasus replikasi dibuka pada tahap Minat.")
            }
        }
        _ => String::new(),
    }
}

/// `GET /kelola/replikasi/program/{id}`.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<DashboardQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "program replikasi")?;
    let app = state.app();
    let view = service::get(app, id).await.or_page(&auth)?;
    dashboard(app, &auth, caller, &view, dashboard_notice(&query), None).await
}

/// `POST /kelola/replikasi/program/{id}/pilih`: an adopter (or the organiser for it) chooses
/// innovations of the programme; a case opens for each.
pub async fn choose(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "program replikasi")?;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let app = state.app();
    let adopter = fields.get("adopter").trim().to_owned();
    let ticked = fields.all("innovations");
    let chosen: Result<Vec<Uuid>, _> = ticked.iter().map(|t| Uuid::parse_str(t)).collect();
    // Choices entered after the fact carry the day they were made.
    let typed_on = fields.get("on").trim().to_owned();
    let on = match typed_on.as_str() {
        "" => Ok(None),
        text => lumbung_service::domain::parse::parse_date(text).map(Some),
    };
    let done = match (chosen, on) {
        (_, Err(message)) => Err(ServiceError::Validation(FieldErrors::single("on", message))),
        (Err(_), _) => Err(ServiceError::Validation(FieldErrors::single(
            "innovations",
            "pilih inovasi dari matriks",
        ))),
        (Ok(chosen), _) if chosen.is_empty() => Err(ServiceError::Validation(FieldErrors::single(
            "innovations",
            "centang paling sedikit satu inovasi pada baris daerah Anda",
        ))),
        (Ok(chosen), Ok(on)) => {
            let input = ChoiceInput {
                adopter: adopter.clone(),
                innovations: chosen,
                on,
            };
            service::choose(app, caller, id, &input).await
        }
    };
    match done {
        Ok(opened) => Ok(see_other(&format!(
            "{}?hasil=dipilih&dibuka={}#matriks",
            programme_href(id),
            opened.len()
        ))),
        Err(error) if is_fatal(&error) => Err(page_error(&auth, &error)),
        Err(error) => {
            let view = service::get(app, id)
                .await
                .map_err(|_| error_page(&auth, &error))?;
            let message = match &error {
                ServiceError::Validation(errors) => errors
                    .iter()
                    .map(|(_, m)| sentence(m))
                    .collect::<Vec<_>>()
                    .join(" "),
                other => failure_message(other),
            };
            let failure = ChoiceFailure {
                adopter,
                ticked,
                on: typed_on,
                message,
            };
            dashboard(
                app,
                &auth,
                caller,
                &view,
                String::new(),
                Some((describe(&error).0, failure)),
            )
            .await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Monitoring.

pub struct MonitoredRow {
    pub href: String,
    pub adopter: String,
    pub innovation: String,
    pub status_label: String,
    pub status_class: &'static str,
    pub progress: String,
    pub last_report: String,
    pub messages: Vec<String>,
}

#[derive(Template)]
#[template(path = "kelola_replikasi_pemantauan.html")]
pub struct MonitoringPage {
    pub layout: Layout,
    pub name: String,
    pub programme_href: String,
    pub base: String,
    pub day: Field,
    pub day_text: String,
    pub flagged: usize,
    pub rows: Vec<MonitoredRow>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MonitoringQuery {
    pub tanggal: String,
}

/// `GET /kelola/replikasi/program/{id}/pemantauan?tanggal=YYYY-MM-DD` (the organiser and
/// the verifiers of its scope).
pub async fn monitoring(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<MonitoringQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "program replikasi")?;
    let app = state.app();
    let view = service::get(app, id).await.or_page(&auth)?;
    let (day, error): (Option<NaiveDate>, String) = match optional(&query.tanggal) {
        None => (None, String::new()),
        Some(text) => match parse_date(&text) {
            Ok(day) => (Some(day), String::new()),
            Err(message) => (None, sentence(&message)),
        },
    };
    let monitored = service::monitoring(app, caller, id, day)
        .await
        .or_page(&auth)?;
    let rows: Vec<MonitoredRow> = monitored
        .iter()
        .map(|m| MonitoredRow {
            href: case_href(m.case.id),
            adopter: m.case.adopter_region_name.clone(),
            innovation: m.case.innovation_name.clone(),
            status_label: m.case.status_label.to_owned(),
            status_class: status_class(&m.case.status),
            progress: percent(m.progress),
            last_report: m
                .last_report_on
                .map_or_else(|| "belum ada".to_owned(), date),
            messages: m.messages.iter().map(|text| sentence(text)).collect(),
        })
        .collect();
    let shown_day =
        day.unwrap_or_else(|| lumbung_service::clock::local_day(&view.scope, chrono::Utc::now()));
    let page = MonitoringPage {
        layout: Layout::new(&auth, "replikasi", format!("Pemantauan: {}", view.name)),
        name: view.name.clone(),
        programme_href: programme_href(id),
        base: format!("{}/pemantauan", programme_href(id)),
        day: Field {
            error,
            ..Field::new("tanggal", "Tanggal pemantauan", query.tanggal.trim())
                .hint("Keterlambatan dan kasus yang diam dihitung pada tanggal ini; kosongkan untuk hari ini.")
        },
        day_text: date(shown_day),
        flagged: monitored.iter().filter(|m| !m.flags.is_empty()).count(),
        rows,
    };
    let status = if page.day.error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(status, &page))
}
