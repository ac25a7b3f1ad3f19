//! Managing innovations under `/kelola/inovasi`: the list with every filter, the form to add
//! or edit one, its page with the review steps the caller may take, and deleting it.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::affair::AFFAIRS;
use lumbung_service::domain::innovation::{
    Form as InnovationForm, Initiator, Kind, Profile, ProfileInput, Stage, Status, Transition,
};
use lumbung_service::domain::region::RegionCode;
use lumbung_service::innovations::{self, InnovationInput, ListQuery};
use lumbung_service::store::innovations::Innovation;
use lumbung_service::store::{Page, Paging};
use lumbung_service::{App, Caller, ServiceError, ServiceResult, agencies};
use serde::Deserialize;
use uuid::Uuid;

use super::catalogue::{InnovationView, ListItem, list_item, view};
use super::forms::{
    FormFields, encode, lines, optional, page_number, parse_awards, query_string, sentence,
    with_query, word_count,
};
use super::parse_id;
use super::{
    Choice, Field, Layout, OrPage, PageResult, Pager, SignedIn, check_csrf, choices, error_page,
    error_summary, not_found, page_error, pager, region_choices, render, see_other,
};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;

const PER_PAGE: u32 = 50;
/// How many agencies a select offers before asking to narrow by region.
const AGENCY_OPTIONS: u32 = 200;

/// What a finished step says on the innovation's page (`?hasil=`).
fn outcome_notice(code: &str) -> &'static str {
    match code {
        "dibuat" => "Inovasi disimpan sebagai draf. Ajukan bila sudah lengkap.",
        "disimpan" => "Perubahan disimpan.",
        "diajukan" => "Inovasi diajukan untuk diverifikasi.",
        "diverifikasi" => "Inovasi telah diverifikasi dan siap diterbitkan.",
        "dikembalikan" => "Inovasi dikembalikan kepada pengusulnya beserta catatan.",
        "diterbitkan" => "Inovasi telah terbit dan tampil di katalog publik.",
        "dihapus" => "Inovasi telah dihapus.",
        _ => "",
    }
}

// ---------------------------------------------------------------------------------------------
// The list.

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ManageQuery {
    pub region: String,
    pub agency: String,
    pub stage: String,
    pub form: String,
    pub kind: String,
    pub affair: String,
    pub status: String,
    pub q: String,
    pub page: Option<String>,
    pub hasil: String,
}

impl ManageQuery {
    fn list_query(&self) -> ServiceResult<ListQuery> {
        let agency = match optional(&self.agency) {
            Some(text) => Some(Uuid::parse_str(&text).map_err(|_| {
                ServiceError::BadInput(format!("perangkat daerah \"{text}\" tidak dikenal"))
            })?),
            None => None,
        };
        Ok(ListQuery {
            region: optional(&self.region),
            agency,
            stage: optional(&self.stage),
            form: optional(&self.form),
            kind: optional(&self.kind),
            affair: optional(&self.affair),
            status: optional(&self.status),
            q: optional(&self.q),
            ..Default::default()
        })
    }

    fn filters(&self) -> String {
        query_string(&[
            ("q", &self.q),
            ("region", &self.region),
            ("agency", &self.agency),
            ("stage", &self.stage),
            ("form", &self.form),
            ("kind", &self.kind),
            ("affair", &self.affair),
            ("status", &self.status),
        ])
    }
}

#[derive(Template)]
#[template(path = "kelola_daftar.html")]
pub struct ListPage {
    pub layout: Layout,
    pub notice: String,
    pub q: String,
    pub regions: Vec<Choice>,
    pub agencies: Vec<Choice>,
    pub stages: Vec<Choice>,
    pub forms: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub affairs: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub items: Vec<ListItem>,
    pub pager: Pager,
    pub filtered: bool,
    pub export_csv: String,
    pub export_xlsx: String,
    pub export_json: String,
}

fn affair_options() -> impl Iterator<Item = (&'static str, &'static str)> {
    AFFAIRS.iter().map(|a| (a.code, a.name))
}

/// The agencies of a region for a filter, the selected one kept even when it lies elsewhere.
async fn agency_filter(app: &App, region: &str, selected: &str) -> ServiceResult<Vec<Choice>> {
    let mut options = Vec::new();
    if let Ok(region) = RegionCode::parse(region)
        && !region.is_nation()
    {
        let page = agencies::list(
            app,
            Some(region.as_str()),
            None,
            Paging::new(Some(1), Some(AGENCY_OPTIONS)),
        )
        .await?;
        options.extend(
            page.items
                .iter()
                .map(|a| (a.id.to_string(), a.name.clone())),
        );
    }
    if let Ok(id) = Uuid::parse_str(selected.trim())
        && !options.iter().any(|(value, _)| *value == id.to_string())
        && let Ok(agency) = agencies::get(app, id).await
    {
        options.push((agency.id.to_string(), agency.name));
    }
    Ok(options
        .iter()
        .map(|(value, label)| Choice::new(value, label, selected.trim()))
        .collect())
}

fn export_link(format: &str, filters: &str) -> String {
    let format_part = query_string(&[("format", format)]);
    let query = if filters.is_empty() {
        format_part
    } else {
        format!("{format_part}&{filters}")
    };
    with_query("/api/v1/exports/innovations", &query)
}

/// `GET /kelola/inovasi`: every innovation the caller may read, with every filter.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<ManageQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let app = state.app();
    let paging = Paging::new(Some(page_number(query.page.as_deref())), Some(PER_PAGE));
    let list_query = query.list_query().or_page(&auth)?;
    let page: Page<Innovation> = innovations::list(app, caller, &list_query, paging)
        .await
        .or_page(&auth)?;
    let filters = query.filters();
    let body = ListPage {
        layout: Layout::new(&auth, "inovasi", "Kelola inovasi"),
        notice: outcome_notice(query.hasil.trim()).to_owned(),
        q: query.q.trim().to_owned(),
        regions: region_choices(app, &query.region).await.or_page(&auth)?,
        agencies: agency_filter(app, &query.region, &query.agency)
            .await
            .or_page(&auth)?,
        stages: choices(
            Stage::ALL.iter().map(|v| (v.code(), v.label())),
            &query.stage,
        ),
        forms: choices(
            InnovationForm::ALL.iter().map(|v| (v.code(), v.label())),
            &query.form,
        ),
        kinds: choices(Kind::ALL.iter().map(|v| (v.code(), v.label())), &query.kind),
        affairs: choices(affair_options(), &query.affair),
        statuses: choices(
            Status::ALL.iter().map(|v| (v.code(), v.label())),
            &query.status,
        ),
        items: page
            .items
            .iter()
            .map(|i| list_item(i, "/kelola/inovasi"))
            .collect(),
        pager: pager("/kelola/inovasi", &filters, &page),
        filtered: !filters.is_empty(),
        export_csv: export_link("csv", &filters),
        export_xlsx: export_link("xlsx", &filters),
        export_json: export_link("json", &filters),
    };
    Ok(render(StatusCode::OK, &body))
}

// ---------------------------------------------------------------------------------------------
// The form.

/// Every field of the innovation form as typed: text, so a wrong value comes back unchanged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InnovationValues {
    pub agency_id: String,
    pub name: String,
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
    pub design: String,
    pub goals: String,
    pub benefits: String,
    pub results: String,
    pub budget: String,
    /// One per line.
    pub links: String,
    pub latest_development: String,
    /// One per line, e.g. "Top 45 KIPP 2019".
    pub awards: String,
}

impl InnovationValues {
    pub fn from_form(fields: &FormFields) -> Self {
        let text = |name: &str| fields.get(name).to_owned();
        Self {
            agency_id: text("agency_id").trim().to_owned(),
            name: text("name"),
            stage: text("stage"),
            trial_date: text("trial_date"),
            implementation_date: text("implementation_date"),
            initiator: text("initiator"),
            initiator_name: text("initiator_name"),
            kind: text("kind"),
            form: text("form"),
            main_affair: text("main_affair"),
            related_affairs: fields.all("related_affairs"),
            theme: text("theme"),
            design: text("design"),
            goals: text("goals"),
            benefits: text("benefits"),
            results: text("results"),
            budget: text("budget"),
            links: text("links"),
            latest_development: text("latest_development"),
            awards: text("awards"),
        }
    }

    pub fn from_innovation(innovation: &Innovation) -> Self {
        let p = innovation.profile.to_input();
        let text = |value: Option<String>| value.unwrap_or_default();
        Self {
            agency_id: innovation.agency.id.to_string(),
            name: p.name,
            stage: p.stage,
            trial_date: text(p.trial_date),
            implementation_date: text(p.implementation_date),
            initiator: text(p.initiator),
            initiator_name: text(p.initiator_name),
            kind: p.kind,
            form: p.form,
            main_affair: text(p.main_affair),
            related_affairs: p.related_affairs,
            theme: text(p.theme),
            design: text(p.design),
            goals: text(p.goals),
            benefits: text(p.benefits),
            results: text(p.results),
            budget: text(p.budget),
            links: p.links.join("\n"),
            latest_development: text(p.latest_development),
            awards: innovation
                .awards
                .iter()
                .map(|a| a.to_text())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The input the service reads, and the problems only the form can see: award lines
    /// that cannot be read and an agency id that is not one.
    pub fn to_input(&self) -> (InnovationInput, FieldErrors) {
        let mut errors = FieldErrors::new();
        let agency_id = match optional(&self.agency_id) {
            None => None,
            Some(text) => match Uuid::parse_str(&text) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("agency_id", "pilih perangkat daerah dari daftar");
                    None
                }
            },
        };
        let (awards, award_errors) = parse_awards(&self.awards);
        if !award_errors.is_empty() {
            errors.add("awards", award_errors.join("; "));
        }
        let profile = ProfileInput {
            name: self.name.clone(),
            stage: self.stage.clone(),
            trial_date: optional(&self.trial_date),
            implementation_date: optional(&self.implementation_date),
            initiator: optional(&self.initiator),
            initiator_name: optional(&self.initiator_name),
            kind: self.kind.clone(),
            form: self.form.clone(),
            main_affair: optional(&self.main_affair),
            related_affairs: self.related_affairs.clone(),
            theme: optional(&self.theme),
            design: optional(&self.design),
            goals: optional(&self.goals),
            benefits: optional(&self.benefits),
            results: optional(&self.results),
            budget: optional(&self.budget),
            links: lines(&self.links),
            latest_development: optional(&self.latest_development),
        };
        (
            InnovationInput {
                agency_id,
                profile,
                awards,
            },
            errors,
        )
    }
}

/// Checks the form and, when it is sound, hands it to `save`; every problem is reported
/// at once, those only the form sees together with the profile's own.
async fn save_with<F, Fut>(values: &InnovationValues, save: F) -> ServiceResult<Innovation>
where
    F: FnOnce(InnovationInput) -> Fut,
    Fut: std::future::Future<Output = ServiceResult<Innovation>>,
{
    let (input, mut errors) = values.to_input();
    if errors.is_empty() {
        return save(input).await;
    }
    if let Err(profile_errors) = Profile::parse(&input.profile) {
        for (field, message) in profile_errors.iter() {
            errors.add(field, message);
        }
    }
    if input.agency_id.is_none() {
        errors.add("agency_id", "perangkat daerah wajib dipilih");
    }
    Err(ServiceError::Validation(errors))
}

/// The fields of the innovation form, in the order of the official profile.
pub struct InnovationFields {
    pub agency_id: Field,
    pub name: Field,
    pub stage: Field,
    pub trial_date: Field,
    pub implementation_date: Field,
    pub initiator: Field,
    pub initiator_name: Field,
    pub kind: Field,
    pub form: Field,
    pub main_affair: Field,
    pub related_affairs: Field,
    pub theme: Field,
    pub design: Field,
    pub goals: Field,
    pub benefits: Field,
    pub results: Field,
    pub budget: Field,
    pub links: Field,
    pub latest_development: Field,
    pub awards: Field,
}

impl InnovationFields {
    fn new(values: &InnovationValues, errors: &FieldErrors, agencies: Vec<Choice>) -> Self {
        let v = values;
        let words = word_count(&v.design);
        let related: Vec<Choice> = AFFAIRS
            .iter()
            .map(|a| Choice {
                value: a.code.to_owned(),
                label: a.name.to_owned(),
                selected: v.related_affairs.iter().any(|r| r == a.code),
            })
            .collect();
        let long = |name, label, value: &str, hint: &str| {
            Field::new(name, label, value).hint(hint).errors(errors)
        };
        Self {
            agency_id: Field::new("agency_id", "Perangkat daerah pemilik", v.agency_id.as_str())
                .required()
                .options(agencies)
                .errors(errors),
            name: Field::new("name", "Nama inovasi", v.name.as_str())
                .required()
                .errors(errors),
            stage: Field::new("stage", "Tahapan inovasi", v.stage.as_str())
                .required()
                .options(choices(
                    Stage::ALL.iter().map(|s| (s.code(), s.label())),
                    &v.stage,
                ))
                .errors(errors),
            trial_date: Field::new("trial_date", "Waktu uji coba", v.trial_date.as_str())
                .hint("Wajib untuk tahapan uji coba.")
                .errors(errors),
            implementation_date: Field::new(
                "implementation_date",
                "Waktu penerapan",
                v.implementation_date.as_str(),
            )
            .hint("Wajib untuk tahapan penerapan.")
            .errors(errors),
            initiator: Field::new("initiator", "Inisiator", v.initiator.as_str())
                .options(choices(
                    Initiator::ALL.iter().map(|s| (s.code(), s.label())),
                    &v.initiator,
                ))
                .errors(errors),
            initiator_name: Field::new(
                "initiator_name",
                "Nama inisiator",
                v.initiator_name.as_str(),
            )
            .errors(errors),
            kind: Field::new("kind", "Jenis inovasi", v.kind.as_str())
                .required()
                .options(choices(
                    Kind::ALL.iter().map(|s| (s.code(), s.label())),
                    &v.kind,
                ))
                .errors(errors),
            form: Field::new("form", "Bentuk inovasi", v.form.as_str())
                .required()
                .options(choices(
                    InnovationForm::ALL.iter().map(|s| (s.code(), s.label())),
                    &v.form,
                ))
                .errors(errors),
            main_affair: Field::new("main_affair", "Urusan utama", v.main_affair.as_str())
                .options(choices(affair_options(), &v.main_affair))
                .errors(errors),
            related_affairs: Field::new("related_affairs", "Urusan terkait", "")
                .hint("Centang urusan lain yang ikut tersentuh; urusan utama tidak perlu dicentang lagi.")
                .options(related)
                .errors(errors),
            theme: Field::new("theme", "Tema", v.theme.as_str()).errors(errors),
            design: long(
                "design",
                "Rancang bangun",
                &v.design,
                &format!(
                    "Minimal 300 kata untuk indeks 2026. Isian saat ini: {words} kata. Pisahkan paragraf dengan baris kosong."
                ),
            ),
            goals: long("goals", "Tujuan inovasi", &v.goals, ""),
            benefits: long("benefits", "Manfaat yang diperoleh", &v.benefits, ""),
            results: long("results", "Hasil inovasi", &v.results, ""),
            budget: Field::new("budget", "Anggaran", v.budget.as_str())
                .hint("Sumber dan besarnya, mis. APBD 2024 Rp 150.000.000.")
                .errors(errors),
            links: long(
                "links",
                "Tautan",
                &v.links,
                "Satu tautan per baris, diawali http:// atau https://.",
            ),
            latest_development: Field::new(
                "latest_development",
                "Waktu pengembangan terbaru",
                v.latest_development.as_str(),
            )
            .errors(errors),
            awards: long(
                "awards",
                "Penghargaan",
                &v.awards,
                "Satu penghargaan per baris, mis. Top 45 KIPP 2019.",
            ),
        }
    }

    fn all(&self) -> [&Field; 20] {
        [
            &self.agency_id,
            &self.name,
            &self.stage,
            &self.trial_date,
            &self.implementation_date,
            &self.initiator,
            &self.initiator_name,
            &self.kind,
            &self.form,
            &self.main_affair,
            &self.related_affairs,
            &self.theme,
            &self.design,
            &self.goals,
            &self.benefits,
            &self.results,
            &self.budget,
            &self.links,
            &self.latest_development,
            &self.awards,
        ]
    }
}

#[derive(Template)]
#[template(path = "kelola_form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub heading: String,
    pub action: String,
    pub cancel_href: String,
    pub message: String,
    pub summary: Vec<Choice>,
    pub agency_select: bool,
    pub agency_note: String,
    pub narrow_region: String,
    /// Admins may list the agencies of any region they administer.
    pub can_narrow: bool,
    pub fields: InnovationFields,
}

/// The agencies the caller may record innovations for, as options; the agency already
/// chosen stays among them. Returns the options and whether the list was cut short.
async fn writable_agencies(
    app: &App,
    caller: &Caller,
    region: Option<&RegionCode>,
    current: &str,
) -> ServiceResult<(Vec<Choice>, bool)> {
    let (mut found, cut) = agencies::writable(app, caller, region, AGENCY_OPTIONS).await?;
    if let Ok(id) = Uuid::parse_str(current.trim())
        && !found.iter().any(|a| a.id == id)
        && let Ok(agency) = agencies::get(app, id).await
        && caller
            .actor
            .can_write_innovation(&agency.region_code, agency.id)
    {
        found.push(agency);
    }
    let options = found
        .iter()
        .map(|a| {
            Choice::new(
                &a.id.to_string(),
                &format!("{} — {}", a.name, a.region_name),
                current.trim(),
            )
        })
        .collect();
    Ok((options, cut))
}

/// What a form page shows besides the values.
struct FormSetting<'a> {
    heading: &'a str,
    action: String,
    cancel_href: String,
    narrow_region: &'a str,
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    caller: &Caller,
    setting: FormSetting<'_>,
    values: &InnovationValues,
    failure: Option<(StatusCode, ServiceError)>,
) -> PageResult {
    let narrow = RegionCode::parse(setting.narrow_region).ok();
    let (mut options, cut) =
        writable_agencies(state.app(), caller, narrow.as_ref(), &values.agency_id)
            .await
            .or_page(auth)?;
    // An operator of one agency has nothing to choose.
    if let [only] = options.as_mut_slice()
        && values.agency_id.is_empty()
    {
        only.selected = true;
    }
    // A typed id the list does not hold stays a typed id.
    let agency_select =
        !options.is_empty() && (values.agency_id.is_empty() || options.iter().any(|c| c.selected));
    let agency_note = if options.is_empty() && !caller.actor.is_admin_anywhere() {
        "Akun Anda belum memegang peran untuk mencatat inovasi perangkat daerah mana pun; hubungi admin daerah Anda."
    } else if options.is_empty() {
        "Tulis kode wilayah lalu tekan Tampilkan untuk memilih perangkat daerahnya, atau tempelkan ID perangkat daerah."
    } else if cut {
        "Daftar dipotong; tulis kode wilayah lalu tekan Tampilkan untuk mempersempitnya."
    } else {
        ""
    };
    let (status, message, errors) = match failure {
        None => (StatusCode::OK, String::new(), FieldErrors::new()),
        Some((status, ServiceError::Validation(errors))) => (
            status,
            "Periksa kembali isian yang ditandai.".to_owned(),
            errors,
        ),
        Some((status, error)) => (status, sentence(&describe(&error).2), FieldErrors::new()),
    };
    let fields = InnovationFields::new(values, &errors, options);
    let body = FormPage {
        layout: Layout::new(auth, "inovasi", setting.heading),
        heading: setting.heading.to_owned(),
        action: setting.action,
        cancel_href: setting.cancel_href,
        message,
        summary: error_summary(&fields.all(), &errors),
        agency_select,
        agency_note: agency_note.to_owned(),
        narrow_region: setting.narrow_region.trim().to_owned(),
        can_narrow: caller.actor.is_admin_anywhere(),
        fields,
    };
    Ok(render(status, &body))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FormQuery {
    /// Narrows the agency list to a region.
    pub wilayah: String,
}

fn new_setting(narrow_region: &str) -> FormSetting<'_> {
    FormSetting {
        heading: "Tambah inovasi",
        action: "/kelola/inovasi/baru".into(),
        cancel_href: "/kelola/inovasi".into(),
        narrow_region,
    }
}

fn edit_setting<'a>(id: Uuid, narrow_region: &'a str) -> FormSetting<'a> {
    FormSetting {
        heading: "Ubah inovasi",
        action: format!("/kelola/inovasi/{id}/ubah"),
        cancel_href: format!("/kelola/inovasi/{id}"),
        narrow_region,
    }
}

/// `GET /kelola/inovasi/baru`.
pub async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<FormQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let values = InnovationValues::default();
    form_page(
        &state,
        &auth,
        caller,
        new_setting(&query.wilayah),
        &values,
        None,
    )
    .await
}

/// Reads a submitted innovation form and its CSRF token.
fn read_form(auth: &Auth, fields: Vec<(String, String)>) -> PageResult<InnovationValues> {
    let fields = FormFields(fields);
    check_csrf(auth, fields.get("csrf"))?;
    Ok(InnovationValues::from_form(&fields))
}

/// Whether an error belongs on the form (the user can fix it there) or on its own page.
fn shown_on_form(error: &ServiceError) -> bool {
    matches!(
        error,
        ServiceError::Validation(_)
            | ServiceError::Forbidden(_)
            | ServiceError::Conflict(_)
            | ServiceError::BadInput(_)
    )
}

/// After a save: on to the innovation's page with `outcome` as the notice, or the same form
/// again with every message when the user can fix the problem there.
async fn after_save(
    state: &AppState,
    auth: &Auth,
    caller: &Caller,
    values: &InnovationValues,
    setting: FormSetting<'_>,
    saved: ServiceResult<Innovation>,
    outcome: &str,
) -> PageResult {
    match saved {
        Ok(innovation) => Ok(see_other(&format!(
            "/kelola/inovasi/{}?hasil={outcome}",
            innovation.id
        ))),
        Err(error) if shown_on_form(&error) => {
            let status = describe(&error).0;
            form_page(state, auth, caller, setting, values, Some((status, error))).await
        }
        Err(error) => Err(page_error(auth, &error)),
    }
}

/// `POST /kelola/inovasi/baru`: records a draft, or shows the form again with every message.
pub async fn create(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let values = read_form(&auth, fields)?;
    let app = state.app();
    let saved = save_with(&values, |input| async move {
        innovations::create(app, caller, &input).await
    })
    .await;
    after_save(
        &state,
        &auth,
        caller,
        &values,
        new_setting(""),
        saved,
        "dibuat",
    )
    .await
}

/// Loads an innovation the caller may edit now, or the page saying why not.
async fn editable(
    state: &AppState,
    auth: &Auth,
    caller: &Caller,
    id: Uuid,
) -> PageResult<Innovation> {
    innovations::editable(state.app(), caller, id)
        .await
        .or_page(auth)
}

/// `GET /kelola/inovasi/{id}/ubah`.
pub async fn edit_form(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<FormQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "inovasi")?;
    let innovation = editable(&state, &auth, caller, id).await?;
    let values = InnovationValues::from_innovation(&innovation);
    let setting = edit_setting(id, &query.wilayah);
    form_page(&state, &auth, caller, setting, &values, None).await
}

/// `POST /kelola/inovasi/{id}/ubah`.
pub async fn update(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "inovasi")?;
    let values = read_form(&auth, fields)?;
    let app = state.app();
    let saved = save_with(&values, |input| async move {
        innovations::update(app, caller, id, &input).await
    })
    .await;
    after_save(
        &state,
        &auth,
        caller,
        &values,
        edit_setting(id, ""),
        saved,
        "disimpan",
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// One innovation and its review steps.

#[derive(Template)]
#[template(path = "kelola_inovasi.html")]
pub struct DetailPage {
    pub layout: Layout,
    pub item: InnovationView,
    pub notice: String,
    pub message: String,
    pub note: Field,
    pub base: String,
    pub can_edit: bool,
    pub can_submit: bool,
    pub can_verify: bool,
    pub can_return: bool,
    pub can_publish: bool,
    pub can_delete: bool,
    pub public_href: String,
}

fn detail_page(
    auth: &Auth,
    caller: &Caller,
    innovation: &Innovation,
    notice: &str,
    failure: Option<(&ServiceError, &str)>,
) -> Response {
    let may = caller.actor.innovation_rights(
        &innovation.region.code,
        innovation.agency.id,
        innovation.status,
    );
    let (status, message, errors, note) = match failure {
        None => (StatusCode::OK, String::new(), FieldErrors::new(), ""),
        Some((error, note)) => {
            let (status, _, message) = describe(error);
            let errors = match error {
                ServiceError::Validation(errors) => errors.clone(),
                _ => FieldErrors::new(),
            };
            (status, sentence(&message), errors, note)
        }
    };
    let item = view(innovation);
    let body = DetailPage {
        layout: Layout::new(auth, "inovasi", item.name.clone()),
        notice: outcome_notice(notice).to_owned(),
        message,
        note: Field::new("note", "Catatan perbaikan", note)
            .hint("Wajib diisi: tuliskan apa yang perlu diperbaiki pengusul.")
            .errors(&errors),
        base: format!("/kelola/inovasi/{}", innovation.id),
        can_edit: may.edit,
        can_submit: may.submit,
        can_verify: may.verify,
        can_return: may.return_,
        can_publish: may.publish,
        can_delete: may.delete,
        public_href: if innovation.status == Status::Published {
            format!("/inovasi/{}", innovation.id)
        } else {
            String::new()
        },
        item,
    };
    render(status, &body)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DetailQuery {
    pub hasil: String,
}

/// `GET /kelola/inovasi/{id}`.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<DetailQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "inovasi")?;
    let innovation = innovations::get(state.app(), caller, id)
        .await
        .or_page(&auth)?;
    Ok(detail_page(
        &auth,
        caller,
        &innovation,
        query.hasil.trim(),
        None,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StepForm {
    pub csrf: String,
    pub note: String,
}

/// A step named in the address: a workflow transition, or deleting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Step(Transition, &'static str),
    Delete,
}

pub fn parse_action(text: &str) -> Option<Action> {
    Some(match text {
        "ajukan" => Action::Step(Transition::Submit, "diajukan"),
        "verifikasi" => Action::Step(Transition::Verify, "diverifikasi"),
        "kembalikan" => Action::Step(Transition::Return, "dikembalikan"),
        "terbitkan" => Action::Step(Transition::Publish, "diterbitkan"),
        "hapus" => Action::Delete,
        _ => return None,
    })
}

/// `POST /kelola/inovasi/{id}/{ajukan|verifikasi|kembalikan|terbitkan|hapus}`.
pub async fn act(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<StepForm>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "inovasi")?;
    let Some(action) = parse_action(&action) else {
        return Err(not_found(&auth, "halaman"));
    };
    check_csrf(&auth, &form.csrf)?;
    let app = state.app();
    let done = match action {
        Action::Step(step, outcome) => {
            innovations::transition(app, caller, id, step, optional(&form.note).as_deref())
                .await
                .map(|_| format!("/kelola/inovasi/{id}?hasil={}", encode(outcome)))
        }
        Action::Delete => innovations::delete(app, caller, id)
            .await
            .map(|()| "/kelola/inovasi?hasil=dihapus".to_owned()),
    };
    match done {
        Ok(to) => Ok(see_other(&to)),
        Err(error) => {
            // Show the innovation again with the reason, when it can still be read.
            let innovation = innovations::get(app, caller, id)
                .await
                .map_err(|_| error_page(&auth, &error))?;
            Ok(detail_page(
                &auth,
                caller,
                &innovation,
                "",
                Some((&error, &form.note)),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> FormFields {
        FormFields(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn a_submitted_form_becomes_service_input() {
        let agency = Uuid::now_v7();
        let form = fields(&[
            ("csrf", "x"),
            ("agency_id", &agency.to_string()),
            ("name", "Sipelandukilat"),
            ("stage", "penerapan"),
            ("trial_date", ""),
            ("implementation_date", "2019-02-01"),
            ("kind", "non_digital"),
            ("form", "pelayanan_publik"),
            ("main_affair", "kesehatan"),
            ("related_affairs", "sosial"),
            ("related_affairs", "pendidikan"),
            ("links", "https://a.go.id\n\n https://b.go.id "),
            ("awards", "Top 45 KIPP 2019\r\nOAPSI 2021"),
        ]);
        let values = InnovationValues::from_form(&form);
        let (input, errors) = values.to_input();
        assert!(errors.is_empty(), "{errors}");
        assert_eq!(input.agency_id, Some(agency));
        assert_eq!(input.profile.trial_date, None);
        assert_eq!(
            input.profile.implementation_date.as_deref(),
            Some("2019-02-01")
        );
        assert_eq!(input.profile.related_affairs, ["sosial", "pendidikan"]);
        assert_eq!(input.profile.links, ["https://a.go.id", "https://b.go.id"]);
        assert_eq!(input.profile.design, None);
        assert_eq!(input.awards.len(), 2);
        assert_eq!(input.awards[0].rank, "Top 45");
        assert!(Profile::parse(&input.profile).is_ok());
    }

    #[test]
    fn form_only_problems_are_named() {
        let values = InnovationValues {
            agency_id: "bukan-id".into(),
            awards: "Top 45 KIPP".into(),
            ..Default::default()
        };
        let (input, errors) = values.to_input();
        assert_eq!(input.agency_id, None);
        assert!(errors.get("agency_id").is_some());
        assert!(errors.get("awards").unwrap().contains("tahun"));
    }

    #[tokio::test]
    async fn a_form_with_unreadable_awards_reports_every_field_without_saving() {
        let values = InnovationValues {
            awards: "juara".into(),
            stage: "penerapan".into(),
            ..Default::default()
        };
        let result = save_with(&values, |_| async {
            panic!("nothing may be saved while the form has problems")
        })
        .await;
        let Err(ServiceError::Validation(errors)) = result else {
            panic!("expected validation errors");
        };
        for field in [
            "awards",
            "agency_id",
            "name",
            "kind",
            "form",
            "implementation_date",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors}");
        }
    }

    #[test]
    fn actions_are_read_from_the_address() {
        assert_eq!(
            parse_action("ajukan"),
            Some(Action::Step(Transition::Submit, "diajukan"))
        );
        assert_eq!(parse_action("hapus"), Some(Action::Delete));
        assert_eq!(parse_action("submit"), None);
        for code in ["diajukan", "diverifikasi", "dikembalikan", "diterbitkan"] {
            assert!(!outcome_notice(code).is_empty());
        }
    }
}
