//! The public form's challenge: a small sum a person answers and a script that posts blindly
//! does not, plus a hidden field people leave empty. Works without JavaScript.
//!
//! The token carries a nonce and its expiry, signed with the process's key; the two numbers
//! are derived from the signature, so the token does not reveal them. A restart voids open
//! tokens: the form then asks a new question and keeps what was typed.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::Serialize;
use sha2::Sha256;

use crate::App;

/// How long a question stays answerable.
const VALID_MINUTES: i64 = 120;

/// A question to show, with its token for the hidden field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Challenge {
    pub question: String,
    pub token: String,
}

fn mac(app: &App, payload: &str) -> Option<Vec<u8>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(app.challenge_key.as_ref()).ok()?;
    mac.update(payload.as_bytes());
    Some(mac.finalize().into_bytes().to_vec())
}

fn numbers(signature: &[u8]) -> (u32, u32) {
    let a = signature.first().copied().unwrap_or(0) % 9 + 1;
    let b = signature.get(1).copied().unwrap_or(0) % 9 + 1;
    (u32::from(a), u32::from(b))
}

/// A new question.
pub fn issue(app: &App) -> Challenge {
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let expires = (app.clock.now() + Duration::minutes(VALID_MINUTES)).timestamp();
    let payload = format!("{}.{expires}", hex::encode(nonce));
    let signature = mac(app, &payload).unwrap_or_default();
    let (a, b) = numbers(&signature);
    Challenge {
        question: format!("Berapa {a} + {b}?"),
        token: format!("{payload}.{}", hex::encode(&signature)),
    }
}

/// Checks an answer. The message is shown beside the field.
pub fn check(app: &App, token: &str, answer: &str, now: DateTime<Utc>) -> Result<(), String> {
    let refused = || "jawaban pertanyaan keamanan salah; jawab pertanyaan yang baru".to_owned();
    let mut parts = token.trim().rsplitn(2, '.');
    let (Some(signature), Some(payload)) = (parts.next(), parts.next()) else {
        return Err(refused());
    };
    let expected = mac(app, payload).ok_or_else(refused)?;
    let Ok(given) = hex::decode(signature) else {
        return Err(refused());
    };
    // Compare through the MAC's own constant-time check.
    let mut verifier =
        Hmac::<Sha256>::new_from_slice(app.challenge_key.as_ref()).map_err(|_| refused())?;
    verifier.update(payload.as_bytes());
    if verifier.verify_slice(&given).is_err() {
        return Err(refused());
    }
    let expires: i64 = payload
        .rsplit('.')
        .next()
        .and_then(|text| text.parse().ok())
        .ok_or_else(refused)?;
    if now.timestamp() > expires {
        return Err("pertanyaan keamanan kedaluwarsa; jawab pertanyaan yang baru".into());
    }
    let (a, b) = numbers(&expected);
    match answer.trim().parse::<u32>() {
        Ok(sum) if sum == a + b => Ok(()),
        _ => Err(refused()),
    }
}
