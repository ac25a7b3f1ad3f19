//! `/kelola/replikasi/saran`: innovations worth replicating for a region the caller
//! administers, each with its reasons and a button that opens the case.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use lumbung_service::domain::region::{RegionCode, RegionKind};
use lumbung_service::replications::{self, CaseInput, matchmaking};
use lumbung_service::{App, Caller, ServiceError, ServiceResult, regions};
use serde::Deserialize;
use uuid::Uuid;

use super::super::forms::sentence;
use super::super::{
    Choice, Layout, OrPage, PageResult, SignedIn, check_csrf, page_error, render, see_other,
};
use super::{administered, case_href, failure_message, is_fatal, region_name};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;

/// How many suggestions the page lists.
const LIMIT: usize = 20;

pub struct SuggestionRow {
    pub innovation_id: String,
    pub name: String,
    pub href: String,
    pub region_name: String,
    pub points: u32,
    pub reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "kelola_replikasi_saran.html")]
pub struct SuggestionsPage {
    pub layout: Layout,
    pub message: String,
    pub regions: Vec<Choice>,
    pub region: String,
    pub region_name: String,
    pub suggestions: Vec<SuggestionRow>,
}

/// The regions the caller may look for innovations for: those they administer and, under a
/// province, its kabupaten/kota; under the nation, the provinces.
async fn region_options(app: &App, caller: &Caller) -> ServiceResult<Vec<(String, String)>> {
    let mut options: Vec<(String, String)> = Vec::new();
    for region in administered(caller) {
        let children = match region.kind() {
            RegionKind::Nation => regions::list(app, None, Some(1)).await?,
            RegionKind::Province => regions::list(app, Some(region.as_str()), None).await?,
            _ => Vec::new(),
        };
        if !region.is_nation() {
            options.push((region.to_string(), region_name(app, &region).await));
        }
        for child in children {
            let prefix = if region.is_nation() { "" } else { "— " };
            options.push((child.code.to_string(), format!("{prefix}{}", child.name)));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    options.retain(|(code, _)| seen.insert(code.clone()));
    Ok(options)
}

async fn suggestions_page(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    region: &str,
    failure: Option<&ServiceError>,
) -> PageResult {
    let options = region_options(app, caller).await.or_page(auth)?;
    let region = match region.trim() {
        "" => options
            .first()
            .map(|(code, _)| code.clone())
            .unwrap_or_default(),
        typed => typed.to_owned(),
    };
    let mut suggestions = Vec::new();
    let mut name = String::new();
    if !region.is_empty() {
        let code =
            RegionCode::parse(&region).map_err(|e| page_error(auth, &ServiceError::BadInput(e)))?;
        let found = matchmaking::suggestions_for_admin(app, caller, &code, LIMIT)
            .await
            .or_page(auth)?;
        name = region_name(app, &code).await;
        for suggestion in found {
            suggestions.push(SuggestionRow {
                innovation_id: suggestion.innovation.to_string(),
                href: format!("/inovasi/{}", suggestion.innovation),
                name: suggestion.name,
                region_name: suggestion.region_name,
                points: suggestion.points,
                reasons: suggestion.reasons.iter().map(|r| sentence(r)).collect(),
            });
        }
    }
    let (status, message) = match failure {
        Some(error) => (describe(error).0, failure_message(error)),
        None => (StatusCode::OK, String::new()),
    };
    let message = match failure {
        Some(ServiceError::Validation(errors)) => errors
            .iter()
            .map(|(_, m)| sentence(m))
            .collect::<Vec<_>>()
            .join(" "),
        _ => message,
    };
    let page = SuggestionsPage {
        layout: Layout::new(auth, "replikasi", "Saran inovasi untuk direplikasi"),
        message,
        regions: options
            .iter()
            .map(|(code, label)| Choice::new(code, label, &region))
            .collect(),
        region_name: name,
        region,
        suggestions,
    };
    Ok(render(status, &page))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SuggestionsQuery {
    pub wilayah: String,
}

/// `GET /kelola/replikasi/saran?wilayah=61.01` (default: the caller's first region).
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<SuggestionsQuery>,
) -> PageResult {
    let caller = &auth.caller;
    suggestions_page(state.app(), &auth, caller, &query.wilayah, None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OpenForm {
    pub csrf: String,
    pub innovation: String,
    pub adopter: String,
}

/// `POST /kelola/replikasi/kasus/baru`: opens a case for an innovation and an adopter, then
/// goes to it.
pub async fn open(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(form): Form<OpenForm>,
) -> PageResult {
    let caller = &auth.caller;
    check_csrf(&auth, &form.csrf)?;
    let app = state.app();
    let input = CaseInput {
        innovation_id: Uuid::parse_str(form.innovation.trim()).ok(),
        adopter_region: form.adopter.trim().to_owned(),
        ..Default::default()
    };
    match replications::open(app, caller, &input).await {
        Ok(case) => Ok(see_other(&format!("{}?hasil=dibuka", case_href(case.id)))),
        Err(error) if is_fatal(&error) => Err(page_error(&auth, &error)),
        Err(error) => {
            let region = RegionCode::parse(form.adopter.trim())
                .ok()
                .filter(|code| matchmaking::may_suggest_for(caller, code))
                .map(|code| code.to_string())
                .unwrap_or_default();
            suggestions_page(app, &auth, caller, &region, Some(&error)).await
        }
    }
}
