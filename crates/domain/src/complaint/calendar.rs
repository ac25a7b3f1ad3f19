//! Working days: weekends, national holidays and cuti bersama, and regional holidays, in the
//! region's own time zone (WIB, WITA, WIT).
//!
//! The national list of the current year ships as data (`holidays-2026.csv`, from SKB 3
//! Menteri No. 1497, 2 and 5 Tahun 2025: 17 libur nasional and 8 cuti bersama); admins edit it
//! and add regional holidays (Galungan in Bali, …) through the service, which builds a
//! [`Calendar`] from what is stored.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::innovation::vocabulary;
use crate::parse::label_key;
use crate::region::RegionCode;

vocabulary! {
    /// What kind of day off.
    HolidayKind, "jenis hari libur" {
        National => "national", "Libur nasional", ["libur nasional", "nasional"];
        CutiBersama => "cuti_bersama", "Cuti bersama", ["cuti bersama"];
        Regional => "regional", "Libur daerah", ["libur daerah", "daerah"];
    }
}

/// A day off. A regional holiday holds in its region's subtree (Bali's in every kabupaten of
/// Bali).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub kind: HolidayKind,
    pub name: String,
    #[serde(default)]
    pub region: Option<RegionCode>,
}

/// The national list of 2026 as shipped.
pub const NATIONAL_2026: &str = include_str!("holidays-2026.csv");

/// Reads a `date,kind,name` list (the shipped file, or an admin's upload).
pub fn parse_holidays(text: &str) -> Result<Vec<Holiday>, String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.splitn(3, ',');
        let (Some(date), Some(kind), Some(name)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("baris {}: harus berisi tanggal,jenis,nama", n + 1));
        };
        let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .map_err(|_| format!("baris {}: tanggal \"{}\" tidak sah", n + 1, date.trim()))?;
        let kind = HolidayKind::parse(kind).map_err(|e| format!("baris {}: {e}", n + 1))?;
        if kind == HolidayKind::Regional {
            return Err(format!(
                "baris {}: libur daerah dicatat bersama wilayahnya, bukan di daftar nasional",
                n + 1
            ));
        }
        found.push(Holiday {
            date,
            kind,
            name: name.trim().to_owned(),
            region: None,
        });
    }
    Ok(found)
}

/// The days off known to the platform.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    national: BTreeMap<NaiveDate, Holiday>,
    regional: BTreeMap<NaiveDate, Vec<Holiday>>,
}

impl Calendar {
    pub fn new(holidays: impl IntoIterator<Item = Holiday>) -> Calendar {
        let mut calendar = Calendar::default();
        for holiday in holidays {
            match &holiday.region {
                Some(_) => calendar
                    .regional
                    .entry(holiday.date)
                    .or_default()
                    .push(holiday),
                None => {
                    calendar.national.insert(holiday.date, holiday);
                }
            }
        }
        calendar
    }

    /// The shipped national list of 2026.
    pub fn national_2026() -> Calendar {
        Calendar::new(parse_holidays(NATIONAL_2026).unwrap_or_default())
    }

    /// Why `date` is not a working day in `region`, or `None` when it is one.
    pub fn day_off(&self, date: NaiveDate, region: &RegionCode) -> Option<String> {
        match date.weekday() {
            Weekday::Sat => return Some("Sabtu".into()),
            Weekday::Sun => return Some("Minggu".into()),
            _ => {}
        }
        if let Some(holiday) = self.national.get(&date) {
            return Some(holiday.name.clone());
        }
        self.regional.get(&date).and_then(|holidays| {
            holidays
                .iter()
                .find(|holiday| {
                    holiday
                        .region
                        .as_ref()
                        .is_some_and(|own| own.covers(region))
                })
                .map(|holiday| holiday.name.clone())
        })
    }

    pub fn is_working_day(&self, date: NaiveDate, region: &RegionCode) -> bool {
        self.day_off(date, region).is_none()
    }

    /// The `n`th working day after `start`: the start day itself never counts (the day a
    /// complaint is received is day zero). `n = 0` gives `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32, region: &RegionCode) -> NaiveDate {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day += Duration::days(1);
            if self.is_working_day(day, region) {
                left -= 1;
            }
        }
        day
    }

    /// Working days after `start` up to and including `end` (0 when `end` is not later).
    pub fn working_days_between(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        region: &RegionCode,
    ) -> u32 {
        let mut count = 0;
        let mut day = start;
        while day < end {
            day += Duration::days(1);
            if self.is_working_day(day, region) {
                count += 1;
            }
        }
        count
    }
}
