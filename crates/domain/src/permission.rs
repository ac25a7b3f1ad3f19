//! Roles granted on scopes, and what each lets an actor do.
//!
//! A role is granted on a region subtree (a role on a province covers its kabupaten/kota and
//! their agencies) or, for an agency operator, on one agency. The checks here are pure; the
//! service layer calls them before every read of non-public data and every write.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::innovation::{Status, Transition};
use crate::region::{RegionCode, RegionKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    NationalAdmin,
    ProvinceAdmin,
    RegencyAdmin,
    AgencyOperator,
    Verifier,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::NationalAdmin,
        Role::ProvinceAdmin,
        Role::RegencyAdmin,
        Role::AgencyOperator,
        Role::Verifier,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::NationalAdmin => "national_admin",
            Self::ProvinceAdmin => "province_admin",
            Self::RegencyAdmin => "regency_admin",
            Self::AgencyOperator => "agency_operator",
            Self::Verifier => "verifier",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|role| role.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NationalAdmin => "Admin nasional",
            Self::ProvinceAdmin => "Admin provinsi",
            Self::RegencyAdmin => "Admin kabupaten/kota",
            Self::AgencyOperator => "Operator perangkat daerah",
            Self::Verifier => "Verifikator",
        }
    }

    pub fn is_admin(self) -> bool {
        matches!(
            self,
            Self::NationalAdmin | Self::ProvinceAdmin | Self::RegencyAdmin
        )
    }
}

/// A role on a scope. An agency operator's scope is one agency of the region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub region: RegionCode,
    pub agency_id: Option<Uuid>,
}

impl Grant {
    /// Checks that the role fits its scope: a national admin on the nation, a province admin
    /// on a province, a regency/city admin on a kabupaten/kota, an operator on an agency.
    pub fn new(role: Role, region: RegionCode, agency_id: Option<Uuid>) -> Result<Grant, String> {
        let fits = match role {
            Role::NationalAdmin => region.is_nation() && agency_id.is_none(),
            Role::ProvinceAdmin => region.kind() == RegionKind::Province && agency_id.is_none(),
            Role::RegencyAdmin => {
                matches!(region.kind(), RegionKind::Regency | RegionKind::City)
                    && agency_id.is_none()
            }
            Role::AgencyOperator => agency_id.is_some(),
            Role::Verifier => agency_id.is_none(),
        };
        if fits {
            Ok(Grant {
                role,
                region,
                agency_id,
            })
        } else {
            Err(format!(
                "peran {} tidak dapat diberikan pada cakupan {}",
                role.label(),
                region
            ))
        }
    }

    /// Whether this grant reaches a record of `region` owned by `agency_id`.
    fn reaches(&self, region: &RegionCode, agency_id: Option<Uuid>) -> bool {
        match self.agency_id {
            Some(own) => agency_id == Some(own),
            None => self.region.covers(region),
        }
    }
}

/// Why a person's grants break the separation of duties, if they do: nobody both prepares
/// (admin, agency operator) and verifies (verifier) the records of overlapping regions, so
/// no official figure is accepted by the person who made it.
pub fn separation_conflict(grants: &[Grant]) -> Option<String> {
    let prepares = |g: &&Grant| g.role != Role::Verifier;
    for verifier in grants.iter().filter(|g| g.role == Role::Verifier) {
        let overlapping = grants.iter().filter(prepares).find(|other| {
            other.region.covers(&verifier.region) || verifier.region.covers(&other.region)
        });
        if let Some(other) = overlapping {
            return Some(format!(
                "peran {} di {} tidak dapat dipegang bersama peran {} di {}: verifikator \
                 tidak boleh memeriksa data yang ia siapkan sendiri",
                Role::Verifier.label(),
                verifier.region,
                other.role.label(),
                other.region
            ));
        }
    }
    None
}

/// Who is acting: nobody signed in (reads what is public), a signed-in user with their
/// grants, or the system itself (command line, demo loader), which may do anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    User { id: Uuid, grants: Vec<Grant> },
    System,
}

/// What an actor may do with one innovation now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InnovationRights {
    pub edit: bool,
    pub submit: bool,
    pub verify: bool,
    pub return_: bool,
    pub publish: bool,
    pub delete: bool,
}

/// A set of scopes: everything, or some region subtrees and agencies. Used for what an actor
/// may read beyond public records, and for where they may write.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadScope {
    /// Everything, everywhere.
    pub all: bool,
    pub regions: Vec<RegionCode>,
    pub agencies: Vec<Uuid>,
}

impl Actor {
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Actor::User { id, .. } => Some(*id),
            Actor::Anonymous | Actor::System => None,
        }
    }

    fn grants(&self) -> &[Grant] {
        match self {
            Actor::User { grants, .. } => grants,
            Actor::Anonymous | Actor::System => &[],
        }
    }

    fn any(&self, ok: impl Fn(&Grant) -> bool) -> bool {
        matches!(self, Actor::System) || self.grants().iter().any(ok)
    }

    pub fn is_admin_of(&self, region: &RegionCode) -> bool {
        self.any(|g| g.role.is_admin() && g.region.covers(region))
    }

    pub fn is_admin_anywhere(&self) -> bool {
        self.any(|g| g.role.is_admin())
    }

    pub fn can_read_innovation(
        &self,
        region: &RegionCode,
        agency_id: Uuid,
        status: Status,
    ) -> bool {
        status == Status::Published || self.any(|g| g.reaches(region, Some(agency_id)))
    }

    /// Create, edit, delete and submit.
    pub fn can_write_innovation(&self, region: &RegionCode, agency_id: Uuid) -> bool {
        self.any(|g| {
            (g.role.is_admin() || g.role == Role::AgencyOperator)
                && g.reaches(region, Some(agency_id))
        })
    }

    /// Whether the actor's role allows a workflow step here (the status decides separately
    /// whether the step can be taken now).
    pub fn can_take(&self, step: Transition, region: &RegionCode, agency_id: Uuid) -> bool {
        match step {
            Transition::Submit => self.can_write_innovation(region, agency_id),
            Transition::Verify | Transition::Return => self.can_review(region),
            Transition::Publish => self.can_publish(region),
        }
    }

    /// Whether the actor may take a step from this status: a submitted innovation is
    /// verified or returned by a verifier; once verified (or published), sending it back is
    /// the publishing admin's decision as well.
    pub fn can_take_from(
        &self,
        step: Transition,
        region: &RegionCode,
        agency_id: Uuid,
        status: Status,
    ) -> bool {
        match step {
            Transition::Return if status != Status::Submitted => {
                self.can_review(region) || self.can_publish(region)
            }
            _ => self.can_take(step, region, agency_id),
        }
    }

    /// A published innovation is public record: only an admin of its region removes it.
    pub fn can_delete_innovation(
        &self,
        region: &RegionCode,
        agency_id: Uuid,
        status: Status,
    ) -> bool {
        self.can_write_innovation(region, agency_id)
            && (status != Status::Published || self.can_publish(region))
    }

    /// Everything the actor may do with one innovation in its current status, e.g. to show
    /// only the buttons that will work.
    pub fn innovation_rights(
        &self,
        region: &RegionCode,
        agency_id: Uuid,
        status: Status,
    ) -> InnovationRights {
        let step = |step: Transition| {
            self.can_take_from(step, region, agency_id, status) && step.apply(status).is_ok()
        };
        InnovationRights {
            edit: self.can_write_innovation(region, agency_id) && status.is_editable(),
            submit: step(Transition::Submit),
            verify: step(Transition::Verify),
            return_: step(Transition::Return),
            publish: step(Transition::Publish),
            delete: self.can_delete_innovation(region, agency_id, status),
        }
    }

    /// Holds the verifier role over the region: their edits are reviews, not claims, so they
    /// do not send accepted evidence back to pending.
    pub fn is_verifier_of(&self, region: &RegionCode) -> bool {
        self.any(|g| g.role == Role::Verifier && g.region.covers(region))
    }

    /// Verify or return an innovation, accept or return evidence: the verifier's role only.
    /// Admins and operators prepare the official figures; somebody else checks them.
    pub fn can_review(&self, region: &RegionCode) -> bool {
        self.is_verifier_of(region)
    }

    /// Follow a region's work without deciding it (its audit log, its review queue, the
    /// monitoring of replication): its admins and verifiers.
    pub fn can_oversee(&self, region: &RegionCode) -> bool {
        self.any(|g| (g.role.is_admin() || g.role == Role::Verifier) && g.region.covers(region))
    }

    pub fn can_publish(&self, region: &RegionCode) -> bool {
        self.is_admin_of(region)
    }

    /// Create agencies (also while importing) and manage users of the region.
    pub fn can_manage_region(&self, region: &RegionCode) -> bool {
        self.is_admin_of(region)
    }

    /// An admin grants roles within their subtree, never above their own level.
    pub fn can_grant(&self, grant: &Grant) -> bool {
        self.any(|g| {
            g.role.is_admin()
                && g.region.covers(&grant.region)
                && (grant.role != Role::NationalAdmin || g.role == Role::NationalAdmin)
                && (grant.role != Role::ProvinceAdmin
                    || matches!(g.role, Role::NationalAdmin | Role::ProvinceAdmin))
        })
    }

    /// See a region's non-public records (its assessment, its queue): any role whose scope
    /// covers the region, an operator's included (their grant names their agency's region).
    pub fn can_see_region(&self, region: &RegionCode) -> bool {
        self.any(|g| g.region.covers(region))
    }

    /// Read the audit log of records in a region.
    pub fn can_read_audit(&self, region: &RegionCode) -> bool {
        self.can_oversee(region)
    }

    /// Where the actor may record innovations: the subtrees they administer and the
    /// agencies they operate. `all` when they administer the nation.
    pub fn write_scope(&self) -> ReadScope {
        let mut scope = ReadScope {
            all: matches!(self, Actor::System),
            ..ReadScope::default()
        };
        for grant in self.grants() {
            match grant.agency_id {
                Some(agency) if grant.role == Role::AgencyOperator => scope.agencies.push(agency),
                None if grant.role.is_admin() && grant.region.is_nation() => scope.all = true,
                None if grant.role.is_admin() => scope.regions.push(grant.region.clone()),
                _ => {}
            }
        }
        scope
    }

    pub fn read_scope(&self) -> ReadScope {
        let mut scope = ReadScope {
            all: matches!(self, Actor::System),
            ..ReadScope::default()
        };
        for grant in self.grants() {
            match grant.agency_id {
                Some(agency) => scope.agencies.push(agency),
                None if grant.region.is_nation() => scope.all = true,
                None => scope.regions.push(grant.region.clone()),
            }
        }
        scope
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> RegionCode {
        RegionCode::parse(text).unwrap()
    }

    fn user(grants: Vec<Grant>) -> Actor {
        Actor::User {
            id: Uuid::now_v7(),
            grants,
        }
    }

    #[test]
    fn roles_fit_their_scopes() {
        assert!(Grant::new(Role::NationalAdmin, RegionCode::nation(), None).is_ok());
        assert!(Grant::new(Role::NationalAdmin, code("65"), None).is_err());
        assert!(Grant::new(Role::ProvinceAdmin, code("65"), None).is_ok());
        assert!(Grant::new(Role::ProvinceAdmin, code("65.01"), None).is_err());
        assert!(Grant::new(Role::RegencyAdmin, code("65.71"), None).is_ok());
        assert!(Grant::new(Role::AgencyOperator, code("65.01"), None).is_err());
        assert!(Grant::new(Role::AgencyOperator, code("65.01"), Some(Uuid::now_v7())).is_ok());
    }

    #[test]
    fn a_province_admin_covers_its_regencies_only() {
        let admin = user(vec![
            Grant::new(Role::ProvinceAdmin, code("65"), None).unwrap(),
        ]);
        let agency = Uuid::now_v7();
        assert!(admin.can_write_innovation(&code("65.01"), agency));
        assert!(admin.can_write_innovation(&code("65"), agency));
        assert!(!admin.can_write_innovation(&code("61.01"), agency));
        assert!(!admin.can_read_innovation(&code("61.01"), agency, Status::Draft));
        assert!(admin.can_read_innovation(&code("61.01"), agency, Status::Published));
    }

    #[test]
    fn a_regency_admin_cannot_reach_its_province_or_neighbours() {
        let admin = user(vec![
            Grant::new(Role::RegencyAdmin, code("65.01"), None).unwrap(),
        ]);
        let agency = Uuid::now_v7();
        assert!(!admin.can_write_innovation(&code("65"), agency));
        assert!(!admin.can_write_innovation(&code("65.02"), agency));
        assert!(!admin.can_read_innovation(&code("65.02"), agency, Status::Submitted));
    }

    #[test]
    fn an_operator_writes_for_their_agency_only() {
        let own = Uuid::now_v7();
        let other = Uuid::now_v7();
        let operator = user(vec![
            Grant::new(Role::AgencyOperator, code("65.01"), Some(own)).unwrap(),
        ]);
        assert!(operator.can_write_innovation(&code("65.01"), own));
        assert!(!operator.can_write_innovation(&code("65.01"), other));
        assert!(!operator.can_read_innovation(&code("65.01"), other, Status::Draft));
        assert!(!operator.can_review(&code("65.01")));
        assert!(!operator.can_manage_region(&code("65.01")));
    }

    #[test]
    fn verifiers_review_but_do_not_write_or_publish() {
        let verifier = user(vec![Grant::new(Role::Verifier, code("65"), None).unwrap()]);
        assert!(verifier.can_review(&code("65.03")));
        assert!(!verifier.can_publish(&code("65.03")));
        assert!(!verifier.can_write_innovation(&code("65.03"), Uuid::now_v7()));
    }

    #[test]
    fn h2_admins_prepare_and_verifiers_check_official_figures() {
        let admin = user(vec![
            Grant::new(Role::ProvinceAdmin, code("51"), None).unwrap(),
        ]);
        assert!(!admin.can_review(&code("51")));
        assert!(!admin.can_take(Transition::Verify, &code("51"), Uuid::now_v7()));
        assert!(admin.can_oversee(&code("51.03")));
        assert!(admin.can_read_audit(&code("51.03")));
        let agency = Uuid::now_v7();
        let submitted = admin.innovation_rights(&code("51.03"), agency, Status::Submitted);
        assert!(!submitted.verify && !submitted.return_, "{submitted:?}");
        let verified = admin.innovation_rights(&code("51.03"), agency, Status::Verified);
        assert!(verified.publish && verified.return_, "{verified:?}");
        let verifier = user(vec![Grant::new(Role::Verifier, code("51"), None).unwrap()]);
        assert!(verifier.can_take(Transition::Verify, &code("51.03"), agency));
        let submitted = verifier.innovation_rights(&code("51.03"), agency, Status::Submitted);
        assert!(submitted.verify && submitted.return_, "{submitted:?}");
    }

    #[test]
    fn h2_no_one_holds_a_verifier_role_with_an_admin_or_operator_role_over_the_same_ground() {
        let grant = |role, region: &str, agency| Grant::new(role, code(region), agency).unwrap();
        let agency = Some(Uuid::now_v7());
        // Overlapping in either direction, or the same region.
        for pair in [
            [
                grant(Role::Verifier, "51", None),
                grant(Role::ProvinceAdmin, "51", None),
            ],
            [
                grant(Role::Verifier, "51", None),
                grant(Role::RegencyAdmin, "51.03", None),
            ],
            [
                grant(Role::Verifier, "51.03", None),
                grant(Role::ProvinceAdmin, "51", None),
            ],
            [
                grant(Role::Verifier, "51.03", None),
                grant(Role::AgencyOperator, "51.03", agency),
            ],
            [
                grant(Role::NationalAdmin, "ID", None),
                grant(Role::Verifier, "65.71", None),
            ],
        ] {
            let message = separation_conflict(&pair).expect("a conflicting pair");
            assert!(message.contains("Verifikator"), "{message}");
        }
        // Disjoint regions, or two preparing roles, are fine.
        for pair in [
            [
                grant(Role::Verifier, "51", None),
                grant(Role::ProvinceAdmin, "65", None),
            ],
            [
                grant(Role::Verifier, "51.03", None),
                grant(Role::RegencyAdmin, "51.01", None),
            ],
            [
                grant(Role::ProvinceAdmin, "51", None),
                grant(Role::AgencyOperator, "51.03", agency),
            ],
            [
                grant(Role::Verifier, "51", None),
                grant(Role::Verifier, "51.03", None),
            ],
        ] {
            assert_eq!(separation_conflict(&pair), None, "{pair:?}");
        }
    }

    #[test]
    fn grants_stay_below_the_granter() {
        let province = user(vec![
            Grant::new(Role::ProvinceAdmin, code("65"), None).unwrap(),
        ]);
        let regency = user(vec![
            Grant::new(Role::RegencyAdmin, code("65.01"), None).unwrap(),
        ]);
        let to_province = Grant::new(Role::ProvinceAdmin, code("65"), None).unwrap();
        let to_regency = Grant::new(Role::RegencyAdmin, code("65.01"), None).unwrap();
        let to_national = Grant::new(Role::NationalAdmin, RegionCode::nation(), None).unwrap();
        assert!(province.can_grant(&to_regency));
        assert!(province.can_grant(&to_province));
        assert!(!province.can_grant(&to_national));
        assert!(!regency.can_grant(&to_province));
        assert!(regency.can_grant(&to_regency));
        assert!(Actor::System.can_grant(&to_national));
    }

    #[test]
    fn rights_follow_role_and_status() {
        let own = Uuid::now_v7();
        let operator = user(vec![
            Grant::new(Role::AgencyOperator, code("65.01"), Some(own)).unwrap(),
        ]);
        let admin = user(vec![
            Grant::new(Role::ProvinceAdmin, code("65"), None).unwrap(),
        ]);
        let draft = operator.innovation_rights(&code("65.01"), own, Status::Draft);
        assert!(draft.edit && draft.submit && draft.delete);
        assert!(!draft.verify && !draft.publish && !draft.return_);
        let published = operator.innovation_rights(&code("65.01"), own, Status::Published);
        assert_eq!(published, InnovationRights::default());
        let published = admin.innovation_rights(&code("65.01"), own, Status::Published);
        assert!(published.return_ && published.delete && !published.edit && !published.publish);
        let verified = admin.innovation_rights(&code("65.01"), own, Status::Verified);
        assert!(verified.publish && verified.return_ && !verified.verify);
        assert!(!Actor::Anonymous.can_take(Transition::Submit, &code("65.01"), own));
    }

    #[test]
    fn read_scope_lists_regions_and_agencies() {
        let agency = Uuid::now_v7();
        let actor = user(vec![
            Grant::new(Role::RegencyAdmin, code("65.01"), None).unwrap(),
            Grant::new(Role::AgencyOperator, code("61.01"), Some(agency)).unwrap(),
        ]);
        let scope = actor.read_scope();
        assert!(!scope.all);
        assert_eq!(scope.regions, vec![code("65.01")]);
        assert_eq!(scope.agencies, vec![agency]);
        let national = user(vec![
            Grant::new(Role::NationalAdmin, RegionCode::nation(), None).unwrap(),
        ]);
        assert!(national.read_scope().all);
    }
}
