//! The database handle: a pool of either backend, migrations, and write transactions.

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::{Arc, Once};
use std::time::Duration;

use sqlx::AnyConnection;
use sqlx::any::AnyPoolOptions;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::error::{StoreError, StoreResult};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The embedded migrations of each backend, for the tests that keep the two in step and the
/// applied ones unchanged.
#[cfg(feature = "testing")]
pub fn migrations() -> [(&'static str, &'static sqlx::migrate::Migrator); 2] {
    [
        ("sqlite", &SQLITE_MIGRATIONS),
        ("postgres", &POSTGRES_MIGRATIONS),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// How long a write waits for the one before it on SQLite, in this process (the gate) and
/// across processes (SQLite's busy timeout), before it is answered "busy".
pub const WRITE_WAIT: Duration = Duration::from_secs(4);

/// PostgreSQL's setting for the same wait: a write that waits longer for a row another
/// holds is answered "busy" (SQLSTATE 55P03).
static LOCK_TIMEOUT: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("SET lock_timeout = '{}ms'", WRITE_WAIT.as_millis()));

/// A handle on the database, cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite allows one writer at a time and would answer a second with "database is
    /// locked" part-way through a transaction; writers queue here instead. PostgreSQL
    /// needs no gate.
    write_gate: Option<Arc<Mutex<()>>>,
}

/// A write transaction; dropped without `commit`, it rolls back.
pub struct Tx {
    tx: Transaction<'static, Any>,
    _gate: Option<OwnedMutexGuard<()>>,
}

impl Tx {
    pub async fn commit(self) -> StoreResult<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Deref for Tx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

fn install_drivers() {
    static ONCE: Once = Once::new();
    ONCE.call_once(sqlx::any::install_default_drivers);
}

impl Db {
    /// Opens (creating if needed) the SQLite database file in `dir`.
    pub async fn open_sqlite_dir(dir: &Path) -> StoreResult<Db> {
        std::fs::create_dir_all(dir).map_err(|e| {
            StoreError::corrupt(format!(
                "cannot create data directory {}: {e}",
                dir.display()
            ))
        })?;
        let file = dir.join("lumbung.db");
        Self::connect(&format!("sqlite://{}?mode=rwc", file.display())).await
    }

    /// Connects to `sqlite://…` or `postgres://…`.
    pub async fn connect(url: &str) -> StoreResult<Db> {
        install_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::corrupt(
                "database URL must start with sqlite: or postgres://",
            ));
        };
        // A request that cannot get a connection soon is answered "busy" rather than kept waiting.
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(5));
        let pool = match backend {
            Backend::Sqlite => {
                options
                    .max_connections(8)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute(
                                format!(
                                    "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                                     PRAGMA busy_timeout = {}; PRAGMA synchronous = NORMAL;",
                                    WRITE_WAIT.as_millis()
                                )
                                .as_str(),
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?
            }
            Backend::Postgres => {
                options
                    .max_connections(16)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute(LOCK_TIMEOUT.as_str()).await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?
            }
        };
        Ok(Db {
            pool,
            backend,
            write_gate: (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(()))),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> StoreResult<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => {
                // Servers starting together wait for the first one's migration (sqlx holds
                // an advisory lock) however long it takes, not only the pages' lock timeout.
                let mut conn = self.pool.acquire().await?;
                conn.execute("SET lock_timeout = 0").await?;
                let migrated = POSTGRES_MIGRATIONS.run(&mut *conn).await;
                conn.execute(LOCK_TIMEOUT.as_str()).await?;
                migrated?
            }
        }
        // Innovations written before the search index existed get their documents now.
        let mut tx = self.begin().await?;
        let indexed = crate::search::index_missing(&mut tx).await?;
        tx.commit().await?;
        if indexed > 0 {
            tracing::info!(indexed, "innovations added to the search index");
        }
        Ok(())
    }

    /// Refreshes the query planner's statistics, after a bulk change.
    pub async fn analyze(&self) -> StoreResult<()> {
        let sql = match self.backend {
            Backend::Sqlite => "PRAGMA optimize",
            Backend::Postgres => "ANALYZE",
        };
        sqlx::query(sql).execute(&self.pool).await?;
        Ok(())
    }

    /// A connection for reads.
    pub async fn read(&self) -> StoreResult<PoolConnection<Any>> {
        Ok(self.pool.acquire().await?)
    }

    /// Starts a write transaction. On SQLite, waits at most [`WRITE_WAIT`] for the writer
    /// before it, then answers [`StoreError::Busy`] so that the caller can say "try again"
    /// instead of keeping a person waiting.
    pub async fn begin(&self) -> StoreResult<Tx> {
        self.begin_within(WRITE_WAIT).await
    }

    /// Starts a write transaction, waiting up to `wait` for the writer before it: for bulk
    /// work run by an operator (an import), which may wait its turn longer than a page.
    pub async fn begin_within(&self, wait: Duration) -> StoreResult<Tx> {
        let gate = match &self.write_gate {
            Some(gate) => Some(
                tokio::time::timeout(wait, gate.clone().lock_owned())
                    .await
                    .map_err(|_| StoreError::Busy("another write is in progress".into()))?,
            ),
            None => None,
        };
        let tx = match self.backend {
            // IMMEDIATE takes SQLite's write lock at the start, waiting its busy timeout for
            // another process's writer; a deferred transaction that reads first would fail
            // at once ("database is locked") when it came to write after another's commit.
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(Tx { tx, _gate: gate })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
