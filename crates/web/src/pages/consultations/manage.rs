//! `/kelola/fkp`: the forums of the caller's scope with the plan form, and
//! `/kelola/fkp/{id}`: one forum with the forms of its stage — edit the plan, record the
//! forum (attendance, minutes, several agreement rows) or cancel it while it is planned;
//! follow up each agreement once it was held.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lumbung_service::consultations::{
    self as service, CancelInput, ConsultationQuery, ConsultationView, PlanRequest, Planning,
};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::consultation::{
    AgreementInput, AgreementStatus, ConsultationStatus, FollowUpInput, HoldInput, Plan,
};
use lumbung_service::store::Paging;
use lumbung_service::{App, Caller, ServiceError, ServiceResult};
use uuid::Uuid;

use super::super::forms::{FormFields, date, optional, page_number, paragraphs, query_string};
use super::super::{
    Choice, Field, Layout, OrPage, PageResult, Pager, SignedIn, check_csrf, page_error, pager,
    region_choices, render, see_other, summary_of,
};
use super::public::participation_rows;
use super::{
    GroupInput, agreement_class, failure_message, field_errors, group_counts, group_inputs,
    group_inputs_from, is_fatal, manage_href, message_of, parse_id, public_href, status_class,
};
use crate::auth::Auth;
use crate::error::describe;
use crate::i18n::Lang;
use crate::state::AppState;

const SECTION: &str = "fkp";
const PER_PAGE: u32 = 50;
/// The agreement rows the record form offers at least.
const AGREEMENT_ROWS: usize = 5;
/// The most agreement rows a form may send.
const MAX_AGREEMENT_ROWS: usize = 100;

// ---------------------------------------------------------------------------------------------
// The plan form, for a new forum and for a planned one.

/// The plan as typed: text, so a wrong value comes back unchanged.
#[derive(Debug, Clone)]
pub struct PlanValues {
    pub region_code: String,
    pub agency_id: String,
    pub topic: String,
    pub service: String,
    pub planned_on: String,
    pub place: String,
    pub invited: Vec<GroupInput>,
}

impl PlanValues {
    fn blank() -> Self {
        Self {
            region_code: String::new(),
            agency_id: String::new(),
            topic: String::new(),
            service: String::new(),
            planned_on: String::new(),
            place: String::new(),
            invited: group_inputs("invited", |_| String::new()),
        }
    }

    fn from_fields(fields: &FormFields) -> Self {
        let text = |name: &str| fields.get(name).to_owned();
        Self {
            region_code: text("region_code").trim().to_owned(),
            agency_id: text("agency_id").trim().to_owned(),
            topic: text("topic"),
            service: text("service"),
            planned_on: text("planned_on"),
            place: text("place"),
            invited: group_inputs_from(fields, "invited"),
        }
    }

    fn from_view(view: &ConsultationView) -> Self {
        Self {
            region_code: view.region_code.to_string(),
            agency_id: view.agency_id.map(|id| id.to_string()).unwrap_or_default(),
            topic: view.topic.clone(),
            service: view.service.clone(),
            planned_on: view.planned_on.format("%Y-%m-%d").to_string(),
            place: view.place.clone(),
            invited: group_inputs("invited", |group| {
                view.invited
                    .iter()
                    .find(|line| line.group == group)
                    .map(|line| line.count.to_string())
                    .unwrap_or_default()
            }),
        }
    }

    /// The request the service reads, and the problems only the form can see (with the
    /// plan's own problems, so every message shows at once).
    fn to_request(&self) -> (PlanRequest, FieldErrors) {
        let mut errors = FieldErrors::new();
        let invited = group_counts(&self.invited, "invited", &mut errors);
        let agency_id = match optional(&self.agency_id) {
            None => None,
            Some(text) => match Uuid::parse_str(&text) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("agency_id", "pilih perangkat daerah dari daftar");
                    None
                }
            },
        };
        if self.region_code.is_empty() {
            errors.add("region_code", "pilih wilayah forum");
        }
        let request = PlanRequest {
            region_code: self.region_code.clone(),
            agency_id,
            plan: lumbung_service::domain::consultation::PlanInput {
                topic: self.topic.clone(),
                service: self.service.clone(),
                planned_on: self.planned_on.clone(),
                place: self.place.clone(),
                invited,
            },
        };
        if !errors.is_empty()
            && let Err(more) = Plan::parse(&request.plan)
        {
            for (field, message) in more.iter() {
                errors.add(field, message);
            }
        }
        (request, errors)
    }
}

/// The plan form as a template prints it.
pub struct PlanForm {
    pub action: String,
    /// Whether the caller plans forums anywhere (the service decides).
    pub may_plan: bool,
    pub region: Field,
    pub agency: Field,
    pub topic: Field,
    pub service: Field,
    pub planned_on: Field,
    pub place: Field,
    pub invited: Vec<GroupInput>,
    pub invited_error: String,
    pub summary: Vec<Choice>,
}

/// The region list of the plan form: every region for a national admin, else those the
/// service found for the caller.
async fn region_options(
    app: &App,
    planning: &Planning,
    selected: &str,
) -> ServiceResult<Vec<Choice>> {
    if planning.anywhere {
        return region_choices(app, selected).await;
    }
    Ok(planning
        .regions
        .iter()
        .map(|(code, name)| Choice::new(code, name, selected))
        .collect())
}

async fn plan_form(
    app: &App,
    caller: &Caller,
    action: String,
    values: &PlanValues,
    errors: &FieldErrors,
) -> ServiceResult<PlanForm> {
    let planning = service::planning(app, caller, &values.region_code, &values.agency_id).await?;
    let region = Field::new("region_code", "Wilayah forum", values.region_code.as_str())
        .required()
        .hint("Setelah mengganti wilayah, tekan \"Tampilkan perangkat daerah\" agar daftar perangkat daerah menyesuaikan.")
        .options(region_options(app, &planning, &values.region_code).await?)
        .errors(errors);
    let agency = Field::new("agency_id", "Perangkat daerah penyelenggara", values.agency_id.as_str())
        .hint("Unit penyelenggara layanan yang dibahas. Operator perangkat daerah dapat mengelola forum perangkat daerahnya.")
        .options(
            planning
                .agencies
                .iter()
                .map(|(id, name)| Choice::new(id, name, &values.agency_id))
                .collect(),
        )
        .errors(errors);
    let topic = Field::new("topic", "Topik forum", values.topic.as_str())
        .required()
        .hint("Mis. Penyusunan standar pelayanan penerbitan KTP-el.")
        .errors(errors);
    let service = Field::new("service", "Layanan yang dibahas", values.service.as_str())
        .required()
        .hint("Jenis pelayanan publik yang dibahas, mis. Penerbitan KTP-el.")
        .errors(errors);
    let planned_on = Field::new("planned_on", "Tanggal rencana", values.planned_on.as_str())
        .required()
        .errors(errors);
    let place = Field::new("place", "Tempat", values.place.as_str())
        .hint("Mis. Aula Kantor Bupati, atau tautan rapat daring.")
        .errors(errors);
    let invited_error = message_of(errors, "invited");
    let mut fields: Vec<(String, String, String)> =
        [&region, &agency, &topic, &service, &planned_on, &place]
            .iter()
            .map(|f| (f.name.to_owned(), f.label.to_owned(), f.error.clone()))
            .collect();
    fields.push((
        "invited".to_owned(),
        "Peserta yang diundang".to_owned(),
        invited_error.clone(),
    ));
    let summary = summary_of(
        fields
            .iter()
            .map(|(n, l, e)| (n.as_str(), l.as_str(), e.as_str())),
        errors,
    );
    Ok(PlanForm {
        action,
        may_plan: planning.may_plan,
        region,
        agency,
        topic,
        service,
        planned_on,
        place,
        invited: values.invited.clone(),
        invited_error,
        summary,
    })
}

/// Whether the form's button asked to show the form again with the chosen region's agencies.
fn reload(fields: &FormFields) -> bool {
    fields.get("aksi").trim() == "muat"
}

const RELOADED: &str =
    "Daftar perangkat daerah disesuaikan dengan wilayah yang dipilih. Isian belum disimpan.";

// ---------------------------------------------------------------------------------------------
// The list.

pub struct ManageRow {
    pub href: String,
    pub public_href: String,
    pub topic: String,
    pub service: String,
    pub day: String,
    pub organiser: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub follow_up: String,
}

#[derive(Template)]
#[template(path = "kelola_fkp.html")]
pub struct ListPage {
    pub layout: Layout,
    pub notice: String,
    pub message: String,
    pub rows: Vec<ManageRow>,
    pub years: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub filtered: bool,
    pub pager: Pager,
    pub can_plan: bool,
    pub plan: PlanForm,
}

/// What the list shows beyond the forums: a notice, or the plan form's failure.
#[derive(Default)]
struct ListState {
    notice: String,
    failure: Option<ServiceError>,
}

async fn list_page(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    query: &FormFields,
    values: &PlanValues,
    state: ListState,
) -> PageResult {
    let year_text = query.get("year").trim().to_owned();
    let status = query.get("status").trim().to_owned();
    let filter = ConsultationQuery {
        region: None,
        year: year_text.parse::<i32>().ok(),
        status: ConsultationStatus::from_code(&status).map(|s| s.code().to_owned()),
    };
    let paging = Paging::new(Some(page_number(Some(query.get("page")))), Some(PER_PAGE));
    let found = service::managed(app, caller, &filter, paging)
        .await
        .or_page(auth)?;
    let rows = found
        .items
        .iter()
        .map(|forum| {
            let held = forum.status == ConsultationStatus::Held.code();
            ManageRow {
                href: manage_href(forum.id),
                public_href: public_href(forum.id),
                topic: forum.topic.clone(),
                service: forum.service.clone(),
                day: date(forum.held_on.unwrap_or(forum.planned_on)),
                organiser: match &forum.agency_name {
                    Some(agency) => format!("{agency}, {}", forum.region_name),
                    None => forum.region_name.clone(),
                },
                status: forum.status_label,
                status_class: status_class(&forum.status),
                follow_up: if held {
                    format!(
                        "{} dari {} kesepakatan selesai",
                        forum.agreements_done, forum.agreements_total
                    )
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let years = service::years(app)
        .await
        .or_page(auth)?
        .into_iter()
        .map(|year| {
            let text = year.to_string();
            Choice::new(&text, &text, &year_text)
        })
        .collect();
    let statuses = ConsultationStatus::ALL
        .iter()
        .map(|s| Choice::new(s.code(), s.label(), &status))
        .collect();
    let errors = state.failure.as_ref().map(field_errors).unwrap_or_default();
    let plan = plan_form(app, caller, "/kelola/fkp".into(), values, &errors)
        .await
        .or_page(auth)?;
    let (status_code, message) = match &state.failure {
        None => (StatusCode::OK, String::new()),
        Some(error) => (describe(error).0, failure_message(error)),
    };
    let filters = query_string(&[("year", &year_text), ("status", &status)]);
    let page = ListPage {
        layout: Layout::new(auth, SECTION, "Forum Konsultasi Publik"),
        notice: state.notice,
        message,
        pager: pager("/kelola/fkp", &filters, &found),
        rows,
        years,
        statuses,
        filtered: !filters.is_empty(),
        can_plan: plan.may_plan,
        plan,
    };
    Ok(render(status_code, &page))
}

/// `GET /kelola/fkp?year=&status=`: the forums of the caller's scope and the plan form.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let app = state.app();
    let mut values = PlanValues::blank();
    let planning = service::planning(app, caller, "", "")
        .await
        .or_page(&auth)?;
    let options = region_options(app, &planning, "").await.or_page(&auth)?;
    if let [only] = options.as_slice() {
        values.region_code = only.value.clone();
    }
    list_page(
        app,
        &auth,
        caller,
        &FormFields(query),
        &values,
        ListState::default(),
    )
    .await
}

/// `POST /kelola/fkp`: plans a forum, or shows the list with the form again.
pub async fn plan(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let app = state.app();
    let values = PlanValues::from_fields(&fields);
    let no_query = FormFields::default();
    if reload(&fields) {
        let state = ListState {
            notice: RELOADED.into(),
            failure: None,
        };
        return list_page(app, &auth, caller, &no_query, &values, state).await;
    }
    let (request, errors) = values.to_request();
    let saved = if errors.is_empty() {
        service::plan(app, caller, &request).await
    } else {
        Err(ServiceError::Validation(errors))
    };
    match saved {
        Ok(view) => Ok(see_other(&format!(
            "{}?hasil=direncanakan",
            manage_href(view.id)
        ))),
        Err(error) if is_fatal(&error) => Err(page_error(&auth, &error)),
        Err(error) => {
            let state = ListState {
                notice: String::new(),
                failure: Some(error),
            };
            list_page(app, &auth, caller, &no_query, &values, state).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The record form (hold).

#[derive(Debug, Clone, Default)]
pub struct AgreementValues {
    pub text: String,
    pub owner: String,
    pub due_on: String,
}

#[derive(Debug, Clone)]
pub struct HoldValues {
    pub held_on: String,
    pub attendance: Vec<GroupInput>,
    pub minutes: String,
    pub agreements: Vec<AgreementValues>,
}

impl HoldValues {
    fn fresh(view: &ConsultationView) -> Self {
        Self {
            held_on: view.planned_on.format("%Y-%m-%d").to_string(),
            attendance: group_inputs("attendance", |_| String::new()),
            minutes: String::new(),
            agreements: vec![AgreementValues::default(); AGREEMENT_ROWS],
        }
    }

    /// The record as the form sent it, agreement rows kept at their numbers (so the
    /// messages `agreements.N.field` find their row) and padded with blank rows.
    fn from_fields(fields: &FormFields) -> Self {
        let last = fields
            .0
            .iter()
            .filter_map(|(key, _)| {
                let rest = key.strip_prefix("agreements.")?;
                let (n, _) = rest.split_once('.')?;
                n.parse::<usize>().ok()
            })
            .filter(|n| *n < MAX_AGREEMENT_ROWS)
            .max();
        let mut agreements: Vec<AgreementValues> = match last {
            None => Vec::new(),
            Some(last) => (0..=last)
                .map(|n| AgreementValues {
                    text: fields.get(&format!("agreements.{n}.text")).to_owned(),
                    owner: fields.get(&format!("agreements.{n}.owner")).to_owned(),
                    due_on: fields.get(&format!("agreements.{n}.due_on")).to_owned(),
                })
                .collect(),
        };
        let wanted = AGREEMENT_ROWS
            .max(agreements.len() + 1)
            .min(MAX_AGREEMENT_ROWS);
        agreements.resize(wanted.max(agreements.len()), AgreementValues::default());
        Self {
            held_on: fields.get("held_on").to_owned(),
            attendance: group_inputs_from(fields, "attendance"),
            minutes: fields.get("minutes").to_owned(),
            agreements,
        }
    }

    fn to_input(&self) -> (HoldInput, FieldErrors) {
        let mut errors = FieldErrors::new();
        let attendance = group_counts(&self.attendance, "attendance", &mut errors);
        let input = HoldInput {
            held_on: self.held_on.clone(),
            attendance,
            minutes: self.minutes.clone(),
            agreements: self
                .agreements
                .iter()
                .map(|a| AgreementInput {
                    text: a.text.clone(),
                    owner: a.owner.clone(),
                    due_on: a.due_on.clone(),
                })
                .collect(),
        };
        if !errors.is_empty()
            && let Err(more) = lumbung_service::domain::consultation::Held::parse(&input)
        {
            for (field, message) in more.iter() {
                errors.add(field, message);
            }
        }
        (input, errors)
    }
}

/// One agreement row of the record form.
pub struct AgreementInputRow {
    pub number: usize,
    /// The fields' name prefix, `agreements.N`.
    pub prefix: String,
    pub text: String,
    pub owner: String,
    pub due_on: String,
    pub text_error: String,
    pub owner_error: String,
    pub due_on_error: String,
}

pub struct HoldForm {
    pub held_on: Field,
    pub minutes: Field,
    pub attendance: Vec<GroupInput>,
    pub attendance_error: String,
    pub agreements: Vec<AgreementInputRow>,
    pub summary: Vec<Choice>,
}

fn hold_form(values: &HoldValues, errors: &FieldErrors) -> HoldForm {
    let held_on = Field::new("held_on", "Tanggal pelaksanaan", values.held_on.as_str())
        .required()
        .errors(errors);
    let minutes = Field::new("minutes", "Berita acara", values.minutes.as_str())
        .required()
        .hint("Ringkasan jalannya forum: pembukaan, masukan peserta, dan pembahasannya. Pisahkan paragraf dengan baris kosong.")
        .errors(errors);
    let attendance_error = message_of(errors, "attendance");
    let agreements: Vec<AgreementInputRow> = values
        .agreements
        .iter()
        .enumerate()
        .map(|(n, a)| {
            let prefix = format!("agreements.{n}");
            AgreementInputRow {
                number: n + 1,
                text: a.text.clone(),
                owner: a.owner.clone(),
                due_on: a.due_on.clone(),
                text_error: message_of(errors, &format!("{prefix}.text")),
                owner_error: message_of(errors, &format!("{prefix}.owner")),
                due_on_error: message_of(errors, &format!("{prefix}.due_on")),
                prefix,
            }
        })
        .collect();
    let mut fields: Vec<(String, String, String)> = vec![
        (
            "held_on".into(),
            held_on.label.into(),
            held_on.error.clone(),
        ),
        (
            "attendance".into(),
            "Kehadiran".into(),
            attendance_error.clone(),
        ),
        (
            "minutes".into(),
            minutes.label.into(),
            minutes.error.clone(),
        ),
    ];
    for row in &agreements {
        for (field, what, error) in [
            ("text", "isi", &row.text_error),
            ("owner", "penanggung jawab", &row.owner_error),
            ("due_on", "batas waktu", &row.due_on_error),
        ] {
            fields.push((
                format!("{}.{field}", row.prefix),
                format!("Kesepakatan {} ({what})", row.number),
                error.clone(),
            ));
        }
    }
    let summary = summary_of(
        fields
            .iter()
            .map(|(n, l, e)| (n.as_str(), l.as_str(), e.as_str())),
        errors,
    );
    HoldForm {
        held_on,
        minutes,
        attendance: values.attendance.clone(),
        attendance_error,
        agreements,
        summary,
    }
}

// ---------------------------------------------------------------------------------------------
// The follow-up forms.

#[derive(Debug, Clone, Default)]
pub struct FollowValues {
    pub status: String,
    pub note: String,
    pub innovation_id: String,
}

impl FollowValues {
    fn from_fields(fields: &FormFields) -> Self {
        Self {
            status: fields.get("status").trim().to_owned(),
            note: fields.get("note").to_owned(),
            innovation_id: fields.get("innovation_id").trim().to_owned(),
        }
    }

    fn to_input(&self) -> (FollowUpInput, FieldErrors) {
        let mut errors = FieldErrors::new();
        let innovation_id = match optional(&self.innovation_id) {
            None => None,
            Some(text) => {
                // The address of an innovation's page is accepted as well as its id.
                let id = text.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                match Uuid::parse_str(id) {
                    Ok(id) => Some(id),
                    Err(_) => {
                        errors.add(
                            "innovation_id",
                            "tulis id inovasi (mis. 0190…) atau alamat halamannya",
                        );
                        None
                    }
                }
            }
        };
        (
            FollowUpInput {
                status: self.status.clone(),
                note: optional(&self.note),
                innovation_id,
            },
            errors,
        )
    }
}

/// An agreement with its follow-up form.
pub struct FollowForm {
    pub anchor: String,
    pub action: String,
    pub position: i64,
    pub text: String,
    pub owner: String,
    pub due_on: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub overdue: bool,
    pub innovation_name: String,
    pub innovation_href: String,
    pub statuses: Vec<Choice>,
    pub note: String,
    pub innovation_id: String,
    pub status_error: String,
    pub note_error: String,
    pub innovation_error: String,
    /// Whether the form is open (it failed).
    pub open: bool,
}

fn follow_forms(
    view: &ConsultationView,
    failed: Option<(Uuid, &FollowValues, &FieldErrors)>,
) -> Vec<FollowForm> {
    view.agreements
        .iter()
        .map(|a| {
            let current = FollowValues {
                status: a.status.code().to_owned(),
                note: a.note.clone().unwrap_or_default(),
                innovation_id: a.innovation_id.map(|id| id.to_string()).unwrap_or_default(),
            };
            let (values, errors) = match failed {
                Some((id, values, errors)) if id == a.id => (values.clone(), errors.clone()),
                _ => (current, FieldErrors::new()),
            };
            FollowForm {
                anchor: format!("kesepakatan-{}", a.position),
                action: format!("{}/kesepakatan/{}", manage_href(view.id), a.id),
                position: a.position,
                text: a.text.clone(),
                owner: a.owner.clone(),
                due_on: date(a.due_on),
                status: a.status.label(),
                status_class: agreement_class(a.status.code()),
                overdue: a.overdue,
                innovation_name: a.innovation_name.clone().unwrap_or_default(),
                innovation_href: a
                    .innovation_id
                    .map(|id| format!("/inovasi/{id}"))
                    .unwrap_or_default(),
                statuses: AgreementStatus::ALL
                    .iter()
                    .map(|s| Choice::new(s.code(), s.label(), &values.status))
                    .collect(),
                note: values.note,
                innovation_id: values.innovation_id,
                status_error: message_of(&errors, "status"),
                note_error: message_of(&errors, "note"),
                innovation_error: message_of(&errors, "innovation_id"),
                open: !errors.is_empty(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The forum page.

#[derive(Template)]
#[template(path = "kelola_fkp_forum.html")]
pub struct ForumPage {
    pub layout: Layout,
    pub base: String,
    pub public_href: String,
    pub notice: String,
    pub message: String,
    pub message_href: String,
    pub topic: String,
    pub service: String,
    pub organiser: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub planned_on: String,
    pub held_on: String,
    pub place: String,
    pub planned: bool,
    pub held: bool,
    pub cancel_reason: String,
    pub participation: Vec<super::public::ParticipationRow>,
    pub invited_total: u32,
    pub attended_total: u32,
    pub minutes: Vec<String>,
    pub progress: String,
    pub percent: u32,
    pub plan: PlanForm,
    pub plan_open: bool,
    pub hold: HoldForm,
    pub reason: Field,
    pub agreements: Vec<FollowForm>,
}

/// Which form of the forum page failed, with what was typed.
enum Failed {
    Plan(PlanValues),
    Hold(HoldValues),
    Cancel(String),
    Follow(Uuid, FollowValues),
}

#[derive(Default)]
struct ForumState {
    notice: String,
    failed: Option<(Failed, ServiceError)>,
    /// The plan as typed when the form asked for the agencies of another region.
    reloaded: Option<PlanValues>,
}

/// The forum, if the caller manages it.
async fn managed(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    id: Uuid,
) -> PageResult<ConsultationView> {
    let view = service::get(app, caller, id).await.or_page(auth)?;
    if !view.may_manage {
        return Err(page_error(
            auth,
            &ServiceError::Forbidden(
                "forum ini dikelola oleh admin wilayahnya atau operator perangkat daerah penyelenggaranya".into(),
            ),
        ));
    }
    Ok(view)
}

async fn forum_page(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    view: &ConsultationView,
    state: ForumState,
) -> PageResult {
    let base = manage_href(view.id);
    let (failed, failure) = match state.failed {
        Some((failed, error)) => (Some(failed), Some(error)),
        None => (None, None),
    };
    let errors = failure.as_ref().map(field_errors).unwrap_or_default();
    let empty = FieldErrors::new();
    let (plan_values, plan_errors, plan_open) = match (&failed, state.reloaded) {
        (Some(Failed::Plan(values)), _) => (values.clone(), &errors, true),
        (_, Some(values)) => (values, &empty, true),
        _ => (PlanValues::from_view(view), &empty, false),
    };
    let plan = plan_form(
        app,
        caller,
        format!("{base}/rencana"),
        &plan_values,
        plan_errors,
    )
    .await
    .or_page(auth)?;
    let (hold_values, hold_errors) = match &failed {
        Some(Failed::Hold(values)) => (values.clone(), &errors),
        _ => (HoldValues::fresh(view), &empty),
    };
    let hold = hold_form(&hold_values, hold_errors);
    let reason = match &failed {
        Some(Failed::Cancel(reason)) => Field::new("reason", "Alasan pembatalan", reason.as_str())
            .required()
            .errors(&errors),
        _ => Field::new("reason", "Alasan pembatalan", "").required(),
    }
    .hint("Ditampilkan pada ringkasan publik forum.");
    let agreements = follow_forms(
        view,
        match &failed {
            Some(Failed::Follow(id, values)) => Some((*id, values, &errors)),
            _ => None,
        },
    );
    let message_href = match &failed {
        Some(Failed::Plan(_)) => "#ubah-rencana".to_owned(),
        Some(Failed::Hold(_)) => "#pelaksanaan".to_owned(),
        Some(Failed::Cancel(_)) => "#pembatalan".to_owned(),
        Some(Failed::Follow(id, _)) => view
            .agreements
            .iter()
            .find(|a| a.id == *id)
            .map(|a| format!("#kesepakatan-{}", a.position))
            .unwrap_or_default(),
        None => String::new(),
    };
    let (status, message) = match &failure {
        None => (StatusCode::OK, String::new()),
        Some(error) => (describe(error).0, failure_message(error)),
    };
    let counted = view.follow_up;
    let open = counted.total - counted.done - counted.dropped;
    let page = ForumPage {
        layout: Layout::new(auth, SECTION, format!("FKP: {}", view.topic)),
        public_href: public_href(view.id),
        notice: state.notice,
        message,
        message_href,
        topic: view.topic.clone(),
        service: view.service.clone(),
        organiser: match &view.agency_name {
            Some(agency) => format!("{agency}, {}", view.region_name),
            None => view.region_name.clone(),
        },
        status: view.status_label,
        status_class: status_class(view.status.code()),
        planned_on: date(view.planned_on),
        held_on: view.held_on.map(date).unwrap_or_default(),
        place: view.place.clone(),
        planned: view.status == ConsultationStatus::Planned,
        held: view.status == ConsultationStatus::Held,
        cancel_reason: view.cancel_reason.clone().unwrap_or_default(),
        participation: participation_rows(Lang::Id, view),
        invited_total: view.invited_total,
        attended_total: view.attended_total,
        minutes: view.minutes.as_deref().map(paragraphs).unwrap_or_default(),
        progress: format!(
            "{} % — {} selesai, {} tidak dilanjutkan, {} masih berjalan ({} melewati batas waktu) dari {} kesepakatan.",
            view.follow_up_percent,
            counted.done,
            counted.dropped,
            open,
            counted.overdue,
            counted.total
        ),
        percent: view.follow_up_percent,
        plan,
        plan_open,
        hold,
        reason,
        agreements,
        base,
    };
    Ok(render(status, &page))
}

/// What a successful form leads to, as the notice says it.
fn outcome_notice(outcome: &str) -> String {
    match outcome {
        "direncanakan" => "Forum direncanakan. Catat pelaksanaannya setelah forum diadakan.",
        "rencana" => "Rencana forum disimpan.",
        "terlaksana" => "Pelaksanaan forum dicatat. Kesepakatannya kini dapat ditindaklanjuti.",
        "dibatalkan" => "Forum dibatalkan.",
        "tindak-lanjut" => "Tindak lanjut kesepakatan disimpan.",
        _ => "",
    }
    .to_owned()
}

/// `GET /kelola/fkp/{id}` (who manages the forum).
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "forum konsultasi publik")?;
    let app = state.app();
    let view = managed(app, &auth, caller, id).await?;
    let query = FormFields(query);
    let state = ForumState {
        notice: outcome_notice(query.get("hasil").trim()),
        ..Default::default()
    };
    forum_page(app, &auth, caller, &view, state).await
}

/// The page again after a failed form, or the error's own page.
async fn failed(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    view: &ConsultationView,
    form: Failed,
    error: ServiceError,
) -> PageResult {
    if is_fatal(&error) {
        return Err(page_error(auth, &error));
    }
    let state = ForumState {
        failed: Some((form, error)),
        ..Default::default()
    };
    forum_page(app, auth, caller, view, state).await
}

/// `POST /kelola/fkp/{id}/rencana`: replaces the plan of a planned forum.
pub async fn update_plan(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "forum konsultasi publik")?;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let app = state.app();
    let view = managed(app, &auth, caller, id).await?;
    let values = PlanValues::from_fields(&fields);
    if reload(&fields) {
        let state = ForumState {
            notice: RELOADED.into(),
            reloaded: Some(values),
            ..Default::default()
        };
        return forum_page(app, &auth, caller, &view, state).await;
    }
    let (request, errors) = values.to_request();
    let saved = if errors.is_empty() {
        service::update_plan(app, caller, id, &request).await
    } else {
        Err(ServiceError::Validation(errors))
    };
    match saved {
        Ok(_) => Ok(see_other(&format!("{}?hasil=rencana", manage_href(id)))),
        Err(error) => failed(app, &auth, caller, &view, Failed::Plan(values), error).await,
    }
}

/// `POST /kelola/fkp/{id}/pelaksanaan`: records the forum as held.
pub async fn hold(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "forum konsultasi publik")?;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let app = state.app();
    let view = managed(app, &auth, caller, id).await?;
    let values = HoldValues::from_fields(&fields);
    let (input, errors) = values.to_input();
    let saved = if errors.is_empty() {
        service::hold(app, caller, id, &input).await
    } else {
        Err(ServiceError::Validation(errors))
    };
    match saved {
        Ok(_) => Ok(see_other(&format!(
            "{}?hasil=terlaksana#kesepakatan",
            manage_href(id)
        ))),
        Err(error) => failed(app, &auth, caller, &view, Failed::Hold(values), error).await,
    }
}

/// `POST /kelola/fkp/{id}/pembatalan`: cancels a planned forum with its reason.
pub async fn cancel(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "forum konsultasi publik")?;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let app = state.app();
    let view = managed(app, &auth, caller, id).await?;
    let reason = fields.get("reason").to_owned();
    let input = CancelInput {
        reason: reason.clone(),
    };
    match service::cancel(app, caller, id, &input).await {
        Ok(_) => Ok(see_other(&format!("{}?hasil=dibatalkan", manage_href(id)))),
        Err(error) => failed(app, &auth, caller, &view, Failed::Cancel(reason), error).await,
    }
}

/// `POST /kelola/fkp/{id}/kesepakatan/{agreement}`: follows up one agreement.
pub async fn follow_up(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, agreement)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "forum konsultasi publik")?;
    let agreement = Uuid::parse_str(agreement.trim())
        .map_err(|_| super::super::not_found(&auth, "kesepakatan"))?;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let app = state.app();
    let view = managed(app, &auth, caller, id).await?;
    let values = FollowValues::from_fields(&fields);
    let (input, errors) = values.to_input();
    let saved = if errors.is_empty() {
        service::update_agreement(app, caller, id, agreement, &input).await
    } else {
        Err(ServiceError::Validation(errors))
    };
    match saved {
        Ok(updated) => {
            let anchor = updated
                .agreements
                .iter()
                .find(|a| a.id == agreement)
                .map(|a| format!("#kesepakatan-{}", a.position))
                .unwrap_or_default();
            Ok(see_other(&format!(
                "{}?hasil=tindak-lanjut{anchor}",
                manage_href(id)
            )))
        }
        Err(error) => {
            failed(
                app,
                &auth,
                caller,
                &view,
                Failed::Follow(agreement, values),
                error,
            )
            .await
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn agreement_rows_keep_their_numbers_and_get_blank_rows() {
        let fields = FormFields(vec![
            (
                "agreements.0.text".into(),
                "Jam layanan diperpanjang".into(),
            ),
            ("agreements.6.owner".into(), "Disdukcapil".into()),
            ("agreements.x.owner".into(), "?".into()),
            ("agreements.500.text".into(), "terlalu jauh".into()),
        ]);
        let values = HoldValues::from_fields(&fields);
        assert_eq!(values.agreements.len(), 8);
        assert_eq!(values.agreements[0].text, "Jam layanan diperpanjang");
        assert_eq!(values.agreements[6].owner, "Disdukcapil");
        assert!(values.agreements[7].text.is_empty());
        let blank = HoldValues::from_fields(&FormFields::default());
        assert_eq!(blank.agreements.len(), AGREEMENT_ROWS);
    }

    #[test]
    fn an_innovation_is_named_by_its_id_or_its_address() {
        let id = Uuid::now_v7();
        for typed in [
            id.to_string(),
            format!("https://lumbung.example/inovasi/{id}/"),
        ] {
            let values = FollowValues {
                status: "done".into(),
                note: String::new(),
                innovation_id: typed,
            };
            let (input, errors) = values.to_input();
            assert!(errors.is_empty());
            assert_eq!(input.innovation_id, Some(id));
            assert_eq!(input.note, None);
        }
        let (_, errors) = FollowValues {
            status: "done".into(),
            note: String::new(),
            innovation_id: "inovasi saya".into(),
        }
        .to_input();
        assert!(errors.get("innovation_id").is_some());
    }
}
