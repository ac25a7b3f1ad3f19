//! Working-day deadlines for complaints: verification within 3 working days of receipt and
//! follow-up within 5 working days of assignment (LAPOR!'s defaults), configurable per
//! category and region; overdue flags; escalation to the parent region's admins.
//!
//! Days are the region's local days (WIB, WITA, WIT): a complaint received at 23:30 WIB on a
//! Friday is received on Friday in Jakarta, and at 00:30 WITA on Saturday in Makassar. The
//! day of receipt (or assignment) never counts.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::ComplaintStatus;
use super::calendar::Calendar;
use crate::region::RegionCode;
use crate::time::TimeZone;

/// Working days allowed for each stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaRule {
    pub verification_days: u32,
    pub follow_up_days: u32,
}

impl Default for SlaRule {
    fn default() -> Self {
        SlaRule {
            verification_days: 3,
            follow_up_days: 5,
        }
    }
}

/// A rule for a category and/or a region subtree; the most specific one that matches wins
/// (category and region, then category, then region, the deepest region first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopedRule {
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub region: Option<RegionCode>,
    pub rule: SlaRule,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaRules {
    #[serde(default)]
    pub default: SlaRule,
    #[serde(default)]
    pub scoped: Vec<ScopedRule>,
}

impl SlaRules {
    /// The rule for a complaint of `category` in `region`.
    pub fn rule_for(&self, category: &str, region: &RegionCode) -> SlaRule {
        self.scoped
            .iter()
            .filter(|scoped| scoped.category.as_deref().is_none_or(|c| c == category))
            .filter(|scoped| scoped.region.as_ref().is_none_or(|r| r.covers(region)))
            .max_by_key(|scoped| {
                (
                    scoped.category.is_some(),
                    scoped.region.as_ref().map_or(0, RegionCode::level),
                )
            })
            .map_or(self.default, |scoped| scoped.rule)
    }
}

/// The deadlines of one complaint, as local days of its region (the deadline day included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub received_on: NaiveDate,
    pub verify_by: NaiveDate,
    /// Counted from assignment; before assignment, from the verification deadline.
    pub follow_up_by: NaiveDate,
}

/// Computes a complaint's deadlines.
pub fn due_dates(
    calendar: &Calendar,
    region: &RegionCode,
    rule: SlaRule,
    received_at: DateTime<Utc>,
    assigned_at: Option<DateTime<Utc>>,
) -> Deadlines {
    let zone = TimeZone::of(region);
    let received_on = zone.local_date(received_at);
    let verify_by = calendar.add_working_days(received_on, rule.verification_days, region);
    let follow_from = assigned_at.map_or(verify_by, |at| zone.local_date(at));
    Deadlines {
        received_on,
        verify_by,
        follow_up_by: calendar.add_working_days(follow_from, rule.follow_up_days, region),
    }
}

/// Which deadline a complaint is late on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Verification,
    FollowUp,
}

impl Stage {
    /// The code stored and sent in the API, as serde writes it.
    pub fn code(self) -> &'static str {
        match self {
            Stage::Verification => "verification",
            Stage::FollowUp => "follow_up",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Verification => "verifikasi",
            Stage::FollowUp => "tindak lanjut",
        }
    }
}

/// The stage a complaint is late on at `now`, if any: still unverified after its
/// verification day, or not yet answered after its follow-up day. Rejected, answered and
/// closed complaints are never late.
pub fn overdue(
    status: ComplaintStatus,
    deadlines: &Deadlines,
    region: &RegionCode,
    now: DateTime<Utc>,
) -> Option<Stage> {
    let today = TimeZone::of(region).local_date(now);
    match status {
        ComplaintStatus::Received if today > deadlines.verify_by => Some(Stage::Verification),
        ComplaintStatus::Verified
        | ComplaintStatus::Assigned
        | ComplaintStatus::InProgress
        | ComplaintStatus::Reopened
            if today > deadlines.follow_up_by =>
        {
            Some(Stage::FollowUp)
        }
        _ => None,
    }
}

/// Whose admins an overdue complaint escalates to: the parent region (a kabupaten's to its
/// province, a province's to the nation); the nation's stays with the nation.
pub fn escalation_target(region: &RegionCode) -> RegionCode {
    region.parent().unwrap_or_else(RegionCode::nation)
}
