//! Replication: cases with their transitions, action items, mentoring, reports, documents
//! and sign-offs; programmes with their matrix, choices and monitoring; suggestions.
//!
//! Bodies and answers are the service's types; the OpenAPI document describes them as
//! objects and names their fields in each operation's description.

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use lumbung_service::domain::region::RegionCode;
use lumbung_service::domain::replication::{ActionItemInput, Suggestion};
use lumbung_service::replications::plans::{self, ItemView, ReportInput, SessionInput};
use lumbung_service::replications::programmes::{
    self, ChoiceInput, MonitoredCase, ProgrammeInput, ProgrammeSummary, ProgrammeView,
};
use lumbung_service::replications::{
    self, CaseInput, CaseQuery, CaseSummary, CaseView, DetailsInput, DocumentInput, SignOffOutcome,
    TransitionInput, matchmaking,
};
use lumbung_service::store::replications::{
    DocumentRecord, ReportRecord, SessionRecord, TransitionRecord,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::reports::pdf_response;
use crate::api::{ApiJson, ApiQuery};
use crate::auth::Auth;
use crate::error::{ApiResult, bad_request};
use crate::multipart::MultipartForm;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct CaseParams {
    pub programme: Option<Uuid>,
    pub innovation: Option<Uuid>,
    /// Cases whose owner or adopter lies in this region's subtree.
    pub region: Option<String>,
    /// interest, agreement, approval, implementation, done, rejected
    pub status: Option<String>,
}

/// Replication cases (public: who replicates what is public record).
#[utoipa::path(get, path = "/replications", tag = "replications", params(CaseParams),
    responses((status = 200, description = "id, innovation, owner and adopter regions, title, status, dates")))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<CaseParams>,
) -> ApiResult<Json<Vec<CaseSummary>>> {
    let query = CaseQuery {
        programme: params.programme,
        innovation: params.innovation,
        region: params.region,
        status: params.status,
    };
    Ok(Json(replications::list(state.app(), &query).await?))
}

/// Opens a case at `interest` (the adopter's admins): innovation_id, adopter_region,
/// adopter_agency_id, title, adaptation {aspects, description, reason}, opened_on.
#[utoipa::path(post, path = "/replications", tag = "replications",
    request_body(content = Object, description = "CaseInput"),
    responses((status = 201, description = "The case"), (status = 409, description = "The region already replicates the innovation")))]
pub async fn open(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<CaseInput>,
) -> ApiResult<(StatusCode, Json<CaseView>)> {
    let caller = auth.signed_in()?;
    Ok((
        StatusCode::CREATED,
        Json(replications::open(state.app(), caller, &input).await?),
    ))
}

/// A case: summary for everyone; documents, timeline notes and the caller's `sides` for the
/// parties.
#[utoipa::path(get, path = "/replications/{id}", tag = "replications", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The case"), (status = 404, description = "No such case")))]
pub async fn get(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(
        replications::get(state.app(), &auth.caller, id).await?,
    ))
}

/// Edits an open case: title, adopter_agency_id, adaptation (the adopter).
#[utoipa::path(put, path = "/replications/{id}", tag = "replications", params(("id" = Uuid, Path)),
    request_body(content = Object, description = "DetailsInput"),
    responses((status = 200, description = "The case"), (status = 409, description = "The case is closed")))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<DetailsInput>,
) -> ApiResult<Json<CaseView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        replications::update_details(state.app(), caller, id, &input).await?,
    ))
}

/// The case's timeline (the parties).
#[utoipa::path(get, path = "/replications/{id}/transitions", tag = "replications", params(("id" = Uuid, Path)),
    responses((status = 200, description = "step, from_status, to_status, note, actor, taken_on")))]
pub async fn transitions(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<TransitionRecord>>> {
    Ok(Json(
        replications::get(state.app(), &auth.caller, id)
            .await?
            .transitions,
    ))
}

/// Takes a step: step (agree, approve, implement, finish, reject), reason (required to
/// reject), on (the day it happened).
#[utoipa::path(post, path = "/replications/{id}/transitions", tag = "replications",
    params(("id" = Uuid, Path)), request_body(content = Object, description = "TransitionInput"),
    responses((status = 200, description = "The case after the step"), (status = 409, description = "Out of order, or the case is closed"), (status = 422, description = "A reason or a document is missing")))]
pub async fn take_step(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<TransitionInput>,
) -> ApiResult<Json<CaseView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        replications::take_step(state.app(), caller, id, &input).await?,
    ))
}

/// The action plan (the parties).
#[utoipa::path(get, path = "/replications/{id}/action-items", tag = "replications", params(("id" = Uuid, Path)),
    responses((status = 200, description = "Items with activity, responsible agency, person in charge, dates, output, budget, status, progress, weight, evidence, overdue")))]
pub async fn items(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<ItemView>>> {
    Ok(Json(plans::items(state.app(), &auth.caller, id).await?))
}

/// Adds an item to the plan (the adopter or the organiser).
#[utoipa::path(post, path = "/replications/{id}/action-items", tag = "replications",
    params(("id" = Uuid, Path)), request_body(content = Object, description = "ActionItemInput"),
    responses((status = 201, description = "The whole plan"), (status = 422, description = "Invalid item, a message per field")))]
pub async fn add_item(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ActionItemInput>,
) -> ApiResult<(StatusCode, Json<Vec<ItemView>>)> {
    let caller = auth.signed_in()?;
    Ok((
        StatusCode::CREATED,
        Json(plans::save_item(state.app(), caller, id, None, &input).await?),
    ))
}

/// Replaces an item of the plan.
#[utoipa::path(put, path = "/replications/{id}/action-items/{item}", tag = "replications",
    params(("id" = Uuid, Path), ("item" = Uuid, Path)), request_body(content = Object, description = "ActionItemInput"),
    responses((status = 200, description = "The whole plan")))]
pub async fn update_item(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, item)): Path<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<ActionItemInput>,
) -> ApiResult<Json<Vec<ItemView>>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        plans::save_item(state.app(), caller, id, Some(item), &input).await?,
    ))
}

/// Removes an item of the plan.
#[utoipa::path(delete, path = "/replications/{id}/action-items/{item}", tag = "replications",
    params(("id" = Uuid, Path), ("item" = Uuid, Path)),
    responses((status = 200, description = "The whole plan")))]
pub async fn delete_item(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, item)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<Vec<ItemView>>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        plans::delete_item(state.app(), caller, id, item).await?,
    ))
}

/// The mentoring log (the parties).
#[utoipa::path(get, path = "/replications/{id}/mentoring", tag = "replications", params(("id" = Uuid, Path)),
    responses((status = 200, description = "held_on, mentor, mode, notes, follow_ups")))]
pub async fn mentoring(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<SessionRecord>>> {
    Ok(Json(plans::sessions(state.app(), &auth.caller, id).await?))
}

/// Records a mentoring session: held_on, mentor, mode (visit, online, bimtek), notes,
/// follow_ups.
#[utoipa::path(post, path = "/replications/{id}/mentoring", tag = "replications",
    params(("id" = Uuid, Path)), request_body(content = Object, description = "SessionInput"),
    responses((status = 201, description = "The whole log")))]
pub async fn add_mentoring(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<SessionInput>,
) -> ApiResult<(StatusCode, Json<Vec<SessionRecord>>)> {
    let caller = auth.signed_in()?;
    Ok((
        StatusCode::CREATED,
        Json(plans::add_session(state.app(), caller, id, &input).await?),
    ))
}

/// Progress reports (the parties).
#[utoipa::path(get, path = "/replications/{id}/reports", tag = "replications", params(("id" = Uuid, Path)),
    responses((status = 200, description = "reported_on, progress, obstacles, next_steps")))]
pub async fn reports(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<ReportRecord>>> {
    Ok(Json(plans::reports(state.app(), &auth.caller, id).await?))
}

/// The adopter's progress report: reported_on, progress (0–100), obstacles, next_steps.
#[utoipa::path(post, path = "/replications/{id}/reports", tag = "replications",
    params(("id" = Uuid, Path)), request_body(content = Object, description = "ReportInput"),
    responses((status = 201, description = "Every report of the case")))]
pub async fn add_report(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ReportInput>,
) -> ApiResult<(StatusCode, Json<Vec<ReportRecord>>)> {
    let caller = auth.signed_in()?;
    Ok((
        StatusCode::CREATED,
        Json(plans::add_report(state.app(), caller, id, &input).await?),
    ))
}

/// Adds a document: multipart with `kind` (interest_letter, agreement, commitment, approval,
/// certificate, other), `title`, and a `file` (PDF or image, at most 20 MB) and/or a `link`.
#[utoipa::path(post, path = "/replications/{id}/documents", tag = "replications",
    params(("id" = Uuid, Path)),
    request_body(content_type = "multipart/form-data", description = "kind, title?, file?, link?"),
    responses((status = 201, description = "The document"), (status = 422, description = "Not a PDF or image, too large, or neither file nor link")))]
pub async fn add_document(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    multipart: Multipart,
) -> ApiResult<(StatusCode, Json<DocumentRecord>)> {
    let caller = auth.signed_in()?.clone();
    let mut form = MultipartForm::read(multipart, &["file"]).await?;
    let input = DocumentInput {
        kind: form.text("kind"),
        title: form.text("title"),
        link: form.get("link").map(str::to_owned),
        file: form.take_file("file").map(|file| {
            (
                file.file_name.unwrap_or_else(|| "dokumen".into()),
                file.bytes,
            )
        }),
    };
    let document = replications::add_document(state.app(), &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(document)))
}

/// A document's file (the parties).
#[utoipa::path(get, path = "/replications/{id}/documents/{document}", tag = "replications",
    params(("id" = Uuid, Path), ("document" = Uuid, Path)),
    responses((status = 200, description = "The file"), (status = 404, description = "Unknown, not a file, or not visible")))]
pub async fn document_file(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, document)): Path<(Uuid, Uuid)>,
) -> ApiResult<Response> {
    let (record, bytes) =
        replications::document_file(state.app(), &auth.caller, id, document).await?;
    let safe_name: String = record
        .file_name
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric() || ".-_ ".contains(*c))
        .collect();
    Ok((
        [
            (
                header::CONTENT_TYPE,
                record
                    .content_type
                    .unwrap_or_else(|| "application/octet-stream".into()),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{safe_name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignOffBody {
    /// owner, adopter or verifier
    pub role: String,
}

/// Signs a done case's certificate in a role; the third signature feeds the owner's
/// "Replikasi" indicator.
#[utoipa::path(post, path = "/replications/{id}/sign-offs", tag = "replications",
    params(("id" = Uuid, Path)), request_body = SignOffBody,
    responses((status = 200, description = "The case, whether complete, and the index feed")))]
pub async fn sign_off(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<SignOffBody>,
) -> ApiResult<Json<SignOffOutcome>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        replications::sign_off(state.app(), caller, id, &body.role).await?,
    ))
}

/// The replication certificate as a PDF (public): only for a done case signed off by owner,
/// adopter and verifier; its QR code points at the case's public page.
#[utoipa::path(get, path = "/replications/{id}/certificate.pdf", tag = "replications",
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "The certificate", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such case"),
        (status = 409, description = "Not done, or not yet signed off by owner, adopter and verifier")))]
pub async fn certificate_pdf(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let base = crate::api::competitions::base_url(&state, &headers);
    let pdf = replications::certificate_pdf(state.app(), &auth.caller, id, &base).await?;
    let code = replications::certificate_code(id);
    Ok(pdf_response(
        pdf,
        "inline",
        &format!("sertifikat-replikasi-{code}.pdf"),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct SuggestionParams {
    pub region: String,
    /// At most this many; 10 by default.
    pub limit: Option<usize>,
}

/// Innovations worth replicating for a region, each with its reasons (public). Reasons drawn
/// from index self-assessment levels appear only once the year's results are published, or
/// for the region's own people and national staff.
#[utoipa::path(get, path = "/replications/suggestions", tag = "replications", params(SuggestionParams),
    responses((status = 200, description = "innovation, name, region_name, points, reasons")))]
pub async fn suggestions(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<SuggestionParams>,
) -> ApiResult<Json<Vec<Suggestion>>> {
    let limit = params.limit.unwrap_or(10).clamp(1, 50);
    Ok(Json(
        matchmaking::suggestions(state.app(), &auth.caller, &params.region, limit).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ProgrammeParams {
    pub scope: Option<String>,
}

/// Replication programmes (public).
#[utoipa::path(get, path = "/replication-programmes", tag = "replications", params(ProgrammeParams),
    responses((status = 200, description = "id, scope, year, name")))]
pub async fn list_programmes(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ProgrammeParams>,
) -> ApiResult<Json<Vec<ProgrammeSummary>>> {
    let scope = params
        .scope
        .as_deref()
        .map(RegionCode::parse)
        .transpose()
        .map_err(bad_request)?;
    Ok(Json(programmes::list(state.app(), scope.as_ref()).await?))
}

/// Creates a programme (admins of its scope): scope, year, name, commitment_signed_on,
/// signatories [{name, position, region}], commitment_link, mentoring_team [{name,
/// institution, role}], innovations [id], adopters [region code], silent_after_days.
#[utoipa::path(post, path = "/replication-programmes", tag = "replications",
    request_body(content = Object, description = "ProgrammeInput"),
    responses((status = 201, description = "The programme with its matrix")))]
pub async fn create_programme(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<ProgrammeInput>,
) -> ApiResult<(StatusCode, Json<ProgrammeView>)> {
    let caller = auth.signed_in()?;
    Ok((
        StatusCode::CREATED,
        Json(programmes::create(state.app(), caller, &input).await?),
    ))
}

/// A programme with its adopters × innovations matrix and progress (public).
#[utoipa::path(get, path = "/replication-programmes/{id}", tag = "replications", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The programme")))]
pub async fn get_programme(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ProgrammeView>> {
    Ok(Json(programmes::get(state.app(), id).await?))
}

/// Replaces a programme (its organiser).
#[utoipa::path(put, path = "/replication-programmes/{id}", tag = "replications",
    params(("id" = Uuid, Path)), request_body(content = Object, description = "ProgrammeInput"),
    responses((status = 200, description = "The programme")))]
pub async fn update_programme(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ProgrammeInput>,
) -> ApiResult<Json<ProgrammeView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        programmes::update(state.app(), caller, id, &input).await?,
    ))
}

/// An adopter chooses innovations of the programme: adopter, innovations [id], on; a case
/// opens for each new pair.
#[utoipa::path(post, path = "/replication-programmes/{id}/choices", tag = "replications",
    params(("id" = Uuid, Path)), request_body(content = Object, description = "ChoiceInput"),
    responses((status = 201, description = "The cases opened")))]
pub async fn choose(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ChoiceInput>,
) -> ApiResult<(StatusCode, Json<Vec<CaseSummary>>)> {
    let caller = auth.signed_in()?;
    Ok((
        StatusCode::CREATED,
        Json(programmes::choose(state.app(), caller, id, &input).await?),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct MonitoringParams {
    /// The day to judge overdue and silence on; today by default.
    pub on: Option<NaiveDate>,
}

/// The programme's cases with their flags: overdue items, silent cases (organiser and
/// verifiers of the scope).
#[utoipa::path(get, path = "/replication-programmes/{id}/monitoring", tag = "replications",
    params(("id" = Uuid, Path), MonitoringParams),
    responses((status = 200, description = "case, progress, last_report_on, flags, messages")))]
pub async fn monitoring(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiQuery(params): ApiQuery<MonitoringParams>,
) -> ApiResult<Json<Vec<MonitoredCase>>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        programmes::monitoring(state.app(), caller, id, params.on).await?,
    ))
}
