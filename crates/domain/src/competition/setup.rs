//! A competition's set-up: groups, categories, sections, attachments, criteria, rounds, jury
//! rules; and its validation.

use std::collections::BTreeSet;
use std::ops::Deref;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::errors::FieldErrors;
use crate::innovation::vocabulary;
use crate::parse::label_key;
use crate::region::RegionCode;

vocabulary! {
    /// Kelompok: the track a proposal competes in (KIPP).
    Group, "kelompok" {
        General => "umum", "Umum", ["kelompok umum"];
        Replication => "replikasi", "Replikasi", ["kelompok replikasi"];
        Special => "khusus", "Khusus", ["kelompok khusus"];
    }
}

vocabulary! {
    /// What an innovation won in an earlier edition of the same competition, as eligibility
    /// reads it: a finalist (KIPP's Top 99), a winner (KIPP's Top 45 or another Top N, a
    /// provincial "juara"), or an Outstanding Achievement.
    AwardTier, "tingkat penghargaan" {
        Finalist => "finalis", "Finalis (Top 99)", ["top 99", "top99"];
        Winner => "pemenang", "Pemenang (Top N)", ["juara", "top 45", "top 40", "top 35", "top 25", "top 9"];
        Outstanding => "outstanding_achievement", "Outstanding Achievement", [
            "oapsi", "top 5 outstanding achievement"
        ];
    }
}

vocabulary! {
    /// The kinds of round, in the only order they may run (the default is KIPP's full list).
    /// Our own workflow, so the codes are English.
    RoundKind, "tahap" {
        AdministrativeCheck => "administrative_check", "Seleksi administrasi", ["administrasi"];
        DeskEvaluation => "desk_evaluation", "Penilaian proposal", ["evaluasi proposal", "desk evaluation"];
        PanelShortlist => "panel_shortlist", "Penetapan finalis oleh tim panel", ["penetapan finalis", "shortlist"];
        PublicObjection => "public_objection", "Uji publik", ["masa sanggah", "sanggahan publik"];
        Interview => "interview", "Presentasi dan wawancara", ["presentasi", "wawancara"];
        FinalDecision => "final_decision", "Penetapan pemenang", ["keputusan akhir", "penetapan top 45"];
        Published => "published", "Pengumuman hasil", ["pengumuman", "terbit"];
    }
}

impl RoundKind {
    /// Whether the round needs a Top N: how many finalists a shortlist keeps, how many
    /// winners a final decision names.
    pub fn needs_top_n(self) -> bool {
        matches!(self, Self::PanelShortlist | Self::FinalDecision)
    }
}

/// Which earlier awards a group accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum AwardHistory {
    /// No condition.
    Any,
    /// Kelompok umum: never a winner (Top N or Outstanding Achievement) of an earlier edition,
    /// and a finalist (Top 99) fewer than `finalist_limit` times. KIPP's "not Top 99 twice"
    /// is `finalist_limit: 2`: a single earlier Top 99 is allowed, a second is not.
    Newcomer { finalist_limit: u32 },
    /// Kelompok khusus: only past winners (Top N or Outstanding Achievement).
    PastWinner,
}

/// The eligibility rules of one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRules {
    pub group: Group,
    /// Months the innovation must have been implemented, counted back from the day
    /// registration closes; 0 for no minimum.
    pub min_months_implemented: u32,
    /// How many proposals of this group one proposing instance may submit; none for no limit.
    #[serde(default)]
    pub quota_per_instance: Option<u32>,
    pub award_history: AwardHistory,
    /// The proposal must name the innovation it replicates (kelompok replikasi).
    #[serde(default)]
    pub requires_replicated_innovation: bool,
    /// Only invited innovations may enter (kelompok khusus).
    #[serde(default)]
    pub invitation_only: bool,
}

impl GroupRules {
    /// KIPP 2021's rules (research.md §3): 2 years implemented for umum and khusus, 1 year for
    /// replikasi; at most 10 umum and 5 replikasi proposals per instance, khusus by invitation.
    pub fn kipp(group: Group) -> GroupRules {
        match group {
            Group::General => GroupRules {
                group,
                min_months_implemented: 24,
                quota_per_instance: Some(10),
                award_history: AwardHistory::Newcomer { finalist_limit: 2 },
                requires_replicated_innovation: false,
                invitation_only: false,
            },
            Group::Replication => GroupRules {
                group,
                min_months_implemented: 12,
                quota_per_instance: Some(5),
                award_history: AwardHistory::Any,
                requires_replicated_innovation: true,
                invitation_only: false,
            },
            Group::Special => GroupRules {
                group,
                min_months_implemented: 24,
                quota_per_instance: None,
                award_history: AwardHistory::PastWinner,
                requires_replicated_innovation: false,
                invitation_only: true,
            },
        }
    }
}

/// A category (kategori) proposals compete in, e.g. `pelayanan_publik_inklusif`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetitionCategory {
    pub code: String,
    pub name: String,
}

/// A section of the proposal form with its word limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub code: String,
    pub title: String,
    /// Words, counted as whitespace-separated runs.
    pub max_words: u32,
    /// The groups whose proposals have this section; empty for every group.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Whether the section must be filled in.
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

impl Section {
    pub fn new(code: &str, title: &str, max_words: u32) -> Section {
        Section {
            code: code.to_owned(),
            title: title.to_owned(),
            max_words,
            groups: Vec::new(),
            required: true,
        }
    }

    pub fn for_groups(mut self, groups: &[Group]) -> Section {
        self.groups = groups.to_vec();
        self
    }

    pub fn applies_to(&self, group: Group) -> bool {
        self.groups.is_empty() || self.groups.contains(&group)
    }
}

/// An attachment every proposal of the given groups must carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredAttachment {
    pub code: String,
    pub name: String,
    /// The groups that need it; empty for every group.
    #[serde(default)]
    pub groups: Vec<Group>,
}

impl RequiredAttachment {
    pub fn new(code: &str, name: &str) -> RequiredAttachment {
        RequiredAttachment {
            code: code.to_owned(),
            name: name.to_owned(),
            groups: Vec::new(),
        }
    }

    pub fn for_groups(mut self, groups: &[Group]) -> RequiredAttachment {
        self.groups = groups.to_vec();
        self
    }

    pub fn applies_to(&self, group: Group) -> bool {
        self.groups.is_empty() || self.groups.contains(&group)
    }
}

/// A criterion jurors score from 0 to 100; its weight is a percentage of the juror's total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub code: String,
    pub name: String,
    pub weight: Decimal,
}

impl Criterion {
    pub fn new(code: &str, name: &str, weight: Decimal) -> Criterion {
        Criterion {
            code: code.to_owned(),
            name: name.to_owned(),
            weight,
        }
    }
}

/// A round with its dates (both days included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub kind: RoundKind,
    pub opens: NaiveDate,
    pub closes: NaiveDate,
    /// For a panel shortlist, how many finalists it keeps (KIPP: Top 99); for a final
    /// decision, how many winners it names (KIPP: Top 45).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_n: Option<u32>,
}

impl Round {
    pub fn is_open_on(&self, date: NaiveDate) -> bool {
        self.opens <= date && date <= self.closes
    }
}

/// How the desk score and the interview score make the final score, as percentages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CombinationWeights {
    pub desk: Decimal,
    pub interview: Decimal,
}

impl Default for CombinationWeights {
    /// 70 % desk (substance), 30 % presentation and interview, as Sulsel's provincial KIPP
    /// 2022 (research.md §3; the national weights were not found).
    fn default() -> Self {
        CombinationWeights {
            desk: Decimal::from(70),
            interview: Decimal::from(30),
        }
    }
}

/// How the jury works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JuryRules {
    /// How many jurors judge each proposal at the desk (at least 2).
    pub jurors_per_proposal: u32,
    /// An affiliation counts as a conflict when it overlaps the competition's year or the
    /// `conflict_lookback_years` years before it (0: the competition's year only).
    #[serde(default)]
    pub conflict_lookback_years: u32,
    /// An alert is raised when the highest and lowest juror totals of a proposal differ by
    /// more than this many points.
    pub disagreement_threshold: Decimal,
    /// Whether desk scores are z-score normalised per juror (see `scoring`).
    #[serde(default)]
    pub z_score_normalisation: bool,
}

impl Default for JuryRules {
    fn default() -> Self {
        JuryRules {
            jurors_per_proposal: 2,
            conflict_lookback_years: 0,
            disagreement_threshold: Decimal::from(20),
            z_score_normalisation: false,
        }
    }
}

/// A competition as an admin sets it up, not yet validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompetitionSetup {
    pub name: String,
    pub year: i32,
    /// The nation (`ID`) for a national competition, or a province.
    pub scope: RegionCode,
    pub registration_opens: NaiveDate,
    /// Implementation age is counted back from this day.
    pub registration_closes: NaiveDate,
    pub groups: Vec<GroupRules>,
    pub categories: Vec<CompetitionCategory>,
    pub sections: Vec<Section>,
    #[serde(default)]
    pub attachments: Vec<RequiredAttachment>,
    pub criteria: Vec<Criterion>,
    pub rounds: Vec<Round>,
    #[serde(default)]
    pub weights: CombinationWeights,
    #[serde(default)]
    pub jury: JuryRules,
}

/// KIPP 2021's ten categories (research.md §3). Editions differ (2022 had three), so this is
/// only the starting list an admin edits.
const KIPP_CATEGORIES: [(&str, &str); 10] = [
    ("pengentasan_kemiskinan", "Pengentasan kemiskinan"),
    ("pendidikan", "Pendidikan"),
    ("kesehatan", "Kesehatan"),
    ("ketahanan_pangan", "Ketahanan pangan"),
    (
        "pertumbuhan_ekonomi_kesempatan_kerja",
        "Pertumbuhan ekonomi dan kesempatan kerja",
    ),
    ("pemberdayaan_masyarakat", "Pemberdayaan masyarakat"),
    (
        "pelayanan_publik_responsif_gender",
        "Pelayanan publik responsif gender",
    ),
    ("lingkungan_hidup", "Lingkungan hidup"),
    ("tata_kelola_pemerintahan", "Tata kelola pemerintahan"),
    ("penegakan_hukum", "Penegakan hukum"),
];

/// Default rounds as (kind, first day, last day, Top N), in days after registration closes.
/// Placeholders with KIPP's shape (a 5-day public objection window); the admin sets the real
/// dates.
const KIPP_ROUNDS: [(RoundKind, u64, u64, Option<u32>); 7] = [
    (RoundKind::AdministrativeCheck, 1, 10, None),
    (RoundKind::DeskEvaluation, 11, 40, None),
    (RoundKind::PanelShortlist, 41, 47, Some(99)),
    (RoundKind::PublicObjection, 48, 52, None),
    (RoundKind::Interview, 53, 80, None),
    (RoundKind::FinalDecision, 81, 90, Some(45)),
    (RoundKind::Published, 91, 91, None),
];

impl CompetitionSetup {
    /// The KIPP default: groups umum and replikasi with KIPP 2021's rules, KIPP 2021's
    /// categories, the proposal sections of the regional copies of the KIPP form with their
    /// word limits, the usual attachments, five equally weighted criteria (the national
    /// weights are not public), the seven rounds, 70/30 desk/interview, 2 jurors per proposal.
    pub fn kipp(
        name: &str,
        year: i32,
        scope: RegionCode,
        registration_opens: NaiveDate,
        registration_closes: NaiveDate,
    ) -> CompetitionSetup {
        let after = |days: u64| {
            registration_closes
                .checked_add_days(Days::new(days))
                .unwrap_or(registration_closes)
        };
        let replication = [Group::Replication];
        CompetitionSetup {
            name: name.to_owned(),
            year,
            scope,
            registration_opens,
            registration_closes,
            groups: vec![
                GroupRules::kipp(Group::General),
                GroupRules::kipp(Group::Replication),
            ],
            categories: KIPP_CATEGORIES
                .iter()
                .map(|(code, name)| CompetitionCategory {
                    code: (*code).to_owned(),
                    name: (*name).to_owned(),
                })
                .collect(),
            sections: vec![
                Section::new("ringkasan", "Ringkasan", 200),
                Section::new("kebaruan", "Kebaruan / nilai tambah", 600),
                Section::new("signifikansi", "Signifikansi", 600),
                Section::new("adaptabilitas", "Adaptabilitas", 400),
                Section::new("keberlanjutan", "Strategi keberlanjutan", 600),
                Section::new("inspirasi", "Inspirasi (inovasi yang direplikasi)", 100)
                    .for_groups(&replication),
                Section::new("proses_replikasi", "Proses replikasi", 200).for_groups(&replication),
                Section::new("faktor_pembeda", "Faktor pembeda", 100).for_groups(&replication),
            ],
            attachments: vec![
                RequiredAttachment::new("standar_pelayanan", "Standar pelayanan"),
                RequiredAttachment::new("maklumat_pelayanan", "Maklumat pelayanan"),
                RequiredAttachment::new("sk_pengelola_pengaduan", "SK pengelola pengaduan"),
                RequiredAttachment::new("video", "Video inovasi"),
                RequiredAttachment::new("surat_pernyataan_replikasi", "Surat pernyataan replikasi")
                    .for_groups(&replication),
            ],
            criteria: [
                ("kebaruan", "Kebaruan"),
                ("efektivitas", "Efektivitas"),
                ("manfaat", "Manfaat"),
                ("adaptabilitas", "Adaptabilitas"),
                ("keberlanjutan", "Keberlanjutan"),
            ]
            .iter()
            .map(|(code, name)| Criterion::new(code, name, Decimal::from(20)))
            .collect(),
            rounds: KIPP_ROUNDS
                .iter()
                .map(|(kind, first, last, top_n)| Round {
                    kind: *kind,
                    opens: after(*first),
                    closes: after(*last),
                    top_n: *top_n,
                })
                .collect(),
            weights: CombinationWeights::default(),
            jury: JuryRules::default(),
        }
    }

    /// Checks the whole set-up; every field with a problem gets one Indonesian message.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        self.check_identity(&mut errors);
        let groups = self.check_groups(&mut errors);
        self.check_categories(&mut errors);
        self.check_sections(&groups, &mut errors);
        self.check_attachments(&groups, &mut errors);
        self.check_criteria(&mut errors);
        self.check_rounds(&mut errors);
        self.check_weights_and_jury(&mut errors);
        errors.into_result(())
    }

    fn check_identity(&self, errors: &mut FieldErrors) {
        let name = self.name.trim();
        if name.is_empty() {
            errors.add("name", "nama kompetisi wajib diisi");
        } else if name.chars().count() > crate::innovation::NAME_MAX_CHARS {
            errors.add(
                "name",
                format!(
                    "nama kompetisi paling banyak {} karakter",
                    crate::innovation::NAME_MAX_CHARS
                ),
            );
        }
        if !(1990..=2100).contains(&self.year) {
            errors.add(
                "year",
                format!("tahun kompetisi {} tidak masuk akal", self.year),
            );
        }
        if self.scope.level() > 1 {
            errors.add(
                "scope",
                "lingkup kompetisi harus nasional atau satu provinsi",
            );
        }
        if self.registration_opens > self.registration_closes {
            errors.add(
                "registration_closes",
                "pendaftaran tidak boleh ditutup sebelum dibuka",
            );
        }
    }

    /// Returns the groups offered, for the checks that refer to them.
    fn check_groups(&self, errors: &mut FieldErrors) -> BTreeSet<Group> {
        let mut seen = BTreeSet::new();
        if self.groups.is_empty() {
            errors.add("groups", "pilih paling sedikit satu kelompok");
        }
        for (i, rules) in self.groups.iter().enumerate() {
            if !seen.insert(rules.group) {
                errors.add(
                    "groups",
                    format!("kelompok {} disebut lebih dari sekali", rules.group.label()),
                );
            }
            if rules.quota_per_instance == Some(0) {
                errors.add(
                    &format!("groups[{i}].quota_per_instance"),
                    "kuota per instansi harus lebih dari 0, atau dikosongkan bila tanpa batas",
                );
            }
            if let AwardHistory::Newcomer { finalist_limit: 0 } = rules.award_history {
                errors.add(
                    &format!("groups[{i}].award_history"),
                    "batas jumlah kali menjadi finalis harus lebih dari 0",
                );
            }
            if rules.min_months_implemented > 240 {
                errors.add(
                    &format!("groups[{i}].min_months_implemented"),
                    "lama penerapan minimal paling banyak 240 bulan",
                );
            }
        }
        seen
    }

    fn check_categories(&self, errors: &mut FieldErrors) {
        if self.categories.is_empty() {
            errors.add("categories", "isi paling sedikit satu kategori");
        }
        let mut seen = BTreeSet::new();
        for (i, category) in self.categories.iter().enumerate() {
            check_code(&format!("categories[{i}].code"), &category.code, errors);
            if !seen.insert(category.code.as_str()) {
                errors.add(
                    &format!("categories[{i}].code"),
                    format!(
                        "kode kategori \"{}\" dipakai lebih dari sekali",
                        category.code
                    ),
                );
            }
            if category.name.trim().is_empty() {
                errors.add(
                    &format!("categories[{i}].name"),
                    "nama kategori wajib diisi",
                );
            }
        }
        let mut names = BTreeSet::new();
        for (i, category) in self.categories.iter().enumerate() {
            let key = label_key(&category.name);
            if !key.is_empty() && !names.insert(key) {
                errors.add(
                    &format!("categories[{i}].name"),
                    format!(
                        "kategori \"{}\" disebut lebih dari sekali",
                        category.name.trim()
                    ),
                );
            }
        }
    }

    fn check_sections(&self, groups: &BTreeSet<Group>, errors: &mut FieldErrors) {
        if self.sections.is_empty() {
            errors.add("sections", "isi paling sedikit satu bagian proposal");
        }
        let mut seen = BTreeSet::new();
        for (i, section) in self.sections.iter().enumerate() {
            check_code(&format!("sections[{i}].code"), &section.code, errors);
            if !seen.insert(section.code.as_str()) {
                errors.add(
                    &format!("sections[{i}].code"),
                    format!("kode bagian \"{}\" dipakai lebih dari sekali", section.code),
                );
            }
            if section.title.trim().is_empty() {
                errors.add(&format!("sections[{i}].title"), "judul bagian wajib diisi");
            }
            if section.max_words == 0 {
                errors.add(
                    &format!("sections[{i}].max_words"),
                    "batas jumlah kata harus lebih dari 0",
                );
            }
            check_groups_offered(
                &format!("sections[{i}].groups"),
                &section.groups,
                groups,
                errors,
            );
        }
    }

    fn check_attachments(&self, groups: &BTreeSet<Group>, errors: &mut FieldErrors) {
        let mut seen = BTreeSet::new();
        for (i, attachment) in self.attachments.iter().enumerate() {
            check_code(&format!("attachments[{i}].code"), &attachment.code, errors);
            if !seen.insert(attachment.code.as_str()) {
                errors.add(
                    &format!("attachments[{i}].code"),
                    format!(
                        "kode lampiran \"{}\" dipakai lebih dari sekali",
                        attachment.code
                    ),
                );
            }
            if attachment.name.trim().is_empty() {
                errors.add(
                    &format!("attachments[{i}].name"),
                    "nama lampiran wajib diisi",
                );
            }
            check_groups_offered(
                &format!("attachments[{i}].groups"),
                &attachment.groups,
                groups,
                errors,
            );
        }
    }

    fn check_criteria(&self, errors: &mut FieldErrors) {
        if self.criteria.is_empty() {
            errors.add("criteria", "isi paling sedikit satu kriteria penilaian");
            return;
        }
        let mut seen = BTreeSet::new();
        let mut sum = Decimal::ZERO;
        for (i, criterion) in self.criteria.iter().enumerate() {
            check_code(&format!("criteria[{i}].code"), &criterion.code, errors);
            if !seen.insert(criterion.code.as_str()) {
                errors.add(
                    &format!("criteria[{i}].code"),
                    format!(
                        "kode kriteria \"{}\" dipakai lebih dari sekali",
                        criterion.code
                    ),
                );
            }
            if criterion.name.trim().is_empty() {
                errors.add(&format!("criteria[{i}].name"), "nama kriteria wajib diisi");
            }
            if criterion.weight <= Decimal::ZERO {
                errors.add(
                    &format!("criteria[{i}].weight"),
                    "bobot kriteria harus lebih dari 0",
                );
            }
            sum += criterion.weight;
        }
        if sum != Decimal::ONE_HUNDRED {
            errors.add(
                "criteria",
                format!("jumlah bobot kriteria harus 100, bukan {}", sum.normalize()),
            );
        }
    }

    fn check_rounds(&self, errors: &mut FieldErrors) {
        if self.rounds.is_empty() {
            errors.add("rounds", "isi paling sedikit satu tahap");
            return;
        }
        for needed in [RoundKind::DeskEvaluation, RoundKind::FinalDecision] {
            if !self.rounds.iter().any(|round| round.kind == needed) {
                errors.add("rounds", format!("tahap \"{}\" wajib ada", needed.label()));
            }
        }
        let position = |kind: RoundKind| RoundKind::ALL.iter().position(|k| *k == kind);
        let mut previous: Option<&Round> = None;
        for (i, round) in self.rounds.iter().enumerate() {
            if let Some(before) = previous {
                if round.kind == before.kind {
                    errors.add(
                        &format!("rounds[{i}].kind"),
                        format!("tahap \"{}\" disebut lebih dari sekali", round.kind.label()),
                    );
                } else if position(round.kind) < position(before.kind) {
                    errors.add(
                        &format!("rounds[{i}].kind"),
                        format!(
                            "tahap \"{}\" tidak boleh sesudah tahap \"{}\"",
                            round.kind.label(),
                            before.kind.label()
                        ),
                    );
                }
            }
            if round.opens > round.closes {
                errors.add(
                    &format!("rounds[{i}].closes"),
                    "tahap tidak boleh berakhir sebelum dimulai",
                );
            }
            match previous {
                Some(before) if round.opens < before.closes => errors.add(
                    &format!("rounds[{i}].opens"),
                    format!(
                        "tahap \"{}\" tidak boleh dimulai sebelum tahap \"{}\" berakhir ({})",
                        round.kind.label(),
                        before.kind.label(),
                        before.closes.format("%d-%m-%Y")
                    ),
                ),
                None if round.opens < self.registration_closes => errors.add(
                    &format!("rounds[{i}].opens"),
                    format!(
                        "tahap pertama tidak boleh dimulai sebelum pendaftaran ditutup ({})",
                        self.registration_closes.format("%d-%m-%Y")
                    ),
                ),
                _ => {}
            }
            match (round.kind.needs_top_n(), round.top_n) {
                (true, None | Some(0)) => errors.add(
                    &format!("rounds[{i}].top_n"),
                    format!(
                        "tahap \"{}\" memerlukan jumlah Top N lebih dari 0",
                        round.kind.label()
                    ),
                ),
                (false, Some(_)) => errors.add(
                    &format!("rounds[{i}].top_n"),
                    format!("tahap \"{}\" tidak memakai Top N", round.kind.label()),
                ),
                _ => {}
            }
            previous = Some(round);
        }
        let top_n = |kind: RoundKind| {
            self.rounds
                .iter()
                .position(|round| round.kind == kind)
                .and_then(|i| self.rounds[i].top_n.map(|n| (i, n)))
        };
        if let (Some((_, finalists)), Some((i, winners))) = (
            top_n(RoundKind::PanelShortlist),
            top_n(RoundKind::FinalDecision),
        ) && winners > finalists
        {
            errors.add(
                &format!("rounds[{i}].top_n"),
                format!(
                    "jumlah pemenang ({winners}) tidak boleh melebihi jumlah finalis ({finalists})"
                ),
            );
        }
    }

    fn check_weights_and_jury(&self, errors: &mut FieldErrors) {
        let weights = self.weights;
        if weights.desk < Decimal::ZERO || weights.interview < Decimal::ZERO {
            errors.add(
                "weights",
                "bobot penilaian proposal dan wawancara tidak boleh negatif",
            );
        } else if weights.desk + weights.interview != Decimal::ONE_HUNDRED {
            errors.add(
                "weights",
                format!(
                    "bobot penilaian proposal dan wawancara harus berjumlah 100, bukan {}",
                    (weights.desk + weights.interview).normalize()
                ),
            );
        } else if weights.interview > Decimal::ZERO
            && !self
                .rounds
                .iter()
                .any(|round| round.kind == RoundKind::Interview)
        {
            errors.add(
                "weights",
                "bobot wawancara harus 0 bila tidak ada tahap presentasi dan wawancara",
            );
        }
        let jury = self.jury;
        if jury.jurors_per_proposal < 2 {
            errors.add(
                "jury.jurors_per_proposal",
                "setiap proposal dinilai paling sedikit 2 juri",
            );
        } else if jury.jurors_per_proposal > 20 {
            errors.add(
                "jury.jurors_per_proposal",
                "jumlah juri per proposal paling banyak 20",
            );
        }
        if jury.disagreement_threshold <= Decimal::ZERO
            || jury.disagreement_threshold > Decimal::ONE_HUNDRED
        {
            errors.add(
                "jury.disagreement_threshold",
                "ambang selisih nilai juri harus lebih dari 0 dan paling besar 100",
            );
        }
        if jury.conflict_lookback_years > 50 {
            errors.add(
                "jury.conflict_lookback_years",
                "masa tengok-balik konflik kepentingan paling lama 50 tahun",
            );
        }
    }
}

/// Codes are lower-case snake_case: letters, digits and `_`, at most 64 characters.
fn check_code(field: &str, code: &str, errors: &mut FieldErrors) {
    let valid = !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !valid {
        errors.add(
            field,
            format!(
                "kode \"{code}\" tidak sah; gunakan huruf kecil, angka dan garis bawah, misalnya pelayanan_publik"
            ),
        );
    }
}

fn check_groups_offered(
    field: &str,
    listed: &[Group],
    offered: &BTreeSet<Group>,
    errors: &mut FieldErrors,
) {
    if let Some(group) = listed.iter().find(|group| !offered.contains(group)) {
        errors.add(
            field,
            format!("kelompok {} tidak dibuka pada kompetisi ini", group.label()),
        );
    }
}

/// A validated competition. Read its set-up through `Deref`; only [`Competition::new`] (or
/// deserialising, which validates too) makes one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "CompetitionSetup", into = "CompetitionSetup")]
pub struct Competition {
    setup: CompetitionSetup,
}

impl Competition {
    pub fn new(setup: CompetitionSetup) -> Result<Competition, FieldErrors> {
        setup.validate()?;
        Ok(Competition { setup })
    }

    pub fn setup(&self) -> &CompetitionSetup {
        &self.setup
    }

    pub fn into_setup(self) -> CompetitionSetup {
        self.setup
    }

    pub fn group_rules(&self, group: Group) -> Option<&GroupRules> {
        self.setup.groups.iter().find(|rules| rules.group == group)
    }

    pub fn category(&self, code: &str) -> Option<&CompetitionCategory> {
        self.setup
            .categories
            .iter()
            .find(|category| category.code == code)
    }

    /// The sections a proposal of `group` fills in, in form order.
    pub fn sections_for(&self, group: Group) -> impl Iterator<Item = &Section> {
        self.setup
            .sections
            .iter()
            .filter(move |section| section.applies_to(group))
    }

    /// The attachments a proposal of `group` must carry.
    pub fn attachments_for(&self, group: Group) -> impl Iterator<Item = &RequiredAttachment> {
        self.setup
            .attachments
            .iter()
            .filter(move |attachment| attachment.applies_to(group))
    }

    pub fn round(&self, kind: RoundKind) -> Option<&Round> {
        self.setup.rounds.iter().find(|round| round.kind == kind)
    }

    /// The round running on `date`, if any.
    pub fn round_on(&self, date: NaiveDate) -> Option<&Round> {
        self.setup
            .rounds
            .iter()
            .find(|round| round.is_open_on(date))
    }

    pub fn registration_open_on(&self, date: NaiveDate) -> bool {
        self.setup.registration_opens <= date && date <= self.setup.registration_closes
    }

    /// Whether proposals are taken on `date`: within the registration dates, and only until
    /// the first round (the administrative check) has closed, whatever the dates say.
    pub fn takes_proposals(&self, first_round_closed: bool, date: NaiveDate) -> bool {
        !first_round_closed && self.registration_open_on(date)
    }
}

impl Deref for Competition {
    type Target = CompetitionSetup;

    fn deref(&self) -> &CompetitionSetup {
        &self.setup
    }
}

impl TryFrom<CompetitionSetup> for Competition {
    type Error = FieldErrors;

    fn try_from(setup: CompetitionSetup) -> Result<Self, FieldErrors> {
        Competition::new(setup)
    }
}

impl From<Competition> for CompetitionSetup {
    fn from(competition: Competition) -> Self {
        competition.setup
    }
}
