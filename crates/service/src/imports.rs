//! Bulk import of innovations from CSV or XLSX with Indonesian headers.
//!
//! All or nothing: every row is checked first, and a file with any bad row writes nothing
//! and answers with every bad row (spreadsheet row number, column, reason). A good file is
//! written in one transaction.

use std::collections::HashMap;

use lumbung_domain::agency::{AgencyKind, agency_name_key, parse_agency_name};
use lumbung_domain::award::Award;
use lumbung_domain::innovation::{Profile, ProfileInput, Status};
use lumbung_domain::parse::split_list;
use lumbung_domain::region::RegionCode;
use lumbung_reports::{Row, Table};
use lumbung_store::innovations::{self, NewInnovation};
use lumbung_store::search::Tokens;
use lumbung_store::{StoreError, agencies, regions};
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{App, Caller, RowError, ServiceError, ServiceResult, audit};

/// The columns of the import (and export) sheet, in order, with what each holds.
pub const COLUMNS: &[(&str, &str)] = &[
    ("nama_inovasi", "Wajib. Nama inovasi."),
    (
        "kode_wilayah",
        "Wajib. Kode wilayah Kemendagri pemilik inovasi, misalnya 65 atau 65.01.",
    ),
    (
        "perangkat_daerah",
        "Wajib. Nama perangkat daerah/instansi pemilik; dibuat bila belum ada dan Anda admin wilayah itu.",
    ),
    ("tahapan", "Wajib. Inisiatif, Uji coba, atau Penerapan."),
    ("jenis", "Wajib. Digital atau Non digital."),
    (
        "bentuk",
        "Wajib. Tata kelola pemerintahan daerah, Pelayanan publik, atau Lainnya sesuai urusan.",
    ),
    (
        "waktu_uji_coba",
        "Wajib untuk tahapan uji coba. Tanggal, misalnya 2021-03-12 atau 12/03/2021.",
    ),
    ("waktu_penerapan", "Wajib untuk tahapan penerapan. Tanggal."),
    (
        "inisiator",
        "Kepala daerah, Anggota DPRD, Perangkat daerah, ASN, atau Masyarakat.",
    ),
    ("nama_inisiator", "Nama inisiator."),
    (
        "urusan_utama",
        "Urusan pemerintahan utama, misalnya Kesehatan atau PUPR.",
    ),
    (
        "urusan_lain",
        "Urusan lain yang beririsan, dipisah titik koma (;).",
    ),
    (
        "tematik",
        "Tema, misalnya Digitalisasi layanan pemerintahan.",
    ),
    (
        "waktu_pengembangan_terbaru",
        "Tanggal pengembangan terbaru.",
    ),
    (
        "rancang_bangun",
        "Rancang bangun inovasi (indeks 2026 mensyaratkan minimal 300 kata).",
    ),
    ("tujuan", "Tujuan inovasi."),
    ("manfaat", "Manfaat inovasi."),
    ("hasil", "Hasil inovasi."),
    ("anggaran", "Catatan anggaran (sumber, jumlah)."),
    ("tautan", "Tautan, dipisah titik koma (;)."),
    (
        "penghargaan",
        "Penghargaan, dipisah titik koma, misalnya: Top 45 KIPP 2019; OAPSI 2021.",
    ),
];

const REQUIRED: [&str; 6] = [
    "nama_inovasi",
    "kode_wilayah",
    "perangkat_daerah",
    "tahapan",
    "jenis",
    "bentuk",
];

/// The spreadsheet column a profile field is read from.
fn column_of(field: &str) -> &'static str {
    match field {
        "name" => "nama_inovasi",
        "stage" => "tahapan",
        "kind" => "jenis",
        "form" => "bentuk",
        "trial_date" => "waktu_uji_coba",
        "implementation_date" => "waktu_penerapan",
        "initiator" => "inisiator",
        "main_affair" => "urusan_utama",
        "related_affairs" => "urusan_lain",
        "latest_development" => "waktu_pengembangan_terbaru",
        "design" => "rancang_bangun",
        "goals" => "tujuan",
        "benefits" => "manfaat",
        "results" => "hasil",
        "links" => "tautan",
        _ => "nama_inovasi",
    }
}

/// What a successful import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    pub created: usize,
    pub agencies_created: Vec<String>,
    pub ids: Vec<Uuid>,
    /// How long the write transaction held the database, in milliseconds: what the writes
    /// queued behind the import waited at most.
    pub write_ms: u64,
}

/// One checked row, ready to write.
struct Parsed {
    region: RegionCode,
    /// The region's name and the agency's (as stored, or as it will be), for the search text.
    region_name: String,
    agency_name: String,
    agency_label: String,
    agency_id: Option<Uuid>,
    profile: Profile,
    awards: Vec<Award>,
}

fn optional(row: &Row, column: Option<usize>) -> Option<String> {
    let value = row.get(column);
    (!value.is_empty()).then(|| value.to_owned())
}

fn profile_input(table: &Table, row: &Row) -> ProfileInput {
    let cell = |name: &str| row.get(table.column(name)).to_owned();
    let opt = |name: &str| optional(row, table.column(name));
    ProfileInput {
        name: cell("nama_inovasi"),
        stage: cell("tahapan"),
        trial_date: opt("waktu_uji_coba"),
        implementation_date: opt("waktu_penerapan"),
        initiator: opt("inisiator"),
        initiator_name: opt("nama_inisiator"),
        kind: cell("jenis"),
        form: cell("bentuk"),
        main_affair: opt("urusan_utama"),
        related_affairs: split_list(&cell("urusan_lain")),
        theme: opt("tematik"),
        design: opt("rancang_bangun"),
        goals: opt("tujuan"),
        benefits: opt("manfaat"),
        results: opt("hasil"),
        budget: opt("anggaran"),
        links: split_list(&cell("tautan")),
        latest_development: opt("waktu_pengembangan_terbaru"),
    }
}

/// Checks every row, resolving regions and agencies and the caller's right to write there.
async fn check(app: &App, caller: &Caller, table: &Table) -> ServiceResult<Vec<Parsed>> {
    let missing: Vec<RowError> = REQUIRED
        .iter()
        .filter(|name| table.column(name).is_none())
        .map(|name| RowError {
            row: 1,
            column: (*name).to_owned(),
            reason: "kolom wajib tidak ada di baris judul".into(),
        })
        .collect();
    if !missing.is_empty() {
        return Err(ServiceError::ImportRejected {
            message: "berkas tidak memuat kolom wajib; unduh templat impor".into(),
            rows: missing,
        });
    }
    if table.rows.is_empty() {
        return Err(ServiceError::BadInput(
            "berkas tidak memuat satu baris data pun".into(),
        ));
    }

    let mut conn = app.db.read().await?;
    // A region's name, or `None` when it is not registered.
    let mut known_regions: HashMap<RegionCode, Option<String>> = HashMap::new();
    let mut known_agencies: HashMap<(RegionCode, String), Option<agencies::Agency>> =
        HashMap::new();
    let mut errors = Vec::new();
    let mut parsed = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut row_errors = Vec::new();
        let mut fail = |column: &str, reason: String| {
            row_errors.push(RowError {
                row: row.number,
                column: column.to_owned(),
                reason,
            });
        };
        let profile = Profile::parse(&profile_input(table, row)).map_err(|errors| {
            for (field, message) in errors.iter() {
                fail(column_of(field), message.to_owned());
            }
        });
        let mut awards = Vec::new();
        for text in split_list(row.get(table.column("penghargaan"))) {
            match Award::parse(&text) {
                Ok(award) => awards.push(award),
                Err(e) => fail("penghargaan", e),
            }
        }
        let region = match RegionCode::parse(row.get(table.column("kode_wilayah"))) {
            Ok(code) => {
                let name = match known_regions.get(&code) {
                    Some(name) => name.clone(),
                    None => {
                        let name = match regions::get(&mut conn, &code).await {
                            Ok(region) => Some(region.name),
                            Err(StoreError::NotFound) => None,
                            Err(e) => return Err(e.into()),
                        };
                        known_regions.insert(code.clone(), name.clone());
                        name
                    }
                };
                if let Some(name) = name {
                    Some((code, name))
                } else {
                    fail(
                        "kode_wilayah",
                        format!("wilayah {code} belum terdaftar; impor daftar wilayah dulu"),
                    );
                    None
                }
            }
            Err(e) => {
                fail("kode_wilayah", e);
                None
            }
        };
        let agency_name = parse_agency_name(row.get(table.column("perangkat_daerah")))
            .map_err(|e| fail("perangkat_daerah", e))
            .ok();
        let mut agency_id = None;
        let mut agency_label = agency_name.clone().unwrap_or_default();
        if let (Some((region, _)), Some(name)) = (&region, &agency_name) {
            let key = (region.clone(), agency_name_key(name));
            let agency = match known_agencies.get(&key) {
                Some(agency) => agency.clone(),
                None => {
                    let agency = agencies::find_by_name(&mut conn, region, name).await?;
                    known_agencies.insert(key, agency.clone());
                    agency
                }
            };
            match agency {
                Some(agency) if caller.actor.can_write_innovation(region, agency.id) => {
                    agency_id = Some(agency.id);
                    agency_label = agency.name;
                }
                Some(_) => fail(
                    "perangkat_daerah",
                    format!("Anda tidak berwenang mencatat inovasi {name} di wilayah {region}"),
                ),
                None if caller.actor.can_manage_region(region) => {}
                None => fail(
                    "perangkat_daerah",
                    format!(
                        "perangkat daerah \"{name}\" belum terdaftar di wilayah {region} dan Anda tidak berwenang menambahkannya"
                    ),
                ),
            }
        }
        match (profile, region, agency_name) {
            (Ok(profile), Some((region, region_name)), Some(agency_name))
                if row_errors.is_empty() =>
            {
                parsed.push(Parsed {
                    region,
                    region_name,
                    agency_name,
                    agency_label,
                    agency_id,
                    profile,
                    awards,
                });
            }
            _ => errors.extend(row_errors),
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        let bad_rows = {
            let mut rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
            rows.dedup();
            rows.len()
        };
        Err(ServiceError::ImportRejected {
            message: format!(
                "{bad_rows} baris tidak valid; tidak ada yang disimpan. Perbaiki lalu unggah lagi."
            ),
            rows: errors,
        })
    }
}

/// How long an import waits for the writes before it.
const IMPORT_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// From this many rows an import refreshes the planner's statistics.
const BULK_ROWS: usize = 1_000;

/// Rows written between two progress reports.
const PROGRESS_STEP: usize = 2_000;

/// Imports a CSV or XLSX file; imported innovations start as drafts. `progress` is told how
/// many rows have been written.
pub async fn import(
    app: &App,
    caller: &Caller,
    bytes: &[u8],
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> ServiceResult<ImportSummary> {
    // Nobody without a place to record innovations gets a file parsed for them.
    let scope = caller.actor.write_scope();
    if !scope.all && scope.regions.is_empty() && scope.agencies.is_empty() {
        return Err(ServiceError::forbidden());
    }
    let table = lumbung_reports::read_table(bytes)?;
    let rows = check(app, caller, &table).await?;
    let total = rows.len();
    // Everything but the agencies to create is decided here, before the write lock: ids,
    // search tokens, audit entries. The transaction then only writes, a few statements per
    // few hundred rows, so the writers queued behind it wait seconds, not the import's length.
    let prepared: Vec<Prepared> = rows
        .iter()
        .map(|row| Prepared::of(row, &row.agency_label, &row.region_name))
        .collect();
    let mut summary = ImportSummary::default();
    let mut created_agencies: HashMap<(RegionCode, String), Uuid> = HashMap::new();
    let mut tx = app.db.begin_within(IMPORT_WAIT).await?;
    let writing = std::time::Instant::now();
    let mut agency_ids = Vec::with_capacity(total);
    for row in &rows {
        let agency_id = match row.agency_id {
            Some(id) => id,
            None => {
                let key = (row.region.clone(), agency_name_key(&row.agency_name));
                match created_agencies.get(&key) {
                    Some(id) => *id,
                    None => {
                        let id = crate::agencies::insert(
                            &mut tx,
                            caller,
                            &row.region,
                            &row.agency_name,
                            AgencyKind::guess(&row.agency_name),
                            false,
                        )
                        .await?;
                        summary
                            .agencies_created
                            .push(format!("{} ({})", row.agency_name, row.region));
                        created_agencies.insert(key, id);
                        id
                    }
                }
            }
        };
        agency_ids.push(agency_id);
    }
    let mut done = 0;
    for ((rows, prepared), agency_ids) in rows
        .chunks(PROGRESS_STEP)
        .zip(prepared.chunks(PROGRESS_STEP))
        .zip(agency_ids.chunks(PROGRESS_STEP))
    {
        let new: Vec<innovations::Prepared> = rows
            .iter()
            .zip(prepared)
            .zip(agency_ids)
            .map(|((row, prepared), agency_id)| innovations::Prepared {
                id: prepared.id,
                new: NewInnovation {
                    region_code: &row.region,
                    agency_id: *agency_id,
                    profile: &row.profile,
                    status: Status::Draft,
                    is_demo: false,
                    created_by: caller.user_id(),
                },
                awards: &row.awards,
                tokens: &prepared.tokens,
            })
            .collect();
        let numbers = innovations::insert_many(&mut tx, &new).await?;
        let changes: Vec<Value> = prepared
            .iter()
            .zip(agency_ids)
            .zip(&numbers)
            .map(|((prepared, agency_id), number)| {
                let mut changes = prepared.changes.clone();
                if let Value::Object(map) = &mut changes {
                    map.insert("agency_id".into(), json!(agency_id));
                    map.insert("registration_number".into(), json!(number));
                }
                changes
            })
            .collect();
        let entries: Vec<audit::Entry> = rows
            .iter()
            .zip(prepared)
            .zip(changes)
            .map(|((row, prepared), changes)| audit::Entry {
                entity_id: prepared.id.to_string(),
                region_code: Some(row.region.as_str()),
                changes,
            })
            .collect();
        audit::record_many(&mut tx, caller, "create", "innovation", &entries).await?;
        summary.ids.extend(prepared.iter().map(|p| p.id));
        done += rows.len();
        progress(done, total);
    }
    tx.commit().await?;
    summary.write_ms = u64::try_from(writing.elapsed().as_millis()).unwrap_or(u64::MAX);
    tracing::info!(rows = total, write_ms = summary.write_ms, "import written");
    // A large import changes the tables' shape; fresh statistics keep the planner on its
    // indexes (PostgreSQL would otherwise scan 40,000 rows it thinks are 300).
    if summary.ids.len() >= BULK_ROWS {
        app.db.analyze().await?;
    }
    summary.created = summary.ids.len();
    Ok(summary)
}

/// What a row's write needs that can be made before the transaction.
struct Prepared {
    id: Uuid,
    tokens: Tokens,
    /// The audit entry's values; the agency and registration number are added in the write.
    changes: Value,
}

impl Prepared {
    fn of(row: &Parsed, agency: &str, region: &str) -> Prepared {
        let mut changes = crate::innovations::snapshot(&row.profile, Uuid::nil(), &row.awards);
        if let Value::Object(map) = &mut changes {
            map.insert("source".into(), json!("import"));
        }
        Prepared {
            id: Uuid::now_v7(),
            tokens: Tokens::of(&row.profile, agency, region),
            changes,
        }
    }
}

/// The import template: the headers, one example row, and a sheet explaining each column.
pub fn template_xlsx() -> ServiceResult<Vec<u8>> {
    let headers: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
    let example = vec![
        "Sipelandukilat".to_owned(),
        "65".to_owned(),
        "Dinas Kependudukan dan Pencatatan Sipil".to_owned(),
        "Penerapan".to_owned(),
        "Non digital".to_owned(),
        "Pelayanan publik".to_owned(),
        "01/06/2018".to_owned(),
        "15/01/2019".to_owned(),
        "Perangkat daerah".to_owned(),
        String::new(),
        "Administrasi Kependudukan dan Pencatatan Sipil".to_owned(),
        String::new(),
        String::new(),
        String::new(),
        "Layanan jemput bola administrasi kependudukan di wilayah perbatasan …".to_owned(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        "Top 45 KIPP 2019".to_owned(),
    ];
    lumbung_reports::write_xlsx(&lumbung_reports::Sheet {
        name: "Inovasi",
        headers: &headers,
        rows: &[example],
        notes: COLUMNS,
    })
    .map_err(ServiceError::internal)
}
