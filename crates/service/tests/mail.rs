//! The outbox against a real SMTP conversation: a small SMTP server
//! (`lumbung_service::smtp_sink`, enough of RFC 5321 for lettre) captures every message with
//! its envelope, so delivery, the retry backoff while the server is down, and the complaint
//! notifications are checked as a mail server sees them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{solve, user};

use chrono::{DateTime, Duration, TimeZone, Utc};
use lumbung_service::App;
use lumbung_service::complaints;
use lumbung_service::domain::complaint::{ComplaintInput, Stage};
use lumbung_service::domain::region::{Region, RegionCode};
use lumbung_service::mail::{self, Delivered, MailConfig};
use lumbung_service::smtp_sink::{Received, Sink};
use lumbung_store::outbox::{self, NewMail};
use lumbung_store::testing::{TestDb, fresh_db};
use tokio::net::TcpListener;

// ---------------------------------------------------------------------------------------------
// Reading what the sink (lumbung_service::smtp_sink) received
// ---------------------------------------------------------------------------------------------

/// What the tests read of a received message, decoded as a mail client would.
trait Decoded {
    /// A header's value, unfolded and with RFC 2047 encoded words decoded.
    fn header(&self, name: &str) -> Option<String>;
    /// The body's text, decoded by its `Content-Transfer-Encoding`, with LF line ends.
    fn text(&self) -> String;
}

impl Decoded for Received {
    fn header(&self, name: &str) -> Option<String> {
        self.raw_header(name).map(|value| decode_words(&value))
    }

    fn text(&self) -> String {
        let (_, body) = self.head_and_body();
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "quoted-printable" => quoted_printable(body),
            "base64" => base64(body),
            _ => body.as_bytes().to_vec(),
        };
        String::from_utf8(bytes).unwrap().replace("\r\n", "\n")
    }
}

trait OneMessage {
    /// The one message to `recipient` whose subject starts with `subject`.
    fn one(&self, recipient: &str, subject: &str) -> Received;
}

impl OneMessage for Sink {
    fn one(&self, recipient: &str, subject: &str) -> Received {
        let found: Vec<Received> = self
            .received()
            .into_iter()
            .filter(|m| m.recipients.iter().any(|r| r == recipient))
            .filter(|m| m.header("Subject").is_some_and(|s| s.starts_with(subject)))
            .collect();
        assert_eq!(found.len(), 1, "to {recipient}, {subject:?}: {found:#?}");
        found.into_iter().next().unwrap()
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding what lettre encodes
// ---------------------------------------------------------------------------------------------

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        acc = (acc << 6) | value(c);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'=' {
            out.push(bytes[i]);
            i += 1;
        } else if bytes[i + 1..].starts_with(b"\r\n") {
            i += 3; // soft line break
        } else {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        }
    }
    out
}

/// RFC 2047: `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words; whitespace between two encoded words
/// is dropped, and adjacent words are joined before UTF-8 decoding.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut pending: Vec<u8> = Vec::new();
    for (n, token) in value.split_whitespace().enumerate() {
        let decoded = token
            .strip_prefix("=?")
            .and_then(|t| t.strip_suffix("?="))
            .and_then(|inner| {
                let mut parts = inner.splitn(3, '?');
                let (_charset, encoding, text) = (parts.next()?, parts.next()?, parts.next()?);
                match encoding {
                    "b" | "B" => Some(base64(text)),
                    "q" | "Q" => Some(quoted_printable(&text.replace('_', " "))),
                    _ => None,
                }
            });
        match decoded {
            Some(bytes) => {
                if n > 0 && pending.is_empty() {
                    out.push(' ');
                }
                pending.extend(bytes);
            }
            None => {
                out.push_str(&String::from_utf8(std::mem::take(&mut pending)).unwrap());
                if n > 0 {
                    out.push(' ');
                }
                out.push_str(token);
            }
        }
    }
    out.push_str(&String::from_utf8(pending).unwrap());
    out
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

const FROM: &str = "noreply@lumbung.test";

fn config(smtp_url: String) -> MailConfig {
    MailConfig {
        smtp_url,
        from: format!("Lumbung Inovasi <{FROM}>"),
    }
}

async fn app() -> (App, TestDb) {
    let db = fresh_db().await.unwrap();
    let app = App::new(db.db.clone(), db.blobs.clone());
    (app, db)
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

async fn enqueue(app: &App, recipient: &str, subject: &str, body: &str, topic: &str) {
    let mut tx = app.db.begin().await.unwrap();
    outbox::enqueue(
        &mut tx,
        &NewMail {
            recipient,
            subject,
            body,
            topic,
        },
        app.clock.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn pending(app: &App) -> i64 {
    let mut conn = app.db.read().await.unwrap();
    outbox::pending_count(&mut conn).await.unwrap()
}

async fn about(app: &App, topic: &str) -> Vec<outbox::MailRecord> {
    let mut conn = app.db.read().await.unwrap();
    outbox::about(&mut conn, topic).await.unwrap()
}

#[tokio::test]
async fn due_mail_reaches_the_smtp_server_once() {
    let (app, _db) = app().await;
    let sink = Sink::start().await.unwrap();
    let config = config(sink.url());
    let now = at(2026, 3, 2, 1, 0);
    app.clock.set(now);

    let plain = "Pengaduan Anda telah diverifikasi.\n\nNomor pengaduan: ADU-2026-000001\n";
    // Non-ASCII, a line longer than 76 characters, and a line that starts with a dot (which
    // SMTP must stuff): the body comes back as written all the same.
    let rich = "Tindak lanjut oleh Dinas Kesehatan — jawaban terlampir.\n\
                .titik di awal baris\n\
                Baris yang sangat panjang sehingga penyandian quoted-printable harus memotongnya \
                dengan jeda lunak sebelum batas tujuh puluh enam karakter per baris.\n";
    enqueue(
        &app,
        "siti.aminah@contoh.id",
        "Pengaduan ADU-2026-000001 diverifikasi",
        plain,
        "test:a",
    )
    .await;
    enqueue(
        &app,
        "dinkes@tarakankota.go.id",
        "Tindak lanjut — Dinas Kesehatan Kota Tarakan",
        rich,
        "test:b",
    )
    .await;
    assert_eq!(pending(&app).await, 2);

    let done = mail::deliver(&app, &config).await.unwrap();
    assert_eq!(done, Delivered { sent: 2, failed: 0 });
    assert_eq!(sink.received().len(), 2);

    let first = sink.one("siti.aminah@contoh.id", "Pengaduan ADU-2026-000001");
    assert_eq!(first.from, FROM);
    assert_eq!(first.recipients, vec!["siti.aminah@contoh.id".to_owned()]);
    assert_eq!(
        first.header("Subject").as_deref(),
        Some("Pengaduan ADU-2026-000001 diverifikasi")
    );
    assert!(first.header("From").unwrap().contains(FROM));
    assert_eq!(first.header("To").as_deref(), Some("siti.aminah@contoh.id"));
    assert_eq!(first.text().trim_end(), plain.trim_end());

    let second = sink.one("dinkes@tarakankota.go.id", "Tindak lanjut");
    assert_eq!(
        second.header("Subject").as_deref(),
        Some("Tindak lanjut — Dinas Kesehatan Kota Tarakan")
    );
    assert_eq!(second.text().trim_end(), rich.trim_end());

    for topic in ["test:a", "test:b"] {
        let rows = about(&app, topic).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].sent_at, Some(now));
        assert_eq!(rows[0].attempts, 1);
        assert_eq!(rows[0].last_error, None);
    }
    assert_eq!(pending(&app).await, 0);

    // Sent mail is not sent again.
    let again = mail::deliver(&app, &config).await.unwrap();
    assert_eq!(again, Delivered::default());
    assert_eq!(sink.received().len(), 2);
}

#[tokio::test]
async fn mail_waits_in_the_outbox_while_the_server_is_down_and_backs_off() {
    let (app, _db) = app().await;
    // A port nobody listens on: bound, then closed.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut config = config(format!("smtp://127.0.0.1:{port}"));
    let t0 = at(2026, 3, 2, 1, 0);
    app.clock.set(t0);
    let body = "Pengaduan baru untuk Kota Tarakan.\n";
    enqueue(
        &app,
        "admin@tarakankota.go.id",
        "Pengaduan baru",
        body,
        "test:down",
    )
    .await;

    // First attempt fails; the message stays, with the attempt and the error recorded.
    let done = mail::deliver(&app, &config).await.unwrap();
    assert_eq!(done, Delivered { sent: 0, failed: 1 });
    assert_eq!(pending(&app).await, 1);
    let row = &about(&app, "test:down").await[0];
    assert_eq!(row.attempts, 1);
    assert!(
        row.last_error.as_deref().is_some_and(|e| !e.is_empty()),
        "{row:?}"
    );
    assert_eq!(row.sent_at, None);

    // Not due again until a minute has passed.
    assert_eq!(
        mail::deliver(&app, &config).await.unwrap(),
        Delivered::default()
    );
    app.clock.set(t0 + Duration::seconds(59));
    assert_eq!(
        mail::deliver(&app, &config).await.unwrap(),
        Delivered::default()
    );
    assert_eq!(about(&app, "test:down").await[0].attempts, 1);

    // Still down a minute later: the second failure waits two minutes.
    app.clock.set(t0 + Duration::minutes(1));
    let done = mail::deliver(&app, &config).await.unwrap();
    assert_eq!(done, Delivered { sent: 0, failed: 1 });
    assert_eq!(about(&app, "test:down").await[0].attempts, 2);
    app.clock.set(t0 + Duration::minutes(2));
    assert_eq!(
        mail::deliver(&app, &config).await.unwrap(),
        Delivered::default()
    );
    assert_eq!(pending(&app).await, 1);

    // The server comes back (on the same port when it is still free).
    let sink = match TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => Sink::on(listener).unwrap(),
        Err(_) => {
            let sink = Sink::start().await.unwrap();
            config.smtp_url = sink.url();
            sink
        }
    };
    let t3 = t0 + Duration::minutes(3);
    app.clock.set(t3);
    let done = mail::deliver(&app, &config).await.unwrap();
    assert_eq!(done, Delivered { sent: 1, failed: 0 });
    assert_eq!(pending(&app).await, 0);
    let row = &about(&app, "test:down").await[0];
    assert_eq!(row.sent_at, Some(t3));
    assert_eq!(row.attempts, 3);
    let received = sink.one("admin@tarakankota.go.id", "Pengaduan baru");
    assert_eq!(received.text().trim_end(), body.trim_end());
    assert_eq!(
        mail::deliver(&app, &config).await.unwrap(),
        Delivered::default()
    );
}

#[tokio::test]
async fn a_filed_complaint_mails_the_reporter_the_number_and_pin_and_escalation_mails_the_province()
{
    let (mut app, _db) = app().await;
    app.public_url = "https://lumbung.contoh.go.id".into();
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .unwrap();
    let mut tx = app.db.begin().await.unwrap();
    lumbung_store::regions::upsert(
        &mut tx,
        &Region::new(RegionCode::parse("65.71").unwrap(), "Kota Tarakan"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    user(
        &app,
        "admin@tarakankota.go.id",
        "regency_admin",
        "65.71",
        None,
    )
    .await;
    user(
        &app,
        "biro.organisasi@kaltaraprov.go.id",
        "province_admin",
        "65",
        None,
    )
    .await;
    let sink = Sink::start().await.unwrap();
    let config = config(sink.url());

    // Monday 2 March 2026, 09:00 in Tarakan (WITA, UTC+8).
    app.clock.set(at(2026, 3, 2, 1, 0));
    let input = ComplaintInput {
        category: "kesehatan".into(),
        tags: vec!["antrean".into()],
        region_code: "65.71".into(),
        subject: "Antrean poli umum RSUD".into(),
        description: "Antrean pendaftaran poli umum sampai tiga jam, petugas loket hanya satu."
            .into(),
        reporter_name: Some("Siti Aminah".into()),
        reporter_email: Some("siti.aminah@contoh.id".into()),
        ..ComplaintInput::default()
    };
    let filed = complaints::file(&app, &input, Vec::new(), &solve(&app).await, "203.0.113.7")
        .await
        .unwrap();
    let number = &filed.tracking_number;
    let topic = format!("complaint:{}", filed.id);
    let queued = about(&app, &topic).await.len();
    assert!(queued >= 2, "reporter and the regency admin: {queued}");

    let done = mail::deliver(&app, &config).await.unwrap();
    assert_eq!(
        done,
        Delivered {
            sent: queued,
            failed: 0
        }
    );
    assert_eq!(sink.received().len(), queued);

    let reporter = sink.one(
        "siti.aminah@contoh.id",
        &format!("Pengaduan {number} diterima"),
    );
    let text = reporter.text();
    assert!(
        text.contains(&format!("Nomor pengaduan: {number}")),
        "{text}"
    );
    assert!(text.contains(&format!("PIN: {}", filed.pin)), "{text}");
    assert!(
        text.contains(&format!(
            "https://lumbung.contoh.go.id/pengaduan/lacak?nomor={number}"
        )),
        "{text}"
    );
    assert!(text.contains("Antrean poli umum RSUD"), "{text}");

    let admin = sink.one(
        "admin@tarakankota.go.id",
        &format!("Pengaduan baru {number}"),
    );
    let text = admin.text();
    assert!(
        text.contains(&format!(
            "https://lumbung.contoh.go.id/kelola/pengaduan/{}",
            filed.id
        )),
        "{text}"
    );
    // The reporter's PIN goes to the reporter only.
    for message in sink.received() {
        if !message
            .recipients
            .contains(&"siti.aminah@contoh.id".to_owned())
        {
            assert!(!message.text().contains(&filed.pin), "{message:?}");
        }
    }

    // A month later nobody has verified it: the job escalates it to Kalimantan Utara, whose
    // admin is mailed.
    app.clock.set(at(2026, 4, 2, 1, 0));
    let escalated = complaints::escalate_overdue(&app).await.unwrap();
    assert_eq!(escalated.len(), 1, "{escalated:?}");
    assert_eq!(escalated[0].stage, Stage::Verification);
    let done = mail::deliver(&app, &config).await.unwrap();
    assert!(done.sent >= 1 && done.failed == 0, "{done:?}");
    let escalation = sink.one(
        "biro.organisasi@kaltaraprov.go.id",
        &format!("Eskalasi pengaduan {number}"),
    );
    assert!(
        escalation.text().contains("melewati batas"),
        "{}",
        escalation.text()
    );
    assert_eq!(pending(&app).await, 0);
}
