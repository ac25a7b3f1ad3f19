//! Public consultation forums (FKP) as stored: the forum with its plan and, once held, its
//! attendance and minutes; its agreements in the order they were reached, each with its
//! follow-up and the innovation that answers it.
//!
//! Group counts (invited, attendance) are JSON text the service writes and reads through the
//! domain's `GroupCount`; statuses are the domain's vocabulary codes; days are `YYYY-MM-DD`.

use chrono::{DateTime, NaiveDate, Utc};
use lumbung_domain::region::RegionCode;
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::rows::{found, opt_id, region};
use crate::sql::{Page, Paging, Sql};
use crate::users::parse_id;
use crate::{Conn, time};

// ---------------------------------------------------------------------------------------------
// Forums

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsultationRecord {
    pub id: Uuid,
    pub region_code: RegionCode,
    pub region_name: String,
    pub agency_id: Option<Uuid>,
    pub agency_name: Option<String>,
    pub topic: String,
    pub service: String,
    pub planned_on: NaiveDate,
    pub place: String,
    /// JSON list of {group, count}.
    pub invited: String,
    pub status: String,
    pub held_on: Option<NaiveDate>,
    /// JSON list of {group, count}, once held.
    pub attendance: Option<String>,
    /// The minutes once held.
    pub minutes: Option<String>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// How many agreements the forum reached, how many are done.
    pub agreements_total: i64,
    pub agreements_done: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct ConsultationRow {
    id: String,
    region_code: String,
    region_name: String,
    agency_id: Option<String>,
    agency_name: Option<String>,
    topic: String,
    service: String,
    planned_on: String,
    place: String,
    invited: String,
    status: String,
    held_on: Option<String>,
    attendance: Option<String>,
    minutes: Option<String>,
    cancel_reason: Option<String>,
    agreements_total: i64,
    agreements_done: i64,
    created_at: String,
    updated_at: String,
}

impl TryFrom<ConsultationRow> for ConsultationRecord {
    type Error = StoreError;
    fn try_from(row: ConsultationRow) -> StoreResult<ConsultationRecord> {
        Ok(ConsultationRecord {
            id: parse_id(&row.id)?,
            region_code: region(&row.region_code)?,
            region_name: row.region_name,
            agency_id: opt_id(row.agency_id.as_deref())?,
            agency_name: row.agency_name,
            topic: row.topic,
            service: row.service,
            planned_on: time::parse_date(&row.planned_on)?,
            place: row.place,
            invited: row.invited,
            status: row.status,
            held_on: time::parse_opt_date(row.held_on.as_deref())?,
            attendance: row.attendance,
            minutes: row.minutes,
            cancel_reason: row.cancel_reason,
            agreements_total: row.agreements_total,
            agreements_done: row.agreements_done,
            created_at: time::parse(&row.created_at)?,
            updated_at: time::parse(&row.updated_at)?,
        })
    }
}

const SELECT: &str = "SELECT c.id, c.region_code, r.name AS region_name, c.agency_id, \
    g.name AS agency_name, c.topic, c.service, c.planned_on, c.place, c.invited, c.status, \
    c.held_on, c.attendance, c.minutes, c.cancel_reason, \
    (SELECT COUNT(*) FROM consultation_agreements a WHERE a.consultation_id = c.id) \
    AS agreements_total, \
    (SELECT COUNT(*) FROM consultation_agreements a WHERE a.consultation_id = c.id \
    AND a.status = 'done') AS agreements_done, \
    c.created_at, c.updated_at FROM consultations c \
    JOIN regions r ON r.code = c.region_code \
    LEFT JOIN agencies g ON g.id = c.agency_id";

/// A forum's plan: what the planning stage decides.
pub struct PlanFields<'a> {
    pub region_code: &'a RegionCode,
    pub agency_id: Option<Uuid>,
    pub topic: &'a str,
    pub service: &'a str,
    pub planned_on: NaiveDate,
    pub place: &'a str,
    /// JSON list of {group, count}.
    pub invited: &'a str,
}

/// Inserts a planned forum.
pub async fn insert(
    conn: &mut Conn,
    fields: &PlanFields<'_>,
    status: &str,
    created_by: Option<Uuid>,
) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO consultations (id, region_code, agency_id, topic, service, planned_on, \
         place, invited, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(id.to_string())
    .bind(fields.region_code.as_str().to_owned())
    .bind(fields.agency_id.map(|u| u.to_string()))
    .bind(fields.topic.to_owned())
    .bind(fields.service.to_owned())
    .bind(time::date_to_text(fields.planned_on))
    .bind(fields.place.to_owned())
    .bind(fields.invited.to_owned())
    .bind(status.to_owned())
    .bind(created_by.map(|u| u.to_string()))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

/// Replaces a forum's plan (region included), only while it is still `status`; `Conflict`
/// when it moved meanwhile.
pub async fn update_plan(
    conn: &mut Conn,
    id: Uuid,
    fields: &PlanFields<'_>,
    status: &str,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE consultations SET region_code = $1, agency_id = $2, topic = $3, service = $4, \
         planned_on = $5, place = $6, invited = $7, updated_at = $8 \
         WHERE id = $9 AND status = $10",
    )
    .bind(fields.region_code.as_str().to_owned())
    .bind(fields.agency_id.map(|u| u.to_string()))
    .bind(fields.topic.to_owned())
    .bind(fields.service.to_owned())
    .bind(time::date_to_text(fields.planned_on))
    .bind(fields.place.to_owned())
    .bind(fields.invited.to_owned())
    .bind(time::now_text())
    .bind(id.to_string())
    .bind(status.to_owned())
    .execute(&mut *conn)
    .await?;
    moved(conn, id, done.rows_affected(), status).await
}

/// `Ok` when a guarded update touched the forum; `NotFound` when there is no such forum,
/// `Conflict` when it is no longer at `from`.
async fn moved(conn: &mut Conn, id: Uuid, rows: u64, from: &str) -> StoreResult<()> {
    if rows > 0 {
        return Ok(());
    }
    get(conn, id).await?;
    Err(StoreError::Conflict(format!(
        "consultation {id} is no longer {from}"
    )))
}

pub async fn get(conn: &mut Conn, id: Uuid) -> StoreResult<ConsultationRecord> {
    let row: ConsultationRow = sqlx::query_as(&format!("{SELECT} WHERE c.id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

/// Which forums to list; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct ConsultationFilter {
    /// Forums of this region's subtree.
    pub region: Option<RegionCode>,
    /// Forums of any of these subtrees or agencies (a caller's scope); `None` for all.
    pub scope: Option<(Vec<RegionCode>, Vec<Uuid>)>,
    /// Forums planned in this year.
    pub year: Option<i32>,
    pub status: Option<String>,
}

fn push_filter(sql: &mut Sql, filter: &ConsultationFilter) {
    sql.push(" WHERE TRUE");
    if let Some(region) = &filter.region {
        sql.push(" AND ").in_subtree("c.region_code", region);
    }
    if let Some((regions, agencies)) = &filter.scope {
        sql.push(" AND (FALSE");
        for region in regions {
            sql.push(" OR ").in_subtree("c.region_code", region);
        }
        if !agencies.is_empty() {
            sql.push(" OR ").in_list("c.agency_id", agencies);
        }
        sql.push(")");
    }
    if let Some(year) = filter.year {
        sql.push(" AND c.planned_on >= ")
            .bind(format!("{year:04}-01-01"))
            .push(" AND c.planned_on <= ")
            .bind(format!("{year:04}-12-31"));
    }
    if let Some(status) = &filter.status {
        sql.push(" AND c.status = ").bind(status.clone());
    }
}

/// Forums, the latest planned first.
pub async fn list(
    conn: &mut Conn,
    filter: &ConsultationFilter,
    paging: Paging,
) -> StoreResult<Page<ConsultationRecord>> {
    let mut count = Sql::new("SELECT COUNT(*) FROM consultations c");
    push_filter(&mut count, filter);
    let total = count.fetch_count(&mut *conn).await?;

    let mut sql = Sql::new(SELECT);
    push_filter(&mut sql, filter);
    sql.push(" ORDER BY c.planned_on DESC, c.id DESC LIMIT ")
        .bind(paging.limit())
        .push(" OFFSET ")
        .bind(paging.offset());
    let (text, args) = sql.build()?;
    let rows: Vec<ConsultationRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(ConsultationRecord::try_from)
            .collect::<StoreResult<_>>()?,
        total,
        page: paging.page,
        per_page: paging.per_page,
    })
}

/// The years forums were planned in, the latest first.
pub async fn years(conn: &mut Conn) -> StoreResult<Vec<i32>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT SUBSTR(planned_on, 1, 4) AS year FROM consultations ORDER BY year DESC",
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(year,)| year.parse::<i32>().map_err(StoreError::corrupt))
        .collect()
}

/// Records what happened at a planned forum; `Conflict` when it is no longer planned.
pub async fn set_held(
    conn: &mut Conn,
    id: Uuid,
    from: &str,
    status: &str,
    held_on: NaiveDate,
    attendance: &str,
    minutes: &str,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE consultations SET status = $1, held_on = $2, attendance = $3, minutes = $4, \
         updated_at = $5 WHERE id = $6 AND status = $7",
    )
    .bind(status.to_owned())
    .bind(time::date_to_text(held_on))
    .bind(attendance.to_owned())
    .bind(minutes.to_owned())
    .bind(time::now_text())
    .bind(id.to_string())
    .bind(from.to_owned())
    .execute(&mut *conn)
    .await?;
    moved(conn, id, done.rows_affected(), from).await
}

/// Cancels a planned forum with its reason; `Conflict` when it is no longer planned.
pub async fn cancel(
    conn: &mut Conn,
    id: Uuid,
    from: &str,
    status: &str,
    reason: &str,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE consultations SET status = $1, cancel_reason = $2, updated_at = $3 \
         WHERE id = $4 AND status = $5",
    )
    .bind(status.to_owned())
    .bind(reason.to_owned())
    .bind(time::now_text())
    .bind(id.to_string())
    .bind(from.to_owned())
    .execute(&mut *conn)
    .await?;
    moved(conn, id, done.rows_affected(), from).await
}

/// Marks a forum as changed (an agreement was followed up).
pub async fn touch(conn: &mut Conn, id: Uuid) -> StoreResult<()> {
    let done = sqlx::query("UPDATE consultations SET updated_at = $1 WHERE id = $2")
        .bind(time::now_text())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    found(done.rows_affected())
}

// ---------------------------------------------------------------------------------------------
// Agreements

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgreementRecord {
    pub id: Uuid,
    pub consultation_id: Uuid,
    /// From 1, in the order the forum reached them.
    pub position: i64,
    pub text: String,
    pub owner: String,
    pub due_on: NaiveDate,
    pub status: String,
    pub note: Option<String>,
    pub innovation_id: Option<Uuid>,
    pub innovation_name: Option<String>,
    /// Where the linked innovation belongs and stands, so the service can tell whether
    /// a reader may see it.
    pub innovation_region: Option<RegionCode>,
    pub innovation_agency: Option<Uuid>,
    pub innovation_status: Option<String>,
    pub updated_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct AgreementRow {
    id: String,
    consultation_id: String,
    position: i64,
    text: String,
    owner: String,
    due_on: String,
    status: String,
    note: Option<String>,
    innovation_id: Option<String>,
    innovation_name: Option<String>,
    innovation_region: Option<String>,
    innovation_agency: Option<String>,
    innovation_status: Option<String>,
    updated_at: String,
}

impl TryFrom<AgreementRow> for AgreementRecord {
    type Error = StoreError;
    fn try_from(row: AgreementRow) -> StoreResult<AgreementRecord> {
        Ok(AgreementRecord {
            id: parse_id(&row.id)?,
            consultation_id: parse_id(&row.consultation_id)?,
            position: row.position,
            text: row.text,
            owner: row.owner,
            due_on: time::parse_date(&row.due_on)?,
            status: row.status,
            note: row.note,
            innovation_id: opt_id(row.innovation_id.as_deref())?,
            innovation_name: row.innovation_name,
            innovation_region: row.innovation_region.as_deref().map(region).transpose()?,
            innovation_agency: opt_id(row.innovation_agency.as_deref())?,
            innovation_status: row.innovation_status,
            updated_at: time::parse(&row.updated_at)?,
        })
    }
}

const AGREEMENT_SELECT: &str = "SELECT a.id, a.consultation_id, a.position, a.text, a.owner, \
    a.due_on, a.status, a.note, a.innovation_id, i.name AS innovation_name, \
    i.region_code AS innovation_region, i.agency_id AS innovation_agency, \
    i.status AS innovation_status, a.updated_at \
    FROM consultation_agreements a LEFT JOIN innovations i ON i.id = a.innovation_id";

pub struct NewAgreement<'a> {
    pub text: &'a str,
    pub owner: &'a str,
    pub due_on: NaiveDate,
    pub status: &'a str,
}

/// Appends agreements to a forum after those it has, in the order given.
pub async fn insert_agreements(
    conn: &mut Conn,
    consultation: Uuid,
    agreements: &[NewAgreement<'_>],
) -> StoreResult<Vec<Uuid>> {
    let (last,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(position), 0) FROM consultation_agreements \
         WHERE consultation_id = $1",
    )
    .bind(consultation.to_string())
    .fetch_one(&mut *conn)
    .await?;
    let now = time::now_text();
    let mut ids = Vec::with_capacity(agreements.len());
    for (n, agreement) in agreements.iter().enumerate() {
        let id = Uuid::now_v7();
        let position = last + i64::try_from(n).map_err(StoreError::corrupt)? + 1;
        sqlx::query(
            "INSERT INTO consultation_agreements (id, consultation_id, position, text, owner, \
             due_on, status, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.to_string())
        .bind(consultation.to_string())
        .bind(position)
        .bind(agreement.text.to_owned())
        .bind(agreement.owner.to_owned())
        .bind(time::date_to_text(agreement.due_on))
        .bind(agreement.status.to_owned())
        .bind(now.clone())
        .execute(&mut *conn)
        .await?;
        ids.push(id);
    }
    Ok(ids)
}

/// A forum's agreements, in the order reached.
pub async fn list_agreements(
    conn: &mut Conn,
    consultation: Uuid,
) -> StoreResult<Vec<AgreementRecord>> {
    let rows: Vec<AgreementRow> = sqlx::query_as(&format!(
        "{AGREEMENT_SELECT} WHERE a.consultation_id = $1 ORDER BY a.position, a.id"
    ))
    .bind(consultation.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(AgreementRecord::try_from).collect()
}

/// One agreement of a forum; `NotFound` when the forum has no such agreement.
pub async fn get_agreement(
    conn: &mut Conn,
    consultation: Uuid,
    id: Uuid,
) -> StoreResult<AgreementRecord> {
    let row: AgreementRow = sqlx::query_as(&format!(
        "{AGREEMENT_SELECT} WHERE a.id = $1 AND a.consultation_id = $2"
    ))
    .bind(id.to_string())
    .bind(consultation.to_string())
    .fetch_one(conn)
    .await?;
    row.try_into()
}

/// An agreement's follow-up: where it stands, a note, the innovation that answers it.
pub struct FollowUpFields<'a> {
    pub status: &'a str,
    pub note: Option<&'a str>,
    pub innovation_id: Option<Uuid>,
}

pub async fn update_agreement(
    conn: &mut Conn,
    consultation: Uuid,
    id: Uuid,
    fields: &FollowUpFields<'_>,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE consultation_agreements SET status = $1, note = $2, innovation_id = $3, \
         updated_at = $4 WHERE id = $5 AND consultation_id = $6",
    )
    .bind(fields.status.to_owned())
    .bind(fields.note.map(str::to_owned))
    .bind(fields.innovation_id.map(|u| u.to_string()))
    .bind(time::now_text())
    .bind(id.to_string())
    .bind(consultation.to_string())
    .execute(conn)
    .await?;
    found(done.rows_affected())
}

/// An agreement an innovation answers, with its forum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InnovationAgreement {
    pub consultation_id: Uuid,
    pub topic: String,
    pub region_code: RegionCode,
    pub region_name: String,
    pub held_on: Option<NaiveDate>,
    pub agreement_id: Uuid,
    pub text: String,
    pub owner: String,
    pub due_on: NaiveDate,
    pub status: String,
}

#[derive(FromRow)]
struct InnovationAgreementRow {
    consultation_id: String,
    topic: String,
    region_code: String,
    region_name: String,
    held_on: Option<String>,
    agreement_id: String,
    text: String,
    owner: String,
    due_on: String,
    status: String,
}

/// The agreements linked to `innovation`, the latest forum first.
pub async fn agreements_of_innovation(
    conn: &mut Conn,
    innovation: Uuid,
) -> StoreResult<Vec<InnovationAgreement>> {
    let rows: Vec<InnovationAgreementRow> = sqlx::query_as(
        "SELECT c.id AS consultation_id, c.topic, c.region_code, r.name AS region_name, \
         c.held_on, a.id AS agreement_id, a.text, a.owner, a.due_on, a.status \
         FROM consultation_agreements a \
         JOIN consultations c ON c.id = a.consultation_id \
         JOIN regions r ON r.code = c.region_code \
         WHERE a.innovation_id = $1 \
         ORDER BY c.planned_on DESC, c.id, a.position",
    )
    .bind(innovation.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(InnovationAgreement {
                consultation_id: parse_id(&row.consultation_id)?,
                topic: row.topic,
                region_code: region(&row.region_code)?,
                region_name: row.region_name,
                held_on: time::parse_opt_date(row.held_on.as_deref())?,
                agreement_id: parse_id(&row.agreement_id)?,
                text: row.text,
                owner: row.owner,
                due_on: time::parse_date(&row.due_on)?,
                status: row.status,
            })
        })
        .collect()
}
