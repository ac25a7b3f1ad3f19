//! Replication pages under `/kelola/replikasi`, in Indonesian and without any script: the
//! programmes with their adopters × innovations matrix and monitoring, each case with its
//! timeline, documents, adaptation, action plan, mentoring log, progress reports and
//! sign-offs, and the suggestions of innovations worth replicating.
//!
//! Every form posts with the CSRF token, answers 303 back to its page on success and the
//! same page again on a problem: 422 with the typed values and a message per field, or the
//! service's 403/409 with its message. Buttons a side cannot use are not shown.

mod case;
mod programmes;
mod public;
mod suggestions;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use lumbung_service::App;
use lumbung_service::domain::region::RegionCode;
use rust_decimal::{Decimal, RoundingStrategy};
use uuid::Uuid;

use super::parse_id;
use super::{failure_message, field_errors, is_fatal};
use crate::state::AppState;
pub(super) use lumbung_service::replications::reach::{administered, followed, organises};

/// Every route of the replication pages, for `pages::routes`.
pub fn routes(max_upload_bytes: usize) -> Router<AppState> {
    Router::new()
        .route("/replikasi", get(public::list))
        .route("/kelola/replikasi", get(programmes::list))
        .route(
            "/kelola/replikasi/program/baru",
            get(programmes::new_form).post(programmes::create),
        )
        .route("/kelola/replikasi/program/{id}", get(programmes::show))
        .route(
            "/kelola/replikasi/program/{id}/ubah",
            get(programmes::edit_form).post(programmes::update),
        )
        .route(
            "/kelola/replikasi/program/{id}/pilih",
            post(programmes::choose),
        )
        .route(
            "/kelola/replikasi/program/{id}/pemantauan",
            get(programmes::monitoring),
        )
        .route("/kelola/replikasi/saran", get(suggestions::show))
        .route("/kelola/replikasi/kasus/baru", post(suggestions::open))
        .route("/kelola/replikasi/kasus/{id}", get(case::show))
        .route(
            "/kelola/replikasi/kasus/{id}/langkah",
            post(case::take_step),
        )
        .route(
            "/kelola/replikasi/kasus/{id}/dokumen",
            post(case::add_document).layer(DefaultBodyLimit::max(max_upload_bytes)),
        )
        .route(
            "/kelola/replikasi/kasus/{id}/ubah",
            post(case::update_details),
        )
        .route(
            "/kelola/replikasi/kasus/{id}/kegiatan",
            post(case::add_item),
        )
        .route(
            "/kelola/replikasi/kasus/{id}/kegiatan/{item}",
            post(case::update_item),
        )
        .route(
            "/kelola/replikasi/kasus/{id}/kegiatan/{item}/hapus",
            post(case::delete_item),
        )
        .route(
            "/kelola/replikasi/kasus/{id}/pendampingan",
            post(case::add_session),
        )
        .route(
            "/kelola/replikasi/kasus/{id}/laporan",
            post(case::add_report),
        )
        .route(
            "/kelola/replikasi/kasus/{id}/tandatangan",
            post(case::sign_off),
        )
}

// ---------------------------------------------------------------------------------------------
// Shared helpers.

fn case_href(id: Uuid) -> String {
    format!("/kelola/replikasi/kasus/{id}")
}

fn programme_href(id: Uuid) -> String {
    format!("/kelola/replikasi/program/{id}")
}

/// A percentage the Indonesian way, one decimal at most: `62,5 %`.
fn percent(value: Decimal) -> String {
    let rounded = value
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    format!("{} %", rounded.to_string().replace('.', ","))
}

/// Rupiah with thousands dots and a decimal comma, as typed back into a form and printed:
/// `15.000.000`, `1.500,5`.
fn rupiah(value: Decimal) -> String {
    let text = value.normalize().to_string();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    if !fraction.is_empty() {
        grouped.push(',');
        grouped.push_str(fraction);
    }
    if negative {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// The CSS class of a case status badge.
fn status_class(code: &str) -> &'static str {
    match code {
        "interest" => "status-draft",
        "agreement" | "approval" => "status-submitted",
        "implementation" => "status-verified",
        "done" => "status-published",
        "rejected" => "status-rejected",
        _ => "",
    }
}

/// A region's name, or its code when it is not known.
async fn region_name(app: &App, code: &RegionCode) -> String {
    if code.is_nation() {
        return "Nasional".to_owned();
    }
    lumbung_service::regions::get(app, code.as_str())
        .await
        .map_or_else(|_| code.to_string(), |region| region.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lumbung_service::ServiceError;
    use lumbung_service::domain::FieldErrors;
    use rust_decimal::dec;

    #[test]
    fn percentages_and_rupiah_read_the_indonesian_way() {
        assert_eq!(percent(dec!(50)), "50 %");
        assert_eq!(percent(dec!(62.5)), "62,5 %");
        assert_eq!(percent(dec!(33.333333)), "33,3 %");
        assert_eq!(percent(Decimal::ZERO), "0 %");
        assert_eq!(rupiah(dec!(15000000)), "15.000.000");
        assert_eq!(rupiah(dec!(1500.50)), "1.500,5");
        assert_eq!(rupiah(dec!(999)), "999");
    }

    #[test]
    fn service_field_names_are_renamed_to_the_page() {
        let mut errors = FieldErrors::new();
        errors.add("progress", "kemajuan 0 sampai 100 persen");
        errors.add("activity", "kegiatan wajib diisi");
        let renamed = field_errors(
            &ServiceError::Validation(errors),
            &[("progress", "item_progress")],
        );
        assert!(renamed.get("item_progress").is_some());
        assert!(renamed.get("activity").is_some());
        assert!(renamed.get("progress").is_none());
    }
}
