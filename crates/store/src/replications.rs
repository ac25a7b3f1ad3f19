//! Replication as stored: programmes with their innovations and adopters, cases with their
//! transitions, documents, action items, mentoring sessions, progress reports and sign-offs.
//!
//! Codes are the domain's vocabulary codes as text; structured values (signatories, the
//! mentoring team, an adaptation) are JSON text the service writes and reads through the
//! domain types. Decimals (budgets, weights) are decimal text.

use chrono::{DateTime, NaiveDate, Utc};
use lumbung_domain::region::RegionCode;
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::rows::{found, opt_id, region};
use crate::sql::Sql;
use crate::users::parse_id;
use crate::{Conn, time};

// ---------------------------------------------------------------------------------------------
// Programmes

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeRecord {
    pub id: Uuid,
    pub scope_region: RegionCode,
    pub year: i32,
    pub name: String,
    pub commitment_signed_on: Option<NaiveDate>,
    /// JSON list of signatories.
    pub commitment_signatories: String,
    pub commitment_link: Option<String>,
    /// JSON list of mentors.
    pub mentoring_team: String,
    pub silent_after_days: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct ProgrammeRow {
    id: String,
    scope_region: String,
    year: i64,
    name: String,
    commitment_signed_on: Option<String>,
    commitment_signatories: String,
    commitment_link: Option<String>,
    mentoring_team: String,
    silent_after_days: i64,
    created_at: String,
}

impl TryFrom<ProgrammeRow> for ProgrammeRecord {
    type Error = StoreError;
    fn try_from(row: ProgrammeRow) -> StoreResult<ProgrammeRecord> {
        Ok(ProgrammeRecord {
            id: parse_id(&row.id)?,
            scope_region: region(&row.scope_region)?,
            year: i32::try_from(row.year).map_err(StoreError::corrupt)?,
            name: row.name,
            commitment_signed_on: time::parse_opt_date(row.commitment_signed_on.as_deref())?,
            commitment_signatories: row.commitment_signatories,
            commitment_link: row.commitment_link,
            mentoring_team: row.mentoring_team,
            silent_after_days: row.silent_after_days,
            created_at: time::parse(&row.created_at)?,
        })
    }
}

const PROGRAMME_SELECT: &str = "SELECT id, scope_region, year, name, commitment_signed_on, \
    commitment_signatories, commitment_link, mentoring_team, silent_after_days, created_at \
    FROM replication_programmes";

pub struct ProgrammeFields<'a> {
    pub scope_region: &'a RegionCode,
    pub year: i32,
    pub name: &'a str,
    pub commitment_signed_on: Option<NaiveDate>,
    pub commitment_signatories: &'a str,
    pub commitment_link: Option<&'a str>,
    pub mentoring_team: &'a str,
    pub silent_after_days: i64,
}

pub async fn insert_programme(
    conn: &mut Conn,
    fields: &ProgrammeFields<'_>,
    created_by: Option<Uuid>,
) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    let now = time::now_text();
    sqlx::query(
        "INSERT INTO replication_programmes (id, scope_region, year, name, commitment_signed_on, \
         commitment_signatories, commitment_link, mentoring_team, silent_after_days, created_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(id.to_string())
    .bind(fields.scope_region.as_str().to_owned())
    .bind(i64::from(fields.year))
    .bind(fields.name.to_owned())
    .bind(fields.commitment_signed_on.map(time::date_to_text))
    .bind(fields.commitment_signatories.to_owned())
    .bind(fields.commitment_link.map(str::to_owned))
    .bind(fields.mentoring_team.to_owned())
    .bind(fields.silent_after_days)
    .bind(created_by.map(|u| u.to_string()))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Replaces a programme's fields; the scope stays.
pub async fn update_programme(
    conn: &mut Conn,
    id: Uuid,
    fields: &ProgrammeFields<'_>,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE replication_programmes SET year = $1, name = $2, commitment_signed_on = $3, \
         commitment_signatories = $4, commitment_link = $5, mentoring_team = $6, \
         silent_after_days = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(i64::from(fields.year))
    .bind(fields.name.to_owned())
    .bind(fields.commitment_signed_on.map(time::date_to_text))
    .bind(fields.commitment_signatories.to_owned())
    .bind(fields.commitment_link.map(str::to_owned))
    .bind(fields.mentoring_team.to_owned())
    .bind(fields.silent_after_days)
    .bind(time::now_text())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    found(done.rows_affected())
}

pub async fn get_programme(conn: &mut Conn, id: Uuid) -> StoreResult<ProgrammeRecord> {
    let row: ProgrammeRow = sqlx::query_as(&format!("{PROGRAMME_SELECT} WHERE id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

/// Programmes run in `scope`'s subtree (all for none), newest year first.
pub async fn list_programmes(
    conn: &mut Conn,
    scope: Option<&RegionCode>,
) -> StoreResult<Vec<ProgrammeRecord>> {
    let mut sql = Sql::new(&format!("{PROGRAMME_SELECT} WHERE TRUE"));
    if let Some(scope) = scope {
        sql.push(" AND ").in_subtree("scope_region", scope);
    }
    sql.push(" ORDER BY year DESC, created_at DESC, id");
    let (text, args) = sql.build()?;
    let rows: Vec<ProgrammeRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter().map(ProgrammeRecord::try_from).collect()
}

/// Makes the programme's innovations exactly `innovations`.
pub async fn set_programme_innovations(
    conn: &mut Conn,
    programme: Uuid,
    innovations: &[Uuid],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM programme_innovations WHERE programme_id = $1")
        .bind(programme.to_string())
        .execute(&mut *conn)
        .await?;
    for innovation in innovations {
        sqlx::query(
            "INSERT INTO programme_innovations (programme_id, innovation_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(programme.to_string())
        .bind(innovation.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Makes the programme's adopters exactly `regions`.
pub async fn set_programme_adopters(
    conn: &mut Conn,
    programme: Uuid,
    regions: &[RegionCode],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM programme_adopters WHERE programme_id = $1")
        .bind(programme.to_string())
        .execute(&mut *conn)
        .await?;
    for code in regions {
        sqlx::query(
            "INSERT INTO programme_adopters (programme_id, region_code) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(programme.to_string())
        .bind(code.as_str().to_owned())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The programme's innovations, in the order of their names.
pub async fn programme_innovations(conn: &mut Conn, programme: Uuid) -> StoreResult<Vec<Uuid>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT p.innovation_id FROM programme_innovations p \
         JOIN innovations i ON i.id = p.innovation_id \
         WHERE p.programme_id = $1 ORDER BY i.name, i.id",
    )
    .bind(programme.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(|(id,)| parse_id(&id)).collect()
}

/// The programme's adopters, by code.
pub async fn programme_adopters(conn: &mut Conn, programme: Uuid) -> StoreResult<Vec<RegionCode>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT region_code FROM programme_adopters WHERE programme_id = $1 ORDER BY region_code",
    )
    .bind(programme.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(|(code,)| region(&code)).collect()
}

// ---------------------------------------------------------------------------------------------
// Cases

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRecord {
    pub id: Uuid,
    pub programme_id: Option<Uuid>,
    pub innovation_id: Uuid,
    pub innovation_name: String,
    pub owner_region_code: RegionCode,
    pub owner_region_name: String,
    pub owner_agency_id: Uuid,
    pub adopter_region_code: RegionCode,
    pub adopter_region_name: String,
    pub adopter_agency_id: Option<Uuid>,
    pub title: String,
    pub status: String,
    pub rejection_reason: Option<String>,
    /// JSON Adaptation.
    pub adaptation: String,
    pub opened_on: NaiveDate,
    pub agreement_on: Option<NaiveDate>,
    pub approval_on: Option<NaiveDate>,
    pub implementation_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub rejected_on: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct CaseRow {
    id: String,
    programme_id: Option<String>,
    innovation_id: String,
    innovation_name: String,
    owner_region_code: String,
    owner_region_name: String,
    owner_agency_id: String,
    adopter_region_code: String,
    adopter_region_name: String,
    adopter_agency_id: Option<String>,
    title: String,
    status: String,
    rejection_reason: Option<String>,
    adaptation: String,
    opened_on: String,
    agreement_on: Option<String>,
    approval_on: Option<String>,
    implementation_on: Option<String>,
    done_on: Option<String>,
    rejected_on: Option<String>,
    updated_at: String,
}

impl TryFrom<CaseRow> for CaseRecord {
    type Error = StoreError;
    fn try_from(row: CaseRow) -> StoreResult<CaseRecord> {
        Ok(CaseRecord {
            id: parse_id(&row.id)?,
            programme_id: opt_id(row.programme_id.as_deref())?,
            innovation_id: parse_id(&row.innovation_id)?,
            innovation_name: row.innovation_name,
            owner_region_code: region(&row.owner_region_code)?,
            owner_region_name: row.owner_region_name,
            owner_agency_id: parse_id(&row.owner_agency_id)?,
            adopter_region_code: region(&row.adopter_region_code)?,
            adopter_region_name: row.adopter_region_name,
            adopter_agency_id: opt_id(row.adopter_agency_id.as_deref())?,
            title: row.title,
            status: row.status,
            rejection_reason: row.rejection_reason,
            adaptation: row.adaptation,
            opened_on: time::parse_date(&row.opened_on)?,
            agreement_on: time::parse_opt_date(row.agreement_on.as_deref())?,
            approval_on: time::parse_opt_date(row.approval_on.as_deref())?,
            implementation_on: time::parse_opt_date(row.implementation_on.as_deref())?,
            done_on: time::parse_opt_date(row.done_on.as_deref())?,
            rejected_on: time::parse_opt_date(row.rejected_on.as_deref())?,
            updated_at: time::parse(&row.updated_at)?,
        })
    }
}

const CASE_SELECT: &str = "SELECT c.id, c.programme_id, c.innovation_id, i.name AS innovation_name, \
    c.owner_region_code, o.name AS owner_region_name, c.owner_agency_id, c.adopter_region_code, \
    a.name AS adopter_region_name, c.adopter_agency_id, c.title, c.status, c.rejection_reason, \
    c.adaptation, c.opened_on, c.agreement_on, c.approval_on, c.implementation_on, c.done_on, \
    c.rejected_on, c.updated_at FROM replication_cases c \
    JOIN innovations i ON i.id = c.innovation_id \
    JOIN regions o ON o.code = c.owner_region_code \
    JOIN regions a ON a.code = c.adopter_region_code";

pub struct NewCase<'a> {
    pub programme_id: Option<Uuid>,
    pub innovation_id: Uuid,
    pub owner_region_code: &'a RegionCode,
    pub owner_agency_id: Uuid,
    pub adopter_region_code: &'a RegionCode,
    pub adopter_agency_id: Option<Uuid>,
    pub title: &'a str,
    pub status: &'a str,
    pub adaptation: &'a str,
    pub opened_on: NaiveDate,
    pub created_by: Option<Uuid>,
}

pub async fn insert_case(conn: &mut Conn, new: &NewCase<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    let now = time::now_text();
    sqlx::query(
        "INSERT INTO replication_cases (id, programme_id, innovation_id, owner_region_code, \
         owner_agency_id, adopter_region_code, adopter_agency_id, title, status, adaptation, \
         opened_on, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
    )
    .bind(id.to_string())
    .bind(new.programme_id.map(|u| u.to_string()))
    .bind(new.innovation_id.to_string())
    .bind(new.owner_region_code.as_str().to_owned())
    .bind(new.owner_agency_id.to_string())
    .bind(new.adopter_region_code.as_str().to_owned())
    .bind(new.adopter_agency_id.map(|u| u.to_string()))
    .bind(new.title.to_owned())
    .bind(new.status.to_owned())
    .bind(new.adaptation.to_owned())
    .bind(time::date_to_text(new.opened_on))
    .bind(new.created_by.map(|u| u.to_string()))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn get_case(conn: &mut Conn, id: Uuid) -> StoreResult<CaseRecord> {
    let row: CaseRow = sqlx::query_as(&format!("{CASE_SELECT} WHERE c.id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

/// Which cases to list; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub programme: Option<Uuid>,
    pub innovation: Option<Uuid>,
    /// Cases whose adopter lies in this subtree.
    pub adopter: Option<RegionCode>,
    /// Cases whose owner lies in this subtree.
    pub owner: Option<RegionCode>,
    /// Cases whose owner or adopter lies in this subtree.
    pub involving: Option<RegionCode>,
    pub status: Option<String>,
    /// Only cases of published innovations (public lists never name a draft).
    pub published_only: bool,
}

pub async fn list_cases(conn: &mut Conn, filter: &CaseFilter) -> StoreResult<Vec<CaseRecord>> {
    let mut sql = Sql::new(&format!("{CASE_SELECT} WHERE TRUE"));
    if let Some(programme) = filter.programme {
        sql.push(" AND c.programme_id = ")
            .bind(programme.to_string());
    }
    if let Some(innovation) = filter.innovation {
        sql.push(" AND c.innovation_id = ")
            .bind(innovation.to_string());
    }
    if let Some(adopter) = &filter.adopter {
        sql.push(" AND ")
            .in_subtree("c.adopter_region_code", adopter);
    }
    if let Some(owner) = &filter.owner {
        sql.push(" AND ").in_subtree("c.owner_region_code", owner);
    }
    if let Some(region) = &filter.involving {
        sql.push(" AND (")
            .in_subtree("c.owner_region_code", region)
            .push(" OR ")
            .in_subtree("c.adopter_region_code", region)
            .push(")");
    }
    if let Some(status) = &filter.status {
        sql.push(" AND c.status = ").bind(status.clone());
    }
    if filter.published_only {
        sql.push(" AND i.status = 'published'");
    }
    sql.push(" ORDER BY a.name, i.name, c.id");
    let (text, args) = sql.build()?;
    let rows: Vec<CaseRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter().map(CaseRecord::try_from).collect()
}

/// The column that records the day a case reached `status`.
fn date_column(status: &str) -> Option<&'static str> {
    match status {
        "agreement" => Some("agreement_on"),
        "approval" => Some("approval_on"),
        "implementation" => Some("implementation_on"),
        "done" => Some("done_on"),
        "rejected" => Some("rejected_on"),
        _ => None,
    }
}

/// Moves a case to `status` on `day`, only if it is still at `from` (so two officials taking
/// a step at once cannot both succeed). `Conflict` when it moved meanwhile.
pub async fn set_case_status(
    conn: &mut Conn,
    id: Uuid,
    from: &str,
    status: &str,
    day: NaiveDate,
    rejection_reason: Option<&str>,
) -> StoreResult<()> {
    let column = date_column(status)
        .ok_or_else(|| StoreError::corrupt(format!("status {status:?} has no date")))?;
    let done = sqlx::query(&format!(
        "UPDATE replication_cases SET status = $1, {column} = $2, rejection_reason = $3, \
         updated_at = $4 WHERE id = $5 AND status = $6"
    ))
    .bind(status.to_owned())
    .bind(time::date_to_text(day))
    .bind(rejection_reason.map(str::to_owned))
    .bind(time::now_text())
    .bind(id.to_string())
    .bind(from.to_owned())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        get_case(conn, id).await?;
        return Err(StoreError::Conflict(format!(
            "case {id} is no longer {from}"
        )));
    }
    Ok(())
}

/// Replaces what the adopter may edit: its title, agency and adaptation.
pub async fn update_case_details(
    conn: &mut Conn,
    id: Uuid,
    title: &str,
    adopter_agency_id: Option<Uuid>,
    adaptation: &str,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE replication_cases SET title = $1, adopter_agency_id = $2, adaptation = $3, \
         updated_at = $4 WHERE id = $5",
    )
    .bind(title.to_owned())
    .bind(adopter_agency_id.map(|u| u.to_string()))
    .bind(adaptation.to_owned())
    .bind(time::now_text())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    found(done.rows_affected())
}

/// Marks a case as changed (a document, an item or a report was added).
pub async fn touch_case(conn: &mut Conn, id: Uuid) -> StoreResult<()> {
    let done = sqlx::query("UPDATE replication_cases SET updated_at = $1 WHERE id = $2")
        .bind(time::now_text())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    found(done.rows_affected())
}

/// The different regions that finished a case of `innovation` signed off by owner, adopter
/// and verifier: what the owner's "Replikasi" indicator counts.
pub async fn verified_adopters(conn: &mut Conn, innovation: Uuid) -> StoreResult<Vec<RegionCode>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT c.adopter_region_code FROM replication_cases c \
         WHERE c.innovation_id = $1 AND c.status = 'done' \
         AND (SELECT COUNT(*) FROM case_sign_offs s WHERE s.case_id = c.id) >= 3 \
         ORDER BY c.adopter_region_code",
    )
    .bind(innovation.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(|(code,)| region(&code)).collect()
}

// ---------------------------------------------------------------------------------------------
// Transitions

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransitionRecord {
    pub step: String,
    pub from_status: String,
    pub to_status: String,
    pub note: Option<String>,
    pub actor: String,
    pub taken_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

pub struct NewTransition<'a> {
    pub case_id: Uuid,
    pub step: &'a str,
    pub from_status: &'a str,
    pub to_status: &'a str,
    pub note: Option<&'a str>,
    pub actor: &'a str,
    pub taken_on: NaiveDate,
}

pub async fn insert_transition(conn: &mut Conn, new: &NewTransition<'_>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO case_transitions (id, case_id, step, from_status, to_status, note, actor, \
         taken_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(new.case_id.to_string())
    .bind(new.step.to_owned())
    .bind(new.from_status.to_owned())
    .bind(new.to_status.to_owned())
    .bind(new.note.map(str::to_owned))
    .bind(new.actor.to_owned())
    .bind(time::date_to_text(new.taken_on))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn list_transitions(conn: &mut Conn, case: Uuid) -> StoreResult<Vec<TransitionRecord>> {
    type Row = (
        String,
        String,
        String,
        Option<String>,
        String,
        String,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT step, from_status, to_status, note, actor, taken_on, created_at \
         FROM case_transitions WHERE case_id = $1 ORDER BY created_at, id",
    )
    .bind(case.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(
            |(step, from_status, to_status, note, actor, taken_on, created_at)| {
                Ok(TransitionRecord {
                    step,
                    from_status,
                    to_status,
                    note,
                    actor,
                    taken_on: time::parse_date(&taken_on)?,
                    created_at: time::parse(&created_at)?,
                })
            },
        )
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Documents

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRecord {
    pub id: Uuid,
    pub case_id: Uuid,
    pub kind: String,
    pub title: String,
    pub link: Option<String>,
    pub blob_key: Option<String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct DocumentRow {
    id: String,
    case_id: String,
    kind: String,
    title: String,
    link: Option<String>,
    blob_key: Option<String>,
    file_name: Option<String>,
    content_type: Option<String>,
    size_bytes: Option<i64>,
    uploaded_at: String,
}

impl TryFrom<DocumentRow> for DocumentRecord {
    type Error = StoreError;
    fn try_from(row: DocumentRow) -> StoreResult<DocumentRecord> {
        Ok(DocumentRecord {
            id: parse_id(&row.id)?,
            case_id: parse_id(&row.case_id)?,
            kind: row.kind,
            title: row.title,
            link: row.link,
            blob_key: row.blob_key,
            file_name: row.file_name,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            uploaded_at: time::parse(&row.uploaded_at)?,
        })
    }
}

const DOCUMENT_SELECT: &str = "SELECT id, case_id, kind, title, link, blob_key, file_name, \
    content_type, size_bytes, uploaded_at FROM case_documents";

pub struct NewDocument<'a> {
    pub case_id: Uuid,
    pub kind: &'a str,
    pub title: &'a str,
    pub link: Option<&'a str>,
    pub blob_key: Option<&'a str>,
    pub file_name: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub size_bytes: Option<i64>,
    pub uploaded_by: Option<Uuid>,
}

pub async fn insert_document(conn: &mut Conn, new: &NewDocument<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO case_documents (id, case_id, kind, title, link, blob_key, file_name, \
         content_type, size_bytes, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.to_string())
    .bind(new.case_id.to_string())
    .bind(new.kind.to_owned())
    .bind(new.title.to_owned())
    .bind(new.link.map(str::to_owned))
    .bind(new.blob_key.map(str::to_owned))
    .bind(new.file_name.map(str::to_owned))
    .bind(new.content_type.map(str::to_owned))
    .bind(new.size_bytes)
    .bind(new.uploaded_by.map(|u| u.to_string()))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn get_document(conn: &mut Conn, id: Uuid) -> StoreResult<DocumentRecord> {
    let row: DocumentRow = sqlx::query_as(&format!("{DOCUMENT_SELECT} WHERE id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

pub async fn list_documents(conn: &mut Conn, case: Uuid) -> StoreResult<Vec<DocumentRecord>> {
    let rows: Vec<DocumentRow> = sqlx::query_as(&format!(
        "{DOCUMENT_SELECT} WHERE case_id = $1 ORDER BY uploaded_at, id"
    ))
    .bind(case.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(DocumentRecord::try_from).collect()
}

// ---------------------------------------------------------------------------------------------
// Action items

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRecord {
    pub id: Uuid,
    pub case_id: Uuid,
    pub position: i64,
    pub activity: String,
    pub responsible_agency_id: Option<Uuid>,
    pub person_in_charge: String,
    pub start_on: NaiveDate,
    pub target_on: NaiveDate,
    pub output: String,
    pub budget: Option<String>,
    pub status: String,
    pub progress: i64,
    pub weight: String,
    pub evidence: Option<String>,
}

#[derive(FromRow)]
struct ItemRow {
    id: String,
    case_id: String,
    position: i64,
    activity: String,
    responsible_agency_id: Option<String>,
    person_in_charge: String,
    start_on: String,
    target_on: String,
    output: String,
    budget: Option<String>,
    status: String,
    progress: i64,
    weight: String,
    evidence: Option<String>,
}

impl TryFrom<ItemRow> for ItemRecord {
    type Error = StoreError;
    fn try_from(row: ItemRow) -> StoreResult<ItemRecord> {
        Ok(ItemRecord {
            id: parse_id(&row.id)?,
            case_id: parse_id(&row.case_id)?,
            position: row.position,
            activity: row.activity,
            responsible_agency_id: opt_id(row.responsible_agency_id.as_deref())?,
            person_in_charge: row.person_in_charge,
            start_on: time::parse_date(&row.start_on)?,
            target_on: time::parse_date(&row.target_on)?,
            output: row.output,
            budget: row.budget,
            status: row.status,
            progress: row.progress,
            weight: row.weight,
            evidence: row.evidence,
        })
    }
}

const ITEM_SELECT: &str = "SELECT id, case_id, position, activity, responsible_agency_id, \
    person_in_charge, start_on, target_on, output, budget, status, progress, weight, evidence \
    FROM action_items";

/// An item's fields as the service validated them.
pub struct ItemFields<'a> {
    pub activity: &'a str,
    pub responsible_agency_id: Option<Uuid>,
    pub person_in_charge: &'a str,
    pub start_on: NaiveDate,
    pub target_on: NaiveDate,
    pub output: &'a str,
    pub budget: Option<String>,
    pub status: &'a str,
    pub progress: i64,
    pub weight: String,
    pub evidence: Option<&'a str>,
}

/// Appends an item at the end of the case's plan.
pub async fn insert_item(conn: &mut Conn, case: Uuid, item: &ItemFields<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    let (position,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM action_items WHERE case_id = $1",
    )
    .bind(case.to_string())
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO action_items (id, case_id, position, activity, responsible_agency_id, \
         person_in_charge, start_on, target_on, output, budget, status, progress, weight, \
         evidence, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
         $14, $15)",
    )
    .bind(id.to_string())
    .bind(case.to_string())
    .bind(position)
    .bind(item.activity.to_owned())
    .bind(item.responsible_agency_id.map(|u| u.to_string()))
    .bind(item.person_in_charge.to_owned())
    .bind(time::date_to_text(item.start_on))
    .bind(time::date_to_text(item.target_on))
    .bind(item.output.to_owned())
    .bind(item.budget.clone())
    .bind(item.status.to_owned())
    .bind(item.progress)
    .bind(item.weight.clone())
    .bind(item.evidence.map(str::to_owned))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

/// Replaces an item of `case`; `NotFound` if the case has no such item.
pub async fn update_item(
    conn: &mut Conn,
    case: Uuid,
    id: Uuid,
    item: &ItemFields<'_>,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE action_items SET activity = $1, responsible_agency_id = $2, \
         person_in_charge = $3, start_on = $4, target_on = $5, output = $6, budget = $7, \
         status = $8, progress = $9, weight = $10, evidence = $11, updated_at = $12 \
         WHERE id = $13 AND case_id = $14",
    )
    .bind(item.activity.to_owned())
    .bind(item.responsible_agency_id.map(|u| u.to_string()))
    .bind(item.person_in_charge.to_owned())
    .bind(time::date_to_text(item.start_on))
    .bind(time::date_to_text(item.target_on))
    .bind(item.output.to_owned())
    .bind(item.budget.clone())
    .bind(item.status.to_owned())
    .bind(item.progress)
    .bind(item.weight.clone())
    .bind(item.evidence.map(str::to_owned))
    .bind(time::now_text())
    .bind(id.to_string())
    .bind(case.to_string())
    .execute(conn)
    .await?;
    found(done.rows_affected())
}

pub async fn delete_item(conn: &mut Conn, case: Uuid, id: Uuid) -> StoreResult<()> {
    let done = sqlx::query("DELETE FROM action_items WHERE id = $1 AND case_id = $2")
        .bind(id.to_string())
        .bind(case.to_string())
        .execute(conn)
        .await?;
    found(done.rows_affected())
}

/// The items of the given cases, by case then position.
pub async fn items_of(conn: &mut Conn, cases: &[Uuid]) -> StoreResult<Vec<ItemRecord>> {
    if cases.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(&format!("{ITEM_SELECT} WHERE "));
    sql.in_list("case_id", cases)
        .push(" ORDER BY case_id, position, id");
    let (text, args) = sql.build()?;
    let rows: Vec<ItemRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter().map(ItemRecord::try_from).collect()
}

// ---------------------------------------------------------------------------------------------
// Mentoring sessions and progress reports

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionRecord {
    pub id: Uuid,
    pub case_id: Uuid,
    pub held_on: NaiveDate,
    pub mentor: String,
    pub mode: String,
    pub notes: String,
    pub follow_ups: String,
}

pub struct NewSession<'a> {
    pub case_id: Uuid,
    pub held_on: NaiveDate,
    pub mentor: &'a str,
    pub mode: &'a str,
    pub notes: &'a str,
    pub follow_ups: &'a str,
    pub created_by: Option<Uuid>,
}

pub async fn insert_session(conn: &mut Conn, new: &NewSession<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO mentoring_sessions (id, case_id, held_on, mentor, mode, notes, follow_ups, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(new.case_id.to_string())
    .bind(time::date_to_text(new.held_on))
    .bind(new.mentor.to_owned())
    .bind(new.mode.to_owned())
    .bind(new.notes.to_owned())
    .bind(new.follow_ups.to_owned())
    .bind(new.created_by.map(|u| u.to_string()))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn list_sessions(conn: &mut Conn, case: Uuid) -> StoreResult<Vec<SessionRecord>> {
    type Row = (String, String, String, String, String, String, String);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, case_id, held_on, mentor, mode, notes, follow_ups FROM mentoring_sessions \
         WHERE case_id = $1 ORDER BY held_on, created_at, id",
    )
    .bind(case.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, case_id, held_on, mentor, mode, notes, follow_ups)| {
            Ok(SessionRecord {
                id: parse_id(&id)?,
                case_id: parse_id(&case_id)?,
                held_on: time::parse_date(&held_on)?,
                mentor,
                mode,
                notes,
                follow_ups,
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRecord {
    pub id: Uuid,
    pub case_id: Uuid,
    pub reported_on: NaiveDate,
    pub progress: i64,
    pub obstacles: String,
    pub next_steps: String,
}

pub struct NewReport<'a> {
    pub case_id: Uuid,
    pub reported_on: NaiveDate,
    pub progress: i64,
    pub obstacles: &'a str,
    pub next_steps: &'a str,
    pub created_by: Option<Uuid>,
}

pub async fn insert_report(conn: &mut Conn, new: &NewReport<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO progress_reports (id, case_id, reported_on, progress, obstacles, \
         next_steps, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(new.case_id.to_string())
    .bind(time::date_to_text(new.reported_on))
    .bind(new.progress)
    .bind(new.obstacles.to_owned())
    .bind(new.next_steps.to_owned())
    .bind(new.created_by.map(|u| u.to_string()))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

/// The reports of the given cases, by case then date.
pub async fn reports_of(conn: &mut Conn, cases: &[Uuid]) -> StoreResult<Vec<ReportRecord>> {
    if cases.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT id, case_id, reported_on, progress, obstacles, next_steps FROM progress_reports \
         WHERE ",
    );
    sql.in_list("case_id", cases)
        .push(" ORDER BY case_id, reported_on, created_at, id");
    let (text, args) = sql.build()?;
    let rows: Vec<(String, String, String, i64, String, String)> =
        sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter()
        .map(
            |(id, case_id, reported_on, progress, obstacles, next_steps)| {
                Ok(ReportRecord {
                    id: parse_id(&id)?,
                    case_id: parse_id(&case_id)?,
                    reported_on: time::parse_date(&reported_on)?,
                    progress,
                    obstacles,
                    next_steps,
                })
            },
        )
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Sign-offs

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOffRecord {
    pub role: String,
    pub user_id: Option<Uuid>,
    pub name: String,
    pub signed_at: DateTime<Utc>,
}

/// Records a sign-off; `Conflict` if that role signed already.
pub async fn insert_sign_off(
    conn: &mut Conn,
    case: Uuid,
    role: &str,
    user: Option<Uuid>,
    name: &str,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO case_sign_offs (case_id, role, user_id, name, signed_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(case.to_string())
    .bind(role.to_owned())
    .bind(user.map(|u| u.to_string()))
    .bind(name.to_owned())
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn list_sign_offs(conn: &mut Conn, case: Uuid) -> StoreResult<Vec<SignOffRecord>> {
    let rows: Vec<(String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT role, user_id, name, signed_at FROM case_sign_offs WHERE case_id = $1 \
         ORDER BY signed_at, role",
    )
    .bind(case.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(role, user, name, signed_at)| {
            Ok(SignOffRecord {
                role,
                user_id: opt_id(user.as_deref())?,
                name,
                signed_at: time::parse(&signed_at)?,
            })
        })
        .collect()
}

/// For every innovation with verified replications, how many different regions finished
/// one: [`verified_adopters`] for all innovations in one query (matchmaking).
pub async fn verified_adopter_counts(conn: &mut Conn) -> StoreResult<Vec<(Uuid, i64)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.innovation_id, COUNT(DISTINCT c.adopter_region_code) FROM replication_cases c \
         WHERE c.status = 'done' \
         AND (SELECT COUNT(*) FROM case_sign_offs s WHERE s.case_id = c.id) >= 3 \
         GROUP BY c.innovation_id",
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, count)| Ok((parse_id(&id)?, count)))
        .collect()
}
