//! The audit log: who did what to which record, when, with the changed fields. Append-only.

use chrono::{DateTime, Utc};
use lumbung_domain::permission::ReadScope;
use serde::Serialize;
use serde_json::Value;
use sqlx::FromRow;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::sql::{Page, Paging, Sql};
use crate::users::parse_id;
use crate::{Conn, time};

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    /// The actor's e-mail address at the time, or `system`.
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub region_code: Option<String>,
    /// For an update, `{"field": {"from": …, "to": …}}`; for a creation, the new values.
    pub changes: Value,
}

pub struct NewAuditEntry<'a> {
    pub actor_id: Option<Uuid>,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub region_code: Option<&'a str>,
    pub changes: Value,
}

pub async fn append(conn: &mut Conn, entry: NewAuditEntry<'_>) -> StoreResult<()> {
    append_many(conn, &[entry]).await
}

/// Entries per statement: 9 parameters each.
const CHUNK: usize = crate::sql::rows_per_statement(9);

/// Appends entries in a few statements (an import appends one per row).
pub async fn append_many(conn: &mut Conn, entries: &[NewAuditEntry<'_>]) -> StoreResult<()> {
    let at = time::now_text();
    for chunk in entries.chunks(CHUNK) {
        let mut sql = Sql::new(
            "INSERT INTO audit_log (id, at, actor_id, actor_label, action, entity, entity_id, \
             region_code, changes) VALUES ",
        );
        for (i, entry) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" })
                .bind(Uuid::now_v7().to_string())
                .push(", ")
                .bind(at.clone())
                .push(", ")
                .bind(entry.actor_id.map(|id| id.to_string()))
                .push(", ")
                .bind(entry.actor.to_owned())
                .push(", ")
                .bind(entry.action.to_owned())
                .push(", ")
                .bind(entry.entity.to_owned())
                .push(", ")
                .bind(entry.entity_id.to_owned())
                .push(", ")
                .bind(entry.region_code.map(str::to_owned))
                .push(", ")
                .bind(entry.changes.to_string())
                .push(")");
        }
        let (text, args) = sql.build()?;
        sqlx::query_with(&text, args).execute(&mut *conn).await?;
    }
    Ok(())
}

#[derive(FromRow)]
struct AuditRow {
    id: String,
    at: String,
    actor_id: Option<String>,
    actor_label: String,
    action: String,
    entity: String,
    entity_id: String,
    region_code: Option<String>,
    changes: String,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
}

/// Entries of the scope's regions (all entries when the scope is everything).
fn push_filter(sql: &mut Sql, filter: &AuditFilter, scope: &ReadScope) {
    sql.push(" WHERE ");
    if scope.all {
        sql.push("TRUE");
    } else {
        sql.push("(FALSE");
        for region in &scope.regions {
            sql.push(" OR ").in_subtree("region_code", region);
        }
        sql.push(")");
    }
    if let Some(entity) = &filter.entity {
        sql.push(" AND entity = ").bind(entity.clone());
    }
    if let Some(id) = &filter.entity_id {
        sql.push(" AND entity_id = ").bind(id.clone());
    }
}

/// Entries matching the filter, newest first.
pub async fn list(
    conn: &mut Conn,
    filter: &AuditFilter,
    scope: &ReadScope,
    paging: Paging,
) -> StoreResult<Page<AuditEntry>> {
    let mut count = Sql::new("SELECT COUNT(*) FROM audit_log");
    push_filter(&mut count, filter, scope);
    let total = count.fetch_count(&mut *conn).await?;
    let mut sql = Sql::new(
        "SELECT id, at, actor_id, actor_label, action, entity, entity_id, region_code, changes \
         FROM audit_log",
    );
    push_filter(&mut sql, filter, scope);
    sql.push(" ORDER BY id DESC LIMIT ")
        .bind(paging.limit())
        .push(" OFFSET ")
        .bind(paging.offset());
    let (text, args) = sql.build()?;
    let rows: Vec<AuditRow> = sqlx::query_as_with(&text, args).fetch_all(conn).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            Ok(AuditEntry {
                id: parse_id(&row.id)?,
                at: time::parse(&row.at)?,
                actor_id: row.actor_id.as_deref().map(parse_id).transpose()?,
                actor: row.actor_label,
                action: row.action,
                entity: row.entity,
                entity_id: row.entity_id,
                region_code: row.region_code,
                changes: serde_json::from_str(&row.changes).map_err(StoreError::corrupt)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        page: paging.page,
        per_page: paging.per_page,
    })
}

/// Actions that record an attempt on the system rather than a change to a record: refused
/// requests, limit hits, failed sign-ins. Only these are ever deleted (see
/// [`delete_security_events_before`]); the record of official changes is kept for good.
pub const SECURITY_EVENTS: &[&str] = &[
    "unauthenticated",
    "forbidden",
    "rate_limited",
    "sign_in_failed",
    "sign_in_rate_limited",
];

/// Deletes the security events written by the system before `before`.
pub async fn delete_security_events_before(
    conn: &mut Conn,
    before: DateTime<Utc>,
) -> StoreResult<u64> {
    let mut sql = Sql::new("DELETE FROM audit_log WHERE actor_id IS NULL AND at < ");
    sql.bind(time::to_text(before)).push(" AND action IN (");
    for (i, action) in SECURITY_EVENTS.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind((*action).to_owned());
    }
    sql.push(")");
    let (text, args) = sql.build()?;
    let done = sqlx::query_with(&text, args).execute(&mut *conn).await?;
    Ok(done.rows_affected())
}
