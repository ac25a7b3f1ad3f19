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

/// Unsent messages whose next attempt is due at `now`, oldest first.
pub async fn due(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<MailRecord>> {
    let rows: Vec<MailRow> = sqlx::query_as(&format!(
        "{MAIL_SELECT} WHERE sent_at IS NULL AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at, id LIMIT $2"
    ))
    .bind(time::to_text(now))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(mail).collect()
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
    sqlx::query("UPDATE outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2")
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
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 \
         WHERE id = $3",
    )
    .bind(error.to_owned())
    .bind(time::to_text(retry_at))
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// How many messages wait to be sent.
pub async fn pending_count(conn: &mut Conn) -> StoreResult<i64> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
        .fetch_one(conn)
        .await?;
    Ok(count)
}
