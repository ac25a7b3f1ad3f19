//! Competitions with juries as stored: the competition and its rounds, proposals, jurors with
//! their affiliations and declared conflicts, assignments, score sheets, public objections and
//! certificates.
//!
//! Structured values of the domain (a competition's set-up, a proposal's snapshot, sections,
//! attachments and rejection reasons, a juror's scores, a round's frozen result) pass through
//! here as the JSON text the caller wrote: the store keeps and returns it without looking
//! inside, so the rules stay in `lumbung_domain::competition`. Codes (round kind, group,
//! category, statuses) are that vocabulary's codes as text.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use lumbung_domain::region::RegionCode;
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::rows::{found, opt_id, opt_time, region};
use crate::sql::Sql;
use crate::users::parse_id;
use crate::{Conn, time};

/// A proposal's status codes as the store knows them; the service may use more.
pub mod proposal_status {
    pub const SUBMITTED: &str = "submitted";
    pub const REJECTED: &str = "rejected";
    pub const PASSED: &str = "passed";
    pub const SHORTLISTED: &str = "shortlisted";
    pub const FINALIST: &str = "finalist";
    pub const WINNER: &str = "winner";
}

/// An objection's status codes (the table checks them).
pub mod objection_status {
    pub const OPEN: &str = "open";
    pub const UPHELD: &str = "upheld";
    pub const DISMISSED: &str = "dismissed";
}

// ---------------------------------------------------------------------------------------------
// Competitions

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetitionRecord {
    pub id: Uuid,
    pub scope_region: RegionCode,
    pub name: String,
    pub year: i32,
    /// The validated set-up as JSON, as the caller stored it.
    pub setup: String,
    pub status: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct CompetitionRow {
    id: String,
    scope_region: String,
    name: String,
    year: i64,
    setup: String,
    status: String,
    created_by: Option<String>,
    created_at: String,
    updated_at: String,
}

impl TryFrom<CompetitionRow> for CompetitionRecord {
    type Error = StoreError;
    fn try_from(row: CompetitionRow) -> StoreResult<CompetitionRecord> {
        Ok(CompetitionRecord {
            id: parse_id(&row.id)?,
            scope_region: region(&row.scope_region)?,
            name: row.name,
            year: i32::try_from(row.year).map_err(StoreError::corrupt)?,
            setup: row.setup,
            status: row.status,
            created_by: opt_id(row.created_by.as_deref())?,
            created_at: time::parse(&row.created_at)?,
            updated_at: time::parse(&row.updated_at)?,
        })
    }
}

const COMPETITION_SELECT: &str = "SELECT id, scope_region, name, year, setup, status, \
    created_by, created_at, updated_at FROM competitions";

pub struct NewCompetition<'a> {
    pub scope_region: &'a RegionCode,
    pub name: &'a str,
    pub year: i32,
    /// The validated `CompetitionSetup` as JSON.
    pub setup: &'a str,
    pub status: &'a str,
    pub created_by: Option<Uuid>,
}

pub async fn insert_competition(conn: &mut Conn, new: &NewCompetition<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    let now = time::now_text();
    sqlx::query(
        "INSERT INTO competitions (id, scope_region, name, year, setup, status, created_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(id.to_string())
    .bind(new.scope_region.as_str().to_owned())
    .bind(new.name.to_owned())
    .bind(i64::from(new.year))
    .bind(new.setup.to_owned())
    .bind(new.status.to_owned())
    .bind(new.created_by.map(|u| u.to_string()))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn get_competition(conn: &mut Conn, id: Uuid) -> StoreResult<CompetitionRecord> {
    let row: CompetitionRow = sqlx::query_as(&format!("{COMPETITION_SELECT} WHERE id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

/// Competitions whose scope lies in `scope`'s subtree (all of them for the nation), of `year`
/// if given; the newest year first, then the newest created.
pub async fn list_competitions(
    conn: &mut Conn,
    scope: Option<&RegionCode>,
    year: Option<i32>,
) -> StoreResult<Vec<CompetitionRecord>> {
    let mut sql = Sql::new(&format!("{COMPETITION_SELECT} WHERE TRUE"));
    if let Some(scope) = scope {
        sql.push(" AND ").in_subtree("scope_region", scope);
    }
    if let Some(year) = year {
        sql.push(" AND year = ").bind(i64::from(year));
    }
    sql.push(" ORDER BY year DESC, created_at DESC, id DESC");
    let (text, args) = sql.build()?;
    let rows: Vec<CompetitionRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter().map(CompetitionRecord::try_from).collect()
}

/// Replaces the name, year and set-up (an edited, re-validated set-up).
pub async fn update_competition_setup(
    conn: &mut Conn,
    id: Uuid,
    name: &str,
    year: i32,
    setup: &str,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE competitions SET name = $1, year = $2, setup = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(name.to_owned())
    .bind(i64::from(year))
    .bind(setup.to_owned())
    .bind(time::now_text())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    found(done.rows_affected())
}

pub async fn set_competition_status(conn: &mut Conn, id: Uuid, status: &str) -> StoreResult<()> {
    let done = sqlx::query("UPDATE competitions SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.to_owned())
        .bind(time::now_text())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    found(done.rows_affected())
}

// ---------------------------------------------------------------------------------------------
// Rounds

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundRecord {
    pub competition_id: Uuid,
    /// A `RoundKind` code.
    pub kind: String,
    pub position: i64,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<Uuid>,
    /// The result frozen at closing, as the JSON the caller gave.
    pub result: Option<String>,
}

impl RoundRecord {
    pub fn is_closed(&self) -> bool {
        self.closed_at.is_some()
    }
}

#[derive(FromRow)]
struct RoundRow {
    competition_id: String,
    kind: String,
    position: i64,
    opens_on: String,
    closes_on: String,
    closed_at: Option<String>,
    closed_by: Option<String>,
    result: Option<String>,
}

impl TryFrom<RoundRow> for RoundRecord {
    type Error = StoreError;
    fn try_from(row: RoundRow) -> StoreResult<RoundRecord> {
        Ok(RoundRecord {
            competition_id: parse_id(&row.competition_id)?,
            kind: row.kind,
            position: row.position,
            opens_on: time::parse_date(&row.opens_on)?,
            closes_on: time::parse_date(&row.closes_on)?,
            closed_at: opt_time(row.closed_at.as_deref())?,
            closed_by: opt_id(row.closed_by.as_deref())?,
            result: row.result,
        })
    }
}

const ROUND_SELECT: &str = "SELECT competition_id, kind, position, opens_on, closes_on, \
    closed_at, closed_by, result FROM competition_rounds";

/// Sets a round's position and dates, creating it if needed; a closed round stays closed.
pub async fn upsert_round(
    conn: &mut Conn,
    competition: Uuid,
    kind: &str,
    position: i64,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO competition_rounds (competition_id, kind, position, opens_on, closes_on) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (competition_id, kind) DO UPDATE SET position = excluded.position, \
         opens_on = excluded.opens_on, closes_on = excluded.closes_on",
    )
    .bind(competition.to_string())
    .bind(kind.to_owned())
    .bind(position)
    .bind(time::date_to_text(opens_on))
    .bind(time::date_to_text(closes_on))
    .execute(conn)
    .await?;
    Ok(())
}

/// A competition's rounds in order.
pub async fn list_rounds(conn: &mut Conn, competition: Uuid) -> StoreResult<Vec<RoundRecord>> {
    let rows: Vec<RoundRow> = sqlx::query_as(&format!(
        "{ROUND_SELECT} WHERE competition_id = $1 ORDER BY position, kind"
    ))
    .bind(competition.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(RoundRecord::try_from).collect()
}

pub async fn get_round(conn: &mut Conn, competition: Uuid, kind: &str) -> StoreResult<RoundRecord> {
    let row: RoundRow = sqlx::query_as(&format!(
        "{ROUND_SELECT} WHERE competition_id = $1 AND kind = $2"
    ))
    .bind(competition.to_string())
    .bind(kind.to_owned())
    .fetch_one(conn)
    .await?;
    row.try_into()
}

/// Closes a round and freezes its result. `NotFound` if there is no such round, `Conflict` if
/// it is already closed (a change after closing goes through [`reopen_round`]).
pub async fn close_round(
    conn: &mut Conn,
    competition: Uuid,
    kind: &str,
    closed_by: Option<Uuid>,
    result: Option<&str>,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE competition_rounds SET closed_at = $1, closed_by = $2, result = $3 \
         WHERE competition_id = $4 AND kind = $5 AND closed_at IS NULL",
    )
    .bind(time::now_text())
    .bind(closed_by.map(|u| u.to_string()))
    .bind(result.map(str::to_owned))
    .bind(competition.to_string())
    .bind(kind.to_owned())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        // Tells a missing round from a closed one.
        get_round(conn, competition, kind).await?;
        return Err(StoreError::Conflict(format!(
            "round {kind} is already closed"
        )));
    }
    Ok(())
}

/// Opens a closed round again, dropping its frozen result; the service requires an admin's
/// reason and audits it. `NotFound` if there is no such round.
pub async fn reopen_round(conn: &mut Conn, competition: Uuid, kind: &str) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE competition_rounds SET closed_at = NULL, closed_by = NULL, result = NULL \
         WHERE competition_id = $1 AND kind = $2",
    )
    .bind(competition.to_string())
    .bind(kind.to_owned())
    .execute(conn)
    .await?;
    found(done.rows_affected())
}

// ---------------------------------------------------------------------------------------------
// Proposals

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalRecord {
    pub id: Uuid,
    pub competition_id: Uuid,
    pub innovation_id: Uuid,
    pub region_code: RegionCode,
    pub agency_id: Uuid,
    /// A `Group` code.
    pub group_code: String,
    pub category: String,
    pub title: String,
    pub replicated_innovation: Option<String>,
    /// The innovation's profile at submission, as JSON.
    pub snapshot: String,
    /// Section texts by code, as JSON.
    pub sections: String,
    /// The attachments, as JSON.
    pub attachments: String,
    pub status: String,
    /// The rejection reasons as JSON, when rejected.
    pub rejection_reasons: Option<String>,
    pub submitted_by: Option<Uuid>,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The proposal of an earlier (provincial) competition this one was promoted from.
    pub source_proposal_id: Option<Uuid>,
}

#[derive(FromRow)]
struct ProposalRow {
    id: String,
    competition_id: String,
    innovation_id: String,
    region_code: String,
    agency_id: String,
    group_code: String,
    category: String,
    title: String,
    replicated_innovation: Option<String>,
    snapshot: String,
    sections: String,
    attachments: String,
    status: String,
    rejection_reasons: Option<String>,
    submitted_by: Option<String>,
    submitted_at: String,
    updated_at: String,
    source_proposal_id: Option<String>,
}

impl TryFrom<ProposalRow> for ProposalRecord {
    type Error = StoreError;
    fn try_from(row: ProposalRow) -> StoreResult<ProposalRecord> {
        Ok(ProposalRecord {
            id: parse_id(&row.id)?,
            competition_id: parse_id(&row.competition_id)?,
            innovation_id: parse_id(&row.innovation_id)?,
            region_code: region(&row.region_code)?,
            agency_id: parse_id(&row.agency_id)?,
            group_code: row.group_code,
            category: row.category,
            title: row.title,
            replicated_innovation: row.replicated_innovation,
            snapshot: row.snapshot,
            sections: row.sections,
            attachments: row.attachments,
            status: row.status,
            rejection_reasons: row.rejection_reasons,
            submitted_by: opt_id(row.submitted_by.as_deref())?,
            submitted_at: time::parse(&row.submitted_at)?,
            updated_at: time::parse(&row.updated_at)?,
            source_proposal_id: opt_id(row.source_proposal_id.as_deref())?,
        })
    }
}

const PROPOSAL_SELECT: &str = "SELECT id, competition_id, innovation_id, region_code, \
    agency_id, group_code, category, title, replicated_innovation, snapshot, sections, \
    attachments, status, rejection_reasons, submitted_by, submitted_at, updated_at, \
    source_proposal_id FROM proposals";

pub struct NewProposal<'a> {
    pub competition_id: Uuid,
    pub innovation_id: Uuid,
    pub region_code: &'a RegionCode,
    pub agency_id: Uuid,
    pub group_code: &'a str,
    pub category: &'a str,
    pub title: &'a str,
    pub replicated_innovation: Option<&'a str>,
    pub snapshot: &'a str,
    pub sections: &'a str,
    pub attachments: &'a str,
    /// Usually [`proposal_status::SUBMITTED`]; a proposal failing eligibility at submission may
    /// be stored rejected with its reasons.
    pub status: &'a str,
    pub rejection_reasons: Option<&'a str>,
    pub submitted_by: Option<Uuid>,
    pub source_proposal_id: Option<Uuid>,
}

/// Stores a proposal; `Conflict` if the innovation already has one in the competition.
pub async fn insert_proposal(conn: &mut Conn, new: &NewProposal<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    let mut sql = Sql::new(
        "INSERT INTO proposals (id, competition_id, innovation_id, region_code, agency_id, \
         group_code, category, title, replicated_innovation, snapshot, sections, attachments, \
         status, rejection_reasons, submitted_by, submitted_at, updated_at, source_proposal_id) \
         VALUES (",
    );
    let now = time::now_text();
    sql.bind(id.to_string())
        .push(", ")
        .bind(new.competition_id.to_string())
        .push(", ")
        .bind(new.innovation_id.to_string())
        .push(", ")
        .bind(new.region_code.as_str().to_owned())
        .push(", ")
        .bind(new.agency_id.to_string())
        .push(", ")
        .bind(new.group_code.to_owned())
        .push(", ")
        .bind(new.category.to_owned())
        .push(", ")
        .bind(new.title.to_owned())
        .push(", ")
        .bind(new.replicated_innovation.map(str::to_owned))
        .push(", ")
        .bind(new.snapshot.to_owned())
        .push(", ")
        .bind(new.sections.to_owned())
        .push(", ")
        .bind(new.attachments.to_owned())
        .push(", ")
        .bind(new.status.to_owned())
        .push(", ")
        .bind(new.rejection_reasons.map(str::to_owned))
        .push(", ")
        .bind(new.submitted_by.map(|u| u.to_string()))
        .push(", ")
        .bind(now.clone())
        .push(", ")
        .bind(now)
        .push(", ")
        .bind(new.source_proposal_id.map(|u| u.to_string()))
        .push(")");
    let (text, args) = sql.build()?;
    sqlx::query_with(&text, args).execute(conn).await?;
    Ok(id)
}

pub async fn get_proposal(conn: &mut Conn, id: Uuid) -> StoreResult<ProposalRecord> {
    let row: ProposalRow = sqlx::query_as(&format!("{PROPOSAL_SELECT} WHERE id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

/// A competition's proposals, of one status if given, in order of submission.
pub async fn list_proposals(
    conn: &mut Conn,
    competition: Uuid,
    status: Option<&str>,
) -> StoreResult<Vec<ProposalRecord>> {
    let mut sql = Sql::new(&format!("{PROPOSAL_SELECT} WHERE competition_id = "));
    sql.bind(competition.to_string());
    if let Some(status) = status {
        sql.push(" AND status = ").bind(status.to_owned());
    }
    sql.push(" ORDER BY submitted_at, id");
    let (text, args) = sql.build()?;
    let rows: Vec<ProposalRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter().map(ProposalRecord::try_from).collect()
}

/// Sets a proposal's status; `rejection_reasons` (JSON) replaces the stored reasons, so a
/// proposal that passes after all has none.
pub async fn set_proposal_status(
    conn: &mut Conn,
    id: Uuid,
    status: &str,
    rejection_reasons: Option<&str>,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE proposals SET status = $1, rejection_reasons = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(status.to_owned())
    .bind(rejection_reasons.map(str::to_owned))
    .bind(time::now_text())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    found(done.rows_affected())
}

/// How many proposals of `group` the agency has in the competition, for its quota. Rejected
/// proposals count too: a quota limits what an instance submits.
pub async fn count_proposals(
    conn: &mut Conn,
    competition: Uuid,
    agency: Uuid,
    group_code: &str,
) -> StoreResult<i64> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM proposals \
         WHERE competition_id = $1 AND agency_id = $2 AND group_code = $3",
    )
    .bind(competition.to_string())
    .bind(agency.to_string())
    .bind(group_code.to_owned())
    .fetch_one(conn)
    .await?;
    Ok(count)
}

/// An innovation's place in a competition, for the award history of later editions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalHistory {
    pub competition_id: Uuid,
    pub scope_region: RegionCode,
    pub year: i32,
    pub status: String,
}

/// Every competition the innovation was proposed to, oldest first.
pub async fn history_of_innovation(
    conn: &mut Conn,
    innovation: Uuid,
) -> StoreResult<Vec<ProposalHistory>> {
    let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT k.id, k.scope_region, k.year, p.status FROM proposals p \
         JOIN competitions k ON k.id = p.competition_id \
         WHERE p.innovation_id = $1 ORDER BY k.year, k.id",
    )
    .bind(innovation.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(competition, scope, year, status)| {
            Ok(ProposalHistory {
                competition_id: parse_id(&competition)?,
                scope_region: region(&scope)?,
                year: i32::try_from(year).map_err(StoreError::corrupt)?,
                status,
            })
        })
        .collect()
}

/// The proposals promoted from `source` (a provincial proposal) into later competitions.
pub async fn promoted_from(conn: &mut Conn, source: Uuid) -> StoreResult<Vec<ProposalRecord>> {
    let rows: Vec<ProposalRow> = sqlx::query_as(&format!(
        "{PROPOSAL_SELECT} WHERE source_proposal_id = $1 ORDER BY submitted_at, id"
    ))
    .bind(source.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(ProposalRecord::try_from).collect()
}

// ---------------------------------------------------------------------------------------------
// Interview slots

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InterviewSlot {
    pub proposal_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
}

/// Sets a proposal's interview slot, replacing an earlier one.
pub async fn set_interview_slot(
    conn: &mut Conn,
    competition: Uuid,
    slot: &InterviewSlot,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO interview_slots (proposal_id, competition_id, starts_at, ends_at, place) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (proposal_id) DO UPDATE SET \
         starts_at = excluded.starts_at, ends_at = excluded.ends_at, place = excluded.place",
    )
    .bind(slot.proposal_id.to_string())
    .bind(competition.to_string())
    .bind(time::to_text(slot.starts_at))
    .bind(time::to_text(slot.ends_at))
    .bind(slot.place.clone())
    .execute(conn)
    .await?;
    Ok(())
}

/// A competition's interview schedule, in time order.
pub async fn list_interview_slots(
    conn: &mut Conn,
    competition: Uuid,
) -> StoreResult<Vec<InterviewSlot>> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT proposal_id, starts_at, ends_at, place FROM interview_slots \
         WHERE competition_id = $1 ORDER BY starts_at, proposal_id",
    )
    .bind(competition.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(proposal, starts, ends, place)| {
            Ok(InterviewSlot {
                proposal_id: parse_id(&proposal)?,
                starts_at: time::parse(&starts)?,
                ends_at: time::parse(&ends)?,
                place,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Jurors, affiliations, declared conflicts

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JurorRecord {
    pub competition_id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub added_at: DateTime<Utc>,
}

/// Makes the user a juror of the competition; returns whether they were not one already.
pub async fn add_juror(conn: &mut Conn, competition: Uuid, user: Uuid) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO jurors (competition_id, user_id, added_at) VALUES ($1, $2, $3) \
         ON CONFLICT (competition_id, user_id) DO NOTHING",
    )
    .bind(competition.to_string())
    .bind(user.to_string())
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A competition's jurors, by name.
pub async fn list_jurors(conn: &mut Conn, competition: Uuid) -> StoreResult<Vec<JurorRecord>> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT j.competition_id, j.user_id, u.name, u.email, j.added_at \
         FROM jurors j JOIN users u ON u.id = j.user_id \
         WHERE j.competition_id = $1 ORDER BY u.name, u.id",
    )
    .bind(competition.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(competition, user, name, email, added_at)| {
            Ok(JurorRecord {
                competition_id: parse_id(&competition)?,
                user_id: parse_id(&user)?,
                name,
                email,
                added_at: time::parse(&added_at)?,
            })
        })
        .collect()
}

pub async fn is_juror(conn: &mut Conn, competition: Uuid, user: Uuid) -> StoreResult<bool> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM jurors WHERE competition_id = $1 AND user_id = $2")
            .bind(competition.to_string())
            .bind(user.to_string())
            .fetch_one(conn)
            .await?;
    Ok(count > 0)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AffiliationRecord {
    pub id: Uuid,
    pub user_id: Uuid,
    pub region_code: Option<RegionCode>,
    pub agency_id: Option<Uuid>,
    pub from_on: Option<NaiveDate>,
    pub to_on: Option<NaiveDate>,
}

#[derive(FromRow)]
struct AffiliationRow {
    id: String,
    user_id: String,
    region_code: Option<String>,
    agency_id: Option<String>,
    from_on: Option<String>,
    to_on: Option<String>,
}

impl TryFrom<AffiliationRow> for AffiliationRecord {
    type Error = StoreError;
    fn try_from(row: AffiliationRow) -> StoreResult<AffiliationRecord> {
        Ok(AffiliationRecord {
            id: parse_id(&row.id)?,
            user_id: parse_id(&row.user_id)?,
            region_code: row.region_code.as_deref().map(region).transpose()?,
            agency_id: opt_id(row.agency_id.as_deref())?,
            from_on: time::parse_opt_date(row.from_on.as_deref())?,
            to_on: time::parse_opt_date(row.to_on.as_deref())?,
        })
    }
}

pub struct NewAffiliation<'a> {
    pub user_id: Uuid,
    pub region_code: Option<&'a RegionCode>,
    pub agency_id: Option<Uuid>,
    pub from_on: Option<NaiveDate>,
    pub to_on: Option<NaiveDate>,
}

pub async fn add_affiliation(conn: &mut Conn, new: &NewAffiliation<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO juror_affiliations (id, user_id, region_code, agency_id, from_on, to_on, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(new.user_id.to_string())
    .bind(new.region_code.map(|r| r.as_str().to_owned()))
    .bind(new.agency_id.map(|a| a.to_string()))
    .bind(new.from_on.map(time::date_to_text))
    .bind(new.to_on.map(time::date_to_text))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

/// The affiliations of the given users, by user then in order of entry.
pub async fn affiliations_of(
    conn: &mut Conn,
    users: &[Uuid],
) -> StoreResult<Vec<AffiliationRecord>> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT id, user_id, region_code, agency_id, from_on, to_on FROM juror_affiliations \
         WHERE ",
    );
    sql.in_list("user_id", users)
        .push(" ORDER BY user_id, created_at, id");
    let (text, args) = sql.build()?;
    let rows: Vec<AffiliationRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter().map(AffiliationRecord::try_from).collect()
}

/// The affiliations of every juror of a competition, for conflict detection.
pub async fn juror_affiliations(
    conn: &mut Conn,
    competition: Uuid,
) -> StoreResult<Vec<AffiliationRecord>> {
    let rows: Vec<AffiliationRow> = sqlx::query_as(
        "SELECT a.id, a.user_id, a.region_code, a.agency_id, a.from_on, a.to_on \
         FROM juror_affiliations a JOIN jurors j ON j.user_id = a.user_id \
         WHERE j.competition_id = $1 ORDER BY a.user_id, a.created_at, a.id",
    )
    .bind(competition.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(AffiliationRecord::try_from).collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeclaredConflict {
    pub competition_id: Uuid,
    pub user_id: Uuid,
    pub proposal_id: Uuid,
    pub reason: String,
    pub declared_at: DateTime<Utc>,
}

/// Records a juror's declared conflict on a proposal; returns whether it is new (a second
/// declaration keeps the first reason).
pub async fn declare_conflict(
    conn: &mut Conn,
    competition: Uuid,
    user: Uuid,
    proposal: Uuid,
    reason: &str,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO declared_conflicts (competition_id, user_id, proposal_id, reason, \
         declared_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (competition_id, user_id, proposal_id) DO NOTHING",
    )
    .bind(competition.to_string())
    .bind(user.to_string())
    .bind(proposal.to_string())
    .bind(reason.to_owned())
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn list_declared_conflicts(
    conn: &mut Conn,
    competition: Uuid,
) -> StoreResult<Vec<DeclaredConflict>> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT competition_id, user_id, proposal_id, reason, declared_at \
         FROM declared_conflicts WHERE competition_id = $1 \
         ORDER BY declared_at, user_id, proposal_id",
    )
    .bind(competition.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(competition, user, proposal, reason, at)| {
            Ok(DeclaredConflict {
                competition_id: parse_id(&competition)?,
                user_id: parse_id(&user)?,
                proposal_id: parse_id(&proposal)?,
                reason,
                declared_at: time::parse(&at)?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Assignments

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssignmentRecord {
    pub proposal_id: Uuid,
    pub user_id: Uuid,
    pub assigned_at: DateTime<Utc>,
}

/// Makes the round's assignment exactly `pairs` of (proposal, juror): pairs no longer wanted
/// are removed, new ones added, and the pairs kept keep their `assigned_at`. Every juror must
/// be a juror of the competition (a foreign key checks it).
pub async fn replace_assignments(
    conn: &mut Conn,
    competition: Uuid,
    round: &str,
    pairs: &[(Uuid, Uuid)],
) -> StoreResult<()> {
    let wanted: BTreeSet<(Uuid, Uuid)> = pairs.iter().copied().collect();
    let existing: BTreeSet<(Uuid, Uuid)> = list_assignments(conn, competition, round)
        .await?
        .into_iter()
        .map(|a| (a.proposal_id, a.user_id))
        .collect();
    for (proposal, user) in existing.difference(&wanted) {
        sqlx::query(
            "DELETE FROM assignments WHERE competition_id = $1 AND round = $2 \
             AND proposal_id = $3 AND user_id = $4",
        )
        .bind(competition.to_string())
        .bind(round.to_owned())
        .bind(proposal.to_string())
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    }
    let now = time::now_text();
    for (proposal, user) in wanted.difference(&existing) {
        sqlx::query(
            "INSERT INTO assignments (competition_id, round, proposal_id, user_id, assigned_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(competition.to_string())
        .bind(round.to_owned())
        .bind(proposal.to_string())
        .bind(user.to_string())
        .bind(now.clone())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The round's assignment, by proposal then juror.
pub async fn list_assignments(
    conn: &mut Conn,
    competition: Uuid,
    round: &str,
) -> StoreResult<Vec<AssignmentRecord>> {
    assignments_where(conn, competition, round, None).await
}

/// The proposals assigned to one juror in the round.
pub async fn assignments_of_juror(
    conn: &mut Conn,
    competition: Uuid,
    round: &str,
    user: Uuid,
) -> StoreResult<Vec<AssignmentRecord>> {
    assignments_where(conn, competition, round, Some(user)).await
}

async fn assignments_where(
    conn: &mut Conn,
    competition: Uuid,
    round: &str,
    user: Option<Uuid>,
) -> StoreResult<Vec<AssignmentRecord>> {
    let mut sql = Sql::new(
        "SELECT proposal_id, user_id, assigned_at FROM assignments WHERE competition_id = ",
    );
    sql.bind(competition.to_string())
        .push(" AND round = ")
        .bind(round.to_owned());
    if let Some(user) = user {
        sql.push(" AND user_id = ").bind(user.to_string());
    }
    sql.push(" ORDER BY proposal_id, user_id");
    let (text, args) = sql.build()?;
    let rows: Vec<(String, String, String)> =
        sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter()
        .map(|(proposal, user, at)| {
            Ok(AssignmentRecord {
                proposal_id: parse_id(&proposal)?,
                user_id: parse_id(&user)?,
                assigned_at: time::parse(&at)?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Score sheets

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreSheetRecord {
    pub competition_id: Uuid,
    pub round: String,
    pub proposal_id: Uuid,
    pub user_id: Uuid,
    /// Criterion code → score, as the JSON the caller gave.
    pub scores: String,
    pub note: Option<String>,
    pub submitted_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct ScoreSheetRow {
    competition_id: String,
    round: String,
    proposal_id: String,
    user_id: String,
    scores: String,
    note: Option<String>,
    submitted_at: String,
}

impl TryFrom<ScoreSheetRow> for ScoreSheetRecord {
    type Error = StoreError;
    fn try_from(row: ScoreSheetRow) -> StoreResult<ScoreSheetRecord> {
        Ok(ScoreSheetRecord {
            competition_id: parse_id(&row.competition_id)?,
            round: row.round,
            proposal_id: parse_id(&row.proposal_id)?,
            user_id: parse_id(&row.user_id)?,
            scores: row.scores,
            note: row.note,
            submitted_at: time::parse(&row.submitted_at)?,
        })
    }
}

pub struct NewScoreSheet<'a> {
    pub competition_id: Uuid,
    pub round: &'a str,
    pub proposal_id: Uuid,
    pub user_id: Uuid,
    /// Criterion code → score as JSON (the domain's `ScoreSheet::scores`).
    pub scores: &'a str,
    pub note: Option<&'a str>,
}

/// Stores a juror's sheet for a proposal in a round, replacing an earlier one. Whether the
/// juror is assigned and the round open is the service's to check.
pub async fn upsert_score_sheet(conn: &mut Conn, sheet: &NewScoreSheet<'_>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO score_sheets (competition_id, round, proposal_id, user_id, scores, note, \
         submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (round, proposal_id, user_id) DO UPDATE SET scores = excluded.scores, \
         note = excluded.note, submitted_at = excluded.submitted_at",
    )
    .bind(sheet.competition_id.to_string())
    .bind(sheet.round.to_owned())
    .bind(sheet.proposal_id.to_string())
    .bind(sheet.user_id.to_string())
    .bind(sheet.scores.to_owned())
    .bind(sheet.note.map(str::to_owned))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes a juror's sheet of a proposal (after a declared conflict); returns whether there
/// was one.
pub async fn delete_score_sheet(
    conn: &mut Conn,
    round: &str,
    proposal: Uuid,
    user: Uuid,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "DELETE FROM score_sheets WHERE round = $1 AND proposal_id = $2 AND user_id = $3",
    )
    .bind(round.to_owned())
    .bind(proposal.to_string())
    .bind(user.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Every sheet of the round, by proposal then juror: for aggregation once the round closes.
pub async fn score_sheets_for_round(
    conn: &mut Conn,
    competition: Uuid,
    round: &str,
) -> StoreResult<Vec<ScoreSheetRecord>> {
    sheets_where(conn, competition, round, None).await
}

/// Only the sheets `user` wrote in the round: what a juror may see while scoring is blind.
pub async fn score_sheets_of_juror(
    conn: &mut Conn,
    competition: Uuid,
    round: &str,
    user: Uuid,
) -> StoreResult<Vec<ScoreSheetRecord>> {
    sheets_where(conn, competition, round, Some(user)).await
}

async fn sheets_where(
    conn: &mut Conn,
    competition: Uuid,
    round: &str,
    user: Option<Uuid>,
) -> StoreResult<Vec<ScoreSheetRecord>> {
    let mut sql = Sql::new(
        "SELECT competition_id, round, proposal_id, user_id, scores, note, submitted_at \
         FROM score_sheets WHERE competition_id = ",
    );
    sql.bind(competition.to_string())
        .push(" AND round = ")
        .bind(round.to_owned());
    if let Some(user) = user {
        sql.push(" AND user_id = ").bind(user.to_string());
    }
    sql.push(" ORDER BY proposal_id, user_id");
    let (text, args) = sql.build()?;
    let rows: Vec<ScoreSheetRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter().map(ScoreSheetRecord::try_from).collect()
}

// ---------------------------------------------------------------------------------------------
// Objections

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectionRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    /// The objector's name and contact: for the secretariat only.
    pub name: String,
    pub contact: String,
    pub text: String,
    pub status: String,
    pub resolution: Option<String>,
    pub resolved_by: Option<Uuid>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct ObjectionRow {
    id: String,
    proposal_id: String,
    name: String,
    contact: String,
    text: String,
    status: String,
    resolution: Option<String>,
    resolved_by: Option<String>,
    resolved_at: Option<String>,
    created_at: String,
}

impl TryFrom<ObjectionRow> for ObjectionRecord {
    type Error = StoreError;
    fn try_from(row: ObjectionRow) -> StoreResult<ObjectionRecord> {
        Ok(ObjectionRecord {
            id: parse_id(&row.id)?,
            proposal_id: parse_id(&row.proposal_id)?,
            name: row.name,
            contact: row.contact,
            text: row.text,
            status: row.status,
            resolution: row.resolution,
            resolved_by: opt_id(row.resolved_by.as_deref())?,
            resolved_at: opt_time(row.resolved_at.as_deref())?,
            created_at: time::parse(&row.created_at)?,
        })
    }
}

const OBJECTION_SELECT: &str = "SELECT o.id, o.proposal_id, o.name, o.contact, o.text, \
    o.status, o.resolution, o.resolved_by, o.resolved_at, o.created_at FROM objections o";

pub struct NewObjection<'a> {
    pub proposal_id: Uuid,
    pub name: &'a str,
    pub contact: &'a str,
    pub text: &'a str,
}

/// Files an open objection.
pub async fn insert_objection(conn: &mut Conn, new: &NewObjection<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO objections (id, proposal_id, name, contact, text, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(new.proposal_id.to_string())
    .bind(new.name.to_owned())
    .bind(new.contact.to_owned())
    .bind(new.text.to_owned())
    .bind(objection_status::OPEN)
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn get_objection(conn: &mut Conn, id: Uuid) -> StoreResult<ObjectionRecord> {
    let row: ObjectionRow = sqlx::query_as(&format!("{OBJECTION_SELECT} WHERE o.id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

/// A competition's objections, of one status if given, oldest first.
pub async fn list_objections(
    conn: &mut Conn,
    competition: Uuid,
    status: Option<&str>,
) -> StoreResult<Vec<ObjectionRecord>> {
    let mut sql = Sql::new(&format!(
        "{OBJECTION_SELECT} JOIN proposals p ON p.id = o.proposal_id WHERE p.competition_id = "
    ));
    sql.bind(competition.to_string());
    if let Some(status) = status {
        sql.push(" AND o.status = ").bind(status.to_owned());
    }
    sql.push(" ORDER BY o.created_at, o.id");
    let (text, args) = sql.build()?;
    let rows: Vec<ObjectionRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter().map(ObjectionRecord::try_from).collect()
}

/// Resolves an open objection as upheld or dismissed. `NotFound` if there is none,
/// `Conflict` if it was resolved already.
pub async fn resolve_objection(
    conn: &mut Conn,
    id: Uuid,
    status: &str,
    resolution: &str,
    resolved_by: Option<Uuid>,
) -> StoreResult<()> {
    if status != objection_status::UPHELD && status != objection_status::DISMISSED {
        return Err(StoreError::corrupt(format!(
            "objection status {status:?} is not a resolution"
        )));
    }
    let done = sqlx::query(
        "UPDATE objections SET status = $1, resolution = $2, resolved_by = $3, resolved_at = $4 \
         WHERE id = $5 AND status = $6",
    )
    .bind(status.to_owned())
    .bind(resolution.to_owned())
    .bind(resolved_by.map(|u| u.to_string()))
    .bind(time::now_text())
    .bind(id.to_string())
    .bind(objection_status::OPEN)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        get_objection(conn, id).await?;
        return Err(StoreError::Conflict(
            "the objection is already resolved".to_owned(),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Certificates

/// A certificate with what its public verification page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateRecord {
    pub code: String,
    pub proposal_id: Uuid,
    pub award: String,
    pub issued_at: DateTime<Utc>,
    pub competition_id: Uuid,
    pub competition_name: String,
    pub competition_year: i32,
    pub title: String,
    pub region_code: RegionCode,
    pub agency_id: Uuid,
}

/// Issues a certificate under `code` (made by the caller, unguessable); `Conflict` if the code
/// is taken.
pub async fn insert_certificate(
    conn: &mut Conn,
    code: &str,
    proposal: Uuid,
    award: &str,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO certificates (code, proposal_id, award, issued_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(code.to_owned())
    .bind(proposal.to_string())
    .bind(award.to_owned())
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(())
}

type CertificateRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
    String,
);

const CERTIFICATE_SELECT: &str = "SELECT c.code, c.proposal_id, c.award, c.issued_at, \
    p.competition_id, k.name, k.year, p.title, p.region_code, p.agency_id \
    FROM certificates c JOIN proposals p ON p.id = c.proposal_id \
    JOIN competitions k ON k.id = p.competition_id";

fn certificate(row: CertificateRow) -> StoreResult<CertificateRecord> {
    let (code, proposal, award, issued_at, competition, name, year, title, region_code, agency) =
        row;
    Ok(CertificateRecord {
        code,
        proposal_id: parse_id(&proposal)?,
        award,
        issued_at: time::parse(&issued_at)?,
        competition_id: parse_id(&competition)?,
        competition_name: name,
        competition_year: i32::try_from(year).map_err(StoreError::corrupt)?,
        title,
        region_code: region(&region_code)?,
        agency_id: parse_id(&agency)?,
    })
}

/// The certificate of a code, for public verification; `None` for an unknown code.
pub async fn find_certificate(
    conn: &mut Conn,
    code: &str,
) -> StoreResult<Option<CertificateRecord>> {
    let row: Option<CertificateRow> =
        sqlx::query_as(&format!("{CERTIFICATE_SELECT} WHERE c.code = $1"))
            .bind(code.to_owned())
            .fetch_optional(conn)
            .await?;
    row.map(certificate).transpose()
}

/// A competition's certificates, in order of issue.
pub async fn list_certificates(
    conn: &mut Conn,
    competition: Uuid,
) -> StoreResult<Vec<CertificateRecord>> {
    let rows: Vec<CertificateRow> = sqlx::query_as(&format!(
        "{CERTIFICATE_SELECT} WHERE p.competition_id = $1 ORDER BY c.issued_at, c.code"
    ))
    .bind(competition.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(certificate).collect()
}
