//! The programme form, for a new programme (`/kelola/replikasi/program/baru`) and an
//! existing one (`…/ubah`): commitment, mentoring team, the innovations offered (with a
//! search that keeps what was typed) and the adopters.

use std::collections::BTreeSet;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{Datelike, Utc};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::parse::parse_date;
use lumbung_service::domain::region::{RegionCode, RegionKind};
use lumbung_service::innovations::{self, ListQuery};
use lumbung_service::replications::programmes::{
    self as service, Mentor, ProgrammeInput, ProgrammeView, Signatory,
};
use lumbung_service::store::Paging;
use lumbung_service::{App, Caller, ServiceError, ServiceResult, regions};
use uuid::Uuid;

use super::super::super::forms::{FormFields, lines, optional};
use super::super::super::{
    Choice, Field, Layout, OrPage, PageResult, SignedIn, check_csrf, error_summary, page_error,
    render, see_other,
};
use super::super::{
    administered, failure_message, field_errors, is_fatal, organises, parse_id, programme_href,
    region_name,
};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;

/// How many search results the programme form offers at once.
const INNOVATION_OPTIONS: usize = 50;

/// The programme form as typed: text, so a wrong value comes back unchanged.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeValues {
    pub scope: String,
    pub year: String,
    pub name: String,
    pub commitment_signed_on: String,
    /// One per line: "Nama; Jabatan; kode wilayah".
    pub signatories: String,
    pub commitment_link: String,
    /// One per line: "Nama; Lembaga; Peran".
    pub mentoring_team: String,
    pub innovations: Vec<String>,
    pub adopters: Vec<String>,
    pub silent_after_days: String,
    /// The search of the innovation list.
    pub q: String,
}

impl ProgrammeValues {
    fn from_fields(fields: &FormFields) -> Self {
        let text = |name: &str| fields.get(name).to_owned();
        Self {
            scope: text("scope").trim().to_owned(),
            year: text("year"),
            name: text("name"),
            commitment_signed_on: text("commitment_signed_on"),
            signatories: text("signatories"),
            commitment_link: text("commitment_link"),
            mentoring_team: text("mentoring_team"),
            innovations: fields.all("innovations"),
            adopters: fields.all("adopters"),
            silent_after_days: text("silent_after_days"),
            q: text("q"),
        }
    }

    fn from_view(view: &ProgrammeView) -> Self {
        let signatories = view
            .signatories
            .iter()
            .map(|s| {
                let mut parts = vec![s.name.clone(), s.position.clone()];
                if let Some(region) = s.region.as_deref().filter(|r| !r.is_empty()) {
                    parts.push(region.to_owned());
                }
                parts.join("; ")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let team = view
            .mentoring_team
            .iter()
            .map(|m| {
                let mut parts = vec![m.name.clone(), m.institution.clone()];
                if !m.role.is_empty() {
                    parts.push(m.role.clone());
                }
                parts.join("; ")
            })
            .collect::<Vec<_>>()
            .join("\n");
        Self {
            scope: view.scope.to_string(),
            year: view.year.to_string(),
            name: view.name.clone(),
            commitment_signed_on: view
                .commitment_signed_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            signatories,
            commitment_link: view.commitment_link.clone().unwrap_or_default(),
            mentoring_team: team,
            innovations: view.innovations.iter().map(|i| i.id.to_string()).collect(),
            adopters: view
                .rows
                .iter()
                .map(|r| r.adopter.code.to_string())
                .collect(),
            silent_after_days: view.silent_after_days.to_string(),
            q: String::new(),
        }
    }

    /// The input the service reads, and the problems only the form can see.
    fn to_input(&self) -> (ProgrammeInput, FieldErrors) {
        let mut errors = FieldErrors::new();
        let year = match self.year.trim().parse::<i32>() {
            Ok(year) => year,
            Err(_) => {
                errors.add("year", "tahun program ditulis dengan angka, mis. 2022");
                0
            }
        };
        let commitment_signed_on = match optional(&self.commitment_signed_on) {
            None => None,
            Some(text) => parse_date(&text)
                .map_err(|e| errors.add("commitment_signed_on", e))
                .ok(),
        };
        let mut signatories = Vec::new();
        let mut bad = Vec::new();
        for (n, line) in lines(&self.signatories).iter().enumerate() {
            let parts: Vec<&str> = line.split(';').map(str::trim).collect();
            match parts.as_slice() {
                [name, position] if !name.is_empty() => signatories.push(Signatory {
                    name: (*name).to_owned(),
                    position: (*position).to_owned(),
                    region: None,
                }),
                [name, position, region] if !name.is_empty() => signatories.push(Signatory {
                    name: (*name).to_owned(),
                    position: (*position).to_owned(),
                    region: optional(region),
                }),
                _ => bad.push((n + 1).to_string()),
            }
        }
        if !bad.is_empty() {
            errors.add(
                "signatories",
                format!(
                    "baris {} tidak terbaca; tulis satu penanda tangan per baris sebagai \"Nama; Jabatan; kode wilayah\"",
                    bad.join(", ")
                ),
            );
        }
        let mut team = Vec::new();
        let mut bad = Vec::new();
        for (n, line) in lines(&self.mentoring_team).iter().enumerate() {
            let parts: Vec<&str> = line.split(';').map(str::trim).collect();
            match parts.as_slice() {
                [name, institution] if !name.is_empty() => team.push(Mentor {
                    name: (*name).to_owned(),
                    institution: (*institution).to_owned(),
                    role: String::new(),
                }),
                [name, institution, role] if !name.is_empty() => team.push(Mentor {
                    name: (*name).to_owned(),
                    institution: (*institution).to_owned(),
                    role: (*role).to_owned(),
                }),
                _ => bad.push((n + 1).to_string()),
            }
        }
        if !bad.is_empty() {
            errors.add(
                "mentoring_team",
                format!(
                    "baris {} tidak terbaca; tulis satu pendamping per baris sebagai \"Nama; Lembaga; Peran\"",
                    bad.join(", ")
                ),
            );
        }
        let mut chosen = Vec::new();
        for id in &self.innovations {
            match Uuid::parse_str(id) {
                Ok(id) => chosen.push(id),
                Err(_) => errors.add("innovations", "pilih inovasi dari daftar"),
            }
        }
        let silent_after_days = match optional(&self.silent_after_days) {
            None => None,
            Some(text) => match text.parse::<u32>() {
                Ok(days) if (1..=365).contains(&days) => Some(days),
                _ => {
                    errors.add(
                        "silent_after_days",
                        "batas hari tanpa laporan berupa angka 1 sampai 365",
                    );
                    None
                }
            },
        };
        let input = ProgrammeInput {
            scope: self.scope.trim().to_owned(),
            year,
            name: self.name.clone(),
            commitment_signed_on,
            signatories,
            commitment_link: optional(&self.commitment_link),
            mentoring_team: team,
            innovations: chosen,
            adopters: self.adopters.clone(),
            silent_after_days,
        };
        if !errors.is_empty() {
            // What the service would also say, so every problem shows at once.
            if input.name.trim().is_empty() {
                errors.add("name", "nama program wajib diisi");
            }
            if input.innovations.is_empty() && errors.get("innovations").is_none() {
                errors.add("innovations", "pilih paling sedikit satu inovasi");
            }
            if input.adopters.is_empty() {
                errors.add("adopters", "pilih paling sedikit satu daerah replikator");
            }
        }
        (input, errors)
    }
}

/// Where the caller may run a programme: the nation and the provinces they administer (a
/// national admin administers every province).
async fn scope_options(app: &App, caller: &Caller) -> ServiceResult<Vec<(String, String)>> {
    let administered = administered(caller);
    let mut options = Vec::new();
    if administered.iter().any(RegionCode::is_nation) {
        options.push(("ID".to_owned(), "Nasional".to_owned()));
        for province in regions::list(app, None, Some(1)).await? {
            options.push((province.code.to_string(), province.name));
        }
        return Ok(options);
    }
    for region in administered {
        if region.kind() == RegionKind::Province {
            options.push((region.to_string(), region_name(app, &region).await));
        }
    }
    Ok(options)
}

/// The innovations to tick: those already ticked first, then published innovations outside
/// the scope matching the search; and a note when the search shows only part of them.
async fn innovation_options(
    app: &App,
    caller: &Caller,
    scope: Option<&RegionCode>,
    values: &ProgrammeValues,
) -> ServiceResult<(Vec<Choice>, String)> {
    let mut options = Vec::new();
    let mut ticked = BTreeSet::new();
    for text in &values.innovations {
        let Ok(id) = Uuid::parse_str(text) else {
            continue;
        };
        if !ticked.insert(id) {
            continue;
        }
        let label = match innovations::get(app, caller, id).await {
            Ok(found) => format!("{} — {}", found.profile.name, found.region.name),
            Err(_) => format!("Inovasi {id}"),
        };
        options.push(Choice {
            value: id.to_string(),
            label,
            selected: true,
        });
    }
    let query = ListQuery {
        status: Some("published".into()),
        q: optional(&values.q),
        ..Default::default()
    };
    let found = innovations::list(app, caller, &query, Paging::new(Some(1), Some(200))).await?;
    let outside: Vec<_> = found
        .items
        .iter()
        .filter(|i| scope.is_none_or(|s| s.is_nation() || !s.covers(&i.region.code)))
        .filter(|i| !ticked.contains(&i.id))
        .collect();
    let shown = outside.len().min(INNOVATION_OPTIONS);
    for innovation in outside.iter().take(INNOVATION_OPTIONS) {
        options.push(Choice {
            value: innovation.id.to_string(),
            label: format!("{} — {}", innovation.profile.name, innovation.region.name),
            selected: false,
        });
    }
    let more = outside.len() > shown || found.total > i64::try_from(found.items.len()).unwrap_or(0);
    let note = if more {
        format!(
            "Menampilkan {shown} inovasi pertama yang cocok; persempit pencarian bila inovasi yang dicari belum tampil."
        )
    } else if outside.is_empty() && ticked.is_empty() {
        "Tidak ada inovasi terbit di luar wilayah penyelenggara yang cocok dengan pencarian.".into()
    } else {
        String::new()
    };
    Ok((options, note))
}

/// The regions under the scope to tick as adopters: a province's kabupaten/kota, or for a
/// national programme every province followed by its kabupaten/kota (codes sort that way).
async fn adopter_options(
    app: &App,
    scope: Option<&RegionCode>,
    ticked: &[String],
) -> ServiceResult<Vec<Choice>> {
    let mut options = Vec::new();
    if let Some(scope) = scope {
        let mut under = if scope.is_nation() {
            regions::list(app, None, None).await?
        } else {
            regions::list(app, Some(scope.as_str()), None).await?
        };
        under.retain(|region| !region.code.is_nation() && region.code != *scope);
        under.sort_by(|a, b| a.code.cmp(&b.code));
        for region in under {
            let code = region.code.to_string();
            let indent = if scope.is_nation() && region.code.level() == 2 {
                "— "
            } else {
                ""
            };
            options.push(Choice {
                selected: ticked.contains(&code),
                label: format!("{indent}{} ({code})", region.name),
                value: code,
            });
        }
    }
    for code in ticked {
        if !options.iter().any(|c| &c.value == code) {
            options.push(Choice {
                value: code.clone(),
                label: code.clone(),
                selected: true,
            });
        }
    }
    Ok(options)
}

pub struct ProgrammeFields {
    pub scope: Field,
    pub year: Field,
    pub name: Field,
    pub commitment_signed_on: Field,
    pub signatories: Field,
    pub commitment_link: Field,
    pub mentoring_team: Field,
    pub innovations: Field,
    pub adopters: Field,
    pub silent_after_days: Field,
}

#[derive(Template)]
#[template(path = "kelola_replikasi_program_form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub heading: String,
    pub action: String,
    pub cancel_href: String,
    pub notice: String,
    pub message: String,
    pub summary: Vec<Choice>,
    /// A new programme chooses its organiser; an existing one keeps it.
    pub choose_scope: bool,
    pub scope_name: String,
    pub fields: ProgrammeFields,
    pub q: String,
    pub innovations_note: String,
}

/// Which form: a new programme, or an existing one.
#[derive(Clone, Copy)]
enum Setting {
    New,
    Edit(Uuid),
}

impl Setting {
    fn action(self) -> String {
        match self {
            Setting::New => "/kelola/replikasi/program/baru".into(),
            Setting::Edit(id) => format!("{}/ubah", programme_href(id)),
        }
    }
}

/// What the form shows beyond the values: a notice, or the error of a save.
#[derive(Default)]
struct FormState {
    notice: String,
    failure: Option<ServiceError>,
}

async fn form_page(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    setting: Setting,
    values: &ProgrammeValues,
    state: FormState,
) -> PageResult {
    let scopes = scope_options(app, caller).await.or_page(auth)?;
    let scope = RegionCode::parse(&values.scope).ok();
    let (innovation_choices, innovations_note) =
        innovation_options(app, caller, scope.as_ref(), values)
            .await
            .or_page(auth)?;
    let adopter_choices = adopter_options(app, scope.as_ref(), &values.adopters)
        .await
        .or_page(auth)?;
    let errors = state
        .failure
        .as_ref()
        .map(|e| field_errors(e, &[]))
        .unwrap_or_default();
    let scope_hint = match setting {
        Setting::New => {
            "Provinsi (atau Nasional) yang menyelenggarakan program. Setelah mengganti, tekan \"Tampilkan daerah\" agar daftar daerah replikator menyesuaikan."
        }
        Setting::Edit(_) => "",
    };
    let fields = ProgrammeFields {
        scope: Field::new("scope", "Penyelenggara", values.scope.as_str())
            .required()
            .hint(scope_hint)
            .options(
                scopes
                    .iter()
                    .map(|(value, label)| Choice::new(value, label, &values.scope))
                    .collect(),
            )
            .errors(&errors),
        year: Field::new("year", "Tahun program", values.year.as_str())
            .required()
            .errors(&errors),
        name: Field::new("name", "Nama program", values.name.as_str())
            .required()
            .hint("Mis. Komitmen Replikasi Inovasi Pelayanan Publik Provinsi Kalbar Tahun 2022.")
            .errors(&errors),
        commitment_signed_on: Field::new(
            "commitment_signed_on",
            "Tanggal penandatanganan komitmen",
            values.commitment_signed_on.as_str(),
        )
        .hint("Komitmen yang ditandatangani berlaku sebagai surat komitmen setiap kasus program ini.")
        .errors(&errors),
        signatories: Field::new(
            "signatories",
            "Penanda tangan komitmen",
            values.signatories.as_str(),
        )
        .hint("Satu per baris: Nama; Jabatan; kode wilayah. Mis. Ir. H. Fulan; Sekretaris Daerah Kabupaten Sambas; 61.01")
        .errors(&errors),
        commitment_link: Field::new(
            "commitment_link",
            "Tautan dokumen komitmen",
            values.commitment_link.as_str(),
        )
        .hint("Alamat lengkap diawali https://.")
        .errors(&errors),
        mentoring_team: Field::new(
            "mentoring_team",
            "Tim pendamping",
            values.mentoring_team.as_str(),
        )
        .hint("Satu per baris: Nama; Lembaga; Peran. Mis. Hub JIPP Kalbar; Hub JIPP Kalbar; pendamping")
        .errors(&errors),
        innovations: Field::new("innovations", "Inovasi yang direplikasi", "")
            .required()
            .hint("Inovasi terbit dari luar wilayah penyelenggara. Yang sudah dicentang tetap tampil di atas.")
            .options(innovation_choices)
            .errors(&errors),
        adopters: Field::new("adopters", "Daerah replikator", "")
            .required()
            .hint(if scope.is_some() {
                "Kabupaten/kota (untuk program nasional: provinsi) di wilayah penyelenggara."
            } else {
                "Pilih penyelenggara lalu tekan \"Tampilkan daerah\"."
            })
            .options(adopter_choices)
            .errors(&errors),
        silent_after_days: Field::new(
            "silent_after_days",
            "Batas hari tanpa laporan",
            values.silent_after_days.as_str(),
        )
        .hint("Kasus yang tidak melapor selama lebih dari sekian hari ditandai di halaman pemantauan. Bawaan 30.")
        .errors(&errors),
    };
    let summary = match &state.failure {
        Some(ServiceError::Validation(_)) => error_summary(
            &[
                &fields.scope,
                &fields.year,
                &fields.name,
                &fields.commitment_signed_on,
                &fields.signatories,
                &fields.commitment_link,
                &fields.mentoring_team,
                &fields.innovations,
                &fields.adopters,
                &fields.silent_after_days,
            ],
            &errors,
        ),
        _ => Vec::new(),
    };
    let (status, message) = match &state.failure {
        None => (StatusCode::OK, String::new()),
        Some(error) => (describe(error).0, failure_message(error)),
    };
    let scope_name = match &scope {
        Some(code) => region_name(app, code).await,
        None => String::new(),
    };
    let (heading, cancel_href) = match setting {
        Setting::New => (
            "Buat program replikasi".to_owned(),
            "/kelola/replikasi".to_owned(),
        ),
        Setting::Edit(id) => (format!("Ubah program: {}", values.name), programme_href(id)),
    };
    let page = FormPage {
        layout: Layout::new(auth, "replikasi", heading.clone()),
        heading,
        action: setting.action(),
        cancel_href,
        notice: state.notice,
        message,
        summary,
        choose_scope: matches!(setting, Setting::New),
        scope_name,
        fields,
        q: values.q.clone(),
        innovations_note,
    };
    Ok(render(status, &page))
}

/// `GET /kelola/replikasi/program/baru` (`?scope=61&q=…` preselects).
pub async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(query): Query<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let app = state.app();
    if !organises(caller) {
        return Err(page_error(
            &auth,
            &ServiceError::Forbidden(
                "program replikasi dibuat oleh admin provinsi atau admin nasional".into(),
            ),
        ));
    }
    let mut values = ProgrammeValues::from_fields(&FormFields(query));
    if values.scope.is_empty() {
        let scopes = scope_options(app, caller).await.or_page(&auth)?;
        if let [(only, _)] = scopes.as_slice() {
            values.scope = only.clone();
        }
    }
    if values.year.trim().is_empty() {
        // This year where the programme is run (WIB until a scope is chosen).
        let scope = RegionCode::parse(&values.scope).unwrap_or_else(|_| RegionCode::nation());
        values.year = lumbung_service::clock::local_day(&scope, Utc::now())
            .year()
            .to_string();
    }
    if values.silent_after_days.trim().is_empty() {
        values.silent_after_days = "30".into();
    }
    form_page(
        app,
        &auth,
        caller,
        Setting::New,
        &values,
        FormState::default(),
    )
    .await
}

/// What the form's buttons ask: save, or show the form again with a new search or scope.
fn refresh_notice(fields: &FormFields) -> Option<&'static str> {
    match fields.get("aksi").trim() {
        "cari" => Some("Daftar inovasi diperbarui. Isian belum disimpan."),
        "muat" => Some("Daftar daerah replikator disesuaikan. Isian belum disimpan."),
        _ => None,
    }
}

/// `POST /kelola/replikasi/program/baru`: creates the programme, or shows the form again.
pub async fn create(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let app = state.app();
    let values = ProgrammeValues::from_fields(&fields);
    if let Some(notice) = refresh_notice(&fields) {
        let state = FormState {
            notice: notice.into(),
            failure: None,
        };
        return form_page(app, &auth, caller, Setting::New, &values, state).await;
    }
    let (input, errors) = values.to_input();
    let saved = if errors.is_empty() {
        service::create(app, caller, &input).await
    } else {
        Err(ServiceError::Validation(errors))
    };
    match saved {
        Ok(view) => Ok(see_other(&format!(
            "{}?hasil=dibuat",
            programme_href(view.id)
        ))),
        Err(error) if is_fatal(&error) => Err(page_error(&auth, &error)),
        Err(error) => {
            let state = FormState {
                notice: String::new(),
                failure: Some(error),
            };
            form_page(app, &auth, caller, Setting::New, &values, state).await
        }
    }
}

/// The programme, if the caller organises it.
async fn organised(app: &App, auth: &Auth, caller: &Caller, id: Uuid) -> PageResult<ProgrammeView> {
    let view = service::get(app, id).await.or_page(auth)?;
    if !view.organised_by(caller) {
        return Err(page_error(
            auth,
            &ServiceError::Forbidden("program ini diubah oleh penyelenggaranya".into()),
        ));
    }
    Ok(view)
}

/// `GET /kelola/replikasi/program/{id}/ubah` (the organiser).
pub async fn edit_form(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "program replikasi")?;
    let app = state.app();
    let view = organised(app, &auth, caller, id).await?;
    let values = ProgrammeValues::from_view(&view);
    form_page(
        app,
        &auth,
        caller,
        Setting::Edit(id),
        &values,
        FormState::default(),
    )
    .await
}

/// `POST /kelola/replikasi/program/{id}/ubah`.
pub async fn update(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "program replikasi")?;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let app = state.app();
    let view = organised(app, &auth, caller, id).await?;
    let mut values = ProgrammeValues::from_fields(&fields);
    // The organiser cannot change.
    values.scope = view.scope.to_string();
    if let Some(notice) = refresh_notice(&fields) {
        let state = FormState {
            notice: notice.into(),
            failure: None,
        };
        return form_page(app, &auth, caller, Setting::Edit(id), &values, state).await;
    }
    let (input, errors) = values.to_input();
    let saved = if errors.is_empty() {
        service::update(app, caller, id, &input).await
    } else {
        Err(ServiceError::Validation(errors))
    };
    match saved {
        Ok(_) => Ok(see_other(&format!("{}?hasil=diubah", programme_href(id)))),
        Err(error) if is_fatal(&error) => Err(page_error(&auth, &error)),
        Err(error) => {
            let state = FormState {
                notice: String::new(),
                failure: Some(error),
            };
            form_page(app, &auth, caller, Setting::Edit(id), &values, state).await
        }
    }
}
