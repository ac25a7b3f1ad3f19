//! A small competition from set-up to Top 3, through every rule in turn.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use rust_decimal::Decimal;
use rust_decimal::dec;

use super::*;

#[test]
fn a_competition_from_proposals_to_winners() {
    // KIPP 2025 with a Top 6 shortlist and a Top 3 final.
    let mut setup = kipp_setup();
    for round in &mut setup.rounds {
        round.top_n = match round.kind {
            RoundKind::PanelShortlist => Some(6),
            RoundKind::FinalDecision => Some(3),
            _ => None,
        };
    }
    let competition = Competition::new(setup).unwrap();

    // Fourteen proposals: (number, region, agency, desk quality). The last two are not
    // eligible: p13 started in 2024, p14 is a replication that names nothing.
    let origins: [(u128, &str, u128, i64); 14] = [
        (1, "65.01", 901, 88),
        (2, "65.02", 902, 72),
        (3, "65.71", 903, 95),
        (4, "61.01", 904, 64),
        (5, "61.71", 905, 81),
        (6, "51.03", 906, 77),
        (7, "51.71", 907, 90),
        (8, "ID", 900, 59),
        (9, "61.02", 909, 84),
        (10, "65", 910, 70),
        (11, "51.03", 911, 92),
        (12, "61", 912, 66),
        (13, "51.71", 913, 99),
        (14, "65.03", 914, 99),
    ];
    let mut eligible = Vec::new();
    let mut refused = BTreeMap::new();
    for (n, code, agency, _) in origins {
        let group = if n == 14 {
            Group::Replication
        } else {
            Group::General
        };
        let facts = ProposalFacts {
            group,
            category: "pelayanan_publik_responsif_gender".into(),
            implementation_start: Some(if n == 13 {
                d(2024, 1, 1)
            } else {
                d(2021, 1, 1)
            }),
            replicated_innovation: None,
            previous_awards: Vec::new(),
            invited: false,
            instance_proposals_in_group: 0,
            sections: competition
                .sections_for(group)
                .map(|s| (s.code.clone(), "isi bagian".to_owned()))
                .collect(),
            attachments: competition
                .attachments_for(group)
                .map(|a| a.code.clone())
                .collect(),
        };
        match check_eligibility(&competition, &facts) {
            Ok(()) => eligible.push(ProposalOrigin {
                id: id(n),
                title: format!("Inovasi {n}"),
                region: region(code),
                agency_id: Some(id(agency)),
            }),
            Err(ineligible) => {
                refused.insert(n, ineligible.rules());
            }
        }
    }
    assert_eq!(eligible.len(), 12);
    assert_eq!(
        refused,
        BTreeMap::from([
            (13, vec![Rule::ImplementedTooRecently]),
            (14, vec![Rule::ReplicatedInnovationMissing]),
        ])
    );

    // Five jurors: from the province of Kaltara (65), from Badung (51.03), from the ministry
    // that proposes p8 (agency 900), one without affiliation, and one who left Kota
    // Pontianak (61.71) in 2023, which no longer counts in 2025.
    let jurors = vec![
        Juror::new(id(101)).with(Affiliation::region(region("65"))),
        Juror::new(id(102)).with(Affiliation::region(region("51.03"))),
        Juror::new(id(103)).with(Affiliation::agency(id(900))),
        Juror::new(id(104)),
        Juror::new(id(105)).with(
            Affiliation::region(region("61.71")).between(Some(d(2019, 1, 1)), Some(d(2023, 6, 30))),
        ),
    ];
    let window = ConflictWindow::of(&competition);
    let k = competition.jury.jurors_per_proposal as usize;
    let assignment = assign(&eligible, &jurors, k, window).unwrap();
    for (p, j) in assignment.pairs() {
        let juror = jurors.iter().find(|x| x.id == j).unwrap();
        let proposal = eligible.iter().find(|x| x.id == p).unwrap();
        assert_eq!(conflict_of(juror, proposal, window), None);
    }
    // Kaltara's juror never sees p1, p2, p3, p10; Badung's never p6, p11; the ministry's never p8.
    for (juror, proposals) in [(101, vec![1, 2, 3, 10]), (102, vec![6, 11]), (103, vec![8])] {
        for p in proposals {
            assert!(!assignment.contains(id(p), id(juror)));
        }
    }
    // 24 seats over 5 jurors: loads 4 and 5.
    let loads: Vec<usize> = assignment.loads(&jurors).into_values().collect();
    assert_eq!(loads.iter().sum::<usize>(), 24);
    assert!(loads.iter().all(|l| *l == 4 || *l == 5), "{loads:?}");

    // Every juror scores every criterion at the proposal's quality, so desk = quality.
    let quality: BTreeMap<Uuid, i64> = origins.iter().map(|(n, _, _, q)| (id(*n), *q)).collect();
    let sheets: Vec<ScoreSheet> = assignment
        .pairs()
        .map(|(proposal, juror)| ScoreSheet {
            proposal,
            juror,
            scores: competition
                .criteria
                .iter()
                .map(|c| (c.code.clone(), Decimal::from(quality[&proposal])))
                .collect(),
        })
        .collect();
    assert!(missing_sheets(&assignment, &sheets).is_empty());
    let desk = desk_scores(&competition.criteria, &sheets, false).unwrap();
    assert!(disagreements(&desk, competition.jury.disagreement_threshold).is_empty());

    // Shortlist on the desk: 95 (p3), 92 (p11), 90 (p7), 88 (p1), 84 (p9), 81 (p5).
    let submitted = Utc.with_ymd_and_hms(2025, 3, 20, 9, 0, 0).unwrap();
    let entries: Vec<RankEntry> = desk
        .values()
        .map(|score| RankEntry {
            proposal: score.proposal,
            group: Group::General,
            category: "pelayanan_publik_responsif_gender".into(),
            desk: score.score,
            interview: None,
            submitted_at: submitted,
        })
        .collect();
    let shortlist_size = competition
        .round(RoundKind::PanelShortlist)
        .unwrap()
        .top_n
        .unwrap();
    let ranked = rank(&entries, Basis::Desk).unwrap();
    let finalists: Vec<Uuid> = top_n(&ranked, shortlist_size as usize)
        .iter()
        .map(|r| r.proposal)
        .collect();
    assert_eq!(finalists, vec![id(3), id(11), id(7), id(1), id(9), id(5)]);

    // The public objects to p7 and the secretariat upholds it: p7 leaves the finalists.
    // Interviews: p3 70, p11 95, p1 90, p9 100, p5 60. Combined (70/30):
    // p3 66.5 + 21 = 87.5; p11 64.4 + 28.5 = 92.9; p1 61.6 + 27 = 88.6; p9 58.8 + 30 = 88.8;
    // p5 56.7 + 18 = 74.7. Top 3: p11, p9, p1.
    let interviews = BTreeMap::from([
        (id(3), dec!(70)),
        (id(11), dec!(95)),
        (id(1), dec!(90)),
        (id(9), dec!(100)),
        (id(5), dec!(60)),
    ]);
    let final_entries: Vec<RankEntry> = entries
        .iter()
        .filter(|e| finalists.contains(&e.proposal) && e.proposal != id(7))
        .map(|e| RankEntry {
            interview: interviews.get(&e.proposal).copied(),
            ..e.clone()
        })
        .collect();
    let final_ranking = rank(&final_entries, Basis::Combined(competition.weights)).unwrap();
    let scores: Vec<(Uuid, Decimal)> = final_ranking
        .iter()
        .map(|r| (r.proposal, r.score))
        .collect();
    assert_eq!(
        scores,
        vec![
            (id(11), dec!(92.9)),
            (id(9), dec!(88.8)),
            (id(1), dec!(88.6)),
            (id(3), dec!(87.5)),
            (id(5), dec!(74.7)),
        ]
    );
    let winners = competition
        .round(RoundKind::FinalDecision)
        .unwrap()
        .top_n
        .unwrap();
    let top: Vec<Uuid> = top_n(&final_ranking, winners as usize)
        .iter()
        .map(|r| r.proposal)
        .collect();
    assert_eq!(top, vec![id(11), id(9), id(1)]);
}
