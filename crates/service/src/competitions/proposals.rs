//! Proposals: made from registry innovations with the profile copied at submission, checked
//! against the competition's eligibility rules and word limits, then checked by the
//! secretariat (pass, or reject with reasons from the list the proposer reads).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use lumbung_domain::FieldErrors;
use lumbung_domain::award::Award;
use lumbung_domain::competition::{
    AwardTier, Group, PreviousAward, ProposalFacts, RejectionReason, RoundKind, check_eligibility,
};
use lumbung_domain::region::RegionCode;
use lumbung_store::competitions::{self as store, NewProposal, ProposalRecord, proposal_status};
use lumbung_store::{Conn, innovations};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{Loaded, load};
use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// Set aside after an upheld public objection.
pub const DISQUALIFIED: &str = "disqualified";

/// A proposal's status in words.
pub fn status_label(status: &str) -> &'static str {
    match status {
        proposal_status::SUBMITTED => "Diajukan",
        proposal_status::REJECTED => "Tidak lolos seleksi administrasi",
        proposal_status::PASSED => "Lolos seleksi administrasi",
        proposal_status::SHORTLISTED => "Masuk daftar finalis (uji publik)",
        proposal_status::FINALIST => "Finalis",
        proposal_status::WINNER => "Pemenang",
        DISQUALIFIED => "Gugur karena sanggahan publik",
        _ => "Tidak dikenal",
    }
}

/// An attachment: a link to the document (the proposal form's attachments are documents the
/// agency already publishes: standar pelayanan, maklumat, SK, a video).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInput {
    pub code: String,
    pub url: String,
}

/// What a proposer submits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalInput {
    pub innovation_id: Option<Uuid>,
    /// A `Group` code: umum, replikasi, khusus.
    pub group: String,
    pub category: String,
    #[serde(default)]
    pub replicated_innovation: Option<String>,
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
    #[serde(default)]
    pub attachments: Vec<AttachmentInput>,
}

/// A rejection reason as the proposer reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub code: String,
    pub label: String,
}

/// The secretariat's rejection: reasons from the list plus an optional note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectionRecord {
    pub reasons: Vec<Rejection>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A proposal as its readers see it.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalView {
    pub id: Uuid,
    pub competition_id: Uuid,
    pub innovation_id: Uuid,
    pub title: String,
    pub region_code: RegionCode,
    pub region_name: String,
    pub agency_id: Uuid,
    pub agency_name: String,
    pub group: Group,
    pub group_label: &'static str,
    pub category: String,
    pub status: String,
    pub status_label: &'static str,
    pub replicated_innovation: Option<String>,
    pub sections: BTreeMap<String, String>,
    pub attachments: Vec<AttachmentInput>,
    /// The innovation's profile as it was at submission.
    pub snapshot: Value,
    pub rejection: Option<RejectionRecord>,
    pub submitted_at: DateTime<Utc>,
    /// The provincial proposal this one was promoted from.
    pub source_proposal_id: Option<Uuid>,
}

pub(crate) fn view(record: ProposalRecord) -> ServiceResult<ProposalView> {
    let snapshot: Value = serde_json::from_str(&record.snapshot).map_err(ServiceError::internal)?;
    let text = |pointer: &str| {
        snapshot
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let region_name = text("/region/name");
    let agency_name = text("/agency/name");
    let group = Group::from_code(&record.group_code)
        .ok_or_else(|| ServiceError::internal(format!("group {}", record.group_code)))?;
    Ok(ProposalView {
        id: record.id,
        competition_id: record.competition_id,
        innovation_id: record.innovation_id,
        title: record.title,
        region_code: record.region_code,
        region_name,
        agency_id: record.agency_id,
        agency_name,
        group,
        group_label: group.label(),
        category: record.category,
        status_label: status_label(&record.status),
        status: record.status,
        replicated_innovation: record.replicated_innovation,
        sections: serde_json::from_str(&record.sections).map_err(ServiceError::internal)?,
        attachments: serde_json::from_str(&record.attachments).map_err(ServiceError::internal)?,
        snapshot,
        rejection: record
            .rejection_reasons
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(ServiceError::internal)?,
        submitted_at: record.submitted_at,
        source_proposal_id: record.source_proposal_id,
    })
}

/// Earlier awards of the innovation that count for this competition: its own earlier
/// editions (competitions of the same scope in earlier years, as stored here), and for a
/// national competition the KIPP awards recorded in the registry.
fn previous_awards(
    loaded: &Loaded,
    history: &[store::ProposalHistory],
    registry: &[Award],
) -> Vec<PreviousAward> {
    let mut awards: Vec<PreviousAward> = history
        .iter()
        .filter(|past| past.scope_region == loaded.record.scope_region)
        .filter(|past| past.year < loaded.record.year)
        .filter_map(|past| {
            let tier = match past.status.as_str() {
                proposal_status::WINNER => AwardTier::Winner,
                proposal_status::FINALIST => AwardTier::Finalist,
                _ => return None,
            };
            Some(PreviousAward {
                year: past.year,
                tier,
            })
        })
        .collect();
    if loaded.record.scope_region.is_nation() {
        awards.extend(registry.iter().filter_map(|award| {
            let event = award.event.to_lowercase();
            let national = ["kipp", "sinovik", "oapsi"]
                .iter()
                .any(|name| event.split_whitespace().any(|word| word == *name));
            let tier = AwardTier::parse(&award.rank)
                .or_else(|_| AwardTier::parse(&award.event))
                .ok()?;
            national.then_some(PreviousAward {
                year: award.year,
                tier,
            })
        }));
    }
    awards
}

fn check_attachments(input: &ProposalInput) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let mut seen = BTreeSet::new();
    for attachment in &input.attachments {
        let field = format!("attachments.{}", attachment.code);
        let url = attachment.url.trim();
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() > 2000 {
            errors.add(&field, "tautan lampiran harus alamat http(s) yang lengkap");
        }
        if !seen.insert(attachment.code.as_str()) {
            errors.add(&field, "lampiran ini disebut lebih dari sekali");
        }
    }
    errors
}

/// Builds and stores a proposal in the caller's transaction; shared by [`submit`] and the
/// promotion of provincial winners.
pub(crate) async fn insert(
    conn: &mut Conn,
    caller: &Caller,
    loaded: &Loaded,
    input: &ProposalInput,
    source: Option<Uuid>,
) -> ServiceResult<ProposalRecord> {
    let mut errors = FieldErrors::new();
    let Some(innovation_id) = input.innovation_id else {
        errors.add("innovation_id", "pilih inovasi yang diajukan");
        return Err(errors.into());
    };
    let innovation = innovations::get(conn, innovation_id)
        .await
        .map_err(|_| ServiceError::NotFound("inovasi"))?;
    if !caller
        .actor
        .can_write_innovation(&innovation.region.code, innovation.agency.id)
    {
        return Err(ServiceError::Forbidden(
            "hanya pengelola inovasi ini yang dapat mengajukannya".into(),
        ));
    }
    if !loaded.record.scope_region.covers(&innovation.region.code) {
        errors.add(
            "innovation_id",
            "inovasi ini berasal dari luar wilayah penyelenggara kompetisi",
        );
        return Err(errors.into());
    }
    let group = match Group::parse(&input.group) {
        Ok(group) => group,
        Err(message) => {
            errors.add("group", message);
            return Err(errors.into());
        }
    };
    let attachment_errors = check_attachments(input);
    let history = store::history_of_innovation(conn, innovation_id).await?;
    // Checked before inserting: on PostgreSQL a unique violation would abort the transaction
    // that promotes several winners at once.
    if history
        .iter()
        .any(|past| past.competition_id == loaded.id())
    {
        return Err(ServiceError::Conflict(
            "inovasi ini sudah diajukan pada kompetisi ini".into(),
        ));
    }
    let count =
        store::count_proposals(conn, loaded.id(), innovation.agency.id, group.code()).await?;
    let replicated = input
        .replicated_innovation
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned);
    let facts = ProposalFacts {
        group,
        category: input.category.trim().to_owned(),
        implementation_start: innovation.profile.implementation_date,
        replicated_innovation: replicated.clone(),
        previous_awards: previous_awards(loaded, &history, &innovation.awards),
        // No invitations are recorded yet: kelompok khusus is closed to every proposal.
        invited: false,
        instance_proposals_in_group: u32::try_from(count).unwrap_or(u32::MAX),
        sections: input
            .sections
            .iter()
            .map(|(code, text)| (code.clone(), text.trim().to_owned()))
            .filter(|(_, text)| !text.is_empty())
            .collect(),
        attachments: input
            .attachments
            .iter()
            .filter(|attachment| !attachment.url.trim().is_empty())
            .map(|attachment| attachment.code.clone())
            .collect(),
    };
    let mut all = match check_eligibility(&loaded.competition, &facts) {
        Ok(()) => FieldErrors::new(),
        Err(ineligible) => ineligible.to_field_errors(),
    };
    for (field, message) in attachment_errors.iter() {
        all.add(field, message);
    }
    if !all.is_empty() {
        return Err(all.into());
    }
    let snapshot = serde_json::to_string(&innovation).map_err(ServiceError::internal)?;
    let sections = serde_json::to_string(&facts.sections).map_err(ServiceError::internal)?;
    let attachments: Vec<AttachmentInput> = input
        .attachments
        .iter()
        .filter(|attachment| !attachment.url.trim().is_empty())
        .map(|attachment| AttachmentInput {
            code: attachment.code.clone(),
            url: attachment.url.trim().to_owned(),
        })
        .collect();
    let attachments = serde_json::to_string(&attachments).map_err(ServiceError::internal)?;
    let id = store::insert_proposal(
        conn,
        &NewProposal {
            competition_id: loaded.id(),
            innovation_id,
            region_code: &innovation.region.code,
            agency_id: innovation.agency.id,
            group_code: group.code(),
            category: &facts.category,
            title: &innovation.profile.name,
            replicated_innovation: replicated.as_deref(),
            snapshot: &snapshot,
            sections: &sections,
            attachments: &attachments,
            status: proposal_status::SUBMITTED,
            rejection_reasons: None,
            submitted_by: caller.user_id(),
            source_proposal_id: source,
        },
    )
    .await?;
    audit::record(
        conn,
        caller,
        "submit",
        "proposal",
        &id.to_string(),
        Some(innovation.region.code.as_str()),
        json!({
            "competition": loaded.id(),
            "innovation": innovation_id,
            "group": group.code(),
            "category": facts.category,
            "source_proposal": source,
        }),
    )
    .await?;
    Ok(store::get_proposal(conn, id).await?)
}

/// Submits a proposal while registration is open.
pub async fn submit(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    input: &ProposalInput,
) -> ServiceResult<ProposalView> {
    let mut tx = app.db.begin().await?;
    let loaded = load(&mut tx, competition).await?;
    require_registration_open(&loaded)?;
    let record = insert(&mut tx, caller, &loaded, input, None).await?;
    tx.commit().await?;
    view(record)
}

pub(crate) fn require_registration_open(loaded: &Loaded) -> ServiceResult<()> {
    let first = loaded.rounds.first().map(|round| round.kind.as_str());
    let checking_started = first
        .and_then(|kind| loaded.rounds.iter().find(|round| round.kind == kind))
        .is_some_and(|round| round.is_closed());
    let today = crate::clock::local_day(&loaded.record.scope_region, Utc::now());
    if !loaded.competition.takes_proposals(checking_started, today) {
        return Err(ServiceError::Conflict(format!(
            "pendaftaran proposal dibuka {} sampai {}",
            loaded.competition.registration_opens.format("%d-%m-%Y"),
            loaded.competition.registration_closes.format("%d-%m-%Y")
        )));
    }
    Ok(())
}

/// Who may read a proposal: the secretariat, those who manage the innovation, the jurors it
/// is assigned to, and everyone once it is on the public list of finalists.
pub(crate) async fn can_read(
    conn: &mut Conn,
    caller: &Caller,
    loaded: &Loaded,
    record: &ProposalRecord,
) -> ServiceResult<bool> {
    if loaded.is_secretariat(caller) || is_proposer(caller, record) || is_public(loaded, record) {
        return Ok(true);
    }
    let Some(user) = caller.user_id() else {
        return Ok(false);
    };
    for kind in [RoundKind::DeskEvaluation, RoundKind::Interview] {
        if store::assignments_of_juror(conn, loaded.id(), kind.code(), user)
            .await?
            .iter()
            .any(|assignment| assignment.proposal_id == record.id)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

pub(crate) fn is_proposer(caller: &Caller, record: &ProposalRecord) -> bool {
    caller
        .actor
        .can_write_innovation(&record.region_code, record.agency_id)
}

/// Finalists are public from the shortlist on, so that citizens can object.
pub(crate) fn is_public(loaded: &Loaded, record: &ProposalRecord) -> bool {
    loaded.is_closed(RoundKind::PanelShortlist)
        && matches!(
            record.status.as_str(),
            proposal_status::SHORTLISTED
                | proposal_status::FINALIST
                | proposal_status::WINNER
                | DISQUALIFIED
        )
}

pub async fn get(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    id: Uuid,
) -> ServiceResult<ProposalView> {
    let mut conn = app.db.read().await?;
    let record = store::get_proposal(&mut conn, id)
        .await
        .ok()
        .filter(|record| record.competition_id == competition)
        .ok_or(ServiceError::NotFound("proposal"))?;
    let loaded = load(&mut conn, record.competition_id).await?;
    if !can_read(&mut conn, caller, &loaded, &record).await? {
        return Err(ServiceError::NotFound("proposal"));
    }
    view(record)
}

/// The proposals of a competition the caller may see: all for the secretariat; their own
/// and those assigned to them for others; the public list of finalists for everyone.
pub async fn list(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    status: Option<&str>,
) -> ServiceResult<Vec<ProposalView>> {
    let mut conn = app.db.read().await?;
    let loaded = load(&mut conn, competition).await?;
    let records = store::list_proposals(&mut conn, competition, status).await?;
    let mut views = Vec::new();
    if loaded.is_secretariat(caller) {
        for record in records {
            views.push(view(record)?);
        }
        return Ok(views);
    }
    for record in records {
        if can_read(&mut conn, caller, &loaded, &record).await? {
            views.push(view(record)?);
        }
    }
    Ok(views)
}

/// The secretariat's administrative check of one proposal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInput {
    pub passed: bool,
    /// `RejectionReason` codes; at least one when rejecting.
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Passes or rejects a proposal while the administrative check runs; a decision may be
/// changed until the round closes.
pub async fn check(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    proposal: Uuid,
    input: &CheckInput,
) -> ServiceResult<ProposalView> {
    let mut tx = app.db.begin().await?;
    let record = store::get_proposal(&mut tx, proposal)
        .await
        .ok()
        .filter(|record| record.competition_id == competition)
        .ok_or(ServiceError::NotFound("proposal"))?;
    let loaded = load(&mut tx, record.competition_id).await?;
    loaded.require_secretariat(caller)?;
    loaded.require_current(RoundKind::AdministrativeCheck)?;
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|note| !note.is_empty())
        .map(str::to_owned);
    let (status, rejection) = if input.passed {
        (proposal_status::PASSED, None)
    } else {
        let mut errors = FieldErrors::new();
        let mut reasons = Vec::new();
        for code in &input.reasons {
            match RejectionReason::from_code(code) {
                Some(reason) => reasons.push(Rejection {
                    code: reason.code().to_owned(),
                    label: reason.label().to_owned(),
                }),
                None => errors.add(
                    "reasons",
                    format!("alasan \"{code}\" tidak ada dalam daftar"),
                ),
            }
        }
        if reasons.is_empty() && errors.is_empty() {
            errors.add("reasons", "pilih paling sedikit satu alasan penolakan");
        }
        if reasons
            .iter()
            .any(|r| r.code == RejectionReason::Other.code())
            && note.is_none()
        {
            errors.add("note", "jelaskan alasan \"Lainnya\" pada catatan");
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let record = RejectionRecord {
            reasons,
            note: note.clone(),
        };
        (
            proposal_status::REJECTED,
            Some(serde_json::to_string(&record).map_err(ServiceError::internal)?),
        )
    };
    store::set_proposal_status(&mut tx, proposal, status, rejection.as_deref()).await?;
    audit::record(
        &mut tx,
        caller,
        if input.passed { "pass" } else { "reject" },
        "proposal",
        &proposal.to_string(),
        Some(record.region_code.as_str()),
        json!({"from": record.status, "to": status, "reasons": input.reasons, "note": note}),
    )
    .await?;
    let record = store::get_proposal(&mut tx, proposal).await?;
    tx.commit().await?;
    view(record)
}

/// What promoting a provincial competition's winners did.
#[derive(Debug, Clone, Serialize)]
pub struct Promotion {
    pub created: Vec<ProposalView>,
    /// Winners that could not be proposed, with why.
    pub refused: Vec<Refusal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub proposal_id: Uuid,
    pub title: String,
    pub errors: BTreeMap<String, String>,
}

/// Proposes every winner of a provincial competition into a competition that covers it (the
/// national one) in one step: same innovation, group, category, sections and attachments,
/// the profile copied afresh, linked to the provincial proposal. Each is checked against the
/// national rules; those that fail are reported and the others go in. A winner promoted
/// before is skipped.
pub async fn promote_winners(
    app: &App,
    caller: &Caller,
    from: Uuid,
    to: Uuid,
) -> ServiceResult<Promotion> {
    let mut tx = app.db.begin().await?;
    let source = load(&mut tx, from).await?;
    let target = load(&mut tx, to).await?;
    source.require_secretariat(caller)?;
    if !source.is_closed(RoundKind::FinalDecision) {
        return Err(ServiceError::Conflict(
            "pemenang kompetisi asal belum ditetapkan".into(),
        ));
    }
    if from == to
        || !target
            .record
            .scope_region
            .covers(&source.record.scope_region)
    {
        return Err(ServiceError::BadInput(
            "kompetisi tujuan harus kompetisi di atas wilayah penyelenggara ini (nasional)".into(),
        ));
    }
    require_registration_open(&target)?;
    let winners = store::list_proposals(&mut tx, from, Some(proposal_status::WINNER)).await?;
    let mut promotion = Promotion {
        created: Vec::new(),
        refused: Vec::new(),
    };
    for winner in winners {
        if store::promoted_from(&mut tx, winner.id)
            .await?
            .iter()
            .any(|promoted| promoted.competition_id == to)
        {
            continue;
        }
        let input = ProposalInput {
            innovation_id: Some(winner.innovation_id),
            group: winner.group_code.clone(),
            category: winner.category.clone(),
            replicated_innovation: winner.replicated_innovation.clone(),
            sections: serde_json::from_str(&winner.sections).map_err(ServiceError::internal)?,
            attachments: serde_json::from_str(&winner.attachments)
                .map_err(ServiceError::internal)?,
        };
        match insert(&mut tx, caller, &target, &input, Some(winner.id)).await {
            Ok(record) => promotion.created.push(view(record)?),
            Err(ServiceError::Validation(errors)) => promotion.refused.push(Refusal {
                proposal_id: winner.id,
                title: winner.title.clone(),
                errors: errors.into_map(),
            }),
            Err(ServiceError::Forbidden(message)) | Err(ServiceError::Conflict(message)) => {
                promotion.refused.push(Refusal {
                    proposal_id: winner.id,
                    title: winner.title.clone(),
                    errors: BTreeMap::from([("proposal".to_owned(), message)]),
                })
            }
            Err(other) => return Err(other),
        }
    }
    tx.commit().await?;
    Ok(promotion)
}
