//! `/daerah/{kode}`: a region's public page — where it lies, its kabupaten/kota, its
//! published innovations with counts by form and stage, and its index history. It follows the
//! reader's language; the names of regions, agencies and innovations stay as they are.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lumbung_service::domain::innovation::{Form, Stage};
use lumbung_service::domain::region::{Region, RegionCode, RegionKind};
use lumbung_service::innovations::ListQuery;
use lumbung_service::map::{MapResult, ResultSource};
use lumbung_service::search::{FacetValue, SearchResult};
use lumbung_service::stats::{Counts, Group};
use lumbung_service::store::Paging;
use lumbung_service::{assessments, map, regions, search};

use super::forms::{encode, query_string, with_query};
use super::index::assessment::{HistoryRow, history_chart, history_rows};
use super::map::ResultText;
use super::{CountTable, Layout, OrPage, PageAuth, PageResult, count_rows, not_found, render};
use crate::i18n::Lang;
use crate::state::AppState;

/// How many published innovations the page lists; the catalogue has the rest.
const SHOWN: u32 = 20;

/// A link to another region.
pub struct RegionLink {
    pub href: String,
    pub name: String,
}

/// A published innovation of the region.
pub struct InnovationItem {
    pub href: String,
    pub name: String,
    pub agency: String,
    pub region: String,
    pub stage: String,
    pub form: String,
}

/// A kabupaten/kota (or, on the nation's page, a province) with its latest result.
pub struct ChildRow {
    pub href: String,
    pub name: String,
    pub kind: String,
    pub result: ResultText,
}

#[derive(Template)]
#[template(path = "daerah.html")]
pub struct RegionPage {
    pub layout: Layout,
    pub name: String,
    pub code: String,
    pub kind: String,
    pub parent: Option<RegionLink>,
    pub latest: ResultText,
    pub has_result: bool,
    pub map_href: String,
    pub ranking_href: String,
    pub total: i64,
    /// More are published than the page lists.
    pub more: bool,
    pub total_text: String,
    pub innovations: Vec<InnovationItem>,
    pub all_href: String,
    pub forms: CountTable,
    pub stages: CountTable,
    pub history_svg: String,
    pub history: Vec<HistoryRow>,
    pub children_heading: String,
    pub children_caption: String,
    pub children: Vec<ChildRow>,
}

fn region_href(code: &str) -> String {
    format!("/daerah/{}", encode(code))
}

fn innovation_item(result: &SearchResult, lang: Lang) -> InnovationItem {
    InnovationItem {
        href: format!("/inovasi/{}", result.id),
        name: result.name.clone(),
        agency: result.agency.clone(),
        region: result.region.name.clone(),
        stage: Stage::from_code(&result.stage)
            .map_or_else(|| result.stage.clone(), |s| lang.stage(s).to_owned()),
        form: Form::from_code(&result.form)
            .map_or_else(|| result.form.clone(), |f| lang.form(f).to_owned()),
    }
}

/// A count table over every value of a vocabulary, in its own order, from a facet.
fn facet_table<'a>(
    caption: &str,
    values: impl Iterator<Item = (&'a str, &'a str)>,
    facet: &[FacetValue],
    total: i64,
    lang: Lang,
    href: impl Fn(&str) -> String,
) -> CountTable {
    let groups: Vec<Group> = values
        .map(|(key, label)| Group {
            key: Some(key.to_owned()),
            label: label.to_owned(),
            count: facet.iter().find(|f| f.key == key).map_or(0, |f| f.count),
        })
        .collect();
    let counts: Vec<i64> = groups.iter().map(|g| g.count).collect();
    let mut rows = count_rows(&Counts { total, groups }, href);
    for (row, count) in rows.iter_mut().zip(counts) {
        // A value nothing has leads nowhere.
        if row.bar == 0 {
            row.href.clear();
        }
        row.count = lang.number(count);
    }
    CountTable {
        caption: caption.to_owned(),
        rows,
        total: lang.number(total),
    }
}

/// A province is named with its kind ("Provinsi Kalimantan Utara"); kabupaten and kota carry
/// it in their names already.
fn full_name(region: &Region) -> String {
    match region.kind {
        RegionKind::Province => format!("Provinsi {}", region.name),
        _ => region.name.clone(),
    }
}

/// The page's meta description, in `lang`: where the region is and what the page holds.
/// `children` is the heading of the regions within ("Kabupaten dan kota"), if any.
fn describe(
    region: &Region,
    parent: Option<&RegionLink>,
    total: i64,
    children: Option<&str>,
    lang: Lang,
) -> String {
    let mut place = full_name(region);
    if let Some(parent) = parent.filter(|_| region.code.level() == 2) {
        place.push_str(", ");
        place.push_str(&parent.name);
    }
    let count = lang.number(total);
    match lang {
        Lang::Id => {
            let mut parts = vec![format!("{count} inovasi terbit")];
            if total > 0 {
                parts.push("jumlahnya menurut bentuk dan tahapan".into());
            }
            if let Some(children) = children {
                parts.push(format!("{} di dalamnya", children.to_lowercase()));
            }
            let last = "riwayat Indeks Inovasi Daerah";
            format!("{place}: {}, dan {last}.", parts.join(", "))
        }
        Lang::En => {
            let mut parts = vec![if total == 1 {
                "1 published innovation".to_owned()
            } else {
                format!("{count} published innovations")
            }];
            if total > 0 {
                parts.push("their numbers by form and stage".into());
            }
            if let Some(children) = children {
                parts.push(format!("the {} within it", children.to_lowercase()));
            }
            let last = "its Regional Innovation Index history";
            format!("{place}: {}, and {last}.", parts.join(", "))
        }
    }
}

/// The region's province on the map page (its row in the table by province).
fn map_href(code: &RegionCode) -> String {
    match code.province() {
        Some(province) => format!("/peta#p-{province}"),
        None => "/peta".to_owned(),
    }
}

/// The public ranking the region's computed result stands in: kabupaten/kota within their
/// province, provinces among provinces. None for results published in the past.
fn ranking_href(region: &Region, result: Option<&MapResult>) -> String {
    let Some(result) = result.filter(|r| r.source == ResultSource::Computed) else {
        return String::new();
    };
    let filter = match (region.kind, region.code.province()) {
        (RegionKind::Province, _) => ("klaster", "provinsi".to_owned()),
        (RegionKind::Regency | RegionKind::City, Some(province)) => ("dalam", province.to_string()),
        _ => return String::new(),
    };
    with_query(
        &format!("/indeks/{}", result.year),
        &query_string(&[(filter.0, &filter.1)]),
    )
}

/// `GET /daerah/{kode}`.
pub async fn show(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Path(kode): Path<String>,
) -> PageResult {
    let app = state.app();
    let lang = auth.reader.lang;
    let Ok(code) = RegionCode::parse(&kode) else {
        return Err(not_found(&auth, "wilayah"));
    };
    let region = regions::get(app, code.as_str()).await.or_page(&auth)?;
    let code_text = region.code.to_string();

    let parent = match &region.parent {
        Some(parent) => {
            let parent = regions::get(app, parent.as_str()).await.or_page(&auth)?;
            Some(RegionLink {
                href: region_href(parent.code.as_str()),
                name: full_name(&parent),
            })
        }
        None => None,
    };

    // Its published innovations, over the whole subtree.
    let query = ListQuery {
        region: Some(code_text.clone()),
        ..Default::default()
    };
    let found = search::search(app, &query, Paging::new(Some(1), Some(SHOWN)))
        .await
        .or_page(&auth)?;
    let filtered = |key: &str, value: &str| {
        with_query(
            "/inovasi",
            &query_string(&[("region", &code_text), (key, value)]),
        )
    };
    let facet = |name: &str| found.facets.get(name).cloned().unwrap_or_default();
    let forms = facet_table(
        lang.t("Jumlah inovasi menurut bentuk"),
        Form::ALL.iter().map(|f| (f.code(), lang.form(*f))),
        &facet("form"),
        found.total,
        lang,
        |key| filtered("form", key),
    );
    let stages = facet_table(
        lang.t("Jumlah inovasi menurut tahapan"),
        Stage::ALL.iter().map(|s| (s.code(), lang.stage(*s))),
        &facet("stage"),
        found.total,
        lang,
        |key| filtered("stage", key),
    );

    // Its index, and its kabupaten/kota (or the provinces, for the nation) with theirs.
    let mut results = map::results(app, None, &code_text).await.or_page(&auth)?;
    let own = results.remove(&code_text);
    let children: Vec<ChildRow> = regions::list(app, Some(&code_text), None)
        .await
        .or_page(&auth)?
        .into_iter()
        .map(|child| ChildRow {
            href: region_href(child.code.as_str()),
            kind: lang.region_kind(child.kind).to_owned(),
            result: ResultText::of(results.get(child.code.as_str()), lang),
            name: child.name,
        })
        .collect();
    let history = assessments::history(app, &code_text).await.or_page(&auth)?;

    let kind = lang.region_kind(region.kind).to_owned();
    let children_heading = match region.kind {
        RegionKind::Nation => lang.pick("Provinsi", "Provinces"),
        _ => lang.pick("Kabupaten dan kota", "Regencies and cities"),
    }
    .to_owned();
    let children_caption = match lang {
        Lang::Id => format!(
            "{children_heading} di {} dan kategori indeks terbarunya",
            region.name
        ),
        Lang::En => format!(
            "{children_heading} in {} and their latest index category",
            region.name
        ),
    };
    let description = describe(
        &region,
        parent.as_ref(),
        found.total,
        (!children.is_empty()).then_some(children_heading.as_str()),
        lang,
    );
    let page = RegionPage {
        layout: Layout::new(&auth, "daerah", region.name.clone())
            .translated()
            .describe(description),
        code: code_text.clone(),
        kind,
        parent,
        has_result: own.is_some(),
        latest: ResultText::of(own.as_ref(), lang),
        map_href: map_href(&region.code),
        ranking_href: ranking_href(&region, own.as_ref()),
        total: found.total,
        more: found.total > found.results.len() as i64,
        total_text: lang.number(found.total),
        innovations: found
            .results
            .iter()
            .map(|r| innovation_item(r, lang))
            .collect(),
        all_href: with_query("/inovasi", &query_string(&[("region", &code_text)])),
        forms,
        stages,
        history_svg: history_chart(&history, &region.name, lang),
        history: history_rows(&history, lang),
        children_heading,
        children_caption,
        children,
        name: region.name,
    };
    Ok(render(StatusCode::OK, &page))
}
