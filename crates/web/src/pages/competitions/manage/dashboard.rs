//! `/kelola/kompetisi/{id}`: the secretariat's dashboard. The rounds with their dates, the
//! button closing the round now running and the form reopening the last closed one; then what
//! the round now running needs: the administrative check, the jurors and their affiliations,
//! the assignment and the missing sheets, the desk ranking with its alerts and the panel's
//! shortlist, the objections, the interview schedule, and after the final decision the
//! results and the promotion of the winners to the national competition.
//!
//! Each step is a small form answering 303 back here (to its section) when it worked, or this
//! page again with the step's status, what was typed and the messages beside the form.

use std::collections::{BTreeMap, BTreeSet};

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use lumbung_service::competitions::jury::{self, AffiliationInput, JurorInput, JurorView};
use lumbung_service::competitions::objections::{self, ResolutionInput};
use lumbung_service::competitions::proposals::{
    self, CheckInput, Promotion, ProposalView, status_label,
};
use lumbung_service::competitions::rounds::{self, RoundResult, ShortlistInput};
use lumbung_service::competitions::{self, CompetitionView};
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::competition::{RejectionReason, RoundKind};
use lumbung_service::store::competitions::{objection_status, proposal_status};
use lumbung_service::{App, Caller, ServiceError, ServiceResult};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    base, category_name, day_text, failed, is_juror, parse_id, registration_text, score_text,
    shown_on_page, stage_text,
};
use crate::auth::Auth;
use crate::pages::forms::{FormFields, date, optional, sentence};
use crate::pages::{
    Choice, Field, Layout, OrPage, PageResult, SignedIn, check_csrf, not_found, page_error, render,
    see_other,
};
use crate::state::AppState;

// ---------------------------------------------------------------------------------------------
// What the template prints.

pub struct RoundRow {
    pub label: &'static str,
    pub dates: String,
    pub top_n: String,
    pub state: String,
    pub state_class: &'static str,
    pub close_href: String,
}

/// The form reopening the last closed round.
pub struct ReopenForm {
    pub label: &'static str,
    pub href: String,
    pub reason: Field,
    pub open: bool,
}

/// One proposal of the administrative check, with its pass button and rejection form.
pub struct CheckRow {
    pub id: String,
    pub title: String,
    pub href: String,
    pub region: String,
    pub agency: String,
    pub group: String,
    pub category: String,
    pub status: String,
    pub status_code: String,
    pub rejection: String,
    pub action: String,
    pub reasons: Vec<Choice>,
    pub reasons_error: String,
    pub note: String,
    pub note_error: String,
    pub message: String,
    pub open: bool,
}

pub struct CheckPanel {
    pub rows: Vec<CheckRow>,
    pub counts: String,
}

/// The form recording a juror's affiliation.
pub struct AffiliationForm {
    pub href: String,
    pub region: String,
    pub region_error: String,
    pub agencies: Vec<Choice>,
    pub agency_error: String,
    pub from: String,
    pub from_error: String,
    pub to: String,
    pub to_error: String,
    pub message: String,
    pub open: bool,
}

pub struct JurorRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub load: usize,
    pub affiliations: Vec<String>,
    pub form: AffiliationForm,
}

pub struct JurorPanel {
    pub rows: Vec<JurorRow>,
    pub action: String,
    pub email: Field,
    pub message: String,
    pub per_proposal: u32,
}

pub struct AssignedJurorCell {
    pub name: String,
    pub scored: bool,
}

pub struct AssignRow {
    pub title: String,
    pub href: String,
    pub region: String,
    pub jurors: Vec<AssignedJurorCell>,
}

pub struct LoadRow {
    pub name: String,
    pub count: usize,
}

pub struct AssignmentPanel {
    pub round: &'static str,
    pub action: String,
    pub rows: Vec<AssignRow>,
    pub loads: Vec<LoadRow>,
    pub missing: usize,
    pub unassigned: usize,
}

pub struct RankRow {
    pub id: String,
    pub rank: usize,
    pub title: String,
    pub href: String,
    pub region: String,
    pub group: String,
    pub category: String,
    pub score: String,
    pub juror_totals: String,
    pub alert: String,
    pub status: String,
    pub chosen: bool,
}

/// The panel's shortlist form, over the ranking.
pub struct ShortlistForm {
    pub action: String,
    pub top_n: String,
    pub error: String,
}

pub struct RankingPanel {
    pub rows: Vec<RankRow>,
    pub alerts: usize,
    pub shortlist: Option<ShortlistForm>,
}

pub struct ObjectionRow {
    pub id: String,
    pub proposal: String,
    pub proposal_href: String,
    pub name: String,
    pub contact: String,
    pub text: String,
    pub filed: String,
    pub status: String,
    pub status_code: String,
    pub resolution: String,
    pub action: String,
    pub upheld: String,
    pub upheld_error: String,
    pub resolution_value: String,
    pub resolution_error: String,
    pub message: String,
}

pub struct ObjectionPanel {
    pub running: bool,
    pub rows: Vec<ObjectionRow>,
}

pub struct SlotRow {
    pub id: String,
    pub title: String,
    pub href: String,
    pub starts_at: String,
    pub starts_error: String,
    pub ends_at: String,
    pub ends_error: String,
    pub place: String,
    pub place_error: String,
    pub message: String,
    pub saved: String,
}

pub struct SchedulePanel {
    pub action: String,
    /// The competition's zone, e.g. `WITA (UTC+8)`, and its short name for the labels.
    pub zone: String,
    pub zone_short: String,
    pub rows: Vec<SlotRow>,
}

pub struct PromotedRow {
    pub title: String,
    pub status: String,
}

pub struct RefusedRow {
    pub title: String,
    pub reasons: Vec<String>,
}

pub struct PromoteForm {
    pub action: String,
    pub targets: Vec<Choice>,
    pub error: String,
    pub created: Vec<PromotedRow>,
    pub refused: Vec<RefusedRow>,
    pub shown: bool,
}

pub struct FinalPanel {
    pub results_href: String,
    pub winners: Vec<String>,
    pub promote: Option<PromoteForm>,
}

#[derive(Template)]
#[template(path = "kelola_kompetisi.html")]
pub struct DashboardPage {
    pub layout: Layout,
    pub base: String,
    pub name: String,
    pub year: i32,
    pub scope: String,
    pub stage: String,
    pub registration: String,
    pub registration_open: bool,
    pub notice: String,
    pub message: String,
    pub message_href: String,
    pub settings_editable: bool,
    pub public_href: String,
    pub rounds: Vec<RoundRow>,
    pub reopen: Option<ReopenForm>,
    pub check: Option<CheckPanel>,
    pub jurors: JurorPanel,
    pub assignment: Option<AssignmentPanel>,
    pub ranking: Option<RankingPanel>,
    pub objections: Option<ObjectionPanel>,
    pub schedule: Option<SchedulePanel>,
    pub final_panel: Option<FinalPanel>,
    pub proposal_count: usize,
}

// ---------------------------------------------------------------------------------------------
// What a failed step brings back.

#[derive(Debug, Clone, Default)]
pub struct AffiliationValues {
    pub region: String,
    pub agency_id: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Default)]
pub struct SlotValues {
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
}

/// The form that failed, with what was typed in it.
enum Step {
    /// Closing a round or assigning: nothing typed.
    Plain(&'static str),
    Reopen {
        reason: String,
    },
    Check {
        proposal: Uuid,
        reasons: Vec<String>,
        note: String,
    },
    Juror {
        email: String,
    },
    Affiliation {
        user: Uuid,
        values: AffiliationValues,
    },
    Shortlist {
        chosen: Vec<Uuid>,
    },
    Objection {
        objection: Uuid,
        upheld: String,
        resolution: String,
    },
    Slot {
        proposal: Uuid,
        values: SlotValues,
    },
    Promote {
        target: String,
        promotion: Option<Promotion>,
    },
}

struct Failure {
    step: Step,
    message: String,
    errors: FieldErrors,
}

impl Failure {
    fn error(&self, field: &str) -> String {
        self.errors.get(field).map(sentence).unwrap_or_default()
    }

    /// Where on the page the failed form is.
    fn anchor(&self) -> String {
        match &self.step {
            Step::Plain(anchor) => format!("#{anchor}"),
            Step::Reopen { .. } => "#buka-kembali".into(),
            Step::Check { proposal, .. } => format!("#usulan-{proposal}"),
            Step::Juror { .. } => "#juri".into(),
            Step::Affiliation { user, .. } => format!("#juri-{user}"),
            Step::Shortlist { .. } => "#peringkat".into(),
            Step::Objection { objection, .. } => format!("#sanggahan-{objection}"),
            Step::Slot { proposal, .. } => format!("#jadwal-{proposal}"),
            Step::Promote { .. } => "#hasil".into(),
        }
    }
}

#[derive(Default)]
struct Extras {
    notice: String,
    /// The competition the winners were just proposed to.
    promoted_to: Option<Uuid>,
    failure: Option<Failure>,
}

fn notice(code: &str) -> &'static str {
    match code {
        "dibuat" => {
            "Kompetisi dibuat dengan pengaturan bawaan KIPP. Periksa tanggal tahap, kategori dan kriteria di Pengaturan sebelum pendaftaran dibuka."
        }
        "ditutup" => "Tahap ditutup dan hasilnya dibekukan.",
        "dibuka" => "Tahap dibuka kembali; alasannya dicatat pada log audit.",
        "diperiksa" => "Hasil pemeriksaan administrasi disimpan.",
        "juri" => "Juri ditambahkan.",
        "afiliasi" => "Afiliasi juri dicatat.",
        "ditugaskan" => "Penugasan juri disimpan.",
        "finalis" => "Daftar finalis ditetapkan.",
        "sanggahan" => "Tindak lanjut sanggahan disimpan.",
        "jadwal" => "Jadwal wawancara disimpan.",
        "diusulkan" => "Semua pemenang diusulkan ke kompetisi tujuan.",
        _ => "",
    }
}

// ---------------------------------------------------------------------------------------------
// Building the page.

fn rounds_of(view: &CompetitionView, base: &str) -> Vec<RoundRow> {
    view.rounds
        .iter()
        .map(|round| {
            let (state, state_class) = match round.closed_at {
                Some(at) => (format!("Ditutup {}", day_text(view, at)), "closed"),
                None if round.current => ("Sedang berjalan".to_owned(), "current"),
                None => ("Belum dimulai".to_owned(), "later"),
            };
            RoundRow {
                label: round.label,
                dates: format!("{} – {}", date(round.opens_on), date(round.closes_on)),
                top_n: round.top_n.map(|n| format!("Top {n}")).unwrap_or_default(),
                state,
                state_class,
                close_href: if round.current {
                    format!("{base}/tahap/{}/tutup", round.kind.code())
                } else {
                    String::new()
                },
            }
        })
        .collect()
}

fn reopen_form(
    view: &CompetitionView,
    base: &str,
    failure: Option<&Failure>,
) -> Option<ReopenForm> {
    let last = view
        .rounds
        .iter()
        .rev()
        .find(|round| round.closed_at.is_some())?;
    let (reason, errors, open) = match failure {
        Some(Failure {
            step: Step::Reopen { reason },
            errors,
            ..
        }) => (reason.as_str(), errors.clone(), true),
        _ => ("", FieldErrors::new(), false),
    };
    Some(ReopenForm {
        label: last.label,
        href: format!("{base}/tahap/{}/buka-kembali", last.kind.code()),
        reason: Field::new("reason", "Alasan membuka kembali", reason)
            .required()
            .hint("Paling sedikit 20 karakter. Alasan dan hasil yang dibatalkan dicatat pada log audit.")
            .errors(&errors),
        open,
    })
}

fn check_panel(
    proposals: &[ProposalView],
    view: &CompetitionView,
    base: &str,
    failure: Option<&Failure>,
) -> CheckPanel {
    let rows = proposals
        .iter()
        .map(|proposal| {
            let failed_here = match failure {
                Some(
                    f @ Failure {
                        step:
                            Step::Check {
                                proposal: failed,
                                reasons,
                                note,
                            },
                        ..
                    },
                ) if *failed == proposal.id => Some((f, reasons, note)),
                _ => None,
            };
            let stored: Vec<String> = proposal
                .rejection
                .as_ref()
                .map(|r| r.reasons.iter().map(|reason| reason.code.clone()).collect())
                .unwrap_or_default();
            let ticked = failed_here.map_or(&stored, |(_, reasons, _)| reasons);
            let note = failed_here.map_or_else(
                || {
                    proposal
                        .rejection
                        .as_ref()
                        .and_then(|r| r.note.clone())
                        .unwrap_or_default()
                },
                |(_, _, note)| (*note).clone(),
            );
            CheckRow {
                id: proposal.id.to_string(),
                title: proposal.title.clone(),
                href: format!("{base}/usulan/{}", proposal.id),
                region: proposal.region_name.clone(),
                agency: proposal.agency_name.clone(),
                group: proposal.group_label.to_owned(),
                category: category_name(&view.setup, &proposal.category),
                status: status_label(&proposal.status).to_owned(),
                status_code: proposal.status.clone(),
                rejection: proposal
                    .rejection
                    .as_ref()
                    .map(|r| {
                        r.reasons
                            .iter()
                            .map(|reason| reason.label.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_default(),
                action: format!("{base}/usulan/{}/periksa", proposal.id),
                reasons: RejectionReason::ALL
                    .iter()
                    .map(|reason| Choice {
                        value: reason.code().to_owned(),
                        label: reason.label().to_owned(),
                        selected: ticked.iter().any(|code| code == reason.code()),
                    })
                    .collect(),
                reasons_error: failed_here
                    .map(|(f, _, _)| f.error("reasons"))
                    .unwrap_or_default(),
                note,
                note_error: failed_here
                    .map(|(f, _, _)| f.error("note"))
                    .unwrap_or_default(),
                message: failed_here
                    .map(|(f, _, _)| f.message.clone())
                    .unwrap_or_default(),
                open: failed_here.is_some(),
            }
        })
        .collect::<Vec<_>>();
    let count = |status: &str| proposals.iter().filter(|p| p.status == status).count();
    CheckPanel {
        counts: format!(
            "{} usulan: {} belum diperiksa, {} lolos, {} tidak lolos.",
            proposals.len(),
            count(proposal_status::SUBMITTED),
            count(proposal_status::PASSED),
            count(proposal_status::REJECTED)
        ),
        rows,
    }
}

fn affiliation_text(affiliation: &jury::AffiliationView) -> String {
    let parts: Vec<&str> = [&affiliation.region_name, &affiliation.agency_name]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let period = match (affiliation.from, affiliation.to) {
        (Some(from), Some(to)) => format!(", {} sampai {}", date(from), date(to)),
        (Some(from), None) => format!(", sejak {}", date(from)),
        (None, Some(to)) => format!(", sampai {}", date(to)),
        (None, None) => String::new(),
    };
    let source = if affiliation.source == "grant" {
        "peran akun pengguna"
    } else {
        "dicatat sekretariat"
    };
    format!("{}{period} ({source})", parts.join(" — "))
}

fn juror_panel(
    jurors: &[JurorView],
    proposals: &[ProposalView],
    view: &CompetitionView,
    base: &str,
    failure: Option<&Failure>,
) -> JurorPanel {
    // The agencies that matter for conflicts are those that propose.
    let mut agency_options: BTreeMap<Uuid, String> = BTreeMap::new();
    for proposal in proposals {
        agency_options.insert(
            proposal.agency_id,
            format!("{} — {}", proposal.agency_name, proposal.region_name),
        );
    }
    let mut rows = Vec::new();
    for juror in jurors {
        let affiliations = juror.affiliations.iter().map(affiliation_text).collect();
        let failed_here = match failure {
            Some(
                f @ Failure {
                    step: Step::Affiliation { user, values },
                    ..
                },
            ) if *user == juror.user_id => Some((f, values)),
            _ => None,
        };
        let empty = AffiliationValues::default();
        let values = failed_here.map_or(&empty, |(_, values)| values);
        let error = |field: &str| failed_here.map(|(f, _)| f.error(field)).unwrap_or_default();
        rows.push(JurorRow {
            id: juror.user_id.to_string(),
            name: juror.name.clone(),
            email: juror.email.clone(),
            load: juror.load,
            affiliations,
            form: AffiliationForm {
                href: format!("{base}/juri/{}/afiliasi", juror.user_id),
                region: values.region.clone(),
                region_error: error("region"),
                agencies: agency_options
                    .iter()
                    .map(|(id, label)| Choice::new(&id.to_string(), label, values.agency_id.trim()))
                    .collect(),
                agency_error: error("agency_id"),
                from: values.from.clone(),
                from_error: error("from"),
                to: values.to.clone(),
                to_error: error("to"),
                message: failed_here
                    .map(|(f, _)| f.message.clone())
                    .unwrap_or_default(),
                open: failed_here.is_some(),
            },
        });
    }
    let (email, errors, message) = match failure {
        Some(Failure {
            step: Step::Juror { email },
            errors,
            message,
        }) => (email.as_str(), errors.clone(), message.clone()),
        _ => ("", FieldErrors::new(), String::new()),
    };
    JurorPanel {
        rows,
        action: format!("{base}/juri"),
        email: Field::new("email", "Surel calon juri", email)
            .required()
            .hint("Juri harus sudah memiliki akun di Lumbung Inovasi.")
            .errors(&errors),
        message,
        per_proposal: view.setup.jury.jurors_per_proposal,
    }
}

async fn assignment_panel(
    app: &App,
    caller: &Caller,
    view: &CompetitionView,
    kind: RoundKind,
    proposals: &[ProposalView],
    base: &str,
) -> ServiceResult<AssignmentPanel> {
    let assignment = jury::assignments(app, caller, view.id, kind).await?;
    let mut juror_names: BTreeMap<Uuid, String> = BTreeMap::new();
    let rows: Vec<AssignRow> = assignment
        .rows
        .iter()
        .map(|row| AssignRow {
            title: row.title.clone(),
            href: format!("{base}/usulan/{}", row.proposal_id),
            region: proposals
                .iter()
                .find(|p| p.id == row.proposal_id)
                .map_or_else(|| row.region_code.to_string(), |p| p.region_name.clone()),
            jurors: row
                .jurors
                .iter()
                .map(|juror| {
                    juror_names.insert(juror.user_id, juror.name.clone());
                    AssignedJurorCell {
                        name: juror.name.clone(),
                        scored: juror.scored,
                    }
                })
                .collect(),
        })
        .collect();
    let missing = rows
        .iter()
        .flat_map(|row| &row.jurors)
        .filter(|juror| !juror.scored)
        .count();
    let judged = match kind {
        RoundKind::Interview => proposal_status::FINALIST,
        _ => proposal_status::PASSED,
    };
    let assigned: BTreeSet<Uuid> = assignment.rows.iter().map(|row| row.proposal_id).collect();
    let unassigned = proposals
        .iter()
        .filter(|p| p.status == judged && !assigned.contains(&p.id))
        .count();
    let mut loads: Vec<LoadRow> = assignment
        .loads
        .iter()
        .map(|(juror, count)| LoadRow {
            name: juror_names
                .get(juror)
                .cloned()
                .unwrap_or_else(|| juror.to_string()),
            count: *count,
        })
        .collect();
    loads.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(AssignmentPanel {
        round: kind.label(),
        action: format!("{base}/penugasan"),
        rows,
        loads,
        missing,
        unassigned,
    })
}

async fn ranking_panel(
    app: &App,
    caller: &Caller,
    view: &CompetitionView,
    proposals: &[ProposalView],
    jurors: &[JurorView],
    base: &str,
    failure: Option<&Failure>,
) -> ServiceResult<Option<RankingPanel>> {
    let Some(RoundResult::DeskEvaluation(result)) =
        rounds::round_result(app, caller, view.id, RoundKind::DeskEvaluation).await?
    else {
        return Ok(None);
    };
    let shortlisting = view.current_round == Some(RoundKind::PanelShortlist);
    let chosen: BTreeSet<Uuid> = match failure {
        Some(Failure {
            step: Step::Shortlist { chosen },
            ..
        }) => chosen.iter().copied().collect(),
        _ => proposals
            .iter()
            .filter(|p| p.status == proposal_status::SHORTLISTED)
            .map(|p| p.id)
            .collect(),
    };
    let juror_name = |id: &Uuid| {
        jurors
            .iter()
            .find(|juror| juror.user_id == *id)
            .map_or_else(|| "Juri".to_owned(), |juror| juror.name.clone())
    };
    let rows: Vec<RankRow> = result
        .ranking
        .iter()
        .map(|place| {
            let proposal = proposals.iter().find(|p| p.id == place.proposal);
            let totals = result
                .scores
                .iter()
                .find(|score| score.proposal == place.proposal)
                .map(|score| {
                    score
                        .juror_totals
                        .iter()
                        .map(|(juror, total)| {
                            format!("{}: {}", juror_name(juror), score_text(*total))
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default();
            RankRow {
                id: place.proposal.to_string(),
                rank: place.rank,
                title: proposal.map_or_else(|| place.proposal.to_string(), |p| p.title.clone()),
                href: format!("{base}/usulan/{}", place.proposal),
                region: proposal.map(|p| p.region_name.clone()).unwrap_or_default(),
                group: place.group.label().to_owned(),
                category: category_name(&view.setup, &place.category),
                score: score_text(place.score),
                juror_totals: totals,
                alert: result
                    .disagreements
                    .iter()
                    .find(|d| d.proposal == place.proposal)
                    .map(|d| sentence(&d.message()))
                    .unwrap_or_default(),
                status: proposal
                    .map(|p| status_label(&p.status).to_owned())
                    .unwrap_or_default(),
                chosen: chosen.contains(&place.proposal),
            }
        })
        .collect();
    let top_n = view
        .rounds
        .iter()
        .find(|round| round.kind == RoundKind::PanelShortlist)
        .and_then(|round| round.top_n)
        .map(|n| n.to_string())
        .unwrap_or_default();
    Ok(Some(RankingPanel {
        alerts: result.disagreements.len(),
        rows,
        shortlist: shortlisting.then(|| ShortlistForm {
            action: format!("{base}/finalis"),
            top_n,
            error: match failure {
                Some(
                    f @ Failure {
                        step: Step::Shortlist { .. },
                        ..
                    },
                ) => f.error("proposals"),
                _ => String::new(),
            },
        }),
    }))
}

async fn objection_panel(
    app: &App,
    caller: &Caller,
    view: &CompetitionView,
    proposals: &[ProposalView],
    base: &str,
    failure: Option<&Failure>,
) -> ServiceResult<ObjectionPanel> {
    let running = view.current_round == Some(RoundKind::PublicObjection);
    let rows = objections::list(app, caller, view.id)
        .await?
        .into_iter()
        .map(|objection| {
            let failed_here = match failure {
                Some(
                    f @ Failure {
                        step:
                            Step::Objection {
                                objection: failed,
                                upheld,
                                resolution,
                            },
                        ..
                    },
                ) if *failed == objection.id => Some((f, upheld, resolution)),
                _ => None,
            };
            ObjectionRow {
                id: objection.id.to_string(),
                proposal: proposals
                    .iter()
                    .find(|p| p.id == objection.proposal_id)
                    .map_or_else(|| objection.proposal_id.to_string(), |p| p.title.clone()),
                proposal_href: format!("{base}/usulan/{}", objection.proposal_id),
                name: objection.name.clone().unwrap_or_default(),
                contact: objection.contact.clone().unwrap_or_default(),
                text: objection.text.clone(),
                filed: day_text(view, objection.created_at),
                status: objection.status_label.to_owned(),
                status_code: objection.status.clone(),
                resolution: objection.resolution.clone().unwrap_or_default(),
                action: if running && objection.status == objection_status::OPEN {
                    format!("{base}/sanggahan/{}", objection.id)
                } else {
                    String::new()
                },
                upheld: failed_here
                    .map(|(_, upheld, _)| upheld.clone())
                    .unwrap_or_default(),
                upheld_error: failed_here
                    .map(|(f, _, _)| f.error("upheld"))
                    .unwrap_or_default(),
                resolution_value: failed_here
                    .map(|(_, _, resolution)| resolution.clone())
                    .unwrap_or_default(),
                resolution_error: failed_here
                    .map(|(f, _, _)| f.error("resolution"))
                    .unwrap_or_default(),
                message: failed_here
                    .map(|(f, _, _)| f.message.clone())
                    .unwrap_or_default(),
            }
        })
        .collect();
    Ok(ObjectionPanel { running, rows })
}

async fn schedule_panel(
    app: &App,
    view: &CompetitionView,
    proposals: &[ProposalView],
    base: &str,
    failure: Option<&Failure>,
) -> ServiceResult<SchedulePanel> {
    let slots = rounds::interview_slots(app, view.id).await?;
    let rows = proposals
        .iter()
        .filter(|p| p.status == proposal_status::FINALIST)
        .map(|proposal| {
            let slot = slots.iter().find(|slot| slot.proposal_id == proposal.id);
            let failed_here = match failure {
                Some(
                    f @ Failure {
                        step:
                            Step::Slot {
                                proposal: failed,
                                values,
                            },
                        ..
                    },
                ) if *failed == proposal.id => Some((f, values)),
                _ => None,
            };
            let stored = SlotValues {
                starts_at: slot
                    .map(|s| view.zone().input_value(s.starts_at))
                    .unwrap_or_default(),
                ends_at: slot
                    .map(|s| view.zone().input_value(s.ends_at))
                    .unwrap_or_default(),
                place: slot.map(|s| s.place.clone()).unwrap_or_default(),
            };
            let values = failed_here.map_or(&stored, |(_, values)| values);
            let error = |field: &str| failed_here.map(|(f, _)| f.error(field)).unwrap_or_default();
            SlotRow {
                id: proposal.id.to_string(),
                title: proposal.title.clone(),
                href: format!("{base}/usulan/{}", proposal.id),
                starts_at: values.starts_at.clone(),
                starts_error: error("starts_at"),
                ends_at: values.ends_at.clone(),
                ends_error: error("ends_at"),
                place: values.place.clone(),
                place_error: error("place"),
                message: failed_here
                    .map(|(f, _)| f.message.clone())
                    .unwrap_or_default(),
                saved: slot
                    .map(|s| {
                        let zone = view.zone();
                        let starts = zone.local(s.starts_at);
                        let ends = zone.local(s.ends_at);
                        format!(
                            "{} pukul {}–{} {}, {}",
                            date(starts.date()),
                            starts.format("%H.%M"),
                            ends.format("%H.%M"),
                            zone.abbreviation(),
                            s.place
                        )
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    Ok(SchedulePanel {
        action: format!("{base}/jadwal"),
        zone: view.zone().label().to_owned(),
        zone_short: view.zone().abbreviation().to_owned(),
        rows,
    })
}

async fn final_panel(
    app: &App,
    caller: &Caller,
    view: &CompetitionView,
    proposals: &[ProposalView],
    base: &str,
    promoted_to: Option<Uuid>,
    failure: Option<&Failure>,
) -> ServiceResult<FinalPanel> {
    let winners = proposals
        .iter()
        .filter(|p| p.status == proposal_status::WINNER)
        .map(|p| p.title.clone())
        .collect();
    let promote = if view.scope.is_nation() {
        None
    } else {
        let (target, promotion, error) = match failure {
            Some(
                f @ Failure {
                    step: Step::Promote { target, promotion },
                    ..
                },
            ) => (target.clone(), promotion.as_ref(), f.error("to")),
            _ => (
                promoted_to.map(|id| id.to_string()).unwrap_or_default(),
                None,
                String::new(),
            ),
        };
        let targets: Vec<Choice> = competitions::list(app, None)
            .await?
            .into_iter()
            .filter(|c| c.id != view.id && c.scope.covers(&view.scope))
            .map(|c| {
                Choice::new(
                    &c.id.to_string(),
                    &format!("{} ({})", c.name, c.year),
                    target.trim(),
                )
            })
            .collect();
        let mut created = Vec::new();
        let mut refused = Vec::new();
        if let Some(promotion) = promotion {
            created = promotion
                .created
                .iter()
                .map(|p| PromotedRow {
                    title: p.title.clone(),
                    status: p.status_label.to_owned(),
                })
                .collect();
            refused = promotion
                .refused
                .iter()
                .map(|r| RefusedRow {
                    title: r.title.clone(),
                    reasons: r.errors.values().map(|m| sentence(m)).collect(),
                })
                .collect();
        } else if let Some(to) = promoted_to {
            let ours: BTreeSet<Uuid> = proposals.iter().map(|p| p.id).collect();
            created = proposals::list(app, caller, to, None)
                .await?
                .into_iter()
                .filter(|p| p.source_proposal_id.is_some_and(|s| ours.contains(&s)))
                .map(|p| PromotedRow {
                    title: p.title,
                    status: p.status_label.to_owned(),
                })
                .collect();
        }
        let shown = promotion.is_some() || promoted_to.is_some();
        (!targets.is_empty() || shown).then(|| PromoteForm {
            action: format!("{base}/usulkan"),
            targets,
            error,
            created,
            refused,
            shown,
        })
    };
    Ok(FinalPanel {
        results_href: format!("/kompetisi/{}/hasil", view.id),
        winners,
        promote,
    })
}

async fn build(
    app: &App,
    auth: &Auth,
    caller: &Caller,
    view: &CompetitionView,
    extras: Extras,
) -> ServiceResult<DashboardPage> {
    let base = base(view.id);
    let failure = extras.failure.as_ref();
    let current = view.current_round;
    let proposals = proposals::list(app, caller, view.id, None).await?;
    let jurors = jury::jurors(app, caller, view.id).await?;
    let check = (current == Some(RoundKind::AdministrativeCheck))
        .then(|| check_panel(&proposals, view, &base, failure));
    let assignment = match current {
        Some(kind @ (RoundKind::DeskEvaluation | RoundKind::Interview)) => {
            Some(assignment_panel(app, caller, view, kind, &proposals, &base).await?)
        }
        _ => None,
    };
    let ranking = if view.closed(RoundKind::DeskEvaluation) {
        ranking_panel(app, caller, view, &proposals, &jurors, &base, failure).await?
    } else {
        None
    };
    let objections =
        if current == Some(RoundKind::PublicObjection) || view.closed(RoundKind::PublicObjection) {
            Some(objection_panel(app, caller, view, &proposals, &base, failure).await?)
        } else {
            None
        };
    let schedule = if current == Some(RoundKind::Interview) {
        Some(schedule_panel(app, view, &proposals, &base, failure).await?)
    } else {
        None
    };
    let final_panel = if view.closed(RoundKind::FinalDecision) {
        Some(
            final_panel(
                app,
                caller,
                view,
                &proposals,
                &base,
                extras.promoted_to,
                failure,
            )
            .await?,
        )
    } else {
        None
    };
    let (message, message_href) = match failure {
        Some(failure) => (failure.message.clone(), failure.anchor()),
        None => (String::new(), String::new()),
    };
    Ok(DashboardPage {
        layout: Layout::new(auth, "kompetisi", view.name.clone()),
        name: view.name.clone(),
        year: view.year,
        scope: view.scope_name.clone(),
        stage: stage_text(view),
        registration: registration_text(view),
        registration_open: view.registration_open(),
        notice: extras.notice,
        message,
        message_href,
        settings_editable: !view.rounds.iter().any(|round| round.closed_at.is_some()),
        public_href: format!("/kompetisi/{}", view.id),
        rounds: rounds_of(view, &base),
        reopen: reopen_form(view, &base, failure),
        check,
        jurors: juror_panel(&jurors, &proposals, view, &base, failure),
        assignment,
        ranking,
        objections,
        schedule,
        final_panel,
        proposal_count: proposals.len(),
        base,
    })
}

async fn dashboard(
    state: &AppState,
    auth: &Auth,
    caller: &Caller,
    view: &CompetitionView,
    extras: Extras,
    status: StatusCode,
) -> PageResult {
    let page = build(state.app(), auth, caller, view, extras)
        .await
        .or_page(auth)?;
    Ok(render(status, &page))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    pub hasil: String,
    /// The competition the winners were proposed to.
    pub ke: String,
}

/// `GET /kelola/kompetisi/{id}`: the dashboard for the secretariat; a juror goes to their
/// scoring list and a proposer to their proposals.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let app = state.app();
    let view = competitions::get(app, id).await.or_page(&auth)?;
    if !view.is_secretariat(caller) {
        if is_juror(app, caller, id).await.or_page(&auth)? {
            return Ok(see_other(&format!("{}/penilaian", base(id))));
        }
        if view.may_propose(caller) {
            return Ok(see_other(&format!("{}/usulan", base(id))));
        }
        return Err(page_error(
            &auth,
            &ServiceError::Forbidden(super::SECRETARIAT_ONLY.into()),
        ));
    }
    let extras = Extras {
        notice: notice(query.hasil.trim()).to_owned(),
        promoted_to: Uuid::parse_str(query.ke.trim()).ok(),
        failure: None,
    };
    dashboard(&state, &auth, caller, &view, extras, StatusCode::OK).await
}

/// After a step: back to its section with the notice, or the page again with what failed
/// (a step someone may not take, or that names nothing, gets a page of its own).
async fn after(
    state: &AppState,
    auth: &Auth,
    caller: &Caller,
    id: Uuid,
    done: ServiceResult<String>,
    step: Step,
) -> PageResult {
    let error = match done {
        Ok(to) => return Ok(see_other(&to)),
        Err(error) => error,
    };
    if !shown_on_page(&error) {
        return Err(page_error(auth, &error));
    }
    let view = competitions::get(state.app(), id).await.or_page(auth)?;
    if !view.is_secretariat(caller) {
        return Err(page_error(auth, &error));
    }
    let failed = failed(&error);
    // Every message on top too, linking to its form, besides the messages at the fields.
    let mut message = failed.message;
    for (_, text) in failed.errors.iter() {
        message.push(' ');
        message.push_str(&sentence(text));
    }
    let extras = Extras {
        failure: Some(Failure {
            step,
            message,
            errors: failed.errors,
        }),
        ..Default::default()
    };
    dashboard(state, auth, caller, &view, extras, failed.status).await
}

fn round_kind(auth: &Auth, code: &str) -> PageResult<RoundKind> {
    RoundKind::from_code(code.trim()).ok_or_else(|| not_found(auth, "tahap"))
}

fn back(id: Uuid, outcome: &str, anchor: &str) -> String {
    format!("{}?hasil={outcome}#{anchor}", base(id))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfForm {
    pub csrf: String,
}

/// `POST /kelola/kompetisi/{id}/tahap/{kind}/tutup`.
pub async fn close(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, kind)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let kind = round_kind(&auth, &kind)?;
    check_csrf(&auth, &form.csrf)?;
    let done = rounds::close(state.app(), caller, id, kind)
        .await
        .map(|_| back(id, "ditutup", "tahap"));
    after(&state, &auth, caller, id, done, Step::Plain("tahap")).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReasonForm {
    pub csrf: String,
    pub reason: String,
}

/// `POST /kelola/kompetisi/{id}/tahap/{kind}/buka-kembali`: with a reason of 20 characters.
pub async fn reopen(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, kind)): Path<(String, String)>,
    Form(form): Form<ReasonForm>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let kind = round_kind(&auth, &kind)?;
    check_csrf(&auth, &form.csrf)?;
    let done = rounds::reopen(state.app(), caller, id, kind, &form.reason)
        .await
        .map(|_| back(id, "dibuka", "tahap"));
    let step = Step::Reopen {
        reason: form.reason,
    };
    after(&state, &auth, caller, id, done, step).await
}

/// `POST /kelola/kompetisi/{id}/usulan/{pid}/periksa`: `keputusan=lolos`, or `keputusan=tolak`
/// with `reasons` and a `note`.
pub async fn check(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, proposal)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let proposal = parse_id(&auth, &proposal, "proposal")?;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let passed = fields.get("keputusan").trim() == "lolos";
    let reasons = fields.all("reasons");
    let note = fields.get("note").to_owned();
    let input = CheckInput {
        passed,
        reasons: if passed { Vec::new() } else { reasons.clone() },
        note: optional(&note),
    };
    let done = proposals::check(state.app(), caller, id, proposal, &input)
        .await
        .map(|_| back(id, "diperiksa", &format!("usulan-{proposal}")));
    let step = Step::Check {
        proposal,
        reasons,
        note,
    };
    after(&state, &auth, caller, id, done, step).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct JurorForm {
    pub csrf: String,
    pub email: String,
}

/// `POST /kelola/kompetisi/{id}/juri`: appoints a juror by e-mail.
pub async fn add_juror(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<JurorForm>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    check_csrf(&auth, &form.csrf)?;
    let input = JurorInput {
        user_id: None,
        email: Some(form.email.trim().to_owned()),
    };
    let done = jury::add_juror(state.app(), caller, id, &input)
        .await
        .map(|_| back(id, "juri", "juri"));
    let step = Step::Juror { email: form.email };
    after(&state, &auth, caller, id, done, step).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AffiliationFormValues {
    pub csrf: String,
    pub region: String,
    pub agency_id: String,
    pub from: String,
    pub to: String,
}

/// The service's input, or what only the form sees wrong (an agency or a date unreadable).
fn affiliation_input(form: &AffiliationFormValues) -> ServiceResult<AffiliationInput> {
    let mut errors = FieldErrors::new();
    let agency_id = match optional(&form.agency_id) {
        None => None,
        Some(text) => match Uuid::parse_str(&text) {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("agency_id", "pilih instansi dari daftar");
                None
            }
        },
    };
    let mut day = |text: &str, field: &str| match optional(text) {
        None => None,
        Some(text) => match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                errors.add(field, "isi tanggal, mis. 2024-01-31");
                None
            }
        },
    };
    let from = day(&form.from, "from");
    let to = day(&form.to, "to");
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(AffiliationInput {
        region: optional(&form.region),
        agency_id,
        from,
        to,
    })
}

/// `POST /kelola/kompetisi/{id}/juri/{user}/afiliasi`: where a juror works or worked.
pub async fn add_affiliation(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, user)): Path<(String, String)>,
    Form(form): Form<AffiliationFormValues>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let user = parse_id(&auth, &user, "juri")?;
    check_csrf(&auth, &form.csrf)?;
    let app = state.app();
    let done = match affiliation_input(&form) {
        Ok(input) => jury::add_affiliation(app, caller, id, user, &input)
            .await
            .map(|_| back(id, "afiliasi", &format!("juri-{user}"))),
        Err(error) => Err(error),
    };
    let step = Step::Affiliation {
        user,
        values: AffiliationValues {
            region: form.region,
            agency_id: form.agency_id,
            from: form.from,
            to: form.to,
        },
    };
    after(&state, &auth, caller, id, done, step).await
}

/// `POST /kelola/kompetisi/{id}/penugasan`: assigns the proposals of the scored round.
pub async fn assign(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    check_csrf(&auth, &form.csrf)?;
    let done = jury::assign(state.app(), caller, id)
        .await
        .map(|_| back(id, "ditugaskan", "penugasan"));
    after(&state, &auth, caller, id, done, Step::Plain("penugasan")).await
}

/// `POST /kelola/kompetisi/{id}/finalis`: `cara=top` takes the desk Top N; `cara=pilih` the
/// ticked `proposals`.
pub async fn shortlist(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let fields = FormFields(fields);
    check_csrf(&auth, fields.get("csrf"))?;
    let chosen: Vec<Uuid> = fields
        .all("proposals")
        .iter()
        .filter_map(|text| Uuid::parse_str(text).ok())
        .collect();
    let input = ShortlistInput {
        proposals: (fields.get("cara").trim() == "pilih").then(|| chosen.clone()),
    };
    let done = rounds::shortlist(state.app(), caller, id, &input)
        .await
        .map(|_| back(id, "finalis", "peringkat"));
    after(&state, &auth, caller, id, done, Step::Shortlist { chosen }).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResolveForm {
    pub csrf: String,
    /// `terima` (the objection is upheld and the finalist set aside) or `tolak`.
    pub keputusan: String,
    pub resolution: String,
}

/// `POST /kelola/kompetisi/{id}/sanggahan/{oid}`: resolves an objection.
pub async fn resolve(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((id, objection)): Path<(String, String)>,
    Form(form): Form<ResolveForm>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    let objection = parse_id(&auth, &objection, "sanggahan")?;
    check_csrf(&auth, &form.csrf)?;
    let upheld = match form.keputusan.trim() {
        "terima" => Some(true),
        "tolak" => Some(false),
        _ => None,
    };
    let done = match upheld {
        Some(upheld) => {
            let input = ResolutionInput {
                upheld,
                resolution: form.resolution.clone(),
            };
            objections::resolve(state.app(), caller, id, objection, &input)
                .await
                .map(|_| back(id, "sanggahan", &format!("sanggahan-{objection}")))
        }
        None => {
            let mut errors =
                FieldErrors::single("upheld", "pilih apakah sanggahan diterima atau ditolak");
            if form.resolution.split_whitespace().count() < 3 {
                errors.add("resolution", "tuliskan hasil tindak lanjut sanggahan");
            }
            Err(errors.into())
        }
    };
    let step = Step::Objection {
        objection,
        upheld: form.keputusan,
        resolution: form.resolution,
    };
    after(&state, &auth, caller, id, done, step).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlotForm {
    pub csrf: String,
    pub proposal_id: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
}

/// `POST /kelola/kompetisi/{id}/jadwal`: one finalist's interview slot, in WIB.
pub async fn schedule(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<SlotForm>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    check_csrf(&auth, &form.csrf)?;
    let proposal = parse_id(&auth, &form.proposal_id, "finalis")?;
    let done = rounds::schedule_local(
        state.app(),
        caller,
        id,
        proposal,
        &form.starts_at,
        &form.ends_at,
        &form.place,
    )
    .await
    .map(|_| back(id, "jadwal", &format!("jadwal-{proposal}")));
    let step = Step::Slot {
        proposal,
        values: SlotValues {
            starts_at: form.starts_at,
            ends_at: form.ends_at,
            place: form.place,
        },
    };
    after(&state, &auth, caller, id, done, step).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PromoteFormValues {
    pub csrf: String,
    pub to: String,
}

/// `POST /kelola/kompetisi/{id}/usulkan`: proposes every winner into the chosen competition.
/// When all went in, back to the page listing them; when some were refused, the page with
/// both lists and the reasons (422).
pub async fn promote(
    State(state): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<PromoteFormValues>,
) -> PageResult {
    let caller = &auth.caller;
    let id = parse_id(&auth, &id, "kompetisi")?;
    check_csrf(&auth, &form.csrf)?;
    let app = state.app();
    let Ok(to) = Uuid::parse_str(form.to.trim()) else {
        let error = ServiceError::Validation(FieldErrors::single("to", "pilih kompetisi tujuan"));
        let step = Step::Promote {
            target: form.to,
            promotion: None,
        };
        return after(&state, &auth, caller, id, Err(error), step).await;
    };
    match proposals::promote_winners(app, caller, id, to).await {
        Ok(promotion) if promotion.refused.is_empty() => Ok(see_other(&format!(
            "{}?hasil=diusulkan&ke={to}#hasil",
            base(id)
        ))),
        Ok(promotion) => {
            let view = competitions::get(app, id).await.or_page(&auth)?;
            let message = format!(
                "{} pemenang diusulkan; {} tidak dapat diusulkan. Lihat alasannya di bawah.",
                promotion.created.len(),
                promotion.refused.len()
            );
            let extras = Extras {
                failure: Some(Failure {
                    step: Step::Promote {
                        target: form.to,
                        promotion: Some(promotion),
                    },
                    message,
                    errors: FieldErrors::new(),
                }),
                ..Default::default()
            };
            dashboard(
                &state,
                &auth,
                caller,
                &view,
                extras,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => {
            let step = Step::Promote {
                target: form.to,
                promotion: None,
            };
            after(&state, &auth, caller, id, Err(error), step).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affiliation_forms_name_what_they_cannot_read() {
        let form = AffiliationFormValues {
            region: " 64.01 ".into(),
            agency_id: "bukan-id".into(),
            from: "2020-01-01".into(),
            to: "kemarin".into(),
            ..Default::default()
        };
        let Err(ServiceError::Validation(errors)) = affiliation_input(&form) else {
            panic!("expected validation errors");
        };
        assert!(errors.get("agency_id").is_some());
        assert!(errors.get("to").is_some());
        assert!(errors.get("from").is_none());
        let fine = AffiliationFormValues {
            region: " 64.01 ".into(),
            from: "2020-01-01".into(),
            ..Default::default()
        };
        let input = affiliation_input(&fine).unwrap();
        assert_eq!(input.region.as_deref(), Some("64.01"));
        assert_eq!(input.to, None);
    }

    #[test]
    fn every_outcome_has_a_notice() {
        for code in [
            "dibuat",
            "ditutup",
            "dibuka",
            "diperiksa",
            "juri",
            "afiliasi",
            "ditugaskan",
            "finalis",
            "sanggahan",
            "jadwal",
            "diusulkan",
        ] {
            assert!(!notice(code).is_empty(), "{code}");
        }
    }
}
