//! What the map of regions reads besides the regions themselves: the index results that
//! colour them — computed results of published years, and results published in past years
//! as they were.

use lumbung_domain::region::RegionCode;

use crate::Conn;
use crate::error::StoreResult;
use crate::sql::Sql;

/// A region's result of one year: the index as exact decimal text (absent when it was
/// published without a value) and its category code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionYear {
    pub region_code: String,
    pub year: i64,
    pub index: Option<String>,
    pub category: String,
}

type Row = (String, i64, Option<String>, String);

fn region_year((region_code, year, index, category): Row) -> RegionYear {
    RegionYear {
        region_code,
        year,
        index,
        category,
    }
}

/// Verified results of published years within `within`'s subtree, of `year` only when
/// given, ordered by region and year.
pub async fn published_results(
    conn: &mut Conn,
    within: &RegionCode,
    year: Option<i32>,
) -> StoreResult<Vec<RegionYear>> {
    let mut sql = Sql::new(
        "SELECT x.region_code, x.year, x.idx, x.category FROM index_results x \
         JOIN index_years y ON y.year = x.year \
         WHERE y.published_at IS NOT NULL AND x.projection = ",
    );
    sql.bind("verified".to_owned())
        .push(" AND ")
        .in_subtree("x.region_code", within);
    if let Some(year) = year {
        sql.push(" AND x.year = ").bind(i64::from(year));
    }
    sql.push(" ORDER BY x.region_code, x.year");
    let (text, args) = sql.build()?;
    let rows: Vec<Row> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    Ok(rows.into_iter().map(region_year).collect())
}

/// Results published in past years whose label names a category, within `within`'s
/// subtree, of `year` only when given, ordered by region and year.
pub async fn historic_results(
    conn: &mut Conn,
    within: &RegionCode,
    year: Option<i32>,
) -> StoreResult<Vec<RegionYear>> {
    let mut sql = Sql::new(
        "SELECT region_code, year, value, category FROM historic_results \
         WHERE category IS NOT NULL AND ",
    );
    sql.in_subtree("region_code", within);
    if let Some(year) = year {
        sql.push(" AND year = ").bind(i64::from(year));
    }
    sql.push(" ORDER BY region_code, year");
    let (text, args) = sql.build()?;
    let rows: Vec<Row> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    Ok(rows.into_iter().map(region_year).collect())
}

/// The years that have a result to show: published years with computed results, and years
/// of results published in the past; newest first.
pub async fn result_years(conn: &mut Conn) -> StoreResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT x.year FROM index_results x JOIN index_years y ON y.year = x.year \
         WHERE y.published_at IS NOT NULL AND x.projection = $1 \
         UNION SELECT year FROM historic_results WHERE category IS NOT NULL \
         ORDER BY 1 DESC",
    )
    .bind("verified".to_owned())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(year,)| year).collect())
}
