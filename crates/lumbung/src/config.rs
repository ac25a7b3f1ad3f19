//! Settings: command-line flags, then `LUMBUNG_*` environment variables, then an optional
//! `lumbung.toml` (in the working directory or the data directory), then defaults.

use std::path::{Path, PathBuf};

use anyhow::Context;
use lumbung_service::store::blobs::S3Config;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub data_dir: Option<PathBuf>,
    pub addr: Option<String>,
    pub database_url: Option<String>,
    pub secure_cookies: Option<bool>,
    pub max_upload_mb: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub addr: String,
    /// `postgres://…` for PostgreSQL; `None` for SQLite in the data directory.
    pub database_url: Option<String>,
    pub secure_cookies: bool,
    pub max_upload_bytes: usize,
    /// S3-compatible storage for evidence files; the data directory when absent.
    pub s3: Option<S3Config>,
}

pub const DEFAULT_DATA_DIR: &str = "./lumbung-data";
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

fn read_file(path: &Path) -> anyhow::Result<Option<FileConfig>> {
    if !path.exists() {
        return Ok(None);
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let config =
        toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
    Ok(Some(config))
}

impl Config {
    /// Flags and environment variables arrive already merged by clap (`env = …`).
    pub fn load(
        config_file: Option<&Path>,
        data_dir: Option<PathBuf>,
        addr: Option<String>,
        database_url: Option<String>,
    ) -> anyhow::Result<Config> {
        let file = match config_file {
            Some(path) => {
                read_file(path)?.with_context(|| format!("{} not found", path.display()))?
            }
            None => {
                let beside_data = data_dir.as_ref().map(|dir| dir.join("lumbung.toml"));
                match read_file(Path::new("lumbung.toml"))? {
                    Some(file) => file,
                    None => match beside_data {
                        Some(path) => read_file(&path)?.unwrap_or_default(),
                        None => FileConfig::default(),
                    },
                }
            }
        };
        let database_url = database_url
            .or(file.database_url)
            .filter(|url| !url.trim().is_empty());
        if let Some(url) = &database_url
            && !(url.starts_with("postgres://")
                || url.starts_with("postgresql://")
                || url.starts_with("sqlite:"))
        {
            anyhow::bail!("LUMBUNG_DATABASE_URL must be a postgres:// or sqlite: URL");
        }
        Ok(Config {
            data_dir: data_dir
                .or(file.data_dir)
                .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR)),
            addr: addr
                .or(file.addr)
                .unwrap_or_else(|| DEFAULT_ADDR.to_owned()),
            database_url,
            secure_cookies: std::env::var("LUMBUNG_SECURE_COOKIES")
                .ok()
                .map(|v| v == "1" || v.eq_ignore_ascii_case("true"))
                .or(file.secure_cookies)
                .unwrap_or(false),
            max_upload_bytes: file.max_upload_mb.unwrap_or(64) * 1024 * 1024,
            s3: s3_from_env(),
        })
    }
}

/// `LUMBUNG_S3_BUCKET` (with `LUMBUNG_S3_ENDPOINT`, `LUMBUNG_S3_REGION`,
/// `LUMBUNG_S3_ACCESS_KEY_ID`, `LUMBUNG_S3_SECRET_ACCESS_KEY`) selects S3-compatible storage.
fn s3_from_env() -> Option<S3Config> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let bucket = var("LUMBUNG_S3_BUCKET")?;
    let endpoint = var("LUMBUNG_S3_ENDPOINT");
    Some(S3Config {
        bucket,
        allow_http: endpoint
            .as_deref()
            .is_some_and(|e| e.starts_with("http://")),
        endpoint,
        region: var("LUMBUNG_S3_REGION").unwrap_or_else(|| "us-east-1".into()),
        access_key_id: var("LUMBUNG_S3_ACCESS_KEY_ID").unwrap_or_default(),
        secret_access_key: var("LUMBUNG_S3_SECRET_ACCESS_KEY").unwrap_or_default(),
    })
}
