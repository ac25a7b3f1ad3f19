//! Evidence through the whole application with its files on a real S3 API server: uploaded
//! by a regency, served back to its verifier. Built only with the `s3-tests` feature and run
//! by `.ci/run`, which starts the server and creates the bucket; without
//! `LUMBUNG_TEST_S3_ENDPOINT` it fails rather than passing untested.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use lumbung_service::assessments::{self, EvidenceInput, Subject, Target};
use lumbung_service::{App, Caller};
use lumbung_store::testing::fresh_db;
use lumbung_web::{AppState, WebConfig};

#[tokio::test]
async fn evidence_files_live_in_the_s3_bucket() {
    let blobs = lumbung_store::testing::s3_bucket().unwrap();
    let db = fresh_db().await.unwrap();
    // The application's only file store is the bucket.
    let app = App::new(db.db.clone(), blobs.clone());
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .unwrap();
    common::add_region(&app, "65.01", "Kabupaten Bulungan").await;
    common::add_user(&app, "verifikator@kaltaraprov.go.id", "verifier", "65").await;
    let router = lumbung_web::router(AppState::new(app.clone(), WebConfig::default()));

    let pdf = b"%PDF-1.7\n1 0 obj\n<< /Title (Perbup Inovasi) >>\nendobj\n".to_vec();
    let target = Target {
        region: "65.01",
        year: 2026,
        subject: Subject::Region,
        indicator: "1",
    };
    assessments::answer(&app, &Caller::system(), &target, 3, None)
        .await
        .unwrap();
    let id = assessments::add_evidence(
        &app,
        &Caller::system(),
        &target,
        &EvidenceInput {
            file: Some(("perbup-inovasi.pdf".into(), pdf.clone())),
            letter_number: Some("800/12/BAPPEDA".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();

    let cookie = common::sign_in(&router, "verifikator@kaltaraprov.go.id").await;
    let page = common::send(
        &router,
        common::get(&format!("/api/v1/evidence/{id}/file"), Some(&cookie)),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert_eq!(page.html.as_bytes(), pdf.as_slice());
    assert_eq!(
        page.header(axum::http::header::CONTENT_TYPE),
        "application/pdf"
    );

    // To the public the file does not exist, and its bytes are not served.
    let refused = common::send(
        &router,
        common::get(&format!("/api/v1/evidence/{id}/file"), None),
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(!refused.html.contains("%PDF"));
}
