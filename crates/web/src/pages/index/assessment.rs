//! `/kelola/indeks/{kode}/{tahun}`: a region's assessment line by line, the forms to answer
//! indicators and add evidence, and what the index would become if pending evidence were
//! accepted.

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use lumbung_domain::index::{Aspect, Evaluation, Indicator, Line, Rubric};
use lumbung_service::assessments::{
    self, AnswerView, AssessmentView, EvidenceInput, Subject, Target,
};
use lumbung_service::domain::FieldErrors;
use lumbung_service::innovations::{self, ListQuery};
use lumbung_service::store::Paging;
use lumbung_service::store::assessments::{ACCEPTED, EvidenceRow, PENDING, RETURNED};
use lumbung_service::store::innovations::Innovation;
use lumbung_service::{App, Caller, ServiceError, ServiceResult};
use serde::Deserialize;
use uuid::Uuid;

use super::super::forms::{date, encode, number, optional, sentence};
use super::super::{
    Choice, Field, Layout, PageResult, SignedIn, check_csrf, error_page, error_summary, render,
    see_other,
};
use super::{
    assessment_href, category_label_in, decimal_in, figure, indicator_label, parse_year,
    weight_text,
};
use crate::auth::Auth;
use crate::error::describe;
use crate::i18n::Lang;
use crate::multipart::MultipartForm;
use crate::pages::charts::{self, IndexPoint};
use crate::state::AppState;

// ---------------------------------------------------------------------------------------------
// What the template prints.

/// The figures of one projection, ready to print.
pub struct Figures {
    pub index: String,
    pub category: String,
    pub category_code: String,
    pub spd: String,
    pub sid_average: String,
    pub count_score: String,
    pub sid: String,
    pub total: String,
    pub included: String,
    pub divisor: String,
}

impl Figures {
    fn of(evaluation: &Evaluation) -> Self {
        Self {
            index: figure(evaluation.index),
            category: evaluation.category.label().to_owned(),
            category_code: evaluation.category.code().to_owned(),
            spd: figure(evaluation.spd),
            sid_average: figure(evaluation.sid_average),
            count_score: figure(evaluation.innovation_count_score),
            sid: figure(evaluation.sid),
            total: figure(evaluation.total),
            included: number(i64::try_from(evaluation.included).unwrap_or(i64::MAX)),
            divisor: evaluation.divisor.to_string(),
        }
    }
}

/// One indicator's row: its answer, score and evidence, and the form to change the answer.
pub struct ScoreRow {
    /// Unique on the page: `spd-1`, `{innovation id}-16`.
    pub key: String,
    pub code: String,
    pub name: String,
    pub mandatory: bool,
    pub level_text: String,
    pub weight: String,
    pub score: String,
    /// A level is chosen (1–3).
    pub filled: bool,
    pub counted: bool,
    pub evidence: String,
    pub evidence_class: &'static str,
    pub editable: bool,
    pub innovation_id: String,
    pub options: Vec<Choice>,
    pub note: String,
    pub error: String,
    pub upload_href: String,
}

/// One innovation of the region with its SID rows.
pub struct InnovationBlock {
    pub id: String,
    pub name: String,
    pub href: String,
    pub score: String,
    pub claimed_score: String,
    pub included: bool,
    pub reasons: Vec<String>,
    pub rows: Vec<ScoreRow>,
    pub open: bool,
    pub editable: bool,
}

/// One piece of evidence, with a box to tick for what-if when it is pending.
pub struct EvidenceItem {
    pub id: String,
    pub indicator: String,
    pub innovation: String,
    pub file_href: String,
    pub file_name: String,
    pub link: String,
    pub letter: String,
    pub status: String,
    pub status_class: &'static str,
    pub pending: bool,
    pub checked: bool,
}

/// The evidence upload form.
pub struct UploadForm {
    pub indicator: Field,
    pub innovation_id: Field,
    pub file: Field,
    pub link: Field,
    pub letter_number: Field,
    pub letter_date: Field,
    pub letter_subject: Field,
    pub message: String,
    pub summary: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "indeks_penilaian.html")]
pub struct AssessmentPage {
    pub layout: Layout,
    pub base: String,
    pub region_name: String,
    pub region_code: String,
    pub year: String,
    pub notice: String,
    /// A failed step, at the top of the page, linking to its form.
    pub message: String,
    pub message_href: String,
    pub editable: bool,
    /// The window is open and the caller answers for the region (SPD).
    pub can_edit_region: bool,
    pub closed_note: String,
    pub verified: Figures,
    pub claimed: Figures,
    pub spd_rows: Vec<ScoreRow>,
    pub innovations: Vec<InnovationBlock>,
    pub empty_mandatory: Vec<String>,
    pub evidence: Vec<EvidenceItem>,
    pub has_pending: bool,
    pub can_upload: bool,
    pub upload: UploadForm,
    pub what_if: String,
    pub what_if_now: String,
    pub what_if_error: String,
    pub ranking_href: String,
    pub queue_href: String,
    /// The caller verifies this region's evidence: the queue is linked.
    pub verifies: bool,
    pub report_href: String,
    /// For national admins, while the year is not frozen: reopen (or close again) this region.
    pub reopen: Option<ReopenPanel>,
    pub history_svg: String,
    pub history: Vec<HistoryRow>,
}

pub struct ReopenPanel {
    pub reopened: bool,
    pub href: String,
}

/// One year of the region's index history: computed (published years) or published as it was.
pub struct HistoryRow {
    pub year: i64,
    pub value: String,
    pub category: String,
    pub note: String,
}

// ---------------------------------------------------------------------------------------------
// Building the page.

/// What the page is made of.
struct Loaded {
    view: AssessmentView,
    rubric: Rubric,
    /// The region's innovations the caller may read, by id.
    innovations: HashMap<String, Innovation>,
    history: assessments::History,
}

async fn load(app: &App, caller: &Caller, region: &str, year: i32) -> ServiceResult<Loaded> {
    let view = assessments::view(app, caller, region, year).await?;
    let rubric = lumbung_service::index::rubric_of(app, year).await?;
    let query = ListQuery {
        region: Some(view.region.code.to_string()),
        ..Default::default()
    };
    let innovations = innovations::list(app, caller, &query, Paging::all())
        .await?
        .items
        .into_iter()
        .map(|i| (i.id.to_string(), i))
        .collect();
    let history = assessments::history(app, region).await?;
    Ok(Loaded {
        view,
        rubric,
        innovations,
        history,
    })
}

/// The typed values of the upload form.
#[derive(Debug, Clone, Default)]
pub struct UploadValues {
    pub indicator: String,
    pub innovation_id: String,
    pub link: String,
    pub letter_number: String,
    pub letter_date: String,
    pub letter_subject: String,
}

/// What went wrong with a submitted form, to show beside it.
enum Failure {
    Answer {
        key: String,
        level: String,
        note: String,
        message: String,
    },
    Upload {
        errors: FieldErrors,
        message: String,
    },
}

/// Everything beyond the stored assessment that the page shows.
#[derive(Default)]
struct Extras {
    notice: String,
    failure: Option<Failure>,
    upload: UploadValues,
    /// Ticked evidence and the what-if result (or why there is none).
    what_if: Option<(Vec<Uuid>, Result<Evaluation, String>)>,
}

fn row_key(innovation: Option<&str>, indicator: &str) -> String {
    let indicator: String = indicator
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{}-{indicator}", innovation.unwrap_or("spd"))
}

/// The evidence state of an answer in words: accepted wins, then pending, then returned.
fn evidence_state(rows: &[EvidenceRow]) -> (String, &'static str) {
    if rows.iter().any(|e| e.status == ACCEPTED) {
        ("diterima".into(), "ok")
    } else if rows.iter().any(|e| e.status == PENDING) {
        ("menunggu verifikasi".into(), "pending")
    } else if let Some(returned) = rows.iter().rev().find(|e| e.status == RETURNED) {
        let note = returned.review_note.as_deref().unwrap_or("").trim();
        let text = if note.is_empty() {
            "dikembalikan".to_owned()
        } else {
            format!("dikembalikan: {note}")
        };
        (text, "returned")
    } else {
        ("belum ada".into(), "missing")
    }
}

fn status_text(row: &EvidenceRow) -> (String, &'static str) {
    evidence_state(std::slice::from_ref(row))
}

fn level_options(indicator: Option<&Indicator>, selected: &str) -> Vec<Choice> {
    let mut options = vec![Choice::new("0", "0 — belum diisi", selected)];
    if let Some(indicator) = indicator {
        for (i, text) in indicator.levels.iter().enumerate() {
            let value = (i + 1).to_string();
            options.push(Choice::new(&value, &format!("{value} — {text}"), selected));
        }
    }
    options
}

fn level_text(indicator: Option<&Indicator>, level: u8) -> String {
    match (level, indicator) {
        (0, _) => "Belum diisi".into(),
        (level, Some(indicator)) => {
            let text = indicator
                .levels
                .get(usize::from(level) - 1)
                .map(String::as_str)
                .unwrap_or("");
            format!("{level} — {text}")
        }
        (level, None) => level.to_string(),
    }
}

struct RowContext<'a> {
    rubric: &'a Rubric,
    answers: &'a HashMap<(String, String), &'a AnswerView>,
    failure: Option<&'a Failure>,
    base: &'a str,
}

fn score_row(ctx: &RowContext<'_>, line: &Line, editable: bool) -> ScoreRow {
    let innovation = line.innovation.as_deref();
    let key = row_key(innovation, &line.indicator);
    let indicator = ctx.rubric.indicator(line.aspect, &line.indicator);
    let answer = ctx
        .answers
        .get(&(innovation.unwrap_or("").to_owned(), line.indicator.clone()));
    let (evidence, evidence_class) = answer
        .map(|a| evidence_state(&a.evidence))
        .unwrap_or_else(|| ("belum ada".into(), "missing"));
    let stored_note = answer.and_then(|a| a.note.clone()).unwrap_or_default();
    let (selected, note, error) = match ctx.failure {
        Some(Failure::Answer {
            key: failed,
            level,
            note,
            message,
        }) if *failed == key => (level.trim().to_owned(), note.clone(), message.clone()),
        _ => (line.level.to_string(), stored_note, String::new()),
    };
    let mut upload = vec![format!("indikator={}", encode(&line.indicator))];
    if let Some(id) = innovation {
        upload.push(format!("inovasi={}", encode(id)));
    }
    ScoreRow {
        code: line.indicator.clone(),
        name: line.name.clone(),
        mandatory: indicator.is_some_and(|i| i.mandatory),
        level_text: level_text(indicator, line.level),
        weight: weight_text(line.weight),
        score: figure(line.score),
        filled: line.level > 0,
        counted: line.counted,
        evidence,
        evidence_class,
        editable,
        innovation_id: innovation.unwrap_or("").to_owned(),
        options: level_options(indicator, &selected),
        note,
        error,
        upload_href: format!("{}?{}#unggah", ctx.base, upload.join("&")),
        key,
    }
}

fn upload_form(
    loaded: &Loaded,
    values: &UploadValues,
    failure: Option<&Failure>,
    writable: &[(String, String)],
) -> UploadForm {
    let (errors, message) = match failure {
        Some(Failure::Upload { errors, message }) => (errors.clone(), message.clone()),
        _ => (FieldErrors::new(), String::new()),
    };
    let indicators: Vec<Choice> = loaded
        .rubric
        .indicators
        .iter()
        .map(|i| {
            Choice::new(
                &i.code,
                &indicator_label(&loaded.rubric, i.aspect, &i.code),
                values.indicator.trim(),
            )
        })
        .collect();
    let innovations: Vec<Choice> = writable
        .iter()
        .map(|(id, name)| Choice::new(id, name, values.innovation_id.trim()))
        .collect();
    let form = UploadForm {
        indicator: Field::new("indicator", "Indikator", values.indicator.as_str())
            .required()
            .options(indicators)
            .errors(&errors),
        innovation_id: Field::new("innovation_id", "Inovasi", values.innovation_id.as_str())
            .hint("Kosongkan untuk indikator daerah (SPD, nomor 1–15); pilih inovasinya untuk indikator SID (16–35).")
            .options(innovations)
            .errors(&errors),
        file: Field::new("file", "Berkas", "")
            .hint("PDF atau gambar (JPEG, PNG), paling besar 20 MB. Isi berkas, tautan, atau keduanya.")
            .errors(&errors),
        link: Field::new("link", "Tautan", values.link.as_str())
            .hint("Mis. tautan video atau dokumen daring, diawali https://.")
            .errors(&errors),
        letter_number: Field::new("letter_number", "Nomor surat", values.letter_number.as_str())
            .errors(&errors),
        letter_date: Field::new("letter_date", "Tanggal surat", values.letter_date.as_str())
            .errors(&errors),
        letter_subject: Field::new(
            "letter_subject",
            "Perihal surat",
            values.letter_subject.as_str(),
        )
        .errors(&errors),
        message,
        summary: Vec::new(),
    };
    let summary = error_summary(
        &[
            &form.indicator,
            &form.innovation_id,
            &form.file,
            &form.link,
            &form.letter_number,
            &form.letter_date,
            &form.letter_subject,
        ],
        &errors,
    );
    UploadForm { summary, ..form }
}

fn letter_text(row: &EvidenceRow) -> String {
    let mut parts = Vec::new();
    if let Some(number) = row
        .letter_number
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        parts.push(format!("No. {}", number.trim()));
    }
    if let Some(day) = row.letter_date.as_deref().filter(|t| !t.trim().is_empty()) {
        let shown = chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
            .map(date)
            .unwrap_or_else(|_| day.trim().to_owned());
        parts.push(format!("tanggal {shown}"));
    }
    if let Some(subject) = row
        .letter_subject
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        parts.push(format!("perihal {}", subject.trim()));
    }
    parts.join(", ")
}

fn innovation_name(loaded: &Loaded, id: &str) -> String {
    loaded
        .innovations
        .get(id)
        .map_or_else(|| format!("Inovasi {id}"), |i| i.profile.name.clone())
}

fn page(auth: &Auth, caller: &Caller, loaded: &Loaded, extras: Extras) -> AssessmentPage {
    let view = &loaded.view;
    let code = view.region.code.clone();
    let base = assessment_href(code.as_str(), view.year);
    let editable = view.editable;
    let can_edit_region = editable && caller.actor.can_manage_region(&code);
    let answers: HashMap<(String, String), &AnswerView> = view
        .answers
        .iter()
        .map(|a| {
            (
                (
                    a.innovation_id.clone().unwrap_or_default(),
                    a.indicator.clone(),
                ),
                a,
            )
        })
        .collect();
    let ctx = RowContext {
        rubric: &loaded.rubric,
        answers: &answers,
        failure: extras.failure.as_ref(),
        base: &base,
    };
    let verified = &view.verified;
    let spd_rows = verified
        .lines
        .iter()
        .filter(|l| l.aspect == Aspect::Spd)
        .map(|l| score_row(&ctx, l, can_edit_region))
        .collect();

    let claimed_scores: HashMap<&str, String> = view
        .claimed
        .innovations
        .iter()
        .map(|i| (i.id.as_str(), figure(i.score)))
        .collect();
    let failed_key = match &extras.failure {
        Some(Failure::Answer { key, .. }) => key.clone(),
        _ => String::new(),
    };
    let mut writable: Vec<(String, String)> = Vec::new();
    let innovations = verified
        .innovations
        .iter()
        .map(|result| {
            let may_write = editable
                && loaded.innovations.get(&result.id).is_some_and(|i| {
                    caller
                        .actor
                        .can_write_innovation(&i.region.code, i.agency.id)
                });
            let name = innovation_name(loaded, &result.id);
            if may_write {
                writable.push((result.id.clone(), name.clone()));
            }
            let rows: Vec<ScoreRow> = verified
                .lines
                .iter()
                .filter(|l| l.aspect == Aspect::Sid && l.innovation.as_deref() == Some(&result.id))
                .map(|l| score_row(&ctx, l, may_write))
                .collect();
            InnovationBlock {
                open: rows.iter().any(|r| r.key == failed_key),
                href: format!("/kelola/inovasi/{}", result.id),
                score: figure(result.score),
                claimed_score: claimed_scores
                    .get(result.id.as_str())
                    .cloned()
                    .unwrap_or_default(),
                included: result.included,
                reasons: result.reasons.iter().map(|r| sentence(r)).collect(),
                rows,
                editable: may_write,
                id: result.id.clone(),
                name,
            }
        })
        .collect();

    let (checked, what_if, what_if_error) = match &extras.what_if {
        None => (Vec::new(), String::new(), String::new()),
        Some((ids, Ok(result))) => (
            ids.clone(),
            format!(
                "Jika data dukung ini diterima, indeks menjadi {} → {}",
                figure(result.index),
                result.category.label()
            ),
            String::new(),
        ),
        Some((ids, Err(message))) => (ids.clone(), String::new(), message.clone()),
    };
    let checked: HashSet<String> = checked.iter().map(Uuid::to_string).collect();
    let mut evidence: Vec<EvidenceItem> = view
        .answers
        .iter()
        .flat_map(|answer| {
            let aspect = if answer.innovation_id.is_some() {
                Aspect::Sid
            } else {
                Aspect::Spd
            };
            let indicator = indicator_label(&loaded.rubric, aspect, &answer.indicator);
            let innovation = answer
                .innovation_id
                .as_deref()
                .map(|id| innovation_name(loaded, id))
                .unwrap_or_default();
            answer.evidence.iter().map(move |row| {
                let (status, status_class) = status_text(row);
                EvidenceItem {
                    file_href: if row.blob_key.is_some() {
                        format!("/api/v1/evidence/{}/file", row.id)
                    } else {
                        String::new()
                    },
                    file_name: row.file_name.clone().unwrap_or_else(|| "berkas".into()),
                    link: row.link.clone().unwrap_or_default(),
                    letter: letter_text(row),
                    pending: row.status == PENDING,
                    status,
                    status_class,
                    checked: false,
                    id: row.id.clone(),
                    indicator: indicator.clone(),
                    innovation: innovation.clone(),
                }
            })
        })
        .collect();
    for item in &mut evidence {
        item.checked = item.pending && checked.contains(&item.id);
    }
    let has_pending = evidence.iter().any(|e| e.pending);
    let upload = upload_form(loaded, &extras.upload, extras.failure.as_ref(), &writable);

    let (message, message_href) = match &extras.failure {
        Some(Failure::Answer { key, message, .. }) => (
            format!("Jawaban belum disimpan. {message}"),
            format!("#b-{key}"),
        ),
        Some(Failure::Upload { message, .. }) => (
            format!("Data dukung belum disimpan. {message}"),
            "#unggah".to_owned(),
        ),
        None => (String::new(), String::new()),
    };
    let window = &view.window;
    let closed_note = if editable {
        String::new()
    } else if window.published {
        "Masa pelaporan ditutup. Hasil tahun ini sudah dibekukan dan diterbitkan.".into()
    } else if window.frozen {
        "Masa pelaporan ditutup. Hasil tahun ini sudah dibekukan.".into()
    } else {
        "Masa pelaporan ditutup. Jawaban dan data dukung tidak dapat diubah kecuali admin nasional membukanya kembali untuk daerah ini.".into()
    };
    let title = format!("Indeks {} {}", view.region.name, view.year);
    AssessmentPage {
        layout: Layout::new(auth, "indeks", title),
        region_name: view.region.name.clone(),
        region_code: code.to_string(),
        year: view.year.to_string(),
        notice: extras.notice,
        message,
        message_href,
        editable,
        can_edit_region,
        closed_note,
        verified: Figures::of(verified),
        claimed: Figures::of(&view.claimed),
        spd_rows,
        innovations,
        empty_mandatory: verified
            .empty_mandatory
            .iter()
            .map(|c| indicator_label(&loaded.rubric, Aspect::Spd, c))
            .collect(),
        evidence,
        has_pending,
        can_upload: can_edit_region || !writable.is_empty(),
        upload,
        what_if,
        what_if_now: format!(
            "Sekarang {} → {}.",
            figure(verified.index),
            verified.category.label()
        ),
        what_if_error,
        ranking_href: format!("/kelola/indeks/peringkat/{}", view.year),
        queue_href: format!(
            "/kelola/verifikasi?wilayah={}&tahun={}",
            encode(code.as_str()),
            view.year
        ),
        verifies: view.reviewed_by(caller),
        report_href: format!(
            "/api/v1/assessments/{}/{}/report.pdf",
            encode(code.as_str()),
            view.year
        ),
        reopen: (caller.require_national_admin().is_ok() && !window.frozen && !window.open).then(
            || ReopenPanel {
                reopened: view.reopened,
                href: format!("{base}/buka-kembali"),
            },
        ),
        // The assessment page is in Indonesian only.
        history_svg: history_chart(&loaded.history, &view.region.name, Lang::Id),
        history: history_rows(&loaded.history, Lang::Id),
        base,
    }
}

/// The computed indexes of published years as a chart, titled in `lang` (the assessment page,
/// in Indonesian only, passes [`Lang::Id`]).
pub fn history_chart(history: &assessments::History, region_name: &str, lang: Lang) -> String {
    let points: Vec<IndexPoint> = history
        .computed
        .iter()
        .filter_map(|r| {
            Some(IndexPoint {
                year: r.year,
                index: r.index.parse().ok()?,
                category: r.category.clone(),
            })
        })
        .collect();
    let title = match lang {
        Lang::Id => format!("Riwayat indeks inovasi {region_name}"),
        Lang::En => format!("Innovation index history of {region_name}"),
    };
    charts::index_history(&points, &title, lang)
}

/// Computed and published results by year, in `lang`; published ones keep their own scale
/// (and their source and scale notes, as written).
pub fn history_rows(history: &assessments::History, lang: Lang) -> Vec<HistoryRow> {
    let mut rows: Vec<HistoryRow> = history
        .computed
        .iter()
        .map(|r| HistoryRow {
            year: r.year,
            value: decimal_in(&r.index, lang),
            category: category_label_in(&r.category, lang),
            note: lang
                .pick(
                    "Dihitung sistem ini (skala 0–100).",
                    "Computed by this system (0–100 scale).",
                )
                .to_owned(),
        })
        .collect();
    for r in &history.published {
        if rows.iter().any(|row| row.year == r.year) {
            continue;
        }
        let mut note = String::from(lang.pick("Hasil terbit", "Published result"));
        if let Some(scale) = &r.scale_note {
            note.push_str(&format!(" ({scale})"));
        }
        if let Some(source) = &r.source {
            note.push_str(&format!("; {}: {source}", lang.pick("sumber", "source")));
        }
        note.push('.');
        rows.push(HistoryRow {
            year: r.year,
            value: r.value.as_deref().map_or_else(
                || lang.pick("tidak ada data", "no figure").to_owned(),
                |value| decimal_in(value, lang),
            ),
            category: r
                .category
                .as_deref()
                .map_or_else(|| r.label.clone(), |code| category_label_in(code, lang)),
            note,
        });
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.year));
    rows
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReopenForm {
    pub csrf: String,
    /// `1` reopens, `0` closes again.
    pub dibuka: String,
}

/// `POST /kelola/indeks/{kode}/{tahun}/buka-kembali` (national admins).
pub async fn reopen(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((region, year)): Path<(String, String)>,
    Form(form): Form<ReopenForm>,
) -> PageResult {
    let caller = &auth.caller;
    check_csrf(&auth, &form.csrf)?;
    let year = parse_year(&auth, &year)?;
    let reopened = form.dibuka.trim() == "1";
    assessments::reopen(state.app(), caller, &region, year, reopened)
        .await
        .map_err(|e| error_page(&auth, &e))?;
    let outcome = if reopened { "dibuka" } else { "ditutup" };
    Ok(see_other(&format!(
        "{}?hasil={outcome}",
        assessment_href(&region, year)
    )))
}

fn outcome_notice(code: &str) -> &'static str {
    match code {
        "jawaban" => "Jawaban disimpan dan indeks dihitung ulang.",
        "data-dukung" => "Data dukung ditambahkan dan menunggu verifikasi.",
        "dibuka" => "Penilaian daerah ini dibuka kembali; jawaban dan data dukung dapat diubah.",
        "ditutup" => "Penilaian daerah ini ditutup kembali.",
        _ => "",
    }
}

/// The message of a failed step, in sentences.
fn failure_message(error: &ServiceError) -> String {
    match error {
        ServiceError::Validation(errors) => errors
            .iter()
            .map(|(_, m)| sentence(m))
            .collect::<Vec<_>>()
            .join(" "),
        other => sentence(&describe(other).2),
    }
}

/// The page again after a failed step, with the step's status; errors that are no one's
/// typing (the server, the session) get their own page.
async fn failed(
    state: &AppState,
    auth: &Auth,
    caller: &Caller,
    region: &str,
    year: i32,
    error: &ServiceError,
    extras: Extras,
) -> PageResult {
    if matches!(
        error,
        ServiceError::Internal(_) | ServiceError::Unauthenticated
    ) {
        return Err(error_page(auth, error).into());
    }
    let loaded = match load(state.app(), caller, region, year).await {
        Ok(loaded) => loaded,
        Err(load_error) => return Err(error_page(auth, &load_error).into()),
    };
    let status = describe(error).0;
    Ok(render(status, &page(auth, caller, &loaded, extras)))
}

// ---------------------------------------------------------------------------------------------
// Handlers.

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    pub hasil: String,
    /// Preselects the upload form.
    pub indikator: String,
    pub inovasi: String,
}

/// `GET /kelola/indeks/{kode}/{tahun}`.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((region, year)): Path<(String, String)>,
    Query(query): Query<ShowQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let year = parse_year(&auth, &year)?;
    let loaded = load(state.app(), caller, &region, year)
        .await
        .map_err(|e| error_page(&auth, &e))?;
    let extras = Extras {
        notice: outcome_notice(query.hasil.trim()).to_owned(),
        upload: UploadValues {
            indicator: query.indikator.trim().to_owned(),
            innovation_id: query.inovasi.trim().to_owned(),
            ..Default::default()
        },
        ..Default::default()
    };
    Ok(render(
        StatusCode::OK,
        &page(&auth, caller, &loaded, extras),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    pub csrf: String,
    pub indicator: String,
    pub innovation_id: String,
    pub level: String,
    pub note: String,
}

fn subject_of(innovation_id: &str) -> ServiceResult<Subject> {
    match optional(innovation_id) {
        None => Ok(Subject::Region),
        Some(text) => Uuid::parse_str(&text)
            .map(Subject::Innovation)
            .map_err(|_| {
                ServiceError::Validation(FieldErrors::single(
                    "innovation_id",
                    "inovasi tidak dikenal",
                ))
            }),
    }
}

/// Reads a level from a form: a whole number (0–3 is the service's to check).
fn parse_level(text: &str) -> ServiceResult<u8> {
    text.trim().parse::<u8>().map_err(|_| {
        ServiceError::Validation(FieldErrors::single("level", "level harus 0 sampai 3"))
    })
}

/// `POST /kelola/indeks/{kode}/{tahun}/jawaban`: sets a level (and note) for an indicator.
pub async fn answer(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((region, year)): Path<(String, String)>,
    Form(form): Form<AnswerForm>,
) -> PageResult {
    let caller = &auth.caller;
    let year = parse_year(&auth, &year)?;
    check_csrf(&auth, &form.csrf)?;
    let indicator = form.indicator.trim();
    let innovation = optional(&form.innovation_id);
    let key = row_key(innovation.as_deref(), indicator);
    let app = state.app();
    let saved = async {
        let subject = subject_of(&form.innovation_id)?;
        let level = parse_level(&form.level)?;
        let target = Target {
            region: &region,
            year,
            subject,
            indicator,
        };
        assessments::answer(app, caller, &target, level, optional(&form.note).as_deref()).await
    }
    .await;
    match saved {
        Ok(_) => Ok(see_other(&format!(
            "{}?hasil=jawaban#b-{key}",
            assessment_href(&region, year)
        ))),
        Err(error) => {
            let extras = Extras {
                failure: Some(Failure::Answer {
                    key,
                    level: form.level.clone(),
                    note: form.note.clone(),
                    message: failure_message(&error),
                }),
                ..Default::default()
            };
            failed(&state, &auth, caller, &region, year, &error, extras).await
        }
    }
}

/// The fields of the evidence upload form.
#[derive(Default)]
struct Upload {
    csrf: String,
    values: UploadValues,
    file: Option<(String, Vec<u8>)>,
}

async fn read_upload(multipart: Multipart) -> Result<Upload, ServiceError> {
    let mut form = MultipartForm::read(multipart, &["file"])
        .await
        .map_err(|unreadable| unreadable.on_field("file"))?;
    Ok(Upload {
        csrf: form.text("csrf"),
        values: UploadValues {
            indicator: form.text("indicator"),
            innovation_id: form.text("innovation_id"),
            link: form.text("link"),
            letter_number: form.text("letter_number"),
            letter_date: form.text("letter_date"),
            letter_subject: form.text("letter_subject"),
        },
        file: form.take_file("file").map(|file| {
            (
                file.file_name.unwrap_or_else(|| "berkas".into()),
                file.bytes,
            )
        }),
    })
}

/// `POST /kelola/indeks/{kode}/{tahun}/data-dukung` (multipart): adds evidence to an answer.
pub async fn add_evidence(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((region, year)): Path<(String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let caller = &auth.caller;
    let year = parse_year(&auth, &year)?;
    let read = match multipart {
        Ok(multipart) => read_upload(multipart).await,
        Err(_) => Err(ServiceError::BadInput(
            "kirim data dukung melalui formulir unggah di halaman penilaian".into(),
        )),
    };
    let upload = match read {
        Ok(upload) => upload,
        Err(error) => {
            let extras = Extras {
                failure: Some(Failure::Upload {
                    errors: match &error {
                        ServiceError::Validation(errors) => errors.clone(),
                        _ => FieldErrors::new(),
                    },
                    message: failure_message(&error),
                }),
                ..Default::default()
            };
            return failed(&state, &auth, caller, &region, year, &error, extras).await;
        }
    };
    check_csrf(&auth, &upload.csrf)?;
    let values = upload.values;
    let app = state.app();
    let saved = async {
        let subject = subject_of(&values.innovation_id)?;
        let indicator = values.indicator.trim();
        if indicator.is_empty() {
            return Err(ServiceError::Validation(FieldErrors::single(
                "indicator",
                "pilih indikator yang didukung",
            )));
        }
        let input = EvidenceInput {
            file: upload.file,
            link: optional(&values.link),
            letter_number: optional(&values.letter_number),
            letter_date: optional(&values.letter_date),
            letter_subject: optional(&values.letter_subject),
        };
        let target = Target {
            region: &region,
            year,
            subject,
            indicator,
        };
        assessments::add_evidence(app, caller, &target, &input).await
    }
    .await;
    match saved {
        Ok(_) => Ok(see_other(&format!(
            "{}?hasil=data-dukung#data-dukung",
            assessment_href(&region, year)
        ))),
        Err(error) => {
            let mut message = failure_message(&error);
            if matches!(error, ServiceError::Validation(_)) {
                message.push_str(" Bila tadi memilih berkas, pilih berkasnya lagi.");
            }
            let extras = Extras {
                failure: Some(Failure::Upload {
                    errors: match &error {
                        ServiceError::Validation(errors) => errors.clone(),
                        _ => FieldErrors::new(),
                    },
                    message,
                }),
                upload: values,
                ..Default::default()
            };
            failed(&state, &auth, caller, &region, year, &error, extras).await
        }
    }
}

/// `GET /kelola/indeks/{kode}/{tahun}/bagaimana-jika?bukti=…&bukti=…`: the page with the
/// verified index as it would be if the ticked evidence were accepted.
pub async fn what_if(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((region, year)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let year = parse_year(&auth, &year)?;
    let app = state.app();
    let ids: Vec<Uuid> = pairs
        .iter()
        .filter(|(key, _)| key == "bukti")
        .filter_map(|(_, value)| Uuid::parse_str(value.trim()).ok())
        .collect();
    let loaded = load(app, caller, &region, year)
        .await
        .map_err(|e| error_page(&auth, &e))?;
    let result = if ids.is_empty() {
        Err("Centang paling sedikit satu data dukung yang menunggu verifikasi.".to_owned())
    } else {
        match assessments::what_if(app, caller, &region, year, &ids).await {
            Ok(evaluation) => Ok(evaluation),
            Err(error @ (ServiceError::Internal(_) | ServiceError::Unauthenticated)) => {
                return Err(error_page(&auth, &error).into());
            }
            Err(error) => Err(failure_message(&error)),
        }
    };
    let extras = Extras {
        what_if: Some((ids, result)),
        ..Default::default()
    };
    Ok(render(
        StatusCode::OK,
        &page(&auth, caller, &loaded, extras),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(status: &str, note: Option<&str>) -> EvidenceRow {
        EvidenceRow {
            id: Uuid::now_v7().to_string(),
            answer_id: String::new(),
            subject: String::new(),
            indicator: "1".into(),
            region_code: "65.01".into(),
            year: 2026,
            blob_key: None,
            file_name: None,
            content_type: None,
            size: None,
            link: Some("https://contoh.go.id".into()),
            letter_number: None,
            letter_date: None,
            letter_subject: None,
            status: status.into(),
            review_note: note.map(str::to_owned),
            created_at: String::new(),
            created_by: None,
        }
    }

    #[test]
    fn evidence_states_read_in_indonesian() {
        assert_eq!(evidence_state(&[]).0, "belum ada");
        assert_eq!(
            evidence_state(&[evidence(PENDING, None)]).0,
            "menunggu verifikasi"
        );
        assert_eq!(
            evidence_state(&[evidence(RETURNED, Some("surat tidak terbaca"))]).0,
            "dikembalikan: surat tidak terbaca"
        );
        assert_eq!(
            evidence_state(&[evidence(RETURNED, Some("x")), evidence(ACCEPTED, None)]).0,
            "diterima"
        );
    }

    #[test]
    fn rows_have_unique_keys_and_levels_their_texts() {
        assert_eq!(row_key(None, "2a"), "spd-2a");
        assert_eq!(row_key(Some("abc"), "16"), "abc-16");
        let rubric = lumbung_domain::index::built_in(2026).unwrap();
        let first = rubric.indicator(Aspect::Spd, "1");
        assert_eq!(level_text(first, 0), "Belum diisi");
        assert!(level_text(first, 3).starts_with("3 — "));
        let options = level_options(first, "2");
        assert_eq!(options.len(), 4);
        assert!(options[2].selected);
        assert_eq!(parse_level(" 3 ").unwrap(), 3);
        assert!(parse_level("tiga").is_err());
    }
}
