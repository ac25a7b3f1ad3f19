//! A small builder for SQL with numbered parameters, for the queries whose filters vary.
//!
//! sqlx's `QueryBuilder` writes `?` for the `Any` driver, which PostgreSQL does not accept;
//! SQLite and PostgreSQL both accept `$1`, so this builder writes those.

use serde::Serialize;
use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, Encode, Type};

use crate::Conn;
use crate::error::StoreError;
use lumbung_domain::region::RegionCode;

/// Parameters a bulk statement binds at most. SQLite looks each `$N` up among the names
/// before it, so parsing a statement takes time in the square of its parameters: a 40,000-row
/// import written 400 rows (17,000 parameters) per statement spent most of its 20 s write
/// lock in the parser. From 2,000 down to 150 parameters the 10,000-row write fell from 1.7 s
/// to 1.1 s and then stayed flat; PostgreSQL does not mind either way.
const BULK_PARAMETERS: usize = 500;

/// Rows per statement of a bulk write whose rows bind `parameters` each.
pub(crate) const fn rows_per_statement(parameters: usize) -> usize {
    let rows = BULK_PARAMETERS / parameters;
    if rows == 0 { 1 } else { rows }
}

pub(crate) struct Sql {
    text: String,
    args: AnyArguments<'static>,
    count: usize,
    error: Option<String>,
}

impl Sql {
    pub(crate) fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            args: AnyArguments::default(),
            count: 0,
            error: None,
        }
    }

    pub(crate) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a parameter placeholder and binds its value.
    pub(crate) fn bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'static + Encode<'static, Any> + Type<Any> + Send,
    {
        self.count += 1;
        self.text.push('$');
        self.text.push_str(&self.count.to_string());
        if let Err(e) = self.args.add(value) {
            self.error.get_or_insert(e.to_string());
        }
        self
    }

    /// `column IN (…)` with one bound parameter per value; `IN (NULL)`, which matches
    /// nothing, for no value.
    pub(crate) fn in_list<I>(&mut self, column: &str, values: I) -> &mut Self
    where
        I: IntoIterator,
        I::Item: ToString,
    {
        self.push(column).push(" IN (");
        let mut any = false;
        for value in values {
            if any {
                self.push(", ");
            }
            self.bind(value.to_string());
            any = true;
        }
        if !any {
            self.push("NULL");
        }
        self.push(")")
    }

    /// `column` lies in the subtree of `region` (region codes are hierarchical, so a prefix
    /// match finds the subtree without a recursive query).
    pub(crate) fn in_subtree(&mut self, column: &str, region: &RegionCode) -> &mut Self {
        if region.is_nation() {
            return self.push("TRUE");
        }
        self.push("(")
            .push(column)
            .push(" = ")
            .bind(region.as_str().to_owned())
            .push(" OR ")
            .push(column)
            .push(" LIKE ")
            .bind(format!("{}.%", region.as_str()))
            .push(")")
    }

    pub(crate) fn build(self) -> Result<(String, AnyArguments<'static>), StoreError> {
        match self.error {
            Some(e) => Err(StoreError::corrupt(format!("binding a parameter: {e}"))),
            None => Ok((self.text, self.args)),
        }
    }

    /// Runs a `SELECT COUNT(*) …` query.
    pub(crate) async fn fetch_count(self, conn: &mut Conn) -> Result<i64, StoreError> {
        let (text, args) = self.build()?;
        let (count,): (i64,) = sqlx::query_as_with(&text, args).fetch_one(conn).await?;
        Ok(count)
    }
}

/// A page of a list, with the total before paging.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// Page number (from 1) and size, clamped to the API's limits.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl Paging {
    pub const DEFAULT_PER_PAGE: u32 = 50;
    pub const MAX_PER_PAGE: u32 = 200;

    pub fn new(page: Option<u32>, per_page: Option<u32>) -> Self {
        Self {
            page: page.unwrap_or(1).max(1),
            per_page: per_page
                .unwrap_or(Self::DEFAULT_PER_PAGE)
                .clamp(1, Self::MAX_PER_PAGE),
        }
    }

    pub fn all() -> Self {
        Self {
            page: 1,
            per_page: u32::MAX,
        }
    }

    pub(crate) fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    pub(crate) fn limit(self) -> i64 {
        i64::from(self.per_page)
    }
}

/// `(key, name)` of the rows of `table` whose `key` is among `keys`, a few statements for
/// any number; keys not found are left out. For the views that join names in one go.
pub(crate) async fn names_by_key(
    conn: &mut Conn,
    table: &str,
    key: &str,
    keys: &[String],
) -> Result<Vec<(String, String)>, StoreError> {
    let mut found = Vec::new();
    for chunk in keys.chunks(rows_per_statement(1)) {
        let mut sql = Sql::new(&format!("SELECT {key}, name FROM {table} WHERE "));
        sql.in_list(key, chunk);
        let (text, args) = sql.build()?;
        let rows: Vec<(String, String)> = sqlx::query_as_with(&text, args)
            .fetch_all(&mut *conn)
            .await?;
        found.extend(rows);
    }
    Ok(found)
}
