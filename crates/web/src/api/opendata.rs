//! Open data: `GET /api/v1/opendata/innovations.csv` and `.json`, the published innovations
//! with stable columns (documented on `/data`). Answers carry `ETag` and `Last-Modified` so a
//! client on a slow link revalidates instead of downloading again; the router gzips them.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lumbung_service::opendata;

use super::ApiQuery;
use super::search::SearchQuery;
use crate::error::ApiResult;
use crate::state::AppState;

/// The published innovations as CSV (UTF-8, header row, columns as on `/data`).
/// Takes the search filters, so a page of results can be downloaded as it is seen.
#[utoipa::path(get, path = "/opendata/innovations.csv", tag = "catalogue", params(SearchQuery),
    responses((status = 200, description = "CSV file"), (status = 304, description = "Not modified")))]
pub async fn csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> ApiResult<Response> {
    download(&state, &headers, &query, Format::Csv).await
}

/// The published innovations as a JSON array of records (fields as on `/data`).
#[utoipa::path(get, path = "/opendata/innovations.json", tag = "catalogue", params(SearchQuery),
    responses((status = 200, description = "JSON array"), (status = 304, description = "Not modified")))]
pub async fn json(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> ApiResult<Response> {
    download(&state, &headers, &query, Format::Json).await
}

#[derive(Debug, Clone, Copy)]
enum Format {
    Csv,
    Json,
}

async fn download(
    state: &AppState,
    request: &HeaderMap,
    query: &SearchQuery,
    format: Format,
) -> ApiResult<Response> {
    let list_query = query.list_query();
    let version = opendata::version(state.app()).await?;
    let variant = format!(
        "{format:?}|{}",
        serde_json::to_string(&list_query).unwrap_or_default()
    );
    let etag = version.etag(&variant);
    let last_modified = version.http_date();

    let mut validators = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        validators.insert(header::ETAG, value);
    }
    if let Some(value) = last_modified
        .as_deref()
        .and_then(|d| HeaderValue::from_str(d).ok())
    {
        validators.insert(header::LAST_MODIFIED, value);
    }
    // Anyone may cache it, but must ask again before using it.
    validators.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    );
    if not_modified(request, &etag, last_modified.as_deref()) {
        return Ok((StatusCode::NOT_MODIFIED, validators).into_response());
    }

    let records = opendata::records(state.app(), &list_query).await?;
    let (bytes, content_type, name) = match format {
        Format::Csv => (
            opendata::to_csv(&records)?,
            "text/csv; charset=utf-8",
            "inovasi.csv",
        ),
        Format::Json => (
            opendata::to_json(&records)?,
            "application/json",
            "inovasi.json",
        ),
    };
    let mut response = (validators, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `If-None-Match` decides when sent; otherwise `If-Modified-Since` (same second or later).
fn not_modified(request: &HeaderMap, etag: &str, last_modified: Option<&str>) -> bool {
    if let Some(tags) = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        return tags
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*");
    }
    let since = request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok());
    let modified = last_modified.and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok());
    matches!((since, modified), (Some(since), Some(modified)) if modified <= since)
}
