//! `/kelola/pengaduan/kalender`: the days off of a year that complaint deadlines skip
//! (national holidays and cuti bersama, kept by national admins; regional holidays, kept by
//! the region's admins) and the working-day rules per category and region, each with its form
//! and delete buttons for the caller's own.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lumbung_service::complaints::calendar::{self, HolidayInput, SlaRuleInput};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::complaint::{HolidayKind, SlaRule};
use lumbung_service::domain::region::RegionCode;
use lumbung_service::{App, Caller, ServiceError};
use serde::Deserialize;

use super::super::super::forms::{date, optional, query_string};
use super::super::super::{
    Choice, Field, Layout, PageResult, SignedIn, check_csrf, error_summary, page_error,
    region_choices, render, see_other,
};
use super::{
    RegionNames, SECTION, category_choices, failure_message, field_errors, is_fatal, parse_id,
    this_year,
};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;
use lumbung_service::complaints::desk::{self, Desk};

const PATH: &str = "/kelola/pengaduan/kalender";

pub struct HolidayRow {
    pub date: String,
    pub kind: String,
    pub name: String,
    pub region: String,
    pub delete_action: String,
}

pub struct RuleRow {
    pub category: String,
    pub region: String,
    pub verification_days: u32,
    pub follow_up_days: u32,
    pub delete_action: String,
}

pub struct HolidayForm {
    pub date: Field,
    pub name: Field,
    pub kind: Field,
    pub region_code: Field,
    pub summary: Vec<Choice>,
}

pub struct RuleForm {
    pub category: Field,
    pub region: Field,
    pub verification_days: Field,
    pub follow_up_days: Field,
    pub summary: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "kelola_pengaduan_kalender.html")]
pub struct CalendarPage {
    pub layout: Layout,
    pub notice: String,
    pub message: String,
    pub message_href: String,
    pub year: i32,
    pub prev_href: String,
    pub next_href: String,
    pub holidays: Vec<HolidayRow>,
    pub rules: Vec<RuleRow>,
    pub default_rule: String,
    pub can_edit: bool,
    pub holiday_form: HolidayForm,
    pub rule_form: RuleForm,
}

/// The holiday form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HolidayValues {
    pub csrf: String,
    pub tahun: String,
    pub date: String,
    pub name: String,
    pub kind: String,
    pub region_code: String,
}

/// The rule form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RuleValues {
    pub csrf: String,
    pub tahun: String,
    pub rule_category: String,
    pub rule_region: String,
    pub verification_days: String,
    pub follow_up_days: String,
}

/// Which form failed, and how.
#[derive(Default)]
struct Extras {
    notice: String,
    message: String,
    status: Option<StatusCode>,
    errors: FieldErrors,
    holiday: Option<HolidayValues>,
    rule: Option<RuleValues>,
}

fn href(year: i32, outcome: &str, anchor: &str) -> String {
    let year = year.to_string();
    format!(
        "{PATH}?{}#{anchor}",
        query_string(&[("tahun", &year), ("hasil", outcome)])
    )
}

/// The region the forms open on: the first one the caller administers below the nation.
fn default_region(caller: &Caller) -> String {
    Desk::of(caller)
        .settings_region(caller)
        .map(|region| region.to_string())
        .unwrap_or_default()
}

async fn page(app: &App, auth: &Auth, caller: &Caller, year: i32, extras: Extras) -> PageResult {
    let holidays = calendar::holidays(app, year)
        .await
        .map_err(|error| page_error(auth, &error))?;
    let rules = calendar::sla_rules(app)
        .await
        .map_err(|error| page_error(auth, &error))?;
    let mut names = RegionNames::default();
    let mut holiday_rows = Vec::new();
    for record in &holidays {
        let scope = record
            .holiday
            .region
            .clone()
            .unwrap_or_else(RegionCode::nation);
        holiday_rows.push(HolidayRow {
            date: date(record.holiday.date),
            kind: record.holiday.kind.label().to_owned(),
            name: record.holiday.name.clone(),
            region: match &record.holiday.region {
                Some(code) => names.name(app, code).await,
                None => "Seluruh Indonesia".to_owned(),
            },
            delete_action: if desk::administers(caller, &scope) {
                format!("{PATH}/libur/{}/hapus", record.id)
            } else {
                String::new()
            },
        });
    }
    let mut rule_rows = Vec::new();
    for record in &rules {
        let scoped = &record.scoped;
        let scope = scoped.region.clone().unwrap_or_else(RegionCode::nation);
        rule_rows.push(RuleRow {
            category: scoped.category.as_deref().map_or_else(
                || "Semua kategori".to_owned(),
                |code| {
                    lumbung_service::domain::affair::Affair::by_code(code)
                        .map_or_else(|| code.to_owned(), |a| a.name.to_owned())
                },
            ),
            region: names.name(app, &scope).await,
            verification_days: scoped.rule.verification_days,
            follow_up_days: scoped.rule.follow_up_days,
            delete_action: if desk::administers(caller, &scope) {
                format!("{PATH}/tenggat/{}/hapus", record.id)
            } else {
                String::new()
            },
        });
    }
    let e = &extras.errors;
    let h = extras.holiday.clone().unwrap_or_else(|| HolidayValues {
        region_code: default_region(caller),
        ..Default::default()
    });
    let holiday_date = Field::new("date", "Tanggal", h.date.as_str())
        .required()
        .errors(e);
    let holiday_name = Field::new("name", "Nama hari libur", h.name.as_str())
        .required()
        .errors(e);
    let kind = Field::new("kind", "Jenis", h.kind.as_str())
        .required()
        .options(
            HolidayKind::ALL
                .iter()
                .map(|k| Choice::new(k.code(), k.label(), h.kind.trim()))
                .collect(),
        )
        .errors(e);
    let holiday_region = Field::new("region_code", "Wilayah libur daerah", h.region_code.as_str())
        .hint("Wajib untuk libur daerah (berlaku di seluruh kabupaten/kota di bawahnya); kosongkan untuk libur nasional dan cuti bersama.")
        .options(region_choices(app, h.region_code.trim()).await.unwrap_or_default())
        .errors(e);
    let holiday_summary = if extras.holiday.is_some() {
        error_summary(&[&holiday_date, &holiday_name, &kind, &holiday_region], e)
    } else {
        Vec::new()
    };
    let r = extras.rule.clone().unwrap_or_else(|| RuleValues {
        rule_region: default_region(caller),
        ..Default::default()
    });
    let rule_category = Field::new("rule_category", "Kategori", r.rule_category.as_str())
        .hint("Kosongkan untuk semua kategori.")
        .options(category_choices(&r.rule_category))
        .errors(e);
    let rule_region = Field::new("rule_region", "Wilayah", r.rule_region.as_str())
        .hint("Berlaku di wilayah ini dan wilayah di bawahnya; kosongkan untuk seluruh Indonesia (admin nasional).")
        .options(region_choices(app, r.rule_region.trim()).await.unwrap_or_default())
        .errors(e);
    let verification_days = Field::new(
        "verification_days",
        "Hari kerja verifikasi",
        r.verification_days.as_str(),
    )
    .required()
    .errors(e);
    let follow_up_days = Field::new(
        "follow_up_days",
        "Hari kerja tindak lanjut",
        r.follow_up_days.as_str(),
    )
    .required()
    .errors(e);
    let rule_summary = if extras.rule.is_some() {
        error_summary(
            &[
                &rule_category,
                &rule_region,
                &verification_days,
                &follow_up_days,
            ],
            e,
        )
    } else {
        Vec::new()
    };
    let message_href = if extras.holiday.is_some() {
        "#tambah-libur"
    } else if extras.rule.is_some() {
        "#atur-tenggat"
    } else {
        ""
    };
    let standard = SlaRule::default();
    let page = CalendarPage {
        layout: Layout::new(auth, SECTION, format!("Hari libur dan tenggat {year}")),
        notice: extras.notice,
        message: extras.message,
        message_href: message_href.to_owned(),
        year,
        prev_href: href(year - 1, "", "libur"),
        next_href: href(year + 1, "", "libur"),
        holidays: holiday_rows,
        rules: rule_rows,
        default_rule: format!(
            "Tanpa aturan yang cocok berlaku ketentuan SP4N-LAPOR!: verifikasi {} hari kerja sejak diterima dan tindak lanjut {} hari kerja sejak didisposisikan.",
            standard.verification_days, standard.follow_up_days
        ),
        can_edit: caller.actor.is_admin_anywhere(),
        holiday_form: HolidayForm {
            date: holiday_date,
            name: holiday_name,
            kind,
            region_code: holiday_region,
            summary: holiday_summary,
        },
        rule_form: RuleForm {
            category: rule_category,
            region: rule_region,
            verification_days,
            follow_up_days,
            summary: rule_summary,
        },
    };
    Ok(render(extras.status.unwrap_or(StatusCode::OK), &page))
}

fn year_of(app: &App, text: &str) -> i32 {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|year| (2000..=2100).contains(year))
        .unwrap_or_else(|| this_year(app))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CalendarQuery {
    pub tahun: String,
    pub hasil: String,
}

/// `GET /kelola/pengaduan/kalender?tahun=2026`.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<CalendarQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let app = state.app();
    let notice = match query.hasil.trim() {
        "libur-ditambah" => "Hari libur ditambahkan; tenggat pengaduan baru melewatinya.",
        "libur-dihapus" => "Hari libur dihapus.",
        "tenggat-disimpan" => {
            "Aturan tenggat disimpan; berlaku bagi pengaduan yang diterima sejak sekarang."
        }
        "tenggat-dihapus" => "Aturan tenggat dihapus.",
        _ => "",
    };
    let extras = Extras {
        notice: notice.to_owned(),
        ..Default::default()
    };
    page(app, &auth, caller, year_of(app, &query.tahun), extras).await
}

/// The page again after a failed form, or the error's own page.
async fn failed(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    year: i32,
    error: ServiceError,
    mut extras: Extras,
    renames: &[(&str, &str)],
) -> PageResult {
    if is_fatal(&error) {
        return Err(page_error(auth, &error));
    }
    extras.message = failure_message(&error);
    extras.status = Some(describe(&error).0);
    extras.errors = field_errors(&error, renames);
    page(app, auth, caller, year, extras).await
}

/// `POST /kelola/pengaduan/kalender/libur`: date, name, kind, region_code.
pub async fn add_holiday(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(values): Form<HolidayValues>,
) -> PageResult {
    let caller = &auth.caller;
    check_csrf(&auth, &values.csrf)?;
    let app = state.app();
    let input = HolidayInput {
        date: values.date.trim().to_owned(),
        name: values.name.clone(),
        kind: values.kind.trim().to_owned(),
        region_code: optional(&values.region_code),
    };
    // The page the officer comes back to shows the year of the day added.
    let year = values
        .date
        .trim()
        .get(..4)
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| year_of(app, &values.tahun));
    match calendar::add_holiday(app, caller, &input).await {
        Ok(_) => Ok(see_other(&href(year, "libur-ditambah", "libur"))),
        Err(error) => {
            let extras = Extras {
                holiday: Some(values.clone()),
                ..Default::default()
            };
            let year = year_of(app, &values.tahun);
            failed(app, &auth, caller, year, error, extras, &[]).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeleteValues {
    pub csrf: String,
    pub tahun: String,
}

/// `POST /kelola/pengaduan/kalender/libur/{id}/hapus`.
pub async fn delete_holiday(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(values): Form<DeleteValues>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "hari libur")?;
    check_csrf(&auth, &values.csrf)?;
    let app = state.app();
    let year = year_of(app, &values.tahun);
    match calendar::delete_holiday(app, caller, id).await {
        Ok(()) => Ok(see_other(&href(year, "libur-dihapus", "libur"))),
        Err(error) => failed(app, &auth, caller, year, error, Extras::default(), &[]).await,
    }
}

/// Working days as typed; a problem goes to the field.
fn days(text: &str, field: &str, errors: &mut FieldErrors) -> u32 {
    match text.trim().parse::<u32>() {
        Ok(days) => days,
        Err(_) => {
            errors.add(field, "tulis jumlah hari kerja dengan angka, 1–60");
            0
        }
    }
}

const RULE_RENAMES: &[(&str, &str)] = &[
    ("category", "rule_category"),
    ("region_code", "rule_region"),
];

/// `POST /kelola/pengaduan/kalender/tenggat`: rule_category, rule_region,
/// verification_days, follow_up_days.
pub async fn put_rule(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(values): Form<RuleValues>,
) -> PageResult {
    let caller = &auth.caller;
    check_csrf(&auth, &values.csrf)?;
    let app = state.app();
    let year = year_of(app, &values.tahun);
    let mut errors = FieldErrors::new();
    let input = SlaRuleInput {
        category: optional(&values.rule_category),
        region_code: optional(&values.rule_region),
        verification_days: days(&values.verification_days, "verification_days", &mut errors),
        follow_up_days: days(&values.follow_up_days, "follow_up_days", &mut errors),
    };
    let saved = if errors.is_empty() {
        calendar::put_sla_rule(app, caller, &input)
            .await
            .map(|_| ())
    } else {
        Err(ServiceError::Validation(errors))
    };
    match saved {
        Ok(()) => Ok(see_other(&href(year, "tenggat-disimpan", "tenggat"))),
        Err(error) => {
            let extras = Extras {
                rule: Some(values),
                ..Default::default()
            };
            failed(app, &auth, caller, year, error, extras, RULE_RENAMES).await
        }
    }
}

/// `POST /kelola/pengaduan/kalender/tenggat/{id}/hapus`.
pub async fn delete_rule(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(values): Form<DeleteValues>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "aturan tenggat")?;
    check_csrf(&auth, &values.csrf)?;
    let app = state.app();
    let year = year_of(app, &values.tahun);
    match calendar::delete_sla_rule(app, caller, id).await {
        Ok(()) => Ok(see_other(&href(year, "tenggat-dihapus", "tenggat"))),
        Err(error) => failed(app, &auth, caller, year, error, Extras::default(), &[]).await,
    }
}
