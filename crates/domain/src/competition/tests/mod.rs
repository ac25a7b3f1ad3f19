//! Tests of the competition rules. Expected figures are worked out by hand in the comments
//! beside them, not taken from the code; the property checks run the rules over many inputs
//! drawn from a fixed-seed generator, so every run sees the same cases.

mod assignment;
mod conflict;
mod eligibility;
mod flow;
mod scoring;
mod setup;

use chrono::NaiveDate;
use uuid::Uuid;

use super::*;
use crate::region::RegionCode;

pub(super) fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

pub(super) fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).unwrap()
}

pub(super) fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// KIPP 2025 with the defaults: national, registration 6 January – 31 March 2025.
pub(super) fn kipp_setup() -> CompetitionSetup {
    CompetitionSetup::kipp(
        "KIPP 2025",
        2025,
        RegionCode::nation(),
        d(2025, 1, 6),
        d(2025, 3, 31),
    )
}

pub(super) fn kipp() -> Competition {
    Competition::new(kipp_setup()).unwrap()
}

/// A small deterministic generator (xorshift64*), so property checks are reproducible.
pub(super) struct Dice(u64);

impl Dice {
    pub(super) fn new(seed: u64) -> Dice {
        Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub(super) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent` / 100.
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}
