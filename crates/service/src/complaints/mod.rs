//! Citizen complaints (pengaduan): filed by anyone on the public form, or entered by an
//! officer from another channel; verified, assigned, followed up and answered by the region
//! and its agencies on working-day deadlines; closed or reopened by the reporter with the PIN
//! given at filing; escalated to the parent region's admins when a deadline passes.
//!
//! Who may do what:
//! * anyone files, and reads a complaint's public record by its tracking number;
//! * **admins of the complaint's region** (or above) read everything, verify, reject, assign,
//!   take any agency step and close, and enter complaints received elsewhere;
//! * **operators of the assigned agency** read it (without the reporter's identity when the
//!   reporter asked for anonymity), start the follow-up and answer;
//! * **the reporter**, with the tracking number and PIN, accepts the answer (closes) or reopens
//!   within [`REOPEN_DAYS`] days.
//!
//! Every change is an event on the complaint's timeline, an audit entry, and e-mail in the
//! outbox for the reporter and the assigned agency, in one transaction.

pub mod calendar;
pub mod challenge;
pub mod desk;
pub mod ratio;
pub mod themes;

use chrono::{DateTime, Utc};
use lumbung_domain::FieldErrors;
use lumbung_domain::affair::Affair;
use lumbung_domain::complaint::filing::{MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS};
use lumbung_domain::complaint::{
    Channel, ComplaintInput, ComplaintStatus, ComplaintStep, Deadlines, Filing, REOPEN_DAYS,
    RejectionReason, Stage, StepError, TrackingNumber, check_reopen, due_dates, escalation_target,
    next_status, overdue,
};
use lumbung_domain::evidence_file::check_upload;
use lumbung_domain::region::RegionCode;
use lumbung_store::blobs::Staged;
use lumbung_store::complaints::{
    self as store, AttachmentRecord, ComplaintFilter, ComplaintRecord, EventRecord, NewAttachment,
    NewComplaint, NewEvent,
};
use lumbung_store::{Blobs, Conn, agencies, regions, users};
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::{App, Caller, ServiceError, ServiceResult, audit, auth, mail};

/// Filings accepted from one client address per hour: generous, because a whole office or
/// an internet café may share one address.
const FILINGS_PER_HOUR: i64 = 20;
/// Wrong PINs accepted per tracking number per hour.
const PIN_FAILURES_PER_HOUR: i64 = 10;

/// A file attached to a complaint as uploaded.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The public form's proof of a person: the challenge's token and answer, and the hidden
/// field that must stay empty.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct Proof {
    #[serde(default)]
    pub challenge_token: String,
    #[serde(default)]
    pub challenge_answer: String,
    /// Hidden on the form; people leave it empty, form-filling robots do not.
    #[serde(default)]
    pub website: String,
}

/// What the reporter keeps: the tracking number and the PIN that lets them close or reopen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Filed {
    pub id: Uuid,
    pub tracking_number: String,
    /// Shown once; only its hash is stored.
    pub pin: String,
    pub verify_by: chrono::NaiveDate,
}

fn status_of(record: &ComplaintRecord) -> ServiceResult<ComplaintStatus> {
    ComplaintStatus::from_code(&record.status)
        .ok_or_else(|| ServiceError::internal(format!("complaint status {}", record.status)))
}

fn deadlines_of(record: &ComplaintRecord) -> Deadlines {
    Deadlines {
        received_on: lumbung_domain::time::TimeZone::of(&record.region_code)
            .local_date(record.received_at),
        verify_by: record.verify_by,
        follow_up_by: record.follow_up_by,
    }
}

fn step_error(error: StepError) -> ServiceError {
    ServiceError::Conflict(error.to_string())
}

/// A PIN of 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L).
fn new_pin() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::rng();
    (0..8)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

fn normalise_pin(pin: &str) -> String {
    pin.trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_uppercase()
}

/// Checks the region and agency a complaint names; errors go to their fields.
async fn check_place(
    conn: &mut Conn,
    input: &ComplaintInput,
    errors: &mut FieldErrors,
) -> ServiceResult<(Option<RegionCode>, Option<Uuid>)> {
    let region = match RegionCode::parse(&input.region_code) {
        Ok(code) if !code.is_nation() => match regions::get(conn, &code).await {
            Ok(_) => Some(code),
            Err(_) => {
                errors.add("region_code", "wilayah tidak ditemukan");
                None
            }
        },
        Ok(_) | Err(_) => {
            errors.add("region_code", "pilih provinsi atau kabupaten/kota");
            None
        }
    };
    let agency = match input.agency_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match Uuid::parse_str(text) {
            Ok(id) => match agencies::get(conn, id).await {
                Ok(agency)
                    if region
                        .as_ref()
                        .is_none_or(|region| region.covers(&agency.region_code)) =>
                {
                    Some(id)
                }
                _ => {
                    errors.add("agency_id", "perangkat daerah tidak ada di wilayah itu");
                    None
                }
            },
            Err(_) => {
                errors.add("agency_id", "perangkat daerah tidak dikenali");
                None
            }
        },
    };
    Ok((region, agency))
}

fn check_uploads(uploads: &[Upload], errors: &mut FieldErrors) -> Vec<&'static str> {
    if uploads.len() > MAX_ATTACHMENTS {
        errors.add(
            "attachments",
            format!("paling banyak {MAX_ATTACHMENTS} lampiran"),
        );
    }
    let mut kinds = Vec::new();
    for upload in uploads {
        if upload.bytes.len() > MAX_ATTACHMENT_BYTES {
            errors.add(
                "attachments",
                format!("lampiran \"{}\" lebih dari 5 MB", upload.file_name),
            );
            continue;
        }
        match check_upload(&upload.bytes) {
            Ok(kind) => kinds.push(kind.mime()),
            Err(message) => errors.add(
                "attachments",
                format!("lampiran \"{}\": {message}", upload.file_name),
            ),
        }
    }
    kinds
}

/// A filing's fields and place, checked together: every problem lands in `errors`; the
/// checked filing, region and agency when there was none of theirs.
async fn check_filing(
    conn: &mut Conn,
    input: &ComplaintInput,
    errors: &mut FieldErrors,
) -> ServiceResult<Option<(Filing, RegionCode, Option<Uuid>)>> {
    let filing = match Filing::parse(input) {
        Ok(filing) => Some(filing),
        Err(found) => {
            for (field, message) in found.iter() {
                errors.add(field, message);
            }
            None
        }
    };
    let (region, agency) = check_place(conn, input, errors).await?;
    Ok(filing
        .zip(region)
        .map(|(filing, region)| (filing, region, agency)))
}

struct Received<'a> {
    filing: &'a Filing,
    region: RegionCode,
    agency: Option<Uuid>,
    received_at: DateTime<Utc>,
    prepared: &'a Prepared,
    created_by: Option<Uuid>,
}

/// What a filing makes before its transaction, since neither may hold the write lock: the
/// reporter's PIN with its argon2 hash, and the attachments written under their staging keys
/// (published once the transaction has committed).
struct Prepared {
    pin: String,
    pin_hash: String,
    files: Vec<StagedUpload>,
}

struct StagedUpload {
    staged: Staged,
    file_name: String,
    content_type: &'static str,
    size: i64,
}

impl Prepared {
    /// Hashes a new PIN and stages the uploads that pass the content check; those that do not
    /// are reported by [`check_uploads`] and make the filing fail.
    async fn new(app: &App, uploads: &[Upload]) -> ServiceResult<Prepared> {
        let pin = new_pin();
        let pin_hash = auth::hash_password(&pin).await?;
        let mut files = Vec::new();
        for upload in uploads.iter().take(MAX_ATTACHMENTS) {
            if upload.bytes.len() > MAX_ATTACHMENT_BYTES {
                continue;
            }
            let Ok(kind) = check_upload(&upload.bytes) else {
                continue;
            };
            let key = Blobs::key_for("complaints", Uuid::now_v7(), kind.extension());
            files.push(StagedUpload {
                staged: app.blobs.stage(&key, upload.bytes.clone()).await?,
                file_name: upload.file_name.clone(),
                content_type: kind.mime(),
                size: i64::try_from(upload.bytes.len()).map_err(ServiceError::internal)?,
            });
        }
        Ok(Prepared {
            pin,
            pin_hash,
            files,
        })
    }

    /// After the commit: moves the attachments in place.
    async fn publish(self) {
        for file in self.files {
            file.staged.publish().await;
        }
    }
}

/// Stores a new complaint with its first event, attachments and mail; returns its PIN.
async fn receive(
    conn: &mut Conn,
    app: &App,
    caller: &Caller,
    received: Received<'_>,
) -> ServiceResult<Filed> {
    let Received {
        filing,
        region,
        agency,
        received_at,
        prepared,
        created_by,
    } = received;
    let calendar = calendar::load_calendar(conn).await?;
    let rules = calendar::load_rules(conn).await?;
    let rule = rules.rule_for(&filing.category, &region);
    let deadlines = due_dates(&calendar, &region, rule, received_at, None);
    let year = chrono::Datelike::year(&deadlines.received_on);
    let sequence = store::next_sequence(conn, year).await?;
    let number = TrackingNumber {
        year,
        sequence: u32::try_from(sequence).map_err(ServiceError::internal)?,
    }
    .to_string();
    let id = Uuid::now_v7();
    store::insert_complaint(
        conn,
        &NewComplaint {
            id,
            tracking_number: &number,
            year,
            channel: filing.channel.code(),
            category: &filing.category,
            tags: &filing.tags,
            region_code: &region,
            agency_id: agency,
            innovation_id: None,
            subject: &filing.subject,
            description: &filing.description,
            reporter_name: filing.reporter_name.as_deref(),
            reporter_email: filing.reporter_email.as_deref(),
            reporter_phone: filing.reporter_phone.as_deref(),
            anonymous: filing.anonymous,
            reporter_pin_hash: Some(&prepared.pin_hash),
            status: ComplaintStatus::Received.code(),
            received_at,
            verify_by: deadlines.verify_by,
            follow_up_by: deadlines.follow_up_by,
            created_by,
        },
    )
    .await?;
    for file in &prepared.files {
        store::insert_attachment(
            conn,
            &NewAttachment {
                complaint_id: id,
                blob_key: file.staged.key(),
                file_name: &file.file_name,
                content_type: file.content_type,
                size: file.size,
            },
        )
        .await?;
    }
    let note = format!(
        "Diterima melalui {}. Batas verifikasi {}.",
        filing.channel.label(),
        indonesian_date(deadlines.verify_by)
    );
    store::insert_event(
        conn,
        &NewEvent {
            complaint_id: id,
            kind: "filed",
            from_status: None,
            to_status: Some(ComplaintStatus::Received.code()),
            note: Some(&note),
            public: true,
            actor: if created_by.is_some() {
                "petugas"
            } else {
                "pelapor"
            },
            at: received_at,
        },
    )
    .await?;
    audit::record(
        conn,
        caller,
        "file_complaint",
        "complaint",
        &id.to_string(),
        Some(region.as_str()),
        json!({"tracking_number": number, "channel": filing.channel.code(),
               "category": filing.category}),
    )
    .await?;
    let record = store::get_complaint(conn, id).await?;
    let pin = &prepared.pin;
    if let Some(email) = &record.reporter_email {
        let body = format!(
            "Pengaduan Anda \"{}\" telah kami terima.\n\nNomor pengaduan: {number}\nPIN: {pin}\n\
             Batas verifikasi: {}\n\nLacak pengaduan di {}/pengaduan/lacak?nomor={number}\n\
             Simpan PIN ini: PIN diperlukan untuk menutup atau membuka kembali pengaduan.\n",
            record.subject,
            indonesian_date(deadlines.verify_by),
            app.public_url
        );
        mail::enqueue(
            conn,
            email,
            &format!("Pengaduan {number} diterima"),
            &body,
            &topic(id),
            app.clock.now(),
        )
        .await?;
    }
    for admin in store::recipients(conn, ADMIN_ROLES, &region, None).await? {
        let body = format!(
            "Pengaduan baru {number} ({}) untuk {}: \"{}\".\nBatas verifikasi: {}.\n{}/kelola/pengaduan/{id}\n",
            category_name(&record.category),
            record.region_name,
            record.subject,
            indonesian_date(deadlines.verify_by),
            app.public_url
        );
        mail::enqueue(
            conn,
            &admin,
            &format!("Pengaduan baru {number}"),
            &body,
            &topic(id),
            app.clock.now(),
        )
        .await?;
    }
    Ok(Filed {
        id,
        tracking_number: number,
        pin: pin.clone(),
        verify_by: deadlines.verify_by,
    })
}

const ADMIN_ROLES: &[&str] = &["national_admin", "province_admin", "regency_admin"];

pub(crate) fn topic(id: Uuid) -> String {
    format!("complaint:{id}")
}

pub fn category_name(code: &str) -> &str {
    Affair::by_code(code).map_or(code, |affair| affair.name)
}

pub(crate) fn indonesian_date(date: chrono::NaiveDate) -> String {
    crate::clock::indonesian_date(date)
}

/// Files a complaint from the public form or API: no account, a challenge, a rate limit per
/// client address, and size and type limits on attachments. Every problem is reported at once
/// so the form can show them beside what was typed.
pub async fn file(
    app: &App,
    input: &ComplaintInput,
    uploads: Vec<Upload>,
    proof: &Proof,
    client: &str,
) -> ServiceResult<Filed> {
    let now = app.clock.now();
    let key = format!("complaint:{client}");
    // Read before the transaction begins: the first read may write it.
    let challenge_key = app.challenge_key().await?;
    let prepared = Prepared::new(app, &uploads).await?;
    let mut conn = app.db.begin().await?;
    if users::count_login_failures(&mut conn, &key, now - chrono::Duration::hours(1)).await?
        >= FILINGS_PER_HOUR
    {
        return Err(ServiceError::RateLimited { minutes: 60 });
    }
    if !proof.website.trim().is_empty() {
        return Err(ServiceError::BadInput(
            "pengaduan tidak dapat diterima dari formulir ini".into(),
        ));
    }
    let mut errors = FieldErrors::new();
    let checked = check_filing(&mut conn, input, &mut errors).await?;
    if input
        .channel
        .as_deref()
        .is_some_and(|channel| Channel::parse(channel) != Ok(Channel::Web))
    {
        errors.add(
            "channel",
            "formulir publik hanya untuk pengaduan melalui situs web",
        );
    }
    check_uploads(&uploads, &mut errors);
    if let Err(message) = challenge::check(
        &challenge_key,
        &mut conn,
        &proof.challenge_token,
        &proof.challenge_answer,
        now,
    )
    .await?
    {
        errors.add("challenge_answer", message);
    }
    let Some((filing, region, agency)) = checked.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    let caller = Caller::anonymous();
    let filed = receive(
        &mut conn,
        app,
        &caller,
        Received {
            filing: &Filing {
                channel: Channel::Web,
                ..filing
            },
            region,
            agency,
            received_at: now,
            prepared: &prepared,
            created_by: None,
        },
    )
    .await?;
    users::record_attempt(&mut conn, &key, now).await?;
    conn.commit().await?;
    prepared.publish().await;
    Ok(filed)
}

/// An officer enters a complaint received through another channel (WhatsApp, SMS, phone,
/// e-mail, letter), dated when it was received.
pub async fn intake(
    app: &App,
    caller: &Caller,
    input: &ComplaintInput,
    received_at: Option<DateTime<Utc>>,
) -> ServiceResult<Filed> {
    if !caller.is_signed_in() {
        return Err(ServiceError::Unauthenticated);
    }
    let now = app.clock.now();
    let prepared = Prepared::new(app, &[]).await?;
    let mut conn = app.db.begin().await?;
    let mut errors = FieldErrors::new();
    let checked = check_filing(&mut conn, input, &mut errors).await?;
    let received_at = received_at.unwrap_or(now);
    if received_at > now {
        errors.add("received_at", "tanggal diterima tidak boleh di masa depan");
    }
    let Some((filing, region, agency)) = checked.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    let allowed = caller.actor.is_admin_of(&region)
        || agency.is_some_and(|agency| caller.actor.can_write_innovation(&region, agency));
    if !allowed {
        return Err(ServiceError::forbidden());
    }
    let filed = receive(
        &mut conn,
        app,
        caller,
        Received {
            filing: &filing,
            region,
            agency,
            received_at,
            prepared: &prepared,
            created_by: caller.user_id(),
        },
    )
    .await?;
    conn.commit().await?;
    Ok(filed)
}

/// What the caller may do with a complaint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Rights {
    /// Verify, reject, assign and close: admins of the region.
    pub manage: bool,
    /// Start and answer: the region's admins and the assigned agency's operators.
    pub follow_up: bool,
    /// See the reporter's identity.
    pub identity: bool,
}

fn rights(caller: &Caller, record: &ComplaintRecord) -> Rights {
    let actor = &caller.actor;
    let manage = actor.is_admin_of(&record.region_code);
    // Operators hold their grant on the agency's own region.
    let agency = match (record.agency_id, &record.agency_region) {
        (Some(agency), Some(region)) => actor.can_write_innovation(region, agency),
        _ => false,
    };
    let verifier = actor.is_verifier_of(&record.region_code);
    Rights {
        manage,
        follow_up: manage || agency,
        identity: manage || verifier || (agency && !record.anonymous),
    }
}

/// A complaint as an officer sees it.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintView {
    #[serde(flatten)]
    pub complaint: ComplaintRecord,
    pub status_label: &'static str,
    pub category_name: String,
    pub channel_label: &'static str,
    /// The deadline the complaint is late on now, if any.
    pub overdue: Option<Stage>,
    pub events: Vec<EventRecord>,
    pub attachments: Vec<AttachmentRecord>,
    /// The steps the caller may take now.
    pub steps: Vec<ComplaintStep>,
    pub rights: Rights,
}

fn hide_identity(record: &mut ComplaintRecord) {
    record.reporter_name = None;
    record.reporter_email = None;
    record.reporter_phone = None;
}

fn allowed_steps(status: ComplaintStatus, rights: Rights) -> Vec<ComplaintStep> {
    ComplaintStep::ALL
        .iter()
        .copied()
        .filter(|step| next_status(status, *step).is_ok())
        .filter(|step| match step {
            ComplaintStep::Verify
            | ComplaintStep::Reject
            | ComplaintStep::Assign
            | ComplaintStep::Close => rights.manage,
            ComplaintStep::Start | ComplaintStep::Answer => rights.follow_up,
            ComplaintStep::Reopen => false,
        })
        .collect()
}

async fn view(
    conn: &mut Conn,
    caller: &Caller,
    mut record: ComplaintRecord,
    now: DateTime<Utc>,
) -> ServiceResult<ComplaintView> {
    let rights = rights(caller, &record);
    if !(rights.follow_up || rights.identity) {
        return Err(ServiceError::NotFound("pengaduan"));
    }
    if !rights.identity {
        hide_identity(&mut record);
    }
    let status = status_of(&record)?;
    let events = store::list_events(conn, record.id, false).await?;
    let attachments = store::list_attachments(conn, record.id).await?;
    Ok(ComplaintView {
        status_label: status.label(),
        category_name: category_name(&record.category).to_owned(),
        channel_label: Channel::from_code(&record.channel).map_or("", Channel::label),
        overdue: overdue(status, &deadlines_of(&record), &record.region_code, now),
        steps: allowed_steps(status, rights),
        events,
        attachments,
        rights,
        complaint: record,
    })
}

pub async fn get(app: &App, caller: &Caller, id: Uuid) -> ServiceResult<ComplaintView> {
    let mut conn = app.db.read().await?;
    let record = store::get_complaint(&mut conn, id)
        .await
        .map_err(|_| ServiceError::NotFound("pengaduan"))?;
    view(&mut conn, caller, record, app.clock.now()).await
}

/// An attachment's bytes, for officers who may read the complaint.
pub async fn attachment(
    app: &App,
    caller: &Caller,
    id: Uuid,
) -> ServiceResult<(AttachmentRecord, Vec<u8>)> {
    let mut conn = app.db.read().await?;
    let attachment = store::get_attachment(&mut conn, id)
        .await
        .map_err(|_| ServiceError::NotFound("lampiran"))?;
    let record = store::get_complaint(&mut conn, attachment.complaint_id).await?;
    let rights = rights(caller, &record);
    if !(rights.follow_up || rights.identity) {
        return Err(ServiceError::NotFound("lampiran"));
    }
    drop(conn);
    let bytes = app.blobs.get(&attachment.blob_key).await?;
    Ok((attachment, bytes))
}

/// Which complaints an officer lists.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// A region subtree; the caller's own scope when absent.
    pub region: Option<String>,
    pub status: Option<String>,
    pub year: Option<i32>,
    pub category: Option<String>,
    /// Only complaints late on a deadline now.
    #[serde(default)]
    pub overdue: Option<bool>,
}

/// One row of an officer's list.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintSummary {
    pub id: Uuid,
    pub tracking_number: String,
    pub subject: String,
    pub category: String,
    pub category_name: String,
    pub region_code: RegionCode,
    pub region_name: String,
    pub agency_name: Option<String>,
    pub status: String,
    pub status_label: &'static str,
    pub received_at: DateTime<Utc>,
    pub verify_by: chrono::NaiveDate,
    pub follow_up_by: chrono::NaiveDate,
    pub overdue: Option<Stage>,
    pub escalated: bool,
}

/// Complaints the caller handles: a region's (admins, verifiers) or an agency's (operators).
pub async fn list(
    app: &App,
    caller: &Caller,
    query: &ListQuery,
) -> ServiceResult<Vec<ComplaintSummary>> {
    if !caller.is_signed_in() {
        return Err(ServiceError::Unauthenticated);
    }
    let scope = caller.actor.read_scope();
    let region = match query.region.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(
            RegionCode::parse(text).map_err(|message| FieldErrors::single("region", message))?,
        ),
        _ => None,
    };
    let status = match query.status.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(
            ComplaintStatus::parse(text)
                .map_err(|message| FieldErrors::single("status", message))?,
        ),
        _ => None,
    };
    let base = ComplaintFilter {
        statuses: status
            .map(|s| vec![s.code().to_owned()])
            .unwrap_or_default(),
        year: query.year,
        category: query.category.clone().filter(|c| !c.trim().is_empty()),
        limit: Some(1_000),
        ..ComplaintFilter::default()
    };
    let mut filters = Vec::new();
    let regions: Vec<RegionCode> = match &region {
        Some(region) => vec![region.clone()],
        None if scope.all => vec![RegionCode::nation()],
        None => scope.regions.clone(),
    };
    for region in regions {
        if caller.actor.is_admin_of(&region) || caller.actor.is_verifier_of(&region) {
            filters.push(ComplaintFilter {
                region: Some(region),
                ..base.clone()
            });
        }
    }
    if filters.is_empty() {
        for agency in &scope.agencies {
            filters.push(ComplaintFilter {
                agency: Some(*agency),
                region: region.clone(),
                ..base.clone()
            });
        }
    }
    if filters.is_empty() {
        return Err(ServiceError::forbidden());
    }
    let now = app.clock.now();
    let mut conn = app.db.read().await?;
    let mut rows = Vec::new();
    for filter in filters {
        for record in store::list_complaints(&mut conn, &filter).await? {
            let status = status_of(&record)?;
            let late = overdue(status, &deadlines_of(&record), &record.region_code, now);
            if query.overdue == Some(true) && late.is_none() {
                continue;
            }
            rows.push(ComplaintSummary {
                id: record.id,
                status_label: status.label(),
                category_name: category_name(&record.category).to_owned(),
                escalated: record.escalated_at.is_some(),
                tracking_number: record.tracking_number,
                subject: record.subject,
                category: record.category,
                region_code: record.region_code,
                region_name: record.region_name,
                agency_name: record.agency_name,
                status: record.status,
                received_at: record.received_at,
                verify_by: record.verify_by,
                follow_up_by: record.follow_up_by,
                overdue: late,
            });
        }
    }
    rows.sort_by(|a, b| b.received_at.cmp(&a.received_at).then(b.id.cmp(&a.id)));
    rows.dedup_by_key(|row| row.id);
    Ok(rows)
}

/// A step as a form or a JSON body sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct StepInput {
    /// `verify`, `reject`, `assign`, `start`, `answer` or `close`.
    pub step: String,
    /// For `reject`: `not_authority`, `incomplete` or `duplicate`.
    #[serde(default)]
    pub reason: Option<String>,
    /// For a duplicate: the tracking number of the complaint it repeats.
    #[serde(default)]
    pub duplicate_of: Option<String>,
    /// For `assign`: the agency that follows up.
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    /// For `answer`: the answer the reporter reads.
    #[serde(default)]
    pub answer: Option<String>,
    /// A note on the timeline.
    #[serde(default)]
    pub note: Option<String>,
    /// The innovation the complaint is about, when it is about one.
    #[serde(default)]
    pub innovation_id: Option<Uuid>,
}

fn trimmed(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// An officer takes a step.
pub async fn take_step(
    app: &App,
    caller: &Caller,
    id: Uuid,
    input: &StepInput,
) -> ServiceResult<ComplaintView> {
    if !caller.is_signed_in() {
        return Err(ServiceError::Unauthenticated);
    }
    let step = ComplaintStep::parse(&input.step)
        .map_err(|message| FieldErrors::single("step", message))?;
    let now = app.clock.now();
    let mut conn = app.db.begin().await?;
    let mut record = store::get_complaint(&mut conn, id)
        .await
        .map_err(|_| ServiceError::NotFound("pengaduan"))?;
    let rights = rights(caller, &record);
    if !(rights.follow_up || rights.identity) {
        return Err(ServiceError::NotFound("pengaduan"));
    }
    let from = status_of(&record)?;
    if step == ComplaintStep::Reopen {
        return Err(ServiceError::Forbidden(
            "pengaduan hanya dapat dibuka kembali oleh pelapor".into(),
        ));
    }
    let to = next_status(from, step).map_err(step_error)?;
    if !allowed_steps(from, rights).contains(&step) {
        return Err(ServiceError::forbidden());
    }
    let mut note = trimmed(&input.note);
    match step {
        ComplaintStep::Verify => record.verified_at = Some(now),
        ComplaintStep::Reject => {
            let reason = RejectionReason::parse(input.reason.as_deref().unwrap_or(""))
                .map_err(|message| FieldErrors::single("reason", message))?;
            if reason == RejectionReason::Duplicate {
                let number = TrackingNumber::parse(input.duplicate_of.as_deref().unwrap_or(""))
                    .map_err(|message| FieldErrors::single("duplicate_of", message))?
                    .to_string();
                let original = store::get_by_tracking_number(&mut conn, &number)
                    .await
                    .map_err(|_| {
                        FieldErrors::single(
                            "duplicate_of",
                            format!("pengaduan {number} tidak ditemukan"),
                        )
                    })?;
                if original.id == record.id {
                    return Err(FieldErrors::single(
                        "duplicate_of",
                        "pengaduan tidak dapat menjadi duplikat dirinya sendiri",
                    )
                    .into());
                }
                record.duplicate_of = Some(original.id);
                note = Some(format!(
                    "{}Duplikat dari {number}.",
                    note.map(|n| format!("{n} ")).unwrap_or_default()
                ));
            }
            record.rejection_reason = Some(reason.code().to_owned());
            note = Some(match note {
                Some(note) => format!("{}: {note}", reason.label()),
                None => reason.label().to_owned(),
            });
        }
        ComplaintStep::Assign => {
            let agency_id = input
                .agency_id
                .ok_or_else(|| FieldErrors::single("agency_id", "pilih perangkat daerah"))?;
            let agency = agencies::get(&mut conn, agency_id).await.map_err(|_| {
                FieldErrors::single("agency_id", "perangkat daerah tidak ditemukan")
            })?;
            if !record.region_code.covers(&agency.region_code) {
                return Err(FieldErrors::single(
                    "agency_id",
                    "perangkat daerah harus berada di wilayah pengaduan",
                )
                .into());
            }
            let calendar = calendar::load_calendar(&mut conn).await?;
            let rule = calendar::load_rules(&mut conn)
                .await?
                .rule_for(&record.category, &record.region_code);
            let deadlines = due_dates(
                &calendar,
                &record.region_code,
                rule,
                record.received_at,
                Some(now),
            );
            record.agency_id = Some(agency_id);
            record.assigned_at = Some(now);
            record.follow_up_by = deadlines.follow_up_by;
            record.escalated_stage = None;
            note = Some(format!(
                "Didisposisikan kepada {}. Batas tindak lanjut {}.{}",
                agency.name,
                indonesian_date(deadlines.follow_up_by),
                note.map(|n| format!(" {n}")).unwrap_or_default()
            ));
        }
        ComplaintStep::Start => {}
        ComplaintStep::Answer => {
            let answer = trimmed(&input.answer).unwrap_or_default();
            if answer.chars().count() < 10 {
                return Err(FieldErrors::single(
                    "answer",
                    "tuliskan jawaban untuk pelapor (paling sedikit 10 karakter)",
                )
                .into());
            }
            record.answer = Some(answer);
            record.answered_at = Some(now);
        }
        ComplaintStep::Close => record.closed_at = Some(now),
        ComplaintStep::Reopen => {}
    }
    if let Some(innovation) = input.innovation_id {
        lumbung_store::innovations::get(&mut conn, innovation)
            .await
            .map_err(|_| FieldErrors::single("innovation_id", "inovasi tidak ditemukan"))?;
        record.innovation_id = Some(innovation);
    }
    record.status = to.code().to_owned();
    store::save_progress(&mut conn, &record, from.code()).await?;
    let actor = if rights.manage {
        "admin"
    } else {
        "perangkat daerah"
    };
    finish_change(
        &mut conn,
        app,
        caller,
        &record,
        Change {
            kind: step.code(),
            from,
            to,
            note: note.as_deref(),
            actor,
            at: now,
        },
    )
    .await?;
    let record = store::get_complaint(&mut conn, id).await?;
    conn.commit().await?;
    let mut conn = app.db.read().await?;
    view(&mut conn, caller, record, now).await
}

struct Change<'a> {
    kind: &'a str,
    from: ComplaintStatus,
    to: ComplaintStatus,
    note: Option<&'a str>,
    actor: &'a str,
    at: DateTime<Utc>,
}

/// The event, the audit entry and the mail of a change.
async fn finish_change(
    conn: &mut Conn,
    app: &App,
    caller: &Caller,
    record: &ComplaintRecord,
    change: Change<'_>,
) -> ServiceResult<()> {
    store::insert_event(
        conn,
        &NewEvent {
            complaint_id: record.id,
            kind: change.kind,
            from_status: Some(change.from.code()),
            to_status: Some(change.to.code()),
            note: change.note,
            public: true,
            actor: change.actor,
            at: change.at,
        },
    )
    .await?;
    audit::record(
        conn,
        caller,
        &format!("complaint_{}", change.kind),
        "complaint",
        &record.id.to_string(),
        Some(record.region_code.as_str()),
        json!({"from": change.from.code(), "to": change.to.code(), "note": change.note}),
    )
    .await?;
    let subject = format!(
        "Pengaduan {}: {}",
        record.tracking_number,
        change.to.label()
    );
    let detail = change.note.map(|n| format!("\n{n}\n")).unwrap_or_default();
    if let Some(email) = &record.reporter_email {
        let body = format!(
            "Status pengaduan Anda \"{}\" kini: {}.\n{detail}{}\nLacak di {}/pengaduan/lacak?nomor={}\n",
            record.subject,
            change.to.label(),
            record
                .answer
                .as_deref()
                .filter(|_| change.to == ComplaintStatus::Answered)
                .map(|answer| format!("\nJawaban:\n{answer}\n"))
                .unwrap_or_default(),
            app.public_url,
            record.tracking_number
        );
        mail::enqueue(conn, email, &subject, &body, &topic(record.id), change.at).await?;
    }
    if let Some(agency) = record.agency_id {
        let agency_region = agencies::get(conn, agency).await?.region_code;
        for officer in
            store::recipients(conn, &["agency_operator"], &agency_region, Some(agency)).await?
        {
            let body = format!(
                "Pengaduan {} \"{}\" kini: {}.\n{detail}Batas tindak lanjut: {}.\n{}/kelola/pengaduan/{}\n",
                record.tracking_number,
                record.subject,
                change.to.label(),
                indonesian_date(record.follow_up_by),
                app.public_url,
                record.id
            );
            mail::enqueue(
                conn,
                &officer,
                &subject,
                &body,
                &topic(record.id),
                change.at,
            )
            .await?;
        }
    }
    Ok(())
}

/// What the reporter may do with the PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReporterAction {
    /// Accept the answer.
    Close,
    /// Not satisfied: back to the agency, within the window.
    Reopen,
}

/// The reporter closes or reopens a complaint with its tracking number and PIN.
pub async fn reporter_action(
    app: &App,
    number: &str,
    pin: &str,
    action: ReporterAction,
    note: Option<&str>,
) -> ServiceResult<TrackedComplaint> {
    let number = TrackingNumber::parse(number)
        .map_err(|message| FieldErrors::single("number", message))?
        .to_string();
    let now = app.clock.now();
    check_pin(app, &number, pin).await?;
    let mut conn = app.db.begin().await?;
    let mut record = store::get_by_tracking_number(&mut conn, &number)
        .await
        .map_err(|_| ServiceError::NotFound("pengaduan"))?;
    let from = status_of(&record)?;
    let step = match action {
        ReporterAction::Close => ComplaintStep::Close,
        ReporterAction::Reopen => ComplaintStep::Reopen,
    };
    let to = next_status(from, step).map_err(step_error)?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    match action {
        ReporterAction::Close => record.closed_at = Some(now),
        ReporterAction::Reopen => {
            check_reopen(record.closed_at.or(record.answered_at), now, REOPEN_DAYS)
                .map_err(step_error)?;
            if note.is_none_or(|n| n.chars().count() < 10) {
                return Err(FieldErrors::single(
                    "note",
                    "jelaskan mengapa pengaduan dibuka kembali (paling sedikit 10 karakter)",
                )
                .into());
            }
            let calendar = calendar::load_calendar(&mut conn).await?;
            let rule = calendar::load_rules(&mut conn)
                .await?
                .rule_for(&record.category, &record.region_code);
            record.follow_up_by = due_dates(
                &calendar,
                &record.region_code,
                rule,
                record.received_at,
                Some(now),
            )
            .follow_up_by;
            record.answered_at = None;
            record.closed_at = None;
            record.escalated_stage = None;
        }
    }
    record.status = to.code().to_owned();
    store::save_progress(&mut conn, &record, from.code()).await?;
    finish_change(
        &mut conn,
        app,
        &Caller::anonymous(),
        &record,
        Change {
            kind: step.code(),
            from,
            to,
            note,
            actor: "pelapor",
            at: now,
        },
    )
    .await?;
    let record = store::get_complaint(&mut conn, record.id).await?;
    let tracked = tracked(&mut conn, record, now).await?;
    conn.commit().await?;
    Ok(tracked)
}

/// Checks the reporter's PIN for a complaint (a normalised tracking number), at most
/// [`PIN_FAILURES_PER_HOUR`] wrong ones per complaint. Argon2 runs before any write
/// transaction, so guessing does not hold the write lock.
async fn check_pin(app: &App, number: &str, pin: &str) -> ServiceResult<()> {
    let now = app.clock.now();
    let key = format!("complaint-pin:{number}");
    let mut read = app.db.read().await?;
    if users::count_login_failures(&mut read, &key, now - chrono::Duration::hours(1)).await?
        >= PIN_FAILURES_PER_HOUR
    {
        return Err(ServiceError::RateLimited { minutes: 60 });
    }
    let pin_hash = store::get_by_tracking_number(&mut read, number)
        .await
        .map_err(|_| ServiceError::NotFound("pengaduan"))?
        .reporter_pin_hash;
    drop(read);
    let matches = match &pin_hash {
        Some(hash) => auth::verify_password(&normalise_pin(pin), hash).await,
        None => false,
    };
    if !matches {
        let mut conn = app.db.begin().await?;
        users::record_attempt(&mut conn, &key, now).await?;
        conn.commit().await?;
        return Err(FieldErrors::single("pin", "PIN tidak cocok dengan nomor pengaduan").into());
    }
    Ok(())
}

/// A complaint as anyone with its tracking number sees it: the status and the deadlines.
/// With the reporter's PIN (`details`), also the subject, the answer and the timeline's
/// notes; never the identity or the description.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrackedComplaint {
    pub tracking_number: String,
    pub status: String,
    pub status_label: String,
    pub category: String,
    pub category_name: String,
    pub tags: Vec<String>,
    #[schema(value_type = String)]
    pub region_code: RegionCode,
    pub region_name: String,
    pub agency_name: Option<String>,
    pub subject: String,
    pub received_at: DateTime<Utc>,
    pub verify_by: chrono::NaiveDate,
    pub follow_up_by: chrono::NaiveDate,
    pub answer: Option<String>,
    pub rejection_reason: Option<String>,
    /// `verification` or `follow_up` when a deadline has passed.
    pub overdue: Option<String>,
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<PublicEvent>,
    /// Until when the reporter may reopen, for an answered or closed complaint.
    pub reopen_until: Option<DateTime<Utc>>,
    /// Whether the subject, tags, answer, rejection reason and notes are shown: only with the
    /// reporter's PIN, because tracking numbers run in sequence.
    pub details: bool,
}

impl TrackedComplaint {
    /// What the number alone shows.
    fn without_details(self) -> Self {
        Self {
            subject: String::new(),
            tags: Vec::new(),
            answer: None,
            rejection_reason: None,
            events: self
                .events
                .into_iter()
                .map(|event| PublicEvent {
                    note: None,
                    ..event
                })
                .collect(),
            details: false,
            ..self
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicEvent {
    pub kind: String,
    pub status_label: Option<String>,
    pub note: Option<String>,
    pub actor: String,
    pub at: DateTime<Utc>,
}

async fn tracked(
    conn: &mut Conn,
    record: ComplaintRecord,
    now: DateTime<Utc>,
) -> ServiceResult<TrackedComplaint> {
    let status = status_of(&record)?;
    let events = store::list_events(conn, record.id, true)
        .await?
        .into_iter()
        .map(|event| PublicEvent {
            status_label: event
                .to_status
                .as_deref()
                .and_then(ComplaintStatus::from_code)
                .map(|s| s.label().to_owned()),
            kind: event.kind,
            note: event.note,
            actor: event.actor,
            at: event.at,
        })
        .collect();
    let reopen_until = match status {
        ComplaintStatus::Answered | ComplaintStatus::Closed => record
            .closed_at
            .or(record.answered_at)
            .map(|at| at + chrono::Duration::days(REOPEN_DAYS)),
        _ => None,
    };
    Ok(TrackedComplaint {
        overdue: overdue(status, &deadlines_of(&record), &record.region_code, now)
            .map(|stage| stage.code().to_owned()),
        status_label: status.label().to_owned(),
        category_name: category_name(&record.category).to_owned(),
        tracking_number: record.tracking_number,
        status: record.status,
        category: record.category,
        tags: record.tags,
        region_code: record.region_code,
        region_name: record.region_name,
        agency_name: record.agency_name,
        subject: record.subject,
        received_at: record.received_at,
        verify_by: record.verify_by,
        follow_up_by: record.follow_up_by,
        answer: record.answer,
        rejection_reason: record
            .rejection_reason
            .as_deref()
            .and_then(RejectionReason::from_code)
            .map(|reason| reason.label().to_owned()),
        events,
        reopen_until,
        details: true,
    })
}

/// The public record of a complaint, by its tracking number as typed: the status for
/// anyone, the details with the reporter's `pin`.
pub async fn track(app: &App, number: &str, pin: Option<&str>) -> ServiceResult<TrackedComplaint> {
    let number = TrackingNumber::parse(number)
        .map_err(|message| FieldErrors::single("number", message))?
        .to_string();
    let pin = pin.map(str::trim).filter(|pin| !pin.is_empty());
    if let Some(pin) = pin {
        check_pin(app, &number, pin).await?;
    }
    let mut conn = app.db.read().await?;
    let record = store::get_by_tracking_number(&mut conn, &number)
        .await
        .map_err(|_| ServiceError::NotFound("pengaduan"))?;
    let tracked = tracked(&mut conn, record, app.clock.now()).await?;
    Ok(if pin.is_some() {
        tracked
    } else {
        tracked.without_details()
    })
}

/// One complaint the escalation job sent up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Escalation {
    pub tracking_number: String,
    pub stage: Stage,
    pub to: RegionCode,
}

const OPEN: &[ComplaintStatus] = &[
    ComplaintStatus::Received,
    ComplaintStatus::Verified,
    ComplaintStatus::Assigned,
    ComplaintStatus::InProgress,
    ComplaintStatus::Reopened,
];

/// The background job: every complaint late on a deadline at the clock's now is escalated to
/// the parent region's admins, once per stage.
pub async fn escalate_overdue(app: &App) -> ServiceResult<Vec<Escalation>> {
    let now = app.clock.now();
    let caller = Caller::system();
    let mut conn = app.db.begin().await?;
    let open = store::list_complaints(
        &mut conn,
        &ComplaintFilter {
            statuses: OPEN.iter().map(|s| s.code().to_owned()).collect(),
            ..ComplaintFilter::default()
        },
    )
    .await?;
    let mut escalated = Vec::new();
    for mut record in open {
        let status = status_of(&record)?;
        let Some(stage) = overdue(status, &deadlines_of(&record), &record.region_code, now) else {
            continue;
        };
        if record.escalated_stage.as_deref() == Some(stage.code()) {
            continue;
        }
        let target = escalation_target(&record.region_code);
        if !store::claim_escalation(&mut conn, record.id, stage.code(), &target, now).await? {
            // Another server escalated it since it was read.
            continue;
        }
        record.escalated_stage = Some(stage.code().to_owned());
        record.escalated_to = Some(target.clone());
        record.escalated_at = Some(now);
        let deadline = match stage {
            Stage::Verification => record.verify_by,
            Stage::FollowUp => record.follow_up_by,
        };
        let target_name = regions::get(&mut conn, &target)
            .await
            .map(|region| region.name)
            .unwrap_or_else(|_| target.as_str().to_owned());
        let note = format!(
            "Melewati batas {} ({}); dieskalasi kepada admin {}.",
            stage.label(),
            indonesian_date(deadline),
            target_name
        );
        store::insert_event(
            &mut conn,
            &NewEvent {
                complaint_id: record.id,
                kind: "escalate",
                from_status: Some(status.code()),
                to_status: Some(status.code()),
                note: Some(&note),
                public: false,
                actor: "sistem",
                at: now,
            },
        )
        .await?;
        audit::record(
            &mut conn,
            &caller,
            "complaint_escalate",
            "complaint",
            &record.id.to_string(),
            Some(record.region_code.as_str()),
            json!({"stage": stage.code(), "to": target.as_str(), "deadline": deadline}),
        )
        .await?;
        for admin in store::recipients(&mut conn, ADMIN_ROLES, &target, None).await? {
            let body = format!(
                "Pengaduan {} \"{}\" di {} melewati batas {} ({}).\nStatus: {}.\n{}/kelola/pengaduan/{}\n",
                record.tracking_number,
                record.subject,
                record.region_name,
                stage.label(),
                indonesian_date(deadline),
                status.label(),
                app.public_url,
                record.id
            );
            mail::enqueue(
                &mut conn,
                &admin,
                &format!("Eskalasi pengaduan {}", record.tracking_number),
                &body,
                &topic(record.id),
                now,
            )
            .await?;
        }
        escalated.push(Escalation {
            tracking_number: record.tracking_number.clone(),
            stage,
            to: target,
        });
    }
    conn.commit().await?;
    Ok(escalated)
}
