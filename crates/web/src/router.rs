//! Every route of the application in one place: public pages, management pages under
//! `/kelola`, the JSON API under `/api/v1`, and the middleware around them.

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::openapi::OpenApi;

use crate::state::AppState;
use crate::{api, pages};

/// Unknown paths: the JSON error under `/api/`, an Indonesian page elsewhere.
async fn not_found(uri: axum::http::Uri, auth: crate::auth::Auth) -> axum::response::Response {
    use axum::response::IntoResponse;
    let error = lumbung_service::ServiceError::NotFound("halaman");
    if uri.path().starts_with("/api/") {
        crate::error::ApiError(error).into_response()
    } else {
        pages::error_page(&auth, &error)
    }
}

/// For load balancers and operators: 200 with the set-up and its warnings while the
/// database answers, 503 when it does not.
async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match lumbung_service::health::check(state.app()).await {
        Ok(health) => Json(health).into_response(),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable"})),
            )
                .into_response()
        }
    }
}

/// Decides once per request who the client is (see `auth::client_address`), for the limits
/// counted per address.
async fn client_addr(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let client =
            crate::auth::client_address(peer, request.headers(), &state.config().trusted_proxies);
        request
            .extensions_mut()
            .insert(crate::auth::ClientAddr(client));
    }
    next.run(request).await
}

/// The OpenAPI document of `/api/v1`.
pub fn openapi() -> OpenApi {
    let (_, mut doc) = api::routes().split_for_parts();
    doc.servers = Some(vec![utoipa::openapi::Server::new("/api/v1")]);
    doc
}

pub fn router(state: AppState) -> Router {
    let (api_router, mut doc) = api::routes().split_for_parts();
    doc.servers = Some(vec![utoipa::openapi::Server::new("/api/v1")]);
    let api_router = api_router
        .route("/openapi.json", get(move || async move { Json(doc) }))
        .layer(DefaultBodyLimit::max(state.config().max_upload_bytes));
    let request_id = HeaderName::from_static("x-request-id");

    Router::new()
        .merge(pages::routes(state.config().max_upload_bytes))
        .nest("/api/v1", api_router)
        .route("/healthz", get(healthz))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            client_addr,
        ))
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::RETRY_AFTER,
            |response: &axum::response::Response| {
                (response.status() == axum::http::StatusCode::SERVICE_UNAVAILABLE)
                    .then(|| HeaderValue::from_static(crate::error::RETRY_AFTER_SECONDS))
            },
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
            ),
        ))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}
