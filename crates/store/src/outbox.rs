//! The e-mail outbox: messages are written in the same transaction as the change they report
//! and sent later by a background job, so a mail server that is down loses nothing.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::error::StoreResult;
use crate::users::parse_id;
use crate::{Conn, time};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailRecord {
    pub id: Uuid,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub topic: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
}

pub struct NewMail<'a> {
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub topic: &'a str,
}

pub async fn enqueue(conn: &mut Conn, mail: &NewMail<'_>, now: DateTime<Utc>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO outbox (id, recipient, subject, body, topic, attempts, next_attempt_at, \
         created_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $6)",
    )
    .bind(id.to_string())
    .bind(mail.recipient.to_owned())
    .bind(mail.subject.to_owned())
    .bind(mail.body.to_owned())
    .bind(mail.topic.to_owned())
    .bind(time::to_text(now))
    .execute(conn)
    .await?;
    Ok(id)
}

type MailRow = (
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
);

fn mail(row: MailRow) -> StoreResult<MailRecord> {
    Ok(MailRecord {
        id: parse_id(&row.0)?,
        recipient: row.1,
        subject: row.2,
        body: row.3,
        topic: row.4,
        attempts: row.5,
        last_error: row.6,
        sent_at: row.7.as_deref().map(time::parse).transpose()?,
    })
}

const MAIL_SELECT: &str =
    "SELECT id, recipient, subject, body, topic, attempts, last_error, sent_at FROM outbox";

/// Claims for `holder`, until `claimed_until`, up to `limit` unsent messages whose next
/// attempt is due at `now` and that no other sender holds, oldest first. A claimed message
/// is sent by its holder only; a sender that dies leaves it to the next after the claim ends.
pub async fn claim_due(
    conn: &mut Conn,
    holder: &str,
    now: DateTime<Utc>,
    claimed_until: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<MailRecord>> {
    // PostgreSQL: concurrent senders skip each other's rows instead of waiting on them.
    // SQLite has one writer at a time and no row locks.
    let lock = if conn.backend_name().eq_ignore_ascii_case("postgresql") {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let rows: Vec<MailRow> = sqlx::query_as(&format!(
        "UPDATE outbox SET claimed_by = $1, claimed_until = $2 WHERE id IN (\
         SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL \
         AND next_attempt_at <= $3 AND (claimed_until IS NULL OR claimed_until <= $3) \
         ORDER BY next_attempt_at, id LIMIT $4{lock}) \
         RETURNING id, recipient, subject, body, topic, attempts, last_error, sent_at"
    ))
    .bind(holder.to_owned())
    .bind(time::to_text(claimed_until))
    .bind(time::to_text(now))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    let mut mails = rows
        .into_iter()
        .map(mail)
        .collect::<StoreResult<Vec<_>>>()?;
    // RETURNING keeps no order.
    mails.sort_by_key(|mail| mail.id);
    Ok(mails)
}

/// Messages about `topic` (e.g. `complaint:<id>`), oldest first.
pub async fn about(conn: &mut Conn, topic: &str) -> StoreResult<Vec<MailRecord>> {
    let rows: Vec<MailRow> = sqlx::query_as(&format!(
        "{MAIL_SELECT} WHERE topic = $1 ORDER BY created_at, id"
    ))
    .bind(topic.to_owned())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(mail).collect()
}

pub async fn mark_sent(conn: &mut Conn, id: Uuid, at: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query(
        "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, claimed_by = NULL, \
         claimed_until = NULL WHERE id = $2",
    )
    .bind(time::to_text(at))
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a failed attempt and when to try again.
pub async fn mark_failed(
    conn: &mut Conn,
    id: Uuid,
    error: &str,
    retry_at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, \
         claimed_by = NULL, claimed_until = NULL WHERE id = $3",
    )
    .bind(error.to_owned())
    .bind(time::to_text(retry_at))
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// Records that the mail server refused a message for good (a permanent error): it is not
/// tried again, and the error stays for an admin to read.
pub async fn mark_refused(
    conn: &mut Conn,
    id: Uuid,
    error: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1, failed_at = $2, \
         claimed_by = NULL, claimed_until = NULL WHERE id = $3",
    )
    .bind(error.to_owned())
    .bind(time::to_text(at))
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// How many messages wait to be sent.
pub async fn pending_count(conn: &mut Conn) -> StoreResult<i64> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")
            .fetch_one(conn)
            .await?;
    Ok(count)
}
