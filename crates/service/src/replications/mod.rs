//! Replication cases: one adopter region replicating one innovation, from interest to done,
//! with documents, the adaptation, the timeline, and the certificate's sign-offs; a case
//! signed off by owner, adopter and verifier feeds the owner's "Replikasi" indicator.
//!
//! Who may do what:
//! * the **adopter** (admins of the adopter region, operators of its agency) opens a case,
//!   edits it, keeps its plan, reports, starts implementation and marks it done;
//! * the **owner** (admins of the innovation's region) approves;
//! * either side, or the **programme's organiser** (admins of its scope), records the
//!   agreement, adds mentoring sessions and may reject with a reason;
//! * a **verifier** over the owner or the adopter signs the certificate as verifier.
//!
//! Every step is checked by `lumbung_domain::replication::transition` and audited; a closed
//! case (done or rejected) refuses every edit. A done case signed off by all three has a
//! public certificate ([`certificate_pdf`]).

pub mod matchmaking;
pub mod plans;
pub mod programmes;
pub mod reach;

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use lumbung_domain::FieldErrors;
use lumbung_domain::evidence_file::{MAX_EVIDENCE_BYTES, check_upload};
use lumbung_domain::innovation::Status;
use lumbung_domain::region::RegionCode;
use lumbung_domain::replication::{
    Adaptation, CaseStatus, DocumentKind, REPLIKASI_INDICATOR, SignOff, SignOffRole, Step,
    TransitionError, fully_signed, replikasi_level, transition,
};
use lumbung_store::replications::{
    self as store, CaseFilter, CaseRecord, DocumentRecord, NewCase, NewDocument, NewTransition,
    SignOffRecord, TransitionRecord,
};
use lumbung_store::{Blobs, Conn, innovations};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::assessments::IndexFeed;
use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// Today in `region`'s own zone: a case's steps are dated where the adopter works.
pub(crate) fn today_in(region: &RegionCode) -> NaiveDate {
    crate::clock::local_day(region, chrono::Utc::now())
}

/// Today where the adopter of `case` works.
pub(crate) fn today_of(case: &CaseRecord) -> NaiveDate {
    today_in(&case.adopter_region_code)
}

/// The sides of a case the caller acts for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Sides {
    pub owner: bool,
    pub adopter: bool,
    pub organiser: bool,
    pub verifier: bool,
}

impl Sides {
    pub fn any(self) -> bool {
        self.owner || self.adopter || self.organiser || self.verifier
    }

    /// Who may take a step: the adopter moves its own work forward, the owner approves,
    /// either side or the organiser records the agreement and may reject.
    pub fn may_take(self, step: Step) -> bool {
        match step {
            Step::Agree | Step::Reject => self.owner || self.adopter || self.organiser,
            Step::Approve => self.owner || self.organiser,
            Step::Implement | Step::Finish => self.adopter || self.organiser,
        }
    }

    /// Who signs the certificate in each role: the owner's and the adopter's admins, and a
    /// verifier.
    pub fn may_sign(self, role: SignOffRole) -> bool {
        match role {
            SignOffRole::Owner => self.owner,
            SignOffRole::Adopter => self.adopter,
            SignOffRole::Verifier => self.verifier,
        }
    }
}

pub(crate) async fn sides(
    conn: &mut Conn,
    caller: &Caller,
    case: &CaseRecord,
) -> ServiceResult<Sides> {
    let actor = &caller.actor;
    let organiser = match case.programme_id {
        Some(programme) => {
            let programme = store::get_programme(conn, programme).await?;
            actor.is_admin_of(&programme.scope_region)
        }
        None => false,
    };
    let adopter_agency = case
        .adopter_agency_id
        .is_some_and(|agency| actor.can_write_innovation(&case.adopter_region_code, agency));
    Ok(Sides {
        owner: actor.is_admin_of(&case.owner_region_code),
        adopter: actor.is_admin_of(&case.adopter_region_code) || adopter_agency,
        organiser,
        verifier: actor.is_verifier_of(&case.owner_region_code)
            || actor.is_verifier_of(&case.adopter_region_code)
            || matches!(actor, lumbung_domain::permission::Actor::System),
    })
}

fn transition_error(error: TransitionError) -> ServiceError {
    match error {
        TransitionError::ReasonMissing => FieldErrors::single("reason", error.to_string()).into(),
        TransitionError::DocumentMissing { .. } => {
            FieldErrors::single("documents", error.to_string()).into()
        }
        TransitionError::Closed(_) | TransitionError::OutOfOrder { .. } => {
            ServiceError::Conflict(error.to_string())
        }
    }
}

pub(crate) fn status_of(case: &CaseRecord) -> ServiceResult<CaseStatus> {
    CaseStatus::from_code(&case.status)
        .ok_or_else(|| ServiceError::internal(format!("case status {}", case.status)))
}

/// Refuses any edit of a closed case.
pub(crate) fn require_open(case: &CaseRecord) -> ServiceResult<CaseStatus> {
    let status = status_of(case)?;
    if status.is_closed() {
        return Err(ServiceError::Conflict(format!(
            "kasus replikasi berstatus \"{}\" sudah ditutup dan tidak dapat diubah lagi",
            status.label()
        )));
    }
    Ok(status)
}

pub(crate) async fn load_case(conn: &mut Conn, id: Uuid) -> ServiceResult<CaseRecord> {
    store::get_case(conn, id)
        .await
        .map_err(|_| ServiceError::NotFound("kasus replikasi"))
}

/// What opens a case.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CaseInput {
    pub innovation_id: Option<Uuid>,
    pub adopter_region: String,
    #[serde(default)]
    pub adopter_agency_id: Option<Uuid>,
    /// The adopter's name for its replication; the innovation's name when empty.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub adaptation: Adaptation,
    /// The day interest was expressed, for cases entered after the fact; today when empty.
    #[serde(default)]
    pub opened_on: Option<NaiveDate>,
}

/// Opens a case at `interest` for the adopter (its admins, or the organiser of `programme`).
pub async fn open(app: &App, caller: &Caller, input: &CaseInput) -> ServiceResult<CaseView> {
    let mut tx = app.db.begin().await?;
    let id = open_in(&mut tx, caller, input, None).await?;
    let view = view_in(&mut tx, caller, id).await?;
    tx.commit().await?;
    Ok(view)
}

pub(crate) async fn open_in(
    conn: &mut Conn,
    caller: &Caller,
    input: &CaseInput,
    programme: Option<(Uuid, &RegionCode)>,
) -> ServiceResult<Uuid> {
    let mut errors = FieldErrors::new();
    let adopter = RegionCode::parse(&input.adopter_region)
        .map_err(|e| errors.add("adopter_region", e))
        .ok();
    if input.innovation_id.is_none() {
        errors.add("innovation_id", "pilih inovasi yang direplikasi");
    }
    // The adopter's today; a national admin opening a case without naming one reads WIB.
    let today = today_in(adopter.as_ref().unwrap_or(&RegionCode::nation()));
    let opened_on = input.opened_on.unwrap_or(today);
    if opened_on > today {
        errors.add("opened_on", "tanggal minat tidak boleh setelah hari ini");
    }
    if let Err(adaptation) = input.adaptation.validate() {
        for (field, message) in adaptation.iter() {
            errors.add(field, message);
        }
    }
    let (Some(adopter), Some(innovation_id), true) =
        (adopter, input.innovation_id, errors.is_empty())
    else {
        return Err(errors.into());
    };
    let organiser = programme.is_some_and(|(_, scope)| caller.actor.is_admin_of(scope));
    let agency_operator = input
        .adopter_agency_id
        .is_some_and(|agency| caller.actor.can_write_innovation(&adopter, agency));
    if !(caller.actor.is_admin_of(&adopter) || agency_operator || organiser) {
        return Err(ServiceError::Forbidden(
            "hanya admin daerah replikator atau penyelenggara program yang dapat membuka kasus replikasi".into(),
        ));
    }
    if !lumbung_store::regions::exists(conn, &adopter).await? {
        return Err(FieldErrors::single("adopter_region", "wilayah tidak dikenal").into());
    }
    // Only what is published can be replicated; a draft of another region does not exist
    // for the caller.
    let innovation = innovations::get(conn, innovation_id)
        .await
        .ok()
        .filter(|innovation| innovation.status == Status::Published)
        .ok_or(ServiceError::NotFound("inovasi"))?;
    if innovation.region.code.covers(&adopter) || adopter.covers(&innovation.region.code) {
        return Err(FieldErrors::single(
            "adopter_region",
            "replikasi dilakukan oleh daerah lain, bukan oleh pemilik inovasi atau wilayah yang mencakupnya",
        )
        .into());
    }
    if let Some(agency) = input.adopter_agency_id {
        let found = lumbung_store::agencies::get(conn, agency)
            .await
            .map_err(|_| {
                FieldErrors::single("adopter_agency_id", "perangkat daerah tidak dikenal")
            })?;
        if found.region_code != adopter {
            return Err(FieldErrors::single(
                "adopter_agency_id",
                "perangkat daerah ini bukan milik daerah replikator",
            )
            .into());
        }
    }
    let open_cases = store::list_cases(
        conn,
        &CaseFilter {
            innovation: Some(innovation_id),
            adopter: Some(adopter.clone()),
            ..Default::default()
        },
    )
    .await?;
    if open_cases.iter().any(|case| {
        case.adopter_region_code == adopter && case.status != CaseStatus::Rejected.code()
    }) {
        return Err(ServiceError::Conflict(
            "daerah ini sudah mereplikasi (atau sedang mereplikasi) inovasi ini".into(),
        ));
    }
    let title = input
        .title
        .as_deref()
        .map(str::trim)
        .filter(|title| !title.is_empty())
        .unwrap_or(&innovation.profile.name)
        .to_owned();
    let adaptation = serde_json::to_string(&input.adaptation).map_err(ServiceError::internal)?;
    let id = store::insert_case(
        conn,
        &NewCase {
            programme_id: programme.map(|(id, _)| id),
            innovation_id,
            owner_region_code: &innovation.region.code,
            owner_agency_id: innovation.agency.id,
            adopter_region_code: &adopter,
            adopter_agency_id: input.adopter_agency_id,
            title: &title,
            status: CaseStatus::Interest.code(),
            adaptation: &adaptation,
            opened_on,
            created_by: caller.user_id(),
        },
    )
    .await?;
    audit::record(
        conn,
        caller,
        "open",
        "replication_case",
        &id.to_string(),
        Some(adopter.as_str()),
        json!({"innovation": innovation_id, "owner": innovation.region.code, "adopter": adopter,
               "programme": programme.map(|(id, _)| id)}),
    )
    .await?;
    Ok(id)
}

/// A case with everything its page shows.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    pub id: Uuid,
    pub programme_id: Option<Uuid>,
    pub innovation_id: Uuid,
    pub innovation_name: String,
    pub owner_region: RegionCode,
    pub owner_region_name: String,
    pub adopter_region: RegionCode,
    pub adopter_region_name: String,
    pub adopter_agency_id: Option<Uuid>,
    pub title: String,
    pub status: CaseStatus,
    pub status_label: &'static str,
    pub rejection_reason: Option<String>,
    pub adaptation: Adaptation,
    pub opened_on: NaiveDate,
    /// Each reached status with its day.
    pub dates: Vec<(CaseStatus, NaiveDate)>,
    pub transitions: Vec<TransitionRecord>,
    pub documents: Vec<DocumentRecord>,
    pub sign_offs: Vec<SignOffRecord>,
    /// Percent, from the action plan.
    pub progress: rust_decimal::Decimal,
    /// What the caller may do.
    pub sides: Sides,
    pub updated_at: DateTime<Utc>,
}

impl CaseView {
    /// Done and signed in every role: the replication counts for the owner's index.
    pub fn fully_signed(&self) -> bool {
        self.status == CaseStatus::Done
            && SignOffRole::ALL
                .iter()
                .all(|role| self.sign_offs.iter().any(|s| s.role == role.code()))
    }

    /// The roles the caller may still sign the certificate in (a done case only).
    pub fn signable(&self) -> Vec<SignOffRole> {
        if self.status != CaseStatus::Done {
            return Vec::new();
        }
        SignOffRole::ALL
            .iter()
            .copied()
            .filter(|role| !self.sign_offs.iter().any(|s| s.role == role.code()))
            .filter(|role| self.sides.may_sign(*role))
            .collect()
    }

    /// The signatures given, each with its role's name (`Pemilik inovasi`, …).
    pub fn signatures(&self) -> Vec<(String, &SignOffRecord)> {
        self.sign_offs
            .iter()
            .map(|s| {
                let role = SignOffRole::from_code(&s.role)
                    .map_or_else(|| s.role.clone(), |role| role.label().to_owned());
                (role, s)
            })
            .collect()
    }
}

/// The owner's Replikasi indicator (31) as a fully signed case leaves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OwnerIndex {
    pub level: u8,
    /// Distinct regions whose replication of the innovation is verified.
    pub regions: usize,
    /// The assessment year: that of the last signature, in the adopter's zone.
    pub year: i32,
}

/// [`OwnerIndex`] for a case, once it is fully signed; `None` before.
pub async fn owner_index(app: &App, view: &CaseView) -> ServiceResult<Option<OwnerIndex>> {
    if !view.fully_signed() {
        return Ok(None);
    }
    let mut conn = app.db.read().await?;
    let regions = store::verified_adopters(&mut conn, view.innovation_id)
        .await?
        .len();
    let last = view
        .sign_offs
        .iter()
        .map(|s| s.signed_at)
        .max()
        .unwrap_or_else(chrono::Utc::now);
    Ok(Some(OwnerIndex {
        level: replikasi_level(regions),
        regions,
        year: crate::clock::local_day(&view.adopter_region, last).year(),
    }))
}

pub(crate) async fn view_in(conn: &mut Conn, caller: &Caller, id: Uuid) -> ServiceResult<CaseView> {
    let case = load_case(conn, id).await?;
    let sides = sides(conn, caller, &case).await?;
    // Outside its parties and the owner's region, a case of an unpublished innovation
    // does not exist: it would name a draft.
    if !sides.any() && !caller.actor.can_see_region(&case.owner_region_code) {
        let published = innovations::get(conn, case.innovation_id)
            .await
            .is_ok_and(|innovation| innovation.status == Status::Published);
        if !published {
            return Err(ServiceError::NotFound("kasus replikasi"));
        }
    }
    let status = status_of(&case)?;
    let items = plans::items_in(conn, &[id]).await?;
    let progress = lumbung_domain::replication::case_progress(
        &items.into_iter().map(|(_, item)| item).collect::<Vec<_>>(),
    );
    let dates = [
        (CaseStatus::Interest, Some(case.opened_on)),
        (CaseStatus::Agreement, case.agreement_on),
        (CaseStatus::Approval, case.approval_on),
        (CaseStatus::Implementation, case.implementation_on),
        (CaseStatus::Done, case.done_on),
        (CaseStatus::Rejected, case.rejected_on),
    ]
    .into_iter()
    .filter_map(|(status, day)| day.map(|day| (status, day)))
    .collect();
    // Documents, the timeline's notes and sign-offs belong to the parties.
    let private = sides.any();
    Ok(CaseView {
        id: case.id,
        programme_id: case.programme_id,
        innovation_id: case.innovation_id,
        innovation_name: case.innovation_name.clone(),
        owner_region: case.owner_region_code.clone(),
        owner_region_name: case.owner_region_name.clone(),
        adopter_region: case.adopter_region_code.clone(),
        adopter_region_name: case.adopter_region_name.clone(),
        adopter_agency_id: case.adopter_agency_id,
        title: case.title.clone(),
        status,
        status_label: status.label(),
        rejection_reason: case.rejection_reason.clone(),
        adaptation: serde_json::from_str(&case.adaptation).map_err(ServiceError::internal)?,
        opened_on: case.opened_on,
        dates,
        transitions: if private {
            store::list_transitions(conn, id).await?
        } else {
            Vec::new()
        },
        documents: if private {
            store::list_documents(conn, id).await?
        } else {
            Vec::new()
        },
        sign_offs: store::list_sign_offs(conn, id).await?,
        progress,
        sides,
        updated_at: case.updated_at,
    })
}

/// A case; its summary is public (the innovation page lists replications), its documents and
/// timeline notes are for the parties.
pub async fn get(app: &App, caller: &Caller, id: Uuid) -> ServiceResult<CaseView> {
    let mut conn = app.db.read().await?;
    view_in(&mut conn, caller, id).await
}

/// A case in a list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseSummary {
    pub id: Uuid,
    pub innovation_id: Uuid,
    pub innovation_name: String,
    pub owner_region: RegionCode,
    pub owner_region_name: String,
    pub adopter_region: RegionCode,
    pub adopter_region_name: String,
    pub title: String,
    pub status: String,
    pub status_label: &'static str,
    pub opened_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

pub(crate) fn summary(case: CaseRecord) -> CaseSummary {
    CaseSummary {
        status_label: CaseStatus::from_code(&case.status).map_or("", CaseStatus::label),
        id: case.id,
        innovation_id: case.innovation_id,
        innovation_name: case.innovation_name,
        owner_region: case.owner_region_code,
        owner_region_name: case.owner_region_name,
        adopter_region: case.adopter_region_code,
        adopter_region_name: case.adopter_region_name,
        title: case.title,
        status: case.status,
        opened_on: case.opened_on,
        done_on: case.done_on,
    }
}

/// Which cases to list (public: who replicates what is public record).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CaseQuery {
    pub programme: Option<Uuid>,
    pub innovation: Option<Uuid>,
    /// Cases whose owner or adopter lies in this region's subtree.
    pub region: Option<String>,
    pub status: Option<String>,
}

pub async fn list(app: &App, query: &CaseQuery) -> ServiceResult<Vec<CaseSummary>> {
    let involving = query
        .region
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .map(RegionCode::parse)
        .transpose()
        .map_err(ServiceError::BadInput)?;
    if let Some(status) = query.status.as_deref()
        && CaseStatus::from_code(status).is_none()
    {
        return Err(ServiceError::BadInput(format!(
            "status \"{status}\" tidak dikenal"
        )));
    }
    let mut conn = app.db.read().await?;
    let cases = store::list_cases(
        &mut conn,
        &CaseFilter {
            programme: query.programme,
            innovation: query.innovation,
            involving,
            status: query.status.clone(),
            published_only: true,
            ..Default::default()
        },
    )
    .await?;
    Ok(cases.into_iter().map(summary).collect())
}

/// A step as a caller sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TransitionInput {
    /// agree, approve, implement, finish, reject
    pub step: String,
    /// Required to reject; a note otherwise.
    #[serde(default)]
    pub reason: Option<String>,
    /// The day the step happened (e.g. the agreement's signing day); today when empty.
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

/// Takes a step on a case: checked by the domain's path, the documents it needs and the
/// caller's side; recorded on the timeline and in the audit log.
pub async fn take_step(
    app: &App,
    caller: &Caller,
    id: Uuid,
    input: &TransitionInput,
) -> ServiceResult<CaseView> {
    let step = lumbung_domain::replication::parse_step(&input.step)
        .map_err(|e| ServiceError::Validation(FieldErrors::single("step", e)))?;
    let mut tx = app.db.begin().await?;
    let case = load_case(&mut tx, id).await?;
    let sides = sides(&mut tx, caller, &case).await?;
    if !sides.may_take(step) {
        return Err(ServiceError::Forbidden(format!(
            "Anda tidak berwenang mengambil langkah \"{}\" pada kasus ini",
            step.label()
        )));
    }
    let current = status_of(&case)?;
    let documents = available_documents(&mut tx, &case).await?;
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|reason| !reason.is_empty());
    let next = transition(current, step, reason, &documents).map_err(transition_error)?;
    let today = today_of(&case);
    let day = input.on.unwrap_or(today);
    if day > today || day < case.opened_on {
        return Err(FieldErrors::single(
            "on",
            "tanggal langkah tidak boleh sebelum kasus dibuka atau setelah hari ini",
        )
        .into());
    }
    store::set_case_status(
        &mut tx,
        id,
        current.code(),
        next.code(),
        day,
        (step == Step::Reject).then_some(reason).flatten(),
    )
    .await
    .map_err(|error| match error {
        lumbung_store::StoreError::Conflict(_) => {
            ServiceError::Conflict("kasus ini baru saja diubah orang lain; muat ulang".into())
        }
        other => other.into(),
    })?;
    store::insert_transition(
        &mut tx,
        &NewTransition {
            case_id: id,
            step: step.code(),
            from_status: current.code(),
            to_status: next.code(),
            note: reason,
            actor: &caller.name,
            taken_on: day,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        caller,
        step.code(),
        "replication_case",
        &id.to_string(),
        Some(case.adopter_region_code.as_str()),
        json!({"from": current.code(), "to": next.code(), "on": day, "reason": reason}),
    )
    .await?;
    let view = view_in(&mut tx, caller, id).await?;
    tx.commit().await?;
    Ok(view)
}

/// The document kinds on the case, with the programme's commitment counting for its cases.
async fn available_documents(
    conn: &mut Conn,
    case: &CaseRecord,
) -> ServiceResult<BTreeSet<DocumentKind>> {
    let mut kinds: BTreeSet<DocumentKind> = store::list_documents(conn, case.id)
        .await?
        .iter()
        .filter_map(|document| DocumentKind::from_code(&document.kind))
        .collect();
    if let Some(programme) = case.programme_id {
        let programme = store::get_programme(conn, programme).await?;
        if programme.commitment_signed_on.is_some() {
            kinds.insert(DocumentKind::Commitment);
        }
    }
    Ok(kinds)
}

/// What the adopter may edit while the case is open.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DetailsInput {
    pub title: String,
    #[serde(default)]
    pub adopter_agency_id: Option<Uuid>,
    #[serde(default)]
    pub adaptation: Adaptation,
}

pub async fn update_details(
    app: &App,
    caller: &Caller,
    id: Uuid,
    input: &DetailsInput,
) -> ServiceResult<CaseView> {
    let mut tx = app.db.begin().await?;
    let case = load_case(&mut tx, id).await?;
    require_open(&case)?;
    let sides = sides(&mut tx, caller, &case).await?;
    if !(sides.adopter || sides.organiser) {
        return Err(ServiceError::forbidden());
    }
    let mut errors = match input.adaptation.validate() {
        Ok(()) => FieldErrors::new(),
        Err(errors) => errors,
    };
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 255 {
        errors.add(
            "title",
            "judul replikasi wajib diisi, paling banyak 255 karakter",
        );
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let adaptation = serde_json::to_string(&input.adaptation).map_err(ServiceError::internal)?;
    store::update_case_details(&mut tx, id, title, input.adopter_agency_id, &adaptation).await?;
    audit::record(
        &mut tx,
        caller,
        "update",
        "replication_case",
        &id.to_string(),
        Some(case.adopter_region_code.as_str()),
        json!({"title": title, "adaptation": input.adaptation}),
    )
    .await?;
    let view = view_in(&mut tx, caller, id).await?;
    tx.commit().await?;
    Ok(view)
}

/// A document as a caller sends it: a file (PDF or image, checked by content) and/or a link.
#[derive(Debug, Clone, Default)]
pub struct DocumentInput {
    pub kind: String,
    pub title: String,
    pub link: Option<String>,
    pub file: Option<(String, Vec<u8>)>,
}

/// Adds a document to an open case (any party).
pub async fn add_document(
    app: &App,
    caller: &Caller,
    id: Uuid,
    input: DocumentInput,
) -> ServiceResult<DocumentRecord> {
    let mut errors = FieldErrors::new();
    let kind = DocumentKind::parse(&input.kind)
        .map_err(|e| errors.add("kind", e))
        .ok();
    let link = input
        .link
        .as_deref()
        .map(str::trim)
        .filter(|link| !link.is_empty());
    if let Some(link) = link
        && !(link.starts_with("https://") || link.starts_with("http://"))
    {
        errors.add("link", "tautan harus alamat http(s) yang lengkap");
    }
    let file = match &input.file {
        Some((name, bytes)) if bytes.len() > MAX_EVIDENCE_BYTES => {
            errors.add(
                "file",
                format!(
                    "berkas {name} melebihi {} MB",
                    MAX_EVIDENCE_BYTES / 1024 / 1024
                ),
            );
            None
        }
        Some((name, bytes)) => match check_upload(bytes) {
            Ok(file_kind) => Some((name.clone(), bytes, file_kind)),
            Err(message) => {
                errors.add("file", message);
                None
            }
        },
        None => None,
    };
    if link.is_none() && input.file.is_none() {
        errors.add("file", "unggah berkas atau isi tautan dokumen");
    }
    let title = input.title.trim();
    let (Some(kind), true) = (kind, errors.is_empty()) else {
        return Err(errors.into());
    };
    let title = if title.is_empty() {
        kind.label()
    } else {
        title
    };
    let document_id = Uuid::now_v7();
    // Written before the transaction under a staging key, moved in place after the commit:
    // an upload must not hold SQLite's write lock, and a failed one leaves no file behind.
    let staged = match &file {
        Some((_, bytes, file_kind)) => {
            let key = Blobs::key_for("replikasi", document_id, file_kind.extension());
            Some(app.blobs.stage(&key, (*bytes).clone()).await?)
        }
        None => None,
    };
    let blob_key = staged.as_ref().map(|staged| staged.key().to_owned());
    let mut tx = app.db.begin().await?;
    let case = load_case(&mut tx, id).await?;
    require_open(&case)?;
    let sides = sides(&mut tx, caller, &case).await?;
    if !(sides.owner || sides.adopter || sides.organiser) {
        return Err(ServiceError::forbidden());
    }
    let document = store::insert_document(
        &mut tx,
        &NewDocument {
            case_id: id,
            kind: kind.code(),
            title,
            link,
            blob_key: blob_key.as_deref(),
            file_name: file.as_ref().map(|(name, _, _)| name.as_str()),
            content_type: file.as_ref().map(|(_, _, file_kind)| file_kind.mime()),
            size_bytes: file
                .as_ref()
                .and_then(|(_, bytes, _)| i64::try_from(bytes.len()).ok()),
            uploaded_by: caller.user_id(),
        },
    )
    .await?;
    store::touch_case(&mut tx, id).await?;
    audit::record(
        &mut tx,
        caller,
        "add_document",
        "replication_case",
        &id.to_string(),
        Some(case.adopter_region_code.as_str()),
        json!({"kind": kind.code(), "title": title, "link": link}),
    )
    .await?;
    let record = store::get_document(&mut tx, document).await?;
    tx.commit().await?;
    if let Some(staged) = staged {
        staged.publish().await;
    }
    Ok(record)
}

/// A document's file, for the parties.
pub async fn document_file(
    app: &App,
    caller: &Caller,
    case: Uuid,
    document: Uuid,
) -> ServiceResult<(DocumentRecord, Vec<u8>)> {
    let mut conn = app.db.read().await?;
    let record = load_case(&mut conn, case).await?;
    if !sides(&mut conn, caller, &record).await?.any() {
        return Err(ServiceError::NotFound("dokumen"));
    }
    let found = store::get_document(&mut conn, document)
        .await
        .ok()
        .filter(|d| d.case_id == case)
        .ok_or(ServiceError::NotFound("dokumen"))?;
    let key = found
        .blob_key
        .clone()
        .ok_or(ServiceError::NotFound("berkas"))?;
    drop(conn);
    let bytes = app.blobs.get(&key).await?;
    Ok((found, bytes))
}

/// What signing a done case did.
#[derive(Debug, Clone, Serialize)]
pub struct SignOffOutcome {
    pub case: CaseView,
    /// Whether all three have signed: the certificate can be issued.
    pub complete: bool,
    /// The owner's index, when the third signature landed.
    pub index: Option<IndexFeed>,
}

/// Signs a done case's certificate in the caller's role (owner, adopter or verifier). When the
/// third signature lands, the owner's "Replikasi" level is recomputed from every verified
/// case of the innovation and written with the case as accepted evidence.
pub async fn sign_off(
    app: &App,
    caller: &Caller,
    id: Uuid,
    role: &str,
) -> ServiceResult<SignOffOutcome> {
    let role = SignOffRole::parse(role)
        .map_err(|e| ServiceError::Validation(FieldErrors::single("role", e)))?;
    let mut tx = app.db.begin().await?;
    let case = load_case(&mut tx, id).await?;
    if status_of(&case)? != CaseStatus::Done {
        return Err(ServiceError::Conflict(
            "sertifikat hanya ditandatangani setelah kasus replikasi selesai".into(),
        ));
    }
    let sides = sides(&mut tx, caller, &case).await?;
    if !sides.may_sign(role) {
        return Err(ServiceError::Forbidden(format!(
            "Anda tidak dapat menandatangani sebagai {}",
            role.label().to_lowercase()
        )));
    }
    let signed = store::list_sign_offs(&mut tx, id).await?;
    if signed.iter().any(|s| s.role == role.code()) {
        return Err(ServiceError::Conflict(format!(
            "{} sudah menandatangani",
            role.label()
        )));
    }
    store::insert_sign_off(&mut tx, id, role.code(), caller.user_id(), &caller.name).await?;
    audit::record(
        &mut tx,
        caller,
        "sign_off",
        "replication_case",
        &id.to_string(),
        Some(case.adopter_region_code.as_str()),
        json!({"role": role.code()}),
    )
    .await?;
    let complete = signed.len() + 1 >= SignOffRole::ALL.len();
    let index = if complete {
        Some(feed_owner_index(&mut tx, caller, &case).await?)
    } else {
        None
    };
    let view = view_in(&mut tx, caller, id).await?;
    tx.commit().await?;
    Ok(SignOffOutcome {
        case: view,
        complete,
        index,
    })
}

/// The owner's "Replikasi" level from every verified case of the innovation, in this year's
/// assessment: the indicator counts the regions that replicated it so far, whenever they
/// finished.
async fn feed_owner_index(
    conn: &mut Conn,
    caller: &Caller,
    case: &CaseRecord,
) -> ServiceResult<IndexFeed> {
    let adopters = store::verified_adopters(conn, case.innovation_id).await?;
    let level = replikasi_level(adopters.len());
    let year = today_of(case).year();
    let names: Vec<String> = adopters.iter().map(ToString::to_string).collect();
    let note = format!(
        "Replikasi terverifikasi di {} daerah ({})",
        adopters.len(),
        names.join(", ")
    );
    crate::assessments::feed_verified_level(
        conn,
        caller,
        &crate::assessments::VerifiedLevel {
            innovation: case.innovation_id,
            region: &case.owner_region_code,
            year,
            indicator: REPLIKASI_INDICATOR,
            level,
            link: &format!("/replikasi/{}", case.id),
            note: &note,
        },
    )
    .await
}

/// The code printed on a case's certificate: twelve hex characters of its id in three groups
/// of four, upper case (`9A0B-2C4D-6E8F`). They are the id's last twelve, not its first: a
/// UUIDv7 begins with the millisecond it was made, so the cases a programme opens in one
/// request would share their first twelve.
pub fn certificate_code(id: Uuid) -> String {
    let hex = id.simple().to_string().to_uppercase();
    let tail = hex.get(hex.len().saturating_sub(12)..).unwrap_or_default();
    let group = |range: std::ops::Range<usize>| tail.get(range).unwrap_or_default();
    format!("{}-{}-{}", group(0..4), group(4..8), group(8..12))
}

/// The certificate of a replication as a PDF: given to the adopter, with the innovation and
/// its owner, the adaptation, the dates, the three sign-offs and a QR code of the case's
/// public page (`{base_url}/replikasi/{id}`). Public like the case (who replicates what is
/// public record), but only once the case is done and signed off by owner, adopter and
/// verifier.
pub async fn certificate_pdf(
    app: &App,
    _caller: &Caller,
    id: Uuid,
    base_url: &str,
) -> ServiceResult<Vec<u8>> {
    let mut conn = app.db.read().await?;
    let case = load_case(&mut conn, id).await?;
    let records = store::list_sign_offs(&mut conn, id).await?;
    let sign_offs: Vec<(SignOffRole, &SignOffRecord)> = records
        .iter()
        .filter_map(|record| SignOffRole::from_code(&record.role).map(|role| (role, record)))
        .collect();
    let signed: Vec<SignOff> = sign_offs
        .iter()
        .map(|(role, record)| SignOff {
            role: *role,
            name: record.name.clone(),
        })
        .collect();
    let status = status_of(&case)?;
    let Some(done_on) = case.done_on.filter(|_| fully_signed(status, &signed)) else {
        return Err(ServiceError::Conflict(
            "sertifikat terbit setelah kasus selesai dan ditandatangani pemilik, replikator dan \
             verifikator"
                .into(),
        ));
    };
    let owner_agency = lumbung_store::agencies::get(&mut conn, case.owner_agency_id)
        .await?
        .name;
    drop(conn);
    let adaptation: Adaptation =
        serde_json::from_str(&case.adaptation).map_err(ServiceError::internal)?;
    let signatures = SignOffRole::ALL
        .iter()
        .filter_map(|role| sign_offs.iter().find(|(signed, _)| signed == role))
        .map(|(role, record)| {
            (
                role.label().to_owned(),
                record.name.clone(),
                crate::clock::local_day(&case.adopter_region_code, record.signed_at),
            )
        })
        .collect();
    let doc = lumbung_reports::ReplicationCertificateDoc {
        innovation: case.innovation_name,
        owner_region: case.owner_region_name,
        owner_agency,
        adopter_region: case.adopter_region_name,
        replication_title: case.title,
        adaptation: adaptation_sentence(&adaptation),
        agreement_on: case.agreement_on,
        implementation_on: case.implementation_on,
        done_on,
        signatures,
        verify_url: format!("{}/replikasi/{}", base_url.trim_end_matches('/'), case.id),
        code: certificate_code(case.id),
    };
    lumbung_reports::replication_certificate_pdf(&doc).map_err(ServiceError::internal)
}

/// The most a certificate prints of the adaptation's description.
const ADAPTATION_CHARS: usize = 240;

/// One sentence on what the adopter modified, for the certificate: the aspects and the first
/// sentence of the description (`Diadaptasi pada aspek kelompok sasaran dan proses atau
/// teknologi: ...`); `None` when the innovation is replicated as is.
fn adaptation_sentence(adaptation: &Adaptation) -> Option<String> {
    if adaptation.is_unchanged() {
        return None;
    }
    let aspects: Vec<String> = adaptation
        .aspects
        .iter()
        .map(|aspect| aspect.label().to_lowercase())
        .collect();
    let aspects = match aspects.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} dan {last}", rest.join(", ")),
        _ => aspects.concat(),
    };
    let what = first_sentence(&adaptation.description, ADAPTATION_CHARS);
    Some(if what.is_empty() {
        format!("Diadaptasi pada aspek {aspects}.")
    } else {
        format!("Diadaptasi pada aspek {aspects}: {what}")
    })
}

/// The first sentence of `text` (to its first line break, or its first `.`, `!` or `?` that
/// ends a sentence), at most `max` characters with an ellipsis when cut, ending in a full stop.
fn first_sentence(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let end = (0..chars.len())
        .find_map(|i| match chars.get(i) {
            Some('\n') => Some(i),
            Some('.' | '!' | '?') if ends_sentence(&chars, i) => Some(i + 1),
            _ => None,
        })
        .unwrap_or(chars.len());
    let sentence: String = chars.iter().take(end).collect();
    let sentence = sentence.trim();
    if sentence.chars().count() > max {
        let cut: String = sentence.chars().take(max).collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
        format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
    } else if sentence.is_empty() || sentence.ends_with(['.', '!', '?']) {
        sentence.to_owned()
    } else {
        format!("{sentence}.")
    }
}

/// Whether the punctuation at `at` ends a sentence: the text ends there, or a space and a
/// capital follow, and it does not close an abbreviation like `Rp.`, `Kab.` or `No.`.
fn ends_sentence(chars: &[char], at: usize) -> bool {
    let mut after = chars.iter().skip(at + 1);
    match after.next() {
        None => return true,
        Some(c) if !c.is_whitespace() => return false,
        Some(_) => {}
    }
    if after
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| !c.is_uppercase())
    {
        return false;
    }
    // A capital and up to three small letters: `Rp`, `Kab`, `Prov`, an initial; not `SIAK`.
    let mut word: Vec<char> = chars
        .iter()
        .take(at)
        .rev()
        .take_while(|c| c.is_alphabetic())
        .copied()
        .collect();
    word.reverse();
    let abbreviation = chars.get(at) == Some(&'.')
        && (1..=4).contains(&word.len())
        && word.first().is_some_and(|c| c.is_uppercase())
        && word.iter().skip(1).all(|c| c.is_lowercase());
    !abbreviation
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use lumbung_domain::replication::AdaptationAspect;

    use super::*;

    #[test]
    fn certificate_codes_are_the_ids_tail_in_three_groups() {
        let id = Uuid::parse_str("0193a4f2-7c1d-7e55-9a0b-2c4d6e8f1a3b").unwrap();
        assert_eq!(certificate_code(id), "2C4D-6E8F-1A3B");
        // Cases made in the same millisecond share their head, not their code.
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        assert_ne!(certificate_code(a), certificate_code(b));
    }

    #[test]
    fn the_adaptation_is_one_sentence() {
        let adaptation = |aspects: &[AdaptationAspect], description: &str| Adaptation {
            aspects: aspects.iter().copied().collect::<BTreeSet<_>>(),
            description: description.into(),
            reason: "Wilayah kepulauan.".into(),
        };
        assert_eq!(adaptation_sentence(&Adaptation::default()), None);
        assert_eq!(
            adaptation_sentence(&adaptation(
                &[AdaptationAspect::Area],
                "Layanan diperluas ke kecamatan hulu. Loket dibuka dua hari sepekan."
            ))
            .as_deref(),
            Some(
                "Diadaptasi pada aspek wilayah atau cakupan layanan: Layanan diperluas ke \
                 kecamatan hulu."
            )
        );
        assert_eq!(
            adaptation_sentence(&adaptation(
                &[
                    AdaptationAspect::Area,
                    AdaptationAspect::TargetGroup,
                    AdaptationAspect::Process
                ],
                "  Aplikasi Rp. 0 untuk warga Kab. Sambas, bukan Kota Bekasi\nlalu pelatihan"
            ))
            .as_deref(),
            Some(
                "Diadaptasi pada aspek wilayah atau cakupan layanan, kelompok sasaran dan \
                 proses atau teknologi: Aplikasi Rp. 0 untuk warga Kab. Sambas, bukan Kota \
                 Bekasi."
            )
        );
    }

    #[test]
    fn a_long_first_sentence_is_cut_at_a_word() {
        let long = "kata ".repeat(100);
        let sentence = first_sentence(&long, 23);
        assert_eq!(sentence, "kata kata kata kata…");
        assert_eq!(first_sentence("Sudah lengkap! Lalu", 100), "Sudah lengkap!");
        assert_eq!(
            first_sentence("Versi 2.0 dipakai. Lalu", 100),
            "Versi 2.0 dipakai."
        );
        assert_eq!(first_sentence("Memakai SIAK. Lalu", 100), "Memakai SIAK.");
        assert_eq!(first_sentence("", 100), "");
    }
}
