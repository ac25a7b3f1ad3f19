//! Public consultation forums (Forum Konsultasi Publik, PermenPANRB 16/2017): a service unit
//! plans a forum (pra-pelaksanaan), holds it with service users and other groups
//! (pelaksanaan), and follows up each agreement it reached (pasca-pelaksanaan).
//!
//! The regulation's participant composition was not retrieved (research.md §5); the groups
//! here are the usual ones in published FKP berita acara and can be extended.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::errors::FieldErrors;
use crate::innovation::vocabulary;
use crate::parse::{label_key, parse_date};

vocabulary! {
    /// Where a forum stands.
    ConsultationStatus, "status forum" {
        Planned => "planned", "Direncanakan", ["rencana"];
        Held => "held", "Terlaksana", ["terlaksana", "dilaksanakan"];
        Cancelled => "cancelled", "Dibatalkan", ["batal"];
    }
}

vocabulary! {
    /// Who is invited to a forum, by group.
    ParticipantGroup, "kelompok peserta" {
        ServiceUsers => "service_users", "Pengguna layanan", ["pengguna layanan", "masyarakat pengguna"];
        Community => "community", "Tokoh dan kelompok masyarakat", ["tokoh masyarakat", "kelompok masyarakat"];
        Academia => "academia", "Akademisi", ["akademisi", "perguruan tinggi"];
        CivilSociety => "civil_society", "Pemerhati pelayanan publik / LSM", ["lsm", "pemerhati"];
        Media => "media", "Media", ["pers"];
        Business => "business", "Dunia usaha", ["pelaku usaha"];
        Organiser => "organiser", "Penyelenggara layanan", ["penyelenggara", "opd"];
    }
}

vocabulary! {
    /// Where an agreement of a forum stands.
    AgreementStatus, "status kesepakatan" {
        Open => "open", "Belum ditindaklanjuti", ["belum"];
        InProgress => "in_progress", "Sedang ditindaklanjuti", ["proses", "berjalan"];
        Done => "done", "Selesai", ["selesai"];
        Dropped => "dropped", "Tidak dilanjutkan", ["batal", "tidak dilanjutkan"];
    }
}

/// A group invited (or attending), with how many people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCount {
    pub group: ParticipantGroup,
    pub count: u32,
}

/// A forum's plan as a form or a JSON body sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInput {
    pub topic: String,
    /// The public service discussed (e.g. "Penerbitan KTP-el").
    pub service: String,
    pub planned_on: String,
    #[serde(default)]
    pub place: String,
    /// Group codes or labels with the number invited: `{"service_users": 20}`.
    #[serde(default)]
    pub invited: Vec<GroupCountInput>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCountInput {
    pub group: String,
    pub count: u32,
}

/// A valid plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub topic: String,
    pub service: String,
    pub planned_on: NaiveDate,
    pub place: String,
    pub invited: Vec<GroupCount>,
}

fn required(errors: &mut FieldErrors, field: &str, text: &str, what: &str, max: usize) -> String {
    let text = text.trim();
    if text.is_empty() {
        errors.add(field, format!("{what} wajib diisi"));
    } else if text.chars().count() > max {
        errors.add(field, format!("{what} paling banyak {max} karakter"));
    }
    text.to_owned()
}

fn groups(errors: &mut FieldErrors, field: &str, input: &[GroupCountInput]) -> Vec<GroupCount> {
    let mut found: Vec<GroupCount> = Vec::new();
    for entry in input.iter().filter(|entry| entry.count > 0) {
        match ParticipantGroup::parse(&entry.group) {
            Ok(group) => match found.iter_mut().find(|seen| seen.group == group) {
                Some(seen) => seen.count += entry.count,
                None => found.push(GroupCount {
                    group,
                    count: entry.count,
                }),
            },
            Err(message) => errors.add(field, message),
        }
    }
    found
}

impl Plan {
    pub fn parse(input: &PlanInput) -> Result<Plan, FieldErrors> {
        let mut errors = FieldErrors::new();
        let topic = required(&mut errors, "topic", &input.topic, "topik", 300);
        let service = required(&mut errors, "service", &input.service, "layanan", 300);
        let planned_on = parse_date(&input.planned_on).unwrap_or_else(|message| {
            errors.add("planned_on", message);
            NaiveDate::MIN
        });
        let invited = groups(&mut errors, "invited", &input.invited);
        if invited.is_empty() && errors.get("invited").is_none() {
            errors.add(
                "invited",
                "undang paling sedikit satu kelompok; pengguna layanan wajib hadir dalam FKP",
            );
        } else if !invited
            .iter()
            .any(|invited| invited.group == ParticipantGroup::ServiceUsers)
            && errors.get("invited").is_none()
        {
            errors.add(
                "invited",
                "FKP melibatkan pengguna layanan; undang kelompok itu",
            );
        }
        errors.into_result(Plan {
            topic,
            service,
            planned_on,
            place: input.place.trim().to_owned(),
            invited,
        })
    }
}

/// An agreement as a form or a JSON body sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementInput {
    pub text: String,
    /// Who carries it out (an agency or a person).
    pub owner: String,
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub text: String,
    pub owner: String,
    pub due_on: NaiveDate,
}

impl Agreement {
    pub fn parse(input: &AgreementInput, held_on: NaiveDate) -> Result<Agreement, FieldErrors> {
        let mut errors = FieldErrors::new();
        let text = required(&mut errors, "text", &input.text, "kesepakatan", 1_000);
        let owner = required(&mut errors, "owner", &input.owner, "penanggung jawab", 200);
        let due_on = parse_date(&input.due_on).unwrap_or_else(|message| {
            errors.add("due_on", message);
            held_on
        });
        if due_on < held_on {
            errors.add("due_on", "batas waktu tidak boleh sebelum tanggal forum");
        }
        errors.into_result(Agreement {
            text,
            owner,
            due_on,
        })
    }
}

/// What happened at a forum, as a form or a JSON body sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldInput {
    pub held_on: String,
    #[serde(default)]
    pub attendance: Vec<GroupCountInput>,
    /// The minutes (berita acara), as text.
    pub minutes: String,
    #[serde(default)]
    pub agreements: Vec<AgreementInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    pub held_on: NaiveDate,
    pub attendance: Vec<GroupCount>,
    pub minutes: String,
    pub agreements: Vec<Agreement>,
}

impl Held {
    /// Checks the record of a forum. Agreements' errors are keyed `agreements.N.field`.
    pub fn parse(input: &HoldInput) -> Result<Held, FieldErrors> {
        let mut errors = FieldErrors::new();
        let held_on = parse_date(&input.held_on).unwrap_or_else(|message| {
            errors.add("held_on", message);
            NaiveDate::MIN
        });
        let attendance = groups(&mut errors, "attendance", &input.attendance);
        if attendance.is_empty() && errors.get("attendance").is_none() {
            errors.add("attendance", "catat kehadiran per kelompok");
        }
        let minutes = required(
            &mut errors,
            "minutes",
            &input.minutes,
            "berita acara",
            50_000,
        );
        let mut agreements = Vec::new();
        for (n, agreement) in input.agreements.iter().enumerate() {
            if agreement.text.trim().is_empty()
                && agreement.owner.trim().is_empty()
                && agreement.due_on.trim().is_empty()
            {
                continue; // a blank row of the form
            }
            match Agreement::parse(agreement, held_on) {
                Ok(agreement) => agreements.push(agreement),
                Err(found) => {
                    for (field, message) in found.iter() {
                        errors.add(&format!("agreements.{n}.{field}"), message);
                    }
                }
            }
        }
        errors.into_result(Held {
            held_on,
            attendance,
            minutes,
            agreements,
        })
    }
}

/// An agreement's follow-up as a form or a JSON body sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpInput {
    /// open, in_progress, done, dropped (or their labels).
    pub status: String,
    /// What was done, or why it was dropped.
    #[serde(default)]
    pub note: Option<String>,
    /// The innovation that answers the agreement, when one does.
    #[serde(default)]
    pub innovation_id: Option<Uuid>,
}

/// A valid follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpUpdate {
    pub status: AgreementStatus,
    pub note: Option<String>,
    pub innovation_id: Option<Uuid>,
}

impl FollowUpUpdate {
    /// Checks a follow-up: a known status, a note of reasonable length, and a reason for an
    /// agreement that is not carried on.
    pub fn parse(input: &FollowUpInput) -> Result<FollowUpUpdate, FieldErrors> {
        let mut errors = FieldErrors::new();
        let status = AgreementStatus::parse(&input.status).unwrap_or_else(|message| {
            errors.add("status", message);
            AgreementStatus::Open
        });
        let note = input
            .note
            .as_deref()
            .map(str::trim)
            .filter(|note| !note.is_empty())
            .map(str::to_owned);
        if note
            .as_deref()
            .is_some_and(|note| note.chars().count() > 2_000)
        {
            errors.add("note", "catatan tindak lanjut paling banyak 2000 karakter");
        }
        if status == AgreementStatus::Dropped && note.is_none() {
            errors.add(
                "note",
                "jelaskan alasan kesepakatan tidak dilanjutkan pada catatan",
            );
        }
        errors.into_result(FollowUpUpdate {
            status,
            note,
            innovation_id: input.innovation_id,
        })
    }
}

/// How far the follow-up has gone: agreements done (or dropped with a reason) over all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub total: usize,
    pub done: usize,
    pub dropped: usize,
    pub overdue: usize,
}

/// Counts a forum's agreements on `today`: overdue ones are neither done nor dropped and past
/// their due date.
pub fn follow_up(agreements: &[(AgreementStatus, NaiveDate)], today: NaiveDate) -> FollowUp {
    FollowUp {
        total: agreements.len(),
        done: agreements
            .iter()
            .filter(|(status, _)| *status == AgreementStatus::Done)
            .count(),
        dropped: agreements
            .iter()
            .filter(|(status, _)| *status == AgreementStatus::Dropped)
            .count(),
        overdue: agreements
            .iter()
            .filter(|(status, due)| {
                matches!(status, AgreementStatus::Open | AgreementStatus::InProgress)
                    && *due < today
            })
            .count(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_plan_needs_service_users() {
        let mut input = PlanInput {
            topic: "Standar pelayanan KTP-el".into(),
            service: "Penerbitan KTP-el".into(),
            planned_on: "2026-05-08".into(),
            place: "Kantor Gubernur".into(),
            invited: vec![GroupCountInput {
                group: "akademisi".into(),
                count: 3,
            }],
        };
        let errors = Plan::parse(&input).unwrap_err();
        assert!(errors.get("invited").unwrap().contains("pengguna layanan"));
        input.invited.push(GroupCountInput {
            group: "Pengguna layanan".into(),
            count: 20,
        });
        input.invited.push(GroupCountInput {
            group: "service_users".into(),
            count: 5,
        });
        let plan = Plan::parse(&input).unwrap();
        assert_eq!(plan.planned_on, day("2026-05-08"));
        assert_eq!(
            plan.invited,
            vec![
                GroupCount {
                    group: ParticipantGroup::Academia,
                    count: 3
                },
                GroupCount {
                    group: ParticipantGroup::ServiceUsers,
                    count: 25
                },
            ]
        );
    }

    #[test]
    fn a_record_checks_each_agreement_and_skips_blank_rows() {
        let input = HoldInput {
            held_on: "2026-05-08".into(),
            attendance: vec![GroupCountInput {
                group: "service_users".into(),
                count: 18,
            }],
            minutes: "Forum membahas waktu layanan.".into(),
            agreements: vec![
                AgreementInput {
                    text: "Jam layanan diperpanjang sampai 16.00".into(),
                    owner: "Disdukcapil".into(),
                    due_on: "2026-06-30".into(),
                },
                AgreementInput::default(),
                AgreementInput {
                    text: "Antrean daring".into(),
                    owner: "".into(),
                    due_on: "2026-05-01".into(),
                },
            ],
        };
        let errors = Held::parse(&input).unwrap_err();
        assert!(errors.get("agreements.2.owner").is_some());
        assert!(
            errors
                .get("agreements.2.due_on")
                .unwrap()
                .contains("sebelum tanggal forum")
        );
        assert!(errors.get("agreements.1.text").is_none());
    }

    #[test]
    fn a_dropped_agreement_needs_a_reason() {
        let mut input = FollowUpInput {
            status: "Tidak dilanjutkan".into(),
            note: Some("  ".into()),
            innovation_id: None,
        };
        let errors = FollowUpUpdate::parse(&input).unwrap_err();
        assert!(errors.get("note").unwrap().contains("alasan"));
        input.note = Some(" Anggaran dialihkan ke antrean daring. ".into());
        let update = FollowUpUpdate::parse(&input).unwrap();
        assert_eq!(update.status, AgreementStatus::Dropped);
        assert_eq!(
            update.note.as_deref(),
            Some("Anggaran dialihkan ke antrean daring.")
        );
        input.status = "selesai sekali".into();
        assert!(
            FollowUpUpdate::parse(&input)
                .unwrap_err()
                .get("status")
                .is_some()
        );
        let done = FollowUpUpdate::parse(&FollowUpInput {
            status: "in_progress".into(),
            note: None,
            innovation_id: None,
        })
        .unwrap();
        assert_eq!(done.status, AgreementStatus::InProgress);
        assert_eq!(done.note, None);
    }

    #[test]
    fn follow_up_counts_overdue_open_agreements_only() {
        let today = day("2026-07-01");
        let counted = follow_up(
            &[
                (AgreementStatus::Done, day("2026-06-01")),
                (AgreementStatus::Open, day("2026-06-30")),
                (AgreementStatus::InProgress, day("2026-07-01")),
                (AgreementStatus::Dropped, day("2026-06-01")),
            ],
            today,
        );
        assert_eq!(
            counted,
            FollowUp {
                total: 4,
                done: 1,
                dropped: 1,
                overdue: 1
            }
        );
    }
}
