//! Limits on what anyone may ask of the server without an account, counted per client
//! address in the database, so that every server counts the same and parallel requests
//! cannot slip past a limit together.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use lumbung_store::users;

use crate::{App, ServiceError, ServiceResult};

/// A kind of anonymous work and how much of it one address may ask for.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// The counter's name, e.g. `objection`.
    pub kind: &'static str,
    pub max: i64,
    pub minutes: i64,
}

/// Index computations from the public calculator: each may take a few milliseconds of CPU
/// on a large input, so an address gets 60 per 10 minutes.
pub const CALCULATOR: Limit = Limit {
    kind: "calculator",
    max: 60,
    minutes: 10,
};

/// Public objections to a competition's finalists: 10 per hour per address.
pub const OBJECTION: Limit = Limit {
    kind: "objection",
    max: 10,
    minutes: 60,
};

/// Counts one more request of `limit` for `client`, or refuses it with 429 when the address
/// has had its share; a refusal is in the audit log with the address.
pub async fn take(app: &App, limit: Limit, client: &str) -> ServiceResult<()> {
    let key = format!("{}:{client}", limit.kind);
    let now = app.clock.now();
    let since = now - Duration::minutes(limit.minutes);
    let mut tx = app.db.begin().await?;
    let taken = users::reserve_attempt(&mut tx, &key, since, now, limit.max).await?;
    if !taken {
        crate::audit::record(
            &mut tx,
            &crate::Caller::system(),
            "rate_limited",
            limit.kind,
            client,
            None,
            serde_json::json!({"client": client}),
        )
        .await?;
    }
    tx.commit().await?;
    if taken {
        Ok(())
    } else {
        Err(ServiceError::RateLimited {
            minutes: u32::try_from(limit.minutes).unwrap_or(u32::MAX),
        })
    }
}

/// Addresses seen refused (401, 403) and when that was last written down. Kept per process:
/// it only spares the audit log and the write lock from an attacker who asks many times, so
/// a second server writing the same minute again is harmless.
#[derive(Debug, Default)]
pub struct RefusalLog {
    last: Mutex<HashMap<(String, &'static str), DateTime<Utc>>>,
}

/// Addresses remembered at most; past it the memory starts afresh.
const REMEMBERED: usize = 10_000;

impl RefusalLog {
    /// Whether a refusal of `kind` for `client` at `now` is the first in its minute.
    fn first_in_minute(&self, client: &str, kind: &'static str, now: DateTime<Utc>) -> bool {
        let Ok(mut last) = self.last.lock() else {
            return true;
        };
        if last.len() >= REMEMBERED {
            last.clear();
        }
        let key = (client.to_owned(), kind);
        match last.get(&key) {
            Some(at) if now - *at < Duration::minutes(1) => false,
            _ => {
                last.insert(key, now);
                true
            }
        }
    }
}

/// Records in the audit log that a request was refused (`unauthenticated`, `forbidden` or
/// `rate_limited`),
/// with the address, the path and the account if one was named, at most once a minute per
/// address and kind.
pub async fn record_refusal(
    app: &App,
    kind: &'static str,
    client: &str,
    account: Option<&str>,
    path: &str,
) -> ServiceResult<()> {
    if !app.refusals.first_in_minute(client, kind, app.clock.now()) {
        return Ok(());
    }
    let mut tx = app.db.begin().await?;
    crate::audit::record(
        &mut tx,
        &crate::Caller::system(),
        kind,
        "request",
        path,
        None,
        serde_json::json!({"client": client, "account": account}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
