//! The file-storage suite on a real S3 API server. Built only with the `s3-tests` feature and
//! run by `.ci/run`, which starts the server and creates the bucket; without
//! `LUMBUNG_TEST_S3_ENDPOINT` it fails rather than passing untested.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "blobs.rs"]
mod blobs;

use lumbung_store::{Blobs, S3Config};

#[tokio::test]
async fn s3_bucket() {
    let endpoint = std::env::var("LUMBUNG_TEST_S3_ENDPOINT")
        .expect("LUMBUNG_TEST_S3_ENDPOINT must name a running S3 API server (see .ci/run)");
    let bucket = std::env::var("LUMBUNG_TEST_S3_BUCKET")
        .expect("LUMBUNG_TEST_S3_BUCKET must name an existing bucket (see .ci/run)");
    let store = Blobs::s3(&S3Config {
        bucket,
        endpoint: Some(endpoint),
        region: "us-east-1".into(),
        access_key_id: "testing".into(),
        secret_access_key: "testing".into(),
        allow_http: true,
    })
    .unwrap();
    blobs::conformance(&store).await;
}
