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
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub public_url: Option<String>,
    /// CIDRs of the load balancers in front, e.g. `["10.0.0.0/8"]`.
    pub trusted_proxies: Option<Vec<String>>,
}

/// Settings given as flags or `LUMBUNG_*` environment variables (clap merges the two).
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub data_dir: Option<PathBuf>,
    pub addr: Option<String>,
    pub database_url: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub public_url: Option<String>,
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
    /// The SMTP server mail goes out through; without it, mail waits in the outbox.
    pub smtp_url: Option<String>,
    /// The sender of the mail.
    pub mail_from: String,
    /// The site's address as citizens reach it, for links in mail; no trailing slash.
    pub public_url: String,
    /// One interval for every background job instead of each one's own (15 minutes for
    /// escalation, 30 s for mail, an hour for clean-up): for tests and the surge benchmark.
    pub job_interval: Option<std::time::Duration>,
    /// The load balancers whose `X-Forwarded-For` is believed (none by default).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

pub const DEFAULT_DATA_DIR: &str = "./lumbung-data";
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
pub const DEFAULT_MAIL_FROM: &str = "Lumbung Inovasi <noreply@localhost>";

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
    pub fn load(config_file: Option<&Path>, flags: Flags) -> anyhow::Result<Config> {
        let Flags {
            data_dir,
            addr,
            database_url,
            smtp_url,
            mail_from,
            public_url,
        } = flags;
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
        let smtp_url = smtp_url
            .or(file.smtp_url)
            .map(|url| url.trim().to_owned())
            .filter(|url| !url.is_empty());
        if let Some(url) = &smtp_url
            && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
        {
            anyhow::bail!("LUMBUNG_SMTP_URL must be an smtp:// or smtps:// URL");
        }
        let mail_from = mail_from
            .or(file.mail_from)
            .map(|from| from.trim().to_owned())
            .filter(|from| !from.is_empty())
            .unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned());
        if !mail_from.contains('@') {
            anyhow::bail!(
                "LUMBUNG_MAIL_FROM must be an address, e.g. \"Lumbung Inovasi <noreply@example.go.id>\""
            );
        }
        let addr = addr
            .or(file.addr)
            .unwrap_or_else(|| DEFAULT_ADDR.to_owned());
        let public_url = public_url
            .or(file.public_url)
            .map(|url| url.trim().trim_end_matches('/').to_owned())
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| format!("http://{addr}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            anyhow::bail!("LUMBUNG_PUBLIC_URL must be an http:// or https:// URL");
        }
        Ok(Config {
            data_dir: data_dir
                .or(file.data_dir)
                .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR)),
            addr,
            database_url,
            secure_cookies: std::env::var("LUMBUNG_SECURE_COOKIES")
                .ok()
                .map(|v| v == "1" || v.eq_ignore_ascii_case("true"))
                .or(file.secure_cookies)
                .unwrap_or(false),
            max_upload_bytes: file.max_upload_mb.unwrap_or(64) * 1024 * 1024,
            s3: s3_from_env(),
            smtp_url,
            mail_from,
            public_url,
            job_interval: job_interval_from_env()?,
            trusted_proxies: trusted_proxies(
                std::env::var("LUMBUNG_TRUSTED_PROXIES")
                    .ok()
                    .map(|text| text.split(',').map(str::to_owned).collect())
                    .or(file.trusted_proxies)
                    .unwrap_or_default(),
            )?,
        })
    }
}

/// `LUMBUNG_TRUSTED_PROXIES` (comma-separated) or `trusted_proxies` in the file: CIDRs, or
/// single addresses.
fn trusted_proxies(entries: Vec<String>) -> anyhow::Result<Vec<ipnet::IpNet>> {
    entries
        .iter()
        .map(|entry| entry.trim())
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<ipnet::IpNet>()
                .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .with_context(|| {
                    format!("trusted_proxies: \"{entry}\" is not an address or a CIDR such as 10.0.0.0/8")
                })
        })
        .collect()
}

/// `LUMBUNG_JOB_INTERVAL_SECS`: seconds between runs of every background job.
fn job_interval_from_env() -> anyhow::Result<Option<std::time::Duration>> {
    match std::env::var("LUMBUNG_JOB_INTERVAL_SECS") {
        Ok(text) if !text.trim().is_empty() => {
            let seconds: u64 =
                text.trim().parse().ok().filter(|s| *s > 0).context(
                    "LUMBUNG_JOB_INTERVAL_SECS must be a whole number of seconds above 0",
                )?;
            Ok(Some(std::time::Duration::from_secs(seconds)))
        }
        _ => Ok(None),
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    #[test]
    fn mail_settings_default_to_no_smtp_and_links_to_the_listen_address() {
        let empty = file("");
        let config = Config::load(
            Some(empty.path()),
            Flags {
                addr: Some("0.0.0.0:9000".into()),
                ..Flags::default()
            },
        )
        .unwrap();
        assert_eq!(config.smtp_url, None);
        assert_eq!(config.mail_from, DEFAULT_MAIL_FROM);
        assert_eq!(config.public_url, "http://0.0.0.0:9000");
    }

    #[test]
    fn flags_win_over_the_file_and_bad_urls_are_refused() {
        let settings = file(
            "smtp_url = \"smtp://relay.example.go.id:25\"\n\
             mail_from = \"Lumbung <lumbung@example.go.id>\"\n\
             public_url = \"https://lumbung.example.go.id/\"\n",
        );
        let config = Config::load(Some(settings.path()), Flags::default()).unwrap();
        assert_eq!(
            config.smtp_url.as_deref(),
            Some("smtp://relay.example.go.id:25")
        );
        assert_eq!(config.mail_from, "Lumbung <lumbung@example.go.id>");
        assert_eq!(config.public_url, "https://lumbung.example.go.id");

        let config = Config::load(
            Some(settings.path()),
            Flags {
                smtp_url: Some("smtps://mail.example.go.id".into()),
                public_url: Some("https://inovasi.example.go.id".into()),
                ..Flags::default()
            },
        )
        .unwrap();
        assert_eq!(
            config.smtp_url.as_deref(),
            Some("smtps://mail.example.go.id")
        );
        assert_eq!(config.public_url, "https://inovasi.example.go.id");

        for flags in [
            Flags {
                smtp_url: Some("mail.example.go.id:25".into()),
                ..Flags::default()
            },
            Flags {
                public_url: Some("lumbung.example.go.id".into()),
                ..Flags::default()
            },
            Flags {
                mail_from: Some("Lumbung".into()),
                ..Flags::default()
            },
        ] {
            assert!(Config::load(Some(settings.path()), flags).is_err());
        }
    }

    #[test]
    fn unknown_settings_are_refused() {
        let settings = file("smtp_host = \"relay\"\n");
        assert!(Config::load(Some(settings.path()), Flags::default()).is_err());
    }
}
