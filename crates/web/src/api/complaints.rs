//! Complaints (pengaduan): public filing and tracking, officers' intake, steps and lists, the
//! escalation job, the calendar and SLA rules, theme links, and the resolution ratio that
//! feeds index indicator 29.
//!
//! Bodies and answers are the service's types; the OpenAPI document describes the larger
//! ones as objects and names their fields in each operation's description.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use lumbung_service::assessments::IndexFeed;
use lumbung_service::complaints::calendar::{self, HolidayInput, SlaRuleInput};
use lumbung_service::complaints::challenge::{self, Challenge};
use lumbung_service::complaints::ratio::{self, RatioReport};
use lumbung_service::complaints::themes::{self, Problems, RegionThemes, ThemeLinkInput};
use lumbung_service::complaints::{
    self, ComplaintSummary, ComplaintView, Escalation, Filed, ListQuery, Proof, ReporterAction,
    StepInput, TrackedComplaint,
};
use lumbung_service::domain::complaint::ComplaintInput;
use lumbung_service::domain::region::RegionCode;
use lumbung_service::store::complaints::{HolidayRecord, SlaRuleRecord};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::{ApiJson, ApiQuery};
use crate::auth::{self, Auth};
use crate::error::{ApiResult, bad_request};
use crate::state::AppState;

/// A question for the public form's challenge: show `question`, send `token` back with the
/// answer.
#[utoipa::path(get, path = "/complaints/challenge", tag = "complaints",
    responses((status = 200, body = Challenge)))]
pub async fn new_challenge(State(state): State<AppState>) -> ApiResult<Json<Challenge>> {
    Ok(Json(challenge::issue(state.app()).await?))
}

#[derive(Debug, Deserialize)]
pub struct PublicFiling {
    #[serde(flatten)]
    pub complaint: ComplaintInput,
    #[serde(flatten)]
    pub proof: Proof,
}

/// Files a complaint, no account needed: category (an affair code), tags, region_code,
/// agency_id?, subject, description, reporter_name?, reporter_email?, reporter_phone?,
/// anonymous, and the challenge's `challenge_token` and `challenge_answer`. Answers the
/// tracking number and the PIN that lets the reporter close or reopen it. Attachments are
/// taken by the form at `/pengaduan`.
#[utoipa::path(post, path = "/complaints", tag = "complaints",
    request_body(content = Object, description = "ComplaintInput with challenge_token and challenge_answer"),
    responses((status = 201, body = Filed), (status = 422, description = "Field errors"),
        (status = 429, description = "Too many filings from this address")))]
pub async fn file(
    State(state): State<AppState>,
    extensions: axum::http::Extensions,
    ApiJson(body): ApiJson<PublicFiling>,
) -> ApiResult<(StatusCode, Json<Filed>)> {
    let filed = complaints::file(
        state.app(),
        &body.complaint,
        Vec::new(),
        &body.proof,
        &auth::client_key(&extensions),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(filed)))
}

#[derive(Debug, Deserialize)]
pub struct Intake {
    #[serde(flatten)]
    pub complaint: ComplaintInput,
    /// When it reached the government; now when absent.
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
}

/// An officer enters a complaint received elsewhere: the fields of a filing with its
/// `channel` (whatsapp, sms, phone, email, letter, web) and `received_at`.
#[utoipa::path(post, path = "/complaints/intake", tag = "complaints",
    request_body(content = Object, description = "ComplaintInput with channel and received_at"),
    responses((status = 201, body = Filed), (status = 403, description = "Not an officer of the region")))]
pub async fn intake(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<Intake>,
) -> ApiResult<(StatusCode, Json<Filed>)> {
    let caller = auth.signed_in()?;
    let filed = complaints::intake(state.app(), caller, &body.complaint, body.received_at).await?;
    Ok((StatusCode::CREATED, Json(filed)))
}

/// Complaints the caller handles (admins and verifiers of a region, operators of an agency),
/// newest first, with their deadlines and overdue stage.
#[utoipa::path(get, path = "/complaints", tag = "complaints", params(ListQuery),
    responses((status = 200, description = "id, tracking_number, subject, category, region_name, agency_name, status, received_at, verify_by, follow_up_by, overdue, escalated")))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<Vec<ComplaintSummary>>> {
    let caller = auth.signed_in()?;
    Ok(Json(complaints::list(state.app(), caller, &query).await?))
}

/// A complaint with its timeline, attachments, deadlines, and the steps the caller may take.
#[utoipa::path(get, path = "/complaints/{id}", tag = "complaints", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The complaint"), (status = 404, description = "Unknown or not the caller's")))]
pub async fn get(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ComplaintView>> {
    let caller = auth.signed_in()?;
    Ok(Json(complaints::get(state.app(), caller, id).await?))
}

/// Takes a step: `step` (verify, reject, assign, start, answer, close) with `reason` and
/// `duplicate_of` for a rejection, `agency_id` for an assignment, `answer` for an answer, an
/// optional `note`, and optionally the `innovation_id` the complaint is about.
#[utoipa::path(post, path = "/complaints/{id}/steps", tag = "complaints", params(("id" = Uuid, Path)),
    request_body = StepInput,
    responses((status = 200, description = "The complaint"), (status = 409, description = "Not possible in its status")))]
pub async fn take_step(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<StepInput>,
) -> ApiResult<Json<ComplaintView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        complaints::take_step(state.app(), caller, id, &input).await?,
    ))
}

/// An attachment's file (officers who may read the complaint).
#[utoipa::path(get, path = "/complaints/attachments/{id}", tag = "complaints", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The file"), (status = 404, description = "Unknown or not visible")))]
pub async fn attachment(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let caller = auth.signed_in()?;
    let (record, bytes) = complaints::attachment(state.app(), caller, id).await?;
    let safe_name: String = record
        .file_name
        .chars()
        .filter(|c| c.is_alphanumeric() || ".-_ ".contains(*c))
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, record.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe_name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A complaint's public record by its tracking number, as typed (`adu-2026-123` works): the
/// status, deadlines and timeline (`details` false). Numbers run in sequence, so the subject,
/// the answer and the notes need the reporter's PIN: `POST …/details`.
#[utoipa::path(get, path = "/complaints/track/{number}", tag = "complaints", params(("number" = String, Path)),
    responses((status = 200, body = TrackedComplaint), (status = 404, description = "No such number")))]
pub async fn track(
    State(state): State<AppState>,
    Path(number): Path<String>,
) -> ApiResult<Json<TrackedComplaint>> {
    Ok(Json(complaints::track(state.app(), &number, None).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PinInput {
    pub pin: String,
}

/// The whole public record of a complaint for its reporter, with the PIN given at filing:
/// also the subject, the answer and the timeline's notes. Never the identity or the
/// description. Ten wrong PINs per complaint per hour.
#[utoipa::path(post, path = "/complaints/track/{number}/details", tag = "complaints",
    params(("number" = String, Path)), request_body = PinInput,
    responses((status = 200, body = TrackedComplaint), (status = 422, description = "Wrong PIN"),
        (status = 429, description = "Too many wrong PINs")))]
pub async fn track_details(
    State(state): State<AppState>,
    Path(number): Path<String>,
    ApiJson(input): ApiJson<PinInput>,
) -> ApiResult<Json<TrackedComplaint>> {
    Ok(Json(
        complaints::track(state.app(), &number, Some(&input.pin)).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReporterInput {
    /// `close` (accept the answer) or `reopen` (within 14 days of the answer or closing).
    pub action: ReporterAction,
    pub pin: String,
    /// Why it is reopened (required to reopen).
    #[serde(default)]
    pub note: Option<String>,
}

/// The reporter, with the PIN given at filing, closes or reopens the complaint.
#[utoipa::path(post, path = "/complaints/track/{number}/actions", tag = "complaints",
    params(("number" = String, Path)), request_body = ReporterInput,
    responses((status = 200, body = TrackedComplaint), (status = 409, description = "Not possible now, or the window has passed"),
        (status = 422, description = "Wrong PIN or missing reason")))]
pub async fn reporter_action(
    State(state): State<AppState>,
    Path(number): Path<String>,
    ApiJson(input): ApiJson<ReporterInput>,
) -> ApiResult<Json<TrackedComplaint>> {
    Ok(Json(
        complaints::reporter_action(
            state.app(),
            &number,
            &input.pin,
            input.action,
            input.note.as_deref(),
        )
        .await?,
    ))
}

/// Runs the escalation job now (national admins; the server also runs it on a timer):
/// every complaint late on a deadline goes to its parent region's admins, once per stage.
#[utoipa::path(post, path = "/complaints/escalations", tag = "complaints",
    responses((status = 200, description = "tracking_number, stage, to")))]
pub async fn escalate(
    State(state): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<Vec<Escalation>>> {
    auth.signed_in()?.require_national_admin()?;
    Ok(Json(complaints::escalate_overdue(state.app()).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RatioParams {
    pub region: String,
    /// The index year; complaints of the year before count.
    pub year: i32,
}

fn region_of(text: &str) -> ApiResult<RegionCode> {
    RegionCode::parse(text).map_err(bad_request)
}

/// The complaint-resolution ratio (indicator 29) of a region for an index year: overall, per
/// agency and per innovation, with levels (admins and verifiers of the region).
#[utoipa::path(get, path = "/complaints/ratios", tag = "complaints", params(RatioParams),
    responses((status = 200, description = "region, index_year, complaint_year, overall, agencies, innovations")))]
pub async fn ratios(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<RatioParams>,
) -> ApiResult<Json<RatioReport>> {
    let caller = auth.signed_in()?;
    let region = region_of(&params.region)?;
    Ok(Json(
        ratio::report(state.app(), caller, &region, params.year).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct FeedInput {
    pub region: String,
    pub year: i32,
    /// One innovation; every innovation of the region when absent.
    #[serde(default)]
    pub innovation_id: Option<Uuid>,
}

/// Writes indicator 29 of the region's innovations from the ratios, with the ratio as
/// accepted evidence, and recomputes the index (admins of the region).
#[utoipa::path(post, path = "/complaints/ratios/feed", tag = "complaints", request_body = FeedInput,
    responses((status = 200, description = "region, year, indicator, level, skipped per innovation")))]
pub async fn feed(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<FeedInput>,
) -> ApiResult<Json<Vec<IndexFeed>>> {
    let caller = auth.signed_in()?;
    let region = region_of(&input.region)?;
    Ok(Json(
        ratio::feed(
            state.app(),
            caller,
            &region,
            input.year,
            input.innovation_id,
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ThemeParams {
    pub region: String,
}

/// A region's complaint themes: recurring ones with no innovation yet, and the links to the
/// innovations that answer themes (admins and verifiers of the region).
#[utoipa::path(get, path = "/complaints/themes", tag = "complaints", params(ThemeParams),
    responses((status = 200, description = "region, since_days, min_count, unanswered, links")))]
pub async fn region_themes(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<ThemeParams>,
) -> ApiResult<Json<RegionThemes>> {
    let caller = auth.signed_in()?;
    let region = region_of(&params.region)?;
    Ok(Json(themes::of_region(state.app(), caller, &region).await?))
}

/// Links a theme (region_code, category, tag?) to the innovation that answers it.
#[utoipa::path(post, path = "/complaints/themes", tag = "complaints", request_body = ThemeLinkInput,
    responses((status = 201, description = "{id}")))]
pub async fn link_theme(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<ThemeLinkInput>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let caller = auth.signed_in()?;
    let id = themes::link(state.app(), caller, &input).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

#[utoipa::path(delete, path = "/complaints/themes/{id}", tag = "complaints", params(("id" = Uuid, Path)),
    responses((status = 204, description = "Removed")))]
pub async fn unlink_theme(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let caller = auth.signed_in()?;
    themes::unlink(state.app(), caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The problems an innovation answers: complaint themes linked to it and the forum
/// agreements it carries out (public).
#[utoipa::path(get, path = "/innovations/{id}/problems", tag = "complaints", params(("id" = Uuid, Path)),
    responses((status = 200, description = "themes, agreements")))]
pub async fn problems(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Problems>> {
    Ok(Json(themes::problems_of(state.app(), id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct YearParams {
    pub year: i32,
}

/// Days off of a year: national holidays, cuti bersama and regional holidays (public).
#[utoipa::path(get, path = "/complaints/holidays", tag = "complaints", params(YearParams),
    responses((status = 200, description = "id, date, kind, name, region")))]
pub async fn holidays(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<YearParams>,
) -> ApiResult<Json<Vec<HolidayRecord>>> {
    Ok(Json(calendar::holidays(state.app(), params.year).await?))
}

/// Adds a day off: national ones (national admins) or a regional one (the region's admins).
#[utoipa::path(post, path = "/complaints/holidays", tag = "complaints", request_body = HolidayInput,
    responses((status = 201, description = "{id}")))]
pub async fn add_holiday(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<HolidayInput>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let caller = auth.signed_in()?;
    let id = calendar::add_holiday(state.app(), caller, &input).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

#[utoipa::path(delete, path = "/complaints/holidays/{id}", tag = "complaints", params(("id" = Uuid, Path)),
    responses((status = 204, description = "Removed")))]
pub async fn delete_holiday(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let caller = auth.signed_in()?;
    calendar::delete_holiday(state.app(), caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Working-day rules per category and region (public); LAPOR!'s 3 + 5 apply where none
/// matches.
#[utoipa::path(get, path = "/complaints/sla-rules", tag = "complaints",
    responses((status = 200, description = "id, category, region, rule {verification_days, follow_up_days}")))]
pub async fn sla_rules(State(state): State<AppState>) -> ApiResult<Json<Vec<SlaRuleRecord>>> {
    Ok(Json(calendar::sla_rules(state.app()).await?))
}

/// Sets the rule of a category and/or region, replacing one of the same scope.
#[utoipa::path(put, path = "/complaints/sla-rules", tag = "complaints", request_body = SlaRuleInput,
    responses((status = 200, description = "{id}")))]
pub async fn put_sla_rule(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<SlaRuleInput>,
) -> ApiResult<Json<Value>> {
    let caller = auth.signed_in()?;
    let id = calendar::put_sla_rule(state.app(), caller, &input).await?;
    Ok(Json(json!({ "id": id })))
}

#[utoipa::path(delete, path = "/complaints/sla-rules/{id}", tag = "complaints", params(("id" = Uuid, Path)),
    responses((status = 204, description = "Removed")))]
pub async fn delete_sla_rule(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let caller = auth.signed_in()?;
    calendar::delete_sla_rule(state.app(), caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
