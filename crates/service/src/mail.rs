//! E-mail notifications through the outbox: a change writes its messages in its own
//! transaction ([`enqueue`]); [`deliver`] sends what is due over SMTP and reschedules what
//! fails, so nothing is lost while the mail server is down.

use chrono::{DateTime, Duration, Utc};
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use lumbung_store::Conn;
use lumbung_store::outbox::{self, NewMail};
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

/// Sends the messages that are due. A failure is recorded on the message and retried later;
/// only a broken outbox (the database) is an error.
pub async fn deliver(app: &App, config: &MailConfig) -> ServiceResult<Delivered> {
    let now = app.clock.now();
    let due = {
        let mut conn = app.db.read().await?;
        outbox::due(&mut conn, now, BATCH).await?
    };
    let mut done = Delivered::default();
    if due.is_empty() {
        return Ok(done);
    }
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url)
        .map_err(|e| ServiceError::BadInput(format!("alamat SMTP tidak sah: {e}")))?
        .timeout(Some(std::time::Duration::from_secs(20)))
        .build();
    let from = config
        .from
        .parse()
        .map_err(|e| ServiceError::BadInput(format!("alamat pengirim tidak sah: {e}")))?;
    for mail in due {
        let sent = match mail.recipient.parse() {
            Ok(to) => match Message::builder()
                .from(Clone::clone(&from))
                .to(to)
                .subject(mail.subject.clone())
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone())
            {
                Ok(message) => transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            },
            Err(e) => Err(format!("alamat penerima tidak sah: {e}")),
        };
        let mut conn = app.db.begin().await?;
        match sent {
            Ok(()) => {
                outbox::mark_sent(&mut conn, mail.id, app.clock.now()).await?;
                done.sent += 1;
            }
            Err(error) => {
                tracing::warn!(mail = %mail.id, %error, "sending mail failed; will retry");
                let retry_at = app.clock.now() + retry_after(mail.attempts);
                outbox::mark_failed(&mut conn, mail.id, &error, retry_at).await?;
                done.failed += 1;
            }
        }
        conn.commit().await?;
    }
    Ok(done)
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
