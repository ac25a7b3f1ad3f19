//! Bulk import of innovations from a spreadsheet, and its template.

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::header;
use axum::response::IntoResponse;
use lumbung_service::ServiceError;
use lumbung_service::imports::{self, ImportSummary};

use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, bad_request};
use crate::multipart::MultipartForm;
use crate::state::AppState;

/// Reads the `file` field of a multipart upload.
pub async fn read_file_field(multipart: Multipart) -> ApiResult<Vec<u8>> {
    let mut form = MultipartForm::read(multipart, &["file"]).await?;
    form.take_file("file")
        .map(|file| file.bytes)
        .ok_or_else(|| bad_request("kirim berkas pada kolom formulir `file`"))
}

/// Imports innovations from CSV or XLSX (multipart field `file`). All or nothing: with any
/// bad row nothing is saved and the answer lists every bad row.
#[utoipa::path(post, path = "/imports/innovations", tag = "imports",
    request_body(content_type = "multipart/form-data", description = "Field `file`: CSV or XLSX with the template's headers"),
    responses((status = 200, description = "`{created, agencies_created, ids}`"),
              (status = 422, description = "`import_rejected` with `rows: [{row, column, reason}]`; nothing saved")))]
pub async fn upload(
    State(state): State<AppState>,
    auth: Auth,
    multipart: Multipart,
) -> ApiResult<Json<ImportSummary>> {
    let caller = auth.signed_in()?.clone();
    let bytes = read_file_field(multipart).await?;
    Ok(Json(
        imports::import(state.app(), &caller, &bytes, &|_, _| {}).await?,
    ))
}

/// The import template (XLSX): headers, an example row, and a sheet explaining each column.
#[utoipa::path(get, path = "/imports/innovations/template.xlsx", tag = "imports",
    responses((status = 200, description = "XLSX file", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn template() -> ApiResult<impl IntoResponse> {
    let bytes = tokio::task::spawn_blocking(imports::template_xlsx)
        .await
        .map_err(|e| ApiError(ServiceError::internal(e)))??;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"templat-impor-inovasi.xlsx\"",
            ),
        ],
        bytes,
    ))
}
