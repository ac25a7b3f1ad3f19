//! Server-rendered pages, in Bahasa Indonesia; the public pages in English too (`crate::i18n`).
//!
//! Every page works without JavaScript and carries no script at all; charts are inline SVG
//! drawn here. Handlers read the request, call the service, and fill a template struct of
//! ready-to-print strings, so templates hold no logic beyond loops and conditions.

mod agencies;
mod catalogue;
pub mod charts;
mod competitions;
mod complaints;
mod consultations;
mod dashboard;
pub mod forms;
mod home;
mod imports;
mod index;
mod innovations;
mod map;
mod opendata;
mod region_profile;
mod regions;
mod replications;
mod session;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::region::RegionCode;
use lumbung_service::stats::Counts;
use lumbung_service::store::Page;
use lumbung_service::{App, Caller, ServiceError, ServiceResult};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::auth::Auth;
use crate::error::{ApiError, describe};
use crate::i18n::{Lang, Reader};
use crate::state::AppState;
use forms::{encode, number, query_string, sentence, with_query};

pub fn routes(max_upload_bytes: usize) -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/masuk", get(session::form).post(session::sign_in))
        .route("/keluar", post(session::sign_out))
        .route("/inovasi", get(catalogue::list))
        .route("/inovasi/{id}", get(catalogue::show))
        .route("/daerah/{kode}", get(region_profile::show))
        .route("/peta", get(map::show))
        .route("/data", get(opendata::show))
        .route("/bahasa/{kode}", get(crate::i18n::switch))
        .route("/kelola", get(dashboard::show))
        .route("/kelola/wilayah", get(regions::list))
        .route(
            "/kelola/perangkat-daerah",
            get(agencies::list).post(agencies::create),
        )
        .route("/kelola/inovasi", get(innovations::list))
        .route(
            "/kelola/inovasi/baru",
            get(innovations::new_form).post(innovations::create),
        )
        .route("/kelola/inovasi/{id}", get(innovations::show))
        .route(
            "/kelola/inovasi/{id}/ubah",
            get(innovations::edit_form).post(innovations::update),
        )
        .route("/kelola/inovasi/{id}/{action}", post(innovations::act))
        .route(
            "/kelola/impor",
            get(imports::show)
                .post(imports::upload)
                .layer(DefaultBodyLimit::max(max_upload_bytes)),
        )
        .merge(index::routes(max_upload_bytes))
        .merge(competitions::routes())
        .merge(replications::routes(max_upload_bytes))
        .merge(consultations::routes())
        .merge(complaints::routes())
        // Pages may name the signed-in user: no shared cache may keep them.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        ))
        // Every page's header follows the `lang` cookie.
        .layer(SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static("Cookie"),
        ))
        .route("/static/app.css", get(stylesheet))
}

// ---------------------------------------------------------------------------------------------
// The stylesheet, compiled in.

const CSS: &str = include_str!("../../static/app.css");

/// FNV-1a of the stylesheet, so its address changes whenever its content does.
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

const CSS_VERSION: u64 = fnv1a(CSS.as_bytes());

fn css_href() -> String {
    format!("/static/app.css?v={CSS_VERSION:016x}")
}

async fn stylesheet(uri: Uri) -> Response {
    let current = uri.query() == Some(&format!("v={CSS_VERSION:016x}"));
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
        ],
        CSS,
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------------
// The layout every page shares.

/// One link of the main menu.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// What `base.html` needs: the title, who is signed in, the menu and the sign-out token.
pub struct Layout {
    pub title: String,
    /// The page's `<meta name="description">`.
    pub description: String,
    pub signed_in: bool,
    pub user_name: String,
    pub user_email: String,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    pub css_href: String,
    /// The reader's language (the `lang` cookie): the header, menu and footer follow it.
    pub lang: Lang,
    /// The language of the page's own text, for `<html lang>`: Indonesian unless the page
    /// is translated (see [`Layout::translated`]).
    pub page_lang: Lang,
    /// The switch to the other language, coming back to this page.
    pub switch_href: String,
}

const PUBLIC_NAV: [(&str, &str, &str); 9] = [
    ("/", "Beranda", "beranda"),
    ("/inovasi", "Katalog Inovasi", "katalog"),
    ("/peta", "Peta", "peta"),
    ("/data", "Data Terbuka", "data"),
    ("/kompetisi", "Kompetisi", "kompetisi"),
    ("/replikasi", "Replikasi", "replikasi"),
    ("/pengaduan", "Pengaduan", "pengaduan"),
    ("/fkp", "Forum Konsultasi", "fkp"),
    ("/masuk", "Masuk", "masuk"),
];

const DEFAULT_DESCRIPTION: &str = "Lumbung Inovasi: registri inovasi pelayanan publik dan tata \
kelola pemerintahan daerah di Indonesia.";

const MANAGE_NAV: [(&str, &str, &str); 6] = [
    ("/kelola", "Dasbor", "dasbor"),
    ("/kelola/inovasi", "Inovasi", "inovasi"),
    ("/kelola/pengaduan", "Pengaduan", "pengaduan"),
    ("/kelola/impor", "Impor", "impor"),
    ("/kelola/wilayah", "Wilayah", "wilayah"),
    ("/kelola/perangkat-daerah", "Perangkat Daerah", "perangkat"),
];

impl Layout {
    /// The layout for `auth`'s caller; `section` marks the current menu item.
    pub fn new(auth: &Auth, section: &str, title: impl Into<String>) -> Self {
        let caller = &auth.caller;
        let signed_in = caller.is_signed_in();
        let menu: &[(&'static str, &'static str, &str)] =
            if signed_in { &MANAGE_NAV } else { &PUBLIC_NAV };
        Self {
            title: title.into(),
            description: DEFAULT_DESCRIPTION.to_owned(),
            signed_in,
            user_name: if signed_in {
                caller.name.clone()
            } else {
                String::new()
            },
            user_email: if signed_in {
                caller.label.clone()
            } else {
                String::new()
            },
            csrf: auth.csrf_token().unwrap_or_default().to_owned(),
            nav: menu
                .iter()
                .map(|(href, label, key)| NavItem {
                    href,
                    label,
                    current: *key == section,
                })
                .collect(),
            css_href: css_href(),
            lang: auth.reader.lang,
            page_lang: Lang::Id,
            switch_href: auth.reader.switch_href(),
        }
    }

    /// Marks the page as written in the reader's language (its texts go through
    /// [`Layout::t`]); other pages stay Indonesian whatever the reader chose.
    pub fn translated(mut self) -> Self {
        self.page_lang = self.lang;
        if self.description == DEFAULT_DESCRIPTION {
            self.description = self.lang.t(DEFAULT_DESCRIPTION).to_owned();
        }
        self
    }

    /// Sets the page's meta description.
    pub fn describe(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// A fixed Indonesian text in the reader's language.
    pub fn t<'a>(&self, text: &'a str) -> &'a str {
        self.lang.t(text)
    }

    /// ` lang="en"` on the header and footer of a page whose own text is in the other language.
    pub fn chrome_lang_attr(&self) -> String {
        if self.lang == self.page_lang {
            String::new()
        } else {
            format!(" lang=\"{}\"", self.lang.code())
        }
    }

    /// The layout for nobody signed in, read by `reader` (their language, their address).
    pub fn anonymous(reader: Reader, section: &str, title: impl Into<String>) -> Self {
        Self::new(
            &Auth {
                caller: Caller::anonymous(),
                via: crate::auth::Via::Anonymous,
                reader,
            },
            section,
            title,
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering and errors.

const RENDER_FAILED: &str = "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">\
<title>Terjadi kesalahan · Lumbung Inovasi</title></head><body><main><h1>Terjadi kesalahan</h1>\
<p>Halaman tidak dapat ditampilkan. Coba lagi beberapa saat lagi; bila tetap gagal, hubungi admin.</p>\
<p><a href=\"/\">Kembali ke beranda</a></p></main></body></html>";

/// Renders a page with its status; a template that fails to render is a 500 with a plain
/// Indonesian message (the cause goes to the log only).
pub fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "page template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, Html(RENDER_FAILED)).into_response()
        }
    }
}

/// 303 See Other: where a form sends the browser after it did its work.
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

#[derive(Template)]
#[template(path = "galat.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub heading: String,
    pub message: String,
    pub details: Vec<String>,
}

fn heading_of(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "Permintaan tidak dapat dibaca",
        403 => "Akses ditolak",
        404 => "Tidak ditemukan",
        409 => "Tidak dapat diproses",
        413 => "Berkas terlalu besar",
        422 => "Isian belum benar",
        429 => "Terlalu banyak percobaan",
        503 => "Server sedang sibuk",
        _ => "Terjadi kesalahan",
    }
}

/// The page for an error: its status, a safe Indonesian message, and for invalid input each
/// problem. Not being signed in sends the browser to the sign-in page instead.
pub fn error_page(auth: &Auth, error: &ServiceError) -> Response {
    if matches!(error, ServiceError::Unauthenticated) {
        return see_other("/masuk");
    }
    let (status, _, message) = describe(error);
    let details = match error {
        ServiceError::Validation(errors) => errors.iter().map(|(_, m)| sentence(m)).collect(),
        _ => Vec::new(),
    };
    let heading = heading_of(status);
    let mut response = render(
        status,
        &ErrorPage {
            layout: Layout::new(auth, "", heading),
            heading: heading.to_owned(),
            message: sentence(&message),
            details,
        },
    );
    crate::error::mark_recorded(error, &mut response);
    response
}

/// [`error_page`] as the error of a [`PageResult`].
pub fn page_error(auth: &Auth, error: &ServiceError) -> PageError {
    error_page(auth, error).into()
}

/// The 404 page of an address that names nothing (e.g. an id that is not a UUID).
pub fn not_found(auth: &Auth, what: &'static str) -> PageError {
    page_error(auth, &ServiceError::NotFound(what))
}

/// An id from the address; anything else names no page (404 naming `what`).
pub fn parse_id(auth: &Auth, text: &str, what: &'static str) -> PageResult<uuid::Uuid> {
    uuid::Uuid::parse_str(text.trim()).map_err(|_| not_found(auth, what))
}

/// A page answering an error, boxed because a response is large.
pub struct PageError(Box<Response>);

impl From<Response> for PageError {
    fn from(response: Response) -> Self {
        Self(Box::new(response))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        *self.0
    }
}

/// What a page handler answers: the page, or the page of what went wrong.
pub type PageResult<T = Response> = Result<T, PageError>;

/// Turns a service error into its page, for `?` in handlers returning `PageResult<_>`.
pub trait OrPage<T> {
    fn or_page(self, auth: &Auth) -> PageResult<T>;
}

impl<T> OrPage<T> for ServiceResult<T> {
    fn or_page(self, auth: &Auth) -> PageResult<T> {
        self.map_err(|error| error_page(auth, &error).into())
    }
}

/// The caller, as the `Auth` extractor finds them, whose refusals are pages, not JSON.
pub struct PageAuth(pub Auth);

impl FromRequestParts<AppState> for PageAuth {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match Auth::from_request_parts(parts, state).await {
            Ok(auth) => Ok(PageAuth(auth)),
            Err(ApiError(error)) => Err(error_page(
                &Auth {
                    caller: Caller::anonymous(),
                    via: crate::auth::Via::Anonymous,
                    reader: Reader::from_parts(parts),
                },
                &error,
            )),
        }
    }
}

/// A signed-in caller for an officers' page; anyone else is sent to the sign-in page, which
/// comes back here afterwards.
pub struct SignedIn(pub Auth);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let PageAuth(auth) = PageAuth::from_request_parts(parts, state).await?;
        if auth.caller.is_signed_in() {
            Ok(SignedIn(auth))
        } else {
            let back = parts
                .uri
                .path_and_query()
                .map(|pq| pq.as_str())
                .unwrap_or("/kelola");
            Err(see_other(&format!("/masuk?ke={}", encode(back))))
        }
    }
}

/// Checks the CSRF token of a submitted form.
pub fn check_csrf(auth: &Auth, sent: &str) -> PageResult<()> {
    auth.check_csrf(sent)
        .map_err(|ApiError(error)| error_page(auth, &error).into())
}

// ---------------------------------------------------------------------------------------------
// Pieces several pages show.

/// An option of a `<select>` or a checkbox of a group.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: &str, label: &str, selected: &str) -> Self {
        Self {
            value: value.to_owned(),
            label: label.to_owned(),
            selected: !selected.is_empty() && value == selected,
        }
    }
}

/// Options from `(code, label)` pairs, `selected` marking the current one.
pub fn choices<'a>(
    options: impl IntoIterator<Item = (&'a str, &'a str)>,
    selected: &str,
) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice::new(value, label, selected.trim()))
        .collect()
}

/// The provinces, and under the province of the selected region its kabupaten/kota, so a
/// region can be narrowed down one submit at a time without JavaScript.
pub async fn region_choices(app: &App, selected: &str) -> ServiceResult<Vec<Choice>> {
    let selected = RegionCode::parse(selected).ok();
    let selected_text = selected.as_ref().map(|c| c.to_string()).unwrap_or_default();
    let open = selected.as_ref().and_then(RegionCode::province);
    let mut out = Vec::new();
    for province in lumbung_service::regions::list(app, None, Some(1)).await? {
        out.push(Choice::new(
            province.code.as_str(),
            &province.name,
            &selected_text,
        ));
        if open.as_ref() == Some(&province.code) {
            for child in
                lumbung_service::regions::list(app, Some(province.code.as_str()), None).await?
            {
                out.push(Choice::new(
                    child.code.as_str(),
                    &format!("— {}", child.name),
                    &selected_text,
                ));
            }
        }
    }
    Ok(out)
}

/// A form field as a template prints it: its value as typed, its message, its hint.
#[derive(Debug, Clone, Default)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    pub error: String,
    pub hint: String,
    pub required: bool,
    pub options: Vec<Choice>,
}

impl Field {
    pub fn new(name: &'static str, label: &'static str, value: impl Into<String>) -> Self {
        Self {
            name,
            label,
            value: value.into(),
            ..Default::default()
        }
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    pub fn options(mut self, options: Vec<Choice>) -> Self {
        self.options = options;
        self
    }

    /// Takes this field's message, if `errors` has one.
    pub fn errors(mut self, errors: &FieldErrors) -> Self {
        self.error = errors.get(self.name).map(sentence).unwrap_or_default();
        self
    }

    /// The ids of the hint and the error, for `aria-describedby`.
    pub fn describedby(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("f-{}-hint", self.name));
        }
        if !self.error.is_empty() {
            ids.push(format!("f-{}-error", self.name));
        }
        ids.join(" ")
    }
}

/// The summary above a form: each message, linking to its field (`value` is the field name).
pub fn error_summary(fields: &[&Field], errors: &FieldErrors) -> Vec<Choice> {
    summary_of(
        fields.iter().map(|f| (f.name, f.label, f.error.as_str())),
        errors,
    )
}

/// The summary of fields given as (name, label, error), for forms whose fields are known
/// only at run time: each message in the order of the fields, then, since messages about
/// fields the form does not show still deserve a line, those.
pub fn summary_of<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    errors: &FieldErrors,
) -> Vec<Choice> {
    let fields: Vec<(&str, &str, &str)> = fields.into_iter().collect();
    let mut out: Vec<Choice> = fields
        .iter()
        .filter(|(_, _, error)| !error.is_empty())
        .map(|(name, label, error)| Choice {
            value: (*name).to_owned(),
            label: format!("{label}: {error}"),
            selected: false,
        })
        .collect();
    for (name, message) in errors.iter() {
        if !fields.iter().any(|(field, _, _)| *field == name) {
            out.push(Choice {
                value: String::new(),
                label: sentence(message),
                selected: false,
            });
        }
    }
    out
}

/// One row of a count table, with the length of its bar (0–100) and where it leads.
#[derive(Debug, Clone)]
pub struct CountRow {
    pub label: String,
    pub count: String,
    pub bar: u32,
    pub href: String,
}

/// A count table: its caption, rows and total.
#[derive(Debug, Clone)]
pub struct CountTable {
    pub caption: String,
    pub rows: Vec<CountRow>,
    pub total: String,
}

/// The rows of a count, each linking to the list filtered by its key.
pub fn count_rows(counts: &Counts, href: impl Fn(&str) -> String) -> Vec<CountRow> {
    let max = counts.groups.iter().map(|g| g.count).max().unwrap_or(0);
    counts
        .groups
        .iter()
        .map(|group| CountRow {
            label: group.label.clone(),
            count: number(group.count),
            bar: bar_length(group.count, max),
            href: group.key.as_deref().map(&href).unwrap_or_default(),
        })
        .collect()
}

/// The length of a bar out of 100, at least 1 for anything above nothing.
pub fn bar_length(count: i64, max: i64) -> u32 {
    if count <= 0 || max <= 0 {
        return 0;
    }
    let length = (count.saturating_mul(100) / max).clamp(1, 100);
    u32::try_from(length).unwrap_or(100)
}

/// Links to the previous and next page of a list, and what is being shown.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    pub summary: String,
    pub prev: String,
    pub next: String,
}

/// The pager of a list at `path` whose filters are `query` (without `page`).
pub fn pager<T>(path: &str, query: &str, page: &Page<T>) -> Pager {
    let link = |number: u32| {
        let page_text = number.to_string();
        let page_part = if number <= 1 {
            String::new()
        } else {
            query_string(&[("page", &page_text)])
        };
        let full = [query, page_part.as_str()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("&");
        with_query(path, &full)
    };
    let per_page = i64::from(page.per_page.max(1));
    let first = i64::from(page.page.saturating_sub(1)) * per_page + 1;
    let last = (first + page.items.len() as i64 - 1).max(first);
    let summary = if page.total == 0 {
        String::new()
    } else if page.items.is_empty() {
        format!(
            "Tidak ada data di halaman ini dari {} data.",
            number(page.total)
        )
    } else {
        format!(
            "Menampilkan {}–{} dari {} data.",
            number(first),
            number(last),
            number(page.total)
        )
    };
    Pager {
        summary,
        prev: if page.page > 1 {
            link(page.page - 1)
        } else {
            String::new()
        },
        next: if i64::from(page.page) * per_page < page.total {
            link(page.page + 1)
        } else {
            String::new()
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Failed forms.

/// The message of a failed form, in sentences.
pub(crate) fn failure_message(error: &ServiceError) -> String {
    match error {
        ServiceError::Validation(_) => {
            "Periksa kembali isian yang ditandai; belum ada yang disimpan.".to_owned()
        }
        other => sentence(&describe(other).2),
    }
}

/// The field messages of an error, renamed to the page's field names (several forms share
/// a page, so their fields carry distinct names).
pub(crate) fn field_errors(error: &ServiceError, renames: &[(&str, &str)]) -> FieldErrors {
    let mut out = FieldErrors::new();
    if let ServiceError::Validation(errors) = error {
        for (field, message) in errors.iter() {
            let name = renames
                .iter()
                .find(|(from, _)| *from == field)
                .map_or(field, |(_, to)| to);
            out.add(name, message);
        }
    }
    out
}

/// Errors that are nobody's typing: they get their own page, not a form again.
pub(crate) fn is_fatal(error: &ServiceError) -> bool {
    matches!(
        error,
        ServiceError::Internal(_) | ServiceError::Unauthenticated
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page: u32, items: usize, total: i64) -> Page<u8> {
        Page {
            items: vec![0; items],
            total,
            page,
            per_page: 20,
        }
    }

    #[test]
    fn pages_link_back_and_forth_keeping_filters() {
        let first = pager("/inovasi", "q=air", &page(1, 20, 45));
        assert_eq!(first.summary, "Menampilkan 1–20 dari 45 data.");
        assert_eq!(first.prev, "");
        assert_eq!(first.next, "/inovasi?q=air&page=2");
        let second = pager("/inovasi", "q=air", &page(2, 20, 45));
        assert_eq!(second.prev, "/inovasi?q=air");
        let last = pager("/inovasi", "", &page(3, 5, 45));
        assert_eq!(last.summary, "Menampilkan 41–45 dari 45 data.");
        assert_eq!(last.prev, "/inovasi?page=2");
        assert_eq!(last.next, "");
        assert_eq!(pager("/inovasi", "", &page(1, 0, 0)).summary, "");
    }

    #[test]
    fn bars_are_relative_to_the_largest() {
        assert_eq!(bar_length(0, 10), 0);
        assert_eq!(bar_length(10, 10), 100);
        assert_eq!(bar_length(5, 10), 50);
        assert_eq!(bar_length(1, 1000), 1);
    }

    #[test]
    fn choices_mark_the_selected_one() {
        let options = choices([("a", "A"), ("b", "B")], "b");
        assert!(!options[0].selected && options[1].selected);
        assert!(choices([("", "Semua")], "").iter().all(|c| !c.selected));
    }

    #[test]
    fn a_translated_page_without_a_description_has_the_default_in_its_language() {
        assert_ne!(Lang::En.t(DEFAULT_DESCRIPTION), DEFAULT_DESCRIPTION);
        let english = Reader {
            lang: Lang::En,
            path: "/masuk".into(),
        };
        let layout = Layout::anonymous(english.clone(), "masuk", "Sign in").translated();
        assert_eq!(layout.page_lang, Lang::En);
        assert_eq!(layout.description, Lang::En.t(DEFAULT_DESCRIPTION));
        assert_eq!(layout.switch_href, "/bahasa/id?kembali=%2Fmasuk");
        let described = Layout::anonymous(english, "", "x")
            .describe("Own words.")
            .translated();
        assert_eq!(described.description, "Own words.");
        let untranslated = Layout::anonymous(Reader::default(), "", "x");
        assert_eq!(untranslated.description, DEFAULT_DESCRIPTION);
    }

    #[test]
    fn the_stylesheet_address_follows_its_content() {
        assert!(css_href().starts_with("/static/app.css?v="));
        assert_ne!(fnv1a(b"a"), fnv1a(b"b"));
    }
}
