//! The map of Indonesia's regions: every province and kabupaten/kota with a centroid, and
//! the latest index category that colours it. Public: only published results are shown.

use std::collections::HashMap;

use lumbung_domain::region::{PROVINCES, RegionCode, RegionKind};
use lumbung_store::map::{self as store, RegionYear};
use lumbung_store::{Conn, regions};
use serde::Serialize;

use crate::{App, ServiceError, ServiceResult};

/// Where a result on the map comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultSource {
    /// Computed by this system for a year whose results are published (scale 0–100).
    Computed,
    /// Published in a past year as it was, on that year's own scale.
    Historic,
}

/// The result a region is coloured by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MapResult {
    pub year: i64,
    /// The index as exact decimal text; absent when it was published without a value.
    pub index: Option<String>,
    /// A category code: `sangat_inovatif`, `inovatif`, `kurang_inovatif`, `tidak_dapat_dinilai`.
    pub category: String,
    pub source: ResultSource,
}

/// A region on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapPoint {
    pub code: String,
    pub name: String,
    pub kind: RegionKind,
    /// The province of a kabupaten/kota; none for a province.
    pub province: Option<String>,
    pub lat: f64,
    pub lng: f64,
    /// The latest published result, or none.
    pub result: Option<MapResult>,
}

/// Every region with a centroid, coloured by its latest published result.
pub async fn points(app: &App) -> ServiceResult<Vec<MapPoint>> {
    points_of(app, None, None).await
}

/// The regions of `within`'s subtree (the nation when none) with a centroid, ordered by code,
/// each with its result of `year`, or its latest when no year is given. A computed result of
/// a published year comes before a result published in the past; a region without either
/// has none. Provinces whose centroid was not imported take the project's own.
pub async fn points_of(
    app: &App,
    year: Option<i32>,
    within: Option<&str>,
) -> ServiceResult<Vec<MapPoint>> {
    let within = within
        .map(RegionCode::parse)
        .transpose()
        .map_err(ServiceError::BadInput)?
        .unwrap_or_else(RegionCode::nation);
    let mut conn = app.db.read().await?;
    let regions = regions::subtree(&mut conn, &within).await?;
    let mut results = results_in(&mut conn, &within, year).await?;
    drop(conn);

    let mut points = Vec::with_capacity(regions.len());
    for region in regions {
        if region.code.is_nation() {
            continue;
        }
        let code = region.code.as_str();
        let centroid = match (region.lat, region.lng) {
            (Some(lat), Some(lng)) => Some((lat, lng)),
            _ if region.kind == RegionKind::Province => PROVINCES
                .iter()
                .find(|(c, ..)| *c == code)
                .map(|(_, _, lat, lng)| (*lat, *lng)),
            _ => None,
        };
        let Some((lat, lng)) = centroid else {
            continue;
        };
        let result = results.remove(code);
        points.push(MapPoint {
            province: (region.kind != RegionKind::Province)
                .then(|| region.code.province())
                .flatten()
                .map(|p| p.to_string()),
            code: code.to_owned(),
            name: region.name,
            kind: region.kind,
            lat,
            lng,
            result,
        });
    }
    Ok(points)
}

/// The result of `year` (or the latest) of each region of `within`'s subtree that has one,
/// by region code, whether or not the region has a centroid; chosen as in [`points_of`].
pub async fn results(
    app: &App,
    year: Option<i32>,
    within: &str,
) -> ServiceResult<HashMap<String, MapResult>> {
    let within = RegionCode::parse(within).map_err(ServiceError::BadInput)?;
    let mut conn = app.db.read().await?;
    results_in(&mut conn, &within, year).await
}

async fn results_in(
    conn: &mut Conn,
    within: &RegionCode,
    year: Option<i32>,
) -> ServiceResult<HashMap<String, MapResult>> {
    let mut results: HashMap<String, MapResult> =
        latest_by_region(store::historic_results(conn, within, year).await?)
            .into_iter()
            .map(|(code, row)| (code, map_result(&row, ResultSource::Historic)))
            .collect();
    // A computed result of a published year replaces what was published before.
    for (code, row) in latest_by_region(store::published_results(conn, within, year).await?) {
        results.insert(code, map_result(&row, ResultSource::Computed));
    }
    Ok(results)
}

/// The years a map can be drawn for, newest first.
pub async fn years(app: &App) -> ServiceResult<Vec<i32>> {
    let mut conn = app.db.read().await?;
    Ok(store::result_years(&mut conn)
        .await?
        .into_iter()
        .filter_map(|year| i32::try_from(year).ok())
        .collect())
}

/// The last row of each region (rows come ordered by region and year).
fn latest_by_region(rows: Vec<RegionYear>) -> HashMap<String, RegionYear> {
    let mut latest = HashMap::new();
    for row in rows {
        latest.insert(row.region_code.clone(), row);
    }
    latest
}

fn map_result(row: &RegionYear, source: ResultSource) -> MapResult {
    MapResult {
        year: row.year,
        index: row.index.clone(),
        category: row.category.clone(),
        source,
    }
}
