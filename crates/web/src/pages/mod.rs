//! Server-rendered pages, in Bahasa Indonesia.

use axum::Router;

use crate::state::AppState;

pub fn routes(_max_upload_bytes: usize) -> Router<AppState> {
    Router::new()
}
