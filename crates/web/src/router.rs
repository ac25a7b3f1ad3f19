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

/// What every answer gets whoever made it: errors that axum or a layer wrote as bare text
/// (a path that does not parse, a method not allowed, a body over the limit) in the
/// product's shape, JSON under `/api/` and an Indonesian sentence elsewhere; no caching of
/// the API or of what a signed-in person sees; HSTS where cookies are secure.
async fn answer_shape(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let api = request.uri().path().starts_with("/api/");
    let credentials = crate::auth::Credentials::of(request.headers());
    let signed_in = credentials.presented();
    let client = crate::auth::client_key(request.extensions());
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let status = response.status();
    // M11: refusals and limit hits are on record (at most once a minute per address and
    // kind). A limit the service counts writes its own entry with the limit's name; the
    // answer says so (`OnRecord`) and is not written again here.
    let recorded = response
        .extensions()
        .get::<crate::error::OnRecord>()
        .is_some();
    let refused = match status {
        _ if recorded => None,
        axum::http::StatusCode::UNAUTHORIZED => Some("unauthenticated"),
        axum::http::StatusCode::FORBIDDEN => Some("forbidden"),
        axum::http::StatusCode::TOO_MANY_REQUESTS => Some("rate_limited"),
        _ => None,
    };
    if let Some(kind) = refused {
        let account = credentials.account(state.app()).await;
        if let Err(error) = lumbung_service::limits::record_refusal(
            state.app(),
            kind,
            &client,
            account.as_deref(),
            &path,
        )
        .await
        {
            tracing::warn!(%error, "recording a refusal failed");
        }
    }
    let shaped = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|kind| kind.starts_with("application/json") || kind.starts_with("text/html"));
    if (status.is_client_error() || status.is_server_error()) && !shaped {
        let message = match status {
            axum::http::StatusCode::METHOD_NOT_ALLOWED => {
                "Metode permintaan ini tidak didukung di alamat ini."
            }
            axum::http::StatusCode::PAYLOAD_TOO_LARGE => "Isi permintaan terlalu besar.",
            axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                "Jenis isi permintaan tidak didukung."
            }
            axum::http::StatusCode::NOT_FOUND => "Halaman tidak ditemukan.",
            status if status.is_server_error() => "Terjadi kesalahan pada server.",
            _ => "Alamat atau isi permintaan tidak valid.",
        };
        let code = match status {
            axum::http::StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            axum::http::StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            axum::http::StatusCode::NOT_FOUND => "not_found",
            status if status.is_server_error() => "internal",
            _ => "bad_request",
        };
        let headers = response.headers().clone();
        response = if api {
            (
                status,
                Json(serde_json::json!({"error": {"code": code, "message": message}})),
            )
                .into_response()
        } else {
            (status, message).into_response()
        };
        // Keep what the original answer said besides its body (`Allow`, `Retry-After`).
        for name in [header::ALLOW, header::RETRY_AFTER] {
            if let Some(value) = headers.get(&name) {
                response.headers_mut().insert(name, value.clone());
            }
        }
    }
    // A public asset's long cache stays; anything else one person sees is not stored.
    let cacheable = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("public"));
    if (api || signed_in) && !cacheable {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.config().secure_cookies {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// Most bytes of a request body the API reads for someone who is not signed in: enough for
/// any JSON it takes from the public (a complaint, an objection, a region's index input).
pub const ANONYMOUS_BODY_BYTES: usize = 512 * 1024;

/// Authenticates an API request before its body is read, and holds an anonymous caller to
/// [`ANONYMOUS_BODY_BYTES`]: sixty anonymous 60 MB bodies must not sit in memory. The
/// caller found is kept for the handler, so it is looked up once.
async fn api_body_limit(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::extract::FromRequestParts;
    use axum::response::IntoResponse;
    let (mut parts, body) = request.into_parts();
    let auth = crate::auth::Auth::from_request_parts(&mut parts, &state).await;
    let signed_in = auth.as_ref().is_ok_and(|auth| auth.caller.is_signed_in());
    let limit = if signed_in {
        state.config().max_upload_bytes
    } else {
        ANONYMOUS_BODY_BYTES
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return crate::error::ApiError(lumbung_service::ServiceError::TooLarge(if signed_in {
            "isi permintaan melebihi batas unggahan".into()
        } else {
            "isi permintaan terlalu besar; masuk dahulu untuk mengunggah berkas".into()
        }))
        .into_response();
    }
    if let Ok(auth) = auth {
        parts.extensions.insert(auth);
    }
    // A body without a declared length is cut off at the limit as it streams.
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(axum::extract::Request::from_parts(parts, body))
        .await
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
        .layer(DefaultBodyLimit::max(state.config().max_upload_bytes))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api_body_limit,
        ));
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
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            answer_shape,
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
