//! Demo data written from the seed news (Kaltara, Bali, and the 8 innovations Kalbar
//! replicated in 2022), loaded when the registry is empty so a first visitor sees a working
//! product. Every record it creates is marked as demo.

use lumbung_domain::agency::{AgencyKind, agency_name_key};
use lumbung_domain::award::Award;
use lumbung_domain::innovation::{Profile, ProfileInput, Status};
use lumbung_domain::region::{Region, RegionCode};
use lumbung_store::{innovations, regions};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

use crate::innovations::Record;
use crate::{App, Caller, ServiceError, ServiceResult};

const DEMO: &str = include_str!("demo/demo.json");

#[derive(Deserialize)]
struct DemoData {
    regions: Vec<DemoRegion>,
    agencies: Vec<DemoAgency>,
    innovations: Vec<DemoInnovation>,
    /// Index results published in past years, as the seed news reported them.
    #[serde(default)]
    historic: Vec<DemoHistoric>,
}

#[derive(Deserialize)]
struct DemoRegion {
    code: String,
    name: String,
    /// The centroid from `regions-level-1-2.csv`, so the map places the region.
    lat: Option<f64>,
    lng: Option<f64>,
}

#[derive(Deserialize)]
struct DemoHistoric {
    region: String,
    year: i64,
    value: Option<String>,
    label: String,
    scale_note: Option<String>,
    source: Option<String>,
}

#[derive(Deserialize)]
struct DemoAgency {
    region: String,
    name: String,
    kind: String,
}

#[derive(Deserialize)]
struct DemoInnovation {
    region: String,
    agency: String,
    status: String,
    profile: ProfileInput,
    #[serde(default)]
    awards: Vec<String>,
}

fn bad(what: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(format!("demo data: {what}"))
}

/// Loads the demo data if no innovation exists yet. Returns how many innovations it added.
pub async fn load_if_empty(app: &App) -> ServiceResult<usize> {
    let mut conn = app.db.read().await?;
    if innovations::count_all(&mut conn).await? > 0 {
        return Ok(0);
    }
    drop(conn);
    load(app).await
}

async fn load(app: &App) -> ServiceResult<usize> {
    let data: DemoData = serde_json::from_str(DEMO).map_err(bad)?;
    let caller = Caller::system();
    let mut tx = app.db.begin().await?;
    for region in &data.regions {
        let code = RegionCode::parse(&region.code).map_err(bad)?;
        if !regions::exists(&mut tx, &code).await? {
            let mut new = Region::new(code, region.name.clone());
            new.lat = region.lat;
            new.lng = region.lng;
            regions::upsert(&mut tx, &new).await?;
        }
    }
    let mut agency_ids: HashMap<(String, String), Uuid> = HashMap::new();
    for agency in &data.agencies {
        let region = RegionCode::parse(&agency.region).map_err(bad)?;
        let kind = AgencyKind::from_code(&agency.kind).ok_or_else(|| bad(&agency.kind))?;
        let id = match lumbung_store::agencies::find_by_name(&mut tx, &region, &agency.name).await?
        {
            Some(existing) => existing.id,
            None => {
                crate::agencies::insert(&mut tx, &caller, &region, &agency.name, kind, true).await?
            }
        };
        agency_ids.insert((region.to_string(), agency_name_key(&agency.name)), id);
    }
    for item in &data.innovations {
        let region = RegionCode::parse(&item.region).map_err(bad)?;
        let agency_id = *agency_ids
            .get(&(region.to_string(), agency_name_key(&item.agency)))
            .ok_or_else(|| bad(format!("agency {} not listed", item.agency)))?;
        let profile = Profile::parse(&item.profile)
            .map_err(|e| bad(format!("{}: {e}", item.profile.name)))?;
        let awards = item
            .awards
            .iter()
            .map(|text| Award::parse(text))
            .collect::<Result<Vec<_>, _>>()
            .map_err(bad)?;
        let status = Status::from_code(&item.status).ok_or_else(|| bad(&item.status))?;
        crate::innovations::insert(
            &mut tx,
            &caller,
            &Record {
                region: &region,
                agency_id,
                profile: &profile,
                awards: &awards,
                status,
                is_demo: true,
                source: "demo",
            },
        )
        .await?;
    }
    for result in &data.historic {
        let category = crate::assessments::category_of_label(&result.label, result.value.is_none());
        lumbung_store::assessments::upsert_historic(
            &mut tx,
            &lumbung_store::assessments::HistoricResult {
                region_code: result.region.clone(),
                year: result.year,
                value: result.value.clone(),
                label: result.label.clone(),
                category: category.map(|c| c.code().to_owned()),
                scale_note: result.scale_note.clone(),
                source: result.source.clone(),
            },
        )
        .await?;
    }
    tx.commit().await?;
    demo_competition(app, &caller).await?;
    Ok(data.innovations.len())
}

/// Kalimantan Utara's provincial competition of this year with KIPP's default set-up, open
/// for proposals from ten days ago for a month, so that a demo user can propose, check and
/// judge (research.md §3: provinces run KIPP-style competitions and feed the national one).
async fn demo_competition(app: &App, caller: &Caller) -> ServiceResult<()> {
    use chrono::Datelike;
    let kaltara = RegionCode::parse("65").map_err(bad)?;
    let today = app.clock.today_in(&kaltara);
    let opens = today - chrono::Duration::days(10);
    let closes = today + chrono::Duration::days(20);
    let setup = lumbung_domain::competition::CompetitionSetup::kipp(
        &format!(
            "Kompetisi Inovasi Pelayanan Publik Provinsi Kalimantan Utara {}",
            today.year()
        ),
        today.year(),
        kaltara,
        opens,
        closes,
    );
    crate::competitions::create(app, caller, setup).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn demo_data_is_valid() {
        let data: DemoData = serde_json::from_str(DEMO).unwrap();
        assert!(data.innovations.len() >= 20);
        for item in &data.innovations {
            Profile::parse(&item.profile).unwrap_or_else(|e| panic!("{}: {e}", item.profile.name));
            for award in &item.awards {
                Award::parse(award).unwrap();
            }
            assert!(Status::from_code(&item.status).is_some());
        }
        let names: Vec<&str> = data
            .innovations
            .iter()
            .map(|i| i.profile.name.as_str())
            .collect();
        for expected in [
            "Sipelandukilat",
            "Sipelandukilat Smart",
            "PESONA",
            "Laperon",
            "PIKOBAR",
            "e-OPen",
        ] {
            assert!(
                names.iter().any(|n| n.starts_with(expected)),
                "{expected} missing from {names:?}"
            );
        }
    }
}
