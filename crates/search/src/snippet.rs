//! Showing where a text matches a query: highlighted names and excerpts of descriptions.

use std::ops::Range;

use crate::analyzer::{self, JoinKind, Word};
use crate::query::Query;
use crate::synonyms::{self, Scope};

const ELLIPSIS: &str = "…";

/// An HTML-escaped excerpt of `text` of at most about `max_chars` characters around the densest
/// cluster of matching words, matches wrapped in `<mark>…</mark>`, with "…" where cut. When
/// nothing matches, the start of the text.
///
/// Cuts fall on whitespace. A cluster longer than `max_chars` (one long phrase) is shown whole.
pub fn snippet(text: &str, query: &Query, max_chars: usize) -> String {
    let marks = marked(&analyzer::scan(text), query);
    // Byte offset of every character, to move between character counts and byte positions.
    let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    if starts.len() <= max_chars {
        return render(text, 0..text.len(), &marks);
    }
    let byte_at = |char_index: usize| starts.get(char_index).copied().unwrap_or(text.len());
    let char_at = |byte: usize| starts.partition_point(|&at| at < byte);

    // The window in bytes, before snapping it to whole words.
    let cluster = best_cluster(&marks, max_chars, char_at);
    let (lo, hi) = match &cluster {
        None => (0, byte_at(max_chars)),
        Some(cluster) => {
            let (from, to) = (char_at(cluster.start), char_at(cluster.end));
            let width = max_chars.max(to - from);
            // Centre the cluster in the window, then slide the window back inside the text.
            let mut window_start = from.saturating_sub((width - (to - from)) / 2);
            if window_start + width > starts.len() {
                window_start = starts.len() - width;
            }
            (byte_at(window_start), byte_at(window_start + width))
        }
    };
    // Cut only at whitespace, so words keep their punctuation and markup stays whole.
    let chunks = chunks(text);
    let mut start = if lo == 0 {
        0
    } else {
        chunks
            .iter()
            .map(|c| c.start)
            .find(|&s| s >= lo)
            .unwrap_or(text.len())
    };
    let mut end = chunks
        .iter()
        .map(|c| c.end)
        .take_while(|&e| e <= hi)
        .last()
        .unwrap_or(hi);
    if let Some(cluster) = cluster {
        // Never lose part of the cluster itself.
        let first = chunks
            .iter()
            .rev()
            .map(|c| c.start)
            .find(|&s| s <= cluster.start);
        let last = chunks.iter().map(|c| c.end).find(|&e| e >= cluster.end);
        start = start.min(first.unwrap_or(0));
        end = end.max(last.unwrap_or(text.len()));
    }
    // Punctuation alone before or after the excerpt is kept rather than replaced by "…".
    if !has_alphanumeric(&text[..start]) {
        start = 0;
    }
    if !has_alphanumeric(&text[end..]) {
        end = text.len();
    }
    let mut out = String::new();
    if start > 0 {
        out.push_str(ELLIPSIS);
    }
    out.push_str(&render(text, start..end, &marks));
    if end < text.len() {
        out.push_str(ELLIPSIS);
    }
    out
}

/// The whole text HTML-escaped with matching words wrapped in `<mark>…</mark>` (for names).
pub fn highlight(text: &str, query: &Query) -> String {
    let marks = marked(&analyzer::scan(text), query);
    render(text, 0..text.len(), &marks)
}

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Byte ranges of the runs of non-whitespace in `text`.
fn chunks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(s..at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    out.extend(start.map(|s| s..text.len()));
    out
}

fn has_alphanumeric(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Byte ranges of `text` to mark, sorted and disjoint: words whose forms are query terms, synonym
/// phrases whose canonical token is ("Rumah Sakit" for "rs"), and joined spellings ("Pro Lantera"
/// for "prolantera").
fn marked(words: &[Word], query: &Query) -> Vec<Range<usize>> {
    let span = |r: Range<usize>| words[r.start].span.start..words[r.end - 1].span.end;
    let norms: Vec<&str> = words.iter().map(|w| w.norm.as_str()).collect();
    let mut ranges: Vec<Range<usize>> = words
        .iter()
        .filter(|w| {
            analyzer::shown_forms(&w.norm)
                .iter()
                .any(|f| query.has_term(f))
        })
        .map(|w| w.span.clone())
        .collect();
    ranges.extend(
        synonyms::find(&norms, Scope::Index)
            .into_iter()
            .filter(|m| query.has_term(m.canonical))
            .map(|m| span(m.start..m.end)),
    );
    ranges.extend(
        analyzer::joins(words, JoinKind::Name)
            .into_iter()
            .filter(|j| query.has_term(&j.token))
            .map(|j| span(j.words)),
    );
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The byte range from the first to the last of the most marks that fit in `max_chars`
/// characters (the earliest such run on a tie), or `None` without marks.
fn best_cluster(
    marks: &[Range<usize>],
    max_chars: usize,
    char_at: impl Fn(usize) -> usize,
) -> Option<Range<usize>> {
    let chars: Vec<(usize, usize)> = marks
        .iter()
        .map(|m| (char_at(m.start), char_at(m.end)))
        .collect();
    let mut best: Option<(usize, usize, usize)> = None; // (count, first, last)
    for (first, &(from, _)) in chars.iter().enumerate() {
        let last = (first..chars.len())
            .take_while(|&k| chars[k].1 - from <= max_chars)
            .last()
            .unwrap_or(first);
        let count = last - first + 1;
        if best.is_none_or(|(c, _, _)| count > c) {
            best = Some((count, first, last));
        }
    }
    best.map(|(_, first, last)| marks[first].start..marks[last].end)
}

/// `text[window]` escaped, with the parts of `marks` inside it wrapped in `<mark>`.
fn render(text: &str, window: Range<usize>, marks: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(window.len() + 16);
    let mut at = window.start;
    for mark in marks {
        let (start, end) = (mark.start.max(window.start), mark.end.min(window.end));
        if start >= end {
            continue;
        }
        escape_into(&mut out, &text[at..start]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[start..end]);
        out.push_str("</mark>");
        at = end;
    }
    escape_into(&mut out, &text[at..window.end]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_marks_inflected_forms_and_escapes() {
        let q = Query::parse("terbit");
        assert_eq!(
            highlight("Dinas <b>menerbitkan</b> & diterbitkan", &q),
            "Dinas &lt;b&gt;<mark>menerbitkan</mark>&lt;/b&gt; &amp; <mark>diterbitkan</mark>"
        );
        assert_eq!(highlight("Tanpa cocok", &q), "Tanpa cocok");
    }

    #[test]
    fn highlight_marks_synonyms_phrases_and_joins() {
        let q = Query::parse("rs online");
        assert_eq!(
            highlight("Rumah Sakit dan RSUD Koja: layanan daring", &q),
            "<mark>Rumah Sakit</mark> dan <mark>RSUD</mark> Koja: layanan <mark>daring</mark>"
        );
        assert_eq!(
            highlight("Pro Lantera KU", &Query::parse("prolantera")),
            "<mark>Pro Lantera</mark> KU"
        );
        assert_eq!(
            highlight("Layanan Perijinan", &Query::parse("izin")),
            "Layanan <mark>Perijinan</mark>"
        );
    }

    #[test]
    fn snippet_cuts_around_the_densest_cluster() {
        let text = "Pembukaan yang panjang sekali tentang hal lain. \
                    Warga mengurus perizinan <script>alert(1)</script> secara online dan izin \
                    usaha keluar cepat. Penutup yang juga panjang tentang hal yang tidak berhubungan.";
        let q = Query::parse("perizinan online");
        let s = snippet(text, &q, 80);
        assert!(s.starts_with(ELLIPSIS) && s.ends_with(ELLIPSIS), "{s}");
        assert!(
            s.contains("&lt;script&gt;") && !s.contains("<script>"),
            "{s}"
        );
        assert!(
            s.contains("<mark>perizinan</mark>") && s.contains("<mark>online</mark>"),
            "{s}"
        );
        assert!(s.contains("<mark>izin</mark>"), "{s}");
        let visible = s
            .replace("<mark>", "")
            .replace("</mark>", "")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        assert!(visible.chars().count() <= 80 + 2, "{visible}");
        assert!(
            !visible.contains("Pembukaan") && !visible.contains("Penutup"),
            "{visible}"
        );
    }

    #[test]
    fn snippet_without_matches_is_the_start_of_the_text() {
        let q = Query::parse("puskesmas");
        assert_eq!(
            snippet("Layanan jemput bola untuk warga perbatasan.", &q, 20),
            "Layanan jemput bola…"
        );
        assert_eq!(snippet("Pendek.", &q, 20), "Pendek.");
        assert_eq!(
            snippet("A & B", &Query::parse("b"), 20),
            "A &amp; <mark>B</mark>"
        );
    }

    #[test]
    fn snippet_keeps_a_match_at_the_end_and_trailing_punctuation() {
        let text = "Satu dua tiga empat lima enam tujuh delapan sembilan sepuluh puskesmas.";
        let s = snippet(text, &Query::parse("puskesmas"), 30);
        assert!(
            s.starts_with(ELLIPSIS) && s.ends_with("<mark>puskesmas</mark>."),
            "{s}"
        );
        let s = snippet(text, &Query::parse("satu"), 12);
        assert_eq!(s, "<mark>Satu</mark> dua…");
    }

    #[test]
    fn escape_html_escapes_quotes_too() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
