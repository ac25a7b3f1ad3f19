//! Fresh databases for tests: SQLite in a temporary directory by default, or a new
//! PostgreSQL database on the server named by `LUMBUNG_TEST_DATABASE_URL`.

use crate::blobs::Blobs;
use crate::{Db, StoreError, StoreResult};

/// A migrated database, and a file store in a temporary directory, that live as long as this
/// value.
pub struct TestDb {
    pub db: Db,
    pub blobs: Blobs,
    /// Where the database is, so that a second server can open it.
    pub url: String,
    _dir: tempfile::TempDir,
}

impl TestDb {
    /// The same database through a pool of its own, as a second server process would have
    /// it (on SQLite with its own write gate, so only the database orders the two).
    pub async fn second_server(&self) -> StoreResult<Db> {
        Db::connect(&self.url).await
    }
}

/// The environment variable that selects PostgreSQL for the test suites.
pub const POSTGRES_ENV: &str = "LUMBUNG_TEST_DATABASE_URL";

pub async fn fresh_db() -> StoreResult<TestDb> {
    let dir = tempfile::tempdir()
        .map_err(|e| StoreError::Corrupt(format!("temporary directory: {e}")))?;
    let url = match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.is_empty() => fresh_postgres(&url).await?,
        _ => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("lumbung.db").display()
        ),
    };
    let db = Db::connect(&url).await?;
    db.migrate().await?;
    let blobs = Blobs::local(&dir.path().join("files"))?;
    Ok(TestDb {
        db,
        blobs,
        url,
        _dir: dir,
    })
}

/// Creates a database of its own for one test on the server of `url`, and answers its URL;
/// `.ci/run` drops the `lumbung_t_*` databases before each run.
async fn fresh_postgres(url: &str) -> StoreResult<String> {
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
    Ok(format!("{base}/{name}"))
}

/// The S3 bucket of the S3 suites: `LUMBUNG_TEST_S3_ENDPOINT` and `LUMBUNG_TEST_S3_BUCKET`,
/// which `.ci/run` sets after starting the server. Without them it fails, never skips.
pub fn s3_bucket() -> StoreResult<Blobs> {
    let var = |name: &str| {
        std::env::var(name).map_err(|_| {
            StoreError::Corrupt(format!(
                "{name} must name a running S3 API server and its bucket (see .ci/run)"
            ))
        })
    };
    Blobs::s3(&crate::S3Config {
        bucket: var("LUMBUNG_TEST_S3_BUCKET")?,
        endpoint: Some(var("LUMBUNG_TEST_S3_ENDPOINT")?),
        region: "us-east-1".into(),
        access_key_id: "testing".into(),
        secret_access_key: "testing".into(),
        allow_http: true,
    })
}

/// The project's shared data (`../shared` beside the repository, or `LUMBUNG_SHARED_DIR`),
/// which the suites read the real region list and innovation corpus from. Panics with the
/// fix when it is missing: a test that needs it must not pass without it.
pub fn shared_dir() -> std::path::PathBuf {
    let dir = std::env::var_os("LUMBUNG_SHARED_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
        });
    assert!(
        dir.join("data/wilayah").is_dir(),
        "shared data not found at {}; set LUMBUNG_SHARED_DIR",
        dir.display()
    );
    dir
}
