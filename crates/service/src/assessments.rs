//! Stored assessments of the regional innovation index: answers and their evidence, review
//! by verifiers, the reporting window, results kept in step with every change, rankings,
//! what-if, and results published in earlier years.
//!
//! Every write recomputes the region's result in the same transaction (one region's
//! evaluation takes milliseconds), so a ranking is a plain query and never stale.

use std::collections::{BTreeMap, HashMap};

use lumbung_domain::FieldErrors;
use lumbung_domain::index::{
    self, Answer, Aspect, Evaluation, Evidence, InnovationAnswers, Projection, RegionAnswers,
    Rubric,
};
use lumbung_domain::parse::parse_date;
use lumbung_domain::region::{Region, RegionCode, RegionKind};
use lumbung_store::assessments::{
    self as store, ACCEPTED, Assessment, EvidenceRow, HistoricResult, IndexYear, NewEvidence,
    REGION_SUBJECT, RETURNED, Ranked, ResultRow, YearResult,
};
use lumbung_store::{Conn, innovations, regions};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// Whose answer: the region's own (SPD) or one innovation's (SID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Region,
    Innovation(Uuid),
}

impl Subject {
    fn key(self) -> String {
        match self {
            Subject::Region => REGION_SUBJECT.to_owned(),
            Subject::Innovation(id) => id.to_string(),
        }
    }

    fn aspect(self) -> Aspect {
        match self {
            Subject::Region => Aspect::Spd,
            Subject::Innovation(_) => Aspect::Sid,
        }
    }
}

/// One answer's place: a region's assessment of a year, whose answer, which indicator.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub region: &'a str,
    pub year: i32,
    pub subject: Subject,
    pub indicator: &'a str,
}

/// The rubric of a year: one loaded for that year, else the built-in one.
pub(crate) async fn rubric_for(conn: &mut Conn, year: i32) -> ServiceResult<Rubric> {
    match store::get_rubric(conn, year).await? {
        Some(body) => Rubric::from_json(&body).map_err(ServiceError::internal),
        None => crate::index::rubric(year),
    }
}

/// Loads a rubric for a year from its JSON (national admins). Results of that year are
/// recomputed under it.
pub async fn load_rubric(
    app: &App,
    caller: &Caller,
    year: i32,
    text: &str,
) -> ServiceResult<Rubric> {
    caller.require_national_admin()?;
    let rubric = Rubric::from_json(text).map_err(|e| ServiceError::BadInput(e.to_string()))?;
    if rubric.year != year {
        return Err(ServiceError::BadInput(format!(
            "rubrik untuk tahun {} dikirim untuk tahun {year}",
            rubric.year
        )));
    }
    let mut tx = app.db.begin().await?;
    let body = serde_json::to_string(&rubric).map_err(ServiceError::internal)?;
    store::put_rubric(&mut tx, rubric.year, &body).await?;
    for assessment in store::assessments_of_year(&mut tx, rubric.year).await? {
        recompute(&mut tx, &assessment, &rubric).await?;
    }
    audit::record(
        &mut tx,
        caller,
        "load",
        "rubric",
        &rubric.year.to_string(),
        None,
        json!({"year": rubric.year}),
    )
    .await?;
    tx.commit().await?;
    Ok(rubric)
}

/// The evidence state of each answer: accepted if any piece is accepted, pending if any
/// piece is present, else missing.
fn evidence_states(evidence: &[EvidenceRow], accept_also: &[Uuid]) -> HashMap<String, Evidence> {
    let mut states: HashMap<String, Evidence> = HashMap::new();
    for row in evidence {
        let accepted = row.status == ACCEPTED
            || Uuid::parse_str(&row.id).is_ok_and(|id| accept_also.contains(&id));
        let state = if accepted {
            Evidence::Accepted
        } else {
            Evidence::Pending
        };
        let entry = states
            .entry(row.answer_id.clone())
            .or_insert(Evidence::Missing);
        if state == Evidence::Accepted || *entry == Evidence::Missing {
            *entry = state;
        }
    }
    states
}

/// The engine's input for an assessment, from what is stored.
async fn inputs(
    conn: &mut Conn,
    assessment: &Assessment,
    accept_also: &[Uuid],
) -> ServiceResult<(RegionAnswers, Vec<InnovationAnswers>)> {
    let answers = store::answers(conn, assessment.id).await?;
    let evidence = store::evidence_of(conn, assessment.id).await?;
    let states = evidence_states(&evidence, accept_also);
    let mut by_subject: BTreeMap<String, BTreeMap<String, Answer>> = BTreeMap::new();
    for row in answers {
        let answer = Answer {
            level: u8::try_from(row.level).map_err(ServiceError::internal)?,
            evidence: states.get(&row.id).copied().unwrap_or(Evidence::Missing),
        };
        by_subject
            .entry(row.subject)
            .or_default()
            .insert(row.indicator, answer);
    }
    let region = RegionAnswers {
        answers: by_subject.remove(REGION_SUBJECT).unwrap_or_default(),
    };
    let date = |text: Option<String>| {
        text.and_then(|t| chrono::NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
    };
    let innovations = store::innovations_of(conn, &assessment.region_code)
        .await?
        .into_iter()
        .map(|facts| InnovationAnswers {
            answers: by_subject.remove(&facts.id).unwrap_or_default(),
            id: facts.id,
            affairs: facts.main_affair.into_iter().collect(),
            implementation_start: date(facts.implementation_date),
            latest_development: date(facts.latest_development),
            design_words: None,
            design: Some(facts.design),
        })
        .collect();
    Ok((region, innovations))
}

fn evaluate(
    rubric: &Rubric,
    inputs: &(RegionAnswers, Vec<InnovationAnswers>),
    projection: Projection,
) -> ServiceResult<Evaluation> {
    index::evaluate(rubric, &inputs.0, &inputs.1, projection, true).map_err(ServiceError::internal)
}

fn result_row(assessment: &Assessment, evaluation: &Evaluation, projection: &str) -> ResultRow {
    ResultRow {
        region_code: assessment.region_code.to_string(),
        year: assessment.year,
        projection: projection.to_owned(),
        spd: format!("{:.2}", evaluation.spd),
        sid: format!("{:.2}", evaluation.sid),
        total: format!("{:.2}", evaluation.total),
        index: format!("{:.2}", evaluation.index),
        category: evaluation.category.code().to_owned(),
        included: evaluation.included as i64,
    }
}

/// Recomputes an assessment under the rubric and stores both projections.
async fn recompute(
    conn: &mut Conn,
    assessment: &Assessment,
    rubric: &Rubric,
) -> ServiceResult<(Evaluation, Evaluation)> {
    let inputs = inputs(conn, assessment, &[]).await?;
    let verified = evaluate(rubric, &inputs, Projection::Verified)?;
    let claimed = evaluate(rubric, &inputs, Projection::Claimed)?;
    store::upsert_result(conn, &result_row(assessment, &verified, "verified")).await?;
    store::upsert_result(conn, &result_row(assessment, &claimed, "claimed")).await?;
    Ok((verified, claimed))
}

/// One answer with its evidence, as the assessment form shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    /// Absent for a region (SPD) answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub innovation_id: Option<String>,
    pub indicator: String,
    pub level: i64,
    pub note: Option<String>,
    pub evidence: Vec<EvidenceRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssessmentView {
    pub region: Region,
    pub year: i32,
    pub window: IndexYear,
    pub reopened: bool,
    /// Whether answers and evidence can still change.
    pub editable: bool,
    pub answers: Vec<AnswerView>,
    /// What counts once verified (accepted evidence).
    pub verified: Evaluation,
    /// What the region claims (evidence present).
    pub claimed: Evaluation,
    pub historic: Vec<HistoricResult>,
}

impl AssessmentView {
    /// Whether the caller accepts or returns this region's evidence: its verifiers.
    pub fn reviewed_by(&self, caller: &Caller) -> bool {
        caller.actor.can_review(&self.region.code)
    }
}

fn editable(window: &IndexYear, assessment: &Assessment) -> bool {
    (window.open && !window.frozen) || assessment.reopened
}

fn parse_region(code: &str) -> ServiceResult<RegionCode> {
    RegionCode::parse(code).map_err(ServiceError::BadInput)
}

/// A region's assessment of a year with both projections, line by line.
pub async fn view(
    app: &App,
    caller: &Caller,
    region: &str,
    year: i32,
) -> ServiceResult<AssessmentView> {
    let code = parse_region(region)?;
    if !caller.actor.can_see_region(&code) {
        return Err(ServiceError::NotFound("penilaian"));
    }
    let mut tx = app.db.begin().await?;
    let region = regions::get(&mut tx, &code)
        .await
        .map_err(|_| ServiceError::NotFound("wilayah"))?;
    let rubric = rubric_for(&mut tx, year).await?;
    let assessment = store::get_or_create(&mut tx, &code, year).await?;
    let (verified, claimed) = recompute(&mut tx, &assessment, &rubric).await?;
    let window = store::get_year(&mut tx, year).await?;
    let evidence = store::evidence_of(&mut tx, assessment.id).await?;
    let answers = store::answers(&mut tx, assessment.id)
        .await?
        .into_iter()
        .map(|row| AnswerView {
            innovation_id: (row.subject != REGION_SUBJECT).then(|| row.subject.clone()),
            evidence: evidence
                .iter()
                .filter(|e| e.answer_id == row.id)
                .cloned()
                .collect(),
            indicator: row.indicator,
            level: row.level,
            note: row.note,
        })
        .collect();
    let historic = store::historic_of(&mut tx, &code).await?;
    tx.commit().await?;
    Ok(AssessmentView {
        editable: editable(&window, &assessment),
        reopened: assessment.reopened,
        region,
        year,
        window,
        answers,
        verified,
        claimed,
        historic,
    })
}

/// Checks that the caller may answer for `subject` in `region` and that the window allows it.
async fn writable(
    conn: &mut Conn,
    caller: &Caller,
    region: &RegionCode,
    year: i32,
    subject: Subject,
) -> ServiceResult<Assessment> {
    match subject {
        Subject::Region => {
            if !caller.actor.can_manage_region(region) {
                return Err(ServiceError::forbidden());
            }
        }
        Subject::Innovation(id) => {
            let innovation = innovations::get(conn, id)
                .await
                .map_err(|_| ServiceError::NotFound("inovasi"))?;
            if &innovation.region.code != region {
                return Err(ServiceError::BadInput(format!(
                    "inovasi ini milik wilayah {}, bukan {region}",
                    innovation.region.code
                )));
            }
            if !caller
                .actor
                .can_write_innovation(region, innovation.agency.id)
            {
                return Err(ServiceError::forbidden());
            }
        }
    }
    let assessment = store::get_or_create(conn, region, year).await?;
    let window = store::get_year(conn, year).await?;
    if !editable(&window, &assessment) {
        return Err(ServiceError::Conflict(format!(
            "masa pelaporan indeks {year} sudah ditutup; minta admin nasional membukanya kembali"
        )));
    }
    Ok(assessment)
}

/// Sets a level (0–3) for an indicator. A change by someone who is not a verifier puts the
/// answer's accepted evidence back to pending: what was verified is no longer what is claimed.
pub async fn answer(
    app: &App,
    caller: &Caller,
    target: &Target<'_>,
    level: u8,
    note: Option<&str>,
) -> ServiceResult<Evaluation> {
    let Target {
        region,
        year,
        subject,
        indicator,
    } = *target;
    let code = parse_region(region)?;
    let mut tx = app.db.begin().await?;
    let rubric = rubric_for(&mut tx, year).await?;
    if rubric.indicator(subject.aspect(), indicator).is_none() {
        return Err(ServiceError::Validation(FieldErrors::single(
            "indicator",
            format!("indikator \"{indicator}\" tidak ada dalam rubrik {year} untuk bagian ini"),
        )));
    }
    if level > 3 {
        return Err(ServiceError::Validation(FieldErrors::single(
            "level",
            "level harus 0 sampai 3",
        )));
    }
    let assessment = writable(&mut tx, caller, &code, year, subject).await?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let (answer, previous) = store::upsert_answer(
        &mut tx,
        assessment.id,
        &subject.key(),
        indicator,
        level,
        note,
        caller.user_id(),
    )
    .await?;
    let mut reset = 0;
    if previous != Some(level) && !caller.actor.is_verifier_of(&code) {
        reset = store::reset_accepted(&mut tx, answer).await?;
    }
    let (verified, _) = recompute(&mut tx, &assessment, &rubric).await?;
    audit::record(
        &mut tx,
        caller,
        "answer",
        "assessment",
        &assessment.id.to_string(),
        Some(code.as_str()),
        json!({"subject": subject.key(), "indicator": indicator, "level": {"from": previous, "to": level},
               "evidence_back_to_pending": reset}),
    )
    .await?;
    tx.commit().await?;
    Ok(verified)
}

/// Evidence as a caller sends it: a file (checked by content) and/or a link, with the letter
/// it rests on.
#[derive(Debug, Clone, Default)]
pub struct EvidenceInput {
    pub file: Option<(String, Vec<u8>)>,
    pub link: Option<String>,
    pub letter_number: Option<String>,
    pub letter_date: Option<String>,
    pub letter_subject: Option<String>,
}

/// Adds evidence to an answer (creating the answer at level 0 if needed). New evidence waits
/// for a verifier; a new piece from someone who is not a verifier also puts the answer's
/// accepted evidence back to pending.
pub async fn add_evidence(
    app: &App,
    caller: &Caller,
    target: &Target<'_>,
    input: &EvidenceInput,
) -> ServiceResult<Uuid> {
    let Target {
        region,
        year,
        subject,
        indicator,
    } = *target;
    let code = parse_region(region)?;
    let mut errors = FieldErrors::new();
    let text = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let link = text(&input.link);
    if let Some(link) = &link
        && !(link.starts_with("https://") || link.starts_with("http://"))
    {
        errors.add("link", "tautan harus diawali http:// atau https://");
    }
    let file_kind = match &input.file {
        Some((_, bytes)) => lumbung_domain::evidence_file::check_upload(bytes)
            .map(Some)
            .unwrap_or_else(|e| {
                errors.add("file", e);
                None
            }),
        None => None,
    };
    if input.file.is_none() && link.is_none() {
        errors.add("file", "unggah berkas atau isi tautan data dukung");
    }
    let letter_date = text(&input.letter_date).and_then(|d| {
        parse_date(&d)
            .map_err(|e| errors.add("letter_date", e))
            .ok()
    });
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let id = Uuid::now_v7();
    // The file is written before the transaction (an upload to S3 must not hold SQLite's
    // write lock) under a staging key, and moved in place after the commit.
    let staged = match (&input.file, file_kind) {
        (Some((_, bytes)), Some(kind)) => {
            let key = lumbung_store::blobs::Blobs::key_for("evidence", id, kind.extension());
            Some(app.blobs.stage(&key, bytes.clone()).await?)
        }
        _ => None,
    };
    let mut tx = app.db.begin().await?;
    let rubric = rubric_for(&mut tx, year).await?;
    if rubric.indicator(subject.aspect(), indicator).is_none() {
        return Err(ServiceError::Validation(FieldErrors::single(
            "indicator",
            format!("indikator \"{indicator}\" tidak ada dalam rubrik {year} untuk bagian ini"),
        )));
    }
    let assessment = writable(&mut tx, caller, &code, year, subject).await?;
    let answer = store::ensure_answer(
        &mut tx,
        assessment.id,
        &subject.key(),
        indicator,
        caller.user_id(),
    )
    .await?;
    let (blob_key, file_name, content_type, size) = match (&input.file, file_kind, &staged) {
        (Some((name, bytes)), Some(kind), Some(staged)) => (
            Some(staged.key().to_owned()),
            Some(name.clone()),
            Some(kind.mime().to_owned()),
            Some(bytes.len() as i64),
        ),
        _ => (None, None, None, None),
    };
    if !caller.actor.is_verifier_of(&code) {
        store::reset_accepted(&mut tx, answer).await?;
    }
    let evidence = store::insert_evidence(
        &mut tx,
        &NewEvidence {
            id,
            answer_id: answer,
            blob_key: blob_key.as_deref(),
            file_name: file_name.as_deref(),
            content_type: content_type.as_deref(),
            size,
            link: link.as_deref(),
            letter_number: text(&input.letter_number).as_deref(),
            letter_date,
            letter_subject: text(&input.letter_subject).as_deref(),
            created_by: caller.user_id(),
        },
    )
    .await?;
    recompute(&mut tx, &assessment, &rubric).await?;
    audit::record(
        &mut tx,
        caller,
        "add_evidence",
        "assessment",
        &assessment.id.to_string(),
        Some(code.as_str()),
        json!({"evidence": evidence, "subject": subject.key(), "indicator": indicator, "file": file_name, "link": link}),
    )
    .await?;
    tx.commit().await?;
    if let Some(staged) = staged {
        staged.publish().await;
    }
    Ok(evidence)
}

/// A verifier accepts evidence, or returns it with a note saying what is wrong.
pub async fn review(
    app: &App,
    caller: &Caller,
    evidence: Uuid,
    accept: bool,
    note: Option<&str>,
) -> ServiceResult<EvidenceRow> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if !accept && note.is_none() {
        return Err(ServiceError::Validation(FieldErrors::single(
            "note",
            "tuliskan catatan mengapa data dukung dikembalikan",
        )));
    }
    let mut tx = app.db.begin().await?;
    let row = store::get_evidence(&mut tx, evidence)
        .await
        .map_err(|_| ServiceError::NotFound("data dukung"))?;
    let region = parse_region(&row.region_code)?;
    if !caller.actor.can_review(&region) {
        return Err(ServiceError::Forbidden(
            "hanya verifikator wilayah ini yang menerima atau mengembalikan data dukung".into(),
        ));
    }
    if row.created_by.is_some() && row.created_by == caller.user_id().map(|id| id.to_string()) {
        return Err(ServiceError::Forbidden(
            "Anda tidak dapat memeriksa data dukung yang Anda unggah sendiri".into(),
        ));
    }
    let year = i32::try_from(row.year).map_err(ServiceError::internal)?;
    let status = if accept { ACCEPTED } else { RETURNED };
    store::review_evidence(&mut tx, evidence, status, note, caller.user_id()).await?;
    let assessment = store::get_or_create(&mut tx, &region, year).await?;
    let rubric = rubric_for(&mut tx, year).await?;
    recompute(&mut tx, &assessment, &rubric).await?;
    audit::record(
        &mut tx,
        caller,
        if accept {
            "accept_evidence"
        } else {
            "return_evidence"
        },
        "evidence",
        &evidence.to_string(),
        Some(region.as_str()),
        json!({"status": {"from": row.status, "to": status}, "note": note}),
    )
    .await?;
    let row = store::get_evidence(&mut tx, evidence).await?;
    tx.commit().await?;
    Ok(row)
}

/// The file of a piece of evidence, for those who may see the region's assessment.
pub async fn evidence_file(
    app: &App,
    caller: &Caller,
    evidence: Uuid,
) -> ServiceResult<(String, String, Vec<u8>)> {
    let mut conn = app.db.read().await?;
    let row = store::get_evidence(&mut conn, evidence)
        .await
        .map_err(|_| ServiceError::NotFound("data dukung"))?;
    if !caller
        .actor
        .can_see_region(&parse_region(&row.region_code)?)
    {
        return Err(ServiceError::NotFound("data dukung"));
    }
    let (Some(key), Some(name), Some(content_type)) =
        (row.blob_key, row.file_name, row.content_type)
    else {
        return Err(ServiceError::NotFound("berkas data dukung"));
    };
    let bytes = app.blobs.get(&key).await?;
    Ok((name, content_type, bytes))
}

/// Evidence waiting for review in the caller's regions.
pub async fn queue(
    app: &App,
    caller: &Caller,
    region: &str,
    year: i32,
) -> ServiceResult<Vec<EvidenceRow>> {
    let code = parse_region(region)?;
    if !caller.actor.can_review(&code) {
        return Err(ServiceError::forbidden());
    }
    let mut conn = app.db.read().await?;
    Ok(store::pending_in(&mut conn, &code, year).await?)
}

/// The verified result if the listed evidence were accepted too.
pub async fn what_if(
    app: &App,
    caller: &Caller,
    region: &str,
    year: i32,
    accept: &[Uuid],
) -> ServiceResult<Evaluation> {
    let code = parse_region(region)?;
    if !caller.actor.can_see_region(&code) {
        return Err(ServiceError::NotFound("penilaian"));
    }
    let mut conn = app.db.read().await?;
    let rubric = rubric_for(&mut conn, year).await?;
    let Some(assessment) = store::find(&mut conn, &code, year).await? else {
        return Err(ServiceError::NotFound("penilaian"));
    };
    let inputs = inputs(&mut conn, &assessment, accept).await?;
    evaluate(&rubric, &inputs, Projection::Verified)
}

/// A ranking of a year: the nation, a province's regions, optionally one cluster (provinsi,
/// kabupaten, kota). Public once the year is published; before that, for those who see the
/// region.
pub async fn ranking(
    app: &App,
    caller: &Caller,
    year: i32,
    within: Option<&str>,
    cluster: Option<&str>,
    claimed: bool,
) -> ServiceResult<Vec<Ranked>> {
    let within = within
        .map(parse_region)
        .transpose()?
        .unwrap_or_else(RegionCode::nation);
    let kind = cluster
        .map(|c| match RegionKind::from_code(c.trim()) {
            Some(kind @ (RegionKind::Province | RegionKind::Regency | RegionKind::City)) => {
                Ok(kind)
            }
            _ => Err(ServiceError::BadInput(format!(
                "klaster \"{c}\" tidak dikenal; pilih provinsi, kabupaten atau kota"
            ))),
        })
        .transpose()?;
    let mut conn = app.db.read().await?;
    let window = store::get_year(&mut conn, year).await?;
    let public = window.published && !claimed;
    if !public && !caller.actor.can_see_region(&within) {
        return Err(ServiceError::Forbidden(
            "peringkat tahun ini belum diterbitkan".into(),
        ));
    }
    let projection = if claimed { "claimed" } else { "verified" };
    Ok(store::ranking(&mut conn, year, projection, &within, kind).await?)
}

/// What an admin does to a year's reporting window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowAction {
    Open,
    Close,
    /// Recompute every assessment and fix the results.
    Freeze,
    /// Make the frozen results public.
    Publish,
}

pub async fn set_window(
    app: &App,
    caller: &Caller,
    year: i32,
    action: WindowAction,
) -> ServiceResult<IndexYear> {
    caller.require_national_admin()?;
    let mut tx = app.db.begin().await?;
    let current = store::get_year(&mut tx, year).await?;
    match action {
        WindowAction::Open | WindowAction::Close if current.frozen => {
            return Err(ServiceError::Conflict(format!(
                "hasil indeks {year} sudah dibekukan"
            )));
        }
        WindowAction::Open => store::set_year_open(&mut tx, year, true).await?,
        WindowAction::Close => store::set_year_open(&mut tx, year, false).await?,
        WindowAction::Freeze => {
            let rubric = rubric_for(&mut tx, year).await?;
            for assessment in store::assessments_of_year(&mut tx, year).await? {
                recompute(&mut tx, &assessment, &rubric).await?;
                if assessment.reopened {
                    store::set_reopened(&mut tx, assessment.id, false).await?;
                }
            }
            store::mark_year(&mut tx, year, false).await?;
        }
        WindowAction::Publish if !current.frozen => {
            return Err(ServiceError::Conflict(
                "bekukan hasil sebelum menerbitkannya".into(),
            ));
        }
        WindowAction::Publish => store::mark_year(&mut tx, year, true).await?,
    }
    audit::record(
        &mut tx,
        caller,
        &format!("{action:?}").to_lowercase(),
        "index_year",
        &year.to_string(),
        None,
        json!({}),
    )
    .await?;
    let state = store::get_year(&mut tx, year).await?;
    tx.commit().await?;
    Ok(state)
}

/// The state of a year's reporting window (public: it says when results are out).
pub async fn window(app: &App, year: i32) -> ServiceResult<IndexYear> {
    let mut conn = app.db.read().await?;
    Ok(store::get_year(&mut conn, year).await?)
}

/// One piece of an innovation's evidence as the public sees it, with its indicator's name.
#[derive(Debug, Clone, Serialize)]
pub struct PublicEvidenceView {
    pub year: i64,
    pub indicator: String,
    pub indicator_name: String,
    pub level: i64,
    pub link: Option<String>,
    pub letter_number: Option<String>,
    pub letter_date: Option<String>,
    pub letter_subject: Option<String>,
    /// The file's name; the file itself stays with the region and its verifiers.
    pub file_name: Option<String>,
}

/// The evidence of a published innovation that backs its published index answers: accepted
/// by a verifier, in years whose results are published. Nothing for anything unpublished.
pub async fn public_evidence(
    app: &App,
    innovation: Uuid,
) -> ServiceResult<Vec<PublicEvidenceView>> {
    let mut conn = app.db.read().await?;
    match innovations::get(&mut conn, innovation).await {
        Ok(found) if found.status == lumbung_domain::innovation::Status::Published => {}
        Ok(_) | Err(lumbung_store::StoreError::NotFound) => return Ok(Vec::new()),
        Err(error) => return Err(error.into()),
    }
    let rows = store::public_evidence_of(&mut conn, innovation).await?;
    let mut rubrics: HashMap<i64, Rubric> = HashMap::new();
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        if let std::collections::hash_map::Entry::Vacant(slot) = rubrics.entry(row.year) {
            let year = i32::try_from(row.year).map_err(ServiceError::internal)?;
            slot.insert(rubric_for(&mut conn, year).await?);
        }
        let indicator_name = rubrics
            .get(&row.year)
            .and_then(|r| r.indicator(Aspect::Sid, &row.indicator))
            .map(|i| i.name.clone())
            .unwrap_or_default();
        views.push(PublicEvidenceView {
            year: row.year,
            indicator: row.indicator,
            indicator_name,
            level: row.level,
            link: row.link,
            letter_number: row.letter_number,
            letter_date: row.letter_date,
            letter_subject: row.letter_subject,
            file_name: row.file_name,
        });
    }
    Ok(views)
}

/// Reopens (or closes again) one region's assessment after the window closed.
pub async fn reopen(
    app: &App,
    caller: &Caller,
    region: &str,
    year: i32,
    reopened: bool,
) -> ServiceResult<()> {
    caller.require_national_admin()?;
    let code = parse_region(region)?;
    let mut tx = app.db.begin().await?;
    if store::get_year(&mut tx, year).await?.frozen {
        return Err(ServiceError::Conflict(format!(
            "hasil indeks {year} sudah dibekukan"
        )));
    }
    let assessment = store::get_or_create(&mut tx, &code, year).await?;
    store::set_reopened(&mut tx, assessment.id, reopened).await?;
    audit::record(
        &mut tx,
        caller,
        if reopened { "reopen" } else { "close" },
        "assessment",
        &assessment.id.to_string(),
        Some(code.as_str()),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Imports results published in past years, as they were: CSV with `kode_wilayah, tahun,
/// nilai, label` and optionally `keterangan_skala, sumber`. An empty value is "no data".
pub async fn import_historic(app: &App, caller: &Caller, bytes: &[u8]) -> ServiceResult<usize> {
    caller.require_national_admin()?;
    let table = lumbung_reports::read_table(bytes)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut tx = app.db.begin().await?;
    for row in &table.rows {
        let cell = |name: &str| row.get(table.column(name)).to_owned();
        let mut fail = |column: &str, reason: String| {
            errors.push(crate::RowError {
                row: row.number,
                column: column.into(),
                reason,
            });
        };
        let code = RegionCode::parse(&cell("kode_wilayah"))
            .map_err(|e| fail("kode_wilayah", e))
            .ok();
        if let Some(code) = &code
            && !regions::exists(&mut tx, code).await?
        {
            fail("kode_wilayah", format!("wilayah {code} belum terdaftar"));
        }
        let year = cell("tahun")
            .parse::<i64>()
            .map_err(|_| fail("tahun", "tahun harus berupa angka".into()))
            .ok();
        let value = Some(cell("nilai")).filter(|v| !v.is_empty());
        if let Some(value) = &value
            && value.replace(',', ".").parse::<f64>().is_err()
        {
            fail("nilai", format!("nilai \"{value}\" bukan angka"));
        }
        let label = cell("label");
        let category = category_of_label(&label, value.is_none());
        if let (Some(code), Some(year)) = (code, year) {
            rows.push(HistoricResult {
                region_code: code.to_string(),
                year,
                value: value.map(|v| v.replace(',', ".")),
                label: if label.is_empty() {
                    "kosong".into()
                } else {
                    label
                },
                category: category.map(|c| c.code().to_owned()),
                scale_note: Some(cell("keterangan_skala")).filter(|v| !v.is_empty()),
                source: Some(cell("sumber")).filter(|v| !v.is_empty()),
            });
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::ImportRejected {
            message: "ada baris yang tidak valid; tidak ada yang disimpan".into(),
            rows: errors,
        });
    }
    for row in &rows {
        store::upsert_historic(&mut tx, row).await?;
    }
    audit::record(
        &mut tx,
        caller,
        "import",
        "historic_result",
        "*",
        None,
        json!({"rows": rows.len()}),
    )
    .await?;
    tx.commit().await?;
    Ok(rows.len())
}

/// The category a published label names; "kosong" or no value is not assessable.
pub(crate) fn category_of_label(label: &str, no_value: bool) -> Option<index::IndexCategory> {
    use index::IndexCategory::*;
    let key = lumbung_domain::parse::label_key(label);
    [VeryInnovative, Innovative, LessInnovative, NotAssessable]
        .into_iter()
        .find(|c| lumbung_domain::parse::label_key(c.label()) == key)
        .or_else(|| {
            (no_value || key == "kosong" || key == "tidak ada data").then_some(NotAssessable)
        })
}

/// A region's index history: computed results and published ones on their own scale.
#[derive(Debug, Clone, Serialize)]
pub struct History {
    /// Results of published years.
    pub computed: Vec<YearResult>,
    pub published: Vec<HistoricResult>,
}

pub async fn history(app: &App, region: &str) -> ServiceResult<History> {
    let code = parse_region(region)?;
    let mut conn = app.db.read().await?;
    let mut computed = Vec::new();
    for result in store::results_of(&mut conn, &code, "verified").await? {
        let year = i32::try_from(result.year).map_err(ServiceError::internal)?;
        if store::get_year(&mut conn, year).await?.published {
            computed.push(result);
        }
    }
    Ok(History {
        computed,
        published: store::historic_of(&mut conn, &code).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_labels_become_categories() {
        use index::IndexCategory::*;
        assert_eq!(
            category_of_label("Kurang Inovatif", false),
            Some(LessInnovative)
        );
        assert_eq!(
            category_of_label("SANGAT INOVATIF", false),
            Some(VeryInnovative)
        );
        assert_eq!(category_of_label("kosong", true), Some(NotAssessable));
        assert_eq!(category_of_label("Istimewa", false), None);
    }
}

/// What a finished replication did to its owner's assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexFeed {
    pub region: RegionCode,
    pub year: i32,
    pub indicator: String,
    pub level: u8,
    /// Why nothing was written, when the year's reporting window is closed.
    pub skipped: Option<String>,
}

/// Writes an innovation's level on an indicator from data the platform verified itself (a
/// replication signed off by owner, adopter and verifier), with a link as accepted evidence,
/// and recomputes. Runs in the caller's transaction; a closed window writes nothing and says
/// so.
/// A level the platform verified itself, with where it comes from.
pub(crate) struct VerifiedLevel<'a> {
    pub innovation: Uuid,
    pub region: &'a RegionCode,
    pub year: i32,
    pub indicator: &'a str,
    pub level: u8,
    /// The page of the record that proves it.
    pub link: &'a str,
    pub note: &'a str,
}

pub(crate) async fn feed_verified_level(
    conn: &mut Conn,
    caller: &Caller,
    verified: &VerifiedLevel<'_>,
) -> ServiceResult<IndexFeed> {
    let VerifiedLevel {
        innovation,
        region,
        year,
        indicator,
        level,
        link,
        note,
    } = *verified;
    let mut feed = IndexFeed {
        region: region.clone(),
        year,
        indicator: indicator.to_owned(),
        level,
        skipped: None,
    };
    let Some(rubric) = rubric_for(conn, year)
        .await
        .ok()
        .filter(|rubric| rubric.indicator(Aspect::Sid, indicator).is_some())
    else {
        feed.skipped = Some(format!(
            "tidak ada rubrik {year} yang memuat indikator {indicator}"
        ));
        return Ok(feed);
    };
    let assessment = store::get_or_create(conn, region, year).await?;
    let window = store::get_year(conn, year).await?;
    if !editable(&window, &assessment) {
        feed.skipped = Some(format!(
            "masa pelaporan indeks {year} sudah ditutup; level tidak diubah"
        ));
        return Ok(feed);
    }
    let subject = Subject::Innovation(innovation).key();
    let (answer, previous) = store::upsert_answer(
        conn,
        assessment.id,
        &subject,
        indicator,
        level,
        Some(note),
        caller.user_id(),
    )
    .await?;
    let evidence = store::insert_evidence(
        conn,
        &NewEvidence {
            id: Uuid::now_v7(),
            answer_id: answer,
            blob_key: None,
            file_name: None,
            content_type: None,
            size: None,
            link: Some(link),
            letter_number: None,
            letter_date: None,
            letter_subject: Some(note),
            created_by: caller.user_id(),
        },
    )
    .await?;
    store::review_evidence(conn, evidence, ACCEPTED, Some(note), caller.user_id()).await?;
    recompute(conn, &assessment, &rubric).await?;
    audit::record(
        conn,
        caller,
        "feed_index",
        "assessment",
        &assessment.id.to_string(),
        Some(region.as_str()),
        json!({"subject": subject, "indicator": indicator, "level": {"from": previous, "to": level},
               "source": link}),
    )
    .await?;
    Ok(feed)
}
