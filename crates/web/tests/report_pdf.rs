//! The PDF report of a region's assessment through the API: who may fetch it, and that it
//! is a real PDF.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{add_region, token};
use http_body_util::BodyExt;
use lumbung_store::testing::TestDb;
use tower::ServiceExt;

struct T {
    router: Router,
    regency: String,
    other_regency: String,
    _db: TestDb,
}

async fn setup() -> T {
    let (router, app, db) = common::app().await;
    add_region(&app, "65.01", "Kabupaten Bulungan").await;
    add_region(&app, "65.02", "Kabupaten Malinau").await;
    T {
        regency: token(&app, "bappeda@bulungan.go.id", "regency_admin", "65.01").await,
        other_regency: token(&app, "bappeda@malinau.go.id", "regency_admin", "65.02").await,
        router,
        _db: db,
    }
}

impl T {
    async fn send(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        json: Option<&str>,
    ) -> (StatusCode, header::HeaderMap, Vec<u8>) {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match json {
            Some(json) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_owned())
            }
            None => Body::empty(),
        };
        let response = self
            .router
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, bytes.to_vec())
    }
}

const REPORT: &str = "/api/v1/assessments/65.01/2026/report.pdf";

#[tokio::test]
async fn the_assessment_report_is_a_pdf_for_those_who_may_see_it() {
    let t = setup().await;
    let (status, _, body) = t
        .send(
            "PUT",
            "/api/v1/assessments/65.01/2026/answers/1",
            Some(&t.regency),
            Some(r#"{"level": 3}"#),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));

    let (status, headers, body) = t.send("GET", REPORT, Some(&t.regency), None).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"indeks-65.01-2026.pdf\""
    );
    assert!(body.starts_with(b"%PDF-"));
    assert!(body.len() > 1024, "{} bytes", body.len());

    let (status, _, _) = t.send("GET", REPORT, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, _, _) = t.send("GET", REPORT, Some(&t.other_regency), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
