//! Rankings of a year: `/kelola/indeks/peringkat/{tahun}` for those who see the regions
//! (either projection, before publication), and the public `/indeks/{tahun}` once published.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lumbung_service::assessments;
use lumbung_service::domain::region::RegionKind;
use lumbung_service::store::assessments::Ranked;
use lumbung_service::{Caller, ServiceError};
use serde::Deserialize;

use super::super::forms::{query_string, sentence, with_query};
use super::super::{Choice, Layout, PageAuth, PageResult, SignedIn, choices, error_page, render};
use super::{assessment_href, category_label, decimal_text, parse_year};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;

pub struct RankRow {
    pub rank: String,
    pub region: String,
    pub code: String,
    pub kind: String,
    pub href: String,
    pub spd: String,
    pub sid: String,
    pub total: String,
    pub index: String,
    pub category: String,
    pub category_code: String,
}

#[derive(Template)]
#[template(path = "indeks_peringkat.html")]
pub struct RankingPage {
    pub layout: Layout,
    pub heading: String,
    pub year: String,
    pub public: bool,
    pub action: String,
    pub within: String,
    pub clusters: Vec<Choice>,
    pub projections: Vec<Choice>,
    pub message: String,
    pub rows: Vec<RankRow>,
    pub shown: bool,
    pub other_href: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RankingQuery {
    /// A region whose subtree is ranked (default: the nation).
    pub dalam: String,
    /// `provinsi`, `kabupaten` or `kota`.
    pub klaster: String,
    /// `terverifikasi` (default) or `klaim`.
    pub proyeksi: String,
}

fn kind_label(code: &str) -> String {
    RegionKind::from_code(code).map_or_else(|| code.to_owned(), |k| k.label().to_owned())
}

fn rank_row(ranked: &Ranked, year: i32, link: bool) -> RankRow {
    RankRow {
        rank: ranked.rank.to_string(),
        region: ranked.region.name.clone(),
        code: ranked.region.code.clone(),
        kind: kind_label(&ranked.region.kind),
        href: if link {
            assessment_href(&ranked.region.code, year)
        } else {
            String::new()
        },
        spd: decimal_text(&ranked.spd),
        sid: decimal_text(&ranked.sid),
        total: decimal_text(&ranked.total),
        index: decimal_text(&ranked.index),
        category: category_label(&ranked.category),
        category_code: ranked.category.clone(),
    }
}

async fn ranking_page(
    state: &AppState,
    auth: &Auth,
    caller: &Caller,
    year: i32,
    query: &RankingQuery,
    public: bool,
) -> PageResult {
    let within = query.dalam.trim();
    let cluster = query.klaster.trim();
    let claimed = !public && query.proyeksi.trim() == "klaim";
    let heading = if public {
        format!("Peringkat Indeks Inovasi Daerah {year}")
    } else if claimed {
        format!("Peringkat indeks {year} (klaim)")
    } else {
        format!("Peringkat indeks {year} (terverifikasi)")
    };
    let action = if public {
        format!("/indeks/{year}")
    } else {
        format!("/kelola/indeks/peringkat/{year}")
    };
    let filters = query_string(&[("dalam", within), ("klaster", cluster)]);
    let mut body = RankingPage {
        layout: Layout::new(auth, "indeks", heading.clone()),
        heading,
        year: year.to_string(),
        public,
        within: within.to_owned(),
        clusters: choices(
            [
                ("provinsi", "Provinsi"),
                ("kabupaten", "Kabupaten"),
                ("kota", "Kota"),
            ],
            cluster,
        ),
        projections: choices(
            [("terverifikasi", "Terverifikasi"), ("klaim", "Klaim")],
            if claimed { "klaim" } else { "terverifikasi" },
        ),
        message: String::new(),
        rows: Vec::new(),
        shown: false,
        other_href: if public {
            with_query(&format!("/kelola/indeks/peringkat/{year}"), &filters)
        } else {
            with_query(&format!("/indeks/{year}"), &filters)
        },
        action,
    };
    let result = assessments::ranking(
        state.app(),
        caller,
        year,
        (!within.is_empty()).then_some(within),
        (!cluster.is_empty()).then_some(cluster),
        claimed,
    )
    .await;
    match result {
        Ok(ranked) => {
            body.shown = true;
            body.rows = ranked.iter().map(|r| rank_row(r, year, !public)).collect();
            Ok(render(StatusCode::OK, &body))
        }
        Err(ServiceError::Forbidden(_)) if public => {
            body.message = format!(
                "Peringkat Indeks Inovasi Daerah {year} belum diterbitkan. Hasilnya tampil di sini setelah penilaian selesai diverifikasi dan diterbitkan."
            );
            Ok(render(StatusCode::OK, &body))
        }
        Err(error @ (ServiceError::Forbidden(_) | ServiceError::BadInput(_))) => {
            let (status, _, message) = describe(&error);
            body.message = sentence(&message);
            Ok(render(status, &body))
        }
        Err(error) => Err(error_page(auth, &error).into()),
    }
}

/// `GET /kelola/indeks/peringkat/{tahun}?dalam=65&klaster=kabupaten&proyeksi=klaim`.
pub async fn manage(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(year): Path<String>,
    Query(query): Query<RankingQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let year = parse_year(&auth, &year)?;
    ranking_page(&state, &auth, caller, year, &query, false).await
}

/// `GET /indeks/{tahun}`: the published ranking, the same for everyone.
pub async fn public(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Path(year): Path<String>,
    Query(query): Query<RankingQuery>,
) -> PageResult {
    let year = parse_year(&auth, &year)?;
    // Anyone signed in sees here only what the public sees; the menu stays their own.
    ranking_page(&state, &auth, &Caller::anonymous(), year, &query, true).await
}
