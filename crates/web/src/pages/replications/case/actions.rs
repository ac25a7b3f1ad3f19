//! The case page's submissions: each calls the service, then goes back to the page (303) or
//! shows it again with the problem.

use std::collections::BTreeSet;

use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use chrono::NaiveDate;
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::parse::parse_date;
use lumbung_service::domain::replication::{Adaptation, AdaptationAspect};
use lumbung_service::replications::plans::{self, ReportInput, SessionInput};
use lumbung_service::replications::{self, DetailsInput, DocumentInput, TransitionInput};
use lumbung_service::{Caller, ServiceError};
use serde::Deserialize;
use uuid::Uuid;

use super::super::super::forms::{FormFields, optional};
use super::super::super::{PageResult, SignedIn, check_csrf, see_other};
use super::super::{case_href, parse_id};
use super::{
    DetailsValues, DocumentValues, Extras, ItemValues, Part, ReportValues, SessionValues,
    StepValues, back, failed,
};
use crate::auth::Auth;
use crate::multipart::MultipartForm;
use crate::state::AppState;

/// Reads a date typed in a form: empty is none, anything unreadable is the field's message.
fn typed_date(text: &str, field: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let text = optional(text)?;
    parse_date(&text).map_err(|e| errors.add(field, e)).ok()
}

/// `POST /kelola/replikasi/kasus/{id}/langkah`: step, on, reason.
pub async fn take_step(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(values): Form<StepValues>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kasus replikasi")?;
    check_csrf(&auth, &values.csrf)?;
    let mut errors = FieldErrors::new();
    let on = typed_date(&values.on, "on", &mut errors);
    let saved = if errors.is_empty() {
        let input = TransitionInput {
            step: values.step.trim().to_owned(),
            reason: optional(&values.reason),
            on,
        };
        replications::take_step(state.app(), caller, id, &input)
            .await
            .map(|_| ())
    } else {
        Err(ServiceError::Validation(errors))
    };
    match saved {
        Ok(()) => back(id, "langkah", "lini-masa"),
        Err(error) => {
            let extras = Extras {
                step: values,
                ..Default::default()
            };
            failed(&state, &auth, caller, id, error, Part::Step, extras).await
        }
    }
}

/// The fields of the document upload form.
#[derive(Default)]
struct Upload {
    csrf: String,
    values: DocumentValues,
    file: Option<(String, Vec<u8>)>,
}

async fn read_upload(multipart: Multipart) -> Result<Upload, ServiceError> {
    let mut form = MultipartForm::read(multipart, &["file"])
        .await
        .map_err(|unreadable| unreadable.on_field("file"))?;
    Ok(Upload {
        csrf: form.text("csrf"),
        values: DocumentValues {
            kind: form.text("kind"),
            doc_title: form.text("doc_title"),
            link: form.text("link"),
        },
        file: form.take_file("file").map(|file| {
            (
                file.file_name.unwrap_or_else(|| "dokumen".into()),
                file.bytes,
            )
        }),
    })
}

/// `POST /kelola/replikasi/kasus/{id}/dokumen` (multipart): kind, doc_title, file, link.
pub async fn add_document(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kasus replikasi")?;
    let read = match multipart {
        Ok(multipart) => read_upload(multipart).await,
        Err(_) => Err(ServiceError::BadInput(
            "kirim dokumen melalui formulir unggah di halaman kasus".into(),
        )),
    };
    let upload = match read {
        Ok(upload) => upload,
        Err(error) => {
            return failed(
                &state,
                &auth,
                caller,
                id,
                error,
                Part::Document,
                Extras::default(),
            )
            .await;
        }
    };
    check_csrf(&auth, &upload.csrf)?;
    let values = upload.values;
    let input = DocumentInput {
        kind: values.kind.trim().to_owned(),
        title: values.doc_title.clone(),
        link: optional(&values.link),
        file: upload.file,
    };
    match replications::add_document(state.app(), caller, id, input).await {
        Ok(_) => back(id, "dokumen", "dokumen"),
        Err(error) => {
            let extras = Extras {
                document: values,
                ..Default::default()
            };
            failed(&state, &auth, caller, id, error, Part::Document, extras).await
        }
    }
}

/// `POST /kelola/replikasi/kasus/{id}/ubah`: title, agency, aspects, what and why.
pub async fn update_details(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kasus replikasi")?;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let values = DetailsValues::from_fields(&fields);
    let mut errors = FieldErrors::new();
    let mut aspects = BTreeSet::new();
    for code in &values.aspects {
        match AdaptationAspect::parse(code) {
            Ok(aspect) => {
                aspects.insert(aspect);
            }
            Err(message) => errors.add("aspects", message),
        }
    }
    let agency = match optional(&values.adopter_agency_id) {
        None => None,
        Some(text) => match Uuid::parse_str(&text) {
            Ok(agency) => Some(agency),
            Err(_) => {
                errors.add("adopter_agency_id", "pilih perangkat daerah dari daftar");
                None
            }
        },
    };
    let saved = if errors.is_empty() {
        let input = DetailsInput {
            title: values.title.clone(),
            adopter_agency_id: agency,
            adaptation: Adaptation {
                aspects,
                description: values.adaptation_description.trim().to_owned(),
                reason: values.adaptation_reason.trim().to_owned(),
            },
        };
        replications::update_details(state.app(), caller, id, &input)
            .await
            .map(|_| ())
    } else {
        Err(ServiceError::Validation(errors))
    };
    match saved {
        Ok(()) => back(id, "diubah", "adaptasi"),
        Err(error) => {
            let extras = Extras {
                details: Some(values),
                ..Default::default()
            };
            failed(&state, &auth, caller, id, error, Part::Details, extras).await
        }
    }
}

async fn save_item(
    state: &AppState,
    auth: &Auth,
    caller: &Caller,
    id: Uuid,
    item: Option<Uuid>,
    values: ItemValues,
) -> PageResult {
    let (input, errors) = values.to_input();
    let saved = if errors.is_empty() {
        plans::save_item(state.app(), caller, id, item, &input)
            .await
            .map(|_| ())
    } else {
        Err(ServiceError::Validation(errors))
    };
    match saved {
        Ok(()) => back(
            id,
            if item.is_some() {
                "kegiatan-diubah"
            } else {
                "kegiatan"
            },
            "rencana",
        ),
        Err(error) => {
            let extras = Extras {
                editing: item,
                item: Some(values),
                ..Default::default()
            };
            failed(state, auth, caller, id, error, Part::Item, extras).await
        }
    }
}

/// `POST /kelola/replikasi/kasus/{id}/kegiatan`: adds an action item.
pub async fn add_item(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(values): Form<ItemValues>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kasus replikasi")?;
    check_csrf(&auth, &values.csrf)?;
    save_item(&state, &auth, caller, id, None, values).await
}

/// `POST /kelola/replikasi/kasus/{id}/kegiatan/{item}`: replaces an action item.
pub async fn update_item(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, item)): Path<(String, String)>,
    Form(values): Form<ItemValues>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kasus replikasi")?;
    let item = parse_id(&auth, &item, "kegiatan")?;
    check_csrf(&auth, &values.csrf)?;
    save_item(&state, &auth, caller, id, Some(item), values).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfOnly {
    pub csrf: String,
}

/// `POST /kelola/replikasi/kasus/{id}/kegiatan/{item}/hapus`.
pub async fn delete_item(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, item)): Path<(String, String)>,
    Form(form): Form<CsrfOnly>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kasus replikasi")?;
    let item = parse_id(&auth, &item, "kegiatan")?;
    check_csrf(&auth, &form.csrf)?;
    match plans::delete_item(state.app(), caller, id, item).await {
        Ok(_) => back(id, "kegiatan-dihapus", "rencana"),
        Err(error) => {
            failed(
                &state,
                &auth,
                caller,
                id,
                error,
                Part::Item,
                Extras::default(),
            )
            .await
        }
    }
}

/// `POST /kelola/replikasi/kasus/{id}/pendampingan`: a mentoring session.
pub async fn add_session(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(values): Form<SessionValues>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kasus replikasi")?;
    check_csrf(&auth, &values.csrf)?;
    let input = SessionInput {
        held_on: values.held_on.trim().to_owned(),
        mentor: values.mentor.clone(),
        mode: values.mode.trim().to_owned(),
        notes: values.notes.clone(),
        follow_ups: values.follow_ups.clone(),
    };
    match plans::add_session(state.app(), caller, id, &input).await {
        Ok(_) => back(id, "pendampingan", "pendampingan"),
        Err(error) => {
            let extras = Extras {
                session: values,
                ..Default::default()
            };
            failed(&state, &auth, caller, id, error, Part::Session, extras).await
        }
    }
}

/// `POST /kelola/replikasi/kasus/{id}/laporan`: the adopter's progress report.
pub async fn add_report(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(values): Form<ReportValues>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kasus replikasi")?;
    check_csrf(&auth, &values.csrf)?;
    let mut errors = FieldErrors::new();
    let reported_on = typed_date(&values.reported_on, "reported_on", &mut errors);
    let progress = match values
        .report_progress
        .trim()
        .trim_end_matches('%')
        .trim()
        .parse::<u8>()
    {
        Ok(progress) => progress,
        Err(_) => {
            errors.add("report_progress", "isi kemajuan 0 sampai 100 persen");
            0
        }
    };
    if values.next_steps.trim().is_empty() {
        errors.add("next_steps", "isi langkah berikutnya");
    }
    let saved = if errors.is_empty() {
        let input = ReportInput {
            reported_on,
            progress,
            obstacles: values.obstacles.clone(),
            next_steps: values.next_steps.clone(),
        };
        plans::add_report(state.app(), caller, id, &input)
            .await
            .map(|_| ())
    } else {
        Err(ServiceError::Validation(errors))
    };
    match saved {
        Ok(()) => back(id, "laporan", "laporan"),
        Err(error) => {
            let extras = Extras {
                report: values,
                ..Default::default()
            };
            failed(&state, &auth, caller, id, error, Part::Report, extras).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignValues {
    pub csrf: String,
    pub role: String,
}

/// `POST /kelola/replikasi/kasus/{id}/tandatangan`: signs the certificate in a role.
pub async fn sign_off(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(values): Form<SignValues>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kasus replikasi")?;
    check_csrf(&auth, &values.csrf)?;
    match replications::sign_off(state.app(), caller, id, values.role.trim()).await {
        Ok(outcome) if outcome.complete => {
            let skipped = outcome
                .index
                .as_ref()
                .is_some_and(|feed| feed.skipped.is_some());
            Ok(see_other(&format!(
                "{}?hasil=lengkap{}#tanda-tangan",
                case_href(id),
                if skipped { "&indeks=dilewati" } else { "" }
            )))
        }
        Ok(_) => back(id, "ditandatangani", "tanda-tangan"),
        Err(error) => {
            failed(
                &state,
                &auth,
                caller,
                id,
                error,
                Part::SignOff,
                Extras::default(),
            )
            .await
        }
    }
}
