//! Conflicts of interest between jurors and proposals.
//!
//! A juror conflicts with a proposal when
//! * the juror declared a conflict with it, or
//! * one of the juror's affiliations that overlaps the conflict window (the competition's
//!   year, plus `conflict_lookback_years` before it) names the proposal's agency, or a region
//!   related to the proposal's region: the same region, a province and one of its
//!   kabupaten/kota, in either direction (a juror from province 65 never judges a proposal of
//!   65.01, and a juror from 65.01 never judges one of province 65). Two kabupaten/kota of the
//!   same province are not related.
//!
//! The nation (`ID`) relates to no region: national institutions (ministries, universities)
//! belong to it, and a juror from one is not in conflict with every region. Such affiliations
//! conflict through their agency only.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::setup::Competition;
use crate::region::RegionCode;

/// A juror's past or present place: a region's government and/or an agency, with dates (both
/// days included; open ends for "since ever" and "still").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affiliation {
    #[serde(default)]
    pub region: Option<RegionCode>,
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

impl Affiliation {
    pub fn region(region: RegionCode) -> Affiliation {
        Affiliation {
            region: Some(region),
            agency_id: None,
            from: None,
            to: None,
        }
    }

    pub fn agency(agency_id: Uuid) -> Affiliation {
        Affiliation {
            region: None,
            agency_id: Some(agency_id),
            from: None,
            to: None,
        }
    }

    pub fn between(mut self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Affiliation {
        self.from = from;
        self.to = to;
        self
    }

    /// Whether the affiliation's dates share at least one day with the window.
    pub fn overlaps(&self, window: ConflictWindow) -> bool {
        self.from.is_none_or(|from| from <= window.last)
            && self.to.is_none_or(|to| to >= window.first)
    }
}

/// A juror of a competition with what conflict detection needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Juror {
    pub id: Uuid,
    #[serde(default)]
    pub affiliations: Vec<Affiliation>,
    /// Proposals the juror declared a conflict with.
    #[serde(default)]
    pub declared_conflicts: BTreeSet<Uuid>,
}

impl Juror {
    pub fn new(id: Uuid) -> Juror {
        Juror {
            id,
            affiliations: Vec::new(),
            declared_conflicts: BTreeSet::new(),
        }
    }

    pub fn with(mut self, affiliation: Affiliation) -> Juror {
        self.affiliations.push(affiliation);
        self
    }

    pub fn declaring(mut self, proposal: Uuid) -> Juror {
        self.declared_conflicts.insert(proposal);
        self
    }
}

/// Where a proposal comes from: the proposing agency's region and the agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalOrigin {
    pub id: Uuid,
    /// For messages.
    pub title: String,
    pub region: RegionCode,
    #[serde(default)]
    pub agency_id: Option<Uuid>,
}

/// The days in which an affiliation counts: 1 January of `year − lookback_years` to
/// 31 December of `year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictWindow {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl ConflictWindow {
    pub fn new(year: i32, lookback_years: u32) -> ConflictWindow {
        let first_year = i32::try_from(i64::from(year) - i64::from(lookback_years)).unwrap_or(year);
        ConflictWindow {
            first: NaiveDate::from_ymd_opt(first_year, 1, 1).unwrap_or(NaiveDate::MIN),
            last: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    /// The window of a competition: its year and its jury's look-back.
    pub fn of(competition: &Competition) -> ConflictWindow {
        ConflictWindow::new(competition.year, competition.jury.conflict_lookback_years)
    }
}

/// Why a juror may not judge a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Conflict {
    /// The juror said so.
    Declared,
    /// The juror belongs or belonged to the proposing agency.
    Agency { agency_id: Uuid },
    /// The juror belongs or belonged to a region related to the proposal's.
    Region {
        affiliation: RegionCode,
        proposal: RegionCode,
    },
}

impl Conflict {
    /// The reason in words for the secretariat.
    pub fn message(&self) -> String {
        match self {
            Conflict::Declared => "juri menyatakan memiliki konflik kepentingan".to_owned(),
            Conflict::Agency { .. } => {
                "juri pernah atau sedang bernaung di instansi pengusul".to_owned()
            }
            Conflict::Region {
                affiliation,
                proposal,
            } if affiliation == proposal => {
                format!("juri pernah atau sedang bernaung di wilayah pengusul ({proposal})")
            }
            Conflict::Region {
                affiliation,
                proposal,
            } => format!(
                "juri pernah atau sedang bernaung di wilayah {affiliation}, yang mencakup atau tercakup wilayah pengusul ({proposal})"
            ),
        }
    }
}

/// Whether two regions are related for conflicts: one covers the other, the nation excepted.
pub fn regions_related(a: &RegionCode, b: &RegionCode) -> bool {
    !a.is_nation() && !b.is_nation() && (a.covers(b) || b.covers(a))
}

/// The first reason the juror may not judge the proposal, or `None`: a declaration first,
/// then the affiliations in their order (agency before region within one).
pub fn conflict_of(
    juror: &Juror,
    proposal: &ProposalOrigin,
    window: ConflictWindow,
) -> Option<Conflict> {
    if juror.declared_conflicts.contains(&proposal.id) {
        return Some(Conflict::Declared);
    }
    for affiliation in juror
        .affiliations
        .iter()
        .filter(|affiliation| affiliation.overlaps(window))
    {
        if let (Some(agency_id), Some(proposing)) = (affiliation.agency_id, proposal.agency_id)
            && agency_id == proposing
        {
            return Some(Conflict::Agency { agency_id });
        }
        if let Some(region) = &affiliation.region
            && regions_related(region, &proposal.region)
        {
            return Some(Conflict::Region {
                affiliation: region.clone(),
                proposal: proposal.region.clone(),
            });
        }
    }
    None
}
