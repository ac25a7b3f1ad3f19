//! The jury: jurors and their affiliations, the conflict-free assignment of proposals,
//! declared conflicts (which reassign), and blind score sheets.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use lumbung_domain::FieldErrors;
use lumbung_domain::competition::{
    Affiliation, Assignment, ConflictWindow, Juror, ProposalOrigin, RoundKind, conflict_of,
    juror_total, reassign,
};
use lumbung_domain::region::RegionCode;
use lumbung_store::competitions::{self as store, NewAffiliation, NewScoreSheet, proposal_status};
use lumbung_store::{Conn, users};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::{Loaded, load};
use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// The rounds jurors score in.
pub(crate) fn scored(kind: RoundKind) -> bool {
    matches!(kind, RoundKind::DeskEvaluation | RoundKind::Interview)
}

/// Which proposals a scored round judges: those that passed the administrative check for the
/// desk evaluation, the finalists for the interview.
pub(crate) fn status_judged_in(kind: RoundKind) -> &'static str {
    match kind {
        RoundKind::Interview => proposal_status::FINALIST,
        _ => proposal_status::PASSED,
    }
}

/// Appoints a juror by user id or e-mail.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct JurorInput {
    #[serde(default)]
    pub user_id: Option<Uuid>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AffiliationInput {
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AffiliationView {
    pub region: Option<RegionCode>,
    /// The region's name (its code when it is not known).
    pub region_name: Option<String>,
    pub agency_id: Option<Uuid>,
    /// The agency's name (its id when it is not known).
    pub agency_name: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Where it comes from: `recorded` by the secretariat, or the user's `grant` (a role on a
    /// region or agency is belonging to it).
    pub source: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct JurorView {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub affiliations: Vec<AffiliationView>,
    /// Proposals assigned in the round now scored, if any.
    pub load: usize,
}

pub async fn add_juror(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    input: &JurorInput,
) -> ServiceResult<JurorView> {
    let mut tx = app.db.begin().await?;
    let loaded = load(&mut tx, competition).await?;
    loaded.require_secretariat(caller)?;
    let user = match (input.user_id, input.email.as_deref().map(str::trim)) {
        (Some(id), _) => users::get(&mut tx, id)
            .await
            .map_err(|_| ServiceError::NotFound("pengguna"))?,
        (None, Some(email)) if !email.is_empty() => {
            users::find_by_email(&mut tx, email).await?.ok_or_else(|| {
                FieldErrors::single(
                    "email",
                    "belum ada pengguna dengan surel ini; buatkan akunnya dulu",
                )
            })?
        }
        _ => return Err(FieldErrors::single("email", "isi surel calon juri").into()),
    };
    store::add_juror(&mut tx, competition, user.id).await?;
    audit::record(
        &mut tx,
        caller,
        "appoint",
        "juror",
        &user.id.to_string(),
        Some(loaded.scope()),
        json!({"competition": competition, "email": user.email}),
    )
    .await?;
    let view = juror_views(&mut tx, &loaded)
        .await?
        .into_iter()
        .find(|juror| juror.user_id == user.id)
        .ok_or(ServiceError::NotFound("juri"))?;
    tx.commit().await?;
    Ok(view)
}

/// Records where a juror works or worked (secretariat).
pub async fn add_affiliation(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    user: Uuid,
    input: &AffiliationInput,
) -> ServiceResult<JurorView> {
    let mut tx = app.db.begin().await?;
    let loaded = load(&mut tx, competition).await?;
    loaded.require_secretariat(caller)?;
    if !store::is_juror(&mut tx, competition, user).await? {
        return Err(ServiceError::NotFound("juri"));
    }
    let mut errors = FieldErrors::new();
    let region = match input.region.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => match RegionCode::parse(text) {
            Ok(code) => Some(code),
            Err(message) => {
                errors.add("region", message);
                None
            }
        },
        _ => None,
    };
    if region.is_none() && input.agency_id.is_none() && errors.is_empty() {
        errors.add("region", "isi wilayah atau instansi tempat juri bernaung");
    }
    if let (Some(from), Some(to)) = (input.from, input.to)
        && to < from
    {
        errors.add("to", "tanggal akhir sebelum tanggal mulai");
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    if let Some(region) = &region
        && !lumbung_store::regions::exists(&mut tx, region).await?
    {
        return Err(FieldErrors::single("region", "wilayah tidak dikenal").into());
    }
    if let Some(agency) = input.agency_id {
        lumbung_store::agencies::get(&mut tx, agency)
            .await
            .map_err(|_| FieldErrors::single("agency_id", "instansi tidak dikenal"))?;
    }
    store::add_affiliation(
        &mut tx,
        &NewAffiliation {
            user_id: user,
            region_code: region.as_ref(),
            agency_id: input.agency_id,
            from_on: input.from,
            to_on: input.to,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        caller,
        "add_affiliation",
        "juror",
        &user.to_string(),
        Some(loaded.scope()),
        json!({"competition": competition, "region": region, "agency": input.agency_id,
               "from": input.from, "to": input.to}),
    )
    .await?;
    let view = juror_views(&mut tx, &loaded)
        .await?
        .into_iter()
        .find(|juror| juror.user_id == user)
        .ok_or(ServiceError::NotFound("juri"))?;
    tx.commit().await?;
    Ok(view)
}

/// The jurors with their affiliations (secretariat).
pub async fn jurors(
    app: &App,
    caller: &Caller,
    competition: Uuid,
) -> ServiceResult<Vec<JurorView>> {
    let mut conn = app.db.read().await?;
    let loaded = load(&mut conn, competition).await?;
    loaded.require_secretariat(caller)?;
    juror_views(&mut conn, &loaded).await
}

async fn juror_views(conn: &mut Conn, loaded: &Loaded) -> ServiceResult<Vec<JurorView>> {
    let records = store::list_jurors(conn, loaded.id()).await?;
    let (jurors, sources) = domain_jurors(conn, loaded).await?;
    let round = loaded.current().filter(|kind| scored(*kind));
    let assignment = match round {
        Some(kind) => stored_assignment(conn, loaded.id(), kind).await?,
        None => Assignment::default(),
    };
    let loads = assignment.loads(&jurors);
    // The affiliations' names, in one query each rather than one per juror.
    let codes: Vec<RegionCode> = jurors
        .iter()
        .flat_map(|juror| juror.affiliations.iter())
        .filter_map(|affiliation| affiliation.region.clone())
        .collect();
    let ids: Vec<Uuid> = jurors
        .iter()
        .flat_map(|juror| juror.affiliations.iter())
        .filter_map(|affiliation| affiliation.agency_id)
        .collect();
    let region_names = lumbung_store::regions::names(conn, &codes).await?;
    let agency_names = lumbung_store::agencies::names(conn, &ids).await?;
    Ok(records
        .into_iter()
        .map(|record| {
            let juror = jurors.iter().find(|juror| juror.id == record.user_id);
            let affiliations = juror
                .map(|juror| {
                    juror
                        .affiliations
                        .iter()
                        .zip(sources.get(&juror.id).into_iter().flatten())
                        .map(|(affiliation, source)| AffiliationView {
                            region: affiliation.region.clone(),
                            region_name: affiliation.region.as_ref().map(|code| {
                                region_names
                                    .get(code)
                                    .cloned()
                                    .unwrap_or_else(|| code.to_string())
                            }),
                            agency_id: affiliation.agency_id,
                            agency_name: affiliation.agency_id.map(|id| {
                                agency_names
                                    .get(&id)
                                    .cloned()
                                    .unwrap_or_else(|| id.to_string())
                            }),
                            from: affiliation.from,
                            to: affiliation.to,
                            source,
                        })
                        .collect()
                })
                .unwrap_or_default();
            JurorView {
                user_id: record.user_id,
                name: record.name,
                email: record.email,
                affiliations,
                load: loads.get(&record.user_id).copied().unwrap_or(0),
            }
        })
        .collect())
}

type Sources = BTreeMap<Uuid, Vec<&'static str>>;

/// The competition's jurors as the domain sees them: recorded affiliations, the user's own
/// grants (a role on a region or agency is belonging to it, open-ended), and declared
/// conflicts.
async fn domain_jurors(conn: &mut Conn, loaded: &Loaded) -> ServiceResult<(Vec<Juror>, Sources)> {
    let records = store::list_jurors(conn, loaded.id()).await?;
    let affiliations = store::juror_affiliations(conn, loaded.id()).await?;
    let declared = store::list_declared_conflicts(conn, loaded.id()).await?;
    let mut jurors = Vec::new();
    let mut sources: Sources = BTreeMap::new();
    for record in records {
        let mut juror = Juror::new(record.user_id);
        let mut from = Vec::new();
        for affiliation in affiliations.iter().filter(|a| a.user_id == record.user_id) {
            juror.affiliations.push(Affiliation {
                region: affiliation.region_code.clone(),
                agency_id: affiliation.agency_id,
                from: affiliation.from_on,
                to: affiliation.to_on,
            });
            from.push("recorded");
        }
        for grant in users::grants(conn, record.user_id).await? {
            if grant.region.is_nation() && grant.agency_id.is_none() {
                continue;
            }
            juror.affiliations.push(Affiliation {
                region: (!grant.region.is_nation()).then_some(grant.region.clone()),
                agency_id: grant.agency_id,
                from: None,
                to: None,
            });
            from.push("grant");
        }
        juror.declared_conflicts = declared
            .iter()
            .filter(|conflict| conflict.user_id == record.user_id)
            .map(|conflict| conflict.proposal_id)
            .collect();
        sources.insert(record.user_id, from);
        jurors.push(juror);
    }
    Ok((jurors, sources))
}

pub(crate) async fn stored_assignment(
    conn: &mut Conn,
    competition: Uuid,
    kind: RoundKind,
) -> ServiceResult<Assignment> {
    let mut assignment = Assignment::default();
    for record in store::list_assignments(conn, competition, kind.code()).await? {
        assignment
            .jurors_by_proposal
            .entry(record.proposal_id)
            .or_default()
            .push(record.user_id);
    }
    Ok(assignment)
}

async fn origins(
    conn: &mut Conn,
    loaded: &Loaded,
    kind: RoundKind,
) -> ServiceResult<Vec<ProposalOrigin>> {
    Ok(
        store::list_proposals(conn, loaded.id(), Some(status_judged_in(kind)))
            .await?
            .into_iter()
            .map(|record| ProposalOrigin {
                id: record.id,
                title: record.title,
                region: record.region_code,
                agency_id: Some(record.agency_id),
            })
            .collect(),
    )
}

/// Assigns (or re-assigns, keeping the pairs still allowed) the proposals of the scored round
/// now running and stores the result.
async fn assign_current(
    conn: &mut Conn,
    loaded: &Loaded,
    kind: RoundKind,
) -> ServiceResult<Assignment> {
    let (jurors, _) = domain_jurors(conn, loaded).await?;
    let proposals = origins(conn, loaded, kind).await?;
    let previous = stored_assignment(conn, loaded.id(), kind).await?;
    let k = usize::try_from(loaded.competition.jury.jurors_per_proposal)
        .map_err(ServiceError::internal)?;
    let assignment = reassign(
        &previous,
        &proposals,
        &jurors,
        k,
        ConflictWindow::of(&loaded.competition),
    )
    .map_err(|error| ServiceError::Conflict(error.to_string()))?;
    let pairs: Vec<(Uuid, Uuid)> = assignment.pairs().collect();
    store::replace_assignments(conn, loaded.id(), kind.code(), &pairs).await?;
    // A sheet whose pair was dropped no longer counts.
    for sheet in store::score_sheets_for_round(conn, loaded.id(), kind.code()).await? {
        if !assignment.contains(sheet.proposal_id, sheet.user_id) {
            store::delete_score_sheet(conn, kind.code(), sheet.proposal_id, sheet.user_id).await?;
        }
    }
    Ok(assignment)
}

/// One proposal's jurors in a round.
#[derive(Debug, Clone, Serialize)]
pub struct AssignmentRow {
    pub proposal_id: Uuid,
    pub title: String,
    pub region_code: RegionCode,
    pub jurors: Vec<AssignedJuror>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssignedJuror {
    pub user_id: Uuid,
    pub name: String,
    /// Whether the juror has sent a sheet for it.
    pub scored: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssignmentView {
    pub round: RoundKind,
    pub rows: Vec<AssignmentRow>,
    /// Proposals per juror.
    pub loads: BTreeMap<Uuid, usize>,
}

/// Assigns the proposals of the scored round now running (secretariat).
pub async fn assign(
    app: &App,
    caller: &Caller,
    competition: Uuid,
) -> ServiceResult<AssignmentView> {
    let mut tx = app.db.begin().await?;
    let loaded = load(&mut tx, competition).await?;
    loaded.require_secretariat(caller)?;
    let kind = loaded
        .current()
        .filter(|kind| scored(*kind))
        .ok_or_else(|| {
            ServiceError::Conflict(
                "penugasan juri dibuat pada tahap penilaian proposal atau wawancara".into(),
            )
        })?;
    let assignment = assign_current(&mut tx, &loaded, kind).await?;
    audit::record(
        &mut tx,
        caller,
        "assign",
        "competition",
        &competition.to_string(),
        Some(loaded.scope()),
        json!({"round": kind.code(), "pairs": assignment.pairs().count()}),
    )
    .await?;
    let view = assignment_view(&mut tx, &loaded, kind, None).await?;
    tx.commit().await?;
    Ok(view)
}

/// The assignment of a round: all of it for the secretariat, a juror's own rows for a juror.
pub async fn assignments(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    round: RoundKind,
) -> ServiceResult<AssignmentView> {
    let mut conn = app.db.read().await?;
    let loaded = load(&mut conn, competition).await?;
    if loaded.is_secretariat(caller) {
        return assignment_view(&mut conn, &loaded, round, None).await;
    }
    let user = require_juror(&mut conn, caller, &loaded).await?;
    assignment_view(&mut conn, &loaded, round, Some(user)).await
}

async fn assignment_view(
    conn: &mut Conn,
    loaded: &Loaded,
    round: RoundKind,
    only: Option<Uuid>,
) -> ServiceResult<AssignmentView> {
    let assignment = stored_assignment(conn, loaded.id(), round).await?;
    let names: BTreeMap<Uuid, String> = store::list_jurors(conn, loaded.id())
        .await?
        .into_iter()
        .map(|juror| (juror.user_id, juror.name))
        .collect();
    let sheets: BTreeSet<(Uuid, Uuid)> =
        store::score_sheets_for_round(conn, loaded.id(), round.code())
            .await?
            .into_iter()
            .map(|sheet| (sheet.proposal_id, sheet.user_id))
            .collect();
    let proposals = store::list_proposals(conn, loaded.id(), None).await?;
    let mut rows = Vec::new();
    let mut loads: BTreeMap<Uuid, usize> = BTreeMap::new();
    for proposal in proposals {
        let jurors = assignment.jurors_of(proposal.id);
        if jurors.is_empty() || only.is_some_and(|user| !jurors.contains(&user)) {
            continue;
        }
        for juror in jurors {
            *loads.entry(*juror).or_default() += 1;
        }
        rows.push(AssignmentRow {
            proposal_id: proposal.id,
            title: proposal.title,
            region_code: proposal.region_code,
            // A juror sees who else judges the proposal only after the round closes.
            jurors: jurors
                .iter()
                .filter(|juror| only.is_none_or(|user| **juror == user) || loaded.is_closed(round))
                .map(|juror| AssignedJuror {
                    user_id: *juror,
                    name: names.get(juror).cloned().unwrap_or_default(),
                    scored: sheets.contains(&(proposal.id, *juror)),
                })
                .collect(),
        });
    }
    if only.is_some() {
        loads.clear();
    }
    Ok(AssignmentView { round, rows, loads })
}

pub(crate) async fn require_juror(
    conn: &mut Conn,
    caller: &Caller,
    loaded: &Loaded,
) -> ServiceResult<Uuid> {
    match caller.user_id() {
        Some(user) if store::is_juror(conn, loaded.id(), user).await? => Ok(user),
        _ => Err(ServiceError::Forbidden(
            "hanya juri kompetisi ini yang dapat melakukan ini".into(),
        )),
    }
}

/// A juror declares a conflict of interest on a proposal assigned to them: the declaration is
/// recorded, their sheet for it (if any) set aside, and the proposal reassigned.
pub async fn declare_conflict(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    proposal: Uuid,
    reason: &str,
) -> ServiceResult<AssignmentView> {
    let reason = reason.trim();
    if reason.chars().count() < 5 {
        return Err(FieldErrors::single("reason", "tuliskan alasan konflik kepentingan").into());
    }
    let mut tx = app.db.begin().await?;
    let loaded = load(&mut tx, competition).await?;
    let user = require_juror(&mut tx, caller, &loaded).await?;
    let kind = loaded
        .current()
        .filter(|kind| scored(*kind))
        .ok_or_else(|| ServiceError::Conflict("tidak ada tahap penilaian yang berjalan".into()))?;
    let assignment = stored_assignment(&mut tx, competition, kind).await?;
    if !assignment.contains(proposal, user) {
        return Err(ServiceError::NotFound("penugasan"));
    }
    store::declare_conflict(&mut tx, competition, user, proposal, reason).await?;
    store::delete_score_sheet(&mut tx, kind.code(), proposal, user).await?;
    assign_current(&mut tx, &loaded, kind).await?;
    audit::record(
        &mut tx,
        caller,
        "declare_conflict",
        "proposal",
        &proposal.to_string(),
        Some(loaded.scope()),
        json!({"competition": competition, "round": kind.code(), "reason": reason}),
    )
    .await?;
    let view = assignment_view(&mut tx, &loaded, kind, Some(user)).await?;
    tx.commit().await?;
    Ok(view)
}

/// A juror's scores of one proposal.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ScoreInput {
    pub scores: BTreeMap<String, Decimal>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetView {
    pub proposal_id: Uuid,
    pub juror_id: Uuid,
    pub juror_name: String,
    pub scores: BTreeMap<String, Decimal>,
    /// The weighted total, 0–100.
    pub total: Decimal,
    pub note: Option<String>,
    pub submitted_at: DateTime<Utc>,
}

/// Sends (or replaces) the caller's sheet for a proposal assigned to them in the round now
/// scored.
pub async fn score(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    proposal: Uuid,
    input: &ScoreInput,
) -> ServiceResult<SheetView> {
    let mut tx = app.db.begin().await?;
    let loaded = load(&mut tx, competition).await?;
    let user = require_juror(&mut tx, caller, &loaded).await?;
    let kind = loaded
        .current()
        .filter(|kind| scored(*kind))
        .ok_or_else(|| ServiceError::Conflict("tidak ada tahap penilaian yang berjalan".into()))?;
    let assignment = stored_assignment(&mut tx, competition, kind).await?;
    if !assignment.contains(proposal, user) {
        return Err(ServiceError::Forbidden(
            "proposal ini tidak ditugaskan kepada Anda".into(),
        ));
    }
    let total = juror_total(&loaded.competition.criteria, &input.scores)?;
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|note| !note.is_empty());
    if note.is_some_and(|note| note.chars().count() > 5000) {
        return Err(FieldErrors::single("note", "catatan paling banyak 5000 karakter").into());
    }
    let scores = serde_json::to_string(&input.scores).map_err(ServiceError::internal)?;
    store::upsert_score_sheet(
        &mut tx,
        &NewScoreSheet {
            competition_id: competition,
            round: kind.code(),
            proposal_id: proposal,
            user_id: user,
            scores: &scores,
            note,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        caller,
        "score",
        "proposal",
        &proposal.to_string(),
        Some(loaded.scope()),
        json!({"competition": competition, "round": kind.code(), "total": total}),
    )
    .await?;
    tx.commit().await?;
    Ok(SheetView {
        proposal_id: proposal,
        juror_id: user,
        juror_name: caller.name.clone(),
        scores: input.scores.clone(),
        total,
        note: note.map(str::to_owned),
        submitted_at: Utc::now(),
    })
}

/// The sheets of a round the caller may see: a juror only their own until the round closes,
/// then all of them; the secretariat all of them at any time.
pub async fn sheets(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    round: RoundKind,
) -> ServiceResult<Vec<SheetView>> {
    let mut conn = app.db.read().await?;
    let loaded = load(&mut conn, competition).await?;
    let only = if loaded.is_secretariat(caller) {
        None
    } else {
        let user = require_juror(&mut conn, caller, &loaded).await?;
        (!loaded.is_closed(round)).then_some(user)
    };
    let records = match only {
        Some(user) => {
            store::score_sheets_of_juror(&mut conn, competition, round.code(), user).await?
        }
        None => store::score_sheets_for_round(&mut conn, competition, round.code()).await?,
    };
    let names: BTreeMap<Uuid, String> = store::list_jurors(&mut conn, competition)
        .await?
        .into_iter()
        .map(|juror| (juror.user_id, juror.name))
        .collect();
    records
        .into_iter()
        .map(|record| {
            let scores: BTreeMap<String, Decimal> =
                serde_json::from_str(&record.scores).map_err(ServiceError::internal)?;
            let total = juror_total(&loaded.competition.criteria, &scores)
                .map_err(ServiceError::internal)?;
            Ok(SheetView {
                proposal_id: record.proposal_id,
                juror_id: record.user_id,
                juror_name: names.get(&record.user_id).cloned().unwrap_or_default(),
                scores,
                total,
                note: record.note,
                submitted_at: record.submitted_at,
            })
        })
        .collect()
}

/// Checks a stored assignment against the conflict rules (the secretariat's audit view and
/// the tests): every (proposal, juror, reason) that would be a conflict now.
pub async fn conflicts_in_assignment(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    round: RoundKind,
) -> ServiceResult<Vec<(Uuid, Uuid, String)>> {
    let mut conn = app.db.read().await?;
    let loaded = load(&mut conn, competition).await?;
    loaded.require_secretariat(caller)?;
    let (jurors, _) = domain_jurors(&mut conn, &loaded).await?;
    let assignment = stored_assignment(&mut conn, competition, round).await?;
    let window = ConflictWindow::of(&loaded.competition);
    let proposals = store::list_proposals(&mut conn, competition, None).await?;
    let mut found = Vec::new();
    for (proposal, juror) in assignment.pairs() {
        let (Some(record), Some(juror)) = (
            proposals.iter().find(|p| p.id == proposal),
            jurors.iter().find(|j| j.id == juror),
        ) else {
            continue;
        };
        let origin = ProposalOrigin {
            id: record.id,
            title: record.title.clone(),
            region: record.region_code.clone(),
            agency_id: Some(record.agency_id),
        };
        if let Some(conflict) = conflict_of(juror, &origin, window) {
            found.push((proposal, juror.id, conflict.message()));
        }
    }
    Ok(found)
}
