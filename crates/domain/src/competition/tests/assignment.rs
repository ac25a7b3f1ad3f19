//! Assignment: hand-traced small cases, then properties over many generated cases checked
//! against an independent minimum-cost flow.

use std::collections::BTreeMap;

use super::*;

fn window() -> ConflictWindow {
    ConflictWindow::new(2025, 0)
}

fn proposal(n: u128, title: &str, code: &str, agency: Option<u128>) -> ProposalOrigin {
    ProposalOrigin {
        id: id(n),
        title: title.to_owned(),
        region: region(code),
        agency_id: agency.map(id),
    }
}

fn free(n: u128) -> ProposalOrigin {
    proposal(n, &format!("Proposal {n}"), "51.71", None)
}

fn jurors_of(assignment: &Assignment, p: u128) -> Vec<Uuid> {
    assignment.jurors_of(id(p)).to_vec()
}

fn ids(ns: &[u128]) -> Vec<Uuid> {
    ns.iter().map(|n| id(*n)).collect()
}

#[test]
fn three_by_three_by_hand() {
    let jurors: Vec<Juror> = (1..=3).map(|n| Juror::new(id(n))).collect();
    let proposals: Vec<ProposalOrigin> = (11..=13).map(free).collect();
    let assignment = assign(&proposals, &jurors, 2, window()).unwrap();
    // p11: all loads 0 → j1; then j2 (load 0, lowest id).
    // p12: j3 has load 0 → j3; then j1 and j2 both load 1, neither has sat with j3 → j1.
    // p13: j2, j3 load 1 → j2; then j3 (load 1) before j1 (load 2).
    assert_eq!(jurors_of(&assignment, 11), ids(&[1, 2]));
    assert_eq!(jurors_of(&assignment, 12), ids(&[1, 3]));
    assert_eq!(jurors_of(&assignment, 13), ids(&[2, 3]));
    assert_eq!(
        assignment.loads(&jurors).into_values().collect::<Vec<_>>(),
        vec![2, 2, 2]
    );
    assert_eq!(assignment.proposals_of(id(1)), ids(&[11, 12]));
    assert_eq!(assignment.pairs().count(), 6);
    assert!(assignment.contains(id(13), id(3)));
    assert!(!assignment.contains(id(13), id(1)));
}

#[test]
fn equally_loaded_jurors_mix_rather_than_sit_together_again() {
    let jurors: Vec<Juror> = (1..=4).map(|n| Juror::new(id(n))).collect();
    let proposals: Vec<ProposalOrigin> = (11..=14).map(free).collect();
    let assignment = assign(&proposals, &jurors, 2, window()).unwrap();
    // p11 → j1, j2; p12 → j3, j4 (load 0 first). p13: all load 1 → j1, then j3 rather than
    // j2, who already sat with j1. p14: j2, j4 are at load 1 and have not sat together.
    assert_eq!(jurors_of(&assignment, 11), ids(&[1, 2]));
    assert_eq!(jurors_of(&assignment, 12), ids(&[3, 4]));
    assert_eq!(jurors_of(&assignment, 13), ids(&[1, 3]));
    assert_eq!(jurors_of(&assignment, 14), ids(&[2, 4]));
}

/// Kalimantan Utara (65) and Kalimantan Barat (61): A from the province of Kaltara, B from
/// Bulungan (65.01), C from the province of Kalbar, D from a ministry (agency 900).
fn kaltara_jurors() -> Vec<Juror> {
    vec![
        Juror::new(id(1)).with(Affiliation::region(region("65"))),
        Juror::new(id(2)).with(Affiliation::region(region("65.01"))),
        Juror::new(id(3)).with(Affiliation::region(region("61"))),
        Juror::new(id(4)).with(Affiliation {
            region: Some(RegionCode::nation()),
            agency_id: Some(id(900)),
            from: None,
            to: None,
        }),
    ]
}

fn kaltara_proposals() -> Vec<ProposalOrigin> {
    vec![
        proposal(11, "Sipelandukilat", "65.01", Some(901)),
        proposal(12, "PESONA", "65.02", Some(902)),
        proposal(13, "Inovasi Kalbar", "61.01", Some(903)),
        proposal(14, "Inovasi Kementerian", "ID", Some(900)),
    ]
}

#[test]
fn conflicts_then_balance_by_hand() {
    let jurors = kaltara_jurors();
    let assignment = assign(&kaltara_proposals(), &jurors, 2, window()).unwrap();
    // Allowed: p11 {C, D} (A's province covers 65.01; B is 65.01); p12 {B, C, D} (A covers
    // 65.02; B and 65.02 are sister regencies); p13 {A, B, D}; p14 {A, B, C} (D's agency).
    // Greedy, p11 first (2 allowed): C, D. p12: B (load 0), then C (load 1, lower id than D).
    // p13: A (load 0), then B. p14: A (load 1), then C (load 2, never with A) over B (load 2,
    // sat with A on p13). Loads A2 B2 C3 D1: C hands p12 to D (D is allowed and not on it),
    // and every load is 2.
    assert_eq!(jurors_of(&assignment, 11), ids(&[3, 4]));
    assert_eq!(jurors_of(&assignment, 12), ids(&[2, 4]));
    assert_eq!(jurors_of(&assignment, 13), ids(&[1, 2]));
    assert_eq!(jurors_of(&assignment, 14), ids(&[1, 3]));
    assert!(assignment.loads(&jurors).values().all(|load| *load == 2));
}

#[test]
fn the_same_input_in_any_order_gives_the_same_assignment() {
    let jurors = kaltara_jurors();
    let proposals = kaltara_proposals();
    let first = assign(&proposals, &jurors, 2, window()).unwrap();
    let mut jurors_reversed = jurors.clone();
    jurors_reversed.reverse();
    let mut proposals_rotated = proposals.clone();
    proposals_rotated.rotate_left(1);
    assert_eq!(
        assign(&proposals_rotated, &jurors_reversed, 2, window()).unwrap(),
        first
    );
    assert_eq!(assign(&proposals, &jurors, 2, window()).unwrap(), first);
}

#[test]
fn proposals_without_enough_jurors_are_named() {
    let jurors = vec![
        Juror::new(id(1)).with(Affiliation::region(region("65"))),
        Juror::new(id(2)).with(Affiliation::region(region("65.01"))),
        Juror::new(id(3))
            .with(Affiliation::region(region("61")))
            .declaring(id(14)),
    ];
    let proposals = vec![
        proposal(11, "Sipelandukilat", "65.01", None),
        proposal(12, "PESONA", "65", None),
        proposal(13, "Inovasi Kalbar", "51.71", None),
        proposal(14, "Pro Lanteraku", "65.71", None),
    ];
    let error = assign(&proposals, &jurors, 2, window()).unwrap_err();
    // p11: A and B conflict, C remains. p12: A is 65, B is in 65: C remains. p13: all three
    // are free. p14: A covers 65.71 and C declared a conflict; B (65.01) remains.
    let AssignmentError::TooFewJurors {
        jurors_per_proposal,
        proposals: short,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(*jurors_per_proposal, 2);
    let listed: Vec<(Uuid, usize)> = short.iter().map(|s| (s.proposal, s.available)).collect();
    assert_eq!(listed, vec![(id(11), 1), (id(12), 1), (id(14), 1)]);
    assert_eq!(
        error.to_string(),
        "proposal berikut tidak dapat dinilai 2 juri tanpa konflik kepentingan: \
         \"Sipelandukilat\" (1 juri tanpa konflik), \"PESONA\" (1 juri tanpa konflik), \
         \"Pro Lanteraku\" (1 juri tanpa konflik); tambahkan juri atau kurangi jumlah juri per proposal"
    );
    // With one juror each, everyone can be judged.
    assert!(assign(&proposals, &jurors, 1, window()).is_ok());
}

#[test]
fn bad_requests() {
    let jurors: Vec<Juror> = (1..=3).map(|n| Juror::new(id(n))).collect();
    let proposals: Vec<ProposalOrigin> = (11..=13).map(free).collect();
    assert_eq!(
        assign(&proposals, &jurors, 0, window()),
        Err(AssignmentError::NoJurorsPerProposal)
    );
    let twice = vec![jurors[0].clone(), jurors[1].clone(), jurors[0].clone()];
    assert_eq!(
        assign(&proposals, &twice, 2, window()),
        Err(AssignmentError::DuplicateJuror(id(1)))
    );
    let twice = vec![free(11), free(12), free(11)];
    assert_eq!(
        assign(&twice, &jurors, 2, window()),
        Err(AssignmentError::DuplicateProposal(id(11)))
    );
    // No proposals: nothing to do.
    assert_eq!(
        assign(&[], &jurors, 2, window()).unwrap(),
        Assignment::default()
    );
    // No jurors: every proposal is short.
    assert!(matches!(
        assign(&proposals, &[], 2, window()),
        Err(AssignmentError::TooFewJurors { .. })
    ));
}

#[test]
fn as_even_as_conflicts_allow_when_perfect_balance_is_impossible() {
    // X (agency 77) may judge only p11; A, B, C judge everything. 6 proposals × 2 = 12 seats.
    // Loads within 1 of each other would be 3, 3, 3, 3, but X can take one seat at most. The
    // most even is X 1 and 11 seats over A, B, C: 4, 4, 3 (sum of squares 1 + 16 + 16 + 9 = 42,
    // against 0 + 16 + 16 + 16 = 48 if X took none).
    let mut jurors: Vec<Juror> = (1..=3).map(|n| Juror::new(id(n))).collect();
    jurors.push(Juror::new(id(4)).with(Affiliation::agency(id(77))));
    let mut proposals = vec![proposal(11, "Satu", "51.71", Some(78))];
    proposals.extend((12..=16).map(|n| proposal(n, "Lain", "51.71", Some(77))));
    let assignment = assign(&proposals, &jurors, 2, window()).unwrap();
    let loads = assignment.loads(&jurors);
    assert_eq!(loads[&id(4)], 1);
    let mut others: Vec<usize> = (1..=3).map(|n| loads[&id(n)]).collect();
    others.sort_unstable();
    assert_eq!(others, vec![3, 4, 4]);
    assert!(assignment.contains(id(11), id(4)));
}

#[test]
fn a_declared_conflict_reassigns_and_keeps_the_rest() {
    let proposals = kaltara_proposals();
    let mut jurors = kaltara_jurors();
    let before = assign(&proposals, &jurors, 2, window()).unwrap();
    assert_eq!(jurors_of(&before, 13), ids(&[1, 2]));
    // B declares a conflict with p13. p13 may now go to A or D only: A stays, D joins.
    jurors[1] = jurors[1].clone().declaring(id(13));
    let after = reassign(&before, &proposals, &jurors, 2, window()).unwrap();
    assert_eq!(jurors_of(&after, 13), ids(&[1, 4]));
    for (p, j) in before.pairs() {
        if (p, j) != (id(13), id(2)) {
            assert!(after.contains(p, j), "pair {p} {j} kept");
        }
    }
    // Kept pairs are not moved to balance: loads A2 B1 C2 D3. A fresh assignment would be
    // balanced (p11 {C, D} and p13 {A, D} are forced, then p12 {B, C}, p14 {A, B}).
    let loads: Vec<usize> = after.loads(&jurors).into_values().collect();
    assert_eq!(loads, vec![2, 1, 2, 3]);
    let fresh = assign(&proposals, &jurors, 2, window()).unwrap();
    assert!(fresh.loads(&jurors).values().all(|load| *load == 2));
    assert_eq!(jurors_of(&fresh, 12), ids(&[2, 3]));
}

#[test]
fn reassigning_after_a_new_proposal_keeps_the_old_pairs() {
    let jurors: Vec<Juror> = (1..=3).map(|n| Juror::new(id(n))).collect();
    let mut proposals: Vec<ProposalOrigin> = (11..=13).map(free).collect();
    let before = assign(&proposals, &jurors, 2, window()).unwrap();
    proposals.push(free(14));
    let after = reassign(&before, &proposals, &jurors, 2, window()).unwrap();
    for (p, j) in before.pairs() {
        assert!(after.contains(p, j));
    }
    // Loads were 2, 2, 2; p14 goes to j1 and j2 (lowest ids among equals).
    assert_eq!(jurors_of(&after, 14), ids(&[1, 2]));
    // A juror who left: their pairs are dropped and refilled.
    let without_j1: Vec<Juror> = jurors[1..].to_vec();
    let after = reassign(&before, &proposals[..3], &without_j1, 2, window()).unwrap();
    assert!(after.pairs().all(|(_, j)| j != id(1)));
    assert!(after.jurors_by_proposal.values().all(|js| js.len() == 2));
}

// ---------------------------------------------------------------------------------------
// Properties over generated cases.

/// The least Σ load² over every assignment of `k` allowed jurors to each proposal, by
/// successive shortest paths (Bellman–Ford) on the flow network source → proposal (capacity
/// k) → juror (capacity 1 where allowed) → sink, where a juror's t-th unit costs 2t − 1 (so a
/// load L costs L²). Written independently of `assign`.
fn least_sum_of_squares(allowed: &[Vec<bool>], k: usize) -> Option<i64> {
    struct Edge {
        to: usize,
        cap: i64,
        cost: i64,
    }
    let n = allowed.len();
    let m = allowed.first().map_or(0, Vec::len);
    let (source, sink) = (n + m, n + m + 1);
    let mut edges: Vec<Edge> = Vec::new();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n + m + 2];
    let mut add = |from: usize, to: usize, cap: i64, cost: i64| {
        out[from].push(edges.len());
        edges.push(Edge { to, cap, cost });
        out[to].push(edges.len());
        edges.push(Edge {
            to: from,
            cap: 0,
            cost: -cost,
        });
    };
    for (p, row) in allowed.iter().enumerate() {
        add(source, p, k as i64, 0);
        for (j, ok) in row.iter().enumerate() {
            if *ok {
                add(p, n + j, 1, 0);
            }
        }
    }
    for j in 0..m {
        for t in 1..=n as i64 {
            add(n + j, sink, 1, 2 * t - 1);
        }
    }
    let mut total = 0;
    for _ in 0..n * k {
        let mut dist = vec![i64::MAX; n + m + 2];
        let mut via = vec![usize::MAX; n + m + 2];
        dist[source] = 0;
        let mut changed = true;
        while changed {
            changed = false;
            for node in 0..n + m + 2 {
                if dist[node] == i64::MAX {
                    continue;
                }
                for &e in &out[node] {
                    let edge = &edges[e];
                    if edge.cap > 0 && dist[node] + edge.cost < dist[edge.to] {
                        dist[edge.to] = dist[node] + edge.cost;
                        via[edge.to] = e;
                        changed = true;
                    }
                }
            }
        }
        if dist[sink] == i64::MAX {
            return None;
        }
        total += dist[sink];
        let mut at = sink;
        while at != source {
            let e = via[at];
            edges[e].cap -= 1;
            edges[e ^ 1].cap += 1;
            at = edges[e ^ 1].to;
        }
    }
    Some(total)
}

const REGIONS: [&str; 10] = [
    "ID", "61", "61.01", "61.02", "61.71", "65", "65.01", "65.02", "65.71", "51.71",
];

fn random_case(dice: &mut Dice) -> (Vec<ProposalOrigin>, Vec<Juror>, usize, ConflictWindow) {
    let n = 1 + dice.below(18) as u128;
    let m = 1 + dice.below(8) as u128;
    let k = 1 + dice.below(3) as usize;
    let pick_region = |dice: &mut Dice| region(REGIONS[dice.below(REGIONS.len() as u64) as usize]);
    let proposals: Vec<ProposalOrigin> = (0..n)
        .map(|i| ProposalOrigin {
            id: id(1000 + i * 7919 % 1009),
            title: format!("P{i}"),
            region: pick_region(dice),
            agency_id: dice.chance(60).then(|| id(500 + u128::from(dice.below(6)))),
        })
        .collect();
    let jurors: Vec<Juror> = (0..m)
        .map(|i| {
            let mut juror = Juror::new(id(10 + i * 31 % 97));
            for _ in 0..dice.below(3) {
                let from = dice
                    .chance(50)
                    .then(|| d(2018 + dice.below(9) as i32, 1 + dice.below(12) as u32, 1));
                let to = dice
                    .chance(50)
                    .then(|| d(2018 + dice.below(9) as i32, 1 + dice.below(12) as u32, 28));
                juror.affiliations.push(Affiliation {
                    region: dice.chance(70).then(|| pick_region(dice)),
                    agency_id: dice.chance(40).then(|| id(500 + u128::from(dice.below(6)))),
                    from,
                    to,
                });
            }
            for proposal in &proposals {
                if dice.chance(5) {
                    juror.declared_conflicts.insert(proposal.id);
                }
            }
            juror
        })
        .collect();
    let window = ConflictWindow::new(2025, dice.below(3) as u32);
    (proposals, jurors, k, window)
}

#[test]
fn properties_over_many_generated_cases() {
    let mut dice = Dice::new(2025);
    let (mut assigned, mut short, mut unbalanceable) = (0, 0, 0);
    for case in 0..400 {
        let (proposals, jurors, k, window) = random_case(&mut dice);
        let allowed: Vec<Vec<bool>> = {
            let mut sorted_jurors: Vec<&Juror> = jurors.iter().collect();
            sorted_jurors.sort_by_key(|j| j.id);
            proposals
                .iter()
                .map(|p| {
                    sorted_jurors
                        .iter()
                        .map(|j| conflict_of(j, p, window).is_none())
                        .collect()
                })
                .collect()
        };
        match assign(&proposals, &jurors, k, window) {
            Ok(assignment) => {
                assigned += 1;
                // k distinct jurors per proposal, none in conflict.
                assert_eq!(assignment.jurors_by_proposal.len(), proposals.len());
                for proposal in &proposals {
                    let chosen = assignment.jurors_of(proposal.id);
                    assert_eq!(chosen.len(), k, "case {case}");
                    assert!(chosen.windows(2).all(|w| w[0] < w[1]), "case {case}");
                    for juror_id in chosen {
                        let juror = jurors.iter().find(|j| j.id == *juror_id).unwrap();
                        assert_eq!(
                            conflict_of(juror, proposal, window),
                            None,
                            "case {case}: juror {juror_id} on {}",
                            proposal.title
                        );
                    }
                }
                // As even as possible: the least sum of squared loads.
                let loads: Vec<usize> = assignment.loads(&jurors).into_values().collect();
                let squares: i64 = loads.iter().map(|l| (*l * *l) as i64).sum();
                let least = least_sum_of_squares(&allowed, k).unwrap();
                assert_eq!(squares, least, "case {case}: loads {loads:?}");
                // Within one whenever some assignment is.
                let total = proposals.len() * k;
                let (low, extra) = (total / loads.len(), total % loads.len());
                let balanced =
                    ((loads.len() - extra) * low * low + extra * (low + 1) * (low + 1)) as i64;
                let spread = loads.iter().max().unwrap() - loads.iter().min().unwrap();
                if least == balanced {
                    assert!(spread <= 1, "case {case}: loads {loads:?}");
                } else {
                    unbalanceable += 1;
                }
                // Deterministic, whatever the input order.
                let mut jurors_reversed = jurors.clone();
                jurors_reversed.reverse();
                let mut proposals_reversed = proposals.clone();
                proposals_reversed.reverse();
                assert_eq!(
                    assign(&proposals_reversed, &jurors_reversed, k, window).unwrap(),
                    assignment,
                    "case {case}"
                );
                // Reassigning with nothing changed changes nothing.
                assert_eq!(
                    reassign(&assignment, &proposals, &jurors, k, window).unwrap(),
                    assignment,
                    "case {case}"
                );
            }
            Err(AssignmentError::TooFewJurors {
                proposals: listed, ..
            }) => {
                short += 1;
                let mut expected: Vec<(Uuid, usize)> = proposals
                    .iter()
                    .zip(&allowed)
                    .map(|(p, row)| (p.id, row.iter().filter(|ok| **ok).count()))
                    .filter(|(_, available)| *available < k)
                    .collect();
                expected.sort();
                let got: Vec<(Uuid, usize)> =
                    listed.iter().map(|s| (s.proposal, s.available)).collect();
                assert_eq!(got, expected, "case {case}");
                assert!(least_sum_of_squares(&allowed, k).is_none());
            }
            Err(other) => panic!("case {case}: {other}"),
        }
    }
    // The generator reaches every branch.
    assert!(assigned > 150, "{assigned}");
    assert!(short > 30, "{short}");
    assert!(unbalanceable > 5, "{unbalanceable}");
}

#[test]
fn properties_of_reassignment_after_declarations() {
    let mut dice = Dice::new(91);
    let mut checked = 0;
    for case in 0..200 {
        let (proposals, mut jurors, k, window) = random_case(&mut dice);
        let Ok(before) = assign(&proposals, &jurors, k, window) else {
            continue;
        };
        // Each juror declares a conflict with one of their proposals, one time in three.
        for juror in &mut jurors {
            let theirs = before.proposals_of(juror.id);
            if !theirs.is_empty() && dice.chance(33) {
                let pick = theirs[dice.below(theirs.len() as u64) as usize];
                juror.declared_conflicts.insert(pick);
            }
        }
        let Ok(after) = reassign(&before, &proposals, &jurors, k, window) else {
            continue;
        };
        checked += 1;
        for proposal in &proposals {
            let chosen = after.jurors_of(proposal.id);
            assert_eq!(chosen.len(), k, "case {case}");
            for juror_id in chosen {
                let juror = jurors.iter().find(|j| j.id == *juror_id).unwrap();
                assert!(
                    conflict_of(juror, proposal, window).is_none(),
                    "case {case}"
                );
            }
        }
        // Every pair still allowed is kept.
        for (p, j) in before.pairs() {
            let juror = jurors.iter().find(|x| x.id == j).unwrap();
            let proposal = proposals.iter().find(|x| x.id == p).unwrap();
            if conflict_of(juror, proposal, window).is_none() {
                assert!(after.contains(p, j), "case {case}");
            }
        }
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn a_kipp_sized_round_is_assigned_balanced() {
    // 3 000 proposals from 30 regions, 60 jurors of whom every third belongs to one of those
    // regions; 2 jurors each: 6 000 seats, 100 per juror.
    let regions: Vec<RegionCode> = (0..30)
        .map(|i| region(&format!("{}.{:02}", 61 + i % 5, 1 + i / 5)))
        .collect();
    let proposals: Vec<ProposalOrigin> = (0..3000u128)
        .map(|i| ProposalOrigin {
            id: id(100_000 + i),
            title: format!("P{i}"),
            region: regions[(i % 30) as usize].clone(),
            agency_id: None,
        })
        .collect();
    let jurors: Vec<Juror> = (0..60u128)
        .map(|i| {
            let juror = Juror::new(id(10 + i));
            if i % 3 == 0 {
                juror.with(Affiliation::region(regions[(i / 3) as usize].clone()))
            } else {
                juror
            }
        })
        .collect();
    let assignment = assign(&proposals, &jurors, 2, window()).unwrap();
    let loads: BTreeMap<Uuid, usize> = assignment.loads(&jurors);
    assert!(loads.values().all(|load| *load == 100), "{loads:?}");
    for (p, j) in assignment.pairs() {
        let juror = &jurors[(j.as_u128() - 10) as usize];
        let proposal = &proposals[(p.as_u128() - 100_000) as usize];
        assert!(conflict_of(juror, proposal, window()).is_none());
    }
}

#[test]
fn a_kipp_sized_round_where_conflicts_forbid_perfect_balance() {
    // 3 000 proposals, 3 jurors each (9 000 seats): 1 800 from Kalimantan Barat (61.xx), 300
    // each from 65, 51, 73 and 35. 100 jurors: 43 from the province of Kalbar, 7 from Bali
    // (51), 50 free. Kalbar's jurors can only sit on the 1 200 other proposals, 3 600 seats:
    // at most 83.7 each, while 90 would be even. The most even assignment gives them all
    // 3 600 (31 × 84 + 12 × 83) and the other 57 jurors the 5 400 seats of Kalbar's
    // proposals (42 × 95 + 15 × 94).
    let mut dice = Dice::new(5);
    let provinces = ["61", "65", "51", "73", "35"];
    let proposals: Vec<ProposalOrigin> = (0..3000u128)
        .map(|i| {
            let province = provinces[if i % 10 < 6 { 0 } else { (i % 5) as usize }];
            ProposalOrigin {
                id: id(100_000 + i),
                title: format!("P{i}"),
                region: region(&format!("{province}.{:02}", 1 + dice.below(20))),
                agency_id: None,
            }
        })
        .collect();
    let jurors: Vec<Juror> = (0..100u128)
        .map(|i| {
            let juror = Juror::new(id(10 + i));
            match i {
                0..50 if i % 7 == 6 => juror.with(Affiliation::region(region("51"))),
                0..50 => juror.with(Affiliation::region(region("61"))),
                _ => juror,
            }
        })
        .collect();
    let assignment = assign(&proposals, &jurors, 3, window()).unwrap();
    let mut loads: Vec<usize> = assignment.loads(&jurors).into_values().collect();
    loads.sort_unstable();
    let mut expected = vec![83; 12];
    expected.extend([84; 31]);
    expected.extend([94; 15]);
    expected.extend([95; 42]);
    assert_eq!(loads, expected);
}
