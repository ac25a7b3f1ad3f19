//! The PDF report of a region's index assessment, typeset with Typst as a library.
//!
//! The report's data never enters Typst markup: it is written as one `#let data = (...)`
//! dictionary of string literals (only `\`, `"` and control characters need escaping there),
//! and a fixed template places `data.*` values as plain text. A name like `#*_[]$<@` is
//! therefore printed as is and can neither break the layout nor run code.
//!
//! Fonts are the ones bundled in `typst-assets` (Libertinus Serif, New Computer Modern,
//! DejaVu Sans Mono): nothing is read from the system or downloaded.
//!
//! `typeset`, `string`, `array` and `indonesian_date` are shared with the other documents of
//! the crate (the certificates of [`crate::certificate`] and
//! [`crate::replication_certificate`]).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

/// Figures of one projection (verified or claimed), already formatted for reading:
/// Indonesian decimal comma (`8,78`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportFigures {
    pub spd: String,
    pub sid_average: String,
    pub innovation_count_score: String,
    pub sid: String,
    pub total: String,
    pub index: String,
    /// E.g. `Sangat inovatif`.
    pub category: String,
}

/// One region-level (SPD) indicator row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpdRow {
    pub code: String,
    pub name: String,
    pub level: String,
    pub weight: String,
    pub score: String,
    /// The state of its evidence, in words (`Diterima`).
    pub evidence: String,
}

/// One innovation's result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InnovationLine {
    pub name: String,
    pub score: String,
    pub included: bool,
    /// Why it is not included.
    pub reasons: Vec<String>,
}

/// Everything the report prints, as plain text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssessmentReport {
    pub region_name: String,
    pub region_code: String,
    pub year: i32,
    /// When the report was made, as it should read (`12-05-2026 10:30 UTC`).
    pub generated_at: String,
    /// What counts once verified (accepted evidence).
    pub verified: ReportFigures,
    /// What the region claims (evidence present).
    pub claimed: ReportFigures,
    pub spd_rows: Vec<SpdRow>,
    pub innovations: Vec<InnovationLine>,
    /// Codes of the mandatory SPD indicators not filled yet.
    pub empty_mandatory: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("dokumen PDF tidak dapat disusun: {0}")]
    Compile(String),
    #[error("dokumen PDF tidak dapat ditulis: {0}")]
    Export(String),
    /// The QR code of a certificate: its payload is too long for a QR symbol.
    #[error("kode QR tidak dapat dibuat: {0}")]
    Qr(String),
}

/// Typesets the report as an A4 PDF.
pub fn assessment_report(data: &AssessmentReport) -> Result<Vec<u8>, PdfError> {
    let mut text = data_literal(data);
    text.push_str(TEMPLATE);
    typeset("laporan.typ", text, Vec::new())
}

/// Compiles the Typst source `main` (named `name`, at the root of the virtual file system)
/// into PDF bytes. `files` are the only other files the source can read, by their path from
/// the root (`("qr.svg", bytes)` is read as `image("qr.svg")`).
pub(crate) fn typeset(
    name: &str,
    main: String,
    files: Vec<(&str, Bytes)>,
) -> Result<Vec<u8>, PdfError> {
    let world = DocumentWorld::new(name, main, files);
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| PdfError::Compile(messages(&errors)))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|errors| PdfError::Export(messages(&errors)))
}

fn messages(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A Typst string literal of `text`.
pub(crate) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Typst array of values already written as Typst (`string`, a dictionary, …): `()` when
/// empty, `(a,)` with one item.
pub(crate) fn array(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    if items.is_empty() {
        "()".to_owned()
    } else {
        format!("({},)", items.join(", "))
    }
}

/// A Typst array of string literals: `()` when empty, `("a",)` with one item.
fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    array(items.into_iter().map(string))
}

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// `23 November 2026`.
pub fn indonesian_date(date: NaiveDate) -> String {
    let month = MONTHS
        .get(date.month0() as usize)
        .copied()
        .unwrap_or_default();
    format!("{} {} {}", date.day(), month, date.year())
}

fn figures(f: &ReportFigures) -> String {
    format!(
        "(spd: {}, sid_average: {}, innovation_count_score: {}, sid: {}, total: {}, index: {}, category: {})",
        string(&f.spd),
        string(&f.sid_average),
        string(&f.innovation_count_score),
        string(&f.sid),
        string(&f.total),
        string(&f.index),
        string(&f.category),
    )
}

/// `#let data = (...)`: the whole report as Typst values, strings only.
fn data_literal(data: &AssessmentReport) -> String {
    let spd_rows: Vec<String> = data
        .spd_rows
        .iter()
        .map(|r| {
            format!(
                "(code: {}, name: {}, level: {}, weight: {}, score: {}, evidence: {})",
                string(&r.code),
                string(&r.name),
                string(&r.level),
                string(&r.weight),
                string(&r.score),
                string(&r.evidence),
            )
        })
        .collect();
    let innovations: Vec<String> = data
        .innovations
        .iter()
        .map(|i| {
            format!(
                "(name: {}, score: {}, included: {}, reasons: {})",
                string(&i.name),
                string(&i.score),
                i.included,
                strings(i.reasons.iter().map(String::as_str)),
            )
        })
        .collect();
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "()".to_owned()
        } else {
            format!("(\n    {},\n  )", items.join(",\n    "))
        }
    };
    format!(
        "#let data = (\n  region_name: {},\n  region_code: {},\n  year: {},\n  generated_at: {},\n  \
         verified: {},\n  claimed: {},\n  spd_rows: {},\n  innovations: {},\n  empty_mandatory: {},\n)\n",
        string(&data.region_name),
        string(&data.region_code),
        string(&data.year.to_string()),
        string(&data.generated_at),
        figures(&data.verified),
        figures(&data.claimed),
        list(spd_rows),
        list(innovations),
        strings(data.empty_mandatory.iter().map(String::as_str)),
    )
}

/// The layout; it reads `data` only as values, never as markup.
const TEMPLATE: &str = r##"
#let title = "Laporan Penilaian Indeks Inovasi Daerah " + data.year
#set document(title: title, author: "Lumbung Inovasi")
#set text(font: "Libertinus Serif", size: 10pt, lang: "id", hyphenate: false)
#set page(
  paper: "a4",
  margin: (x: 2cm, top: 2cm, bottom: 2.4cm),
  footer: context {
    set text(size: 8pt, fill: luma(90))
    line(length: 100%, stroke: 0.4pt + luma(160))
    v(-4pt)
    [Dibuat #data.generated_at · Lumbung Inovasi]
    h(1fr)
    [Halaman #counter(page).display() dari #counter(page).final().first()]
  },
)
#set par(justify: false)
#set table(stroke: 0.5pt + luma(170), inset: (x: 5pt, y: 4pt))
#show table.cell.where(y: 0): set text(weight: "bold")
#show heading: set block(above: 1.4em, below: 0.7em)
#show heading.where(level: 2): set text(size: 12pt)

#let head = luma(225)
#let cells(values) = values.map(v => [#v])

#align(center)[
  #text(size: 16pt, weight: "bold", title)
  #v(0pt)
  #text(size: 12pt)[#data.region_name (#data.region_code)]
]
#v(0.6em)

== Ringkasan

#table(
  columns: (1fr, 9em, 9em),
  align: (left, right, right),
  fill: (_, y) => if y == 0 { head },
  table.header([Komponen], [Terverifikasi], [Diklaim]),
  [Skor SPD], [#data.verified.spd], [#data.claimed.spd],
  [Rata-rata skor SID], [#data.verified.sid_average], [#data.claimed.sid_average],
  [Skor jumlah inovasi], [#data.verified.innovation_count_score], [#data.claimed.innovation_count_score],
  [Skor SID], [#data.verified.sid], [#data.claimed.sid],
  [Total], [#data.verified.total], [#data.claimed.total],
  [*Indeks*], [*#data.verified.index*], [*#data.claimed.index*],
  [*Kategori*], [*#data.verified.category*], [*#data.claimed.category*],
)

#text(size: 9pt)[
  _Terverifikasi_: hanya data dukung yang sudah diterima verifikator.
  _Diklaim_: semua jawaban yang memiliki data dukung.
]

#if data.empty_mandatory.len() == 0 [
  Semua indikator wajib sudah diisi.
] else [
  *Indikator wajib yang belum diisi:* #data.empty_mandatory.join(", ").
]

== Indikator Satuan Pemerintah Daerah (SPD)

#if data.spd_rows.len() == 0 [
  Belum ada indikator SPD.
] else {
  table(
    columns: (auto, 1fr, auto, auto, auto, auto),
    align: (left, left, center, right, right, left),
    fill: (_, y) => if y == 0 { head },
    table.header([Kode], [Indikator], [Level], [Bobot], [Skor], [Data dukung]),
    ..data.spd_rows
      .map(r => cells((r.code, r.name, r.level, r.weight, r.score, r.evidence)))
      .flatten(),
  )
}

== Inovasi Daerah

#if data.innovations.len() == 0 [
  Belum ada inovasi.
] else {
  table(
    columns: (auto, 1fr, auto, auto, 1fr),
    align: (right, left, right, center, left),
    fill: (_, y) => if y == 0 { head },
    table.header([No.], [Nama inovasi], [Skor], [Dihitung], [Keterangan]),
    ..data.innovations
      .enumerate(start: 1)
      .map(((n, i)) => cells((
        str(n),
        i.name,
        i.score,
        if i.included { "Ya" } else { "Tidak" },
        i.reasons.join("; "),
      )))
      .flatten(),
  )
}
"##;

/// Fonts and the standard library, loaded once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Shared {
        library: LazyHash::new(Library::builder().build()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// The smallest Typst world: one main source, a few virtual files given with it, bundled
/// fonts, nothing from disk, a fixed date.
struct DocumentWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl DocumentWorld {
    fn new(name: &str, text: String, files: Vec<(&str, Bytes)>) -> Self {
        let id = FileId::new(None, VirtualPath::new(name));
        Self {
            main: Source::new(id, text),
            files: files
                .into_iter()
                .map(|(path, bytes)| (FileId::new(None, VirtualPath::new(path)), bytes))
                .collect(),
        }
    }
}

impl World for DocumentWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().as_rootless_path().to_owned()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    /// The templates do not use the date; a fixed one keeps output reproducible.
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        Datetime::from_ymd(2000, 1, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> AssessmentReport {
        let figures = ReportFigures {
            spd: "12,50".into(),
            sid_average: "30,00".into(),
            innovation_count_score: "5,00".into(),
            sid: "35,00".into(),
            total: "47,50".into(),
            index: "47,50".into(),
            category: "Kurang inovatif".into(),
        };
        AssessmentReport {
            region_name: format!("Kabupaten {name}"),
            region_code: "65.01".into(),
            year: 2026,
            generated_at: "12-05-2026 10:30 UTC".into(),
            verified: figures.clone(),
            claimed: figures,
            spd_rows: vec![SpdRow {
                code: "1".into(),
                name: format!("Regulasi {name}"),
                level: "3".into(),
                weight: "1,5".into(),
                score: "4,50".into(),
                evidence: "Diterima".into(),
            }],
            innovations: vec![
                InnovationLine {
                    name: format!("Inovasi {name}"),
                    score: "60,00".into(),
                    included: true,
                    reasons: vec![],
                },
                InnovationLine {
                    name: "Sapa Warga".into(),
                    score: "0,00".into(),
                    included: false,
                    reasons: vec![format!("alasan {name}"), "belum diterapkan".into()],
                },
            ],
            empty_mandatory: vec!["16".into(), "17".into()],
        }
    }

    #[test]
    fn string_literals_escape_backslash_and_quote() {
        assert_eq!(string(r#"a\b"c"#), r#""a\\b\"c""#);
        assert_eq!(string("x\ny"), r#""x\ny""#);
        assert_eq!(strings([]), "()");
        assert_eq!(strings(["a"]), r#"("a",)"#);
        assert_eq!(array(["(a: 1)".to_owned()]), "((a: 1),)");
    }

    #[test]
    fn dates_are_in_indonesian() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(indonesian_date(date(2026, 11, 23)), "23 November 2026");
        assert_eq!(indonesian_date(date(2027, 1, 5)), "5 Januari 2027");
        assert_eq!(indonesian_date(date(2026, 8, 17)), "17 Agustus 2026");
        assert_eq!(indonesian_date(date(2026, 12, 31)), "31 Desember 2026");
    }

    #[test]
    fn renders_names_with_markup_characters() {
        let pdf = assessment_report(&sample(r#"#*_[]$\"<@ `x` //y /*z"#)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() > 1024);
    }

    #[test]
    fn renders_an_empty_report() {
        let pdf = assessment_report(&AssessmentReport::default()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
