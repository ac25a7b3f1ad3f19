//! A replication case: its status path, the documents each step needs, the adaptation, and
//! the sign-offs of its certificate.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::errors::FieldErrors;
use crate::innovation::vocabulary;
use crate::parse::label_key;

vocabulary! {
    /// Where a case stands. The path is JIPPNAS's: minat, kesepakatan, persetujuan,
    /// implementasi, selesai; or ditolak. Our own workflow, so the codes are English.
    CaseStatus, "status replikasi" {
        Interest => "interest", "Minat", ["minat"];
        Agreement => "agreement", "Kesepakatan", ["kesepakatan"];
        Approval => "approval", "Persetujuan", ["persetujuan", "disetujui"];
        Implementation => "implementation", "Implementasi", ["implementasi", "penerapan"];
        Done => "done", "Selesai", ["selesai"];
        Rejected => "rejected", "Ditolak", ["ditolak"];
    }
}

impl CaseStatus {
    /// Done and rejected cases are closed: nothing in them changes any more.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Done | Self::Rejected)
    }

    /// The statuses in which the adopter works on the replication and reports on it.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Self::Agreement | Self::Approval | Self::Implementation
        )
    }
}

vocabulary! {
    /// A step from one status to the next.
    Step, "langkah" {
        Agree => "agree", "Sepakati", ["sepakat", "kesepakatan"];
        Approve => "approve", "Setujui", ["setuju", "persetujuan"];
        Implement => "implement", "Mulai implementasi", ["implementasi"];
        Finish => "finish", "Tandai selesai", ["selesai"];
        Reject => "reject", "Tolak", ["tolak"];
    }
}

impl Step {
    /// The status the step leads from, for the forward steps.
    fn from(self) -> Option<CaseStatus> {
        match self {
            Self::Agree => Some(CaseStatus::Interest),
            Self::Approve => Some(CaseStatus::Agreement),
            Self::Implement => Some(CaseStatus::Approval),
            Self::Finish => Some(CaseStatus::Implementation),
            Self::Reject => None,
        }
    }

    /// The status the step leads to.
    pub fn to(self) -> CaseStatus {
        match self {
            Self::Agree => CaseStatus::Agreement,
            Self::Approve => CaseStatus::Approval,
            Self::Implement => CaseStatus::Implementation,
            Self::Finish => CaseStatus::Done,
            Self::Reject => CaseStatus::Rejected,
        }
    }
}

/// Why a step cannot be taken; the messages are for the officials who tried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("kasus replikasi berstatus \"{0}\" sudah ditutup dan tidak dapat diubah lagi")]
    Closed(CaseStatus),
    #[error(
        "langkah \"{step}\" hanya dapat diambil dari status \"{expected}\"; status sekarang \"{current}\""
    )]
    OutOfOrder {
        step: Step,
        expected: CaseStatus,
        current: CaseStatus,
    },
    #[error("penolakan wajib disertai alasan")]
    ReasonMissing,
    #[error("langkah \"{step}\" memerlukan dokumen {document} yang belum diunggah")]
    DocumentMissing { step: Step, document: DocumentKind },
}

vocabulary! {
    /// A document kept at a step of a case (JIPPNAS keeps kesepakatan, persetujuan, komitmen,
    /// sertifikat).
    DocumentKind, "jenis dokumen" {
        InterestLetter => "interest_letter", "Surat pernyataan minat", ["surat minat"];
        Agreement => "agreement", "Naskah kesepakatan (PKS/MoU)", ["kesepakatan", "pks", "mou"];
        Commitment => "commitment", "Surat komitmen replikasi", ["komitmen"];
        Approval => "approval", "Surat persetujuan", ["persetujuan"];
        Certificate => "certificate", "Sertifikat replikasi", ["sertifikat"];
        Other => "other", "Dokumen lain", ["lainnya"];
    }
}

/// The document a step needs before it may be taken: the agreement (PKS/MoU) to agree, the
/// commitment to approve. In a programme the commitment signed by all adopters counts for
/// each of its cases; the caller passes what is available.
pub fn required_document(step: Step) -> Option<DocumentKind> {
    match step {
        Step::Agree => Some(DocumentKind::Agreement),
        Step::Approve => Some(DocumentKind::Commitment),
        Step::Implement | Step::Finish | Step::Reject => None,
    }
}

/// Takes a step: the new status, or why not. `reason` is needed to reject; `documents` are
/// the kinds already on the case (and its programme).
pub fn transition(
    current: CaseStatus,
    step: Step,
    reason: Option<&str>,
    documents: &BTreeSet<DocumentKind>,
) -> Result<CaseStatus, TransitionError> {
    if current.is_closed() {
        return Err(TransitionError::Closed(current));
    }
    if let Some(expected) = step.from()
        && expected != current
    {
        return Err(TransitionError::OutOfOrder {
            step,
            expected,
            current,
        });
    }
    if step == Step::Reject && reason.is_none_or(|text| text.trim().is_empty()) {
        return Err(TransitionError::ReasonMissing);
    }
    if let Some(document) = required_document(step)
        && !documents.contains(&document)
    {
        return Err(TransitionError::DocumentMissing { step, document });
    }
    Ok(step.to())
}

vocabulary! {
    /// What an adopter changes in the innovation it replicates.
    AdaptationAspect, "aspek adaptasi" {
        Area => "area", "Wilayah atau cakupan layanan", ["wilayah", "cakupan"];
        TargetGroup => "target_group", "Kelompok sasaran", ["sasaran"];
        GovernmentLevel => "government_level", "Tingkat pemerintahan", ["tingkat"];
        Process => "process", "Proses atau teknologi", ["proses", "teknologi"];
        Other => "other", "Lainnya", ["lainnya"];
    }
}

/// The adaptation: which aspects change, what is modified, and why ("faktor pembeda").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adaptation {
    pub aspects: BTreeSet<AdaptationAspect>,
    pub description: String,
    pub reason: String,
}

impl Adaptation {
    /// Checks that a declared change says what and why; no aspect means replicated as is.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if !self.aspects.is_empty() {
            if self.description.trim().is_empty() {
                errors.add(
                    "adaptation.description",
                    "jelaskan apa yang dimodifikasi dari inovasi asal",
                );
            }
            if self.reason.trim().is_empty() {
                errors.add("adaptation.reason", "jelaskan alasan modifikasi");
            }
        }
        for (field, text) in [
            ("adaptation.description", &self.description),
            ("adaptation.reason", &self.reason),
        ] {
            if text.chars().count() > 5000 {
                errors.add(field, "paling banyak 5000 karakter");
            }
        }
        errors.into_result(())
    }

    /// Whether the adopter replicates the innovation without changing it.
    pub fn is_unchanged(&self) -> bool {
        self.aspects.is_empty()
    }
}

vocabulary! {
    /// Who signs a replication certificate: the owner, the adopter and the verifier
    /// (JIPPNAS: "ditandatangani pemilik, replikator dan Tim Verifikasi").
    SignOffRole, "penanda tangan" {
        Owner => "owner", "Pemilik inovasi", ["pemilik"];
        Adopter => "adopter", "Daerah replikator", ["replikator"];
        Verifier => "verifier", "Verifikator", ["tim verifikasi"];
    }
}

/// A sign-off recorded on a done case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub role: SignOffRole,
    pub name: String,
}

/// Whether a done case has all three sign-offs, so its certificate may be issued and the
/// replication counts for the owner's index.
pub fn fully_signed(status: CaseStatus, sign_offs: &[SignOff]) -> bool {
    status == CaseStatus::Done
        && SignOffRole::ALL
            .iter()
            .all(|role| sign_offs.iter().any(|sign_off| sign_off.role == *role))
}

/// Reads a step typed in a form or path ("sepakati", "agree", …).
pub fn parse_step(text: &str) -> Result<Step, String> {
    Step::parse(text).or_else(|message| {
        let key = label_key(text);
        Step::ALL
            .iter()
            .copied()
            .find(|step| label_key(step.to().label()) == key)
            .ok_or(message)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn docs(kinds: &[DocumentKind]) -> BTreeSet<DocumentKind> {
        kinds.iter().copied().collect()
    }

    #[test]
    fn the_path_runs_forward_one_step_at_a_time() {
        let all = docs(&[DocumentKind::Agreement, DocumentKind::Commitment]);
        let mut status = CaseStatus::Interest;
        for step in [Step::Agree, Step::Approve, Step::Implement, Step::Finish] {
            status = transition(status, step, None, &all).unwrap();
        }
        assert_eq!(status, CaseStatus::Done);
    }

    #[test]
    fn implementation_before_agreement_is_refused() {
        let error =
            transition(CaseStatus::Interest, Step::Implement, None, &docs(&[])).unwrap_err();
        assert_eq!(
            error,
            TransitionError::OutOfOrder {
                step: Step::Implement,
                expected: CaseStatus::Approval,
                current: CaseStatus::Interest
            }
        );
        assert!(error.to_string().contains("Persetujuan"));
        assert!(error.to_string().contains("Minat"));
    }

    #[test]
    fn closed_cases_take_no_step() {
        for closed in [CaseStatus::Done, CaseStatus::Rejected] {
            for step in Step::ALL {
                assert_eq!(
                    transition(closed, *step, Some("alasan"), &docs(&[])),
                    Err(TransitionError::Closed(closed))
                );
            }
        }
    }

    #[test]
    fn rejection_needs_a_reason_and_works_from_any_open_status() {
        for open in [
            CaseStatus::Interest,
            CaseStatus::Agreement,
            CaseStatus::Approval,
            CaseStatus::Implementation,
        ] {
            assert_eq!(
                transition(open, Step::Reject, Some("  "), &docs(&[])),
                Err(TransitionError::ReasonMissing)
            );
            assert_eq!(
                transition(
                    open,
                    Step::Reject,
                    Some("Anggaran tidak tersedia"),
                    &docs(&[])
                ),
                Ok(CaseStatus::Rejected)
            );
        }
    }

    #[test]
    fn agreeing_needs_the_agreement_and_approving_the_commitment() {
        assert_eq!(
            transition(CaseStatus::Interest, Step::Agree, None, &docs(&[])),
            Err(TransitionError::DocumentMissing {
                step: Step::Agree,
                document: DocumentKind::Agreement
            })
        );
        assert_eq!(
            transition(
                CaseStatus::Agreement,
                Step::Approve,
                None,
                &docs(&[DocumentKind::Agreement])
            ),
            Err(TransitionError::DocumentMissing {
                step: Step::Approve,
                document: DocumentKind::Commitment
            })
        );
    }

    #[test]
    fn a_declared_adaptation_says_what_and_why() {
        let unchanged = Adaptation::default();
        assert!(unchanged.validate().is_ok());
        assert!(unchanged.is_unchanged());
        let partial = Adaptation {
            aspects: [AdaptationAspect::TargetGroup].into_iter().collect(),
            description: "Sasaran diperluas ke nelayan".into(),
            reason: String::new(),
        };
        let errors = partial.validate().unwrap_err();
        assert!(errors.get("adaptation.reason").is_some());
        assert!(errors.get("adaptation.description").is_none());
    }

    #[test]
    fn certificates_need_three_sign_offs_on_a_done_case() {
        let sign = |role| SignOff {
            role,
            name: "x".into(),
        };
        let two = [sign(SignOffRole::Owner), sign(SignOffRole::Adopter)];
        assert!(!fully_signed(CaseStatus::Done, &two));
        let three = [
            sign(SignOffRole::Owner),
            sign(SignOffRole::Adopter),
            sign(SignOffRole::Verifier),
        ];
        assert!(fully_signed(CaseStatus::Done, &three));
        assert!(!fully_signed(CaseStatus::Implementation, &three));
    }

    #[test]
    fn steps_are_read_in_either_language() {
        assert_eq!(parse_step("agree"), Ok(Step::Agree));
        assert_eq!(parse_step("Sepakati"), Ok(Step::Agree));
        assert_eq!(parse_step("implementasi"), Ok(Step::Implement));
        assert!(parse_step("lompat").is_err());
    }
}
