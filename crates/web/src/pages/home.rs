//! `/`: what Lumbung Inovasi is, a search box, and the published innovations by form.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use lumbung_service::Caller;
use lumbung_service::domain::innovation::Form;
use lumbung_service::innovations::ListQuery;
use lumbung_service::stats;
use lumbung_service::store::innovations::GroupBy;

use super::forms::{number, query_string, with_query};
use super::{CountRow, CountTable, Layout, OrPage, PageAuth, PageResult, bar_length, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "beranda.html")]
pub struct HomePage {
    pub layout: Layout,
    pub table: CountTable,
}

/// The query of what the public sees: published innovations only.
pub fn published() -> ListQuery {
    ListQuery {
        status: Some("published".into()),
        ..Default::default()
    }
}

pub async fn show(State(state): State<AppState>, PageAuth(auth): PageAuth) -> PageResult {
    let counts = stats::count(
        state.app(),
        &Caller::anonymous(),
        &published(),
        GroupBy::Form,
    )
    .await
    .or_page(&auth)?;
    let count_of = |form: Form| {
        counts
            .groups
            .iter()
            .filter(|g| g.key.as_deref() == Some(form.code()))
            .map(|g| g.count)
            .sum::<i64>()
    };
    let max = Form::ALL.iter().map(|f| count_of(*f)).max().unwrap_or(0);
    let rows = Form::ALL
        .iter()
        .map(|form| CountRow {
            label: form.label().to_owned(),
            count: number(count_of(*form)),
            bar: bar_length(count_of(*form), max),
            href: with_query("/inovasi", &query_string(&[("form", form.code())])),
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &HomePage {
            layout: Layout::new(&auth, "beranda", "Beranda"),
            table: CountTable {
                caption: "Jumlah inovasi terbit menurut bentuk inovasi".into(),
                rows,
                total: number(counts.total),
            },
        },
    ))
}
