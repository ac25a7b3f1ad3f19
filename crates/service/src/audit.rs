//! Recording and reading the audit log.

use lumbung_store::audit::{AuditEntry, AuditFilter, NewAuditEntry};
use lumbung_store::{Conn, Page, Paging, audit};
use serde_json::{Map, Value};

use crate::{App, Caller, ServiceError, ServiceResult};

/// Appends an entry for `caller` in the caller's transaction.
pub(crate) async fn record(
    conn: &mut Conn,
    caller: &Caller,
    action: &str,
    entity: &str,
    entity_id: &str,
    region_code: Option<&str>,
    changes: Value,
) -> ServiceResult<()> {
    audit::append(
        conn,
        NewAuditEntry {
            actor_id: caller.user_id(),
            actor: &caller.label,
            action,
            entity,
            entity_id,
            region_code,
            changes,
        },
    )
    .await?;
    Ok(())
}

/// One entry a batch write records: the entity's id, its region and the values.
pub(crate) struct Entry<'a> {
    pub entity_id: String,
    pub region_code: Option<&'a str>,
    pub changes: Value,
}

/// Appends the same action on many entities of one kind in a few statements (an import
/// records one entry per row).
pub(crate) async fn record_many(
    conn: &mut Conn,
    caller: &Caller,
    action: &str,
    entity: &str,
    entries: &[Entry<'_>],
) -> ServiceResult<()> {
    let entries: Vec<NewAuditEntry> = entries
        .iter()
        .map(|entry| NewAuditEntry {
            actor_id: caller.user_id(),
            actor: &caller.label,
            action,
            entity,
            entity_id: &entry.entity_id,
            region_code: entry.region_code,
            changes: entry.changes.clone(),
        })
        .collect();
    audit::append_many(conn, &entries).await?;
    Ok(())
}

/// The fields that differ between two JSON objects, as `{"field": {"from": …, "to": …}}`.
pub(crate) fn diff(before: &Value, after: &Value) -> Value {
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut changes = Map::new();
    for (key, new) in after {
        let old = before.get(key).unwrap_or(&Value::Null);
        if old != new {
            changes.insert(key.clone(), serde_json::json!({"from": old, "to": new}));
        }
    }
    for (key, old) in before {
        if !after.contains_key(key) {
            changes.insert(
                key.clone(),
                serde_json::json!({"from": old, "to": Value::Null}),
            );
        }
    }
    Value::Object(changes)
}

/// The audit log of the regions the caller administers or verifies.
pub async fn list(
    app: &App,
    caller: &Caller,
    filter: &AuditFilter,
    paging: Paging,
) -> ServiceResult<Page<AuditEntry>> {
    let scope = caller.actor.read_scope();
    if !scope.all
        && !scope
            .regions
            .iter()
            .any(|region| caller.actor.can_read_audit(region))
    {
        return Err(ServiceError::forbidden());
    }
    let mut conn = app.db.read().await?;
    Ok(audit::list(&mut conn, filter, &scope, paging).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_changed_fields_only() {
        let changes = diff(
            &json!({"a": 1, "b": "x", "c": 3}),
            &json!({"a": 1, "b": "y"}),
        );
        assert_eq!(
            changes,
            json!({"b": {"from": "x", "to": "y"}, "c": {"from": 3, "to": null}})
        );
    }
}
