//! The in-memory result of reading a spreadsheet: headers and rows of text.

use crate::read::{Limits, ReadError};

/// A sheet read from a file: header names and data rows as text.
///
/// Only columns with a non-empty header are kept (a column without a header cannot be
/// looked up by name). Every cell is trimmed, and every row has exactly as many cells as
/// there are headers. Rows whose kept cells are all empty are left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// Header names, trimmed, in the order of the file.
    pub headers: Vec<String>,
    /// Data rows, in the order of the file.
    pub rows: Vec<Row>,
}

/// One data row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row number as the spreadsheet shows it (header = row 1, first data row = 2).
    ///
    /// Skipped blank rows still count, so the number always matches what the user sees
    /// in Excel (for an XLSX whose header is on row 3, the first data row is 4).
    pub number: usize,
    /// The cells, trimmed, one per header.
    pub cells: Vec<String>,
}

impl Table {
    /// Index of a header, compared after trimming and lower-casing and turning spaces/hyphens
    /// into '_' (so "Nama Inovasi" finds "nama_inovasi").
    ///
    /// Runs of spaces, hyphens and underscores count as one `_`, so "Nama  Inovasi" and
    /// "nama - inovasi" match too. The first matching header wins.
    pub fn column(&self, name: &str) -> Option<usize> {
        let wanted = header_key(name);
        if wanted.is_empty() {
            return None;
        }
        self.headers.iter().position(|h| header_key(h) == wanted)
    }
}

impl Row {
    /// The trimmed text of a cell; `""` when `column` is `None` or out of range.
    ///
    /// Takes an `Option` so the result of [`Table::column`] can be passed as is: a missing
    /// optional column simply reads as empty.
    pub fn get(&self, column: Option<usize>) -> &str {
        column
            .and_then(|i| self.cells.get(i))
            .map_or("", |cell| cell.trim())
    }
}

/// The comparison key of a header: trimmed, lower-case, separators folded into one `_`.
fn header_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut pending_separator = false;
    for c in name.trim().chars() {
        // `is_whitespace` also covers the no-break space Excel users paste from the web.
        if c.is_whitespace() || c == '-' || c == '_' {
            pending_separator = true;
            continue;
        }
        if pending_separator && !key.is_empty() {
            key.push('_');
        }
        pending_separator = false;
        key.extend(c.to_lowercase());
    }
    key
}

/// Builds a [`Table`] from rows of positioned cells, shared by the CSV and XLSX readers so
/// both follow the same rules (first non-empty row is the header, blank rows skipped,
/// limits enforced while reading rather than after).
pub(crate) struct TableBuilder {
    limits: Limits,
    /// Source column of each kept header, ascending.
    columns: Vec<usize>,
    table: Table,
    has_header: bool,
}

impl TableBuilder {
    pub(crate) fn new(limits: Limits) -> Self {
        Self {
            limits,
            columns: Vec::new(),
            table: Table::default(),
            has_header: false,
        }
    }

    /// Adds one source row: its spreadsheet row number and its cells as
    /// (source column, trimmed text). Empty texts are ignored.
    pub(crate) fn push(
        &mut self,
        number: usize,
        cells: impl IntoIterator<Item = (usize, String)>,
    ) -> Result<(), ReadError> {
        if !self.has_header {
            let mut header: Vec<(usize, String)> =
                cells.into_iter().filter(|(_, t)| !t.is_empty()).collect();
            if header.is_empty() {
                return Ok(());
            }
            if header.len() > self.limits.max_columns {
                return Err(ReadError::TooManyColumns {
                    max: self.limits.max_columns,
                });
            }
            header.sort_by_key(|(col, _)| *col);
            header.dedup_by_key(|(col, _)| *col);
            (self.columns, self.table.headers) = header.into_iter().unzip();
            self.has_header = true;
            return Ok(());
        }

        let mut row = vec![String::new(); self.columns.len()];
        let mut blank = true;
        for (col, text) in cells {
            if text.is_empty() {
                continue;
            }
            if let Ok(i) = self.columns.binary_search(&col)
                && let Some(slot) = row.get_mut(i)
            {
                *slot = text;
                blank = false;
            }
        }
        if blank {
            return Ok(());
        }
        if self.table.rows.len() >= self.limits.max_rows {
            return Err(ReadError::TooManyRows {
                max: self.limits.max_rows,
            });
        }
        // Padding costs memory even for empty cells; bound rows × columns as well.
        let cells_so_far = (self.table.rows.len() + 1).saturating_mul(self.columns.len());
        if cells_so_far > self.limits.max_cells {
            return Err(ReadError::TooManyCells {
                max: self.limits.max_cells,
            });
        }
        self.table.rows.push(Row { number, cells: row });
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<Table, ReadError> {
        if self.has_header {
            Ok(self.table)
        } else {
            Err(ReadError::NoHeader)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: vec![],
        }
    }

    #[test]
    fn column_matches_loosely() {
        let t = table(&["No", "Nama Inovasi", "tahun-mulai", " Kode\u{a0}Urusan "]);
        assert_eq!(t.column("nama_inovasi"), Some(1));
        assert_eq!(t.column("NAMA INOVASI"), Some(1));
        assert_eq!(t.column("nama  -  inovasi"), Some(1));
        assert_eq!(t.column("tahun_mulai"), Some(2));
        assert_eq!(t.column("kode_urusan"), Some(3));
        assert_eq!(t.column("nama"), None);
        assert_eq!(t.column("  "), None);
    }

    #[test]
    fn get_is_forgiving() {
        let row = Row {
            number: 2,
            cells: vec![" a ".into(), "b".into()],
        };
        assert_eq!(row.get(Some(0)), "a");
        assert_eq!(row.get(Some(1)), "b");
        assert_eq!(row.get(Some(2)), "");
        assert_eq!(row.get(None), "");
    }

    #[test]
    fn builder_keeps_headed_columns_and_skips_blank_rows() {
        let mut b = TableBuilder::new(Limits::default());
        b.push(1, []).unwrap();
        b.push(2, [(0, "A".into()), (1, String::new()), (3, "C".into())])
            .unwrap();
        b.push(3, [(1, "under no header".into())]).unwrap();
        b.push(4, [(3, "c".into()), (0, "a".into()), (9, "x".into())])
            .unwrap();
        let t = b.finish().unwrap();
        assert_eq!(t.headers, ["A", "C"]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].number, 4);
        assert_eq!(t.rows[0].cells, ["a", "c"]);
    }

    #[test]
    fn builder_limits() {
        let limits = Limits {
            max_rows: 2,
            max_columns: 3,
            max_cells: 100,
            ..Limits::default()
        };
        let mut b = TableBuilder::new(limits);
        b.push(1, [(0, "h".into())]).unwrap();
        b.push(2, [(0, "1".into())]).unwrap();
        b.push(3, [(0, "2".into())]).unwrap();
        assert!(matches!(
            b.push(4, [(0, "3".into())]),
            Err(ReadError::TooManyRows { max: 2 })
        ));

        let mut b = TableBuilder::new(limits);
        let wide = (0..4).map(|i| (i, format!("h{i}")));
        assert!(matches!(
            b.push(1, wide),
            Err(ReadError::TooManyColumns { max: 3 })
        ));

        let limits = Limits {
            max_cells: 5,
            ..limits
        };
        let mut b = TableBuilder::new(limits);
        b.push(1, (0..3).map(|i| (i, format!("h{i}")))).unwrap();
        assert!(b.push(2, [(0, "1".into())]).is_ok());
        assert!(matches!(
            b.push(3, [(0, "2".into())]),
            Err(ReadError::TooManyCells { max: 5 })
        ));
    }

    #[test]
    fn no_header() {
        let mut b = TableBuilder::new(Limits::default());
        b.push(1, [(0, String::new())]).unwrap();
        assert!(matches!(b.finish(), Err(ReadError::NoHeader)));
    }
}
