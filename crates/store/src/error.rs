use thiserror::Error;

/// What can go wrong in the store. Unique-key violations are told apart because callers
/// turn them into a 409 with a clear message.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// The database is too busy to answer now (SQLite's write lock held past its timeout, or
    /// no connection free in time); the caller may try again shortly.
    #[error("database busy: {0}")]
    Busy(String),
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("file storage error: {0}")]
    Blob(String),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(db.message().to_owned())
            }
            sqlx::Error::PoolTimedOut => StoreError::Busy(error.to_string()),
            // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes.
            sqlx::Error::Database(db)
                if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some()
                    && db
                        .code()
                        .and_then(|code| code.parse::<i64>().ok())
                        .is_some_and(|code| matches!(code & 0xff, 5 | 6)) =>
            {
                StoreError::Busy(db.message().to_owned())
            }
            // PostgreSQL's lock_timeout ran out.
            sqlx::Error::Database(db) if db.code().as_deref() == Some("55P03") => {
                StoreError::Busy(db.message().to_owned())
            }
            _ => StoreError::Database(error),
        }
    }
}

impl StoreError {
    pub(crate) fn corrupt(what: impl std::fmt::Display) -> Self {
        StoreError::Corrupt(what.to_string())
    }
}
