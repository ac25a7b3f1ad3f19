//! The regional innovation index (Indeks Inovasi Daerah) pages: a region's assessment with
//! its forms and what-if, the verifier's queue of evidence, rankings (managed and public),
//! and a landing form to pick a region and a year.

pub(super) mod assessment;
mod ranking;
mod review;

use askama::Template;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Form, Router};
use lumbung_domain::index::{Aspect, IndexCategory, Rubric};
use lumbung_service::ServiceError;
use lumbung_service::assessments::{self, WindowAction};
use lumbung_service::domain::region::RegionCode;
use lumbung_service::store::assessments::IndexYear;
use serde::Deserialize;

use super::forms::encode;
use super::{Choice, Layout, PageResult, SignedIn, check_csrf, error_page, render, see_other};
use crate::auth::Auth;
use crate::i18n::Lang;
use crate::state::AppState;

/// The year the pages open on when none is given.
pub const DEFAULT_YEAR: i32 = 2026;

/// Every route of the index pages, for `pages::routes`.
pub fn routes(max_upload_bytes: usize) -> Router<AppState> {
    Router::new()
        .route("/kelola/indeks", get(landing))
        .route("/kelola/indeks/tahun/{tahun}", post(window))
        .route("/kelola/indeks/peringkat/{tahun}", get(ranking::manage))
        .route("/kelola/indeks/{kode}/{tahun}", get(assessment::show))
        .route(
            "/kelola/indeks/{kode}/{tahun}/jawaban",
            post(assessment::answer),
        )
        .route(
            "/kelola/indeks/{kode}/{tahun}/data-dukung",
            post(assessment::add_evidence).layer(DefaultBodyLimit::max(max_upload_bytes)),
        )
        .route(
            "/kelola/indeks/{kode}/{tahun}/buka-kembali",
            post(assessment::reopen),
        )
        .route(
            "/kelola/indeks/{kode}/{tahun}/bagaimana-jika",
            get(assessment::what_if),
        )
        .route("/kelola/verifikasi", get(review::queue))
        .route("/kelola/verifikasi/{id}", post(review::decide))
        .route("/indeks", get(public_default))
        .route("/indeks/{tahun}", get(ranking::public))
}

// ---------------------------------------------------------------------------------------------
// Shared helpers.

/// A year from the address; anything else names no page.
fn parse_year(auth: &Auth, text: &str) -> PageResult<i32> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|year| (2000..=2100).contains(year))
        .ok_or_else(|| super::not_found(auth, "tahun penilaian"))
}

/// A decimal figure the Indonesian way: `1234.5` → `1.234,50`, always two decimals.
pub fn decimal_text(text: &str) -> String {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let whole = if whole.is_empty() { "0" } else { whole };
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    let mut fraction: String = fraction.chars().take(2).collect();
    while fraction.len() < 2 {
        fraction.push('0');
    }
    let sign = if negative && (whole.chars().chain(fraction.chars())).any(|c| c != '0') {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped},{fraction}")
}

/// A figure (a `Decimal`) with two decimals and a decimal comma: `8,78`.
pub fn figure(value: impl std::fmt::Display) -> String {
    decimal_text(&format!("{value:.2}"))
}

/// A weight as short as it is exact: `1`, `0,75`, `1,5`.
pub fn weight_text(value: impl std::fmt::Display) -> String {
    let text = value.to_string();
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    text.replace('.', ",")
}

/// The category of a wire code (`kurang_inovatif`), if it is one.
pub fn category_of(code: &str) -> Option<IndexCategory> {
    use IndexCategory::*;
    [VeryInnovative, Innovative, LessInnovative, NotAssessable]
        .into_iter()
        .find(|c| c.code() == code.trim())
}

/// The label of a category code, or the code itself when it is none.
pub fn category_label(code: &str) -> String {
    category_label_in(code, Lang::Id)
}

/// [`category_label`] in the reader's language.
pub fn category_label_in(code: &str, lang: Lang) -> String {
    category_of(code).map_or_else(|| code.to_owned(), |c| lang.category(c).to_owned())
}

/// [`decimal_text`] in the reader's language: `1.234,50`, or `1,234.50` in English.
pub fn decimal_in(text: &str, lang: Lang) -> String {
    let indonesian = decimal_text(text);
    match lang {
        Lang::Id => indonesian,
        Lang::En => indonesian
            .chars()
            .map(|c| match c {
                '.' => ',',
                ',' => '.',
                other => other,
            })
            .collect(),
    }
}

/// "SPD 1 Visi dan Misi" or "SID 16 Regulasi Inovasi Daerah".
pub fn indicator_label(rubric: &Rubric, aspect: Aspect, code: &str) -> String {
    let prefix = match aspect {
        Aspect::Spd => "SPD",
        Aspect::Sid => "SID",
    };
    match rubric.indicator(aspect, code) {
        Some(indicator) => format!("{prefix} {code} {}", indicator.name),
        None => format!("{prefix} {code}"),
    }
}

/// The address of a region's assessment page.
pub fn assessment_href(region: &str, year: i32) -> String {
    format!("/kelola/indeks/{}/{year}", encode(region))
}

// ---------------------------------------------------------------------------------------------
// The landing form.

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LandingQuery {
    pub wilayah: Option<String>,
    pub tahun: Option<String>,
    /// The outcome of a window action, as a fixed code.
    pub hasil: Option<String>,
}

/// A year's reporting window and what a national admin may do to it next.
pub struct WindowPanel {
    pub year: i32,
    pub state: String,
    pub actions: Vec<Choice>,
    pub action_href: String,
}

#[derive(Template)]
#[template(path = "indeks_beranda.html")]
pub struct LandingPage {
    pub layout: Layout,
    pub region: String,
    pub year: String,
    pub region_error: String,
    pub year_error: String,
    pub queue_href: String,
    pub ranking_href: String,
    pub public_href: String,
    pub notice: String,
    pub window: Option<WindowPanel>,
}

/// `GET /kelola/indeks`: pick a region and a year; with both given, go to the assessment.
pub async fn landing(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<LandingQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let notice = window_notice(query.hasil.as_deref().unwrap_or("")).to_owned();
    // The form always sends `wilayah`; a link with only `tahun` just picks the year.
    let submitted = query.wilayah.is_some();
    let region = query.wilayah.unwrap_or_default().trim().to_owned();
    let year_text = query
        .tahun
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| DEFAULT_YEAR.to_string());
    let mut region_error = String::new();
    let mut year_error = String::new();
    let year = year_text
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    if submitted {
        let code = if region.is_empty() {
            region_error = "Isi kode wilayah, mis. 65.01.".into();
            None
        } else {
            match RegionCode::parse(&region) {
                Ok(code) => Some(code),
                Err(message) => {
                    region_error = super::forms::sentence(&message);
                    None
                }
            }
        };
        if year.is_none() {
            year_error = "Tahun harus berupa angka, mis. 2026.".into();
        }
        if let (Some(code), Some(year)) = (code, year) {
            return Ok(see_other(&assessment_href(code.as_str(), year)));
        }
    }
    let year_for_links = year.unwrap_or(DEFAULT_YEAR);
    let status = if region_error.is_empty() && year_error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let window = match caller.require_national_admin() {
        Ok(()) => Some(window_panel(
            year_for_links,
            &assessments::window(state.app(), year_for_links)
                .await
                .map_err(|e| error_page(&auth, &e))?,
        )),
        Err(_) => None,
    };
    let body = LandingPage {
        layout: Layout::new(&auth, "indeks", "Indeks Inovasi Daerah"),
        notice,
        window,
        queue_href: format!(
            "/kelola/verifikasi?{}",
            super::forms::query_string(&[
                ("wilayah", &region),
                ("tahun", &year_for_links.to_string())
            ])
        ),
        ranking_href: format!("/kelola/indeks/peringkat/{year_for_links}"),
        public_href: format!("/indeks/{year_for_links}"),
        region,
        year: year_text,
        region_error,
        year_error,
    };
    Ok(render(status, &body))
}

/// What the window is now, and the next steps in its order: open → close → freeze → publish.
fn window_panel(year: i32, window: &IndexYear) -> WindowPanel {
    let state = if window.published {
        "Hasil sudah dibekukan dan diterbitkan; peringkat publik tampil."
    } else if window.frozen {
        "Hasil sudah dibekukan dan belum diterbitkan."
    } else if window.open {
        "Masa pelaporan dibuka: daerah dapat mengisi jawaban dan mengunggah data dukung."
    } else {
        "Masa pelaporan ditutup: jawaban tidak dapat diubah kecuali dibuka kembali untuk satu daerah."
    };
    let mut actions = Vec::new();
    if !window.frozen {
        if window.open {
            actions.push(Choice::new("close", "Tutup masa pelaporan", ""));
        } else {
            actions.push(Choice::new("open", "Buka masa pelaporan", ""));
        }
        actions.push(Choice::new("freeze", "Bekukan hasil", ""));
    } else if !window.published {
        actions.push(Choice::new("publish", "Terbitkan hasil", ""));
    }
    WindowPanel {
        year,
        state: state.into(),
        actions,
        action_href: format!("/kelola/indeks/tahun/{year}"),
    }
}

fn window_notice(code: &str) -> &'static str {
    match code {
        "open" => "Masa pelaporan dibuka.",
        "close" => "Masa pelaporan ditutup.",
        "freeze" => "Hasil dihitung ulang dan dibekukan.",
        "publish" => "Hasil diterbitkan; peringkat publik kini tampil.",
        _ => "",
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WindowForm {
    pub csrf: String,
    pub tindakan: String,
}

/// `POST /kelola/indeks/tahun/{tahun}`: open, close, freeze or publish a year (national admins).
pub async fn window(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(year): Path<String>,
    Form(form): Form<WindowForm>,
) -> PageResult {
    let caller = &auth.caller;
    check_csrf(&auth, &form.csrf)?;
    let year = parse_year(&auth, &year)?;
    let action = match form.tindakan.trim() {
        "open" => WindowAction::Open,
        "close" => WindowAction::Close,
        "freeze" => WindowAction::Freeze,
        "publish" => WindowAction::Publish,
        _ => {
            return Err(error_page(
                &auth,
                &ServiceError::BadInput("pilih tindakan yang tersedia".into()),
            )
            .into());
        }
    };
    assessments::set_window(state.app(), caller, year, action)
        .await
        .map_err(|e| error_page(&auth, &e))?;
    Ok(see_other(&format!(
        "/kelola/indeks?tahun={year}&hasil={}",
        form.tindakan.trim()
    )))
}

/// `GET /indeks`: the public ranking of the default year.
pub async fn public_default() -> axum::response::Response {
    see_other(&format!("/indeks/{DEFAULT_YEAR}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_use_a_decimal_comma() {
        assert_eq!(decimal_text("8.78"), "8,78");
        assert_eq!(decimal_text("1.2"), "1,20");
        assert_eq!(decimal_text("3"), "3,00");
        assert_eq!(decimal_text("1234.5"), "1.234,50");
        assert_eq!(decimal_text("-0.00"), "0,00");
        assert_eq!(decimal_text("-2.5"), "-2,50");
        assert_eq!(weight_text("0.75"), "0,75");
        assert_eq!(weight_text("1.50"), "1,5");
        assert_eq!(weight_text("2"), "2");
        assert_eq!(figure(41.2_f64), "41,20");
    }

    #[test]
    fn categories_read_from_codes() {
        assert_eq!(category_label("kurang_inovatif"), "Kurang inovatif");
        assert_eq!(category_label("sangat_inovatif"), "Sangat inovatif");
        assert_eq!(category_label("lain"), "lain");
        assert_eq!(
            category_label_in("kurang_inovatif", Lang::En),
            "Less innovative"
        );
        assert_eq!(decimal_in("1234.5", Lang::Id), "1.234,50");
        assert_eq!(decimal_in("1234.5", Lang::En), "1,234.50");
    }
}
