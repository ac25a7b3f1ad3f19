//! Agencies: perangkat daerah and other institutions, each attached to a region.

use chrono::{DateTime, Utc};
use lumbung_domain::agency::{AgencyKind, agency_name_key};
use lumbung_domain::region::RegionCode;
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::sql::{Page, Paging, Sql};
use crate::{Conn, time};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agency {
    pub id: Uuid,
    pub region_code: RegionCode,
    pub region_name: String,
    pub name: String,
    pub kind: AgencyKind,
    pub is_demo: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct AgencyRow {
    id: String,
    region_code: String,
    region_name: String,
    name: String,
    kind: String,
    is_demo: i64,
    created_at: String,
}

impl TryFrom<AgencyRow> for Agency {
    type Error = StoreError;
    fn try_from(row: AgencyRow) -> StoreResult<Agency> {
        Ok(Agency {
            id: Uuid::parse_str(&row.id).map_err(StoreError::corrupt)?,
            region_code: RegionCode::parse(&row.region_code).map_err(StoreError::corrupt)?,
            region_name: row.region_name,
            name: row.name,
            kind: AgencyKind::from_code(&row.kind)
                .ok_or_else(|| StoreError::corrupt(format!("agency kind {}", row.kind)))?,
            is_demo: row.is_demo != 0,
            created_at: time::parse(&row.created_at)?,
        })
    }
}

const SELECT: &str = "SELECT a.id, a.region_code, r.name AS region_name, a.name, a.kind, \
                      CASE WHEN a.is_demo THEN 1 ELSE 0 END AS is_demo, a.created_at FROM agencies a JOIN regions r ON r.code = a.region_code";

pub struct NewAgency<'a> {
    pub region_code: &'a RegionCode,
    pub name: &'a str,
    pub kind: AgencyKind,
    pub is_demo: bool,
}

/// Inserts an agency; a second agency with the same name in the same region is a conflict.
pub async fn insert(conn: &mut Conn, agency: &NewAgency<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO agencies (id, region_code, name, name_key, kind, is_demo, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(agency.region_code.as_str().to_owned())
    .bind(agency.name.to_owned())
    .bind(agency_name_key(agency.name))
    .bind(agency.kind.code())
    .bind(agency.is_demo)
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn get(conn: &mut Conn, id: Uuid) -> StoreResult<Agency> {
    let row: AgencyRow = sqlx::query_as(&format!("{SELECT} WHERE a.id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

/// Finds an agency of a region by name, ignoring case, punctuation and spacing.
pub async fn find_by_name(
    conn: &mut Conn,
    region: &RegionCode,
    name: &str,
) -> StoreResult<Option<Agency>> {
    let row: Option<AgencyRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE a.region_code = $1 AND a.name_key = $2"
    ))
    .bind(region.as_str().to_owned())
    .bind(agency_name_key(name))
    .fetch_optional(conn)
    .await?;
    row.map(Agency::try_from).transpose()
}

#[derive(Debug, Clone, Default)]
pub struct AgencyFilter {
    /// The region's whole subtree.
    pub region: Option<RegionCode>,
    pub q: Option<String>,
}

fn push_filter(sql: &mut Sql, filter: &AgencyFilter) {
    sql.push(" WHERE TRUE");
    if let Some(region) = &filter.region {
        sql.push(" AND ").in_subtree("a.region_code", region);
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        sql.push(" AND LOWER(a.name) LIKE ")
            .bind(format!("%{}%", q.to_lowercase()));
    }
}

pub async fn list(
    conn: &mut Conn,
    filter: &AgencyFilter,
    paging: Paging,
) -> StoreResult<Page<Agency>> {
    let mut count = Sql::new("SELECT COUNT(*) FROM agencies a");
    push_filter(&mut count, filter);
    let total = count.fetch_count(&mut *conn).await?;

    let mut sql = Sql::new(SELECT);
    push_filter(&mut sql, filter);
    sql.push(" ORDER BY a.region_code, a.name LIMIT ")
        .bind(paging.limit())
        .push(" OFFSET ")
        .bind(paging.offset());
    let (text, args) = sql.build()?;
    let rows: Vec<AgencyRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(Agency::try_from)
            .collect::<StoreResult<_>>()?,
        total,
        page: paging.page,
        per_page: paging.per_page,
    })
}

/// The names of the agencies `ids`, in one query; ids not known are left out.
pub async fn names(
    conn: &mut Conn,
    ids: &[Uuid],
) -> StoreResult<std::collections::HashMap<Uuid, String>> {
    let keys: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    crate::sql::names_by_key(conn, "agencies", "id", &keys)
        .await?
        .into_iter()
        .map(|(id, name)| {
            let id = Uuid::parse_str(&id).map_err(StoreError::corrupt)?;
            Ok((id, name))
        })
        .collect()
}
