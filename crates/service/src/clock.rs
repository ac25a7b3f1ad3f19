//! The time the service acts at. Production reads the system clock; tests set it, so
//! deadlines, overdue flags and escalations can be checked on chosen days.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};

/// A clock shared by every clone of the application.
#[derive(Debug, Clone, Default)]
pub struct Clock(Arc<RwLock<Option<DateTime<Utc>>>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// Stops the clock at `at` (tests, and replaying records entered after the fact).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut fixed) = self.0.write() {
            *fixed = Some(at);
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.0
            .read()
            .ok()
            .and_then(|fixed| *fixed)
            .unwrap_or_else(Utc::now)
    }
}
