//! Splitting text into normalised words, the forms each word is indexed under, and index tokens.

use std::ops::Range;

use frostem::{Algorithm, Stemmer};

use crate::stopwords::is_stop_word;
use crate::synonyms::{self, Scope};
use crate::{Field, is_token};

/// What separates a word from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gap {
    /// The first word of the text.
    Start,
    /// Exactly one hyphen, dot or underscore: "e-KTP", "COVID-19" and "Si.Jempol" are one word
    /// to their writer.
    Connector,
    /// Whitespace only.
    Space,
    /// Anything else: brackets, commas, a dash between spaces.
    Break,
}

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// Lower-case ASCII letters and digits, diacritics folded ("Café" -> "cafe").
    pub norm: String,
    /// Where the word is in the original text, in bytes.
    pub span: Range<usize>,
    pub gap: Gap,
}

enum Class {
    Text(&'static str),
    Ascii(char),
    /// A combining diacritic (decomposed "e\u{301}"): part of the word, folded away.
    Mark,
    Apostrophe,
    Space,
    Connector,
    Other,
}

fn classify(c: char) -> Class {
    if c.is_ascii_alphanumeric() {
        return Class::Ascii(c.to_ascii_lowercase());
    }
    match c {
        '-' | '\u{2010}' | '\u{2011}' | '.' | '_' => Class::Connector,
        // "Jum'at", "INA-CBG's": an apostrophe inside a word does not split it.
        '\'' | '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' => Class::Apostrophe,
        '\u{0300}'..='\u{036f}' => Class::Mark,
        c if c.is_whitespace() => Class::Space,
        c => {
            let lower = c.to_lowercase().next().unwrap_or(c);
            if lower.is_ascii_alphanumeric() {
                Class::Ascii(lower)
            } else {
                fold(lower).map_or(Class::Other, Class::Text)
            }
        }
    }
}

/// ASCII spelling of a lower-case Latin letter with a diacritic; other scripts are separators,
/// since tokens must be `[a-z0-9]` for both databases.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        _ => return None,
    })
}

/// What has been seen between two words.
#[derive(Default)]
struct Between {
    spaces: bool,
    connectors: usize,
    other: bool,
}

impl Between {
    fn gap(&self) -> Gap {
        match (self.connectors, self.spaces, self.other) {
            (0, _, false) => Gap::Space,
            (1, false, false) => Gap::Connector,
            _ => Gap::Break,
        }
    }
}

/// Splits `text` into words of ASCII letters and digits, remembering where each one was.
pub(crate) fn scan(text: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut current: Option<Word> = None;
    let mut between = Between::default();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let class = classify(c);
        let in_word = match class {
            Class::Ascii(_) | Class::Text(_) => true,
            Class::Mark => current.is_some(),
            Class::Apostrophe => {
                current.is_some()
                    && chars.peek().is_some_and(|&(_, next)| {
                        matches!(classify(next), Class::Ascii(_) | Class::Text(_))
                    })
            }
            Class::Space | Class::Connector | Class::Other => false,
        };
        if in_word {
            let word = current.get_or_insert_with(|| {
                let gap = if words.is_empty() {
                    Gap::Start
                } else {
                    between.gap()
                };
                Word {
                    norm: String::new(),
                    span: at..at,
                    gap,
                }
            });
            match class {
                Class::Ascii(a) => word.norm.push(a),
                Class::Text(s) => word.norm.push_str(s),
                _ => {}
            }
            word.span.end = at + c.len_utf8();
            continue;
        }
        if let Some(word) = current.take() {
            words.push(word);
            between = Between::default();
        }
        match class {
            Class::Space => between.spaces = true,
            Class::Connector => between.connectors += 1,
            _ => between.other = true,
        }
    }
    words.extend(current);
    words
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// The Snowball Indonesian stem of `word`, followed by repairs for two prefix cases it cannot
/// resolve. All are kept: forms only ever add matches, and the surface form is indexed too.
pub(crate) fn stems(word: &str) -> Vec<String> {
    let stemmer = Stemmer::new(Algorithm::Indonesian);
    let stem = stemmer.stem(word).into_owned();
    let mut out = Vec::new();
    // meN-/peN- before a vowel: Snowball strips "men"/"pen" but cannot restore the t that the
    // nasal replaced (menerbitkan -> "erbit", root terbit). Vowel-initial roots take meng-/peng-,
    // so a t-root is the usual reading.
    if let Some(rest) = word
        .strip_prefix("men")
        .or_else(|| word.strip_prefix("pen"))
        && rest.starts_with(is_vowel)
        && !stem.is_empty()
        && rest.starts_with(stem.as_str())
    {
        out.push(format!("t{stem}"));
    }
    // ke- + peN-: Snowball strips ke- and then only "pe", keeping the nasal
    // (kependudukan -> "nduduk"); the word without ke- stems to the root penduduk reaches (duduk).
    if let Some(rest) = word.strip_prefix("ke")
        && rest.starts_with("pe")
    {
        let inner = stemmer.stem(rest);
        if inner != stem.as_str() {
            out.push(inner.into_owned());
        }
    }
    out.insert(0, stem);
    out
}

fn push_unique(forms: &mut Vec<String>, form: &str) {
    if !forms.iter().any(|f| f == form) {
        forms.push(form.to_owned());
    }
}

fn push_stems(forms: &mut Vec<String>, word: &str) {
    // Numbers and codes such as "covid19" or "uc3" are not Indonesian words.
    if word.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    for stem in stems(word) {
        push_unique(forms, &stem);
    }
}

/// The forms a normalised word is indexed and searched under: the word, its stems, and the
/// standard spelling of a known variant with that spelling's stems. Empty for over-long words.
pub(crate) fn word_forms(word: &str) -> Vec<String> {
    let mut forms = Vec::new();
    if !is_token(word) {
        return forms;
    }
    push_unique(&mut forms, word);
    push_stems(&mut forms, word);
    if let Some(fixed) = synonyms::spelling_fix(word) {
        push_unique(&mut forms, fixed);
        push_stems(&mut forms, fixed);
    }
    forms
}

/// The forms a word of shown text counts as for highlighting: a stop word is not indexed, so
/// only its surface form (which a stop-word-only query searches for) may match.
pub(crate) fn shown_forms(word: &str) -> Vec<String> {
    if is_stop_word(word) {
        if is_token(word) {
            vec![word.to_owned()]
        } else {
            Vec::new()
        }
    } else {
        word_forms(word)
    }
}

/// Which joined spellings to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JoinKind {
    /// Compounds written with connectors only ("e-KTP" -> "ektp"): running text.
    Compound,
    /// Compounds plus adjacent pairs of content words: what a query tries against joined names.
    Pairs,
    /// Compounds plus runs of 2–3 adjacent content words: how names are indexed.
    Name,
}

impl JoinKind {
    /// The most words joined across spaces.
    fn longest_run(self) -> usize {
        match self {
            JoinKind::Compound => 1,
            JoinKind::Pairs => 2,
            JoinKind::Name => 3,
        }
    }
}

/// A spelling of several adjacent words run together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Join {
    /// The words joined, as indices into the scanned words.
    pub words: Range<usize>,
    pub token: String,
}

/// Joined spellings: every whole compound written with connectors ("e-OPen" -> "eopen",
/// "COVID-19" -> "covid19") and, unless [`JoinKind::Compound`], each run of adjacent words
/// separated by spaces or connectors, none a stop word, up to the kind's length ("Pro Lantera KU" -> "prolantera",
/// "lanteraku", "prolanteraku").
pub(crate) fn joins(words: &[Word], kind: JoinKind) -> Vec<Join> {
    let mut out: Vec<Join> = Vec::new();
    let mut push = |range: Range<usize>| {
        let token: String = words[range.clone()]
            .iter()
            .map(|w| w.norm.as_str())
            .collect();
        let join = Join {
            words: range,
            token,
        };
        if is_token(&join.token) && !out.contains(&join) {
            out.push(join);
        }
    };
    let mut start = 0;
    for i in 1..=words.len() {
        if i == words.len() || words[i].gap != Gap::Connector {
            if i - start >= 2 {
                push(start..i);
            }
            start = i;
        }
    }
    if kind != JoinKind::Compound {
        for start in 0..words.len() {
            for end in start + 2..=(start + kind.longest_run()).min(words.len()) {
                let run = &words[start..end];
                let adjacent = run[1..]
                    .iter()
                    .all(|w| matches!(w.gap, Gap::Space | Gap::Connector));
                if !adjacent || run.iter().any(|w| is_stop_word(&w.norm)) {
                    break;
                }
                push(start..end);
            }
        }
    }
    out
}

/// See [`crate::index_tokens`].
pub(crate) fn index_tokens(text: &str, field: Field) -> Vec<String> {
    let words = scan(text);
    let norms: Vec<&str> = words.iter().map(|w| w.norm.as_str()).collect();
    // Tokens are gathered per word position so that phrase tokens and joins follow the words
    // they come from. A position holds each form once; repeats across the text are kept, since
    // term frequency feeds the ranking.
    let mut at: Vec<Vec<String>> = norms
        .iter()
        .map(|w| {
            if is_stop_word(w) {
                Vec::new()
            } else {
                word_forms(w)
            }
        })
        .collect();
    for m in synonyms::find(&norms, Scope::Index) {
        push_unique(&mut at[m.end - 1], m.canonical);
    }
    let kind = match field {
        Field::Name => JoinKind::Name,
        Field::Body => JoinKind::Compound,
    };
    for join in joins(&words, kind) {
        push_unique(&mut at[join.words.end - 1], &join.token);
    }
    at.into_iter().flatten().collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        scan(text).into_iter().map(|w| w.norm).collect()
    }

    #[test]
    fn scan_lowercases_folds_and_splits_on_non_alphanumerics() {
        assert_eq!(norms("e-OPen"), ["e", "open"]);
        assert_eq!(
            norms("COVID-19, Café  Kopi!"),
            ["covid", "19", "cafe", "kopi"]
        );
        assert_eq!(norms("Straße Ærø naïve"), ["strasse", "aero", "naive"]);
        assert_eq!(
            norms("Jum'at INA-CBG's 'kutip'"),
            ["jumat", "ina", "cbgs", "kutip"]
        );
        // Decomposed accents and other scripts.
        assert_eq!(norms("Cafe\u{301} 東京 data"), ["cafe", "data"]);
        assert!(norms(" ,.;  ").is_empty());
    }

    #[test]
    fn scan_keeps_byte_spans_and_gaps() {
        let words = scan("Pro Lantera-KU (Café)");
        let spans: Vec<&str> = words
            .iter()
            .map(|w| &"Pro Lantera-KU (Café)"[w.span.clone()])
            .collect();
        assert_eq!(spans, ["Pro", "Lantera", "KU", "Café"]);
        let gaps: Vec<Gap> = words.iter().map(|w| w.gap).collect();
        assert_eq!(gaps, [Gap::Start, Gap::Space, Gap::Connector, Gap::Break]);
        let gaps: Vec<Gap> = scan("covid - 19. Baru").iter().map(|w| w.gap).collect();
        assert_eq!(gaps, [Gap::Start, Gap::Break, Gap::Break]);
    }

    /// The stemmer's actual output, recorded so a frostem upgrade that changes it is noticed.
    #[test]
    fn snowball_indonesian_stems() {
        let snowball = Stemmer::new(Algorithm::Indonesian);
        let cases = [
            ("menerbitkan", "erbit"),
            ("penerbitan", "erbit"),
            ("diterbitkan", "terbit"),
            ("terbit", "terbit"),
            ("perizinan", "izin"),
            ("izin", "izin"),
            ("perijinan", "ijin"),
            ("kependudukan", "nduduk"),
            ("penduduk", "duduk"),
            ("pelayanan", "layan"),
            ("layanan", "layan"),
            ("kesehatan", "sehat"),
            ("perbatasan", "batas"),
            ("keluarga", "luarga"),
            ("digital", "gital"),
            ("terima", "ima"),
        ];
        for (word, stem) in cases {
            assert_eq!(snowball.stem(word), stem, "{word}");
        }
    }

    #[test]
    fn inflected_forms_meet_on_a_shared_stem() {
        let shared = |a: &str, b: &str| word_forms(a).iter().any(|f| word_forms(b).contains(f));
        assert!(shared("menerbitkan", "penerbitan"));
        // Only through the restored t: Snowball alone gives "erbit" and "terbit".
        assert!(shared("menerbitkan", "terbit"));
        assert!(shared("diterbitkan", "penerbitan"));
        assert!(shared("perizinan", "izin"));
        assert!(shared("kependudukan", "penduduk"));
        assert!(shared("pelayanan", "dilayani"));
        assert!(!shared("pelayanan", "penerbitan"));
    }

    #[test]
    fn stem_repairs() {
        assert_eq!(stems("menerbitkan"), ["erbit", "terbit"]);
        assert_eq!(stems("penerimaan"), ["erima", "terima"]);
        assert_eq!(stems("kependudukan"), ["nduduk", "duduk"]);
        // No repair when Snowball left the prefix alone or the root starts with a consonant.
        assert_eq!(stems("menu"), ["menu"]);
        assert_eq!(stems("pendaftaran"), ["daftar"]);
    }

    #[test]
    fn word_forms_cover_surface_stem_and_spelling() {
        assert_eq!(word_forms("perizinan"), ["perizinan", "izin"]);
        assert_eq!(word_forms("apotik"), ["apotik", "apotek"]);
        assert_eq!(word_forms("covid19"), ["covid19"]);
        assert!(word_forms(&"a".repeat(41)).is_empty());
    }

    #[test]
    fn joins_for_names_and_compounds() {
        let tokens = |text: &str, kind| -> Vec<String> {
            joins(&scan(text), kind)
                .into_iter()
                .map(|j| j.token)
                .collect()
        };
        assert_eq!(
            tokens("Pro Lantera KU", JoinKind::Name),
            ["prolantera", "prolanteraku", "lanteraku"]
        );
        assert_eq!(
            tokens("Pro Lantera KU", JoinKind::Compound),
            Vec::<String>::new()
        );
        assert_eq!(tokens("layanan e-KTP", JoinKind::Compound), ["ektp"]);
        // Brackets and stop words break name runs.
        assert_eq!(
            tokens("Izin dengan Jarimu (Jempol)", JoinKind::Name),
            Vec::<String>::new()
        );
    }

    #[test]
    fn tokens_are_only_lowercase_ascii_and_digits() {
        let text = "SÍ-JEMPOL: Layanan «perizinan» 100% ONLINE!! ‘Jum’at’ — naïve 東京 x².";
        for field in [Field::Name, Field::Body] {
            let tokens = index_tokens(text, field);
            assert!(!tokens.is_empty());
            assert!(tokens.iter().all(|t| is_token(t)), "{tokens:?}");
        }
    }
}
