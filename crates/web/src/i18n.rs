//! Bahasa Indonesia first, English second.
//!
//! A reader picks a language with `GET /bahasa/{id|en}?kembali=/path`, which keeps it in the
//! `lang` cookie (no account, no JavaScript) and goes back to the page they were on. Public
//! pages print their fixed texts through [`Lang::t`], a table keyed by the Indonesian text:
//! templates stay readable in Indonesian, and a text missing from the table shows in
//! Indonesian instead of breaking the page. Official names stay as they are in both
//! languages: government affairs, regions, agencies, and what governments wrote.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use lumbung_service::ServiceError;
use lumbung_service::domain::index::IndexCategory;
use lumbung_service::domain::innovation::{Form, Initiator, Kind, Stage};
use lumbung_service::domain::region::RegionKind;

use crate::auth::cookie;
use crate::pages::forms::encode;
use crate::pages::{PageAuth, error_page};
use crate::state::AppState;

/// The cookie that keeps the reader's language.
pub const COOKIE: &str = "lang";

/// The language a page is read in; Indonesian unless the reader chose English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    /// The BCP 47 code, for `<html lang>` and the switch's address.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim() {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the `lang` cookie names; Indonesian without one.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        cookie(headers, COOKIE)
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The language's name in itself, as the switch offers it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Id => "Bahasa Indonesia",
            Lang::En => "English",
        }
    }

    /// A fixed Indonesian text of the public pages in this language.
    pub fn t(self, text: &str) -> &str {
        match self {
            Lang::Id => text,
            Lang::En => ENGLISH_BY_INDONESIAN.get(text).copied().unwrap_or(text),
        }
    }

    /// One of two texts: Indonesian or English. For texts built around values.
    pub fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }

    /// A count with this language's thousands separator: `12.345` or `12,345`.
    pub fn number(self, value: i64) -> String {
        let indonesian = crate::pages::forms::number(value);
        match self {
            Lang::Id => indonesian,
            Lang::En => indonesian.replace('.', ","),
        }
    }

    /// A date as written in letters: `1 Februari 2019`, `1 February 2019`.
    pub fn date(self, value: NaiveDate) -> String {
        match self {
            Lang::Id => crate::pages::forms::date(value),
            Lang::En => {
                let month = MONTHS_EN
                    .get(value.month0() as usize)
                    .copied()
                    .unwrap_or_default();
                format!("{} {month} {}", value.day(), value.year())
            }
        }
    }

    pub fn stage(self, stage: Stage) -> &'static str {
        match (self, stage) {
            (Lang::Id, _) => stage.label(),
            (Lang::En, Stage::Initiative) => "Initiative",
            (Lang::En, Stage::Trial) => "Trial",
            (Lang::En, Stage::Implementation) => "Implementation",
        }
    }

    pub fn kind(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (Lang::Id, _) => kind.label(),
            (Lang::En, Kind::Digital) => "Digital",
            (Lang::En, Kind::NonDigital) => "Non-digital",
        }
    }

    pub fn form(self, form: Form) -> &'static str {
        match (self, form) {
            (Lang::Id, _) => form.label(),
            (Lang::En, Form::Governance) => "Regional governance",
            (Lang::En, Form::PublicService) => "Public service",
            (Lang::En, Form::Other) => "Other, by government affair",
        }
    }

    pub fn initiator(self, initiator: Initiator) -> &'static str {
        match (self, initiator) {
            (Lang::Id, _) => initiator.label(),
            (Lang::En, Initiator::RegionalHead) => "Regional head",
            (Lang::En, Initiator::CouncilMember) => "Member of the regional council (DPRD)",
            (Lang::En, Initiator::Agency) => "Regional agency (OPD)",
            (Lang::En, Initiator::CivilServant) => "Civil servant (ASN)",
            (Lang::En, Initiator::Public) => "Community",
        }
    }

    pub fn category(self, category: IndexCategory) -> &'static str {
        match (self, category) {
            (Lang::Id, _) => category.label(),
            (Lang::En, IndexCategory::VeryInnovative) => "Very innovative",
            (Lang::En, IndexCategory::Innovative) => "Innovative",
            (Lang::En, IndexCategory::LessInnovative) => "Less innovative",
            (Lang::En, IndexCategory::NotAssessable) => "Cannot be assessed",
        }
    }

    /// What a region is: `Provinsi`, `Kabupaten`, `Kota` — or `Province`, `Regency`, `City`.
    pub fn region_kind(self, kind: RegionKind) -> &'static str {
        match (self, kind) {
            (Lang::Id, _) => kind.label(),
            (Lang::En, RegionKind::Nation) => "Nation",
            (Lang::En, RegionKind::Province) => "Province",
            (Lang::En, RegionKind::Regency) => "Regency",
            (Lang::En, RegionKind::City) => "City",
        }
    }

    /// The label of a vocabulary code (`stage`, `kind`, `form`, `initiator`, `category`);
    /// `None` for a code it does not know.
    pub fn code_label(self, vocabulary: &str, code: &str) -> Option<&'static str> {
        match vocabulary {
            "stage" => Stage::from_code(code).map(|v| self.stage(v)),
            "kind" => Kind::from_code(code).map(|v| self.kind(v)),
            "form" => Form::from_code(code).map(|v| self.form(v)),
            "initiator" => Initiator::from_code(code).map(|v| self.initiator(v)),
            "category" => [
                IndexCategory::VeryInnovative,
                IndexCategory::Innovative,
                IndexCategory::LessInnovative,
                IndexCategory::NotAssessable,
            ]
            .into_iter()
            .find(|c| c.code() == code)
            .map(|c| self.category(c)),
            _ => None,
        }
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

// ---------------------------------------------------------------------------------------------
// The reader and the switch.

/// Who reads a page, as far as the layout cares: their language and the address they are
/// on, so the language switch brings them back to it.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    pub lang: Lang,
    /// The path and query of the request.
    pub path: String,
}

impl Reader {
    pub fn from_parts(parts: &Parts) -> Self {
        Self {
            lang: Lang::from_headers(&parts.headers),
            path: parts
                .uri
                .path_and_query()
                .map(|pq| pq.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
        }
    }

    /// The link that switches to the other language and comes back here.
    pub fn switch_href(&self) -> String {
        let back = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        format!(
            "/bahasa/{}?kembali={}",
            self.lang.other().code(),
            encode(back)
        )
    }
}

/// `GET /bahasa/{id|en}?kembali=/path`: keeps the language in the `lang` cookie and goes back
/// to `kembali` when it is a path of this site; anywhere else (another site, `//host`) it
/// goes to the home page instead.
pub async fn switch(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Path(code): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return error_page(&auth, &ServiceError::NotFound("bahasa"));
    };
    let back = query
        .iter()
        .find(|(key, _)| key == "kembali")
        .and_then(|(_, value)| same_site_path(value))
        .unwrap_or_else(|| "/".to_owned());
    let secure = if state.config().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    // Indonesian is the default, so choosing it forgets the cookie.
    let cookie = match lang {
        Lang::Id => format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
        Lang::En => {
            format!("{COOKIE}=en; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}")
        }
    };
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&back) {
        headers.insert(header::LOCATION, value);
    } else {
        headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    }
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `text` when it is a path on this site, made safe for a `Location` header: it starts with
/// one `/` (not `//`, which browsers read as another host), has no backslash (some browsers
/// read `/\` as `//`) and no control character. Bytes outside ASCII are percent-encoded.
pub fn same_site_path(text: &str) -> Option<String> {
    let text = text.trim();
    let rest = text.strip_prefix('/')?;
    if rest.starts_with('/')
        || text.contains('\\')
        || text.chars().any(char::is_control)
        || text.starts_with("/bahasa/")
    {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_graphic() {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// The English of the public pages' fixed texts, keyed by the Indonesian.

static ENGLISH_BY_INDONESIAN: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| ENGLISH.iter().copied().collect());

/// Indonesian → English. Keys are exactly the texts the templates and handlers pass to
/// [`Lang::t`]; a test checks every such text of the templates has its line here.
pub const ENGLISH: &[(&str, &str)] = &[
    // The layout.
    ("Langsung ke isi utama", "Skip to main content"),
    ("Menu utama", "Main menu"),
    ("Beranda", "Home"),
    ("Katalog Inovasi", "Innovation catalogue"),
    ("Peta", "Map"),
    ("Data Terbuka", "Open data"),
    ("Masuk", "Sign in"),
    ("Indeks", "Index"),
    ("Keluar", "Sign out"),
    ("Masuk sebagai", "Signed in as"),
    (
        "Halaman ini hanya tersedia dalam bahasa Indonesia.",
        "This page is available in Indonesian only.",
    ),
    (
        "Lumbung Inovasi — registri inovasi daerah untuk pemerintah provinsi dan kabupaten/kota.",
        "Lumbung Inovasi — the registry of regional innovations for provincial, regency and city governments.",
    ),
    ("Katalog inovasi", "Innovation catalogue"),
    ("Data terbuka", "Open data"),
    ("Dokumentasi API (OpenAPI)", "API documentation (OpenAPI)"),
    ("Jejak halaman", "Breadcrumb"),
    ("Data demo", "Demo data"),
    // The home page.
    (
        "Registri inovasi pelayanan publik dan tata kelola pemerintahan daerah di Indonesia. Pemerintah provinsi dan kabupaten/kota mencatat inovasinya di sini, memeriksanya, lalu menerbitkannya agar daerah lain dapat belajar dan mereplikasinya.",
        "The registry of public-service and governance innovations of Indonesia's regional governments. Provinces, regencies and cities record their innovations here, review them and publish them, so that other regions can learn from them and replicate them.",
    ),
    (
        "Lumbung Inovasi: katalog terbuka inovasi pelayanan publik dan tata kelola pemerintah daerah di Indonesia. Cari inovasi yang sudah terbukti, pelajari, lalu replikasi.",
        "Lumbung Inovasi: the open catalogue of public-service and governance innovations of Indonesia's regional governments. Find innovations that have proved themselves, learn from them, replicate them.",
    ),
    ("Cari inovasi", "Search innovations"),
    ("Kata kunci", "Search words"),
    (
        "mis. perizinan online, dokter terbang, air bersih",
        "e.g. perizinan online, dokter terbang, air bersih",
    ),
    ("Cari", "Search"),
    ("Angka", "Figures"),
    ("inovasi terbit", "published innovations"),
    (
        "daerah dengan inovasi terbit",
        "regions with published innovations",
    ),
    ("inovasi berpenghargaan", "award-winning innovations"),
    ("Inovasi terbaru", "Latest innovations"),
    (
        "Belum ada inovasi yang terbit.",
        "No innovation has been published yet.",
    ),
    ("Lihat semua inovasi", "See all innovations"),
    ("Inovasi berpenghargaan", "Award-winning innovations"),
    ("Penghargaan", "Awards"),
    (
        "Lihat semua inovasi berpenghargaan",
        "See all award-winning innovations",
    ),
    ("Jelajahi", "Explore"),
    (
        "cari dan saring menurut wilayah, urusan, tahapan, jenis, bentuk, tahun dan penghargaan.",
        "search and narrow by region, government affair, stage, kind, form, year and award.",
    ),
    ("Peta inovasi", "Innovation map"),
    (
        "daerah di peta Indonesia menurut kategori indeks inovasinya.",
        "the regions on a map of Indonesia, by their innovation index category.",
    ),
    ("Indeks Inovasi Daerah", "Regional Innovation Index"),
    (
        "peringkat dan kategori indeks tiap daerah.",
        "each region's index ranking and category.",
    ),
    (
        "unduh inovasi terbit sebagai CSV atau JSON.",
        "download the published innovations as CSV or JSON.",
    ),
    ("Ke dasbor", "To the dashboard"),
    ("Masuk untuk petugas", "Sign in for officials"),
    // The catalogue.
    (
        "Katalog inovasi daerah",
        "Catalogue of regional innovations",
    ),
    (
        "Inovasi pelayanan publik dan tata kelola yang telah diperiksa dan diterbitkan oleh pemerintah daerah.",
        "Public-service and governance innovations reviewed and published by regional governments.",
    ),
    (
        "Katalog inovasi pelayanan publik dan tata kelola yang diterbitkan pemerintah daerah di Indonesia, dapat dicari menurut kata kunci, wilayah, urusan, tahapan, jenis, bentuk, tahun dan penghargaan.",
        "Catalogue of the public-service and governance innovations published by Indonesia's regional governments, searchable by words, region, government affair, stage, kind, form, year and award.",
    ),
    (
        "Tulis dengan kata sehari-hari, mis. perizinan online, dokter terbang, air bersih.",
        "Use everyday Indonesian words, e.g. perizinan online (online permits), dokter terbang (flying doctors), air bersih (clean water).",
    ),
    (
        "Saringan yang aktif tetap dipakai.",
        "Active filters are kept.",
    ),
    ("Saringan tidak dikenali", "Unknown filter"),
    (
        "Saringan katalog inovasi yang diminta tidak dikenali.",
        "The innovation catalogue filter asked for is not known.",
    ),
    (
        "Tampilkan hasil tanpa saringan yang salah",
        "Show the results without the wrong filters",
    ),
    ("Saringan aktif:", "Active filters:"),
    ("Hapus", "Remove"),
    ("saringan", "filter"),
    ("Hapus semua saringan", "Remove all filters"),
    ("Hapus saringan ini", "Remove this filter"),
    ("Hasil", "Results"),
    ("Pencarian", "Search"),
    ("halaman", "page"),
    (
        "Halaman ini melewati hasil terakhir.",
        "This page is past the last result.",
    ),
    ("Kembali ke halaman pertama", "Back to the first page"),
    (
        "Belum ada inovasi terbit yang cocok dengan saringan ini.",
        "No published innovation matches these filters yet.",
    ),
    (
        "Tidak ada inovasi terbit yang cocok dengan pencarian ini.",
        "No published innovation matches this search.",
    ),
    (
        "Periksa ejaan, atau pakai kata lain yang lebih umum.",
        "Check the spelling, or try other, more general words.",
    ),
    ("Kurangi jumlah kata kunci.", "Use fewer search words."),
    (
        "Lihat semua inovasi terbit",
        "See all published innovations",
    ),
    ("Halaman hasil", "Result pages"),
    ("Sebelumnya", "Previous"),
    ("Halaman", "Page"),
    ("Berikutnya", "Next"),
    (
        "Unduh semua hasil ini sebagai data terbuka:",
        "Download all these results as open data:",
    ),
    ("penjelasan kolom", "what the columns hold"),
    ("Saring hasil", "Narrow the results"),
    ("Lihat lainnya", "See more"),
    ("Penghargaan apa pun", "Any award"),
    ("Wilayah", "Region"),
    ("Provinsi", "Province"),
    ("Urusan pemerintahan", "Government affair"),
    ("Tahapan", "Stage"),
    ("Jenis", "Kind"),
    ("Bentuk", "Form"),
    ("Tahun penerapan", "Year of implementation"),
    // An innovation.
    ("Pemilik inovasi", "Owner"),
    ("Nomor registrasi", "Registration number"),
    ("Inisiator", "Initiator"),
    ("Tema", "Theme"),
    ("Anggaran", "Budget"),
    ("Perjalanan inovasi", "Timeline"),
    ("Uji coba dimulai", "Trial started"),
    ("Penerapan dimulai", "Implementation started"),
    ("Pengembangan terbaru", "Latest development"),
    (
        "Belum ada tanggal uji coba atau penerapan yang tercatat.",
        "No trial or implementation date has been recorded yet.",
    ),
    ("Tahapan saat ini:", "Current stage:"),
    ("Rancang bangun", "Design"),
    ("Belum diisi.", "Not filled in yet."),
    ("Tujuan", "Goals"),
    ("Manfaat", "Benefits"),
    ("Hasil inovasi", "Results"),
    ("Urusan utama:", "Main affair:"),
    ("Urusan terkait:", "Related affairs:"),
    ("Belum ada penghargaan tercatat.", "No award recorded yet."),
    ("Data dukung", "Evidence"),
    (
        "Belum ada data dukung yang diterima verifikator pada hasil indeks yang telah diterbitkan.",
        "No evidence accepted by a verifier in published index results yet.",
    ),
    (
        "Data dukung jawaban indeks inovasi daerah yang telah diterima verifikator, pada tahun yang hasilnya telah diterbitkan.",
        "Evidence behind this innovation's regional innovation index answers, accepted by a verifier, in years whose results are published.",
    ),
    ("Indikator", "Indicator"),
    ("level", "level"),
    ("Berkas:", "File:"),
    ("Replikasi", "Replications"),
    (
        "Belum ada daerah yang tercatat mereplikasi inovasi ini.",
        "No region has been recorded as replicating this innovation yet.",
    ),
    ("Tautan", "Links"),
    ("Terakhir diperbarui", "Last updated"),
    (
        "Inovasi lain dari wilayah ini",
        "Other innovations of this region",
    ),
    // Open data.
    (
        "Data terbuka inovasi daerah",
        "Open data on regional innovations",
    ),
    (
        "Unduh inovasi daerah yang telah terbit sebagai CSV atau JSON: kolom yang tetap dan terdokumentasi, saringan yang sama dengan katalog, ETag dan gzip.",
        "Download the published regional innovations as CSV or JSON: stable, documented columns, the catalogue's filters, ETag and gzip.",
    ),
    (
        "Setiap inovasi yang telah terbit di Lumbung Inovasi dapat diunduh bebas, tanpa mendaftar, sebagai CSV atau JSON: satu baris atau satu objek untuk setiap inovasi, dengan kolom yang tetap.",
        "Every innovation published in Lumbung Inovasi can be downloaded freely, without registering, as CSV or JSON: one row or one object per innovation, with stable columns.",
    ),
    ("Unduh", "Download"),
    (
        "Semua inovasi terbit (CSV)",
        "All published innovations (CSV)",
    ),
    (
        "Semua inovasi terbit (JSON)",
        "All published innovations (JSON)",
    ),
    (
        "Jumlah inovasi terbit saat ini:",
        "Published innovations at present:",
    ),
    ("perubahan terakhir", "last changed"),
    (
        "Tautan «Unduh» di halaman hasil pencarian katalog membawa kata kunci dan saringan yang sedang dipakai.",
        "The download links under the catalogue's search results carry the words and filters in use.",
    ),
    ("Kolom", "Columns"),
    (
        "Nama kolom berbahasa Inggris dan tidak akan diubah. Kosakata resmi ditulis sebagai kode bahasa Indonesia, sama dengan API.",
        "Column names are English and will not change. Official vocabularies are written as Indonesian codes, as in the API.",
    ),
    (
        "Kolom berkas, berurutan seperti di CSV",
        "The file's columns, in CSV order",
    ),
    ("Isi", "Content"),
    ("Saringan", "Filters"),
    (
        "Kedua berkas menerima saringan yang sama dengan katalog dan API pencarian, sebagai parameter alamat. Tanpa saringan, berkas berisi semua inovasi terbit.",
        "Both files take the same filters as the catalogue and the search API, as query parameters. Without filters, a file holds every published innovation.",
    ),
    ("Parameter yang diterima", "Accepted parameters"),
    ("Parameter", "Parameter"),
    ("Arti", "Meaning"),
    ("Contoh", "Example"),
    (
        "Kata pencarian, seperti di kotak pencarian katalog.",
        "Search words, as in the catalogue's search box.",
    ),
    (
        "Kode wilayah Kemendagri; termasuk seluruh wilayah di bawahnya.",
        "Kemendagri region code; includes every region below it.",
    ),
    (
        "Kode urusan pemerintahan (utama atau terkait).",
        "Government affair code (main or related).",
    ),
    (
        "Tahapan: inisiatif, uji_coba, penerapan.",
        "Stage: inisiatif, uji_coba, penerapan.",
    ),
    (
        "Jenis: digital, non_digital.",
        "Kind: digital, non_digital.",
    ),
    (
        "Bentuk: tata_kelola, pelayanan_publik, lainnya.",
        "Form: tata_kelola, pelayanan_publik, lainnya.",
    ),
    ("Tahun mulai penerapan.", "Year implementation started."),
    (
        "true untuk inovasi yang pernah meraih penghargaan apa pun, atau nama ajang penghargaan.",
        "true for innovations with any award, or the name of an award event.",
    ),
    (
        "Contoh: inovasi digital di Provinsi Kalimantan Utara —",
        "Example: digital innovations in North Kalimantan province —",
    ),
    (
        "Kode yang tidak dikenal dijawab dengan status 422 dan pesan galat dalam JSON.",
        "An unknown code is answered with status 422 and an error message in JSON.",
    ),
    ("Format", "Format"),
    (
        "CSV: UTF-8, dipisah koma, baris pertama berisi nama kolom. Isi yang lebih dari satu (urusan terkait, penghargaan, tautan) dipisah titik koma.",
        "CSV: UTF-8, comma-separated, the first row holds the column names. Several values (related affairs, awards, links) are separated by semicolons.",
    ),
    (
        "JSON: satu larik berisi satu objek untuk setiap inovasi, dengan nama kolom yang sama; isi yang lebih dari satu berupa larik; tanggal, inisiator dan urusan utama yang tidak diisi bernilai null.",
        "JSON: an array of one object per innovation, with the same names as the columns; several values are arrays; dates, initiator and main affair not filled in are null.",
    ),
    (
        "Tanggal ditulis YYYY-MM-DD; waktu perubahan ditulis menurut RFC 3339.",
        "Dates are written YYYY-MM-DD; the time of change follows RFC 3339.",
    ),
    (
        "Baris diurutkan dari inovasi yang paling lama tercatat.",
        "Rows run from the innovation recorded first.",
    ),
    ("Unduh ulang yang hemat", "Downloading again, cheaply"),
    (
        "Setiap jawaban membawa ETag dan Last-Modified. Kirim kembali nilainya dalam If-None-Match atau If-Modified-Since: bila data belum berubah, jawabannya 304 tanpa isi. Jawaban dikompresi gzip bila permintaan menyertakan Accept-Encoding: gzip.",
        "Every answer carries ETag and Last-Modified. Send them back in If-None-Match or If-Modified-Since: when the data has not changed, the answer is 304 with no body. Answers are gzip-compressed when the request says Accept-Encoding: gzip.",
    ),
    (
        "Bagi pengembang: pencarian tersedia di",
        "For developers: search is available at",
    ),
    (
        "dan seluruh API dijelaskan di",
        "and the whole API is described at",
    ),
    ("Sumber dan penggunaan", "Source and use"),
    (
        "Profil inovasi disusun dan diterbitkan oleh pemerintah daerah pemiliknya; Lumbung Inovasi menghimpun dan menyajikannya. Isinya menjadi tanggung jawab pemerintah daerah tersebut.",
        "Innovation profiles are written and published by the regional governments that own them; Lumbung Inovasi gathers and presents them. Their content is the responsibility of those governments.",
    ),
    (
        "Bila Anda memakai data ini, sebutkan pemerintah daerah pemilik inovasi dan Lumbung Inovasi sebagai sumber, dengan alamat halaman ini atau halaman inovasinya (/inovasi/…).",
        "When you use this data, cite the regional government that owns the innovation and Lumbung Inovasi as the source, with the address of this page or of the innovation's page (/inovasi/…).",
    ),
    (
        "Lisensi resmi data ini belum ditetapkan oleh pengelola.",
        "The operator has not yet set a formal licence for this data.",
    ),
    // The catalogue's respelling of words that found nothing.
    ("Tidak ada hasil untuk", "No results for"),
    ("Menampilkan hasil untuk", "Showing results for"),
    // A page that says nothing of itself.
    (
        "Lumbung Inovasi: registri inovasi pelayanan publik dan tata kelola pemerintahan daerah di Indonesia.",
        "Lumbung Inovasi: the registry of public-service and governance innovations of Indonesia's regional governments.",
    ),
    // Count tables.
    ("Kelompok", "Group"),
    ("Jumlah", "Number"),
    ("Perbandingan", "Comparison"),
    ("Belum ada data.", "No data yet."),
    // A region's page.
    ("kode", "code"),
    ("bagian dari", "part of"),
    ("Ringkasan", "Summary"),
    (
        "Indeks Inovasi Daerah terbaru:",
        "Latest Regional Innovation Index:",
    ),
    (
        "belum ada hasil yang diterbitkan.",
        "no result has been published yet.",
    ),
    ("Lihat di peta", "See it on the map"),
    ("Lihat peringkat", "See the ranking"),
    ("Inovasi terbit", "Published innovations"),
    (
        "Belum ada inovasi yang diterbitkan di wilayah ini.",
        "No innovation has been published in this region yet.",
    ),
    ("Lihat semua", "See all"),
    ("inovasi di katalog", "innovations in the catalogue"),
    (
        "Buka di katalog untuk menyaring",
        "Open them in the catalogue to narrow them down",
    ),
    ("Jumlah inovasi", "Number of innovations"),
    ("Jumlah inovasi menurut bentuk", "Innovations by form"),
    ("Jumlah inovasi menurut tahapan", "Innovations by stage"),
    (
        "Riwayat Indeks Inovasi Daerah",
        "Regional Innovation Index history",
    ),
    (
        "Belum ada hasil yang diterbitkan.",
        "No result has been published yet.",
    ),
    ("Kategori", "Category"),
    ("Tahun", "Year"),
    // A region's index history.
    ("Riwayat indeks menurut tahun", "Index history by year"),
    ("Nilai", "Value"),
    ("Keterangan", "Note"),
    // The map.
    ("Belum ada hasil", "No result yet"),
    ("hasil terbit", "published result"),
    ("Pilih tahun peta", "Choose the map's year"),
    ("Hasil terbaru tiap daerah", "Each region's latest result"),
    ("Tampilkan", "Show"),
    (
        "Lewati peta, langsung ke tabel per provinsi",
        "Skip the map, go to the table by province",
    ),
    (
        "Lingkaran besar bergaris tepi: provinsi; lingkaran kecil: kabupaten/kota, di titik tengah wilayahnya. Pilih sebuah titik untuk membuka halaman daerahnya.",
        "Large outlined circles: provinces; small circles: regencies and cities, at the centre of their area. Choose a dot to open its region's page.",
    ),
    ("Keterangan warna", "Colour key"),
    ("wilayah", "regions"),
    ("Tabel per provinsi", "Table by province"),
    (
        "Tabel ini memuat isi peta dalam bentuk teks: kategori tiap provinsi dan jumlah kabupaten/kota di dalamnya menurut kategori. Kategori tiap kabupaten/kota ada di halaman provinsinya.",
        "This table holds the map as text: each province's category and how many of its regencies and cities are in each category. Each regency's and city's category is on its province's page.",
    ),
    (
        "Kategori Indeks Inovasi Daerah per provinsi",
        "Regional Innovation Index category by province",
    ),
    ("wilayah di peta", "regions on the map"),
    (
        "Kabupaten/kota menurut kategori",
        "Regencies and cities by category",
    ),
    (
        "Indeks tahun yang dihitung sistem ini berskala 0–100 dan memakai koma desimal. Hasil terbit tahun-tahun sebelumnya ditampilkan seperti diterbitkan, dengan skalanya sendiri.",
        "The index of the years this system computes runs from 0 to 100 and is written with a decimal point. Results published for earlier years are shown as they were published, on their own scale.",
    ),
    ("Lihat peringkat indeks", "See the index ranking"),
    // Signing in.
    (
        "Masuk dengan surel dan kata sandi akun Anda untuk mengelola data inovasi daerah.",
        "Sign in with your account's email and password to manage regional innovation data.",
    ),
    ("Surel", "Email"),
    ("Kata sandi", "Password"),
    (
        "Belum punya akun? Minta admin provinsi atau kabupaten/kota Anda membuatkannya.",
        "No account yet? Ask the admin of your province, regency or city to make you one.",
    ),
    // Competitions (public pages).
    ("Kompetisi", "Competitions"),
    ("Kompetisi inovasi", "Innovation competitions"),
    (
        "Kompetisi inovasi pelayanan publik yang diselenggarakan secara nasional dan oleh provinsi. Setiap kompetisi memuat jadwal, kriteria penilaian, finalis, masa sanggah publik, dan hasilnya.",
        "Public-service innovation competitions organised nationally and by provinces. Each competition shows its schedule, judging criteria, finalists, public objection period and results.",
    ),
    (
        "Kompetisi inovasi pelayanan publik yang diselenggarakan secara nasional dan oleh provinsi: jadwal, finalis, uji publik, hasil dan verifikasi piagam.",
        "Public-service innovation competitions organised nationally and by provinces: schedules, finalists, public objections, results and certificate verification.",
    ),
    ("Belum ada kompetisi.", "No competition yet."),
    (
        "Daftar kompetisi, tahun terbaru lebih dulu",
        "Competitions, latest year first",
    ),
    ("Nama kompetisi", "Competition"),
    ("Penyelenggara", "Organiser"),
    ("Penyelenggara:", "Organiser:"),
    ("Status", "Status"),
    ("Nasional", "National"),
    ("Berjalan", "Running"),
    ("Hasil diumumkan", "Results published"),
    ("Lihat hasil", "See the results"),
    ("Punya piagam penghargaan?", "Holding an award certificate?"),
    (
        "Periksa keasliannya dengan kode verifikasinya",
        "Check that it is genuine with its verification code",
    ),
    (
        "Hasil kompetisi ini sudah diumumkan.",
        "This competition's results have been published.",
    ),
    (
        "Lihat pemenang dan peringkat",
        "See the winners and the ranking",
    ),
    ("Di halaman ini", "On this page"),
    ("Jadwal", "Schedule"),
    ("Ketentuan", "Rules"),
    ("Finalis", "Finalists"),
    ("Uji publik dan sanggahan", "Public objections"),
    ("Jadwal wawancara", "Interview schedule"),
    (
        "Tahapan kompetisi dan tanggalnya",
        "The competition's rounds and their dates",
    ),
    ("Tahap", "Round"),
    ("Tanggal", "Dates"),
    ("Keadaan", "State"),
    ("Pendaftaran proposal", "Proposal registration"),
    ("Pendaftaran proposal:", "Proposal registration:"),
    ("Belum dibuka", "Not open yet"),
    ("Dibuka", "Open"),
    ("Ditutup", "Closed"),
    ("Selesai", "Closed"),
    ("Sedang berjalan", "Running now"),
    ("Belum dimulai", "Not started"),
    ("Seleksi administrasi", "Administrative check"),
    ("Penilaian proposal", "Desk evaluation"),
    ("Penetapan finalis oleh tim panel", "Shortlist by the panel"),
    ("Uji publik", "Public objection period"),
    ("Presentasi dan wawancara", "Presentation and interview"),
    ("Penetapan pemenang", "Final decision"),
    ("Pengumuman hasil", "Results announced"),
    (
        "khusus pemenang edisi sebelumnya",
        "only winners of earlier editions",
    ),
    (
        "menyebut inovasi yang direplikasi",
        "names the innovation it replicates",
    ),
    ("hanya dengan undangan", "by invitation only"),
    ("Bagian proposal", "Proposal sections"),
    (
        "Bagian proposal dan batas jumlah katanya",
        "Proposal sections and their word limits",
    ),
    ("Bagian", "Section"),
    ("Batas kata", "Word limit"),
    ("Berlaku untuk", "Applies to"),
    ("Semua kelompok", "Every group"),
    ("Kriteria penilaian", "Judging criteria"),
    (
        "Kriteria yang dinilai juri dan bobotnya",
        "The criteria jurors score, and their weights",
    ),
    ("Kriteria", "Criterion"),
    ("Bobot", "Weight"),
    ("Nilai akhir:", "Final score:"),
    ("nilai penilaian proposal", "desk evaluation score"),
    (
        "nilai presentasi dan wawancara",
        "presentation and interview score",
    ),
    (
        "Finalis diumumkan di sini setelah tim panel menetapkannya.",
        "The finalists are announced here once the panel has shortlisted them.",
    ),
    ("Belum ada finalis.", "No finalists yet."),
    ("Diajukan", "Submitted"),
    (
        "Tidak lolos seleksi administrasi",
        "Did not pass the administrative check",
    ),
    (
        "Lolos seleksi administrasi",
        "Passed the administrative check",
    ),
    (
        "Masuk daftar finalis (uji publik)",
        "Shortlisted (open to public objection)",
    ),
    ("Pemenang", "Winner"),
    ("Para pemenang", "Winners"),
    (
        "Gugur karena sanggahan publik",
        "Set aside after a public objection",
    ),
    (
        "Terima kasih, sanggahan Anda sudah diterima.",
        "Thank you, your objection has been received.",
    ),
    (
        "Sekretariat kompetisi akan menindaklanjutinya; hasilnya tampil pada daftar sanggahan di bawah. Nama dan kontak Anda tidak ditampilkan.",
        "The competition's secretariat will follow it up; the outcome shows in the list of objections below. Your name and contact are not shown.",
    ),
    (
        "Masa sanggah sedang dibuka. Siapa pun dapat menyanggah finalis yang dinilai tidak sesuai kenyataan, misalnya inovasinya belum berjalan atau datanya tidak benar. Tidak perlu akun.",
        "The objection period is open. Anyone may object to a finalist that does not match reality, for instance an innovation that is not running or data that is not true. No account is needed.",
    ),
    (
        "Periksa kembali isian berikut",
        "Please check the following",
    ),
    ("wajib", "required"),
    ("Galat:", "Error:"),
    ("Finalis yang disanggah", "Finalist objected to"),
    ("Pilih finalis", "Choose a finalist"),
    ("Nama Anda", "Your name"),
    ("Surel atau nomor telepon", "Email or telephone number"),
    (
        "Hanya untuk sekretariat, agar dapat menghubungi Anda; tidak ditampilkan di halaman ini.",
        "For the secretariat only, so that it can reach you; not shown on this page.",
    ),
    ("Isi sanggahan", "Your objection"),
    (
        "Uraikan apa yang tidak sesuai dengan proposal finalis, paling sedikit 5 kata. Teks sanggahan ditampilkan untuk umum tanpa nama dan kontak Anda.",
        "Describe what does not match the finalist's proposal, in at least 5 words. The objection's text is shown to the public without your name and contact.",
    ),
    ("Kirim sanggahan", "Send the objection"),
    (
        "isi nama Anda (paling banyak 120 karakter)",
        "fill in your name (at most 120 characters)",
    ),
    (
        "isi surel atau nomor telepon yang dapat dihubungi",
        "fill in an email address or telephone number where you can be reached",
    ),
    (
        "uraikan sanggahan Anda (paling sedikit 5 kata, paling banyak 5000 karakter)",
        "describe your objection (at least 5 words, at most 5000 characters)",
    ),
    (
        "pilih finalis yang disanggah",
        "choose the finalist you object to",
    ),
    (
        "pilih salah satu finalis dari daftar",
        "choose one of the finalists in the list",
    ),
    ("Sanggahan belum terkirim", "Objection not sent"),
    (
        "Masa sanggah kompetisi ini tidak sedang dibuka, jadi sanggahan Anda belum terkirim. Isian Anda ada di bawah ini agar tidak hilang.",
        "This competition's objection period is not open, so your objection was not sent. What you wrote is below, so that nothing is lost.",
    ),
    (
        "Permintaan dari situs lain ditolak. Buka halaman kompetisi ini langsung, lalu kirim sanggahan dari sana.",
        "Requests from other sites are refused. Open this competition's page directly and send the objection from there.",
    ),
    ("Isian Anda:", "What you wrote:"),
    (
        "Masa sanggah sudah ditutup.",
        "The objection period has closed.",
    ),
    (
        "Masa sanggah tidak sedang dibuka; lihat jadwal di atas.",
        "The objection period is not open; see the schedule above.",
    ),
    ("Sanggahan yang masuk", "Objections received"),
    ("Belum ada sanggahan.", "No objection yet."),
    ("diajukan", "filed"),
    ("Sedang ditindaklanjuti", "Being followed up"),
    ("Diterima", "Upheld"),
    ("Ditolak", "Dismissed"),
    ("Tindak lanjut:", "Outcome:"),
    (
        "Jadwal presentasi dan wawancara belum diumumkan.",
        "The presentation and interview schedule has not been announced yet.",
    ),
    (
        "Presentasi dan wawancara finalis",
        "The finalists' presentations and interviews",
    ),
    ("Waktu", "Time"),
    ("Tempat", "Place"),
    ("Lihat hasil kompetisi", "See the competition's results"),
    ("Kompetisi tidak ditemukan", "Competition not found"),
    (
        "Kompetisi yang Anda cari tidak ada. Mungkin alamatnya salah ketik.",
        "The competition you are looking for does not exist. The address may be mistyped.",
    ),
    ("Lihat semua kompetisi", "See every competition"),
    ("Semua kompetisi", "Every competition"),
    ("Hasil belum diumumkan", "Results not published yet"),
    (
        "Hasil kompetisi ini belum diumumkan. Jadwal pengumumannya ada di halaman kompetisi.",
        "This competition's results have not been published yet. The competition's page has the date of the announcement.",
    ),
    ("Ke halaman kompetisi", "To the competition's page"),
    (
        "Nilai ditampilkan dibulatkan dua desimal; peringkat disusun dari nilai yang tidak dibulatkan.",
        "Scores are shown rounded to two decimals; the ranking was made on the unrounded scores.",
    ),
    (
        "Tidak ada pemenang yang ditetapkan.",
        "No winner was named.",
    ),
    ("Pemenang menurut peringkat", "Winners by rank"),
    ("Peringkat", "Rank"),
    ("Inovasi", "Innovation"),
    ("Perangkat daerah", "Regional agency"),
    ("Wawancara", "Interview"),
    ("Nilai akhir", "Final score"),
    ("Piagam", "Certificate"),
    ("verifikasi piagam", "certificate verification of"),
    ("Peringkat lengkap", "Full ranking"),
    (
        "Semua finalis menurut nilai akhir, dengan alasan urutan bila nilainya berdekatan",
        "Every finalist by final score, with the reason for the order where scores are close",
    ),
    (
        "Di bawah peringkat sebelumnya karena",
        "Below the one above because of",
    ),
    ("nilai lebih rendah", "a lower score"),
    (
        "nilai sama; nilai wawancara lebih rendah",
        "the same score; a lower interview score",
    ),
    (
        "nilai sama; nilai penilaian proposal lebih rendah",
        "the same score; a lower desk evaluation score",
    ),
    (
        "nilai sama; diajukan lebih akhir",
        "the same score; submitted later",
    ),
    (
        "semua sama; urutan nomor proposal",
        "all the same; by proposal number",
    ),
    (
        "Peringkat per kelompok dan kategori",
        "Ranking by group and category",
    ),
    ("Verifikasi piagam", "Certificate verification"),
    (
        "Periksa keaslian piagam penghargaan kompetisi inovasi dengan kode verifikasi yang tercetak pada piagam.",
        "Check that an innovation competition's award certificate is genuine with the verification code printed on it.",
    ),
    (
        "Setiap piagam pemenang kompetisi inovasi memuat kode verifikasi dan kode QR. Tulis kodenya di sini untuk memeriksa apakah piagam itu asli dan masih berlaku.",
        "Every winner's certificate of an innovation competition carries a verification code and a QR code. Type the code here to check whether the certificate is genuine and still valid.",
    ),
    ("Periksa kode piagam", "Check a certificate code"),
    ("Kode verifikasi piagam", "Certificate verification code"),
    (
        "Dua belas huruf dan angka, mis. K7Q2-MX9D-4HTA. Huruf besar atau kecil dan tanda hubung tidak berpengaruh.",
        "Twelve letters and digits, e.g. K7Q2-MX9D-4HTA. Upper or lower case and hyphens make no difference.",
    ),
    (
        "Tulis kode yang tercetak pada piagam.",
        "Type the code printed on the certificate.",
    ),
    ("Periksa", "Check"),
    (
        "Kode piagam tidak terdaftar",
        "Certificate code not registered",
    ),
    (
        "Kode piagam yang diperiksa tidak terdaftar pada Lumbung Inovasi. Periksa kembali kode pada piagam lalu coba lagi.",
        "The certificate code checked is not registered in Lumbung Inovasi. Check the code on the certificate and try again.",
    ),
    (
        "Kode yang diperiksa tidak terdaftar.",
        "The code checked is not registered.",
    ),
    ("Kode", "The code"),
    (
        "tidak terdaftar sebagai piagam kompetisi mana pun di Lumbung Inovasi. Periksa kembali kode pada piagam: huruf besar atau kecil dan tanda hubung tidak berpengaruh.",
        "is not registered as a certificate of any competition in Lumbung Inovasi. Check the code on the certificate again: upper or lower case and hyphens make no difference.",
    ),
    ("ASLI", "GENUINE"),
    (
        "piagam ini terdaftar di Lumbung Inovasi dan masih berlaku.",
        "this certificate is registered in Lumbung Inovasi and still valid.",
    ),
    ("DICABUT", "WITHDRAWN"),
    (
        "piagam ini pernah diterbitkan, tetapi tidak berlaku lagi karena penetapan pemenang kompetisinya dibuka kembali.",
        "this certificate was issued but is no longer valid, because its competition's final decision was reopened.",
    ),
    ("asli dan terdaftar", "genuine and registered"),
    ("dicabut", "withdrawn"),
    ("Kode verifikasi", "Verification code"),
    ("Tanggal terbit", "Issued on"),
    ("Unduh piagam (PDF)", "Download the certificate (PDF)"),
    (
        "Kode QR pada piagam mengarah ke halaman ini. Bila isi piagam cetak berbeda dengan halaman ini, piagam cetak itu tidak sah.",
        "The QR code on the certificate leads to this page. A printed certificate that says otherwise than this page is not valid.",
    ),
    ("Periksa kode lain", "Check another code"),
    // Replications on the innovation page.
    ("Daerah replikator", "Adopting region"),
    ("Sejak", "Since"),
    ("Minat", "Interest"),
    ("Kesepakatan", "Agreement"),
    ("Persetujuan", "Approval"),
    ("Implementasi", "Implementation"),
    // Public consultation forums (FKP).
    ("Forum Konsultasi Publik", "Public Consultation Forums"),
    (
        "Forum Konsultasi Publik pemerintah daerah: rencana, berita acara, kesepakatan, dan tindak lanjutnya.",
        "Public consultation forums of regional governments: plans, minutes, agreements and their follow-up.",
    ),
    (
        "Forum Konsultasi Publik (FKP) mempertemukan penyelenggara layanan dengan pengguna layanan dan kelompok masyarakat untuk membahas standar dan mutu pelayanan. Setiap forum memuat rencana, kehadiran, berita acara, kesepakatan, dan tindak lanjutnya.",
        "A public consultation forum (FKP) brings a service provider together with service users and community groups to discuss service standards and quality. Each forum shows its plan, attendance, minutes, agreements and their follow-up.",
    ),
    ("Saring forum", "Filter forums"),
    (
        "Tahun ditulis dengan angka, mis. 2026.",
        "Write the year in digits, e.g. 2026.",
    ),
    (
        "Saringan tidak dikenali; seluruh forum ditampilkan.",
        "Filter not recognised; every forum is shown.",
    ),
    (
        "Belum ada forum yang cocok dengan saringan ini.",
        "No forum matches these filters yet.",
    ),
    (
        "Forum konsultasi publik, yang terbaru lebih dulu",
        "Public consultation forums, latest first",
    ),
    ("Kelola forum ini", "Manage this forum"),
    ("Ringkasan forum", "Forum summary"),
    ("Forum ini dibatalkan.", "This forum was cancelled."),
    (
        "Peserta yang diundang dan yang hadir, per kelompok",
        "Participants invited and attending, by group",
    ),
    (
        "Peserta yang diundang, per kelompok",
        "Participants invited, by group",
    ),
    (
        "Kesepakatan dan tindak lanjutnya",
        "Agreements and their follow-up",
    ),
    (
        "Forum ini tidak mencatat kesepakatan.",
        "This forum recorded no agreement.",
    ),
    ("Kesepakatan forum", "The forum's agreements"),
    ("Inovasi yang menjawab", "Innovation that answers it"),
    (
        "Semua forum konsultasi publik",
        "All public consultation forums",
    ),
    // Complaints (pengaduan).
    ("Forum Konsultasi", "Consultation forums"),
    ("Admin daerah", "Regional admin"),
    ("Alasan dibuka kembali", "Why it is reopened"),
    ("Alasan penolakan", "Reason for rejection"),
    (
        "Apa yang terjadi, di mana, dan kapan. Paling sedikit 20 karakter.",
        "What happened, where and when. At least 20 characters.",
    ),
    ("Batas tindak lanjut", "Follow-up deadline"),
    ("Batas verifikasi", "Verification deadline"),
    (
        "Bila jawaban belum menyelesaikan masalah, Anda dapat membuka kembali pengaduan sampai",
        "If the answer did not solve the problem, you may reopen the complaint until",
    ),
    (
        "Catat atau simpan nomor dan PIN ini sekarang.",
        "Write down or save this number and PIN now.",
    ),
    ("Contoh: ADU-2026-000123", "Example: ADU-2026-000123"),
    (
        "Formulir ini dikirim dari situs lain dan tidak diterima.",
        "This form was sent from another site and was not accepted.",
    ),
    ("Identitas pelapor", "Reporter's identity"),
    (
        "Jawab dengan angka. Pertanyaan ini mencegah kiriman otomatis.",
        "Answer with a number. This question keeps out automated submissions.",
    ),
    ("Jawaban", "Answer"),
    (
        "Jawaban sudah menyelesaikan masalah; tutup pengaduan",
        "The answer solved the problem; close the complaint",
    ),
    ("Judul", "Title"),
    ("Judul pengaduan", "Complaint title"),
    ("Kategori (urusan)", "Category (government affair)"),
    (
        "Kesepakatan forum konsultasi publik",
        "Public consultation forum agreement",
    ),
    ("Kirim pengaduan", "Send complaint"),
    ("Kirim tanggapan", "Send response"),
    ("Lacak", "Track"),
    ("Lacak pengaduan", "Track a complaint"),
    ("Lacak pengaduan ini", "Track this complaint"),
    ("Lampiran", "Attachments"),
    (
        "Lampiran tidak disimpan; pilih kembali berkasnya sebelum mengirim.",
        "Attachments were not kept; choose the files again before sending.",
    ),
    ("Lanjutkan", "Continue"),
    (
        "Masalah belum selesai; buka kembali pengaduan",
        "The problem is not solved; reopen the complaint",
    ),
    ("Masalah yang dijawab", "Problems it answers"),
    (
        "Melewati batas tindak lanjut",
        "Past the follow-up deadline",
    ),
    (
        "Melewati batas verifikasi",
        "Past the verification deadline",
    ),
    ("Nama", "Name"),
    ("Nomor pengaduan", "Complaint number"),
    ("Nomor telepon", "Telephone number"),
    (
        "Opsional. Beberapa kata kunci dipisahkan koma, misalnya: antrean, obat.",
        "Optional. Keywords separated by commas, for example: queue, medicine.",
    ),
    (
        "Opsional. Bila tidak tahu, biarkan kosong; admin daerah yang meneruskan.",
        "Optional. If you do not know, leave it empty; the regional admin forwards it.",
    ),
    (
        "Opsional. Kabar setiap perubahan status dikirim ke alamat ini.",
        "Optional. Every change of status is sent to this address.",
    ),
    (
        "Opsional. Paling banyak 3 berkas PDF atau gambar, masing-masing paling besar 5 MB.",
        "Optional. At most 3 PDF or image files, 5 MB each at most.",
    ),
    ("PIN", "PIN"),
    (
        "PIN 8 karakter yang diberikan saat pengaduan dikirim.",
        "The 8-character PIN given when the complaint was sent.",
    ),
    (
        "PIN hanya ditampilkan sekali dan diperlukan untuk menutup atau membuka kembali pengaduan.",
        "The PIN is shown only once and is needed to close or reopen the complaint.",
    ),
    ("Pelapor", "Reporter"),
    ("Pengaduan", "Complaints"),
    ("Pengaduan diterima", "Complaint received"),
    (
        "Pengaduan diverifikasi paling lambat 3 hari kerja dan ditindaklanjuti perangkat daerah paling lambat 5 hari kerja sejak didisposisikan. Hari diterima tidak dihitung.",
        "A complaint is verified within 3 working days and followed up by the agency within 5 working days of being assigned. The day it is received does not count.",
    ),
    (
        "Pengaduan tentang pelayanan publik pemerintah daerah diterima tanpa akun. Setelah dikirim, Anda mendapat nomor pengaduan untuk melacak tindak lanjutnya dan PIN untuk menutup atau membuka kembali pengaduan.",
        "Complaints about regional governments' public services are taken without an account. Once sent, you get a complaint number to track the follow-up and a PIN to close or reopen the complaint.",
    ),
    ("Perangkat daerah yang diadukan", "Agency complained about"),
    ("Pertanyaan keamanan", "Security question"),
    ("Petugas", "Officer"),
    ("Pilih kategori", "Choose a category"),
    (
        "Pilih provinsi, atau kabupaten/kota di bawahnya.",
        "Choose a province, or a regency/city under it.",
    ),
    (
        "Rahasiakan identitas saya dari perangkat daerah yang diadukan",
        "Keep my identity from the agency complained about",
    ),
    ("Riwayat", "History"),
    ("Sampaikan pengaduan", "File a complaint"),
    (
        "Sampaikan pengaduan tentang pelayanan publik pemerintah daerah tanpa perlu akun, lalu lacak tindak lanjutnya.",
        "File a complaint about a regional government's public service without an account, then track its follow-up.",
    ),
    (
        "Semua opsional. Identitas tidak pernah ditampilkan kepada publik.",
        "All optional. Your identity is never shown to the public.",
    ),
    ("Sistem", "System"),
    ("Tanggapan", "Response"),
    (
        "Tanggapan Anda sudah dicatat.",
        "Your response has been recorded.",
    ),
    ("Tanggapan pelapor", "Reporter's response"),
    (
        "Judul, jawaban, dan catatan hanya ditampilkan kepada pelapor. Masukkan PIN yang diberikan saat pengaduan dikirim.",
        "The subject, the answer and the notes are shown to the reporter only. Enter the PIN given when the complaint was sent.",
    ),
    ("Lihat rincian", "Show details"),
    ("Tema pengaduan", "Complaint theme"),
    (
        "Terima kasih. Pengaduan Anda sudah tercatat.",
        "Thank you. Your complaint has been recorded.",
    ),
    ("Tidak tahu / tidak disebut", "Not known / not named"),
    ("Uraian", "Description"),
    (
        "Wajib bila pengaduan dibuka kembali.",
        "Required when the complaint is reopened.",
    ),
    ("Wilayah yang diadukan", "Region complained about"),
    ("ganti wilayah", "change region"),
    (
        "nomor pengaduan tidak ditemukan; periksa kembali penulisannya",
        "complaint number not found; check how it is written",
    ),
    ("Terverifikasi", "Verified"),
    ("Didisposisikan", "Assigned"),
    ("Ditindaklanjuti", "In progress"),
    ("Dijawab", "Answered"),
    ("Dibuka kembali", "Reopened"),
    ("Bukan kewenangan", "Not within its authority"),
    ("Tidak lengkap", "Incomplete"),
    ("Duplikat", "Duplicate"),
    // Public replication list.
    ("Replikasi inovasi", "Innovation replication"),
    (
        "Daerah yang mereplikasi inovasi daerah lain, dengan tahap dan tanggalnya.",
        "Regions replicating other regions' innovations, with the stage and dates.",
    ),
    ("Seluruh Indonesia", "All of Indonesia"),
    ("kasus replikasi", "replication cases"),
    ("daerah replikator", "adopting regions"),
    (
        "Belum ada replikasi yang tercatat.",
        "No replication recorded yet.",
    ),
    ("Kasus replikasi", "Replication cases"),
    ("Daerah pemilik", "Owner region"),
    ("Lihat semua replikasi", "See all replications"),
    ("Pelaksanaan", "Implementation"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_fall_back_to_indonesian() {
        assert_eq!(Lang::En.t("Beranda"), "Home");
        assert_eq!(Lang::Id.t("Beranda"), "Beranda");
        assert_eq!(
            Lang::En.t("Teks yang belum diterjemahkan"),
            "Teks yang belum diterjemahkan"
        );
    }

    #[test]
    fn every_key_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for (id, _) in ENGLISH {
            assert!(seen.insert(*id), "\"{id}\" is twice in the table");
        }
    }

    /// Every `t("…")` a template calls has its English line.
    #[test]
    fn every_template_text_has_its_english() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split(".t(\"").skip(1) {
                let Some((key, _)) = piece.split_once("\")") else {
                    continue;
                };
                if !ENGLISH_BY_INDONESIAN.contains_key(key) {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "no English for:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn vocabularies_have_english_labels() {
        for stage in Stage::ALL {
            assert_ne!(Lang::En.stage(*stage), stage.label());
        }
        for form in Form::ALL {
            assert_ne!(Lang::En.form(*form), form.label());
        }
        assert_eq!(
            Lang::En.code_label("kind", "non_digital"),
            Some("Non-digital")
        );
        assert_eq!(Lang::Id.code_label("stage", "uji_coba"), Some("Uji coba"));
        assert_eq!(
            Lang::En.code_label("category", "sangat_inovatif"),
            Some("Very innovative")
        );
        assert_eq!(Lang::En.code_label("stage", "entah"), None);
        assert_eq!(Lang::En.region_kind(RegionKind::Regency), "Regency");
        assert_eq!(Lang::Id.region_kind(RegionKind::City), "Kota");
    }

    #[test]
    fn numbers_and_dates_read_in_each_language() {
        assert_eq!(Lang::Id.number(12345), "12.345");
        assert_eq!(Lang::En.number(1234567), "1,234,567");
        let day = NaiveDate::from_ymd_opt(2019, 2, 1).unwrap();
        assert_eq!(Lang::Id.date(day), "1 Februari 2019");
        assert_eq!(Lang::En.date(day), "1 February 2019");
    }

    #[test]
    fn the_switch_goes_back_only_to_this_site() {
        assert_eq!(
            same_site_path("/inovasi?q=air").as_deref(),
            Some("/inovasi?q=air")
        );
        assert_eq!(same_site_path("/").as_deref(), Some("/"));
        assert_eq!(
            same_site_path("/cari?q=é").as_deref(),
            Some("/cari?q=%C3%A9")
        );
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "evil",
            "",
            "/a\nb",
            "/bahasa/en",
        ] {
            assert_eq!(same_site_path(bad), None, "{bad}");
        }
        let reader = Reader {
            lang: Lang::Id,
            path: "/inovasi?q=air bersih".into(),
        };
        assert_eq!(
            reader.switch_href(),
            "/bahasa/en?kembali=%2Finovasi%3Fq%3Dair+bersih"
        );
    }
}
