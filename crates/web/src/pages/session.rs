//! Signing in (`/masuk`) and out (`/keluar`).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{Extensions, HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lumbung_service::auth as service_auth;
use serde::Deserialize;

use super::forms::{safe_next, sentence};
use super::{Layout, PageAuth, check_csrf, error_page, render, see_other};
use crate::auth::{self, Via};
use crate::error::describe;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "masuk.html")]
pub struct SignInPage {
    pub layout: Layout,
    pub email: String,
    pub next: String,
    pub message: String,
}

fn page(status: StatusCode, email: &str, next: &str, message: &str) -> Response {
    render(
        status,
        &SignInPage {
            layout: Layout::anonymous("masuk", "Masuk"),
            email: email.trim().to_owned(),
            next: safe_next(next).unwrap_or_default(),
            message: sentence(message),
        },
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    pub ke: String,
}

/// `GET /masuk`: the sign-in form; someone already signed in goes on to the dashboard.
pub async fn form(PageAuth(auth): PageAuth, Query(query): Query<NextQuery>) -> Response {
    if auth.caller.is_signed_in() {
        return see_other(&safe_next(&query.ke).unwrap_or_else(|| "/kelola".into()));
    }
    page(StatusCode::OK, "", &query.ke, "")
}

#[derive(Debug, Default, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub ke: String,
}

/// `POST /masuk`: signs in, sets the session cookie and goes to the dashboard (or back to
/// the management page that sent the user here).
pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: Extensions,
    Form(form): Form<SignInForm>,
) -> Response {
    // A form on another site must not sign its visitor in here (login CSRF).
    if headers.contains_key(header::ORIGIN) && !auth::same_origin(&headers) {
        return page(
            StatusCode::FORBIDDEN,
            &form.email,
            &form.ke,
            "permintaan dari situs lain ditolak; buka halaman masuk Lumbung Inovasi langsung",
        );
    }
    let signed = service_auth::sign_in(
        state.app(),
        &form.email,
        &form.password,
        &auth::client_key(&extensions),
    )
    .await;
    match signed {
        Ok(session) => {
            let Some(cookie) = auth::session_cookie(&session.secret, state.config().secure_cookies)
            else {
                return page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &form.email,
                    &form.ke,
                    "sesi tidak dapat dibuat; coba lagi",
                );
            };
            let mut response = see_other(&safe_next(&form.ke).unwrap_or_else(|| "/kelola".into()));
            response.headers_mut().insert(header::SET_COOKIE, cookie);
            response
        }
        Err(error) => {
            let (status, _, message) = describe(&error);
            page(status, &form.email, &form.ke, &message)
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// `POST /keluar`: ends the session, clears the cookie and goes to the home page.
pub async fn sign_out(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Via::Session { secret, .. } = &auth.via {
        if let Err(response) = check_csrf(&auth, &form.csrf) {
            return response.into_response();
        }
        if let Err(error) = service_auth::sign_out(state.app(), secret).await {
            return error_page(&auth, &error);
        }
    }
    let mut response = see_other("/");
    response
        .headers_mut()
        .insert(header::SET_COOKIE, auth::clear_cookie());
    response
}
