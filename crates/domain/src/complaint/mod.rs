//! Citizen complaints (pengaduan), as SP4N-LAPOR! handles them (research.md §5): the status
//! path, intake channels, tracking numbers, working-day deadlines with escalation, and the
//! complaint-resolution ratio that feeds index indicator 29.
//!
//! * [`calendar`] — working days over weekends, national holidays, cuti bersama and regional
//!   holidays, in the region's time zone.
//! * [`sla`] — deadlines (verification 3 working days, follow-up 5 by default, configurable per
//!   category and region), overdue flags and whom to escalate to.
//! * this module — statuses and their steps, channels, rejection reasons, tracking numbers, the
//!   reopening window, and the resolution ratio with its level.

pub mod calendar;
pub mod filing;
pub mod sla;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::innovation::vocabulary;
use crate::parse::label_key;

pub use calendar::{Calendar, Holiday, HolidayKind, parse_holidays};
pub use filing::{
    ComplaintInput, Filing, RecurringTheme, Theme, ThemeSample, normalise_tags, recurring_themes,
};
pub use sla::{
    Deadlines, ScopedRule, SlaRule, SlaRules, Stage, due_dates, escalation_target, overdue,
};

vocabulary! {
    /// Where a complaint stands. Our own workflow, so the codes are English.
    ComplaintStatus, "status pengaduan" {
        Received => "received", "Diterima", ["diterima", "masuk"];
        Verified => "verified", "Terverifikasi", ["terverifikasi"];
        Rejected => "rejected", "Ditolak", ["ditolak"];
        Assigned => "assigned", "Didisposisikan", ["disposisi", "didisposisikan"];
        InProgress => "in_progress", "Ditindaklanjuti", ["ditindaklanjuti", "proses"];
        Answered => "answered", "Dijawab", ["dijawab"];
        Closed => "closed", "Selesai", ["selesai", "ditutup"];
        Reopened => "reopened", "Dibuka kembali", ["dibuka kembali"];
    }
}

vocabulary! {
    /// A step an officer (or the reporter) takes on a complaint.
    ComplaintStep, "langkah pengaduan" {
        Verify => "verify", "Verifikasi", ["verifikasi"];
        Reject => "reject", "Tolak", ["tolak"];
        Assign => "assign", "Disposisikan", ["disposisi"];
        Start => "start", "Tindak lanjuti", ["tindak lanjut"];
        Answer => "answer", "Jawab", ["jawab"];
        Close => "close", "Tutup", ["tutup"];
        Reopen => "reopen", "Buka kembali", ["buka kembali"];
    }
}

vocabulary! {
    /// Why a complaint is not handled (LAPOR!'s "bukan wewenang", incomplete, duplicate).
    RejectionReason, "alasan penolakan" {
        NotAuthority => "not_authority", "Bukan kewenangan", ["bukan wewenang", "bukan kewenangan"];
        Incomplete => "incomplete", "Tidak lengkap", ["tidak lengkap"];
        Duplicate => "duplicate", "Duplikat", ["duplikat", "ganda"];
    }
}

vocabulary! {
    /// How a complaint reached the government; officers enter those received elsewhere.
    Channel, "kanal pengaduan" {
        Web => "web", "Situs web", ["situs", "website", "laman"];
        WhatsApp => "whatsapp", "WhatsApp", ["wa"];
        Sms => "sms", "SMS", [];
        Phone => "phone", "Telepon", ["telepon", "telpon"];
        Email => "email", "Surel", ["surel", "e-mail"];
        Letter => "letter", "Surat", ["surat"];
    }
}

/// Why a step cannot be taken now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("langkah \"{step}\" tidak dapat diambil pada pengaduan berstatus \"{status}\"")]
    NotNow {
        step: ComplaintStep,
        status: ComplaintStatus,
    },
    #[error("pengaduan hanya dapat dibuka kembali dalam {days} hari setelah ditutup")]
    ReopenWindowPassed { days: i64 },
}

/// How long after closing a reporter may reopen, by default.
pub const REOPEN_DAYS: i64 = 14;

/// The status a step leads to from `status`. A reopened complaint goes back to the agency
/// it was assigned to, so it continues as `in_progress`-able like an assigned one.
pub fn next_status(
    status: ComplaintStatus,
    step: ComplaintStep,
) -> Result<ComplaintStatus, StepError> {
    use ComplaintStatus as S;
    use ComplaintStep as T;
    let next = match (status, step) {
        (S::Received, T::Verify) => S::Verified,
        (S::Received | S::Verified, T::Reject) => S::Rejected,
        (S::Verified | S::Assigned | S::Reopened, T::Assign) => S::Assigned,
        (S::Assigned | S::Reopened, T::Start) => S::InProgress,
        (S::Assigned | S::InProgress | S::Reopened, T::Answer) => S::Answered,
        (S::Answered, T::Close) => S::Closed,
        (S::Answered | S::Closed, T::Reopen) => S::Reopened,
        _ => return Err(StepError::NotNow { step, status }),
    };
    Ok(next)
}

/// Checks the reporter's reopening of a closed complaint against the window.
pub fn check_reopen(
    closed_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    window_days: i64,
) -> Result<(), StepError> {
    match closed_at {
        Some(closed) if now - closed > Duration::days(window_days) => {
            Err(StepError::ReopenWindowPassed { days: window_days })
        }
        _ => Ok(()),
    }
}

/// A tracking number: `ADU-2026-000123`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TrackingNumber {
    pub year: i32,
    pub sequence: u32,
}

impl TrackingNumber {
    /// Reads a number as typed: case, spaces and missing zeros do not matter.
    pub fn parse(text: &str) -> Result<TrackingNumber, String> {
        let cleaned: String = text
            .trim()
            .to_uppercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let invalid = || {
            format!(
                "nomor pengaduan \"{}\" tidak sah; contoh: ADU-2026-000123",
                text.trim()
            )
        };
        let rest = cleaned.strip_prefix("ADU-").ok_or_else(invalid)?;
        let (year, sequence) = rest.split_once('-').ok_or_else(invalid)?;
        let year: i32 = year.parse().map_err(|_| invalid())?;
        let sequence: u32 = sequence.parse().map_err(|_| invalid())?;
        if !(2000..=2100).contains(&year) || sequence == 0 {
            return Err(invalid());
        }
        Ok(TrackingNumber { year, sequence })
    }
}

impl fmt::Display for TrackingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ADU-{}-{:06}", self.year, self.sequence)
    }
}

/// What the resolution ratio counts of one complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub status: ComplaintStatus,
    pub rejection: Option<RejectionReason>,
}

/// What the resolution ratio counts: complaints received (rejected ones, duplicates
/// included, left out) and those of them answered or closed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResolutionCount {
    pub received: usize,
    pub resolved: usize,
}

impl ResolutionCount {
    pub fn of(complaints: &[Counted]) -> ResolutionCount {
        let counted = complaints
            .iter()
            .filter(|c| c.status != ComplaintStatus::Rejected && c.rejection.is_none());
        let mut count = ResolutionCount::default();
        for complaint in counted {
            count.received += 1;
            if matches!(
                complaint.status,
                ComplaintStatus::Answered | ComplaintStatus::Closed
            ) {
                count.resolved += 1;
            }
        }
        count
    }

    /// The ratio in percent; `None` when nothing counts.
    pub fn ratio(self) -> Option<Decimal> {
        (self.received > 0).then(|| {
            Decimal::from(self.resolved) * Decimal::ONE_HUNDRED / Decimal::from(self.received)
        })
    }
}

/// The complaint-resolution ratio of index indicator 29: complaints answered or closed over
/// complaints received, leaving out rejected ones (duplicates included). `None` when nothing
/// counts.
pub fn resolution_ratio(complaints: &[Counted]) -> Option<Decimal> {
    ResolutionCount::of(complaints).ratio()
}

/// The level of indicator 29 for a ratio in percent, by the rubric's bands "≤ 50% or none /
/// 51%–90% / ≥ 91%". The bands leave gaps (50–51, 90–91); a ratio above 50 and below 91 is
/// level 2.
pub fn ratio_level(ratio: Option<Decimal>) -> u8 {
    match ratio {
        None => 1,
        Some(r) if r <= Decimal::from(50) => 1,
        Some(r) if r < Decimal::from(91) => 2,
        Some(_) => 3,
    }
}
