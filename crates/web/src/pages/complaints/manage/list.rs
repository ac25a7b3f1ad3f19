//! `GET /kelola/pengaduan`: the complaints of the caller's scope, newest first, with their
//! deadlines and a clear flag on those late on one.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use lumbung_service::ServiceError;
use lumbung_service::complaints::{self, ComplaintSummary, ListQuery};
use lumbung_service::domain::complaint::ComplaintStatus;
use serde::Deserialize;

use super::super::super::forms::date;
use super::super::super::{
    Choice, Layout, PageResult, SignedIn, choices, page_error, region_choices, render,
};
use super::{
    RegionNames, SECTION, category_choices, complaint_href, failure_message, is_fatal, local_time,
    status_class,
};
use crate::error::describe;
use crate::state::AppState;
use lumbung_service::complaints::desk::Desk;

pub struct Row {
    pub href: String,
    pub tracking_number: String,
    pub subject: String,
    pub category: String,
    pub region: String,
    pub agency: String,
    pub status_label: String,
    pub status_class: &'static str,
    pub received: String,
    pub verify_by: String,
    pub follow_up_by: String,
    /// "verifikasi" or "tindak lanjut" when late on that deadline now.
    pub overdue: String,
    pub escalated: bool,
}

fn row(summary: &ComplaintSummary) -> Row {
    Row {
        href: complaint_href(summary.id),
        tracking_number: summary.tracking_number.clone(),
        subject: summary.subject.clone(),
        category: summary.category_name.clone(),
        region: summary.region_name.clone(),
        agency: summary.agency_name.clone().unwrap_or_default(),
        status_label: summary.status_label.to_owned(),
        status_class: status_class(&summary.status),
        received: local_time(summary.received_at, &summary.region_code),
        verify_by: date(summary.verify_by),
        follow_up_by: date(summary.follow_up_by),
        overdue: summary
            .overdue
            .map(|stage| stage.label().to_owned())
            .unwrap_or_default(),
        escalated: summary.escalated,
    }
}

#[derive(Template)]
#[template(path = "kelola_pengaduan.html")]
pub struct ListPage {
    pub layout: Layout,
    pub message: String,
    pub scope_note: String,
    pub regions: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub year: String,
    pub only_overdue: bool,
    pub filtered: bool,
    pub rows: Vec<Row>,
    pub late: usize,
    pub can_intake: bool,
    pub reviews: bool,
}

/// The filters as they come in the address: text, so a wrong value comes back unchanged.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filters {
    pub wilayah: String,
    pub status: String,
    pub tahun: String,
    pub kategori: String,
    pub terlambat: String,
}

/// `GET /kelola/pengaduan`: filters `wilayah`, `status`, `tahun`, `kategori`, `terlambat`.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(filters): Query<Filters>,
) -> PageResult {
    let caller = &auth.caller;
    let desk = Desk::of(caller);
    let app = state.app();
    let year_text = filters.tahun.trim();
    let year = year_text.parse::<i32>().ok();
    let only_overdue = matches!(filters.terlambat.trim(), "1" | "ya" | "true");
    let query = ListQuery {
        region: Some(filters.wilayah.trim().to_owned()).filter(|r| !r.is_empty()),
        status: Some(filters.status.trim().to_owned()).filter(|s| !s.is_empty()),
        year,
        category: Some(filters.kategori.trim().to_owned()).filter(|c| !c.is_empty()),
        overdue: only_overdue.then_some(true),
    };
    let (status, rows, mut message) = match complaints::list(app, caller, &query).await {
        Ok(found) => (StatusCode::OK, found, String::new()),
        Err(error) if is_fatal(&error) => {
            return Err(page_error(&auth, &error));
        }
        Err(ServiceError::Forbidden(_)) => (
            StatusCode::FORBIDDEN,
            Vec::new(),
            "Akun Anda tidak menangani pengaduan di wilayah ini. Pengaduan dapat dilihat oleh admin dan verifikator wilayah serta operator perangkat daerah yang ditugasi."
                .to_owned(),
        ),
        Err(error) => (describe(&error).0, Vec::new(), failure_message(&error)),
    };
    if !year_text.is_empty() && year.is_none() && message.is_empty() {
        message = "Tahun ditulis dengan angka, mis. 2026; saringan tahun diabaikan.".to_owned();
    }
    let regions = region_choices(app, filters.wilayah.trim())
        .await
        .unwrap_or_default();
    let scope_note = {
        let mut lookup = RegionNames::default();
        let mut names = Vec::new();
        for region in &desk.home_regions {
            names.push(lookup.name(app, region).await);
        }
        if names.is_empty() {
            String::new()
        } else {
            format!("Wilayah kewenangan Anda: {}.", names.join(", "))
        }
    };
    let rows: Vec<Row> = rows.iter().map(row).collect();
    let page = ListPage {
        layout: Layout::new(&auth, SECTION, "Pengaduan masyarakat"),
        message,
        scope_note,
        regions,
        statuses: choices(
            ComplaintStatus::ALL.iter().map(|s| (s.code(), s.label())),
            filters.status.trim(),
        ),
        categories: category_choices(&filters.kategori),
        year: year_text.to_owned(),
        only_overdue,
        filtered: query.region.is_some()
            || query.status.is_some()
            || !year_text.is_empty()
            || query.category.is_some()
            || only_overdue,
        late: rows.iter().filter(|r| !r.overdue.is_empty()).count(),
        rows,
        can_intake: desk.may_intake,
        reviews: desk.reviews,
    };
    Ok(render(status, &page))
}
