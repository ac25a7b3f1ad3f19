//! Competitions with juries: set-up, rounds, proposals, jurors, assignments, scores,
//! objections, results; and the public verification of certificates.
//!
//! Bodies and answers are the service's types; the OpenAPI document describes them as
//! objects and names their fields in each operation's description.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use chrono::NaiveDate;
use lumbung_service::competitions::jury::{
    self, AffiliationInput, AssignmentView, JurorInput, JurorView, ScoreInput, SheetView,
};
use lumbung_service::competitions::objections::{
    self, ObjectionInput, ObjectionView, ResolutionInput,
};
use lumbung_service::competitions::proposals::{
    self, CheckInput, Promotion, ProposalInput, ProposalView,
};
use lumbung_service::competitions::results::{self, CertificateView, Results};
use lumbung_service::competitions::rounds::{self, RoundResult, ShortlistInput, SlotInput};
use lumbung_service::competitions::{self, CompetitionSummary, CompetitionView, RoundState};
use lumbung_service::domain::competition::{CompetitionSetup, RoundKind};
use lumbung_service::domain::region::RegionCode;
use lumbung_service::store::competitions::InterviewSlot;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::{ApiJson, ApiQuery};
use crate::auth::Auth;
use crate::error::{ApiResult, bad_request};
use crate::state::AppState;

fn round_kind(code: &str) -> ApiResult<RoundKind> {
    RoundKind::from_code(code).ok_or_else(|| bad_request(format!("tahap \"{code}\" tidak dikenal")))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Only competitions organised in this region's subtree (`ID` for all).
    pub scope: Option<String>,
}

/// Every competition, newest year first (public).
#[utoipa::path(get, path = "/competitions", tag = "competitions", params(ListQuery),
    responses((status = 200, description = "id, scope, name, year, status of each competition")))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<Vec<CompetitionSummary>>> {
    let scope = query
        .scope
        .as_deref()
        .map(RegionCode::parse)
        .transpose()
        .map_err(bad_request)?;
    Ok(Json(competitions::list(state.app(), scope.as_ref()).await?))
}

/// Sets up a competition (an admin of its scope). The body is the whole set-up: name, year,
/// scope, registration_opens/closes, groups, categories, sections (word limits), attachments,
/// criteria (weights), rounds (dates, top_n), weights (desk/interview), jury rules.
#[utoipa::path(post, path = "/competitions", tag = "competitions",
    request_body(content = Object, description = "CompetitionSetup"),
    responses((status = 201, description = "The competition with its rounds"), (status = 422, description = "Invalid set-up, with a message per field")))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(setup): ApiJson<CompetitionSetup>,
) -> ApiResult<(axum::http::StatusCode, Json<CompetitionView>)> {
    let caller = auth.signed_in()?;
    let view = competitions::create(state.app(), caller, setup).await?;
    Ok((axum::http::StatusCode::CREATED, Json(view)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct TemplateQuery {
    pub scope: String,
    pub name: String,
    pub year: i32,
    pub registration_opens: NaiveDate,
    pub registration_closes: NaiveDate,
}

/// The KIPP default set-up, to edit and send to `POST /competitions` (public).
#[utoipa::path(get, path = "/competitions/template", tag = "competitions", params(TemplateQuery),
    responses((status = 200, description = "A CompetitionSetup with KIPP's groups, categories, sections, criteria and rounds")))]
pub async fn template(
    ApiQuery(query): ApiQuery<TemplateQuery>,
) -> ApiResult<Json<CompetitionSetup>> {
    let scope = RegionCode::parse(&query.scope).map_err(bad_request)?;
    Ok(Json(CompetitionSetup::kipp(
        &query.name,
        query.year,
        scope,
        query.registration_opens,
        query.registration_closes,
    )))
}

/// A competition with its set-up and rounds (public).
#[utoipa::path(get, path = "/competitions/{id}", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The competition"), (status = 404, description = "No such competition")))]
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CompetitionView>> {
    Ok(Json(competitions::get(state.app(), id).await?))
}

/// Replaces the set-up (secretariat), until the first round closes.
#[utoipa::path(put, path = "/competitions/{id}", tag = "competitions", params(("id" = Uuid, Path)),
    request_body(content = Object, description = "CompetitionSetup"),
    responses((status = 200, description = "The competition"), (status = 409, description = "A round is closed already")))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(setup): ApiJson<CompetitionSetup>,
) -> ApiResult<Json<CompetitionView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        competitions::update(state.app(), caller, id, setup).await?,
    ))
}

/// The rounds in order with their dates, whether closed, and which is current (public).
#[utoipa::path(get, path = "/competitions/{id}/rounds", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, description = "kind, label, opens_on, closes_on, top_n, closed_at, current")))]
pub async fn rounds(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<RoundState>>> {
    Ok(Json(competitions::get(state.app(), id).await?.rounds))
}

/// Closes the round now running and freezes its result (secretariat).
#[utoipa::path(post, path = "/competitions/{id}/rounds/{kind}/close", tag = "competitions",
    params(("id" = Uuid, Path), ("kind" = String, Path, description = "administrative_check, desk_evaluation, panel_shortlist, public_objection, interview, final_decision, published")),
    responses((status = 200, description = "The competition after closing"), (status = 409, description = "Not the current round, or work left (undecided proposals, missing score sheets, open objections)")))]
pub async fn close_round(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, kind)): Path<(Uuid, String)>,
) -> ApiResult<Json<CompetitionView>> {
    let caller = auth.signed_in()?;
    let kind = round_kind(&kind)?;
    Ok(Json(rounds::close(state.app(), caller, id, kind).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReasonBody {
    pub reason: String,
}

/// Reopens the last closed round to change its result (admin, with a reason; audited).
#[utoipa::path(post, path = "/competitions/{id}/rounds/{kind}/reopen", tag = "competitions",
    params(("id" = Uuid, Path), ("kind" = String, Path)), request_body = ReasonBody,
    responses((status = 200, description = "The competition after reopening"), (status = 422, description = "No reason given")))]
pub async fn reopen_round(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, kind)): Path<(Uuid, String)>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> ApiResult<Json<CompetitionView>> {
    let caller = auth.signed_in()?;
    let kind = round_kind(&kind)?;
    Ok(Json(
        rounds::reopen(state.app(), caller, id, kind, &body.reason).await?,
    ))
}

/// A closed round's frozen result (secretariat and jurors).
#[utoipa::path(get, path = "/competitions/{id}/rounds/{kind}/result", tag = "competitions",
    params(("id" = Uuid, Path), ("kind" = String, Path)),
    responses((status = 200, description = "The frozen result, tagged by `round`; null while open")))]
pub async fn round_result(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, kind)): Path<(Uuid, String)>,
) -> ApiResult<Json<Option<RoundResult>>> {
    let caller = auth.signed_in()?;
    let kind = round_kind(&kind)?;
    Ok(Json(
        rounds::round_result(state.app(), caller, id, kind).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ProposalQuery {
    /// submitted, rejected, passed, shortlisted, finalist, winner, disqualified
    pub status: Option<String>,
}

/// The proposals the caller may see: all for the secretariat, their own or assigned ones for
/// others, the finalists for the public.
#[utoipa::path(get, path = "/competitions/{id}/proposals", tag = "competitions",
    params(("id" = Uuid, Path), ProposalQuery),
    responses((status = 200, description = "Proposals with title, region, agency, group, category, status, sections, attachments, snapshot, rejection")))]
pub async fn list_proposals(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiQuery(query): ApiQuery<ProposalQuery>,
) -> ApiResult<Json<Vec<ProposalView>>> {
    Ok(Json(
        proposals::list(state.app(), &auth.caller, id, query.status.as_deref()).await?,
    ))
}

/// Submits a proposal from a registry innovation while registration is open: innovation_id,
/// group, category, replicated_innovation, sections {code: text}, attachments [{code, url}].
#[utoipa::path(post, path = "/competitions/{id}/proposals", tag = "competitions",
    params(("id" = Uuid, Path)), request_body(content = Object, description = "ProposalInput"),
    responses((status = 201, description = "The proposal"), (status = 422, description = "Not eligible, or word limits exceeded, with a message per field"), (status = 409, description = "Registration closed, or already proposed")))]
pub async fn submit(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ProposalInput>,
) -> ApiResult<(axum::http::StatusCode, Json<ProposalView>)> {
    let caller = auth.signed_in()?;
    let view = proposals::submit(state.app(), caller, id, &input).await?;
    Ok((axum::http::StatusCode::CREATED, Json(view)))
}

/// One proposal, for those who may see it.
#[utoipa::path(get, path = "/competitions/{id}/proposals/{proposal}", tag = "competitions",
    params(("id" = Uuid, Path), ("proposal" = Uuid, Path)),
    responses((status = 200, description = "The proposal"), (status = 404, description = "Unknown or not visible")))]
pub async fn get_proposal(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, proposal)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<ProposalView>> {
    Ok(Json(
        proposals::get(state.app(), &auth.caller, id, proposal).await?,
    ))
}

/// The administrative check of a proposal (secretariat): passed, or reasons (codes:
/// implementation_too_recent, incomplete_proposal, irrelevant_answers, duplicate_title,
/// group_requirements, quota_exceeded, other) and a note.
#[utoipa::path(post, path = "/competitions/{id}/proposals/{proposal}/check", tag = "competitions",
    params(("id" = Uuid, Path), ("proposal" = Uuid, Path)), request_body(content = Object, description = "CheckInput"),
    responses((status = 200, description = "The proposal after the check")))]
pub async fn check(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, proposal)): Path<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<CheckInput>,
) -> ApiResult<Json<ProposalView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        proposals::check(state.app(), caller, id, proposal, &input).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PromotionBody {
    /// The competition to propose into (the national one).
    pub to: Uuid,
}

/// Proposes this (provincial) competition's winners into a competition covering it, in one
/// step (secretariat of this competition).
#[utoipa::path(post, path = "/competitions/{id}/promotions", tag = "competitions",
    params(("id" = Uuid, Path)), request_body = PromotionBody,
    responses((status = 200, description = "created proposals and refused winners with reasons")))]
pub async fn promote(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<PromotionBody>,
) -> ApiResult<Json<Promotion>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        proposals::promote_winners(state.app(), caller, id, body.to).await?,
    ))
}

/// The jurors with their affiliations and current load (secretariat).
#[utoipa::path(get, path = "/competitions/{id}/jurors", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, description = "user_id, name, email, affiliations, load")))]
pub async fn list_jurors(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<JurorView>>> {
    let caller = auth.signed_in()?;
    Ok(Json(jury::jurors(state.app(), caller, id).await?))
}

/// Appoints a juror by user_id or email (secretariat).
#[utoipa::path(post, path = "/competitions/{id}/jurors", tag = "competitions", params(("id" = Uuid, Path)),
    request_body(content = Object, description = "JurorInput: user_id or email"),
    responses((status = 200, description = "The juror")))]
pub async fn add_juror(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<JurorInput>,
) -> ApiResult<Json<JurorView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        jury::add_juror(state.app(), caller, id, &input).await?,
    ))
}

/// Records where a juror works or worked: region and/or agency_id, from, to (secretariat).
#[utoipa::path(post, path = "/competitions/{id}/jurors/{user}/affiliations", tag = "competitions",
    params(("id" = Uuid, Path), ("user" = Uuid, Path)), request_body(content = Object, description = "AffiliationInput"),
    responses((status = 200, description = "The juror with the affiliation")))]
pub async fn add_affiliation(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, user)): Path<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<AffiliationInput>,
) -> ApiResult<Json<JurorView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        jury::add_affiliation(state.app(), caller, id, user, &input).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RoundQuery {
    /// desk_evaluation (default) or interview
    pub round: Option<String>,
}

fn scored_round(query: &RoundQuery) -> ApiResult<RoundKind> {
    round_kind(query.round.as_deref().unwrap_or("desk_evaluation"))
}

/// A round's assignment: all of it for the secretariat, a juror's own for a juror.
#[utoipa::path(get, path = "/competitions/{id}/assignments", tag = "competitions",
    params(("id" = Uuid, Path), RoundQuery),
    responses((status = 200, description = "rows of proposal_id, title, region_code, jurors; loads per juror")))]
pub async fn assignments(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiQuery(query): ApiQuery<RoundQuery>,
) -> ApiResult<Json<AssignmentView>> {
    let caller = auth.signed_in()?;
    let round = scored_round(&query)?;
    Ok(Json(
        jury::assignments(state.app(), caller, id, round).await?,
    ))
}

/// Assigns the proposals of the scored round now running to jurors: k per proposal, never a
/// conflicted juror, balanced load; pairs already made are kept (secretariat).
#[utoipa::path(post, path = "/competitions/{id}/assignments", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The assignment"), (status = 409, description = "Too few conflict-free jurors, or no scored round running")))]
pub async fn assign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AssignmentView>> {
    let caller = auth.signed_in()?;
    Ok(Json(jury::assign(state.app(), caller, id).await?))
}

/// A juror declares a conflict of interest on a proposal assigned to them; it is reassigned.
#[utoipa::path(post, path = "/competitions/{id}/assignments/{proposal}/conflict", tag = "competitions",
    params(("id" = Uuid, Path), ("proposal" = Uuid, Path)), request_body = ReasonBody,
    responses((status = 200, description = "The juror's assignment after reassignment")))]
pub async fn declare_conflict(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, proposal)): Path<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> ApiResult<Json<AssignmentView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        jury::declare_conflict(state.app(), caller, id, proposal, &body.reason).await?,
    ))
}

/// Score sheets of a round: a juror's own until the round closes, then all; the
/// secretariat's all.
#[utoipa::path(get, path = "/competitions/{id}/scores", tag = "competitions",
    params(("id" = Uuid, Path), RoundQuery),
    responses((status = 200, description = "proposal_id, juror_id, juror_name, scores, total, note")))]
pub async fn scores(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiQuery(query): ApiQuery<RoundQuery>,
) -> ApiResult<Json<Vec<SheetView>>> {
    let caller = auth.signed_in()?;
    let round = scored_round(&query)?;
    Ok(Json(jury::sheets(state.app(), caller, id, round).await?))
}

/// A juror's sheet for a proposal assigned to them: scores {criterion: 0–100}, note.
#[utoipa::path(put, path = "/competitions/{id}/scores/{proposal}", tag = "competitions",
    params(("id" = Uuid, Path), ("proposal" = Uuid, Path)), request_body(content = Object, description = "ScoreInput"),
    responses((status = 200, description = "The sheet with its weighted total"), (status = 422, description = "A criterion missing or out of range")))]
pub async fn score(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, proposal)): Path<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<ScoreInput>,
) -> ApiResult<Json<SheetView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        jury::score(state.app(), caller, id, proposal, &input).await?,
    ))
}

/// The panel's shortlist: the desk Top N, or `proposals` chosen by the panel (secretariat).
#[utoipa::path(post, path = "/competitions/{id}/shortlist", tag = "competitions",
    params(("id" = Uuid, Path)), request_body(content = Object, description = "ShortlistInput"),
    responses((status = 200, description = "The shortlisted proposal ids")))]
pub async fn shortlist(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ShortlistInput>,
) -> ApiResult<Json<Vec<Uuid>>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        rounds::shortlist(state.app(), caller, id, &input).await?,
    ))
}

/// The interview schedule (public once the finalists are known).
#[utoipa::path(get, path = "/competitions/{id}/interviews", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, description = "proposal_id, starts_at, ends_at, place")))]
pub async fn interviews(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<InterviewSlot>>> {
    Ok(Json(rounds::interview_slots(state.app(), id).await?))
}

/// Sets interview slots for finalists; slots may not overlap (secretariat).
#[utoipa::path(put, path = "/competitions/{id}/interviews", tag = "competitions",
    params(("id" = Uuid, Path)), request_body(content = Object, description = "[SlotInput]"),
    responses((status = 200, description = "The whole schedule")))]
pub async fn schedule(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(slots): ApiJson<Vec<SlotInput>>,
) -> ApiResult<Json<Vec<InterviewSlot>>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        rounds::schedule(state.app(), caller, id, &slots).await?,
    ))
}

/// Objections: in full for the secretariat; without names and contacts for others.
#[utoipa::path(get, path = "/competitions/{id}/objections", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, description = "id, proposal_id, text, status, resolution")))]
pub async fn list_objections(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<ObjectionView>>> {
    Ok(Json(objections::list(state.app(), &auth.caller, id).await?))
}

/// Files an objection against a finalist during the objection window (anyone): proposal_id,
/// name, contact, text.
#[utoipa::path(post, path = "/competitions/{id}/objections", tag = "competitions",
    params(("id" = Uuid, Path)), request_body(content = Object, description = "ObjectionInput"),
    responses((status = 201, description = "The objection"), (status = 409, description = "The objection window is not open"),
        (status = 429, description = "Without an account: more than 10 objections from one address in an hour")))]
pub async fn file_objection(
    State(state): State<AppState>,
    auth: Auth,
    extensions: axum::http::Extensions,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ObjectionInput>,
) -> ApiResult<(axum::http::StatusCode, Json<ObjectionView>)> {
    let client = crate::auth::client_key(&extensions);
    let view = objections::file(state.app(), &auth.caller, &client, id, &input).await?;
    Ok((axum::http::StatusCode::CREATED, Json(view)))
}

/// Resolves an objection: upheld (the finalist is set aside) or not, with the resolution
/// (secretariat).
#[utoipa::path(post, path = "/competitions/{id}/objections/{objection}/resolution", tag = "competitions",
    params(("id" = Uuid, Path), ("objection" = Uuid, Path)), request_body(content = Object, description = "ResolutionInput"),
    responses((status = 200, description = "The resolved objection")))]
pub async fn resolve_objection(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, objection)): Path<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<ResolutionInput>,
) -> ApiResult<Json<ObjectionView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        objections::resolve(state.app(), caller, id, objection, &input).await?,
    ))
}

/// Results: winners, the overall ranking and the ranking per group and category (public once
/// published; the secretariat from the final decision on).
#[utoipa::path(get, path = "/competitions/{id}/results", tag = "competitions", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The results"), (status = 404, description = "Not published yet")))]
pub async fn results(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Results>> {
    Ok(Json(results::results(state.app(), &auth.caller, id).await?))
}

/// Verifies a certificate's code (public).
#[utoipa::path(get, path = "/certificates/{code}", tag = "competitions", params(("code" = String, Path)),
    responses((status = 200, description = "What the certificate certifies, and whether it is still valid"), (status = 404, description = "Unknown code")))]
pub async fn verify_certificate(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> ApiResult<Json<CertificateView>> {
    Ok(Json(results::verify(state.app(), &code).await?))
}

/// The site's own address as the request reached it, for the QR code on a certificate.
pub(crate) fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            host.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let scheme = if state.config().secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// The certificate as a PDF with its code and QR (public).
#[utoipa::path(get, path = "/certificates/{code}/pdf", tag = "competitions", params(("code" = String, Path)),
    responses((status = 200, description = "application/pdf"), (status = 404, description = "Unknown code")))]
pub async fn certificate_pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let base = base_url(&state, &headers);
    let pdf = results::certificate_pdf(state.app(), &code, &base).await?;
    let code = results::normalise_code(&code);
    Ok(crate::api::reports::pdf_response(
        pdf,
        "inline",
        &format!("piagam-{code}.pdf"),
    ))
}
