//! Fresh databases for tests: SQLite in a temporary directory by default, or a new
//! PostgreSQL database on the server named by `LUMBUNG_TEST_DATABASE_URL`.

use crate::blobs::Blobs;
use crate::{Db, StoreError, StoreResult};

/// A migrated database, and a file store in a temporary directory, that live as long as this
/// value.
pub struct TestDb {
    pub db: Db,
    pub blobs: Blobs,
    _dir: tempfile::TempDir,
}

/// The environment variable that selects PostgreSQL for the test suites.
pub const POSTGRES_ENV: &str = "LUMBUNG_TEST_DATABASE_URL";

pub async fn fresh_db() -> StoreResult<TestDb> {
    let dir = tempfile::tempdir()
        .map_err(|e| StoreError::Corrupt(format!("temporary directory: {e}")))?;
    let db = match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.is_empty() => fresh_postgres(&url).await?,
        _ => Db::open_sqlite_dir(dir.path()).await?,
    };
    db.migrate().await?;
    let blobs = Blobs::local(&dir.path().join("files"))?;
    Ok(TestDb {
        db,
        blobs,
        _dir: dir,
    })
}

/// Creates a database of its own for one test on the server of `url`; `.ci/run` drops the
/// `lumbung_t_*` databases before each run.
async fn fresh_postgres(url: &str) -> StoreResult<Db> {
    let admin = Db::connect(url).await?;
    let name = format!("lumbung_t_{}", uuid::Uuid::now_v7().simple());
    let mut conn = admin.read().await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut *conn)
        .await?;
    drop(conn);
    admin.close().await;
    let base = match url.rfind('/') {
        Some(slash) if slash > "postgres://".len() => &url[..slash],
        _ => url,
    };
    Db::connect(&format!("{base}/{name}")).await
}
