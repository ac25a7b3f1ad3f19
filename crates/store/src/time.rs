//! Times and dates as stored: RFC 3339 UTC text with a fixed width, so text order is time
//! order on both backends.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::error::StoreError;

pub fn to_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn now_text() -> String {
    to_text(Utc::now())
}

pub fn parse(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|e| StoreError::corrupt(format!("time {text:?}: {e}")))
}

pub fn date_to_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| StoreError::corrupt(format!("date {text:?}: {e}")))
}

pub fn parse_opt_date(text: Option<&str>) -> Result<Option<NaiveDate>, StoreError> {
    text.map(parse_date).transpose()
}
