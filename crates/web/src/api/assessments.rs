//! Stored assessments of the regional innovation index: answers, evidence and its review,
//! what-if, the reporting window, rankings and index history.

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lumbung_service::assessments::{
    self, AssessmentView, EvidenceInput, History, Subject, Target, WindowAction,
};
use lumbung_service::domain::index::Evaluation;
use lumbung_service::store::assessments::{EvidenceRow, IndexYear, Ranked};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::{ApiJson, ApiQuery};
use crate::auth::Auth;
use crate::error::{ApiResult, bad_request};
use crate::multipart::MultipartForm;
use crate::state::AppState;

/// A region's assessment of a year: answers with their evidence, and both projections
/// (`verified`, `claimed`) line by line.
#[utoipa::path(get, path = "/assessments/{region}/{year}", tag = "index",
    params(("region" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "The assessment"), (status = 404, description = "Unknown region, or not visible to the caller")))]
pub async fn view(
    State(state): State<AppState>,
    auth: Auth,
    Path((region, year)): Path<(String, i32)>,
) -> ApiResult<Json<AssessmentView>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        assessments::view(state.app(), caller, &region, year).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerBody {
    /// 0 (not filled) to 3.
    pub level: u8,
    pub note: Option<String>,
}

/// Sets a region (SPD) indicator's level (admins of the region).
#[utoipa::path(put, path = "/assessments/{region}/{year}/answers/{indicator}", tag = "index",
    params(("region" = String, Path), ("year" = i32, Path), ("indicator" = String, Path)), request_body = AnswerBody,
    responses((status = 200, description = "The verified result after the change"), (status = 409, description = "Reporting window closed")))]
pub async fn answer_region(
    State(state): State<AppState>,
    auth: Auth,
    Path((region, year, indicator)): Path<(String, i32, String)>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> ApiResult<Json<Evaluation>> {
    let caller = auth.signed_in()?;
    let target = Target {
        region: &region,
        year,
        subject: Subject::Region,
        indicator: &indicator,
    };
    let result = assessments::answer(
        state.app(),
        caller,
        &target,
        body.level,
        body.note.as_deref(),
    )
    .await?;
    Ok(Json(result))
}

/// Sets an innovation (SID) indicator's level (those who may write the innovation).
#[utoipa::path(put, path = "/assessments/{region}/{year}/innovations/{id}/answers/{indicator}", tag = "index",
    params(("region" = String, Path), ("year" = i32, Path), ("id" = Uuid, Path), ("indicator" = String, Path)), request_body = AnswerBody,
    responses((status = 200, description = "The verified result after the change")))]
pub async fn answer_innovation(
    State(state): State<AppState>,
    auth: Auth,
    Path((region, year, id, indicator)): Path<(String, i32, Uuid, String)>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> ApiResult<Json<Evaluation>> {
    let caller = auth.signed_in()?;
    let target = Target {
        region: &region,
        year,
        subject: Subject::Innovation(id),
        indicator: &indicator,
    };
    let result = assessments::answer(
        state.app(),
        caller,
        &target,
        body.level,
        body.note.as_deref(),
    )
    .await?;
    Ok(Json(result))
}

/// The evidence fields of a multipart upload.
struct EvidenceForm {
    indicator: String,
    innovation_id: Option<Uuid>,
    input: EvidenceInput,
}

async fn read_evidence_form(multipart: Multipart) -> ApiResult<EvidenceForm> {
    let mut form = MultipartForm::read(multipart, &["file"]).await?;
    let indicator = form.text("indicator").trim().to_owned();
    if indicator.is_empty() {
        return Err(bad_request("kolom `indicator` wajib diisi"));
    }
    let innovation_id = match form.get("innovation_id").map(str::trim) {
        Some(id) if !id.is_empty() => {
            Some(Uuid::parse_str(id).map_err(|_| bad_request("innovation_id bukan UUID"))?)
        }
        _ => None,
    };
    let input = EvidenceInput {
        file: form.take_file("file").map(|file| {
            (
                file.file_name.unwrap_or_else(|| "berkas".into()),
                file.bytes,
            )
        }),
        link: form.get("link").map(str::to_owned),
        letter_number: form.get("letter_number").map(str::to_owned),
        letter_date: form.get("letter_date").map(str::to_owned),
        letter_subject: form.get("letter_subject").map(str::to_owned),
    };
    Ok(EvidenceForm {
        indicator,
        innovation_id,
        input,
    })
}

/// Adds evidence (data dukung) to an answer: multipart with `indicator`, optional
/// `innovation_id` (SID), `file` (PDF or image, checked by content, at most 20 MB) and/or
/// `link` (video as a link), and `letter_number`, `letter_date`, `letter_subject`.
#[utoipa::path(post, path = "/assessments/{region}/{year}/evidence", tag = "index",
    params(("region" = String, Path), ("year" = i32, Path)),
    request_body(content_type = "multipart/form-data", description = "indicator, innovation_id?, file?, link?, letter_number?, letter_date?, letter_subject?"),
    responses((status = 201, description = "`{\"id\"}`; the evidence waits for review"), (status = 422, description = "Not a PDF or image, too large, or neither file nor link")))]
pub async fn add_evidence(
    State(state): State<AppState>,
    auth: Auth,
    Path((region, year)): Path<(String, i32)>,
    multipart: Multipart,
) -> ApiResult<(axum::http::StatusCode, Json<serde_json::Value>)> {
    let caller = auth.signed_in()?.clone();
    let form = read_evidence_form(multipart).await?;
    let subject = form
        .innovation_id
        .map_or(Subject::Region, Subject::Innovation);
    let target = Target {
        region: &region,
        year,
        subject,
        indicator: &form.indicator,
    };
    let id = assessments::add_evidence(state.app(), &caller, &target, &form.input).await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(serde_json::json!({"id": id})),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct WhatIfBody {
    /// Evidence to count as if it were accepted.
    pub accept: Vec<Uuid>,
}

/// The verified result if the listed evidence were accepted: "if these two pieces are
/// accepted, the index becomes 41.20 → inovatif".
#[utoipa::path(post, path = "/assessments/{region}/{year}/what-if", tag = "index",
    params(("region" = String, Path), ("year" = i32, Path)), request_body = WhatIfBody,
    responses((status = 200, description = "The projected result")))]
pub async fn what_if(
    State(state): State<AppState>,
    auth: Auth,
    Path((region, year)): Path<(String, i32)>,
    ApiJson(body): ApiJson<WhatIfBody>,
) -> ApiResult<Json<Evaluation>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        assessments::what_if(state.app(), caller, &region, year, &body.accept).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReopenBody {
    pub reopened: bool,
}

/// Reopens one region's assessment after the window closed, or closes it again (national admins).
#[utoipa::path(post, path = "/assessments/{region}/{year}/reopen", tag = "index",
    params(("region" = String, Path), ("year" = i32, Path)), request_body = ReopenBody,
    responses((status = 204, description = "Done")))]
pub async fn reopen(
    State(state): State<AppState>,
    auth: Auth,
    Path((region, year)): Path<(String, i32)>,
    ApiJson(body): ApiJson<ReopenBody>,
) -> ApiResult<axum::http::StatusCode> {
    let caller = auth.signed_in()?;
    assessments::reopen(state.app(), caller, &region, year, body.reopened).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ReviewBody {
    /// Required when returning.
    pub note: Option<String>,
}

/// Accepts a piece of evidence. Separation of duties: only a verifier of the region (admins
/// and operators upload, they do not accept), and never the person who uploaded it.
#[utoipa::path(post, path = "/evidence/{id}/accept", tag = "index", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The evidence, accepted"),
        (status = 403, description = "Not a verifier of the region, or the caller uploaded it")))]
pub async fn accept(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<EvidenceRow>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        assessments::review(state.app(), caller, id, true, None).await?,
    ))
}

/// Returns a piece of evidence with a note saying what is wrong; the same separation of
/// duties as accepting.
#[utoipa::path(post, path = "/evidence/{id}/return", tag = "index", params(("id" = Uuid, Path)), request_body = ReviewBody,
    responses((status = 200, description = "The evidence, returned"), (status = 422, description = "Note missing"),
        (status = 403, description = "Not a verifier of the region, or the caller uploaded it")))]
pub async fn return_(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> ApiResult<Json<EvidenceRow>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        assessments::review(state.app(), caller, id, false, body.note.as_deref()).await?,
    ))
}

/// The file of a piece of evidence.
#[utoipa::path(get, path = "/evidence/{id}/file", tag = "index", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The file, with its content type"), (status = 404, description = "No file, or not visible")))]
pub async fn file(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let (name, content_type, bytes) =
        assessments::evidence_file(state.app(), &auth.caller, id).await?;
    let safe_name: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || ".-_ ".contains(*c))
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{safe_name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct QueueQuery {
    pub region: String,
    pub year: i32,
}

/// Evidence waiting for review in a region's subtree (verifiers and admins).
#[utoipa::path(get, path = "/evidence/queue", tag = "index", params(QueueQuery),
    responses((status = 200, description = "Pending evidence, oldest first")))]
pub async fn queue(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<QueueQuery>,
) -> ApiResult<Json<Vec<EvidenceRow>>> {
    let caller = auth.signed_in()?;
    Ok(Json(
        assessments::queue(state.app(), caller, &query.region, query.year).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RankingQuery {
    /// A region whose subtree is ranked (default: the nation).
    pub within: Option<String>,
    /// `provinsi`, `kabupaten` or `kota`.
    pub cluster: Option<String>,
    /// `verified` (default) or `claimed`.
    pub projection: Option<String>,
}

/// The ranking of a year. Public once the year is published.
#[utoipa::path(get, path = "/rankings/{year}", tag = "index", params(("year" = i32, Path), RankingQuery),
    responses((status = 200, description = "`[{rank, region, spd, sid, total, index, category, included}]`")))]
pub async fn ranking(
    State(state): State<AppState>,
    auth: Auth,
    Path(year): Path<i32>,
    ApiQuery(query): ApiQuery<RankingQuery>,
) -> ApiResult<Json<Vec<Ranked>>> {
    let claimed = match query.projection.as_deref() {
        None | Some("verified") => false,
        Some("claimed") => true,
        Some(other) => {
            return Err(bad_request(format!(
                "projection \"{other}\" tidak dikenal; pilih verified atau claimed"
            )));
        }
    };
    let ranked = assessments::ranking(
        state.app(),
        &auth.caller,
        year,
        query.within.as_deref(),
        query.cluster.as_deref(),
        claimed,
    )
    .await?;
    Ok(Json(ranked))
}

/// Opens, closes, freezes or publishes a year's reporting (national admins).
#[utoipa::path(post, path = "/index-years/{year}/{action}", tag = "index",
    params(("year" = i32, Path), ("action" = String, Path, description = "open, close, freeze or publish")),
    responses((status = 200, description = "The year's state"), (status = 409, description = "Already frozen, or not frozen before publishing")))]
pub async fn window(
    State(state): State<AppState>,
    auth: Auth,
    Path((year, action)): Path<(i32, String)>,
) -> ApiResult<Json<IndexYear>> {
    let caller = auth.signed_in()?;
    let action = match action.as_str() {
        "open" => WindowAction::Open,
        "close" => WindowAction::Close,
        "freeze" => WindowAction::Freeze,
        "publish" => WindowAction::Publish,
        other => {
            return Err(bad_request(format!(
                "tindakan \"{other}\" tidak dikenal; pilih open, close, freeze atau publish"
            )));
        }
    };
    Ok(Json(
        assessments::set_window(state.app(), caller, year, action).await?,
    ))
}

/// Imports results published in past years (CSV/XLSX: `kode_wilayah, tahun, nilai, label`,
/// optional `keterangan_skala, sumber`), kept as published.
#[utoipa::path(post, path = "/imports/historic-results", tag = "imports",
    request_body(content_type = "multipart/form-data", description = "Field `file`"),
    responses((status = 200, description = "`{\"imported\": n}`"), (status = 422, description = "Bad rows; nothing saved")))]
pub async fn import_historic(
    State(state): State<AppState>,
    auth: Auth,
    multipart: Multipart,
) -> ApiResult<Json<serde_json::Value>> {
    let caller = auth.signed_in()?.clone();
    let bytes = crate::api::imports::read_file_field(multipart).await?;
    let imported = assessments::import_historic(state.app(), &caller, &bytes).await?;
    Ok(Json(serde_json::json!({"imported": imported})))
}

/// A region's index over the years: computed results of published years, and results
/// published before on their own scale.
#[utoipa::path(get, path = "/regions/{code}/index-history", tag = "index", params(("code" = String, Path)),
    responses((status = 200, description = "`{computed: [[year, index, category]], published: [...]}`")))]
pub async fn history(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> ApiResult<Json<History>> {
    Ok(Json(assessments::history(state.app(), &code).await?))
}
