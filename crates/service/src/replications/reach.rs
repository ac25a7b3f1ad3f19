//! Where the caller stands in replication work, decided here once for the pages and the
//! service alike: the regions they administer, the regions whose cases they follow, and
//! whether they organise programmes.

use lumbung_domain::permission::Actor;
use lumbung_domain::region::{RegionCode, RegionKind};

use crate::Caller;

/// The regions the caller administers (without agency grants); the nation for a national
/// admin.
pub fn administered(caller: &Caller) -> Vec<RegionCode> {
    let Actor::User { grants, .. } = &caller.actor else {
        return if matches!(caller.actor, Actor::System) {
            vec![RegionCode::nation()]
        } else {
            Vec::new()
        };
    };
    let mut regions: Vec<RegionCode> = grants
        .iter()
        .filter(|grant| grant.role.is_admin() && grant.agency_id.is_none())
        .map(|grant| grant.region.clone())
        .collect();
    regions.sort();
    regions.dedup();
    regions
}

/// The regions whose cases the caller follows: every region of their grants (admins,
/// verifiers, operators); `None` when a grant covers the whole nation.
pub fn followed(caller: &Caller) -> Option<Vec<RegionCode>> {
    let Actor::User { grants, .. } = &caller.actor else {
        return if matches!(caller.actor, Actor::System) {
            None
        } else {
            Some(Vec::new())
        };
    };
    if grants.iter().any(|grant| grant.region.is_nation()) {
        return None;
    }
    let mut regions: Vec<RegionCode> = grants.iter().map(|grant| grant.region.clone()).collect();
    regions.sort();
    regions.dedup();
    // A region already covered by another one adds nothing.
    let covering = regions.clone();
    regions.retain(|region| {
        !covering
            .iter()
            .any(|other| other != region && other.covers(region))
    });
    Some(regions)
}

/// Whether the caller may organise programmes: admins of the nation or of a province.
pub fn organises(caller: &Caller) -> bool {
    administered(caller)
        .iter()
        .any(|region| region.is_nation() || region.kind() == RegionKind::Province)
}
