//! The calendar and the SLA rules complaints are timed by, as admins keep them: national
//! holidays and cuti bersama (national admins; the shipped list of the year is loaded once),
//! regional holidays (admins of the region), and working-day rules per category and region.

use chrono::{Datelike, NaiveDate};
use lumbung_domain::FieldErrors;
use lumbung_domain::complaint::calendar::NATIONAL_2026;
use lumbung_domain::complaint::{
    Calendar, Holiday, HolidayKind, ScopedRule, SlaRule, SlaRules, parse_holidays,
};
use lumbung_domain::parse::parse_date;
use lumbung_domain::region::RegionCode;
use lumbung_store::Conn;
use lumbung_store::complaints::{self as store, HolidayRecord, SlaRuleRecord};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// The national lists shipped with the platform, by year.
fn shipped(year: i32) -> Option<Vec<Holiday>> {
    match year {
        2026 => parse_holidays(NATIONAL_2026).ok(),
        _ => None,
    }
}

/// Loads the shipped national lists not loaded yet (once: admins' edits stay).
async fn ensure_shipped(conn: &mut Conn) -> ServiceResult<()> {
    for year in [2026] {
        if let Some(holidays) = shipped(year) {
            store::ensure_holiday_year(conn, year, &holidays).await?;
        }
    }
    Ok(())
}

/// Every day off the platform knows, as a calendar.
pub(crate) async fn load_calendar(conn: &mut Conn) -> ServiceResult<Calendar> {
    ensure_shipped(conn).await?;
    let records = store::list_holidays(conn, NaiveDate::MIN).await?;
    Ok(Calendar::new(
        records.into_iter().map(|record| record.holiday),
    ))
}

pub(crate) async fn load_rules(conn: &mut Conn) -> ServiceResult<SlaRules> {
    Ok(SlaRules {
        default: SlaRule::default(),
        scoped: store::list_sla_rules(conn)
            .await?
            .into_iter()
            .map(|record| record.scoped)
            .collect(),
    })
}

/// The days off of a year, for everyone to read.
pub async fn holidays(app: &App, year: i32) -> ServiceResult<Vec<HolidayRecord>> {
    let mut conn = app.db.begin().await?;
    ensure_shipped(&mut conn).await?;
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(ServiceError::NotFound("tahun"))?;
    let records = store::list_holidays(&mut conn, from).await?;
    conn.commit().await?;
    Ok(records
        .into_iter()
        .filter(|record| record.holiday.date.year() == year)
        .collect())
}

/// A day off as a form or a JSON body sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct HolidayInput {
    pub date: String,
    pub name: String,
    /// `national`, `cuti_bersama` or `regional`.
    pub kind: String,
    /// The region of a regional holiday (e.g. `51` for Bali).
    #[serde(default)]
    pub region_code: Option<String>,
}

fn holiday_scope(holiday: &Holiday) -> RegionCode {
    holiday.region.clone().unwrap_or_else(RegionCode::nation)
}

fn parse_holiday(input: &HolidayInput) -> Result<Holiday, FieldErrors> {
    let mut errors = FieldErrors::new();
    let date = parse_date(&input.date).unwrap_or_else(|message| {
        errors.add("date", message);
        NaiveDate::MIN
    });
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        errors.add(
            "name",
            "nama hari libur wajib diisi (paling banyak 200 karakter)",
        );
    }
    let kind = HolidayKind::parse(&input.kind).unwrap_or_else(|message| {
        errors.add("kind", message);
        HolidayKind::Regional
    });
    let region = match input.region_code.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match RegionCode::parse(text) {
            Ok(code) if !code.is_nation() => Some(code),
            Ok(_) => None,
            Err(message) => {
                errors.add("region_code", message);
                None
            }
        },
    };
    match (kind, &region) {
        (HolidayKind::Regional, None) if errors.get("region_code").is_none() => {
            errors.add("region_code", "libur daerah harus menyebut wilayahnya");
        }
        (HolidayKind::National | HolidayKind::CutiBersama, Some(_)) => {
            errors.add(
                "region_code",
                "libur nasional dan cuti bersama berlaku di seluruh Indonesia; kosongkan wilayah",
            );
        }
        _ => {}
    }
    errors.into_result(Holiday {
        date,
        kind,
        name: name.to_owned(),
        region,
    })
}

/// Adds a day off: national ones by national admins, a regional one by the region's admins.
pub async fn add_holiday(app: &App, caller: &Caller, input: &HolidayInput) -> ServiceResult<Uuid> {
    let holiday = parse_holiday(input)?;
    let scope = holiday_scope(&holiday);
    if !super::desk::administers(caller, &scope) {
        return Err(ServiceError::forbidden());
    }
    let mut conn = app.db.begin().await?;
    ensure_shipped(&mut conn).await?;
    let id = store::insert_holiday(&mut conn, &holiday, caller.user_id()).await?;
    audit::record(
        &mut conn,
        caller,
        "add_holiday",
        "holiday",
        &id.to_string(),
        Some(scope.as_str()),
        json!({"date": holiday.date, "kind": holiday.kind.code(), "name": holiday.name}),
    )
    .await?;
    conn.commit().await?;
    Ok(id)
}

pub async fn delete_holiday(app: &App, caller: &Caller, id: Uuid) -> ServiceResult<()> {
    let mut conn = app.db.begin().await?;
    let record = store::get_holiday(&mut conn, id)
        .await
        .map_err(|_| ServiceError::NotFound("hari libur"))?;
    let scope = holiday_scope(&record.holiday);
    if !super::desk::administers(caller, &scope) {
        return Err(ServiceError::forbidden());
    }
    store::delete_holiday(&mut conn, id).await?;
    audit::record(
        &mut conn,
        caller,
        "delete_holiday",
        "holiday",
        &id.to_string(),
        Some(scope.as_str()),
        json!({"date": record.holiday.date, "name": record.holiday.name}),
    )
    .await?;
    conn.commit().await?;
    Ok(())
}

/// The SLA rules, for everyone to read: deadlines are public commitments.
pub async fn sla_rules(app: &App) -> ServiceResult<Vec<SlaRuleRecord>> {
    let mut conn = app.db.read().await?;
    Ok(store::list_sla_rules(&mut conn).await?)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct SlaRuleInput {
    /// An affair code; none for every category.
    #[serde(default)]
    pub category: Option<String>,
    /// A region subtree; none for the whole country.
    #[serde(default)]
    pub region_code: Option<String>,
    pub verification_days: u32,
    pub follow_up_days: u32,
}

/// Sets the working days for a category and/or region, replacing an earlier rule of the same
/// scope. A rule for the whole country belongs to national admins.
pub async fn put_sla_rule(app: &App, caller: &Caller, input: &SlaRuleInput) -> ServiceResult<Uuid> {
    let mut errors = FieldErrors::new();
    let category = match input.category.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match lumbung_domain::affair::Affair::parse(text) {
            Ok(affair) => Some(affair.code.to_owned()),
            Err(message) => {
                errors.add("category", message);
                None
            }
        },
    };
    let region = match input.region_code.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match RegionCode::parse(text) {
            Ok(code) => (!code.is_nation()).then_some(code),
            Err(message) => {
                errors.add("region_code", message);
                None
            }
        },
    };
    for (field, days) in [
        ("verification_days", input.verification_days),
        ("follow_up_days", input.follow_up_days),
    ] {
        if !(1..=60).contains(&days) {
            errors.add(field, "jumlah hari kerja harus 1–60");
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let scope = region.clone().unwrap_or_else(RegionCode::nation);
    if !super::desk::administers(caller, &scope) {
        return Err(ServiceError::forbidden());
    }
    let scoped = ScopedRule {
        category,
        region,
        rule: SlaRule {
            verification_days: input.verification_days,
            follow_up_days: input.follow_up_days,
        },
    };
    let mut conn = app.db.begin().await?;
    let id = store::put_sla_rule(&mut conn, &scoped, caller.user_id()).await?;
    audit::record(
        &mut conn,
        caller,
        "put_sla_rule",
        "sla_rule",
        &id.to_string(),
        Some(scope.as_str()),
        json!(scoped),
    )
    .await?;
    conn.commit().await?;
    Ok(id)
}

pub async fn delete_sla_rule(app: &App, caller: &Caller, id: Uuid) -> ServiceResult<()> {
    let mut conn = app.db.begin().await?;
    let record = store::get_sla_rule(&mut conn, id)
        .await
        .map_err(|_| ServiceError::NotFound("aturan tenggat"))?;
    let scope = record
        .scoped
        .region
        .clone()
        .unwrap_or_else(RegionCode::nation);
    if !super::desk::administers(caller, &scope) {
        return Err(ServiceError::forbidden());
    }
    store::delete_sla_rule(&mut conn, id).await?;
    audit::record(
        &mut conn,
        caller,
        "delete_sla_rule",
        "sla_rule",
        &id.to_string(),
        Some(scope.as_str()),
        json!(record.scoped),
    )
    .await?;
    conn.commit().await?;
    Ok(())
}
