//! The file-storage suite: the same checks on a local directory (always) and on a real S3 API
//! server (`blobs_s3`, built only with the `s3-tests` feature; `.ci/run` starts the server).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lumbung_store::{Blobs, StoreError};
use uuid::Uuid;

/// A small but real PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n\
trailer << /Root 1 0 R >>\n%%EOF\n";

/// Everything a backend must do alike. Keys are fresh on every run, so a shared bucket
/// holding files of earlier runs does not matter.
pub async fn conformance(blobs: &Blobs) {
    // A PDF goes in and comes back byte for byte.
    let key = Blobs::key_for("evidence", Uuid::now_v7(), "pdf");
    assert!(key.starts_with("evidence/20"), "{key}");
    assert!(!blobs.exists(&key).await.unwrap());
    assert!(matches!(blobs.get(&key).await, Err(StoreError::NotFound)));
    blobs.put(&key, PDF.to_vec()).await.unwrap();
    assert!(blobs.exists(&key).await.unwrap());
    assert_eq!(blobs.get(&key).await.unwrap(), PDF);

    // Clones share the store.
    let other = blobs.clone();
    assert_eq!(other.get(&key).await.unwrap(), PDF);

    // Putting again replaces.
    let replaced = [PDF, b"% appended\n"].concat();
    blobs.put(&key, replaced.clone()).await.unwrap();
    assert_eq!(blobs.get(&key).await.unwrap(), replaced);

    // Deleted means gone; deleting again is fine.
    blobs.delete(&key).await.unwrap();
    assert!(!blobs.exists(&key).await.unwrap());
    assert!(matches!(blobs.get(&key).await, Err(StoreError::NotFound)));
    blobs.delete(&key).await.unwrap();

    // A 5 MB picture, with content that shows any reordering or truncation.
    let big_key = Blobs::key_for("evidence", Uuid::now_v7(), "png");
    let mut big: Vec<u8> = (0..5 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    big[..8].copy_from_slice(b"\x89PNG\r\n\x1a\n");
    blobs.put(&big_key, big.clone()).await.unwrap();
    let back = blobs.get(&big_key).await.unwrap();
    assert_eq!(back.len(), big.len());
    assert!(back == big, "5 MB object came back different");
    blobs.delete(&big_key).await.unwrap();
    assert!(!blobs.exists(&big_key).await.unwrap());

    // An upload waits at its staging key until its row has committed, and is already
    // readable there; published, it moves to its key.
    let kept = Blobs::key_for("evidence", Uuid::now_v7(), "pdf");
    let staging = |key: &str| format!("tmp/{key}");
    let staged = blobs.stage(&kept, PDF.to_vec()).await.unwrap();
    assert_eq!(staged.key(), kept);
    assert!(!blobs.exists(&kept).await.unwrap());
    assert_eq!(blobs.get(&kept).await.unwrap(), PDF);
    staged.publish().await;
    assert!(blobs.exists(&kept).await.unwrap());
    assert!(!blobs.exists(&staging(&kept)).await.unwrap());
    blobs.delete(&kept).await.unwrap();

    // A staged file whose row never committed is removed when it is dropped.
    let dropped = Blobs::key_for("evidence", Uuid::now_v7(), "pdf");
    drop(blobs.stage(&dropped, PDF.to_vec()).await.unwrap());
    let mut waited = 0;
    while blobs.exists(&staging(&dropped)).await.unwrap() {
        assert!(waited < 100, "a dropped staged file stays");
        waited += 1;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // A process that died between writing and moving (forget skips the drop) leaves both
    // in tmp/: the sweep moves the one a row names and removes the other.
    let committed = Blobs::key_for("evidence", Uuid::now_v7(), "pdf");
    let abandoned = Blobs::key_for("complaints", Uuid::now_v7(), "pdf");
    std::mem::forget(blobs.stage(&committed, PDF.to_vec()).await.unwrap());
    std::mem::forget(blobs.stage(&abandoned, PDF.to_vec()).await.unwrap());
    let named = committed.clone();
    let swept = blobs
        .sweep_staged(chrono::Utc::now() + chrono::Duration::minutes(1), |keys| {
            let named = named.clone();
            async move { Ok(keys.into_iter().filter(|key| *key == named).collect()) }
        })
        .await
        .unwrap();
    assert!(swept.moved >= 1 && swept.removed >= 1, "{swept:?}");
    assert_eq!(blobs.get(&committed).await.unwrap(), PDF);
    assert!(!blobs.exists(&staging(&committed)).await.unwrap());
    assert!(!blobs.exists(&abandoned).await.unwrap());
    assert!(!blobs.exists(&staging(&abandoned)).await.unwrap());
    blobs.delete(&committed).await.unwrap();

    // Keys that could leave the store's root, or differ between backends, are refused
    // by every operation before anything is sent.
    for bad in [
        "",
        "/evidence/a.pdf",
        "../a.pdf",
        "evidence/../../a.pdf",
        "evidence/./a.pdf",
        "evidence//a.pdf",
        "evidence\\a.pdf",
        "evidence/a b.pdf",
    ] {
        let put = blobs.put(bad, PDF.to_vec()).await;
        assert!(
            matches!(put, Err(StoreError::Blob(_))),
            "put {bad:?}: {put:?}"
        );
        let get = blobs.get(bad).await;
        assert!(
            matches!(get, Err(StoreError::Blob(_))),
            "get {bad:?}: {get:?}"
        );
        let exists = blobs.exists(bad).await;
        assert!(
            matches!(exists, Err(StoreError::Blob(_))),
            "exists {bad:?}: {exists:?}"
        );
        let delete = blobs.delete(bad).await;
        assert!(
            matches!(delete, Err(StoreError::Blob(_))),
            "delete {bad:?}: {delete:?}"
        );
    }
}

#[tokio::test]
async fn local_directory() {
    let temp = tempfile::tempdir().unwrap();
    // The directory is created when missing.
    let root = temp.path().join("data").join("files");
    let blobs = Blobs::local(&root).unwrap();
    assert!(root.is_dir());
    conformance(&blobs).await;

    // Files are plain files under the root, where an operator can back them up.
    let key = Blobs::key_for("evidence", Uuid::now_v7(), "pdf");
    blobs.put(&key, PDF.to_vec()).await.unwrap();
    assert_eq!(std::fs::read(root.join(&key)).unwrap(), PDF);

    // A second store on the same directory (another process) sees the same files.
    let again = Blobs::local(&root).unwrap();
    assert_eq!(again.get(&key).await.unwrap(), PDF);

    // Nothing was written outside the root by the refused keys.
    let outside: Vec<_> = std::fs::read_dir(temp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(outside, ["data"]);
}
