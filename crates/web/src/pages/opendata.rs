//! `/data`: the open-data page. What the download holds, its columns (from
//! `opendata::COLUMNS`, so the page cannot drift from the file), the filters it takes, how to
//! download it again cheaply, and whose data it is.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use lumbung_service::opendata;

use super::{Layout, OrPage, PageAuth, PageResult, render};
use crate::i18n::Lang;
use crate::state::AppState;

/// The English of each column's description in `opendata::COLUMNS`.
const COLUMNS_EN: [(&str, &str); 22] = [
    ("id", "Permanent identifier of the innovation (UUID)."),
    (
        "registration_number",
        "Registration number, e.g. INOV-65.01-2026-00012.",
    ),
    ("name", "Name of the innovation."),
    (
        "region_code",
        "Kemendagri code of the region that owns the innovation.",
    ),
    ("region_name", "Name of the region."),
    ("agency", "Owning regional agency (perangkat daerah)."),
    ("stage", "Stage: inisiatif, uji_coba, penerapan."),
    ("kind", "Kind: digital, non_digital."),
    ("form", "Form: tata_kelola, pelayanan_publik, lainnya."),
    (
        "initiator",
        "Initiator: kepala_daerah, anggota_dprd, perangkat_daerah, asn, masyarakat.",
    ),
    (
        "main_affair",
        "Code of the main government affair (affairs.csv).",
    ),
    (
        "related_affairs",
        "Codes of the other affairs, separated by semicolons.",
    ),
    ("trial_date", "Date the trial started (YYYY-MM-DD)."),
    (
        "implementation_date",
        "Date implementation started (YYYY-MM-DD).",
    ),
    (
        "latest_development",
        "Date of the latest development (YYYY-MM-DD).",
    ),
    ("design", "Design (rancang bangun)."),
    ("goals", "Goals."),
    ("benefits", "Benefits."),
    ("results", "Results."),
    (
        "awards",
        "Awards, separated by semicolons (e.g. Top 45 KIPP 2019).",
    ),
    ("links", "Links, separated by semicolons."),
    ("updated_at", "Time of the last change (RFC 3339)."),
];

/// A column of the download and what it holds, in the reader's language.
pub struct Column {
    pub name: &'static str,
    pub description: &'static str,
}

fn columns(lang: Lang) -> Vec<Column> {
    opendata::COLUMNS
        .iter()
        .map(|(name, indonesian)| Column {
            name,
            description: match lang {
                Lang::Id => indonesian,
                Lang::En => COLUMNS_EN
                    .iter()
                    .find(|(key, _)| key == name)
                    .map_or(*indonesian, |(_, english)| english),
            },
        })
        .collect()
}

#[derive(Template)]
#[template(path = "data.html")]
pub struct DataPage {
    pub layout: Layout,
    pub columns: Vec<Column>,
    pub count: String,
    /// The latest change, in letters; "" when nothing is published.
    pub updated: String,
}

pub async fn show(State(state): State<AppState>, PageAuth(auth): PageAuth) -> PageResult {
    let lang = auth.reader.lang;
    let version = opendata::version(state.app()).await.or_page(&auth)?;
    let updated = version
        .updated_at
        .as_deref()
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .map(|at| lang.date(at.date_naive()))
        .unwrap_or_default();
    Ok(render(
        StatusCode::OK,
        &DataPage {
            layout: Layout::new(&auth, "data", lang.t("Data terbuka"))
                .translated()
                .describe(lang.t(
                    "Unduh inovasi daerah yang telah terbit sebagai CSV atau JSON: kolom yang tetap dan terdokumentasi, saringan yang sama dengan katalog, ETag dan gzip.",
                )),
            columns: columns(lang),
            count: lang.number(version.count),
            updated,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_its_english() {
        for (name, _) in opendata::COLUMNS {
            assert!(
                COLUMNS_EN.iter().any(|(key, _)| *key == name),
                "no English for column {name}"
            );
        }
        assert_eq!(columns(Lang::En).len(), opendata::COLUMNS.len());
        assert_eq!(columns(Lang::Id)[0].description, opendata::COLUMNS[0].1);
    }
}
