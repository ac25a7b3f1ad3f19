//! Replication programmes: a province (or the ministry) chooses innovations and adopting
//! regions for a year, records the signed commitment and the mentoring team; each adopter
//! chooses which innovations it replicates, which opens the cases; the dashboard shows the
//! adopters × innovations matrix with progress, and monitoring flags what needs attention.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use lumbung_domain::FieldErrors;
use lumbung_domain::region::{RegionCode, RegionKind};
use lumbung_domain::replication::{
    CaseFacts, CaseStatus, Flag, case_progress, flags, programme_progress,
};
use lumbung_store::replications::{self as store, CaseFilter, ProgrammeFields, ProgrammeRecord};
use lumbung_store::{Conn, innovations, regions};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::{CaseInput, CaseSummary, open_in, plans, summary};
use crate::{App, Caller, ServiceError, ServiceResult, audit};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    pub name: String,
    /// e.g. "Sekretaris Daerah Kabupaten Sambas".
    pub position: String,
    #[serde(default)]
    pub region: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mentor {
    pub name: String,
    /// e.g. "Hub JIPP Kalbar", "Universitas Tanjungpura".
    pub institution: String,
    #[serde(default)]
    pub role: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProgrammeInput {
    /// The province (or `ID`) that runs the programme.
    pub scope: String,
    pub year: i32,
    pub name: String,
    #[serde(default)]
    pub commitment_signed_on: Option<NaiveDate>,
    #[serde(default)]
    pub signatories: Vec<Signatory>,
    #[serde(default)]
    pub commitment_link: Option<String>,
    #[serde(default)]
    pub mentoring_team: Vec<Mentor>,
    pub innovations: Vec<Uuid>,
    /// Region codes of the adopters, within the scope.
    pub adopters: Vec<String>,
    /// Days without a progress report after which a case is flagged silent; 30 by default.
    #[serde(default)]
    pub silent_after_days: Option<u32>,
}

struct Checked {
    scope: RegionCode,
    adopters: Vec<RegionCode>,
    signatories: String,
    team: String,
}

async fn check(conn: &mut Conn, input: &ProgrammeInput) -> ServiceResult<Checked> {
    let mut errors = FieldErrors::new();
    let scope = RegionCode::parse(&input.scope)
        .map_err(|e| errors.add("scope", e))
        .ok();
    if let Some(scope) = &scope
        && !(scope.is_nation() || scope.kind() == RegionKind::Province)
    {
        errors.add(
            "scope",
            "program replikasi diselenggarakan provinsi atau kementerian",
        );
    }
    if input.name.trim().is_empty() || input.name.chars().count() > 255 {
        errors.add(
            "name",
            "nama program wajib diisi, paling banyak 255 karakter",
        );
    }
    if !(2000..=2100).contains(&input.year) {
        errors.add("year", "tahun program tidak masuk akal");
    }
    if input.innovations.is_empty() {
        errors.add("innovations", "pilih paling sedikit satu inovasi");
    }
    let mut adopters = Vec::new();
    for code in &input.adopters {
        match RegionCode::parse(code) {
            Ok(region) => {
                if let Some(scope) = &scope
                    && (!scope.covers(&region) || &region == scope)
                {
                    errors.add(
                        "adopters",
                        format!("{region} berada di luar wilayah penyelenggara"),
                    );
                }
                adopters.push(region);
            }
            Err(e) => errors.add("adopters", e),
        }
    }
    if adopters.is_empty() {
        errors.add("adopters", "pilih paling sedikit satu daerah replikator");
    }
    if input.signatories.iter().any(|s| s.name.trim().is_empty()) {
        errors.add(
            "signatories",
            "setiap penanda tangan komitmen harus bernama",
        );
    }
    if let Some(link) = input.commitment_link.as_deref().map(str::trim)
        && !link.is_empty()
        && !(link.starts_with("https://") || link.starts_with("http://"))
    {
        errors.add(
            "commitment_link",
            "tautan harus alamat http(s) yang lengkap",
        );
    }
    // The organiser's today (WIB for a national programme).
    let today = super::today_in(scope.as_ref().unwrap_or(&RegionCode::nation()));
    if input.commitment_signed_on.is_some_and(|day| day > today) {
        errors.add(
            "commitment_signed_on",
            "tanggal penandatanganan tidak boleh setelah hari ini",
        );
    }
    let Some(scope) = scope.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    for region in &adopters {
        if !regions::exists(conn, region).await? {
            errors.add("adopters", format!("wilayah {region} tidak dikenal"));
        }
    }
    for id in &input.innovations {
        match innovations::get(conn, *id).await {
            Ok(innovation) if adopters.iter().any(|a| a == &innovation.region.code) => errors.add(
                "innovations",
                format!(
                    "{} milik {}, yang juga daerah replikator",
                    innovation.profile.name, innovation.region.name
                ),
            ),
            Ok(_) => {}
            Err(_) => errors.add("innovations", format!("inovasi {id} tidak ditemukan")),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(Checked {
        scope,
        adopters,
        signatories: serde_json::to_string(&input.signatories).map_err(ServiceError::internal)?,
        team: serde_json::to_string(&input.mentoring_team).map_err(ServiceError::internal)?,
    })
}

fn fields<'a>(input: &'a ProgrammeInput, checked: &'a Checked) -> ProgrammeFields<'a> {
    ProgrammeFields {
        scope_region: &checked.scope,
        year: input.year,
        name: input.name.trim(),
        commitment_signed_on: input.commitment_signed_on,
        commitment_signatories: &checked.signatories,
        commitment_link: input
            .commitment_link
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty()),
        mentoring_team: &checked.team,
        silent_after_days: i64::from(input.silent_after_days.unwrap_or(30)),
    }
}

/// Creates a programme (admins of its scope).
pub async fn create(
    app: &App,
    caller: &Caller,
    input: &ProgrammeInput,
) -> ServiceResult<ProgrammeView> {
    let mut tx = app.db.begin().await?;
    let checked = check(&mut tx, input).await?;
    if !caller.actor.is_admin_of(&checked.scope) {
        return Err(ServiceError::forbidden());
    }
    let id = store::insert_programme(&mut tx, &fields(input, &checked), caller.user_id()).await?;
    store::set_programme_innovations(&mut tx, id, &input.innovations).await?;
    store::set_programme_adopters(&mut tx, id, &checked.adopters).await?;
    audit::record(
        &mut tx,
        caller,
        "create",
        "replication_programme",
        &id.to_string(),
        Some(checked.scope.as_str()),
        json!({"name": input.name.trim(), "year": input.year,
               "innovations": input.innovations.len(), "adopters": checked.adopters.len()}),
    )
    .await?;
    let view = view_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(view)
}

/// Replaces a programme's fields, innovations and adopters (its organiser). Innovations and
/// adopters with cases already open stay.
pub async fn update(
    app: &App,
    caller: &Caller,
    id: Uuid,
    input: &ProgrammeInput,
) -> ServiceResult<ProgrammeView> {
    let mut tx = app.db.begin().await?;
    let existing = load(&mut tx, id).await?;
    if !caller.actor.is_admin_of(&existing.scope_region) {
        return Err(ServiceError::forbidden());
    }
    let checked = check(&mut tx, input).await?;
    if checked.scope != existing.scope_region {
        return Err(
            FieldErrors::single("scope", "penyelenggara program tidak dapat diubah").into(),
        );
    }
    let cases = store::list_cases(
        &mut tx,
        &CaseFilter {
            programme: Some(id),
            ..Default::default()
        },
    )
    .await?;
    let mut errors = FieldErrors::new();
    for case in &cases {
        if !input.innovations.contains(&case.innovation_id) {
            errors.add(
                "innovations",
                format!(
                    "{} sudah direplikasi dalam program ini",
                    case.innovation_name
                ),
            );
        }
        if !checked.adopters.contains(&case.adopter_region_code) {
            errors.add(
                "adopters",
                format!(
                    "{} sudah membuka kasus dalam program ini",
                    case.adopter_region_name
                ),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    store::update_programme(&mut tx, id, &fields(input, &checked)).await?;
    store::set_programme_innovations(&mut tx, id, &input.innovations).await?;
    store::set_programme_adopters(&mut tx, id, &checked.adopters).await?;
    audit::record(
        &mut tx,
        caller,
        "update",
        "replication_programme",
        &id.to_string(),
        Some(checked.scope.as_str()),
        json!({"name": input.name.trim(), "innovations": input.innovations.len(),
               "adopters": checked.adopters.len()}),
    )
    .await?;
    let view = view_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(view)
}

async fn load(conn: &mut Conn, id: Uuid) -> ServiceResult<ProgrammeRecord> {
    store::get_programme(conn, id)
        .await
        .map_err(|_| ServiceError::NotFound("program replikasi"))
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeInnovation {
    pub id: Uuid,
    pub name: String,
    pub owner_region: RegionCode,
    pub owner_region_name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Adopter {
    pub code: RegionCode,
    pub name: String,
}

/// One cell of the matrix: the adopter's case for the innovation, if it chose it.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub case_id: Uuid,
    pub status: String,
    pub status_label: &'static str,
    pub progress: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub adopter: Adopter,
    /// In the order of `innovations`.
    pub cells: Vec<Option<Cell>>,
}

/// A programme with its matrix of adopters × innovations.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeView {
    pub id: Uuid,
    pub scope: RegionCode,
    pub year: i32,
    pub name: String,
    pub commitment_signed_on: Option<NaiveDate>,
    pub signatories: Vec<Signatory>,
    pub commitment_link: Option<String>,
    pub mentoring_team: Vec<Mentor>,
    pub silent_after_days: i64,
    pub innovations: Vec<ProgrammeInnovation>,
    pub rows: Vec<MatrixRow>,
    /// The mean of its cases' progress, percent.
    pub progress: Decimal,
    pub cases: usize,
}

impl ProgrammeView {
    /// Whether the caller organises the programme: an admin of its scope.
    pub fn organised_by(&self, caller: &Caller) -> bool {
        caller.actor.is_admin_of(&self.scope)
    }

    /// Whether the caller chooses innovations on `adopter`'s row: the organiser, or the
    /// adopter's own admins.
    pub fn may_choose_for(&self, caller: &Caller, adopter: &RegionCode) -> bool {
        self.organised_by(caller) || caller.actor.is_admin_of(adopter)
    }
}

async fn view_in(conn: &mut Conn, id: Uuid) -> ServiceResult<ProgrammeView> {
    let record = load(conn, id).await?;
    let mut innovations_list = Vec::new();
    for innovation in store::programme_innovations(conn, id).await? {
        let found = innovations::get(conn, innovation).await?;
        innovations_list.push(ProgrammeInnovation {
            id: found.id,
            name: found.profile.name,
            owner_region: found.region.code,
            owner_region_name: found.region.name,
        });
    }
    let cases = store::list_cases(
        conn,
        &CaseFilter {
            programme: Some(id),
            ..Default::default()
        },
    )
    .await?;
    let ids: Vec<Uuid> = cases.iter().map(|case| case.id).collect();
    let mut items: BTreeMap<Uuid, Vec<lumbung_domain::replication::ActionItem>> = BTreeMap::new();
    for (case, item) in plans::items_in(conn, &ids).await? {
        items.entry(case).or_default().push(item);
    }
    let progress_of = |case: Uuid| case_progress(items.get(&case).map_or(&[][..], Vec::as_slice));
    let mut rows = Vec::new();
    for code in store::programme_adopters(conn, id).await? {
        let name = regions::get(conn, &code)
            .await
            .map(|region| region.name)
            .unwrap_or_else(|_| code.to_string());
        let cells = innovations_list
            .iter()
            .map(|innovation| {
                cases
                    .iter()
                    .find(|case| {
                        case.innovation_id == innovation.id && case.adopter_region_code == code
                    })
                    .map(|case| Cell {
                        case_id: case.id,
                        status_label: CaseStatus::from_code(&case.status)
                            .map_or("", CaseStatus::label),
                        status: case.status.clone(),
                        progress: progress_of(case.id),
                    })
            })
            .collect();
        rows.push(MatrixRow {
            adopter: Adopter { code, name },
            cells,
        });
    }
    let counted: Vec<Decimal> = cases
        .iter()
        .filter(|case| case.status != CaseStatus::Rejected.code())
        .map(|case| progress_of(case.id))
        .collect();
    Ok(ProgrammeView {
        id: record.id,
        scope: record.scope_region,
        year: record.year,
        name: record.name,
        commitment_signed_on: record.commitment_signed_on,
        signatories: serde_json::from_str(&record.commitment_signatories)
            .map_err(ServiceError::internal)?,
        commitment_link: record.commitment_link,
        mentoring_team: serde_json::from_str(&record.mentoring_team)
            .map_err(ServiceError::internal)?,
        silent_after_days: record.silent_after_days,
        innovations: innovations_list,
        rows,
        progress: programme_progress(&counted),
        cases: cases.len(),
    })
}

/// A programme and its matrix; public (replication programmes are public commitments).
pub async fn get(app: &App, id: Uuid) -> ServiceResult<ProgrammeView> {
    let mut conn = app.db.read().await?;
    view_in(&mut conn, id).await
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeSummary {
    pub id: Uuid,
    pub scope: RegionCode,
    pub year: i32,
    pub name: String,
}

pub async fn list(app: &App, scope: Option<&RegionCode>) -> ServiceResult<Vec<ProgrammeSummary>> {
    let mut conn = app.db.read().await?;
    Ok(store::list_programmes(&mut conn, scope)
        .await?
        .into_iter()
        .map(|record| ProgrammeSummary {
            id: record.id,
            scope: record.scope_region,
            year: record.year,
            name: record.name,
        })
        .collect())
}

/// An adopter's choice among the programme's innovations.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ChoiceInput {
    pub adopter: String,
    pub innovations: Vec<Uuid>,
    /// The day the adopter chose, for choices entered after the fact; today when empty.
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

/// Opens a case for each chosen innovation the adopter does not replicate yet (the adopter's
/// admins or the organiser). Returns the cases opened.
pub async fn choose(
    app: &App,
    caller: &Caller,
    id: Uuid,
    input: &ChoiceInput,
) -> ServiceResult<Vec<CaseSummary>> {
    let adopter = RegionCode::parse(&input.adopter)
        .map_err(|e| ServiceError::Validation(FieldErrors::single("adopter", e)))?;
    let mut tx = app.db.begin().await?;
    let programme = load(&mut tx, id).await?;
    if !store::programme_adopters(&mut tx, id)
        .await?
        .contains(&adopter)
    {
        return Err(FieldErrors::single("adopter", "daerah ini bukan peserta program").into());
    }
    let offered: BTreeSet<Uuid> = store::programme_innovations(&mut tx, id)
        .await?
        .into_iter()
        .collect();
    if let Some(other) = input.innovations.iter().find(|i| !offered.contains(i)) {
        return Err(FieldErrors::single(
            "innovations",
            format!("inovasi {other} tidak termasuk program ini"),
        )
        .into());
    }
    let existing = store::list_cases(
        &mut tx,
        &CaseFilter {
            programme: Some(id),
            adopter: Some(adopter.clone()),
            ..Default::default()
        },
    )
    .await?;
    let mut opened = Vec::new();
    for innovation in &input.innovations {
        if existing
            .iter()
            .any(|case| case.innovation_id == *innovation && case.adopter_region_code == adopter)
        {
            continue;
        }
        let case = open_in(
            &mut tx,
            caller,
            &CaseInput {
                innovation_id: Some(*innovation),
                adopter_region: adopter.to_string(),
                opened_on: input.on,
                ..Default::default()
            },
            Some((id, &programme.scope_region)),
        )
        .await?;
        opened.push(case);
    }
    let mut summaries = Vec::new();
    for case in opened {
        summaries.push(summary(store::get_case(&mut tx, case).await?));
    }
    tx.commit().await?;
    Ok(summaries)
}

/// One case on the monitoring page.
#[derive(Debug, Clone, Serialize)]
pub struct MonitoredCase {
    pub case: CaseSummary,
    pub progress: Decimal,
    pub last_report_on: Option<NaiveDate>,
    pub flags: Vec<Flag>,
    pub messages: Vec<String>,
}

/// The programme's cases with their flags, flagged ones first (organiser and verifiers of
/// its scope).
pub async fn monitoring(
    app: &App,
    caller: &Caller,
    id: Uuid,
    on: Option<NaiveDate>,
) -> ServiceResult<Vec<MonitoredCase>> {
    let mut conn = app.db.read().await?;
    let programme = load(&mut conn, id).await?;
    if !caller.actor.can_oversee(&programme.scope_region) {
        return Err(ServiceError::forbidden());
    }
    let day = on.unwrap_or_else(|| super::today_in(&programme.scope_region));
    let cases = store::list_cases(
        &mut conn,
        &CaseFilter {
            programme: Some(id),
            ..Default::default()
        },
    )
    .await?;
    let ids: Vec<Uuid> = cases.iter().map(|case| case.id).collect();
    let mut items: BTreeMap<Uuid, Vec<lumbung_domain::replication::ActionItem>> = BTreeMap::new();
    for (case, item) in plans::items_in(&mut conn, &ids).await? {
        items.entry(case).or_default().push(item);
    }
    let mut last_report: BTreeMap<Uuid, NaiveDate> = BTreeMap::new();
    for report in store::reports_of(&mut conn, &ids).await? {
        let entry = last_report
            .entry(report.case_id)
            .or_insert(report.reported_on);
        if report.reported_on > *entry {
            *entry = report.reported_on;
        }
    }
    let silent_after = u32::try_from(programme.silent_after_days).unwrap_or(30);
    let mut monitored: Vec<MonitoredCase> = cases
        .into_iter()
        .map(|case| {
            let plan = items.get(&case.id).map_or(&[][..], Vec::as_slice);
            let status = CaseStatus::from_code(&case.status).unwrap_or(CaseStatus::Interest);
            let found = flags(
                &CaseFacts {
                    status,
                    opened_on: case.opened_on,
                    last_report_on: last_report.get(&case.id).copied(),
                    items: plan,
                },
                day,
                silent_after,
            );
            MonitoredCase {
                progress: case_progress(plan),
                last_report_on: last_report.get(&case.id).copied(),
                messages: found.iter().map(Flag::message).collect(),
                flags: found,
                case: summary(case),
            }
        })
        .collect();
    monitored.sort_by_key(|m| std::cmp::Reverse(m.flags.len()));
    Ok(monitored)
}
