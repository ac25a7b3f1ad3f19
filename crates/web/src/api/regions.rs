//! Regions: public reference data.

use axum::Json;
use axum::extract::{Path, State};
use lumbung_service::domain::region::Region;
use lumbung_service::regions;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::ApiQuery;
use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct RegionQuery {
    /// Parent region code, e.g. `65` for Kaltara's kabupaten/kota; `ID` for the provinces.
    pub parent: Option<String>,
    /// 0 nation, 1 province, 2 kabupaten/kota.
    pub level: Option<u8>,
}

/// Lists regions, by parent and level.
#[utoipa::path(get, path = "/regions", tag = "regions", params(RegionQuery),
    responses((status = 200, description = "`{\"items\": [region]}`")))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<RegionQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    let items = regions::list(state.app(), query.parent.as_deref(), query.level).await?;
    let total = items.len();
    Ok(Json(serde_json::json!({"items": items, "total": total})))
}

/// One region by Kemendagri code.
#[utoipa::path(get, path = "/regions/{code}", tag = "regions",
    params(("code" = String, Path, description = "Kemendagri code with dots, e.g. 65.01")),
    responses((status = 200, description = "The region"), (status = 404, description = "Unknown code")))]
pub async fn get(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> ApiResult<Json<Region>> {
    Ok(Json(regions::get(state.app(), &code).await?))
}
