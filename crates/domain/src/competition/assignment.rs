//! Assignment of proposals to jurors.
//!
//! Guarantees of [`assign`]:
//! * every proposal gets exactly `k` distinct jurors, none of them in conflict with it
//!   ([`conflict_of`]); when some proposal has fewer than `k` jurors without a conflict, the
//!   error names every such proposal and how many jurors it has;
//! * the load (proposals per juror) is as even as the conflicts allow: the assignment
//!   minimises the sum of squared loads, so whenever an assignment with
//!   `max load − min load ≤ 1` exists, the result is one (loads `⌊nk/m⌋` and `⌈nk/m⌉`);
//! * the result depends only on the set of proposals and jurors (it is computed over both
//!   sorted by id), so the same input gives the same output, in any order.
//!
//! Method: a greedy pass gives each proposal, most constrained first (fewest jurors without a
//! conflict, then id), the `k` least-loaded allowed jurors; among equally loaded jurors it
//! prefers the one who has judged least often with the jurors already chosen for the proposal
//! (so the same pairs do not always sit together), then the lowest id. A balancing pass then
//! moves proposals along chains `a → b → … → z` (juror `a` hands a proposal to `b`, who hands
//! one of theirs on, …, to `z`) whenever `load(z) ≤ load(a) − 2`. Each move lowers the sum of
//! squared loads, and when no such chain exists the sum is minimal (the assignment is a
//! minimum-cost flow with convex costs, and these chains are its negative cycles).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::conflict::{ConflictWindow, Juror, ProposalOrigin, conflict_of};

/// Which jurors judge which proposal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The jurors of each proposal, sorted by id.
    pub jurors_by_proposal: BTreeMap<Uuid, Vec<Uuid>>,
}

impl Assignment {
    pub fn jurors_of(&self, proposal: Uuid) -> &[Uuid] {
        self.jurors_by_proposal
            .get(&proposal)
            .map_or(&[], Vec::as_slice)
    }

    /// The proposals a juror judges, sorted by id.
    pub fn proposals_of(&self, juror: Uuid) -> Vec<Uuid> {
        self.jurors_by_proposal
            .iter()
            .filter(|(_, jurors)| jurors.contains(&juror))
            .map(|(proposal, _)| *proposal)
            .collect()
    }

    /// Every (proposal, juror) pair, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (Uuid, Uuid)> + '_ {
        self.jurors_by_proposal
            .iter()
            .flat_map(|(proposal, jurors)| jurors.iter().map(move |juror| (*proposal, *juror)))
    }

    pub fn contains(&self, proposal: Uuid, juror: Uuid) -> bool {
        self.jurors_of(proposal).contains(&juror)
    }

    /// How many proposals each of `jurors` judges (0 for those with none), by juror id.
    pub fn loads(&self, jurors: &[Juror]) -> BTreeMap<Uuid, usize> {
        let mut loads: BTreeMap<Uuid, usize> = jurors.iter().map(|juror| (juror.id, 0)).collect();
        for (_, juror) in self.pairs() {
            *loads.entry(juror).or_insert(0) += 1;
        }
        loads
    }
}

/// A proposal that cannot get enough jurors without a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortfall {
    pub proposal: Uuid,
    pub title: String,
    /// Jurors without a conflict with it.
    pub available: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    #[error("jumlah juri per proposal harus lebih dari 0")]
    NoJurorsPerProposal,
    #[error("juri {0} disebut lebih dari sekali")]
    DuplicateJuror(Uuid),
    #[error("proposal {0} disebut lebih dari sekali")]
    DuplicateProposal(Uuid),
    #[error("{}", shortfall_message(*.jurors_per_proposal, .proposals))]
    TooFewJurors {
        jurors_per_proposal: usize,
        /// Sorted by proposal id.
        proposals: Vec<Shortfall>,
    },
}

fn shortfall_message(k: usize, proposals: &[Shortfall]) -> String {
    let listed: Vec<String> = proposals
        .iter()
        .map(|shortfall| {
            format!(
                "\"{}\" ({} juri tanpa konflik)",
                shortfall.title, shortfall.available
            )
        })
        .collect();
    format!(
        "proposal berikut tidak dapat dinilai {k} juri tanpa konflik kepentingan: {}; tambahkan juri atau kurangi jumlah juri per proposal",
        listed.join(", ")
    )
}

/// Assigns `jurors_per_proposal` jurors to every proposal (see the module's guarantees).
pub fn assign(
    proposals: &[ProposalOrigin],
    jurors: &[Juror],
    jurors_per_proposal: usize,
    window: ConflictWindow,
) -> Result<Assignment, AssignmentError> {
    reassign(
        &Assignment::default(),
        proposals,
        jurors,
        jurors_per_proposal,
        window,
    )
}

/// Assigns again after a change (a juror declared a conflict, an affiliation was recorded,
/// a juror or a proposal came or went), keeping every pair of `previous` that is still
/// allowed: jurors who started scoring keep their proposals. Dropped pairs are filled as
/// [`assign`] would, and balancing moves only the new pairs, so the load is as even as the
/// kept pairs allow. When a proposal kept more than `k` jurors, those with the lowest ids stay.
pub fn reassign(
    previous: &Assignment,
    proposals: &[ProposalOrigin],
    jurors: &[Juror],
    jurors_per_proposal: usize,
    window: ConflictWindow,
) -> Result<Assignment, AssignmentError> {
    let k = jurors_per_proposal;
    if k == 0 {
        return Err(AssignmentError::NoJurorsPerProposal);
    }
    let mut jurors: Vec<&Juror> = jurors.iter().collect();
    jurors.sort_by_key(|juror| juror.id);
    if let Some(pair) = jurors.windows(2).find(|pair| pair[0].id == pair[1].id) {
        return Err(AssignmentError::DuplicateJuror(pair[0].id));
    }
    let mut proposals: Vec<&ProposalOrigin> = proposals.iter().collect();
    proposals.sort_by_key(|proposal| proposal.id);
    if let Some(pair) = proposals.windows(2).find(|pair| pair[0].id == pair[1].id) {
        return Err(AssignmentError::DuplicateProposal(pair[0].id));
    }

    let allowed: Vec<Vec<bool>> = proposals
        .iter()
        .map(|proposal| {
            jurors
                .iter()
                .map(|juror| conflict_of(juror, proposal, window).is_none())
                .collect()
        })
        .collect();
    let available: Vec<usize> = allowed
        .iter()
        .map(|row| row.iter().filter(|ok| **ok).count())
        .collect();
    let shortfalls: Vec<Shortfall> = proposals
        .iter()
        .zip(&available)
        .filter(|(_, available)| **available < k)
        .map(|(proposal, available)| Shortfall {
            proposal: proposal.id,
            title: proposal.title.clone(),
            available: *available,
        })
        .collect();
    if !shortfalls.is_empty() {
        return Err(AssignmentError::TooFewJurors {
            jurors_per_proposal: k,
            proposals: shortfalls,
        });
    }

    let juror_index: BTreeMap<Uuid, usize> = jurors
        .iter()
        .enumerate()
        .map(|(j, juror)| (juror.id, j))
        .collect();
    let mut board = Board::new(proposals.len(), jurors.len());
    for (p, proposal) in proposals.iter().enumerate() {
        let mut kept: Vec<usize> = previous
            .jurors_of(proposal.id)
            .iter()
            .filter_map(|id| juror_index.get(id).copied())
            .filter(|j| allowed[p][*j])
            .collect();
        kept.sort_unstable();
        kept.dedup();
        for j in kept.into_iter().take(k) {
            board.put(p, j, true);
        }
    }

    let mut order: Vec<usize> = (0..proposals.len()).collect();
    order.sort_by_key(|p| (available[*p], *p));
    for p in order {
        while board.jurors[p].len() < k {
            let chosen = &board.jurors[p];
            let best = (0..jurors.len())
                .filter(|j| allowed[p][*j] && !board.on[p][*j])
                .min_by_key(|j| {
                    let together: u32 = chosen.iter().map(|c| board.together[*c][*j]).sum();
                    (board.loads[*j], together, *j)
                });
            match best {
                Some(j) => board.put(p, j, false),
                // Unreachable: every proposal has at least k allowed jurors.
                None => break,
            }
        }
    }

    board.balance(&allowed);

    let jurors_by_proposal = proposals
        .iter()
        .enumerate()
        .map(|(p, proposal)| {
            let mut ids: Vec<Uuid> = board.jurors[p].iter().map(|j| jurors[*j].id).collect();
            ids.sort_unstable();
            (proposal.id, ids)
        })
        .collect();
    Ok(Assignment { jurors_by_proposal })
}

/// The working state, by index into the sorted proposals (`p`) and jurors (`j`).
struct Board {
    /// Jurors of each proposal.
    jurors: Vec<Vec<usize>>,
    /// Proposals of each juror, in index order.
    proposals: Vec<BTreeSet<usize>>,
    on: Vec<Vec<bool>>,
    /// Pairs kept from a previous assignment, which balancing does not move.
    pinned: Vec<Vec<bool>>,
    loads: Vec<usize>,
    /// How many proposals two jurors share.
    together: Vec<Vec<u32>>,
}

impl Board {
    fn new(proposals: usize, jurors: usize) -> Board {
        Board {
            jurors: vec![Vec::new(); proposals],
            proposals: vec![BTreeSet::new(); jurors],
            on: vec![vec![false; jurors]; proposals],
            pinned: vec![vec![false; jurors]; proposals],
            loads: vec![0; jurors],
            together: vec![vec![0; jurors]; jurors],
        }
    }

    fn put(&mut self, p: usize, j: usize, pinned: bool) {
        for other in &self.jurors[p] {
            self.together[*other][j] += 1;
            self.together[j][*other] += 1;
        }
        self.jurors[p].push(j);
        self.proposals[j].insert(p);
        self.on[p][j] = true;
        self.pinned[p][j] = pinned;
        self.loads[j] += 1;
    }

    fn take(&mut self, p: usize, j: usize) {
        self.jurors[p].retain(|other| *other != j);
        for other in &self.jurors[p] {
            self.together[*other][j] -= 1;
            self.together[j][*other] -= 1;
        }
        self.proposals[j].remove(&p);
        self.on[p][j] = false;
        self.loads[j] -= 1;
    }

    /// Moves proposals along improving chains until none is left (see the module docs).
    fn balance(&mut self, allowed: &[Vec<bool>]) {
        loop {
            let Some(min) = self.loads.iter().min().copied() else {
                return;
            };
            let mut heavy: Vec<usize> = (0..self.loads.len())
                .filter(|j| self.loads[*j] >= min + 2)
                .collect();
            if heavy.is_empty() {
                return;
            }
            heavy.sort_by_key(|j| (std::cmp::Reverse(self.loads[*j]), *j));
            let chain = heavy
                .into_iter()
                .find_map(|from| self.improving_chain(from, allowed));
            match chain {
                Some(chain) => {
                    for (p, giver, taker) in chain {
                        self.take(p, giver);
                        self.put(p, taker, false);
                    }
                }
                None => return,
            }
        }
    }

    /// A breadth-first search from juror `from` for the least-loaded juror `z` reachable by
    /// handing proposals on, with `load(z) ≤ load(from) − 2`. Returns the moves
    /// `(proposal, giver, taker)` from `from` to `z`.
    fn improving_chain(
        &self,
        from: usize,
        allowed: &[Vec<bool>],
    ) -> Option<Vec<(usize, usize, usize)>> {
        let jurors = self.loads.len();
        // How each juror was reached: (proposal, giver).
        let mut reached: Vec<Option<(usize, usize)>> = vec![None; jurors];
        let mut visited = vec![false; jurors];
        visited[from] = true;
        let mut queue = VecDeque::from([from]);
        let mut best: Option<usize> = None;
        while let Some(giver) = queue.pop_front() {
            for &p in &self.proposals[giver] {
                if self.pinned[p][giver] {
                    continue;
                }
                for taker in 0..jurors {
                    if visited[taker] || self.on[p][taker] || !allowed[p][taker] {
                        continue;
                    }
                    visited[taker] = true;
                    reached[taker] = Some((p, giver));
                    queue.push_back(taker);
                    if best.is_none_or(|b| self.loads[taker] < self.loads[b]) {
                        best = Some(taker);
                    }
                }
            }
        }
        let end = best.filter(|z| self.loads[*z] + 2 <= self.loads[from])?;
        let mut chain = Vec::new();
        let mut at = end;
        while at != from {
            let (p, giver) = reached[at]?;
            chain.push((p, giver, at));
            at = giver;
        }
        chain.reverse();
        Some(chain)
    }
}
