//! The public catalogue: `/inovasi` (published innovations, filtered and paged) and
//! `/inovasi/{id}` (one innovation's profile).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lumbung_service::Caller;
use lumbung_service::domain::affair::Affair;
use lumbung_service::domain::innovation::{Form, Kind, Stage};
use lumbung_service::innovations::{self, ListQuery};
use lumbung_service::store::Paging;
use lumbung_service::store::innovations::Innovation;
use serde::Deserialize;
use uuid::Uuid;

use super::forms::{self, optional, optional_date, page_number, paragraphs, query_string};
use super::{
    Choice, Layout, OrPage, PageAuth, PageResult, Pager, choices, not_found, pager, region_choices,
    render,
};
use crate::state::AppState;

const PER_PAGE: u32 = 20;

/// An innovation in a list.
pub struct ListItem {
    pub href: String,
    pub name: String,
    pub number: String,
    pub agency: String,
    pub region: String,
    pub stage: String,
    pub form: String,
    pub kind: String,
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
        form: profile.form.label().to_owned(),
        kind: profile.kind.label().to_owned(),
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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CatalogueQuery {
    pub q: String,
    pub region: String,
    pub stage: String,
    pub form: String,
    pub kind: String,
    pub page: Option<String>,
}

impl CatalogueQuery {
    fn list_query(&self) -> ListQuery {
        ListQuery {
            region: optional(&self.region),
            stage: optional(&self.stage),
            form: optional(&self.form),
            kind: optional(&self.kind),
            q: optional(&self.q),
            status: Some("published".into()),
            ..Default::default()
        }
    }

    /// The filters as a query string, without the page.
    fn filters(&self) -> String {
        query_string(&[
            ("q", &self.q),
            ("region", &self.region),
            ("stage", &self.stage),
            ("form", &self.form),
            ("kind", &self.kind),
        ])
    }
}

#[derive(Template)]
#[template(path = "katalog.html")]
pub struct CataloguePage {
    pub layout: Layout,
    pub q: String,
    pub regions: Vec<Choice>,
    pub stages: Vec<Choice>,
    pub forms: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub items: Vec<ListItem>,
    pub pager: Pager,
    pub filtered: bool,
}

/// `GET /inovasi`: published innovations, newest first.
pub async fn list(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Query(query): Query<CatalogueQuery>,
) -> PageResult {
    let paging = Paging::new(Some(page_number(query.page.as_deref())), Some(PER_PAGE));
    let page = innovations::list(
        state.app(),
        &Caller::anonymous(),
        &query.list_query(),
        paging,
    )
    .await
    .or_page(&auth)?;
    let filters = query.filters();
    let catalogue = CataloguePage {
        layout: Layout::new(&auth, "katalog", "Katalog inovasi"),
        q: query.q.trim().to_owned(),
        regions: region_choices(state.app(), &query.region)
            .await
            .or_page(&auth)?,
        stages: choices(
            Stage::ALL.iter().map(|v| (v.code(), v.label())),
            &query.stage,
        ),
        forms: choices(Form::ALL.iter().map(|v| (v.code(), v.label())), &query.form),
        kinds: choices(Kind::ALL.iter().map(|v| (v.code(), v.label())), &query.kind),
        items: page
            .items
            .iter()
            .map(|i| list_item(i, "/inovasi"))
            .collect(),
        pager: pager("/inovasi", &filters, &page),
        filtered: !filters.is_empty(),
    };
    Ok(render(StatusCode::OK, &catalogue))
}

#[derive(Template)]
#[template(path = "inovasi.html")]
pub struct DetailPage {
    pub layout: Layout,
    pub item: InnovationView,
}

/// `GET /inovasi/{id}`: a published innovation.
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
    let item = view(&innovation);
    Ok(render(
        StatusCode::OK,
        &DetailPage {
            layout: Layout::new(&auth, "katalog", item.name.clone()),
            item,
        },
    ))
}
