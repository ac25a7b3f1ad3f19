//! Counts of innovations.

use axum::Json;
use axum::extract::State;
use lumbung_service::innovations::ListQuery;
use lumbung_service::stats::{self, Counts};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::ApiQuery;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct StatsQuery {
    /// Region code; counts the whole subtree.
    pub region: Option<String>,
    /// `form`, `stage`, `kind`, `affair` (main affair) or `agency`.
    pub group_by: Option<String>,
    pub status: Option<String>,
}

/// Counts the innovations of a region's subtree that the caller may read, by one property:
/// `{"total", "groups": [{"key", "label", "count"}]}`.
#[utoipa::path(get, path = "/stats/innovations", tag = "stats", params(StatsQuery),
    responses((status = 200, description = "`{total, groups: [{key, label, count}]}`")))]
pub async fn innovations(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<StatsQuery>,
) -> ApiResult<Json<Counts>> {
    let group_by = stats::parse_group_by(query.group_by.as_deref().unwrap_or("form"))?;
    let list = ListQuery {
        region: query.region,
        status: query.status,
        ..Default::default()
    };
    Ok(Json(
        stats::count(state.app(), &auth.caller, &list, group_by).await?,
    ))
}
