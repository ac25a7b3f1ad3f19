//! `/kelola/perangkat-daerah`: agencies by region and name, and (for admins) a form to add one.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use lumbung_service::agencies::{self, AgencyInput};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::agency::AgencyKind;
use lumbung_service::domain::region::RegionCode;
use lumbung_service::store::Paging;
use lumbung_service::{Caller, ServiceError};
use serde::Deserialize;

use super::forms::{optional, page_number, query_string, sentence, with_query};
use super::{
    Choice, Field, Layout, OrPage, PageResult, Pager, SignedIn, check_csrf, choices, error_summary,
    pager, render, see_other,
};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;

const PER_PAGE: u32 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AgenciesQuery {
    pub region: String,
    pub q: String,
    pub page: Option<String>,
    /// Set after an agency was added, to say so.
    pub ditambah: String,
}

pub struct AgencyRow {
    pub name: String,
    pub kind: String,
    pub region: String,
    pub region_code: String,
    pub is_demo: bool,
    pub innovations_href: String,
}

/// What was typed into the add form.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct AgencyForm {
    pub csrf: String,
    pub region: String,
    pub name: String,
    pub kind: String,
}

#[derive(Template)]
#[template(path = "perangkat.html")]
pub struct AgenciesPage {
    pub layout: Layout,
    pub region: String,
    pub q: String,
    pub rows: Vec<AgencyRow>,
    pub pager: Pager,
    pub added: bool,
    pub can_add: bool,
    pub form_message: String,
    pub summary: Vec<Choice>,
    pub f_region: Field,
    pub f_name: Field,
    pub f_kind: Field,
}

/// The add form's fields with what was typed and the messages.
fn form_fields(form: &AgencyForm, errors: &FieldErrors) -> (Field, Field, Field) {
    (
        Field::new("region", "Kode wilayah", form.region.trim())
            .required()
            .hint("Kode Kemendagri, mis. 65 untuk provinsi atau 65.01 untuk kabupaten/kota.")
            .errors(errors),
        Field::new("name", "Nama perangkat daerah", form.name.trim())
            .required()
            .hint("Tulis nama lengkap, mis. Dinas Kesehatan.")
            .errors(errors),
        Field::new("kind", "Jenis instansi", form.kind.trim())
            .hint("Bila dikosongkan, jenis ditebak dari nama.")
            .options(choices(
                AgencyKind::ALL.iter().map(|k| (k.code(), k.label())),
                &form.kind,
            ))
            .errors(errors),
    )
}

struct Outcome {
    status: StatusCode,
    form: AgencyForm,
    message: String,
    errors: FieldErrors,
}

async fn page(
    state: &AppState,
    auth: &Auth,
    caller: &Caller,
    query: &AgenciesQuery,
    outcome: Option<Outcome>,
) -> PageResult {
    let paging = Paging::new(Some(page_number(query.page.as_deref())), Some(PER_PAGE));
    let list = agencies::list(
        state.app(),
        optional(&query.region).as_deref(),
        optional(&query.q),
        paging,
    )
    .await
    .or_page(auth)?;
    let filters = query_string(&[("region", &query.region), ("q", &query.q)]);
    let (status, form, message, errors) = match outcome {
        Some(o) => (o.status, o.form, o.message, o.errors),
        None => (
            StatusCode::OK,
            AgencyForm {
                region: query.region.trim().to_owned(),
                ..Default::default()
            },
            String::new(),
            FieldErrors::new(),
        ),
    };
    let (f_region, f_name, f_kind) = form_fields(&form, &errors);
    let rows = list
        .items
        .iter()
        .map(|a| AgencyRow {
            name: a.name.clone(),
            kind: a.kind.label().to_owned(),
            region: a.region_name.clone(),
            region_code: a.region_code.to_string(),
            is_demo: a.is_demo,
            innovations_href: format!("/kelola/inovasi?agency={}", a.id),
        })
        .collect();
    let body = AgenciesPage {
        layout: Layout::new(auth, "perangkat", "Perangkat daerah"),
        region: query.region.trim().to_owned(),
        q: query.q.trim().to_owned(),
        rows,
        pager: pager("/kelola/perangkat-daerah", &filters, &list),
        added: !query.ditambah.is_empty(),
        can_add: caller.actor.is_admin_anywhere(),
        form_message: message,
        summary: error_summary(&[&f_region, &f_name, &f_kind], &errors),
        f_region,
        f_name,
        f_kind,
    };
    Ok(render(status, &body))
}

/// `GET /kelola/perangkat-daerah?region=&q=`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<AgenciesQuery>,
) -> PageResult {
    let caller = &auth.caller;
    page(&state, &auth, caller, &query, None).await
}

/// `POST /kelola/perangkat-daerah`: adds an agency; on a problem the form comes back with
/// what was typed.
pub async fn create(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(form): Form<AgencyForm>,
) -> PageResult {
    let caller = &auth.caller;
    check_csrf(&auth, &form.csrf)?;
    let input = AgencyInput {
        region: form.region.trim().to_owned(),
        name: form.name.clone(),
        kind: optional(&form.kind),
    };
    match agencies::create(state.app(), caller, &input).await {
        Ok(agency) => Ok(see_other(&with_query(
            "/kelola/perangkat-daerah",
            &query_string(&[("region", agency.region_code.as_str()), ("ditambah", "1")]),
        ))),
        Err(error) => {
            let (status, _, message) = describe(&error);
            let errors = match error {
                ServiceError::Validation(errors) => errors,
                _ => FieldErrors::new(),
            };
            // The list below the form shows the typed region only when it is a region code.
            let query = AgenciesQuery {
                region: RegionCode::parse(&form.region)
                    .map(|code| code.to_string())
                    .unwrap_or_default(),
                ..Default::default()
            };
            let outcome = Outcome {
                status,
                form,
                message: sentence(&message),
                errors,
            };
            page(&state, &auth, caller, &query, Some(outcome)).await
        }
    }
}
