//! Printable reports: the PDF of a region's index assessment.

use std::collections::HashMap;
use std::fmt::Display;

use chrono::{DateTime, Utc};
use lumbung_domain::index::{Aspect, Evaluation, Evidence};
use lumbung_domain::region::RegionCode;
use lumbung_domain::time::TimeZone;
use lumbung_reports::pdf::{self, AssessmentReport, InnovationLine, ReportFigures, SpdRow};
use uuid::Uuid;

use crate::assessments::{self, AssessmentView};
use crate::{App, Caller, ServiceError, ServiceResult};

/// The PDF report of a region's assessment of a year, for those who may see it.
pub async fn assessment_pdf(
    app: &App,
    caller: &Caller,
    region: &str,
    year: i32,
) -> ServiceResult<Vec<u8>> {
    let view = assessments::view(app, caller, region, year).await?;
    let names = innovation_names(app, &view.verified).await?;
    let generated_at = stamp(&view.region.code, app.clock.now());
    let report = report_of(&view, &names, generated_at);
    tokio::task::spawn_blocking(move || pdf::assessment_report(&report))
        .await
        .map_err(ServiceError::internal)?
        .map_err(ServiceError::internal)
}

/// When a report was made, on the wall clock of the region it is about, with its zone:
/// `12-05-2026 18:30 WITA` for Kalimantan Utara, `… WIT` for Papua.
fn stamp(region: &RegionCode, at: DateTime<Utc>) -> String {
    let zone = TimeZone::of(region);
    format!(
        "{} {}",
        zone.local(at).format("%d-%m-%Y %H:%M"),
        zone.abbreviation()
    )
}

/// The names of the assessed innovations by id; ids that do not resolve are left out.
async fn innovation_names(
    app: &App,
    evaluation: &Evaluation,
) -> ServiceResult<HashMap<String, String>> {
    let mut conn = app.db.read().await?;
    let mut names = HashMap::new();
    for result in &evaluation.innovations {
        let Ok(id) = Uuid::parse_str(&result.id) else {
            continue;
        };
        if let Ok(innovation) = lumbung_store::innovations::get(&mut conn, id).await {
            names.insert(result.id.clone(), innovation.profile.name);
        }
    }
    Ok(names)
}

fn report_of(
    view: &AssessmentView,
    names: &HashMap<String, String>,
    generated_at: String,
) -> AssessmentReport {
    let verified = &view.verified;
    AssessmentReport {
        region_name: view.region.name.clone(),
        region_code: view.region.code.to_string(),
        year: view.year,
        generated_at,
        verified: figures(verified),
        claimed: figures(&view.claimed),
        spd_rows: verified
            .lines
            .iter()
            .filter(|line| line.aspect == Aspect::Spd)
            .map(|line| SpdRow {
                code: line.indicator.clone(),
                name: line.name.clone(),
                level: line.level.to_string(),
                weight: weight(line.weight),
                score: figure(line.score),
                evidence: evidence(line.evidence).to_owned(),
            })
            .collect(),
        innovations: verified
            .innovations
            .iter()
            .map(|result| InnovationLine {
                name: names
                    .get(&result.id)
                    .cloned()
                    .unwrap_or_else(|| result.id.clone()),
                score: figure(result.score),
                included: result.included,
                reasons: result.reasons.clone(),
            })
            .collect(),
        empty_mandatory: verified.empty_mandatory.clone(),
    }
}

fn figures(evaluation: &Evaluation) -> ReportFigures {
    ReportFigures {
        spd: figure(evaluation.spd),
        sid_average: figure(evaluation.sid_average),
        innovation_count_score: figure(evaluation.innovation_count_score),
        sid: figure(evaluation.sid),
        total: figure(evaluation.total),
        index: figure(evaluation.index),
        category: evaluation.category.label().to_owned(),
    }
}

/// Two decimals with a decimal comma: `8,78`.
fn figure(value: impl Display) -> String {
    format!("{value:.2}").replace('.', ",")
}

/// A weight as short as it is exact: `1`, `0,75`, `1,5`.
fn weight(value: impl Display) -> String {
    let text = value.to_string();
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    text.replace('.', ",")
}

fn evidence(evidence: Evidence) -> &'static str {
    match evidence {
        Evidence::Missing => "Tidak ada",
        Evidence::Pending => "Belum diverifikasi",
        Evidence::Accepted => "Diterima",
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;

    #[test]
    fn a_report_is_stamped_on_its_regions_own_clock() {
        let at = Utc.with_ymd_and_hms(2026, 5, 12, 10, 30, 0).unwrap();
        let code = |text: &str| RegionCode::parse(text).unwrap();
        assert_eq!(stamp(&code("65.71"), at), "12-05-2026 18:30 WITA");
        assert_eq!(stamp(&code("91.71"), at), "12-05-2026 19:30 WIT");
        assert_eq!(stamp(&code("31.71"), at), "12-05-2026 17:30 WIB");
        // Half past eleven at night in Jakarta is already the next day in Jayapura.
        let late = Utc.with_ymd_and_hms(2026, 5, 12, 16, 30, 0).unwrap();
        assert_eq!(stamp(&code("91.71"), late), "13-05-2026 01:30 WIT");
    }

    #[test]
    fn figures_use_a_decimal_comma() {
        assert_eq!(figure(8.5_f64), "8,50");
        assert_eq!(weight("1.50"), "1,5");
        assert_eq!(weight("2"), "2");
    }
}
