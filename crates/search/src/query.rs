//! A user's search query, analysed the same way as the indexed text.

use std::collections::BTreeSet;

use crate::analyzer::{self, JoinKind};
use crate::stopwords::is_stop_word;
use crate::synonyms::{self, Scope};

/// Words beyond this are ignored, to bound the size of the database query.
pub const MAX_QUERY_WORDS: usize = 32;

/// A user's query: one group per query word (or multi-word synonym phrase); a group's
/// alternatives are the surface form, its stem, synonym canonical tokens, and known misspelling
/// corrections.
///
/// A phrase that names a synonym group ("rumah sakit", "kartu keluarga") becomes one group holding
/// the canonical tokens of every synonym phrase inside it followed by the forms of its content
/// words. Keeping the words costs nothing, since groups are OR-ed anyway, and the canonical
/// token (rarer, so weighted higher by bm25 and ts_rank) lifts texts that use any name of the
/// concept. Words typed joined or apart also meet: "si jempol" adds "sijempol", "e-open" adds
/// "eopen", to the groups of the words joined.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    groups: Vec<Vec<String>>,
    terms: BTreeSet<String>,
}

impl Query {
    /// Analyses the text a user typed. Stop words are dropped unless the query has nothing else,
    /// in which case those words themselves are searched for.
    pub fn parse(q: &str) -> Query {
        let mut words = analyzer::scan(q);
        words.truncate(MAX_QUERY_WORDS);
        let norms: Vec<&str> = words.iter().map(|w| w.norm.as_str()).collect();
        let matches = synonyms::find(&norms, Scope::Query);

        let mut groups: Vec<Vec<String>> = Vec::new();
        // Which group each word went into, for joins.
        let mut group_of: Vec<Option<usize>> = vec![None; norms.len()];
        let mut i = 0;
        while i < norms.len() {
            let phrase_end = matches
                .iter()
                .filter(|m| m.start == i && m.end > i + 1)
                .map(|m| m.end)
                .max();
            let end = phrase_end.unwrap_or(i + 1);
            let mut alternatives = Vec::new();
            // Canonical tokens of the phrases inside, the longest (the phrase's own) first.
            let mut phrases: Vec<_> = matches
                .iter()
                .filter(|m| m.start >= i && m.end <= end && m.end > m.start + 1)
                .collect();
            phrases.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
            for m in phrases {
                push_unique(&mut alternatives, m.canonical);
            }
            for (k, word) in norms.iter().enumerate().take(end).skip(i) {
                if is_stop_word(word) {
                    continue;
                }
                for form in analyzer::word_forms(word) {
                    push_unique(&mut alternatives, &form);
                }
                for m in matches.iter().filter(|m| m.start == k && m.end == k + 1) {
                    push_unique(&mut alternatives, m.canonical);
                }
            }
            if !alternatives.is_empty() {
                group_of[i..end].fill(Some(groups.len()));
                groups.push(alternatives);
            }
            i = end;
        }

        for join in analyzer::joins(&words, JoinKind::Pairs) {
            for g in group_of[join.words.clone()].iter().flatten() {
                push_unique(&mut groups[*g], &join.token);
            }
        }

        if groups.is_empty() {
            // Only stop words (or nothing): search for what was typed rather than for nothing.
            for word in &norms {
                if crate::is_token(word) && !groups.iter().any(|g| g[0] == *word) {
                    groups.push(vec![(*word).to_owned()]);
                }
            }
        }
        // The same word typed twice adds nothing.
        let mut distinct: Vec<Vec<String>> = Vec::with_capacity(groups.len());
        for group in groups {
            if !distinct.contains(&group) {
                distinct.push(group);
            }
        }
        let terms = distinct.iter().flatten().cloned().collect();
        Query {
            groups: distinct,
            terms,
        }
    }

    /// Whether the query has nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// One group of alternative tokens per query word or synonym phrase, in query order.
    pub fn groups(&self) -> &[Vec<String>] {
        &self.groups
    }

    /// All distinct alternatives, sorted.
    pub fn terms(&self) -> Vec<String> {
        self.terms.iter().cloned().collect()
    }

    /// An SQLite FTS5 MATCH expression: every alternative double-quoted, groups OR-ed
    /// (`"a" OR "b" OR ...`), or `None` when empty. Wrap it in parentheses to combine it with
    /// other conditions. Terms are `[a-z0-9]+`, so quoting needs no escaping.
    pub fn fts5_match(&self) -> Option<String> {
        self.joined(|t| format!("\"{t}\""), " OR ")
    }

    /// A PostgreSQL `to_tsquery('simple', …)` text: `'a' | 'b' | …`, or `None` when empty.
    pub fn tsquery(&self) -> Option<String> {
        self.joined(|t| format!("'{t}'"), " | ")
    }

    fn joined(&self, quote: impl Fn(&str) -> String, separator: &str) -> Option<String> {
        if self.terms.is_empty() {
            return None;
        }
        Some(
            self.terms
                .iter()
                .map(|t| quote(t))
                .collect::<Vec<_>>()
                .join(separator),
        )
    }

    /// Whether a word of shown text (any case, with punctuation) matches the query: its analysed
    /// forms, including the canonical token of a synonym it is, intersect the query's terms.
    pub fn matches_word(&self, word: &str) -> bool {
        let words = analyzer::scan(word);
        let norms: Vec<&str> = words.iter().map(|w| w.norm.as_str()).collect();
        norms.iter().any(|w| {
            analyzer::shown_forms(w)
                .iter()
                .any(|f| self.terms.contains(f))
        }) || synonyms::find(&norms, Scope::Index)
            .iter()
            .any(|m| self.terms.contains(m.canonical))
            || analyzer::joins(&words, JoinKind::Compound)
                .iter()
                .any(|j| self.terms.contains(&j.token))
    }

    pub(crate) fn has_term(&self, term: &str) -> bool {
        self.terms.contains(term)
    }
}

fn push_unique(alternatives: &mut Vec<String>, token: &str) {
    if !alternatives.iter().any(|a| a == token) {
        alternatives.push(token.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Field, index_tokens};

    fn has(query: &Query, term: &str) -> bool {
        query.terms().iter().any(|t| t == term)
    }

    #[test]
    fn one_group_per_word_with_stems_synonyms_and_spelling() {
        let q = Query::parse("perizinan online");
        assert_eq!(q.groups().len(), 2);
        // Word, stem, canonical tokens, then the words typed joined (for names).
        assert_eq!(q.groups()[0], ["perizinan", "izin", "perizinanonline"]);
        assert_eq!(q.groups()[1], ["online", "daring", "perizinanonline"]);
        // Joined spelling of adjacent words, for names typed apart.
        let q = Query::parse("Apotik Layanan");
        assert_eq!(q.groups()[0], ["apotik", "apotek", "apotiklayanan"]);
        assert_eq!(q.groups()[1], ["layanan", "layan", "apotiklayanan"]);
    }

    #[test]
    fn stop_words_are_dropped_unless_nothing_else_is_left() {
        let q = Query::parse("layanan untuk yang di daerah");
        assert_eq!(q.groups().len(), 2);
        assert!(!has(&q, "untuk") && !has(&q, "yang"));
        let q = Query::parse("Yang di-");
        assert_eq!(q.groups(), [vec!["yang".to_owned()], vec!["di".to_owned()]]);
        assert!(Query::parse(" ?! ").is_empty());
        assert_eq!(Query::parse(" ?! ").fts5_match(), None);
        assert_eq!(Query::parse("").tsquery(), None);
    }

    #[test]
    fn a_synonym_phrase_is_one_group_with_its_canonical_tokens() {
        let q = Query::parse("rumah sakit umum daerah koja");
        assert_eq!(q.groups().len(), 2);
        let phrase = &q.groups()[0];
        assert_eq!(&phrase[..2], ["rsud", "rs"]);
        assert!(phrase.contains(&"rumah".to_owned()) && phrase.contains(&"daerah".to_owned()));
        // A stop word inside a phrase is part of the phrase but not an alternative.
        let q = Query::parse("Kependudukan dan Pencatatan Sipil");
        assert_eq!(q.groups().len(), 1);
        assert_eq!(q.groups()[0][0], "adminduk");
        assert!(!has(&q, "dan"));
    }

    #[test]
    fn narrower_terms_do_not_widen_a_query() {
        assert!(!has(&Query::parse("rsud"), "rs"));
        assert!(has(&Query::parse("rumah sakit"), "rs"));
    }

    #[test]
    fn query_meets_index_through_synonyms() {
        let q = Query::parse("adminduk perbatasan");
        let tokens = index_tokens(
            "Sistem Pelayanan Administrasi Kependudukan untuk Wilayah Perbatasan",
            Field::Name,
        );
        assert!(tokens.contains(&"adminduk".to_owned()), "{tokens:?}");
        assert!(q.terms().iter().filter(|t| tokens.contains(t)).count() >= 2);
        // Dukcapil offices are found by the adminduk query too.
        let tokens = index_tokens(
            "Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi",
            Field::Body,
        );
        assert!(
            q.terms()
                .iter()
                .any(|t| tokens.contains(t) && t == "adminduk")
        );
    }

    #[test]
    fn misspellings_reach_the_same_tokens() {
        for (variant, standard) in [
            ("onlen", "online"),
            ("perijinan", "perizinan"),
            ("ijin", "izin"),
        ] {
            let q = Query::parse(variant);
            for term in Query::parse(standard).terms() {
                assert!(has(&q, &term), "{variant} lacks {term}");
            }
            let variant_tokens = index_tokens(variant, Field::Body);
            for token in index_tokens(standard, Field::Body) {
                assert!(variant_tokens.contains(&token), "{variant} lacks {token}");
            }
        }
    }

    #[test]
    fn joined_and_hyphenated_spellings_meet() {
        let name = index_tokens("e-OPen", Field::Name);
        assert!(
            Query::parse("eopen")
                .terms()
                .iter()
                .any(|t| name.contains(t))
        );
        let name = index_tokens("SIJEMPOL", Field::Name);
        assert!(has(&Query::parse("si jempol"), "sijempol"));
        assert!(
            Query::parse("si-jempol")
                .terms()
                .iter()
                .any(|t| name.contains(t))
        );
        assert!(
            has(&Query::parse("COVID-19"), "covid19") && has(&Query::parse("COVID-19"), "covid")
        );
    }

    #[test]
    fn fts5_and_tsquery_are_well_formed() {
        let q = Query::parse("Perizinan \"OR\" (online) AND NOT 'x'; DROP -- e-KTP* rumah sakit");
        let fts = q.fts5_match().unwrap_or_default();
        let parts: Vec<&str> = fts.split(" OR ").collect();
        assert_eq!(parts.len(), q.terms().len());
        for part in &parts {
            let inner = part
                .strip_prefix('"')
                .and_then(|p| p.strip_suffix('"'))
                .unwrap_or("");
            assert!(crate::is_token(inner), "{part}");
        }
        let ts = q.tsquery().unwrap_or_default();
        for part in ts.split(" | ") {
            let inner = part
                .strip_prefix('\'')
                .and_then(|p| p.strip_suffix('\''))
                .unwrap_or("");
            assert!(crate::is_token(inner), "{part}");
        }
        assert!(fts.contains("\"izin\"") && ts.contains("'daring'") && ts.contains("'rs'"));
        let mut sorted = q.terms();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, q.terms());
        let q = Query::parse("ijin");
        assert_eq!(q.fts5_match().as_deref(), Some("\"ijin\" OR \"izin\""));
        assert_eq!(q.tsquery().as_deref(), Some("'ijin' | 'izin'"));
    }

    #[test]
    fn matches_word_uses_analysed_forms() {
        let q = Query::parse("terbit");
        assert!(q.matches_word("Menerbitkan,"));
        assert!(q.matches_word("(penerbitan)"));
        assert!(!q.matches_word("pelayanan"));
        let q = Query::parse("daring rs");
        assert!(q.matches_word("ONLINE"));
        assert!(q.matches_word("RSUD"));
        assert!(Query::parse("ektp").matches_word("e-KTP"));
        assert!(!Query::parse("layanan").matches_word("untuk"));
    }
}
