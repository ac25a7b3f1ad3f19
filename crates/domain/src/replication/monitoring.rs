//! What the province's monitoring page flags: action items past their target, and cases
//! whose adopter has gone silent.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::case::CaseStatus;
use super::plan::ActionItem;

/// What monitoring needs to know of a case.
#[derive(Debug, Clone)]
pub struct CaseFacts<'a> {
    pub status: CaseStatus,
    /// The day the case was opened: silence counts from here when nothing was reported yet.
    pub opened_on: NaiveDate,
    pub last_report_on: Option<NaiveDate>,
    pub items: &'a [ActionItem],
}

/// One thing that needs the province's attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    /// An action item past its target day.
    OverdueItem {
        activity: String,
        target: NaiveDate,
        days: i64,
    },
    /// No progress report for `days` days, more than the programme allows.
    Silent {
        days: i64,
        last_report_on: Option<NaiveDate>,
    },
}

impl Flag {
    pub fn message(&self) -> String {
        match self {
            Flag::OverdueItem {
                activity,
                target,
                days,
            } => format!(
                "kegiatan \"{activity}\" melewati target {} sejak {days} hari",
                target.format("%d-%m-%Y")
            ),
            Flag::Silent {
                days,
                last_report_on: Some(last),
            } => format!(
                "tidak ada laporan kemajuan selama {days} hari (laporan terakhir {})",
                last.format("%d-%m-%Y")
            ),
            Flag::Silent {
                days,
                last_report_on: None,
            } => format!("belum pernah melapor; {days} hari sejak kasus dibuka"),
        }
    }
}

/// The flags of a case on `today`. Closed cases and cases still at the interest step are
/// not monitored; a case is silent when its last report (or its opening, before any report)
/// is more than `silent_after_days` days old.
pub fn flags(facts: &CaseFacts<'_>, today: NaiveDate, silent_after_days: u32) -> Vec<Flag> {
    if !facts.status.is_active() {
        return Vec::new();
    }
    let mut found: Vec<Flag> = facts
        .items
        .iter()
        .filter(|item| item.is_overdue(today))
        .map(|item| Flag::OverdueItem {
            activity: item.activity.clone(),
            target: item.target,
            days: item.days_overdue(today),
        })
        .collect();
    let since = facts.last_report_on.unwrap_or(facts.opened_on);
    let days = (today - since).num_days();
    if days > i64::from(silent_after_days) {
        found.push(Flag::Silent {
            days,
            last_report_on: facts.last_report_on,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::replication::plan::ActionItemInput;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn item(activity: &str, target: &str, status: &str) -> ActionItem {
        ActionItem::parse(&ActionItemInput {
            activity: activity.into(),
            start: Some("2022-01-10".into()),
            target: Some(target.into()),
            status: Some(status.into()),
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn overdue_items_and_silence_are_flagged() {
        let items = [
            item("Penyusunan SOP", "2022-03-01", "berjalan"),
            item("Sosialisasi", "2022-02-01", "selesai"),
        ];
        let facts = CaseFacts {
            status: CaseStatus::Implementation,
            opened_on: day("2022-01-10"),
            last_report_on: Some(day("2022-02-15")),
            items: &items,
        };
        let found = flags(&facts, day("2022-04-01"), 30);
        assert_eq!(
            found,
            vec![
                Flag::OverdueItem {
                    activity: "Penyusunan SOP".into(),
                    target: day("2022-03-01"),
                    days: 31
                },
                Flag::Silent {
                    days: 45,
                    last_report_on: Some(day("2022-02-15"))
                }
            ]
        );
        assert!(found[1].message().contains("45 hari"));
        // Reported recently: only the overdue item.
        let fresh = CaseFacts {
            last_report_on: Some(day("2022-03-20")),
            ..facts.clone()
        };
        assert_eq!(flags(&fresh, day("2022-04-01"), 30).len(), 1);
    }

    #[test]
    fn a_case_that_never_reported_is_silent_from_its_opening() {
        let facts = CaseFacts {
            status: CaseStatus::Agreement,
            opened_on: day("2022-01-10"),
            last_report_on: None,
            items: &[],
        };
        assert!(flags(&facts, day("2022-02-09"), 30).is_empty());
        let found = flags(&facts, day("2022-02-10"), 30);
        assert_eq!(found.len(), 1);
        assert!(found[0].message().contains("belum pernah melapor"));
    }

    #[test]
    fn closed_and_interest_cases_are_not_monitored() {
        let items = [item("Penyusunan SOP", "2022-03-01", "berjalan")];
        for status in [CaseStatus::Interest, CaseStatus::Done, CaseStatus::Rejected] {
            let facts = CaseFacts {
                status,
                opened_on: day("2022-01-10"),
                last_report_on: None,
                items: &items,
            };
            assert!(flags(&facts, day("2023-01-01"), 30).is_empty());
        }
    }
}
