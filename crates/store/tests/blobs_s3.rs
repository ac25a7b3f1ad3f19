//! The file-storage suite on a real S3 API server. Built only with the `s3-tests` feature and
//! run by `.ci/run`, which starts the server and creates the bucket; without
//! `LUMBUNG_TEST_S3_ENDPOINT` it fails rather than passing untested.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "blobs.rs"]
mod blobs;

#[tokio::test]
async fn s3_bucket() {
    let store = lumbung_store::testing::s3_bucket().unwrap();
    blobs::conformance(&store).await;
}
