//! What a load balancer and a client see of a server sharing its database: `/healthz` with
//! the set-up's warnings, and a busy database answered 503 with `Retry-After`, nothing
//! changed, instead of an internal error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use lumbung_service::domain::agency::AgencyKind;
use lumbung_service::domain::region::RegionCode;
use lumbung_store::agencies::{self, NewAgency};
use serde_json::{Value, json};
use tower::ServiceExt;

async fn send(
    router: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, header::HeaderMap, Value) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn healthz_names_the_set_up_and_its_jobs() {
    let (router, app, _db) = common::app().await;
    lumbung_service::jobs::clean_up(&app, chrono::Duration::hours(1))
        .await
        .unwrap()
        .expect("nobody else holds the clean-up");
    let (status, _, health) = send(
        &router,
        Request::get("/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["status"], "ok");
    assert_eq!(health["files"], "local");
    let postgres = std::env::var(lumbung_store::testing::POSTGRES_ENV).is_ok();
    assert_eq!(
        health["database"],
        if postgres { "postgres" } else { "sqlite" }
    );
    let warnings = health["warnings"].as_array().unwrap();
    // Local files are only a problem when several servers can share the database.
    if postgres {
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].as_str().unwrap().contains("LUMBUNG_S3_BUCKET"));
    } else {
        assert!(warnings.is_empty(), "{warnings:?}");
    }
    let jobs = health["jobs"].as_array().unwrap();
    let clean_up = jobs.iter().find(|job| job["name"] == "clean_up").unwrap();
    assert_eq!(clean_up["runs"], 1);
    assert_eq!(clean_up["holder"], Value::Null);
}

#[tokio::test]
async fn a_write_that_cannot_get_the_database_in_time_is_answered_503_with_retry_after() {
    let (router, app, _db) = common::app().await;
    common::add_region(&app, "65.71", "Kota Tarakan").await;
    let token = common::token(&app, "admin@kaltaraprov.go.id", "province_admin", "65").await;
    // Another writer holds the database: on SQLite the write lock, on PostgreSQL the very
    // row the request will need (the same agency, not yet committed).
    let mut held = app.db.begin().await.unwrap();
    agencies::insert(
        &mut held,
        &NewAgency {
            region_code: &RegionCode::parse("65.71").unwrap(),
            name: "Dinas Kesehatan",
            kind: AgencyKind::RegionalAgency,
            is_demo: false,
        },
    )
    .await
    .unwrap();

    let create_agency = || {
        Request::post("/api/v1/agencies")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"region": "65.71", "name": "Dinas Kesehatan"}).to_string(),
            ))
            .unwrap()
    };
    let asked = Instant::now();
    let (status, headers, body) = send(&router, create_agency()).await;
    let waited = asked.elapsed();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "busy");
    assert!(
        !body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("database"),
        "no internal text reaches the user: {body}"
    );
    assert_eq!(headers.get(header::RETRY_AFTER).unwrap(), "2");
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    drop(held);

    // Retried once the other writer is gone, it goes through; the busy answer changed nothing.
    let (status, _, body) = send(&router, create_agency()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}
