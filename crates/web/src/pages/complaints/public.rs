//! The public complaint pages, in the reader's language, with no script:
//!
//! * `GET /pengaduan` — first the region (one list, grouped by province), then the form for
//!   that region (`?wilayah=65.71`) with its agencies, attachments, and the challenge;
//! * `POST /pengaduan` — files it. Like the sign-in form it is sent by visitors without a
//!   session, so a request whose `Origin` is another site is refused; the answer shows the
//!   tracking number and the PIN once (no redirect: the PIN is known only now);
//! * `GET /pengaduan/lacak?nomor=…` — the public record of a complaint;
//! * `POST /pengaduan/lacak` — the reporter closes or reopens it with the PIN.

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use lumbung_service::complaints::challenge::{self, Challenge};
use lumbung_service::complaints::{self, Filed, Proof, ReporterAction, TrackedComplaint, Upload};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::affair::AFFAIRS;
use lumbung_service::domain::complaint::ComplaintInput;
use lumbung_service::domain::complaint::filing::{MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS};
use lumbung_service::domain::region::RegionCode;
use lumbung_service::domain::time::TimeZone;
use lumbung_service::store::Paging;
use lumbung_service::{App, ServiceError};
use serde::Deserialize;

use super::super::forms::{encode, paragraphs};
use super::super::{
    Choice, Field, Layout, PageAuth, PageResult, check_csrf, error_page, field_errors, render,
    see_other, summary_of,
};
use crate::auth::{self, Auth, Via};
use crate::i18n::Lang;
use crate::multipart::MultipartForm;
use crate::state::AppState;

/// The form's body: the text, three attachments of 5 MB, and the multipart overhead.
const FORM_LIMIT: usize = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 256 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/pengaduan",
            get(form)
                .post(file)
                .layer(DefaultBodyLimit::max(FORM_LIMIT)),
        )
        .route("/pengaduan/lacak", get(track).post(act))
}

/// The menu item these pages mark.
const SECTION: &str = "pengaduan";

// ---------------------------------------------------------------------------------------------
// `/pengaduan`: choosing the region, then the form.

/// A province and its kabupaten/kota, for the region list.
pub struct ProvinceGroup {
    pub name: String,
    pub regions: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "pengaduan.html")]
pub struct ComplaintPage {
    pub layout: Layout,
    /// No region chosen yet: only the region list is shown.
    pub choosing: bool,
    pub provinces: Vec<ProvinceGroup>,
    pub region_code: String,
    pub region_name: String,
    pub category: Field,
    pub tags: Field,
    pub agency: Field,
    pub subject: Field,
    pub description: Field,
    pub attachments: Field,
    pub reporter_name: Field,
    pub reporter_email: Field,
    pub reporter_phone: Field,
    pub anonymous: bool,
    pub challenge_question: String,
    pub challenge_token: String,
    pub challenge_answer: Field,
    pub errors: Vec<Choice>,
    /// Why the form was not taken as a whole (too many filings, another site); "" otherwise.
    pub message: String,
    /// Files are not kept by a form that comes back.
    pub files_dropped: bool,
}

#[derive(Template)]
#[template(path = "pengaduan_terkirim.html")]
pub struct FiledPage {
    pub layout: Layout,
    pub tracking_number: String,
    pub pin: String,
    pub verify_by: String,
    pub track_href: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct FormQuery {
    #[serde(default)]
    pub wilayah: Option<String>,
}

/// What the visitor typed, kept when the form comes back.
#[derive(Debug, Clone, Default)]
struct Typed {
    complaint: ComplaintInput,
    proof: Proof,
    csrf: String,
}

async fn provinces(app: &App) -> Result<Vec<ProvinceGroup>, ServiceError> {
    let mut groups: Vec<ProvinceGroup> = Vec::new();
    let provinces = lumbung_service::regions::list(app, None, Some(1)).await?;
    for province in provinces {
        let mut regions = vec![Choice::new(province.code.as_str(), &province.name, "")];
        for child in lumbung_service::regions::list(app, Some(province.code.as_str()), None).await?
        {
            regions.push(Choice::new(child.code.as_str(), &child.name, ""));
        }
        groups.push(ProvinceGroup {
            name: province.name,
            regions,
        });
    }
    Ok(groups)
}

fn category_choices(lang: Lang, selected: &str) -> Vec<Choice> {
    AFFAIRS
        .iter()
        .map(|affair| Choice::new(affair.code, lang.t(affair.name), selected))
        .collect()
}

async fn complaint_page(
    app: &App,
    auth: &Auth,
    region: Option<(RegionCode, String)>,
    typed: &Typed,
    errors: &FieldErrors,
    message: String,
) -> Result<ComplaintPage, ServiceError> {
    let lang = auth.reader.lang;
    let layout = Layout::new(auth, SECTION, lang.t("Sampaikan pengaduan"))
        .translated()
        .describe(lang.t(
            "Sampaikan pengaduan tentang pelayanan publik pemerintah daerah tanpa perlu akun, lalu lacak tindak lanjutnya.",
        ));
    let Some((region, region_name)) = region else {
        return Ok(ComplaintPage {
            layout,
            choosing: true,
            provinces: provinces(app).await?,
            region_code: String::new(),
            region_name: String::new(),
            category: Field::default(),
            tags: Field::default(),
            agency: Field::default(),
            subject: Field::default(),
            description: Field::default(),
            attachments: Field::default(),
            reporter_name: Field::default(),
            reporter_email: Field::default(),
            reporter_phone: Field::default(),
            anonymous: false,
            challenge_question: String::new(),
            challenge_token: String::new(),
            challenge_answer: Field::default(),
            errors: Vec::new(),
            message,
            files_dropped: false,
        });
    };
    let c = &typed.complaint;
    let agencies =
        lumbung_service::agencies::list(app, Some(region.as_str()), None, Paging::all()).await?;
    let agency_selected = c.agency_id.clone().unwrap_or_default();
    let agency_options = agencies
        .items
        .iter()
        .filter(|agency| agency.region_code == region)
        .map(|agency| Choice::new(&agency.id.to_string(), &agency.name, &agency_selected))
        .collect();
    let Challenge { question, token } = challenge::issue(app).await?;
    let question = match lang {
        Lang::Id => question,
        Lang::En => question.replace("Berapa", "What is"),
    };
    let page = ComplaintPage {
        layout,
        choosing: false,
        provinces: Vec::new(),
        region_code: region.as_str().to_owned(),
        region_name,
        category: Field::new("category", lang.t("Kategori (urusan)"), "")
            .required()
            .options(category_choices(lang, &c.category))
            .errors(errors),
        tags: Field::new("tags", lang.t("Kata kunci"), c.tags.join(", "))
            .hint(lang.t("Opsional. Beberapa kata kunci dipisahkan koma, misalnya: antrean, obat."))
            .errors(errors),
        agency: Field::new("agency_id", lang.t("Perangkat daerah yang diadukan"), "")
            .hint(lang.t("Opsional. Bila tidak tahu, biarkan kosong; admin daerah yang meneruskan."))
            .options(agency_options)
            .errors(errors),
        subject: Field::new("subject", lang.t("Judul pengaduan"), c.subject.clone())
            .required()
            .errors(errors),
        description: Field::new("description", lang.t("Uraian"), c.description.clone())
            .required()
            .hint(lang.t("Apa yang terjadi, di mana, dan kapan. Paling sedikit 20 karakter."))
            .errors(errors),
        attachments: Field::new("attachments", lang.t("Lampiran"), "")
            .hint(lang.t("Opsional. Paling banyak 3 berkas PDF atau gambar, masing-masing paling besar 5 MB."))
            .errors(errors),
        reporter_name: Field::new("reporter_name", lang.t("Nama"), c.reporter_name.clone().unwrap_or_default())
            .errors(errors),
        reporter_email: Field::new("reporter_email", lang.t("Surel"), c.reporter_email.clone().unwrap_or_default())
            .hint(lang.t("Opsional. Kabar setiap perubahan status dikirim ke alamat ini."))
            .errors(errors),
        reporter_phone: Field::new("reporter_phone", lang.t("Nomor telepon"), c.reporter_phone.clone().unwrap_or_default())
            .errors(errors),
        anonymous: c.anonymous,
        challenge_question: question,
        challenge_token: token,
        challenge_answer: Field::new("challenge_answer", lang.t("Pertanyaan keamanan"), "")
            .required()
            .hint(lang.t("Jawab dengan angka. Pertanyaan ini mencegah kiriman otomatis."))
            .errors(errors),
        errors: Vec::new(),
        message,
        files_dropped: !errors.is_empty(),
    };
    let fields = [
        &page.category,
        &page.tags,
        &page.agency,
        &page.subject,
        &page.description,
        &page.attachments,
        &page.reporter_name,
        &page.reporter_email,
        &page.reporter_phone,
        &page.challenge_answer,
    ];
    let summary = summary_of(
        fields.iter().map(|f| (f.name, f.label, f.error.as_str())),
        &without(errors, &["region_code", "channel"]),
    );
    Ok(ComplaintPage {
        errors: summary,
        ..page
    })
}

/// The errors other than those about fields this form does not show as such.
fn without(errors: &FieldErrors, hidden: &[&str]) -> FieldErrors {
    let mut kept = FieldErrors::new();
    for (field, message) in errors.iter() {
        if hidden.contains(&field) {
            kept.add("", message);
        } else {
            kept.add(field, message);
        }
    }
    kept
}

async fn chosen_region(app: &App, text: Option<&str>) -> Option<(RegionCode, String)> {
    let code = RegionCode::parse(text?.trim()).ok()?;
    if code.is_nation() {
        return None;
    }
    let mut regions = lumbung_service::regions::list(app, None, None).await.ok()?;
    regions.retain(|region| region.code == code);
    regions.pop().map(|region| (region.code, region.name))
}

pub async fn form(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Query(query): Query<FormQuery>,
) -> PageResult {
    let app = state.app();
    let region = chosen_region(app, query.wilayah.as_deref()).await;
    let typed = Typed::default();
    let page = complaint_page(
        app,
        &auth,
        region,
        &typed,
        &FieldErrors::new(),
        String::new(),
    )
    .await
    .map_err(|error| error_page(&auth, &error))?;
    Ok(render(StatusCode::OK, &page))
}

async fn read_form(multipart: Multipart) -> Result<(Typed, Vec<Upload>), ServiceError> {
    let mut form = MultipartForm::read(multipart, &["attachments"]).await?;
    let mut typed = Typed::default();
    let c = &mut typed.complaint;
    c.category = form.text("category");
    if let Some(tags) = form.get("tags") {
        c.tags = vec![tags.to_owned()];
    }
    c.region_code = form.text("region_code");
    c.agency_id = form
        .get("agency_id")
        .filter(|id| !id.trim().is_empty())
        .map(str::to_owned);
    c.subject = form.text("subject");
    c.description = form.text("description");
    c.reporter_name = form.get("reporter_name").map(str::to_owned);
    c.reporter_email = form.get("reporter_email").map(str::to_owned);
    c.reporter_phone = form.get("reporter_phone").map(str::to_owned);
    c.anonymous = form.get("anonymous").is_some_and(|text| !text.is_empty());
    typed.csrf = form.text("csrf");
    typed.proof.challenge_token = form.text("challenge_token");
    typed.proof.challenge_answer = form.text("challenge_answer");
    typed.proof.website = form.text("website");
    let uploads = form
        .take_files("attachments")
        .into_iter()
        .map(|file| Upload {
            file_name: file.file_name.unwrap_or_else(|| "lampiran".into()),
            bytes: file.bytes,
        })
        .collect();
    Ok((typed, uploads))
}

pub async fn file(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    multipart: Multipart,
) -> PageResult {
    let app = state.app();
    let lang = auth.reader.lang;
    let (typed, uploads) = match read_form(multipart).await {
        Ok(read) => read,
        Err(error) => return Err(error_page(&auth, &error).into()),
    };
    let region = chosen_region(app, Some(&typed.complaint.region_code)).await;
    let again = |status: StatusCode, errors: FieldErrors, message: String| {
        let auth = &auth;
        let typed = &typed;
        let region = region.clone();
        async move {
            let page = complaint_page(app, auth, region, typed, &errors, message)
                .await
                .map_err(|error| error_page(auth, &error))?;
            Ok::<Response, super::super::PageError>(render(status, &page))
        }
    };
    // A form on another site must not file complaints through a visitor's browser.
    if headers.contains_key(header::ORIGIN) && !auth::same_origin(&headers) {
        let message = lang.t("Formulir ini dikirim dari situs lain dan tidak diterima.");
        return again(StatusCode::FORBIDDEN, FieldErrors::new(), message.into()).await;
    }
    if matches!(auth.via, Via::Session { .. }) {
        check_csrf(&auth, &typed.csrf)?;
    }
    if region.is_none() {
        return Ok(see_other("/pengaduan"));
    }
    let client = auth::client_key(&extensions);
    match complaints::file(app, &typed.complaint, uploads, &typed.proof, &client).await {
        Ok(filed) => {
            let page = filed_page(&auth, &filed);
            Ok(render(StatusCode::CREATED, &page))
        }
        Err(ServiceError::Validation(errors)) => {
            again(StatusCode::UNPROCESSABLE_ENTITY, errors, String::new()).await
        }
        Err(error @ (ServiceError::RateLimited { .. } | ServiceError::BadInput(_))) => {
            let message = match lang {
                Lang::Id => crate::error::describe(&error).2,
                Lang::En => "The complaint could not be accepted now; try again later.".into(),
            };
            let status = if matches!(error, ServiceError::RateLimited { .. }) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            again(status, FieldErrors::new(), message).await
        }
        Err(error) => Err(error_page(&auth, &error).into()),
    }
}

fn filed_page(auth: &Auth, filed: &Filed) -> FiledPage {
    let lang = auth.reader.lang;
    FiledPage {
        layout: Layout::new(auth, SECTION, lang.t("Pengaduan diterima")).translated(),
        tracking_number: filed.tracking_number.clone(),
        pin: filed.pin.clone(),
        verify_by: lang.date(filed.verify_by),
        track_href: format!("/pengaduan/lacak?nomor={}", encode(&filed.tracking_number)),
    }
}

// ---------------------------------------------------------------------------------------------
// `/pengaduan/lacak`: the public record, and the reporter's close or reopen.

pub struct EventRow {
    pub when: String,
    pub iso: String,
    pub status: String,
    pub note: String,
    pub actor: String,
}

#[derive(Template)]
#[template(path = "pengaduan_lacak.html")]
pub struct TrackPage {
    pub layout: Layout,
    pub number: Field,
    pub found: bool,
    pub tracking_number: String,
    pub status: String,
    pub status_code: String,
    pub subject: String,
    pub category: String,
    pub tags: String,
    pub region: String,
    pub agency: String,
    pub received: String,
    pub verify_by: String,
    pub follow_up_by: String,
    pub overdue: String,
    pub answer: Vec<String>,
    pub rejection: String,
    pub events: Vec<EventRow>,
    /// The reporter may close (answered) or reopen (answered or closed, within the window).
    pub can_close: bool,
    pub can_reopen: bool,
    pub reopen_until: String,
    pub pin: Field,
    pub note: Field,
    pub action: String,
    pub errors: Vec<Choice>,
    pub done: bool,
    /// The subject, the answer and the notes are shown (the reporter gave the PIN).
    pub details: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct TrackQuery {
    #[serde(default)]
    pub nomor: Option<String>,
    #[serde(default)]
    pub aksi: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    pub nomor: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub pin: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub csrf: String,
}

fn actor_label(actor: &str, lang: Lang) -> String {
    match actor {
        "pelapor" => lang.t("Pelapor"),
        "petugas" => lang.t("Petugas"),
        "admin" => lang.t("Admin daerah"),
        "perangkat daerah" => lang.t("Perangkat daerah"),
        "sistem" => lang.t("Sistem"),
        other => other,
    }
    .to_owned()
}

fn track_page(
    auth: &Auth,
    now: chrono::DateTime<chrono::Utc>,
    number: &str,
    tracked: Option<&TrackedComplaint>,
    form: &ActionForm,
    errors: &FieldErrors,
    done: bool,
) -> TrackPage {
    let lang = auth.reader.lang;
    let title = match tracked {
        Some(t) => format!("{} {}", lang.t("Pengaduan"), t.tracking_number),
        None => lang.t("Lacak pengaduan").to_owned(),
    };
    let date = |d: chrono::NaiveDate| lang.date(d);
    // Times in the complaint's own zone (WIB, WITA, WIT), named.
    let zone = tracked.map_or(TimeZone::Wib, |t| TimeZone::of(&t.region_code));
    let time = |at: chrono::DateTime<chrono::Utc>| {
        let local = at + chrono::Duration::hours(i64::from(zone.offset_hours()));
        let clock = match lang {
            Lang::Id => local.format("%H.%M"),
            Lang::En => local.format("%H:%M"),
        };
        format!(
            "{} {clock} {}",
            date(local.date_naive()),
            zone.code().to_uppercase()
        )
    };
    let mut page = TrackPage {
        layout: Layout::new(auth, SECTION, title).translated(),
        number: Field::new("nomor", lang.t("Nomor pengaduan"), number.to_owned())
            .hint(lang.t("Contoh: ADU-2026-000123"))
            .errors(errors),
        found: tracked.is_some(),
        tracking_number: String::new(),
        status: String::new(),
        status_code: String::new(),
        subject: String::new(),
        category: String::new(),
        tags: String::new(),
        region: String::new(),
        agency: String::new(),
        received: String::new(),
        verify_by: String::new(),
        follow_up_by: String::new(),
        overdue: String::new(),
        answer: Vec::new(),
        rejection: String::new(),
        events: Vec::new(),
        can_close: false,
        can_reopen: false,
        reopen_until: String::new(),
        pin: Field::new("pin", lang.t("PIN"), String::new())
            .required()
            .hint(lang.t("PIN 8 karakter yang diberikan saat pengaduan dikirim."))
            .errors(errors),
        note: Field::new("note", lang.t("Alasan dibuka kembali"), form.note.clone())
            .hint(lang.t("Wajib bila pengaduan dibuka kembali."))
            .errors(errors),
        action: form.action.clone(),
        errors: Vec::new(),
        done,
        details: false,
    };
    if let Some(t) = tracked {
        page.details = t.details;
        page.tracking_number = t.tracking_number.clone();
        page.status = lang.t(&t.status_label).to_owned();
        page.status_code = t.status.clone();
        page.subject = t.subject.clone();
        page.category = lang.t(&t.category_name).to_owned();
        page.tags = t.tags.join(", ");
        page.region = t.region_name.clone();
        page.agency = t.agency_name.clone().unwrap_or_default();
        page.received = time(t.received_at);
        page.verify_by = date(t.verify_by);
        page.follow_up_by = date(t.follow_up_by);
        page.overdue = match t.overdue.as_deref() {
            Some("verification") => lang.t("Melewati batas verifikasi").to_owned(),
            Some(_) => lang.t("Melewati batas tindak lanjut").to_owned(),
            None => String::new(),
        };
        page.answer = t.answer.as_deref().map(paragraphs).unwrap_or_default();
        page.rejection = t
            .rejection_reason
            .as_deref()
            .map(|r| lang.t(r).to_owned())
            .unwrap_or_default();
        page.events = t
            .events
            .iter()
            .map(|event| EventRow {
                when: time(event.at),
                iso: event.at.to_rfc3339(),
                status: event
                    .status_label
                    .as_deref()
                    .map(|s| lang.t(s).to_owned())
                    .unwrap_or_default(),
                note: event.note.clone().unwrap_or_default(),
                actor: actor_label(&event.actor, lang),
            })
            .collect();
        page.can_close = t.status == "answered";
        page.can_reopen = t.reopen_until.is_some_and(|until| until >= now);
        page.reopen_until = t
            .reopen_until
            .map(|until| date(zone.local_date(until)))
            .unwrap_or_default();
    }
    page.errors = summary_of(
        [&page.number, &page.pin, &page.note]
            .iter()
            .map(|f| (f.name, f.label, f.error.as_str())),
        errors,
    );
    page
}

pub async fn track(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    Query(query): Query<TrackQuery>,
) -> PageResult {
    let number = query.nomor.unwrap_or_default();
    let done = query.aksi.as_deref() == Some("ok");
    let (status, tracked, errors) = if number.trim().is_empty() {
        (StatusCode::OK, None, FieldErrors::new())
    } else {
        match complaints::track(state.app(), &number, None).await {
            Ok(tracked) => (StatusCode::OK, Some(tracked), FieldErrors::new()),
            Err(error @ ServiceError::Validation(_)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                field_errors(&error, NUMBER_FIELD),
            ),
            Err(ServiceError::NotFound(_)) => (
                StatusCode::NOT_FOUND,
                None,
                FieldErrors::single(
                    "nomor",
                    auth.reader
                        .lang
                        .t("nomor pengaduan tidak ditemukan; periksa kembali penulisannya"),
                ),
            ),
            Err(error) => return Err(error_page(&auth, &error).into()),
        }
    };
    let page = track_page(
        &auth,
        state.app().clock.now(),
        &number,
        tracked.as_ref(),
        &ActionForm::default(),
        &errors,
        done && tracked.is_some(),
    );
    Ok(render(status, &page))
}

/// The service names the tracking number `number`; the page's field is `nomor`.
const NUMBER_FIELD: &[(&str, &str)] = &[("number", "nomor")];

pub async fn act(
    State(state): State<AppState>,
    PageAuth(auth): PageAuth,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> PageResult {
    let app = state.app();
    let mut auth = auth;
    auth.reader.path = format!("/pengaduan/lacak?nomor={}", encode(&form.nomor));
    if headers.contains_key(header::ORIGIN) && !auth::same_origin(&headers) {
        return Err(error_page(
            &auth,
            &ServiceError::Forbidden("permintaan dari asal lain ditolak".into()),
        )
        .into());
    }
    if matches!(auth.via, Via::Session { .. }) {
        check_csrf(&auth, &form.csrf)?;
    }
    let action = match form.action.as_str() {
        "details" => None,
        "close" => Some(ReporterAction::Close),
        _ => Some(ReporterAction::Reopen),
    };
    let note = Some(form.note.as_str());
    let result = match action {
        // Reading the details changes nothing: the page itself, no redirect.
        None => complaints::track(app, &form.nomor, Some(&form.pin)).await,
        Some(action) => {
            complaints::reporter_action(app, &form.nomor, &form.pin, action, note).await
        }
    };
    match result {
        Ok(tracked) if action.is_none() => {
            let form = ActionForm {
                pin: String::new(),
                ..form
            };
            let page = track_page(
                &auth,
                state.app().clock.now(),
                &form.nomor,
                Some(&tracked),
                &form,
                &FieldErrors::new(),
                false,
            );
            Ok(render(StatusCode::OK, &page))
        }
        Ok(_) => Ok(see_other(&format!(
            "/pengaduan/lacak?nomor={}&aksi=ok#status",
            encode(&form.nomor)
        ))),
        Err(
            error @ (ServiceError::Validation(_)
            | ServiceError::Conflict(_)
            | ServiceError::RateLimited { .. }),
        ) => {
            let (status, errors) = match &error {
                ServiceError::Validation(_) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    field_errors(&error, NUMBER_FIELD),
                ),
                ServiceError::Conflict(message) => (
                    StatusCode::CONFLICT,
                    FieldErrors::single("action", message.clone()),
                ),
                other => (
                    StatusCode::TOO_MANY_REQUESTS,
                    FieldErrors::single("pin", crate::error::describe(other).2),
                ),
            };
            let tracked = complaints::track(app, &form.nomor, None).await.ok();
            let page = track_page(
                &auth,
                state.app().clock.now(),
                &form.nomor,
                tracked.as_ref(),
                &form,
                &errors,
                false,
            );
            Ok(render(status, &page))
        }
        Err(ServiceError::NotFound(_)) => Ok(see_other(&format!(
            "/pengaduan/lacak?nomor={}",
            encode(&form.nomor)
        ))),
        Err(error) => Err(error_page(&auth, &error).into()),
    }
}
