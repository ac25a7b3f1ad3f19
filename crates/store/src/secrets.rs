//! What every server must share to check what another issued: signing keys, and the
//! challenges already answered.

use chrono::{DateTime, Utc};

use crate::error::StoreResult;
use crate::{Conn, time};

/// The secret named `name`, stored as `candidate` if there is none yet. Of several servers
/// starting at once, the first insert wins and all read the same value.
pub async fn get_or_insert(
    conn: &mut Conn,
    name: &str,
    candidate: &str,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    sqlx::query(
        "INSERT INTO secrets (name, value, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name.to_owned())
    .bind(candidate.to_owned())
    .bind(time::to_text(now))
    .execute(&mut *conn)
    .await?;
    let (value,): (String,) = sqlx::query_as("SELECT value FROM secrets WHERE name = $1")
        .bind(name.to_owned())
        .fetch_one(conn)
        .await?;
    Ok(value)
}

/// Marks a challenge's nonce answered. Returns false when it already was: a replay.
pub async fn spend_nonce(
    conn: &mut Conn,
    nonce: &str,
    expires_at: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO used_challenges (nonce, expires_at) VALUES ($1, $2) \
         ON CONFLICT (nonce) DO NOTHING",
    )
    .bind(nonce.to_owned())
    .bind(time::to_text(expires_at))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets answered challenges that have expired: an expired one is refused anyway.
pub async fn delete_expired_nonces(conn: &mut Conn, now: DateTime<Utc>) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM used_challenges WHERE expires_at <= $1")
        .bind(time::to_text(now))
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
