//! Scoring: juror totals, desk scores, normalisation, disagreement, combination, ranking.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use rust_decimal::dec;

use super::*;
use crate::competition::scoring::sqrt;

fn equal_criteria() -> Vec<Criterion> {
    kipp().criteria.clone()
}

/// kebaruan 30, efektivitas 25, manfaat 20, adaptabilitas 15, keberlanjutan 10.
fn uneven_criteria() -> Vec<Criterion> {
    vec![
        Criterion::new("kebaruan", "Kebaruan", dec!(30)),
        Criterion::new("efektivitas", "Efektivitas", dec!(25)),
        Criterion::new("manfaat", "Manfaat", dec!(20)),
        Criterion::new("adaptabilitas", "Adaptabilitas", dec!(15)),
        Criterion::new("keberlanjutan", "Keberlanjutan", dec!(10)),
    ]
}

fn scores(values: [Decimal; 5]) -> BTreeMap<String, Decimal> {
    [
        "kebaruan",
        "efektivitas",
        "manfaat",
        "adaptabilitas",
        "keberlanjutan",
    ]
    .iter()
    .zip(values)
    .map(|(code, value)| ((*code).to_owned(), value))
    .collect()
}

/// A sheet whose five criteria all get `total`, so the juror's total is `total`.
fn sheet(proposal: u128, juror: u128, total: Decimal) -> ScoreSheet {
    ScoreSheet {
        proposal: id(proposal),
        juror: id(juror),
        scores: scores([total; 5]),
    }
}

#[test]
fn a_jurors_total_is_the_weighted_sum() {
    // Equal weights: 20 × (80 + 70 + 90 + 60 + 75) / 100 = 20 × 375 / 100 = 75.
    let total = juror_total(
        &equal_criteria(),
        &scores([dec!(80), dec!(70), dec!(90), dec!(60), dec!(75)]),
    );
    assert_eq!(total, Ok(dec!(75)));
    // Uneven: (30 × 85.5 + 25 × 70 + 20 × 90 + 15 × 60 + 10 × 100) / 100
    //       = (2565 + 1750 + 1800 + 900 + 1000) / 100 = 8015 / 100 = 80.15.
    let total = juror_total(
        &uneven_criteria(),
        &scores([dec!(85.5), dec!(70), dec!(90), dec!(60), dec!(100)]),
    );
    assert_eq!(total, Ok(dec!(80.15)));
    // The bounds: all 0 → 0, all 100 → 100.
    assert_eq!(
        juror_total(&uneven_criteria(), &scores([dec!(0); 5])),
        Ok(dec!(0))
    );
    assert_eq!(
        juror_total(&uneven_criteria(), &scores([dec!(100); 5])),
        Ok(dec!(100))
    );
}

#[test]
fn every_bad_score_is_named() {
    let mut given = scores([dec!(101), dec!(-1), dec!(50), dec!(50), dec!(50)]);
    given.remove("manfaat");
    given.insert("estetika".into(), dec!(90));
    let errors = juror_total(&equal_criteria(), &given).unwrap_err();
    assert_eq!(
        errors.get("scores.kebaruan"),
        Some("nilai kriteria \"Kebaruan\" harus 0 sampai 100, bukan 101")
    );
    assert!(errors.get("scores.efektivitas").unwrap().contains("-1"));
    assert_eq!(
        errors.get("scores.manfaat"),
        Some("nilai kriteria \"Manfaat\" belum diisi")
    );
    assert_eq!(
        errors.get("scores.estetika"),
        Some("kriteria \"estetika\" tidak ada pada kompetisi ini")
    );
    assert_eq!(errors.iter().count(), 4);
}

#[test]
fn the_desk_score_is_the_mean_of_jurors() {
    let sheets = vec![
        ScoreSheet {
            proposal: id(11),
            juror: id(1),
            scores: scores([dec!(85.5), dec!(70), dec!(90), dec!(60), dec!(100)]),
        },
        ScoreSheet {
            proposal: id(11),
            juror: id(2),
            scores: scores([dec!(70), dec!(75), dec!(80), dec!(70), dec!(80)]),
        },
        sheet(12, 1, dec!(70)),
        sheet(12, 2, dec!(80)),
        sheet(12, 3, dec!(80)),
    ];
    let desk = desk_scores(&uneven_criteria(), &sheets, false).unwrap();
    // p11: juror 1 = 80.15 (above); juror 2 = (30×70 + 25×75 + 20×80 + 15×70 + 10×80) / 100
    //    = (2100 + 1875 + 1600 + 1050 + 800) / 100 = 74.25. Mean (80.15 + 74.25) / 2 = 77.2.
    let p11 = &desk[&id(11)];
    assert_eq!(p11.juror_totals[&id(1)], dec!(80.15));
    assert_eq!(p11.juror_totals[&id(2)], dec!(74.25));
    assert_eq!(p11.score, dec!(77.2));
    assert_eq!(p11.spread, dec!(5.9));
    assert_eq!(p11.normalised, None);
    // p12: (70 + 80 + 80) / 3 = 76.666…, shown 76.67; spread 10.
    let p12 = &desk[&id(12)];
    assert_eq!(display(p12.score), dec!(76.67));
    assert!(p12.score > dec!(76.6666) && p12.score < dec!(76.6667));
    assert_eq!(p12.spread, dec!(10));
}

#[test]
fn display_rounds_half_up_but_comparison_is_exact() {
    // (75 + 80.15) / 2 = 77.575: shown 77.58 (half up), kept exact.
    let desk = desk_scores(
        &uneven_criteria(),
        &[
            sheet(11, 1, dec!(75)),
            ScoreSheet {
                proposal: id(11),
                juror: id(2),
                scores: scores([dec!(85.5), dec!(70), dec!(90), dec!(60), dec!(100)]),
            },
        ],
        false,
    )
    .unwrap();
    assert_eq!(desk[&id(11)].score, dec!(77.575));
    assert_eq!(display(desk[&id(11)].score), dec!(77.58));
    assert_eq!(display(dec!(2.345)), dec!(2.35));
    assert_eq!(display(dec!(2.344999)), dec!(2.34));
    // Two proposals both shown 80.70 are still ordered by their exact scores.
    let at = Utc.with_ymd_and_hms(2025, 3, 1, 8, 0, 0).unwrap();
    let entries = vec![
        entry(1, dec!(80.70), None, at),
        entry(2, dec!(80.7025), None, at),
    ];
    let ranked = rank(&entries, Basis::Desk).unwrap();
    assert_eq!(display(ranked[0].score), display(ranked[1].score));
    assert_eq!(ranked[0].proposal, id(2));
    assert_eq!(ranked[1].decided_by, Some(TieBreak::Score));
}

#[test]
fn square_roots() {
    assert_eq!(sqrt(dec!(100)), dec!(10));
    assert_eq!(sqrt(dec!(36)), dec!(6));
    assert_eq!(sqrt(dec!(0.25)), dec!(0.5));
    assert_eq!(sqrt(dec!(0)), dec!(0));
    assert_eq!(sqrt(dec!(-4)), dec!(0));
    // √2 = 1.41421356237309504880168872420969807…
    assert_eq!(
        sqrt(dec!(2)).round_dp(26),
        dec!(1.41421356237309504880168872)
    );
}

#[test]
fn z_score_normalisation_puts_a_lenient_and_a_strict_juror_on_one_scale() {
    // Lenient juror 1 scores p11 84 and p12 72; strict juror 2 scores p13 68 and p14 56.
    // Juror 1: μ = 78, deviations ±6, σ = 6: z(p11) = +1, z(p12) = −1.
    // Juror 2: μ = 62, σ = 6: z(p13) = +1, z(p14) = −1.
    // All four: μ = 280 / 4 = 70; deviations 14, 2, −2, −14; variance (196 + 4 + 4 + 196) / 4
    // = 100; σ = 10. Normalised: 70 ± 10 → p11 80, p12 60, p13 80, p14 60.
    let sheets = vec![
        sheet(11, 1, dec!(84)),
        sheet(12, 1, dec!(72)),
        sheet(13, 2, dec!(68)),
        sheet(14, 2, dec!(56)),
    ];
    let raw = desk_scores(&equal_criteria(), &sheets, false).unwrap();
    let normalised = desk_scores(&equal_criteria(), &sheets, true).unwrap();
    let score = |map: &BTreeMap<Uuid, DeskScore>, p: u128| map[&id(p)].score;
    assert_eq!(
        [11, 12, 13, 14].map(|p| score(&raw, p)),
        [dec!(84), dec!(72), dec!(68), dec!(56)]
    );
    assert_eq!(
        [11, 12, 13, 14].map(|p| score(&normalised, p)),
        [dec!(80), dec!(60), dec!(80), dec!(60)]
    );
    // The strict juror's best (p13) now stands level with the lenient juror's best, above the
    // lenient juror's worst (p12), which it trailed before.
    assert!(score(&raw, 13) < score(&raw, 12));
    assert!(score(&normalised, 13) > score(&normalised, 12));
    // Raw totals stay on record; the spread is of raw totals.
    assert_eq!(normalised[&id(11)].juror_totals[&id(1)], dec!(84));
    assert_eq!(
        normalised[&id(11)].normalised.as_ref().unwrap()[&id(1)],
        dec!(80)
    );
}

#[test]
fn a_juror_whose_scores_are_all_equal_expresses_no_preference() {
    // Juror 1 scores p11 and p12 70 (σ = 0, so z = 0); juror 2 scores them 60 and 80
    // (μ = 70, σ = 10, z = −1 and +1). All four totals: μ = 70, variance (0 + 0 + 100 + 100)
    // / 4 = 50, σ = √50 = 7.0710678…
    // Normalised: juror 1 → 70 and 70; juror 2 → 70 − 7.07… = 62.93 and 77.07.
    // Desk: p11 (70 + 62.9289…) / 2 = 66.4644… → 66.46; p12 (70 + 77.0711…) / 2 → 73.54.
    let sheets = vec![
        sheet(11, 1, dec!(70)),
        sheet(12, 1, dec!(70)),
        sheet(11, 2, dec!(60)),
        sheet(12, 2, dec!(80)),
    ];
    let desk = desk_scores(&equal_criteria(), &sheets, true).unwrap();
    let normalised = |p: u128, j: u128| desk[&id(p)].normalised.as_ref().unwrap()[&id(j)];
    assert_eq!(normalised(11, 1), dec!(70));
    assert_eq!(normalised(12, 1), dec!(70));
    assert_eq!(display(normalised(11, 2)), dec!(62.93));
    assert_eq!(display(normalised(12, 2)), dec!(77.07));
    assert_eq!(display(desk[&id(11)].score), dec!(66.46));
    assert_eq!(display(desk[&id(12)].score), dec!(73.54));

    // A juror with a single proposal is the same case.
    let desk = desk_scores(
        &equal_criteria(),
        &[sheet(11, 1, dec!(90)), sheet(11, 2, dec!(70))],
        true,
    )
    .unwrap();
    // Both jurors have σ = 0; round μ = 80: both normalised totals are 80.
    assert_eq!(desk[&id(11)].score, dec!(80));

    // Every total equal: σ = 0 everywhere, everything is the mean.
    let desk = desk_scores(
        &equal_criteria(),
        &[sheet(11, 1, dec!(75)), sheet(12, 2, dec!(75))],
        true,
    )
    .unwrap();
    assert_eq!(desk[&id(12)].score, dec!(75));
}

#[test]
fn sheets_must_be_valid_and_single() {
    let mut bad = sheet(11, 1, dec!(70));
    bad.scores.insert("kebaruan".into(), dec!(120));
    let error = desk_scores(&equal_criteria(), &[bad], false).unwrap_err();
    assert!(matches!(error, ScoreError::InvalidSheet { .. }));
    assert!(error.to_string().contains("harus 0 sampai 100"), "{error}");
    let error = desk_scores(
        &equal_criteria(),
        &[sheet(11, 1, dec!(70)), sheet(11, 1, dec!(80))],
        false,
    )
    .unwrap_err();
    assert_eq!(
        error,
        ScoreError::DuplicateSheet {
            juror: id(1),
            proposal: id(11)
        }
    );
}

#[test]
fn missing_sheets_keep_a_round_open() {
    let mut assignment = Assignment::default();
    assignment
        .jurors_by_proposal
        .insert(id(11), vec![id(1), id(2)]);
    assignment
        .jurors_by_proposal
        .insert(id(12), vec![id(2), id(3)]);
    let sheets = vec![sheet(11, 1, dec!(70)), sheet(12, 3, dec!(70))];
    assert_eq!(
        missing_sheets(&assignment, &sheets),
        vec![(id(11), id(2)), (id(12), id(2))]
    );
}

#[test]
fn jurors_who_disagree_raise_an_alert() {
    let sheets = vec![
        // p11: 60 and 85, spread 25 > 20.
        sheet(11, 1, dec!(60)),
        sheet(11, 2, dec!(85)),
        // p12: 70 and 90, spread exactly 20: no alert.
        sheet(12, 1, dec!(70)),
        sheet(12, 2, dec!(90)),
        // p13: 50, 70, 80.5: spread 30.5, the widest.
        sheet(13, 1, dec!(50)),
        sheet(13, 2, dec!(70)),
        sheet(13, 3, dec!(80.5)),
    ];
    let desk = desk_scores(&equal_criteria(), &sheets, false).unwrap();
    let alerts = disagreements(&desk, dec!(20));
    let found: Vec<(Uuid, Decimal)> = alerts.iter().map(|a| (a.proposal, a.spread)).collect();
    assert_eq!(found, vec![(id(13), dec!(30.5)), (id(11), dec!(25))]);
    assert_eq!(
        alerts[0].message(),
        "nilai juri berselisih 30.5 poin (terendah 50, tertinggi 80.5)"
    );
    // The spread is of raw totals even when normalising.
    let normalised = desk_scores(&equal_criteria(), &sheets, true).unwrap();
    assert_eq!(disagreements(&normalised, dec!(20)).len(), 2);
}

#[test]
fn desk_and_interview_combine_by_weight() {
    let weights = CombinationWeights::default();
    // 80 × 70 / 100 + 90 × 30 / 100 = 56 + 27 = 83.
    assert_eq!(
        combined_score(dec!(80), Some(dec!(90)), weights),
        Some(dec!(83))
    );
    // 77.575 × 0.7 + 88 × 0.3 = 54.3025 + 26.4 = 80.7025, shown 80.70.
    let combined = combined_score(dec!(77.575), Some(dec!(88)), weights).unwrap();
    assert_eq!(combined, dec!(80.7025));
    assert_eq!(display(combined), dec!(80.70));
    assert_eq!(combined_score(dec!(80), None, weights), None);
    // Without interview weight the interview is not needed.
    let desk_only = CombinationWeights {
        desk: dec!(100),
        interview: dec!(0),
    };
    assert_eq!(combined_score(dec!(80), None, desk_only), Some(dec!(80)));
}

fn entry(n: u128, desk: Decimal, interview: Option<Decimal>, at: DateTime<Utc>) -> RankEntry {
    RankEntry {
        proposal: id(n),
        group: Group::General,
        category: "kesehatan".into(),
        desk,
        interview,
        submitted_at: at,
    }
}

#[test]
fn ranking_and_its_documented_tie_break() {
    let early = Utc.with_ymd_and_hms(2025, 3, 1, 8, 0, 0).unwrap();
    let late = Utc.with_ymd_and_hms(2025, 3, 30, 23, 59, 0).unwrap();
    let entries = vec![
        // 75 × 0.7 + 70 × 0.3 = 52.5 + 21 = 73.5, submitted late.
        entry(5, dec!(75), Some(dec!(70)), late),
        // 86 × 0.7 + 76 × 0.3 = 60.2 + 22.8 = 83.
        entry(2, dec!(86), Some(dec!(76)), late),
        // 90, the best.
        entry(9, dec!(90), Some(dec!(90)), late),
        // 80 × 0.7 + 90 × 0.3 = 56 + 27 = 83, with the better interview.
        entry(3, dec!(80), Some(dec!(90)), late),
        // 73.5 like p5, submitted early.
        entry(7, dec!(75), Some(dec!(70)), early),
        // 73.5 like p5 and submitted at the same time, a higher id.
        entry(6, dec!(75), Some(dec!(70)), late),
    ];
    let ranked = rank(&entries, Basis::Combined(CombinationWeights::default())).unwrap();
    let order: Vec<(usize, Uuid, Decimal, Option<TieBreak>)> = ranked
        .iter()
        .map(|r| (r.rank, r.proposal, r.score, r.decided_by))
        .collect();
    assert_eq!(
        order,
        vec![
            (1, id(9), dec!(90), None),
            (2, id(3), dec!(83), Some(TieBreak::Score)),
            (3, id(2), dec!(83), Some(TieBreak::Interview)),
            (4, id(7), dec!(73.5), Some(TieBreak::Score)),
            (5, id(5), dec!(73.5), Some(TieBreak::Submission)),
            (6, id(6), dec!(73.5), Some(TieBreak::Id)),
        ]
    );
    assert_eq!(
        TieBreak::Interview.label(),
        "nilai sama; nilai wawancara lebih rendah"
    );
    // Top N.
    let top = top_n(&ranked, 3);
    assert_eq!(
        top.iter().map(|r| r.proposal).collect::<Vec<_>>(),
        vec![id(9), id(3), id(2)]
    );
    assert_eq!(top_n(&ranked, 45).len(), 6);
    assert!(top_n(&ranked, 0).is_empty());
}

#[test]
fn the_desk_breaks_a_tie_when_the_interview_weighs_everything() {
    let at = Utc.with_ymd_and_hms(2025, 3, 1, 8, 0, 0).unwrap();
    let interview_only = CombinationWeights {
        desk: dec!(0),
        interview: dec!(100),
    };
    let ranked = rank(
        &[
            entry(1, dec!(60), Some(dec!(80)), at),
            entry(2, dec!(70), Some(dec!(80)), at),
        ],
        Basis::Combined(interview_only),
    )
    .unwrap();
    assert_eq!(ranked[0].proposal, id(2));
    assert_eq!(ranked[1].decided_by, Some(TieBreak::Desk));
}

#[test]
fn the_shortlist_ranks_on_the_desk_alone() {
    let early = Utc.with_ymd_and_hms(2025, 3, 1, 8, 0, 0).unwrap();
    let late = Utc.with_ymd_and_hms(2025, 3, 2, 8, 0, 0).unwrap();
    let ranked = rank(
        &[
            entry(1, dec!(70), Some(dec!(100)), late),
            entry(2, dec!(80), None, late),
            entry(3, dec!(70), None, early),
        ],
        Basis::Desk,
    )
    .unwrap();
    // The interview is ignored at the shortlist: p3 and p1 tie at 70, p3 was earlier.
    let order: Vec<(Uuid, Option<TieBreak>)> =
        ranked.iter().map(|r| (r.proposal, r.decided_by)).collect();
    assert_eq!(
        order,
        vec![
            (id(2), None),
            (id(3), Some(TieBreak::Score)),
            (id(1), Some(TieBreak::Submission)),
        ]
    );
}

#[test]
fn ranking_refuses_what_it_cannot_rank() {
    let at = Utc.with_ymd_and_hms(2025, 3, 1, 8, 0, 0).unwrap();
    let weights = Basis::Combined(CombinationWeights::default());
    assert_eq!(
        rank(&[entry(1, dec!(70), None, at)], weights),
        Err(ScoreError::MissingInterview(id(1)))
    );
    assert_eq!(
        rank(&[entry(1, dec!(70), Some(dec!(101)), at)], weights),
        Err(ScoreError::InterviewOutOfRange {
            proposal: id(1),
            value: dec!(101)
        })
    );
    assert_eq!(
        rank(
            &[
                entry(1, dec!(70), Some(dec!(70)), at),
                entry(1, dec!(80), Some(dec!(70)), at)
            ],
            weights
        ),
        Err(ScoreError::DuplicateEntry(id(1)))
    );
    assert_eq!(rank(&[], weights), Ok(Vec::new()));
}

#[test]
fn rankings_per_group_and_category() {
    let at = Utc.with_ymd_and_hms(2025, 3, 1, 8, 0, 0).unwrap();
    let mut replication = entry(4, dec!(95), None, at);
    replication.group = Group::Replication;
    let mut education = entry(5, dec!(50), None, at);
    education.category = "pendidikan".into();
    let entries = vec![
        entry(1, dec!(70), None, at),
        entry(2, dec!(90), None, at),
        replication,
        education,
    ];
    let ranked = rank_by_group_and_category(&entries, Basis::Desk).unwrap();
    let keys: Vec<(Group, &str)> = ranked.keys().map(|(g, c)| (*g, c.as_str())).collect();
    assert_eq!(
        keys,
        vec![
            (Group::General, "kesehatan"),
            (Group::General, "pendidikan"),
            (Group::Replication, "kesehatan"),
        ]
    );
    let health = &ranked[&(Group::General, "kesehatan".to_owned())];
    assert_eq!(
        health
            .iter()
            .map(|r| (r.rank, r.proposal))
            .collect::<Vec<_>>(),
        vec![(1, id(2)), (2, id(1))]
    );
    // Each list starts at 1.
    assert_eq!(
        ranked[&(Group::Replication, "kesehatan".to_owned())][0].rank,
        1
    );
}

#[test]
fn properties_of_totals_and_rankings() {
    let mut dice = Dice::new(7);
    let criteria = uneven_criteria();
    let base = Utc.with_ymd_and_hms(2025, 1, 6, 0, 0, 0).unwrap();
    for case in 0..200 {
        // Totals stay within 0–100 for any scores in 0–100 with two decimals.
        let values = [(); 5].map(|_| Decimal::new(dice.below(10_001) as i64, 2));
        let total = juror_total(&criteria, &scores(values)).unwrap();
        assert!(
            total >= dec!(0) && total <= dec!(100),
            "case {case}: {total}"
        );
        assert!(total >= *values.iter().min().unwrap() && total <= *values.iter().max().unwrap());

        // Rankings: a permutation, scores never rising, the same for any input order.
        let count = 1 + dice.below(12);
        let entries: Vec<RankEntry> = (0..count)
            .map(|i| {
                entry(
                    u128::from(100 + (i * 37) % 101),
                    Decimal::from(60 + dice.below(5)),
                    Some(Decimal::from(60 + dice.below(5))),
                    base + chrono::Duration::hours(dice.below(3) as i64),
                )
            })
            .collect();
        let basis = Basis::Combined(CombinationWeights::default());
        let ranked = rank(&entries, basis).unwrap();
        assert_eq!(ranked.len(), entries.len());
        assert!(
            ranked.windows(2).all(|w| w[0].score >= w[1].score),
            "case {case}"
        );
        assert!(ranked.iter().enumerate().all(|(i, r)| r.rank == i + 1));
        assert!(ranked.iter().skip(1).all(|r| r.decided_by.is_some()));
        let mut reversed = entries.clone();
        reversed.reverse();
        assert_eq!(rank(&reversed, basis).unwrap(), ranked, "case {case}");
    }
}
