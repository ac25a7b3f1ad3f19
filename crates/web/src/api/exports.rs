//! Export of innovations as CSV, XLSX or JSON, with the import's headers.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use lumbung_service::exports::{self, ExportFormat};
use serde::Deserialize;
use utoipa::IntoParams;

use lumbung_service::innovations::ListQuery;
use uuid::Uuid;

use crate::api::ApiQuery;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct ExportQuery {
    /// `csv`, `xlsx` or `json`.
    pub format: Option<String>,
    pub region: Option<String>,
    pub agency: Option<Uuid>,
    pub stage: Option<String>,
    pub form: Option<String>,
    pub kind: Option<String>,
    pub affair: Option<String>,
    pub status: Option<String>,
    pub q: Option<String>,
}

/// Downloads the innovations the caller may read (same filters as the list).
#[utoipa::path(get, path = "/exports/innovations", tag = "exports", params(ExportQuery),
    responses((status = 200, description = "The file")))]
pub async fn innovations(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> ApiResult<Response> {
    let format = ExportFormat::parse(query.format.as_deref().unwrap_or("csv"))?;
    let filters = ListQuery {
        region: query.region,
        agency: query.agency,
        stage: query.stage,
        form: query.form,
        kind: query.kind,
        affair: query.affair,
        status: query.status,
        q: query.q,
        ..Default::default()
    };
    let bytes = exports::export(state.app(), &auth.caller, &filters, format).await?;
    let disposition = format!("attachment; filename=\"inovasi.{}\"", format.extension());
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
