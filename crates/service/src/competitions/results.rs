//! Results and certificates: the published ranking per group and category, the winners,
//! and the winners' certificates (piagam) with a verification code anyone can check.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use lumbung_domain::competition::{RoundKind, display};
use lumbung_domain::region::RegionCode;
use lumbung_store::Conn;
use lumbung_store::competitions::{self as store, proposal_status};
use rand::Rng;
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

use super::rounds::{RoundResult, frozen, scores_by_proposal};
use super::{load, proposals};
use crate::{App, Caller, ServiceError, ServiceResult};

/// Crockford's base32 without the letters read as digits: codes survive being read aloud and
/// typed from paper.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new verification code, 12 random characters in three groups (60 bits): unguessable.
fn new_code() -> String {
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..12)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    chars
        .chunks(4)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

pub(crate) async fn issue_certificate(
    conn: &mut Conn,
    proposal: Uuid,
    award: &str,
) -> ServiceResult<String> {
    let code = new_code();
    store::insert_certificate(conn, &code, proposal, award).await?;
    Ok(code)
}

/// Codes are typed by people: case and separators do not matter.
pub fn normalise_code(code: &str) -> String {
    let plain: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    plain
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A place in the published results.
#[derive(Debug, Clone, Serialize)]
pub struct ResultRow {
    pub rank: usize,
    pub proposal_id: Uuid,
    pub innovation_id: Uuid,
    pub title: String,
    pub region_code: RegionCode,
    pub region_name: String,
    pub agency_name: String,
    pub group: String,
    pub category: String,
    /// Rounded half-up to two decimals for display; the ranking used the exact values.
    pub desk: Decimal,
    pub interview: Option<Decimal>,
    pub score: Decimal,
    pub winner: bool,
    /// Why it is below the one above, in words.
    pub tie_break: Option<&'static str>,
    pub certificate: Option<String>,
}

/// One group and category's ranking.
#[derive(Debug, Clone, Serialize)]
pub struct ResultTable {
    pub group: String,
    pub group_label: &'static str,
    pub category: String,
    pub category_name: String,
    pub rows: Vec<ResultRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub competition_id: Uuid,
    pub name: String,
    pub year: i32,
    pub published: bool,
    /// The winners, overall ranking.
    pub winners: Vec<ResultRow>,
    /// Every finalist, overall ranking.
    pub ranking: Vec<ResultRow>,
    /// The same finalists ranked within their group and category.
    pub tables: Vec<ResultTable>,
    pub weights: lumbung_domain::competition::CombinationWeights,
}

/// The results: public once published; the secretariat sees them from the final decision on.
pub async fn results(app: &App, caller: &Caller, competition: Uuid) -> ServiceResult<Results> {
    let mut conn = app.db.read().await?;
    let loaded = load(&mut conn, competition).await?;
    let published = loaded.is_closed(RoundKind::Published);
    if !(published || loaded.is_secretariat(caller) && loaded.is_closed(RoundKind::FinalDecision)) {
        return Err(ServiceError::NotFound("hasil kompetisi"));
    }
    let Some(RoundResult::FinalDecision { winners }) = frozen(&loaded, RoundKind::FinalDecision)?
    else {
        return Err(ServiceError::NotFound("hasil kompetisi"));
    };
    let ranking = match frozen(&loaded, RoundKind::Interview)? {
        Some(RoundResult::Interview(result)) => result.ranking,
        _ => winners.clone(),
    };
    let desk = match frozen(&loaded, RoundKind::DeskEvaluation)? {
        Some(RoundResult::DeskEvaluation(result)) => scores_by_proposal(&result),
        _ => BTreeMap::new(),
    };
    let certificates: BTreeMap<Uuid, String> = store::list_certificates(&mut conn, competition)
        .await?
        .into_iter()
        .map(|certificate| (certificate.proposal_id, certificate.code))
        .collect();
    let mut records = BTreeMap::new();
    for record in store::list_proposals(&mut conn, competition, None).await? {
        records.insert(record.id, proposals::view(record)?);
    }
    let winner_ids: Vec<Uuid> = winners.iter().map(|place| place.proposal).collect();
    let row = |place: &lumbung_domain::competition::Ranked, rank: usize, first: bool| {
        let proposal = records.get(&place.proposal)?;
        Some(ResultRow {
            rank,
            proposal_id: place.proposal,
            innovation_id: proposal.innovation_id,
            title: proposal.title.clone(),
            region_code: proposal.region_code.clone(),
            region_name: proposal.region_name.clone(),
            agency_name: proposal.agency_name.clone(),
            group: proposal.group.code().to_owned(),
            category: proposal.category.clone(),
            desk: display(desk.get(&place.proposal).copied().unwrap_or(place.desk)),
            interview: place.interview.map(display),
            score: display(place.score),
            winner: winner_ids.contains(&place.proposal),
            tie_break: if first {
                None
            } else {
                place.decided_by.map(|key| key.label())
            },
            certificate: certificates.get(&place.proposal).cloned(),
        })
    };
    let overall: Vec<ResultRow> = ranking
        .iter()
        .enumerate()
        .filter_map(|(i, place)| row(place, place.rank, i == 0))
        .collect();
    let mut split: BTreeMap<(String, String), Vec<&lumbung_domain::competition::Ranked>> =
        BTreeMap::new();
    for place in &ranking {
        split
            .entry((place.group.code().to_owned(), place.category.clone()))
            .or_default()
            .push(place);
    }
    let tables = split
        .into_iter()
        .map(|((group, category), places)| {
            let group_label =
                lumbung_domain::competition::Group::from_code(&group).map_or("", |g| g.label());
            let category_name = loaded
                .competition
                .category(&category)
                .map_or_else(|| category.clone(), |c| c.name.clone());
            ResultTable {
                group,
                group_label,
                category,
                category_name,
                rows: places
                    .iter()
                    .enumerate()
                    .filter_map(|(i, place)| row(place, i + 1, i == 0))
                    .collect(),
            }
        })
        .collect();
    Ok(Results {
        competition_id: competition,
        name: loaded.record.name.clone(),
        year: loaded.record.year,
        published,
        winners: overall.iter().filter(|row| row.winner).cloned().collect(),
        ranking: overall,
        tables,
        weights: loaded.competition.weights,
    })
}

/// What the public verification page shows of a certificate.
#[derive(Debug, Clone, Serialize)]
pub struct CertificateView {
    pub code: String,
    pub award: String,
    pub issued_at: DateTime<Utc>,
    pub issued_on: NaiveDate,
    pub competition_id: Uuid,
    pub competition: String,
    pub year: i32,
    pub title: String,
    pub innovation_id: Uuid,
    pub region_code: RegionCode,
    pub region_name: String,
    pub agency_name: String,
    /// The competition's organiser, e.g. "Provinsi Kalimantan Utara" or "Nasional".
    pub issuer: String,
    /// Whether the proposal is still a winner (a reopened decision withdraws certificates).
    pub valid: bool,
}

/// Verifies a certificate code; public. An unknown code is `NotFound`.
pub async fn verify(app: &App, code: &str) -> ServiceResult<CertificateView> {
    let code = normalise_code(code);
    let mut conn = app.db.read().await?;
    let record = store::find_certificate(&mut conn, &code)
        .await?
        .ok_or(ServiceError::NotFound("piagam"))?;
    let proposal = store::get_proposal(&mut conn, record.proposal_id).await?;
    let competition = store::get_competition(&mut conn, record.competition_id).await?;
    let issuer = lumbung_store::regions::get(&mut conn, &competition.scope_region)
        .await
        .map(|region| region.name)
        .unwrap_or_default();
    let valid = proposal.status == proposal_status::WINNER;
    let view = proposals::view(proposal)?;
    Ok(CertificateView {
        code: record.code,
        award: record.award,
        issued_at: record.issued_at,
        issued_on: crate::clock::local_day(&competition.scope_region, record.issued_at),
        competition_id: record.competition_id,
        competition: record.competition_name,
        year: record.competition_year,
        title: record.title,
        innovation_id: view.innovation_id,
        region_code: record.region_code,
        region_name: view.region_name,
        agency_name: view.agency_name,
        issuer,
        valid,
    })
}

/// The certificate as a PDF, with its code and a QR code of `verify_url`; public like the
/// verification page.
pub async fn certificate_pdf(app: &App, code: &str, verify_base: &str) -> ServiceResult<Vec<u8>> {
    let view = verify(app, code).await?;
    let doc = lumbung_reports::CertificateDoc {
        verify_url: format!("{}/piagam/{}", verify_base.trim_end_matches('/'), view.code),
        code: view.code,
        award: view.award,
        competition: view.competition.clone(),
        year: view.year,
        innovation: view.title,
        region: view.region_name,
        agency: view.agency_name,
        issued_on: view.issued_on,
        issuer: format!("Panitia {}", view.competition),
    };
    lumbung_reports::certificate_pdf(&doc).map_err(ServiceError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_three_groups_of_four_from_the_alphabet() {
        let code = new_code();
        assert_eq!(code.len(), 14);
        assert!(
            code.split('-')
                .all(|group| group.len() == 4 && group.bytes().all(|b| ALPHABET.contains(&b)))
        );
        assert_ne!(new_code(), code);
    }

    #[test]
    fn typed_codes_are_normalised() {
        assert_eq!(normalise_code(" k7q2 mx9d-4hta "), "K7Q2-MX9D-4HTA");
        assert_eq!(normalise_code("O1IL"), "0111");
    }
}
