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
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_id, actor_label, action, entity, entity_id, \
         region_code, changes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(time::now_text())
    .bind(entry.actor_id.map(|id| id.to_string()))
    .bind(entry.actor.to_owned())
    .bind(entry.action.to_owned())
    .bind(entry.entity.to_owned())
    .bind(entry.entity_id.to_owned())
    .bind(entry.region_code.map(str::to_owned))
    .bind(entry.changes.to_string())
    .execute(conn)
    .await?;
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
