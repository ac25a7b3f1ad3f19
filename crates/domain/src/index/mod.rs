//! The Indeks Inovasi Daerah (IID): rubrics as data, and the engine that computes a region's
//! index from its answers, line by line.
//!
//! See `shared/domain/iid-2026.md` for the rules and the decisions taken where the sources
//! are silent. Arithmetic is exact decimal; each reported figure is rounded half-up to two
//! decimals from the exact value, and the category is read from the rounded index so that
//! the number shown and the category never disagree.

mod engine;
mod rubric;
#[cfg(test)]
mod tests;

pub use engine::{
    Answer, EvaluateError, Evaluation, EvaluationInput, Evidence, InnovationAnswers,
    InnovationResult, Line, Projection, RegionAnswers, evaluate, round2,
};
pub use rubric::{
    Aspect, Band, CountRule, IndexCategory, Indicator, Rubric, RubricError, Window, built_in,
};
