//! `/kelola/verifikasi`: the evidence waiting for review in a region's subtree, each piece
//! accepted or returned with a note.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lumbung_domain::index::Aspect;
use lumbung_service::assessments;
use lumbung_service::store::assessments::EvidenceRow;
use lumbung_service::{App, Caller, ServiceError, ServiceResult};
use serde::Deserialize;
use uuid::Uuid;

use super::super::forms::{date, query_string, sentence};
use super::super::{
    Layout, PageResult, SignedIn, check_csrf, error_page, parse_id, render, see_other,
};
use super::{DEFAULT_YEAR, assessment_href, indicator_label};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;

/// One piece of pending evidence with its two decisions.
pub struct QueueRow {
    pub id: String,
    pub action: String,
    pub region: String,
    pub assessment_href: String,
    pub indicator: String,
    pub innovation_id: String,
    pub innovation: String,
    pub innovation_href: String,
    pub file_href: String,
    pub file_name: String,
    pub link: String,
    pub letter_number: String,
    pub letter_date: String,
    pub letter_subject: String,
    pub submitted: String,
    pub note: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "indeks_verifikasi.html")]
pub struct QueuePage {
    pub layout: Layout,
    pub region: String,
    pub year: String,
    pub notice: String,
    pub message: String,
    pub searched: bool,
    pub rows: Vec<QueueRow>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QueueQuery {
    pub wilayah: String,
    pub tahun: String,
    pub hasil: String,
}

fn year_of(text: &str) -> Option<i32> {
    let text = text.trim();
    if text.is_empty() {
        return Some(DEFAULT_YEAR);
    }
    text.parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
}

fn day_of(text: &str) -> String {
    let text = text.trim();
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| date(t.date_naive()))
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map(date))
        .unwrap_or_else(|_| text.to_owned())
}

/// The rows of the queue, with region and innovation names looked up once each.
async fn rows(
    app: &App,
    caller: &Caller,
    year: i32,
    pending: Vec<EvidenceRow>,
) -> ServiceResult<Vec<QueueRow>> {
    let rubric = lumbung_service::index::rubric_of(app, year).await?;
    let mut regions: HashMap<String, String> = HashMap::new();
    let mut innovations: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(pending.len());
    for row in pending {
        if !regions.contains_key(&row.region_code) {
            let name = lumbung_service::regions::get(app, &row.region_code)
                .await
                .map(|r| format!("{} ({})", r.name, r.code))
                .unwrap_or_else(|_| row.region_code.clone());
            regions.insert(row.region_code.clone(), name);
        }
        let (aspect, innovation) = if row.subject.is_empty() {
            (Aspect::Spd, String::new())
        } else {
            if !innovations.contains_key(&row.subject) {
                let name = match Uuid::parse_str(&row.subject) {
                    Ok(id) => lumbung_service::innovations::get(app, caller, id)
                        .await
                        .map(|i| i.profile.name)
                        .unwrap_or_default(),
                    Err(_) => String::new(),
                };
                innovations.insert(row.subject.clone(), name);
            }
            (
                Aspect::Sid,
                innovations.get(&row.subject).cloned().unwrap_or_default(),
            )
        };
        out.push(QueueRow {
            action: format!("/kelola/verifikasi/{}", row.id),
            region: regions.get(&row.region_code).cloned().unwrap_or_default(),
            assessment_href: assessment_href(
                &row.region_code,
                i32::try_from(row.year).unwrap_or(year),
            ),
            indicator: indicator_label(&rubric, aspect, &row.indicator),
            innovation_href: if row.subject.is_empty() {
                String::new()
            } else {
                format!("/kelola/inovasi/{}", row.subject)
            },
            innovation,
            innovation_id: row.subject.clone(),
            file_href: if row.blob_key.is_some() {
                format!("/api/v1/evidence/{}/file", row.id)
            } else {
                String::new()
            },
            file_name: row.file_name.clone().unwrap_or_else(|| "berkas".into()),
            link: row.link.clone().unwrap_or_default(),
            letter_number: row.letter_number.clone().unwrap_or_default(),
            letter_date: row.letter_date.as_deref().map(day_of).unwrap_or_default(),
            letter_subject: row.letter_subject.clone().unwrap_or_default(),
            submitted: day_of(&row.created_at),
            note: String::new(),
            error: String::new(),
            id: row.id,
        });
    }
    Ok(out)
}

fn outcome_notice(code: &str) -> &'static str {
    match code {
        "diterima" => "Data dukung diterima; indeks daerahnya dihitung ulang.",
        "dikembalikan" => "Data dukung dikembalikan kepada pengusulnya beserta catatan.",
        _ => "",
    }
}

/// A failed decision, to show beside its row.
struct Failed {
    id: String,
    note: String,
    message: String,
}

/// The queue page; `failed` marks the row whose decision did not go through.
async fn queue_page(
    state: &AppState,
    auth: &Auth,
    caller: &Caller,
    region: &str,
    year_text: &str,
    notice: &str,
    failed: Option<(StatusCode, Failed)>,
) -> PageResult {
    let region = region.trim().to_owned();
    let mut body = QueuePage {
        layout: Layout::new(auth, "indeks", "Verifikasi data dukung"),
        region: region.clone(),
        year: year_text.trim().to_owned(),
        notice: outcome_notice(notice).to_owned(),
        message: String::new(),
        searched: false,
        rows: Vec::new(),
    };
    if body.year.is_empty() {
        body.year = DEFAULT_YEAR.to_string();
    }
    let Some(year) = year_of(year_text) else {
        body.message = "Tahun harus berupa angka, mis. 2026.".into();
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &body));
    };
    if region.is_empty() {
        return Ok(render(StatusCode::OK, &body));
    }
    let app = state.app();
    let pending = match assessments::queue(app, caller, &region, year).await {
        Ok(pending) => pending,
        Err(error @ (ServiceError::Forbidden(_) | ServiceError::BadInput(_))) => {
            let (status, _, message) = describe(&error);
            body.message = if matches!(error, ServiceError::Forbidden(_)) {
                format!(
                    "Antrean ini untuk verifikator wilayah {region}. Admin dan operator menyiapkan data dukung; verifikator yang memeriksanya."
                )
            } else {
                sentence(&message)
            };
            return Ok(render(status, &body));
        }
        Err(error) => return Err(error_page(auth, &error).into()),
    };
    body.searched = true;
    body.rows = rows(app, caller, year, pending)
        .await
        .map_err(|e| error_page(auth, &e))?;
    let mut status = StatusCode::OK;
    if let Some((failed_status, failed)) = failed {
        status = failed_status;
        body.message = format!("Keputusan belum disimpan. {}", failed.message);
        if let Some(row) = body.rows.iter_mut().find(|r| r.id == failed.id) {
            row.note = failed.note;
            row.error = failed.message;
        }
    }
    Ok(render(status, &body))
}

/// `GET /kelola/verifikasi?wilayah=65&tahun=2026`.
pub async fn queue(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<QueueQuery>,
) -> PageResult {
    let caller = &auth.caller;
    queue_page(
        &state,
        &auth,
        caller,
        &query.wilayah,
        &query.tahun,
        query.hasil.trim(),
        None,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub csrf: String,
    /// `terima` or `kembalikan`.
    pub keputusan: String,
    pub catatan: String,
    /// Where the queue was, to come back to it.
    pub wilayah: String,
    pub tahun: String,
}

/// `POST /kelola/verifikasi/{id}`: accepts a piece of evidence or returns it with a note.
pub async fn decide(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<DecisionForm>,
) -> PageResult {
    let caller = &auth.caller;
    let evidence = parse_id(&auth, &id, "data dukung")?;
    check_csrf(&auth, &form.csrf)?;
    let accept = match form.keputusan.trim() {
        "terima" => true,
        "kembalikan" => false,
        _ => {
            return Err(error_page(
                &auth,
                &ServiceError::BadInput("pilih Terima atau Kembalikan".into()),
            )
            .into());
        }
    };
    let note = form.catatan.trim();
    let reviewed = assessments::review(
        state.app(),
        caller,
        evidence,
        accept,
        (!note.is_empty()).then_some(note),
    )
    .await;
    match reviewed {
        Ok(row) => {
            let region = if form.wilayah.trim().is_empty() {
                row.region_code.clone()
            } else {
                form.wilayah.trim().to_owned()
            };
            let year = if form.tahun.trim().is_empty() {
                row.year.to_string()
            } else {
                form.tahun.trim().to_owned()
            };
            let outcome = if accept { "diterima" } else { "dikembalikan" };
            Ok(see_other(&format!(
                "/kelola/verifikasi?{}",
                query_string(&[("wilayah", &region), ("tahun", &year), ("hasil", outcome)])
            )))
        }
        Err(
            error @ (ServiceError::Validation(_)
            | ServiceError::Conflict(_)
            | ServiceError::Forbidden(_)
            | ServiceError::BadInput(_)),
        ) if !form.wilayah.trim().is_empty() => {
            let message = match &error {
                ServiceError::Validation(errors) => errors
                    .iter()
                    .map(|(_, m)| sentence(m))
                    .collect::<Vec<_>>()
                    .join(" "),
                other => sentence(&describe(other).2),
            };
            let failed = Failed {
                id: evidence.to_string(),
                note: form.catatan.clone(),
                message,
            };
            queue_page(
                &state,
                &auth,
                caller,
                &form.wilayah,
                &form.tahun,
                "",
                Some((describe(&error).0, failed)),
            )
            .await
        }
        Err(error) => Err(error_page(&auth, &error).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_days_read_kindly() {
        assert_eq!(year_of(""), Some(DEFAULT_YEAR));
        assert_eq!(year_of("2027"), Some(2027));
        assert_eq!(year_of("dua"), None);
        assert_eq!(day_of("2026-05-02T03:04:05Z"), "2 Mei 2026");
        assert_eq!(day_of("2026-01-31"), "31 Januari 2026");
        assert_eq!(day_of("kemarin"), "kemarin");
    }
}
