//! The time the service acts at. Production reads the system clock; tests set it, so
//! deadlines, overdue flags and escalations can be checked on chosen days.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, NaiveDate, Utc};
use lumbung_domain::region::RegionCode;
use lumbung_domain::time::TimeZone;
/// Dates written in Indonesian letters (`1 Februari 2019`): one formatter for pages, mail and PDFs.
pub use lumbung_reports::pdf::indonesian_date;

/// A clock shared by every clone of the application.
#[derive(Debug, Clone, Default)]
pub struct Clock(Arc<RwLock<Option<DateTime<Utc>>>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// Stops the clock at `at` (tests, and replaying records entered after the fact).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut fixed) = self.0.write() {
            *fixed = Some(at);
        }
    }

    /// Today in `region`'s own zone.
    pub fn today_in(&self, region: &RegionCode) -> NaiveDate {
        local_day(region, self.now())
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.0
            .read()
            .ok()
            .and_then(|fixed| *fixed)
            .unwrap_or_else(Utc::now)
    }
}

/// The day `at` falls on in `region`'s own zone: WIB, WITA or WIT by its province, WIB for the
/// nation. Steps, certificates and deadlines are dated in the zone of the region they belong to.
pub fn local_day(region: &RegionCode, at: DateTime<Utc>) -> NaiveDate {
    TimeZone::of(region).local_date(at)
}
