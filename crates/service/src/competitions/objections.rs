//! Uji publik: citizens object to finalists while the objection window runs; the secretariat
//! resolves each objection, and an upheld one sets the finalist aside.

use chrono::{DateTime, Utc};
use lumbung_domain::FieldErrors;
use lumbung_domain::competition::RoundKind;
use lumbung_store::competitions::{
    self as store, NewObjection, ObjectionRecord, objection_status, proposal_status,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::load;
use super::proposals::DISQUALIFIED;
use crate::{App, Caller, ServiceError, ServiceResult, audit};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ObjectionInput {
    pub proposal_id: Option<Uuid>,
    pub name: String,
    /// An e-mail address or telephone number, for the secretariat's reply.
    pub contact: String,
    pub text: String,
}

/// An objection. `name` and `contact` are the objector's personal data: filled for the
/// secretariat only.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectionView {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub text: String,
    pub status: String,
    pub status_label: &'static str,
    pub resolution: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

fn status_label(status: &str) -> &'static str {
    match status {
        objection_status::OPEN => "Sedang ditindaklanjuti",
        objection_status::UPHELD => "Diterima",
        objection_status::DISMISSED => "Ditolak",
        _ => "Tidak dikenal",
    }
}

fn view(record: ObjectionRecord, personal: bool) -> ObjectionView {
    ObjectionView {
        id: record.id,
        proposal_id: record.proposal_id,
        text: record.text,
        status_label: status_label(&record.status),
        status: record.status,
        resolution: record.resolution,
        resolved_at: record.resolved_at,
        created_at: record.created_at,
        name: personal.then_some(record.name),
        contact: personal.then_some(record.contact),
    }
}

/// Files an objection against a finalist; anyone may, no account needed.
pub async fn file(
    app: &App,
    caller: &Caller,
    client: &str,
    competition: Uuid,
    input: &ObjectionInput,
) -> ServiceResult<ObjectionView> {
    let mut errors = FieldErrors::new();
    let name = input.name.trim();
    let contact = input.contact.trim();
    let text = input.text.trim();
    if name.is_empty() || name.chars().count() > 120 {
        errors.add("name", "isi nama Anda (paling banyak 120 karakter)");
    }
    if contact.chars().count() < 5 || contact.chars().count() > 200 {
        errors.add(
            "contact",
            "isi surel atau nomor telepon yang dapat dihubungi",
        );
    }
    let words = text.split_whitespace().count();
    if words < 5 || text.chars().count() > 5000 {
        errors.add(
            "text",
            "uraikan sanggahan Anda (paling sedikit 5 kata, paling banyak 5000 karakter)",
        );
    }
    if input.proposal_id.is_none() {
        errors.add("proposal_id", "pilih finalis yang disanggah");
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    if !caller.is_signed_in() {
        crate::limits::take(app, crate::limits::OBJECTION, client).await?;
    }
    let proposal = input
        .proposal_id
        .ok_or(ServiceError::NotFound("proposal"))?;
    let mut tx = app.db.begin().await?;
    let loaded = load(&mut tx, competition).await?;
    loaded.require_current(RoundKind::PublicObjection)?;
    let record = store::get_proposal(&mut tx, proposal)
        .await
        .map_err(|_| ServiceError::NotFound("proposal"))?;
    if record.competition_id != competition || record.status != proposal_status::SHORTLISTED {
        return Err(ServiceError::NotFound("finalis"));
    }
    let id = store::insert_objection(
        &mut tx,
        &NewObjection {
            proposal_id: proposal,
            name,
            contact,
            text,
        },
    )
    .await?;
    // The objector's name and contact stay out of the audit log, which admins of the
    // proposing region read.
    audit::record(
        &mut tx,
        caller,
        "file",
        "objection",
        &id.to_string(),
        Some(record.region_code.as_str()),
        json!({"competition": competition, "proposal": proposal}),
    )
    .await?;
    let objection = store::get_objection(&mut tx, id).await?;
    tx.commit().await?;
    Ok(view(objection, false))
}

/// A competition's objections: in full for the secretariat, without the objectors' personal
/// data for everyone else.
pub async fn list(
    app: &App,
    caller: &Caller,
    competition: Uuid,
) -> ServiceResult<Vec<ObjectionView>> {
    let mut conn = app.db.read().await?;
    let loaded = load(&mut conn, competition).await?;
    let personal = loaded.is_secretariat(caller);
    Ok(store::list_objections(&mut conn, competition, None)
        .await?
        .into_iter()
        .map(|record| view(record, personal))
        .collect())
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ResolutionInput {
    pub upheld: bool,
    pub resolution: String,
}

/// Resolves an objection (secretariat, during the objection window). Upheld, the finalist is
/// set aside.
pub async fn resolve(
    app: &App,
    caller: &Caller,
    competition: Uuid,
    objection: Uuid,
    input: &ResolutionInput,
) -> ServiceResult<ObjectionView> {
    let resolution = input.resolution.trim();
    if resolution.split_whitespace().count() < 3 {
        return Err(
            FieldErrors::single("resolution", "tuliskan hasil tindak lanjut sanggahan").into(),
        );
    }
    let mut tx = app.db.begin().await?;
    let record = store::get_objection(&mut tx, objection)
        .await
        .map_err(|_| ServiceError::NotFound("sanggahan"))?;
    let proposal = store::get_proposal(&mut tx, record.proposal_id).await?;
    if proposal.competition_id != competition {
        return Err(ServiceError::NotFound("sanggahan"));
    }
    let loaded = load(&mut tx, proposal.competition_id).await?;
    loaded.require_secretariat(caller)?;
    loaded.require_current(RoundKind::PublicObjection)?;
    let status = if input.upheld {
        objection_status::UPHELD
    } else {
        objection_status::DISMISSED
    };
    store::resolve_objection(&mut tx, objection, status, resolution, caller.user_id())
        .await
        .map_err(|error| match error {
            lumbung_store::StoreError::Conflict(_) => {
                ServiceError::Conflict("sanggahan ini sudah ditindaklanjuti".into())
            }
            other => other.into(),
        })?;
    if input.upheld && proposal.status == proposal_status::SHORTLISTED {
        store::set_proposal_status(&mut tx, proposal.id, DISQUALIFIED, None).await?;
    }
    audit::record(
        &mut tx,
        caller,
        "resolve",
        "objection",
        &objection.to_string(),
        Some(proposal.region_code.as_str()),
        json!({"status": status, "resolution": resolution, "proposal": proposal.id}),
    )
    .await?;
    let record = store::get_objection(&mut tx, objection).await?;
    tx.commit().await?;
    Ok(view(record, true))
}
