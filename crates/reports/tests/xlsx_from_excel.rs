//! Workbooks shaped like the ones offices really send: header not on row 1, numbers and
//! dates typed as such, hidden sheets, stray cells far away. Written with rust_xlsxwriter
//! directly, not with this crate, so the reader is tested against cell types it never writes.

#![allow(clippy::unwrap_used)]

use lumbung_reports::{ReadError, read_table, read_table_with_limit};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

fn offset_workbook() -> Result<Vec<u8>, XlsxError> {
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let datetime = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // Rows 1 and 2 (0 and 1 here) stay empty; the header is on row 3, from column B.
    sheet.write_string(2, 1, "  Nama Inovasi ")?;
    sheet.write_string(2, 2, "Tahun")?;
    sheet.write_string(2, 3, "Tanggal")?;
    sheet.write_string(2, 4, "Telepon")?;
    sheet.write_string(2, 5, "Nilai")?;
    sheet.write_string(2, 6, "Aktif")?;

    sheet.write_string(3, 1, "Sapa Warga")?;
    sheet.write_number(3, 2, 2019)?;
    sheet.write_datetime_with_format(3, 3, ExcelDateTime::from_ymd(2021, 3, 12)?, &date)?;
    sheet.write_number(3, 4, 81_234_567_890.0)?;
    sheet.write_number(3, 5, 3.75)?;
    sheet.write_boolean(3, 6, true)?;
    // Row 5 (index 4) stays empty.
    sheet.write_string(5, 1, "Lapor!")?;
    sheet.write_number_with_format(5, 3, 44267.0, &date)?;
    sheet.write_number_with_format(5, 4, 44267.5, &datetime)?;
    sheet.write_number(5, 5, 0.1 + 0.2)?;
    sheet.write_boolean(5, 6, false)?;
    // A cell left of the header columns: no header, so it is not part of the table.
    sheet.write_string(6, 0, "catatan di luar tabel")?;
    workbook.save_to_buffer()
}

#[test]
fn header_below_empty_rows_numbers_and_dates() {
    let table = read_table(&offset_workbook().unwrap()).unwrap();
    assert_eq!(
        table.headers,
        [
            "Nama Inovasi",
            "Tahun",
            "Tanggal",
            "Telepon",
            "Nilai",
            "Aktif"
        ]
    );
    assert_eq!(table.rows.len(), 2);

    let first = &table.rows[0];
    assert_eq!(first.number, 4);
    assert_eq!(
        first.cells,
        [
            "Sapa Warga",
            "2019",
            "2021-03-12",
            "81234567890",
            "3.75",
            "true"
        ]
    );

    let second = &table.rows[1];
    assert_eq!(second.number, 6);
    assert_eq!(second.get(table.column("tanggal")), "2021-03-12");
    assert_eq!(second.get(table.column("telepon")), "2021-03-12T12:00:00");
    assert_eq!(second.get(table.column("nilai")), "0.3");
    assert_eq!(second.get(table.column("aktif")), "false");
    assert_eq!(second.get(table.column("tahun")), "");
}

#[test]
fn limit_counts_data_rows_only() {
    let bytes = offset_workbook().unwrap();
    assert_eq!(read_table_with_limit(&bytes, 2).unwrap().rows.len(), 2);
    assert!(matches!(
        read_table_with_limit(&bytes, 1),
        Err(ReadError::TooManyRows { max: 1 })
    ));
}

#[test]
fn first_visible_worksheet_is_read() {
    let mut workbook = Workbook::new();
    let lookup = workbook.add_worksheet();
    lookup.set_name("Referensi").unwrap();
    lookup.write_string(0, 0, "kode").unwrap();
    lookup.set_hidden(true);
    let data = workbook.add_worksheet();
    data.set_name("Data").unwrap();
    data.set_active(true);
    data.write_string(0, 0, "nama").unwrap();
    data.write_string(1, 0, "Sapa Warga").unwrap();
    let table = read_table(&workbook.save_to_buffer().unwrap()).unwrap();
    assert_eq!(table.headers, ["nama"]);
    assert_eq!(table.rows[0].cells, ["Sapa Warga"]);
}

#[test]
fn stray_cell_in_the_far_corner_is_harmless() {
    // A dense range would need 17 billion cells here; the reader must not build one.
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "nama").unwrap();
    sheet.write_string(1, 0, "Sapa Warga").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let table = read_table(&workbook.save_to_buffer().unwrap()).unwrap();
    assert_eq!(table.headers, ["nama"]);
    assert_eq!(table.rows.len(), 1);
}

#[test]
fn empty_workbook_has_no_header() {
    let mut workbook = Workbook::new();
    workbook.add_worksheet();
    let bytes = workbook.save_to_buffer().unwrap();
    assert!(matches!(read_table(&bytes), Err(ReadError::NoHeader)));
}
