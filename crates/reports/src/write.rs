//! Writing tables of text as CSV or XLSX for users to download (exports and templates).
//!
//! Every cell is written as text: codes like `65.01` or `007`, and dates as the registry
//! stores them, must come back unchanged when the file is edited and uploaded again.

use rust_xlsxwriter::{Color, Format as CellFormat, FormatBorder, Workbook, Worksheet, XlsxError};

/// A worksheet to write with [`write_xlsx`].
#[derive(Debug, Clone, Copy)]
pub struct Sheet<'a> {
    /// Worksheet name. Characters Excel forbids (`[]:*?/\`) become `_`, and it is cut to
    /// Excel's 31 characters; an empty name becomes "Data".
    pub name: &'a str,
    /// Header row.
    pub headers: &'a [&'a str],
    /// Data rows; a row shorter than `headers` is padded with empty cells.
    pub rows: &'a [Vec<String>],
    /// Optional second sheet "Petunjuk" with (column, explanation) pairs; none when empty.
    pub notes: &'a [(&'a str, &'a str)],
}

/// Why a file could not be written. Messages are in Bahasa Indonesia.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A data row has more cells than there are headers (a bug in the caller).
    #[error("baris data ke-{row} berisi {found} sel, padahal hanya ada {expected} kolom")]
    RowTooLong {
        /// 1-based index of the row in `rows` (not the spreadsheet row number).
        row: usize,
        /// Number of headers.
        expected: usize,
        /// Number of cells in the row.
        found: usize,
    },
    /// More rows than one XLSX worksheet can hold.
    #[error("terlalu banyak baris untuk satu lembar XLSX (maksimum {max} baris data)")]
    TooManyRows {
        /// The limit that was exceeded.
        max: usize,
    },
    /// More columns than one XLSX worksheet can hold.
    #[error("terlalu banyak kolom untuk satu lembar XLSX (maksimum {max} kolom)")]
    TooManyColumns {
        /// The limit that was exceeded.
        max: usize,
    },
    /// A cell longer than Excel allows.
    #[error(
        "isi sel pada baris {row}, kolom \"{column}\" melebihi batas Excel ({MAX_CELL_CHARS} karakter)"
    )]
    CellTooLong {
        /// Spreadsheet row number (header = 1).
        row: usize,
        /// Header of the column.
        column: String,
    },
    /// Any other failure of the XLSX writer.
    #[error("gagal membuat berkas XLSX: {0}")]
    Xlsx(String),
    /// A failure of the CSV writer.
    #[error("gagal membuat berkas CSV: {0}")]
    Csv(String),
}

impl From<XlsxError> for WriteError {
    fn from(e: XlsxError) -> Self {
        WriteError::Xlsx(e.to_string())
    }
}

/// Excel's limit on a cell's length, in UTF-16 code units.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's rows per worksheet, header included.
const MAX_SHEET_ROWS: usize = 1_048_576;
/// Excel's columns per worksheet.
const MAX_SHEET_COLUMNS: usize = 16_384;
/// Widest column we set, in characters; longer text is still there, just cut off on screen.
const MAX_WIDTH: usize = 60;
const MIN_WIDTH: usize = 8;
const NOTES_SHEET: &str = "Petunjuk";

/// Writes a CSV: UTF-8 with a BOM (so Excel reads Indonesian text correctly), `,` as the
/// delimiter, fields quoted only when needed, `\n` line ends.
///
/// A row shorter than `headers` is padded with empty fields. A cell a spreadsheet would
/// run as a formula is written neutralised (see [`neutralise`]).
pub fn write_csv(headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, WriteError> {
    check_widths(headers, rows)?;
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new().from_writer(&mut out);
        let csv_error = |e: csv::Error| WriteError::Csv(e.to_string());
        writer.write_record(headers).map_err(csv_error)?;
        for row in rows {
            let padding = headers.len().saturating_sub(row.len());
            let fields: Vec<std::borrow::Cow<'_, str>> = row
                .iter()
                .map(|cell| neutralise(cell))
                .chain(std::iter::repeat_n(std::borrow::Cow::Borrowed(""), padding))
                .collect();
            let fields = fields.iter().map(|cell| cell.as_bytes());
            writer.write_record(fields).map_err(csv_error)?;
        }
        writer.flush().map_err(|e| WriteError::Csv(e.to_string()))?;
    }
    Ok(out)
}

/// The characters that make Excel, LibreOffice or Google Sheets read a cell as a formula.
pub(crate) const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell that would start a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-cmd|…`) gets a leading
/// `'`, as OWASP advises against CSV injection; a plain number such as `-2.84` is left as
/// it is. Reading a CSV removes the mark again, so an export re-imports unchanged.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let starts_formula = cell.starts_with(FORMULA_STARTS);
    if starts_formula && cell.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Writes an XLSX workbook: bold, filled, frozen header row with an autofilter, sensible
/// column widths, every cell as text (format `@`, also for cells the user fills in later),
/// and a second sheet "Petunjuk" (columns "Kolom", "Keterangan") when `notes` is not empty.
pub fn write_xlsx(sheet: &Sheet) -> Result<Vec<u8>, WriteError> {
    check_widths(sheet.headers, sheet.rows)?;
    if sheet.rows.len() >= MAX_SHEET_ROWS {
        return Err(WriteError::TooManyRows {
            max: MAX_SHEET_ROWS - 1,
        });
    }
    if sheet.headers.len() > MAX_SHEET_COLUMNS {
        return Err(WriteError::TooManyColumns {
            max: MAX_SHEET_COLUMNS,
        });
    }

    let header_format = CellFormat::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let text_format = CellFormat::new().set_num_format("@");

    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet_name(sheet.name))?;
    write_header(worksheet, sheet.headers, &header_format)?;
    for (i, row) in sheet.rows.iter().enumerate() {
        // Bounded by MAX_SHEET_ROWS above, so the conversions cannot fail.
        let r = u32::try_from(i + 1).map_err(|_| too_many_rows())?;
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() {
                continue; // the column format already makes it text
            }
            if text.encode_utf16().count() > MAX_CELL_CHARS {
                return Err(WriteError::CellTooLong {
                    row: i + 2,
                    column: sheet.headers.get(c).copied().unwrap_or_default().to_owned(),
                });
            }
            worksheet.write_string_with_format(r, column(c)?, text, &text_format)?;
        }
    }
    for (c, header) in sheet.headers.iter().enumerate() {
        let longest = sheet
            .rows
            .iter()
            .filter_map(|row| row.get(c))
            .map(|text| display_width(text))
            .max()
            .unwrap_or(0);
        let width = column_width(header, longest);
        worksheet.set_column_format(column(c)?, &text_format)?;
        worksheet.set_column_width(column(c)?, width as f64)?;
    }
    if let Some(last) = sheet.headers.len().checked_sub(1) {
        worksheet.set_freeze_panes(1, 0)?;
        let last_row = u32::try_from(sheet.rows.len()).map_err(|_| too_many_rows())?;
        worksheet.autofilter(0, 0, last_row, column(last)?)?;
    }

    if !sheet.notes.is_empty() {
        write_notes(workbook.add_worksheet(), sheet.notes, &header_format)?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn write_header(
    worksheet: &mut Worksheet,
    headers: &[&str],
    format: &CellFormat,
) -> Result<(), WriteError> {
    for (c, header) in headers.iter().enumerate() {
        worksheet.write_string_with_format(0, column(c)?, *header, format)?;
    }
    Ok(())
}

fn write_notes(
    worksheet: &mut Worksheet,
    notes: &[(&str, &str)],
    header_format: &CellFormat,
) -> Result<(), WriteError> {
    worksheet.set_name(NOTES_SHEET)?;
    write_header(worksheet, &["Kolom", "Keterangan"], header_format)?;
    let wrap = CellFormat::new().set_text_wrap().set_num_format("@");
    let bold = CellFormat::new().set_bold().set_num_format("@");
    for (i, (name, explanation)) in notes.iter().enumerate() {
        let r = u32::try_from(i + 1).map_err(|_| too_many_rows())?;
        worksheet.write_string_with_format(r, 0, *name, &bold)?;
        worksheet.write_string_with_format(r, 1, *explanation, &wrap)?;
    }
    let longest = notes
        .iter()
        .map(|(n, _)| display_width(n))
        .max()
        .unwrap_or(0);
    worksheet.set_column_width(0, column_width("Kolom", longest) as f64)?;
    // Explanations wrap, so a fixed readable width is better than the longest one.
    worksheet.set_column_width(1, 80)?;
    worksheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Rows must not be longer than the header: a cell without a header is lost on import.
fn check_widths(headers: &[&str], rows: &[Vec<String>]) -> Result<(), WriteError> {
    match rows
        .iter()
        .enumerate()
        .find(|(_, row)| row.len() > headers.len())
    {
        Some((i, row)) => Err(WriteError::RowTooLong {
            row: i + 1,
            expected: headers.len(),
            found: row.len(),
        }),
        None => Ok(()),
    }
}

/// min(max(header, longest cell up to 60) + 2, 60) characters, but at least 8; the header
/// gets room for the autofilter button.
fn column_width(header: &str, longest_cell: usize) -> usize {
    let header = display_width(header) + 2;
    (header.max(longest_cell.min(MAX_WIDTH)) + 2).clamp(MIN_WIDTH, MAX_WIDTH)
}

/// Characters on the longest line (a cell with line breaks shows several lines).
fn display_width(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// A worksheet name Excel accepts.
fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .trim_matches('\'')
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if cleaned.trim().is_empty() {
        "Data".to_owned()
    } else {
        cleaned
    }
}

fn column(index: usize) -> Result<u16, WriteError> {
    u16::try_from(index).map_err(|_| WriteError::TooManyColumns {
        max: MAX_SHEET_COLUMNS,
    })
}

fn too_many_rows() -> WriteError {
    WriteError::TooManyRows {
        max: MAX_SHEET_ROWS - 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Format, detect, read_table};

    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn m6_formulas_are_neutralised_in_every_csv_and_come_back_on_import() {
        let hostile = [
            "=cmd|' /C calc'!A0",
            "=HYPERLINK(\"http://evil.example\",\"Klik\")",
            "+1+1",
            "-2+3",
            "@SUM(A1:A2)",
            "\t=1",
            "\r=1",
        ];
        let mut rows: Vec<Vec<String>> = hostile
            .iter()
            .map(|cell| vec![(*cell).to_owned(), "Sipelandukilat".to_owned()])
            .collect();
        rows.push(vec!["-2.84".into(), "117.5".into()]);
        let bytes = write_csv(&["isi", "nama"], &rows).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        for line in text.lines().skip(1).take(hostile.len()) {
            let first = line.trim_start_matches('"');
            assert!(first.starts_with('\''), "{line:?} is not neutralised");
        }
        assert!(
            text.contains("\n-2.84,117.5"),
            "numbers stay numbers: {text}"
        );
        // Read back, every cell is what was written (the tab and CR cells trim, as any
        // cell does on import).
        let table = crate::read_table(&bytes).unwrap();
        for (row, cell) in table.rows.iter().zip(hostile) {
            assert_eq!(row.get(Some(0)), cell.trim(), "{cell:?}");
        }
    }

    #[test]
    fn csv_round_trip() {
        let headers = ["Nama Inovasi", "Deskripsi", "Kode Urusan"];
        let data = rows(&[
            &[
                "Sapa Warga, Jabar",
                "Aplikasi \"super\" untuk warga;\nbaris kedua — ekosistem",
                "65.01",
            ],
            &["Lapor!", "", "007"],
            &["Pendek"],
        ]);
        let bytes = write_csv(&headers, &data).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(text.starts_with("Nama Inovasi,Deskripsi,Kode Urusan\n"));
        assert!(text.contains("Lapor!,,007\n"), "{text}");

        let table = read_table(&bytes).unwrap();
        assert_eq!(table.headers, headers);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[0].cells, data[0]);
        assert_eq!(table.rows[1].cells, data[1]);
        assert_eq!(table.rows[2].cells, ["Pendek", "", ""]);
        let numbers: Vec<_> = table.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 3, 4]);
    }

    #[test]
    fn rows_longer_than_headers_are_refused() {
        let data = rows(&[&["a"], &["a", "b"]]);
        let err = write_csv(&["x"], &data).unwrap_err();
        assert!(matches!(
            err,
            WriteError::RowTooLong {
                row: 2,
                expected: 1,
                found: 2
            }
        ));
        let sheet = Sheet {
            name: "Data",
            headers: &["x"],
            rows: &data,
            notes: &[],
        };
        assert!(matches!(
            write_xlsx(&sheet),
            Err(WriteError::RowTooLong { .. })
        ));
    }

    #[test]
    fn xlsx_round_trip() {
        let headers = ["Nama Inovasi", "Tahun", "Kode", "Deskripsi"];
        let data = rows(&[
            &[
                "Sapa Warga",
                "2019",
                "65.01",
                "Baris satu\nbaris \"dua\", ya",
            ],
            &["", "", "", ""],
            &["Lapor!", "2020", "007"],
        ]);
        let bytes = write_xlsx(&Sheet {
            name: "Inovasi 2019/2020",
            headers: &headers,
            rows: &data,
            notes: &[("Tahun", "Tahun mulai diterapkan"), ("Kode", "Kode urusan")],
        })
        .unwrap();
        assert_eq!(detect(&bytes).unwrap(), Format::Xlsx);

        let table = read_table(&bytes).unwrap();
        assert_eq!(table.headers, headers);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].number, 2);
        assert_eq!(table.rows[0].cells, data[0]);
        // The empty row 3 is skipped, the numbering stays true.
        assert_eq!(table.rows[1].number, 4);
        assert_eq!(table.rows[1].cells, ["Lapor!", "2020", "007", ""]);
        assert_eq!(table.rows[1].get(table.column("kode")), "007");
    }

    #[test]
    fn xlsx_has_sheets_and_text_cells() {
        use calamine::{Data, Reader, Xlsx};
        let data = rows(&[&["65.01", "2019"]]);
        let bytes = write_xlsx(&Sheet {
            name: "Data",
            headers: &["Kode", "Tahun"],
            rows: &data,
            notes: &[("Kode", "Kode urusan pemerintahan")],
        })
        .unwrap();
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(wb.sheet_names(), ["Data", "Petunjuk"]);
        let range = wb.worksheet_range("Data").unwrap();
        // Written as strings, not numbers, so "65.01" cannot become 65.01 or a date.
        assert_eq!(range.get((1, 0)), Some(&Data::String("65.01".into())));
        assert_eq!(range.get((1, 1)), Some(&Data::String("2019".into())));
        let notes = wb.worksheet_range("Petunjuk").unwrap();
        assert_eq!(notes.get((0, 0)), Some(&Data::String("Kolom".into())));
        assert_eq!(notes.get((0, 1)), Some(&Data::String("Keterangan".into())));
        assert_eq!(
            notes.get((1, 1)),
            Some(&Data::String("Kode urusan pemerintahan".into()))
        );
    }

    #[test]
    fn xlsx_without_notes_has_one_sheet_and_empty_table_works() {
        use calamine::{Reader, Xlsx};
        let bytes = write_xlsx(&Sheet {
            name: "",
            headers: &["A"],
            rows: &[],
            notes: &[],
        })
        .unwrap();
        let wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
        assert_eq!(wb.sheet_names(), ["Data"]);
        let table = read_table(&bytes).unwrap();
        assert_eq!(table.headers, ["A"]);
        assert!(table.rows.is_empty());
    }

    #[test]
    fn too_long_cell_names_its_place() {
        let data = vec![vec!["x".repeat(MAX_CELL_CHARS + 1)]];
        let err = write_xlsx(&Sheet {
            name: "Data",
            headers: &["Deskripsi"],
            rows: &data,
            notes: &[],
        })
        .unwrap_err();
        assert!(
            matches!(&err, WriteError::CellTooLong { row: 2, column } if column == "Deskripsi")
        );
    }

    #[test]
    fn widths_and_names() {
        assert_eq!(column_width("No", 0), MIN_WIDTH);
        assert_eq!(column_width("Nama Inovasi", 5), 16);
        assert_eq!(column_width("A", 30), 32);
        assert_eq!(column_width("A", 500), MAX_WIDTH);
        assert_eq!(display_width("ab\nabcd"), 4);
        assert_eq!(sheet_name(" Inovasi 2019/2020 "), "Inovasi 2019_2020");
        assert_eq!(sheet_name("'[]'"), "__");
        assert_eq!(sheet_name("  "), "Data");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }
}
