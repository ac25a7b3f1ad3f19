//! Reading stored text back into values, shared by the repository modules: a row that does
//! not parse is corrupt data, never a user's mistake.

use chrono::{DateTime, Utc};
use lumbung_domain::region::RegionCode;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::time;
use crate::users::parse_id;

pub(crate) fn opt_id(text: Option<&str>) -> StoreResult<Option<Uuid>> {
    text.map(parse_id).transpose()
}

pub(crate) fn region(text: &str) -> StoreResult<RegionCode> {
    RegionCode::parse(text).map_err(StoreError::corrupt)
}

pub(crate) fn opt_time(text: Option<&str>) -> StoreResult<Option<DateTime<Utc>>> {
    text.map(time::parse).transpose()
}

/// `NotFound` when an update or delete touched no row.
pub(crate) fn found(rows: u64) -> StoreResult<()> {
    if rows == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}
