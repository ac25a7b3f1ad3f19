//! The audit log.

use axum::Json;
use axum::extract::State;
use lumbung_service::store::Page;
use lumbung_service::store::audit::{AuditEntry, AuditFilter};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::ApiQuery;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditQuery {
    /// `innovation`, `agency`, `user`, `region`, `api_token`.
    pub entity: Option<String>,
    /// The record's id.
    pub id: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// Who did what to which record, newest first (admins and verifiers, within their regions).
#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, description = "A page of entries"), (status = 403, description = "Not an admin or verifier")))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Page<AuditEntry>>> {
    let caller = auth.signed_in()?;
    let filter = AuditFilter {
        entity: query.entity,
        entity_id: query.id,
    };
    let paging = lumbung_service::store::Paging::new(query.page, query.per_page);
    Ok(Json(
        lumbung_service::audit::list(state.app(), caller, &filter, paging).await?,
    ))
}
