//! The one mapping from service errors to HTTP answers.
//!
//! Client errors carry a clear message (and field or row errors); server errors are logged
//! with a reference code, and the user sees only that code, never the internal text.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lumbung_service::{RowError, ServiceError};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug)]
pub struct ApiError(pub ServiceError);

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        ApiError(error)
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: Detail<'a>,
}

#[derive(Serialize)]
struct Detail<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<&'a [RowError]>,
}

/// Status, code and message of an error, shared by the API and the pages.
pub fn describe(error: &ServiceError) -> (StatusCode, &'static str, String) {
    match error {
        ServiceError::Unauthenticated => (
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Silakan masuk terlebih dahulu.".into(),
        ),
        ServiceError::Forbidden(message) => (StatusCode::FORBIDDEN, "forbidden", message.clone()),
        ServiceError::NotFound(what) => (
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{} tidak ditemukan.", capitalise(what)),
        ),
        ServiceError::Validation(_) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            "Periksa kembali isian yang ditandai.".into(),
        ),
        ServiceError::Conflict(message) => (StatusCode::CONFLICT, "conflict", message.clone()),
        ServiceError::ImportRejected { message, .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "import_rejected",
            message.clone(),
        ),
        ServiceError::BadInput(message) => {
            (StatusCode::BAD_REQUEST, "bad_request", message.clone())
        }
        ServiceError::TooLarge(message) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            message.clone(),
        ),
        ServiceError::RateLimited { .. } => (
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            error.to_string(),
        ),
        ServiceError::Busy => (
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "Server sedang sibuk menyimpan data lain; tidak ada yang berubah. Coba lagi dalam beberapa detik."
                .into(),
        ),
        ServiceError::Internal(detail) => {
            let reference = uuid::Uuid::now_v7().simple().to_string();
            let reference = &reference[reference.len() - 10..];
            tracing::error!(reference, %detail, "internal error");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!(
                    "Terjadi kesalahan pada server. Sebutkan kode rujukan {reference} kepada admin."
                ),
            )
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Marks an answer whose refusal the service has already written in the audit log (every
/// limit hit is recorded where the limit is counted, with the limit's name), so that the
/// router's record of refusals does not write it a second time.
#[derive(Debug, Clone, Copy)]
pub struct OnRecord;

/// Adds [`OnRecord`] to the answer of an error the service recorded itself.
pub fn mark_recorded(error: &ServiceError, response: &mut Response) {
    if matches!(error, ServiceError::RateLimited { .. }) {
        response.extensions_mut().insert(OnRecord);
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = describe(&self.0);
        let fields = match &self.0 {
            ServiceError::Validation(errors) => Some(errors.clone().into_map()),
            _ => None,
        };
        let rows = match &self.0 {
            ServiceError::ImportRejected { rows, .. } => Some(rows.as_slice()),
            _ => None,
        };
        let mut response = (
            status,
            Json(Body {
                error: Detail {
                    code,
                    message,
                    fields,
                    rows,
                },
            }),
        )
            .into_response();
        mark_recorded(&self.0, &mut response);
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Seconds a client waits before trying again after a 503; the router adds it as
/// `Retry-After` to every 503, from the API and the pages alike.
pub const RETRY_AFTER_SECONDS: &str = "2";

/// An error for a request the API could not even read (bad JSON, bad query string).
pub fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError(ServiceError::BadInput(message.into()))
}
