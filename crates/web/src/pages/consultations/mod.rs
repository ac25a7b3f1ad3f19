//! Public consultation forums (Forum Konsultasi Publik): the public list `/fkp` and each
//! forum's public summary `/fkp/{id}` (in the reader's language), and the management pages
//! under `/kelola/fkp` (in Indonesian): the forums of the caller's scope with the plan form,
//! and each forum with its plan, the record of the forum, cancellation and the follow-up
//! of each agreement.
//!
//! Every form posts with the CSRF token, answers 303 back to its page on success and the
//! same page again on a problem: 422 with the typed values and a message per field, or the
//! service's 403/409 with its message.

mod manage;
mod public;

use axum::Router;
use axum::routing::{get, post};
use lumbung_service::ServiceError;
use lumbung_service::domain::FieldErrors;
use lumbung_service::domain::consultation::ParticipantGroup;
use uuid::Uuid;

use super::failure_message;
use super::forms::{FormFields, sentence};
use super::parse_id;
use crate::state::AppState;

/// Every route of the forum pages, for `pages::routes`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/fkp", get(public::list))
        .route("/fkp/{id}", get(public::show))
        .route("/kelola/fkp", get(manage::list).post(manage::plan))
        .route("/kelola/fkp/{id}", get(manage::show))
        .route("/kelola/fkp/{id}/rencana", post(manage::update_plan))
        .route("/kelola/fkp/{id}/pelaksanaan", post(manage::hold))
        .route("/kelola/fkp/{id}/pembatalan", post(manage::cancel))
        .route(
            "/kelola/fkp/{id}/kesepakatan/{agreement}",
            post(manage::follow_up),
        )
}

fn public_href(id: Uuid) -> String {
    format!("/fkp/{id}")
}

fn manage_href(id: Uuid) -> String {
    format!("/kelola/fkp/{id}")
}

/// The CSS class of a forum's status badge.
fn status_class(code: &str) -> &'static str {
    match code {
        "planned" => "status-submitted",
        "held" => "status-published",
        "cancelled" => "status-rejected",
        _ => "",
    }
}

/// The CSS class of an agreement's status badge.
fn agreement_class(code: &str) -> &'static str {
    match code {
        "open" => "status-draft",
        "in_progress" => "status-submitted",
        "done" => "status-published",
        "dropped" => "status-returned",
        _ => "",
    }
}

/// A number typed for a group (invited or attending), as the form sent it.
#[derive(Debug, Clone)]
pub struct GroupInput {
    pub code: &'static str,
    pub label: &'static str,
    /// The form field's name, e.g. `invited.service_users`.
    pub name: String,
    pub value: String,
}

/// One number field per group, named `{prefix}.{code}`, filled from `value`.
fn group_inputs(prefix: &str, value: impl Fn(ParticipantGroup) -> String) -> Vec<GroupInput> {
    ParticipantGroup::ALL
        .iter()
        .map(|group| GroupInput {
            code: group.code(),
            label: group.label(),
            name: format!("{prefix}.{}", group.code()),
            value: value(*group),
        })
        .collect()
}

/// The groups as a form sent them.
fn group_inputs_from(fields: &FormFields, prefix: &str) -> Vec<GroupInput> {
    group_inputs(prefix, |group| {
        fields
            .get(&format!("{prefix}.{}", group.code()))
            .trim()
            .to_owned()
    })
}

/// The counts typed, as the domain reads them; a count that is not a whole number gives
/// `field` a message instead.
fn group_counts(
    inputs: &[GroupInput],
    field: &str,
    errors: &mut FieldErrors,
) -> Vec<lumbung_service::domain::consultation::GroupCountInput> {
    let mut out = Vec::new();
    for input in inputs {
        let text = input.value.trim();
        if text.is_empty() {
            continue;
        }
        match text.parse::<u32>() {
            Ok(count) => out.push(lumbung_service::domain::consultation::GroupCountInput {
                group: input.code.to_owned(),
                count,
            }),
            Err(_) => errors.add(
                field,
                format!(
                    "jumlah {} ditulis dengan angka bulat, mis. 20",
                    input.label.to_lowercase()
                ),
            ),
        }
    }
    out
}

/// The field messages of an error.
fn field_errors(error: &ServiceError) -> FieldErrors {
    match error {
        ServiceError::Validation(errors) => errors.clone(),
        _ => FieldErrors::new(),
    }
}

/// Errors that are nobody's typing: they get their own page, not a form again.
fn is_fatal(error: &ServiceError) -> bool {
    matches!(
        error,
        ServiceError::Internal(_) | ServiceError::Unauthenticated | ServiceError::NotFound(_)
    )
}

/// A message as a sentence, or "" for none.
fn message_of(errors: &FieldErrors, field: &str) -> String {
    errors.get(field).map(sentence).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn group_counts_read_whole_numbers_and_skip_blanks() {
        let fields = FormFields(vec![
            ("invited.service_users".into(), " 20 ".into()),
            ("invited.media".into(), "dua".into()),
            ("invited.academia".into(), "".into()),
        ]);
        let inputs = group_inputs_from(&fields, "invited");
        assert_eq!(inputs.len(), ParticipantGroup::ALL.len());
        let mut errors = FieldErrors::new();
        let counts = group_counts(&inputs, "invited", &mut errors);
        assert_eq!(counts.len(), 1);
        assert_eq!(counts[0].group, "service_users");
        assert_eq!(counts[0].count, 20);
        assert!(errors.get("invited").unwrap().contains("angka bulat"));
    }
}
