//! E-mail notifications through the outbox: a change writes its messages in its own
//! transaction ([`enqueue`]); [`deliver`] sends what is due over SMTP and reschedules what
//! fails, so nothing is lost while the mail server is down.

use chrono::{DateTime, Duration, Utc};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use lumbung_store::Conn;
use lumbung_store::outbox::{self, MailRecord, NewMail};
use serde::Serialize;

use crate::{App, ServiceError, ServiceResult};

/// Where mail goes out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailConfig {
    /// `smtp://host:port` (plain, e.g. a relay on the same network),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS) or `smtps://…` (TLS).
    pub smtp_url: String,
    /// The sender, e.g. `Lumbung Inovasi <noreply@example.go.id>`.
    pub from: String,
}

/// Messages sent per run of the job; the rest wait for the next run.
const BATCH: i64 = 50;

/// Writes a message to the outbox in the caller's transaction.
pub(crate) async fn enqueue(
    conn: &mut Conn,
    recipient: &str,
    subject: &str,
    body: &str,
    topic: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    outbox::enqueue(
        conn,
        &NewMail {
            recipient,
            subject,
            body,
            topic,
        },
        now,
    )
    .await?;
    Ok(())
}

/// What one run of the mail job did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Delivered {
    pub sent: usize,
    pub failed: usize,
}

/// When to try again after `attempts` failures: 1, 2, 4 … minutes, at most six hours.
fn retry_after(attempts: i64) -> Duration {
    let minutes = 1i64 << attempts.clamp(0, 9);
    Duration::minutes(minutes.min(360))
}

/// How long a claimed message stays with its sender: longer than one run of the job takes
/// (at most [`BATCH`] messages, each bounded by the SMTP timeout).
const CLAIM_MINUTES: i64 = 30;

/// How an attempt ended.
enum Attempt {
    Sent,
    /// Worth trying again later: the server is down, busy, or answered a temporary error.
    Failed(String),
    /// The mail server refused the message for good, or it cannot be written (a bad address).
    Refused(String),
}

/// Sends the messages that are due. Each message is claimed for this server before it is
/// sent, so servers sharing the outbox never send the same one; it is marked sent as soon
/// as the mail server accepts it (a crash between the two is the one way a message goes
/// twice). A failure is recorded on the message and retried later, a permanent refusal is
/// not; only a broken outbox (the database) is an error.
pub async fn deliver(app: &App, config: &MailConfig) -> ServiceResult<Delivered> {
    let now = app.clock.now();
    let due = {
        let mut tx = app.db.begin().await?;
        let due = outbox::claim_due(
            &mut tx,
            &app.instance,
            now,
            now + Duration::minutes(CLAIM_MINUTES),
            BATCH,
        )
        .await?;
        tx.commit().await?;
        due
    };
    let mut done = Delivered::default();
    if due.is_empty() {
        return Ok(done);
    }
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url)
        .map_err(|e| ServiceError::BadInput(format!("alamat SMTP tidak sah: {e}")))?
        .timeout(Some(std::time::Duration::from_secs(20)))
        .build();
    let from: Mailbox = config
        .from
        .parse()
        .map_err(|e| ServiceError::BadInput(format!("alamat pengirim tidak sah: {e}")))?;
    for mail in due {
        let attempt = send(&transport, &from, &mail).await;
        let mut conn = app.db.begin().await?;
        match attempt {
            Attempt::Sent => {
                outbox::mark_sent(&mut conn, mail.id, app.clock.now()).await?;
                done.sent += 1;
            }
            Attempt::Failed(error) => {
                tracing::warn!(mail = %mail.id, %error, "sending mail failed; will retry");
                let retry_at = app.clock.now() + retry_after(mail.attempts);
                outbox::mark_failed(&mut conn, mail.id, &error, retry_at).await?;
                done.failed += 1;
            }
            Attempt::Refused(error) => {
                tracing::warn!(mail = %mail.id, %error, "mail refused for good; not retried");
                outbox::mark_refused(&mut conn, mail.id, &error, app.clock.now()).await?;
                done.failed += 1;
            }
        }
        conn.commit().await?;
    }
    Ok(done)
}

/// The `Message-ID` of an outbox message: its id, so that a mail server or a test sees the
/// same notification under the same id whatever server sent it.
pub fn message_id(id: uuid::Uuid) -> String {
    format!("<{id}@lumbung>")
}

async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    mail: &MailRecord,
) -> Attempt {
    let to: Mailbox = match mail.recipient.parse() {
        Ok(to) => to,
        Err(e) => return Attempt::Refused(format!("alamat penerima tidak sah: {e}")),
    };
    let message = match Message::builder()
        .from(from.clone())
        .to(to)
        .message_id(Some(message_id(mail.id)))
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
    {
        Ok(message) => message,
        Err(e) => return Attempt::Refused(e.to_string()),
    };
    match transport.send(message).await {
        Ok(_) => Attempt::Sent,
        Err(e) if e.is_permanent() => Attempt::Refused(e.to_string()),
        Err(e) => Attempt::Failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_six_hours() {
        assert_eq!(retry_after(0), Duration::minutes(1));
        assert_eq!(retry_after(3), Duration::minutes(8));
        assert_eq!(retry_after(40), Duration::minutes(360));
    }
}
