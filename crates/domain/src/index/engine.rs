//! The computation of one region's index from its answers, under one rubric.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize};

use super::rubric::{Aspect, IndexCategory, Rubric};
use crate::affair::Affair;
use crate::parse::word_count;

/// The state of an answer's evidence (data dukung).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// No file or link.
    Missing,
    /// Present, not (yet) accepted by a verifier, or returned with a note.
    Pending,
    /// Accepted by a verifier.
    Accepted,
}

impl<'de> Deserialize<'de> for Evidence {
    /// `true` (accepted) or `false` (missing) in the self-contained input, or a state name.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Flag(bool),
            Name(String),
        }
        match Wire::deserialize(deserializer)? {
            Wire::Flag(true) => Ok(Evidence::Accepted),
            Wire::Flag(false) => Ok(Evidence::Missing),
            Wire::Name(name) => match name.as_str() {
                "accepted" => Ok(Evidence::Accepted),
                "pending" => Ok(Evidence::Pending),
                "missing" => Ok(Evidence::Missing),
                other => Err(serde::de::Error::custom(format!(
                    "evidence \"{other}\" unknown; use true, false, accepted, pending or missing"
                ))),
            },
        }
    }
}

/// Which evidence counts: the verified projection counts accepted evidence only; the claimed
/// projection counts evidence that is merely present, to show what the region is aiming at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Projection {
    #[default]
    Verified,
    Claimed,
}

impl Projection {
    fn counts(self, evidence: Evidence) -> bool {
        match self {
            Projection::Verified => evidence == Evidence::Accepted,
            Projection::Claimed => evidence != Evidence::Missing,
        }
    }
}

/// A chosen parameter level (0 = not filled, 1–3) and the state of its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub level: u8,
    pub evidence: Evidence,
}

/// The region-level (SPD) answers, by indicator code.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionAnswers {
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
}

/// One innovation's facts and innovation-level (SID) answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InnovationAnswers {
    pub id: String,
    /// Affair codes; the first is the main affair, which counts for basic-service coverage.
    #[serde(default)]
    pub affairs: Vec<String>,
    pub implementation_start: Option<NaiveDate>,
    #[serde(default)]
    pub latest_development: Option<NaiveDate>,
    /// Words of the design text (rancang bangun), when the text itself is not given.
    #[serde(default)]
    pub design_words: Option<u32>,
    #[serde(default)]
    pub design: Option<String>,
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
}

/// A self-contained request: a year, the region's answers and its innovations. Nothing else
/// is needed to compute an index, so anyone can check the engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationInput {
    pub year: i32,
    #[serde(default)]
    pub projection: Projection,
    #[serde(default)]
    pub region: RegionAnswers,
    #[serde(default)]
    pub innovations: Vec<InnovationAnswers>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvaluateError {
    #[error("indikator {aspect} \"{code}\" tidak ada dalam rubrik {year}{place}")]
    UnknownIndicator {
        year: i32,
        aspect: &'static str,
        code: String,
        place: String,
    },
    #[error("level indikator \"{code}\"{place} harus 0 sampai 3, bukan {level}")]
    InvalidLevel {
        code: String,
        level: u8,
        place: String,
    },
    #[error("urusan \"{code}\" pada inovasi \"{innovation}\" tidak dikenal; gunakan kode urusan")]
    UnknownAffair { code: String, innovation: String },
    #[error("id inovasi \"{0}\" dipakai lebih dari sekali")]
    DuplicateInnovation(String),
}

/// One scored row, explained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub aspect: Aspect,
    /// The innovation's id for SID rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub innovation: Option<String>,
    pub indicator: String,
    pub name: String,
    pub level: u8,
    pub weight: Decimal,
    pub evidence: Evidence,
    /// Whether the row scores: a level chosen and its evidence counting.
    pub counted: bool,
    pub score: Decimal,
    /// E.g. "indikator 31 Replikasi: level 2 × bobot 3 = 6, data dukung diterima".
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InnovationResult {
    pub id: String,
    /// Σ of the rows that count, whether or not the innovation is included.
    pub score: Decimal,
    pub included: bool,
    /// Why it is not included, in words an official reads.
    pub reasons: Vec<String>,
}

/// A region's index: every figure rounded half-up to two decimals from its exact value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub year: i32,
    pub projection: Projection,
    pub spd: Decimal,
    /// Σ of included innovations' scores ÷ divisor.
    pub sid_average: Decimal,
    pub innovation_count_score: Decimal,
    /// `sid_average + innovation_count_score`.
    pub sid: Decimal,
    pub total: Decimal,
    pub index: Decimal,
    pub category: IndexCategory,
    /// How many innovations are included.
    pub included: usize,
    pub divisor: u32,
    /// Basic-service affairs covered by included innovations' main affairs.
    pub basic_affairs_covered: Vec<String>,
    /// Mandatory SPD indicators not yet filled.
    pub empty_mandatory: Vec<String>,
    pub innovations: Vec<InnovationResult>,
    pub lines: Vec<Line>,
}

/// Rounds half away from zero to two decimals, the way officials round.
pub fn round2(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn evidence_text(evidence: Evidence) -> &'static str {
    match evidence {
        Evidence::Missing => "tanpa data dukung",
        Evidence::Pending => "data dukung belum diverifikasi",
        Evidence::Accepted => "data dukung diterima",
    }
}

fn format_date(date: NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}

/// Scores one aspect's answers against the rubric: the sum of counted rows, the lines, and
/// the codes of mandatory indicators left at level 0.
fn score_rows(
    rubric: &Rubric,
    aspect: Aspect,
    answers: &BTreeMap<String, Answer>,
    innovation: Option<&str>,
    projection: Projection,
    lines: Option<&mut Vec<Line>>,
) -> Result<(Decimal, Vec<String>), EvaluateError> {
    let place = innovation.map_or_else(String::new, |id| format!(" pada inovasi \"{id}\""));
    for (code, answer) in answers {
        if rubric.indicator(aspect, code).is_none() {
            return Err(EvaluateError::UnknownIndicator {
                year: rubric.year,
                aspect: match aspect {
                    Aspect::Spd => "SPD",
                    Aspect::Sid => "SID",
                },
                code: code.clone(),
                place,
            });
        }
        if answer.level > 3 {
            return Err(EvaluateError::InvalidLevel {
                code: code.clone(),
                level: answer.level,
                place,
            });
        }
    }
    let mut sum = Decimal::ZERO;
    let mut empty_mandatory = Vec::new();
    let mut lines = lines;
    for indicator in rubric.indicators_of(aspect) {
        let answer = answers.get(&indicator.code).copied().unwrap_or(Answer {
            level: 0,
            evidence: Evidence::Missing,
        });
        if indicator.mandatory && answer.level == 0 {
            empty_mandatory.push(indicator.code.clone());
        }
        let counted = answer.level > 0 && projection.counts(answer.evidence);
        let row = indicator.weight * Decimal::from(answer.level);
        let score = if counted { row } else { Decimal::ZERO };
        sum += score;
        if let Some(lines) = lines.as_deref_mut() {
            let text = if answer.level == 0 {
                format!(
                    "indikator {} {}: belum diisi",
                    indicator.code, indicator.name
                )
            } else {
                format!(
                    "indikator {} {}: level {} × bobot {} = {}, {}{}",
                    indicator.code,
                    indicator.name,
                    answer.level,
                    indicator.weight.normalize(),
                    row.normalize(),
                    evidence_text(answer.evidence),
                    if counted { "" } else { " (tidak dihitung)" }
                )
            };
            lines.push(Line {
                aspect,
                innovation: innovation.map(str::to_owned),
                indicator: indicator.code.clone(),
                name: indicator.name.clone(),
                level: answer.level,
                weight: indicator.weight,
                evidence: answer.evidence,
                counted,
                score,
                text,
            });
        }
    }
    Ok((sum, empty_mandatory))
}

/// Why an innovation is not included (`iid-2026.md`, decision 3), or none.
fn exclusion_reasons(
    rubric: &Rubric,
    innovation: &InnovationAnswers,
    empty_mandatory: &[String],
) -> Vec<String> {
    let window = rubric.window;
    let mut reasons = Vec::new();
    match innovation.implementation_start {
        None => reasons.push("belum ada waktu penerapan".to_owned()),
        Some(start) if start > window.end => reasons.push(format!(
            "diterapkan {} sesudah akhir masa penilaian {}",
            format_date(start),
            format_date(window.end)
        )),
        Some(start) if start < window.start && innovation.latest_development.is_none() => {
            reasons.push(format!(
                "diterapkan {} sebelum awal masa penilaian {} tanpa pengembangan terbaru",
                format_date(start),
                format_date(window.start)
            ));
        }
        Some(_) => {}
    }
    if let Some(latest) = innovation.latest_development
        && (latest < window.start || latest > window.end)
    {
        reasons.push(format!(
            "pengembangan terbaru {} di luar masa penilaian {} s.d. {}",
            format_date(latest),
            format_date(window.start),
            format_date(window.end)
        ));
    }
    let words = match &innovation.design {
        Some(text) => word_count(text),
        None => innovation.design_words.unwrap_or(0) as usize,
    };
    if words < rubric.design_min_words as usize {
        reasons.push(format!(
            "rancang bangun {words} kata, minimal {} kata",
            rubric.design_min_words
        ));
    }
    if !empty_mandatory.is_empty() {
        reasons.push(format!(
            "indikator wajib belum diisi: {}",
            empty_mandatory.join(", ")
        ));
    }
    reasons
}

/// Computes a region's index. `lines` asks for the row-by-row explanation (leave it off for
/// bulk recomputation).
pub fn evaluate(
    rubric: &Rubric,
    region: &RegionAnswers,
    innovations: &[InnovationAnswers],
    projection: Projection,
    lines: bool,
) -> Result<Evaluation, EvaluateError> {
    let mut all_lines = Vec::new();
    let (spd, empty_mandatory) = score_rows(
        rubric,
        Aspect::Spd,
        &region.answers,
        None,
        projection,
        lines.then_some(&mut all_lines),
    )?;

    let mut seen = HashSet::new();
    let mut results = Vec::with_capacity(innovations.len());
    let mut sid_sum = Decimal::ZERO;
    let mut included = 0u32;
    let mut basic_covered: Vec<&'static str> = Vec::new();
    for innovation in innovations {
        if !seen.insert(innovation.id.as_str()) {
            return Err(EvaluateError::DuplicateInnovation(innovation.id.clone()));
        }
        let mut affairs = Vec::with_capacity(innovation.affairs.len());
        for code in &innovation.affairs {
            affairs.push(
                Affair::by_code(code).ok_or_else(|| EvaluateError::UnknownAffair {
                    code: code.clone(),
                    innovation: innovation.id.clone(),
                })?,
            );
        }
        let (score, empty) = score_rows(
            rubric,
            Aspect::Sid,
            &innovation.answers,
            Some(&innovation.id),
            projection,
            lines.then_some(&mut all_lines),
        )?;
        let reasons = exclusion_reasons(rubric, innovation, &empty);
        let is_included = reasons.is_empty();
        if is_included {
            included += 1;
            sid_sum += score;
            if let Some(main) = affairs.first()
                && main.basic_service
                && !basic_covered.contains(&main.code)
            {
                basic_covered.push(main.code);
            }
        }
        results.push(InnovationResult {
            id: innovation.id.clone(),
            score,
            included: is_included,
            reasons,
        });
    }

    let rule = rubric.count_rule;
    let divisor = rubric.divisor_min.max(included);
    let count_score = if basic_covered.len() as u32 >= rule.basic_affairs_required {
        Decimal::from(included.min(rule.cap)) * rule.factor
    } else {
        Decimal::ZERO
    };
    let d = Decimal::from(divisor);
    // One division each, so a figure that ends exactly (e.g. an index of 40.005) is exact
    // before it is rounded.
    let sid_average = sid_sum / d;
    let total_times_d = spd * d + sid_sum + count_score * d;
    let index = total_times_d * Decimal::ONE_HUNDRED / (rubric.max_total * d);
    let rounded_index = round2(index);
    let mut basic: Vec<String> = basic_covered.iter().map(|c| (*c).to_owned()).collect();
    basic.sort();
    Ok(Evaluation {
        year: rubric.year,
        projection,
        spd: round2(spd),
        sid_average: round2(sid_average),
        innovation_count_score: round2(count_score),
        sid: round2(sid_average + count_score),
        total: round2(total_times_d / d),
        index: rounded_index,
        category: rubric.category(rounded_index),
        included: included as usize,
        divisor,
        basic_affairs_covered: basic,
        empty_mandatory,
        innovations: results,
        lines: all_lines,
    })
}
