//! `/kelola/wilayah`: the provinces, and (`?parent=`) the kabupaten/kota of one.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use lumbung_service::domain::region::{Region, RegionKind};
use lumbung_service::regions;
use serde::Deserialize;

use super::forms::{encode, optional};
use super::{Layout, OrPage, PageResult, SignedIn, render};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegionsQuery {
    pub parent: String,
}

pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub administrative: bool,
    pub children_href: String,
    pub agencies_href: String,
    pub innovations_href: String,
    pub dashboard_href: String,
}

fn row(region: &Region) -> RegionRow {
    let code = encode(region.code.as_str());
    RegionRow {
        code: region.code.to_string(),
        name: region.name.clone(),
        kind: region.kind.label().to_owned(),
        administrative: !region.autonomous,
        children_href: if region.kind == RegionKind::Province {
            format!("/kelola/wilayah?parent={code}")
        } else {
            String::new()
        },
        agencies_href: format!("/kelola/perangkat-daerah?region={code}"),
        innovations_href: format!("/kelola/inovasi?region={code}"),
        dashboard_href: format!("/kelola?region={code}"),
    }
}

#[derive(Template)]
#[template(path = "wilayah.html")]
pub struct RegionsPage {
    pub layout: Layout,
    pub heading: String,
    pub parent_name: String,
    pub rows: Vec<RegionRow>,
}

/// `GET /kelola/wilayah?parent=`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<RegionsQuery>,
) -> PageResult {
    let (heading, parent_name, regions) = match optional(&query.parent) {
        Some(parent) => {
            let parent = regions::get(state.app(), &parent).await.or_page(&auth)?;
            let children = regions::list(state.app(), Some(parent.code.as_str()), None)
                .await
                .or_page(&auth)?;
            (
                format!("Kabupaten/kota di {}", parent.name),
                parent.name,
                children,
            )
        }
        None => (
            "Provinsi".to_owned(),
            String::new(),
            regions::list(state.app(), None, Some(1))
                .await
                .or_page(&auth)?,
        ),
    };
    let page = RegionsPage {
        layout: Layout::new(&auth, "wilayah", heading.clone()),
        heading,
        parent_name,
        rows: regions.iter().map(row).collect(),
    };
    Ok(render(StatusCode::OK, &page))
}
