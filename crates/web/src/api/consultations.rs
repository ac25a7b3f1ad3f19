//! Public consultation forums (Forum Konsultasi Publik): plan, hold, follow up, and the
//! public summary.
//!
//! Bodies and answers are the service's types; the OpenAPI document describes them as
//! objects and names their fields in each operation's description.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lumbung_service::consultations::{
    self, CancelInput, ConsultationQuery, ConsultationSummary, ConsultationView, PlanRequest,
};
use lumbung_service::domain::consultation::{FollowUpInput, HoldInput};
use lumbung_service::store::{Page, Paging};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::api::{ApiJson, ApiQuery};
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct ConsultationParams {
    /// Forums of this region's subtree (Kemendagri code).
    pub region: Option<String>,
    /// Forums planned in this year.
    pub year: Option<i32>,
    /// planned, held, cancelled
    pub status: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// Forums, the latest planned first (public): `{items, total, page, per_page}`, each with
/// id, region, agency, topic, service, planned_on, held_on, place, status, agreements_total,
/// agreements_done.
#[utoipa::path(get, path = "/consultations", tag = "consultations", params(ConsultationParams),
    responses((status = 200, description = "A page of forums"), (status = 400, description = "Unknown region, year or status")))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ConsultationParams>,
) -> ApiResult<Json<Page<ConsultationSummary>>> {
    let query = ConsultationQuery {
        region: params.region,
        year: params.year,
        status: params.status,
    };
    let paging = Paging::new(params.page, params.per_page);
    Ok(Json(
        consultations::list(state.app(), &query, paging).await?,
    ))
}

/// Plans a forum (admins of the region, operators of the agency): region_code, agency_id,
/// topic, service, planned_on, place, invited [{group, count}] with service_users among them.
#[utoipa::path(post, path = "/consultations", tag = "consultations",
    request_body(content = Object, description = "PlanRequest"),
    responses((status = 201, description = "The forum"), (status = 403, description = "Not an admin of the region nor an operator of the agency"),
              (status = 422, description = "Invalid plan, a message per field")))]
pub async fn plan(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<PlanRequest>,
) -> ApiResult<(StatusCode, Json<ConsultationView>)> {
    let caller = auth.signed_in()?;
    Ok((
        StatusCode::CREATED,
        Json(consultations::plan(state.app(), caller, &input).await?),
    ))
}

/// A forum's public summary: the plan, invited against attended per group, the minutes, the
/// agreements with their follow-up, follow_up {total, done, dropped, overdue}, and whether
/// the caller may manage it.
#[utoipa::path(get, path = "/consultations/{id}", tag = "consultations", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The forum"), (status = 404, description = "No such forum")))]
pub async fn get(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ConsultationView>> {
    Ok(Json(
        consultations::get(state.app(), &auth.caller, id).await?,
    ))
}

/// Replaces a planned forum's plan (same body as planning).
#[utoipa::path(put, path = "/consultations/{id}", tag = "consultations", params(("id" = Uuid, Path)),
    request_body(content = Object, description = "PlanRequest"),
    responses((status = 200, description = "The forum"), (status = 409, description = "The forum was held or cancelled"),
              (status = 422, description = "Invalid plan")))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<PlanRequest>,
) -> ApiResult<Json<ConsultationView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        consultations::update_plan(state.app(), caller, id, &input).await?,
    ))
}

/// Records a planned forum as held: held_on, attendance [{group, count}], minutes,
/// agreements [{text, owner, due_on}] (errors keyed `agreements.N.field`, N from 0).
#[utoipa::path(post, path = "/consultations/{id}/hold", tag = "consultations", params(("id" = Uuid, Path)),
    request_body(content = Object, description = "HoldInput"),
    responses((status = 200, description = "The forum"), (status = 409, description = "The forum is not planned"),
              (status = 422, description = "Invalid record, a message per field")))]
pub async fn hold(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<HoldInput>,
) -> ApiResult<Json<ConsultationView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        consultations::hold(state.app(), caller, id, &input).await?,
    ))
}

/// Cancels a planned forum: reason (required).
#[utoipa::path(post, path = "/consultations/{id}/cancel", tag = "consultations", params(("id" = Uuid, Path)),
    request_body(content = Object, description = "CancelInput"),
    responses((status = 200, description = "The forum"), (status = 409, description = "The forum is not planned"),
              (status = 422, description = "The reason is missing")))]
pub async fn cancel(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<CancelInput>,
) -> ApiResult<Json<ConsultationView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        consultations::cancel(state.app(), caller, id, &input).await?,
    ))
}

/// Follows up an agreement of a held forum: status (open, in_progress, done, dropped), note
/// (required to drop), innovation_id (an innovation the caller may read, or null).
#[utoipa::path(put, path = "/consultations/{id}/agreements/{agreement_id}", tag = "consultations",
    params(("id" = Uuid, Path), ("agreement_id" = Uuid, Path)),
    request_body(content = Object, description = "FollowUpInput"),
    responses((status = 200, description = "The forum"), (status = 404, description = "No such forum or agreement"),
              (status = 409, description = "The forum was not held"), (status = 422, description = "Invalid follow-up")))]
pub async fn update_agreement(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, agreement_id)): Path<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<FollowUpInput>,
) -> ApiResult<Json<ConsultationView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        consultations::update_agreement(state.app(), caller, id, agreement_id, &input).await?,
    ))
}
