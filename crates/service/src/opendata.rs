//! Open data: the published innovations as CSV or JSON with stable, documented columns
//! (English names, official vocabularies as Indonesian codes), for anyone to download.
//! Unlike the export, these columns never follow the import sheet: consumers build on them.

use lumbung_domain::award::Award;
use lumbung_domain::innovation::Status;
use lumbung_domain::permission::Actor;
use lumbung_store::Paging;
use lumbung_store::innovations::{self, Innovation};
use serde::Serialize;

use crate::innovations::ListQuery;
use crate::{App, ServiceError, ServiceResult};

/// The columns, in order, with what each holds; the `/data` page prints this table.
pub const COLUMNS: [(&str, &str); 22] = [
    ("id", "Pengenal tetap inovasi (UUID)."),
    (
        "registration_number",
        "Nomor registrasi, mis. INOV-65.01-2026-00012.",
    ),
    ("name", "Nama inovasi."),
    ("region_code", "Kode wilayah Kemendagri pemilik inovasi."),
    ("region_name", "Nama wilayah."),
    ("agency", "Perangkat daerah pemilik."),
    ("stage", "Tahapan: inisiatif, uji_coba, penerapan."),
    ("kind", "Jenis: digital, non_digital."),
    ("form", "Bentuk: tata_kelola, pelayanan_publik, lainnya."),
    (
        "initiator",
        "Inisiator: kepala_daerah, anggota_dprd, perangkat_daerah, asn, masyarakat.",
    ),
    ("main_affair", "Kode urusan utama (affairs.csv)."),
    ("related_affairs", "Kode urusan lain, dipisah titik koma."),
    ("trial_date", "Tanggal uji coba (YYYY-MM-DD)."),
    ("implementation_date", "Tanggal penerapan (YYYY-MM-DD)."),
    (
        "latest_development",
        "Tanggal pengembangan terbaru (YYYY-MM-DD).",
    ),
    ("design", "Rancang bangun."),
    ("goals", "Tujuan."),
    ("benefits", "Manfaat."),
    ("results", "Hasil."),
    (
        "awards",
        "Penghargaan, dipisah titik koma (mis. Top 45 KIPP 2019).",
    ),
    ("links", "Tautan, dipisah titik koma."),
    ("updated_at", "Waktu perubahan terakhir (RFC 3339)."),
];

/// One published innovation in open-data form; fields follow `COLUMNS`.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub id: String,
    pub registration_number: String,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
    pub agency: String,
    pub stage: String,
    pub kind: String,
    pub form: String,
    pub initiator: Option<String>,
    pub main_affair: Option<String>,
    pub related_affairs: Vec<String>,
    pub trial_date: Option<String>,
    pub implementation_date: Option<String>,
    pub latest_development: Option<String>,
    pub design: String,
    pub goals: String,
    pub benefits: String,
    pub results: String,
    pub awards: Vec<String>,
    pub links: Vec<String>,
    pub updated_at: String,
}

impl Record {
    fn of(innovation: &Innovation) -> Self {
        let p = &innovation.profile;
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        Record {
            id: innovation.id.to_string(),
            registration_number: innovation.registration_number.clone(),
            name: p.name.clone(),
            region_code: innovation.region.code.to_string(),
            region_name: innovation.region.name.clone(),
            agency: innovation.agency.name.clone(),
            stage: p.stage.code().to_owned(),
            kind: p.kind.code().to_owned(),
            form: p.form.code().to_owned(),
            initiator: p.initiator.map(|i| i.code().to_owned()),
            main_affair: p.main_affair.clone(),
            related_affairs: p.related_affairs.clone(),
            trial_date: date(p.trial_date),
            implementation_date: date(p.implementation_date),
            latest_development: date(p.latest_development),
            design: p.design.clone(),
            goals: p.goals.clone(),
            benefits: p.benefits.clone(),
            results: p.results.clone(),
            awards: innovation.awards.iter().map(Award::to_text).collect(),
            links: p.links.clone(),
            updated_at: innovation.updated_at.to_rfc3339(),
        }
    }

    fn cells(&self) -> Vec<String> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            self.id.clone(),
            self.registration_number.clone(),
            self.name.clone(),
            self.region_code.clone(),
            self.region_name.clone(),
            self.agency.clone(),
            self.stage.clone(),
            self.kind.clone(),
            self.form.clone(),
            opt(&self.initiator),
            opt(&self.main_affair),
            self.related_affairs.join("; "),
            opt(&self.trial_date),
            opt(&self.implementation_date),
            opt(&self.latest_development),
            self.design.clone(),
            self.goals.clone(),
            self.benefits.clone(),
            self.results.clone(),
            self.awards.join("; "),
            self.links.join("; "),
            self.updated_at.clone(),
        ]
    }
}

/// What changes whenever the published data changes: how many there are and the latest
/// change. Clients revalidate with it (ETag, Last-Modified) instead of downloading again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub count: i64,
    /// RFC 3339, or `None` when nothing is published.
    pub updated_at: Option<String>,
}

impl Version {
    /// A strong validator for one download: the data's version and the request's filters
    /// and format.
    pub fn etag(&self, variant: &str) -> String {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(format!(
            "{}|{}|{variant}",
            self.count,
            self.updated_at.as_deref().unwrap_or("")
        ));
        format!("\"{}\"", hex::encode(&digest[..12]))
    }

    /// The latest change as an HTTP date (`Mon, 23 Nov 2026 10:00:00 GMT`).
    pub fn http_date(&self) -> Option<String> {
        let at = chrono::DateTime::parse_from_rfc3339(self.updated_at.as_deref()?).ok()?;
        Some(
            at.with_timezone(&chrono::Utc)
                .format("%a, %d %b %Y %H:%M:%S GMT")
                .to_string(),
        )
    }
}

pub async fn version(app: &App) -> ServiceResult<Version> {
    let mut conn = app.db.read().await?;
    let (count, updated_at) = innovations::published_version(&mut conn).await?;
    Ok(Version { count, updated_at })
}

/// The published innovations matching `query` (its `status` is ignored), oldest first.
pub async fn records(app: &App, query: &ListQuery) -> ServiceResult<Vec<Record>> {
    let mut filter = query.to_filter()?;
    filter.status = Some(Status::Published);
    let mut conn = app.db.read().await?;
    let mut page = innovations::list(
        &mut conn,
        &filter,
        &Actor::Anonymous.read_scope(),
        Paging::all(),
    )
    .await?;
    page.items.reverse();
    Ok(page.items.iter().map(Record::of).collect())
}

pub fn to_csv(records: &[Record]) -> ServiceResult<Vec<u8>> {
    let headers: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
    let rows: Vec<Vec<String>> = records.iter().map(Record::cells).collect();
    lumbung_reports::write_csv(&headers, &rows).map_err(ServiceError::internal)
}

pub fn to_json(records: &[Record]) -> ServiceResult<Vec<u8>> {
    serde_json::to_vec(records).map_err(ServiceError::internal)
}
