//! Eligibility of proposals to KIPP 2025 (registration closes 31 March 2025).

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::competition::eligibility::latest_implementation_start;

fn words(n: usize) -> String {
    vec!["kata"; n].join(" ")
}

/// A complete, eligible kelompok umum proposal.
fn umum() -> ProposalFacts {
    let competition = kipp();
    ProposalFacts {
        group: Group::General,
        category: "kesehatan".into(),
        implementation_start: Some(d(2022, 7, 1)),
        replicated_innovation: None,
        previous_awards: Vec::new(),
        invited: false,
        instance_proposals_in_group: 0,
        sections: competition
            .sections_for(Group::General)
            .map(|s| (s.code.clone(), words(50)))
            .collect(),
        attachments: competition
            .attachments_for(Group::General)
            .map(|a| a.code.clone())
            .collect(),
    }
}

/// A complete, eligible kelompok replikasi proposal.
fn replikasi() -> ProposalFacts {
    let competition = kipp();
    ProposalFacts {
        group: Group::Replication,
        replicated_innovation: Some("Sipelandukilat (Top 45 KIPP 2019)".into()),
        implementation_start: Some(d(2024, 1, 15)),
        sections: competition
            .sections_for(Group::Replication)
            .map(|s| (s.code.clone(), words(20)))
            .collect(),
        attachments: competition
            .attachments_for(Group::Replication)
            .map(|a| a.code.clone())
            .collect(),
        ..umum()
    }
}

fn rules_failed(competition: &Competition, facts: &ProposalFacts) -> Vec<Rule> {
    match check_eligibility(competition, facts) {
        Ok(()) => Vec::new(),
        Err(ineligible) => ineligible.rules(),
    }
}

fn award(year: i32, tier: AwardTier) -> PreviousAward {
    PreviousAward { year, tier }
}

#[test]
fn complete_proposals_are_eligible() {
    assert_eq!(check_eligibility(&kipp(), &umum()), Ok(()));
    assert_eq!(check_eligibility(&kipp(), &replikasi()), Ok(()));
}

#[test]
fn implementation_age_counts_back_from_registration_close() {
    let competition = kipp();
    // Umum needs 24 months: 31 March 2025 − 24 months = 31 March 2023, the latest start.
    assert_eq!(
        latest_implementation_start(d(2025, 3, 31), 24),
        d(2023, 3, 31)
    );
    let mut facts = umum();
    facts.implementation_start = Some(d(2023, 3, 31));
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));
    facts.implementation_start = Some(d(2023, 4, 1));
    let ineligible = check_eligibility(&competition, &facts).unwrap_err();
    assert_eq!(ineligible.rules(), vec![Rule::ImplementedTooRecently]);
    assert_eq!(
        ineligible.failures[0].message,
        "inovasi mulai diterapkan 01-04-2023; kelompok Umum mensyaratkan paling sedikit 24 bulan \
         penerapan sebelum pendaftaran ditutup (31-03-2025), jadi paling lambat diterapkan 31-03-2023"
    );

    // Replikasi needs 12 months: latest start 31 March 2024.
    let mut facts = replikasi();
    facts.implementation_start = Some(d(2024, 3, 31));
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));
    facts.implementation_start = Some(d(2024, 4, 1));
    assert_eq!(
        rules_failed(&competition, &facts),
        vec![Rule::ImplementedTooRecently]
    );

    facts.implementation_start = None;
    assert_eq!(
        rules_failed(&competition, &facts),
        vec![Rule::ImplementationDateMissing]
    );
}

#[test]
fn months_end_on_the_last_day_of_a_shorter_month() {
    // 31 March − 1 month: there is no 31 February, so the last day of February counts.
    assert_eq!(
        latest_implementation_start(d(2024, 3, 31), 1),
        d(2024, 2, 29)
    );
    assert_eq!(
        latest_implementation_start(d(2025, 3, 31), 1),
        d(2025, 2, 28)
    );
    // 29 February 2024 − 12 months = 28 February 2023.
    assert_eq!(
        latest_implementation_start(d(2024, 2, 29), 12),
        d(2023, 2, 28)
    );
    assert_eq!(
        latest_implementation_start(d(2025, 3, 31), 0),
        d(2025, 3, 31)
    );
}

#[test]
fn without_a_minimum_it_must_still_run_before_registration_closes() {
    let mut setup = kipp_setup();
    setup.groups[0].min_months_implemented = 0;
    let competition = Competition::new(setup).unwrap();
    let mut facts = umum();
    facts.implementation_start = Some(d(2025, 3, 31));
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));
    facts.implementation_start = Some(d(2025, 4, 1));
    let ineligible = check_eligibility(&competition, &facts).unwrap_err();
    assert!(
        ineligible.failures[0]
            .message
            .contains("sesudah pendaftaran ditutup"),
        "{ineligible}"
    );
}

#[test]
fn quota_per_instance_and_group() {
    let competition = kipp();
    let mut facts = umum();
    // 9 umum proposals already: this is the 10th, within the quota of 10.
    facts.instance_proposals_in_group = 9;
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));
    facts.instance_proposals_in_group = 10;
    let ineligible = check_eligibility(&competition, &facts).unwrap_err();
    assert_eq!(
        ineligible.failures[0].message,
        "instansi pengusul sudah mengajukan 10 proposal kelompok Umum; kuota per instansi 10 proposal"
    );
    assert_eq!(ineligible.failures[0].field, "quota");

    let mut facts = replikasi();
    facts.instance_proposals_in_group = 4;
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));
    facts.instance_proposals_in_group = 5;
    assert_eq!(rules_failed(&competition, &facts), vec![Rule::QuotaReached]);
}

#[test]
fn kelompok_umum_never_won_and_not_top_99_twice() {
    let competition = kipp();
    let mut facts = umum();
    // Top 99 once before: allowed.
    facts.previous_awards = vec![award(2021, AwardTier::Finalist)];
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));

    // Top 99 in 2021 and 2023: a third time is not allowed.
    facts.previous_awards.push(award(2023, AwardTier::Finalist));
    let ineligible = check_eligibility(&competition, &facts).unwrap_err();
    assert_eq!(ineligible.rules(), vec![Rule::FinalistTooOften]);
    assert_eq!(
        ineligible.failures[0].message,
        "inovasi sudah 2 kali menjadi finalis (2021, 2023); kelompok Umum hanya menerima inovasi \
         yang kurang dari 2 kali menjadi finalis"
    );

    // The same year recorded twice is one time.
    facts.previous_awards = vec![
        award(2021, AwardTier::Finalist),
        award(2021, AwardTier::Finalist),
    ];
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));

    // Awards of this edition or later are not "previous".
    facts.previous_awards = vec![
        award(2021, AwardTier::Finalist),
        award(2025, AwardTier::Finalist),
        award(2025, AwardTier::Winner),
    ];
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));

    // A past winner may not enter umum, whatever else.
    facts.previous_awards = vec![
        award(2019, AwardTier::Winner),
        award(2021, AwardTier::Outstanding),
    ];
    let ineligible = check_eligibility(&competition, &facts).unwrap_err();
    assert_eq!(ineligible.rules(), vec![Rule::PreviousWinner]);
    assert!(
        ineligible.failures[0]
            .message
            .contains("Pemenang (Top N) 2019, Outstanding Achievement 2021"),
        "{ineligible}"
    );
}

#[test]
fn kelompok_replikasi_names_what_it_replicates() {
    let competition = kipp();
    let mut facts = replikasi();
    // Replication has no award condition.
    facts.previous_awards = vec![award(2019, AwardTier::Winner)];
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));
    for missing in [None, Some("   ".to_owned())] {
        facts.replicated_innovation = missing;
        let ineligible = check_eligibility(&competition, &facts).unwrap_err();
        assert_eq!(ineligible.rules(), vec![Rule::ReplicatedInnovationMissing]);
        assert_eq!(
            ineligible.failures[0].message,
            "kelompok Replikasi wajib menyebut inovasi yang direplikasi"
        );
    }
}

#[test]
fn kelompok_khusus_is_for_invited_past_winners() {
    let mut setup = kipp_setup();
    setup.groups.push(GroupRules::kipp(Group::Special));
    let competition = Competition::new(setup).unwrap();
    let mut facts = umum();
    facts.group = Group::Special;
    assert_eq!(
        rules_failed(&competition, &facts),
        vec![Rule::NotPastWinner, Rule::NotInvited]
    );
    facts.previous_awards = vec![award(2019, AwardTier::Winner)];
    facts.invited = true;
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));
    // A finalist is not a winner.
    facts.previous_awards = vec![award(2019, AwardTier::Finalist)];
    assert_eq!(
        rules_failed(&competition, &facts),
        vec![Rule::NotPastWinner]
    );
}

#[test]
fn a_group_not_offered_stops_the_group_checks() {
    let competition = kipp();
    let mut facts = umum();
    facts.group = Group::Special;
    facts.category = "astrologi".into();
    facts.implementation_start = None;
    let ineligible = check_eligibility(&competition, &facts).unwrap_err();
    assert_eq!(
        ineligible.rules(),
        vec![Rule::GroupNotOffered, Rule::UnknownCategory]
    );
    assert_eq!(
        ineligible.to_string(),
        "kelompok Khusus tidak dibuka pada kompetisi ini; kategori \"astrologi\" tidak ada pada kompetisi ini"
    );
    facts.category = " ".into();
    let ineligible = check_eligibility(&competition, &facts).unwrap_err();
    assert_eq!(ineligible.failures[1].message, "kategori wajib dipilih");
}

#[test]
fn word_limits_count_whitespace_separated_words() {
    let competition = kipp();
    let mut facts = umum();
    // Exactly 200 words in the ringkasan (limit 200), spread over spaces, tabs and lines.
    let text = format!("{}\n\t{}  ", words(150), words(50));
    facts.sections.insert("ringkasan".into(), text);
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));

    // 201 words; punctuation stuck to a word does not make another word, a lone dash does.
    facts
        .sections
        .insert("ringkasan".into(), format!("{}, akhir", words(199)));
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));
    facts
        .sections
        .insert("ringkasan".into(), format!("{} - akhir", words(199)));
    let ineligible = check_eligibility(&competition, &facts).unwrap_err();
    assert_eq!(ineligible.rules(), vec![Rule::SectionTooLong]);
    assert_eq!(ineligible.failures[0].field, "sections.ringkasan");
    assert_eq!(
        ineligible.failures[0].message,
        "bagian \"Ringkasan\" berisi 201 kata; paling banyak 200 kata"
    );

    // Adaptabilitas allows 400.
    facts.sections.insert("ringkasan".into(), words(10));
    facts.sections.insert("adaptabilitas".into(), words(401));
    assert_eq!(
        rules_failed(&competition, &facts),
        vec![Rule::SectionTooLong]
    );
}

#[test]
fn sections_required_unknown_and_of_other_groups() {
    let competition = kipp();
    let mut facts = umum();
    facts.sections.remove("kebaruan");
    facts.sections.insert("signifikansi".into(), " \n ".into());
    facts.sections.insert("catatan_lain".into(), words(3));
    // The replication sections exist in the competition: an umum proposal carrying one is
    // not refused for it, and does not need them.
    facts.sections.insert("inspirasi".into(), words(500));
    let ineligible = check_eligibility(&competition, &facts).unwrap_err();
    assert_eq!(
        ineligible.rules(),
        vec![
            Rule::SectionMissing,
            Rule::SectionMissing,
            Rule::UnknownSection
        ]
    );
    let fields: Vec<&str> = ineligible
        .failures
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(
        fields,
        vec![
            "sections.kebaruan",
            "sections.signifikansi",
            "sections.catatan_lain"
        ]
    );
    assert_eq!(
        ineligible.failures[0].message,
        "bagian \"Kebaruan / nilai tambah\" wajib diisi"
    );

    // An optional section may stay empty.
    let mut setup = kipp_setup();
    setup.sections[1].required = false;
    let competition = Competition::new(setup).unwrap();
    let mut facts = umum();
    facts.sections.remove("kebaruan");
    assert_eq!(check_eligibility(&competition, &facts), Ok(()));
}

#[test]
fn required_attachments_per_group() {
    let competition = kipp();
    let mut facts = replikasi();
    facts.attachments = BTreeSet::from(["video".to_owned(), "foto".to_owned()]);
    let ineligible = check_eligibility(&competition, &facts).unwrap_err();
    let fields: Vec<&str> = ineligible
        .failures
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(
        fields,
        vec![
            "attachments.standar_pelayanan",
            "attachments.maklumat_pelayanan",
            "attachments.sk_pengelola_pengaduan",
            "attachments.surat_pernyataan_replikasi",
        ]
    );
    assert_eq!(
        ineligible.failures[3].message,
        "lampiran \"Surat pernyataan replikasi\" wajib diunggah"
    );
}

#[test]
fn every_failing_rule_is_reported_at_once() {
    let competition = kipp();
    let facts = ProposalFacts {
        group: Group::General,
        category: "kesehatan".into(),
        implementation_start: Some(d(2024, 6, 1)),
        replicated_innovation: None,
        previous_awards: vec![
            award(2019, AwardTier::Winner),
            award(2020, AwardTier::Finalist),
            award(2022, AwardTier::Finalist),
        ],
        invited: false,
        instance_proposals_in_group: 12,
        sections: BTreeMap::from([("ringkasan".to_owned(), words(250))]),
        attachments: BTreeSet::new(),
    };
    let ineligible = check_eligibility(&competition, &facts).unwrap_err();
    assert_eq!(
        ineligible.rules(),
        vec![
            Rule::ImplementedTooRecently,
            Rule::QuotaReached,
            Rule::PreviousWinner,
            Rule::FinalistTooOften,
            Rule::SectionTooLong,
            Rule::SectionMissing,
            Rule::SectionMissing,
            Rule::SectionMissing,
            Rule::SectionMissing,
            Rule::AttachmentMissing,
            Rule::AttachmentMissing,
            Rule::AttachmentMissing,
            Rule::AttachmentMissing,
        ]
    );
    assert_eq!(
        ineligible.rejection_reasons(),
        vec![
            RejectionReason::ImplementationTooRecent,
            RejectionReason::IncompleteProposal,
            RejectionReason::GroupRequirements,
            RejectionReason::QuotaExceeded,
        ]
    );
    // For a form: one message per field; both award failures are on `previous_awards`, the
    // first wins there.
    let errors = ineligible.to_field_errors();
    assert_eq!(errors.iter().count(), 12);
    assert!(
        errors
            .get("previous_awards")
            .unwrap()
            .contains("belum pernah menang")
    );
    assert_eq!(
        serde_json::to_value(&ineligible.failures[1]).unwrap()["rule"],
        "quota_reached"
    );
    assert_eq!(Rule::QuotaReached.code(), "quota_reached");
}

#[test]
fn duplicate_titles_are_found_whatever_the_spelling() {
    let proposals = [
        (3, "Si Dokter Serasi"),
        (1, "PESONA"),
        (2, "si-dokter  serasi"),
        (4, "Pesona"),
        (5, "Laperon"),
        (6, ""),
        (7, " "),
    ];
    assert_eq!(duplicate_titles(&proposals), vec![vec![1, 4], vec![2, 3]]);
}
