//! Whether a proposal may enter a competition: every rule checked, every failure reported.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::setup::{AwardHistory, AwardTier, Competition, Group};
use crate::errors::FieldErrors;
use crate::innovation::vocabulary;
use crate::parse::label_key;
use crate::parse::word_count;

/// An award the innovation received in an earlier edition of the same competition (for a
/// KIPP proposal, earlier KIPP awards; for a provincial competition, that province's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousAward {
    pub year: i32,
    pub tier: AwardTier,
}

/// What eligibility needs to know of a proposal, gathered by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalFacts {
    pub group: Group,
    /// The code of the chosen category.
    pub category: String,
    /// When the innovation started to be implemented (tanggal penerapan).
    pub implementation_start: Option<NaiveDate>,
    /// The innovation a replication proposal replicates (name or registry reference).
    #[serde(default)]
    pub replicated_innovation: Option<String>,
    /// Awards of earlier editions; those of the competition's year or later are ignored.
    #[serde(default)]
    pub previous_awards: Vec<PreviousAward>,
    /// Whether the organiser invited the innovation (kelompok khusus).
    #[serde(default)]
    pub invited: bool,
    /// Proposals of the same group the proposing instance already has in this competition,
    /// not counting this one.
    #[serde(default)]
    pub instance_proposals_in_group: u32,
    /// Section texts by section code.
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
    /// Codes of the attachments present.
    #[serde(default)]
    pub attachments: BTreeSet<String>,
}

/// The rule a proposal fails. Our own vocabulary, so the codes are English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    GroupNotOffered,
    UnknownCategory,
    ImplementationDateMissing,
    ImplementedTooRecently,
    QuotaReached,
    PreviousWinner,
    FinalistTooOften,
    NotPastWinner,
    NotInvited,
    ReplicatedInnovationMissing,
    SectionMissing,
    SectionTooLong,
    UnknownSection,
    AttachmentMissing,
}

impl Rule {
    pub fn code(self) -> &'static str {
        match self {
            Self::GroupNotOffered => "group_not_offered",
            Self::UnknownCategory => "unknown_category",
            Self::ImplementationDateMissing => "implementation_date_missing",
            Self::ImplementedTooRecently => "implemented_too_recently",
            Self::QuotaReached => "quota_reached",
            Self::PreviousWinner => "previous_winner",
            Self::FinalistTooOften => "finalist_too_often",
            Self::NotPastWinner => "not_past_winner",
            Self::NotInvited => "not_invited",
            Self::ReplicatedInnovationMissing => "replicated_innovation_missing",
            Self::SectionMissing => "section_missing",
            Self::SectionTooLong => "section_too_long",
            Self::UnknownSection => "unknown_section",
            Self::AttachmentMissing => "attachment_missing",
        }
    }

    /// The reason from the administrative check's list that this failure amounts to.
    pub fn rejection_reason(self) -> RejectionReason {
        match self {
            Self::ImplementedTooRecently => RejectionReason::ImplementationTooRecent,
            Self::QuotaReached => RejectionReason::QuotaExceeded,
            Self::GroupNotOffered
            | Self::PreviousWinner
            | Self::FinalistTooOften
            | Self::NotPastWinner
            | Self::NotInvited => RejectionReason::GroupRequirements,
            Self::UnknownCategory
            | Self::ImplementationDateMissing
            | Self::ReplicatedInnovationMissing
            | Self::SectionMissing
            | Self::SectionTooLong
            | Self::UnknownSection
            | Self::AttachmentMissing => RejectionReason::IncompleteProposal,
        }
    }
}

vocabulary! {
    /// Why the secretariat rejects a proposal at the administrative check: the typical KIPP
    /// reasons (research.md §3) plus the group rules. Our own list, so the codes are English.
    RejectionReason, "alasan penolakan" {
        ImplementationTooRecent => "implementation_too_recent", "Usia inovasi kurang dari syarat minimal", [];
        IncompleteProposal => "incomplete_proposal", "Proposal tidak lengkap atau tidak sesuai format", [];
        IrrelevantAnswers => "irrelevant_answers", "Isian proposal tidak relevan", [];
        DuplicateTitle => "duplicate_title", "Judul yang sama dipakai untuk beberapa proposal", [];
        GroupRequirements => "group_requirements", "Tidak memenuhi syarat kelompok", [];
        QuotaExceeded => "quota_exceeded", "Melebihi kuota proposal instansi", [];
        Other => "other", "Lainnya", [];
    }
}

/// One failed rule: which, on which field, and the message the proposer reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub rule: Rule,
    /// `group`, `category`, `implementation_start`, `quota`, `previous_awards`, `invited`,
    /// `replicated_innovation`, `sections.<code>` or `attachments.<code>`.
    pub field: String,
    pub message: String,
}

/// A proposal that may not enter, with every rule it fails, in the order of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ineligible {
    pub failures: Vec<Failure>,
}

impl Ineligible {
    pub fn rules(&self) -> Vec<Rule> {
        self.failures.iter().map(|failure| failure.rule).collect()
    }

    /// The administrative rejection reasons, each once, in list order.
    pub fn rejection_reasons(&self) -> Vec<RejectionReason> {
        let reasons: BTreeSet<RejectionReason> = self
            .failures
            .iter()
            .map(|failure| failure.rule.rejection_reason())
            .collect();
        reasons.into_iter().collect()
    }

    /// The failures keyed by field, for a form. The first failure of a field wins: only
    /// `previous_awards` can fail twice (a past winner and too often a finalist), and
    /// `failures` keeps both.
    pub fn to_field_errors(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        for failure in &self.failures {
            errors.add(&failure.field, failure.message.clone());
        }
        errors
    }
}

impl std::fmt::Display for Ineligible {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let messages: Vec<&str> = self
            .failures
            .iter()
            .map(|failure| failure.message.as_str())
            .collect();
        f.write_str(&messages.join("; "))
    }
}

impl std::error::Error for Ineligible {}

fn format_date(date: NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}

/// The latest implementation start that satisfies a minimum of `months` months before
/// `registration_closes`. Months are calendar months; a day that does not exist in the target
/// month falls on its last day (31 March − 1 month = 28 or 29 February).
pub fn latest_implementation_start(registration_closes: NaiveDate, months: u32) -> NaiveDate {
    registration_closes
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// Checks a proposal against the competition's rules. `Ok` when it may enter; otherwise
/// every failing rule, each with an Indonesian message.
///
/// Rules, in this order:
/// 1. the group is offered, and the category exists;
/// 2. the innovation was implemented at least the group's minimum months before registration
///    closes (`start ≤ close − months`);
/// 3. the proposing instance has not used its quota for the group;
/// 4. award history: kelompok umum — never a winner of an earlier edition and a finalist fewer
///    than `finalist_limit` times (distinct years); kelompok khusus — a past winner;
/// 5. invitation (kelompok khusus), and the replicated innovation named (kelompok replikasi);
/// 6. every required section of the group filled in, none over its word limit (words are
///    whitespace-separated runs), no section the competition does not have;
/// 7. every required attachment of the group present.
///
/// An unknown group stops the group's own checks (3–7), since they depend on it.
pub fn check_eligibility(
    competition: &Competition,
    facts: &ProposalFacts,
) -> Result<(), Ineligible> {
    let mut failures = Vec::new();
    let mut fail = |rule: Rule, field: &str, message: String| {
        failures.push(Failure {
            rule,
            field: field.to_owned(),
            message,
        });
    };

    let rules = competition.group_rules(facts.group);
    if rules.is_none() {
        fail(
            Rule::GroupNotOffered,
            "group",
            format!(
                "kelompok {} tidak dibuka pada kompetisi ini",
                facts.group.label()
            ),
        );
    }
    if competition.category(facts.category.trim()).is_none() {
        fail(
            Rule::UnknownCategory,
            "category",
            if facts.category.trim().is_empty() {
                "kategori wajib dipilih".to_owned()
            } else {
                format!(
                    "kategori \"{}\" tidak ada pada kompetisi ini",
                    facts.category.trim()
                )
            },
        );
    }
    let Some(rules) = rules else {
        return Err(Ineligible { failures });
    };
    let group = rules.group.label();

    let closes = competition.registration_closes;
    match facts.implementation_start {
        None => fail(
            Rule::ImplementationDateMissing,
            "implementation_start",
            "tanggal mulai penerapan inovasi wajib diisi".to_owned(),
        ),
        Some(start) => {
            let months = rules.min_months_implemented;
            let latest = latest_implementation_start(closes, months);
            if start > latest {
                let message = if months == 0 {
                    format!(
                        "inovasi mulai diterapkan {}, sesudah pendaftaran ditutup ({}); inovasi harus sudah diterapkan",
                        format_date(start),
                        format_date(closes)
                    )
                } else {
                    format!(
                        "inovasi mulai diterapkan {}; kelompok {group} mensyaratkan paling sedikit {months} bulan penerapan sebelum pendaftaran ditutup ({}), jadi paling lambat diterapkan {}",
                        format_date(start),
                        format_date(closes),
                        format_date(latest)
                    )
                };
                fail(
                    Rule::ImplementedTooRecently,
                    "implementation_start",
                    message,
                );
            }
        }
    }

    if let Some(quota) = rules.quota_per_instance
        && facts.instance_proposals_in_group >= quota
    {
        fail(
            Rule::QuotaReached,
            "quota",
            format!(
                "instansi pengusul sudah mengajukan {} proposal kelompok {group}; kuota per instansi {quota} proposal",
                facts.instance_proposals_in_group
            ),
        );
    }

    let earlier: Vec<PreviousAward> = facts
        .previous_awards
        .iter()
        .copied()
        .filter(|award| award.year < competition.year)
        .collect();
    let wins: Vec<String> = earlier
        .iter()
        .filter(|award| award.tier != AwardTier::Finalist)
        .map(|award| format!("{} {}", award.tier.label(), award.year))
        .collect();
    match rules.award_history {
        AwardHistory::Any => {}
        AwardHistory::Newcomer { finalist_limit } => {
            if !wins.is_empty() {
                fail(
                    Rule::PreviousWinner,
                    "previous_awards",
                    format!(
                        "inovasi pernah meraih {}; kelompok {group} hanya untuk inovasi yang belum pernah menang",
                        wins.join(", ")
                    ),
                );
            }
            let finalist_years: BTreeSet<i32> = earlier
                .iter()
                .filter(|award| award.tier == AwardTier::Finalist)
                .map(|award| award.year)
                .collect();
            let times = finalist_years.len() as u64;
            if times >= u64::from(finalist_limit) {
                let years: Vec<String> = finalist_years.iter().map(i32::to_string).collect();
                fail(
                    Rule::FinalistTooOften,
                    "previous_awards",
                    format!(
                        "inovasi sudah {times} kali menjadi finalis ({}); kelompok {group} hanya menerima inovasi yang kurang dari {finalist_limit} kali menjadi finalis",
                        years.join(", ")
                    ),
                );
            }
        }
        AwardHistory::PastWinner => {
            if wins.is_empty() {
                fail(
                    Rule::NotPastWinner,
                    "previous_awards",
                    format!(
                        "kelompok {group} hanya untuk inovasi yang pernah menjadi pemenang edisi sebelumnya"
                    ),
                );
            }
        }
    }

    if rules.invitation_only && !facts.invited {
        fail(
            Rule::NotInvited,
            "invited",
            format!("kelompok {group} hanya untuk inovasi yang diundang penyelenggara"),
        );
    }
    if rules.requires_replicated_innovation
        && facts
            .replicated_innovation
            .as_deref()
            .is_none_or(|name| name.trim().is_empty())
    {
        fail(
            Rule::ReplicatedInnovationMissing,
            "replicated_innovation",
            format!("kelompok {group} wajib menyebut inovasi yang direplikasi"),
        );
    }

    for section in competition.sections_for(rules.group) {
        let words = facts
            .sections
            .get(&section.code)
            .map_or(0, |text| word_count(text));
        let field = format!("sections.{}", section.code);
        if words == 0 && section.required {
            fail(
                Rule::SectionMissing,
                &field,
                format!("bagian \"{}\" wajib diisi", section.title),
            );
        } else if words > section.max_words as usize {
            fail(
                Rule::SectionTooLong,
                &field,
                format!(
                    "bagian \"{}\" berisi {words} kata; paling banyak {} kata",
                    section.title, section.max_words
                ),
            );
        }
    }
    for code in facts.sections.keys() {
        if !competition
            .sections
            .iter()
            .any(|section| &section.code == code)
        {
            fail(
                Rule::UnknownSection,
                &format!("sections.{code}"),
                format!("bagian \"{code}\" tidak ada pada formulir kompetisi ini"),
            );
        }
    }

    for attachment in competition.attachments_for(rules.group) {
        if !facts.attachments.contains(&attachment.code) {
            fail(
                Rule::AttachmentMissing,
                &format!("attachments.{}", attachment.code),
                format!("lampiran \"{}\" wajib diunggah", attachment.name),
            );
        }
    }

    if failures.is_empty() {
        Ok(())
    } else {
        Err(Ineligible { failures })
    }
}

/// Proposals that share a title (compared without case, punctuation or extra spaces), a
/// typical reason for rejection at the administrative check. Each group of ids is sorted, and
/// the groups are in the order of their first id.
pub fn duplicate_titles<Id: Ord + Clone>(proposals: &[(Id, &str)]) -> Vec<Vec<Id>> {
    let mut by_title: BTreeMap<String, Vec<Id>> = BTreeMap::new();
    for (id, title) in proposals {
        let key = label_key(title);
        if !key.is_empty() {
            by_title.entry(key).or_default().push(id.clone());
        }
    }
    let mut groups: Vec<Vec<Id>> = by_title
        .into_values()
        .filter(|ids| ids.len() > 1)
        .map(|mut ids| {
            ids.sort();
            ids
        })
        .collect();
    groups.sort();
    groups
}
