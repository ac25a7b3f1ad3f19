//! The service error: what went wrong, in terms a caller can act on. The web layer maps each
//! variant to one HTTP status; internal errors keep their detail for the log only.

use lumbung_domain::FieldErrors;
use lumbung_store::StoreError;
use serde::Serialize;
use thiserror::Error;

/// One rejected spreadsheet cell: row as the spreadsheet numbers it (header = 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Error)]
pub enum ServiceError {
    #[error("belum masuk")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} tidak ditemukan")]
    NotFound(&'static str),
    #[error("data tidak valid: {0}")]
    Validation(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("{message}")]
    ImportRejected {
        message: String,
        rows: Vec<RowError>,
    },
    #[error("{0}")]
    BadInput(String),
    /// An upload larger than what it may be, or that would expand past it: nothing read.
    #[error("{0}")]
    TooLarge(String),
    #[error("terlalu banyak percobaan; coba lagi dalam {minutes} menit")]
    RateLimited { minutes: u32 },
    /// The database is too busy to take this now (another long write holds it): try again
    /// in a few seconds. Nothing was changed.
    #[error("server sedang sibuk; coba lagi dalam beberapa detik")]
    Busy,
    #[error("internal error: {0}")]
    Internal(String),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl From<lumbung_reports::ReadError> for ServiceError {
    fn from(error: lumbung_reports::ReadError) -> Self {
        if error.is_too_large() {
            ServiceError::TooLarge(error.to_string())
        } else {
            ServiceError::BadInput(error.to_string())
        }
    }
}

impl ServiceError {
    pub fn forbidden() -> Self {
        ServiceError::Forbidden("Anda tidak berwenang melakukan ini".into())
    }

    pub fn internal(error: impl std::fmt::Display) -> Self {
        ServiceError::Internal(error.to_string())
    }
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ServiceError::NotFound("data"),
            StoreError::Conflict(detail) => {
                tracing::debug!(%detail, "unique key conflict");
                ServiceError::Conflict("data yang sama sudah ada".into())
            }
            StoreError::Busy(detail) => {
                tracing::warn!(%detail, "database busy; answered 503");
                ServiceError::Busy
            }
            other => ServiceError::Internal(other.to_string()),
        }
    }
}

impl From<FieldErrors> for ServiceError {
    fn from(errors: FieldErrors) -> Self {
        ServiceError::Validation(errors)
    }
}
