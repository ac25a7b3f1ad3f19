//! Conflicts of interest, for KIPP 2025 (window: the year 2025 unless a look-back is set).

use super::*;

fn proposal(n: u128, code: &str, agency: Option<u128>) -> ProposalOrigin {
    ProposalOrigin {
        id: id(n),
        title: format!("Proposal {n}"),
        region: region(code),
        agency_id: agency.map(id),
    }
}

fn window() -> ConflictWindow {
    ConflictWindow::new(2025, 0)
}

fn juror_of(code: &str) -> Juror {
    Juror::new(id(1)).with(Affiliation::region(region(code)))
}

#[test]
fn a_province_covers_its_regencies_and_they_it() {
    let bulungan = proposal(10, "65.01", None);
    let kaltara = proposal(11, "65", None);
    // A juror from the province of Kalimantan Utara (65) and a proposal from Bulungan (65.01).
    assert_eq!(
        conflict_of(&juror_of("65"), &bulungan, window()),
        Some(Conflict::Region {
            affiliation: region("65"),
            proposal: region("65.01")
        })
    );
    // A juror from Bulungan and a proposal of the province.
    assert!(conflict_of(&juror_of("65.01"), &kaltara, window()).is_some());
    // The same region.
    assert!(conflict_of(&juror_of("65.01"), &bulungan, window()).is_some());
    assert!(conflict_of(&juror_of("65.71"), &proposal(12, "65.71", None), window()).is_some());
}

#[test]
fn unrelated_regions_do_not_conflict() {
    // Two regencies of one province: Malinau (65.02) does not judge itself in Bulungan.
    assert_eq!(
        conflict_of(&juror_of("65.02"), &proposal(10, "65.01", None), window()),
        None
    );
    // Another province and its regencies.
    assert_eq!(
        conflict_of(&juror_of("65"), &proposal(10, "61.01", None), window()),
        None
    );
    assert_eq!(
        conflict_of(&juror_of("61.01"), &proposal(10, "65", None), window()),
        None
    );
    // Codes are compared by level, not as text: 61 and 65 share only a leading digit.
    assert!(!regions_related(&region("61"), &region("65")));
    assert!(!regions_related(&region("61.01"), &region("61.02")));
}

#[test]
fn the_nation_relates_to_no_region() {
    // A juror from a ministry (the nation) judges regional proposals...
    assert_eq!(
        conflict_of(&juror_of("ID"), &proposal(10, "65.01", None), window()),
        None
    );
    // ...and a regional juror judges a ministry's proposal.
    assert_eq!(
        conflict_of(&juror_of("65"), &proposal(10, "ID", Some(500)), window()),
        None
    );
    assert!(!regions_related(&RegionCode::nation(), &region("65")));
}

#[test]
fn the_proposing_agency_conflicts_wherever_it_is() {
    // A lecturer of Universitas Tanjungpura (agency 700) and a proposal by that university.
    let juror = Juror::new(id(1)).with(Affiliation::agency(id(700)));
    assert_eq!(
        conflict_of(&juror, &proposal(10, "61", Some(700)), window()),
        Some(Conflict::Agency { agency_id: id(700) })
    );
    assert_eq!(
        conflict_of(&juror, &proposal(10, "61", Some(701)), window()),
        None
    );
    assert_eq!(
        conflict_of(&juror, &proposal(10, "61", None), window()),
        None
    );
}

#[test]
fn affiliations_count_when_they_overlap_the_window() {
    let p = proposal(10, "65.01", None);
    let with_dates = |from: Option<NaiveDate>, to: Option<NaiveDate>| {
        Juror::new(id(1)).with(Affiliation::region(region("65")).between(from, to))
    };
    // Left the province on 31 December 2024: not in 2025.
    let left = with_dates(Some(d(2018, 1, 1)), Some(d(2024, 12, 31)));
    assert_eq!(conflict_of(&left, &p, window()), None);
    // With one year of look-back (1 January 2024 – 31 December 2025) it counts.
    assert!(conflict_of(&left, &p, ConflictWindow::new(2025, 1)).is_some());
    // Left on 1 January 2025: one day of overlap is enough.
    assert!(conflict_of(&with_dates(None, Some(d(2025, 1, 1))), &p, window()).is_some());
    // Joins on 31 December 2025: counts; on 1 January 2026: does not.
    assert!(conflict_of(&with_dates(Some(d(2025, 12, 31)), None), &p, window()).is_some());
    assert_eq!(
        conflict_of(&with_dates(Some(d(2026, 1, 1)), None), &p, window()),
        None
    );
    // Open on both ends: always.
    assert!(conflict_of(&with_dates(None, None), &p, window()).is_some());
}

#[test]
fn the_window_of_a_competition() {
    assert_eq!(
        ConflictWindow::new(2025, 2),
        ConflictWindow {
            first: d(2023, 1, 1),
            last: d(2025, 12, 31)
        }
    );
    let mut setup = kipp_setup();
    setup.jury.conflict_lookback_years = 3;
    let competition = Competition::new(setup).unwrap();
    assert_eq!(ConflictWindow::of(&competition).first, d(2022, 1, 1));
    assert_eq!(ConflictWindow::of(&kipp()).first, d(2025, 1, 1));
}

#[test]
fn a_declared_conflict_comes_first() {
    let p = proposal(10, "61.01", None);
    let juror = Juror::new(id(1)).declaring(id(10));
    assert_eq!(conflict_of(&juror, &p, window()), Some(Conflict::Declared));
    assert_eq!(
        conflict_of(&juror, &proposal(11, "61.01", None), window()),
        None
    );
    let both = juror.with(Affiliation::region(region("61")));
    assert_eq!(conflict_of(&both, &p, window()), Some(Conflict::Declared));
}

#[test]
fn an_affiliation_with_region_and_agency_checks_both() {
    // A former head of Dinas Kesehatan Kota Tarakan (agency 800 in 65.71), 2019–2022.
    let juror = Juror::new(id(1)).with(Affiliation {
        region: Some(region("65.71")),
        agency_id: Some(id(800)),
        from: Some(d(2019, 1, 1)),
        to: Some(d(2022, 12, 31)),
    });
    let lookback = ConflictWindow::new(2025, 3);
    assert_eq!(
        conflict_of(&juror, &proposal(10, "65.71", Some(800)), lookback),
        Some(Conflict::Agency { agency_id: id(800) })
    );
    assert!(matches!(
        conflict_of(&juror, &proposal(10, "65", Some(801)), lookback),
        Some(Conflict::Region { .. })
    ));
    assert_eq!(
        conflict_of(&juror, &proposal(10, "65.01", Some(802)), lookback),
        None
    );
    assert_eq!(
        conflict_of(&juror, &proposal(10, "65.71", Some(800)), window()),
        None
    );
}

#[test]
fn conflicts_explain_themselves() {
    assert_eq!(
        Conflict::Declared.message(),
        "juri menyatakan memiliki konflik kepentingan"
    );
    assert_eq!(
        Conflict::Region {
            affiliation: region("65"),
            proposal: region("65.01")
        }
        .message(),
        "juri pernah atau sedang bernaung di wilayah 65, yang mencakup atau tercakup wilayah pengusul (65.01)"
    );
    assert_eq!(
        Conflict::Region {
            affiliation: region("65.01"),
            proposal: region("65.01")
        }
        .message(),
        "juri pernah atau sedang bernaung di wilayah pengusul (65.01)"
    );
    assert_eq!(
        serde_json::to_value(Conflict::Agency { agency_id: id(1) }).unwrap()["kind"],
        "agency"
    );
}
