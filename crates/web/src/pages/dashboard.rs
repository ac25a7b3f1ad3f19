//! `/kelola`: counts of innovations by form, stage, kind, affair and agency for a region.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use lumbung_service::domain::region::RegionCode;
use lumbung_service::innovations::ListQuery;
use lumbung_service::store::innovations::GroupBy;
use lumbung_service::{regions, stats};
use serde::Deserialize;

use super::forms::{number, query_string, with_query};
use super::{
    Choice, CountTable, Layout, OrPage, PageResult, SignedIn, count_rows, region_choices, render,
};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DashboardQuery {
    pub region: String,
}

/// One table of the dashboard.
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub table: CountTable,
}

#[derive(Template)]
#[template(path = "dasbor.html")]
pub struct DashboardPage {
    pub layout: Layout,
    pub region_name: String,
    pub regions: Vec<Choice>,
    pub total: String,
    pub list_href: String,
    pub tables: Vec<Section>,
}

const GROUPS: [(GroupBy, &str, &str, &str); 5] = [
    (GroupBy::Form, "bentuk", "Menurut bentuk", "form"),
    (GroupBy::Stage, "tahapan", "Menurut tahapan", "stage"),
    (GroupBy::Kind, "jenis", "Menurut jenis", "kind"),
    (GroupBy::Affair, "urusan", "Menurut urusan utama", "affair"),
    (
        GroupBy::Agency,
        "perangkat",
        "Menurut perangkat daerah",
        "agency",
    ),
];

/// `GET /kelola?region=`: the dashboard of a region (the nation when none is chosen).
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<DashboardQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let region = RegionCode::parse(&query.region)
        .ok()
        .filter(|code| !code.is_nation());
    let region_text = region.as_ref().map(ToString::to_string).unwrap_or_default();
    let region_name = match &region {
        Some(code) => {
            regions::get(state.app(), code.as_str())
                .await
                .or_page(&auth)?
                .name
        }
        None => "Seluruh Indonesia".to_owned(),
    };
    let list_query = ListQuery {
        region: region.as_ref().map(ToString::to_string),
        ..Default::default()
    };
    let mut tables = Vec::new();
    let mut total = 0;
    for (group_by, id, title, param) in GROUPS {
        let counts = stats::count(state.app(), caller, &list_query, group_by)
            .await
            .or_page(&auth)?;
        total = counts.total;
        let rows = count_rows(&counts, |key| {
            with_query(
                "/kelola/inovasi",
                &query_string(&[("region", &region_text), (param, key)]),
            )
        });
        tables.push(Section {
            id,
            title,
            table: CountTable {
                caption: format!("Jumlah inovasi {} — {region_name}", title.to_lowercase()),
                rows,
                total: number(counts.total),
            },
        });
    }
    let page = DashboardPage {
        layout: Layout::new(&auth, "dasbor", format!("Dasbor — {region_name}")),
        regions: region_choices(state.app(), &region_text)
            .await
            .or_page(&auth)?,
        total: number(total),
        list_href: with_query(
            "/kelola/inovasi",
            &query_string(&[("region", &region_text)]),
        ),
        region_name,
        tables,
    };
    Ok(render(StatusCode::OK, &page))
}
