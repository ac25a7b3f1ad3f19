//! The jurors' pages: the proposals assigned to the caller in the scored round now running,
//! and each proposal beside its scoring form (a score 0–100 per criterion with its weight, and
//! a note), with the form declaring a conflict of interest below. Scoring is blind: while the
//! round runs a juror sees only their own sheet; once it closes, every juror's sheet of the
//! proposal.

use std::collections::BTreeMap;
use std::str::FromStr;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Form, Router};
use lumbung_service::competitions::jury::{self, SheetView};
use lumbung_service::competitions::{self, CompetitionView, proposals};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::competition::RoundKind;
use lumbung_service::{App, Caller, ServiceError, ServiceResult};
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

use super::manage::{
    DynField, ProposalShown, base, dyn_summary, failed, is_juror, parse_id, proposal_shown,
    score_text, shown_on_page,
};
use crate::auth::Auth;
use crate::pages::forms::{FormFields, optional};
use crate::pages::{
    Choice, Field, Layout, OrPage, PageResult, SignedIn, check_csrf, page_error, render, see_other,
};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/kelola/kompetisi/{id}/penilaian", get(list))
        .route(
            "/kelola/kompetisi/{id}/penilaian/{pid}",
            get(show).post(score),
        )
        .route(
            "/kelola/kompetisi/{id}/penilaian/{pid}/konflik",
            post(declare_conflict),
        )
}

const JURORS_ONLY: &str = "hanya juri kompetisi ini yang dapat membuka halaman penilaian";

/// The scored round the pages are about: the one asked for (`?tahap=`), else the one now
/// running, else the last one closed. `true` while it runs.
fn scored_round(view: &CompetitionView, asked: &str) -> Option<(RoundKind, bool)> {
    let scored = |kind: RoundKind| matches!(kind, RoundKind::DeskEvaluation | RoundKind::Interview);
    let state = |kind: RoundKind| {
        view.rounds
            .iter()
            .find(|round| round.kind == kind)
            .map(|round| (kind, round.current))
    };
    if let Some(kind) = RoundKind::from_code(asked.trim()).filter(|kind| scored(*kind)) {
        return state(kind);
    }
    if let Some(kind) = view.current_round.filter(|kind| scored(*kind)) {
        return Some((kind, true));
    }
    view.rounds
        .iter()
        .rev()
        .find(|round| scored(round.kind) && round.closed_at.is_some())
        .map(|round| (round.kind, false))
}

/// The caller as a juror of the competition, or the page refusing them.
async fn require_juror(app: &App, auth: &Auth, caller: &Caller, id: Uuid) -> PageResult<Uuid> {
    match caller.user_id() {
        Some(user) if is_juror(app, caller, id).await.or_page(auth)? => Ok(user),
        _ => Err(page_error(
            auth,
            &ServiceError::Forbidden(JURORS_ONLY.into()),
        )),
    }
}

fn scoring_href(id: Uuid, proposal: Uuid, kind: RoundKind, running: bool) -> String {
    if running {
        format!("{}/penilaian/{proposal}", base(id))
    } else {
        format!("{}/penilaian/{proposal}?tahap={}", base(id), kind.code())
    }
}

// ---------------------------------------------------------------------------------------------
// The list.

pub struct AssignedRow {
    pub title: String,
    pub href: String,
    pub region: String,
    pub scored: bool,
}

#[derive(Template)]
#[template(path = "kelola_kompetisi_penilaian.html")]
pub struct ListPage {
    pub layout: Layout,
    pub name: String,
    pub base: String,
    pub notice: String,
    pub round: String,
    pub running: bool,
    pub rows: Vec<AssignedRow>,
    pub scored: usize,
    pub secretariat: bool,
    pub other_rounds: Vec<Choice>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoundQuery {
    pub tahap: String,
    pub hasil: String,
}

/// `GET /kelola/kompetisi/{id}/penilaian`: the proposals assigned to the caller.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<RoundQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let app = state.app();
    let view = competitions::get(app, id).await.or_page(&auth)?;
    let user = require_juror(app, &auth, caller, id).await?;
    let round = scored_round(&view, &query.tahap);
    let mut rows = Vec::new();
    if let Some((kind, running)) = round {
        let assignment = jury::assignments(app, caller, id, kind)
            .await
            .or_page(&auth)?;
        let proposals = proposals::list(app, caller, id, None)
            .await
            .or_page(&auth)?;
        for row in assignment.rows {
            let Some(mine) = row.jurors.iter().find(|juror| juror.user_id == user) else {
                continue;
            };
            rows.push(AssignedRow {
                href: scoring_href(id, row.proposal_id, kind, running),
                region: proposals
                    .iter()
                    .find(|p| p.id == row.proposal_id)
                    .map_or_else(|| row.region_code.to_string(), |p| p.region_name.clone()),
                title: row.title,
                scored: mine.scored,
            });
        }
    }
    let (round_label, running) = match round {
        Some((kind, running)) => (kind.label().to_owned(), running),
        None => (String::new(), false),
    };
    let other_rounds = view
        .rounds
        .iter()
        .filter(|r| matches!(r.kind, RoundKind::DeskEvaluation | RoundKind::Interview))
        .filter(|r| r.closed_at.is_some() || r.current)
        .filter(|r| round.is_none_or(|(kind, _)| kind != r.kind))
        .map(|r| Choice {
            value: format!("{}/penilaian?tahap={}", base(id), r.kind.code()),
            label: r.label.to_owned(),
            selected: false,
        })
        .collect();
    let page = ListPage {
        layout: Layout::new(&auth, "kompetisi", format!("Penilaian — {}", view.name)),
        name: view.name.clone(),
        base: base(id),
        notice: match query.hasil.trim() {
            "konflik" => "Konflik kepentingan dicatat. Proposal itu dialihkan kepada juri lain dan tidak lagi ada di daftar Anda.".to_owned(),
            _ => String::new(),
        },
        round: round_label,
        running,
        scored: rows.iter().filter(|row| row.scored).count(),
        rows,
        secretariat: view.is_secretariat(caller),
        other_rounds,
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------------------------------------------------------------------------------------------
// One proposal beside its scoring form.

pub struct SheetScore {
    pub criterion: String,
    pub score: String,
}

/// A juror's sheet as shown after the round closed.
pub struct SheetShown {
    pub juror: String,
    pub total: String,
    pub scores: Vec<SheetScore>,
    pub note: String,
}

#[derive(Template)]
#[template(path = "kelola_kompetisi_nilai.html")]
pub struct ScorePage {
    pub layout: Layout,
    pub name: String,
    pub base: String,
    pub round: String,
    pub running: bool,
    pub notice: String,
    pub action: String,
    pub conflict_action: String,
    pub message: String,
    pub summary: Vec<Choice>,
    pub criteria: Vec<DynField>,
    pub note: Field,
    pub saved: String,
    pub reason: Field,
    pub conflict_message: String,
    pub sheets: Vec<SheetShown>,
    pub proposal: ProposalShown,
}

/// What was typed in the scoring form: a text per criterion code, and the note.
#[derive(Debug, Clone, Default)]
struct ScoreValues {
    scores: BTreeMap<String, String>,
    note: String,
}

enum Failure {
    Score {
        values: ScoreValues,
        error: ServiceError,
    },
    Conflict {
        reason: String,
        error: ServiceError,
    },
}

fn sheet_shown(view: &CompetitionView, sheet: &SheetView) -> SheetShown {
    SheetShown {
        juror: sheet.juror_name.clone(),
        total: score_text(sheet.total),
        scores: view
            .setup
            .criteria
            .iter()
            .map(|criterion| SheetScore {
                criterion: criterion.name.clone(),
                score: sheet
                    .scores
                    .get(&criterion.code)
                    .map(|score| score_text(*score))
                    .unwrap_or_default(),
            })
            .collect(),
        note: sheet.note.clone().unwrap_or_default(),
    }
}

/// A score as the form shows it again: as short as it is exact, with a decimal point (the
/// number input's own notation).
fn score_value(score: Decimal) -> String {
    score.normalize().to_string()
}

async fn score_page(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    id: Uuid,
    proposal: Uuid,
    query: &RoundQuery,
    failure: Option<Failure>,
) -> PageResult {
    let view = competitions::get(app, id).await.or_page(auth)?;
    let user = require_juror(app, auth, caller, id).await?;
    let Some((kind, running)) = scored_round(&view, &query.tahap) else {
        return Err(page_error(
            auth,
            &ServiceError::Conflict("belum ada tahap penilaian yang berjalan".into()),
        ));
    };
    let assignment = jury::assignments(app, caller, id, kind)
        .await
        .or_page(auth)?;
    let assigned = assignment.rows.iter().any(|row| {
        row.proposal_id == proposal && row.jurors.iter().any(|juror| juror.user_id == user)
    });
    if !assigned {
        return Err(page_error(
            auth,
            &ServiceError::Forbidden("proposal ini tidak ditugaskan kepada Anda".into()),
        ));
    }
    let shown = proposals::get(app, caller, id, proposal)
        .await
        .or_page(auth)?;
    let sheets: Vec<SheetView> = jury::sheets(app, caller, id, kind)
        .await
        .or_page(auth)?
        .into_iter()
        .filter(|sheet| sheet.proposal_id == proposal)
        .collect();
    let own = sheets.iter().find(|sheet| sheet.juror_id == user);
    let (status, message, errors, values, reason, conflict_failure) = match failure {
        None => {
            let values = ScoreValues {
                scores: own
                    .map(|sheet| {
                        sheet
                            .scores
                            .iter()
                            .map(|(code, score)| (code.clone(), score_value(*score)))
                            .collect()
                    })
                    .unwrap_or_default(),
                note: own.and_then(|sheet| sheet.note.clone()).unwrap_or_default(),
            };
            (
                StatusCode::OK,
                String::new(),
                FieldErrors::new(),
                values,
                String::new(),
                None,
            )
        }
        Some(Failure::Score { values, error }) => {
            let failed = failed(&error);
            (
                failed.status,
                format!("Nilai belum disimpan. {}", failed.message),
                failed.errors,
                values,
                String::new(),
                None,
            )
        }
        Some(Failure::Conflict { reason, error }) => {
            let failed = failed(&error);
            (
                failed.status,
                String::new(),
                FieldErrors::new(),
                ScoreValues::default(),
                reason,
                Some((
                    format!("Konflik kepentingan belum dicatat. {}", failed.message),
                    failed.errors,
                )),
            )
        }
    };
    let criteria: Vec<DynField> = view
        .setup
        .criteria
        .iter()
        .map(|criterion| {
            DynField::new(
                format!("scores.{}", criterion.code),
                &criterion.name,
                values
                    .scores
                    .get(&criterion.code)
                    .cloned()
                    .unwrap_or_default(),
            )
            .required(true)
            .hint(format!(
                "Bobot {} %. Nilai 0 sampai 100.",
                crate::pages::index::weight_text(criterion.weight.normalize())
            ))
            .errors(&errors)
        })
        .collect();
    let note = Field::new("note", "Catatan penilaian", values.note.as_str())
        .hint("Tidak wajib. Catatan terlihat oleh juri lain dan sekretariat setelah tahap ditutup.")
        .errors(&errors);
    let mut all: Vec<&DynField> = criteria.iter().collect();
    let note_as_dyn = DynField {
        error: note.error.clone(),
        ..DynField::new("note", note.label, "")
    };
    all.push(&note_as_dyn);
    let summary = dyn_summary(&all, &errors);
    let (conflict_message, conflict_errors) = conflict_failure.unwrap_or_default();
    let page = ScorePage {
        layout: Layout::new(auth, "kompetisi", format!("Penilaian — {}", shown.title)),
        name: view.name.clone(),
        base: base(id),
        round: kind.label().to_owned(),
        running,
        notice: match query.hasil.trim() {
            "dinilai" if running => "Nilai disimpan. Anda dapat mengubahnya selama tahap ini berjalan.".to_owned(),
            _ => String::new(),
        },
        action: format!("{}/penilaian/{proposal}", base(id)),
        conflict_action: format!("{}/penilaian/{proposal}/konflik", base(id)),
        message,
        summary,
        criteria,
        note,
        saved: match own {
            Some(sheet) if running => format!(
                "Lembar penilaian Anda tersimpan: total {} (terakhir dikirim {}).",
                score_text(sheet.total),
                super::manage::day_text(&view, sheet.submitted_at)
            ),
            _ => String::new(),
        },
        reason: Field::new("reason", "Alasan konflik kepentingan", reason.as_str())
            .required()
            .hint("Mis. pernah bekerja di perangkat daerah pengusul, atau membimbing tim inovasi ini.")
            .errors(&conflict_errors),
        conflict_message,
        sheets: if running {
            Vec::new()
        } else {
            sheets.iter().map(|sheet| sheet_shown(&view, sheet)).collect()
        },
        proposal: proposal_shown(&shown, &view),
    };
    Ok(render(status, &page))
}

/// `GET /kelola/kompetisi/{id}/penilaian/{pid}`.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, proposal)): Path<(String, String)>,
    Query(query): Query<RoundQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let proposal = parse_id(&auth, &proposal, "proposal")?;
    score_page(state.app(), &auth, caller, id, proposal, &query, None).await
}

/// The scores typed, read as numbers (a decimal comma is read as a point); what cannot be
/// read is named per criterion.
fn score_input(values: &ScoreValues) -> ServiceResult<jury::ScoreInput> {
    let mut errors = FieldErrors::new();
    let mut scores = BTreeMap::new();
    for (code, text) in &values.scores {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match Decimal::from_str(&text.replace(',', ".")) {
            Ok(score) => {
                scores.insert(code.clone(), score);
            }
            Err(_) => errors.add(
                &format!("scores.{code}"),
                format!("\"{text}\" bukan angka; isi nilai 0 sampai 100"),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(jury::ScoreInput {
        scores,
        note: optional(&values.note),
    })
}

/// `POST /kelola/kompetisi/{id}/penilaian/{pid}`: sends (or replaces) the caller's sheet.
pub async fn score(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, proposal)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let proposal = parse_id(&auth, &proposal, "proposal")?;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let app = state.app();
    let values = ScoreValues {
        scores: fields
            .0
            .iter()
            .filter_map(|(key, value)| {
                Some((key.strip_prefix("scores.")?.to_owned(), value.clone()))
            })
            .collect(),
        note: fields.get("note").to_owned(),
    };
    let saved = match score_input(&values) {
        Ok(input) => jury::score(app, caller, id, proposal, &input).await,
        Err(error) => Err(error),
    };
    match saved {
        Ok(_) => Ok(see_other(&format!(
            "{}/penilaian/{proposal}?hasil=dinilai",
            base(id)
        ))),
        Err(error) if shown_on_page(&error) => {
            let failure = Failure::Score { values, error };
            score_page(
                app,
                &auth,
                caller,
                id,
                proposal,
                &RoundQuery::default(),
                Some(failure),
            )
            .await
        }
        Err(error) => Err(page_error(&auth, &error)),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConflictForm {
    pub csrf: String,
    pub reason: String,
}

/// `POST /kelola/kompetisi/{id}/penilaian/{pid}/konflik`: the proposal goes to another juror,
/// and the juror back to their list.
pub async fn declare_conflict(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, proposal)): Path<(String, String)>,
    Form(form): Form<ConflictForm>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let proposal = parse_id(&auth, &proposal, "proposal")?;
    check_csrf(&auth, &form.csrf)?;
    let app = state.app();
    match jury::declare_conflict(app, caller, id, proposal, &form.reason).await {
        Ok(_) => Ok(see_other(&format!("{}/penilaian?hasil=konflik", base(id)))),
        Err(error) if shown_on_page(&error) => {
            let failure = Failure::Conflict {
                reason: form.reason,
                error,
            };
            score_page(
                app,
                &auth,
                caller,
                id,
                proposal,
                &RoundQuery::default(),
                Some(failure),
            )
            .await
        }
        Err(error) => Err(page_error(&auth, &error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_read_with_a_point_or_a_comma() {
        let values = ScoreValues {
            scores: BTreeMap::from([
                ("kebaruan".to_owned(), "85,5".to_owned()),
                ("manfaat".to_owned(), " 70 ".to_owned()),
                ("efektivitas".to_owned(), "".to_owned()),
            ]),
            note: " ".into(),
        };
        let input = score_input(&values).unwrap();
        assert_eq!(input.scores["kebaruan"], Decimal::new(855, 1));
        assert_eq!(input.scores["manfaat"], Decimal::from(70));
        assert!(!input.scores.contains_key("efektivitas"));
        assert_eq!(input.note, None);
        let bad = ScoreValues {
            scores: BTreeMap::from([("kebaruan".to_owned(), "delapan".to_owned())]),
            note: String::new(),
        };
        let Err(ServiceError::Validation(errors)) = score_input(&bad) else {
            panic!("expected a validation error");
        };
        assert!(errors.get("scores.kebaruan").is_some());
        assert_eq!(score_value(Decimal::new(8550, 2)), "85.5");
    }
}
