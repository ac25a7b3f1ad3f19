//! Replication (replikasi): one region adopts another region's proven innovation, as JIPPNAS
//! records it and as Kalimantan Barat's 2022 programme ran it (research.md §4, seed-facts.md).
//!
//! Everything here is pure; the service stores cases, programmes, plans and reports and calls
//! these rules.
//!
//! * [`case`] — a case's status path `interest → agreement → approval → implementation → done`
//!   (or `rejected` with a reason from any open step), the documents a step needs, the
//!   adaptation (what the adopter changes and why), and the sign-offs of the certificate.
//! * [`plan`] — action plan items and how progress rolls up: an item's progress weighted into
//!   its case, cases averaged into their programme.
//! * [`monitoring`] — what the province's monitoring page flags: overdue items and silent
//!   cases.
//! * [`matchmaking`] — innovations worth replicating for a region, each with its reasons.
//! * [`replikasi_level`] — the owner's level on the index indicator "Replikasi" (31).

pub mod case;
pub mod matchmaking;
pub mod monitoring;
pub mod plan;

pub use case::{
    Adaptation, AdaptationAspect, CaseStatus, DocumentKind, SignOff, SignOffRole, Step,
    TransitionError, fully_signed, parse_step, required_document, transition,
};
pub use matchmaking::{Candidate, RegionNeeds, Suggestion, WEAK_BELOW, WeakIndicator, suggest};
pub use monitoring::{CaseFacts, Flag, flags};
pub use plan::{
    ActionItem, ActionItemInput, ItemStatus, MentoringMode, case_progress, parse_item_status,
    programme_progress,
};

/// The code of the index indicator "Replikasi" in the 2026 rubric.
pub const REPLIKASI_INDICATOR: &str = "31";

/// The owner's level on "Replikasi": 1, 2 or 3 for one, two, or three or more different
/// regions that replicated the innovation (iid-2026.md, indicator 31); 0 for none.
pub fn replikasi_level(distinct_adopter_regions: usize) -> u8 {
    match distinct_adopter_regions {
        0 => 0,
        1 => 1,
        2 => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replikasi_counts_different_regions_up_to_three() {
        assert_eq!(replikasi_level(0), 0);
        assert_eq!(replikasi_level(1), 1);
        assert_eq!(replikasi_level(2), 2);
        assert_eq!(replikasi_level(3), 3);
        assert_eq!(replikasi_level(14), 3);
    }
}
