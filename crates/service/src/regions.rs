//! Regions: the built-in nation and provinces, and imports of the Kemendagri list.

use lumbung_domain::region::{Region, RegionCode, built_in_regions};
use lumbung_store::regions;
use serde::Serialize;

use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// Makes sure the nation and the 38 provinces exist (run at every start; cheap when they do).
pub async fn ensure_built_in(app: &App) -> ServiceResult<()> {
    let mut tx = app.db.begin().await?;
    for region in built_in_regions() {
        if !regions::exists(&mut tx, &region.code).await? {
            regions::upsert(&mut tx, &region).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

pub async fn get(app: &App, code: &str) -> ServiceResult<Region> {
    let code = RegionCode::parse(code).map_err(ServiceError::BadInput)?;
    let mut conn = app.db.read().await?;
    regions::get(&mut conn, &code)
        .await
        .map_err(|_| ServiceError::NotFound("wilayah"))
}

pub async fn list(
    app: &App,
    parent: Option<&str>,
    level: Option<u8>,
) -> ServiceResult<Vec<Region>> {
    let parent = parent
        .map(RegionCode::parse)
        .transpose()
        .map_err(ServiceError::BadInput)?;
    let mut conn = app.db.read().await?;
    Ok(regions::list(&mut conn, parent.as_ref(), level).await?)
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RegionImport {
    pub read: usize,
    pub inserted: usize,
    pub updated: usize,
    pub provinces: usize,
    pub regencies: usize,
    pub cities: usize,
}

/// Reads regions from the Kemendagri `wilayah.sql` dump or from a CSV with `code,name`
/// (and optionally `lat,lng`) columns, keeping provinces and kabupaten/kota only.
pub fn parse_region_file(text: &str) -> ServiceResult<Vec<Region>> {
    let regions = if text.contains("INSERT INTO") {
        parse_wilayah_sql(text)
    } else {
        parse_region_csv(text)?
    };
    if regions.is_empty() {
        return Err(ServiceError::BadInput(
            "berkas tidak memuat wilayah (provinsi atau kabupaten/kota)".into(),
        ));
    }
    Ok(regions)
}

/// Tuples `('65.01','Kabupaten Bulungan')` of the `wilayah` dump; `''` escapes a quote.
fn parse_wilayah_sql(text: &str) -> Vec<Region> {
    let mut regions = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("('") {
        rest = &rest[start + 2..];
        let Some(code_end) = rest.find("','") else {
            break;
        };
        let code = &rest[..code_end];
        rest = &rest[code_end + 3..];
        let mut name = String::new();
        let mut chars = rest.char_indices().peekable();
        let mut consumed = rest.len();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if matches!(chars.peek(), Some((_, '\''))) {
                    name.push('\'');
                    chars.next();
                } else {
                    consumed = i + 1;
                    break;
                }
            } else {
                name.push(c);
            }
        }
        rest = &rest[consumed..];
        // Kecamatan and desa have more than two parts; they are not kept.
        if code.split('.').count() <= 2
            && let Ok(code) = RegionCode::parse(code)
        {
            regions.push(Region::new(code, name.trim()));
        }
    }
    regions
}

fn parse_region_csv(text: &str) -> ServiceResult<Vec<Region>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ServiceError::BadInput(format!("CSV tidak terbaca: {e}")))?
        .clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&h.trim().to_lowercase().as_str()))
    };
    let (Some(code_at), Some(name_at)) = (column(&["code", "kode"]), column(&["name", "nama"]))
    else {
        return Err(ServiceError::BadInput(
            "CSV wilayah harus memiliki kolom code (kode) dan name (nama)".into(),
        ));
    };
    let lat_at = column(&["lat", "latitude"]);
    let lng_at = column(&["lng", "lon", "longitude"]);
    let mut regions = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ServiceError::BadInput(format!("baris {}: {e}", i + 2)))?;
        let code = record.get(code_at).unwrap_or("").trim();
        if code.split('.').count() > 2 {
            continue;
        }
        let code = RegionCode::parse(code)
            .map_err(|e| ServiceError::BadInput(format!("baris {}: {e}", i + 2)))?;
        let mut region = Region::new(code, record.get(name_at).unwrap_or("").trim());
        let number = |at: Option<usize>| {
            at.and_then(|at| record.get(at))
                .and_then(|v| v.trim().parse::<f64>().ok())
        };
        if let (Some(lat), Some(lng)) = (number(lat_at), number(lng_at)) {
            region = region.with_centroid(lat, lng);
        }
        regions.push(region);
    }
    Ok(regions)
}

/// Imports regions; running it twice changes nothing the second time. National admins only.
pub async fn import(app: &App, caller: &Caller, text: &str) -> ServiceResult<RegionImport> {
    caller.require_national_admin()?;
    let mut parsed = parse_region_file(text)?;
    // Parents before children, so every parent exists when its child is written.
    parsed.sort_by(|a, b| {
        a.code
            .level()
            .cmp(&b.code.level())
            .then(a.code.cmp(&b.code))
    });
    let mut summary = RegionImport {
        read: parsed.len(),
        ..Default::default()
    };
    let mut tx = app.db.begin().await?;
    for region in &parsed {
        if let Some(parent) = &region.parent
            && !regions::exists(&mut tx, parent).await?
        {
            return Err(ServiceError::BadInput(format!(
                "wilayah {} tidak punya induk {parent} di berkas maupun di basis data",
                region.code
            )));
        }
        if regions::upsert(&mut tx, region).await? {
            summary.inserted += 1;
        } else {
            summary.updated += 1;
        }
        match region.kind {
            lumbung_domain::region::RegionKind::Province => summary.provinces += 1,
            lumbung_domain::region::RegionKind::Regency => summary.regencies += 1,
            lumbung_domain::region::RegionKind::City => summary.cities += 1,
            lumbung_domain::region::RegionKind::Nation => {}
        }
    }
    audit::record(
        &mut tx,
        caller,
        "import",
        "region",
        "*",
        None,
        serde_json::to_value(&summary).map_err(ServiceError::internal)?,
    )
    .await?;
    tx.commit().await?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_the_kemendagri_dump_keeping_two_levels() {
        let text = "INSERT INTO wilayah (kode, nama)\nVALUES\n('65','Kalimantan Utara'),\n\
                    ('65.01','Kabupaten Bulungan'),\n('65.01.01','Tanjung Palas'),\n\
                    ('65.71','Kota Tarakan'),\n('11.01.02.2018','Pasi Kuala Ba''u');";
        let regions = parse_region_file(text).unwrap();
        let codes: Vec<&str> = regions.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["65", "65.01", "65.71"]);
        assert_eq!(regions[2].name, "Kota Tarakan");
    }

    #[test]
    fn unescapes_quotes_in_names() {
        let regions = parse_wilayah_sql("INSERT INTO w VALUES ('65.02','Ba''u Baru');");
        assert_eq!(regions[0].name, "Ba'u Baru");
    }

    #[test]
    fn reads_csv_with_centroids() {
        let text = "code,name,level,parent_code,kind,lat,lng\n65,Kalimantan Utara,1,,provinsi,2.9,116.2\n\
                    65.01,Kabupaten Bulungan,2,65,kabupaten,2.8,117.0\n";
        let regions = parse_region_file(text).unwrap();
        assert_eq!(regions.len(), 2);
        assert_eq!(regions[1].lat, Some(2.8));
        assert!(parse_region_file("a,b\n1,2\n").is_err());
    }
}
