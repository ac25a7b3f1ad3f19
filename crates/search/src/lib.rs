//! Indonesian text analysis for Lumbung's full-text search.
//!
//! Both databases search the tokens made here rather than analysing text themselves: SQLite
//! stores them in FTS5 (unicode61 over the space-separated tokens) and PostgreSQL in
//! `to_tsvector('simple', tokens)`. Every token is `[a-z0-9]+` (see [`is_token`]), so both
//! tokenizers split them identically and they are safe inside FTS5 and tsquery syntax, which makes
//! both backends find and rank alike.
//!
//! Analysis: lower-case, fold Latin diacritics, split on anything but ASCII letters and digits,
//! drop Indonesian stop words, and keep each word together with its Snowball Indonesian stem
//! (plus two repairs of prefixes the stemmer cannot resolve), its standard spelling when it is a
//! known variant, and the canonical token of any synonym or abbreviation group it belongs to.
//!
//! ```
//! use lumbung_search::{Field, Query, index_tokens};
//!
//! let tokens = index_tokens("Layanan Administrasi Kependudukan Online", Field::Body);
//! assert!(tokens.iter().any(|t| t == "adminduk") && tokens.iter().any(|t| t == "daring"));
//!
//! let query = Query::parse("adminduk daring");
//! assert_eq!(query.fts5_match().as_deref(), Some(r#""adminduk" OR "admindukdaring" OR "daring""#));
//! assert_eq!(query.tsquery().as_deref(), Some("'adminduk' | 'admindukdaring' | 'daring'"));
//! ```

mod analyzer;
mod query;
mod snippet;
mod stopwords;
mod synonyms;

pub use query::{MAX_QUERY_WORDS, Query};
pub use snippet::{escape_html, highlight, snippet};

/// Longer tokens are dropped: they are noise (hashes, run-together URLs) and bloat the index.
pub const MAX_TOKEN_LEN: usize = 40;

/// Which part of a record a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// A name, often coined ("Pro Lantera KU", "e-OPen", "SI JEMPOL"). Besides its words it is
    /// indexed under adjacent words run together ("prolantera", "lanteraku", "eopen") so users
    /// who write a name joined still find it.
    Name,
    /// Running text such as a description. Only words written with hyphens or dots are also
    /// indexed joined ("e-KTP" -> "ektp").
    Body,
}

/// Tokens to store for a text, in text order. `Field::Name` additionally emits concatenations of
/// adjacent name words ("Pro Lantera KU" -> also "lanteraku", "prolantera"; "e-OPen" -> also
/// "eopen") so users who write a name joined still match.
///
/// Each word yields its surface form, stems, standard spelling and synonym tokens once; repeated
/// words repeat their tokens, since term frequency feeds the ranking.
pub fn index_tokens(text: &str, field: Field) -> Vec<String> {
    analyzer::index_tokens(text, field)
}

/// [`index_tokens`] joined by spaces: the text to store in the FTS5 column and to pass to
/// `to_tsvector('simple', …)`.
pub fn index_text(text: &str, field: Field) -> String {
    index_tokens(text, field).join(" ")
}

/// Whether `s` is a valid token: 1 to [`MAX_TOKEN_LEN`] ASCII lower-case letters or digits.
pub fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_TOKEN_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str, field: Field) -> Vec<String> {
        index_tokens(text, field)
    }

    fn contains_all(tokens: &[String], expected: &[&str]) -> bool {
        expected.iter().all(|e| tokens.iter().any(|t| t == e))
    }

    #[test]
    fn stop_words_are_removed_and_content_words_kept() {
        let t = tokens(
            "Layanan yang dan di untuk daerah secara online",
            Field::Body,
        );
        assert_eq!(t, ["layanan", "layan", "daerah", "online", "daring"]);
    }

    #[test]
    fn words_and_their_stems_are_indexed() {
        let t = tokens("Petugas menerbitkan dokumen", Field::Body);
        assert!(
            contains_all(&t, &["menerbitkan", "erbit", "terbit", "dokumen"]),
            "{t:?}"
        );
        let a = tokens("menerbitkan", Field::Body);
        let b = tokens("penerbitan", Field::Body);
        assert!(a.iter().any(|x| b.contains(x)));
    }

    #[test]
    fn names_are_also_indexed_joined() {
        let t = tokens("e-OPen", Field::Name);
        assert!(contains_all(&t, &["e", "open", "eopen"]), "{t:?}");
        let t = tokens(
            "Pro Lantera KU (Program Layanan Dokter Terbang)",
            Field::Name,
        );
        assert!(
            contains_all(&t, &["pro", "lantera", "ku", "lanteraku", "prolantera"]),
            "{t:?}"
        );
        // No joins across the bracket, nor in running text.
        assert!(!t.iter().any(|x| x == "kuprogram"));
        assert!(
            !tokens("Pro Lantera KU", Field::Body)
                .iter()
                .any(|x| x == "lanteraku")
        );
        assert!(contains_all(
            &tokens("warga membawa e-KTP", Field::Body),
            &["ektp", "ktp"]
        ));
    }

    #[test]
    fn synonym_phrases_add_their_canonical_token() {
        let t = tokens(
            "Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi",
            Field::Body,
        );
        assert!(
            contains_all(&t, &["adminduk", "kependudukan", "pencatatan", "sipil"]),
            "{t:?}"
        );
        assert!(!t.iter().any(|x| x == "dan"));
        let t = tokens(
            "ke daerah terpencil, perbatasan, dan kepulauan (DTPK)",
            Field::Body,
        );
        assert_eq!(t.iter().filter(|x| *x == "dtpk").count(), 2, "{t:?}");
        let t = tokens("Perumda Air Minum Tirta Binangun", Field::Body);
        assert!(contains_all(&t, &["pdam", "bumd"]), "{t:?}");
        let t = tokens("Waspada COVID-19", Field::Body);
        assert!(contains_all(&t, &["covid", "19", "covid19"]), "{t:?}");
    }

    #[test]
    fn numbers_kept_and_long_tokens_dropped() {
        let long = "x".repeat(MAX_TOKEN_LEN + 1);
        let t = tokens(&format!("Top 45 KIPP 2019 {long}"), Field::Body);
        assert_eq!(t, ["top", "45", "kipp", "2019"]);
        assert!(is_token(&"x".repeat(MAX_TOKEN_LEN)) && !is_token(&long));
        assert!(!is_token("") && !is_token("Abc") && !is_token("a-b") && !is_token("é"));
    }

    #[test]
    fn index_text_is_space_separated_tokens() {
        assert_eq!(
            index_text("Izin  Online", Field::Body),
            "izin online daring"
        );
    }
}
