//! Agencies (perangkat daerah and other institutions).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use lumbung_service::agencies::{self, AgencyInput};
use lumbung_service::store::Page;
use lumbung_service::store::agencies::Agency;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api::{ApiJson, ApiQuery};
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct AgencyQuery {
    /// Region code; the whole subtree is listed.
    pub region: Option<String>,
    /// Part of the name.
    pub q: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// Lists agencies of a region's subtree.
#[utoipa::path(get, path = "/agencies", tag = "agencies", params(AgencyQuery),
    responses((status = 200, description = "A page of agencies")))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AgencyQuery>,
) -> ApiResult<Json<Page<Agency>>> {
    let paging = lumbung_service::store::Paging::new(query.page, query.per_page);
    Ok(Json(
        agencies::list(state.app(), query.region.as_deref(), query.q, paging).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewAgency {
    /// Region code.
    pub region: String,
    pub name: String,
    /// `perangkat_daerah`, `unit_pelaksana`, `rumah_sakit`, `perguruan_tinggi`,
    /// `kementerian_lembaga`, `lainnya`; guessed from the name when absent.
    pub kind: Option<String>,
}

/// Creates an agency (admins of the region).
#[utoipa::path(post, path = "/agencies", tag = "agencies", request_body = NewAgency,
    responses((status = 201, description = "Created"), (status = 403, description = "Not an admin of the region"),
              (status = 409, description = "Same name already in the region"), (status = 422, description = "Invalid fields")))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<NewAgency>,
) -> ApiResult<(StatusCode, Json<Agency>)> {
    let caller = auth.signed_in()?;
    let input = AgencyInput {
        region: body.region,
        name: body.name,
        kind: body.kind,
    };
    Ok((
        StatusCode::CREATED,
        Json(agencies::create(state.app(), caller, &input).await?),
    ))
}
