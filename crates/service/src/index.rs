//! The regional innovation index: rubrics by year and evaluation of self-contained input.

use lumbung_domain::index::{self, Evaluation, EvaluationInput, Rubric};

use crate::{ServiceError, ServiceResult};

/// The rubric of a year: built in (2026) for now; loaded rubrics are kept per year by the
/// stored-assessment work.
pub fn rubric(year: i32) -> ServiceResult<Rubric> {
    index::built_in(year).ok_or(ServiceError::NotFound("rubrik tahun itu"))
}

/// The rubric of a year: one loaded for that year, else the built-in one.
pub async fn rubric_of(app: &crate::App, year: i32) -> ServiceResult<Rubric> {
    let mut conn = app.db.read().await?;
    crate::assessments::rubric_for(&mut conn, year).await
}

/// Computes an index from a self-contained input. `rubric` overrides the year's rubric (a
/// rubric file given on the command line); its year must match the input's.
pub fn evaluate(input: &EvaluationInput, rubric: Option<&Rubric>) -> ServiceResult<Evaluation> {
    let owned;
    let rubric = match rubric {
        Some(rubric) => rubric,
        None => {
            owned = self::rubric(input.year)?;
            &owned
        }
    };
    if rubric.year != input.year {
        return Err(ServiceError::BadInput(format!(
            "masukan untuk tahun {} tetapi rubrik untuk tahun {}",
            input.year, rubric.year
        )));
    }
    index::evaluate(
        rubric,
        &input.region,
        &input.innovations,
        input.projection,
        true,
    )
    .map_err(|e| ServiceError::BadInput(e.to_string()))
}

/// Reads a self-contained input, naming what is wrong with it.
pub fn parse_input(text: &str) -> ServiceResult<EvaluationInput> {
    serde_json::from_str(text)
        .map_err(|e| ServiceError::BadInput(format!("masukan tidak valid: {e}")))
}
