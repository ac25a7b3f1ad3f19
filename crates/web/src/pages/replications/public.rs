//! `GET /replikasi`: who replicates what, for everyone, in the reader's language: the cases
//! that are not rejected, narrowed to a province or kabupaten/kota (as owner or adopter), with
//! counts by status. The innovation's page lists its own.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use lumbung_service::replications::{self, CaseQuery};
use serde::Deserialize;

use super::super::{Choice, Layout, OrPage, PageAuth, PageResult, region_choices, render};
use crate::state::AppState;

pub struct CaseLine {
    pub innovation: String,
    pub innovation_href: String,
    pub owner: String,
    pub owner_href: String,
    pub adopter: String,
    pub adopter_href: String,
    /// The adopter's own name for its replication, when it differs.
    pub title: String,
    /// Indonesian; the template translates it.
    pub status: &'static str,
    pub since: String,
    pub done: String,
}

pub struct StatusCount {
    pub status: &'static str,
    pub count: usize,
}

#[derive(Template)]
#[template(path = "replikasi.html")]
pub struct ReplicationsPage {
    pub layout: Layout,
    pub regions: Vec<Choice>,
    pub cases: Vec<CaseLine>,
    pub counts: Vec<StatusCount>,
    /// Different regions replicating something.
    pub adopters: usize,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub wilayah: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Query(query): Query<ListQuery>,
) -> PageResult {
    let app = state.app();
    let lang = auth.reader.lang;
    let region = query
        .wilayah
        .map(|w| w.trim().to_owned())
        .filter(|w| !w.is_empty());
    let cases = replications::list(
        app,
        &CaseQuery {
            region: region.clone(),
            ..Default::default()
        },
    )
    .await
    .or_page(&auth)?;
    let cases: Vec<_> = cases
        .into_iter()
        .filter(|case| case.status != "rejected")
        .collect();
    let mut counts: Vec<StatusCount> = Vec::new();
    for case in &cases {
        match counts.iter_mut().find(|c| c.status == case.status_label) {
            Some(count) => count.count += 1,
            None => counts.push(StatusCount {
                status: case.status_label,
                count: 1,
            }),
        }
    }
    let adopters = cases
        .iter()
        .map(|case| case.adopter_region.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let lines = cases
        .into_iter()
        .map(|case| CaseLine {
            innovation_href: format!("/inovasi/{}", case.innovation_id),
            owner_href: format!("/daerah/{}", case.owner_region),
            adopter_href: format!("/daerah/{}", case.adopter_region),
            title: if case.title == case.innovation_name {
                String::new()
            } else {
                case.title
            },
            innovation: case.innovation_name,
            owner: case.owner_region_name,
            adopter: case.adopter_region_name,
            status: case.status_label,
            since: lang.date(case.opened_on),
            done: case.done_on.map(|day| lang.date(day)).unwrap_or_default(),
        })
        .collect();
    let selected = region.clone().unwrap_or_default();
    let page = ReplicationsPage {
        layout: Layout::new(&auth, "replikasi", lang.t("Replikasi inovasi"))
            .translated()
            .describe(
                lang.t("Daerah yang mereplikasi inovasi daerah lain, dengan tahap dan tanggalnya."),
            ),
        regions: region_choices(app, &selected).await.or_page(&auth)?,
        cases: lines,
        counts,
        adopters,
    };
    Ok(render(StatusCode::OK, &page))
}
