//! Who is calling: a session cookie, an API token, or nobody.
//!
//! A state-changing request authenticated by cookie must come from our own origin (the
//! `Origin` header's host equals `Host`, or `Sec-Fetch-Site: same-origin`); HTML forms carry a
//! CSRF token as well. Bearer-token requests need neither: no browser sends them by itself.

use std::net::IpAddr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use lumbung_service::{Caller, ServiceError, auth};

use crate::error::ApiError;
use crate::i18n::Reader;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "lumbung_session";

/// How the caller proved who they are.
#[derive(Debug, Clone)]
pub enum Via {
    Anonymous,
    Session { secret: String, csrf_token: String },
    Bearer,
}

/// The caller of a request; anonymous when nothing identifies them.
#[derive(Debug, Clone)]
pub struct Auth {
    pub caller: Caller,
    pub via: Via,
    /// The language they read in and the page they are on, signed in or not.
    pub reader: Reader,
}

impl Auth {
    /// The caller, or 401 when nobody is signed in.
    pub fn signed_in(&self) -> Result<&Caller, ApiError> {
        if self.caller.is_signed_in() {
            Ok(&self.caller)
        } else {
            Err(ApiError(ServiceError::Unauthenticated))
        }
    }

    pub fn csrf_token(&self) -> Option<&str> {
        match &self.via {
            Via::Session { csrf_token, .. } => Some(csrf_token),
            _ => None,
        }
    }

    /// Checks the CSRF token an HTML form sent.
    pub fn check_csrf(&self, sent: &str) -> Result<(), ApiError> {
        match self.csrf_token() {
            Some(expected) if constant_time_eq(expected.as_bytes(), sent.as_bytes()) => Ok(()),
            _ => Err(ApiError(ServiceError::Forbidden(
                "formulir kedaluwarsa; muat ulang halaman lalu coba lagi".into(),
            ))),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of a cookie in the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Whether a cookie-authenticated request comes from our own pages.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let header_text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if header_text("sec-fetch-site") == Some("same-origin") {
        return true;
    }
    match (header_text("origin"), header_text("host")) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .map(|(_, rest)| rest.trim_end_matches('/'))
            .is_some_and(|origin_host| origin_host.eq_ignore_ascii_case(host)),
        _ => false,
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // Already found by the API's body limit, which authenticates before the body is read.
        if let Some(auth) = parts.extensions.get::<Auth>() {
            return Ok(auth.clone());
        }
        let reader = Reader::from_parts(parts);
        if let Some(token) = bearer_token(&parts.headers) {
            return match auth::bearer(state.app(), token).await? {
                Some(caller) => Ok(Auth {
                    caller,
                    via: Via::Bearer,
                    reader,
                }),
                None => Err(ApiError(ServiceError::Unauthenticated)),
            };
        }
        if let Some(secret) = cookie(&parts.headers, SESSION_COOKIE)
            && let Some((caller, csrf_token)) = auth::session(state.app(), &secret).await?
        {
            if !is_safe(&parts.method) && !same_origin(&parts.headers) {
                return Err(ApiError(ServiceError::Forbidden(
                    "permintaan dari asal lain ditolak".into(),
                )));
            }
            return Ok(Auth {
                caller,
                via: Via::Session { secret, csrf_token },
                reader,
            });
        }
        Ok(Auth {
            caller: Caller::anonymous(),
            via: Via::Anonymous,
            reader,
        })
    }
}

/// The `Set-Cookie` value that starts a session.
pub fn session_cookie(secret: &str, secure: bool) -> Option<HeaderValue> {
    let max_age = auth::SESSION_HOURS * 3600;
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .ok()
}

/// The `Set-Cookie` value that ends a session.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("lumbung_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// What a request presented to say who it is, kept by the router so that its record of a
/// refusal can name the account (looked up only for a refusal).
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    bearer: Option<String>,
    session: Option<String>,
}

impl Credentials {
    pub fn of(headers: &HeaderMap) -> Credentials {
        Credentials {
            bearer: bearer_token(headers).map(str::to_owned),
            session: cookie(headers, SESSION_COOKIE),
        }
    }

    /// Whether the request carried a token or a session cookie (valid or not).
    pub fn presented(&self) -> bool {
        self.bearer.is_some() || self.session.is_some()
    }

    /// The e-mail address of the account the credentials belong to, if they are valid.
    pub async fn account(&self, app: &lumbung_service::App) -> Option<String> {
        let caller = if let Some(token) = &self.bearer {
            auth::bearer(app, token).await.ok().flatten()
        } else if let Some(secret) = &self.session {
            auth::session(app, secret)
                .await
                .ok()
                .flatten()
                .map(|(caller, _)| caller)
        } else {
            None
        };
        caller
            .filter(Caller::is_signed_in)
            .map(|caller| caller.label)
    }
}

/// The client's address as this server believes it, set on every request by the router
/// (see [`client_address`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// The client's address for rate limiting.
pub fn client_key(parts_ext: &axum::http::Extensions) -> String {
    parts_ext
        .get::<ClientAddr>()
        .map(|addr| addr.0)
        .or_else(|| {
            parts_ext
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip())
        })
        .map_or_else(|| "unknown".into(), |ip| ip.to_string())
}

/// Who is on the other end: the connection's peer, unless the peer is a trusted proxy; then
/// the nearest address in `Forwarded` (or else `X-Forwarded-For`) that is not one of the
/// trusted proxies, read from the right, because only the hops our proxies added are true.
/// An address a client wrote itself, to the left, is never reached while a proxy we do
/// not trust stands between.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all(header::FORWARDED)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                name.eq_ignore_ascii_case("for").then_some(value)
            })
        })
        .collect();
    let hops: Vec<&str> = if forwarded.is_empty() {
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect()
    } else {
        forwarded
    };
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Some(ip) = parse_hop(hop) else {
            // An unknown or obfuscated hop: the last address we can vouch for stands.
            break;
        };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

/// An address as proxies write it: `203.0.113.7`, `203.0.113.7:4711`, `"[2001:db8::1]:80"`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim().trim_matches('"');
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Ok(socket) = hop.parse::<std::net::SocketAddr>() {
        return Some(socket.ip());
    }
    hop.strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(ip, _)| ip.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn h3_forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let ip = |text: &str| text.parse::<IpAddr>().unwrap();
        let with = |name: &'static str, value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.append(name, HeaderValue::from_static(value));
            headers
        };
        // A direct client's own header is ignored.
        let spoofed = with("x-forwarded-for", "198.51.100.1");
        assert_eq!(
            client_address(ip("203.0.113.7"), &spoofed, &trusted),
            ip("203.0.113.7")
        );
        // Behind our balancer, the address it saw; a forged address to its left is not read.
        let forged = with("x-forwarded-for", "198.51.100.1, 203.0.113.7");
        assert_eq!(
            client_address(ip("10.0.0.5"), &forged, &trusted),
            ip("203.0.113.7")
        );
        // Two of our proxies in a row are both skipped.
        let chain = with("x-forwarded-for", "203.0.113.7, 10.0.0.9");
        assert_eq!(
            client_address(ip("10.0.0.5"), &chain, &trusted),
            ip("203.0.113.7")
        );
        // RFC 7239 `Forwarded`, with a port and IPv6 in brackets.
        let standard = with(
            "forwarded",
            "for=198.51.100.1, for=\"[2001:db8::7]:4711\";proto=https",
        );
        assert_eq!(
            client_address(ip("10.0.0.5"), &standard, &trusted),
            ip("2001:db8::7")
        );
        // Nothing forwarded, or nonsense: the proxy itself.
        assert_eq!(
            client_address(ip("10.0.0.5"), &HeaderMap::new(), &trusted),
            ip("10.0.0.5")
        );
        let junk = with("x-forwarded-for", "unknown");
        assert_eq!(
            client_address(ip("10.0.0.5"), &junk, &trusted),
            ip("10.0.0.5")
        );
        // No trusted proxies (the default): always the peer.
        assert_eq!(client_address(ip("10.0.0.5"), &forged, &[]), ip("10.0.0.5"));
    }

    #[test]
    fn reads_cookies_and_origins() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; lumbung_session=abc"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("abc"));
        headers.insert(header::HOST, HeaderValue::from_static("localhost:8080"));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://localhost:8080"),
        );
        assert!(same_origin(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!same_origin(&headers));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
    }
}
