//! Persistence for Lumbung Inovasi.
//!
//! One repository layer serves both backends through sqlx's `Any` driver: SQLite in the data
//! directory (the embedded default) and PostgreSQL at scale. The SQL is written once, in the
//! subset both understand (`$n` parameters, `ON CONFLICT`, `RETURNING`); each backend has its
//! own migration folder so that backend-specific features (full-text search) can diverge.
//! Repository functions take a connection, so the service layer decides the transaction.

pub mod agencies;
pub mod assessments;
pub mod audit;
pub mod blob_rows;
pub mod blobs;
pub mod competitions;
pub mod complaints;
pub mod consultations;
mod db;
mod error;
pub mod innovations;
pub mod jobs;
pub mod map;
pub mod outbox;
pub mod regions;
pub mod replications;
mod rows;
pub mod search;
pub mod secrets;
mod sql;
#[cfg(feature = "testing")]
pub mod testing;
pub mod time;
pub mod users;

pub use blobs::{Blobs, S3Config};
#[cfg(feature = "testing")]
pub use db::migrations;
pub use db::{Backend, Db, Tx};
pub use error::{StoreError, StoreResult};
pub use sql::{Page, Paging};

/// A connection of either backend, borrowed from the pool or from a transaction.
pub type Conn = sqlx::AnyConnection;
