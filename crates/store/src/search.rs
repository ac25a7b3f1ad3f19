//! Full-text search of innovations.
//!
//! One index, two implementations on the database already there: SQLite FTS5 (the embedded
//! default) and a PostgreSQL `tsvector` with a GIN index. Both store the same tokens, made in
//! Rust by `lumbung_search`, so they find the same innovations; ranking is BM25 on SQLite and
//! `ts_rank` on PostgreSQL, with the name weighing ten times the rest of the text on both.
//! Every write to an innovation reindexes it in the same transaction (see `innovations`).

use std::collections::HashMap;

use lumbung_domain::affair::Affair;
use lumbung_domain::innovation::Profile;
use lumbung_domain::permission::ReadScope;
use lumbung_search::{Field, Query};

use uuid::Uuid;

use crate::Conn;
use crate::error::{StoreError, StoreResult};
use crate::innovations::{self, Innovation, InnovationFilter, InnovationRow};
use crate::sql::{Page, Paging, Sql};
use crate::users::parse_id;

/// Which implementation a connection's database has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchIndex {
    /// SQLite: the `innovation_search` FTS5 table, rows numbered by `search_documents.doc`.
    Fts5,
    /// PostgreSQL: `search_documents.vector`, weights A (name) and B (text).
    Tsvector,
}

impl SearchIndex {
    pub fn of(conn: &Conn) -> SearchIndex {
        if conn.backend_name().eq_ignore_ascii_case("postgresql") {
            SearchIndex::Tsvector
        } else {
            SearchIndex::Fts5
        }
    }

    /// The query in this implementation's syntax; `None` when it has no terms.
    pub(crate) fn expression(self, query: &Query) -> Option<String> {
        match self {
            SearchIndex::Fts5 => query.fts5_match(),
            SearchIndex::Tsvector => query.tsquery(),
        }
    }

    /// `i.id` is among the matches of `expression`.
    pub(crate) fn push_match(self, sql: &mut Sql, expression: String) {
        match self {
            SearchIndex::Fts5 => sql
                .push(
                    "i.id IN (SELECT d.innovation_id FROM innovation_search s \
                     JOIN search_documents d ON d.doc = s.rowid WHERE innovation_search MATCH ",
                )
                .bind(expression)
                .push(")"),
            SearchIndex::Tsvector => sql
                .push(
                    "i.id IN (SELECT d.innovation_id FROM search_documents d \
                     WHERE d.vector @@ to_tsquery('simple', ",
                )
                .bind(expression)
                .push("))"),
        };
    }
}

/// The text of an innovation as it is searched: the name, and the rest (design, goals,
/// benefits, results, theme, affairs, agency and region names).
struct Document {
    name: String,
    body: String,
}

impl Document {
    fn of(profile: &Profile, agency: &str, region: &str) -> Document {
        let mut body = vec![
            profile.design.clone(),
            profile.goals.clone(),
            profile.benefits.clone(),
            profile.results.clone(),
            profile.theme.clone().unwrap_or_default(),
            agency.to_owned(),
            region.to_owned(),
        ];
        for code in profile
            .main_affair
            .iter()
            .chain(profile.related_affairs.iter())
        {
            if let Some(affair) = Affair::by_code(code) {
                body.push(affair.name.to_owned());
            }
        }
        Document {
            name: profile.name.clone(),
            body: body.join("\n"),
        }
    }
}

/// An innovation's tokens as the index stores them. Made from the text alone, so a bulk
/// write makes them before it takes the write lock.
#[derive(Debug, Clone)]
pub struct Tokens {
    name: String,
    body: String,
    length: i64,
}

impl Tokens {
    /// The tokens of a profile owned by the agency and region of these names.
    pub fn of(profile: &Profile, agency: &str, region: &str) -> Tokens {
        let doc = Document::of(profile, agency, region);
        let name = lumbung_search::index_tokens(&doc.name, Field::Name);
        let body = lumbung_search::index_tokens(&doc.body, Field::Body);
        Tokens {
            length: i64::try_from(name.len() + body.len()).unwrap_or(i64::MAX),
            name: name.join(" "),
            body: body.join(" "),
        }
    }
}

/// Puts an innovation's current text in the index (replacing what was there).
pub async fn reindex(conn: &mut Conn, id: Uuid) -> StoreResult<()> {
    let innovation = innovations::get(conn, id).await?;
    let tokens = Tokens::of(
        &innovation.profile,
        &innovation.agency.name,
        &innovation.region.name,
    );
    write(conn, id, &tokens).await
}

/// Documents per statement of a bulk write: up to four parameters each.
const CHUNK: usize = crate::sql::rows_per_statement(4);

/// Indexes innovations just inserted (they have no document yet), a few statements for
/// thousands.
pub(crate) async fn index_new(conn: &mut Conn, docs: &[(Uuid, &Tokens)]) -> StoreResult<()> {
    for chunk in docs.chunks(CHUNK) {
        match SearchIndex::of(conn) {
            SearchIndex::Fts5 => {
                let mut sql = Sql::new("INSERT INTO search_documents (innovation_id) VALUES ");
                for (i, (id, _)) in chunk.iter().enumerate() {
                    sql.push(if i == 0 { "(" } else { ", (" })
                        .bind(id.to_string())
                        .push(")");
                }
                sql.push(" RETURNING doc, innovation_id");
                let (text, args) = sql.build()?;
                // RETURNING's order is not promised; the ids pair them up.
                let numbers: HashMap<String, i64> =
                    sqlx::query_as_with::<_, (i64, String), _>(&text, args)
                        .fetch_all(&mut *conn)
                        .await?
                        .into_iter()
                        .map(|(doc, id)| (id, doc))
                        .collect();
                let mut sql = Sql::new("INSERT INTO innovation_search (rowid, name, body) VALUES ");
                for (i, (id, tokens)) in chunk.iter().enumerate() {
                    let number = numbers.get(&id.to_string()).copied().ok_or_else(|| {
                        StoreError::corrupt(format!("no search document made for {id}"))
                    })?;
                    sql.push(if i == 0 { "(" } else { ", (" })
                        .bind(number)
                        .push(", ")
                        .bind(tokens.name.clone())
                        .push(", ")
                        .bind(tokens.body.clone())
                        .push(")");
                }
                let (text, args) = sql.build()?;
                sqlx::query_with(&text, args).execute(&mut *conn).await?;
            }
            SearchIndex::Tsvector => {
                let mut sql = Sql::new(
                    "INSERT INTO search_documents (innovation_id, vector, doc_length) VALUES ",
                );
                for (i, (id, tokens)) in chunk.iter().enumerate() {
                    sql.push(if i == 0 { "(" } else { ", (" })
                        .bind(id.to_string())
                        .push(", setweight(to_tsvector('simple', ")
                        .bind(tokens.name.clone())
                        .push("), 'A') || setweight(to_tsvector('simple', ")
                        .bind(tokens.body.clone())
                        .push("), 'B'), ")
                        .bind(tokens.length)
                        .push(")");
                }
                let (text, args) = sql.build()?;
                sqlx::query_with(&text, args).execute(&mut *conn).await?;
            }
        }
    }
    Ok(())
}

/// Replaces an innovation's tokens.
async fn write(conn: &mut Conn, id: Uuid, tokens: &Tokens) -> StoreResult<()> {
    match SearchIndex::of(conn) {
        SearchIndex::Fts5 => {
            // The upsert's RETURNING gives the document number, new or kept.
            let (number,): (i64,) = sqlx::query_as(
                "INSERT INTO search_documents (innovation_id) VALUES ($1) \
                 ON CONFLICT (innovation_id) DO UPDATE SET innovation_id = excluded.innovation_id \
                 RETURNING doc",
            )
            .bind(id.to_string())
            .fetch_one(&mut *conn)
            .await?;
            sqlx::query("DELETE FROM innovation_search WHERE rowid = $1")
                .bind(number)
                .execute(&mut *conn)
                .await?;
            sqlx::query("INSERT INTO innovation_search (rowid, name, body) VALUES ($1, $2, $3)")
                .bind(number)
                .bind(tokens.name.clone())
                .bind(tokens.body.clone())
                .execute(&mut *conn)
                .await?;
        }
        SearchIndex::Tsvector => {
            sqlx::query(
                "INSERT INTO search_documents (innovation_id, vector, doc_length) VALUES ($1, \
                 setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B'), $4) \
                 ON CONFLICT (innovation_id) DO UPDATE SET vector = EXCLUDED.vector, doc_length = EXCLUDED.doc_length",
            )
            .bind(id.to_string())
            .bind(tokens.name.clone())
            .bind(tokens.body.clone())
            .bind(tokens.length)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// Takes an innovation out of the index; call before deleting it.
pub async fn remove(conn: &mut Conn, id: Uuid) -> StoreResult<()> {
    if SearchIndex::of(conn) == SearchIndex::Fts5 {
        sqlx::query(
            "DELETE FROM innovation_search WHERE rowid IN \
             (SELECT doc FROM search_documents WHERE innovation_id = $1)",
        )
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("DELETE FROM search_documents WHERE innovation_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Indexes the innovations that have no document yet (those written before search existed);
/// returns how many. Cheap when there are none.
pub async fn index_missing(conn: &mut Conn) -> StoreResult<usize> {
    let ids: Vec<(String,)> = sqlx::query_as(
        "SELECT i.id FROM innovations i WHERE NOT EXISTS \
         (SELECT 1 FROM search_documents d WHERE d.innovation_id = i.id)",
    )
    .fetch_all(&mut *conn)
    .await?;
    reindex_all(conn, &ids).await?;
    Ok(ids.len())
}

/// Reindexes the innovations of one region, after its name (part of their text) changed.
pub async fn reindex_region(conn: &mut Conn, code: &str) -> StoreResult<()> {
    let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM innovations WHERE region_code = $1")
        .bind(code.to_owned())
        .fetch_all(&mut *conn)
        .await?;
    reindex_all(conn, &ids).await
}

async fn reindex_all(conn: &mut Conn, ids: &[(String,)]) -> StoreResult<()> {
    for (id,) in ids {
        reindex(conn, parse_id(id)?).await?;
    }
    Ok(())
}

/// One innovation found, with its relevance (higher is better; 0 without a query).
#[derive(Debug, Clone)]
pub struct Hit {
    pub innovation: Innovation,
    pub score: f64,
}

/// How many results have one value of one facet: `("stage", Some("uji_coba"), 12)`.
/// `region` counts by the full region code; `award` by award event (an innovation with
/// several awards of one event counts once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub facet: String,
    pub key: Option<String>,
    pub count: i64,
}

/// The facets counted by the database, one line per value, with the total.
const FACET_GROUPS: &str = "SELECT 'total', CAST(NULL AS TEXT), COUNT(*) FROM hits \
    UNION ALL SELECT 'stage', stage, COUNT(*) FROM hits GROUP BY stage \
    UNION ALL SELECT 'kind', kind, COUNT(*) FROM hits GROUP BY kind \
    UNION ALL SELECT 'form', form, COUNT(*) FROM hits GROUP BY form \
    UNION ALL SELECT 'affair', main_affair, COUNT(*) FROM hits GROUP BY main_affair \
    UNION ALL SELECT 'year', year, COUNT(*) FROM hits GROUP BY year \
    UNION ALL SELECT 'region', region_code, COUNT(*) FROM hits GROUP BY region_code \
    UNION ALL SELECT 'award', a.event, COUNT(DISTINCT a.innovation_id) FROM awards a \
    JOIN hits h ON h.id = a.innovation_id GROUP BY a.event";

/// A page of search results, and the facets of every result.
#[derive(Debug, Clone)]
pub struct Found {
    pub page: Page<Hit>,
    pub facets: Vec<FacetCount>,
}

/// Searches the innovations `scope` may read: ranked by relevance when the query has terms,
/// newest first otherwise.
pub async fn search(
    conn: &mut Conn,
    query: &Query,
    filter: &InnovationFilter,
    scope: &ReadScope,
    paging: Paging,
) -> StoreResult<Found> {
    let index = SearchIndex::of(conn);
    let expression = index.expression(query);
    // The query is the search; the filter's own text would narrow twice.
    let filter = InnovationFilter {
        q: None,
        ..filter.clone()
    };

    // Every facet counted in one statement over the results, found once: the database
    // groups them rather than sending every result's values back.
    let mut sql = Sql::new(
        "WITH hits AS MATERIALIZED (SELECT i.id, i.stage, i.kind, i.form, i.main_affair, \
         SUBSTR(i.implementation_date, 1, 4) AS year, i.region_code FROM innovations i",
    );
    push_where(&mut sql, index, expression.clone(), &filter, scope);
    sql.push(") ").push(FACET_GROUPS);
    let (text, args) = sql.build()?;
    let rows: Vec<(String, Option<String>, i64)> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    let total = rows
        .iter()
        .find(|(facet, ..)| facet == "total")
        .map_or(0, |(.., count)| *count);
    let facets = rows
        .into_iter()
        .filter(|(facet, ..)| facet != "total")
        .map(|(facet, key, count)| FacetCount { facet, key, count })
        .collect();

    // The page, ranked.
    let mut sql = match (&expression, index) {
        (None, _) => Sql::new(&format!(
            "SELECT {}, CAST(0 AS DOUBLE PRECISION) AS score FROM innovations i{}",
            innovations::COLUMNS,
            innovations::JOINS
        )),
        // bm25() is lower for better matches; its weights follow the columns (name, body).
        (Some(_), SearchIndex::Fts5) => Sql::new(&format!(
            "SELECT {}, CAST(-bm25(innovation_search, 10.0, 1.0) AS DOUBLE PRECISION) AS score \
             FROM innovation_search s JOIN search_documents d ON d.doc = s.rowid \
             JOIN innovations i ON i.id = d.innovation_id{}",
            innovations::COLUMNS,
            innovations::JOINS
        )),
        (Some(_), SearchIndex::Tsvector) => {
            let mut sql = Sql::new(&format!("SELECT {}, CAST(", innovations::COLUMNS));
            push_bm25(&mut sql, conn, query).await?;
            sql.push(
                " AS DOUBLE PRECISION) AS score FROM search_documents d \
                 JOIN innovations i ON i.id = d.innovation_id",
            )
            .push(innovations::JOINS);
            sql
        }
    };
    innovations::push_filter(&mut sql, index, &filter, scope);
    match (expression, index) {
        (None, _) => {}
        (Some(expression), SearchIndex::Fts5) => {
            sql.push(" AND innovation_search MATCH ").bind(expression);
        }
        (Some(expression), SearchIndex::Tsvector) => {
            sql.push(" AND d.vector @@ to_tsquery('simple', ")
                .bind(expression)
                .push(")");
        }
    }
    sql.push(" ORDER BY score DESC, i.created_at DESC, i.id DESC LIMIT ")
        .bind(paging.limit())
        .push(" OFFSET ")
        .bind(paging.offset());
    let (text, args) = sql.build()?;
    let rows: Vec<ScoredRow> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    let mut scores = Vec::with_capacity(rows.len());
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        scores.push(row.score);
        items.push(Innovation::try_from(row.row)?);
    }
    innovations::load_details(conn, &mut items).await?;
    let hits = items
        .into_iter()
        .zip(scores)
        .map(|(innovation, score)| Hit { innovation, score })
        .collect();
    Ok(Found {
        page: Page {
            items: hits,
            total,
            page: paging.page,
            per_page: paging.per_page,
        },
        facets,
    })
}

/// BM25 in SQL for PostgreSQL, whose `ts_rank` knows no inverse document frequency: without
/// it a name sharing one common word ("online") outranks a text holding every word searched.
/// Each query group (a word and its alternatives) is one term, as FTS5 counts it:
/// idf × D(k1+1) / (D + k1(1 − b + b·len/avglen)), with D = 10 for a match in the name plus 1
/// for a match in the text (FTS5's column weights), k1 = 1.2, b = 0.75. Term frequency is
/// taken as 1: `@@` says whether a group matches, not how often. The figures differ from
/// SQLite's bm25() but order results alike.
async fn push_bm25(sql: &mut Sql, conn: &mut Conn, query: &Query) -> StoreResult<()> {
    const K1: f64 = 1.2;
    const B: f64 = 0.75;
    let (documents, average): (i64, f64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(AVG(doc_length), 1) AS DOUBLE PRECISION) FROM search_documents",
    )
    .fetch_one(&mut *conn)
    .await?;
    let n = documents as f64;
    let average = average.max(1.0);
    sql.push("(0");
    for group in query.groups() {
        let any = tsquery_of(group, "");
        let (df,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM search_documents WHERE vector @@ to_tsquery('simple', $1)",
        )
        .bind(any)
        .fetch_one(&mut *conn)
        .await?;
        let df = df as f64;
        // FTS5's idf, floored as FTS5 floors it so common words still count a little.
        let idf = ((n - df + 0.5) / (df + 0.5)).ln().max(1e-6);
        let d = |sql: &mut Sql| {
            sql.push("(10 * CASE WHEN d.vector @@ to_tsquery('simple', ")
                .bind(tsquery_of(group, ":A"))
                .push(") THEN 1 ELSE 0 END + CASE WHEN d.vector @@ to_tsquery('simple', ")
                .bind(tsquery_of(group, ":B"))
                .push(") THEN 1 ELSE 0 END)");
        };
        sql.push(&format!(" + {idf:.6} * {:.3} * ", K1 + 1.0));
        d(sql);
        sql.push(" / (");
        d(sql);
        sql.push(&format!(
            " + {K1:.3} * ({:.3} + {B:.3} * d.doc_length / {average:.3}))",
            1.0 - B
        ));
    }
    sql.push(")");
    Ok(())
}

/// `'a':A | 'b':A` — a group's alternatives, restricted to a weight when one is given.
/// Tokens are `[a-z0-9]+` (lumbung_search), so quoting them is enough.
fn tsquery_of(group: &[String], weight: &str) -> String {
    group
        .iter()
        .map(|t| format!("'{t}'{weight}"))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn push_where(
    sql: &mut Sql,
    index: SearchIndex,
    expression: Option<String>,
    filter: &InnovationFilter,
    scope: &ReadScope,
) {
    innovations::push_filter(sql, index, filter, scope);
    if let Some(expression) = expression {
        sql.push(" AND ");
        index.push_match(sql, expression);
    }
}

#[derive(sqlx::FromRow)]
struct ScoredRow {
    #[sqlx(flatten)]
    row: InnovationRow,
    score: f64,
}

/// The names of the published innovations, for suggesting a spelling when a search finds
/// nothing. Read only then, so its cost falls on the rare empty search.
pub async fn published_names(conn: &mut Conn) -> StoreResult<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM innovations WHERE status = 'published'")
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|(name,)| name).collect())
}
