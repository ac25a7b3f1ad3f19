//! The regional innovation index as stored: rubrics per year, the reporting window, each
//! region's yearly assessment with its answers and evidence, computed results, and results
//! published in earlier years.

use chrono::NaiveDate;
use lumbung_domain::region::{RegionCode, RegionKind};
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::sql::Sql;
use crate::users::parse_id;
use crate::{Conn, time};

/// The `subject` of a region (SPD) answer; SID answers carry the innovation's id.
pub const REGION_SUBJECT: &str = "";

pub async fn put_rubric(conn: &mut Conn, year: i32, body: &str) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO rubrics (year, body, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (year) DO UPDATE SET body = excluded.body",
    )
    .bind(i64::from(year))
    .bind(body.to_owned())
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get_rubric(conn: &mut Conn, year: i32) -> StoreResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT body FROM rubrics WHERE year = $1")
        .bind(i64::from(year))
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|(body,)| body))
}

/// The reporting state of a year. A year never configured is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexYear {
    pub year: i32,
    pub open: bool,
    pub frozen: bool,
    pub published: bool,
}

pub async fn get_year(conn: &mut Conn, year: i32) -> StoreResult<IndexYear> {
    let row: Option<(i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT CASE WHEN open THEN 1 ELSE 0 END, frozen_at, published_at FROM index_years WHERE year = $1",
    )
    .bind(i64::from(year))
    .fetch_optional(conn)
    .await?;
    Ok(match row {
        Some((open, frozen, published)) => IndexYear {
            year,
            open: open != 0,
            frozen: frozen.is_some(),
            published: published.is_some(),
        },
        None => IndexYear {
            year,
            open: true,
            frozen: false,
            published: false,
        },
    })
}

pub async fn set_year_open(conn: &mut Conn, year: i32, open: bool) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO index_years (year, open) VALUES ($1, $2) \
         ON CONFLICT (year) DO UPDATE SET open = excluded.open",
    )
    .bind(i64::from(year))
    .bind(open)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks a year frozen (`published` false) or published; both close the window.
pub async fn mark_year(conn: &mut Conn, year: i32, published: bool) -> StoreResult<()> {
    let column = if published {
        "published_at"
    } else {
        "frozen_at"
    };
    sqlx::query(&format!(
        "INSERT INTO index_years (year, open, {column}) VALUES ($1, FALSE, $2) \
         ON CONFLICT (year) DO UPDATE SET open = FALSE, {column} = excluded.{column}"
    ))
    .bind(i64::from(year))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub id: Uuid,
    pub region_code: RegionCode,
    pub year: i32,
    pub reopened: bool,
}

/// The assessment of a region and year, created on first use.
pub async fn get_or_create(
    conn: &mut Conn,
    region: &RegionCode,
    year: i32,
) -> StoreResult<Assessment> {
    if let Some(found) = find(conn, region, year).await? {
        return Ok(found);
    }
    // Two first saves at once (two officers, two servers) both find nothing: the second
    // insert waits for the first and does nothing, and both read the one row.
    sqlx::query(
        "INSERT INTO assessments (id, region_code, year, reopened, created_at, updated_at) \
         VALUES ($1, $2, $3, FALSE, $4, $4) ON CONFLICT (region_code, year) DO NOTHING",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(region.as_str().to_owned())
    .bind(i64::from(year))
    .bind(time::now_text())
    .execute(&mut *conn)
    .await?;
    find(conn, region, year).await?.ok_or(StoreError::NotFound)
}

pub async fn find(
    conn: &mut Conn,
    region: &RegionCode,
    year: i32,
) -> StoreResult<Option<Assessment>> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT id, CASE WHEN reopened THEN 1 ELSE 0 END FROM assessments \
         WHERE region_code = $1 AND year = $2",
    )
    .bind(region.as_str().to_owned())
    .bind(i64::from(year))
    .fetch_optional(conn)
    .await?;
    row.map(|(id, reopened)| {
        Ok(Assessment {
            id: parse_id(&id)?,
            region_code: region.clone(),
            year,
            reopened: reopened != 0,
        })
    })
    .transpose()
}

pub async fn set_reopened(conn: &mut Conn, id: Uuid, reopened: bool) -> StoreResult<()> {
    sqlx::query("UPDATE assessments SET reopened = $1, updated_at = $2 WHERE id = $3")
        .bind(reopened)
        .bind(time::now_text())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct AnswerRow {
    pub id: String,
    /// '' for the region (SPD), else the innovation's id.
    pub subject: String,
    pub indicator: String,
    pub level: i64,
    pub note: Option<String>,
}

/// Sets an answer's level and note; returns its id and the level it had before, if any.
pub async fn upsert_answer(
    conn: &mut Conn,
    assessment: Uuid,
    subject: &str,
    indicator: &str,
    level: u8,
    note: Option<&str>,
    user: Option<Uuid>,
) -> StoreResult<(Uuid, Option<u8>)> {
    let existing: Option<(String, i64)> = sqlx::query_as(
        "SELECT id, level FROM answers WHERE assessment_id = $1 AND subject = $2 AND indicator = $3",
    )
    .bind(assessment.to_string())
    .bind(subject.to_owned())
    .bind(indicator.to_owned())
    .fetch_optional(&mut *conn)
    .await?;
    let now = time::now_text();
    let (id, previous): (String, i64) = match existing {
        Some(row) => row,
        None => {
            let id = Uuid::now_v7();
            let done = sqlx::query(
                "INSERT INTO answers (id, assessment_id, subject, indicator, level, note, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (assessment_id, subject, indicator) DO NOTHING",
            )
            .bind(id.to_string())
            .bind(assessment.to_string())
            .bind(subject.to_owned())
            .bind(indicator.to_owned())
            .bind(i64::from(level))
            .bind(note.map(str::to_owned))
            .bind(user.map(|u| u.to_string()))
            .bind(now.clone())
            .execute(&mut *conn)
            .await?;
            if done.rows_affected() == 1 {
                return Ok((id, None));
            }
            // Another save created it since it was looked up: this one updates it.
            sqlx::query_as(
                "SELECT id, level FROM answers \
                 WHERE assessment_id = $1 AND subject = $2 AND indicator = $3",
            )
            .bind(assessment.to_string())
            .bind(subject.to_owned())
            .bind(indicator.to_owned())
            .fetch_one(&mut *conn)
            .await?
        }
    };
    sqlx::query(
        "UPDATE answers SET level = $1, note = $2, updated_by = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(i64::from(level))
    .bind(note.map(str::to_owned))
    .bind(user.map(|u| u.to_string()))
    .bind(now)
    .bind(id.clone())
    .execute(conn)
    .await?;
    Ok((parse_id(&id)?, u8::try_from(previous).ok()))
}

/// The answer's id, creating it at level 0 if there is none; an answer saved meanwhile by
/// someone else keeps its level.
pub async fn ensure_answer(
    conn: &mut Conn,
    assessment: Uuid,
    subject: &str,
    indicator: &str,
    user: Option<Uuid>,
) -> StoreResult<Uuid> {
    sqlx::query(
        "INSERT INTO answers (id, assessment_id, subject, indicator, level, note, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, 0, NULL, $5, $6) \
         ON CONFLICT (assessment_id, subject, indicator) DO NOTHING",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(assessment.to_string())
    .bind(subject.to_owned())
    .bind(indicator.to_owned())
    .bind(user.map(|u| u.to_string()))
    .bind(time::now_text())
    .execute(&mut *conn)
    .await?;
    let (id,): (String,) = sqlx::query_as(
        "SELECT id FROM answers WHERE assessment_id = $1 AND subject = $2 AND indicator = $3",
    )
    .bind(assessment.to_string())
    .bind(subject.to_owned())
    .bind(indicator.to_owned())
    .fetch_one(conn)
    .await?;
    parse_id(&id)
}

pub async fn find_answer(
    conn: &mut Conn,
    assessment: Uuid,
    subject: &str,
    indicator: &str,
) -> StoreResult<Option<AnswerRow>> {
    Ok(sqlx::query_as(
        "SELECT id, subject, indicator, level, note FROM answers \
         WHERE assessment_id = $1 AND subject = $2 AND indicator = $3",
    )
    .bind(assessment.to_string())
    .bind(subject.to_owned())
    .bind(indicator.to_owned())
    .fetch_optional(conn)
    .await?)
}

pub async fn answers(conn: &mut Conn, assessment: Uuid) -> StoreResult<Vec<AnswerRow>> {
    Ok(sqlx::query_as(
        "SELECT id, subject, indicator, level, note FROM answers WHERE assessment_id = $1 \
         ORDER BY subject, indicator",
    )
    .bind(assessment.to_string())
    .fetch_all(conn)
    .await?)
}

/// Review state of a piece of evidence.
pub const PENDING: &str = "pending";
pub const ACCEPTED: &str = "accepted";
pub const RETURNED: &str = "returned";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct EvidenceRow {
    pub id: String,
    pub answer_id: String,
    pub subject: String,
    pub indicator: String,
    pub region_code: String,
    pub year: i64,
    pub blob_key: Option<String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub size: Option<i64>,
    pub link: Option<String>,
    pub letter_number: Option<String>,
    pub letter_date: Option<String>,
    pub letter_subject: Option<String>,
    pub status: String,
    pub review_note: Option<String>,
    pub created_at: String,
    /// Who uploaded it (nobody reviews their own).
    #[serde(skip)]
    pub created_by: Option<String>,
}

const EVIDENCE_SELECT: &str = "SELECT e.id, e.answer_id, a.subject, a.indicator, s.region_code, \
    s.year, e.blob_key, e.file_name, e.content_type, e.size, e.link, e.letter_number, \
    e.letter_date, e.letter_subject, e.status, e.review_note, e.created_at, e.created_by \
    FROM evidence e JOIN answers a ON a.id = e.answer_id JOIN assessments s ON s.id = a.assessment_id";

pub struct NewEvidence<'a> {
    /// Chosen by the caller, so a file can be stored under the evidence's id first.
    pub id: Uuid,
    pub answer_id: Uuid,
    pub blob_key: Option<&'a str>,
    pub file_name: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub size: Option<i64>,
    pub link: Option<&'a str>,
    pub letter_number: Option<&'a str>,
    pub letter_date: Option<NaiveDate>,
    pub letter_subject: Option<&'a str>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_evidence(conn: &mut Conn, new: &NewEvidence<'_>) -> StoreResult<Uuid> {
    let id = new.id;
    let mut sql = Sql::new(
        "INSERT INTO evidence (id, answer_id, blob_key, file_name, content_type, size, link, \
         letter_number, letter_date, letter_subject, status, created_by, created_at) VALUES (",
    );
    sql.bind(id.to_string())
        .push(", ")
        .bind(new.answer_id.to_string())
        .push(", ")
        .bind(new.blob_key.map(str::to_owned))
        .push(", ")
        .bind(new.file_name.map(str::to_owned))
        .push(", ")
        .bind(new.content_type.map(str::to_owned))
        .push(", ")
        .bind(new.size)
        .push(", ")
        .bind(new.link.map(str::to_owned))
        .push(", ")
        .bind(new.letter_number.map(str::to_owned))
        .push(", ")
        .bind(new.letter_date.map(time::date_to_text))
        .push(", ")
        .bind(new.letter_subject.map(str::to_owned))
        .push(", ")
        .bind(PENDING)
        .push(", ")
        .bind(new.created_by.map(|u| u.to_string()))
        .push(", ")
        .bind(time::now_text())
        .push(")");
    let (text, args) = sql.build()?;
    sqlx::query_with(&text, args).execute(conn).await?;
    Ok(id)
}

pub async fn get_evidence(conn: &mut Conn, id: Uuid) -> StoreResult<EvidenceRow> {
    Ok(
        sqlx::query_as(&format!("{EVIDENCE_SELECT} WHERE e.id = $1"))
            .bind(id.to_string())
            .fetch_one(conn)
            .await?,
    )
}

pub async fn evidence_of(conn: &mut Conn, assessment: Uuid) -> StoreResult<Vec<EvidenceRow>> {
    Ok(sqlx::query_as(&format!(
        "{EVIDENCE_SELECT} WHERE a.assessment_id = $1 ORDER BY a.subject, a.indicator, e.created_at"
    ))
    .bind(assessment.to_string())
    .fetch_all(conn)
    .await?)
}

/// Evidence waiting for a verifier in a region's subtree for a year, oldest first.
pub async fn pending_in(
    conn: &mut Conn,
    region: &RegionCode,
    year: i32,
) -> StoreResult<Vec<EvidenceRow>> {
    let mut sql = Sql::new(EVIDENCE_SELECT);
    sql.push(" WHERE e.status = ")
        .bind(PENDING)
        .push(" AND s.year = ")
        .bind(i64::from(year))
        .push(" AND ")
        .in_subtree("s.region_code", region)
        .push(" ORDER BY e.created_at");
    let (text, args) = sql.build()?;
    Ok(sqlx::query_as_with(&text, args).fetch_all(conn).await?)
}

pub async fn review_evidence(
    conn: &mut Conn,
    id: Uuid,
    status: &str,
    note: Option<&str>,
    reviewer: Option<Uuid>,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE evidence SET status = $1, review_note = $2, reviewed_by = $3, reviewed_at = $4 WHERE id = $5",
    )
    .bind(status.to_owned())
    .bind(note.map(str::to_owned))
    .bind(reviewer.map(|u| u.to_string()))
    .bind(time::now_text())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Puts an answer's accepted evidence back to pending; returns how many.
pub async fn reset_accepted(conn: &mut Conn, answer: Uuid) -> StoreResult<u64> {
    let done = sqlx::query(
        "UPDATE evidence SET status = $1, review_note = NULL WHERE answer_id = $2 AND status = $3",
    )
    .bind(PENDING)
    .bind(answer.to_string())
    .bind(ACCEPTED)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// The facts of one innovation the index needs.
#[derive(Debug, Clone, FromRow)]
pub struct InnovationFacts {
    pub id: String,
    pub main_affair: Option<String>,
    pub implementation_date: Option<String>,
    pub latest_development: Option<String>,
    pub design: String,
}

/// The innovations of a region's own government (its agencies), not of its subtree.
pub async fn innovations_of(
    conn: &mut Conn,
    region: &RegionCode,
) -> StoreResult<Vec<InnovationFacts>> {
    Ok(sqlx::query_as(
        "SELECT id, main_affair, implementation_date, latest_development, design FROM innovations \
         WHERE region_code = $1 ORDER BY created_at, id",
    )
    .bind(region.as_str().to_owned())
    .fetch_all(conn)
    .await?)
}

/// A computed result, figures as exact decimal text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultRow {
    pub region_code: String,
    pub year: i32,
    pub projection: String,
    pub spd: String,
    pub sid: String,
    pub total: String,
    pub index: String,
    pub category: String,
    pub included: i64,
}

pub async fn upsert_result(conn: &mut Conn, row: &ResultRow) -> StoreResult<()> {
    let order: f64 = row.index.parse().map_err(StoreError::corrupt)?;
    sqlx::query(
        "INSERT INTO index_results (region_code, year, projection, spd, sid, total, idx, idx_order, \
         category, included, computed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (region_code, year, projection) DO UPDATE SET spd = excluded.spd, \
         sid = excluded.sid, total = excluded.total, idx = excluded.idx, idx_order = excluded.idx_order, \
         category = excluded.category, included = excluded.included, computed_at = excluded.computed_at",
    )
    .bind(row.region_code.clone())
    .bind(i64::from(row.year))
    .bind(row.projection.clone())
    .bind(row.spd.clone())
    .bind(row.sid.clone())
    .bind(row.total.clone())
    .bind(row.index.clone())
    .bind(order)
    .bind(row.category.clone())
    .bind(row.included)
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(())
}

/// One line of a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub rank: i64,
    pub region: RegionRow,
    pub spd: String,
    pub sid: String,
    pub total: String,
    pub index: String,
    pub category: String,
    pub included: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub kind: String,
}

/// Results of a year, highest index first (ties by region code), within a region's
/// subtree and optionally one kind of region (a cluster).
pub async fn ranking(
    conn: &mut Conn,
    year: i32,
    projection: &str,
    within: &RegionCode,
    kind: Option<RegionKind>,
) -> StoreResult<Vec<Ranked>> {
    let mut sql = Sql::new(
        "SELECT r.code, r.name, r.kind, x.spd, x.sid, x.total, x.idx, x.category, x.included \
         FROM index_results x JOIN regions r ON r.code = x.region_code WHERE x.year = ",
    );
    sql.bind(i64::from(year))
        .push(" AND x.projection = ")
        .bind(projection.to_owned())
        .push(" AND ")
        .in_subtree("x.region_code", within);
    if let Some(kind) = kind {
        sql.push(" AND r.kind = ").bind(kind.code());
    }
    sql.push(" ORDER BY x.idx_order DESC, r.code");
    let (text, args) = sql.build()?;
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    // Equal indexes share a rank (1, 2, 2, 4), as published rankings do.
    let mut ranked: Vec<Ranked> = Vec::with_capacity(rows.len());
    for (position, (code, name, kind, spd, sid, total, index, category, included)) in
        rows.into_iter().enumerate()
    {
        let rank = match ranked.last() {
            Some(previous) if previous.index == index => previous.rank,
            _ => position as i64 + 1,
        };
        ranked.push(Ranked {
            rank,
            region: RegionRow { code, name, kind },
            spd,
            sid,
            total,
            index,
            category,
            included,
        });
    }
    Ok(ranked)
}

/// A result published in a past year, kept as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct HistoricResult {
    pub region_code: String,
    pub year: i64,
    pub value: Option<String>,
    pub label: String,
    pub category: Option<String>,
    pub scale_note: Option<String>,
    pub source: Option<String>,
}

pub async fn upsert_historic(conn: &mut Conn, row: &HistoricResult) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO historic_results (region_code, year, value, label, category, scale_note, source) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (region_code, year) DO UPDATE SET \
         value = excluded.value, label = excluded.label, category = excluded.category, \
         scale_note = excluded.scale_note, source = excluded.source",
    )
    .bind(row.region_code.clone())
    .bind(row.year)
    .bind(row.value.clone())
    .bind(row.label.clone())
    .bind(row.category.clone())
    .bind(row.scale_note.clone())
    .bind(row.source.clone())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn historic_of(conn: &mut Conn, region: &RegionCode) -> StoreResult<Vec<HistoricResult>> {
    Ok(sqlx::query_as(
        "SELECT region_code, year, value, label, category, scale_note, source FROM historic_results \
         WHERE region_code = $1 ORDER BY year",
    )
    .bind(region.as_str().to_owned())
    .fetch_all(conn)
    .await?)
}

/// A region's computed index of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct YearResult {
    pub year: i64,
    #[sqlx(rename = "idx")]
    pub index: String,
    pub category: String,
}

/// Computed results of a region over the years, in one projection.
pub async fn results_of(
    conn: &mut Conn,
    region: &RegionCode,
    projection: &str,
) -> StoreResult<Vec<YearResult>> {
    Ok(sqlx::query_as(
        "SELECT year, idx, category FROM index_results WHERE region_code = $1 AND projection = $2 ORDER BY year",
    )
    .bind(region.as_str().to_owned())
    .bind(projection.to_owned())
    .fetch_all(conn)
    .await?)
}

/// Every assessment of a year, for a full recompute.
pub async fn assessments_of_year(conn: &mut Conn, year: i32) -> StoreResult<Vec<Assessment>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT id, region_code, CASE WHEN reopened THEN 1 ELSE 0 END FROM assessments WHERE year = $1 ORDER BY region_code",
    )
    .bind(i64::from(year))
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, region, reopened)| {
            Ok(Assessment {
                id: parse_id(&id)?,
                region_code: RegionCode::parse(&region).map_err(StoreError::corrupt)?,
                year,
                reopened: reopened != 0,
            })
        })
        .collect()
}

/// Evidence of an innovation that the public may see: accepted by a verifier, in a year whose
/// results are published.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct PublicEvidence {
    pub year: i64,
    pub indicator: String,
    pub level: i64,
    pub link: Option<String>,
    pub letter_number: Option<String>,
    pub letter_date: Option<String>,
    pub letter_subject: Option<String>,
    pub file_name: Option<String>,
}

pub async fn public_evidence_of(
    conn: &mut Conn,
    innovation: Uuid,
) -> StoreResult<Vec<PublicEvidence>> {
    Ok(sqlx::query_as(
        "SELECT s.year, a.indicator, a.level, e.link, e.letter_number, e.letter_date, \
         e.letter_subject, e.file_name \
         FROM evidence e JOIN answers a ON a.id = e.answer_id \
         JOIN assessments s ON s.id = a.assessment_id \
         JOIN index_years y ON y.year = s.year \
         WHERE a.subject = $1 AND e.status = 'accepted' AND y.published_at IS NOT NULL \
         ORDER BY s.year DESC, a.indicator, e.created_at",
    )
    .bind(innovation.to_string())
    .fetch_all(conn)
    .await?)
}

/// Every innovation's level on the given indicators in the year's assessments, as
/// (innovation id, indicator, level): what matchmaking compares a region's weak indicators
/// with, in one query.
pub async fn innovation_levels(
    conn: &mut Conn,
    year: i32,
    indicators: &[String],
) -> StoreResult<Vec<(String, String, i64)>> {
    if indicators.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT n.subject, n.indicator, n.level FROM answers n \
         JOIN assessments a ON a.id = n.assessment_id WHERE a.year = ",
    );
    sql.bind(i64::from(year))
        .push(" AND n.subject <> ")
        .bind(REGION_SUBJECT.to_owned())
        .push(" AND ")
        .in_list("n.indicator", indicators);
    let (text, args) = sql.build()?;
    Ok(sqlx::query_as_with(&text, args).fetch_all(conn).await?)
}
