//! Export of the innovations a caller may read, in CSV, XLSX or JSON. The spreadsheet
//! columns are the import's, so an export can be corrected and imported again.

use lumbung_domain::affair::Affair;
use lumbung_domain::award::Award;
use lumbung_store::Paging;
use lumbung_store::innovations::{self, Innovation};

use crate::imports::COLUMNS;
use crate::innovations::ListQuery;
use crate::{App, Caller, ServiceError, ServiceResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
}

impl ExportFormat {
    pub fn parse(text: &str) -> ServiceResult<Self> {
        match text.trim().to_lowercase().as_str() {
            "csv" => Ok(Self::Csv),
            "xlsx" => Ok(Self::Xlsx),
            "json" => Ok(Self::Json),
            other => Err(ServiceError::BadInput(format!(
                "format \"{other}\" tidak dikenal; pilih csv, xlsx atau json"
            ))),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Json => "json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Json => "application/json",
        }
    }
}

/// Columns the export adds after the import's; the import ignores them.
const EXTRA_COLUMNS: [&str; 3] = ["nomor_registrasi", "status", "nama_wilayah"];

fn affair_name(code: &str) -> String {
    Affair::by_code(code).map_or_else(|| code.to_owned(), |a| a.name.to_owned())
}

fn row(innovation: &Innovation) -> Vec<String> {
    let p = &innovation.profile;
    let date = |d: Option<chrono::NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    vec![
        p.name.clone(),
        innovation.region.code.to_string(),
        innovation.agency.name.clone(),
        p.stage.label().to_owned(),
        p.kind.label().to_owned(),
        p.form.label().to_owned(),
        date(p.trial_date),
        date(p.implementation_date),
        p.initiator
            .map(|i| i.label().to_owned())
            .unwrap_or_default(),
        text(&p.initiator_name),
        p.main_affair
            .as_deref()
            .map(affair_name)
            .unwrap_or_default(),
        p.related_affairs
            .iter()
            .map(|a| affair_name(a))
            .collect::<Vec<_>>()
            .join("; "),
        text(&p.theme),
        date(p.latest_development),
        p.design.clone(),
        p.goals.clone(),
        p.benefits.clone(),
        p.results.clone(),
        text(&p.budget),
        p.links.join("; "),
        innovation
            .awards
            .iter()
            .map(Award::to_text)
            .collect::<Vec<_>>()
            .join("; "),
        innovation.registration_number.clone(),
        innovation.status.label().to_owned(),
        innovation.region.name.clone(),
    ]
}

/// The innovations the caller may read that match the query, oldest first, as a file.
pub async fn export(
    app: &App,
    caller: &Caller,
    query: &ListQuery,
    format: ExportFormat,
) -> ServiceResult<Vec<u8>> {
    let filter = query.to_filter()?;
    let mut conn = app.db.read().await?;
    let mut page = innovations::list(
        &mut conn,
        &filter,
        &caller.actor.read_scope(),
        Paging::all(),
    )
    .await?;
    page.items.reverse();
    let mut headers: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
    headers.extend(EXTRA_COLUMNS);
    match format {
        ExportFormat::Json => {
            serde_json::to_vec_pretty(&page.items).map_err(ServiceError::internal)
        }
        ExportFormat::Csv => {
            let rows: Vec<Vec<String>> = page.items.iter().map(row).collect();
            lumbung_reports::write_csv(&headers, &rows).map_err(ServiceError::internal)
        }
        ExportFormat::Xlsx => {
            let rows: Vec<Vec<String>> = page.items.iter().map(row).collect();
            lumbung_reports::write_xlsx(&lumbung_reports::Sheet {
                name: "Inovasi",
                headers: &headers,
                rows: &rows,
                notes: COLUMNS,
            })
            .map_err(ServiceError::internal)
        }
    }
}
