//! Printable reports: the PDF of a region's index assessment, and the PDF answer the
//! certificates share.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lumbung_service::reports;

use crate::auth::Auth;
use crate::error::ApiResult;
use crate::state::AppState;

/// A region's assessment of a year as an A4 PDF report: summary of both projections,
/// the region (SPD) indicators and the innovations.
#[utoipa::path(get, path = "/assessments/{region}/{year}/report.pdf", tag = "index",
    params(("region" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "The report", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "Unknown region, or not visible to the caller")))]
pub async fn assessment_pdf(
    State(state): State<AppState>,
    auth: Auth,
    Path((region, year)): Path<(String, i32)>,
) -> ApiResult<Response> {
    let caller = auth.signed_in()?;
    let bytes = reports::assessment_pdf(state.app(), caller, &region, year).await?;
    let safe_region: String = region
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    Ok(pdf_response(
        bytes,
        "attachment",
        &format!("indeks-{safe_region}-{year}.pdf"),
    ))
}

/// A PDF as an answer, shown in the browser (`inline`) or saved (`attachment`) as
/// `file_name` (which the caller keeps to safe characters).
pub(crate) fn pdf_response(bytes: Vec<u8>, disposition: &str, file_name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("{disposition}; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}
