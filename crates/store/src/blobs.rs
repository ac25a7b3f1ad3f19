//! File storage for evidence documents (data dukung) and other uploaded files.
//!
//! Files do not go in the database: they are large, written once and read whole, and an
//! object store serves them better. Two backends sit behind the one [`Blobs`] type, through
//! the `object_store` crate:
//!
//! - **a local directory** (the embedded default, in the data directory next to the SQLite
//!   file), so `cargo run` needs nothing else;
//! - **S3-compatible object storage** at scale (AWS S3, MinIO, Ceph, a cloud provider's S3
//!   API), so that several app servers behind a load balancer share the same files and none
//!   of them keeps state of its own.
//!
//! The database row describing a file holds its key; the key is made by [`Blobs::key_for`]
//! from a fresh UUID, never from the uploaded file name, and every key is checked before use
//! so that no key can reach outside the store's root.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};

/// Where to find an S3-compatible bucket.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Config {
    pub bucket: String,
    /// The service's URL for a non-AWS server (`http://127.0.0.1:9000`); `None` for AWS itself.
    /// With an endpoint, requests use path-style URLs (`{endpoint}/{bucket}/{key}`), which
    /// every S3-compatible server understands.
    pub endpoint: Option<String>,
    pub region: String,
    /// When empty, credentials come from the environment the server runs in (instance
    /// metadata, web identity) instead.
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Allows a plain-HTTP endpoint; only for a server on the same private network.
    pub allow_http: bool,
}

impl fmt::Debug for S3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<hidden>")
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

/// A store of files addressed by key. Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct Blobs {
    store: Arc<dyn ObjectStore>,
    local: bool,
}

/// Where an upload waits, under its final key, until the row naming it has committed.
const STAGING: &str = "tmp";

/// A file written under its staging key before the database row that names it commits.
/// After the commit, [`Staged::publish`] moves it to its key; dropped unpublished (the
/// transaction failed), it is removed. A process that dies in between leaves it under
/// `tmp/` for [`Blobs::sweep_staged`], which moves it in place when its row committed and
/// removes it otherwise, so an interrupted upload leaves no orphan.
#[must_use = "publish the file after the commit"]
pub struct Staged {
    blobs: Blobs,
    key: String,
    settled: bool,
}

impl Staged {
    /// The key the file will have, to store in its row.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Moves the file to its key, after the row naming it has committed. A failure here
    /// loses nothing: [`Blobs::get`] still finds the file at its staging key, and the sweep
    /// moves it later.
    pub async fn publish(mut self) {
        self.settled = true;
        if let Err(error) = self.blobs.move_staged(&self.key).await {
            tracing::warn!(key = %self.key, %error, "staged file not moved yet; the sweep will");
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        // Not published: its row did not commit. Remove it now if a runtime is there to do
        // it; otherwise the sweep will.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let blobs = self.blobs.clone();
            let key = staging_key(&self.key);
            runtime.spawn(async move {
                if let Err(error) = blobs.delete(&key).await {
                    tracing::warn!(%key, %error, "unused staged file not removed; the sweep will");
                }
            });
        }
    }
}

fn staging_key(key: &str) -> String {
    format!("{STAGING}/{key}")
}

/// What one sweep of the staging area did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Swept {
    /// Files whose row had committed, moved to their key.
    pub moved: usize,
    /// Files whose row never committed, removed.
    pub removed: usize,
}

impl fmt::Debug for Blobs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blobs({})", self.store)
    }
}

impl Blobs {
    /// Files in a directory of this machine, created if missing.
    pub fn local(dir: &Path) -> StoreResult<Blobs> {
        std::fs::create_dir_all(dir).map_err(|e| {
            StoreError::Blob(format!(
                "cannot create file directory {}: {e}",
                dir.display()
            ))
        })?;
        let store = LocalFileSystem::new_with_prefix(dir)
            .map_err(blob_error)?
            // Evidence is the record of an official decision: survive a power cut.
            .with_fsync(true)
            .with_automatic_cleanup(true);
        Ok(Blobs {
            store: Arc::new(store),
            local: true,
        })
    }

    /// Files in an S3-compatible bucket. Nothing is sent until the first request.
    pub fn s3(config: &S3Config) -> StoreResult<Blobs> {
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&config.bucket)
            .with_region(&config.region)
            .with_allow_http(config.allow_http);
        if let Some(endpoint) = &config.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_virtual_hosted_style_request(false);
        }
        if !config.access_key_id.is_empty() {
            builder = builder
                .with_access_key_id(&config.access_key_id)
                .with_secret_access_key(&config.secret_access_key);
        }
        let store = builder.build().map_err(blob_error)?;
        Ok(Blobs {
            store: Arc::new(store),
            local: false,
        })
    }

    /// Whether files are kept in a directory of this machine, which other servers do not see.
    pub fn is_local(&self) -> bool {
        self.local
    }

    /// Writes `bytes` for `key` under its staging key; see [`Staged`].
    pub async fn stage(&self, key: &str, bytes: Vec<u8>) -> StoreResult<Staged> {
        checked_path(key)?;
        self.put(&staging_key(key), bytes).await?;
        Ok(Staged {
            blobs: self.clone(),
            key: key.to_owned(),
            settled: false,
        })
    }

    async fn move_staged(&self, key: &str) -> StoreResult<()> {
        let from = checked_path(&staging_key(key))?;
        let to = checked_path(key)?;
        self.store.rename(&from, &to).await.map_err(blob_error)
    }

    /// Settles staged files older than `before`: those whose key `committed` says a row
    /// names are moved in place, the others removed. `committed` answers for a batch of keys.
    pub async fn sweep_staged<F, Fut>(
        &self,
        before: chrono::DateTime<chrono::Utc>,
        committed: F,
    ) -> StoreResult<Swept>
    where
        F: Fn(Vec<String>) -> Fut,
        Fut: Future<Output = StoreResult<std::collections::HashSet<String>>>,
    {
        use futures::TryStreamExt;
        let prefix = ObjectPath::from(STAGING);
        let staged: Vec<String> = self
            .store
            .list(Some(&prefix))
            .try_filter_map(|meta| async move {
                Ok((meta.last_modified < before).then(|| meta.location.to_string()))
            })
            .try_collect()
            .await
            .map_err(blob_error)?;
        let keys: Vec<String> = staged
            .iter()
            .filter_map(|path| path.strip_prefix(&format!("{STAGING}/")).map(str::to_owned))
            .collect();
        let mut swept = Swept::default();
        if keys.is_empty() {
            return Ok(swept);
        }
        let named = committed(keys.clone()).await?;
        for key in keys {
            if named.contains(&key) {
                self.move_staged(&key).await?;
                swept.moved += 1;
            } else {
                self.delete(&staging_key(&key)).await?;
                swept.removed += 1;
            }
        }
        Ok(swept)
    }

    /// Stores `bytes` under `key`, replacing what was there. Readers never see a partial file.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> StoreResult<()> {
        let path = checked_path(key)?;
        self.store
            .put(&path, PutPayload::from(bytes))
            .await
            .map_err(blob_error)?;
        Ok(())
    }

    /// The whole file under `key`; [`StoreError::NotFound`] when there is none. A file whose
    /// row has committed but which is not yet moved from its staging key is found there.
    pub async fn get(&self, key: &str) -> StoreResult<Vec<u8>> {
        let path = checked_path(key)?;
        let result = match self.store.get(&path).await {
            Err(object_store::Error::NotFound { .. }) => self
                .store
                .get(&checked_path(&staging_key(key))?)
                .await
                .map_err(blob_error)?,
            other => other.map_err(blob_error)?,
        };
        let bytes = result.bytes().await.map_err(blob_error)?;
        Ok(bytes.to_vec())
    }

    /// Removes the file under `key`. Removing a missing file is not an error, so a retried
    /// deletion succeeds.
    pub async fn delete(&self, key: &str) -> StoreResult<()> {
        let path = checked_path(key)?;
        match self.store.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(blob_error(e)),
        }
    }

    /// Whether a file is stored under `key`.
    pub async fn exists(&self, key: &str) -> StoreResult<bool> {
        let path = checked_path(key)?;
        match self.store.head(&path).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(blob_error(e)),
        }
    }

    /// A fresh key for a file: `{prefix}/{year}/{id}.{extension}`, for example
    /// `evidence/2026/0190a5c4-…-….pdf`. The year is read from the time inside a UUID v7, so
    /// files spread over folders by upload year; other UUIDs go straight under the prefix.
    pub fn key_for(prefix: &str, id: Uuid, extension: &str) -> String {
        let prefix = prefix.trim_matches('/');
        let extension = extension.trim_start_matches('.').to_ascii_lowercase();
        let year = id.get_timestamp().and_then(|ts| {
            let (seconds, _) = ts.to_unix();
            let seconds = i64::try_from(seconds).ok()?;
            chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.format("%Y").to_string())
        });
        let mut key = String::new();
        if !prefix.is_empty() {
            key.push_str(prefix);
            key.push('/');
        }
        if let Some(year) = year {
            key.push_str(&year);
            key.push('/');
        }
        key.push_str(&id.hyphenated().to_string());
        if !extension.is_empty() {
            key.push('.');
            key.push_str(&extension);
        }
        key
    }
}

/// Refuses keys that could escape the store's root or mean different files on different
/// backends: empty, absolute, `.`/`..` or empty segments, and characters outside
/// `A-Z a-z 0-9 - _ . /`.
fn checked_path(key: &str) -> StoreResult<ObjectPath> {
    let invalid = |why: &str| Err(StoreError::Blob(format!("invalid file key {key:?}: {why}")));
    if key.is_empty() {
        return invalid("empty");
    }
    if key.len() > 512 {
        return invalid("too long");
    }
    if key.starts_with('/') {
        return invalid("starts with /");
    }
    if let Some(c) = key
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
    {
        return invalid(&format!("character {c:?} not allowed"));
    }
    for segment in key.split('/') {
        match segment {
            "" => return invalid("empty path segment"),
            "." | ".." => return invalid("relative path segment"),
            _ => {}
        }
    }
    ObjectPath::parse(key).map_err(|e| StoreError::Blob(format!("invalid file key {key:?}: {e}")))
}

fn blob_error(error: object_store::Error) -> StoreError {
    match error {
        object_store::Error::NotFound { .. } => StoreError::NotFound,
        other => StoreError::Blob(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_for_uses_the_year_inside_a_v7_uuid() {
        let ts = uuid::Timestamp::from_unix(uuid::NoContext, 1_767_225_600, 0); // 2026-01-01
        let id = Uuid::new_v7(ts);
        let key = Blobs::key_for("evidence", id, "pdf");
        assert_eq!(key, format!("evidence/2026/{id}.pdf"));
        assert!(checked_path(&key).is_ok());
        assert_eq!(
            Blobs::key_for("/evidence/", id, ".PDF"),
            format!("evidence/2026/{id}.pdf")
        );
    }

    #[test]
    fn key_for_without_a_timestamp_has_no_year() {
        let id = Uuid::nil();
        assert_eq!(
            Blobs::key_for("evidence", id, "png"),
            "evidence/00000000-0000-0000-0000-000000000000.png"
        );
    }

    #[test]
    fn bad_keys_are_refused() {
        for key in [
            "",
            "/etc/passwd",
            "../secret",
            "evidence/../../secret",
            "evidence/./a.pdf",
            "evidence//a.pdf",
            "evidence/a.pdf/",
            "evidence\\a.pdf",
            "evidence/a b.pdf",
            "evidence/%2e%2e/a.pdf",
        ] {
            assert!(
                matches!(checked_path(key), Err(StoreError::Blob(_))),
                "{key:?} should be refused"
            );
        }
        assert!(checked_path("evidence/2026/a-b_c.pdf").is_ok());
    }
}
