//! Hand-computed cases of the 2026 index. Each expected figure is worked out in the comment
//! beside it from the rules in `iid-2026.md`, not from the engine.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::dec;

use super::*;

fn rubric() -> Rubric {
    built_in(2026).unwrap()
}

fn accepted(level: u8) -> Answer {
    Answer {
        level,
        evidence: Evidence::Accepted,
    }
}

/// Every SPD indicator at `level`, evidence accepted.
fn spd(level: u8) -> RegionAnswers {
    RegionAnswers {
        answers: rubric()
            .indicators_of(Aspect::Spd)
            .map(|i| (i.code.clone(), accepted(level)))
            .collect(),
    }
}

/// SID answers summing to exactly `target` (14 ≤ target ≤ 111): mandatory rows at least
/// level 1, then levels raised, heaviest weights first.
fn sid_scoring(target: u32) -> BTreeMap<String, Answer> {
    let rubric = rubric();
    let mut indicators: Vec<&Indicator> = rubric.indicators_of(Aspect::Sid).collect();
    indicators.sort_by_key(|i| std::cmp::Reverse(i.weight));
    let mut levels: BTreeMap<String, u8> = BTreeMap::new();
    let mut sum = Decimal::ZERO;
    for indicator in &indicators {
        if indicator.mandatory {
            levels.insert(indicator.code.clone(), 1);
            sum += indicator.weight;
        }
    }
    let target = Decimal::from(target);
    for indicator in &indicators {
        let level = levels.entry(indicator.code.clone()).or_insert(0);
        while *level < 3 && sum + indicator.weight <= target {
            *level += 1;
            sum += indicator.weight;
        }
    }
    assert_eq!(sum, target, "cannot reach {target}");
    levels
        .into_iter()
        .filter(|(_, l)| *l > 0)
        .map(|(code, level)| (code, accepted(level)))
        .collect()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn innovation(id: &str, affair: &str, score: u32) -> InnovationAnswers {
    InnovationAnswers {
        id: id.into(),
        affairs: vec![affair.into()],
        implementation_start: Some(date(2024, 6, 1)),
        latest_development: None,
        design_words: Some(300),
        design: None,
        answers: sid_scoring(score),
    }
}

const BASIC: [&str; 6] = [
    "pendidikan",
    "kesehatan",
    "pekerjaan_umum_penataan_ruang",
    "perumahan_rakyat_kawasan_permukiman",
    "ketenteraman_ketertiban_umum_pelindungan_masyarakat",
    "sosial",
];

/// `n` innovations; the first `basic` of them take one basic-service affair each, the rest
/// a non-basic one. Scores from `score(i)`.
fn many(n: usize, basic: usize, score: impl Fn(usize) -> u32) -> Vec<InnovationAnswers> {
    (0..n)
        .map(|i| {
            let affair = if i < basic { BASIC[i] } else { "tenaga_kerja" };
            innovation(&format!("i{i}"), affair, score(i))
        })
        .collect()
}

fn run(region: &RegionAnswers, innovations: &[InnovationAnswers]) -> Evaluation {
    evaluate(&rubric(), region, innovations, Projection::Verified, false).unwrap()
}

#[test]
fn no_innovations_scores_the_spd_only() {
    // SPD 63 (every row at level 3), SID 0, count 0: total 63; 63 / 250 × 100 = 25.20.
    let result = run(&spd(3), &[]);
    assert_eq!(
        (
            result.spd,
            result.sid,
            result.innovation_count_score,
            result.total,
            result.index
        ),
        (dec!(63), dec!(0), dec!(0), dec!(63), dec!(25.20))
    );
    assert_eq!(result.category, IndexCategory::LessInnovative);
    assert_eq!((result.included, result.divisor), (0, 12));

    // Nothing filled: 0.00, which cannot be assessed.
    let empty = run(&RegionAnswers::default(), &[]);
    assert_eq!(empty.index, dec!(0));
    assert_eq!(empty.category, IndexCategory::NotAssessable);
    assert_eq!(empty.empty_mandatory.len(), 13);
}

#[test]
fn the_maxima_are_63_111_76_and_250() {
    // 200 innovations at 111 covering 5 basic affairs: average 22,200 / 200 = 111,
    // count 200 × 0.38 = 76, SID 187, total 63 + 187 = 250, index 100.
    let result = run(&spd(3), &many(200, 5, |_| 111));
    assert_eq!(result.spd, dec!(63));
    assert_eq!(result.sid_average, dec!(111));
    assert_eq!(result.innovation_count_score, dec!(76));
    assert_eq!(result.total, dec!(250));
    assert_eq!(result.index, dec!(100));
    assert_eq!(result.category, IndexCategory::VeryInnovative);
}

#[test]
fn fewer_innovations_than_the_divisor_minimum_divide_by_12() {
    // 3 innovations with only the mandatory rows at level 1: 3 + 2 + 2 + 3 + 4 = 14 each,
    // Σ 42 / MAX(12, 3) = 3.50; 3 basic affairs < 5 so no count score; index 3.5 / 2.5 = 1.40.
    let result = run(&RegionAnswers::default(), &many(3, 3, |_| 14));
    assert_eq!(result.divisor, 12);
    assert_eq!(result.sid_average, dec!(3.50));
    assert_eq!(result.innovation_count_score, dec!(0));
    assert_eq!(result.index, dec!(1.40));
}

#[test]
fn the_count_score_needs_5_of_the_6_basic_affairs() {
    // 5 innovations at 14: Σ 70 / 12 = 5.8333…
    // 4 basic affairs: count 0, total 5.83, index 5.8333… / 2.5 = 2.3333… → 2.33.
    let four = run(&RegionAnswers::default(), &many(5, 4, |_| 14));
    assert_eq!(four.basic_affairs_covered.len(), 4);
    assert_eq!(
        (four.innovation_count_score, four.sid, four.index),
        (dec!(0), dec!(5.83), dec!(2.33))
    );
    // 5 basic affairs: count 5 × 0.38 = 1.90, SID 7.7333… → 7.73, index 3.0933… → 3.09.
    let five = run(&RegionAnswers::default(), &many(5, 5, |_| 14));
    assert_eq!(
        (
            five.innovation_count_score,
            five.sid,
            five.total,
            five.index
        ),
        (dec!(1.90), dec!(7.73), dec!(7.73), dec!(3.09))
    );
}

#[test]
fn the_count_is_capped_at_200_but_the_divisor_is_not() {
    // 250 innovations at 14: average 3,500 / 250 = 14, count MIN(250, 200) × 0.38 = 76,
    // SID 90, index 90 / 2.5 = 36.00.
    let result = run(&RegionAnswers::default(), &many(250, 6, |_| 14));
    assert_eq!(result.divisor, 250);
    assert_eq!(
        (
            result.sid_average,
            result.innovation_count_score,
            result.sid,
            result.index
        ),
        (dec!(14), dec!(76), dec!(90), dec!(36.00))
    );
}

#[test]
fn category_boundaries_read_the_rounded_index() {
    // 40 innovations, no basic affair (count 0), SPD 63.
    // Σ 1,480 → 37.000 → total 100.000 → index 40.00 → kurang inovatif.
    let at = run(&spd(3), &many(40, 0, |_| 37));
    assert_eq!(
        (at.total, at.index, at.category),
        (dec!(100), dec!(40.00), IndexCategory::LessInnovative)
    );
    // Σ 1,481 → 37.025 → total 100.025 → index 40.01 → inovatif.
    let above = run(&spd(3), &many(40, 0, |i| if i == 0 { 38 } else { 37 }));
    assert_eq!(
        (above.total, above.index, above.category),
        (dec!(100.03), dec!(40.01), IndexCategory::Innovative)
    );
    // 80 innovations, Σ 2,961 → 37.0125 → total 100.0125 → index exactly 40.005, which
    // rounds half-up to 40.01 (half-even would give 40.00) → inovatif.
    let half = run(&spd(3), &many(80, 0, |i| if i == 0 { 38 } else { 37 }));
    assert_eq!(
        (half.total, half.index, half.category),
        (dec!(100.01), dec!(40.01), IndexCategory::Innovative)
    );
    // 12 innovations, Σ 6 × 99 + 6 × 100 = 1,194 → 99.5 → total 162.5 → index 65.00 → inovatif.
    let at = run(&spd(3), &many(12, 0, |i| if i < 6 { 99 } else { 100 }));
    assert_eq!(
        (at.index, at.category),
        (dec!(65.00), IndexCategory::Innovative)
    );
    // 40 innovations, Σ 19 × 99 + 21 × 100 = 3,981 → 99.525 → total 162.525 → index 65.01.
    let above = run(&spd(3), &many(40, 0, |i| if i < 19 { 99 } else { 100 }));
    assert_eq!(
        (above.index, above.category),
        (dec!(65.01), IndexCategory::VeryInnovative)
    );
}

#[test]
fn evidence_that_does_not_count_scores_nothing_but_does_not_exclude() {
    // One innovation at 14 with indicator 35 (weight 4, level 1) lacking evidence:
    // it scores 10 and stays included; 10 / 12 = 0.8333… → 0.83.
    let mut one = innovation("a", "kesehatan", 14);
    one.answers.insert(
        "35".into(),
        Answer {
            level: 1,
            evidence: Evidence::Missing,
        },
    );
    let result = run(&RegionAnswers::default(), std::slice::from_ref(&one));
    assert_eq!(result.innovations[0].score, dec!(10));
    assert!(result.innovations[0].included);
    assert_eq!(result.sid_average, dec!(0.83));

    // A pending SPD row counts in the claimed projection only: weight 2 × level 3 = 6.
    let mut region = RegionAnswers::default();
    region.answers.insert(
        "12".into(),
        Answer {
            level: 3,
            evidence: Evidence::Pending,
        },
    );
    let verified = evaluate(&rubric(), &region, &[], Projection::Verified, true).unwrap();
    let claimed = evaluate(&rubric(), &region, &[], Projection::Claimed, true).unwrap();
    assert_eq!((verified.spd, claimed.spd), (dec!(0), dec!(6)));
    let line = verified.lines.iter().find(|l| l.indicator == "12").unwrap();
    assert!(!line.counted);
    assert_eq!(
        line.text,
        "indikator 12 Penghargaan bagi inovator: level 3 × bobot 2 = 6, data dukung belum diverifikasi (tidak dihitung)"
    );
}

#[test]
fn ineligible_innovations_say_why_and_do_not_count() {
    let ok = innovation("ok", "kesehatan", 14);
    let mut none = innovation("none", "kesehatan", 14);
    none.implementation_start = None;
    let mut late = innovation("late", "kesehatan", 14);
    late.implementation_start = Some(date(2026, 1, 1));
    let mut old = innovation("old", "kesehatan", 14);
    old.implementation_start = Some(date(2023, 12, 31));
    let mut old_developed = old.clone();
    old_developed.id = "old_developed".into();
    old_developed.latest_development = Some(date(2025, 12, 31));
    let mut developed_outside = innovation("developed_outside", "kesehatan", 14);
    developed_outside.latest_development = Some(date(2026, 2, 1));
    let mut short = innovation("short", "kesehatan", 14);
    short.design_words = None;
    short.design = Some("kata ".repeat(299));
    let mut exact = short.clone();
    exact.id = "exact".into();
    exact.design = Some("kata ".repeat(300));
    let mut unfilled = innovation("unfilled", "kesehatan", 14);
    unfilled.answers.remove("16");

    let all = [
        ok,
        none,
        late,
        old,
        old_developed,
        developed_outside,
        short,
        exact,
        unfilled,
    ];
    let result = run(&RegionAnswers::default(), &all);
    let status: Vec<(&str, bool)> = result
        .innovations
        .iter()
        .map(|i| (i.id.as_str(), i.included))
        .collect();
    assert_eq!(
        status,
        [
            ("ok", true),
            ("none", false),
            ("late", false),
            ("old", false),
            ("old_developed", true),
            ("developed_outside", false),
            ("short", false),
            ("exact", true),
            ("unfilled", false)
        ]
    );
    let reason = |id: &str| {
        result
            .innovations
            .iter()
            .find(|i| i.id == id)
            .unwrap()
            .reasons
            .join("; ")
    };
    assert_eq!(reason("none"), "belum ada waktu penerapan");
    assert!(reason("late").contains("sesudah akhir masa penilaian 31-12-2025"));
    assert!(reason("old").contains("tanpa pengembangan terbaru"));
    assert!(reason("developed_outside").contains("di luar masa penilaian"));
    assert_eq!(reason("short"), "rancang bangun 299 kata, minimal 300 kata");
    assert_eq!(reason("unfilled"), "indikator wajib belum diisi: 16");
    // Included: ok, old_developed, exact (3 × 14 = 42 / 12 = 3.50).
    assert_eq!((result.included, result.sid_average), (3, dec!(3.50)));
}

#[test]
fn bad_input_is_a_clear_error() {
    let mut region = RegionAnswers::default();
    region.answers.insert("99".into(), accepted(1));
    let error = evaluate(&rubric(), &region, &[], Projection::Verified, false).unwrap_err();
    assert_eq!(
        error.to_string(),
        "indikator SPD \"99\" tidak ada dalam rubrik 2026"
    );

    let mut five = innovation("a", "kesehatan", 14);
    five.answers.insert("16".into(), accepted(5));
    let error = run_err(&[five]);
    assert!(error.contains("0 sampai 3, bukan 5"), "{error}");

    let mut spd_in_sid = innovation("a", "kesehatan", 14);
    spd_in_sid.answers.insert("1".into(), accepted(1));
    assert!(run_err(&[spd_in_sid]).contains("SID \"1\""));

    let wrong_affair = innovation("a", "Kesehatan", 14);
    assert!(run_err(&[wrong_affair]).contains("urusan \"Kesehatan\""));

    let twice = [
        innovation("a", "kesehatan", 14),
        innovation("a", "sosial", 14),
    ];
    assert!(run_err(&twice).contains("lebih dari sekali"));
}

fn run_err(innovations: &[InnovationAnswers]) -> String {
    evaluate(
        &rubric(),
        &RegionAnswers::default(),
        innovations,
        Projection::Verified,
        false,
    )
    .unwrap_err()
    .to_string()
}

#[test]
fn a_2027_rubric_changes_the_result() {
    // 2027: divisor MAX(14, n) and 6 of 6 basic affairs.
    let mut next = rubric();
    next.year = 2027;
    next.divisor_min = 14;
    next.count_rule.basic_affairs_required = 6;
    let next = Rubric::from_json(&serde_json::to_string(&next).unwrap()).unwrap();
    let innovations = many(13, 5, |_| 14);
    // 2026: Σ 182 / 13 = 14, count 13 × 0.38 = 4.94, SID 18.94, index 7.576 → 7.58.
    let now = run(&RegionAnswers::default(), &innovations);
    assert_eq!(
        (now.sid_average, now.innovation_count_score, now.index),
        (dec!(14), dec!(4.94), dec!(7.58))
    );
    // 2027: Σ 182 / 14 = 13, 5 of 6 affairs gives no count score, index 13 / 2.5 = 5.20.
    let then = evaluate(
        &next,
        &RegionAnswers::default(),
        &innovations,
        Projection::Verified,
        false,
    )
    .unwrap();
    assert_eq!(
        (
            then.year,
            then.divisor,
            then.sid_average,
            then.innovation_count_score,
            then.index
        ),
        (2027, 14, dec!(13), dec!(0), dec!(5.20))
    );
}

#[test]
fn lines_explain_every_row() {
    let mut one = innovation("a", "kesehatan", 14);
    one.answers.insert("31".into(), accepted(2));
    let result = evaluate(&rubric(), &spd(1), &[one], Projection::Verified, true).unwrap();
    assert_eq!(result.lines.len(), 20 + 20);
    let line = result.lines.iter().find(|l| l.indicator == "31").unwrap();
    assert_eq!(
        line.text,
        "indikator 31 Replikasi: level 2 × bobot 3 = 6, data dukung diterima"
    );
    assert_eq!(line.innovation.as_deref(), Some("a"));
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["category"], "kurang_inovatif");
    assert!(json["index"].is_number());
}
