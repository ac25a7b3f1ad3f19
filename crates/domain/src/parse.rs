//! Lenient reading of values as people write them in forms and spreadsheets.

use chrono::{Duration, NaiveDate};

/// Lower-case, punctuation as spaces, runs of spaces collapsed: the key under which labels are
/// compared, so `Uji Coba`, `uji-coba` and ` UJI  COBA ` are the same.
pub fn label_key(text: &str) -> String {
    let replaced: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else if c == '&' {
                '&'
            } else {
                ' '
            }
        })
        .collect();
    replaced
        .replace('&', " dan ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const MONTHS: [(&str, u32); 24] = [
    ("januari", 1),
    ("februari", 2),
    ("maret", 3),
    ("april", 4),
    ("mei", 5),
    ("juni", 6),
    ("juli", 7),
    ("agustus", 8),
    ("september", 9),
    ("oktober", 10),
    ("november", 11),
    ("desember", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("agu", 8),
    ("agt", 8),
    ("sep", 9),
    ("okt", 10),
    ("nov", 11),
    ("des", 12),
];

/// The day 0 of spreadsheet serial dates (Excel and LibreOffice both count from here, for
/// every date after February 1900).
fn spreadsheet_epoch() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1899, 12, 30)
}

/// Converts a spreadsheet serial day number (e.g. 44267 = 2021-03-12) to a date.
pub fn date_from_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    spreadsheet_epoch()?.checked_add_signed(Duration::days(serial.trunc() as i64))
}

/// Reads a date written as `2021-03-12`, `12/03/2021` or `12-03-2021` (day first, as
/// Indonesians write), `12 Maret 2021`, or a spreadsheet serial number.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let invalid = || {
        format!(
            "tanggal \"{text}\" tidak dikenali; tulis sebagai 2021-03-12, 12/03/2021 atau 12 Maret 2021"
        )
    };
    if text.is_empty() {
        return Err("tanggal kosong".into());
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date);
    }
    // A date-time from a spreadsheet or an API client: keep the date part.
    if text.len() > 10
        && text.is_char_boundary(10)
        && let Ok(date) = NaiveDate::parse_from_str(&text[..10], "%Y-%m-%d")
    {
        return Ok(date);
    }
    for format in ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Ok(date);
        }
    }
    if let Ok(serial) = text.parse::<f64>() {
        return date_from_serial(serial).ok_or_else(invalid);
    }
    let words: Vec<String> = label_key(text).split(' ').map(str::to_owned).collect();
    if let [day, month, year] = words.as_slice() {
        let month = MONTHS
            .iter()
            .find(|(name, _)| name == month)
            .map(|(_, number)| *number);
        if let (Ok(day), Some(month), Ok(year)) = (day.parse::<u32>(), month, year.parse::<i32>())
            && let Some(date) = NaiveDate::from_ymd_opt(year, month, day)
        {
            return Ok(date);
        }
    }
    Err(invalid())
}

/// Splits a `;`-separated cell into its trimmed, non-empty parts.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Counts whitespace-separated words, the way the index rubric counts a design text.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn label_key_folds_case_punctuation_and_ampersand() {
        assert_eq!(label_key("  Uji-Coba "), "uji coba");
        assert_eq!(label_key("Koperasi & UKM"), "koperasi dan ukm");
        assert_eq!(
            label_key("Ketenteraman, Ketertiban Umum"),
            "ketenteraman ketertiban umum"
        );
    }

    #[test]
    fn dates_in_every_written_form() {
        assert_eq!(parse_date("2021-03-12").unwrap(), d(2021, 3, 12));
        assert_eq!(parse_date("12/03/2021").unwrap(), d(2021, 3, 12));
        assert_eq!(parse_date("12-03-2021").unwrap(), d(2021, 3, 12));
        assert_eq!(parse_date("12 Maret 2021").unwrap(), d(2021, 3, 12));
        assert_eq!(parse_date("1 agt 2020").unwrap(), d(2020, 8, 1));
        assert_eq!(parse_date("44267").unwrap(), d(2021, 3, 12));
        assert_eq!(parse_date("2021-03-12T00:00:00").unwrap(), d(2021, 3, 12));
    }

    #[test]
    fn day_first_is_never_read_month_first() {
        // 03/12/2021 is 3 December in Indonesia, not 12 March.
        assert_eq!(parse_date("03/12/2021").unwrap(), d(2021, 12, 3));
        assert!(parse_date("31/02/2021").is_err());
        assert!(parse_date("13/13/2021").is_err());
    }

    #[test]
    fn bad_dates_explain_the_accepted_forms() {
        let message = parse_date("kemarin").unwrap_err();
        assert!(message.contains("12/03/2021"), "{message}");
        assert!(parse_date("").is_err());
        assert!(parse_date("-5").is_err());
    }

    #[test]
    fn lists_and_words() {
        assert_eq!(split_list(" a; ;b ;"), vec!["a", "b"]);
        assert_eq!(word_count(" satu  dua\ntiga "), 3);
    }
}
