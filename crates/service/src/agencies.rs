//! Agencies: perangkat daerah and other institutions that own innovations.

use lumbung_domain::FieldErrors;
use lumbung_domain::agency::{AgencyKind, parse_agency_name};
use lumbung_domain::region::RegionCode;
use lumbung_store::agencies::{self, Agency, AgencyFilter, NewAgency};
use lumbung_store::{Conn, Page, Paging, regions};
use uuid::Uuid;

use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// An agency as a caller asks for it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AgencyInput {
    pub region: String,
    pub name: String,
    /// A kind code; guessed from the name when empty.
    #[serde(default)]
    pub kind: Option<String>,
}

/// Creates an agency in a region the caller administers.
pub async fn create(app: &App, caller: &Caller, input: &AgencyInput) -> ServiceResult<Agency> {
    let mut errors = FieldErrors::new();
    let region = RegionCode::parse(&input.region)
        .map_err(|e| errors.add("region", e))
        .ok();
    let name = parse_agency_name(&input.name)
        .map_err(|e| errors.add("name", e))
        .ok();
    let kind = match input
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        Some(code) => AgencyKind::from_code(code)
            .ok_or_else(|| errors.add("kind", format!("jenis instansi \"{code}\" tidak dikenal"))),
        None => Ok(AgencyKind::guess(&input.name)),
    };
    let (Some(region), Some(name), Ok(kind)) = (region, name, kind) else {
        return Err(ServiceError::Validation(errors));
    };
    if !caller.actor.can_manage_region(&region) {
        return Err(ServiceError::forbidden());
    }
    let mut tx = app.db.begin().await?;
    let id = insert(&mut tx, caller, &region, &name, kind, false).await?;
    let agency = agencies::get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(agency)
}

/// Inserts an agency and its audit entry in the caller's transaction (also used by imports).
pub(crate) async fn insert(
    conn: &mut Conn,
    caller: &Caller,
    region: &RegionCode,
    name: &str,
    kind: AgencyKind,
    is_demo: bool,
) -> ServiceResult<Uuid> {
    if !regions::exists(conn, region).await? {
        return Err(ServiceError::Validation(FieldErrors::single(
            "region",
            format!("wilayah {region} belum terdaftar"),
        )));
    }
    if agencies::find_by_name(conn, region, name).await?.is_some() {
        return Err(ServiceError::Conflict(format!(
            "perangkat daerah \"{name}\" sudah ada di wilayah {region}"
        )));
    }
    let id = agencies::insert(
        conn,
        &NewAgency {
            region_code: region,
            name,
            kind,
            is_demo,
        },
    )
    .await?;
    audit::record(
        conn,
        caller,
        "create",
        "agency",
        &id.to_string(),
        Some(region.as_str()),
        serde_json::json!({"name": name, "kind": kind.code(), "region": region.as_str()}),
    )
    .await?;
    Ok(id)
}

pub async fn get(app: &App, id: Uuid) -> ServiceResult<Agency> {
    let mut conn = app.db.read().await?;
    agencies::get(&mut conn, id)
        .await
        .map_err(|_| ServiceError::NotFound("perangkat daerah"))
}

/// Agencies are public: who owns an innovation is part of the public record.
pub async fn list(
    app: &App,
    region: Option<&str>,
    q: Option<String>,
    paging: Paging,
) -> ServiceResult<Page<Agency>> {
    let region = region
        .map(RegionCode::parse)
        .transpose()
        .map_err(ServiceError::BadInput)?;
    let mut conn = app.db.read().await?;
    Ok(agencies::list(&mut conn, &AgencyFilter { region, q }, paging).await?)
}

/// The agencies the caller may record innovations for: those of `region` when given, else
/// their own agencies and those of the regions they administer (a national admin must name a
/// region: the nation has too many). At most `limit` per region; the flag says whether a list
/// was cut short.
pub async fn writable(
    app: &App,
    caller: &Caller,
    region: Option<&RegionCode>,
    limit: u32,
) -> ServiceResult<(Vec<Agency>, bool)> {
    let scope = caller.actor.write_scope();
    let (regions, own) = match region {
        Some(region) => (vec![region.clone()], Vec::new()),
        None => (scope.regions, scope.agencies),
    };
    let mut conn = app.db.read().await?;
    let mut found = Vec::new();
    for id in own {
        match agencies::get(&mut conn, id).await {
            Ok(agency) => found.push(agency),
            Err(lumbung_store::StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let mut cut = false;
    for region in regions {
        let filter = AgencyFilter {
            region: Some(region),
            q: None,
        };
        let page = agencies::list(&mut conn, &filter, Paging::new(Some(1), Some(limit))).await?;
        cut |= page.total > i64::from(limit);
        found.extend(page.items);
    }
    found.retain(|a| caller.actor.can_write_innovation(&a.region_code, a.id));
    found.sort_by(|a, b| (&a.region_code, &a.name).cmp(&(&b.region_code, &b.name)));
    found.dedup_by_key(|a| a.id);
    Ok((found, cut))
}
