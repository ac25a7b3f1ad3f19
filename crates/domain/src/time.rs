//! Indonesia's three time zones. Every moment the product shows, and every day it dates a
//! step by, is read on the wall clock of the region it belongs to: WIB, WITA or WIT.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::innovation::vocabulary;
use crate::parse::label_key;
use crate::region::RegionCode;

vocabulary! {
    /// Indonesia's three time zones.
    TimeZone, "zona waktu" {
        Wib => "wib", "WIB (UTC+7)", ["wib"];
        Wita => "wita", "WITA (UTC+8)", ["wita"];
        Wit => "wit", "WIT (UTC+9)", ["wit"];
    }
}

impl TimeZone {
    pub fn offset_hours(self) -> i32 {
        match self {
            Self::Wib => 7,
            Self::Wita => 8,
            Self::Wit => 9,
        }
    }

    /// The region's zone, by its province: Sumatra, Java, West and Central Kalimantan keep
    /// WIB; Bali, Nusa Tenggara, South, East and North Kalimantan and Sulawesi keep WITA;
    /// Maluku and Papua keep WIT. The nation is read in WIB.
    pub fn of(region: &RegionCode) -> TimeZone {
        let province: u32 = region
            .province()
            .and_then(|code| code.as_str().parse().ok())
            .unwrap_or(0);
        match province {
            51..=53 | 63..=65 | 71..=76 => TimeZone::Wita,
            81..=82 | 91..=99 => TimeZone::Wit,
            _ => TimeZone::Wib,
        }
    }

    /// The calendar day an instant falls on in this zone.
    pub fn local_date(self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date()
    }

    /// The wall-clock time of an instant in this zone.
    pub fn local(self, at: DateTime<Utc>) -> NaiveDateTime {
        (at + Duration::hours(i64::from(self.offset_hours()))).naive_utc()
    }

    /// `WIB`, `WITA` or `WIT`, as written after a time.
    pub fn abbreviation(self) -> &'static str {
        match self {
            Self::Wib => "WIB",
            Self::Wita => "WITA",
            Self::Wit => "WIT",
        }
    }

    /// A moment as a form's `datetime-local` value (`2027-03-01T09:30`) in this zone.
    pub fn input_value(self, at: DateTime<Utc>) -> String {
        self.local(at).format("%Y-%m-%dT%H:%M").to_string()
    }

    /// A form's `datetime-local` value read as a time in this zone; `None` when it is not one.
    pub fn parse_input(self, text: &str) -> Option<DateTime<Utc>> {
        let text = text.trim();
        // Browsers send seconds when the field has a `step` below a minute.
        let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
            .ok()?;
        Some((local - Duration::hours(i64::from(self.offset_hours()))).and_utc())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;

    fn code(text: &str) -> RegionCode {
        RegionCode::parse(text).unwrap()
    }

    #[test]
    fn a_form_time_is_read_and_written_in_the_regions_own_zone() {
        let at = Utc.with_ymd_and_hms(2027, 3, 1, 1, 30, 0).unwrap();
        assert_eq!(TimeZone::Wib.input_value(at), "2027-03-01T08:30");
        assert_eq!(TimeZone::Wita.input_value(at), "2027-03-01T09:30");
        assert_eq!(TimeZone::Wit.input_value(at), "2027-03-01T10:30");
        for zone in [TimeZone::Wib, TimeZone::Wita, TimeZone::Wit] {
            assert_eq!(zone.parse_input(&zone.input_value(at)), Some(at));
        }
        assert_eq!(TimeZone::Wita.parse_input("2027-03-01T09:30"), Some(at));
        assert_eq!(TimeZone::Wit.parse_input("besok pagi"), None);
        // Late in the evening in Jakarta is already the next day in Jayapura.
        let evening = Utc.with_ymd_and_hms(2027, 3, 1, 16, 0, 0).unwrap();
        assert_eq!(TimeZone::Wib.local_date(evening).to_string(), "2027-03-01");
        assert_eq!(TimeZone::Wit.local_date(evening).to_string(), "2027-03-02");
        assert_eq!(TimeZone::of(&code("65")).abbreviation(), "WITA");
    }
}
