//! Complaint pages. The public ones (`public`), in the reader's language and without any
//! script: the form at `/pengaduan` and the tracking page at `/pengaduan/lacak`. The officers'
//! ones (`manage`) under `/kelola/pengaduan`, in Indonesian.

mod manage;
mod public;

use axum::Router;

use crate::state::AppState;

/// Every complaint route, for `pages::routes`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(public::routes())
        .merge(manage::routes())
}
