//! Sign-in and sign-out for the API (and for scripts that prefer cookies).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::api::ApiJson;
use crate::auth::{self, Auth, Via};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use lumbung_service::{ServiceError, auth as service_auth};

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

/// Signs in and sets the session cookie (HttpOnly, SameSite=Lax).
#[utoipa::path(post, path = "/session", tag = "session", request_body = SignIn,
    responses((status = 200, description = "Signed in; the cookie is set"),
              (status = 403, description = "Wrong e-mail or password"),
              (status = 429, description = "Too many failed attempts")))]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    ApiJson(body): ApiJson<SignIn>,
) -> ApiResult<Response> {
    // A browser posting from another site must not sign its user in here (login CSRF).
    if headers.contains_key(header::ORIGIN) && !auth::same_origin(&headers) {
        return Err(ApiError(ServiceError::Forbidden(
            "permintaan dari asal lain ditolak".into(),
        )));
    }
    let session = service_auth::sign_in(
        state.app(),
        &body.email,
        &body.password,
        &auth::client_key(&extensions),
    )
    .await?;
    let cookie = auth::session_cookie(&session.secret, state.config().secure_cookies)
        .ok_or_else(|| ApiError(ServiceError::internal("cookie")))?;
    let body = Json(json!({
        "user": {"email": session.caller.label, "name": session.caller.name},
        "csrf_token": session.csrf_token,
    }));
    Ok(([(header::SET_COOKIE, cookie)], body).into_response())
}

/// Signs out: ends the session and clears the cookie.
#[utoipa::path(delete, path = "/session", tag = "session",
    responses((status = 204, description = "Signed out")))]
pub async fn delete(State(state): State<AppState>, auth: Auth) -> ApiResult<Response> {
    if let Via::Session { secret, .. } = &auth.via {
        service_auth::sign_out(state.app(), secret).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, auth::clear_cookie())],
    )
        .into_response())
}
