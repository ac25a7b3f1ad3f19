//! `/kelola/pengaduan/tema`: the complaint themes of a region that keep coming back with no
//! innovation answering them yet, each with a form to link the innovation that answers it,
//! and the links made so far with a button to remove each.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lumbung_service::complaints::themes::{self, RegionThemes, ThemeLinkInput};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::affair::Affair;
use lumbung_service::domain::region::RegionCode;
use lumbung_service::domain::time::TimeZone;
use lumbung_service::innovations::{self, ListQuery};
use lumbung_service::store::Paging;
use lumbung_service::{App, Caller, ServiceError};
use serde::Deserialize;
use uuid::Uuid;

use super::super::super::forms::{date, optional, query_string, sentence};
use super::super::super::{
    Choice, Layout, PageResult, SignedIn, check_csrf, page_error, region_choices, render, see_other,
};
use super::{RegionNames, SECTION, failure_message, is_fatal, parse_id};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;
use lumbung_service::complaints::desk::{self, Desk};

/// How many of the region's innovations the link form offers.
const INNOVATION_OPTIONS: u32 = 200;
const PATH: &str = "/kelola/pengaduan/tema";

pub struct ThemeRow {
    pub category: String,
    pub category_name: String,
    pub tag: String,
    pub count: usize,
    /// The row's message when linking it failed.
    pub error: String,
    pub typed_id: String,
    pub options: Vec<Choice>,
    pub note: String,
}

pub struct LinkRow {
    pub category_name: String,
    pub tag: String,
    pub innovation_name: String,
    pub innovation_href: String,
    pub note: String,
    pub created: String,
    pub remove_action: String,
}

#[derive(Template)]
#[template(path = "kelola_pengaduan_tema.html")]
pub struct ThemesPage {
    pub layout: Layout,
    pub notice: String,
    pub message: String,
    pub regions: Vec<Choice>,
    pub region_code: String,
    pub region_name: String,
    pub shown: bool,
    pub since_days: i64,
    pub min_count: usize,
    pub can_link: bool,
    pub themes: Vec<ThemeRow>,
    pub links: Vec<LinkRow>,
}

fn category_name(code: &str) -> String {
    Affair::by_code(code).map_or_else(|| code.to_owned(), |affair| affair.name.to_owned())
}

fn back(region: &str, outcome: &str) -> String {
    format!(
        "{PATH}?{}",
        query_string(&[("wilayah", region), ("hasil", outcome)])
    )
}

/// What the page says besides the themes: a notice, or a problem with its status.
struct Outcome {
    notice: String,
    status: StatusCode,
    message: String,
    failure: Option<Failure>,
}

impl Outcome {
    fn notice(notice: &str) -> Self {
        Self {
            notice: notice.to_owned(),
            status: StatusCode::OK,
            message: String::new(),
            failure: None,
        }
    }

    fn failed(error: &ServiceError, failure: Option<Failure>) -> Self {
        Self {
            notice: String::new(),
            status: describe(error).0,
            message: failure_message(error),
            failure,
        }
    }
}

/// A failed link: the theme it was for, what was typed, and why.
#[derive(Default)]
struct Failure {
    category: String,
    tag: String,
    values: LinkValues,
    message: String,
}

async fn page(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    region: Option<RegionCode>,
    outcome: Outcome,
) -> PageResult {
    let Outcome {
        notice,
        mut status,
        mut message,
        failure,
    } = outcome;
    let region_code = region.as_ref().map(|r| r.to_string()).unwrap_or_default();
    let mut found: Option<RegionThemes> = None;
    match &region {
        None => message = "Pilih wilayah yang temanya ingin dilihat.".to_owned(),
        Some(code) => match themes::of_region(app, caller, code).await {
            Ok(themes) => found = Some(themes),
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
    let can_link = region
        .as_ref()
        .is_some_and(|code| desk::administers(caller, code))
        && found.is_some();
    let innovations: Vec<(String, String)> = if can_link {
        innovations::list(
            app,
            caller,
            &ListQuery {
                region: Some(region_code.clone()),
                ..Default::default()
            },
            Paging::new(Some(1), Some(INNOVATION_OPTIONS)),
        )
        .await
        .map(|page| {
            page.items
                .into_iter()
                .map(|innovation| (innovation.id.to_string(), innovation.profile.name))
                .collect()
        })
        .unwrap_or_default()
    } else {
        Vec::new()
    };
    let (since_days, min_count, theme_rows, links) = match &found {
        Some(found) => {
            let rows = found
                .unanswered
                .iter()
                .map(|theme| {
                    let tag = theme.tag.clone().unwrap_or_default();
                    let failed = failure
                        .as_ref()
                        .filter(|f| f.category == theme.category && f.tag == tag);
                    let selected = failed.map(|f| f.values.inovasi.as_str()).unwrap_or("");
                    ThemeRow {
                        category_name: category_name(&theme.category),
                        category: theme.category.clone(),
                        count: theme.count,
                        error: failed.map(|f| f.message.clone()).unwrap_or_default(),
                        typed_id: failed
                            .map(|f| f.values.inovasi_id.clone())
                            .unwrap_or_default(),
                        note: failed.map(|f| f.values.catatan.clone()).unwrap_or_default(),
                        options: innovations
                            .iter()
                            .map(|(id, name)| Choice::new(id, name, selected))
                            .collect(),
                        tag,
                    }
                })
                .collect();
            let links = found
                .links
                .iter()
                .map(|link| LinkRow {
                    category_name: category_name(&link.category),
                    tag: link.tag.clone().unwrap_or_default(),
                    innovation_name: link.innovation_name.clone(),
                    innovation_href: format!("/kelola/inovasi/{}", link.innovation_id),
                    note: link.note.clone().unwrap_or_default(),
                    created: date(TimeZone::of(&link.region_code).local_date(link.created_at)),
                    remove_action: if desk::administers(caller, &link.region_code) {
                        format!("{PATH}/{}/hapus", link.id)
                    } else {
                        String::new()
                    },
                })
                .collect();
            (found.since_days, found.min_count, rows, links)
        }
        None => (0, 0, Vec::new(), Vec::new()),
    };
    let region_name = match &region {
        Some(code) => RegionNames::default().name(app, code).await,
        None => String::new(),
    };
    let page = ThemesPage {
        layout: Layout::new(auth, SECTION, "Tema pengaduan berulang"),
        notice,
        message,
        regions: region_choices(app, &region_code).await.unwrap_or_default(),
        region_code,
        region_name,
        shown: found.is_some(),
        since_days,
        min_count,
        can_link,
        themes: theme_rows,
        links,
    };
    Ok(render(status, &page))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ThemesQuery {
    pub wilayah: String,
    pub hasil: String,
}

/// `GET /kelola/pengaduan/tema?wilayah=..`.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<ThemesQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let notice = match query.hasil.trim() {
        "ditautkan" => "Tema ditautkan kepada inovasi yang menjawabnya.",
        "dihapus" => "Tautan tema dihapus.",
        _ => "",
    };
    page(
        state.app(),
        &auth,
        caller,
        Desk::of(caller).region(caller, &query.wilayah),
        Outcome::notice(notice),
    )
    .await
}

/// The link form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LinkValues {
    pub csrf: String,
    pub wilayah: String,
    pub kategori: String,
    pub tag: String,
    /// The innovation chosen from the region's list.
    pub inovasi: String,
    /// Or the id of any innovation the caller can see (one the region replicates).
    pub inovasi_id: String,
    pub catatan: String,
}

impl LinkValues {
    fn innovation(&self) -> Result<Uuid, ServiceError> {
        let text = optional(&self.inovasi_id).or_else(|| optional(&self.inovasi));
        match text {
            None => Err(FieldErrors::single(
                "innovation_id",
                "pilih inovasi yang menjawab tema ini",
            )
            .into()),
            Some(text) => Uuid::parse_str(&text).map_err(|_| {
                FieldErrors::single(
                    "innovation_id",
                    "ID inovasi tidak sah; salin dari alamat halaman inovasinya",
                )
                .into()
            }),
        }
    }
}

/// The messages of a failed link, as one sentence for its row.
fn row_message(error: &ServiceError) -> String {
    match error {
        ServiceError::Validation(errors) => errors
            .iter()
            .map(|(_, message)| sentence(message))
            .collect::<Vec<_>>()
            .join(" "),
        other => sentence(&describe(other).2),
    }
}

/// `POST /kelola/pengaduan/tema`: links a theme (wilayah, kategori, tag) to an innovation.
pub async fn link(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(values): Form<LinkValues>,
) -> PageResult {
    let caller = &auth.caller;
    check_csrf(&auth, &values.csrf)?;
    let app = state.app();
    let done = match values.innovation() {
        Ok(innovation_id) => {
            let input = ThemeLinkInput {
                region_code: values.wilayah.trim().to_owned(),
                category: values.kategori.trim().to_owned(),
                tag: optional(&values.tag),
                innovation_id,
                note: optional(&values.catatan),
            };
            themes::link(app, caller, &input).await.map(|_| ())
        }
        Err(error) => Err(error),
    };
    match done {
        Ok(()) => Ok(see_other(&back(values.wilayah.trim(), "ditautkan"))),
        Err(error) if is_fatal(&error) => Err(page_error(&auth, &error)),
        Err(error) => {
            let failure = Failure {
                category: values.kategori.trim().to_owned(),
                tag: values.tag.trim().to_owned(),
                message: row_message(&error),
                values: values.clone(),
            };
            page(
                app,
                &auth,
                caller,
                RegionCode::parse(values.wilayah.trim()).ok(),
                Outcome::failed(&error, Some(failure)),
            )
            .await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UnlinkValues {
    pub csrf: String,
    pub wilayah: String,
}

/// `POST /kelola/pengaduan/tema/{id}/hapus`.
pub async fn unlink(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(values): Form<UnlinkValues>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "tautan tema")?;
    check_csrf(&auth, &values.csrf)?;
    let app = state.app();
    match themes::unlink(app, caller, id).await {
        Ok(()) => Ok(see_other(&back(values.wilayah.trim(), "dihapus"))),
        Err(error) if is_fatal(&error) => Err(page_error(&auth, &error)),
        Err(error) => {
            page(
                app,
                &auth,
                caller,
                RegionCode::parse(values.wilayah.trim()).ok(),
                Outcome::failed(&error, None),
            )
            .await
        }
    }
}
