//! Officers' complaint pages under `/kelola/pengaduan`, in Indonesian and without any script:
//! the list of the caller's complaints with their deadlines (`list`), the intake of a
//! complaint received through another channel (`intake`), one complaint with its timeline and
//! the forms of the steps the caller may take (`detail`), the resolution ratio that feeds
//! index indicator 29 (`ratio`), recurring themes linked to innovations (`themes`), and the
//! holidays and working-day rules deadlines are counted by (`calendar`).
//!
//! Every form posts with the CSRF token, answers 303 back to its page on success and the same
//! page again on a problem: 422 with the typed values and a message per field, or the
//! service's 403/409 with its message. Buttons a user cannot use are not shown.

mod calendar;
mod detail;
mod intake;
mod list;
mod ratio;
mod themes;

use std::collections::BTreeMap;

use axum::Router;
use axum::routing::{get, post};
use chrono::{DateTime, Datelike, Utc};
use lumbung_service::App;
use lumbung_service::domain::affair::AFFAIRS;
use lumbung_service::domain::complaint::ComplaintStatus;
use lumbung_service::domain::region::RegionCode;
use lumbung_service::domain::time::TimeZone;
use uuid::Uuid;

use super::super::forms::date;
use super::super::{Choice, failure_message, field_errors, is_fatal};
use crate::pages::parse_id;
use crate::state::AppState;

/// The menu section of every officers' complaint page.
const SECTION: &str = "pengaduan";
/// The list's address, which the other pages link back to.
const LIST_HREF: &str = "/kelola/pengaduan";

/// Every route of the officers' complaint pages, for `complaints::routes`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/kelola/pengaduan", get(list::show))
        .route(
            "/kelola/pengaduan/baru",
            get(intake::form).post(intake::submit),
        )
        .route(
            "/kelola/pengaduan/rasio",
            get(ratio::show).post(ratio::feed),
        )
        .route(
            "/kelola/pengaduan/tema",
            get(themes::show).post(themes::link),
        )
        .route("/kelola/pengaduan/tema/{id}/hapus", post(themes::unlink))
        .route("/kelola/pengaduan/kalender", get(calendar::show))
        .route(
            "/kelola/pengaduan/kalender/libur",
            post(calendar::add_holiday),
        )
        .route(
            "/kelola/pengaduan/kalender/libur/{id}/hapus",
            post(calendar::delete_holiday),
        )
        .route(
            "/kelola/pengaduan/kalender/tenggat",
            post(calendar::put_rule),
        )
        .route(
            "/kelola/pengaduan/kalender/tenggat/{id}/hapus",
            post(calendar::delete_rule),
        )
        .route("/kelola/pengaduan/{id}", get(detail::show))
        .route("/kelola/pengaduan/{id}/langkah", post(detail::take_step))
}

// ---------------------------------------------------------------------------------------------
// Shared helpers.

fn complaint_href(id: Uuid) -> String {
    format!("{LIST_HREF}/{id}")
}

/// The CSS class of a complaint status badge.
fn status_class(code: &str) -> &'static str {
    match ComplaintStatus::from_code(code) {
        Some(ComplaintStatus::Received) => "status-draft",
        Some(ComplaintStatus::Verified | ComplaintStatus::Assigned) => "status-submitted",
        Some(ComplaintStatus::InProgress | ComplaintStatus::Reopened) => "status-verified",
        Some(ComplaintStatus::Answered | ComplaintStatus::Closed) => "status-published",
        Some(ComplaintStatus::Rejected) => "status-rejected",
        None => "",
    }
}

/// The short name of a region's time zone: `WIB`, `WITA`, `WIT`.
fn zone_name(zone: TimeZone) -> String {
    zone.code().to_uppercase()
}

/// An instant in the region's own time, as officials write it: `6 Juli 2026 pukul 08.15 WITA`.
fn local_time(at: DateTime<Utc>, region: &RegionCode) -> String {
    let zone = TimeZone::of(region);
    let local = (at + chrono::Duration::hours(i64::from(zone.offset_hours()))).naive_utc();
    format!(
        "{} pukul {} {}",
        date(local.date()),
        local.format("%H.%M"),
        zone_name(zone)
    )
}

/// The year now in western Indonesia, the default of the year filters.
fn this_year(app: &App) -> i32 {
    TimeZone::Wib.local_date(app.clock.now()).year()
}

/// The affairs as options of a category select.
fn category_choices(selected: &str) -> Vec<Choice> {
    AFFAIRS
        .iter()
        .map(|affair| Choice::new(affair.code, affair.name, selected.trim()))
        .collect()
}

/// Region names, looked up once each.
#[derive(Default)]
struct RegionNames(BTreeMap<RegionCode, String>);

impl RegionNames {
    async fn name(&mut self, app: &App, code: &RegionCode) -> String {
        if code.is_nation() {
            return "Seluruh Indonesia".to_owned();
        }
        if let Some(name) = self.0.get(code) {
            return name.clone();
        }
        let name = lumbung_service::regions::get(app, code.as_str())
            .await
            .map_or_else(|_| code.to_string(), |region| region.name);
        self.0.insert(code.clone(), name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;
    use lumbung_service::ServiceError;
    use lumbung_service::domain::FieldErrors;

    #[test]
    fn times_are_written_in_the_regions_zone() {
        let at = Utc.with_ymd_and_hms(2026, 7, 6, 0, 15, 0).unwrap();
        let tarakan = RegionCode::parse("65.71").unwrap();
        let jakarta = RegionCode::parse("31").unwrap();
        assert_eq!(local_time(at, &tarakan), "6 Juli 2026 pukul 08.15 WITA");
        assert_eq!(local_time(at, &jakarta), "6 Juli 2026 pukul 07.15 WIB");
    }

    #[test]
    fn every_status_has_a_badge() {
        for status in ComplaintStatus::ALL {
            assert_ne!(status_class(status.code()), "", "{status:?}");
        }
    }

    #[test]
    fn service_field_names_are_renamed_to_the_page() {
        let mut errors = FieldErrors::new();
        errors.add("category", "kategori tidak dikenal");
        errors.add("follow_up_days", "jumlah hari kerja harus 1–60");
        let renamed = field_errors(
            &ServiceError::Validation(errors),
            &[("category", "rule_category")],
        );
        assert!(renamed.get("rule_category").is_some());
        assert!(renamed.get("follow_up_days").is_some());
        assert!(renamed.get("category").is_none());
    }
}
