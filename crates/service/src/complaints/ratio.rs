//! The complaint-resolution ratio of index indicator 29 ("Penyelesaian layanan pengaduan"):
//! complaints answered or closed over complaints received in the year before the index year,
//! leaving out rejected ones (duplicates included), per agency and per innovation; mapped to
//! the rubric's level and offered as the indicator's evidence.
//!
//! An innovation's ratio counts the complaints about the innovation itself when there are
//! any, and otherwise those handled by its agency: the service the innovation belongs to.

use std::collections::BTreeMap;

use lumbung_domain::complaint::{
    ComplaintStatus, Counted, RejectionReason, ResolutionCount, ratio_level,
};
use lumbung_domain::region::RegionCode;
use lumbung_store::agencies;
use lumbung_store::complaints::{self as store, CountedRow};
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

use crate::assessments::{IndexFeed, VerifiedLevel, feed_verified_level};
use crate::{App, Caller, ServiceError, ServiceResult};

/// The indicator the ratio feeds.
pub const RATIO_INDICATOR: &str = "29";

/// Counts and the level they give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ratio {
    /// Complaints counted: received, not rejected.
    pub received: usize,
    /// Of those, answered or closed.
    pub resolved: usize,
    /// In percent, two decimals; none when nothing was received.
    pub ratio: Option<Decimal>,
    pub level: u8,
}

fn ratio_of(rows: &[&CountedRow]) -> Ratio {
    let counted: Vec<Counted> = rows
        .iter()
        .filter_map(|row| {
            Some(Counted {
                status: ComplaintStatus::from_code(&row.status)?,
                rejection: row
                    .rejection_reason
                    .as_deref()
                    .and_then(RejectionReason::from_code),
            })
        })
        .collect();
    let count = ResolutionCount::of(&counted);
    let ratio = count.ratio().map(|r| r.round_dp(2));
    Ratio {
        received: count.received,
        resolved: count.resolved,
        ratio,
        level: ratio_level(ratio),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgencyRatio {
    pub agency_id: Uuid,
    pub agency_name: String,
    #[serde(flatten)]
    pub ratio: Ratio,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InnovationRatio {
    pub innovation_id: Uuid,
    pub innovation_name: String,
    pub agency_id: Uuid,
    /// `innovation` when complaints about the innovation were counted, `agency` otherwise.
    pub source: &'static str,
    #[serde(flatten)]
    pub ratio: Ratio,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatioReport {
    pub region: RegionCode,
    pub index_year: i32,
    /// The year whose complaints count: the year before the index year.
    pub complaint_year: i32,
    /// The region as a whole (its own complaints and its regencies').
    pub overall: Ratio,
    pub agencies: Vec<AgencyRatio>,
    pub innovations: Vec<InnovationRatio>,
}

/// The ratios of a region for an index year.
pub async fn report(
    app: &App,
    caller: &Caller,
    region: &RegionCode,
    index_year: i32,
) -> ServiceResult<RatioReport> {
    if !(caller.actor.is_admin_of(region) || caller.actor.is_verifier_of(region)) {
        return Err(ServiceError::forbidden());
    }
    let mut conn = app.db.read().await?;
    build(&mut conn, region, index_year).await
}

async fn build(
    conn: &mut lumbung_store::Conn,
    region: &RegionCode,
    index_year: i32,
) -> ServiceResult<RatioReport> {
    let complaint_year = index_year - 1;
    let rows = store::counted(conn, region, complaint_year).await?;
    let mut by_agency: BTreeMap<Uuid, Vec<&CountedRow>> = BTreeMap::new();
    let mut by_innovation: BTreeMap<Uuid, Vec<&CountedRow>> = BTreeMap::new();
    for row in &rows {
        if let Some(agency) = row
            .agency_id
            .as_deref()
            .and_then(|id| Uuid::parse_str(id).ok())
        {
            by_agency.entry(agency).or_default().push(row);
        }
        if let Some(innovation) = row
            .innovation_id
            .as_deref()
            .and_then(|id| Uuid::parse_str(id).ok())
        {
            by_innovation.entry(innovation).or_default().push(row);
        }
    }
    let mut agency_rows = Vec::new();
    for (agency, counted) in &by_agency {
        let name = agencies::get(conn, *agency)
            .await
            .map(|agency| agency.name)
            .unwrap_or_default();
        agency_rows.push(AgencyRatio {
            agency_id: *agency,
            agency_name: name,
            ratio: ratio_of(counted),
        });
    }
    agency_rows.sort_by(|a, b| a.agency_name.cmp(&b.agency_name));
    let innovations = store::innovations_of_region(conn, region)
        .await?
        .into_iter()
        .map(|innovation| {
            let (source, counted) = match by_innovation.get(&innovation.id) {
                Some(counted) => ("innovation", counted.as_slice()),
                None => (
                    "agency",
                    by_agency
                        .get(&innovation.agency_id)
                        .map_or(&[][..], Vec::as_slice),
                ),
            };
            InnovationRatio {
                innovation_id: innovation.id,
                innovation_name: innovation.name,
                agency_id: innovation.agency_id,
                source,
                ratio: ratio_of(counted),
            }
        })
        .collect();
    Ok(RatioReport {
        region: region.clone(),
        index_year,
        complaint_year,
        overall: ratio_of(&rows.iter().collect::<Vec<_>>()),
        agencies: agency_rows,
        innovations,
    })
}

fn percent(ratio: Option<Decimal>) -> String {
    ratio.map_or("tidak ada pengaduan".into(), |r| {
        format!("{}%", r.round_dp(2).to_string().replace('.', ","))
    })
}

/// Writes indicator 29 for the region's innovations (or one of them) from the ratios, with
/// the ratio page as accepted evidence, and recomputes the index: for the region's admins.
pub async fn feed(
    app: &App,
    caller: &Caller,
    region: &RegionCode,
    index_year: i32,
    innovation: Option<Uuid>,
) -> ServiceResult<Vec<IndexFeed>> {
    if !super::desk::administers(caller, region) {
        return Err(ServiceError::forbidden());
    }
    let mut conn = app.db.begin().await?;
    let report = build(&mut conn, region, index_year).await?;
    if let Some(wanted) = innovation
        && !report
            .innovations
            .iter()
            .any(|row| row.innovation_id == wanted)
    {
        return Err(ServiceError::NotFound("inovasi di wilayah ini"));
    }
    let link = format!(
        "{}/kelola/pengaduan/rasio?wilayah={}&tahun={index_year}",
        app.public_url,
        region.as_str()
    );
    let mut fed = Vec::new();
    for row in report
        .innovations
        .iter()
        .filter(|row| innovation.is_none_or(|wanted| wanted == row.innovation_id))
    {
        let source = match row.source {
            "innovation" => "pengaduan tentang inovasi ini",
            _ => "pengaduan yang ditangani perangkat daerahnya",
        };
        let note = format!(
            "Rasio penyelesaian pengaduan {}: {} dari {} ({}), {source}",
            report.complaint_year,
            row.ratio.resolved,
            row.ratio.received,
            percent(row.ratio.ratio)
        );
        fed.push(
            feed_verified_level(
                &mut conn,
                caller,
                &VerifiedLevel {
                    innovation: row.innovation_id,
                    region,
                    year: index_year,
                    indicator: RATIO_INDICATOR,
                    level: row.ratio.level,
                    link: &link,
                    note: &note,
                },
            )
            .await?,
        );
    }
    conn.commit().await?;
    Ok(fed)
}
