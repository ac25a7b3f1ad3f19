//! Background work shared by every server on one database. Each job is claimed in its row
//! of the `jobs` table before it runs ([`run_claimed`]), so with several servers a run
//! happens once per period, whichever server gets there first; a server that dies mid-run
//! holds its claim only until the lease ends. The same path runs on SQLite with one server.

use chrono::{DateTime, Duration, Utc};
use lumbung_store::{blob_rows, jobs, secrets, users};
use serde::Serialize;

use crate::mail::{self, Delivered, MailConfig};
use crate::{App, ServiceResult, auth, complaints, demo};

pub use lumbung_store::jobs::JobRecord;

/// Complaint escalation past a deadline.
pub const ESCALATION: &str = "complaint_escalation";
/// Sending the outbox.
pub const MAIL: &str = "mail";
/// Expired sessions, old sign-in attempts, spent challenges, interrupted uploads.
pub const CLEAN_UP: &str = "clean_up";
/// The demo data, loaded once into an empty registry.
pub const DEMO: &str = "demo";
/// The first national admin, created once on an empty database.
pub const FIRST_ADMIN: &str = "first_admin";

/// How long a claim lasts if its holder neither finishes nor gives it back: longer than any
/// run takes.
const LEASE_MINUTES: i64 = 10;

/// Runs `work` if this server claims `name` now; the next run is due `every` after this one
/// started. `None` when the job was not due or another server holds it.
pub async fn run_claimed<T, F, Fut>(
    app: &App,
    name: &str,
    every: Duration,
    work: F,
) -> ServiceResult<Option<T>>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = ServiceResult<T>>,
{
    let started = app.clock.now();
    let mut tx = app.db.begin().await?;
    let claimed = jobs::claim(
        &mut tx,
        name,
        &app.instance,
        started,
        started + Duration::minutes(LEASE_MINUTES),
    )
    .await?;
    tx.commit().await?;
    if !claimed {
        return Ok(None);
    }
    let result = work().await;
    let error = result.as_ref().err().map(ToString::to_string);
    let mut tx = app.db.begin().await?;
    let kept = jobs::finish(
        &mut tx,
        name,
        &app.instance,
        app.clock.now(),
        started + every,
        error.as_deref(),
    )
    .await?;
    tx.commit().await?;
    if !kept {
        tracing::warn!(
            job = name,
            "a run outlasted its lease; another server may have run it"
        );
    }
    result.map(Some)
}

/// Every job's row, for the health page.
pub async fn list(app: &App) -> ServiceResult<Vec<JobRecord>> {
    let mut conn = app.db.read().await?;
    Ok(jobs::list(&mut conn).await?)
}

/// Effectively never again: for the work done once per database.
fn once() -> Duration {
    Duration::days(365 * 100)
}

/// Loads the demo data into an empty registry, on one server only. Returns how many
/// innovations it added.
pub async fn load_demo(app: &App) -> ServiceResult<usize> {
    let loaded = run_claimed(app, DEMO, once(), || demo::load_if_empty(app)).await?;
    Ok(loaded.unwrap_or(0))
}

/// Creates the first national admin on an empty database, on one server only.
pub async fn first_admin(
    app: &App,
    email: Option<&str>,
    password: Option<&str>,
) -> ServiceResult<auth::FirstAdmin> {
    let created = run_claimed(app, FIRST_ADMIN, once(), || {
        auth::ensure_first_admin(app, email, password)
    })
    .await?;
    Ok(created.unwrap_or(auth::FirstAdmin::Existing))
}

/// Escalates complaints past a deadline, if this server's turn.
pub async fn escalate(
    app: &App,
    every: Duration,
) -> ServiceResult<Option<Vec<complaints::Escalation>>> {
    run_claimed(app, ESCALATION, every, || complaints::escalate_overdue(app)).await
}

/// Sends the outbox, if this server's turn.
pub async fn deliver(
    app: &App,
    config: &MailConfig,
    every: Duration,
) -> ServiceResult<Option<Delivered>> {
    run_claimed(app, MAIL, every, || mail::deliver(app, config)).await
}

/// What one clean-up removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CleanedUp {
    pub sessions: u64,
    pub sign_in_attempts: u64,
    pub challenges: u64,
    /// Security events (refusals, failed sign-ins) past [`SECURITY_EVENTS_KEPT_DAYS`].
    pub security_events: u64,
    /// Interrupted uploads: moved in place when their row committed, removed otherwise.
    pub uploads_moved: usize,
    pub uploads_removed: usize,
}

/// Attempts older than this count toward no limit (the longest window is an hour).
const ATTEMPTS_KEPT_HOURS: i64 = 24;
/// How long the audit log keeps the record of refused requests, limit hits and failed
/// sign-ins: a year is long enough to investigate an incident reported late, and an attacker
/// who knocks every minute must not grow the log for ever. Official changes are never deleted.
pub const SECURITY_EVENTS_KEPT_DAYS: i64 = 365;
/// A staged upload older than this belongs to a request that has ended.
const STAGED_KEPT_MINUTES: i64 = 60;

/// Removes what has expired, if this server's turn.
pub async fn clean_up(app: &App, every: Duration) -> ServiceResult<Option<CleanedUp>> {
    run_claimed(app, CLEAN_UP, every, || clean_up_now(app, app.clock.now())).await
}

async fn clean_up_now(app: &App, now: DateTime<Utc>) -> ServiceResult<CleanedUp> {
    let mut tx = app.db.begin().await?;
    let sessions = users::delete_expired_sessions(&mut tx).await?;
    let sign_in_attempts =
        users::delete_attempts_before(&mut tx, now - Duration::hours(ATTEMPTS_KEPT_HOURS)).await?;
    let challenges = secrets::delete_expired_nonces(&mut tx, now).await?;
    let security_events = lumbung_store::audit::delete_security_events_before(
        &mut tx,
        now - Duration::days(SECURITY_EVENTS_KEPT_DAYS),
    )
    .await?;
    tx.commit().await?;
    let swept = app
        .blobs
        .sweep_staged(
            now - Duration::minutes(STAGED_KEPT_MINUTES),
            |keys| async move {
                let mut conn = app.db.read().await?;
                blob_rows::named(&mut conn, &keys).await
            },
        )
        .await?;
    Ok(CleanedUp {
        sessions,
        sign_in_attempts,
        challenges,
        security_events,
        uploads_moved: swept.moved,
        uploads_removed: swept.removed,
    })
}
