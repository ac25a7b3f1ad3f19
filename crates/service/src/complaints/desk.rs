//! What a signed-in person does with complaints, decided here once so that the pages only
//! show it: where they work, whether they enter complaints, whether they review a region as a
//! whole, and which regions' settings (calendar, themes, ratio feeds) are theirs.

use lumbung_domain::permission::Actor;
use lumbung_domain::region::RegionCode;

use crate::Caller;

/// The caller's place in the complaint workflow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Desk {
    /// The regions of the caller's roles, whole-region roles first, each once.
    pub home_regions: Vec<RegionCode>,
    /// Enters complaints: an admin anywhere, or an agency's operator.
    pub may_intake: bool,
    /// Answers for a region as a whole (ratios, themes): overseers of a home region.
    pub reviews: bool,
}

impl Desk {
    pub fn of(caller: &Caller) -> Desk {
        let home_regions = home_regions(caller);
        let scope = caller.actor.write_scope();
        Desk {
            may_intake: scope.all || !scope.regions.is_empty() || !scope.agencies.is_empty(),
            reviews: home_regions
                .iter()
                .any(|region| caller.actor.can_oversee(region)),
            home_regions,
        }
    }

    /// The region a page about one region opens on: the one asked for, else the first home
    /// region below the nation (too wide to show at once) that the caller administers or
    /// verifies.
    pub fn region(&self, caller: &Caller, asked: &str) -> Option<RegionCode> {
        match RegionCode::parse(asked.trim()) {
            Ok(code) => Some(code),
            Err(_) => self
                .home_regions
                .iter()
                .find(|region| {
                    !region.is_nation()
                        && (administers(caller, region) || caller.actor.is_verifier_of(region))
                })
                .cloned(),
        }
    }

    /// The region a blank intake form opens on: the first home region below the nation.
    pub fn intake_region(&self) -> Option<&RegionCode> {
        self.home_regions.iter().find(|region| !region.is_nation())
    }

    /// The region the settings forms open on: the first home region below the nation that
    /// the caller administers.
    pub fn settings_region(&self, caller: &Caller) -> Option<&RegionCode> {
        self.home_regions
            .iter()
            .find(|region| !region.is_nation() && administers(caller, region))
    }
}

/// Whether the caller keeps `region`'s complaint settings (its calendar, theme links and the
/// ratio fed to the index): the region's admins. The service's writes check the same rule.
pub fn administers(caller: &Caller, region: &RegionCode) -> bool {
    caller.actor.is_admin_of(region)
}

fn home_regions(caller: &Caller) -> Vec<RegionCode> {
    let Actor::User { grants, .. } = &caller.actor else {
        return Vec::new();
    };
    let mut regions: Vec<RegionCode> = grants
        .iter()
        .filter(|grant| grant.agency_id.is_none())
        .chain(grants.iter().filter(|grant| grant.agency_id.is_some()))
        .map(|grant| grant.region.clone())
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    regions.retain(|region| seen.insert(region.clone()));
    regions
}
