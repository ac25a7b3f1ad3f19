//! The public catalogue: `/inovasi` (full-text search of the published innovations, with
//! facets to narrow by and paging, no JavaScript needed) and `/inovasi/{id}` (one published
//! innovation). Both follow the reader's language; what governments wrote stays as written.
//!
//! The list and profile types at the top are shared with the management pages.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lumbung_service::assessments;
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::affair::Affair;
use lumbung_service::domain::innovation::{Form, Kind, Stage};
use lumbung_service::innovations::{self, ListQuery};
use lumbung_service::search::{self, FACETS, FacetValue, SearchResult, SearchResults};
use lumbung_service::store::Paging;
use lumbung_service::store::innovations::Innovation;
use lumbung_service::{App, Caller, ServiceError};
use uuid::Uuid;

use super::forms::{
    self, encode, optional_date, page_number, paragraphs, query_string, with_query,
};
use super::{Layout, OrPage, PageAuth, PageResult, not_found, render};
use crate::auth::Auth;
use crate::i18n::Lang;
use crate::state::AppState;

const PER_PAGE: u32 = 20;

/// How many values of a facet show before "more".
const FACET_SHOWN: usize = 8;

/// An innovation in a management list.
pub struct ListItem {
    pub href: String,
    pub name: String,
    pub number: String,
    pub agency: String,
    pub region: String,
    pub stage: String,
    pub status: String,
    pub status_code: String,
    pub is_demo: bool,
}

pub fn list_item(innovation: &Innovation, base: &str) -> ListItem {
    let profile = &innovation.profile;
    ListItem {
        href: format!("{base}/{}", innovation.id),
        name: profile.name.clone(),
        number: innovation.registration_number.clone(),
        agency: innovation.agency.name.clone(),
        region: innovation.region.name.clone(),
        stage: profile.stage.label().to_owned(),
        status: innovation.status.label().to_owned(),
        status_code: innovation.status.code().to_owned(),
        is_demo: innovation.is_demo,
    }
}

/// An innovation's profile, ready to print.
pub struct InnovationView {
    pub number: String,
    pub name: String,
    pub agency: String,
    pub region: String,
    pub region_code: String,
    pub stage: String,
    pub trial_date: String,
    pub implementation_date: String,
    pub initiator: String,
    pub initiator_name: String,
    pub kind: String,
    pub form: String,
    pub main_affair: String,
    pub related_affairs: Vec<String>,
    pub theme: String,
    pub design: Vec<String>,
    pub design_words: String,
    pub goals: Vec<String>,
    pub benefits: Vec<String>,
    pub results: Vec<String>,
    pub budget: String,
    pub links: Vec<String>,
    pub latest_development: String,
    pub awards: Vec<String>,
    pub status: String,
    pub status_code: String,
    pub status_note: String,
    pub is_demo: bool,
    pub updated_at: String,
}

fn affair_name(code: &str) -> String {
    Affair::by_code(code)
        .map(|a| a.name.to_owned())
        .unwrap_or_else(|| code.to_owned())
}

pub fn view(innovation: &Innovation) -> InnovationView {
    let p = &innovation.profile;
    InnovationView {
        number: innovation.registration_number.clone(),
        name: p.name.clone(),
        agency: innovation.agency.name.clone(),
        region: innovation.region.name.clone(),
        region_code: innovation.region.code.to_string(),
        stage: p.stage.label().to_owned(),
        trial_date: optional_date(p.trial_date),
        implementation_date: optional_date(p.implementation_date),
        initiator: p
            .initiator
            .map(|i| i.label().to_owned())
            .unwrap_or_default(),
        initiator_name: p.initiator_name.clone().unwrap_or_default(),
        kind: p.kind.label().to_owned(),
        form: p.form.label().to_owned(),
        main_affair: p
            .main_affair
            .as_deref()
            .map(affair_name)
            .unwrap_or_default(),
        related_affairs: p.related_affairs.iter().map(|c| affair_name(c)).collect(),
        theme: p.theme.clone().unwrap_or_default(),
        design: paragraphs(&p.design),
        design_words: forms::number(forms::word_count(&p.design) as i64),
        goals: paragraphs(&p.goals),
        benefits: paragraphs(&p.benefits),
        results: paragraphs(&p.results),
        budget: p.budget.clone().unwrap_or_default(),
        links: p.links.clone(),
        latest_development: optional_date(p.latest_development),
        awards: innovation.awards.iter().map(|a| a.to_text()).collect(),
        status: innovation.status.label().to_owned(),
        status_code: innovation.status.code().to_owned(),
        status_note: innovation.status_note.clone().unwrap_or_default(),
        is_demo: innovation.is_demo,
        updated_at: forms::date(innovation.updated_at.date_naive()),
    }
}

// ---------------------------------------------------------------------------------------------
// `/inovasi`: the search.

/// The filters an address may carry, with their names as the reader reads them.
const FILTER_LABELS: [(&str, &str); 7] = [
    ("region", "Wilayah"),
    ("affair", "Urusan pemerintahan"),
    ("stage", "Tahapan"),
    ("kind", "Jenis"),
    ("form", "Bentuk"),
    ("year", "Tahun penerapan"),
    ("award", "Penghargaan"),
];

/// The heading of each facet; the region facet counts provinces.
const FACET_HEADINGS: [(&str, &str); 7] = [
    ("region", "Provinsi"),
    ("affair", "Urusan pemerintahan"),
    ("stage", "Tahapan"),
    ("kind", "Jenis"),
    ("form", "Bentuk"),
    ("year", "Tahun penerapan"),
    ("award", "Penghargaan"),
];

fn label_in(table: &[(&str, &'static str)], name: &str) -> &'static str {
    table
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, label)| *label)
        .unwrap_or("")
}

/// The search words and filters as the address carries them; "" when absent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub q: String,
    pub region: String,
    pub affair: String,
    pub stage: String,
    pub kind: String,
    pub form: String,
    pub year: String,
    pub award: String,
}

impl Filters {
    /// Reads a query string's pairs: the first value of a name counts, other names are
    /// ignored (a repeated or unknown parameter is no reason to refuse a reader).
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let first = |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.trim().to_owned())
                .unwrap_or_default()
        };
        Self {
            q: first("q"),
            region: first("region"),
            affair: first("affair"),
            stage: first("stage"),
            kind: first("kind"),
            form: first("form"),
            year: first("year"),
            award: first("award"),
        }
    }

    pub fn get(&self, name: &str) -> &str {
        match name {
            "q" => &self.q,
            "region" => &self.region,
            "affair" => &self.affair,
            "stage" => &self.stage,
            "kind" => &self.kind,
            "form" => &self.form,
            "year" => &self.year,
            "award" => &self.award,
            _ => "",
        }
    }

    fn pairs(&self) -> [(&'static str, &str); 8] {
        [
            ("q", &self.q),
            ("region", &self.region),
            ("affair", &self.affair),
            ("stage", &self.stage),
            ("kind", &self.kind),
            ("form", &self.form),
            ("year", &self.year),
            ("award", &self.award),
        ]
    }

    /// The query string without the page, `name` set to `value` ("" drops it).
    pub fn query_with(&self, name: &str, value: &str) -> String {
        let pairs: Vec<(&str, &str)> = self
            .pairs()
            .into_iter()
            .map(|(key, current)| (key, if key == name { value } else { current }))
            .collect();
        query_string(&pairs)
    }

    /// The query string without the page.
    pub fn query(&self) -> String {
        query_string(&self.pairs())
    }

    /// The catalogue at its first page with `name` set to `value` ("" drops it).
    pub fn href_with(&self, name: &str, value: &str) -> String {
        with_query("/inovasi", &self.query_with(name, value))
    }

    /// The filters set, in address order (not the words).
    pub fn active(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.pairs()
            .into_iter()
            .skip(1)
            .filter(|(_, value)| !value.is_empty())
    }

    pub fn list_query(&self) -> ListQuery {
        let optional = |value: &str| (!value.is_empty()).then(|| value.to_owned());
        ListQuery {
            q: optional(&self.q),
            region: optional(&self.region),
            affair: optional(&self.affair),
            stage: optional(&self.stage),
            kind: optional(&self.kind),
            form: optional(&self.form),
            year: optional(&self.year),
            award: optional(&self.award),
            ..Default::default()
        }
    }
}

/// A found innovation, ready to print.
pub struct Hit {
    pub href: String,
    /// The name, HTML-escaped by the search analyzer, the words found in `<mark>`.
    pub name_html: String,
    /// An excerpt, HTML-escaped by the search analyzer, the words found in `<mark>`.
    pub snippet_html: String,
    pub agency: String,
    pub region: String,
    /// The region's page; "" for national institutions.
    pub region_href: String,
    pub tags: Vec<String>,
    pub awards: Vec<String>,
}

pub fn hit(result: &SearchResult, lang: Lang) -> Hit {
    let code_label =
        |vocabulary: &str, code: &str| lang.code_label(vocabulary, code).unwrap_or(code).to_owned();
    let mut tags = vec![
        code_label("stage", &result.stage),
        code_label("form", &result.form),
        code_label("kind", &result.kind),
    ];
    if let Some(year) = result.implementation_year {
        tags.push(format!("{} {year}", lang.pick("Diterapkan", "Implemented")));
    }
    Hit {
        href: format!("/inovasi/{}", result.id),
        name_html: result.name_html.clone(),
        snippet_html: result.snippet.clone(),
        agency: result.agency.clone(),
        region: result.region.name.clone(),
        region_href: region_href(&result.region.code),
        tags,
        awards: result.awards.clone(),
    }
}

/// A region's public page; the nation has none.
fn region_href(code: &str) -> String {
    if code.is_empty() || code == lumbung_service::domain::region::NATION_CODE {
        String::new()
    } else {
        format!("/daerah/{code}")
    }
}

/// One value of a facet: a link that sets its filter, or, when set, one that removes it.
pub struct FacetLink {
    pub label: String,
    pub count: String,
    pub href: String,
    pub active: bool,
}

pub struct FacetView {
    pub name: &'static str,
    pub heading: String,
    pub shown: Vec<FacetLink>,
    pub more: Vec<FacetLink>,
}

/// A filter in force, and the address without it.
pub struct ActiveFilter {
    pub label: String,
    pub value: String,
    pub remove_href: String,
}

/// One page of the pager; `href` is "" for a gap.
pub struct PageLink {
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Default)]
pub struct ResultPager {
    pub prev: String,
    pub next: String,
    pub pages: Vec<PageLink>,
}

/// Previous, next, the first and last page, and two either side of the current one.
fn result_pager(filters: &Filters, page: u32, total: i64) -> ResultPager {
    let last = u32::try_from((total.max(0) + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
        .unwrap_or(u32::MAX);
    if last <= 1 {
        return ResultPager::default();
    }
    let query = filters.query();
    let link = |number: u32| {
        let page_part = if number <= 1 {
            String::new()
        } else {
            format!("page={number}")
        };
        let full = [query.as_str(), page_part.as_str()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("&");
        with_query("/inovasi", &full)
    };
    let mut pages = Vec::new();
    let mut previous = 0;
    for number in 1..=last {
        let near = number + 2 >= page && number <= page.saturating_add(2);
        if number != 1 && number != last && !near {
            continue;
        }
        if number > previous + 1 {
            pages.push(PageLink {
                label: "…".into(),
                href: String::new(),
                current: false,
            });
        }
        pages.push(PageLink {
            label: number.to_string(),
            href: link(number),
            current: number == page,
        });
        previous = number;
    }
    ResultPager {
        prev: if page > 1 && page <= last {
            link(page - 1)
        } else {
            String::new()
        },
        next: if page < last {
            link(page + 1)
        } else {
            String::new()
        },
        pages,
    }
}

#[derive(Template)]
#[template(path = "katalog.html")]
pub struct CataloguePage {
    pub layout: Layout,
    pub q: String,
    /// The respelt words whose results show, when the words as typed found nothing; "".
    pub corrected_q: String,
    /// The filters in force, carried along by a new search.
    pub hidden: Vec<(&'static str, String)>,
    pub summary: String,
    pub hits: Vec<Hit>,
    /// The number of the first hit, for `<ol start>`.
    pub start: i64,
    /// The page asked for lies past the last one.
    pub past_end: bool,
    pub first_page_href: String,
    pub facets: Vec<FacetView>,
    pub active: Vec<ActiveFilter>,
    pub clear_href: String,
    pub pager: ResultPager,
    pub csv_href: String,
    pub json_href: String,
    /// What was wrong with the filters (the page answers 422).
    pub errors: Vec<String>,
    /// Where the reader goes with the wrong filters dropped.
    pub fixed_href: String,
}

/// `GET /inovasi?q=&region=&affair=&stage=&kind=&form=&year=&award=&page=`: the published
/// innovations found, 20 a page, with facets. A filter code that does not exist answers 422
/// with the message, the search box keeping what was typed.
pub async fn list(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    let lang = auth.reader.lang;
    let filters = Filters::from_pairs(&pairs);
    let page = page_number(
        pairs
            .iter()
            .find(|(key, _)| key == "page")
            .map(|(_, value)| value.as_str()),
    );
    let found = search::search(
        state.app(),
        &filters.list_query(),
        Paging::new(Some(page), Some(PER_PAGE)),
    )
    .await;
    let found = match found {
        Ok(found) => found,
        Err(ServiceError::Validation(errors)) => {
            return Ok(refused(&auth, &filters, &errors));
        }
        Err(error) => return Err(super::page_error(&auth, &error)),
    };
    let active = active_filters(state.app(), lang, &filters).await;
    let page_view = catalogue_page(&auth, &filters, page, &found, active);
    Ok(render(StatusCode::OK, &page_view))
}

fn catalogue_page(
    auth: &Auth,
    filters: &Filters,
    page: u32,
    found: &SearchResults,
    active: Vec<ActiveFilter>,
) -> CataloguePage {
    let lang = auth.reader.lang;
    let total = lang.number(found.total);
    let first = i64::from(page.saturating_sub(1)) * i64::from(PER_PAGE) + 1;
    let last = first + found.results.len() as i64 - 1;
    // The words whose results show: the respelling when the words as typed found nothing.
    let corrected_q = found
        .corrected_q
        .as_deref()
        .map(str::trim)
        .filter(|words| !words.is_empty())
        .unwrap_or_default();
    let shown_q = if corrected_q.is_empty() {
        filters.q.as_str()
    } else {
        corrected_q
    };
    let mut summary = match (shown_q.is_empty(), lang) {
        (_, _) if found.total == 0 => String::new(),
        (true, Lang::Id) => format!("{total} inovasi terbit."),
        (true, Lang::En) => format!("{total} published innovations."),
        (false, Lang::Id) => format!("{total} inovasi cocok dengan “{shown_q}”."),
        (false, Lang::En) if found.total == 1 => {
            format!("1 innovation matches “{shown_q}”.")
        }
        (false, Lang::En) => format!("{total} innovations match “{shown_q}”."),
    };
    if found.total > i64::from(PER_PAGE) && !found.results.is_empty() {
        summary.push(' ');
        summary.push_str(&match lang {
            Lang::Id => format!("Menampilkan {}–{}.", lang.number(first), lang.number(last)),
            Lang::En => format!("Showing {}–{}.", lang.number(first), lang.number(last)),
        });
    }
    let title = if filters.q.is_empty() {
        lang.t("Katalog inovasi").to_owned()
    } else {
        format!("{} “{}”", lang.t("Pencarian"), filters.q)
    };
    let title = if page > 1 {
        format!("{title} ({} {page})", lang.t("halaman"))
    } else {
        title
    };
    let description = if filters.q.is_empty() {
        lang.t("Katalog inovasi pelayanan publik dan tata kelola yang diterbitkan pemerintah daerah di Indonesia, dapat dicari menurut kata kunci, wilayah, urusan, tahapan, jenis, bentuk, tahun dan penghargaan.")
            .to_owned()
    } else {
        match lang {
            Lang::Id => format!(
                "Hasil pencarian “{shown_q}” di katalog inovasi daerah: {total} inovasi terbit dari pemerintah daerah di Indonesia."
            ),
            Lang::En => format!(
                "Search results for “{shown_q}” in the catalogue of regional innovations: {total} published innovations from Indonesian regional governments."
            ),
        }
    };
    let query = filters.query();
    // The downloads hold what shows, so they carry the respelt words.
    let download_query = if corrected_q.is_empty() {
        query.clone()
    } else {
        filters.query_with("q", corrected_q)
    };
    CataloguePage {
        layout: Layout::new(auth, "katalog", title)
            .translated()
            .describe(description),
        q: filters.q.clone(),
        corrected_q: corrected_q.to_owned(),
        hidden: filters
            .active()
            .map(|(name, value)| (name, value.to_owned()))
            .collect(),
        summary,
        hits: found.results.iter().map(|r| hit(r, lang)).collect(),
        start: first,
        past_end: found.total > 0 && found.results.is_empty(),
        first_page_href: with_query("/inovasi", &query),
        facets: facet_views(filters, &found.facets, lang),
        active,
        clear_href: filters.href_with_only_words(),
        pager: result_pager(filters, page, found.total),
        csv_href: with_query("/api/v1/opendata/innovations.csv", &download_query),
        json_href: with_query("/api/v1/opendata/innovations.json", &download_query),
        errors: Vec::new(),
        fixed_href: String::new(),
    }
}

impl Filters {
    /// The catalogue with the same words and no filter.
    fn href_with_only_words(&self) -> String {
        with_query("/inovasi", &query_string(&[("q", &self.q)]))
    }
}

/// The facets with values, in the order of [`FACETS`], each value a link.
fn facet_views(
    filters: &Filters,
    facets: &HashMap<String, Vec<FacetValue>>,
    lang: Lang,
) -> Vec<FacetView> {
    FACETS
        .iter()
        .filter_map(|name| {
            let values = facets.get(*name).filter(|v| !v.is_empty())?;
            let current = filters.get(name);
            let mut links: Vec<FacetLink> = values
                .iter()
                .map(|value| {
                    let active = !current.is_empty() && value.key == current;
                    FacetLink {
                        label: facet_label(name, value, lang),
                        count: lang.number(value.count),
                        href: if active {
                            filters.href_with(name, "")
                        } else {
                            filters.href_with(name, &value.key)
                        },
                        active,
                    }
                })
                .collect();
            let more = if links.len() > FACET_SHOWN {
                links.split_off(FACET_SHOWN)
            } else {
                Vec::new()
            };
            Some(FacetView {
                name,
                heading: lang.t(label_in(&FACET_HEADINGS, name)).to_owned(),
                shown: links,
                more,
            })
        })
        .collect()
}

fn facet_label(facet: &str, value: &FacetValue, lang: Lang) -> String {
    if let Some(label) = lang.code_label(facet, &value.key) {
        return label.to_owned();
    }
    // Under the heading "Provinsi", "Provinsi Bali" says it twice.
    match (facet, value.label.strip_prefix("Provinsi ")) {
        ("region", Some(name)) => name.to_owned(),
        _ => value.label.clone(),
    }
}

/// The filters in force as the reader reads them, each with the address without it.
async fn active_filters(app: &App, lang: Lang, filters: &Filters) -> Vec<ActiveFilter> {
    let mut out = Vec::new();
    for (name, value) in filters.active() {
        out.push(ActiveFilter {
            label: lang.t(label_in(&FILTER_LABELS, name)).to_owned(),
            value: value_label(app, lang, name, value).await,
            remove_href: filters.href_with(name, ""),
        });
    }
    out
}

/// A filter's value as the reader reads it: names for codes, the code when unknown.
async fn value_label(app: &App, lang: Lang, name: &str, value: &str) -> String {
    match name {
        "region" => {
            if value.len() == 2 {
                search::province_name(value)
            } else {
                lumbung_service::regions::get(app, value)
                    .await
                    .map(|region| region.name)
                    .unwrap_or_else(|_| value.to_owned())
            }
        }
        "affair" => Affair::parse(value)
            .map(|a| a.name.to_owned())
            .unwrap_or_else(|_| value.to_owned()),
        "stage" => Stage::parse(value)
            .map(|v| lang.stage(v).to_owned())
            .unwrap_or_else(|_| value.to_owned()),
        "kind" => Kind::parse(value)
            .map(|v| lang.kind(v).to_owned())
            .unwrap_or_else(|_| value.to_owned()),
        "form" => Form::parse(value)
            .map(|v| lang.form(v).to_owned())
            .unwrap_or_else(|_| value.to_owned()),
        "award" if matches!(value.to_lowercase().as_str(), "true" | "ya" | "1" | "ada") => {
            lang.t("Penghargaan apa pun").to_owned()
        }
        _ => value.to_owned(),
    }
}

/// The 422 page of filters that name nothing: each problem, the words kept in the box, and
/// a way on without the wrong filters.
fn refused(auth: &Auth, filters: &Filters, errors: &FieldErrors) -> axum::response::Response {
    let lang = auth.reader.lang;
    let mut fixed = filters.clone();
    let mut messages = Vec::new();
    for (field, message) in errors.iter() {
        let label = lang.t(label_in(&FILTER_LABELS, field));
        let value = filters.get(field);
        messages.push(match lang {
            // The service's message already names the filter.
            Lang::Id => forms::sentence(message),
            Lang::En => format!("{label}: “{value}” is not a value this catalogue knows."),
        });
        match field {
            "region" => fixed.region.clear(),
            "affair" => fixed.affair.clear(),
            "stage" => fixed.stage.clear(),
            "kind" => fixed.kind.clear(),
            "form" => fixed.form.clear(),
            "year" => fixed.year.clear(),
            "award" => fixed.award.clear(),
            _ => {}
        }
    }
    let page = CataloguePage {
        layout: Layout::new(auth, "katalog", lang.t("Saringan tidak dikenali"))
            .translated()
            .describe(lang.t("Saringan katalog inovasi yang diminta tidak dikenali.")),
        q: filters.q.clone(),
        corrected_q: String::new(),
        hidden: fixed
            .active()
            .map(|(name, value)| (name, value.to_owned()))
            .collect(),
        summary: String::new(),
        hits: Vec::new(),
        start: 1,
        past_end: false,
        first_page_href: String::new(),
        facets: Vec::new(),
        active: Vec::new(),
        clear_href: filters.href_with_only_words(),
        pager: ResultPager::default(),
        csv_href: String::new(),
        json_href: String::new(),
        errors: messages,
        fixed_href: with_query("/inovasi", &fixed.query()),
    };
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

// ---------------------------------------------------------------------------------------------
// `/inovasi/{id}`: one published innovation.

/// A date on the stage timeline.
pub struct Milestone {
    pub label: String,
    pub date: String,
    /// `YYYY-MM-DD`, for `<time datetime>`.
    pub iso: String,
}

/// A published innovation in the reader's language; what its government wrote stays as written.
pub struct PublicInnovation {
    pub name: String,
    pub number: String,
    pub agency: String,
    pub region: String,
    pub region_code: String,
    pub region_href: String,
    pub stage: String,
    pub kind: String,
    pub form: String,
    pub initiator: String,
    pub initiator_name: String,
    pub main_affair: String,
    pub related_affairs: Vec<String>,
    pub theme: String,
    pub budget: String,
    pub timeline: Vec<Milestone>,
    pub design: Vec<String>,
    pub goals: Vec<String>,
    pub benefits: Vec<String>,
    pub results: Vec<String>,
    pub links: Vec<String>,
    pub awards: Vec<String>,
    pub updated_at: String,
    pub updated_iso: String,
    pub is_demo: bool,
    /// The catalogue narrowed to this innovation's region and to its main affair.
    pub region_catalogue_href: String,
    pub affair_catalogue_href: String,
}

pub fn public_view(innovation: &Innovation, lang: Lang) -> PublicInnovation {
    let p = &innovation.profile;
    let mut timeline: Vec<(chrono::NaiveDate, &str)> = [
        (p.trial_date, "Uji coba dimulai"),
        (p.implementation_date, "Penerapan dimulai"),
        (p.latest_development, "Pengembangan terbaru"),
    ]
    .into_iter()
    .filter_map(|(date, label)| date.map(|d| (d, label)))
    .collect();
    // Stable: on the same day the order above holds.
    timeline.sort_by_key(|(date, _)| *date);
    let region_code = innovation.region.code.to_string();
    PublicInnovation {
        name: p.name.clone(),
        number: innovation.registration_number.clone(),
        agency: innovation.agency.name.clone(),
        region: innovation.region.name.clone(),
        region_href: region_href(&region_code),
        stage: lang.stage(p.stage).to_owned(),
        kind: lang.kind(p.kind).to_owned(),
        form: lang.form(p.form).to_owned(),
        initiator: p
            .initiator
            .map(|i| lang.initiator(i).to_owned())
            .unwrap_or_default(),
        initiator_name: p.initiator_name.clone().unwrap_or_default(),
        main_affair: p
            .main_affair
            .as_deref()
            .map(affair_name)
            .unwrap_or_default(),
        related_affairs: p.related_affairs.iter().map(|c| affair_name(c)).collect(),
        theme: p.theme.clone().unwrap_or_default(),
        budget: p.budget.clone().unwrap_or_default(),
        timeline: timeline
            .into_iter()
            .map(|(date, label)| Milestone {
                label: lang.t(label).to_owned(),
                date: lang.date(date),
                iso: date.format("%Y-%m-%d").to_string(),
            })
            .collect(),
        design: paragraphs(&p.design),
        goals: paragraphs(&p.goals),
        benefits: paragraphs(&p.benefits),
        results: paragraphs(&p.results),
        links: p
            .links
            .iter()
            .filter(|l| l.starts_with("https://") || l.starts_with("http://"))
            .cloned()
            .collect(),
        awards: innovation
            .awards
            .iter()
            .map(|a| {
                if a.body.is_empty() {
                    a.to_text()
                } else {
                    format!("{} ({})", a.to_text(), a.body)
                }
            })
            .collect(),
        updated_at: lang.date(innovation.updated_at.date_naive()),
        updated_iso: innovation.updated_at.format("%Y-%m-%d").to_string(),
        is_demo: innovation.is_demo,
        region_catalogue_href: if region_code == lumbung_service::domain::region::NATION_CODE {
            String::new()
        } else {
            format!("/inovasi?region={}", encode(&region_code))
        },
        affair_catalogue_href: p
            .main_affair
            .as_deref()
            .map(|code| format!("/inovasi?affair={}", encode(code)))
            .unwrap_or_default(),
        region_code,
    }
}

/// The first words of a text, at most `max` characters, cut between words.
fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[derive(Template)]
#[template(path = "inovasi.html")]
pub struct DetailPage {
    pub layout: Layout,
    pub item: PublicInnovation,
    pub evidence: Vec<EvidenceLine>,
    pub replications: Vec<ReplicationLine>,
    /// The problems it answers: complaint themes and forum agreements linked to it.
    pub problems: Vec<ProblemLine>,
}

/// A problem an innovation answers.
pub struct ProblemLine {
    /// "Tema pengaduan" or "Kesepakatan forum konsultasi publik", Indonesian; the template
    /// translates it.
    pub source: &'static str,
    pub text: String,
    pub place: String,
    pub status: String,
}

fn problem_lines(
    problems: lumbung_service::complaints::themes::Problems,
    lang: Lang,
) -> Vec<ProblemLine> {
    let themes = problems.themes.into_iter().map(|link| ProblemLine {
        source: "Tema pengaduan",
        text: match &link.tag {
            Some(tag) => format!(
                "{} · {tag}",
                lang.t(lumbung_service::complaints::category_name(&link.category))
            ),
            None => lang
                .t(lumbung_service::complaints::category_name(&link.category))
                .to_owned(),
        },
        place: link.region_name,
        status: link.note.unwrap_or_default(),
    });
    let agreements = problems
        .agreements
        .into_iter()
        .map(|agreement| ProblemLine {
            source: "Kesepakatan forum konsultasi publik",
            text: agreement.text,
            place: agreement.topic,
            status: agreement.status,
        });
    themes.chain(agreements).collect()
}

/// A region that replicates (or replicated) the innovation.
pub struct ReplicationLine {
    pub region: String,
    pub region_href: String,
    pub title: String,
    /// The status label, Indonesian; the template translates it.
    pub status: &'static str,
    pub since: String,
    pub done: String,
}

fn replication_lines(
    cases: Vec<lumbung_service::replications::CaseSummary>,
    lang: Lang,
) -> Vec<ReplicationLine> {
    cases
        .into_iter()
        .filter(|case| case.status != "rejected")
        .map(|case| ReplicationLine {
            region_href: format!("/daerah/{}", case.adopter_region),
            region: case.adopter_region_name,
            title: case.title,
            status: case.status_label,
            since: lang.date(case.opened_on),
            done: case.done_on.map(|day| lang.date(day)).unwrap_or_default(),
        })
        .collect()
}

/// A piece of evidence behind a published index answer, as the public sees it.
pub struct EvidenceLine {
    pub year: i64,
    pub indicator: String,
    pub level: i64,
    /// Letter number, date and subject, as written.
    pub letter: String,
    pub link: String,
    pub file_name: String,
}

fn evidence_lines(rows: Vec<assessments::PublicEvidenceView>, lang: Lang) -> Vec<EvidenceLine> {
    rows.into_iter()
        .map(|row| {
            let date = row
                .letter_date
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map(|d| lang.date(d));
            let letter = [row.letter_number, date, row.letter_subject]
                .into_iter()
                .flatten()
                .filter(|part| !part.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            EvidenceLine {
                year: row.year,
                indicator: format!("{} {}", row.indicator, row.indicator_name),
                level: row.level,
                letter,
                link: row.link.unwrap_or_default(),
                file_name: row.file_name.unwrap_or_default(),
            }
        })
        .collect()
}

/// `GET /inovasi/{id}`: a published innovation. Anything else (a draft, under review) does
/// not exist for the public, signed in or not: 404.
pub async fn show(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Path(id): Path<String>,
) -> PageResult {
    let Ok(id) = Uuid::parse_str(&id) else {
        return Err(not_found(&auth, "inovasi"));
    };
    let innovation = innovations::get(state.app(), &Caller::anonymous(), id)
        .await
        .or_page(&auth)?;
    let lang = auth.reader.lang;
    let evidence = evidence_lines(
        assessments::public_evidence(state.app(), id)
            .await
            .or_page(&auth)?,
        lang,
    );
    let replications = replication_lines(
        lumbung_service::replications::list(
            state.app(),
            &lumbung_service::replications::CaseQuery {
                innovation: Some(id),
                ..Default::default()
            },
        )
        .await
        .or_page(&auth)?,
        lang,
    );
    let problems = problem_lines(
        lumbung_service::complaints::themes::problems_of(state.app(), id)
            .await
            .or_page(&auth)?,
        lang,
    );
    let item = public_view(&innovation, lang);
    let about = [&innovation.profile.design, &innovation.profile.goals]
        .into_iter()
        .find(|text| !text.trim().is_empty())
        .map(|text| excerpt(text, 150))
        .unwrap_or_default();
    let description = match lang {
        Lang::Id => format!(
            "{}: inovasi {}, {}. {about}",
            item.name, item.agency, item.region
        ),
        Lang::En => format!(
            "{}: an innovation of {}, {}. {about}",
            item.name, item.agency, item.region
        ),
    };
    Ok(render(
        StatusCode::OK,
        &DetailPage {
            layout: Layout::new(&auth, "katalog", item.name.clone())
                .translated()
                .describe(description.trim_end()),
            item,
            evidence,
            replications,
            problems,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn filters_add_replace_and_drop_one_at_a_time() {
        let filters = Filters::from_pairs(&pairs(&[
            ("q", "perizinan online"),
            ("stage", "penerapan"),
            ("stage", "uji_coba"),
            ("page", "3"),
            ("entah", "x"),
        ]));
        assert_eq!(filters.stage, "penerapan", "the first value counts");
        assert_eq!(filters.query(), "q=perizinan+online&stage=penerapan");
        assert_eq!(
            filters.href_with("kind", "digital"),
            "/inovasi?q=perizinan+online&stage=penerapan&kind=digital"
        );
        assert_eq!(
            filters.href_with("stage", "uji_coba"),
            "/inovasi?q=perizinan+online&stage=uji_coba"
        );
        assert_eq!(
            filters.href_with("stage", ""),
            "/inovasi?q=perizinan+online"
        );
        assert_eq!(filters.href_with("q", ""), "/inovasi?stage=penerapan");
    }

    #[test]
    fn the_pager_shows_the_ends_and_the_neighbourhood() {
        let filters = Filters {
            q: "air".into(),
            ..Default::default()
        };
        let pager = result_pager(&filters, 5, 200);
        let labels: Vec<&str> = pager.pages.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["1", "…", "3", "4", "5", "6", "7", "…", "10"]);
        assert_eq!(pager.prev, "/inovasi?q=air&page=4");
        assert_eq!(pager.next, "/inovasi?q=air&page=6");
        assert_eq!(pager.pages[0].href, "/inovasi?q=air");
        assert!(pager.pages[4].current);
        let only = result_pager(&filters, 1, 20);
        assert!(only.pages.is_empty() && only.next.is_empty());
    }

    #[test]
    fn excerpts_cut_between_words() {
        assert_eq!(excerpt("satu dua", 20), "satu dua");
        let cut = excerpt("layanan administrasi kependudukan jemput bola", 25);
        assert!(cut.ends_with('…') && cut.chars().count() <= 25, "{cut}");
        assert!(cut.starts_with("layanan administrasi"), "{cut}");
    }

    #[test]
    fn every_filter_and_facet_name_has_english() {
        for (_, label) in FILTER_LABELS.iter().chain(FACET_HEADINGS.iter()) {
            assert_ne!(Lang::En.t(label), *label, "{label}");
        }
        for name in FACETS {
            assert!(!label_in(&FACET_HEADINGS, name).is_empty(), "{name}");
        }
        for text in [
            "Uji coba dimulai",
            "Penerapan dimulai",
            "Pengembangan terbaru",
            "Katalog inovasi",
            "Pencarian",
            "halaman",
            "Penghargaan apa pun",
            "Saringan tidak dikenali",
            "Saringan katalog inovasi yang diminta tidak dikenali.",
            "Katalog inovasi pelayanan publik dan tata kelola yang diterbitkan pemerintah daerah di Indonesia, dapat dicari menurut kata kunci, wilayah, urusan, tahapan, jenis, bentuk, tahun dan penghargaan.",
        ] {
            assert_ne!(Lang::En.t(text), text, "{text}");
        }
    }
}
