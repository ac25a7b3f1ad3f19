//! Reading uploaded spreadsheets (CSV or XLSX) into a [`Table`].
//!
//! The format is decided from the content, never from the file name: users rename files,
//! and some systems export HTML or PDF with an `.xls` or `.csv` name.

use std::io::Cursor;

use calamine::{DataRef, ExcelDateTime, Reader, SheetType, SheetVisible, Xlsx, XlsxError};
use chrono::{SubsecRound, Timelike};

use crate::table::{Table, TableBuilder};

/// Most data rows a file may have; protects memory on the server.
pub const MAX_ROWS: usize = 200_000;
/// Most columns (non-empty header cells) a file may have.
pub const MAX_COLUMNS: usize = 1_000;
/// Most cells a file may hold (data rows × columns, and non-empty XLSX cells), because a
/// small, well-compressed file can otherwise describe a huge sheet.
pub const MAX_CELLS: usize = 10_000_000;
/// Most bytes one part of an XLSX (a sheet, the shared strings) may inflate to. Deflate
/// packs a thousand to one, so an 800 KB file can hold a part of 800 MB that a reader would
/// hold in memory; the template's 40,000 rows take about a quarter of this.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes all the parts of an XLSX may inflate to together.
pub const MAX_EXPANDED_BYTES: u64 = 128 * 1024 * 1024;
/// Most shared strings an XLSX may hold: the reader keeps every one in memory.
pub const MAX_SHARED_STRINGS: usize = 1_000_000;
/// Most parts (files inside the zip) an XLSX may have; a workbook has a few dozen.
pub const MAX_PARTS: usize = 1_000;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Why an uploaded file could not be read. The messages are shown to users as they are.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file has no content at all (or only whitespace).
    #[error("berkas kosong")]
    Empty,
    /// The file has content, but every row is empty, so there is no header row.
    #[error("baris judul kolom tidak ditemukan: semua baris kosong")]
    NoHeader,
    /// Neither an XLSX workbook nor UTF-8 text (e.g. PDF, old XLS, HTML, ANSI-encoded CSV).
    #[error(
        "berkas bukan CSV atau XLSX; simpan ulang dari Excel sebagai \"Buku Kerja Excel (*.xlsx)\" atau \"CSV UTF-8\""
    )]
    NotSpreadsheet,
    /// A zip file that calamine could not read as an XLSX workbook.
    #[error("berkas tidak dapat dibaca sebagai XLSX: {0}")]
    Xlsx(String),
    /// Text that could not be parsed as CSV.
    #[error("berkas tidak dapat dibaca sebagai CSV: {0}")]
    Csv(String),
    /// More data rows than allowed.
    #[error("berkas berisi lebih dari {max} baris data; bagi menjadi beberapa berkas")]
    TooManyRows {
        /// The limit that was exceeded.
        max: usize,
    },
    /// More header columns than allowed.
    #[error("berkas berisi lebih dari {max} kolom")]
    TooManyColumns {
        /// The limit that was exceeded.
        max: usize,
    },
    /// More cells than allowed.
    #[error("berkas terlalu besar: lebih dari {max} sel; bagi menjadi beberapa berkas")]
    TooManyCells {
        /// The limit that was exceeded.
        max: usize,
    },
    /// An XLSX that inflates beyond what any real sheet needs (a "zip bomb"), found before
    /// the workbook is parsed.
    #[error("berkas XLSX terlalu besar setelah dibuka: {what}; bagi menjadi beberapa berkas")]
    Expands {
        /// What was too large, in words.
        what: String,
    },
}

impl ReadError {
    /// The file is refused for its size rather than its content (HTTP 413).
    pub fn is_too_large(&self) -> bool {
        matches!(
            self,
            Self::TooManyRows { .. }
                | Self::TooManyColumns { .. }
                | Self::TooManyCells { .. }
                | Self::Expands { .. }
        )
    }
}

/// The kind of spreadsheet a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited UTF-8 text.
    Csv,
    /// An Office Open XML workbook.
    Xlsx,
}

/// Limits applied while reading; tests shrink them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) max_rows: usize,
    pub(crate) max_columns: usize,
    pub(crate) max_cells: usize,
    pub(crate) max_part_bytes: u64,
    pub(crate) max_expanded_bytes: u64,
    pub(crate) max_shared_strings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_rows: MAX_ROWS,
            max_columns: MAX_COLUMNS,
            max_cells: MAX_CELLS,
            max_part_bytes: MAX_PART_BYTES,
            max_expanded_bytes: MAX_EXPANDED_BYTES,
            max_shared_strings: MAX_SHARED_STRINGS,
        }
    }
}

/// Detects the format from content (XLSX = zip magic `PK\x03\x04`; otherwise must be valid
/// UTF-8 text → CSV; anything else, e.g. PDF `%PDF` or other binary → NotSpreadsheet).
///
/// Text that is plainly not a table is also refused: a PDF header, HTML or XML (what many
/// systems save as ".xls"), RTF, and text with NUL or other control bytes. Empty input,
/// or only a BOM and whitespace, is [`ReadError::Empty`].
pub fn detect(bytes: &[u8]) -> Result<Format, ReadError> {
    if bytes.starts_with(ZIP_MAGIC) {
        return Ok(Format::Xlsx);
    }
    let text = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    let text = std::str::from_utf8(text).map_err(|_| ReadError::NotSpreadsheet)?;
    let start = text.trim_start();
    let not_a_table = start.starts_with("%PDF")
        || start.starts_with('<')
        || start.starts_with("{\\rtf")
        || text.chars().any(is_binary_control);
    if not_a_table {
        return Err(ReadError::NotSpreadsheet);
    }
    Ok(Format::Csv)
}

/// Control characters that do not occur in a text file (tab, line breaks, vertical tab,
/// form feed and the DOS end-of-file mark do).
fn is_binary_control(c: char) -> bool {
    c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0B' | '\x0C' | '\x1A' | '\x7F')
}

/// Reads the first sheet (XLSX) or the CSV, with at most [`MAX_ROWS`] data rows.
pub fn read_table(bytes: &[u8]) -> Result<Table, ReadError> {
    read_with(bytes, Limits::default())
}

/// Like [`read_table`], but with at most `max_rows` data rows (blank rows not counted).
pub fn read_table_with_limit(bytes: &[u8], max_rows: usize) -> Result<Table, ReadError> {
    read_with(
        bytes,
        Limits {
            max_rows,
            ..Limits::default()
        },
    )
}

pub(crate) fn read_with(bytes: &[u8], limits: Limits) -> Result<Table, ReadError> {
    match detect(bytes)? {
        Format::Csv => read_csv(bytes, limits),
        Format::Xlsx => read_xlsx(bytes, limits),
    }
}

// ---------------------------------------------------------------------------------------
// CSV

fn read_csv(bytes: &[u8], limits: Limits) -> Result<Table, ReadError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::NotSpreadsheet)?;
    let (delimiter, body) = delimiter_and_body(text);
    let body = body.as_bytes();

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body);
    let mut builder = TableBuilder::new(limits);
    let mut record = csv::StringRecord::new();
    let mut row_number = 0;
    let mut consumed = 0;
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| ReadError::Csv(csv_message(&e)))?;
        if !more {
            break;
        }
        row_number += rows_advanced(body, consumed, row_number == 0);
        consumed = usize::try_from(reader.position().byte()).unwrap_or(body.len());
        let cells = record
            .iter()
            .enumerate()
            .map(|(col, text)| (col, unmark_formula(text).trim().to_owned()));
        builder.push(row_number, cells)?;
    }
    builder.finish()
}

/// Removes the `'` that [`crate::write::neutralise`] puts before a would-be formula.
fn unmark_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(crate::write::FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// How many spreadsheet rows lie between the previous record and the next one.
///
/// The csv crate silently skips blank lines, but Excel shows each of them as an empty row,
/// and users will look for row numbers as Excel shows them. So count the line breaks in
/// the run of `\r`/`\n` around `consumed` (where the previous record ended). A record can
/// neither start nor end with a bare line break (a quoted field starts and ends with `"`),
/// so that run is exactly the previous terminator plus any blank lines.
fn rows_advanced(body: &[u8], consumed: usize, first: bool) -> usize {
    let is_break = |b: &u8| matches!(b, b'\r' | b'\n');
    let consumed = consumed.min(body.len());
    let before = body[..consumed]
        .iter()
        .rev()
        .take_while(|b| is_break(b))
        .count();
    let after = body[consumed..].iter().take_while(|b| is_break(b)).count();
    let gap = &body[consumed - before..consumed + after];
    let mut breaks = 0;
    let mut i = 0;
    while i < gap.len() {
        // "\r\n" is one break; a lone "\r" or "\n" is one too.
        if gap[i] == b'\r' && gap.get(i + 1) == Some(&b'\n') {
            i += 1;
        }
        breaks += 1;
        i += 1;
    }
    // The first record is row 1 plus leading blank lines; later ones are one row per break.
    if first { breaks + 1 } else { breaks }
}

/// The delimiter and the text to parse, honouring Excel's optional `sep=;` first line.
///
/// Otherwise the header line decides: `;` if it has more `;` than `,` (Excel in the
/// Indonesian locale writes `;` because `,` is the decimal separator), a tab if it has
/// more tabs than either (text copied out of Excel), else `,`.
fn delimiter_and_body(text: &str) -> (u8, &str) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    if let Some(sep) = first.trim_end_matches('\r').strip_prefix("sep=")
        && let [d] = sep.as_bytes()
    {
        return (*d, rest);
    }
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c| header.matches(c).count();
    let (semicolons, commas, tabs) = (count(';'), count(','), count('\t'));
    let delimiter = if tabs > semicolons && tabs > commas {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    };
    (delimiter, text)
}

fn csv_message(e: &csv::Error) -> String {
    match e.position() {
        Some(p) => format!("kesalahan di sekitar baris {}: {e}", p.line()),
        None => e.to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// XLSX

fn read_xlsx(bytes: &[u8], limits: Limits) -> Result<Table, ReadError> {
    check_expansion(bytes, limits)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let sheet = first_worksheet(&workbook)
        .ok_or_else(|| ReadError::Xlsx("buku kerja tidak memiliki lembar kerja".into()))?;

    // Stream the cells instead of asking calamine for a Range: a Range is dense, so one
    // stray value in a far corner (say XFD1048576) would allocate billions of cells.
    // Rows are handed to the builder as they complete, so limits apply while reading.
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(xlsx_error)?;
    let mut builder = TableBuilder::new(limits);
    let mut current: Option<(u32, Vec<(usize, String)>)> = None;
    let mut count = 0usize;
    while let Some(cell) = cells.next_cell().map_err(xlsx_error)? {
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        // Also bounds the time spent on cells outside the table.
        count += 1;
        if count > limits.max_cells {
            return Err(ReadError::TooManyCells {
                max: limits.max_cells,
            });
        }
        let (row, col) = cell.get_position();
        let col = col as usize;
        match &mut current {
            Some((r, row_cells)) if *r == row => row_cells.push((col, text)),
            Some((r, _)) if *r > row => {
                // Excel and every common writer store rows in ascending order.
                return Err(ReadError::Xlsx(
                    "urutan baris tidak wajar; buka lalu simpan ulang berkas di Excel".into(),
                ));
            }
            _ => {
                if let Some((r, row_cells)) = current.replace((row, vec![(col, text)])) {
                    builder.push(spreadsheet_row(r), row_cells)?;
                }
            }
        }
    }
    if let Some((r, row_cells)) = current {
        builder.push(spreadsheet_row(r), row_cells)?;
    }
    builder.finish()
}

/// Inflates every part of the zip once, keeping nothing, to refuse a file that would expand
/// past the limits before calamine reads it (calamine loads the shared strings whole).
fn check_expansion(bytes: &[u8], limits: Limits) -> Result<(), ReadError> {
    const MIB: u64 = 1024 * 1024;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::Xlsx(format!("arsip zip rusak ({e})")))?;
    if archive.len() > MAX_PARTS {
        return Err(ReadError::Expands {
            what: format!("lebih dari {MAX_PARTS} bagian di dalamnya"),
        });
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let mut part = archive
            .by_index(index)
            .map_err(|e| ReadError::Xlsx(format!("arsip zip rusak ({e})")))?;
        let name = part.name().to_owned();
        let too_large = || ReadError::Expands {
            what: format!(
                "bagian {name} lebih dari {} MB",
                limits.max_part_bytes / MIB
            ),
        };
        // The declared size can lie; it only refuses early. The count below is what holds.
        if part.size() > limits.max_part_bytes {
            return Err(too_large());
        }
        let mut meter = Meter {
            bytes: 0,
            strings: 0,
            count_strings: name.eq_ignore_ascii_case("xl/sharedStrings.xml"),
            tail: Vec::new(),
        };
        std::io::copy(
            &mut std::io::Read::take(&mut part, limits.max_part_bytes + 1),
            &mut meter,
        )
        .map_err(|e| ReadError::Xlsx(format!("bagian {name} tidak dapat dibuka ({e})")))?;
        if meter.bytes > limits.max_part_bytes {
            return Err(too_large());
        }
        if meter.strings > limits.max_shared_strings {
            return Err(ReadError::Expands {
                what: format!("lebih dari {} teks bersama", limits.max_shared_strings),
            });
        }
        total += meter.bytes;
        if total > limits.max_expanded_bytes {
            return Err(ReadError::Expands {
                what: format!("isinya lebih dari {} MB", limits.max_expanded_bytes / MIB),
            });
        }
    }
    Ok(())
}

/// Counts what flows through it: bytes, and the shared strings (`<si>` elements) of the
/// shared-strings part, across chunk boundaries.
struct Meter {
    bytes: u64,
    strings: usize,
    count_strings: bool,
    /// The end of the previous chunk, where a `<si` may have been cut.
    tail: Vec<u8>,
}

impl std::io::Write for Meter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes += buf.len() as u64;
        if self.count_strings {
            let mut joined = std::mem::take(&mut self.tail);
            joined.extend_from_slice(buf);
            let starts =
                |w: &[u8]| w[..3] == *b"<si" && matches!(w[3], b'>' | b' ' | b'\t' | b'\n' | b'\r');
            self.strings += joined.windows(4).filter(|w| starts(w)).count();
            // Keep what could begin an element the next chunk completes.
            self.tail = joined[joined.len().saturating_sub(3)..].to_vec();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// calamine counts rows from 0; the spreadsheet shows them from 1.
fn spreadsheet_row(index: u32) -> usize {
    index as usize + 1
}

/// The sheet a user thinks of as "the first one": the first visible worksheet (a hidden
/// first sheet is usually a lookup list), else the first worksheet at all.
fn first_worksheet<R>(workbook: &Xlsx<R>) -> Option<String>
where
    R: std::io::Read + std::io::Seek,
{
    let sheets = workbook.sheets_metadata();
    let worksheets = || sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    worksheets()
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| worksheets().next())
        .map(|s| s.name.clone())
}

fn xlsx_error(e: XlsxError) -> ReadError {
    match e {
        XlsxError::Password => ReadError::Xlsx("berkas dilindungi kata sandi".into()),
        other => ReadError::Xlsx(other.to_string()),
    }
}

/// A cell as the text a person would read in Excel.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            s.trim().to_owned()
        }
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => datetime_text(dt),
        // #N/A, #DIV/0! and friends carry no data.
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// A number as Excel shows it in a General cell: `2019` not `2019.0`, `81234567890` not
/// `8.1234567890e10`, and binary noise like `0.30000000000000004` rounded to Excel's
/// 15 significant digits (`0.3`).
fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f == 0.0 {
        // Also turns -0 into 0.
        return "0".into();
    }
    if f.fract() == 0.0 {
        // Whole numbers are exact; Rust prints them without ".0" or an exponent.
        return f.to_string();
    }
    let rounded = format!("{f:.14e}").parse::<f64>().unwrap_or(f);
    rounded.to_string()
}

/// A date cell as ISO 8601: `2021-03-12`, `2021-03-12T08:30:00` when it has a time of day,
/// `08:30:00` for a time-only cell and `36:15:00` for a duration (`[h]:mm:ss`).
fn datetime_text(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if dt.is_duration() {
        return clock_text(serial, true);
    }
    // Time-only cells are fractions of day 0, which Excel shows as a time, not 1899-12-31.
    if (0.0..1.0).contains(&serial) {
        return clock_text(serial, false);
    }
    match dt.as_datetime() {
        Some(datetime) => {
            let datetime = datetime.round_subsecs(0);
            if datetime.time().num_seconds_from_midnight() == 0 {
                datetime.format("%Y-%m-%d").to_string()
            } else {
                datetime.format("%Y-%m-%dT%H:%M:%S").to_string()
            }
        }
        None => number_text(serial),
    }
}

/// Days as `HH:MM:SS`, hours not wrapping at 24 for durations.
fn clock_text(days: f64, duration: bool) -> String {
    let seconds = (days * 86_400.0).round();
    let sign = if seconds < 0.0 { "-" } else { "" };
    // Bounded by the f64 → i64 saturating cast; real cells are far smaller.
    let mut seconds = seconds.abs() as i64;
    if !duration {
        seconds %= 86_400;
    }
    format!(
        "{sign}{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real workbook whose shared-strings part is swapped for `strings` (XML).
    fn with_shared_strings(strings: &[u8]) -> Vec<u8> {
        use std::io::{Read, Write};
        let real = crate::write_xlsx(&crate::Sheet {
            name: "Inovasi",
            headers: &["nama_inovasi", "kode_wilayah"],
            rows: &[vec!["Sipelandukilat".into(), "65".into()]],
            notes: &[],
        })
        .unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(real)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9));
        for i in 0..archive.len() {
            let mut part = archive.by_index(i).unwrap();
            let name = part.name().to_owned();
            let mut content = Vec::new();
            part.read_to_end(&mut content).unwrap();
            out.start_file(name.as_str(), options).unwrap();
            if name == "xl/sharedStrings.xml" {
                out.write_all(strings).unwrap();
            } else {
                out.write_all(&content).unwrap();
            }
        }
        out.finish().unwrap().into_inner()
    }

    fn shared_strings(count: usize, each: &str) -> Vec<u8> {
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{count}\" uniqueCount=\"{count}\">"
        )
        .into_bytes();
        for _ in 0..count {
            xml.extend_from_slice(b"<si><t>");
            xml.extend_from_slice(each.as_bytes());
            xml.extend_from_slice(b"</t></si>");
        }
        xml.extend_from_slice(b"</sst>");
        xml
    }

    #[test]
    fn h1_a_spreadsheet_bomb_is_refused_before_it_is_read() {
        // 1.2 million empty strings: 19 MB of XML in a file of a few tens of KB.
        let many = with_shared_strings(&shared_strings(1_200_000, ""));
        assert!(many.len() < 200_000, "{} bytes", many.len());
        match read_table(&many) {
            Err(e @ ReadError::Expands { .. }) => {
                assert!(e.is_too_large());
                assert!(e.to_string().contains("teks bersama"), "{e}");
            }
            other => panic!("expected Expands, got {other:?}"),
        }
        // One long string repeated: a part that inflates past the limit.
        let long = "a".repeat(1_000_000);
        let huge = with_shared_strings(&shared_strings(70, &long));
        assert!(huge.len() < 1_000_000, "{} bytes", huge.len());
        match read_table(&huge) {
            Err(ReadError::Expands { what }) => {
                assert!(what.contains("xl/sharedStrings.xml"), "{what}");
                assert!(what.contains("64 MB"), "{what}");
            }
            other => panic!("expected Expands, got {other:?}"),
        }
        // Below the limits the same construction reads as the workbook it is.
        let fine = with_shared_strings(&shared_strings(4, "Sipelandukilat"));
        let table = read_table(&fine).unwrap();
        assert!(table.headers[0].eq_ignore_ascii_case("Sipelandukilat"));
    }

    #[test]
    fn h1_the_expansion_limits_add_up_across_parts_and_count_strings_across_chunks() {
        let fine = with_shared_strings(&shared_strings(5_000, "x"));
        let limits = Limits {
            max_shared_strings: 4_999,
            ..Limits::default()
        };
        assert!(matches!(
            read_with(&fine, limits),
            Err(ReadError::Expands { .. })
        ));
        let limits = Limits {
            max_shared_strings: 5_000,
            ..Limits::default()
        };
        assert!(read_with(&fine, limits).is_ok());
        let limits = Limits {
            max_expanded_bytes: 20_000,
            ..Limits::default()
        };
        match read_with(&fine, limits) {
            Err(ReadError::Expands { what }) => assert!(what.contains("isinya"), "{what}"),
            other => panic!("expected Expands, got {other:?}"),
        }
    }

    fn csv(text: &str) -> Table {
        read_table(text.as_bytes()).unwrap()
    }

    fn numbers(t: &Table) -> Vec<usize> {
        t.rows.iter().map(|r| r.number).collect()
    }

    #[test]
    fn detect_formats() {
        assert_eq!(detect(b"PK\x03\x04rest").unwrap(), Format::Xlsx);
        assert_eq!(detect(b"a,b\n1,2\n").unwrap(), Format::Csv);
        assert_eq!(
            detect("\u{feff}nama;tahun\n".as_bytes()).unwrap(),
            Format::Csv
        );
        assert!(matches!(detect(b""), Err(ReadError::Empty)));
        assert!(matches!(
            detect(b"\xEF\xBB\xBF \r\n"),
            Err(ReadError::Empty)
        ));
    }

    #[test]
    fn detect_rejects_non_spreadsheets() {
        let rejected: [&[u8]; 7] = [
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj",
            b"%PDF-1.7",
            b"nama,tahun\n\xFF\xFEabc\n", // invalid UTF-8 (e.g. an ANSI CSV)
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", // old .xls (OLE)
            b"<html><table><tr><td>a</td></tr></table></html>",
            b"\x89PNG\r\n\x1a\n",
            b"a,b\n\x00\x01\x02",
        ];
        for bytes in rejected {
            assert!(
                matches!(detect(bytes), Err(ReadError::NotSpreadsheet)),
                "{bytes:?}"
            );
            assert!(matches!(read_table(bytes), Err(ReadError::NotSpreadsheet)));
        }
    }

    #[test]
    fn csv_quoted_cells() {
        let t = csv(concat!(
            "Nama Inovasi,Deskripsi,Tahun\n",
            "\"Sapa Warga, Jabar\",\"Aplikasi \"\"super\"\"\nbaris dua\",2019\n",
            "Lapor!,  spasi  ,2020\n",
        ));
        assert_eq!(t.headers, ["Nama Inovasi", "Deskripsi", "Tahun"]);
        assert_eq!(t.rows[0].cells[0], "Sapa Warga, Jabar");
        assert_eq!(t.rows[0].cells[1], "Aplikasi \"super\"\nbaris dua");
        assert_eq!(t.rows[1].get(t.column("deskripsi")), "spasi");
        // The quoted line break does not make a new spreadsheet row.
        assert_eq!(numbers(&t), [2, 3]);
    }

    #[test]
    fn csv_semicolon_and_bom() {
        let t = csv("\u{feff}Nama;Nilai;Catatan\r\nA;3,5;x, y\r\nB;4;\r\n");
        assert_eq!(t.headers, ["Nama", "Nilai", "Catatan"]);
        assert_eq!(t.rows[0].cells, ["A", "3,5", "x, y"]);
        assert_eq!(t.rows[1].cells, ["B", "4", ""]);
        assert_eq!(numbers(&t), [2, 3]);
    }

    #[test]
    fn csv_comma_wins_ties_and_sep_line() {
        let t = csv("a,b\n1;2,3\n");
        assert_eq!(t.headers, ["a", "b"]);
        assert_eq!(t.rows[0].cells, ["1;2", "3"]);

        let t = csv("sep=;\na;b,c\n1;2\n");
        assert_eq!(t.headers, ["a", "b,c"]);
        assert_eq!(numbers(&t), [2]);

        let t = csv("a\tb\n1\t2\n");
        assert_eq!(t.rows[0].cells, ["1", "2"]);
    }

    #[test]
    fn csv_blank_rows_keep_numbering() {
        let t = csv("a,b\n1,2\n\n3,4\n");
        assert_eq!(numbers(&t), [2, 4]);

        // Leading blank lines, CRLF, a row of empty cells, whitespace-only and a quoted
        // line break: numbers follow what Excel shows.
        let text = "\r\n\r\nh1,h2\r\nx,\"a\r\nb\"\r\n\r\n,\r\n   \r\n\r\ny,z";
        let t = csv(text);
        assert_eq!(t.headers, ["h1", "h2"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells, ["x", "a\r\nb"]);
        assert_eq!(numbers(&t), [4, 9]);

        let t = csv("h\r1\r\r2\r");
        assert_eq!(numbers(&t), [2, 4]);
    }

    #[test]
    fn csv_ragged_rows_are_padded_and_truncated() {
        let t = csv("a,b,c\n1\n1,2,3,4\n");
        assert_eq!(t.rows[0].cells, ["1", "", ""]);
        assert_eq!(t.rows[1].cells, ["1", "2", "3"]);
    }

    #[test]
    fn csv_header_only_and_no_header() {
        let t = csv("a,b\n");
        assert_eq!(t.headers, ["a", "b"]);
        assert!(t.rows.is_empty());
        assert!(matches!(
            read_table(b",,\n , \n\n"),
            Err(ReadError::NoHeader)
        ));
    }

    #[test]
    fn row_limit() {
        let text = "h\n1\n\n2\n3\n";
        assert_eq!(
            read_table_with_limit(text.as_bytes(), 3)
                .unwrap()
                .rows
                .len(),
            3
        );
        let err = read_table_with_limit(text.as_bytes(), 2).unwrap_err();
        assert!(matches!(err, ReadError::TooManyRows { max: 2 }));
        assert_eq!(
            err.to_string(),
            "berkas berisi lebih dari 2 baris data; bagi menjadi beberapa berkas"
        );
    }

    #[test]
    fn bad_zip_is_an_xlsx_error() {
        let err = read_table(b"PK\x03\x04 not really a zip").unwrap_err();
        assert!(matches!(err, ReadError::Xlsx(_)), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("berkas tidak dapat dibaca sebagai XLSX: ")
        );
    }

    #[test]
    fn numbers_read_like_excel() {
        assert_eq!(number_text(2019.0), "2019");
        assert_eq!(number_text(81_234_567_890.0), "81234567890");
        assert_eq!(number_text(3_174_012_345_678_901.0), "3174012345678901");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(65.01), "65.01");
        assert_eq!(number_text(-2.5), "-2.5");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(f64::NAN), "");
    }

    #[test]
    fn dates_read_as_iso() {
        use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
        let date = |v| datetime_text(&ExcelDateTime::new(v, DateTime, false));
        assert_eq!(date(44267.0), "2021-03-12");
        assert_eq!(date(44267.5), "2021-03-12T12:00:00");
        assert_eq!(
            date(44267.0 + 1.0 / 86_400.0 * 0.9999),
            "2021-03-12T00:00:01"
        );
        assert_eq!(date(0.354_166_666_666_666_7), "08:30:00");
        let duration = ExcelDateTime::new(1.5, TimeDelta, false);
        assert_eq!(datetime_text(&duration), "36:00:00");
        // The 1904 date system (old Mac Excel) shifts serials by 1462 days.
        let mac = ExcelDateTime::new(44267.0 - 1462.0, DateTime, true);
        assert_eq!(datetime_text(&mac), "2021-03-12");
    }
}
