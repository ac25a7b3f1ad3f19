//! Running the rounds: the panel's shortlist, the interview schedule, the final decision,
//! and closing each round, which freezes its result. Reopening a closed round needs an
//! admin's reason and is audited with the result it drops.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use lumbung_domain::FieldErrors;
use lumbung_domain::competition::{
    Basis, DeskScore, Disagreement, Group, RankEntry, Ranked, RoundKind, ScoreSheet, desk_scores,
    disagreements, missing_sheets, rank, top_n,
};
use lumbung_store::Conn;
use lumbung_store::competitions::{
    self as store, InterviewSlot, ProposalRecord, objection_status, proposal_status,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::jury::{status_judged_in, stored_assignment};
use super::proposals::DISQUALIFIED;
use super::{CompetitionView, Loaded, load, status};
use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// A scored round's frozen result: each proposal's score, the jurors' disagreements, and the
/// ranking (desk alone for the desk evaluation, desk and interview combined for the
/// interview).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScoredResult {
    pub scores: Vec<DeskScore>,
    pub disagreements: Vec<Disagreement>,
    pub ranking: Vec<Ranked>,
}

/// What closing a round froze.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "round", rename_all = "snake_case")]
pub enum RoundResult {
    AdministrativeCheck {
        passed: Vec<Uuid>,
        rejected: Vec<Uuid>,
    },
    DeskEvaluation(ScoredResult),
    PanelShortlist {
        shortlisted: Vec<Uuid>,
    },
    PublicObjection {
        finalists: Vec<Uuid>,
        disqualified: Vec<Uuid>,
    },
    Interview(ScoredResult),
    FinalDecision {
        winners: Vec<Ranked>,
    },
    Published {
        at: DateTime<Utc>,
    },
}

pub(crate) fn frozen(loaded: &Loaded, kind: RoundKind) -> ServiceResult<Option<RoundResult>> {
    loaded
        .round(kind)
        .and_then(|round| round.result.as_deref())
        .map(serde_json::from_str)
        .transpose()
        .map_err(ServiceError::internal)
}

fn sheets_of(records: Vec<store::ScoreSheetRecord>) -> ServiceResult<Vec<ScoreSheet>> {
    records
        .into_iter()
        .map(|record| {
            Ok(ScoreSheet {
                proposal: record.proposal_id,
                juror: record.user_id,
                scores: serde_json::from_str(&record.scores).map_err(ServiceError::internal)?,
            })
        })
        .collect()
}

fn entry(
    record: &ProposalRecord,
    desk: Decimal,
    interview: Option<Decimal>,
) -> ServiceResult<RankEntry> {
    Ok(RankEntry {
        proposal: record.id,
        group: Group::from_code(&record.group_code)
            .ok_or_else(|| ServiceError::internal(format!("group {}", record.group_code)))?,
        category: record.category.clone(),
        desk,
        interview,
        submitted_at: record.submitted_at,
    })
}

/// Scores a round from its sheets; refuses while a sheet is missing.
async fn score_round(
    conn: &mut Conn,
    loaded: &Loaded,
    kind: RoundKind,
) -> ServiceResult<ScoredResult> {
    let assignment = stored_assignment(conn, loaded.id(), kind).await?;
    let proposals = store::list_proposals(conn, loaded.id(), Some(status_judged_in(kind))).await?;
    if proposals.is_empty() {
        return Err(ServiceError::Conflict(
            "tidak ada proposal yang dinilai pada tahap ini".into(),
        ));
    }
    if let Some(unassigned) = proposals
        .iter()
        .find(|proposal| assignment.jurors_of(proposal.id).is_empty())
    {
        return Err(ServiceError::Conflict(format!(
            "proposal \"{}\" belum ditugaskan kepada juri",
            unassigned.title
        )));
    }
    let sheets = sheets_of(store::score_sheets_for_round(conn, loaded.id(), kind.code()).await?)?;
    let missing = missing_sheets(&assignment, &sheets);
    if !missing.is_empty() {
        return Err(ServiceError::Conflict(format!(
            "{} lembar penilaian belum dikirim juri; tahap belum dapat ditutup",
            missing.len()
        )));
    }
    let jury = &loaded.competition.jury;
    let scores = desk_scores(
        &loaded.competition.criteria,
        &sheets,
        jury.z_score_normalisation,
    )
    .map_err(ServiceError::internal)?;
    let found = disagreements(&scores, jury.disagreement_threshold);
    let entries = match kind {
        RoundKind::Interview => {
            let desk = match frozen(loaded, RoundKind::DeskEvaluation)? {
                Some(RoundResult::DeskEvaluation(result)) => result,
                _ => {
                    return Err(ServiceError::Conflict(
                        "hasil penilaian proposal belum dibekukan".into(),
                    ));
                }
            };
            proposals
                .iter()
                .map(|proposal| {
                    let desk_score = desk
                        .scores
                        .iter()
                        .find(|score| score.proposal == proposal.id)
                        .map(|score| score.score)
                        .unwrap_or_default();
                    entry(
                        proposal,
                        desk_score,
                        scores.get(&proposal.id).map(|score| score.score),
                    )
                })
                .collect::<ServiceResult<Vec<_>>>()?
        }
        _ => proposals
            .iter()
            .map(|proposal| {
                entry(
                    proposal,
                    scores
                        .get(&proposal.id)
                        .map(|score| score.score)
                        .unwrap_or_default(),
                    None,
                )
            })
            .collect::<ServiceResult<Vec<_>>>()?,
    };
    let basis = match kind {
        RoundKind::Interview => Basis::Combined(loaded.competition.weights),
        _ => Basis::Desk,
    };
    let ranking = rank(&entries, basis).map_err(ServiceError::internal)?;
    Ok(ScoredResult {
        scores: scores.into_values().collect(),
        disagreements: found,
        ranking,
    })
}

/// The panel's shortlist. Without a list, the Top N of the desk ranking; with one, the
/// panel's own choice among the proposals that passed (no more than N).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ShortlistInput {
    #[serde(default)]
    pub proposals: Option<Vec<Uuid>>,
}

pub async fn shortlist(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    input: &ShortlistInput,
) -> ServiceResult<Vec<Uuid>> {
    let mut tx = app.db.begin().await?;
    let loaded = load(&mut tx, competition).await?;
    loaded.require_secretariat(caller)?;
    loaded.require_current(RoundKind::PanelShortlist)?;
    let n = top_n_of(&loaded, RoundKind::PanelShortlist);
    let Some(RoundResult::DeskEvaluation(desk)) = frozen(&loaded, RoundKind::DeskEvaluation)?
    else {
        return Err(ServiceError::Conflict(
            "hasil penilaian proposal belum dibekukan".into(),
        ));
    };
    let chosen: Vec<Uuid> = match &input.proposals {
        None => top_n(&desk.ranking, n)
            .iter()
            .map(|place| place.proposal)
            .collect(),
        Some(list) => {
            let ranked: BTreeSet<Uuid> = desk.ranking.iter().map(|place| place.proposal).collect();
            let unique: BTreeSet<Uuid> = list.iter().copied().collect();
            if unique.len() != list.len() || list.iter().any(|id| !ranked.contains(id)) {
                return Err(FieldErrors::single(
                    "proposals",
                    "finalis harus proposal yang dinilai pada tahap penilaian proposal, masing-masing sekali",
                )
                .into());
            }
            if list.len() > n || list.is_empty() {
                return Err(FieldErrors::single(
                    "proposals",
                    format!("pilih 1 sampai {n} finalis"),
                )
                .into());
            }
            list.clone()
        }
    };
    let chosen_set: BTreeSet<Uuid> = chosen.iter().copied().collect();
    for place in &desk.ranking {
        let status = if chosen_set.contains(&place.proposal) {
            proposal_status::SHORTLISTED
        } else {
            proposal_status::PASSED
        };
        store::set_proposal_status(&mut tx, place.proposal, status, None).await?;
    }
    audit::record(
        &mut tx,
        caller,
        "shortlist",
        "competition",
        &competition.to_string(),
        Some(loaded.scope()),
        json!({"shortlisted": chosen, "by_panel": input.proposals.is_some()}),
    )
    .await?;
    tx.commit().await?;
    Ok(chosen)
}

fn top_n_of(loaded: &Loaded, kind: RoundKind) -> usize {
    loaded
        .competition
        .round(kind)
        .and_then(|round| round.top_n)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(usize::MAX)
}

/// One finalist's interview slot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SlotInput {
    pub proposal_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
}

/// One finalist's interview slot as a form gives it: the times are `datetime-local` values
/// (`2027-03-01T09:30`) read in the competition's own zone (WIB, WITA or WIT), so a Kaltara
/// secretariat schedules in WITA. Field errors come without the `slots.0.` prefix.
pub async fn schedule_local(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    proposal: Uuid,
    starts_at: &str,
    ends_at: &str,
    place: &str,
) -> ServiceResult<Vec<InterviewSlot>> {
    let zone = {
        let mut conn = app.db.read().await?;
        lumbung_domain::time::TimeZone::of(
            &store::get_competition(&mut conn, competition)
                .await?
                .scope_region,
        )
    };
    let mut errors = FieldErrors::new();
    let starts_at = zone.parse_input(starts_at);
    if starts_at.is_none() {
        errors.add("starts_at", "isi tanggal dan jam mulai");
    }
    let ends_at = zone.parse_input(ends_at);
    if ends_at.is_none() {
        errors.add("ends_at", "isi tanggal dan jam selesai");
    }
    if place.trim().is_empty() {
        errors.add("place", "isi tempat atau tautan rapat");
    }
    let (Some(starts_at), Some(ends_at), true) = (starts_at, ends_at, errors.is_empty()) else {
        return Err(errors.into());
    };
    let slot = SlotInput {
        proposal_id: proposal,
        starts_at,
        ends_at,
        place: place.to_owned(),
    };
    schedule(app, caller, competition, &[slot])
        .await
        .map_err(|error| match error {
            ServiceError::Validation(errors) => {
                let mut own = FieldErrors::new();
                for (field, message) in errors.iter() {
                    own.add(field.rsplit('.').next().unwrap_or(field), message);
                }
                ServiceError::Validation(own)
            }
            other => other,
        })
}

/// Sets interview slots (secretariat, while the interviews run). Slots may not overlap: one
/// panel hears one finalist at a time.
pub async fn schedule(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    slots: &[SlotInput],
) -> ServiceResult<Vec<InterviewSlot>> {
    let mut tx = app.db.begin().await?;
    let loaded = load(&mut tx, competition).await?;
    loaded.require_secretariat(caller)?;
    loaded.require_current(RoundKind::Interview)?;
    let finalists: BTreeSet<Uuid> =
        store::list_proposals(&mut tx, competition, Some(proposal_status::FINALIST))
            .await?
            .into_iter()
            .map(|proposal| proposal.id)
            .collect();
    let mut errors = FieldErrors::new();
    for (i, slot) in slots.iter().enumerate() {
        if !finalists.contains(&slot.proposal_id) {
            errors.add(
                &format!("slots.{i}.proposal_id"),
                "bukan finalis kompetisi ini",
            );
        }
        if slot.ends_at <= slot.starts_at {
            errors.add(
                &format!("slots.{i}.ends_at"),
                "waktu selesai harus setelah waktu mulai",
            );
        }
        if slot.place.trim().is_empty() {
            errors.add(&format!("slots.{i}.place"), "isi tempat atau tautan rapat");
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    for slot in slots {
        store::set_interview_slot(
            &mut tx,
            competition,
            &InterviewSlot {
                proposal_id: slot.proposal_id,
                starts_at: slot.starts_at,
                ends_at: slot.ends_at,
                place: slot.place.trim().to_owned(),
            },
        )
        .await?;
    }
    let all = store::list_interview_slots(&mut tx, competition).await?;
    if let Some(pair) = all
        .windows(2)
        .find(|pair| pair[1].starts_at < pair[0].ends_at)
    {
        return Err(ServiceError::Conflict(format!(
            "jadwal wawancara bertumpuk pada {}",
            pair[1].starts_at.format("%d-%m-%Y %H:%M UTC")
        )));
    }
    audit::record(
        &mut tx,
        caller,
        "schedule",
        "competition",
        &competition.to_string(),
        Some(loaded.scope()),
        json!({"slots": slots.len()}),
    )
    .await?;
    tx.commit().await?;
    Ok(all)
}

/// The interview schedule; public once the finalists are.
pub async fn interview_slots(app: &App, competition: Uuid) -> ServiceResult<Vec<InterviewSlot>> {
    let mut conn = app.db.read().await?;
    let loaded = load(&mut conn, competition).await?;
    if !loaded.is_closed(RoundKind::PublicObjection) {
        return Ok(Vec::new());
    }
    Ok(store::list_interview_slots(&mut conn, competition).await?)
}

/// Closes the round now running, if it is `kind`, and freezes its result. Each round's
/// closing has its own conditions (nothing left undecided, every sheet in, no open
/// objection) and effects on the proposals.
pub async fn close(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    kind: RoundKind,
) -> ServiceResult<CompetitionView> {
    let mut tx = app.db.begin().await?;
    let loaded = load(&mut tx, competition).await?;
    loaded.require_secretariat(caller)?;
    loaded.require_current(kind)?;
    let result = match kind {
        RoundKind::AdministrativeCheck => close_check(&mut tx, &loaded).await?,
        RoundKind::DeskEvaluation => {
            RoundResult::DeskEvaluation(score_round(&mut tx, &loaded, kind).await?)
        }
        RoundKind::PanelShortlist => {
            let shortlisted: Vec<Uuid> =
                store::list_proposals(&mut tx, competition, Some(proposal_status::SHORTLISTED))
                    .await?
                    .into_iter()
                    .map(|proposal| proposal.id)
                    .collect();
            if shortlisted.is_empty() {
                return Err(ServiceError::Conflict(
                    "tetapkan daftar finalis dulu sebelum menutup tahap ini".into(),
                ));
            }
            RoundResult::PanelShortlist { shortlisted }
        }
        RoundKind::PublicObjection => close_objections(&mut tx, &loaded).await?,
        RoundKind::Interview => RoundResult::Interview(score_round(&mut tx, &loaded, kind).await?),
        RoundKind::FinalDecision => close_final(&mut tx, &loaded).await?,
        RoundKind::Published => {
            if !loaded.is_closed(RoundKind::FinalDecision)
                && loaded.round(RoundKind::FinalDecision).is_some()
            {
                return Err(ServiceError::Conflict("pemenang belum ditetapkan".into()));
            }
            store::set_competition_status(&mut tx, competition, status::PUBLISHED).await?;
            RoundResult::Published { at: Utc::now() }
        }
    };
    let body = serde_json::to_string(&result).map_err(ServiceError::internal)?;
    store::close_round(
        &mut tx,
        competition,
        kind.code(),
        caller.user_id(),
        Some(&body),
    )
    .await?;
    audit::record(
        &mut tx,
        caller,
        "close_round",
        "competition",
        &competition.to_string(),
        Some(loaded.scope()),
        json!({"round": kind.code()}),
    )
    .await?;
    let loaded = load(&mut tx, competition).await?;
    let view = super::view(&mut tx, loaded).await?;
    tx.commit().await?;
    Ok(view)
}

async fn close_check(conn: &mut Conn, loaded: &Loaded) -> ServiceResult<RoundResult> {
    let proposals = store::list_proposals(conn, loaded.id(), None).await?;
    let undecided = proposals
        .iter()
        .filter(|proposal| proposal.status == proposal_status::SUBMITTED)
        .count();
    if undecided > 0 {
        return Err(ServiceError::Conflict(format!(
            "{undecided} proposal belum diperiksa; seleksi administrasi belum dapat ditutup"
        )));
    }
    let ids = |status: &str| {
        proposals
            .iter()
            .filter(|proposal| proposal.status == status)
            .map(|proposal| proposal.id)
            .collect::<Vec<_>>()
    };
    Ok(RoundResult::AdministrativeCheck {
        passed: ids(proposal_status::PASSED),
        rejected: ids(proposal_status::REJECTED),
    })
}

async fn close_objections(conn: &mut Conn, loaded: &Loaded) -> ServiceResult<RoundResult> {
    let open = store::list_objections(conn, loaded.id(), Some(objection_status::OPEN)).await?;
    if !open.is_empty() {
        return Err(ServiceError::Conflict(format!(
            "{} sanggahan belum ditindaklanjuti; uji publik belum dapat ditutup",
            open.len()
        )));
    }
    let mut finalists = Vec::new();
    for proposal in
        store::list_proposals(conn, loaded.id(), Some(proposal_status::SHORTLISTED)).await?
    {
        store::set_proposal_status(conn, proposal.id, proposal_status::FINALIST, None).await?;
        finalists.push(proposal.id);
    }
    let disqualified = store::list_proposals(conn, loaded.id(), Some(DISQUALIFIED))
        .await?
        .into_iter()
        .map(|proposal| proposal.id)
        .collect();
    Ok(RoundResult::PublicObjection {
        finalists,
        disqualified,
    })
}

async fn close_final(conn: &mut Conn, loaded: &Loaded) -> ServiceResult<RoundResult> {
    let ranking = match frozen(loaded, RoundKind::Interview)? {
        Some(RoundResult::Interview(result)) => result.ranking,
        _ => match frozen(loaded, RoundKind::DeskEvaluation)? {
            // A competition without interviews decides on the desk ranking.
            Some(RoundResult::DeskEvaluation(result))
                if loaded.round(RoundKind::Interview).is_none() =>
            {
                let finalists: BTreeSet<Uuid> =
                    store::list_proposals(conn, loaded.id(), Some(proposal_status::FINALIST))
                        .await?
                        .into_iter()
                        .map(|proposal| proposal.id)
                        .collect();
                result
                    .ranking
                    .into_iter()
                    .filter(|place| finalists.is_empty() || finalists.contains(&place.proposal))
                    .enumerate()
                    .map(|(i, place)| Ranked {
                        rank: i + 1,
                        ..place
                    })
                    .collect()
            }
            _ => {
                return Err(ServiceError::Conflict(
                    "hasil wawancara belum dibekukan".into(),
                ));
            }
        },
    };
    let n = top_n_of(loaded, RoundKind::FinalDecision);
    let winners: Vec<Ranked> = top_n(&ranking, n).to_vec();
    // A winner decided again after a reopening keeps the certificate it was issued.
    let certified: BTreeSet<Uuid> = store::list_certificates(conn, loaded.id())
        .await?
        .into_iter()
        .map(|certificate| certificate.proposal_id)
        .collect();
    for place in &winners {
        store::set_proposal_status(conn, place.proposal, proposal_status::WINNER, None).await?;
        if certified.contains(&place.proposal) {
            continue;
        }
        let award = if n == usize::MAX {
            format!("Pemenang peringkat {}", place.rank)
        } else {
            format!("Top {n}")
        };
        super::results::issue_certificate(conn, place.proposal, &award).await?;
    }
    Ok(RoundResult::FinalDecision { winners })
}

/// Reopens the last closed round, so that its result can be changed. Admins only, with a
/// reason of at least 20 characters; the audit entry keeps the reason and the dropped result.
/// The round's effects on proposals are undone where a later closing would redo them.
pub async fn reopen(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    kind: RoundKind,
    reason: &str,
) -> ServiceResult<CompetitionView> {
    let reason = reason.trim();
    if reason.chars().count() < 20 {
        return Err(FieldErrors::single(
            "reason",
            "tuliskan alasan membuka kembali tahap ini (paling sedikit 20 karakter)",
        )
        .into());
    }
    let mut tx = app.db.begin().await?;
    let loaded = load(&mut tx, competition).await?;
    loaded.require_secretariat(caller)?;
    let last_closed = loaded
        .rounds
        .iter()
        .rev()
        .find(|round| round.is_closed())
        .ok_or_else(|| ServiceError::Conflict("belum ada tahap yang ditutup".into()))?;
    if last_closed.kind != kind.code() {
        return Err(ServiceError::Conflict(format!(
            "hanya tahap terakhir yang ditutup yang dapat dibuka kembali: {}",
            RoundKind::from_code(&last_closed.kind).map_or("", RoundKind::label)
        )));
    }
    let dropped = last_closed.result.clone();
    match kind {
        RoundKind::PublicObjection => {
            for proposal in
                store::list_proposals(&mut tx, competition, Some(proposal_status::FINALIST)).await?
            {
                store::set_proposal_status(
                    &mut tx,
                    proposal.id,
                    proposal_status::SHORTLISTED,
                    None,
                )
                .await?;
            }
        }
        RoundKind::FinalDecision => {
            for proposal in
                store::list_proposals(&mut tx, competition, Some(proposal_status::WINNER)).await?
            {
                store::set_proposal_status(&mut tx, proposal.id, proposal_status::FINALIST, None)
                    .await?;
            }
            // Certificates stay on record; their verification page shows them withdrawn
            // until the decision is taken again.
        }
        RoundKind::Published => {
            store::set_competition_status(&mut tx, competition, status::RUNNING).await?;
        }
        _ => {}
    }
    store::reopen_round(&mut tx, competition, kind.code()).await?;
    audit::record(
        &mut tx,
        caller,
        "reopen_round",
        "competition",
        &competition.to_string(),
        Some(loaded.scope()),
        json!({
            "round": kind.code(),
            "reason": reason,
            "dropped_result": dropped.and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok()),
        }),
    )
    .await?;
    let loaded = load(&mut tx, competition).await?;
    let view = super::view(&mut tx, loaded).await?;
    tx.commit().await?;
    Ok(view)
}

/// A closed round's frozen result: the secretariat any time; jurors of a scored round after
/// it closed; the public only the published results (see `results`).
pub async fn round_result(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    kind: RoundKind,
) -> ServiceResult<Option<RoundResult>> {
    let mut conn = app.db.read().await?;
    let loaded = load(&mut conn, competition).await?;
    if !loaded.is_secretariat(caller) {
        super::jury::require_juror(&mut conn, caller, &loaded).await?;
    }
    frozen(&loaded, kind)
}

/// Scores by proposal from a frozen scored round, for the results page.
pub(crate) fn scores_by_proposal(result: &ScoredResult) -> BTreeMap<Uuid, Decimal> {
    result
        .scores
        .iter()
        .map(|score| (score.proposal, score.score))
        .collect()
}
