//! Signing in (`/masuk`) and out (`/keluar`).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{Extensions, HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lumbung_service::{ServiceError, auth as service_auth};
use serde::Deserialize;

use super::forms::{query_string, safe_next, sentence, with_query};
use super::{Layout, PageAuth, check_csrf, error_page, render, see_other};
use crate::auth::{self, Via};
use crate::error::describe;
use crate::i18n::{Lang, Reader};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "masuk.html")]
pub struct SignInPage {
    pub layout: Layout,
    pub email: String,
    pub next: String,
    pub message: String,
    /// `id` when the message stays Indonesian on a page read in English; "" otherwise.
    pub message_lang: &'static str,
}

/// Why signing in failed, in the reader's language where it can be.
struct Message {
    text: String,
    /// The message is Indonesian whatever the reader chose.
    indonesian_only: bool,
}

impl Message {
    fn none() -> Self {
        Self::both("", "", Lang::Id)
    }

    fn both(id: &str, en: &str, lang: Lang) -> Self {
        Self {
            text: lang.pick(id, en).to_owned(),
            indonesian_only: false,
        }
    }

    /// A refusal of the service, `indonesian` being its message as [`describe`] gives it: the
    /// usual refusals in English too, anything else as it is.
    fn of(error: &ServiceError, indonesian: String, lang: Lang) -> Self {
        let english = match error {
            ServiceError::Forbidden(_) => Some("wrong email or password".to_owned()),
            ServiceError::RateLimited { minutes } => {
                Some(format!("too many attempts; try again in {minutes} minutes"))
            }
            _ => None,
        };
        match (lang, english) {
            (Lang::En, Some(text)) => Self {
                text,
                indonesian_only: false,
            },
            (lang, _) => Self {
                text: indonesian,
                indonesian_only: lang != Lang::Id,
            },
        }
    }
}

fn page(status: StatusCode, reader: Reader, email: &str, next: &str, message: Message) -> Response {
    let lang = reader.lang;
    render(
        status,
        &SignInPage {
            layout: Layout::anonymous(reader, "masuk", lang.t("Masuk")).translated(),
            email: email.trim().to_owned(),
            next: safe_next(next).unwrap_or_default(),
            message: sentence(&message.text),
            message_lang: if message.indonesian_only { "id" } else { "" },
        },
    )
}

/// The reader of a submitted sign-in form: their language, and the form's own address (with
/// where it goes next), so the language switch comes back to the form, not to the POST.
fn form_reader(headers: &HeaderMap, next: &str) -> Reader {
    let next = safe_next(next).unwrap_or_default();
    Reader {
        lang: Lang::from_headers(headers),
        path: with_query("/masuk", &query_string(&[("ke", &next)])),
    }
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
    page(StatusCode::OK, auth.reader, "", &query.ke, Message::none())
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
    let reader = form_reader(&headers, &form.ke);
    let lang = reader.lang;
    // A form on another site must not sign its visitor in here (login CSRF).
    if headers.contains_key(header::ORIGIN) && !auth::same_origin(&headers) {
        return page(
            StatusCode::FORBIDDEN,
            reader,
            &form.email,
            &form.ke,
            Message::both(
                "permintaan dari situs lain ditolak; buka halaman masuk Lumbung Inovasi langsung",
                "requests from other sites are refused; open the Lumbung Inovasi sign-in page directly",
                lang,
            ),
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
                    reader,
                    &form.email,
                    &form.ke,
                    Message::both(
                        "sesi tidak dapat dibuat; coba lagi",
                        "the session could not be started; try again",
                        lang,
                    ),
                );
            };
            let mut response = see_other(&safe_next(&form.ke).unwrap_or_else(|| "/kelola".into()));
            response.headers_mut().insert(header::SET_COOKIE, cookie);
            response
        }
        Err(error) => {
            let (status, _, message) = describe(&error);
            let message = Message::of(&error, message, lang);
            page(status, reader, &form.email, &form.ke, message)
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

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn a_submitted_form_switches_back_to_the_form() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("lang=en"));
        let reader = form_reader(&headers, "/kelola/inovasi");
        assert_eq!(reader.lang, Lang::En);
        assert_eq!(reader.path, "/masuk?ke=%2Fkelola%2Finovasi");
        // Somewhere not ours is not carried along.
        let reader = form_reader(&HeaderMap::new(), "https://evil.example/kelola");
        assert_eq!(reader.lang, Lang::Id);
        assert_eq!(reader.path, "/masuk");
    }

    #[test]
    fn the_usual_refusals_read_in_english() {
        let wrong = Message::of(
            &ServiceError::Forbidden("surel atau kata sandi salah".into()),
            "surel atau kata sandi salah".into(),
            Lang::En,
        );
        assert_eq!(wrong.text, "wrong email or password");
        assert!(!wrong.indonesian_only);
        let limited = Message::of(
            &ServiceError::RateLimited { minutes: 15 },
            "terlalu banyak percobaan".into(),
            Lang::En,
        );
        assert!(limited.text.contains("15 minutes"), "{}", limited.text);
        let other = Message::of(&ServiceError::Conflict("x".into()), "x".into(), Lang::En);
        assert!(other.indonesian_only);
        let indonesian = Message::of(
            &ServiceError::Forbidden("surel atau kata sandi salah".into()),
            "surel atau kata sandi salah".into(),
            Lang::Id,
        );
        assert_eq!(indonesian.text, "surel atau kata sandi salah");
        assert!(!indonesian.indonesian_only);
    }
}
