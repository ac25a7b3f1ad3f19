//! The public form's challenge: a small sum a person answers and a script that posts blindly
//! does not, plus a hidden field people leave empty. Works without JavaScript.
//!
//! The token carries a nonce and its expiry, signed with a key kept in the database, so a
//! question fetched from one server is answered on another; the two numbers are derived
//! from the signature, so the token does not reveal them. An answered token is spent in
//! the filing's transaction: it is accepted once.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::Serialize;
use sha2::Sha256;

use crate::{App, ServiceResult};
use lumbung_store::{Conn, secrets};

/// How long a question stays answerable.
const VALID_MINUTES: i64 = 120;

/// A question to show, with its token for the hidden field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Challenge {
    pub question: String,
    pub token: String,
}

fn signer(key: &[u8; 32], payload: &str) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(payload.as_bytes());
    Some(mac)
}

fn numbers(signature: &[u8]) -> (u32, u32) {
    let a = signature.first().copied().unwrap_or(0) % 9 + 1;
    let b = signature.get(1).copied().unwrap_or(0) % 9 + 1;
    (u32::from(a), u32::from(b))
}

/// A new question.
pub async fn issue(app: &App) -> ServiceResult<Challenge> {
    let key = app.challenge_key().await?;
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let expires = (app.clock.now() + Duration::minutes(VALID_MINUTES)).timestamp();
    let payload = format!("{}.{expires}", hex::encode(nonce));
    let signature = signer(&key, &payload)
        .map(|mac| mac.finalize().into_bytes().to_vec())
        .unwrap_or_default();
    let (a, b) = numbers(&signature);
    Ok(Challenge {
        question: format!("Berapa {a} + {b}?"),
        token: format!("{payload}.{}", hex::encode(&signature)),
    })
}

/// Checks an answer and, when it is right, spends the token in `conn`'s transaction, so
/// the same token is refused from then on (on any server). The inner error is the message
/// shown beside the field.
pub(crate) async fn check(
    key: &[u8; 32],
    conn: &mut Conn,
    token: &str,
    answer: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Result<(), String>> {
    Ok(match verify(key, token, answer, now) {
        Ok((nonce, expires)) => {
            if secrets::spend_nonce(conn, nonce, expires).await? {
                Ok(())
            } else {
                Err("pertanyaan keamanan ini sudah dipakai; jawab pertanyaan yang baru".into())
            }
        }
        Err(message) => Err(message),
    })
}

/// The token's nonce and expiry when it is ours, unexpired, and answered right.
fn verify<'t>(
    key: &[u8; 32],
    token: &'t str,
    answer: &str,
    now: DateTime<Utc>,
) -> Result<(&'t str, DateTime<Utc>), String> {
    let refused = || "jawaban pertanyaan keamanan salah; jawab pertanyaan yang baru".to_owned();
    let mut parts = token.trim().rsplitn(2, '.');
    let (Some(signature), Some(payload)) = (parts.next(), parts.next()) else {
        return Err(refused());
    };
    let Ok(given) = hex::decode(signature) else {
        return Err(refused());
    };
    // Compare through the MAC's own constant-time check.
    let verifier = signer(key, payload).ok_or_else(refused)?;
    if verifier.verify_slice(&given).is_err() {
        return Err(refused());
    }
    let (nonce, expires) = payload.split_once('.').ok_or_else(refused)?;
    let expires = expires
        .parse::<i64>()
        .ok()
        .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
        .ok_or_else(refused)?;
    if now > expires {
        return Err("pertanyaan keamanan kedaluwarsa; jawab pertanyaan yang baru".into());
    }
    let (a, b) = numbers(&given);
    match answer.trim().parse::<u32>() {
        Ok(sum) if sum == a + b => Ok((nonce, expires)),
        _ => Err(refused()),
    }
}
