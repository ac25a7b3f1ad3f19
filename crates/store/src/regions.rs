//! Regions: the nation, provinces, kabupaten/kota.

use lumbung_domain::region::{Region, RegionCode, RegionKind};
use sqlx::FromRow;

use crate::Conn;
use crate::error::{StoreError, StoreResult};
use crate::sql::Sql;

#[derive(FromRow)]
struct RegionRow {
    code: String,
    parent_code: Option<String>,
    name: String,
    kind: String,
    autonomous: i64,
    lat: Option<f64>,
    lng: Option<f64>,
}

impl TryFrom<RegionRow> for Region {
    type Error = StoreError;
    fn try_from(row: RegionRow) -> StoreResult<Region> {
        Ok(Region {
            code: RegionCode::parse(&row.code).map_err(StoreError::corrupt)?,
            parent: row
                .parent_code
                .as_deref()
                .map(RegionCode::parse)
                .transpose()
                .map_err(StoreError::corrupt)?,
            name: row.name,
            kind: RegionKind::from_code(&row.kind)
                .ok_or_else(|| StoreError::corrupt(format!("region kind {}", row.kind)))?,
            autonomous: row.autonomous != 0,
            lat: row.lat,
            lng: row.lng,
        })
    }
}

// The `Any` driver cannot decode SQLite booleans, so they are read as 0/1.
const COLUMNS: &str =
    "code, parent_code, name, kind, CASE WHEN autonomous THEN 1 ELSE 0 END AS autonomous, lat, lng";

/// Inserts or renames a region; a centroid already known is kept when none is given.
/// Returns whether a new row was inserted.
pub async fn upsert(conn: &mut Conn, region: &Region) -> StoreResult<bool> {
    let existed: Option<(String,)> = sqlx::query_as("SELECT name FROM regions WHERE code = $1")
        .bind(region.code.as_str().to_owned())
        .fetch_optional(&mut *conn)
        .await?;
    let mut sql = Sql::new(
        "INSERT INTO regions (code, parent_code, name, kind, level, autonomous, lat, lng) VALUES (",
    );
    sql.bind(region.code.as_str().to_owned())
        .push(", ")
        .bind(region.parent.as_ref().map(|p| p.as_str().to_owned()))
        .push(", ")
        .bind(region.name.clone())
        .push(", ")
        .bind(region.kind.code())
        .push(", ")
        .bind(i64::from(region.code.level()))
        .push(", ")
        .bind(region.autonomous);
    // sqlx 0.8's `Any` driver sends a NULL double with the wrong type to PostgreSQL, so a
    // missing coordinate is written as a literal NULL.
    for value in [region.lat, region.lng] {
        sql.push(", ");
        match value {
            Some(value) => sql.bind(value),
            None => sql.push("NULL"),
        };
    }
    sql.push(
        ") ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
         lat = COALESCE(excluded.lat, regions.lat), lng = COALESCE(excluded.lng, regions.lng)",
    );
    let (text, args) = sql.build()?;
    sqlx::query_with(&text, args).execute(&mut *conn).await?;
    // The region's name is part of its innovations' searched text.
    if existed.as_ref().is_some_and(|(name,)| *name != region.name) {
        crate::search::reindex_region(conn, region.code.as_str()).await?;
    }
    Ok(existed.is_none())
}

pub async fn get(conn: &mut Conn, code: &RegionCode) -> StoreResult<Region> {
    let row: RegionRow = sqlx::query_as(&format!("SELECT {COLUMNS} FROM regions WHERE code = $1"))
        .bind(code.as_str().to_owned())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

pub async fn exists(conn: &mut Conn, code: &RegionCode) -> StoreResult<bool> {
    let row: Option<(String,)> = sqlx::query_as("SELECT code FROM regions WHERE code = $1")
        .bind(code.as_str().to_owned())
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// Regions filtered by parent and level, ordered by code.
pub async fn list(
    conn: &mut Conn,
    parent: Option<&RegionCode>,
    level: Option<u8>,
) -> StoreResult<Vec<Region>> {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM regions WHERE TRUE"));
    if let Some(parent) = parent {
        sql.push(" AND parent_code = ")
            .bind(parent.as_str().to_owned());
    }
    if let Some(level) = level {
        sql.push(" AND level = ").bind(i64::from(level));
    }
    sql.push(" ORDER BY code");
    let (text, args) = sql.build()?;
    let rows: Vec<RegionRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter().map(Region::try_from).collect()
}

/// The regions of a subtree, the root included.
pub async fn subtree(conn: &mut Conn, root: &RegionCode) -> StoreResult<Vec<Region>> {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM regions WHERE "));
    sql.in_subtree("code", root).push(" ORDER BY code");
    let (text, args) = sql.build()?;
    let rows: Vec<RegionRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    rows.into_iter().map(Region::try_from).collect()
}

/// How many regions of each kind, and how many of them are autonomous.
pub async fn count_by_kind(conn: &mut Conn) -> StoreResult<Vec<(String, i64, i64)>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT kind, COUNT(*), SUM(CASE WHEN autonomous THEN 1 ELSE 0 END) \
         FROM regions GROUP BY kind ORDER BY kind",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows)
}

/// The names of `codes`, in one query; codes not known are left out.
pub async fn names(
    conn: &mut Conn,
    codes: &[RegionCode],
) -> StoreResult<std::collections::HashMap<RegionCode, String>> {
    let keys: Vec<String> = codes.iter().map(ToString::to_string).collect();
    crate::sql::names_by_key(conn, "regions", "code", &keys)
        .await?
        .into_iter()
        .map(|(code, name)| Ok((RegionCode::parse(&code).map_err(StoreError::corrupt)?, name)))
        .collect()
}
