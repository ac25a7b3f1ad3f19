//! Charts drawn on the server as SVG, so they show without JavaScript and weigh little.

use std::fmt::Write;

use crate::i18n::Lang;

/// One year of a region's index on the 0–100 scale.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexPoint {
    pub year: i64,
    pub index: f64,
    /// A category code (`inovatif`), which colours the dot.
    pub category: String,
}

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// A line chart of a region's index over the years, with the 2026 band limits (40 and 65)
/// drawn as dashed lines. Empty when there is nothing to draw. `title` names the chart for
/// screen readers; the table beside it carries the same figures. Each dot's title writes
/// its figure the way of `lang`.
pub fn index_history(points: &[IndexPoint], title: &str, lang: Lang) -> String {
    let mut points: Vec<&IndexPoint> = points.iter().filter(|p| p.index.is_finite()).collect();
    if points.is_empty() {
        return String::new();
    }
    points.sort_by_key(|p| p.year);
    let first = points.first().map_or(0, |p| p.year);
    let last = points.last().map_or(0, |p| p.year);
    let span = (last - first).max(1) as f64;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |year: i64| {
        if first == last {
            LEFT + plot_w / 2.0
        } else {
            LEFT + (year - first) as f64 / span * plot_w
        }
    };
    let y = |value: f64| TOP + (1.0 - value.clamp(0.0, 100.0) / 100.0) * plot_h;

    let mut svg = String::new();
    // Writing to a String cannot fail; the results are ignored on purpose.
    let _ = write!(
        svg,
        r#"<svg class="grafik" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="grafik-judul" xmlns="http://www.w3.org/2000/svg"><title id="grafik-judul">{}</title>"#,
        lumbung_search::escape_html(title)
    );
    for value in [0.0, 40.0, 65.0, 100.0] {
        let class = if value == 40.0 || value == 65.0 {
            "batas"
        } else {
            "sumbu"
        };
        let _ = write!(
            svg,
            r#"<line class="{class}" x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/><text class="skala" x="{:.1}" y="{:.1}" text-anchor="end">{value}</text>"#,
            WIDTH - RIGHT,
            y(value),
            y(value),
            LEFT - 6.0,
            y(value) + 4.0
        );
    }
    let path: Vec<String> = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.year), y(p.index)))
        .collect();
    if path.len() > 1 {
        let _ = write!(
            svg,
            r#"<polyline class="garis" fill="none" points="{}"/>"#,
            path.join(" ")
        );
    }
    for p in &points {
        let _ = write!(
            svg,
            r#"<circle class="titik kategori-{}" cx="{:.1}" cy="{:.1}" r="5"><title>{}: {}</title></circle><text class="skala" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            css_token(&p.category),
            x(p.year),
            y(p.index),
            p.year,
            super::index::decimal_in(&format!("{:.2}", p.index), lang),
            x(p.year),
            HEIGHT - 8.0,
            p.year
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A category code reduced to what a class name may hold.
pub fn css_token(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(year: i64, index: f64, category: &str) -> IndexPoint {
        IndexPoint {
            year,
            index,
            category: category.into(),
        }
    }

    #[test]
    fn nothing_to_draw_draws_nothing() {
        assert_eq!(index_history(&[], "x", Lang::Id), "");
    }

    #[test]
    fn a_history_becomes_a_line_with_dots_in_year_order() {
        let svg = index_history(
            &[
                point(2027, 70.0, "sangat_inovatif"),
                point(2026, 41.2, "inovatif"),
            ],
            "Riwayat <indeks>",
            Lang::Id,
        );
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("Riwayat &lt;indeks&gt;"));
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("<polyline"));
        // 2026 is left of 2027, and the higher index is drawn higher (smaller y).
        let first = svg.find("2026: 41,20").unwrap();
        let second = svg.find("2027: 70,00").unwrap();
        assert!(first < second);
        assert!(svg.contains(r#"class="titik kategori-sangat_inovatif" cx="544.0" cy="66.0""#));
        assert!(svg.contains(r#"class="titik kategori-inovatif" cx="40.0" cy="117.8""#));
    }

    #[test]
    fn one_year_is_a_centred_dot() {
        let svg = index_history(&[point(2026, 0.0, "tidak_dapat_dinilai")], "t", Lang::Id);
        assert!(!svg.contains("<polyline"));
        assert!(svg.contains(r#"cx="292.0" cy="192.0""#), "{svg}");
        assert_eq!(css_token("a\"><script"), "ascript");
        let english = index_history(&[point(2026, 41.2, "inovatif")], "t", Lang::En);
        assert!(english.contains("<title>2026: 41.20</title>"), "{english}");
    }
}
