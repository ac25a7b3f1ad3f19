//! The proposers' pages: the proposals the caller may see with their status and, when
//! rejected, the secretariat's reasons; the proposal form (an innovation of the registry, its
//! group and category, a text per section within its word limit, a link per required
//! attachment); and one proposal as submitted, with the profile copied then.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lumbung_service::competitions::proposals::{self, AttachmentInput, ProposalInput};
use lumbung_service::competitions::{self, CompetitionView};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::competition::Group;
use lumbung_service::innovations::{self, ListQuery};
use lumbung_service::store::Paging;
use lumbung_service::{App, Caller, ServiceError, ServiceResult};
use uuid::Uuid;

use super::{
    DynField, NoticeQuery, ProposalShown, base, category_name, day_text, dyn_summary, failed,
    parse_id, proposal_shown, registration_text, shown_on_page, stage_text,
};
use crate::auth::Auth;
use crate::pages::forms::{FormFields, optional, word_count};
use crate::pages::{
    Choice, Layout, OrPage, PageResult, SignedIn, check_csrf, page_error, render, see_other,
};
use crate::state::AppState;

// ---------------------------------------------------------------------------------------------
// The list.

pub struct ProposalRow {
    pub title: String,
    pub href: String,
    pub region: String,
    pub agency: String,
    pub group: String,
    pub category: String,
    pub status: String,
    pub status_code: String,
    pub submitted: String,
    pub reasons: Vec<String>,
    pub note: String,
}

#[derive(Template)]
#[template(path = "kelola_kompetisi_usulan.html")]
pub struct ProposalListPage {
    pub layout: Layout,
    pub name: String,
    pub base: String,
    pub stage: String,
    pub registration: String,
    pub registration_open: bool,
    pub new_href: String,
    pub secretariat: bool,
    pub rows: Vec<ProposalRow>,
}

/// `GET /kelola/kompetisi/{id}/usulan`: the proposals the caller may see (a proposer: their
/// own), rejected ones with the reasons.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let app = state.app();
    let view = competitions::get(app, id).await.or_page(&auth)?;
    let proposals = proposals::list(app, caller, id, None)
        .await
        .or_page(&auth)?;
    let base = base(id);
    let rows = proposals
        .iter()
        .map(|proposal| ProposalRow {
            title: proposal.title.clone(),
            href: format!("{base}/usulan/{}", proposal.id),
            region: proposal.region_name.clone(),
            agency: proposal.agency_name.clone(),
            group: proposal.group_label.to_owned(),
            category: category_name(&view.setup, &proposal.category),
            status: proposal.status_label.to_owned(),
            status_code: proposal.status.clone(),
            submitted: day_text(&view, proposal.submitted_at),
            reasons: proposal
                .rejection
                .as_ref()
                .map(|r| {
                    r.reasons
                        .iter()
                        .map(|reason| reason.label.clone())
                        .collect()
                })
                .unwrap_or_default(),
            note: proposal
                .rejection
                .as_ref()
                .and_then(|r| r.note.clone())
                .unwrap_or_default(),
        })
        .collect();
    let open = view.registration_open();
    let page = ProposalListPage {
        layout: Layout::new(&auth, "kompetisi", format!("Usulan — {}", view.name)),
        name: view.name.clone(),
        stage: stage_text(&view),
        registration: registration_text(&view),
        registration_open: open,
        new_href: if open && view.may_propose(caller) {
            format!("{base}/usulan/baru")
        } else {
            String::new()
        },
        secretariat: view.is_secretariat(caller),
        rows,
        base,
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------------------------------------------------------------------------------------------
// One proposal.

#[derive(Template)]
#[template(path = "kelola_kompetisi_usulan_lihat.html")]
pub struct ProposalPage {
    pub layout: Layout,
    pub name: String,
    pub base: String,
    pub notice: String,
    pub secretariat: bool,
    pub proposal: ProposalShown,
}

/// `GET /kelola/kompetisi/{id}/usulan/{pid}`: a proposal, for those who may read it.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, proposal)): Path<(String, String)>,
    Query(query): Query<NoticeQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let proposal = parse_id(&auth, &proposal, "proposal")?;
    let app = state.app();
    let view = competitions::get(app, id).await.or_page(&auth)?;
    let proposal = proposals::get(app, caller, id, proposal)
        .await
        .or_page(&auth)?;
    let page = ProposalPage {
        layout: Layout::new(&auth, "kompetisi", proposal.title.clone()),
        name: view.name.clone(),
        base: base(id),
        notice: match query.hasil.trim() {
            "diajukan" => {
                "Usulan diajukan. Sekretariat akan memeriksa kelengkapan administrasinya; hasilnya tampil di halaman ini."
                    .to_owned()
            }
            _ => String::new(),
        },
        secretariat: view.is_secretariat(caller),
        proposal: proposal_shown(&proposal, &view),
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------------------------------------------------------------------------------------------
// The form.

/// Every field of the proposal form as typed.
#[derive(Debug, Clone, Default)]
pub struct ProposalValues {
    pub innovation_id: String,
    pub group: String,
    pub category: String,
    pub replicated_innovation: String,
    /// By section code.
    pub sections: BTreeMap<String, String>,
    /// By attachment code.
    pub attachments: BTreeMap<String, String>,
}

impl ProposalValues {
    fn from_form(fields: &FormFields) -> Self {
        let prefixed = |prefix: &str| -> BTreeMap<String, String> {
            fields
                .0
                .iter()
                .filter_map(|(key, value)| {
                    let code = key.strip_prefix(prefix)?;
                    Some((code.to_owned(), value.clone()))
                })
                .collect()
        };
        Self {
            innovation_id: fields.get("innovation_id").trim().to_owned(),
            group: fields.get("group").trim().to_owned(),
            category: fields.get("category").trim().to_owned(),
            replicated_innovation: fields.get("replicated_innovation").to_owned(),
            sections: prefixed("sections."),
            attachments: prefixed("attachments."),
        }
    }

    /// The service's input, or what only the form sees wrong. Sections and attachments of
    /// other groups than the chosen one are left out: the form shows them all.
    fn to_input(&self, view: &CompetitionView) -> ServiceResult<ProposalInput> {
        let innovation_id =
            match optional(&self.innovation_id) {
                None => None,
                Some(text) => Some(Uuid::parse_str(&text).map_err(|_| {
                    FieldErrors::single("innovation_id", "pilih inovasi dari daftar")
                })?),
            };
        let group = Group::from_code(&self.group);
        let section_applies = |code: &str| {
            group.is_none_or(|group| {
                view.setup
                    .sections
                    .iter()
                    .find(|section| section.code == code)
                    .is_none_or(|section| section.applies_to(group))
            })
        };
        let attachment_applies = |code: &str| {
            group.is_none_or(|group| {
                view.setup
                    .attachments
                    .iter()
                    .find(|attachment| attachment.code == code)
                    .is_none_or(|attachment| attachment.applies_to(group))
            })
        };
        Ok(ProposalInput {
            innovation_id,
            group: self.group.clone(),
            category: self.category.clone(),
            replicated_innovation: optional(&self.replicated_innovation),
            sections: self
                .sections
                .iter()
                .filter(|(code, text)| !text.trim().is_empty() && section_applies(code))
                .map(|(code, text)| (code.clone(), text.clone()))
                .collect(),
            attachments: self
                .attachments
                .iter()
                .filter(|(code, url)| !url.trim().is_empty() && attachment_applies(code))
                .map(|(code, url)| AttachmentInput {
                    code: code.clone(),
                    url: url.trim().to_owned(),
                })
                .collect(),
        })
    }
}

#[derive(Template)]
#[template(path = "kelola_kompetisi_usulan_form.html")]
pub struct ProposalFormPage {
    pub layout: Layout,
    pub name: String,
    pub base: String,
    pub action: String,
    pub registration: String,
    pub open: bool,
    pub message: String,
    pub summary: Vec<Choice>,
    pub innovation_note: String,
    pub innovation: DynField,
    pub group: DynField,
    pub category: DynField,
    pub replicated: DynField,
    pub sections: Vec<DynField>,
    pub attachments: Vec<DynField>,
}

/// The innovations the caller may propose: those they may write in the competition's region.
async fn writable_innovations(
    app: &App,
    caller: &Caller,
    view: &CompetitionView,
) -> ServiceResult<Vec<(String, String)>> {
    let query = ListQuery {
        region: (!view.scope.is_nation()).then(|| view.scope.to_string()),
        ..Default::default()
    };
    Ok(innovations::list(app, caller, &query, Paging::all())
        .await?
        .items
        .into_iter()
        .filter(|innovation| {
            caller
                .actor
                .can_write_innovation(&innovation.region.code, innovation.agency.id)
        })
        .map(|innovation| {
            (
                innovation.id.to_string(),
                format!(
                    "{} — {}, {}",
                    innovation.profile.name, innovation.agency.name, innovation.region.name
                ),
            )
        })
        .collect())
}

fn groups_note(groups: &[Group]) -> String {
    if groups.is_empty() {
        String::new()
    } else {
        let labels: Vec<&str> = groups.iter().map(|group| group.label()).collect();
        format!(" Hanya untuk kelompok {}.", labels.join(", "))
    }
}

async fn form_page(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    view: &CompetitionView,
    values: &ProposalValues,
    failure: Option<&ServiceError>,
) -> PageResult {
    let (status, message, errors) = match failure {
        None => (StatusCode::OK, String::new(), FieldErrors::new()),
        Some(error) => {
            let failed = failed(error);
            (failed.status, failed.message, failed.errors)
        }
    };
    let innovations = writable_innovations(app, caller, view)
        .await
        .or_page(auth)?;
    let mut innovation_options: Vec<Choice> = innovations
        .iter()
        .map(|(id, label)| Choice::new(id, label, &values.innovation_id))
        .collect();
    if let [only] = innovation_options.as_mut_slice()
        && values.innovation_id.is_empty()
    {
        only.selected = true;
    }
    let innovation_note = if innovations.is_empty() {
        "Tidak ada inovasi di wilayah penyelenggara yang dapat Anda ajukan. Catat inovasinya dulu di menu Inovasi; pengusul adalah pengelola inovasi (admin daerah atau operator perangkat daerah)."
    } else {
        ""
    };
    let setup = &view.setup;
    let innovation = DynField {
        options: innovation_options,
        ..DynField::new("innovation_id", "Inovasi yang diajukan", values.innovation_id.as_str())
            .required(true)
            .hint("Profil inovasi disalin saat usulan diajukan; perubahan profil sesudahnya tidak mengubah usulan.")
            .errors(&errors)
    };
    let group = DynField {
        options: setup
            .groups
            .iter()
            .map(|rules| Choice::new(rules.group.code(), rules.group.label(), &values.group))
            .collect(),
        ..DynField::new("group", "Kelompok", values.group.as_str())
            .required(true)
            .errors(&errors)
    };
    let category = DynField {
        options: setup
            .categories
            .iter()
            .map(|category| Choice::new(&category.code, &category.name, &values.category))
            .collect(),
        ..DynField::new("category", "Kategori", values.category.as_str())
            .required(true)
            .errors(&errors)
    };
    let replicated = DynField::new(
        "replicated_innovation",
        "Inovasi yang direplikasi",
        values.replicated_innovation.as_str(),
    )
    .hint("Wajib untuk kelompok Replikasi: nama inovasi asal dan daerahnya.")
    .errors(&errors);
    let sections: Vec<DynField> = setup
        .sections
        .iter()
        .map(|section| {
            let value = values
                .sections
                .get(&section.code)
                .cloned()
                .unwrap_or_default();
            let words = word_count(&value);
            let mut hint = format!("Paling banyak {} kata.", section.max_words);
            hint.push_str(&groups_note(&section.groups));
            if !section.required {
                hint.push_str(" Boleh dikosongkan.");
            }
            if words > 0 {
                hint.push_str(&format!(" Terisi {words} kata."));
            }
            DynField::new(format!("sections.{}", section.code), &section.title, value)
                .required(section.required && section.groups.is_empty())
                .hint(hint)
                .errors(&errors)
        })
        .collect();
    let attachments: Vec<DynField> = setup
        .attachments
        .iter()
        .map(|attachment| {
            let value = values
                .attachments
                .get(&attachment.code)
                .cloned()
                .unwrap_or_default();
            DynField::new(
                format!("attachments.{}", attachment.code),
                &attachment.name,
                value,
            )
            .required(attachment.groups.is_empty())
            .hint(format!(
                "Tautan lengkap (https://…) ke dokumen yang dapat dibuka juri, mis. di JDIH atau situs perangkat daerah.{}",
                groups_note(&attachment.groups)
            ))
            .errors(&errors)
        })
        .collect();
    let mut all: Vec<&DynField> = vec![&innovation, &group, &category, &replicated];
    all.extend(sections.iter());
    all.extend(attachments.iter());
    let summary = dyn_summary(&all, &errors);
    let base = base(view.id);
    let page = ProposalFormPage {
        layout: Layout::new(auth, "kompetisi", format!("Ajukan usulan — {}", view.name)),
        name: view.name.clone(),
        action: format!("{base}/usulan/baru"),
        registration: registration_text(view),
        open: view.registration_open(),
        message,
        summary,
        innovation_note: innovation_note.to_owned(),
        innovation,
        group,
        category,
        replicated,
        sections,
        attachments,
        base,
    };
    Ok(render(status, &page))
}

/// `GET /kelola/kompetisi/{id}/usulan/baru`.
pub async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let app = state.app();
    let view = competitions::get(app, id).await.or_page(&auth)?;
    let values = ProposalValues {
        group: match view.setup.groups.as_slice() {
            [only] => only.group.code().to_owned(),
            _ => String::new(),
        },
        ..Default::default()
    };
    form_page(app, &auth, caller, &view, &values, None).await
}

/// `POST /kelola/kompetisi/{id}/usulan/baru`: submits the proposal, or shows the form again
/// with everything typed and every message.
pub async fn submit(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let app = state.app();
    let view = competitions::get(app, id).await.or_page(&auth)?;
    let values = ProposalValues::from_form(&fields);
    let submitted = match values.to_input(&view) {
        Ok(input) => proposals::submit(app, caller, id, &input).await,
        Err(error) => Err(error),
    };
    match submitted {
        Ok(proposal) => Ok(see_other(&format!(
            "{}/usulan/{}?hasil=diajukan",
            base(id),
            proposal.id
        ))),
        Err(error) if shown_on_page(&error) => {
            form_page(app, &auth, caller, &view, &values, Some(&error)).await
        }
        Err(error) => Err(page_error(&auth, &error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_attachments_are_read_by_their_prefix() {
        let fields = FormFields(vec![
            ("csrf".into(), "x".into()),
            ("innovation_id".into(), " ".into()),
            ("group".into(), "umum".into()),
            ("sections.ringkasan".into(), "Satu dua tiga".into()),
            ("sections.kebaruan".into(), "".into()),
            (
                "attachments.video".into(),
                " https://video.example.go.id ".into(),
            ),
        ]);
        let values = ProposalValues::from_form(&fields);
        assert_eq!(values.sections.len(), 2);
        assert_eq!(values.sections["ringkasan"], "Satu dua tiga");
        assert_eq!(values.attachments["video"], " https://video.example.go.id ");
        assert_eq!(values.innovation_id, "");
    }
}
