//! `/peta`: a map of Indonesia drawn on the server as SVG — a dot for every province and
//! kabupaten/kota at its centroid, coloured by its latest published index category and
//! linking to its region page — with a legend and, as its text alternative, a table by
//! province. No script; with all 552 regions the page stays under 100 KB (about 83 KB, and
//! 91 KB when every region has a result: tests/region_map.rs checks both).

use std::fmt::Write;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use lumbung_search::escape_html as escape;
use lumbung_service::ServiceError;
use lumbung_service::domain::region::RegionKind;
use lumbung_service::map::{self, MapPoint, MapResult, ResultSource};
use serde::Deserialize;

use super::forms::encode;
use super::index::{category_label_in, decimal_in};
use super::{Choice, Layout, OrPage, PageAuth, PageResult, render};
use crate::i18n::Lang;
use crate::state::AppState;

// ---------------------------------------------------------------------------------------------
// Categories as the map shows them.

/// The categories in legend order with the short class that colours their dots.
const CATEGORIES: [(&str, &str); 4] = [
    ("sangat_inovatif", "c1"),
    ("inovatif", "c2"),
    ("kurang_inovatif", "c3"),
    ("tidak_dapat_dinilai", "c4"),
];

/// The class and label (a key of `i18n::ENGLISH`) of a region without a published result.
const NO_RESULT_CLASS: &str = "c0";
pub const NO_RESULT_LABEL: &str = "Belum ada hasil";

/// The dot class of a result's category.
fn dot_class(result: Option<&MapResult>) -> &'static str {
    result
        .and_then(|r| CATEGORIES.iter().find(|(code, _)| *code == r.category))
        .map_or(NO_RESULT_CLASS, |(_, class)| class)
}

/// A result as the pages print it, in the reader's language: the category's label, the index,
/// and the year with where the figure comes from.
pub struct ResultText {
    /// The category code, or `belum` without a result (for the badge's class).
    pub code: String,
    pub category: String,
    pub index: String,
    pub year: String,
}

impl ResultText {
    pub fn of(result: Option<&MapResult>, lang: Lang) -> Self {
        match result {
            None => Self {
                code: "belum".into(),
                category: lang.t(NO_RESULT_LABEL).into(),
                index: "—".into(),
                year: "—".into(),
            },
            Some(r) => Self {
                code: r.category.clone(),
                category: category_label_in(&r.category, lang),
                index: r
                    .index
                    .as_deref()
                    .map_or_else(|| "—".into(), |index| decimal_in(index, lang)),
                year: match r.source {
                    ResultSource::Computed => r.year.to_string(),
                    ResultSource::Historic => format!("{} ({})", r.year, lang.t("hasil terbit")),
                },
            },
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The SVG.

/// The area drawn: roughly Indonesia, in degrees.
const LON_MIN: f64 = 94.5;
const LON_MAX: f64 = 141.5;
const LAT_MIN: f64 = -11.5;
const LAT_MAX: f64 = 6.5;
/// Units of the drawing per degree (equirectangular: near the equator a degree of longitude
/// and one of latitude are about as long).
const SCALE: f64 = 10.0;

fn x_of(lng: f64) -> f64 {
    (lng.clamp(LON_MIN, LON_MAX) - LON_MIN) * SCALE
}

fn y_of(lat: f64) -> f64 {
    (LAT_MAX - lat.clamp(LAT_MIN, LAT_MAX)) * SCALE
}

/// The map: every point a dot linking to its region page, provinces larger and outlined,
/// each with a `<title>` naming the region and its category (and the result's year when
/// `with_year`, i.e. when regions may show different years), in `lang`; region names stay as
/// they are. Compact on purpose (one decimal, short class names, radii in the stylesheet):
/// 552 dots weigh 65–75 KB.
pub fn draw(points: &[MapPoint], title: &str, with_year: bool, lang: Lang) -> String {
    let width = (LON_MAX - LON_MIN) * SCALE;
    let height = (LAT_MAX - LAT_MIN) * SCALE;
    let mut svg = String::with_capacity(points.len() * 120 + 400);
    // Writing to a String cannot fail; the results are ignored on purpose.
    let _ = write!(
        svg,
        r#"<svg class="peta" viewBox="0 0 {width} {height}" role="group" aria-labelledby="peta-judul" xmlns="http://www.w3.org/2000/svg"><title id="peta-judul">{}</title>"#,
        escape(title)
    );
    for point in points {
        let result = point.result.as_ref();
        // The radius comes from the stylesheet (`r`), by class: provinces larger.
        let class = if point.kind == RegionKind::Province {
            format!("p {}", dot_class(result))
        } else {
            dot_class(result).to_owned()
        };
        let text = ResultText::of(result, lang);
        let about = match result {
            Some(r) if with_year => format!("{} ({})", text.category, r.year),
            Some(_) => text.category,
            None => lang.t(NO_RESULT_LABEL).to_lowercase(),
        };
        let _ = write!(
            svg,
            "\n<a href=\"/daerah/{}\"><title>{}: {about}</title><circle class=\"{class}\" cx=\"{:.1}\" cy=\"{:.1}\"/></a>",
            encode(&point.code),
            escape(&point.name),
            x_of(point.lng),
            y_of(point.lat),
        );
    }
    svg.push_str("</svg>");
    svg
}

// ---------------------------------------------------------------------------------------------
// The page.

/// One line of the legend, with how many regions it holds.
pub struct LegendItem {
    pub class: &'static str,
    pub label: String,
    pub count: String,
}

/// One province in the table: its own result and how its kabupaten/kota are spread over
/// the categories (legend order).
pub struct ProvinceRow {
    pub id: String,
    pub href: String,
    pub name: String,
    pub result: ResultText,
    pub counts: Vec<String>,
}

#[derive(Template)]
#[template(path = "peta.html")]
pub struct MapPage {
    pub layout: Layout,
    pub description: String,
    pub heading: String,
    pub years: Vec<Choice>,
    pub svg: String,
    pub legend: Vec<LegendItem>,
    pub regions: String,
    pub provinces: Vec<ProvinceRow>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MapQuery {
    /// A year, or empty for each region's latest result.
    pub tahun: String,
}

/// Legend order: the categories, then no result.
fn legend_index(result: Option<&MapResult>) -> usize {
    let class = dot_class(result);
    CATEGORIES
        .iter()
        .position(|(_, c)| *c == class)
        .unwrap_or(CATEGORIES.len())
}

/// The map's heading, its description and its drawing's title, in `lang`.
fn texts(year: Option<i32>, regions: &str, lang: Lang) -> (String, String, String) {
    match lang {
        Lang::Id => {
            let (heading, when) = match year {
                Some(year) => (
                    format!("Peta Indeks Inovasi Daerah {year}"),
                    format!("kategori Indeks Inovasi Daerah tahun {year}"),
                ),
                None => (
                    "Peta Indeks Inovasi Daerah".to_owned(),
                    "kategori Indeks Inovasi Daerah terbaru yang telah diterbitkan".to_owned(),
                ),
            };
            (
                heading,
                format!(
                    "Peta {regions} provinsi dan kabupaten/kota di Indonesia, diwarnai menurut {when}."
                ),
                format!("Peta Indonesia: {regions} provinsi dan kabupaten/kota menurut {when}"),
            )
        }
        Lang::En => {
            let (heading, when) = match year {
                Some(year) => (
                    format!("Regional Innovation Index map {year}"),
                    format!("their Regional Innovation Index category of {year}"),
                ),
                None => (
                    "Regional Innovation Index map".to_owned(),
                    "their latest published Regional Innovation Index category".to_owned(),
                ),
            };
            (
                heading,
                format!(
                    "A map of Indonesia's {regions} provinces, regencies and cities, coloured by {when}."
                ),
                format!("Map of Indonesia: {regions} provinces, regencies and cities by {when}"),
            )
        }
    }
}

/// `GET /peta[?tahun=2026]`.
pub async fn show(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Query(query): Query<MapQuery>,
) -> PageResult {
    let lang = auth.reader.lang;
    let tahun = query.tahun.trim();
    let year = if tahun.is_empty() {
        None
    } else {
        Some(
            tahun
                .parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| {
                    ServiceError::BadInput(format!(
                        "tahun \"{tahun}\" tidak dikenal; pilih tahun dari daftar"
                    ))
                })
                .or_page(&auth)?,
        )
    };
    let app = state.app();
    let points = map::points_of(app, year, None).await.or_page(&auth)?;
    let mut years: Vec<i32> = map::years(app).await.or_page(&auth)?;
    if let Some(year) = year
        && !years.contains(&year)
    {
        years.push(year);
        years.sort_by(|a, b| b.cmp(a));
    }
    let selected = year.map(|y| y.to_string()).unwrap_or_default();
    let years = years
        .iter()
        .map(|y| Choice::new(&y.to_string(), &y.to_string(), &selected))
        .collect();

    let mut tally = [0_i64; CATEGORIES.len() + 1];
    for point in &points {
        tally[legend_index(point.result.as_ref())] += 1;
    }
    let legend = CATEGORIES
        .iter()
        .map(|(code, class)| (*class, category_label_in(code, lang)))
        .chain([(NO_RESULT_CLASS, lang.t(NO_RESULT_LABEL).to_owned())])
        .zip(tally)
        .map(|((class, label), count)| LegendItem {
            class,
            label,
            count: lang.number(count),
        })
        .collect();

    let provinces = points
        .iter()
        .filter(|p| p.kind == RegionKind::Province)
        .map(|province| {
            let mut counts = [0_i64; CATEGORIES.len() + 1];
            for child in points
                .iter()
                .filter(|p| p.province.as_deref() == Some(province.code.as_str()))
            {
                counts[legend_index(child.result.as_ref())] += 1;
            }
            ProvinceRow {
                id: format!("p-{}", province.code),
                href: format!("/daerah/{}", encode(&province.code)),
                name: province.name.clone(),
                result: ResultText::of(province.result.as_ref(), lang),
                counts: counts.iter().map(|c| lang.number(*c)).collect(),
            }
        })
        .collect();

    let regions = lang.number(points.len() as i64);
    let (heading, description, title) = texts(year, &regions, lang);
    let page = MapPage {
        layout: Layout::new(&auth, "peta", heading.clone())
            .translated()
            .describe(description.clone()),
        description,
        svg: draw(&points, &title, year.is_none(), lang),
        heading,
        years,
        legend,
        regions,
        provinces,
    };
    Ok(render(StatusCode::OK, &page))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(code: &str, kind: RegionKind, category: Option<&str>) -> MapPoint {
        MapPoint {
            code: code.into(),
            name: format!("Wilayah <{code}>"),
            kind,
            province: None,
            lat: 2.92,
            lng: 116.25,
            result: category.map(|c| MapResult {
                year: 2026,
                index: Some("55.2".into()),
                category: c.into(),
                source: ResultSource::Computed,
            }),
        }
    }

    #[test]
    fn dots_link_name_and_colour_their_regions() {
        let svg = draw(
            &[
                point("65", RegionKind::Province, Some("inovatif")),
                point("65.01", RegionKind::Regency, None),
            ],
            "Peta",
            true,
            Lang::Id,
        );
        assert!(
            svg.starts_with("<svg class=\"peta\" viewBox=\"0 0 470 180\""),
            "{svg}"
        );
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains(
            "<a href=\"/daerah/65\"><title>Wilayah &lt;65&gt;: Inovatif (2026)</title>\
             <circle class=\"p c2\" cx=\"217.5\" cy=\"35.8\"/></a>"
        ));
        assert!(
            svg.contains(
                "<title>Wilayah &lt;65.01&gt;: belum ada hasil</title><circle class=\"c0\""
            )
        );
        // A map of one year does not repeat it on every dot.
        let one_year = draw(
            &[point("65", RegionKind::Province, Some("inovatif"))],
            "Peta",
            false,
            Lang::Id,
        );
        assert!(
            one_year.contains("<title>Wilayah &lt;65&gt;: Inovatif</title>"),
            "{one_year}"
        );
        // In English the categories are English; the names stay as they are.
        let english = draw(
            &[
                point("65", RegionKind::Province, Some("inovatif")),
                point("65.01", RegionKind::Regency, None),
            ],
            "Map",
            true,
            Lang::En,
        );
        assert!(
            english.contains("<title>Wilayah &lt;65&gt;: Innovative (2026)</title>"),
            "{english}"
        );
        assert!(english.contains("<title>Wilayah &lt;65.01&gt;: no result yet</title>"));
    }

    #[test]
    fn the_corners_of_the_area_are_the_corners_of_the_drawing() {
        assert_eq!((x_of(94.5), y_of(6.5)), (0.0, 0.0));
        assert_eq!((x_of(141.5), y_of(-11.5)), (470.0, 180.0));
        assert_eq!(x_of(200.0), 470.0);
    }

    #[test]
    fn historic_results_say_so() {
        let result = MapResult {
            year: 2023,
            index: Some("512.5".into()),
            category: "sangat_inovatif".into(),
            source: ResultSource::Historic,
        };
        let text = ResultText::of(Some(&result), Lang::Id);
        assert_eq!(text.category, "Sangat inovatif");
        assert_eq!(text.index, "512,50");
        assert_eq!(text.year, "2023 (hasil terbit)");
        assert_eq!(ResultText::of(None, Lang::Id).category, NO_RESULT_LABEL);
        let english = ResultText::of(Some(&result), Lang::En);
        assert_eq!(english.category, "Very innovative");
        assert_eq!(english.index, "512.50");
        assert_eq!(english.year, "2023 (published result)");
        assert_eq!(ResultText::of(None, Lang::En).category, "No result yet");
        assert_eq!(dot_class(Some(&result)), "c1");
    }
}
