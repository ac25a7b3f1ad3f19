//! `GET /api/v1/search`: the public catalogue's full-text search.

use axum::Json;
use axum::extract::State;
use lumbung_service::innovations::ListQuery;
use lumbung_service::search::{self, SearchResults};
use lumbung_service::store::Paging;
use serde::Deserialize;
use utoipa::IntoParams;

use super::ApiQuery;
use crate::error::ApiResult;
use crate::state::AppState;

/// Search words and filters. Codes are the Indonesian wire codes; labels are accepted too.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct SearchQuery {
    /// Words, in everyday Indonesian: `perizinan online`, `dokter terbang`.
    pub q: Option<String>,
    /// Region code; the whole subtree.
    pub region: Option<String>,
    /// Affair code (main or related), e.g. `kesehatan`.
    pub affair: Option<String>,
    /// `inisiatif`, `uji_coba`, `penerapan`.
    pub stage: Option<String>,
    /// `digital`, `non_digital`.
    pub kind: Option<String>,
    /// `tata_kelola`, `pelayanan_publik`, `lainnya`.
    pub form: Option<String>,
    /// The year implementation started.
    pub year: Option<String>,
    /// `true` for any award, or an award event such as `KIPP`.
    pub award: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl SearchQuery {
    pub fn list_query(&self) -> ListQuery {
        ListQuery {
            q: self.q.clone(),
            region: self.region.clone(),
            affair: self.affair.clone(),
            stage: self.stage.clone(),
            kind: self.kind.clone(),
            form: self.form.clone(),
            year: self.year.clone(),
            award: self.award.clone(),
            ..Default::default()
        }
    }
}

/// Searches the published innovations: ranked by relevance (the name weighs above the
/// description), with facets over every result and snippets marking the words found.
/// No sign-in needed.
#[utoipa::path(get, path = "/search", tag = "catalogue", params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 422, description = "Unknown filter code")))]
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchResults>> {
    let paging = Paging::new(query.page, query.per_page);
    Ok(Json(
        search::search(state.app(), &query.list_query(), paging).await?,
    ))
}
