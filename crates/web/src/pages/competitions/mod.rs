//! Competition pages. The public ones (`public`): the list, a competition with its schedule,
//! its finalists and the objection form during uji publik, the results, and certificate
//! verification. The management ones: the secretariat's and the proposers' (`manage`), and
//! the jurors' scoring pages with the proposal beside the form (`jury`).

mod jury;
mod manage;
mod public;

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(public::routes())
        .merge(manage::routes())
        .merge(jury::routes())
}
