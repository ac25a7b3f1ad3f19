//! A case's action plan, mentoring log and progress reports.

use chrono::NaiveDate;
use lumbung_domain::FieldErrors;
use lumbung_domain::parse::parse_date;
use lumbung_domain::replication::{ActionItem, ActionItemInput, ItemStatus, MentoringMode};
use lumbung_store::Conn;
use lumbung_store::replications::{
    self as store, ItemFields, ItemRecord, NewReport, NewSession, ReportRecord, SessionRecord,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::{load_case, require_open, sides, today_of};
use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// An item as stored, with its parsed form.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub id: Uuid,
    pub position: i64,
    #[serde(flatten)]
    pub item: ActionItem,
    pub status_label: &'static str,
    pub overdue: bool,
}

fn parse_record(record: &ItemRecord) -> ServiceResult<ActionItem> {
    let decimal = |text: &str| {
        text.parse::<Decimal>()
            .map_err(|e| ServiceError::internal(format!("decimal {text}: {e}")))
    };
    Ok(ActionItem {
        activity: record.activity.clone(),
        responsible_agency_id: record.responsible_agency_id,
        person_in_charge: record.person_in_charge.clone(),
        start: record.start_on,
        target: record.target_on,
        output: record.output.clone(),
        budget: record.budget.as_deref().map(decimal).transpose()?,
        status: ItemStatus::from_code(&record.status)
            .ok_or_else(|| ServiceError::internal(format!("item status {}", record.status)))?,
        progress: u8::try_from(record.progress).map_err(ServiceError::internal)?,
        weight: decimal(&record.weight)?,
        evidence: record.evidence.clone(),
    })
}

/// The items of the given cases as (case, item), by case then position.
pub(crate) async fn items_in(
    conn: &mut Conn,
    cases: &[Uuid],
) -> ServiceResult<Vec<(Uuid, ActionItem)>> {
    store::items_of(conn, cases)
        .await?
        .iter()
        .map(|record| Ok((record.case_id, parse_record(record)?)))
        .collect()
}

fn fields(item: &ActionItem) -> ItemFields<'_> {
    ItemFields {
        activity: &item.activity,
        responsible_agency_id: item.responsible_agency_id,
        person_in_charge: &item.person_in_charge,
        start_on: item.start,
        target_on: item.target,
        output: &item.output,
        budget: item.budget.map(|b| b.to_string()),
        status: item.status.code(),
        progress: i64::from(item.progress),
        weight: item.weight.to_string(),
        evidence: item.evidence.as_deref(),
    }
}

/// The case's plan; for the parties.
pub async fn items(app: &App, caller: &Caller, case: Uuid) -> ServiceResult<Vec<ItemView>> {
    let mut conn = app.db.read().await?;
    let record = load_case(&mut conn, case).await?;
    if !sides(&mut conn, caller, &record).await?.any() {
        return Err(ServiceError::NotFound("rencana aksi"));
    }
    let today = today_of(&record);
    store::items_of(&mut conn, &[case])
        .await?
        .iter()
        .map(|record| {
            let item = parse_record(record)?;
            Ok(ItemView {
                id: record.id,
                position: record.position,
                status_label: item.status.label(),
                overdue: item.is_overdue(today),
                item,
            })
        })
        .collect()
}

/// Checks that the caller keeps the plan of an open case (the adopter or the organiser).
async fn plan_keeper(conn: &mut Conn, caller: &Caller, case: Uuid) -> ServiceResult<String> {
    let record = load_case(conn, case).await?;
    require_open(&record)?;
    let sides = sides(conn, caller, &record).await?;
    if !(sides.adopter || sides.organiser) {
        return Err(ServiceError::Forbidden(
            "rencana aksi disusun daerah replikator atau penyelenggara program".into(),
        ));
    }
    Ok(record.adopter_region_code.to_string())
}

/// Adds (`item` none) or replaces an item of an open case's plan.
pub async fn save_item(
    app: &App,
    caller: &Caller,
    case: Uuid,
    item: Option<Uuid>,
    input: &ActionItemInput,
) -> ServiceResult<Vec<ItemView>> {
    let parsed = ActionItem::parse(input)?;
    let mut tx = app.db.begin().await?;
    let region = plan_keeper(&mut tx, caller, case).await?;
    let id = match item {
        Some(id) => {
            store::update_item(&mut tx, case, id, &fields(&parsed))
                .await
                .map_err(|e| match e {
                    lumbung_store::StoreError::NotFound => ServiceError::NotFound("kegiatan"),
                    other => other.into(),
                })?;
            id
        }
        None => store::insert_item(&mut tx, case, &fields(&parsed)).await?,
    };
    store::touch_case(&mut tx, case).await?;
    audit::record(
        &mut tx,
        caller,
        if item.is_some() {
            "update_item"
        } else {
            "add_item"
        },
        "replication_case",
        &case.to_string(),
        Some(&region),
        json!({"item": id, "activity": parsed.activity, "status": parsed.status.code(),
               "progress": parsed.progress}),
    )
    .await?;
    tx.commit().await?;
    items(app, caller, case).await
}

pub async fn delete_item(
    app: &App,
    caller: &Caller,
    case: Uuid,
    item: Uuid,
) -> ServiceResult<Vec<ItemView>> {
    let mut tx = app.db.begin().await?;
    let region = plan_keeper(&mut tx, caller, case).await?;
    store::delete_item(&mut tx, case, item)
        .await
        .map_err(|_| ServiceError::NotFound("kegiatan"))?;
    audit::record(
        &mut tx,
        caller,
        "delete_item",
        "replication_case",
        &case.to_string(),
        Some(&region),
        json!({"item": item}),
    )
    .await?;
    tx.commit().await?;
    items(app, caller, case).await
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SessionInput {
    pub held_on: String,
    pub mentor: String,
    /// visit, online, bimtek
    pub mode: String,
    pub notes: String,
    #[serde(default)]
    pub follow_ups: String,
}

/// Records a mentoring session on an open case (any party, the organiser, its mentors'
/// admins).
pub async fn add_session(
    app: &App,
    caller: &Caller,
    case: Uuid,
    input: &SessionInput,
) -> ServiceResult<Vec<SessionRecord>> {
    let today = adopters_today(app, case).await?;
    let mut errors = FieldErrors::new();
    let held_on = parse_date(&input.held_on)
        .map_err(|e| errors.add("held_on", e))
        .ok();
    if held_on.is_some_and(|day| day > today) {
        errors.add(
            "held_on",
            "sesi yang dicatat sudah berlangsung; tanggal tidak boleh setelah hari ini",
        );
    }
    let mode = MentoringMode::parse(&input.mode).ok();
    if mode.is_none() {
        errors.add(
            "mode",
            "pilih kunjungan lapangan, daring, atau bimbingan teknis",
        );
    }
    if input.mentor.trim().is_empty() {
        errors.add("mentor", "isi nama pendamping");
    }
    if input.notes.trim().is_empty() {
        errors.add("notes", "isi catatan pendampingan");
    }
    let (Some(held_on), Some(mode), true) = (held_on, mode, errors.is_empty()) else {
        return Err(errors.into());
    };
    let mut tx = app.db.begin().await?;
    let record = load_case(&mut tx, case).await?;
    require_open(&record)?;
    let sides = sides(&mut tx, caller, &record).await?;
    if !(sides.owner || sides.adopter || sides.organiser) {
        return Err(ServiceError::forbidden());
    }
    store::insert_session(
        &mut tx,
        &NewSession {
            case_id: case,
            held_on,
            mentor: input.mentor.trim(),
            mode: mode.code(),
            notes: input.notes.trim(),
            follow_ups: input.follow_ups.trim(),
            created_by: caller.user_id(),
        },
    )
    .await?;
    store::touch_case(&mut tx, case).await?;
    audit::record(
        &mut tx,
        caller,
        "add_mentoring",
        "replication_case",
        &case.to_string(),
        Some(record.adopter_region_code.as_str()),
        json!({"held_on": held_on, "mode": mode.code(), "mentor": input.mentor.trim()}),
    )
    .await?;
    let sessions = store::list_sessions(&mut tx, case).await?;
    tx.commit().await?;
    Ok(sessions)
}

pub async fn sessions(app: &App, caller: &Caller, case: Uuid) -> ServiceResult<Vec<SessionRecord>> {
    let mut conn = app.db.read().await?;
    let record = load_case(&mut conn, case).await?;
    if !sides(&mut conn, caller, &record).await?.any() {
        return Err(ServiceError::NotFound("catatan pendampingan"));
    }
    Ok(store::list_sessions(&mut conn, case).await?)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReportInput {
    /// Today when empty.
    #[serde(default)]
    pub reported_on: Option<NaiveDate>,
    pub progress: u8,
    #[serde(default)]
    pub obstacles: String,
    pub next_steps: String,
}

/// The adopter's periodic progress report on an open case.
pub async fn add_report(
    app: &App,
    caller: &Caller,
    case: Uuid,
    input: &ReportInput,
) -> ServiceResult<Vec<ReportRecord>> {
    let mut errors = FieldErrors::new();
    if input.progress > 100 {
        errors.add("progress", "kemajuan 0 sampai 100 persen");
    }
    if input.next_steps.trim().is_empty() {
        errors.add("next_steps", "isi langkah berikutnya");
    }
    let today = adopters_today(app, case).await?;
    let reported_on = input.reported_on.unwrap_or(today);
    if reported_on > today {
        errors.add(
            "reported_on",
            "tanggal laporan tidak boleh setelah hari ini",
        );
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut tx = app.db.begin().await?;
    let record = load_case(&mut tx, case).await?;
    require_open(&record)?;
    if !sides(&mut tx, caller, &record).await?.adopter {
        return Err(ServiceError::Forbidden(
            "laporan kemajuan disampaikan daerah replikator".into(),
        ));
    }
    store::insert_report(
        &mut tx,
        &NewReport {
            case_id: case,
            reported_on,
            progress: i64::from(input.progress),
            obstacles: input.obstacles.trim(),
            next_steps: input.next_steps.trim(),
            created_by: caller.user_id(),
        },
    )
    .await?;
    store::touch_case(&mut tx, case).await?;
    audit::record(
        &mut tx,
        caller,
        "report",
        "replication_case",
        &case.to_string(),
        Some(record.adopter_region_code.as_str()),
        json!({"reported_on": reported_on, "progress": input.progress}),
    )
    .await?;
    let reports = store::reports_of(&mut tx, &[case]).await?;
    tx.commit().await?;
    Ok(reports)
}

pub async fn reports(app: &App, caller: &Caller, case: Uuid) -> ServiceResult<Vec<ReportRecord>> {
    let mut conn = app.db.read().await?;
    let record = load_case(&mut conn, case).await?;
    if !sides(&mut conn, caller, &record).await?.any() {
        return Err(ServiceError::NotFound("laporan kemajuan"));
    }
    Ok(store::reports_of(&mut conn, &[case]).await?)
}

/// Today where the adopter of `case` works, read before the form is checked so that every
/// field error is found at once.
async fn adopters_today(app: &App, case: Uuid) -> ServiceResult<NaiveDate> {
    let mut conn = app.db.read().await?;
    Ok(today_of(&load_case(&mut conn, case).await?))
}
