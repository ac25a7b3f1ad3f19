//! Innovations, their related affairs and awards.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use lumbung_domain::award::Award;
use lumbung_domain::innovation::{Form, Initiator, Kind, Profile, Stage, Status};
use lumbung_domain::permission::ReadScope;
use lumbung_domain::region::RegionCode;
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::search::{self, SearchIndex};
use crate::sql::{Page, Paging, Sql};
use crate::users::parse_id;
use crate::{Conn, time};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionRef {
    pub code: RegionCode,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgencyRef {
    pub id: Uuid,
    pub name: String,
}

/// An innovation as stored: its official profile, owner, review status and awards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Innovation {
    pub id: Uuid,
    pub registration_number: String,
    pub region: RegionRef,
    pub agency: AgencyRef,
    #[serde(flatten)]
    pub profile: Profile,
    pub status: Status,
    /// The reviewer's note when an innovation is returned.
    pub status_note: Option<String>,
    pub awards: Vec<Award>,
    pub is_demo: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(FromRow)]
pub(crate) struct InnovationRow {
    id: String,
    registration_number: String,
    region_code: String,
    region_name: String,
    agency_id: String,
    agency_name: String,
    name: String,
    stage: String,
    trial_date: Option<String>,
    implementation_date: Option<String>,
    initiator: Option<String>,
    initiator_name: Option<String>,
    kind: String,
    form: String,
    main_affair: Option<String>,
    theme: Option<String>,
    design: String,
    goals: String,
    benefits: String,
    results: String,
    budget: Option<String>,
    links: String,
    latest_development: Option<String>,
    status: String,
    status_note: Option<String>,
    is_demo: i64,
    created_at: String,
    updated_at: String,
}

fn vocabulary<T>(code: &str, parse: fn(&str) -> Option<T>) -> StoreResult<T> {
    parse(code).ok_or_else(|| StoreError::corrupt(format!("unknown code {code:?}")))
}

impl TryFrom<InnovationRow> for Innovation {
    type Error = StoreError;
    fn try_from(row: InnovationRow) -> StoreResult<Innovation> {
        let links: Vec<String> = serde_json::from_str(&row.links).map_err(StoreError::corrupt)?;
        Ok(Innovation {
            id: parse_id(&row.id)?,
            registration_number: row.registration_number,
            region: RegionRef {
                code: RegionCode::parse(&row.region_code).map_err(StoreError::corrupt)?,
                name: row.region_name,
            },
            agency: AgencyRef {
                id: parse_id(&row.agency_id)?,
                name: row.agency_name,
            },
            profile: Profile {
                name: row.name,
                stage: vocabulary(&row.stage, Stage::from_code)?,
                trial_date: time::parse_opt_date(row.trial_date.as_deref())?,
                implementation_date: time::parse_opt_date(row.implementation_date.as_deref())?,
                initiator: row
                    .initiator
                    .as_deref()
                    .map(|code| vocabulary(code, Initiator::from_code))
                    .transpose()?,
                initiator_name: row.initiator_name,
                kind: vocabulary(&row.kind, Kind::from_code)?,
                form: vocabulary(&row.form, Form::from_code)?,
                main_affair: row.main_affair,
                related_affairs: Vec::new(),
                theme: row.theme,
                design: row.design,
                goals: row.goals,
                benefits: row.benefits,
                results: row.results,
                budget: row.budget,
                links,
                latest_development: time::parse_opt_date(row.latest_development.as_deref())?,
            },
            status: vocabulary(&row.status, Status::from_code)?,
            status_note: row.status_note,
            awards: Vec::new(),
            is_demo: row.is_demo != 0,
            created_at: time::parse(&row.created_at)?,
            updated_at: time::parse(&row.updated_at)?,
        })
    }
}

/// The columns an `InnovationRow` reads, with `r` the region and `a` the agency.
macro_rules! columns {
    () => {
        "i.id, i.registration_number, i.region_code, r.name AS region_name, \
    i.agency_id, a.name AS agency_name, i.name, i.stage, i.trial_date, i.implementation_date, \
    i.initiator, i.initiator_name, i.kind, i.form, i.main_affair, i.theme, i.design, i.goals, \
    i.benefits, i.results, i.budget, i.links, i.latest_development, i.status, i.status_note, \
    CASE WHEN i.is_demo THEN 1 ELSE 0 END AS is_demo, i.created_at, i.updated_at"
    };
}
macro_rules! joins {
    () => {
        " JOIN regions r ON r.code = i.region_code JOIN agencies a ON a.id = i.agency_id"
    };
}
pub(crate) const COLUMNS: &str = columns!();
pub(crate) const JOINS: &str = joins!();
const SELECT: &str = concat!("SELECT ", columns!(), " FROM innovations i", joins!());

/// What a new innovation is stored with besides its profile.
#[derive(Clone, Copy)]
pub struct NewInnovation<'a> {
    pub region_code: &'a RegionCode,
    pub agency_id: Uuid,
    pub profile: &'a Profile,
    pub status: Status,
    pub is_demo: bool,
    pub created_by: Option<Uuid>,
}

/// A new innovation with everything decided before the write: its id and search tokens
/// are made outside the transaction, so an import of thousands holds the lock briefly.
pub struct Prepared<'a> {
    pub id: Uuid,
    pub new: NewInnovation<'a>,
    pub awards: &'a [Award],
    pub tokens: &'a search::Tokens,
}

/// Moves a named counter on by `by` and returns its new value (it starts at 0).
async fn bump_counter(conn: &mut Conn, name: &str, by: i64) -> StoreResult<i64> {
    let (value,): (i64,) = sqlx::query_as(
        "INSERT INTO counters (name, value) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET value = counters.value + $2 RETURNING value",
    )
    .bind(name.to_owned())
    .bind(by)
    .fetch_one(conn)
    .await?;
    Ok(value)
}

fn date_text(date: Option<chrono::NaiveDate>) -> Option<String> {
    date.map(time::date_to_text)
}

fn links_text(profile: &Profile) -> StoreResult<String> {
    serde_json::to_string(&profile.links).map_err(StoreError::corrupt)
}

/// The profile's columns, in the order of `profile_values`.
const PROFILE_COLUMNS: [&str; 17] = [
    "name",
    "stage",
    "trial_date",
    "implementation_date",
    "initiator",
    "initiator_name",
    "kind",
    "form",
    "main_affair",
    "theme",
    "design",
    "goals",
    "benefits",
    "results",
    "budget",
    "links",
    "latest_development",
];

/// The profile's values, all text, in the order of `PROFILE_COLUMNS`.
fn profile_values(profile: &Profile) -> StoreResult<[Option<String>; 17]> {
    Ok([
        Some(profile.name.clone()),
        Some(profile.stage.code().to_owned()),
        date_text(profile.trial_date),
        date_text(profile.implementation_date),
        profile.initiator.map(|i| i.code().to_owned()),
        profile.initiator_name.clone(),
        Some(profile.kind.code().to_owned()),
        Some(profile.form.code().to_owned()),
        profile.main_affair.clone(),
        profile.theme.clone(),
        Some(profile.design.clone()),
        Some(profile.goals.clone()),
        Some(profile.benefits.clone()),
        Some(profile.results.clone()),
        profile.budget.clone(),
        Some(links_text(profile)?),
        date_text(profile.latest_development),
    ])
}

/// Inserts an innovation and gives it the next registration number of its region and year,
/// e.g. `INOV-65.01-2026-00012`. Returns the id and the number.
pub async fn insert(conn: &mut Conn, new: &NewInnovation<'_>) -> StoreResult<(Uuid, String)> {
    let (agency, region): (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT (SELECT name FROM agencies WHERE id = $1), (SELECT name FROM regions WHERE code = $2)",
    )
    .bind(new.agency_id.to_string())
    .bind(new.region_code.as_str().to_owned())
    .fetch_one(&mut *conn)
    .await?;
    let tokens = search::Tokens::of(
        new.profile,
        agency.as_deref().unwrap_or(""),
        region.as_deref().unwrap_or(""),
    );
    let id = Uuid::now_v7();
    let numbers = insert_many(
        conn,
        &[Prepared {
            id,
            new: *new,
            awards: &[],
            tokens: &tokens,
        }],
    )
    .await?;
    let number = numbers
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::corrupt("no registration number given"))?;
    Ok((id, number))
}

/// Innovations per statement of a bulk write: each binds its profile and ten more values.
const CHUNK: usize = crate::sql::rows_per_statement(PROFILE_COLUMNS.len() + 10);

/// Inserts innovations with their related affairs, awards and search documents in a few
/// statements per few hundred rows; returns their registration numbers, in order. Numbers
/// run on per region and year in the order given.
pub async fn insert_many(conn: &mut Conn, rows: &[Prepared<'_>]) -> StoreResult<Vec<String>> {
    let now = Utc::now();
    let year = now.format("%Y").to_string();
    let now = time::to_text(now);
    let mut per_region: HashMap<&RegionCode, i64> = HashMap::new();
    for row in rows {
        *per_region.entry(row.new.region_code).or_default() += 1;
    }
    // The first number of each region's run: one counter update per region, not per row.
    let mut next: HashMap<&RegionCode, i64> = HashMap::new();
    for (region, count) in per_region {
        let last = bump_counter(conn, &format!("innovation:{region}:{year}"), count).await?;
        next.insert(region, last - count + 1);
    }
    let mut numbers = Vec::with_capacity(rows.len());
    for row in rows {
        let sequence = next.get_mut(row.new.region_code).ok_or_else(|| {
            StoreError::corrupt(format!("no counter for {}", row.new.region_code))
        })?;
        numbers.push(format!(
            "INOV-{}-{year}-{:05}",
            row.new.region_code, *sequence
        ));
        *sequence += 1;
    }
    for (chunk, numbers) in rows.chunks(CHUNK).zip(numbers.chunks(CHUNK)) {
        let mut sql = Sql::new(&format!(
            "INSERT INTO innovations (id, registration_number, region_code, agency_id, {}, status, \
             status_note, is_demo, created_by, created_at, updated_at) VALUES ",
            PROFILE_COLUMNS.join(", ")
        ));
        for (i, (row, number)) in chunk.iter().zip(numbers).enumerate() {
            let new = &row.new;
            sql.push(if i == 0 { "(" } else { ", (" })
                .bind(row.id.to_string())
                .push(", ")
                .bind(number.clone())
                .push(", ")
                .bind(new.region_code.as_str().to_owned())
                .push(", ")
                .bind(new.agency_id.to_string())
                .push(", ");
            for value in profile_values(new.profile)? {
                sql.bind(value).push(", ");
            }
            sql.bind(new.status.code())
                .push(", NULL, ")
                .bind(new.is_demo)
                .push(", ")
                .bind(new.created_by.map(|id| id.to_string()))
                .push(", ")
                .bind(now.clone())
                .push(", ")
                .bind(now.clone())
                .push(")");
        }
        let (text, args) = sql.build()?;
        sqlx::query_with(&text, args).execute(&mut *conn).await?;
    }
    let affairs: Vec<(Uuid, &String)> = rows
        .iter()
        .flat_map(|row| row.new.profile.related_affairs.iter().map(|a| (row.id, a)))
        .collect();
    for chunk in affairs.chunks(crate::sql::rows_per_statement(2)) {
        let mut sql =
            Sql::new("INSERT INTO innovation_related_affairs (innovation_id, affair) VALUES ");
        for (i, (id, affair)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" })
                .bind(id.to_string())
                .push(", ")
                .bind((*affair).clone())
                .push(")");
        }
        let (text, args) = sql.build()?;
        sqlx::query_with(&text, args).execute(&mut *conn).await?;
    }
    let awards: Vec<(Uuid, &Award)> = rows
        .iter()
        .flat_map(|row| row.awards.iter().map(|a| (row.id, a)))
        .collect();
    insert_awards(conn, &awards, &now).await?;
    let docs: Vec<(Uuid, &search::Tokens)> = rows.iter().map(|row| (row.id, row.tokens)).collect();
    search::index_new(conn, &docs).await?;
    Ok(numbers)
}

async fn insert_awards(conn: &mut Conn, awards: &[(Uuid, &Award)], now: &str) -> StoreResult<()> {
    for chunk in awards.chunks(crate::sql::rows_per_statement(7)) {
        let mut sql = Sql::new(
            "INSERT INTO awards (id, innovation_id, body, event, year, rank, created_at) VALUES ",
        );
        for (i, (id, award)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" })
                .bind(Uuid::now_v7().to_string())
                .push(", ")
                .bind(id.to_string())
                .push(", ")
                .bind(award.body.clone())
                .push(", ")
                .bind(award.event.clone())
                .push(", ")
                .bind(i64::from(award.year))
                .push(", ")
                .bind(award.rank.clone())
                .push(", ")
                .bind(now.to_owned())
                .push(")");
        }
        let (text, args) = sql.build()?;
        sqlx::query_with(&text, args).execute(&mut *conn).await?;
    }
    Ok(())
}

async fn replace_related_affairs(conn: &mut Conn, id: Uuid, affairs: &[String]) -> StoreResult<()> {
    sqlx::query("DELETE FROM innovation_related_affairs WHERE innovation_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    for affair in affairs {
        sqlx::query(
            "INSERT INTO innovation_related_affairs (innovation_id, affair) VALUES ($1, $2)",
        )
        .bind(id.to_string())
        .bind(affair.clone())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Replaces the profile (and possibly the owning agency) of an innovation.
pub async fn update_profile(
    conn: &mut Conn,
    id: Uuid,
    region_code: &RegionCode,
    agency_id: Uuid,
    profile: &Profile,
) -> StoreResult<()> {
    let mut sql = Sql::new("UPDATE innovations SET region_code = ");
    sql.bind(region_code.as_str().to_owned())
        .push(", agency_id = ")
        .bind(agency_id.to_string());
    for (column, value) in PROFILE_COLUMNS.iter().zip(profile_values(profile)?) {
        sql.push(", ").push(column).push(" = ").bind(value);
    }
    sql.push(", updated_at = ")
        .bind(time::now_text())
        .push(" WHERE id = ")
        .bind(id.to_string());
    let (text, args) = sql.build()?;
    let done = sqlx::query_with(&text, args).execute(&mut *conn).await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    replace_related_affairs(conn, id, &profile.related_affairs).await?;
    search::reindex(conn, id).await
}

pub async fn set_status(
    conn: &mut Conn,
    id: Uuid,
    status: Status,
    note: Option<&str>,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE innovations SET status = $1, status_note = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(status.code())
    .bind(note.map(str::to_owned))
    .bind(time::now_text())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Records who submitted an innovation for verification: they may not verify it.
pub async fn set_submitted_by(conn: &mut Conn, id: Uuid, user: Option<Uuid>) -> StoreResult<()> {
    sqlx::query("UPDATE innovations SET submitted_by = $1 WHERE id = $2")
        .bind(user.map(|u| u.to_string()))
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Who last submitted an innovation, if a person did.
pub async fn submitted_by(conn: &mut Conn, id: Uuid) -> StoreResult<Option<Uuid>> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT submitted_by FROM innovations WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(conn)
            .await?;
    row.and_then(|(user,)| user)
        .map(|user| parse_id(&user))
        .transpose()
}

pub async fn delete(conn: &mut Conn, id: Uuid) -> StoreResult<()> {
    search::remove(conn, id).await?;
    let done = sqlx::query("DELETE FROM innovations WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub async fn replace_awards(conn: &mut Conn, id: Uuid, awards: &[Award]) -> StoreResult<()> {
    sqlx::query("DELETE FROM awards WHERE innovation_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    for award in awards {
        sqlx::query(
            "INSERT INTO awards (id, innovation_id, body, event, year, rank, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(Uuid::now_v7().to_string())
        .bind(id.to_string())
        .bind(award.body.clone())
        .bind(award.event.clone())
        .bind(i64::from(award.year))
        .bind(award.rank.clone())
        .bind(time::now_text())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn get(conn: &mut Conn, id: Uuid) -> StoreResult<Innovation> {
    let row: InnovationRow = sqlx::query_as(&format!("{SELECT} WHERE i.id = $1"))
        .bind(id.to_string())
        .fetch_one(&mut *conn)
        .await?;
    let mut innovations = vec![Innovation::try_from(row)?];
    load_details(conn, &mut innovations).await?;
    innovations.pop().ok_or(StoreError::NotFound)
}

/// Fills in related affairs and awards, a few hundred innovations per query.
pub(crate) async fn load_details(
    conn: &mut Conn,
    innovations: &mut [Innovation],
) -> StoreResult<()> {
    let mut position: HashMap<Uuid, usize> = HashMap::new();
    for (i, innovation) in innovations.iter().enumerate() {
        position.insert(innovation.id, i);
    }
    let ids: Vec<String> = innovations.iter().map(|i| i.id.to_string()).collect();
    for chunk in ids.chunks(500) {
        let mut sql =
            Sql::new("SELECT innovation_id, affair FROM innovation_related_affairs WHERE ");
        sql.in_list("innovation_id", chunk);
        sql.push(" ORDER BY innovation_id, affair");
        let (text, args) = sql.build()?;
        let rows: Vec<(String, String)> = sqlx::query_as_with(&text, args)
            .fetch_all(&mut *conn)
            .await?;
        for (id, affair) in rows {
            if let Some(&i) = position.get(&parse_id(&id)?) {
                innovations[i].profile.related_affairs.push(affair);
            }
        }

        let mut sql = Sql::new("SELECT innovation_id, body, event, year, rank FROM awards WHERE ");
        sql.in_list("innovation_id", chunk);
        sql.push(" ORDER BY innovation_id, year, created_at");
        let (text, args) = sql.build()?;
        let rows: Vec<(String, String, String, i64, String)> = sqlx::query_as_with(&text, args)
            .fetch_all(&mut *conn)
            .await?;
        for (id, body, event, year, rank) in rows {
            if let Some(&i) = position.get(&parse_id(&id)?) {
                innovations[i].awards.push(Award {
                    body,
                    event,
                    year: i32::try_from(year).map_err(StoreError::corrupt)?,
                    rank,
                });
            }
        }
    }
    Ok(())
}

/// Filters of the innovation list; every filter narrows.
#[derive(Debug, Clone, Default)]
pub struct InnovationFilter {
    /// The region's whole subtree.
    pub region: Option<RegionCode>,
    pub agency: Option<Uuid>,
    pub stage: Option<Stage>,
    pub form: Option<Form>,
    pub kind: Option<Kind>,
    /// Main or related affair, by code.
    pub affair: Option<String>,
    pub status: Option<Status>,
    /// Words searched in the full-text index (name, description, agency, region).
    pub q: Option<String>,
    /// The year implementation started.
    pub year: Option<i32>,
    pub award: Option<AwardFilter>,
}

/// Innovations with awards: any award, or one of an event (`KIPP`, any case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwardFilter {
    Any,
    Event(String),
}

pub(crate) fn push_filter(
    sql: &mut Sql,
    index: SearchIndex,
    filter: &InnovationFilter,
    scope: &ReadScope,
) {
    sql.push(" WHERE ");
    // What the reader may see: everything published, and the rest within their scopes.
    if scope.all {
        sql.push("TRUE");
    } else {
        sql.push("(i.status = 'published'");
        for region in &scope.regions {
            sql.push(" OR ").in_subtree("i.region_code", region);
        }
        for agency in &scope.agencies {
            sql.push(" OR i.agency_id = ").bind(agency.to_string());
        }
        sql.push(")");
    }
    if let Some(region) = &filter.region {
        sql.push(" AND ").in_subtree("i.region_code", region);
    }
    if let Some(agency) = filter.agency {
        sql.push(" AND i.agency_id = ").bind(agency.to_string());
    }
    if let Some(stage) = filter.stage {
        sql.push(" AND i.stage = ").bind(stage.code());
    }
    if let Some(form) = filter.form {
        sql.push(" AND i.form = ").bind(form.code());
    }
    if let Some(kind) = filter.kind {
        sql.push(" AND i.kind = ").bind(kind.code());
    }
    if let Some(status) = filter.status {
        sql.push(" AND i.status = ").bind(status.code());
    }
    if let Some(affair) = &filter.affair {
        sql.push(" AND (i.main_affair = ")
            .bind(affair.clone())
            .push(" OR EXISTS (SELECT 1 FROM innovation_related_affairs x WHERE x.innovation_id = i.id AND x.affair = ")
            .bind(affair.clone())
            .push("))");
    }
    if let Some(year) = filter.year {
        sql.push(" AND SUBSTR(i.implementation_date, 1, 4) = ")
            .bind(format!("{year:04}"));
    }
    match &filter.award {
        None => {}
        Some(AwardFilter::Any) => {
            sql.push(" AND EXISTS (SELECT 1 FROM awards w WHERE w.innovation_id = i.id)");
        }
        Some(AwardFilter::Event(event)) => {
            sql.push(" AND EXISTS (SELECT 1 FROM awards w WHERE w.innovation_id = i.id AND LOWER(w.event) = ")
                .bind(event.trim().to_lowercase())
                .push(")");
        }
    }
    if let Some(q) = &filter.q
        && let Some(expression) = index.expression(&lumbung_search::Query::parse(q))
    {
        sql.push(" AND ");
        index.push_match(sql, expression);
    }
}

/// A page of the innovations `scope` may read, newest first.
pub async fn list(
    conn: &mut Conn,
    filter: &InnovationFilter,
    scope: &ReadScope,
    paging: Paging,
) -> StoreResult<Page<Innovation>> {
    let mut count = Sql::new("SELECT COUNT(*) FROM innovations i");
    let index = SearchIndex::of(conn);
    push_filter(&mut count, index, filter, scope);
    let total = count.fetch_count(&mut *conn).await?;

    let mut sql = Sql::new(SELECT);
    push_filter(&mut sql, index, filter, scope);
    sql.push(" ORDER BY i.created_at DESC, i.id DESC LIMIT ")
        .bind(paging.limit())
        .push(" OFFSET ")
        .bind(paging.offset());
    let (text, args) = sql.build()?;
    let rows: Vec<InnovationRow> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    let mut items = rows
        .into_iter()
        .map(Innovation::try_from)
        .collect::<StoreResult<Vec<_>>>()?;
    load_details(conn, &mut items).await?;
    Ok(Page {
        items,
        total,
        page: paging.page,
        per_page: paging.per_page,
    })
}

/// What innovations can be counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Form,
    Stage,
    Kind,
    /// The main affair.
    Affair,
    Agency,
}

/// One group of a count: the key (a code or an agency id; `None` when not filled in), the
/// agency's name when grouping by agency, and how many.
#[derive(Debug, Clone, PartialEq)]
pub struct CountGroup {
    pub key: Option<String>,
    pub agency_name: Option<String>,
    pub count: i64,
}

/// Counts the innovations `scope` may read, by one property; largest groups first.
pub async fn count_by(
    conn: &mut Conn,
    filter: &InnovationFilter,
    scope: &ReadScope,
    group_by: GroupBy,
) -> StoreResult<Vec<CountGroup>> {
    const NO_NAME: &str = "CAST(NULL AS TEXT)";
    let (key, name) = match group_by {
        GroupBy::Form => ("i.form", NO_NAME),
        GroupBy::Stage => ("i.stage", NO_NAME),
        GroupBy::Kind => ("i.kind", NO_NAME),
        GroupBy::Affair => ("i.main_affair", NO_NAME),
        GroupBy::Agency => ("i.agency_id", "MIN(a.name)"),
    };
    let mut sql = Sql::new(&format!(
        "SELECT {key}, {name}, COUNT(*) FROM innovations i JOIN agencies a ON a.id = i.agency_id"
    ));
    push_filter(&mut sql, SearchIndex::of(conn), filter, scope);
    sql.push(&format!(" GROUP BY {key} ORDER BY COUNT(*) DESC, {key}"));
    let (text, args) = sql.build()?;
    let rows: Vec<(Option<String>, Option<String>, i64)> =
        sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(key, agency_name, count)| CountGroup {
            key,
            agency_name,
            count,
        })
        .collect())
}

pub async fn count_all(conn: &mut Conn) -> StoreResult<i64> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM innovations")
        .fetch_one(conn)
        .await?;
    Ok(count)
}

/// How many innovations are published and when the latest of them changed. Deleting or
/// unpublishing one changes the count or (through its `updated_at`) the time.
pub async fn published_version(conn: &mut Conn) -> StoreResult<(i64, Option<String>)> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), MAX(updated_at) FROM innovations WHERE status = 'published'",
    )
    .fetch_one(conn)
    .await?)
}

/// How many regions (provinces and kabupaten/kota) own at least one published innovation.
pub async fn regions_with_published(conn: &mut Conn) -> StoreResult<i64> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(DISTINCT region_code) FROM innovations WHERE status = 'published'",
    )
    .fetch_one(conn)
    .await?;
    Ok(count)
}
