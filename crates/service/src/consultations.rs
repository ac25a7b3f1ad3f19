//! Public consultation forums (Forum Konsultasi Publik, PermenPANRB 16/2017), in three
//! stages: a service unit **plans** a forum (topic, service, date, place, the groups it
//! invites), **holds** it (attendance per group, the minutes, the agreements reached) and
//! **follows up** each agreement (its status, a note, the innovation that answers it).
//!
//! Who may do what: admins of the forum's region (or above) and operators of the forum's
//! agency plan, edit the plan, cancel, hold and follow up. Everyone reads: a forum, its
//! minutes and its agreements are the public summary. A held or cancelled forum keeps its
//! plan; only a planned forum is held or cancelled. Every write runs in one transaction with
//! its audit entry.

use chrono::NaiveDate;
use lumbung_domain::FieldErrors;
use lumbung_domain::consultation::{
    AgreementStatus, ConsultationStatus, FollowUp, FollowUpInput, FollowUpUpdate, GroupCount, Held,
    HoldInput, ParticipantGroup, Plan, PlanInput, follow_up,
};
use lumbung_domain::innovation::Status;
use lumbung_domain::region::RegionCode;
use lumbung_store::consultations::{
    self as store, AgreementRecord, ConsultationFilter, ConsultationRecord, FollowUpFields,
    NewAgreement, PlanFields,
};
use lumbung_store::{Conn, Page, Paging, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// The audit log's name for a forum.
const ENTITY: &str = "consultation";

// ---------------------------------------------------------------------------------------------
// Inputs

/// A forum's plan with where it belongs: the region (a Kemendagri code) and, optionally, the
/// agency (OPD) that holds it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PlanRequest {
    pub region_code: String,
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    #[serde(flatten)]
    pub plan: PlanInput,
}

/// Why a planned forum will not be held.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CancelInput {
    #[serde(default)]
    pub reason: String,
}

/// Which forums to list (public).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ConsultationQuery {
    /// Forums of this region's subtree.
    pub region: Option<String>,
    /// Forums planned in this year.
    pub year: Option<i32>,
    /// planned, held, cancelled
    pub status: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Views

/// A group with how many people: invited or attending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupLine {
    pub group: ParticipantGroup,
    pub label: &'static str,
    pub count: u32,
}

/// Invited against attended, per group (every group either side names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participation {
    pub group: ParticipantGroup,
    pub label: &'static str,
    pub invited: u32,
    pub attended: u32,
}

/// An agreement of a forum with its follow-up.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    pub id: Uuid,
    pub position: i64,
    pub text: String,
    pub owner: String,
    pub due_on: NaiveDate,
    pub status: AgreementStatus,
    pub status_label: &'static str,
    /// Neither done nor dropped, and past its due date.
    pub overdue: bool,
    pub note: Option<String>,
    /// The innovation that answers it, when the reader may see that innovation.
    pub innovation_id: Option<Uuid>,
    pub innovation_name: Option<String>,
}

/// A forum with everything its public summary and its management page show.
#[derive(Debug, Clone, Serialize)]
pub struct ConsultationView {
    pub id: Uuid,
    pub region_code: RegionCode,
    pub region_name: String,
    pub agency_id: Option<Uuid>,
    pub agency_name: Option<String>,
    pub topic: String,
    pub service: String,
    pub planned_on: NaiveDate,
    pub place: String,
    pub status: ConsultationStatus,
    pub status_label: &'static str,
    pub invited: Vec<GroupLine>,
    pub invited_total: u32,
    pub held_on: Option<NaiveDate>,
    pub attendance: Vec<GroupLine>,
    pub attended_total: u32,
    pub participation: Vec<Participation>,
    /// The minutes (berita acara) of a held forum.
    pub minutes: Option<String>,
    /// Why a cancelled forum was not held.
    pub cancel_reason: Option<String>,
    pub agreements: Vec<AgreementView>,
    /// Agreements done, dropped and overdue, out of all, on the service's today.
    pub follow_up: FollowUp,
    /// Done or dropped over all agreements, in whole percent (0 without agreements).
    pub follow_up_percent: u32,
    /// Whether the caller may plan, hold, cancel and follow up this forum.
    pub may_manage: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A forum in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ConsultationSummary {
    pub id: Uuid,
    pub region_code: RegionCode,
    pub region_name: String,
    pub agency_id: Option<Uuid>,
    pub agency_name: Option<String>,
    pub topic: String,
    pub service: String,
    pub planned_on: NaiveDate,
    pub held_on: Option<NaiveDate>,
    pub place: String,
    pub status: String,
    pub status_label: &'static str,
    pub agreements_total: i64,
    pub agreements_done: i64,
}

/// A forum agreement an innovation carries out, for the innovation's page.
#[derive(Debug, Clone, Serialize)]
pub struct AnsweredAgreement {
    pub consultation_id: Uuid,
    pub topic: String,
    pub text: String,
    pub status: String,
    pub status_label: &'static str,
    pub region_code: RegionCode,
    pub region_name: String,
    pub owner: String,
    pub due_on: NaiveDate,
    pub held_on: Option<NaiveDate>,
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// Today where the consultation is held: its agreements fall due in the region's zone.
fn today_in(app: &App, record: &ConsultationRecord) -> NaiveDate {
    app.clock.today_in(&record.region_code)
}

fn status_of(record: &ConsultationRecord) -> ServiceResult<ConsultationStatus> {
    ConsultationStatus::from_code(&record.status)
        .ok_or_else(|| ServiceError::internal(format!("consultation status {}", record.status)))
}

fn groups_of(json: Option<&str>) -> ServiceResult<Vec<GroupCount>> {
    match json {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(text).map_err(ServiceError::internal),
    }
}

fn lines(groups: &[GroupCount]) -> Vec<GroupLine> {
    groups
        .iter()
        .map(|g| GroupLine {
            group: g.group,
            label: g.group.label(),
            count: g.count,
        })
        .collect()
}

/// Invited against attended, in the vocabulary's order of groups.
fn participation(invited: &[GroupCount], attended: &[GroupCount]) -> Vec<Participation> {
    let count = |list: &[GroupCount], group| {
        list.iter()
            .filter(|g| g.group == group)
            .map(|g| g.count)
            .sum()
    };
    ParticipantGroup::ALL
        .iter()
        .copied()
        .map(|group| Participation {
            group,
            label: group.label(),
            invited: count(invited, group),
            attended: count(attended, group),
        })
        .filter(|p| p.invited > 0 || p.attended > 0)
        .collect()
}

/// Whether `caller` may manage a forum of `region` held by `agency`.
fn may_manage(caller: &Caller, region: &RegionCode, agency: Option<Uuid>) -> bool {
    caller.actor.is_admin_of(region)
        || agency.is_some_and(|agency| caller.actor.can_write_innovation(region, agency))
}

fn require_manage(caller: &Caller, region: &RegionCode, agency: Option<Uuid>) -> ServiceResult<()> {
    if !caller.is_signed_in() {
        return Err(ServiceError::Unauthenticated);
    }
    if may_manage(caller, region, agency) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(
            "forum konsultasi publik dikelola oleh admin wilayahnya atau operator perangkat daerah penyelenggaranya".into(),
        ))
    }
}

/// Refuses any change of a forum that is no longer planned.
fn require_planned(record: &ConsultationRecord, what: &str) -> ServiceResult<()> {
    let status = status_of(record)?;
    if status == ConsultationStatus::Planned {
        Ok(())
    } else {
        Err(ServiceError::Conflict(format!(
            "forum berstatus \"{}\" tidak dapat {what} lagi",
            status.label()
        )))
    }
}

async fn load(conn: &mut Conn, id: Uuid) -> ServiceResult<ConsultationRecord> {
    store::get(conn, id).await.map_err(|error| match error {
        StoreError::NotFound => ServiceError::NotFound("forum konsultasi publik"),
        other => other.into(),
    })
}

/// A guarded update's conflict, as the caller reads it.
fn moved(error: StoreError) -> ServiceError {
    match error {
        StoreError::Conflict(_) => ServiceError::Conflict(
            "forum ini baru saja diubah orang lain; muat ulang halamannya".into(),
        ),
        StoreError::NotFound => ServiceError::NotFound("forum konsultasi publik"),
        other => other.into(),
    }
}

/// Checks where a plan belongs: a known region and, when given, an agency of that region;
/// then that the caller may manage forums there.
async fn check_place(
    conn: &mut Conn,
    caller: &Caller,
    request: &PlanRequest,
) -> ServiceResult<(RegionCode, Result<Plan, FieldErrors>)> {
    let plan = Plan::parse(&request.plan);
    let region = match RegionCode::parse(&request.region_code) {
        Ok(region) if lumbung_store::regions::exists(conn, &region).await? => region,
        Ok(_) => return Err(with(plan, "region_code", "wilayah tidak dikenal").into()),
        Err(message) => return Err(with(plan, "region_code", message).into()),
    };
    if let Some(agency) = request.agency_id {
        let found = lumbung_store::agencies::get(conn, agency).await;
        let message = match found {
            Ok(found) if found.region_code == region => None,
            Ok(_) => Some("perangkat daerah ini bukan milik wilayah forum"),
            Err(StoreError::NotFound) => Some("perangkat daerah tidak dikenal"),
            Err(other) => return Err(other.into()),
        };
        if let Some(message) = message {
            return Err(with(plan, "agency_id", message).into());
        }
    }
    require_manage(caller, &region, request.agency_id)?;
    Ok((region, plan))
}

/// The plan's errors with one more.
fn with(plan: Result<Plan, FieldErrors>, field: &str, message: impl Into<String>) -> FieldErrors {
    let mut errors = plan.err().unwrap_or_default();
    errors.add(field, message);
    errors
}

fn plan_json(plan: &Plan) -> ServiceResult<String> {
    serde_json::to_string(&plan.invited).map_err(ServiceError::internal)
}

/// Whether `caller` may read an innovation linked to an agreement.
fn innovation_visible(caller: &Caller, agreement: &AgreementRecord) -> bool {
    let status = agreement
        .innovation_status
        .as_deref()
        .and_then(Status::from_code);
    match (
        &agreement.innovation_region,
        agreement.innovation_agency,
        status,
    ) {
        (Some(region), Some(agency), Some(status)) => {
            caller.actor.can_read_innovation(region, agency, status)
        }
        _ => false,
    }
}

fn agreement_view(caller: &Caller, record: AgreementRecord, today: NaiveDate) -> AgreementView {
    let status = AgreementStatus::from_code(&record.status).unwrap_or(AgreementStatus::Open);
    let visible = innovation_visible(caller, &record);
    AgreementView {
        id: record.id,
        position: record.position,
        overdue: matches!(status, AgreementStatus::Open | AgreementStatus::InProgress)
            && record.due_on < today,
        status,
        status_label: status.label(),
        text: record.text,
        owner: record.owner,
        due_on: record.due_on,
        note: record.note,
        innovation_id: record.innovation_id.filter(|_| visible),
        innovation_name: record.innovation_name.filter(|_| visible),
    }
}

async fn view_in(
    conn: &mut Conn,
    caller: &Caller,
    clock: &crate::clock::Clock,
    id: Uuid,
) -> ServiceResult<ConsultationView> {
    let record = load(conn, id).await?;
    let today = clock.today_in(&record.region_code);
    let status = status_of(&record)?;
    let invited = groups_of(Some(&record.invited))?;
    let attended = groups_of(record.attendance.as_deref())?;
    let agreements: Vec<AgreementView> = store::list_agreements(conn, id)
        .await?
        .into_iter()
        .map(|agreement| agreement_view(caller, agreement, today))
        .collect();
    let counted = follow_up(
        &agreements
            .iter()
            .map(|a| (a.status, a.due_on))
            .collect::<Vec<_>>(),
        today,
    );
    let closed = counted.done + counted.dropped;
    let follow_up_percent = (closed * 100)
        .checked_div(counted.total)
        .map_or(0, |percent| u32::try_from(percent).unwrap_or(100));
    let (minutes, cancel_reason) = (record.minutes.clone(), record.cancel_reason.clone());
    Ok(ConsultationView {
        id: record.id,
        may_manage: may_manage(caller, &record.region_code, record.agency_id),
        region_code: record.region_code,
        region_name: record.region_name,
        agency_id: record.agency_id,
        agency_name: record.agency_name,
        topic: record.topic,
        service: record.service,
        planned_on: record.planned_on,
        place: record.place,
        status,
        status_label: status.label(),
        invited_total: invited.iter().map(|g| g.count).sum(),
        attended_total: attended.iter().map(|g| g.count).sum(),
        participation: participation(&invited, &attended),
        invited: lines(&invited),
        attendance: lines(&attended),
        held_on: record.held_on,
        minutes,
        cancel_reason,
        agreements,
        follow_up: counted,
        follow_up_percent,
        updated_at: record.updated_at,
    })
}

fn summary(record: ConsultationRecord) -> ConsultationSummary {
    ConsultationSummary {
        status_label: ConsultationStatus::from_code(&record.status)
            .map_or("", ConsultationStatus::label),
        id: record.id,
        region_code: record.region_code,
        region_name: record.region_name,
        agency_id: record.agency_id,
        agency_name: record.agency_name,
        topic: record.topic,
        service: record.service,
        planned_on: record.planned_on,
        held_on: record.held_on,
        place: record.place,
        status: record.status,
        agreements_total: record.agreements_total,
        agreements_done: record.agreements_done,
    }
}

fn filter_of(query: &ConsultationQuery) -> ServiceResult<ConsultationFilter> {
    let region = query
        .region
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(RegionCode::parse)
        .transpose()
        .map_err(ServiceError::BadInput)?;
    let status = query
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(status) = status
        && ConsultationStatus::from_code(status).is_none()
    {
        return Err(ServiceError::BadInput(format!(
            "status \"{status}\" tidak dikenal; pilih planned, held atau cancelled"
        )));
    }
    if let Some(year) = query.year
        && !(1900..=9999).contains(&year)
    {
        return Err(ServiceError::BadInput(format!(
            "tahun {year} tidak dikenal"
        )));
    }
    Ok(ConsultationFilter {
        region,
        scope: None,
        year: query.year,
        status: status.map(str::to_owned),
    })
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A forum's public summary (and, for who manages it, `may_manage`).
pub async fn get(app: &App, caller: &Caller, id: Uuid) -> ServiceResult<ConsultationView> {
    let mut conn = app.db.read().await?;
    view_in(&mut conn, caller, &app.clock, id).await
}

/// Forums, the latest planned first (public).
pub async fn list(
    app: &App,
    query: &ConsultationQuery,
    paging: Paging,
) -> ServiceResult<Page<ConsultationSummary>> {
    let filter = filter_of(query)?;
    let mut conn = app.db.read().await?;
    let page = store::list(&mut conn, &filter, paging).await?;
    Ok(Page {
        items: page.items.into_iter().map(summary).collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// The forums the caller manages: those of the regions they administer and the agencies
/// they operate.
pub async fn managed(
    app: &App,
    caller: &Caller,
    query: &ConsultationQuery,
    paging: Paging,
) -> ServiceResult<Page<ConsultationSummary>> {
    if !caller.is_signed_in() {
        return Err(ServiceError::Unauthenticated);
    }
    let mut filter = filter_of(query)?;
    let scope = caller.actor.write_scope();
    if !scope.all {
        filter.scope = Some((scope.regions, scope.agencies));
    }
    let mut conn = app.db.read().await?;
    let page = store::list(&mut conn, &filter, paging).await?;
    Ok(Page {
        items: page.items.into_iter().map(summary).collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// The years forums were planned in, the latest first (for a filter).
pub async fn years(app: &App) -> ServiceResult<Vec<i32>> {
    let mut conn = app.db.read().await?;
    Ok(store::years(&mut conn).await?)
}

/// The agreements linked to an innovation.
pub(crate) async fn answered_by(
    conn: &mut Conn,
    innovation: Uuid,
) -> ServiceResult<Vec<AnsweredAgreement>> {
    Ok(store::agreements_of_innovation(conn, innovation)
        .await?
        .into_iter()
        .map(|found| AnsweredAgreement {
            status_label: AgreementStatus::from_code(&found.status)
                .map_or("", AgreementStatus::label),
            consultation_id: found.consultation_id,
            topic: found.topic,
            text: found.text,
            status: found.status,
            region_code: found.region_code,
            region_name: found.region_name,
            owner: found.owner,
            due_on: found.due_on,
            held_on: found.held_on,
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Planning

/// Plans a forum (admins of its region, operators of its agency).
pub async fn plan(
    app: &App,
    caller: &Caller,
    request: &PlanRequest,
) -> ServiceResult<ConsultationView> {
    let mut tx = app.db.begin().await?;
    let (region, plan) = check_place(&mut tx, caller, request).await?;
    let plan = plan?;
    let invited = plan_json(&plan)?;
    let id = store::insert(
        &mut tx,
        &PlanFields {
            region_code: &region,
            agency_id: request.agency_id,
            topic: &plan.topic,
            service: &plan.service,
            planned_on: plan.planned_on,
            place: &plan.place,
            invited: &invited,
        },
        ConsultationStatus::Planned.code(),
        caller.user_id(),
    )
    .await?;
    audit::record(
        &mut tx,
        caller,
        "plan",
        ENTITY,
        &id.to_string(),
        Some(region.as_str()),
        json!({"region": region, "agency": request.agency_id, "plan": plan}),
    )
    .await?;
    let view = view_in(&mut tx, caller, &app.clock, id).await?;
    tx.commit().await?;
    Ok(view)
}

/// Replaces a planned forum's plan, its region and agency included (who manages it where it
/// is, and where it goes). A held or cancelled forum keeps its plan.
pub async fn update_plan(
    app: &App,
    caller: &Caller,
    id: Uuid,
    request: &PlanRequest,
) -> ServiceResult<ConsultationView> {
    let mut tx = app.db.begin().await?;
    let current = load(&mut tx, id).await?;
    require_manage(caller, &current.region_code, current.agency_id)?;
    require_planned(&current, "diubah rencananya")?;
    let (region, plan) = check_place(&mut tx, caller, request).await?;
    let plan = plan?;
    let invited = plan_json(&plan)?;
    store::update_plan(
        &mut tx,
        id,
        &PlanFields {
            region_code: &region,
            agency_id: request.agency_id,
            topic: &plan.topic,
            service: &plan.service,
            planned_on: plan.planned_on,
            place: &plan.place,
            invited: &invited,
        },
        ConsultationStatus::Planned.code(),
    )
    .await
    .map_err(moved)?;
    let before = json!({
        "region": current.region_code,
        "agency": current.agency_id,
        "topic": current.topic,
        "service": current.service,
        "planned_on": current.planned_on,
        "place": current.place,
        "invited": serde_json::from_str::<serde_json::Value>(&current.invited)
            .unwrap_or(serde_json::Value::Null),
    });
    let after = json!({
        "region": region,
        "agency": request.agency_id,
        "topic": plan.topic,
        "service": plan.service,
        "planned_on": plan.planned_on,
        "place": plan.place,
        "invited": plan.invited,
    });
    audit::record(
        &mut tx,
        caller,
        "update_plan",
        ENTITY,
        &id.to_string(),
        Some(region.as_str()),
        audit::diff(&before, &after),
    )
    .await?;
    let view = view_in(&mut tx, caller, &app.clock, id).await?;
    tx.commit().await?;
    Ok(view)
}

/// Cancels a planned forum, with the reason.
pub async fn cancel(
    app: &App,
    caller: &Caller,
    id: Uuid,
    input: &CancelInput,
) -> ServiceResult<ConsultationView> {
    let mut tx = app.db.begin().await?;
    let current = load(&mut tx, id).await?;
    require_manage(caller, &current.region_code, current.agency_id)?;
    require_planned(&current, "dibatalkan")?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(FieldErrors::single("reason", "tuliskan alasan pembatalan forum").into());
    }
    if reason.chars().count() > 2_000 {
        return Err(FieldErrors::single("reason", "alasan paling banyak 2000 karakter").into());
    }
    store::cancel(
        &mut tx,
        id,
        ConsultationStatus::Planned.code(),
        ConsultationStatus::Cancelled.code(),
        reason,
    )
    .await
    .map_err(moved)?;
    audit::record(
        &mut tx,
        caller,
        "cancel",
        ENTITY,
        &id.to_string(),
        Some(current.region_code.as_str()),
        json!({"reason": reason}),
    )
    .await?;
    let view = view_in(&mut tx, caller, &app.clock, id).await?;
    tx.commit().await?;
    Ok(view)
}

// ---------------------------------------------------------------------------------------------
// Holding

/// Records a planned forum as held: the day, attendance per group, the minutes and the
/// agreements reached (each open, to be followed up). Not on a day after today.
pub async fn hold(
    app: &App,
    caller: &Caller,
    id: Uuid,
    input: &HoldInput,
) -> ServiceResult<ConsultationView> {
    let mut tx = app.db.begin().await?;
    let current = load(&mut tx, id).await?;
    let today = today_in(app, &current);
    require_manage(caller, &current.region_code, current.agency_id)?;
    require_planned(&current, "dicatat pelaksanaannya")?;
    let held = match Held::parse(input) {
        Ok(held) if held.held_on > today => {
            return Err(FieldErrors::single(
                "held_on",
                "tanggal pelaksanaan tidak boleh setelah hari ini",
            )
            .into());
        }
        Ok(held) => held,
        Err(mut errors) => {
            if let Ok(day) = lumbung_domain::parse::parse_date(&input.held_on)
                && day > today
            {
                errors.add(
                    "held_on",
                    "tanggal pelaksanaan tidak boleh setelah hari ini",
                );
            }
            return Err(errors.into());
        }
    };
    let attendance = serde_json::to_string(&held.attendance).map_err(ServiceError::internal)?;
    store::set_held(
        &mut tx,
        id,
        ConsultationStatus::Planned.code(),
        ConsultationStatus::Held.code(),
        held.held_on,
        &attendance,
        &held.minutes,
    )
    .await
    .map_err(moved)?;
    let agreements: Vec<NewAgreement<'_>> = held
        .agreements
        .iter()
        .map(|agreement| NewAgreement {
            text: &agreement.text,
            owner: &agreement.owner,
            due_on: agreement.due_on,
            status: AgreementStatus::Open.code(),
        })
        .collect();
    store::insert_agreements(&mut tx, id, &agreements).await?;
    audit::record(
        &mut tx,
        caller,
        "hold",
        ENTITY,
        &id.to_string(),
        Some(current.region_code.as_str()),
        json!({"held_on": held.held_on, "attendance": held.attendance,
               "agreements": held.agreements.len()}),
    )
    .await?;
    let view = view_in(&mut tx, caller, &app.clock, id).await?;
    tx.commit().await?;
    Ok(view)
}

// ---------------------------------------------------------------------------------------------
// Following up

/// Follows up one agreement of a held forum: its status, a note (required to drop it) and
/// the innovation that answers it, which must exist and be readable by the caller.
pub async fn update_agreement(
    app: &App,
    caller: &Caller,
    id: Uuid,
    agreement: Uuid,
    input: &FollowUpInput,
) -> ServiceResult<ConsultationView> {
    let mut tx = app.db.begin().await?;
    let current = load(&mut tx, id).await?;
    require_manage(caller, &current.region_code, current.agency_id)?;
    if status_of(&current)? != ConsultationStatus::Held {
        return Err(ServiceError::Conflict(
            "kesepakatan ditindaklanjuti setelah forum terlaksana".into(),
        ));
    }
    let before =
        store::get_agreement(&mut tx, id, agreement)
            .await
            .map_err(|error| match error {
                StoreError::NotFound => ServiceError::NotFound("kesepakatan"),
                other => other.into(),
            })?;
    let mut errors = FieldErrors::new();
    let update = FollowUpUpdate::parse(input).map_err(|found| {
        for (field, message) in found.iter() {
            errors.add(field, message);
        }
    });
    if let Some(innovation) = input.innovation_id
        && before.innovation_id != Some(innovation)
    {
        let readable = match lumbung_store::innovations::get(&mut tx, innovation).await {
            Ok(found) => {
                caller
                    .actor
                    .can_read_innovation(&found.region.code, found.agency.id, found.status)
            }
            Err(StoreError::NotFound) => false,
            Err(other) => return Err(other.into()),
        };
        if !readable {
            errors.add("innovation_id", "inovasi tidak ditemukan");
        }
    }
    let update = match update {
        Ok(update) if errors.is_empty() => update,
        _ => return Err(errors.into()),
    };
    store::update_agreement(
        &mut tx,
        id,
        agreement,
        &FollowUpFields {
            status: update.status.code(),
            note: update.note.as_deref(),
            innovation_id: update.innovation_id,
        },
    )
    .await?;
    store::touch(&mut tx, id).await?;
    audit::record(
        &mut tx,
        caller,
        "follow_up",
        ENTITY,
        &id.to_string(),
        Some(current.region_code.as_str()),
        json!({
            "agreement": agreement,
            "changes": audit::diff(
                &json!({"status": before.status, "note": before.note,
                        "innovation": before.innovation_id}),
                &json!({"status": update.status.code(), "note": update.note,
                        "innovation": update.innovation_id}),
            ),
        }),
    )
    .await?;
    let view = view_in(&mut tx, caller, &app.clock, id).await?;
    tx.commit().await?;
    Ok(view)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn participation_joins_invited_and_attended_in_vocabulary_order() {
        let invited = vec![
            GroupCount {
                group: ParticipantGroup::Academia,
                count: 3,
            },
            GroupCount {
                group: ParticipantGroup::ServiceUsers,
                count: 20,
            },
        ];
        let attended = vec![
            GroupCount {
                group: ParticipantGroup::ServiceUsers,
                count: 18,
            },
            GroupCount {
                group: ParticipantGroup::Media,
                count: 2,
            },
        ];
        let rows = participation(&invited, &attended);
        let shown: Vec<(ParticipantGroup, u32, u32)> = rows
            .iter()
            .map(|p| (p.group, p.invited, p.attended))
            .collect();
        assert_eq!(
            shown,
            vec![
                (ParticipantGroup::ServiceUsers, 20, 18),
                (ParticipantGroup::Academia, 3, 0),
                (ParticipantGroup::Media, 0, 2),
            ]
        );
    }
}

/// Where and by whom the caller may plan a forum, for the plan form's lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Planning {
    /// Plans anywhere (a national admin): the form offers every region.
    pub anywhere: bool,
    /// Plans somewhere at all.
    pub may_plan: bool,
    /// The regions the caller administers with their kabupaten/kota, then the regions of
    /// the agencies they operate: `(code, name)`, each once.
    pub regions: Vec<(String, String)>,
    /// The agencies that may hold a forum in `region`: those the caller operates, and the
    /// region's agencies when the caller administers it: `(id, name)`, each once; a chosen
    /// agency that is neither is kept with its name so that the form shows what was typed.
    pub agencies: Vec<(String, String)>,
}

/// Agencies of one region the plan form lists at most.
const PLAN_AGENCIES: u32 = 200;

/// The plan form's choices for the caller, with `region` and `agency` as chosen so far.
pub async fn planning(
    app: &App,
    caller: &Caller,
    region: &str,
    agency: &str,
) -> ServiceResult<Planning> {
    use lumbung_store::agencies::{self as agency_store, AgencyFilter};
    use lumbung_store::regions;
    let scope = caller.actor.write_scope();
    let mut conn = app.db.read().await?;
    let mut planning = Planning {
        anywhere: scope.all,
        may_plan: scope.all || !scope.regions.is_empty() || !scope.agencies.is_empty(),
        ..Planning::default()
    };
    let mut own_agencies = Vec::new();
    for id in &scope.agencies {
        match agency_store::get(&mut conn, *id).await {
            Ok(found) => own_agencies.push(found),
            Err(StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if !scope.all {
        for code in &scope.regions {
            let name = match regions::get(&mut conn, code).await {
                Ok(found) => found.name,
                Err(StoreError::NotFound) => code.to_string(),
                Err(e) => return Err(e.into()),
            };
            planning.regions.push((code.to_string(), name));
            for child in regions::list(&mut conn, Some(code), None).await? {
                planning
                    .regions
                    .push((child.code.to_string(), format!("— {}", child.name)));
            }
        }
        for found in &own_agencies {
            planning
                .regions
                .push((found.region_code.to_string(), found.region_name.clone()));
        }
    }
    for found in &own_agencies {
        planning.agencies.push((
            found.id.to_string(),
            format!("{} — {}", found.name, found.region_name),
        ));
    }
    if let Ok(code) = RegionCode::parse(region.trim())
        && caller.actor.is_admin_of(&code)
    {
        let filter = AgencyFilter {
            region: Some(code.clone()),
            q: None,
        };
        let found = agency_store::list(
            &mut conn,
            &filter,
            Paging::new(Some(1), Some(PLAN_AGENCIES)),
        )
        .await?;
        for listed in found.items.into_iter().filter(|a| a.region_code == code) {
            planning.agencies.push((listed.id.to_string(), listed.name));
        }
    }
    let agency = agency.trim();
    if !agency.is_empty() && !planning.agencies.iter().any(|(id, _)| id == agency) {
        let label = match Uuid::parse_str(agency) {
            Ok(id) => agency_store::get(&mut conn, id)
                .await
                .map_or_else(|_| agency.to_owned(), |found| found.name),
            Err(_) => agency.to_owned(),
        };
        planning.agencies.push((agency.to_owned(), label));
    }
    let mut seen = std::collections::BTreeSet::new();
    planning
        .regions
        .retain(|(code, _)| seen.insert(code.clone()));
    let mut seen = std::collections::BTreeSet::new();
    planning.agencies.retain(|(id, _)| seen.insert(id.clone()));
    Ok(planning)
}
