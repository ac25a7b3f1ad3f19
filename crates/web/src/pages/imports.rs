//! `/kelola/impor`: the import template, the upload form and its outcome, and export links.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use lumbung_service::ServiceError;
use lumbung_service::imports;

use super::forms::{number, sentence};
use super::{Layout, PageResult, SignedIn, check_csrf, page_error, render};
use crate::auth::Auth;
use crate::error::describe;
use crate::multipart::MultipartForm;
use crate::state::AppState;

pub struct RowView {
    pub row: String,
    pub column: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "impor.html")]
pub struct ImportPage {
    pub layout: Layout,
    pub message: String,
    pub done: bool,
    /// The file was read and refused as a whole.
    pub rejected: bool,
    pub created: String,
    pub agencies_created: Vec<String>,
    pub rows: Vec<RowView>,
    pub limit: String,
}

fn page(auth: &Auth, limit_bytes: usize) -> ImportPage {
    ImportPage {
        layout: Layout::new(auth, "impor", "Impor dan ekspor"),
        message: String::new(),
        done: false,
        rejected: false,
        created: String::new(),
        agencies_created: Vec::new(),
        rows: Vec::new(),
        limit: format!(
            "{} MB",
            number(i64::try_from(limit_bytes / (1024 * 1024)).unwrap_or(i64::MAX))
        ),
    }
}

/// `GET /kelola/impor`.
pub async fn show(State(state): State<AppState>, SignedIn(auth): SignedIn) -> PageResult {
    Ok(render(
        StatusCode::OK,
        &page(&auth, state.config().max_upload_bytes),
    ))
}

/// The fields of the upload form.
#[derive(Debug, Default)]
pub struct Upload {
    pub csrf: String,
    pub file: Vec<u8>,
}

/// Reads the `csrf` and `file` fields; a problem comes back as its status and message.
async fn read_upload(multipart: Multipart) -> Result<Upload, (StatusCode, String)> {
    let mut form = MultipartForm::read(multipart, &["file"])
        .await
        .map_err(|unreadable| {
            let (status, _, message) = describe(&unreadable.error());
            (status, sentence(&message))
        })?;
    Ok(Upload {
        csrf: form.text("csrf"),
        file: form
            .take_file("file")
            .map(|file| file.bytes)
            .unwrap_or_default(),
    })
}

/// `POST /kelola/impor`: imports every row or none; a rejected file lists every bad row.
pub async fn upload(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let caller = &auth.caller;
    let mut body = page(&auth, state.config().max_upload_bytes);
    let read = match multipart {
        Ok(multipart) => read_upload(multipart).await,
        Err(_) => Err((
            StatusCode::BAD_REQUEST,
            "Kirim berkas melalui formulir unggah di halaman ini.".to_owned(),
        )),
    };
    let upload = match read {
        Ok(upload) => upload,
        Err((status, message)) => {
            body.message = message;
            return Ok(render(status, &body));
        }
    };
    check_csrf(&auth, &upload.csrf)?;
    if upload.file.is_empty() {
        body.message = "Pilih berkas CSV atau XLSX lebih dulu.".into();
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &body));
    }
    match imports::import(state.app(), caller, &upload.file, &|_, _| {}).await {
        Ok(summary) => {
            body.done = true;
            body.created = number(i64::try_from(summary.created).unwrap_or(i64::MAX));
            body.agencies_created = summary.agencies_created;
            Ok(render(StatusCode::OK, &body))
        }
        Err(ServiceError::ImportRejected { message, rows }) => {
            body.rejected = true;
            body.message = sentence(&message);
            body.rows = rows
                .into_iter()
                .map(|r| RowView {
                    row: r.row.to_string(),
                    column: r.column,
                    reason: sentence(&r.reason),
                })
                .collect();
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &body))
        }
        Err(
            error @ (ServiceError::BadInput(_)
            | ServiceError::TooLarge(_)
            | ServiceError::Forbidden(_)
            | ServiceError::Conflict(_)
            | ServiceError::Validation(_)),
        ) => {
            let (status, _, message) = describe(&error);
            body.rejected = matches!(error, ServiceError::BadInput(_) | ServiceError::TooLarge(_));
            body.message = sentence(&message);
            Ok(render(status, &body))
        }
        Err(error) => Err(page_error(&auth, &error)),
    }
}
