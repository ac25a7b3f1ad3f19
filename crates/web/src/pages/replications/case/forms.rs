//! The case page's forms: what was typed in each, and the fields each shows with its
//! messages.

use chrono::NaiveDate;
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::replication::{
    ActionItemInput, AdaptationAspect, DocumentKind, ItemStatus, MentoringMode,
};
use lumbung_service::replications::CaseView;
use lumbung_service::replications::plans::ItemView;
use serde::Deserialize;
use uuid::Uuid;

use super::super::super::forms::{FormFields, optional};
use super::super::super::{Choice, Field, error_summary};
use super::super::rupiah;
use super::{Extras, Loaded, Part};

// ---------------------------------------------------------------------------------------------
// The fields each form shows.

pub struct StepForm {
    pub on: Field,
    pub reason: Field,
    pub summary: Vec<Choice>,
}

pub struct DocumentForm {
    pub kind: Field,
    pub title: Field,
    pub file: Field,
    pub link: Field,
    pub summary: Vec<Choice>,
}

pub struct DetailsForm {
    pub title: Field,
    pub agency: Field,
    pub aspects: Field,
    pub description: Field,
    pub reason: Field,
    pub summary: Vec<Choice>,
}

pub struct ItemForm {
    pub heading: String,
    pub action: String,
    pub editing: bool,
    pub cancel_href: String,
    pub activity: Field,
    pub agency: Field,
    pub person_in_charge: Field,
    pub start: Field,
    pub target: Field,
    pub output: Field,
    pub budget: Field,
    pub status: Field,
    pub progress: Field,
    pub weight: Field,
    pub evidence: Field,
    pub summary: Vec<Choice>,
}

pub struct SessionForm {
    pub held_on: Field,
    pub mentor: Field,
    pub mode: Field,
    pub notes: Field,
    pub follow_ups: Field,
    pub summary: Vec<Choice>,
}

pub struct ReportForm {
    pub reported_on: Field,
    pub progress: Field,
    pub obstacles: Field,
    pub next_steps: Field,
    pub summary: Vec<Choice>,
}

// ---------------------------------------------------------------------------------------------
// The forms as typed.

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StepValues {
    pub csrf: String,
    pub step: String,
    pub on: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct DocumentValues {
    pub kind: String,
    pub doc_title: String,
    pub link: String,
}

#[derive(Debug, Clone, Default)]
pub struct DetailsValues {
    pub title: String,
    pub adopter_agency_id: String,
    pub aspects: Vec<String>,
    pub adaptation_description: String,
    pub adaptation_reason: String,
}

impl DetailsValues {
    pub(super) fn from_view(view: &CaseView) -> Self {
        Self {
            title: view.title.clone(),
            adopter_agency_id: view
                .adopter_agency_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            aspects: view
                .adaptation
                .aspects
                .iter()
                .map(|a| a.code().to_owned())
                .collect(),
            adaptation_description: view.adaptation.description.clone(),
            adaptation_reason: view.adaptation.reason.clone(),
        }
    }

    pub(super) fn from_fields(fields: &FormFields) -> Self {
        Self {
            title: fields.get("title").to_owned(),
            adopter_agency_id: fields.get("adopter_agency_id").trim().to_owned(),
            aspects: fields.all("aspects"),
            adaptation_description: fields.get("adaptation_description").to_owned(),
            adaptation_reason: fields.get("adaptation_reason").to_owned(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ItemValues {
    pub csrf: String,
    pub activity: String,
    pub responsible_agency_id: String,
    pub person_in_charge: String,
    pub start: String,
    pub target: String,
    pub output: String,
    pub budget: String,
    pub item_status: String,
    pub item_progress: String,
    pub weight: String,
    pub evidence: String,
}

impl ItemValues {
    pub(super) fn from_view(item: &ItemView) -> Self {
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let it = &item.item;
        Self {
            csrf: String::new(),
            activity: it.activity.clone(),
            responsible_agency_id: it
                .responsible_agency_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            person_in_charge: it.person_in_charge.clone(),
            start: day(it.start),
            target: day(it.target),
            output: it.output.clone(),
            budget: it.budget.map(rupiah).unwrap_or_default(),
            item_status: it.status.code().to_owned(),
            item_progress: it.progress.to_string(),
            weight: it.weight.normalize().to_string().replace('.', ","),
            evidence: it.evidence.clone().unwrap_or_default(),
        }
    }

    /// The input the service reads, and the problems only the form sees.
    pub(super) fn to_input(&self) -> (ActionItemInput, FieldErrors) {
        let mut errors = FieldErrors::new();
        let progress = match optional(&self.item_progress) {
            None => None,
            Some(text) => match text.trim_end_matches('%').trim().parse::<u8>() {
                Ok(progress) => Some(progress),
                Err(_) => {
                    errors.add("item_progress", "kemajuan 0 sampai 100 persen");
                    None
                }
            },
        };
        let responsible_agency_id = match optional(&self.responsible_agency_id) {
            None => None,
            Some(text) => match Uuid::parse_str(&text) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add(
                        "responsible_agency_id",
                        "pilih perangkat daerah dari daftar",
                    );
                    None
                }
            },
        };
        let input = ActionItemInput {
            activity: self.activity.clone(),
            responsible_agency_id,
            person_in_charge: self.person_in_charge.clone(),
            start: optional(&self.start),
            target: optional(&self.target),
            output: self.output.clone(),
            budget: optional(&self.budget),
            status: optional(&self.item_status),
            progress,
            weight: optional(&self.weight),
            evidence: optional(&self.evidence),
        };
        (input, errors)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SessionValues {
    pub csrf: String,
    pub held_on: String,
    pub mentor: String,
    pub mode: String,
    pub notes: String,
    pub follow_ups: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReportValues {
    pub csrf: String,
    pub reported_on: String,
    pub report_progress: String,
    pub obstacles: String,
    pub next_steps: String,
}

// ---------------------------------------------------------------------------------------------
// Filling the forms.

pub(super) fn summary_for(
    part: Part,
    failed: Option<Part>,
    fields: &[&Field],
    errors: &FieldErrors,
) -> Vec<Choice> {
    if failed == Some(part) {
        error_summary(fields, errors)
    } else {
        Vec::new()
    }
}

pub(super) fn agency_options(loaded: &Loaded, selected: &str) -> Vec<Choice> {
    loaded
        .agencies
        .iter()
        .map(|(id, name)| Choice::new(id, name, selected.trim()))
        .collect()
}

pub(super) fn step_form(extras: &Extras) -> StepForm {
    let e = &extras.errors;
    let on = Field::new("on", "Tanggal langkah", extras.step.on.as_str())
        .hint("Hari langkah itu terjadi, mis. tanggal penandatanganan kesepakatan. Kosongkan untuk hari ini.")
        .errors(e);
    let reason = Field::new("reason", "Catatan atau alasan", extras.step.reason.as_str())
        .hint("Wajib diisi bila menolak; catatan bagi langkah lain.")
        .errors(e);
    let summary = summary_for(Part::Step, extras.failed, &[&on, &reason], e);
    StepForm {
        on,
        reason,
        summary,
    }
}

pub(super) fn document_form(extras: &Extras) -> DocumentForm {
    let e = &extras.errors;
    let values = &extras.document;
    let kind = Field::new("kind", "Jenis dokumen", values.kind.as_str())
        .required()
        .options(
            DocumentKind::ALL
                .iter()
                .map(|k| Choice::new(k.code(), k.label(), values.kind.trim()))
                .collect(),
        )
        .errors(e);
    let title = Field::new("doc_title", "Judul dokumen", values.doc_title.as_str())
        .hint("Kosongkan untuk memakai nama jenisnya.")
        .errors(e);
    let file = Field::new("file", "Berkas", "")
        .hint("PDF atau gambar (JPEG, PNG), paling besar 20 MB. Isi berkas, tautan, atau keduanya.")
        .errors(e);
    let link = Field::new("link", "Tautan", values.link.as_str())
        .hint("Mis. tautan JDIH atau dokumen daring, diawali https://.")
        .errors(e);
    let summary = summary_for(
        Part::Document,
        extras.failed,
        &[&kind, &title, &file, &link],
        e,
    );
    DocumentForm {
        kind,
        title,
        file,
        link,
        summary,
    }
}

pub(super) fn details_form(loaded: &Loaded, extras: &Extras) -> DetailsForm {
    let e = &extras.errors;
    let values = extras
        .details
        .clone()
        .unwrap_or_else(|| DetailsValues::from_view(&loaded.view));
    let title = Field::new("title", "Judul replikasi", values.title.as_str())
        .required()
        .errors(e);
    let agency = Field::new(
        "adopter_agency_id",
        "Perangkat daerah pelaksana",
        values.adopter_agency_id.as_str(),
    )
    .options(agency_options(loaded, &values.adopter_agency_id))
    .errors(e);
    let aspects = Field::new("aspects", "Aspek yang diadaptasi", "")
        .hint("Biarkan kosong bila inovasi direplikasi apa adanya.")
        .options(
            AdaptationAspect::ALL
                .iter()
                .map(|a| Choice {
                    value: a.code().to_owned(),
                    label: a.label().to_owned(),
                    selected: values.aspects.iter().any(|v| v == a.code()),
                })
                .collect(),
        )
        .errors(e);
    let description = Field::new(
        "adaptation_description",
        "Apa yang dimodifikasi",
        values.adaptation_description.as_str(),
    )
    .errors(e);
    let reason = Field::new(
        "adaptation_reason",
        "Alasan modifikasi (faktor pembeda)",
        values.adaptation_reason.as_str(),
    )
    .errors(e);
    let summary = summary_for(
        Part::Details,
        extras.failed,
        &[&title, &agency, &aspects, &description, &reason],
        e,
    );
    DetailsForm {
        title,
        agency,
        aspects,
        description,
        reason,
        summary,
    }
}

pub(super) fn item_form(loaded: &Loaded, extras: &Extras, base: &str) -> ItemForm {
    let e = &extras.errors;
    let editing = extras
        .editing
        .and_then(|id| loaded.items.iter().find(|i| i.id == id));
    let values = match (&extras.item, editing) {
        (Some(values), _) => values.clone(),
        (None, Some(item)) => ItemValues::from_view(item),
        (None, None) => ItemValues {
            item_status: ItemStatus::Planned.code().to_owned(),
            weight: "1".into(),
            ..Default::default()
        },
    };
    let activity = Field::new("activity", "Kegiatan", values.activity.as_str())
        .required()
        .errors(e);
    let agency = Field::new(
        "responsible_agency_id",
        "Perangkat daerah penanggung jawab",
        values.responsible_agency_id.as_str(),
    )
    .options(agency_options(loaded, &values.responsible_agency_id))
    .errors(e);
    let person_in_charge = Field::new(
        "person_in_charge",
        "Penanggung jawab",
        values.person_in_charge.as_str(),
    )
    .hint("Nama atau jabatan, mis. Kabid Pelayanan Dukcapil.")
    .errors(e);
    let start = Field::new("start", "Mulai", values.start.as_str())
        .required()
        .errors(e);
    let target = Field::new("target", "Target selesai", values.target.as_str())
        .required()
        .errors(e);
    let output = Field::new("output", "Keluaran", values.output.as_str()).errors(e);
    let budget = Field::new("budget", "Anggaran (Rp)", values.budget.as_str())
        .hint("Angka rupiah, mis. 15.000.000.")
        .errors(e);
    let status = Field::new("item_status", "Status", values.item_status.as_str())
        .options(
            ItemStatus::ALL
                .iter()
                .map(|s| Choice::new(s.code(), s.label(), values.item_status.trim()))
                .collect(),
        )
        .errors(e);
    let progress = Field::new(
        "item_progress",
        "Kemajuan (%)",
        values.item_progress.as_str(),
    )
    .hint("0 sampai 100; kegiatan selesai berkemajuan 100.")
    .errors(e);
    let weight = Field::new("weight", "Bobot", values.weight.as_str())
        .hint("Seberapa besar kegiatan ini dihitung dalam kemajuan kasus; bawaan 1.")
        .errors(e);
    let evidence = Field::new("evidence", "Tautan bukti", values.evidence.as_str())
        .hint("Alamat lengkap diawali https://.")
        .errors(e);
    let summary = summary_for(
        Part::Item,
        extras.failed,
        &[
            &activity,
            &agency,
            &person_in_charge,
            &start,
            &target,
            &output,
            &budget,
            &status,
            &progress,
            &weight,
            &evidence,
        ],
        e,
    );
    let (heading, action, is_editing) = match (extras.editing, editing) {
        (Some(id), Some(item)) => (
            format!("Ubah kegiatan: {}", item.item.activity),
            format!("{base}/kegiatan/{id}"),
            true,
        ),
        (Some(id), None) if extras.item.is_some() => (
            "Ubah kegiatan".to_owned(),
            format!("{base}/kegiatan/{id}"),
            true,
        ),
        _ => (
            "Tambah kegiatan".to_owned(),
            format!("{base}/kegiatan"),
            false,
        ),
    };
    ItemForm {
        heading,
        action,
        editing: is_editing,
        cancel_href: format!("{base}#rencana"),
        activity,
        agency,
        person_in_charge,
        start,
        target,
        output,
        budget,
        status,
        progress,
        weight,
        evidence,
        summary,
    }
}

pub(super) fn session_form(extras: &Extras) -> SessionForm {
    let e = &extras.errors;
    let values = &extras.session;
    let held_on = Field::new("held_on", "Tanggal", values.held_on.as_str())
        .required()
        .errors(e);
    let mentor = Field::new("mentor", "Pendamping", values.mentor.as_str())
        .required()
        .errors(e);
    let mode = Field::new("mode", "Bentuk", values.mode.as_str())
        .required()
        .options(
            MentoringMode::ALL
                .iter()
                .map(|m| Choice::new(m.code(), m.label(), values.mode.trim()))
                .collect(),
        )
        .errors(e);
    let notes = Field::new("notes", "Catatan", values.notes.as_str())
        .required()
        .errors(e);
    let follow_ups =
        Field::new("follow_ups", "Tindak lanjut", values.follow_ups.as_str()).errors(e);
    let summary = summary_for(
        Part::Session,
        extras.failed,
        &[&held_on, &mentor, &mode, &notes, &follow_ups],
        e,
    );
    SessionForm {
        held_on,
        mentor,
        mode,
        notes,
        follow_ups,
        summary,
    }
}

pub(super) fn report_form(extras: &Extras) -> ReportForm {
    let e = &extras.errors;
    let values = &extras.report;
    let reported_on = Field::new(
        "reported_on",
        "Tanggal laporan",
        values.reported_on.as_str(),
    )
    .hint("Kosongkan untuk hari ini.")
    .errors(e);
    let progress = Field::new(
        "report_progress",
        "Kemajuan (%)",
        values.report_progress.as_str(),
    )
    .required()
    .hint("Perkiraan kemajuan replikasi secara keseluruhan, 0 sampai 100.")
    .errors(e);
    let obstacles = Field::new("obstacles", "Kendala", values.obstacles.as_str()).errors(e);
    let next_steps = Field::new(
        "next_steps",
        "Langkah berikutnya",
        values.next_steps.as_str(),
    )
    .required()
    .errors(e);
    let summary = summary_for(
        Part::Report,
        extras.failed,
        &[&reported_on, &progress, &obstacles, &next_steps],
        e,
    );
    ReportForm {
        reported_on,
        progress,
        obstacles,
        next_steps,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_form_with_unreadable_numbers_names_its_fields() {
        let values = ItemValues {
            activity: "Sosialisasi".into(),
            item_progress: "separuh".into(),
            responsible_agency_id: "dinas".into(),
            ..Default::default()
        };
        let (input, errors) = values.to_input();
        assert!(errors.get("item_progress").is_some());
        assert!(errors.get("responsible_agency_id").is_some());
        assert_eq!(input.activity, "Sosialisasi");
        let ok = ItemValues {
            item_progress: "40 %".into(),
            ..Default::default()
        };
        assert_eq!(ok.to_input().0.progress, Some(40));
    }
}
