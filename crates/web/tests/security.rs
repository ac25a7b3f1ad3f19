//! The security review's findings at the HTTP edge (issue 16), each test named after one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{get, send};
use lumbung_web::{AppState, WebConfig};
use serde_json::Value;

/// `request` as if it came from `client`.
fn from_address(mut request: Request<Body>, client: [u8; 4]) -> Request<Body> {
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            client, 5000,
        ))));
    request
}

/// A public index calculation from `client`.
fn evaluate_from(client: [u8; 4]) -> Request<Body> {
    let request = Request::builder()
        .method("POST")
        .uri("/api/v1/index/evaluate")
        .header(header::HOST, common::HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"year": 2026}"#))
        .unwrap();
    from_address(request, client)
}

/// The audit log's entries about `entity` (and `id`, when given), newest first.
async fn logged(
    app: &lumbung_service::App,
    entity: &str,
    id: Option<&str>,
) -> lumbung_store::Page<lumbung_store::audit::AuditEntry> {
    lumbung_service::audit::list(
        app,
        &lumbung_service::Caller::system(),
        &lumbung_store::audit::AuditFilter {
            entity: Some(entity.into()),
            entity_id: id.map(str::to_owned),
        },
        lumbung_store::Paging::new(Some(1), Some(10)),
    )
    .await
    .unwrap()
}

fn json(page: &common::Page) -> Value {
    serde_json::from_str(&page.html).unwrap_or(Value::Null)
}

#[tokio::test]
async fn low_bare_errors_get_the_products_shape_with_413_for_oversized_bodies() {
    let (_, app, _db) = common::app().await;
    let router = lumbung_web::router(AppState::new(
        app.clone(),
        WebConfig {
            max_upload_bytes: 4 * 1024,
            ..WebConfig::default()
        },
    ));
    // A path that does not parse: the JSON error shape, not axum's text.
    let bad_path = send(&router, get("/api/v1/innovations/bukan-uuid", None)).await;
    assert_eq!(bad_path.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        json(&bad_path)["error"]["code"],
        "bad_request",
        "{}",
        bad_path.html
    );

    // A method the route does not take: 405 with a body, and `Allow` kept.
    let request = Request::builder()
        .method("DELETE")
        .uri("/api/v1/innovations")
        .header(header::HOST, common::HOST)
        .body(Body::empty())
        .unwrap();
    let not_allowed = send(&router, request).await;
    assert_eq!(not_allowed.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(json(&not_allowed)["error"]["code"], "method_not_allowed");
    assert!(!not_allowed.header(header::ALLOW).is_empty());
    let request = Request::builder()
        .method("DELETE")
        .uri("/masuk")
        .header(header::HOST, common::HOST)
        .body(Body::empty())
        .unwrap();
    let page = send(&router, request).await;
    assert_eq!(page.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(page.html.contains("tidak didukung"), "{}", page.html);

    // A JSON body over the limit: 413, not 400.
    let big = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(8 * 1024)
    );
    let request = Request::builder()
        .method("POST")
        .uri("/api/v1/session")
        .header(header::HOST, common::HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(big))
        .unwrap();
    let too_large = send(&router, request).await;
    assert_eq!(
        too_large.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        too_large.html
    );
    assert_eq!(json(&too_large)["error"]["code"], "too_large");
}

#[tokio::test]
async fn low_signed_in_answers_are_never_stored_and_hsts_follows_secure_cookies() {
    let (router, app, _db) = common::app().await;
    common::add_user(&app, "admin@kaltaraprov.go.id", "province_admin", "65").await;
    let cookie = common::sign_in(&router, "admin@kaltaraprov.go.id").await;
    let signed_in = send(&router, get("/kelola/inovasi", Some(&cookie))).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert_eq!(signed_in.header(header::CACHE_CONTROL), "no-store");
    let api = send(&router, get("/api/v1/regions", None)).await;
    assert_eq!(api.header(header::CACHE_CONTROL), "no-store");
    // A public page for nobody in particular may be revalidated; the stylesheet cached.
    let public = send(&router, get("/inovasi", None)).await;
    assert_eq!(public.header(header::CACHE_CONTROL), "private, no-cache");
    assert!(
        public
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none()
    );

    let secure = lumbung_web::router(AppState::new(
        app.clone(),
        WebConfig {
            secure_cookies: true,
            ..WebConfig::default()
        },
    ));
    let page = send(&secure, get("/", None)).await;
    assert!(
        page.header(header::STRICT_TRANSPORT_SECURITY)
            .starts_with("max-age=")
    );
}

#[tokio::test]
async fn m10_an_anonymous_body_is_refused_before_it_is_read_and_a_signed_in_one_is_not() {
    let (router, app, _db) = common::app().await;
    let token = common::token(&app, "admin@kaltaraprov.go.id", "province_admin", "65").await;
    let upload = |token: Option<&str>, declared: Option<usize>, bytes: Vec<u8>| {
        let mut request = Request::builder()
            .method("POST")
            .uri("/api/v1/imports/innovations")
            .header(header::HOST, common::HOST)
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(length) = declared {
            request = request.header(header::CONTENT_LENGTH, length);
        }
        request.body(Body::from(bytes)).unwrap()
    };
    // Sixty megabytes announced by nobody: refused on the header, nothing read.
    let refused = send(&router, upload(None, Some(60 * 1024 * 1024), Vec::new())).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json(&refused)["error"]["code"], "too_large");
    // The same to a route that takes no anonymous body: refused before reading it.
    let anonymous = send(&router, upload(None, None, vec![b'a'; 1024 * 1024])).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    // A megabyte streamed without a length to a public route: cut off at the anonymous
    // limit as it arrives.
    let mut filing = String::from("{\"subject\": \"");
    filing.push_str(&"a".repeat(1024 * 1024));
    filing.push_str("\"}");
    let request = Request::builder()
        .method("POST")
        .uri("/api/v1/complaints")
        .header(header::HOST, common::HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(futures::stream::iter(
            filing
                .into_bytes()
                .chunks(64 * 1024)
                .map(|chunk| Ok::<_, std::io::Error>(chunk.to_vec()))
                .collect::<Vec<_>>(),
        )))
        .unwrap();
    let streamed = send(&router, request).await;
    assert_eq!(
        streamed.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        streamed.html
    );
    // The same megabyte from a signed-in admin is read (and refused for what it is).
    let bytes = b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
        .iter()
        .copied()
        .chain(std::iter::repeat_n(b'\x00', 1024 * 1024))
        .chain(b"\r\n--x--\r\n".iter().copied())
        .collect::<Vec<u8>>();
    let read = send(&router, upload(Some(&token), Some(bytes.len()), bytes)).await;
    assert_ne!(read.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", read.html);
    assert!(read.status.is_client_error());
}

#[tokio::test]
async fn m10_the_anonymous_index_calculator_is_limited_per_address() {
    let (router, _app, _db) = common::app().await;
    for n in 0..60 {
        let page = send(&router, evaluate_from([198, 51, 100, 1])).await;
        assert_eq!(page.status, StatusCode::OK, "{n}: {}", page.html);
    }
    let limited = send(&router, evaluate_from([198, 51, 100, 1])).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let other = send(&router, evaluate_from([198, 51, 100, 2])).await;
    assert_eq!(
        other.status,
        StatusCode::OK,
        "another address is not held back"
    );
}

#[tokio::test]
async fn m11_refusals_are_on_record_with_address_and_account_once_a_minute() {
    let (router, app, _db) = common::app().await;
    let verifier = common::token(&app, "verif@kaltaraprov.go.id", "verifier", "65").await;
    let from = |token: Option<&str>, uri: &str| {
        let mut request = Request::builder()
            .method("POST")
            .uri(uri)
            .header(header::HOST, common::HOST)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = r#"{"region": "65", "name": "Dinas Perpustakaan dan Kearsipan"}"#;
        from_address(request.body(Body::from(body)).unwrap(), [203, 0, 113, 44])
    };
    // Anonymous, three times in a row: one record.
    for _ in 0..3 {
        let page = send(&router, from(None, "/api/v1/agencies")).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    // A signed-in verifier creating an agency: forbidden, on record with the account.
    let page = send(&router, from(Some(&verifier), "/api/v1/agencies")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.html);
    let log = logged(&app, "request", None).await;
    let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["forbidden", "unauthenticated"], "{:?}", log.items);
    assert_eq!(log.items[0].changes["client"], "203.0.113.44");
    assert_eq!(log.items[0].changes["account"], "verif@kaltaraprov.go.id");
    assert_eq!(log.items[1].entity_id, "/api/v1/agencies");

    // A limit hit is on record too, whichever limit: here the public calculator's.
    let mut last = StatusCode::OK;
    for _ in 0..61 {
        last = send(&router, evaluate_from([203, 0, 113, 44])).await.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // Once, by the limit that answered, with its name; not a second time by the router.
    let limit = logged(&app, "calculator", Some("203.0.113.44")).await;
    assert_eq!(limit.total, 1);
    assert_eq!(limit.items[0].action, "rate_limited");
    assert_eq!(
        logged(&app, "request", Some("/api/v1/index/evaluate"))
            .await
            .total,
        0
    );
}

#[tokio::test]
async fn m11_a_page_refused_to_a_signed_in_person_is_on_record_with_the_account() {
    let (router, app, _db) = common::app().await;
    common::add_user(&app, "admin@kaltaraprov.go.id", "province_admin", "65").await;
    let cookie = common::sign_in(&router, "admin@kaltaraprov.go.id").await;
    // An admin is no verifier: the evidence queue is not his.
    let request = Request::builder()
        .uri("/kelola/verifikasi?wilayah=65&tahun=2026")
        .header(header::HOST, common::HOST)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let page = send(&router, from_address(request, [203, 0, 113, 45])).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.html);
    let log = logged(&app, "request", Some("/kelola/verifikasi")).await;
    assert_eq!(log.total, 1, "{:?}", log.items);
    assert_eq!(log.items[0].action, "forbidden");
    assert_eq!(log.items[0].changes["account"], "admin@kaltaraprov.go.id");
    assert_eq!(log.items[0].changes["client"], "203.0.113.45");
}
