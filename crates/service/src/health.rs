//! What a load balancer and an operator ask of one server: is it up, on what, and is the
//! deployment set up so that several servers can share the work.

use lumbung_store::Backend;
use serde::Serialize;

use crate::jobs::{self, JobRecord};
use crate::{App, ServiceResult};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` when the database answers.
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    /// `local` (a directory of this machine) or `s3`.
    pub files: &'static str,
    /// Set-up problems an operator should fix, in Indonesian.
    pub warnings: Vec<String>,
    /// The background jobs: who holds each, when it last ran, its last error.
    #[schema(value_type = Vec<Object>)]
    pub jobs: Vec<JobRecord>,
}

/// The warning for PostgreSQL with files in a local directory: PostgreSQL is chosen to run
/// several servers, and each would see only the files uploaded through itself.
pub fn warnings(app: &App) -> Vec<String> {
    let mut warnings = Vec::new();
    if app.db.backend() == Backend::Postgres && app.blobs.is_local() {
        warnings.push(
            "Berkas disimpan di direktori lokal server ini, sedangkan basis data PostgreSQL \
             dapat dipakai beberapa server: berkas yang diunggah lewat satu server tidak \
             terbaca di server lain. Untuk beberapa server, atur LUMBUNG_S3_BUCKET \
             (penyimpanan kompatibel S3)."
                .to_owned(),
        );
    }
    warnings
}

pub async fn check(app: &App) -> ServiceResult<Health> {
    let jobs = jobs::list(app).await?;
    Ok(Health {
        status: "ok",
        database: match app.db.backend() {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        },
        files: if app.blobs.is_local() { "local" } else { "s3" },
        warnings: warnings(app),
        jobs,
    })
}
