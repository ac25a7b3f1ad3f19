//! The regional innovation index: the rubric of a year, and evaluation of self-contained
//! input (no database touched), so anyone can check the engine.

use axum::Json;
use axum::extract::{Path, State};
use lumbung_service::domain::index::{Evaluation, EvaluationInput, Rubric};
use lumbung_service::index;
use utoipa::ToSchema;

use crate::api::ApiJson;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::state::AppState;

/// `{"year", "projection"?, "region": {"answers": {"1": {"level": 3, "evidence": true}}},
/// "innovations": [{"id", "affairs", "implementation_start", "latest_development",
/// "design_words" | "design", "answers": {…}}]}`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct EvaluateBody {
    pub year: i32,
    /// `verified` (default: accepted evidence counts) or `claimed` (present evidence counts).
    pub projection: Option<String>,
    #[schema(value_type = Object)]
    pub region: serde_json::Value,
    #[schema(value_type = Vec<Object>)]
    pub innovations: Vec<serde_json::Value>,
}

/// Computes an index from the given answers under the year's rubric, line by line.
#[utoipa::path(post, path = "/index/evaluate", tag = "index", request_body = EvaluateBody,
    responses((status = 200, description = "`{year, spd, sid_average, innovation_count_score, sid, total, index, category, included, divisor, innovations: [{id, score, included, reasons}], lines: [...]}`"),
              (status = 400, description = "Unknown indicator, level outside 0–3, unknown affair code, missing year"),
              (status = 404, description = "No rubric for that year"),
              (status = 429, description = "Without an account: more than 60 computations from one address in 10 minutes")))]
pub async fn evaluate(
    State(state): State<AppState>,
    auth: crate::auth::Auth,
    extensions: axum::http::Extensions,
    ApiJson(input): ApiJson<EvaluationInput>,
) -> ApiResult<Json<Evaluation>> {
    if !auth.caller.is_signed_in() {
        lumbung_service::limits::take(
            state.app(),
            lumbung_service::limits::CALCULATOR,
            &crate::auth::client_key(&extensions),
        )
        .await?;
    }
    let rubric = index::rubric_of(state.app(), input.year).await?;
    Ok(Json(index::evaluate(&input, Some(&rubric))?))
}

/// The rubric of a year: indicators, weights, parameter texts, divisor, count rule, bands.
/// The same shape loads as a rubric file for other years.
#[utoipa::path(get, path = "/rubrics/{year}", tag = "index", params(("year" = i32, Path)),
    responses((status = 200, description = "The rubric"), (status = 404, description = "No rubric for that year")))]
pub async fn rubric(
    State(state): State<AppState>,
    Path(year): Path<i32>,
) -> ApiResult<Json<Rubric>> {
    Ok(Json(index::rubric_of(state.app(), year).await?))
}

/// Loads the rubric of a year (national admins); the year's results are recomputed under it.
#[utoipa::path(put, path = "/rubrics/{year}", tag = "index", params(("year" = i32, Path)),
    request_body(content = Object, description = "A rubric in the shape GET returns"),
    responses((status = 200, description = "Loaded"), (status = 400, description = "Invalid rubric, with the reason"),
              (status = 403, description = "Not a national admin")))]
pub async fn load_rubric(
    State(state): State<AppState>,
    auth: Auth,
    Path(year): Path<i32>,
    body: String,
) -> ApiResult<Json<Rubric>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        lumbung_service::assessments::load_rubric(state.app(), caller, year, &body).await?,
    ))
}
