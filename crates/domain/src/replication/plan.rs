//! Action plans (rencana aksi): one per case, a list of items; progress rolls up from items to
//! their case (weighted) and from cases to their programme (averaged).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::errors::FieldErrors;
use crate::innovation::vocabulary;
use crate::parse::{label_key, parse_date};

vocabulary! {
    /// Where an action item stands.
    ItemStatus, "status kegiatan" {
        Planned => "planned", "Direncanakan", ["rencana", "belum mulai"];
        InProgress => "in_progress", "Berjalan", ["sedang berjalan", "proses"];
        Done => "done", "Selesai", ["selesai"];
        Cancelled => "cancelled", "Dibatalkan", ["batal"];
    }
}

vocabulary! {
    /// How a mentoring session (pendampingan) was held.
    MentoringMode, "bentuk pendampingan" {
        Visit => "visit", "Kunjungan lapangan", ["kunjungan"];
        Online => "online", "Daring", ["daring", "virtual"];
        Bimtek => "bimtek", "Bimbingan teknis", ["bimbingan teknis"];
    }
}

/// An action item as a form or a JSON body sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItemInput {
    pub activity: String,
    /// The agency responsible (perangkat daerah of the adopter).
    #[serde(default)]
    pub responsible_agency_id: Option<Uuid>,
    #[serde(default)]
    pub person_in_charge: String,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub output: String,
    /// Rupiah, digits with optional thousands dots ("15.000.000").
    #[serde(default)]
    pub budget: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    /// 0–100.
    #[serde(default)]
    pub progress: Option<u8>,
    /// How much the item counts in its case's progress; 1 when not given.
    #[serde(default)]
    pub weight: Option<String>,
    /// A link to the evidence of the output.
    #[serde(default)]
    pub evidence: Option<String>,
}

/// A valid action item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub activity: String,
    pub responsible_agency_id: Option<Uuid>,
    pub person_in_charge: String,
    pub start: NaiveDate,
    pub target: NaiveDate,
    pub output: String,
    pub budget: Option<Decimal>,
    pub status: ItemStatus,
    pub progress: u8,
    pub weight: Decimal,
    pub evidence: Option<String>,
}

fn parse_rupiah(text: &str) -> Result<Decimal, String> {
    let digits: String = text
        .trim()
        .trim_start_matches("Rp")
        .trim()
        .chars()
        .filter(|c| *c != '.' && *c != ' ')
        .collect();
    let value: Decimal = digits
        .replace(',', ".")
        .parse()
        .map_err(|_| format!("anggaran \"{}\" bukan angka rupiah", text.trim()))?;
    if value < Decimal::ZERO {
        return Err("anggaran tidak boleh negatif".into());
    }
    Ok(value)
}

impl ActionItem {
    /// Parses an item; every field with a problem gets its message.
    pub fn parse(input: &ActionItemInput) -> Result<ActionItem, FieldErrors> {
        let mut errors = FieldErrors::new();
        let activity = input.activity.trim();
        if activity.is_empty() {
            errors.add("activity", "kegiatan wajib diisi");
        } else if activity.chars().count() > 500 {
            errors.add("activity", "kegiatan paling banyak 500 karakter");
        }
        let date = |field: &str, text: &Option<String>, errors: &mut FieldErrors| match text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            None => {
                errors.add(field, "tanggal wajib diisi");
                None
            }
            Some(text) => parse_date(text).map_err(|e| errors.add(field, e)).ok(),
        };
        let start = date("start", &input.start, &mut errors);
        let target = date("target", &input.target, &mut errors);
        if let (Some(start), Some(target)) = (start, target)
            && target < start
        {
            errors.add("target", "target selesai tidak boleh sebelum tanggal mulai");
        }
        let budget = match input.budget.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => {
                parse_rupiah(text).map_err(|e| errors.add("budget", e)).ok()
            }
            _ => None,
        };
        let status = match input.status.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => ItemStatus::parse(text)
                .map_err(|e| errors.add("status", e))
                .ok(),
            _ => Some(ItemStatus::Planned),
        };
        let progress = input.progress.unwrap_or(match status {
            Some(ItemStatus::Done) => 100,
            _ => 0,
        });
        if progress > 100 {
            errors.add("progress", "kemajuan 0 sampai 100 persen");
        }
        if status == Some(ItemStatus::Done) && progress != 100 {
            errors.add("progress", "kegiatan yang selesai berkemajuan 100 persen");
        }
        let weight = match input.weight.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => match text.replace(',', ".").parse::<Decimal>() {
                Ok(weight) if weight > Decimal::ZERO && weight <= Decimal::ONE_HUNDRED => {
                    Some(weight)
                }
                _ => {
                    errors.add("weight", "bobot harus angka lebih dari 0 sampai 100");
                    None
                }
            },
            _ => Some(Decimal::ONE),
        };
        let evidence = input
            .evidence
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        if let Some(link) = evidence
            && !(link.starts_with("https://") || link.starts_with("http://"))
        {
            errors.add("evidence", "bukti berupa tautan http(s) yang lengkap");
        }
        match (start, target, status, weight) {
            (Some(start), Some(target), Some(status), Some(weight)) if errors.is_empty() => {
                Ok(ActionItem {
                    activity: activity.to_owned(),
                    responsible_agency_id: input.responsible_agency_id,
                    person_in_charge: input.person_in_charge.trim().to_owned(),
                    start,
                    target,
                    output: input.output.trim().to_owned(),
                    budget,
                    status,
                    progress,
                    weight,
                    evidence: evidence.map(str::to_owned),
                })
            }
            _ => Err(errors),
        }
    }

    /// Past its target day and neither done nor cancelled.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        today > self.target && !matches!(self.status, ItemStatus::Done | ItemStatus::Cancelled)
    }

    /// Days past the target, 0 when not overdue.
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        if self.is_overdue(today) {
            (today - self.target).num_days()
        } else {
            0
        }
    }
}

/// A case's progress in percent: the items' progress weighted by their weights, cancelled
/// items left out; 0 for a plan with nothing to do.
pub fn case_progress(items: &[ActionItem]) -> Decimal {
    let counted = items
        .iter()
        .filter(|item| item.status != ItemStatus::Cancelled);
    let (weighted, weights) = counted.fold((Decimal::ZERO, Decimal::ZERO), |(sum, total), item| {
        (
            sum + item.weight * Decimal::from(item.progress),
            total + item.weight,
        )
    });
    if weights.is_zero() {
        Decimal::ZERO
    } else {
        weighted / weights
    }
}

/// A programme's progress: the mean of its cases' progress (each case counts once, whatever
/// the size of its plan); 0 for no case.
pub fn programme_progress(cases: &[Decimal]) -> Decimal {
    if cases.is_empty() {
        return Decimal::ZERO;
    }
    cases.iter().sum::<Decimal>() / Decimal::from(cases.len())
}

/// Reads an item status from a form ("Berjalan", "in_progress", …).
pub fn parse_item_status(text: &str) -> Result<ItemStatus, String> {
    ItemStatus::parse(text).or_else(|message| {
        let key = label_key(text);
        ItemStatus::ALL
            .iter()
            .copied()
            .find(|status| label_key(status.code()) == key)
            .ok_or(message)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use rust_decimal::dec;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn input(activity: &str, status: &str, progress: u8, weight: &str) -> ActionItemInput {
        ActionItemInput {
            activity: activity.into(),
            person_in_charge: "Kabid Pelayanan".into(),
            start: Some("2022-02-01".into()),
            target: Some("2022-03-31".into()),
            output: "Dokumen".into(),
            budget: Some("Rp 15.000.000".into()),
            status: Some(status.into()),
            progress: Some(progress),
            weight: Some(weight.into()),
            evidence: None,
            responsible_agency_id: None,
        }
    }

    #[test]
    fn an_item_is_parsed_with_rupiah_and_dates() {
        let item =
            ActionItem::parse(&input("Studi tiru ke Kota Bekasi", "berjalan", 40, "2")).unwrap();
        assert_eq!(item.budget, Some(dec!(15000000)));
        assert_eq!(item.status, ItemStatus::InProgress);
        assert_eq!(item.weight, dec!(2));
        assert_eq!(item.start, day("2022-02-01"));
    }

    #[test]
    fn bad_items_report_every_field() {
        let bad = ActionItemInput {
            activity: " ".into(),
            start: Some("2022-05-01".into()),
            target: Some("2022-04-01".into()),
            budget: Some("lima juta".into()),
            status: Some("selesai".into()),
            progress: Some(60),
            weight: Some("0".into()),
            evidence: Some("bukti.pdf".into()),
            ..Default::default()
        };
        let errors = ActionItem::parse(&bad).unwrap_err();
        for field in [
            "activity", "target", "budget", "progress", "weight", "evidence",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
    }

    #[test]
    fn progress_is_weighted_and_cancelled_items_do_not_count() {
        let items = [
            ActionItem::parse(&input("Sosialisasi", "selesai", 100, "1")).unwrap(),
            ActionItem::parse(&input("Pengadaan aplikasi", "berjalan", 50, "3")).unwrap(),
            ActionItem::parse(&input("Pelatihan", "dibatalkan", 0, "4")).unwrap(),
        ];
        // (100 × 1 + 50 × 3) / (1 + 3) = 62.5
        assert_eq!(case_progress(&items), dec!(62.5));
        assert_eq!(case_progress(&[]), Decimal::ZERO);
        assert_eq!(
            programme_progress(&[dec!(62.5), dec!(37.5), dec!(0)]),
            dec!(33.333333333333333333333333333)
        );
        assert_eq!(programme_progress(&[]), Decimal::ZERO);
    }

    #[test]
    fn overdue_items_are_past_target_and_not_finished() {
        let open = ActionItem::parse(&input("Pelatihan", "berjalan", 10, "1")).unwrap();
        assert!(!open.is_overdue(day("2022-03-31")));
        assert!(open.is_overdue(day("2022-04-01")));
        assert_eq!(open.days_overdue(day("2022-04-10")), 10);
        let done = ActionItem::parse(&input("Pelatihan", "selesai", 100, "1")).unwrap();
        assert!(!done.is_overdue(day("2023-01-01")));
    }
}
