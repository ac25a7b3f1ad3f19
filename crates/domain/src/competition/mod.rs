//! Competitions with juries (kompetisi inovasi), KIPP-style: the set-up, who may propose,
//! which juror may judge which proposal, and how scores become a ranking.
//!
//! Everything here is pure. The service layer stores competitions, proposals and scores and
//! calls these rules; the web layer shows their Indonesian messages as they are.
//!
//! * [`setup`] — a competition's groups (`umum`, `replikasi`, `khusus`), categories, sections
//!   with word limits, required attachments, criteria with weights, rounds with dates, and the
//!   validation of all of it ([`Competition::new`]). [`CompetitionSetup::kipp`] is the KIPP
//!   default (`shared/domain/research.md` §3).
//! * [`eligibility`] — whether a proposal may enter ([`check_eligibility`]); every failing rule
//!   is reported.
//! * [`conflict`] — conflicts of interest between a juror and a proposal ([`conflict_of`]).
//! * [`assignment`] — proposals to jurors: `k` each, never a conflicted juror, balanced load,
//!   deterministic ([`assign`], [`reassign`]).
//! * [`scoring`] — weighted criteria, the mean of jurors, optional z-score normalisation per
//!   juror, disagreement alerts, desk/interview combination, ranking with a documented
//!   tie-break, Top N.
//!
//! Arithmetic is exact decimal (`rust_decimal`); figures are compared on their unrounded values
//! and rounded half-up to two decimals only for display ([`display`]).

pub mod assignment;
pub mod conflict;
pub mod eligibility;
pub mod scoring;
pub mod setup;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

pub use assignment::{Assignment, AssignmentError, Shortfall, assign, reassign};
pub use conflict::{
    Affiliation, Conflict, ConflictWindow, Juror, ProposalOrigin, conflict_of, regions_related,
};
pub use eligibility::{
    Failure, Ineligible, PreviousAward, ProposalFacts, RejectionReason, Rule, check_eligibility,
    duplicate_titles, latest_implementation_start,
};
pub use scoring::{
    Basis, DeskScore, Disagreement, RankEntry, Ranked, ScoreError, ScoreSheet, TieBreak,
    combined_score, desk_scores, disagreements, display, juror_total, mean, missing_sheets, rank,
    rank_by_group_and_category, top_n,
};
pub use setup::{
    AwardHistory, AwardTier, CombinationWeights, Competition, CompetitionCategory,
    CompetitionSetup, Criterion, Group, GroupRules, JuryRules, RequiredAttachment, Round,
    RoundKind, Section,
};
