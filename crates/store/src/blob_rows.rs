//! Which stored file keys the database names, for the sweep of interrupted uploads.

use std::collections::HashSet;

use crate::Conn;
use crate::error::StoreResult;
use crate::sql::Sql;

/// The tables whose rows name a file by its key.
const TABLES: [&str; 3] = ["evidence", "case_documents", "complaint_attachments"];

/// Of `keys`, those some row names.
pub async fn named(conn: &mut Conn, keys: &[String]) -> StoreResult<HashSet<String>> {
    let mut named = HashSet::new();
    // Bounded lists: a sweep settles at most a few hundred files at a time.
    for chunk in keys.chunks(crate::sql::rows_per_statement(1)) {
        for table in TABLES {
            let mut sql = Sql::new(&format!("SELECT blob_key FROM {table} WHERE "));
            sql.in_list("blob_key", chunk.iter());
            let (text, args) = sql.build()?;
            let rows: Vec<(String,)> = sqlx::query_as_with(&text, args)
                .fetch_all(&mut *conn)
                .await?;
            named.extend(rows.into_iter().map(|(key,)| key));
        }
    }
    Ok(named)
}
