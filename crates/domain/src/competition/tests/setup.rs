//! The set-up: the KIPP default, wire codes, and one message per bad field.

use rust_decimal::Decimal;
use rust_decimal::dec;

use super::*;

fn errors_of(setup: &CompetitionSetup) -> crate::FieldErrors {
    setup.validate().unwrap_err()
}

#[test]
fn the_kipp_default_is_valid_and_as_researched() {
    let competition = kipp();
    let groups: Vec<Group> = competition.groups.iter().map(|g| g.group).collect();
    assert_eq!(groups, vec![Group::General, Group::Replication]);

    let umum = competition.group_rules(Group::General).unwrap();
    assert_eq!(umum.min_months_implemented, 24);
    assert_eq!(umum.quota_per_instance, Some(10));
    assert_eq!(
        umum.award_history,
        AwardHistory::Newcomer { finalist_limit: 2 }
    );
    let replikasi = competition.group_rules(Group::Replication).unwrap();
    assert_eq!(replikasi.min_months_implemented, 12);
    assert_eq!(replikasi.quota_per_instance, Some(5));
    assert!(replikasi.requires_replicated_innovation);
    let khusus = GroupRules::kipp(Group::Special);
    assert!(khusus.invitation_only);
    assert_eq!(khusus.award_history, AwardHistory::PastWinner);

    assert_eq!(competition.categories.len(), 10);
    let limits: Vec<(&str, u32)> = competition
        .sections_for(Group::General)
        .map(|s| (s.code.as_str(), s.max_words))
        .collect();
    assert_eq!(
        limits,
        vec![
            ("ringkasan", 200),
            ("kebaruan", 600),
            ("signifikansi", 600),
            ("adaptabilitas", 400),
            ("keberlanjutan", 600)
        ]
    );
    // Replication proposals add inspirasi 100, proses replikasi 200, faktor pembeda 100.
    assert_eq!(competition.sections_for(Group::Replication).count(), 8);
    assert_eq!(competition.attachments_for(Group::General).count(), 4);
    assert!(
        competition
            .attachments_for(Group::Replication)
            .any(|a| a.code == "surat_pernyataan_replikasi")
    );

    let criteria: Vec<(&str, Decimal)> = competition
        .criteria
        .iter()
        .map(|c| (c.code.as_str(), c.weight))
        .collect();
    assert_eq!(
        criteria,
        vec![
            ("kebaruan", dec!(20)),
            ("efektivitas", dec!(20)),
            ("manfaat", dec!(20)),
            ("adaptabilitas", dec!(20)),
            ("keberlanjutan", dec!(20))
        ]
    );
    assert_eq!(
        competition.weights,
        CombinationWeights {
            desk: dec!(70),
            interview: dec!(30)
        }
    );
    assert_eq!(competition.jury.jurors_per_proposal, 2);
}

#[test]
fn default_rounds_follow_registration_close() {
    let competition = kipp();
    let kinds: Vec<RoundKind> = competition.rounds.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, RoundKind::ALL.to_vec());
    // Registration closes 31 March 2025. Administrative check: +1..+10 days = 1–10 April.
    let admin = competition.round(RoundKind::AdministrativeCheck).unwrap();
    assert_eq!((admin.opens, admin.closes), (d(2025, 4, 1), d(2025, 4, 10)));
    // Public objection: +48..+52 = 18–22 May (31 March + 30 = 30 April, + 18 = 18 May): five
    // calendar days, as KIPP's uji publik.
    let objection = competition.round(RoundKind::PublicObjection).unwrap();
    assert_eq!(
        (objection.opens, objection.closes),
        (d(2025, 5, 18), d(2025, 5, 22))
    );
    assert_eq!(
        competition.round(RoundKind::PanelShortlist).unwrap().top_n,
        Some(99)
    );
    assert_eq!(
        competition.round(RoundKind::FinalDecision).unwrap().top_n,
        Some(45)
    );
    assert_eq!(
        competition.round_on(d(2025, 5, 20)).unwrap().kind,
        RoundKind::PublicObjection
    );
    assert!(competition.round_on(d(2025, 3, 31)).is_none());
    assert!(competition.registration_open_on(d(2025, 3, 31)));
    assert!(!competition.registration_open_on(d(2025, 4, 1)));
    // Once the administrative check has closed, no more proposals, whatever the dates say.
    assert!(competition.takes_proposals(false, d(2025, 3, 31)));
    assert!(!competition.takes_proposals(true, d(2025, 3, 31)));
    assert!(!competition.takes_proposals(false, d(2025, 4, 1)));
    // Published: +91 = 30 June.
    assert_eq!(
        competition.round(RoundKind::Published).unwrap().opens,
        d(2025, 6, 30)
    );
}

#[test]
fn vocabularies_travel_as_codes() {
    assert_eq!(serde_json::to_string(&Group::General).unwrap(), "\"umum\"");
    assert_eq!(
        serde_json::to_string(&Group::Replication).unwrap(),
        "\"replikasi\""
    );
    assert_eq!(
        serde_json::to_string(&Group::Special).unwrap(),
        "\"khusus\""
    );
    assert_eq!(
        Group::parse("Kelompok Replikasi").unwrap(),
        Group::Replication
    );
    assert_eq!(Group::parse(" KHUSUS ").unwrap(), Group::Special);
    assert!(Group::parse("istimewa").unwrap_err().contains("Umum"));
    assert_eq!(AwardTier::parse("Top 99").unwrap(), AwardTier::Finalist);
    assert_eq!(AwardTier::parse("Top 45").unwrap(), AwardTier::Winner);
    assert_eq!(AwardTier::parse("OAPSI").unwrap(), AwardTier::Outstanding);
    assert_eq!(
        serde_json::to_string(&RoundKind::PublicObjection).unwrap(),
        "\"public_objection\""
    );
    assert_eq!(
        RoundKind::parse("uji publik").unwrap(),
        RoundKind::PublicObjection
    );
    assert_eq!(
        serde_json::to_value(AwardHistory::Newcomer { finalist_limit: 2 }).unwrap(),
        serde_json::json!({"rule": "newcomer", "finalist_limit": 2})
    );
}

#[test]
fn a_competition_round_trips_and_validates_when_read() {
    let competition = kipp();
    let json = serde_json::to_string(&competition).unwrap();
    let back: Competition = serde_json::from_str(&json).unwrap();
    assert_eq!(back, competition);

    let mut setup = kipp_setup();
    setup.criteria[0].weight = dec!(30);
    let json = serde_json::to_string(&setup).unwrap();
    let error = serde_json::from_str::<Competition>(&json).unwrap_err();
    assert!(error.to_string().contains("bobot kriteria"), "{error}");
}

#[test]
fn criterion_weights_sum_to_one_hundred() {
    let mut setup = kipp_setup();
    // 30 + 20 + 20 + 20 + 20 = 110.
    setup.criteria[0].weight = dec!(30);
    let errors = errors_of(&setup);
    assert_eq!(
        errors.get("criteria"),
        Some("jumlah bobot kriteria harus 100, bukan 110")
    );

    // 25.5 + 24.5 + 20 + 20 + 10 = 100: decimals are fine.
    setup.criteria[0].weight = dec!(25.5);
    setup.criteria[1].weight = dec!(24.5);
    setup.criteria[4].weight = dec!(10);
    assert!(setup.validate().is_ok());

    setup.criteria[4].weight = dec!(0);
    setup.criteria[3].weight = dec!(30);
    let errors = errors_of(&setup);
    assert!(errors.get("criteria[4].weight").is_some(), "{errors}");

    setup.criteria.clear();
    assert!(errors_of(&setup).get("criteria").is_some());
}

#[test]
fn desk_and_interview_weights() {
    let mut setup = kipp_setup();
    setup.weights = CombinationWeights {
        desk: dec!(60),
        interview: dec!(30),
    };
    assert_eq!(
        errors_of(&setup).get("weights"),
        Some("bobot penilaian proposal dan wawancara harus berjumlah 100, bukan 90")
    );
    setup.weights = CombinationWeights {
        desk: dec!(110),
        interview: dec!(-10),
    };
    assert!(
        errors_of(&setup)
            .get("weights")
            .unwrap()
            .contains("negatif")
    );

    // A competition without interviews puts everything on the desk.
    setup.rounds.retain(|r| r.kind != RoundKind::Interview);
    setup.weights = CombinationWeights::default();
    assert!(
        errors_of(&setup)
            .get("weights")
            .unwrap()
            .contains("wawancara")
    );
    setup.weights = CombinationWeights {
        desk: dec!(100),
        interview: dec!(0),
    };
    assert!(setup.validate().is_ok());
}

#[test]
fn dates_in_order() {
    let mut setup = kipp_setup();
    setup.registration_opens = d(2025, 4, 1);
    let errors = errors_of(&setup);
    assert!(errors.get("registration_closes").is_some(), "{errors}");

    let mut setup = kipp_setup();
    // The administrative check may not start before registration closes (31 March).
    setup.rounds[0].opens = d(2025, 3, 30);
    assert!(
        errors_of(&setup)
            .get("rounds[0].opens")
            .unwrap()
            .contains("31-03-2025")
    );
    // Starting the day registration closes is allowed.
    setup.rounds[0].opens = d(2025, 3, 31);
    assert!(setup.validate().is_ok());

    let mut setup = kipp_setup();
    setup.rounds[1].closes = d(2025, 4, 5);
    assert!(errors_of(&setup).get("rounds[1].closes").is_some());

    let mut setup = kipp_setup();
    // Desk evaluation starts before the administrative check ends (10 April).
    setup.rounds[1].opens = d(2025, 4, 9);
    assert!(
        errors_of(&setup)
            .get("rounds[1].opens")
            .unwrap()
            .contains("10-04-2025")
    );
    // The next round may start on the day the previous one ends.
    setup.rounds[1].opens = d(2025, 4, 10);
    assert!(setup.validate().is_ok());
}

#[test]
fn rounds_are_a_configurable_list_in_order() {
    // A provincial competition without public objection and with no shortlist.
    let mut setup = kipp_setup();
    setup.rounds.retain(|r| {
        !matches!(
            r.kind,
            RoundKind::PublicObjection | RoundKind::PanelShortlist
        )
    });
    assert!(setup.validate().is_ok());

    let mut setup = kipp_setup();
    setup.rounds.retain(|r| r.kind != RoundKind::DeskEvaluation);
    assert!(
        errors_of(&setup)
            .get("rounds")
            .unwrap()
            .contains("Penilaian proposal")
    );

    let mut setup = kipp_setup();
    setup.rounds.swap(0, 1);
    // The administrative check now comes after the desk evaluation, and starts (1 April)
    // before the desk evaluation ends (10 May).
    let errors = errors_of(&setup);
    assert_eq!(
        errors.get("rounds[1].kind"),
        Some("tahap \"Seleksi administrasi\" tidak boleh sesudah tahap \"Penilaian proposal\"")
    );
    assert!(
        errors
            .get("rounds[1].opens")
            .unwrap()
            .contains("10-05-2025")
    );

    let mut setup = kipp_setup();
    setup.rounds[1].kind = RoundKind::AdministrativeCheck;
    assert!(
        errors_of(&setup)
            .get("rounds[1].kind")
            .unwrap()
            .contains("lebih dari sekali")
    );
}

#[test]
fn top_n_where_it_belongs() {
    let mut setup = kipp_setup();
    setup.rounds[2].top_n = None;
    assert!(errors_of(&setup).get("rounds[2].top_n").is_some());
    setup.rounds[2].top_n = Some(0);
    assert!(errors_of(&setup).get("rounds[2].top_n").is_some());

    let mut setup = kipp_setup();
    setup.rounds[0].top_n = Some(5);
    assert!(errors_of(&setup).get("rounds[0].top_n").is_some());

    let mut setup = kipp_setup();
    // 100 winners out of 99 finalists.
    setup.rounds[5].top_n = Some(100);
    assert_eq!(
        errors_of(&setup).get("rounds[5].top_n"),
        Some("jumlah pemenang (100) tidak boleh melebihi jumlah finalis (99)")
    );
}

#[test]
fn limits_are_positive() {
    let mut setup = kipp_setup();
    setup.sections[0].max_words = 0;
    setup.groups[0].quota_per_instance = Some(0);
    setup.groups[0].award_history = AwardHistory::Newcomer { finalist_limit: 0 };
    setup.jury.jurors_per_proposal = 1;
    setup.jury.disagreement_threshold = dec!(0);
    let errors = errors_of(&setup);
    for field in [
        "sections[0].max_words",
        "groups[0].quota_per_instance",
        "groups[0].award_history",
        "jury.jurors_per_proposal",
        "jury.disagreement_threshold",
    ] {
        assert!(errors.get(field).is_some(), "{field}: {errors}");
    }
    // No quota means no limit.
    let mut setup = kipp_setup();
    setup.groups[0].quota_per_instance = None;
    assert!(setup.validate().is_ok());
}

#[test]
fn every_bad_field_is_named_once() {
    let mut setup = kipp_setup();
    setup.name = "  ".into();
    setup.year = 1800;
    setup.scope = region("65.01");
    setup.groups.push(GroupRules::kipp(Group::General));
    setup.categories[1].code = "Pendidikan Dasar".into();
    setup.categories[2].name = "Pendidikan".into();
    setup.sections[1].code = "ringkasan".into();
    setup.sections[2].title = String::new();
    setup.sections[3].groups = vec![Group::Special];
    setup.attachments[0].name = " ".into();
    setup.criteria[0].code = "kebaruan".into();
    setup.criteria[1].code = "kebaruan".into();
    let errors = errors_of(&setup);
    let fields: Vec<&str> = errors.iter().map(|(field, _)| field).collect();
    assert_eq!(
        fields,
        vec![
            "attachments[0].name",
            "categories[1].code",
            "categories[2].name",
            "criteria[1].code",
            "groups",
            "name",
            "scope",
            "sections[1].code",
            "sections[2].title",
            "sections[3].groups",
            "year",
        ]
    );
    assert_eq!(errors.get("name"), Some("nama kompetisi wajib diisi"));
    assert_eq!(
        errors.get("scope"),
        Some("lingkup kompetisi harus nasional atau satu provinsi")
    );
    assert_eq!(
        errors.get("sections[3].groups"),
        Some("kelompok Khusus tidak dibuka pada kompetisi ini")
    );
    assert!(
        errors
            .get("categories[1].code")
            .unwrap()
            .contains("huruf kecil")
    );
}

#[test]
fn a_provincial_competition_with_the_special_group() {
    let mut setup = CompetitionSetup::kipp(
        "KOVABLIK Kaltara 2025",
        2025,
        region("65"),
        d(2025, 2, 1),
        d(2025, 2, 28),
    );
    setup.groups.push(GroupRules::kipp(Group::Special));
    setup
        .sections
        .push(Section::new("evaluasi", "Evaluasi", 300).for_groups(&[Group::Special]));
    let competition = Competition::new(setup).unwrap();
    assert_eq!(competition.sections_for(Group::Special).count(), 6);
    assert_eq!(competition.sections_for(Group::General).count(), 5);
}
