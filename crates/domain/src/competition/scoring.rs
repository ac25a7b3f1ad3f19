//! From jurors' scores to a ranking.
//!
//! * **Juror total** of a proposal: `Σ weightᵢ × scoreᵢ / 100` over the competition's criteria,
//!   each score 0–100 and the weights summing to 100, so the total is 0–100 too.
//! * **Desk score**: the mean of the proposal's juror totals.
//! * **z-score normalisation per juror** (optional, [`desk_scores`] with `normalise`): some
//!   jurors score high, some low; normalising puts every juror on the round's common scale.
//!   For juror `j` with totals `x` over the `nⱼ` proposals they scored,
//!   `μⱼ = Σx / nⱼ`, `σⱼ = √(Σ(x − μⱼ)² / nⱼ)` (population standard deviation), and
//!   `zⱼ(x) = (x − μⱼ) / σⱼ`. Over all totals of the round, `μ` and `σ` are the mean and the
//!   population standard deviation. The normalised total is `μ + σ × zⱼ(x)`, and the desk score
//!   is the mean of the normalised totals. A juror whose totals are all equal (`σⱼ = 0`, which
//!   includes a juror with one proposal) expressed no preference: `z = 0`, so each of their
//!   totals becomes `μ`. Normalised totals are not clamped, so a rare one may leave 0–100.
//!   The square root is computed by Newton's method to the 28 significant digits of
//!   `Decimal`; everything else is exact.
//! * **Disagreement**: an alert when the highest and lowest raw juror totals of a proposal
//!   differ by more than the threshold (strictly more).
//! * **Combined score**: `desk × w_desk / 100 + interview × w_interview / 100`.
//! * **Ranking**: by score, highest first; ties are broken by the higher interview score
//!   (combined basis only), then the higher desk score, then the earlier submission, then the
//!   lower proposal id, so the order is total and the same every time. Each place records what
//!   decided it ([`TieBreak`]).
//!
//! Every figure is kept exact and compared exact; [`display`] rounds half-up to two decimals
//! for people.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::assignment::Assignment;
use super::setup::{CombinationWeights, Criterion, Group};
use crate::errors::FieldErrors;

/// Rounds half away from zero to two decimals, for display only.
pub fn display(value: Decimal) -> Decimal {
    crate::index::round2(value)
}

/// One juror's scores of one proposal, by criterion code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreSheet {
    pub proposal: Uuid,
    pub juror: Uuid,
    pub scores: BTreeMap<String, Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    #[error("nilai juri {juror} untuk proposal {proposal} tidak sah: {errors}")]
    InvalidSheet {
        juror: Uuid,
        proposal: Uuid,
        errors: FieldErrors,
    },
    #[error("juri {juror} menilai proposal {proposal} lebih dari sekali")]
    DuplicateSheet { juror: Uuid, proposal: Uuid },
    #[error("nilai wawancara proposal {0} belum ada")]
    MissingInterview(Uuid),
    #[error("nilai wawancara proposal {proposal} harus 0 sampai 100, bukan {value}")]
    InterviewOutOfRange { proposal: Uuid, value: Decimal },
    #[error("proposal {0} disebut lebih dari sekali dalam pemeringkatan")]
    DuplicateEntry(Uuid),
}

/// A juror's weighted total, `Σ weight × score / 100`; every criterion must be scored 0–100
/// and no other. Errors are keyed `scores.<criterion code>`.
pub fn juror_total(
    criteria: &[Criterion],
    scores: &BTreeMap<String, Decimal>,
) -> Result<Decimal, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut total = Decimal::ZERO;
    for criterion in criteria {
        let field = format!("scores.{}", criterion.code);
        match scores.get(&criterion.code) {
            None => errors.add(
                &field,
                format!("nilai kriteria \"{}\" belum diisi", criterion.name),
            ),
            Some(score) if *score < Decimal::ZERO || *score > Decimal::ONE_HUNDRED => errors.add(
                &field,
                format!(
                    "nilai kriteria \"{}\" harus 0 sampai 100, bukan {}",
                    criterion.name,
                    score.normalize()
                ),
            ),
            Some(score) => match criterion
                .weight
                .checked_mul(*score)
                .and_then(|part| total.checked_add(part))
            {
                Some(sum) => total = sum,
                // Only reachable with weights no validated competition has.
                None => errors.add(
                    &field,
                    format!("bobot kriteria \"{}\" tidak sah", criterion.name),
                ),
            },
        }
    }
    for code in scores.keys() {
        if !criteria.iter().any(|criterion| &criterion.code == code) {
            errors.add(
                &format!("scores.{code}"),
                format!("kriteria \"{code}\" tidak ada pada kompetisi ini"),
            );
        }
    }
    errors.into_result(total / Decimal::ONE_HUNDRED)
}

/// The arithmetic mean, or `None` for no values.
pub fn mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let sum: Decimal = values.iter().sum();
    Some(sum / Decimal::from(values.len()))
}

/// The population standard deviation around `mean`.
fn std_dev(values: &[Decimal], mean: Decimal) -> Decimal {
    if values.is_empty() {
        return Decimal::ZERO;
    }
    let squares: Decimal = values.iter().map(|x| (*x - mean) * (*x - mean)).sum();
    sqrt(squares / Decimal::from(values.len()))
}

/// The square root by Newton's method, to `Decimal`'s precision; 0 for 0 or less.
pub(crate) fn sqrt(value: Decimal) -> Decimal {
    if value <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let two = Decimal::TWO;
    // Start at or above the root, so that the iteration decreases to it.
    let mut guess = if value > Decimal::ONE {
        value
    } else {
        Decimal::ONE
    };
    for _ in 0..200 {
        let next = (guess + value / guess) / two;
        if next >= guess {
            break;
        }
        guess = next;
    }
    guess
}

/// A proposal's desk result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskScore {
    pub proposal: Uuid,
    /// Each juror's weighted total, by juror id.
    pub juror_totals: BTreeMap<Uuid, Decimal>,
    /// Each juror's normalised total, when normalisation is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalised: Option<BTreeMap<Uuid, Decimal>>,
    /// The mean of the normalised totals when normalisation is on, of the raw totals otherwise.
    pub score: Decimal,
    /// The highest raw total minus the lowest.
    pub spread: Decimal,
}

/// Desk scores of every proposal that has sheets (see the module docs for the formulas).
pub fn desk_scores(
    criteria: &[Criterion],
    sheets: &[ScoreSheet],
    normalise: bool,
) -> Result<BTreeMap<Uuid, DeskScore>, ScoreError> {
    // (proposal, juror) → total
    let mut totals: BTreeMap<(Uuid, Uuid), Decimal> = BTreeMap::new();
    for sheet in sheets {
        let total =
            juror_total(criteria, &sheet.scores).map_err(|errors| ScoreError::InvalidSheet {
                juror: sheet.juror,
                proposal: sheet.proposal,
                errors,
            })?;
        if totals
            .insert((sheet.proposal, sheet.juror), total)
            .is_some()
        {
            return Err(ScoreError::DuplicateSheet {
                juror: sheet.juror,
                proposal: sheet.proposal,
            });
        }
    }

    let normalised: Option<BTreeMap<(Uuid, Uuid), Decimal>> = normalise.then(|| {
        let all: Vec<Decimal> = totals.values().copied().collect();
        let round_mean = mean(&all).unwrap_or_default();
        let round_sd = std_dev(&all, round_mean);
        let mut by_juror: BTreeMap<Uuid, Vec<Decimal>> = BTreeMap::new();
        for ((_, juror), total) in &totals {
            by_juror.entry(*juror).or_default().push(*total);
        }
        let juror_stats: BTreeMap<Uuid, (Decimal, Decimal)> = by_juror
            .iter()
            .map(|(juror, values)| {
                let juror_mean = mean(values).unwrap_or_default();
                (*juror, (juror_mean, std_dev(values, juror_mean)))
            })
            .collect();
        totals
            .iter()
            .map(|(&(proposal, juror), total)| {
                let (juror_mean, juror_sd) = juror_stats.get(&juror).copied().unwrap_or_default();
                let z = if juror_sd.is_zero() {
                    Decimal::ZERO
                } else {
                    (*total - juror_mean) / juror_sd
                };
                ((proposal, juror), round_mean + round_sd * z)
            })
            .collect()
    });

    let mut result: BTreeMap<Uuid, DeskScore> = BTreeMap::new();
    for (&(proposal, juror), total) in &totals {
        let entry = result.entry(proposal).or_insert_with(|| DeskScore {
            proposal,
            juror_totals: BTreeMap::new(),
            normalised: normalise.then(BTreeMap::new),
            score: Decimal::ZERO,
            spread: Decimal::ZERO,
        });
        entry.juror_totals.insert(juror, *total);
        if let (Some(map), Some(all)) = (entry.normalised.as_mut(), normalised.as_ref())
            && let Some(value) = all.get(&(proposal, juror))
        {
            map.insert(juror, *value);
        }
    }
    for desk in result.values_mut() {
        let raw: Vec<Decimal> = desk.juror_totals.values().copied().collect();
        let used: Vec<Decimal> = match &desk.normalised {
            Some(map) => map.values().copied().collect(),
            None => raw.clone(),
        };
        desk.score = mean(&used).unwrap_or_default();
        let highest = raw.iter().max().copied().unwrap_or_default();
        let lowest = raw.iter().min().copied().unwrap_or_default();
        desk.spread = highest - lowest;
    }
    Ok(result)
}

/// Assigned pairs `(proposal, juror)` without a sheet yet, in order: what keeps a desk round
/// from closing.
pub fn missing_sheets(assignment: &Assignment, sheets: &[ScoreSheet]) -> Vec<(Uuid, Uuid)> {
    let scored: BTreeSet<(Uuid, Uuid)> = sheets
        .iter()
        .map(|sheet| (sheet.proposal, sheet.juror))
        .collect();
    assignment
        .pairs()
        .filter(|pair| !scored.contains(pair))
        .collect()
}

/// Jurors disagree on a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disagreement {
    pub proposal: Uuid,
    pub lowest: Decimal,
    pub highest: Decimal,
    pub spread: Decimal,
}

impl Disagreement {
    pub fn message(&self) -> String {
        format!(
            "nilai juri berselisih {} poin (terendah {}, tertinggi {})",
            display(self.spread).normalize(),
            display(self.lowest).normalize(),
            display(self.highest).normalize()
        )
    }
}

/// Proposals whose raw juror totals differ by more than `threshold`, widest spread first (then
/// by proposal id).
pub fn disagreements(desk: &BTreeMap<Uuid, DeskScore>, threshold: Decimal) -> Vec<Disagreement> {
    let mut found: Vec<Disagreement> = desk
        .values()
        .filter(|score| score.spread > threshold)
        .map(|score| Disagreement {
            proposal: score.proposal,
            lowest: score
                .juror_totals
                .values()
                .min()
                .copied()
                .unwrap_or_default(),
            highest: score
                .juror_totals
                .values()
                .max()
                .copied()
                .unwrap_or_default(),
            spread: score.spread,
        })
        .collect();
    found.sort_by_key(|d| (Reverse(d.spread), d.proposal));
    found
}

/// `desk × w_desk / 100 + interview × w_interview / 100`; `None` when the interview weighs
/// something and there is no interview score.
pub fn combined_score(
    desk: Decimal,
    interview: Option<Decimal>,
    weights: CombinationWeights,
) -> Option<Decimal> {
    let interview_part = if weights.interview.is_zero() {
        Decimal::ZERO
    } else {
        interview? * weights.interview
    };
    Some((desk * weights.desk + interview_part) / Decimal::ONE_HUNDRED)
}

/// What a ranking is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum Basis {
    /// The desk score alone (the panel's shortlist).
    Desk,
    /// Desk and interview combined (the final decision).
    Combined(CombinationWeights),
}

/// A proposal to rank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankEntry {
    pub proposal: Uuid,
    pub group: Group,
    pub category: String,
    pub desk: Decimal,
    #[serde(default)]
    pub interview: Option<Decimal>,
    pub submitted_at: DateTime<Utc>,
}

/// What placed a proposal below the one above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// A lower score.
    Score,
    /// The same score, a lower interview score.
    Interview,
    /// The same score (and interview), a lower desk score.
    Desk,
    /// All scores equal, submitted later.
    Submission,
    /// Everything equal, a higher proposal id.
    Id,
}

impl TieBreak {
    pub fn label(self) -> &'static str {
        match self {
            Self::Score => "nilai lebih rendah",
            Self::Interview => "nilai sama; nilai wawancara lebih rendah",
            Self::Desk => "nilai sama; nilai penilaian proposal lebih rendah",
            Self::Submission => "nilai sama; diajukan lebih akhir",
            Self::Id => "semua sama; urutan nomor proposal",
        }
    }
}

/// A place in a ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    /// 1 for the first.
    pub rank: usize,
    pub proposal: Uuid,
    pub group: Group,
    pub category: String,
    /// The score ranked on (desk or combined), exact.
    pub score: Decimal,
    pub desk: Decimal,
    pub interview: Option<Decimal>,
    pub submitted_at: DateTime<Utc>,
    /// Why it is below the one above; `None` for the first.
    pub decided_by: Option<TieBreak>,
}

/// Ranks the entries as one list (see the module docs for the order).
pub fn rank(entries: &[RankEntry], basis: Basis) -> Result<Vec<Ranked>, ScoreError> {
    let mut seen = BTreeSet::new();
    let mut places = Vec::with_capacity(entries.len());
    for entry in entries {
        if !seen.insert(entry.proposal) {
            return Err(ScoreError::DuplicateEntry(entry.proposal));
        }
        let score = match basis {
            Basis::Desk => entry.desk,
            Basis::Combined(weights) => {
                if let Some(value) = entry.interview
                    && (value < Decimal::ZERO || value > Decimal::ONE_HUNDRED)
                {
                    return Err(ScoreError::InterviewOutOfRange {
                        proposal: entry.proposal,
                        value,
                    });
                }
                combined_score(entry.desk, entry.interview, weights)
                    .ok_or(ScoreError::MissingInterview(entry.proposal))?
            }
        };
        places.push(Ranked {
            rank: 0,
            proposal: entry.proposal,
            group: entry.group,
            category: entry.category.clone(),
            score,
            desk: entry.desk,
            interview: entry.interview,
            submitted_at: entry.submitted_at,
            decided_by: None,
        });
    }
    let uses_interview = matches!(basis, Basis::Combined(_));
    // The first key on which `b` comes after `a`, or `None` when `a` does not come first.
    let decide = |a: &Ranked, b: &Ranked| -> (Ordering, Option<TieBreak>) {
        let keys = [
            (b.score.cmp(&a.score), TieBreak::Score),
            (
                if uses_interview {
                    b.interview.cmp(&a.interview)
                } else {
                    Ordering::Equal
                },
                TieBreak::Interview,
            ),
            (b.desk.cmp(&a.desk), TieBreak::Desk),
            (a.submitted_at.cmp(&b.submitted_at), TieBreak::Submission),
            (a.proposal.cmp(&b.proposal), TieBreak::Id),
        ];
        keys.into_iter()
            .find(|(ordering, _)| *ordering != Ordering::Equal)
            .map_or((Ordering::Equal, None), |(ordering, key)| {
                (ordering, Some(key))
            })
    };
    places.sort_by(|a, b| decide(a, b).0);
    for i in 0..places.len() {
        places[i].rank = i + 1;
        if i > 0 {
            places[i].decided_by = decide(&places[i - 1], &places[i]).1;
        }
    }
    Ok(places)
}

/// Ranks each (group, category) separately, as results are published.
pub fn rank_by_group_and_category(
    entries: &[RankEntry],
    basis: Basis,
) -> Result<BTreeMap<(Group, String), Vec<Ranked>>, ScoreError> {
    let mut split: BTreeMap<(Group, String), Vec<RankEntry>> = BTreeMap::new();
    for entry in entries {
        split
            .entry((entry.group, entry.category.clone()))
            .or_default()
            .push(entry.clone());
    }
    split
        .into_iter()
        .map(|(key, entries)| Ok((key, rank(&entries, basis)?)))
        .collect()
}

/// The first `n` places (all of them when there are fewer). The ranking's order is total, so
/// there is never a tie across the cut.
pub fn top_n(ranked: &[Ranked], n: usize) -> &[Ranked] {
    &ranked[..n.min(ranked.len())]
}
