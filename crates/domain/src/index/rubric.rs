//! A rubric: one year's indicators, weights, parameter texts, and the rules that turn scores
//! into an index. Rubrics change every year, so they are data: 2026 is built in, other years
//! load from a JSON file of the same shape as `GET /api/v1/rubrics/{year}`.

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Region-level (SPD) or innovation-level (SID) indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    Spd,
    Sid,
}

/// Index category; wire codes are the official Indonesian words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IndexCategory {
    #[serde(rename = "sangat_inovatif")]
    VeryInnovative,
    #[serde(rename = "inovatif")]
    Innovative,
    #[serde(rename = "kurang_inovatif")]
    LessInnovative,
    #[serde(rename = "tidak_dapat_dinilai")]
    NotAssessable,
}

impl IndexCategory {
    pub fn code(self) -> &'static str {
        match self {
            Self::VeryInnovative => "sangat_inovatif",
            Self::Innovative => "inovatif",
            Self::LessInnovative => "kurang_inovatif",
            Self::NotAssessable => "tidak_dapat_dinilai",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::VeryInnovative => "Sangat inovatif",
            Self::Innovative => "Inovatif",
            Self::LessInnovative => "Kurang inovatif",
            Self::NotAssessable => "Tidak dapat dinilai",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// `1`, `2a`, … for SPD; `16`…`35` for SID.
    pub code: String,
    pub aspect: Aspect,
    pub variable: String,
    pub name: String,
    pub weight: Decimal,
    pub mandatory: bool,
    /// The parameter texts of levels 1, 2 and 3, as the officials write them.
    pub levels: [String; 3],
    /// Kinds of evidence (data dukung) accepted, e.g. `dokumen`, `foto`, `video`, `tautan`.
    pub evidence: Vec<String>,
}

/// The reporting window: an innovation must have been implemented or developed within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The innovation-count score: `MIN(n, cap) × factor`, and only when the included
/// innovations cover at least `basic_affairs_required` of the 6 basic-service affairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountRule {
    pub factor: Decimal,
    pub cap: u32,
    pub basic_affairs_required: u32,
}

/// A category band: a rounded index of at least `min` falls in `category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub category: IndexCategory,
    pub min: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub year: i32,
    pub window: Window,
    /// Minimum whitespace-separated words of the design text (rancang bangun).
    pub design_min_words: u32,
    /// The SID average divides by `MAX(divisor_min, n)`.
    pub divisor_min: u32,
    pub count_rule: CountRule,
    /// The highest possible total; the index is `total / max_total × 100`.
    pub max_total: Decimal,
    /// From the highest band down; an index below every band is `tidak_dapat_dinilai`.
    pub bands: Vec<Band>,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rubrik tidak valid: {0}")]
pub struct RubricError(pub String);

const RUBRIC_2026: &str = include_str!("rubric-2026.json");

/// The built-in rubric of a year, if there is one.
pub fn built_in(year: i32) -> Option<Rubric> {
    match year {
        // The file is part of the program and tested; a failure here is a build defect.
        2026 => Rubric::from_json(RUBRIC_2026).ok(),
        _ => None,
    }
}

impl Rubric {
    /// Reads and validates a rubric.
    pub fn from_json(text: &str) -> Result<Rubric, RubricError> {
        let rubric: Rubric = serde_json::from_str(text).map_err(|e| RubricError(e.to_string()))?;
        rubric.validate()?;
        Ok(rubric)
    }

    pub fn indicator(&self, aspect: Aspect, code: &str) -> Option<&Indicator> {
        self.indicators
            .iter()
            .find(|i| i.aspect == aspect && i.code == code)
    }

    pub fn indicators_of(&self, aspect: Aspect) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(move |i| i.aspect == aspect)
    }

    /// The highest score of an aspect: every indicator at level 3.
    pub fn aspect_max(&self, aspect: Aspect) -> Decimal {
        self.indicators_of(aspect)
            .map(|i| i.weight * Decimal::from(3))
            .sum()
    }

    /// The highest innovation-count score.
    pub fn count_max(&self) -> Decimal {
        self.count_rule.factor * Decimal::from(self.count_rule.cap)
    }

    /// The category of a rounded index.
    pub fn category(&self, rounded_index: Decimal) -> IndexCategory {
        self.bands
            .iter()
            .find(|band| rounded_index >= band.min)
            .map_or(IndexCategory::NotAssessable, |band| band.category)
    }

    fn validate(&self) -> Result<(), RubricError> {
        let fail = |message: String| Err(RubricError(message));
        if !(2000..=2100).contains(&self.year) {
            return fail(format!("tahun {} di luar rentang", self.year));
        }
        if self.window.start > self.window.end {
            return fail("awal jendela pelaporan sesudah akhirnya".into());
        }
        if self.design_min_words == 0 {
            return fail("minimal kata rancang bangun harus lebih dari 0".into());
        }
        if self.divisor_min == 0 {
            return fail("pembagi minimal harus lebih dari 0".into());
        }
        if self.count_rule.factor <= Decimal::ZERO {
            return fail("faktor skor jumlah inovasi harus positif".into());
        }
        if self.count_rule.basic_affairs_required > 6 {
            return fail("urusan pelayanan dasar yang disyaratkan paling banyak 6".into());
        }
        let mut seen = HashSet::new();
        for indicator in &self.indicators {
            if indicator.code.trim().is_empty() || !seen.insert((indicator.aspect, &indicator.code))
            {
                return fail(format!(
                    "kode indikator \"{}\" kosong atau ganda",
                    indicator.code
                ));
            }
            if indicator.weight <= Decimal::ZERO {
                return fail(format!("bobot indikator {} harus positif", indicator.code));
            }
            if indicator.levels.iter().any(|text| text.trim().is_empty()) {
                return fail(format!(
                    "parameter indikator {} belum lengkap",
                    indicator.code
                ));
            }
        }
        if self.indicators_of(Aspect::Spd).next().is_none()
            || self.indicators_of(Aspect::Sid).next().is_none()
        {
            return fail("rubrik harus memuat indikator SPD dan SID".into());
        }
        let computed =
            self.aspect_max(Aspect::Spd) + self.aspect_max(Aspect::Sid) + self.count_max();
        if computed != self.max_total {
            return fail(format!(
                "skor maksimal {} tidak sama dengan jumlah maksimal SPD, SID dan jumlah inovasi ({computed})",
                self.max_total
            ));
        }
        if self.bands.is_empty() || self.bands.windows(2).any(|pair| pair[0].min <= pair[1].min) {
            return fail("batas kategori harus menurun dari yang tertinggi".into());
        }
        if self
            .bands
            .iter()
            .any(|band| band.category == IndexCategory::NotAssessable)
        {
            return fail(
                "\"tidak dapat dinilai\" adalah sisa di bawah batas terendah, bukan batas".into(),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn the_2026_rubric_has_its_maxima() {
        let rubric = built_in(2026).unwrap();
        assert_eq!(rubric.aspect_max(Aspect::Spd), dec!(63));
        assert_eq!(rubric.aspect_max(Aspect::Sid), dec!(111));
        assert_eq!(rubric.count_max(), dec!(76.00));
        assert_eq!(rubric.max_total, dec!(250));
        let spd: Vec<&str> = rubric
            .indicators_of(Aspect::Spd)
            .map(|i| i.code.as_str())
            .collect();
        assert_eq!(
            spd,
            [
                "1", "2a", "2b", "3", "4", "5a", "5b", "6", "7", "8", "9", "10a", "10b", "11a",
                "11b", "12", "13a", "13b", "14", "15"
            ]
        );
        let sid: Vec<String> = rubric
            .indicators_of(Aspect::Sid)
            .map(|i| i.code.clone())
            .collect();
        assert_eq!(sid, (16..=35).map(|n| n.to_string()).collect::<Vec<_>>());
        let mandatory: Vec<&str> = rubric
            .indicators_of(Aspect::Sid)
            .filter(|i| i.mandatory)
            .map(|i| i.code.as_str())
            .collect();
        assert_eq!(mandatory, ["16", "17", "32", "33", "35"]);
        assert_eq!(rubric.count_rule.factor, dec!(0.38));
        assert_eq!(
            rubric.indicator(Aspect::Sid, "31").unwrap().name,
            "Replikasi"
        );
    }

    #[test]
    fn bands_read_the_rounded_index() {
        let rubric = built_in(2026).unwrap();
        assert_eq!(rubric.category(dec!(65.01)), IndexCategory::VeryInnovative);
        assert_eq!(rubric.category(dec!(65.00)), IndexCategory::Innovative);
        assert_eq!(rubric.category(dec!(40.01)), IndexCategory::Innovative);
        assert_eq!(rubric.category(dec!(40.00)), IndexCategory::LessInnovative);
        assert_eq!(rubric.category(dec!(0.01)), IndexCategory::LessInnovative);
        assert_eq!(rubric.category(dec!(0.00)), IndexCategory::NotAssessable);
    }

    #[test]
    fn a_rubric_round_trips_through_json() {
        let rubric = built_in(2026).unwrap();
        let text = serde_json::to_string(&rubric).unwrap();
        assert_eq!(Rubric::from_json(&text).unwrap(), rubric);
    }

    #[test]
    fn invalid_rubrics_are_refused_with_a_reason() {
        let rubric = built_in(2026).unwrap();
        let mut wrong_max = rubric.clone();
        wrong_max.max_total = dec!(251);
        let mut bad_bands = rubric.clone();
        bad_bands.bands.reverse();
        let mut bad_window = rubric.clone();
        bad_window.window.start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut duplicate = rubric.clone();
        duplicate.indicators.push(duplicate.indicators[0].clone());
        for (bad, expected) in [
            (wrong_max, "skor maksimal"),
            (bad_bands, "menurun"),
            (bad_window, "jendela"),
            (duplicate, "ganda"),
        ] {
            let text = serde_json::to_string(&bad).unwrap();
            let error = Rubric::from_json(&text).unwrap_err();
            assert!(error.0.contains(expected), "{error}");
        }
        assert!(Rubric::from_json("{\"year\": 2027}").is_err());
    }
}
