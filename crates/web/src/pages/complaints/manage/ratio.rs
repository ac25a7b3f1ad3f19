//! `/kelola/pengaduan/rasio`: the complaint-resolution ratio of a region for an index year
//! (complaints of the year before), overall, per agency and per innovation with its level on
//! indicator 29; and the form that writes those levels into the region's assessment.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use lumbung_service::assessments::IndexFeed;
use lumbung_service::complaints::ratio::{self, RATIO_INDICATOR, Ratio, RatioReport};
use lumbung_service::domain::region::RegionCode;
use lumbung_service::{App, Caller, ServiceError};
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

use super::super::super::forms::optional;
use super::super::super::{
    Choice, Layout, PageResult, SignedIn, check_csrf, page_error, region_choices, render,
};
use super::{RegionNames, SECTION, failure_message, is_fatal, this_year};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;
use lumbung_service::complaints::desk::{self, Desk};

pub struct RatioRow {
    pub name: String,
    pub source: String,
    pub received: usize,
    pub resolved: usize,
    pub ratio: String,
    pub level: u8,
}

pub struct FeedRow {
    pub name: String,
    pub level: u8,
    pub outcome: String,
    pub skipped: bool,
}

#[derive(Template)]
#[template(path = "kelola_pengaduan_rasio.html")]
pub struct RatioPage {
    pub layout: Layout,
    pub message: String,
    pub regions: Vec<Choice>,
    pub region_code: String,
    pub region_name: String,
    pub year: String,
    pub shown: bool,
    pub index_year: i32,
    pub complaint_year: i32,
    pub overall: RatioRow,
    pub agencies: Vec<RatioRow>,
    pub innovations: Vec<RatioRow>,
    pub can_feed: bool,
    pub feed_options: Vec<Choice>,
    pub results: Vec<FeedRow>,
    pub assessment_href: String,
}

/// A ratio in percent the Indonesian way: `75%`, `66,67%`; a dash when nothing counted.
fn percent(ratio: Option<Decimal>) -> String {
    ratio.map_or_else(
        || "—".to_owned(),
        |r| {
            format!(
                "{}%",
                r.round_dp(2).normalize().to_string().replace('.', ",")
            )
        },
    )
}

fn ratio_row(name: String, source: &str, ratio: &Ratio) -> RatioRow {
    RatioRow {
        name,
        source: source.to_owned(),
        received: ratio.received,
        resolved: ratio.resolved,
        ratio: percent(ratio.ratio),
        level: ratio.level,
    }
}

fn source_label(source: &str) -> &'static str {
    match source {
        "innovation" => "pengaduan tentang inovasi ini",
        _ => "pengaduan yang ditangani perangkat daerahnya",
    }
}

/// What the page shows besides the report.
struct Shown {
    status: StatusCode,
    message: String,
    results: Vec<FeedRow>,
    selected: String,
}

async fn page(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    region: Option<RegionCode>,
    year_text: &str,
    shown: Shown,
) -> PageResult {
    let Shown {
        mut status,
        mut message,
        results,
        selected,
    } = shown;
    let year = year_text.trim().parse::<i32>().ok();
    if year.is_none() && !year_text.trim().is_empty() && message.is_empty() {
        status = StatusCode::UNPROCESSABLE_ENTITY;
        message = "Tahun indeks ditulis dengan angka, mis. 2026.".to_owned();
    }
    let year = year.unwrap_or_else(|| this_year(app));
    let region_code = region.as_ref().map(|r| r.to_string()).unwrap_or_default();
    let mut report: Option<RatioReport> = None;
    match &region {
        None => {
            if message.is_empty() {
                message = "Pilih wilayah yang rasionya ingin dilihat.".to_owned();
            }
        }
        Some(region) => match ratio::report(app, caller, region, year).await {
            Ok(found) => report = Some(found),
            Err(error) if is_fatal(&error) => return Err(page_error(auth, &error)),
            Err(error) => {
                if status == StatusCode::OK {
                    status = describe(&error).0;
                }
                if message.is_empty() {
                    message = failure_message(&error);
                }
            }
        },
    }
    let region_name = match &region {
        Some(code) => RegionNames::default().name(app, code).await,
        None => String::new(),
    };
    let can_feed = report.is_some()
        && region
            .as_ref()
            .is_some_and(|code| desk::administers(caller, code));
    let (overall, agencies, innovations, feed_options) = match &report {
        Some(report) => (
            ratio_row(region_name.clone(), "", &report.overall),
            report
                .agencies
                .iter()
                .map(|a| ratio_row(a.agency_name.clone(), "", &a.ratio))
                .collect(),
            report
                .innovations
                .iter()
                .map(|i| ratio_row(i.innovation_name.clone(), source_label(i.source), &i.ratio))
                .collect(),
            report
                .innovations
                .iter()
                .map(|i| Choice::new(&i.innovation_id.to_string(), &i.innovation_name, &selected))
                .collect(),
        ),
        None => (
            ratio_row(String::new(), "", &empty_ratio()),
            Vec::new(),
            Vec::new(),
            Vec::new(),
        ),
    };
    let page = RatioPage {
        layout: Layout::new(auth, SECTION, "Rasio penyelesaian pengaduan"),
        message,
        regions: region_choices(app, &region_code).await.unwrap_or_default(),
        assessment_href: format!("/kelola/indeks/{region_code}/{year}"),
        region_code,
        region_name,
        year: year.to_string(),
        shown: report.is_some(),
        index_year: year,
        complaint_year: year - 1,
        overall,
        agencies,
        innovations,
        can_feed,
        feed_options,
        results,
    };
    Ok(render(status, &page))
}

fn empty_ratio() -> Ratio {
    Ratio {
        received: 0,
        resolved: 0,
        ratio: None,
        level: 1,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RatioQuery {
    pub wilayah: String,
    pub tahun: String,
}

/// `GET /kelola/pengaduan/rasio?wilayah=..&tahun=..` (the index year).
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<RatioQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let region = Desk::of(caller).region(caller, &query.wilayah);
    let shown = Shown {
        status: StatusCode::OK,
        message: String::new(),
        results: Vec::new(),
        selected: String::new(),
    };
    page(state.app(), &auth, caller, region, &query.tahun, shown).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeedValues {
    pub csrf: String,
    pub wilayah: String,
    pub tahun: String,
    /// One innovation; every innovation of the region when empty.
    pub inovasi: String,
}

/// `POST /kelola/pengaduan/rasio`: writes indicator 29 of the region's innovations (or one).
/// The results are shown at once on the page: each innovation's level, or why it was skipped.
pub async fn feed(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(values): Form<FeedValues>,
) -> PageResult {
    let caller = &auth.caller;
    check_csrf(&auth, &values.csrf)?;
    let app = state.app();
    let region = RegionCode::parse(values.wilayah.trim()).ok();
    let year = values.tahun.trim().parse::<i32>().ok();
    let innovation = optional(&values.inovasi).map(|text| Uuid::parse_str(&text));
    let outcome = match (&region, year, innovation) {
        (None, _, _) => Err(ServiceError::BadInput("pilih wilayah".into())),
        (_, None, _) => Err(ServiceError::BadInput(
            "tahun indeks ditulis dengan angka, mis. 2026".into(),
        )),
        (_, _, Some(Err(_))) => Err(ServiceError::BadInput("pilih inovasi dari daftar".into())),
        (Some(region), Some(year), innovation) => {
            let innovation = innovation.and_then(Result::ok);
            let names = ratio::report(app, caller, region, year).await;
            match ratio::feed(app, caller, region, year, innovation).await {
                Ok(fed) => Ok(results(names.ok(), innovation, &fed)),
                Err(error) => Err(error),
            }
        }
    };
    let shown = match outcome {
        Ok(results) => Shown {
            status: StatusCode::OK,
            message: String::new(),
            results,
            selected: values.inovasi.trim().to_owned(),
        },
        Err(error) if is_fatal(&error) => return Err(page_error(&auth, &error)),
        Err(error) => Shown {
            status: describe(&error).0,
            message: failure_message(&error),
            results: Vec::new(),
            selected: values.inovasi.trim().to_owned(),
        },
    };
    page(app, &auth, caller, region, &values.tahun, shown).await
}

/// The feed's answers by innovation: the service answers in the report's order.
fn results(report: Option<RatioReport>, only: Option<Uuid>, fed: &[IndexFeed]) -> Vec<FeedRow> {
    let names: Vec<String> = report
        .map(|report| {
            report
                .innovations
                .into_iter()
                .filter(|row| only.is_none_or(|wanted| wanted == row.innovation_id))
                .map(|row| row.innovation_name)
                .collect()
        })
        .unwrap_or_default();
    fed.iter()
        .enumerate()
        .map(|(n, feed)| FeedRow {
            name: names.get(n).cloned().unwrap_or_default(),
            level: feed.level,
            skipped: feed.skipped.is_some(),
            outcome: match &feed.skipped {
                Some(reason) => format!("Dilewati: {reason}."),
                None => format!(
                    "Level {} ditulis pada indikator {RATIO_INDICATOR} penilaian {}.",
                    feed.level, feed.year
                ),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn ratios_read_the_indonesian_way() {
        assert_eq!(percent(Some(dec!(75.00))), "75%");
        assert_eq!(percent(Some(dec!(66.666))), "66,67%");
        assert_eq!(percent(None), "—");
    }
}
