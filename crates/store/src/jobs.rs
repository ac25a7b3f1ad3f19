//! Scheduled work claimed in the database, so that several servers on one database run each
//! job once. A claim is one conditional `UPDATE` of the job's row: due, and no unexpired lease
//! held by another server. Both backends apply it atomically (PostgreSQL re-checks the
//! condition after a concurrent update commits; SQLite has one writer), so of two servers
//! asking at once exactly one gets the row.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::StoreResult;
use crate::{Conn, time};

/// A job's row as the health page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobRecord {
    pub name: String,
    pub next_run_at: DateTime<Utc>,
    pub holder: Option<String>,
    pub lease_until: Option<DateTime<Utc>>,
    pub last_started_at: Option<DateTime<Utc>>,
    pub last_finished_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub runs: i64,
}

/// Claims `name` for `holder` until `lease_until` when it is due at `now`. Returns whether
/// this caller got it. A job seen for the first time is due at once.
pub async fn claim(
    conn: &mut Conn,
    name: &str,
    holder: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> StoreResult<bool> {
    let now = time::to_text(now);
    sqlx::query(
        "INSERT INTO jobs (name, next_run_at, runs) VALUES ($1, $2, 0) \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name.to_owned())
    .bind(now.clone())
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query(
        "UPDATE jobs SET holder = $1, lease_until = $2, last_started_at = $3, runs = runs + 1 \
         WHERE name = $4 AND next_run_at <= $3 AND (lease_until IS NULL OR lease_until <= $3)",
    )
    .bind(holder.to_owned())
    .bind(time::to_text(lease_until))
    .bind(now)
    .bind(name.to_owned())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends `holder`'s run of `name`: releases the lease and sets the next run. Returns false
/// when the lease had already passed to another server (the run took longer than its lease).
pub async fn finish(
    conn: &mut Conn,
    name: &str,
    holder: &str,
    now: DateTime<Utc>,
    next_run_at: DateTime<Utc>,
    error: Option<&str>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE jobs SET holder = NULL, lease_until = NULL, last_finished_at = $1, \
         next_run_at = $2, last_error = $3 WHERE name = $4 AND holder = $5",
    )
    .bind(time::to_text(now))
    .bind(time::to_text(next_run_at))
    .bind(error.map(str::to_owned))
    .bind(name.to_owned())
    .bind(holder.to_owned())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

type JobRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

/// Every job's row, by name.
pub async fn list(conn: &mut Conn) -> StoreResult<Vec<JobRecord>> {
    let rows: Vec<JobRow> = sqlx::query_as(
        "SELECT name, next_run_at, holder, lease_until, last_started_at, last_finished_at, \
         last_error, runs FROM jobs ORDER BY name",
    )
    .fetch_all(conn)
    .await?;
    let optional = |text: Option<String>| text.as_deref().map(time::parse).transpose();
    rows.into_iter()
        .map(|row| {
            Ok(JobRecord {
                name: row.0,
                next_run_at: time::parse(&row.1)?,
                holder: row.2,
                lease_until: optional(row.3)?,
                last_started_at: optional(row.4)?,
                last_finished_at: optional(row.5)?,
                last_error: row.6,
                runs: row.7,
            })
        })
        .collect()
}
