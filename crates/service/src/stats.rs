//! Counts of innovations by form, stage, kind, affair or agency over a region's subtree.

use lumbung_domain::affair::Affair;
use lumbung_domain::innovation::{Form, Kind, Stage};
use lumbung_store::innovations::{self, GroupBy};
use serde::Serialize;

use crate::innovations::ListQuery;
use crate::{App, Caller, ServiceError, ServiceResult};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub key: Option<String>,
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: i64,
    pub groups: Vec<Group>,
}

pub fn parse_group_by(text: &str) -> ServiceResult<GroupBy> {
    match text.trim() {
        "form" => Ok(GroupBy::Form),
        "stage" => Ok(GroupBy::Stage),
        "kind" => Ok(GroupBy::Kind),
        "affair" => Ok(GroupBy::Affair),
        "agency" => Ok(GroupBy::Agency),
        other => Err(ServiceError::BadInput(format!(
            "group_by \"{other}\" tidak dikenal; pilih form, stage, kind, affair atau agency"
        ))),
    }
}

fn label(group_by: GroupBy, key: Option<&str>, agency_name: Option<&str>) -> String {
    let Some(key) = key else {
        return "Belum diisi".into();
    };
    let known = match group_by {
        GroupBy::Form => Form::from_code(key).map(|v| v.label().to_owned()),
        GroupBy::Stage => Stage::from_code(key).map(|v| v.label().to_owned()),
        GroupBy::Kind => Kind::from_code(key).map(|v| v.label().to_owned()),
        GroupBy::Affair => Affair::by_code(key).map(|a| a.name.to_owned()),
        GroupBy::Agency => agency_name.map(str::to_owned),
    };
    known.unwrap_or_else(|| key.to_owned())
}

/// Counts what the caller may read (every status within their scope, published elsewhere).
pub async fn count(
    app: &App,
    caller: &Caller,
    query: &ListQuery,
    group_by: GroupBy,
) -> ServiceResult<Counts> {
    let filter = query.to_filter()?;
    let mut conn = app.db.read().await?;
    let rows =
        innovations::count_by(&mut conn, &filter, &caller.actor.read_scope(), group_by).await?;
    let groups: Vec<Group> = rows
        .into_iter()
        .map(|row| Group {
            label: label(group_by, row.key.as_deref(), row.agency_name.as_deref()),
            key: row.key,
            count: row.count,
        })
        .collect();
    Ok(Counts {
        total: groups.iter().map(|g| g.count).sum(),
        groups,
    })
}

/// How many regions (provinces and kabupaten/kota) have a published innovation: public.
pub async fn regions_with_published(app: &App) -> ServiceResult<i64> {
    let mut conn = app.db.read().await?;
    Ok(innovations::regions_with_published(&mut conn).await?)
}
