//! `/`: what Lumbung Inovasi is, a search box, the latest and the awarded innovations, a few
//! numbers, and the ways into the catalogue, the map, open data and the index.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use lumbung_service::innovations::ListQuery;
use lumbung_service::search;
use lumbung_service::store::Paging;

use super::catalogue::{Hit, hit};
use super::{Layout, OrPage, PageAuth, PageResult, render};
use crate::state::AppState;

/// How many innovations each list on the home page shows.
const SHOWN: u32 = 6;

#[derive(Template)]
#[template(path = "beranda.html")]
pub struct HomePage {
    pub layout: Layout,
    pub latest: Vec<Hit>,
    pub awarded: Vec<Hit>,
    pub published: String,
    /// Regions (provinces and kabupaten/kota) owning at least one published innovation.
    pub regions: String,
    pub awarded_count: String,
}

/// The query of what the public sees: published innovations only.
pub fn published() -> ListQuery {
    ListQuery {
        status: Some("published".into()),
        ..Default::default()
    }
}

pub async fn show(State(state): State<AppState>, PageAuth(auth): PageAuth) -> PageResult {
    let lang = auth.reader.lang;
    let paging = Paging::new(Some(1), Some(SHOWN));
    // Without words the search lists the newest first.
    let latest = search::search(state.app(), &published(), paging)
        .await
        .or_page(&auth)?;
    let awarded = search::search(
        state.app(),
        &ListQuery {
            award: Some("true".into()),
            ..published()
        },
        paging,
    )
    .await
    .or_page(&auth)?;
    let regions = lumbung_service::stats::regions_with_published(state.app())
        .await
        .or_page(&auth)?;
    Ok(render(
        StatusCode::OK,
        &HomePage {
            layout: Layout::new(&auth, "beranda", lang.t("Beranda"))
                .translated()
                .describe(lang.t(
                    "Lumbung Inovasi: katalog terbuka inovasi pelayanan publik dan tata kelola pemerintah daerah di Indonesia. Cari inovasi yang sudah terbukti, pelajari, lalu replikasi.",
                )),
            latest: latest.results.iter().map(|r| hit(r, lang)).collect(),
            awarded: awarded.results.iter().map(|r| hit(r, lang)).collect(),
            published: lang.number(latest.total),
            regions: lang.number(regions),
            awarded_count: lang.number(awarded.total),
        },
    ))
}
