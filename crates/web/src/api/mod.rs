//! The JSON API under `/api/v1`: a module per resource, its routes and OpenAPI paths
//! registered together so the document cannot miss a route.

pub mod agencies;
pub mod assessments;
pub mod audit;
pub mod competitions;
pub mod complaints;
pub mod consultations;
pub mod exports;
pub mod imports;
pub mod index;
pub mod innovations;
pub mod opendata;
pub mod regions;
pub mod replications;
pub mod reports;
pub mod search;
pub mod session;
pub mod stats;

use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, bad_request};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Lumbung Inovasi API",
        description = "Registri inovasi daerah: wilayah, perangkat daerah, inovasi, impor/ekspor, statistik, log audit. \
                       Authenticate with the session cookie (POST /api/v1/session) or `Authorization: Bearer <token>`."
    ),
    tags(
        (name = "session"), (name = "regions"), (name = "agencies"), (name = "innovations"),
        (name = "imports"), (name = "exports"), (name = "stats"), (name = "audit"), (name = "index"), (name = "catalogue"), (name = "competitions"), (name = "replications"), (name = "consultations"), (name = "complaints")
    )
)]
struct ApiDoc;

/// Every API route with its OpenAPI description.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(session::create, session::delete))
        .routes(routes!(regions::list))
        .routes(routes!(regions::get))
        .routes(routes!(agencies::list, agencies::create))
        .routes(routes!(innovations::list, innovations::create))
        .routes(routes!(
            innovations::get,
            innovations::update,
            innovations::delete
        ))
        .routes(routes!(innovations::submit))
        .routes(routes!(innovations::verify))
        .routes(routes!(innovations::return_))
        .routes(routes!(innovations::publish))
        .routes(routes!(imports::upload))
        .routes(routes!(imports::template))
        .routes(routes!(exports::innovations))
        .routes(routes!(stats::innovations))
        .routes(routes!(audit::list))
        .routes(routes!(index::evaluate))
        .routes(routes!(index::rubric, index::load_rubric))
        .routes(routes!(assessments::view))
        .routes(routes!(assessments::answer_region))
        .routes(routes!(assessments::answer_innovation))
        .routes(routes!(assessments::add_evidence))
        .routes(routes!(assessments::what_if))
        .routes(routes!(assessments::reopen))
        .routes(routes!(assessments::accept))
        .routes(routes!(assessments::return_))
        .routes(routes!(assessments::file))
        .routes(routes!(assessments::queue))
        .routes(routes!(assessments::ranking))
        .routes(routes!(assessments::window))
        .routes(routes!(assessments::import_historic))
        .routes(routes!(assessments::history))
        .routes(routes!(reports::assessment_pdf))
        .routes(routes!(search::search))
        .routes(routes!(opendata::csv))
        .routes(routes!(opendata::json))
        .routes(routes!(competitions::list, competitions::create))
        .routes(routes!(competitions::template))
        .routes(routes!(competitions::get, competitions::update))
        .routes(routes!(competitions::rounds))
        .routes(routes!(competitions::close_round))
        .routes(routes!(competitions::reopen_round))
        .routes(routes!(competitions::round_result))
        .routes(routes!(competitions::list_proposals, competitions::submit))
        .routes(routes!(competitions::get_proposal))
        .routes(routes!(competitions::check))
        .routes(routes!(competitions::promote))
        .routes(routes!(competitions::list_jurors, competitions::add_juror))
        .routes(routes!(competitions::add_affiliation))
        .routes(routes!(competitions::assignments, competitions::assign))
        .routes(routes!(competitions::declare_conflict))
        .routes(routes!(competitions::scores))
        .routes(routes!(competitions::score))
        .routes(routes!(competitions::shortlist))
        .routes(routes!(competitions::interviews, competitions::schedule))
        .routes(routes!(
            competitions::list_objections,
            competitions::file_objection
        ))
        .routes(routes!(competitions::resolve_objection))
        .routes(routes!(competitions::results))
        .routes(routes!(competitions::verify_certificate))
        .routes(routes!(competitions::certificate_pdf))
        .routes(routes!(replications::list, replications::open))
        .routes(routes!(replications::suggestions))
        .routes(routes!(replications::get, replications::update))
        .routes(routes!(replications::transitions, replications::take_step))
        .routes(routes!(replications::items, replications::add_item))
        .routes(routes!(
            replications::update_item,
            replications::delete_item
        ))
        .routes(routes!(
            replications::mentoring,
            replications::add_mentoring
        ))
        .routes(routes!(replications::reports, replications::add_report))
        .routes(routes!(replications::add_document))
        .routes(routes!(replications::document_file))
        .routes(routes!(replications::sign_off))
        .routes(routes!(replications::certificate_pdf))
        .routes(routes!(
            replications::list_programmes,
            replications::create_programme
        ))
        .routes(routes!(
            replications::get_programme,
            replications::update_programme
        ))
        .routes(routes!(replications::choose))
        .routes(routes!(replications::monitoring))
        .routes(routes!(consultations::list, consultations::plan))
        .routes(routes!(consultations::get, consultations::update))
        .routes(routes!(consultations::hold))
        .routes(routes!(consultations::cancel))
        .routes(routes!(consultations::update_agreement))
        .routes(routes!(complaints::list, complaints::file))
        .routes(routes!(complaints::new_challenge))
        .routes(routes!(complaints::intake))
        .routes(routes!(complaints::get))
        .routes(routes!(complaints::take_step))
        .routes(routes!(complaints::attachment))
        .routes(routes!(complaints::track))
        .routes(routes!(complaints::track_details))
        .routes(routes!(complaints::reporter_action))
        .routes(routes!(complaints::escalate))
        .routes(routes!(complaints::ratios))
        .routes(routes!(complaints::feed))
        .routes(routes!(complaints::region_themes, complaints::link_theme))
        .routes(routes!(complaints::unlink_theme))
        .routes(routes!(complaints::problems))
        .routes(routes!(complaints::holidays, complaints::add_holiday))
        .routes(routes!(complaints::delete_holiday))
        .routes(routes!(complaints::sla_rules, complaints::put_sla_rule))
        .routes(routes!(complaints::delete_sla_rule))
}

/// A query string whose errors answer in the API's JSON error shape.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for ApiQuery<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|e| bad_request(format!("parameter tidak valid: {}", e.body_text())))
    }
}

/// A JSON body whose errors answer in the API's JSON error shape.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        axum::Json::<T>::from_request(request, state)
            .await
            .map(|axum::Json(value)| ApiJson(value))
            .map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError(lumbung_service::ServiceError::TooLarge(
                        "isi permintaan terlalu besar".into(),
                    ))
                } else {
                    bad_request(format!("isi permintaan tidak valid: {}", e.body_text()))
                }
            })
    }
}
