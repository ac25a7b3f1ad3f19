//! Fresh databases for tests: SQLite in a temporary directory by default, or a new
//! PostgreSQL database on the server named by `LUMBUNG_TEST_DATABASE_URL`.

use crate::{Db, StoreError, StoreResult};

/// A migrated database that lives as long as this value.
pub struct TestDb {
    pub db: Db,
    _dir: Option<tempfile::TempDir>,
}

/// The environment variable that selects PostgreSQL for the test suites.
pub const POSTGRES_ENV: &str = "LUMBUNG_TEST_DATABASE_URL";

pub async fn fresh_db() -> StoreResult<TestDb> {
    match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.is_empty() => fresh_postgres(&url).await,
        _ => {
            let dir = tempfile::tempdir()
                .map_err(|e| StoreError::Corrupt(format!("temporary directory: {e}")))?;
            let db = Db::open_sqlite_dir(dir.path()).await?;
            db.migrate().await?;
            Ok(TestDb {
                db,
                _dir: Some(dir),
            })
        }
    }
}

/// Creates a database of its own for one test on the server of `url`; `.ci/run` drops the
/// `lumbung_t_*` databases before each run.
async fn fresh_postgres(url: &str) -> StoreResult<TestDb> {
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
    let db = Db::connect(&format!("{base}/{name}")).await?;
    db.migrate().await?;
    Ok(TestDb { db, _dir: None })
}
