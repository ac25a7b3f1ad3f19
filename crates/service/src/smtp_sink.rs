//! A small SMTP server that keeps every message it is sent, with its envelope: enough of
//! RFC 5321 for lettre (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), no TLS, no auth.
//! The outbox tests check delivery against it as a mail server sees it, and
//! `lumbung bench --what surge` counts each notification arriving once by its `Message-ID`.
//! Not for production: it accepts anything from anyone and keeps it in memory.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::{TcpListener, TcpStream};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope: `MAIL FROM` and every `RCPT TO`.
    pub from: String,
    pub recipients: Vec<String>,
    /// The message as sent after `DATA`, dot-stuffing undone, lines ending in CRLF.
    pub data: String,
}

impl Received {
    /// The header block and the body.
    pub fn head_and_body(&self) -> (&str, &str) {
        self.data
            .split_once("\r\n\r\n")
            .unwrap_or((self.data.as_str(), ""))
    }

    /// A header's value as sent, unfolded and trimmed; encoded words are left as they are.
    pub fn raw_header(&self, name: &str) -> Option<String> {
        let (head, _) = self.head_and_body();
        let mut fields: Vec<String> = Vec::new();
        for line in head.split("\r\n") {
            match fields.last_mut() {
                Some(field) if line.starts_with([' ', '\t']) => field.push_str(line),
                _ => fields.push(line.to_owned()),
            }
        }
        fields.iter().find_map(|field| {
            let (key, value) = field.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }

    /// The `Message-ID` without its angle brackets.
    pub fn message_id(&self) -> Option<String> {
        self.raw_header("Message-ID").map(|id| {
            id.trim_start_matches('<')
                .trim_end_matches('>')
                .trim()
                .to_owned()
        })
    }
}

/// A local SMTP server capturing what it is sent. Stops accepting when dropped.
pub struct Sink {
    port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Sink {
    /// A sink on a free port of 127.0.0.1.
    pub async fn start() -> std::io::Result<Sink> {
        Sink::on(TcpListener::bind("127.0.0.1:0").await?)
    }

    /// A sink on a listener the caller bound (a given port, say).
    pub fn on(listener: TcpListener) -> std::io::Result<Sink> {
        let port = listener.local_addr()?.port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let captured = Arc::clone(&received);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, Arc::clone(&captured)));
            }
        });
        Ok(Sink {
            port,
            received,
            task,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `smtp://127.0.0.1:PORT`, for `LUMBUNG_SMTP_URL` or a `MailConfig`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in the order they arrived.
    pub fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn read_line(reader: &mut BufReader<OwnedReadHalf>) -> Option<String> {
    let mut line = Vec::new();
    match reader.read_until(b'\n', &mut line).await {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(
            String::from_utf8_lossy(&line)
                .trim_end_matches(['\r', '\n'])
                .to_owned(),
        ),
    }
}

/// `<address>` out of `MAIL FROM:<a@b> BODY=8BITMIME` or `RCPT TO:<a@b>`.
fn address(command: &str) -> String {
    command
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(address, _)| address.to_owned())
        .unwrap_or_default()
}

/// One SMTP session: greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. A recipient
/// whose address starts with `tolak.` is refused for good (550), one starting with `tunda.`
/// deferred (451). A message is
/// kept once the client has sent its final dot, before the server answers 250: a client
/// that then loses the answer may send it again, which is what a real server would see too.
async fn session(stream: TcpStream, received: Arc<Mutex<Vec<Received>>>) -> std::io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    writer
        .write_all(b"220 sink.lumbung.test ESMTP siap\r\n")
        .await?;
    let mut from: Option<String> = None;
    let mut recipients: Vec<String> = Vec::new();
    while let Some(line) = read_line(&mut reader).await {
        let verb = line
            .split([' ', ':'])
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink.lumbung.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n",
            "HELO" => b"250 sink.lumbung.test\r\n",
            "MAIL" => {
                from = Some(address(&line));
                recipients.clear();
                b"250 2.1.0 OK\r\n"
            }
            "RCPT" if from.is_none() => b"503 5.5.1 MAIL first\r\n",
            // Error answers on request, so tests see both kinds a real server gives.
            "RCPT" if address(&line).starts_with("tolak.") => b"550 5.1.1 Mailbox unavailable\r\n",
            "RCPT" if address(&line).starts_with("tunda.") => b"451 4.3.0 Try again later\r\n",
            "RCPT" => {
                recipients.push(address(&line));
                b"250 2.1.5 OK\r\n"
            }
            "DATA" if recipients.is_empty() => b"503 5.5.1 RCPT first\r\n",
            "DATA" => {
                writer
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut data = String::new();
                loop {
                    let Some(line) = read_line(&mut reader).await else {
                        return Ok(());
                    };
                    if line == "." {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    data.push_str("\r\n");
                }
                received
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(Received {
                        from: from.take().unwrap_or_default(),
                        recipients: std::mem::take(&mut recipients),
                        data,
                    });
                b"250 2.0.0 OK queued\r\n"
            }
            "RSET" => {
                from = None;
                recipients.clear();
                b"250 2.0.0 OK\r\n"
            }
            "NOOP" => b"250 2.0.0 OK\r\n",
            "QUIT" => {
                writer.write_all(b"221 2.0.0 Bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 5.5.2 Command not recognised\r\n",
        };
        writer.write_all(reply).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_unfolded_headers_and_the_message_id() {
        let message = Received {
            from: "a@b".into(),
            recipients: vec!["c@d".into()],
            data: "Subject: Satu\r\n dua\r\nMessage-ID: <0190-ab@lumbung>\r\n\r\nIsi\r\n".into(),
        };
        assert_eq!(message.raw_header("subject").as_deref(), Some("Satu dua"));
        assert_eq!(message.message_id().as_deref(), Some("0190-ab@lumbung"));
        assert_eq!(message.head_and_body().1, "Isi\r\n");
        assert_eq!(address("MAIL FROM:<x@y> BODY=8BITMIME"), "x@y");
    }
}
