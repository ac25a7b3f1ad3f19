//! Indonesian function words dropped from the index and from queries.
//!
//! Only words that carry no subject on their own: prepositions, conjunctions, pronouns, auxiliaries,
//! particles, quantifiers, the short forms people type (`yg`, `utk`, `dgn`, `tsb`) and a few English
//! function words, because innovation names mix in English ("One Stop Service", "Early Diagnosis
//! and Treatment"). Content words that are merely frequent in this corpus (`daerah`, `layanan`,
//! `pelayanan`, `online`, `satu`, `tengah`) stay searchable.

/// Sorted, so membership is a binary search; a test keeps it sorted and unique.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "a", "ada", "adalah", "adanya", "agar", "akan", "aku", "an", "and", "anda", "antara", "apa",
    "apabila", "atas", "atau", "bagaimana", "bagi", "bahkan", "bahwa", "banyak", "beberapa",
    "begitu", "belum", "berapa", "berbagai", "bila", "bisa", "boleh", "bukan", "by", "dalam", "dan",
    "dapat", "dari", "daripada", "demikian", "dengan", "dgn", "di", "dia", "dimana", "dll", "dsb",
    "dst", "for", "hal", "hanya", "harus", "hingga", "ia", "ialah", "in", "ingin", "ini", "itu",
    "jadi", "jika", "juga", "kalau", "kami", "kamu", "karena", "ke", "kecuali", "kemudian",
    "kepada", "ketika", "kita", "lagi", "lah", "lain", "lainnya", "lalu", "maka", "mana", "masih",
    "masing", "mau", "melalui", "mengapa", "menjadi", "mereka", "merupakan", "meskipun", "namun",
    "nya", "of", "oleh", "on", "or", "pada", "paling", "para", "per", "perlu", "pernah", "pula",
    "pun", "saat", "saja", "sampai", "sangat", "saya", "se", "sebagai", "sebelum", "sebuah",
    "secara", "sedang", "sedangkan", "segala", "sehingga", "sejak", "selain", "selama", "seluruh",
    "semua", "sendiri", "seorang", "seperti", "serta", "sesuai", "setelah", "setiap", "suatu",
    "sudah", "supaya", "tak", "tanpa", "tapi", "tdk", "telah", "tentang", "terhadap", "tersebut",
    "tetapi", "the", "tiap", "tidak", "to", "tsb", "untuk", "utk", "with", "yaitu", "yakni", "yang",
    "yg",
];

/// Whether `word` (already normalised to lower-case ASCII) is a function word.
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_unique_and_normalised() {
        assert!(
            STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
            "keep STOP_WORDS sorted and unique"
        );
        assert!(STOP_WORDS.iter().all(|w| crate::is_token(w)));
        assert!(
            (100..=150).contains(&STOP_WORDS.len()),
            "{}",
            STOP_WORDS.len()
        );
    }

    #[test]
    fn function_words_are_stop_words_but_content_words_are_not() {
        for w in [
            "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "pada", "dalam", "melalui",
        ] {
            assert!(is_stop_word(w), "{w}");
        }
        for w in [
            "daerah",
            "layanan",
            "pelayanan",
            "online",
            "satu",
            "tengah",
            "e",
            "si",
            "ku",
        ] {
            assert!(!is_stop_word(w), "{w}");
        }
    }
}
