//! `/kelola/pengaduan/baru`: an officer enters a complaint received through another channel
//! (WhatsApp, SMS, telephone, e-mail, letter), dated in the region's local time. The tracking
//! number and PIN are shown once on the answer, to be passed on to the citizen.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use lumbung_service::complaints::{self, Filed};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::complaint::{Channel, ComplaintInput, Filing};
use lumbung_service::domain::region::RegionCode;
use lumbung_service::domain::time::TimeZone;
use lumbung_service::{App, Caller, ServiceError, agencies};
use serde::Deserialize;

use super::super::super::forms::{date, optional};
use super::super::super::{
    Choice, Field, Layout, PageResult, SignedIn, check_csrf, error_summary, page_error,
    region_choices, render,
};
use super::{
    SECTION, category_choices, complaint_href, failure_message, field_errors, is_fatal, zone_name,
};
use crate::auth::Auth;
use crate::error::describe;
use crate::state::AppState;
use lumbung_service::complaints::desk::Desk;

/// How many agencies the select offers.
const AGENCY_OPTIONS: u32 = 200;

/// The form as typed: text, so a wrong value comes back unchanged.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IntakeValues {
    pub csrf: String,
    /// `muat` reloads the form for the chosen region without saving.
    pub aksi: String,
    pub channel: String,
    pub received_at: String,
    pub category: String,
    pub tags: String,
    pub region_code: String,
    pub agency_id: String,
    pub subject: String,
    pub description: String,
    pub reporter_name: String,
    pub reporter_email: String,
    pub reporter_phone: String,
    pub anonymous: String,
}

impl IntakeValues {
    fn anonymous(&self) -> bool {
        !self.anonymous.trim().is_empty()
    }

    fn to_input(&self) -> ComplaintInput {
        ComplaintInput {
            category: self.category.trim().to_owned(),
            tags: vec![self.tags.clone()],
            region_code: self.region_code.trim().to_owned(),
            agency_id: optional(&self.agency_id),
            subject: self.subject.clone(),
            description: self.description.clone(),
            reporter_name: optional(&self.reporter_name),
            reporter_email: optional(&self.reporter_email),
            reporter_phone: optional(&self.reporter_phone),
            anonymous: self.anonymous(),
            channel: optional(&self.channel),
        }
    }
}

/// A `datetime-local` value read in the region's zone; empty is "now".
fn received_at(text: &str, region: &str) -> Result<Option<DateTime<Utc>>, String> {
    let Some(text) = optional(text) else {
        return Ok(None);
    };
    let normalised = text.replace(' ', "T");
    let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(&normalised, format).ok())
        .ok_or_else(|| {
            format!("waktu diterima \"{text}\" tidak terbaca; isi tanggal dan jam, mis. 2026-07-06 08.15")
        })?;
    let zone = RegionCode::parse(region.trim()).map_or(TimeZone::Wib, |code| TimeZone::of(&code));
    Ok(Some(
        local.and_utc() - Duration::hours(i64::from(zone.offset_hours())),
    ))
}

pub struct IntakeForm {
    pub channel: Field,
    pub received_at: Field,
    pub category: Field,
    pub tags: Field,
    pub region_code: Field,
    pub agency_id: Field,
    pub subject: Field,
    pub description: Field,
    pub reporter_name: Field,
    pub reporter_email: Field,
    pub reporter_phone: Field,
    pub anonymous: bool,
    pub summary: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "kelola_pengaduan_baru.html")]
pub struct IntakePage {
    pub layout: Layout,
    pub message: String,
    pub agencies_note: String,
    pub form: IntakeForm,
}

#[derive(Template)]
#[template(path = "kelola_pengaduan_diterima.html")]
pub struct FiledPage {
    pub layout: Layout,
    pub tracking_number: String,
    pub pin: String,
    pub verify_by: String,
    pub href: String,
    pub emailed: bool,
}

/// The region a blank form opens on: the first the caller enters complaints for.
fn default_region(caller: &Caller) -> String {
    Desk::of(caller)
        .intake_region()
        .map(|region| region.to_string())
        .unwrap_or_default()
}

async fn agency_options(
    app: &App,
    caller: &Caller,
    region: &str,
    selected: &str,
) -> (Vec<Choice>, String) {
    let region = RegionCode::parse(region.trim())
        .ok()
        .filter(|code| !code.is_nation());
    match agencies::writable(app, caller, region.as_ref(), AGENCY_OPTIONS).await {
        Ok((found, cut)) => {
            let options = found
                .iter()
                .map(|agency| Choice::new(&agency.id.to_string(), &agency.name, selected.trim()))
                .collect();
            let note = if cut {
                format!(
                    "Hanya {AGENCY_OPTIONS} perangkat daerah pertama yang ditampilkan; pilih kabupaten/kota untuk mempersempit daftar."
                )
            } else {
                String::new()
            };
            (options, note)
        }
        Err(_) => (Vec::new(), String::new()),
    }
}

async fn page(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    values: &IntakeValues,
    errors: &FieldErrors,
    message: String,
) -> IntakePage {
    let e = errors;
    let channel = Field::new("channel", "Kanal pengaduan", values.channel.as_str())
        .required()
        .options(
            Channel::ALL
                .iter()
                .map(|c| Choice::new(c.code(), c.label(), values.channel.trim()))
                .collect(),
        )
        .errors(e);
    let zone = RegionCode::parse(values.region_code.trim()).map_or_else(
        |_| "waktu setempat".to_owned(),
        |code| zone_name(TimeZone::of(&code)),
    );
    let received_at = Field::new("received_at", "Waktu diterima", values.received_at.as_str())
        .hint(format!(
            "Tanggal dan jam pengaduan sampai kepada pemerintah, dalam waktu wilayahnya ({zone}). Kosongkan bila diterima sekarang."
        ))
        .errors(e);
    let category = Field::new(
        "category",
        "Kategori (urusan pemerintahan)",
        values.category.as_str(),
    )
    .required()
    .options(category_choices(&values.category))
    .errors(e);
    let tags = Field::new("tags", "Tag", values.tags.as_str())
        .hint("Kata kunci masalahnya, dipisahkan koma, mis. antrean, puskesmas. Paling banyak 5.")
        .errors(e);
    let region_code = Field::new("region_code", "Wilayah", values.region_code.as_str())
        .required()
        .hint("Provinsi atau kabupaten/kota yang menangani pengaduan. Pilih provinsi lalu tekan \"Tampilkan perangkat daerah\" untuk melihat kabupaten/kotanya.")
        .options(
            region_choices(app, values.region_code.trim())
                .await
                .unwrap_or_default(),
        )
        .errors(e);
    let (agency_options, agencies_note) =
        agency_options(app, caller, &values.region_code, &values.agency_id).await;
    let agency_id = Field::new("agency_id", "Perangkat daerah", values.agency_id.as_str())
        .hint("Boleh dikosongkan: admin wilayah mendisposisikannya setelah verifikasi.")
        .options(agency_options)
        .errors(e);
    let subject = Field::new("subject", "Judul pengaduan", values.subject.as_str())
        .required()
        .errors(e);
    let description = Field::new(
        "description",
        "Uraian pengaduan",
        values.description.as_str(),
    )
    .required()
    .hint("Apa yang terjadi, di mana, dan kapan; paling sedikit 20 karakter.")
    .errors(e);
    let reporter_name = Field::new(
        "reporter_name",
        "Nama pelapor",
        values.reporter_name.as_str(),
    )
    .errors(e);
    let reporter_email = Field::new(
        "reporter_email",
        "Surel pelapor",
        values.reporter_email.as_str(),
    )
    .hint("Bila diisi, pelapor menerima nomor, PIN, dan kabar perkembangan pengaduannya.")
    .errors(e);
    let reporter_phone = Field::new(
        "reporter_phone",
        "Nomor telepon/WhatsApp pelapor",
        values.reporter_phone.as_str(),
    )
    .errors(e);
    let summary = error_summary(
        &[
            &channel,
            &received_at,
            &category,
            &tags,
            &region_code,
            &agency_id,
            &subject,
            &description,
            &reporter_name,
            &reporter_email,
            &reporter_phone,
        ],
        e,
    );
    IntakePage {
        layout: Layout::new(auth, SECTION, "Catat pengaduan"),
        message,
        agencies_note,
        form: IntakeForm {
            channel,
            received_at,
            category,
            tags,
            region_code,
            agency_id,
            subject,
            description,
            reporter_name,
            reporter_email,
            reporter_phone,
            anonymous: values.anonymous(),
            summary,
        },
    }
}

/// `GET /kelola/pengaduan/baru`.
pub async fn form(State(state): State<AppState>, SignedIn(auth): SignedIn) -> PageResult {
    let caller = &auth.caller;
    let values = IntakeValues {
        region_code: default_region(caller),
        ..Default::default()
    };
    let page = page(
        state.app(),
        &auth,
        caller,
        &values,
        &FieldErrors::new(),
        String::new(),
    )
    .await;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /kelola/pengaduan/baru`: the fields of the form; `aksi=muat` only reloads it.
pub async fn submit(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(values): Form<IntakeValues>,
) -> PageResult {
    let caller = &auth.caller;
    check_csrf(&auth, &values.csrf)?;
    let app = state.app();
    if values.aksi.trim() == "muat" {
        let page = page(
            app,
            &auth,
            caller,
            &values,
            &FieldErrors::new(),
            String::new(),
        )
        .await;
        return Ok(render(StatusCode::OK, &page));
    }
    let input = values.to_input();
    let filed = match received_at(&values.received_at, &values.region_code) {
        Ok(at) => complaints::intake(app, caller, &input, at).await,
        Err(message) => {
            // Everything else the form can check is reported with it.
            let mut errors = FieldErrors::single("received_at", message);
            if let Err(more) = Filing::parse(&input) {
                for (field, text) in more.iter() {
                    errors.add(field, text);
                }
            }
            Err(ServiceError::Validation(errors))
        }
    };
    match filed {
        // The PIN is on this page only: no cache, not even the browser's, may keep it.
        Ok(filed) => Ok((
            [(header::CACHE_CONTROL, "no-store")],
            render(StatusCode::OK, &filed_page(&auth, &input, filed)),
        )
            .into_response()),
        Err(error) if is_fatal(&error) => Err(page_error(&auth, &error)),
        Err(error) => {
            let errors = field_errors(&error, &[]);
            let page = page(
                app,
                &auth,
                caller,
                &values,
                &errors,
                failure_message(&error),
            )
            .await;
            Ok(render(describe(&error).0, &page))
        }
    }
}

fn filed_page(auth: &Auth, input: &ComplaintInput, filed: Filed) -> FiledPage {
    FiledPage {
        layout: Layout::new(
            auth,
            SECTION,
            format!("Pengaduan {} dicatat", filed.tracking_number),
        ),
        href: complaint_href(filed.id),
        tracking_number: filed.tracking_number,
        pin: filed.pin,
        verify_by: date(filed.verify_by),
        emailed: input.reporter_email.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_receipt_times_are_read_in_the_regions_zone() {
        let wita = received_at("2026-07-06T08:15", "65.71").unwrap().unwrap();
        assert_eq!(wita.to_rfc3339(), "2026-07-06T00:15:00+00:00");
        let wit = received_at("2026-07-06 08:15", "94.71").unwrap().unwrap();
        assert_eq!(wit.to_rfc3339(), "2026-07-05T23:15:00+00:00");
        assert_eq!(received_at(" ", "65.71").unwrap(), None);
        assert!(received_at("kemarin", "65.71").is_err());
    }
}
