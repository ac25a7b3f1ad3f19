//! Innovations: list, create, read, edit, delete, and the review workflow.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lumbung_service::domain::innovation::Transition;
use lumbung_service::innovations::{self, InnovationInput, ListQuery};
use lumbung_service::store::Page;
use lumbung_service::store::innovations::Innovation;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::{ApiJson, ApiQuery};
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::state::AppState;

/// Filters of the innovation list. Codes are the Indonesian wire codes
/// (`uji_coba`, `pelayanan_publik`, …); labels are accepted too.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct InnovationQuery {
    /// Region code; the whole subtree.
    pub region: Option<String>,
    pub agency: Option<Uuid>,
    /// `inisiatif`, `uji_coba`, `penerapan`.
    pub stage: Option<String>,
    /// `tata_kelola`, `pelayanan_publik`, `lainnya`.
    pub form: Option<String>,
    /// `digital`, `non_digital`.
    pub kind: Option<String>,
    /// Affair code (main or related).
    pub affair: Option<String>,
    /// `draft`, `submitted`, `returned`, `verified`, `published`.
    pub status: Option<String>,
    /// Words searched in the full-text index (name, description, agency, region), as in `/search`.
    pub q: Option<String>,
    /// The year implementation started.
    pub year: Option<String>,
    /// `true` for any award, or an award event such as `KIPP`.
    pub award: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl InnovationQuery {
    pub fn list_query(&self) -> ListQuery {
        ListQuery {
            region: self.region.clone(),
            agency: self.agency,
            stage: self.stage.clone(),
            form: self.form.clone(),
            kind: self.kind.clone(),
            affair: self.affair.clone(),
            status: self.status.clone(),
            q: self.q.clone(),
            year: self.year.clone(),
            award: self.award.clone(),
        }
    }
}

/// Lists the innovations the caller may read: published ones, and within the caller's scope
/// every status.
#[utoipa::path(get, path = "/innovations", tag = "innovations", params(InnovationQuery),
    responses((status = 200, description = "`{items, total, page, per_page}`")))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<InnovationQuery>,
) -> ApiResult<Json<Page<Innovation>>> {
    let paging = lumbung_service::store::Paging::new(query.page, query.per_page);
    Ok(Json(
        innovations::list(state.app(), &auth.caller, &query.list_query(), paging).await?,
    ))
}

/// The profile fields, as in the official form (research §2). Dates as `YYYY-MM-DD`.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct InnovationBody {
    pub agency_id: Uuid,
    pub name: String,
    /// `inisiatif`, `uji_coba`, `penerapan`.
    pub stage: String,
    pub trial_date: Option<String>,
    pub implementation_date: Option<String>,
    /// `kepala_daerah`, `anggota_dprd`, `perangkat_daerah`, `asn`, `masyarakat`.
    pub initiator: Option<String>,
    pub initiator_name: Option<String>,
    /// `digital`, `non_digital`.
    pub kind: String,
    /// `tata_kelola`, `pelayanan_publik`, `lainnya`.
    pub form: String,
    pub main_affair: Option<String>,
    pub related_affairs: Option<Vec<String>>,
    pub theme: Option<String>,
    /// Rancang bangun.
    pub design: Option<String>,
    pub goals: Option<String>,
    pub benefits: Option<String>,
    pub results: Option<String>,
    pub budget: Option<String>,
    pub links: Option<Vec<String>>,
    pub latest_development: Option<String>,
    /// `[{"body", "event", "year", "rank"}]`.
    pub awards: Option<Vec<serde_json::Value>>,
}

/// Records a new innovation as a draft.
#[utoipa::path(post, path = "/innovations", tag = "innovations", request_body = InnovationBody,
    responses((status = 201, description = "Created as draft"), (status = 403, description = "Not allowed for the agency"),
              (status = 422, description = "Invalid fields, each named in `fields`")))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<InnovationInput>,
) -> ApiResult<(StatusCode, Json<Innovation>)> {
    let caller = auth.signed_in()?;
    Ok((
        StatusCode::CREATED,
        Json(innovations::create(state.app(), caller, &input).await?),
    ))
}

/// One innovation; drafts only within the caller's scope.
#[utoipa::path(get, path = "/innovations/{id}", tag = "innovations",
    params(("id" = Uuid, Path)), responses((status = 200, description = "The innovation"), (status = 404, description = "Not found or not readable")))]
pub async fn get(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Innovation>> {
    Ok(Json(innovations::get(state.app(), &auth.caller, id).await?))
}

/// Replaces the profile of a draft or returned innovation.
#[utoipa::path(patch, path = "/innovations/{id}", tag = "innovations", request_body = InnovationBody,
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "Updated"), (status = 409, description = "Under review or published"),
              (status = 422, description = "Invalid fields")))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<InnovationInput>,
) -> ApiResult<Json<Innovation>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        innovations::update(state.app(), caller, id, &input).await?,
    ))
}

/// Deletes an innovation.
#[utoipa::path(delete, path = "/innovations/{id}", tag = "innovations",
    params(("id" = Uuid, Path)), responses((status = 204, description = "Deleted")))]
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let caller = auth.signed_in()?;
    innovations::delete(state.app(), caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TransitionBody {
    /// Required when returning: what must be fixed.
    pub note: Option<String>,
}

async fn step(
    state: &AppState,
    auth: &Auth,
    id: Uuid,
    transition: Transition,
    body: Option<TransitionBody>,
) -> ApiResult<Json<Innovation>> {
    let caller = auth.signed_in()?;
    let note = body.and_then(|b| b.note);
    Ok(Json(
        innovations::transition(state.app(), caller, id, transition, note.as_deref()).await?,
    ))
}

/// Submits a draft or returned innovation for verification.
#[utoipa::path(post, path = "/innovations/{id}/submit", tag = "innovations", params(("id" = Uuid, Path)),
    responses((status = 200, description = "Submitted"), (status = 409, description = "Not in a state that can be submitted")))]
pub async fn submit(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Innovation>> {
    step(&state, &auth, id, Transition::Submit, None).await
}

/// Verifies a submitted innovation. Separation of duties: only a verifier of the region
/// (admins and operators prepare, they do not verify), and never the person who submitted it.
#[utoipa::path(post, path = "/innovations/{id}/verify", tag = "innovations", params(("id" = Uuid, Path)),
    responses((status = 200, description = "Verified"),
        (status = 403, description = "Not a verifier of the region, or the caller submitted it")))]
pub async fn verify(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Innovation>> {
    step(&state, &auth, id, Transition::Verify, None).await
}

/// Returns an innovation to its owner with a note. Same separation of duties as verifying:
/// a verifier of the region who did not submit it.
#[utoipa::path(post, path = "/innovations/{id}/return", tag = "innovations", params(("id" = Uuid, Path)),
    request_body = TransitionBody, responses((status = 200, description = "Returned"), (status = 422, description = "Note missing"),
        (status = 403, description = "Not a verifier of the region, or the caller submitted it")))]
pub async fn return_(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<TransitionBody>,
) -> ApiResult<Json<Innovation>> {
    step(&state, &auth, id, Transition::Return, Some(body)).await
}

/// Publishes a verified innovation (admins).
#[utoipa::path(post, path = "/innovations/{id}/publish", tag = "innovations", params(("id" = Uuid, Path)),
    responses((status = 200, description = "Published")))]
pub async fn publish(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Innovation>> {
    step(&state, &auth, id, Transition::Publish, None).await
}
