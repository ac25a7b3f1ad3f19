//! Limits on what anyone may ask of the server without an account, counted per client
//! address in the database, so that every server counts the same and parallel requests
//! cannot slip past a limit together.

use chrono::Duration;
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
