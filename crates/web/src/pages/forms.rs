//! Pure helpers of the pages: reading submitted forms, building links, and writing numbers
//! and dates the way Indonesian officials read them.

use chrono::NaiveDate;
use lumbung_service::domain::award::Award;
use lumbung_service::innovations::AwardInput;

/// The fields of a submitted `application/x-www-form-urlencoded` form, in order, repeated
/// names kept (checkbox groups send one pair per ticked box).
#[derive(Debug, Clone, Default)]
pub struct FormFields(pub Vec<(String, String)>);

impl FormFields {
    /// The first value of a field, or "" when it was not sent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .unwrap_or("")
    }

    /// Every non-empty value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(key, value)| key == name && !value.trim().is_empty())
            .map(|(_, value)| value.trim().to_owned())
            .collect()
    }
}

/// Text that may be left empty: trimmed, and `None` when nothing is left.
pub fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The non-empty lines of a textarea, trimmed.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Awards written one per line ("Top 45 KIPP 2019"); the lines that cannot be read give
/// their messages instead.
pub fn parse_awards(text: &str) -> (Vec<AwardInput>, Vec<String>) {
    let mut awards = Vec::new();
    let mut errors = Vec::new();
    for line in lines(text) {
        match Award::parse(&line) {
            Ok(award) => awards.push(AwardInput {
                body: award.body,
                event: award.event,
                year: award.year,
                rank: award.rank,
            }),
            Err(message) => errors.push(message),
        }
    }
    (awards, errors)
}

/// A message as a sentence: first letter capital, ending with a full stop.
pub fn sentence(message: &str) -> String {
    let message = message.trim();
    let mut chars = message.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// How many words a text has.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Text split into paragraphs at blank lines, each paragraph's lines joined.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut result = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                result.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        result.push(current.join(" "));
    }
    result
}

/// Percent-encodes a query-string value.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A query string (without `?`) of the pairs whose value is not empty.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(key, value)| format!("{key}={}", encode(value.trim())))
        .collect::<Vec<_>>()
        .join("&")
}

/// A path with a query string, the `?` only when there is something to ask.
pub fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// Where to go after signing in: only our own management pages, never another site.
pub fn safe_next(next: &str) -> Option<String> {
    let next = next.trim();
    let ours = next == "/kelola" || next.starts_with("/kelola/") || next.starts_with("/kelola?");
    (ours && !next.contains("//") && !next.contains('\\') && !next.chars().any(char::is_control))
        .then(|| next.to_owned())
}

/// A page number from a query string; anything unreadable is the first page.
pub fn page_number(text: Option<&str>) -> u32 {
    text.and_then(|t| t.trim().parse::<u32>().ok())
        .filter(|page| *page >= 1)
        .unwrap_or(1)
}

/// A count with the Indonesian thousands separator: `12.345`.
pub fn number(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    if value < 0 { format!("-{out}") } else { out }
}

/// A date as written in Indonesian letters: `1 Februari 2019` (the reports' one formatter).
pub fn date(value: NaiveDate) -> String {
    lumbung_service::clock::indonesian_date(value)
}

/// An optional date, or "" when there is none.
pub fn optional_date(value: Option<NaiveDate>) -> String {
    value.map(date).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_repeated_and_missing_fields() {
        let fields = FormFields(vec![
            ("name".into(), "Sipelandukilat".into()),
            ("related_affairs".into(), "kesehatan".into()),
            ("related_affairs".into(), " ".into()),
            ("related_affairs".into(), "sosial".into()),
        ]);
        assert_eq!(fields.get("name"), "Sipelandukilat");
        assert_eq!(fields.get("theme"), "");
        assert_eq!(fields.all("related_affairs"), ["kesehatan", "sosial"]);
        assert_eq!(optional("  "), None);
        assert_eq!(optional(" a ").as_deref(), Some("a"));
        assert_eq!(lines("a\r\n\n  b  \n"), ["a", "b"]);
    }

    #[test]
    fn reads_awards_one_per_line() {
        let (awards, errors) = parse_awards("Top 45 KIPP 2019\n\nOAPSI 2021\nJuara umum");
        assert_eq!(awards.len(), 2);
        assert_eq!(awards[0].event, "KIPP");
        assert_eq!(awards[0].rank, "Top 45");
        assert_eq!(awards[0].year, 2019);
        assert_eq!(awards[1].body, "KemenPAN-RB");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("tahun"));
    }

    #[test]
    fn messages_read_as_sentences() {
        assert_eq!(
            sentence("surel atau kata sandi salah"),
            "Surel atau kata sandi salah."
        );
        assert_eq!(sentence("Sudah benar."), "Sudah benar.");
        assert_eq!(sentence(" "), "");
    }

    #[test]
    fn counts_words_and_splits_paragraphs() {
        assert_eq!(word_count("  satu dua\ntiga  "), 3);
        assert_eq!(word_count(""), 0);
        assert_eq!(
            paragraphs("a\nb\n\n\nc\n"),
            vec!["a b".to_owned(), "c".to_owned()]
        );
    }

    #[test]
    fn builds_query_strings() {
        assert_eq!(encode("a b&c=ü/"), "a+b%26c%3D%C3%BC%2F");
        assert_eq!(
            query_string(&[("q", "air bersih"), ("region", ""), ("stage", "uji_coba")]),
            "q=air+bersih&stage=uji_coba"
        );
        assert_eq!(with_query("/inovasi", ""), "/inovasi");
        assert_eq!(with_query("/inovasi", "q=a"), "/inovasi?q=a");
        assert_eq!(page_number(Some("3")), 3);
        assert_eq!(page_number(Some("0")), 1);
        assert_eq!(page_number(Some("x")), 1);
        assert_eq!(page_number(None), 1);
    }

    #[test]
    fn only_our_own_pages_after_sign_in() {
        assert_eq!(safe_next("/kelola").as_deref(), Some("/kelola"));
        assert_eq!(
            safe_next("/kelola/inovasi?status=draft").as_deref(),
            Some("/kelola/inovasi?status=draft")
        );
        for bad in [
            "",
            "https://evil.example/kelola",
            "//evil.example",
            "/kelola//evil",
            "/kelolaan",
            "/kelola/\\evil",
            "/",
        ] {
            assert_eq!(safe_next(bad), None, "{bad}");
        }
    }

    #[test]
    fn writes_numbers_and_dates_in_indonesian() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1234), "1.234");
        assert_eq!(number(1234567), "1.234.567");
        assert_eq!(number(-1000), "-1.000");
        let day = NaiveDate::from_ymd_opt(2019, 2, 1).unwrap();
        assert_eq!(date(day), "1 Februari 2019");
        assert_eq!(optional_date(None), "");
    }
}
