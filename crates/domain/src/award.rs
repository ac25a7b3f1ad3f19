//! Awards (penghargaan) an innovation received: body, event, year, rank.

use serde::{Deserialize, Serialize};

/// An award as recorded, e.g. KemenPAN-RB · KIPP · 2019 · Top 45.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Award {
    /// The awarding body (KemenPAN-RB, Kemendagri, a province).
    pub body: String,
    /// The competition or programme (KIPP, IGA, OAPSI, a provincial contest).
    pub event: String,
    pub year: i32,
    /// Top 99, Top 45, Juara II, Outstanding Achievement; empty when the event has no ranks.
    pub rank: String,
}

/// Events whose awarding body is known without being written.
const KNOWN_BODIES: [(&str, &str); 6] = [
    ("kipp", "KemenPAN-RB"),
    ("sinovik", "KemenPAN-RB"),
    ("oapsi", "KemenPAN-RB"),
    ("iga", "Kemendagri"),
    ("innovative government award", "Kemendagri"),
    ("unpsa", "PBB"),
];

impl Award {
    pub fn new(body: &str, event: &str, year: i32, rank: &str) -> Result<Award, String> {
        let event = event.trim();
        if event.is_empty() {
            return Err("nama ajang penghargaan wajib diisi".into());
        }
        if !(1990..=2100).contains(&year) {
            return Err(format!("tahun penghargaan {year} tidak masuk akal"));
        }
        let body = match body.trim() {
            "" => Self::body_of(event).unwrap_or_default().to_owned(),
            given => given.to_owned(),
        };
        Ok(Award {
            body,
            event: event.to_owned(),
            year,
            rank: rank.trim().to_owned(),
        })
    }

    fn body_of(event: &str) -> Option<&'static str> {
        let event = event.to_lowercase();
        KNOWN_BODIES
            .iter()
            .find(|(key, _)| event.split_whitespace().any(|w| w == *key) || event == *key)
            .map(|(_, body)| *body)
    }

    /// Reads an award as a spreadsheet cell holds it: `Top 45 KIPP 2019`, `OAPSI 2021`,
    /// `Juara II Lomba Inovasi Kemendagri 2020`. The year is required.
    pub fn parse(text: &str) -> Result<Award, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let year_at = words.iter().position(|w| {
            w.len() == 4
                && w.bytes().all(|b| b.is_ascii_digit())
                && (w.starts_with("19") || w.starts_with("20"))
        });
        let Some(year_at) = year_at else {
            return Err(format!(
                "penghargaan \"{}\" tidak memuat tahun; tulis misalnya \"Top 45 KIPP 2019\"",
                text.trim()
            ));
        };
        let year: i32 = words[year_at]
            .parse()
            .map_err(|_| "tahun tidak sah".to_owned())?;
        let mut rest: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != year_at)
            .map(|(_, w)| *w)
            .collect();
        let lower: Vec<String> = rest.iter().map(|w| w.to_lowercase()).collect();
        let rank_len = match lower.as_slice() {
            [first, second, ..] if (first == "top" || first == "juara") => {
                let _ = second;
                2
            }
            [first, second, ..] if first == "outstanding" && second == "achievement" => 2,
            [first, ..] if first == "finalis" || first == "pemenang" => 1,
            _ => 0,
        };
        let rank = rest.drain(..rank_len).collect::<Vec<_>>().join(" ");
        let event = rest.join(" ");
        let event = event.trim_matches(|c: char| c == ',' || c == '-' || c.is_whitespace());
        Award::new("", event, year, &rank)
    }

    /// The award back as one line of text, as the import reads it.
    pub fn to_text(&self) -> String {
        [
            self.rank.as_str(),
            self.event.as_str(),
            &self.year.to_string(),
        ]
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_awards_as_written() {
        let award = Award::parse("Top 45 KIPP 2019").unwrap();
        assert_eq!(
            award,
            Award {
                body: "KemenPAN-RB".into(),
                event: "KIPP".into(),
                year: 2019,
                rank: "Top 45".into()
            }
        );
        let award = Award::parse("OAPSI 2021").unwrap();
        assert_eq!(
            (award.event.as_str(), award.year, award.rank.as_str()),
            ("OAPSI", 2021, "")
        );
        assert_eq!(award.body, "KemenPAN-RB");
        let award = Award::parse("Juara II Lomba Inovasi Daerah 2020").unwrap();
        assert_eq!(award.rank, "Juara II");
        assert_eq!(award.event, "Lomba Inovasi Daerah");
        assert_eq!(award.body, "");
    }

    #[test]
    fn round_trips_through_text() {
        let award = Award::parse("Top 99 KIPP 2020").unwrap();
        assert_eq!(Award::parse(&award.to_text()).unwrap(), award);
    }

    #[test]
    fn needs_a_year_and_an_event() {
        assert!(Award::parse("Top 45 KIPP").unwrap_err().contains("tahun"));
        assert!(Award::parse("2019").is_err());
        assert!(Award::new("", "KIPP", 1800, "").is_err());
    }
}
