//! Spreadsheets in and out of Lumbung Inovasi: CSV and XLSX as tables of text.
//!
//! This crate knows nothing about innovations. It turns an uploaded file into a [`Table`]
//! of trimmed strings with header names and true row numbers, and turns headers plus rows
//! of strings into CSV or XLSX bytes. Interpreting the cells (which column is which, what a
//! valid value is) is the caller's job.
//!
//! The files come from real Indonesian offices, so reading is lenient where Excel is:
//! a UTF-8 BOM is ignored, CSV may use `;` (Excel in the Indonesian locale) or `,`, the
//! header of an XLSX sheet need not be on row 1, and numbers and dates typed in Excel come
//! back as the text a person would expect (`2019`, not `2019.0`; `2021-03-12`, not `44267`).
//! Row numbers are the ones the spreadsheet shows, so error messages can point at them.
//!
//! Messages meant for users ([`ReadError`], [`WriteError`]) are in Bahasa Indonesia.
//!
//! ```
//! use lumbung_reports::{read_table, write_xlsx, Sheet};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let rows = vec![vec!["Sapa Warga".to_string(), "2019".to_string()]];
//! let bytes = write_xlsx(&Sheet {
//!     name: "Inovasi",
//!     headers: &["Nama Inovasi", "Tahun"],
//!     rows: &rows,
//!     notes: &[("Tahun", "Tahun inovasi mulai diterapkan")],
//! })?;
//!
//! let table = read_table(&bytes)?;
//! let name = table.column("nama_inovasi");
//! assert_eq!(table.rows[0].get(name), "Sapa Warga");
//! assert_eq!(table.rows[0].number, 2);
//! # Ok(())
//! # }
//! ```

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod certificate;
pub mod pdf;
mod read;
pub mod replication_certificate;
mod table;
mod write;

pub use certificate::{CertificateDoc, certificate_pdf, qr_svg};
pub use pdf::{
    AssessmentReport, InnovationLine, PdfError, ReportFigures, SpdRow, assessment_report,
};
pub use read::{
    Format, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, ReadError, detect, read_table, read_table_with_limit,
};
pub use replication_certificate::{ReplicationCertificateDoc, replication_certificate_pdf};
pub use table::{Row, Table};
pub use write::{Sheet, WriteError, write_csv, write_xlsx};
