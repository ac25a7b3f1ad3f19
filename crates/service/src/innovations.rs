//! Innovations: recording the official profile, the review workflow, and reading them.

use lumbung_domain::FieldErrors;
use lumbung_domain::affair::Affair;
use lumbung_domain::award::Award;
use lumbung_domain::innovation::{Form, Kind, Profile, ProfileInput, Stage, Status, Transition};
use lumbung_domain::region::RegionCode;
use lumbung_store::innovations::{self, AwardFilter, Innovation, InnovationFilter, NewInnovation};
use lumbung_store::{Conn, Page, Paging, agencies};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// An award as a caller sends it.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq)]
pub struct AwardInput {
    #[serde(default)]
    pub body: String,
    pub event: String,
    pub year: i32,
    #[serde(default)]
    pub rank: String,
}

/// An innovation as a caller sends it: the owning agency, the profile and the awards.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InnovationInput {
    pub agency_id: Option<Uuid>,
    #[serde(flatten)]
    pub profile: ProfileInput,
    #[serde(default)]
    pub awards: Vec<AwardInput>,
}

fn parse_awards(inputs: &[AwardInput], errors: &mut FieldErrors) -> Vec<Award> {
    inputs
        .iter()
        .filter_map(|a| {
            Award::new(&a.body, &a.event, a.year, &a.rank)
                .map_err(|e| errors.add("awards", e))
                .ok()
        })
        .collect()
}

/// Validates the input and finds the agency; every problem is reported at once.
async fn parse_input(
    conn: &mut Conn,
    input: &InnovationInput,
) -> ServiceResult<(Profile, Vec<Award>, agencies::Agency)> {
    let mut errors = FieldErrors::new();
    let profile = Profile::parse(&input.profile);
    let awards = parse_awards(&input.awards, &mut errors);
    let agency = match input.agency_id {
        None => {
            errors.add("agency_id", "perangkat daerah wajib dipilih");
            None
        }
        Some(id) => match agencies::get(conn, id).await {
            Ok(agency) => Some(agency),
            Err(lumbung_store::StoreError::NotFound) => {
                errors.add("agency_id", "perangkat daerah tidak ditemukan");
                None
            }
            Err(e) => return Err(e.into()),
        },
    };
    match (profile, agency) {
        (Ok(profile), Some(agency)) if errors.is_empty() => Ok((profile, awards, agency)),
        (profile, _) => {
            if let Err(profile_errors) = profile {
                for (field, message) in profile_errors.iter() {
                    errors.add(field, message);
                }
            }
            Err(ServiceError::Validation(errors))
        }
    }
}

pub(crate) fn snapshot(profile: &Profile, agency_id: Uuid, awards: &[Award]) -> Value {
    let mut value = serde_json::to_value(profile).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("agency_id".into(), json!(agency_id));
        map.insert(
            "awards".into(),
            json!(awards.iter().map(Award::to_text).collect::<Vec<_>>()),
        );
    }
    value
}

/// A validated innovation ready to be written.
#[derive(Clone, Copy)]
pub(crate) struct Record<'a> {
    pub region: &'a RegionCode,
    pub agency_id: Uuid,
    pub profile: &'a Profile,
    pub awards: &'a [Award],
    pub status: Status,
    pub is_demo: bool,
    /// Where it came from, for the audit log: `form`, `import`, `demo`.
    pub source: &'a str,
}

/// Inserts a validated innovation with its awards and audit entry, in the caller's
/// transaction. Permission has been checked by the caller of this function.
pub(crate) async fn insert(
    conn: &mut Conn,
    caller: &Caller,
    record: &Record<'_>,
) -> ServiceResult<Uuid> {
    let Record {
        region,
        agency_id,
        profile,
        awards,
        status,
        is_demo,
        source,
    } = *record;
    let (id, number) = innovations::insert(
        conn,
        &NewInnovation {
            region_code: region,
            agency_id,
            profile,
            status,
            is_demo,
            created_by: caller.user_id(),
        },
    )
    .await?;
    if !awards.is_empty() {
        innovations::replace_awards(conn, id, awards).await?;
    }
    let mut changes = snapshot(profile, agency_id, awards);
    if let Value::Object(map) = &mut changes {
        map.insert("registration_number".into(), json!(number));
        map.insert("source".into(), json!(source));
    }
    audit::record(
        conn,
        caller,
        "create",
        "innovation",
        &id.to_string(),
        Some(region.as_str()),
        changes,
    )
    .await?;
    Ok(id)
}

/// Records a new innovation as a draft.
pub async fn create(
    app: &App,
    caller: &Caller,
    input: &InnovationInput,
) -> ServiceResult<Innovation> {
    let mut tx = app.db.begin().await?;
    let (profile, awards, agency) = parse_input(&mut tx, input).await?;
    if !caller
        .actor
        .can_write_innovation(&agency.region_code, agency.id)
    {
        return Err(ServiceError::forbidden());
    }
    let id = insert(
        &mut tx,
        caller,
        &Record {
            region: &agency.region_code,
            agency_id: agency.id,
            profile: &profile,
            awards: &awards,
            status: Status::Draft,
            is_demo: false,
            source: "form",
        },
    )
    .await?;
    let innovation = innovations::get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(innovation)
}

/// Loads an innovation the caller may read; one they may not read does not exist for them.
async fn readable(conn: &mut Conn, caller: &Caller, id: Uuid) -> ServiceResult<Innovation> {
    let innovation = innovations::get(conn, id)
        .await
        .map_err(|_| ServiceError::NotFound("inovasi"))?;
    if caller.actor.can_read_innovation(
        &innovation.region.code,
        innovation.agency.id,
        innovation.status,
    ) {
        Ok(innovation)
    } else {
        Err(ServiceError::NotFound("inovasi"))
    }
}

pub async fn get(app: &App, caller: &Caller, id: Uuid) -> ServiceResult<Innovation> {
    let mut conn = app.db.read().await?;
    readable(&mut conn, caller, id).await
}

/// An innovation the caller may edit now: theirs to write, and not under review or public.
async fn check_editable(conn: &mut Conn, caller: &Caller, id: Uuid) -> ServiceResult<Innovation> {
    let current = readable(conn, caller, id).await?;
    if !caller
        .actor
        .can_write_innovation(&current.region.code, current.agency.id)
    {
        return Err(ServiceError::forbidden());
    }
    if !current.status.is_editable() {
        return Err(ServiceError::Conflict(format!(
            "inovasi berstatus \"{}\" tidak dapat diubah; minta verifikator mengembalikannya dulu",
            current.status.label()
        )));
    }
    Ok(current)
}

/// Loads an innovation for its edit form, refusing as `update` would.
pub async fn editable(app: &App, caller: &Caller, id: Uuid) -> ServiceResult<Innovation> {
    let mut conn = app.db.read().await?;
    check_editable(&mut conn, caller, id).await
}

/// Replaces the profile. Only drafts and returned innovations are edited; the agency may
/// change within what the caller may write to.
pub async fn update(
    app: &App,
    caller: &Caller,
    id: Uuid,
    input: &InnovationInput,
) -> ServiceResult<Innovation> {
    let mut tx = app.db.begin().await?;
    let current = check_editable(&mut tx, caller, id).await?;
    let (profile, awards, agency) = parse_input(&mut tx, input).await?;
    if !caller
        .actor
        .can_write_innovation(&agency.region_code, agency.id)
    {
        return Err(ServiceError::forbidden());
    }
    innovations::update_profile(&mut tx, id, &agency.region_code, agency.id, &profile).await?;
    innovations::replace_awards(&mut tx, id, &awards).await?;
    let changes = audit::diff(
        &snapshot(&current.profile, current.agency.id, &current.awards),
        &snapshot(&profile, agency.id, &awards),
    );
    audit::record(
        &mut tx,
        caller,
        "update",
        "innovation",
        &id.to_string(),
        Some(agency.region_code.as_str()),
        changes,
    )
    .await?;
    let innovation = innovations::get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(innovation)
}

pub async fn delete(app: &App, caller: &Caller, id: Uuid) -> ServiceResult<()> {
    let mut tx = app.db.begin().await?;
    let current = readable(&mut tx, caller, id).await?;
    if !caller
        .actor
        .can_write_innovation(&current.region.code, current.agency.id)
    {
        return Err(ServiceError::forbidden());
    }
    if !caller
        .actor
        .can_delete_innovation(&current.region.code, current.agency.id, current.status)
    {
        return Err(ServiceError::Conflict(
            "inovasi yang sudah terbit hanya dapat dihapus oleh admin wilayah".into(),
        ));
    }
    innovations::delete(&mut tx, id).await?;
    audit::record(
        &mut tx,
        caller,
        "delete",
        "innovation",
        &id.to_string(),
        Some(current.region.code.as_str()),
        snapshot(&current.profile, current.agency.id, &current.awards),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a workflow step: submit (the owner), verify or return (a verifier or admin),
/// publish (an admin). Returning needs a note saying what to fix.
pub async fn transition(
    app: &App,
    caller: &Caller,
    id: Uuid,
    step: Transition,
    note: Option<&str>,
) -> ServiceResult<Innovation> {
    let mut tx = app.db.begin().await?;
    let current = readable(&mut tx, caller, id).await?;
    let region = &current.region.code;
    let allowed = caller
        .actor
        .can_take_from(step, region, current.agency.id, current.status);
    if !allowed {
        return Err(ServiceError::forbidden());
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if step == Transition::Return && note.is_none() {
        return Err(ServiceError::Validation(FieldErrors::single(
            "note",
            "tuliskan catatan apa yang perlu diperbaiki",
        )));
    }
    let to = step.apply(current.status).map_err(ServiceError::Conflict)?;
    // The verification itself: never by the person who submitted it.
    let verifying = step == Transition::Verify
        || (step == Transition::Return && current.status == Status::Submitted);
    if verifying
        && caller.user_id().is_some()
        && innovations::submitted_by(&mut tx, id).await? == caller.user_id()
    {
        return Err(ServiceError::Forbidden(
            "Anda tidak dapat memverifikasi inovasi yang Anda ajukan sendiri".into(),
        ));
    }
    innovations::set_status(&mut tx, id, to, note).await?;
    if step == Transition::Submit {
        innovations::set_submitted_by(&mut tx, id, caller.user_id()).await?;
    }
    audit::record(
        &mut tx,
        caller,
        step.code(),
        "innovation",
        &id.to_string(),
        Some(region.as_str()),
        json!({"status": {"from": current.status.code(), "to": to.code()}, "note": note}),
    )
    .await?;
    let innovation = innovations::get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(innovation)
}

/// List filters as they arrive in a query string.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct ListQuery {
    pub region: Option<String>,
    pub agency: Option<Uuid>,
    pub stage: Option<String>,
    pub form: Option<String>,
    pub kind: Option<String>,
    pub affair: Option<String>,
    pub status: Option<String>,
    pub q: Option<String>,
    /// The year implementation started.
    pub year: Option<String>,
    /// `true`/`ya` for any award, or an award event such as `KIPP`.
    pub award: Option<String>,
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl ListQuery {
    /// Parses the filters; an unknown code is an error rather than a silently empty list.
    pub fn to_filter(&self) -> ServiceResult<InnovationFilter> {
        let mut errors = FieldErrors::new();
        let mut filter = InnovationFilter {
            agency: self.agency,
            q: non_empty(&self.q).map(str::to_owned),
            ..Default::default()
        };
        if let Some(region) = non_empty(&self.region) {
            filter.region = RegionCode::parse(region)
                .map_err(|e| errors.add("region", e))
                .ok();
        }
        if let Some(stage) = non_empty(&self.stage) {
            filter.stage = Stage::parse(stage).map_err(|e| errors.add("stage", e)).ok();
        }
        if let Some(form) = non_empty(&self.form) {
            filter.form = Form::parse(form).map_err(|e| errors.add("form", e)).ok();
        }
        if let Some(kind) = non_empty(&self.kind) {
            filter.kind = Kind::parse(kind).map_err(|e| errors.add("kind", e)).ok();
        }
        if let Some(status) = non_empty(&self.status) {
            filter.status = Status::parse(status)
                .map_err(|e| errors.add("status", e))
                .ok();
        }
        if let Some(affair) = non_empty(&self.affair) {
            filter.affair = Affair::parse(affair)
                .map(|a| a.code.to_owned())
                .map_err(|e| errors.add("affair", e))
                .ok();
        }
        if let Some(year) = non_empty(&self.year) {
            match year
                .parse::<i32>()
                .ok()
                .filter(|y| (1900..=2100).contains(y))
            {
                Some(year) => filter.year = Some(year),
                None => errors.add("year", format!("tahun \"{year}\" bukan tahun yang dikenal")),
            }
        }
        if let Some(award) = non_empty(&self.award) {
            filter.award = Some(match award.to_lowercase().as_str() {
                "true" | "ya" | "1" | "ada" => AwardFilter::Any,
                _ => AwardFilter::Event(award.to_owned()),
            });
        }
        errors.into_result(filter).map_err(ServiceError::Validation)
    }
}

/// The innovations the caller may read: everything published, and the rest of their scope.
pub async fn list(
    app: &App,
    caller: &Caller,
    query: &ListQuery,
    paging: Paging,
) -> ServiceResult<Page<Innovation>> {
    let filter = query.to_filter()?;
    let mut conn = app.db.read().await?;
    Ok(innovations::list(&mut conn, &filter, &caller.actor.read_scope(), paging).await?)
}
