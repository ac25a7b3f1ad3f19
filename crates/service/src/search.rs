//! The public catalogue's search: published innovations only, ranked by relevance, with
//! facets to narrow by and snippets that mark the words found.

use lumbung_domain::affair::Affair;
use lumbung_domain::innovation::{Form, Kind, Stage, Status};
use lumbung_domain::permission::Actor;
use lumbung_domain::region::{PROVINCES, RegionCode};
use lumbung_search::Query;
use lumbung_store::Paging;
use lumbung_store::search::{self as store, FacetCount};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

use crate::innovations::ListQuery;
use crate::{App, ServiceResult};

/// The facets a search answers, in the order pages show them.
pub const FACETS: [&str; 7] = ["region", "affair", "stage", "kind", "form", "year", "award"];

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegionName {
    pub code: String,
    pub name: String,
}

/// One innovation found.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResult {
    pub id: Uuid,
    pub name: String,
    /// The name, HTML-escaped, with the words found in `<mark>`.
    pub name_html: String,
    pub region: RegionName,
    pub agency: String,
    /// Relevance; higher is better, 0 without search words.
    pub score: f64,
    /// An excerpt of the description, HTML-escaped, with the words found in `<mark>`.
    pub snippet: String,
    pub stage: String,
    pub kind: String,
    pub form: String,
    pub implementation_year: Option<i32>,
    pub awards: Vec<String>,
}

/// One value of a facet and how many results have it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FacetValue {
    pub key: String,
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub results: Vec<SearchResult>,
    /// By facet name (`region` = province, `affair`, `stage`, `kind`, `form`, `year`, `award`),
    /// largest first.
    pub facets: HashMap<String, Vec<FacetValue>>,
    /// When the words as typed found nothing and a respelling from the innovations' names
    /// did, the respelt words; the results are theirs.
    pub corrected_q: Option<String>,
}

/// Searches the published innovations. `query.q` holds the words; the other fields filter as
/// in the innovation list (`status` is ignored: only published innovations are found).
pub async fn search(app: &App, query: &ListQuery, paging: Paging) -> ServiceResult<SearchResults> {
    let mut filter = query.to_filter()?;
    filter.status = Some(Status::Published);
    let typed = query.q.as_deref().unwrap_or("");
    let mut words = Query::parse(typed);
    let mut conn = app.db.read().await?;
    let scope = Actor::Anonymous.read_scope();
    let mut found = store::search(&mut conn, &words, &filter, &scope, paging).await?;
    let mut corrected_q = None;
    if found.page.total == 0 && !words.is_empty() {
        let names = store::published_names(&mut conn).await?;
        if let Some(respelt) = respell(typed, &names) {
            let again = Query::parse(&respelt);
            let retry = store::search(&mut conn, &again, &filter, &scope, paging).await?;
            if retry.page.total > 0 {
                found = retry;
                words = again;
                corrected_q = Some(respelt);
            }
        }
    }
    let results = found
        .page
        .items
        .iter()
        .map(|hit| result(hit, &words))
        .collect();
    Ok(SearchResults {
        total: found.page.total,
        page: found.page.page,
        per_page: found.page.per_page,
        results,
        facets: facets(
            &found.facets,
            &region_names(&mut conn, filter.region.as_ref()).await?,
            filter.region.as_ref(),
        ),
        corrected_q,
    })
}

/// The typed words with each word that names no innovation replaced by the closest word of
/// an innovation's name (edit distance 1, or 2 for words of eight letters or more), or `None`
/// when nothing changes. Names carry the coined words (Sipelandukilat, Laperon) that no
/// dictionary holds, and this is the same on both databases, unlike trigram indexes.
fn respell(typed: &str, names: &[String]) -> Option<String> {
    let mut vocabulary: Vec<String> = names
        .iter()
        .flat_map(|n| words_of(n))
        .filter(|w| w.chars().count() >= 4)
        .collect();
    vocabulary.sort();
    vocabulary.dedup();
    let mut changed = false;
    let respelt: Vec<String> = words_of(typed)
        .into_iter()
        .map(|word| {
            if word.chars().count() < 4 || vocabulary.binary_search(&word).is_ok() {
                return word;
            }
            let limit = if word.chars().count() >= 8 { 2 } else { 1 };
            let best = vocabulary
                .iter()
                .filter(|v| v.chars().count().abs_diff(word.chars().count()) <= limit)
                .map(|v| (distance(&word, v), v))
                .filter(|(d, _)| *d <= limit)
                .min_by_key(|(d, v)| (*d, v.len()));
            match best {
                Some((_, v)) => {
                    changed = true;
                    v.clone()
                }
                None => word,
            }
        })
        .collect();
    changed.then(|| respelt.join(" "))
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

fn result(hit: &store::Hit, words: &Query) -> SearchResult {
    let innovation = &hit.innovation;
    let p = &innovation.profile;
    let text = [&p.design, &p.goals, &p.benefits, &p.results]
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    SearchResult {
        id: innovation.id,
        name: p.name.clone(),
        name_html: lumbung_search::highlight(&p.name, words),
        region: RegionName {
            code: innovation.region.code.to_string(),
            name: innovation.region.name.clone(),
        },
        agency: innovation.agency.name.clone(),
        score: (hit.score * 10_000.0).round() / 10_000.0,
        snippet: lumbung_search::snippet(&text, words, 220),
        stage: p.stage.code().to_owned(),
        kind: p.kind.code().to_owned(),
        form: p.form.code().to_owned(),
        implementation_year: p.implementation_date.map(|d| chrono::Datelike::year(&d)),
        awards: innovation
            .awards
            .iter()
            .map(|a| {
                [a.event.as_str(), &a.year.to_string(), a.rank.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect(),
    }
}

/// The names of the regions one level below `within` (the provinces without it), which the
/// region facet counts by.
async fn region_names(
    conn: &mut lumbung_store::Conn,
    within: Option<&RegionCode>,
) -> ServiceResult<HashMap<String, String>> {
    Ok(match within {
        Some(code) if !code.is_nation() => lumbung_store::regions::subtree(conn, code)
            .await?
            .into_iter()
            .map(|r| (r.code.to_string(), r.name))
            .collect(),
        _ => PROVINCES
            .iter()
            .map(|(code, ..)| ((*code).to_owned(), province_name(code)))
            .collect(),
    })
}

/// The code a region counts under in the region facet: its province, or, once a region is
/// chosen, its child within that region (a province's kabupaten/kota).
fn facet_region(code: &str, within: Option<&RegionCode>) -> Option<String> {
    let parts: Vec<&str> = code.split('.').collect();
    let depth = match within {
        Some(w) if !w.is_nation() => w.as_str().split('.').count() + 1,
        _ => 1,
    };
    (parts.len() >= depth && code != "ID").then(|| parts[..depth].join("."))
}

/// Each facet's values with labels, largest first (years newest first); regions are summed
/// to the level the region facet shows.
fn facets(
    counts: &[FacetCount],
    region_names: &HashMap<String, String>,
    within: Option<&RegionCode>,
) -> HashMap<String, Vec<FacetValue>> {
    let mut sums: HashMap<&str, HashMap<String, i64>> = HashMap::new();
    for c in counts {
        let key = match (c.facet.as_str(), &c.key) {
            (_, None) => continue,
            ("region", Some(code)) => match facet_region(code, within) {
                Some(key) => key,
                None => continue,
            },
            (_, Some(key)) => key.clone(),
        };
        *sums
            .entry(c.facet.as_str())
            .or_default()
            .entry(key)
            .or_default() += c.count;
    }
    let label = |facet: &str, key: &str| -> String {
        match facet {
            "region" => region_names
                .get(key)
                .cloned()
                .unwrap_or_else(|| key.to_owned()),
            "affair" => Affair::by_code(key).map_or_else(|| key.to_owned(), |a| a.name.to_owned()),
            "stage" => label_of(Stage::from_code(key).map(Stage::label), key),
            "kind" => label_of(Kind::from_code(key).map(Kind::label), key),
            "form" => label_of(Form::from_code(key).map(Form::label), key),
            _ => key.to_owned(),
        }
    };
    FACETS
        .iter()
        .map(|facet| {
            let mut values: Vec<FacetValue> = sums
                .remove(facet)
                .unwrap_or_default()
                .into_iter()
                .map(|(key, count)| FacetValue {
                    label: label(facet, &key),
                    key,
                    count,
                })
                .collect();
            if *facet == "year" {
                values.sort_by(|a, b| b.key.cmp(&a.key));
            } else {
                values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
            }
            ((*facet).to_owned(), values)
        })
        .collect()
}

fn label_of(label: Option<&str>, code: &str) -> String {
    label.unwrap_or(code).to_owned()
}

/// A province's name from its two-digit code.
pub fn province_name(code: &str) -> String {
    PROVINCES.iter().find(|(c, ..)| *c == code).map_or_else(
        || code.to_owned(),
        |(_, name, ..)| format!("Provinsi {name}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_names_are_respelt_from_the_names_we_hold() {
        let names = vec![
            "Sipelandukilat (Sistem Pelayanan Administrasi Kependudukan)".to_owned(),
            "Laperon".to_owned(),
        ];
        assert_eq!(
            respell("sipelandukilt", &names).as_deref(),
            Some("sipelandukilat")
        );
        assert_eq!(respell("Laperom", &names).as_deref(), Some("laperon"));
        assert_eq!(
            respell("layanan laperon", &names),
            None,
            "nothing to change"
        );
        assert_eq!(respell("zzzz", &names), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn the_region_facet_descends_one_level_below_the_chosen_region() {
        let kaltara = RegionCode::parse("65").unwrap();
        assert_eq!(facet_region("65.01", None).as_deref(), Some("65"));
        assert_eq!(facet_region("ID", None), None);
        assert_eq!(
            facet_region("65.01", Some(&kaltara)).as_deref(),
            Some("65.01")
        );
        // The province's own innovations have no kabupaten/kota to count under.
        assert_eq!(facet_region("65", Some(&kaltara)), None);
        let nation = RegionCode::parse("ID").unwrap();
        assert_eq!(facet_region("31.71", Some(&nation)).as_deref(), Some("31"));
        assert_eq!(distance("", "abc"), 3);
    }
}
