//! Complaints as stored: the per-year tracking sequence, complaints with their events and
//! attachments, the calendar (holidays) and SLA rules that time them, and theme links to the
//! innovations that answer them.
//!
//! Times are RFC 3339 UTC text; deadlines are the region's local days as `YYYY-MM-DD`; tags
//! are a JSON list. The service computes deadlines and checks steps; this layer only keeps.

use chrono::{DateTime, NaiveDate, Utc};
use lumbung_domain::complaint::{Holiday, HolidayKind, ScopedRule, SlaRule};
use lumbung_domain::region::RegionCode;
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::rows::{found, opt_id, opt_time, region};
use crate::sql::Sql;
use crate::users::parse_id;
use crate::{Conn, time};

// ---------------------------------------------------------------------------------------------
// Calendar

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HolidayRecord {
    pub id: Uuid,
    #[serde(flatten)]
    pub holiday: Holiday,
}

#[derive(FromRow)]
struct HolidayRow {
    id: String,
    day: String,
    kind: String,
    name: String,
    region_code: Option<String>,
}

impl TryFrom<HolidayRow> for HolidayRecord {
    type Error = StoreError;
    fn try_from(row: HolidayRow) -> StoreResult<HolidayRecord> {
        Ok(HolidayRecord {
            id: parse_id(&row.id)?,
            holiday: Holiday {
                date: time::parse_date(&row.day)?,
                kind: HolidayKind::from_code(&row.kind)
                    .ok_or_else(|| StoreError::corrupt(format!("holiday kind {}", row.kind)))?,
                name: row.name,
                region: row.region_code.as_deref().map(region).transpose()?,
            },
        })
    }
}

/// Loads a shipped national list once per year: later edits and deletions by admins stay.
/// Returns whether it was loaded now.
pub async fn ensure_holiday_year(
    conn: &mut Conn,
    year: i32,
    holidays: &[Holiday],
) -> StoreResult<bool> {
    let loaded: Option<(i64,)> = sqlx::query_as("SELECT year FROM holiday_years WHERE year = $1")
        .bind(i64::from(year))
        .fetch_optional(&mut *conn)
        .await?;
    if loaded.is_some() {
        return Ok(false);
    }
    sqlx::query("INSERT INTO holiday_years (year, loaded_at) VALUES ($1, $2)")
        .bind(i64::from(year))
        .bind(time::now_text())
        .execute(&mut *conn)
        .await?;
    for holiday in holidays {
        insert_holiday(conn, holiday, None).await?;
    }
    Ok(true)
}

pub async fn insert_holiday(
    conn: &mut Conn,
    holiday: &Holiday,
    created_by: Option<Uuid>,
) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO holidays (id, day, kind, name, region_code, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(time::date_to_text(holiday.date))
    .bind(holiday.kind.code().to_owned())
    .bind(holiday.name.clone())
    .bind(holiday.region.as_ref().map(|r| r.as_str().to_owned()))
    .bind(created_by.map(|u| u.to_string()))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

const HOLIDAY_SELECT: &str = "SELECT id, day, kind, name, region_code FROM holidays";

/// Every day off from `from` on (the calendar is small: tens of days a year per region).
pub async fn list_holidays(conn: &mut Conn, from: NaiveDate) -> StoreResult<Vec<HolidayRecord>> {
    let rows: Vec<HolidayRow> = sqlx::query_as(&format!(
        "{HOLIDAY_SELECT} WHERE day >= $1 ORDER BY day, name"
    ))
    .bind(time::date_to_text(from))
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(HolidayRecord::try_from).collect()
}

pub async fn get_holiday(conn: &mut Conn, id: Uuid) -> StoreResult<HolidayRecord> {
    let row: HolidayRow = sqlx::query_as(&format!("{HOLIDAY_SELECT} WHERE id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

pub async fn delete_holiday(conn: &mut Conn, id: Uuid) -> StoreResult<()> {
    let done = sqlx::query("DELETE FROM holidays WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    found(done.rows_affected())
}

// ---------------------------------------------------------------------------------------------
// SLA rules

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlaRuleRecord {
    pub id: Uuid,
    #[serde(flatten)]
    pub scoped: ScopedRule,
}

#[derive(FromRow)]
struct SlaRow {
    id: String,
    category: Option<String>,
    region_code: Option<String>,
    verification_days: i64,
    follow_up_days: i64,
}

impl TryFrom<SlaRow> for SlaRuleRecord {
    type Error = StoreError;
    fn try_from(row: SlaRow) -> StoreResult<SlaRuleRecord> {
        let days = |n: i64| u32::try_from(n).map_err(StoreError::corrupt);
        Ok(SlaRuleRecord {
            id: parse_id(&row.id)?,
            scoped: ScopedRule {
                category: row.category,
                region: row.region_code.as_deref().map(region).transpose()?,
                rule: SlaRule {
                    verification_days: days(row.verification_days)?,
                    follow_up_days: days(row.follow_up_days)?,
                },
            },
        })
    }
}

const SLA_SELECT: &str =
    "SELECT id, category, region_code, verification_days, follow_up_days FROM sla_rules";

pub async fn list_sla_rules(conn: &mut Conn) -> StoreResult<Vec<SlaRuleRecord>> {
    let rows: Vec<SlaRow> =
        sqlx::query_as(&format!("{SLA_SELECT} ORDER BY region_code, category, id"))
            .fetch_all(conn)
            .await?;
    rows.into_iter().map(SlaRuleRecord::try_from).collect()
}

pub async fn get_sla_rule(conn: &mut Conn, id: Uuid) -> StoreResult<SlaRuleRecord> {
    let row: SlaRow = sqlx::query_as(&format!("{SLA_SELECT} WHERE id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

/// Adds a rule, replacing the one of the same category and region if there is one.
pub async fn put_sla_rule(
    conn: &mut Conn,
    scoped: &ScopedRule,
    created_by: Option<Uuid>,
) -> StoreResult<Uuid> {
    let mut same = Sql::new("DELETE FROM sla_rules WHERE ");
    match &scoped.category {
        Some(category) => same.push("category = ").bind(category.clone()),
        None => same.push("category IS NULL"),
    };
    match &scoped.region {
        Some(region) => same
            .push(" AND region_code = ")
            .bind(region.as_str().to_owned()),
        None => same.push(" AND region_code IS NULL"),
    };
    let (text, args) = same.build()?;
    sqlx::query_with(&text, args).execute(&mut *conn).await?;
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO sla_rules (id, category, region_code, verification_days, follow_up_days, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(scoped.category.clone())
    .bind(scoped.region.as_ref().map(|r| r.as_str().to_owned()))
    .bind(i64::from(scoped.rule.verification_days))
    .bind(i64::from(scoped.rule.follow_up_days))
    .bind(created_by.map(|u| u.to_string()))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn delete_sla_rule(conn: &mut Conn, id: Uuid) -> StoreResult<()> {
    let done = sqlx::query("DELETE FROM sla_rules WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    found(done.rows_affected())
}

// ---------------------------------------------------------------------------------------------
// Complaints

/// The next tracking sequence of `year`, starting at 1. Atomic on both backends: the upsert
/// takes the row's lock until the transaction ends.
pub async fn next_sequence(conn: &mut Conn, year: i32) -> StoreResult<i64> {
    let (last,): (i64,) = sqlx::query_as(
        "INSERT INTO complaint_sequences (year, last) VALUES ($1, 1) \
         ON CONFLICT (year) DO UPDATE SET last = complaint_sequences.last + 1 RETURNING last",
    )
    .bind(i64::from(year))
    .fetch_one(conn)
    .await?;
    Ok(last)
}

/// A complaint as stored. The service decides what of it a reader may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplaintRecord {
    pub id: Uuid,
    pub tracking_number: String,
    pub year: i32,
    pub channel: String,
    pub category: String,
    pub tags: Vec<String>,
    pub region_code: RegionCode,
    pub region_name: String,
    pub agency_id: Option<Uuid>,
    pub agency_name: Option<String>,
    /// The assigned agency's own region (where its operators' grants are).
    pub agency_region: Option<RegionCode>,
    pub innovation_id: Option<Uuid>,
    pub innovation_name: Option<String>,
    pub subject: String,
    pub description: String,
    pub reporter_name: Option<String>,
    pub reporter_email: Option<String>,
    pub reporter_phone: Option<String>,
    pub anonymous: bool,
    #[serde(skip)]
    pub reporter_pin_hash: Option<String>,
    pub status: String,
    pub rejection_reason: Option<String>,
    pub duplicate_of: Option<Uuid>,
    pub answer: Option<String>,
    pub received_at: DateTime<Utc>,
    pub verify_by: NaiveDate,
    pub follow_up_by: NaiveDate,
    pub verified_at: Option<DateTime<Utc>>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub escalated_stage: Option<String>,
    pub escalated_to: Option<RegionCode>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct ComplaintRow {
    id: String,
    tracking_number: String,
    year: i64,
    channel: String,
    category: String,
    tags: String,
    region_code: String,
    region_name: String,
    agency_id: Option<String>,
    agency_name: Option<String>,
    agency_region: Option<String>,
    innovation_id: Option<String>,
    innovation_name: Option<String>,
    subject: String,
    description: String,
    reporter_name: Option<String>,
    reporter_email: Option<String>,
    reporter_phone: Option<String>,
    anonymous: i64,
    reporter_pin_hash: Option<String>,
    status: String,
    rejection_reason: Option<String>,
    duplicate_of: Option<String>,
    answer: Option<String>,
    received_at: String,
    verify_by: String,
    follow_up_by: String,
    verified_at: Option<String>,
    assigned_at: Option<String>,
    answered_at: Option<String>,
    closed_at: Option<String>,
    escalated_stage: Option<String>,
    escalated_to: Option<String>,
    escalated_at: Option<String>,
    updated_at: String,
}

impl TryFrom<ComplaintRow> for ComplaintRecord {
    type Error = StoreError;
    fn try_from(row: ComplaintRow) -> StoreResult<ComplaintRecord> {
        Ok(ComplaintRecord {
            id: parse_id(&row.id)?,
            tracking_number: row.tracking_number,
            year: i32::try_from(row.year).map_err(StoreError::corrupt)?,
            channel: row.channel,
            category: row.category,
            tags: serde_json::from_str(&row.tags).map_err(StoreError::corrupt)?,
            region_code: region(&row.region_code)?,
            region_name: row.region_name,
            agency_id: opt_id(row.agency_id.as_deref())?,
            agency_name: row.agency_name,
            agency_region: row.agency_region.as_deref().map(region).transpose()?,
            innovation_id: opt_id(row.innovation_id.as_deref())?,
            innovation_name: row.innovation_name,
            subject: row.subject,
            description: row.description,
            reporter_name: row.reporter_name,
            reporter_email: row.reporter_email,
            reporter_phone: row.reporter_phone,
            anonymous: row.anonymous != 0,
            reporter_pin_hash: row.reporter_pin_hash,
            status: row.status,
            rejection_reason: row.rejection_reason,
            duplicate_of: opt_id(row.duplicate_of.as_deref())?,
            answer: row.answer,
            received_at: time::parse(&row.received_at)?,
            verify_by: time::parse_date(&row.verify_by)?,
            follow_up_by: time::parse_date(&row.follow_up_by)?,
            verified_at: opt_time(row.verified_at.as_deref())?,
            assigned_at: opt_time(row.assigned_at.as_deref())?,
            answered_at: opt_time(row.answered_at.as_deref())?,
            closed_at: opt_time(row.closed_at.as_deref())?,
            escalated_stage: row.escalated_stage,
            escalated_to: row.escalated_to.as_deref().map(region).transpose()?,
            escalated_at: opt_time(row.escalated_at.as_deref())?,
            updated_at: time::parse(&row.updated_at)?,
        })
    }
}

const COMPLAINT_SELECT: &str = "SELECT c.id, c.tracking_number, c.year, c.channel, c.category, \
    c.tags, c.region_code, r.name AS region_name, c.agency_id, a.name AS agency_name, \
    a.region_code AS agency_region, \
    c.innovation_id, i.name AS innovation_name, c.subject, c.description, c.reporter_name, \
    c.reporter_email, c.reporter_phone, c.anonymous, c.reporter_pin_hash, c.status, \
    c.rejection_reason, c.duplicate_of, c.answer, c.received_at, c.verify_by, c.follow_up_by, \
    c.verified_at, c.assigned_at, c.answered_at, c.closed_at, c.escalated_stage, \
    c.escalated_to, c.escalated_at, c.updated_at FROM complaints c \
    JOIN regions r ON r.code = c.region_code \
    LEFT JOIN agencies a ON a.id = c.agency_id \
    LEFT JOIN innovations i ON i.id = c.innovation_id";

pub struct NewComplaint<'a> {
    pub id: Uuid,
    pub tracking_number: &'a str,
    pub year: i32,
    pub channel: &'a str,
    pub category: &'a str,
    pub tags: &'a [String],
    pub region_code: &'a RegionCode,
    pub agency_id: Option<Uuid>,
    pub innovation_id: Option<Uuid>,
    pub subject: &'a str,
    pub description: &'a str,
    pub reporter_name: Option<&'a str>,
    pub reporter_email: Option<&'a str>,
    pub reporter_phone: Option<&'a str>,
    pub anonymous: bool,
    pub reporter_pin_hash: Option<&'a str>,
    pub status: &'a str,
    pub received_at: DateTime<Utc>,
    pub verify_by: NaiveDate,
    pub follow_up_by: NaiveDate,
    pub created_by: Option<Uuid>,
}

fn tags_text(tags: &[String]) -> StoreResult<String> {
    serde_json::to_string(tags).map_err(StoreError::corrupt)
}

pub async fn insert_complaint(conn: &mut Conn, new: &NewComplaint<'_>) -> StoreResult<()> {
    let now = time::now_text();
    sqlx::query(
        "INSERT INTO complaints (id, tracking_number, year, channel, category, tags, region_code, \
         agency_id, innovation_id, subject, description, reporter_name, reporter_email, \
         reporter_phone, anonymous, reporter_pin_hash, status, received_at, verify_by, \
         follow_up_by, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, \
         $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22)",
    )
    .bind(new.id.to_string())
    .bind(new.tracking_number.to_owned())
    .bind(i64::from(new.year))
    .bind(new.channel.to_owned())
    .bind(new.category.to_owned())
    .bind(tags_text(new.tags)?)
    .bind(new.region_code.as_str().to_owned())
    .bind(new.agency_id.map(|u| u.to_string()))
    .bind(new.innovation_id.map(|u| u.to_string()))
    .bind(new.subject.to_owned())
    .bind(new.description.to_owned())
    .bind(new.reporter_name.map(str::to_owned))
    .bind(new.reporter_email.map(str::to_owned))
    .bind(new.reporter_phone.map(str::to_owned))
    .bind(i64::from(new.anonymous))
    .bind(new.reporter_pin_hash.map(str::to_owned))
    .bind(new.status.to_owned())
    .bind(time::to_text(new.received_at))
    .bind(time::date_to_text(new.verify_by))
    .bind(time::date_to_text(new.follow_up_by))
    .bind(new.created_by.map(|u| u.to_string()))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get_complaint(conn: &mut Conn, id: Uuid) -> StoreResult<ComplaintRecord> {
    let row: ComplaintRow = sqlx::query_as(&format!("{COMPLAINT_SELECT} WHERE c.id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

pub async fn get_by_tracking_number(conn: &mut Conn, number: &str) -> StoreResult<ComplaintRecord> {
    let row: ComplaintRow =
        sqlx::query_as(&format!("{COMPLAINT_SELECT} WHERE c.tracking_number = $1"))
            .bind(number.to_owned())
            .fetch_one(conn)
            .await?;
    row.try_into()
}

/// Writes what a step changes, only if the complaint is still at `from` (two officers acting
/// at once cannot both succeed): `Conflict` when it moved meanwhile.
pub async fn save_progress(
    conn: &mut Conn,
    complaint: &ComplaintRecord,
    from: &str,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE complaints SET status = $1, rejection_reason = $2, duplicate_of = $3, \
         answer = $4, agency_id = $5, innovation_id = $6, category = $7, tags = $8, \
         verify_by = $9, follow_up_by = $10, verified_at = $11, assigned_at = $12, \
         answered_at = $13, closed_at = $14, escalated_stage = $15, escalated_to = $16, \
         escalated_at = $17, updated_at = $18 WHERE id = $19 AND status = $20",
    )
    .bind(complaint.status.clone())
    .bind(complaint.rejection_reason.clone())
    .bind(complaint.duplicate_of.map(|u| u.to_string()))
    .bind(complaint.answer.clone())
    .bind(complaint.agency_id.map(|u| u.to_string()))
    .bind(complaint.innovation_id.map(|u| u.to_string()))
    .bind(complaint.category.clone())
    .bind(tags_text(&complaint.tags)?)
    .bind(time::date_to_text(complaint.verify_by))
    .bind(time::date_to_text(complaint.follow_up_by))
    .bind(complaint.verified_at.map(time::to_text))
    .bind(complaint.assigned_at.map(time::to_text))
    .bind(complaint.answered_at.map(time::to_text))
    .bind(complaint.closed_at.map(time::to_text))
    .bind(complaint.escalated_stage.clone())
    .bind(
        complaint
            .escalated_to
            .as_ref()
            .map(|r| r.as_str().to_owned()),
    )
    .bind(complaint.escalated_at.map(time::to_text))
    .bind(time::now_text())
    .bind(complaint.id.to_string())
    .bind(from.to_owned())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        get_complaint(conn, complaint.id).await?;
        return Err(StoreError::Conflict(format!(
            "complaint {} is no longer {from}",
            complaint.id
        )));
    }
    Ok(())
}

/// Marks a complaint escalated at `stage`, unless it already is: of two escalation runs
/// reaching it at once, only the one that gets `true` records the escalation.
pub async fn claim_escalation(
    conn: &mut Conn,
    id: Uuid,
    stage: &str,
    to: &RegionCode,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE complaints SET escalated_stage = $1, escalated_to = $2, escalated_at = $3 \
         WHERE id = $4 AND (escalated_stage IS NULL OR escalated_stage <> $1)",
    )
    .bind(stage.to_owned())
    .bind(to.as_str().to_owned())
    .bind(time::to_text(at))
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Which complaints to list; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct ComplaintFilter {
    /// Complaints about this subtree.
    pub region: Option<RegionCode>,
    pub agency: Option<Uuid>,
    pub innovation: Option<Uuid>,
    pub statuses: Vec<String>,
    pub year: Option<i32>,
    pub category: Option<String>,
    pub limit: Option<i64>,
}

pub async fn list_complaints(
    conn: &mut Conn,
    filter: &ComplaintFilter,
) -> StoreResult<Vec<ComplaintRecord>> {
    let mut sql = Sql::new(&format!("{COMPLAINT_SELECT} WHERE TRUE"));
    if let Some(region) = &filter.region {
        sql.push(" AND ").in_subtree("c.region_code", region);
    }
    if let Some(agency) = filter.agency {
        sql.push(" AND c.agency_id = ").bind(agency.to_string());
    }
    if let Some(innovation) = filter.innovation {
        sql.push(" AND c.innovation_id = ")
            .bind(innovation.to_string());
    }
    if !filter.statuses.is_empty() {
        sql.push(" AND ")
            .in_list("c.status", filter.statuses.iter().cloned());
    }
    if let Some(year) = filter.year {
        sql.push(" AND c.year = ").bind(i64::from(year));
    }
    if let Some(category) = &filter.category {
        sql.push(" AND c.category = ").bind(category.clone());
    }
    sql.push(" ORDER BY c.received_at DESC, c.id DESC");
    if let Some(limit) = filter.limit {
        sql.push(" LIMIT ").bind(limit);
    }
    let (text, args) = sql.build()?;
    let rows: Vec<ComplaintRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter().map(ComplaintRecord::try_from).collect()
}

/// What the resolution ratio needs of each complaint received in `year` in a subtree.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct CountedRow {
    pub agency_id: Option<String>,
    pub innovation_id: Option<String>,
    pub status: String,
    pub rejection_reason: Option<String>,
}

pub async fn counted(
    conn: &mut Conn,
    region: &RegionCode,
    year: i32,
) -> StoreResult<Vec<CountedRow>> {
    let mut sql = Sql::new(
        "SELECT c.agency_id, c.innovation_id, c.status, c.rejection_reason FROM complaints c \
         WHERE c.year = ",
    );
    sql.bind(i64::from(year))
        .push(" AND ")
        .in_subtree("c.region_code", region);
    let (text, args) = sql.build()?;
    Ok(sqlx::query_as_with(&text, args).fetch_all(conn).await?)
}

/// Category and tags of the complaints about a subtree received since `since` and not
/// rejected, for the recurring themes.
pub async fn theme_samples(
    conn: &mut Conn,
    region: &RegionCode,
    since: DateTime<Utc>,
) -> StoreResult<Vec<(String, Vec<String>)>> {
    let mut sql = Sql::new("SELECT c.category, c.tags FROM complaints c WHERE c.received_at >= ");
    sql.bind(time::to_text(since))
        .push(" AND c.status <> 'rejected' AND ")
        .in_subtree("c.region_code", region);
    let (text, args) = sql.build()?;
    let rows: Vec<(String, String)> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter()
        .map(|(category, tags)| {
            Ok((
                category,
                serde_json::from_str(&tags).map_err(StoreError::corrupt)?,
            ))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Events

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRecord {
    pub id: Uuid,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: Option<String>,
    pub public: bool,
    /// The officer's label, `pelapor` or `sistem`.
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(FromRow)]
struct EventRow {
    id: String,
    kind: String,
    from_status: Option<String>,
    to_status: Option<String>,
    note: Option<String>,
    public: i64,
    actor: String,
    at: String,
}

pub struct NewEvent<'a> {
    pub complaint_id: Uuid,
    pub kind: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: Option<&'a str>,
    pub note: Option<&'a str>,
    pub public: bool,
    pub actor: &'a str,
    pub at: DateTime<Utc>,
}

pub async fn insert_event(conn: &mut Conn, new: &NewEvent<'_>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO complaint_events (id, complaint_id, kind, from_status, to_status, note, \
         public, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(new.complaint_id.to_string())
    .bind(new.kind.to_owned())
    .bind(new.from_status.map(str::to_owned))
    .bind(new.to_status.map(str::to_owned))
    .bind(new.note.map(str::to_owned))
    .bind(i64::from(new.public))
    .bind(new.actor.to_owned())
    .bind(time::to_text(new.at))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn list_events(
    conn: &mut Conn,
    complaint: Uuid,
    public_only: bool,
) -> StoreResult<Vec<EventRecord>> {
    let filter = if public_only { " AND public = 1" } else { "" };
    let rows: Vec<EventRow> = sqlx::query_as(&format!(
        "SELECT id, kind, from_status, to_status, note, public, actor, at FROM complaint_events \
         WHERE complaint_id = $1{filter} ORDER BY at, id"
    ))
    .bind(complaint.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(EventRecord {
                id: parse_id(&row.id)?,
                kind: row.kind,
                from_status: row.from_status,
                to_status: row.to_status,
                note: row.note,
                public: row.public != 0,
                actor: row.actor,
                at: time::parse(&row.at)?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Attachments

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentRecord {
    pub id: Uuid,
    pub complaint_id: Uuid,
    #[serde(skip)]
    pub blob_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

pub struct NewAttachment<'a> {
    pub complaint_id: Uuid,
    pub blob_key: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
}

pub async fn insert_attachment(conn: &mut Conn, new: &NewAttachment<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO complaint_attachments (id, complaint_id, blob_key, file_name, content_type, \
         size, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(new.complaint_id.to_string())
    .bind(new.blob_key.to_owned())
    .bind(new.file_name.to_owned())
    .bind(new.content_type.to_owned())
    .bind(new.size)
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

type AttachmentRow = (String, String, String, String, String, i64);

fn attachment(row: AttachmentRow) -> StoreResult<AttachmentRecord> {
    Ok(AttachmentRecord {
        id: parse_id(&row.0)?,
        complaint_id: parse_id(&row.1)?,
        blob_key: row.2,
        file_name: row.3,
        content_type: row.4,
        size: row.5,
    })
}

const ATTACHMENT_SELECT: &str = "SELECT id, complaint_id, blob_key, file_name, content_type, size \
    FROM complaint_attachments";

pub async fn list_attachments(
    conn: &mut Conn,
    complaint: Uuid,
) -> StoreResult<Vec<AttachmentRecord>> {
    let rows: Vec<AttachmentRow> = sqlx::query_as(&format!(
        "{ATTACHMENT_SELECT} WHERE complaint_id = $1 ORDER BY id"
    ))
    .bind(complaint.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(attachment).collect()
}

pub async fn get_attachment(conn: &mut Conn, id: Uuid) -> StoreResult<AttachmentRecord> {
    let row: AttachmentRow = sqlx::query_as(&format!("{ATTACHMENT_SELECT} WHERE id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    attachment(row)
}

// ---------------------------------------------------------------------------------------------
// Theme links

/// A complaint theme answered by an innovation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeLinkRecord {
    pub id: Uuid,
    pub region_code: RegionCode,
    pub region_name: String,
    pub category: String,
    pub tag: Option<String>,
    pub innovation_id: Uuid,
    pub innovation_name: String,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct ThemeLinkRow {
    id: String,
    region_code: String,
    region_name: String,
    category: String,
    tag: Option<String>,
    innovation_id: String,
    innovation_name: String,
    note: Option<String>,
    created_at: String,
}

impl TryFrom<ThemeLinkRow> for ThemeLinkRecord {
    type Error = StoreError;
    fn try_from(row: ThemeLinkRow) -> StoreResult<ThemeLinkRecord> {
        Ok(ThemeLinkRecord {
            id: parse_id(&row.id)?,
            region_code: region(&row.region_code)?,
            region_name: row.region_name,
            category: row.category,
            tag: row.tag,
            innovation_id: parse_id(&row.innovation_id)?,
            innovation_name: row.innovation_name,
            note: row.note,
            created_at: time::parse(&row.created_at)?,
        })
    }
}

const LINK_SELECT: &str = "SELECT l.id, l.region_code, r.name AS region_name, l.category, l.tag, \
    l.innovation_id, i.name AS innovation_name, l.note, l.created_at FROM theme_links l \
    JOIN regions r ON r.code = l.region_code JOIN innovations i ON i.id = l.innovation_id";

pub struct NewThemeLink<'a> {
    pub region_code: &'a RegionCode,
    pub category: &'a str,
    pub tag: Option<&'a str>,
    pub innovation_id: Uuid,
    pub note: Option<&'a str>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_theme_link(conn: &mut Conn, new: &NewThemeLink<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO theme_links (id, region_code, category, tag, innovation_id, note, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(new.region_code.as_str().to_owned())
    .bind(new.category.to_owned())
    .bind(new.tag.map(str::to_owned))
    .bind(new.innovation_id.to_string())
    .bind(new.note.map(str::to_owned))
    .bind(new.created_by.map(|u| u.to_string()))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn get_theme_link(conn: &mut Conn, id: Uuid) -> StoreResult<ThemeLinkRecord> {
    let row: ThemeLinkRow = sqlx::query_as(&format!("{LINK_SELECT} WHERE l.id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

pub async fn delete_theme_link(conn: &mut Conn, id: Uuid) -> StoreResult<()> {
    let done = sqlx::query("DELETE FROM theme_links WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    found(done.rows_affected())
}

/// Links of an innovation, or links whose region covers or lies in `region`'s subtree.
pub async fn list_theme_links(
    conn: &mut Conn,
    innovation: Option<Uuid>,
    region: Option<&RegionCode>,
) -> StoreResult<Vec<ThemeLinkRecord>> {
    let mut sql = Sql::new(&format!("{LINK_SELECT} WHERE TRUE"));
    if let Some(innovation) = innovation {
        sql.push(" AND l.innovation_id = ")
            .bind(innovation.to_string());
    }
    if let Some(region) = region {
        // A province's link covers its regencies' complaints; a regency's is its own.
        let mut ancestors = Vec::new();
        let mut next = region.parent();
        while let Some(parent) = next {
            ancestors.push(parent.as_str().to_owned());
            next = parent.parent();
        }
        sql.push(" AND (")
            .in_subtree("l.region_code", region)
            .push(" OR ")
            .in_list("l.region_code", ancestors)
            .push(")");
    }
    sql.push(" ORDER BY l.category, l.tag, l.created_at");
    let (text, args) = sql.build()?;
    let rows: Vec<ThemeLinkRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter().map(ThemeLinkRecord::try_from).collect()
}

// ---------------------------------------------------------------------------------------------
// Who to tell

/// E-mail addresses of active users holding one of `roles` exactly on `region` (and, when
/// given, on `agency`): the officers a notification or an escalation goes to.
pub async fn recipients(
    conn: &mut Conn,
    roles: &[&str],
    region: &RegionCode,
    agency: Option<Uuid>,
) -> StoreResult<Vec<String>> {
    let mut sql = Sql::new(
        "SELECT DISTINCT u.email FROM role_grants g JOIN users u ON u.id = g.user_id \
         WHERE NOT u.disabled AND g.region_code = ",
    );
    sql.bind(region.as_str().to_owned())
        .push(" AND ")
        .in_list("g.role", roles.iter());
    if let Some(agency) = agency {
        sql.push(" AND g.agency_id = ").bind(agency.to_string());
    }
    sql.push(" ORDER BY u.email");
    let (text, args) = sql.build()?;
    let rows: Vec<(String,)> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(email,)| email).collect())
}

/// An innovation of a region as the resolution ratio needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionInnovation {
    pub id: Uuid,
    pub name: String,
    pub agency_id: Uuid,
}

/// The innovations a region itself owns (not its regencies'), by name.
pub async fn innovations_of_region(
    conn: &mut Conn,
    region: &RegionCode,
) -> StoreResult<Vec<RegionInnovation>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, name, agency_id FROM innovations WHERE region_code = $1 ORDER BY name, id",
    )
    .bind(region.as_str().to_owned())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, name, agency)| {
            Ok(RegionInnovation {
                id: parse_id(&id)?,
                name,
                agency_id: parse_id(&agency)?,
            })
        })
        .collect()
}
