//! The security review's findings at the HTTP edge (issue 16), each test named after one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{get, send};
use lumbung_web::{AppState, WebConfig};
use serde_json::Value;

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
