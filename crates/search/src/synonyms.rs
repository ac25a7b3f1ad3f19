//! The project's synonym and abbreviation table, and the spelling variants it corrects.
//!
//! Each [`Group`] names one concept. A text containing any member (a word, or a phrase matched as
//! consecutive words) is also indexed under the group's canonical token, and a query naming any
//! member also looks for the canonical token, so "rumah sakit", "RS" and "rsud" meet without
//! either side spelling the others out.
//!
//! Judgement calls, so nobody "fixes" them back:
//! - `adminduk` and `dukcapil` are one group: the government affair is literally named
//!   "administrasi kependudukan dan pencatatan sipil" and both abbreviations are used for the same
//!   services and offices. "kependudukan" alone is not a member (population control and family
//!   planning, `KB`, are a different affair); "pencatatan sipil" is only narrower.
//! - `wilayah` and `daerah` are not synonyms: "daerah" is also the word for local government
//!   (pemerintah daerah, perangkat daerah, RSUD), so joining them would make every regional body
//!   match "wilayah".
//! - `imb` and `pbg` are one group: PBG replaced IMB in 2021 (PP 16/2021) for the same permit.
//! - Left out as ambiguous in this corpus: `sim` (here "sistem informasi manajemen", not the
//!   driving licence), `pmi` (migrant workers, but also Palang Merah Indonesia), `oss`
//!   ("One Stop Service" here), `kia` as "kesehatan ibu dan anak" (here "kartu identitas anak"),
//!   `tb` (also "tinggi badan" in stunting work), `tpa`.

use std::collections::HashMap;
use std::sync::LazyLock;

/// One concept and the words and phrases that name it.
pub(crate) struct Group {
    /// Token added for every member; always one of `members`, so it is a word users type too.
    pub canonical: &'static str,
    /// Equivalent names: they add the canonical token both when indexing and when querying.
    pub members: &'static [&'static str],
    /// Narrower names (an RSUD is a hospital): indexed under the canonical token, but a query for
    /// them does not widen to the whole group.
    pub narrower: &'static [&'static str],
}

const fn g(
    canonical: &'static str,
    members: &'static [&'static str],
    narrower: &'static [&'static str],
) -> Group {
    Group {
        canonical,
        members,
        narrower,
    }
}

/// Members are normalised text: words of `[a-z0-9]` separated by single spaces. Phrases are
/// matched before stop words are dropped, so "dan" inside a phrase is fine.
pub(crate) const GROUPS: &[Group] = &[
    // Population administration and its documents.
    g(
        "adminduk",
        &[
            "adminduk",
            "administrasi kependudukan",
            "dukcapil",
            "disdukcapil",
            "dispendukcapil",
            "kependudukan dan pencatatan sipil",
            "kependudukan pencatatan sipil",
        ],
        &[
            "pencatatan sipil",
            "catatan sipil",
            "capil",
            "pendaftaran penduduk",
            "dokumen kependudukan",
        ],
    ),
    g("ktp", &["ktp", "ektp", "kartu tanda penduduk"], &[]),
    g("kk", &["kk", "kartu keluarga"], &[]),
    g("kia", &["kia", "kartu identitas anak"], &[]),
    g("nik", &["nik", "nomor induk kependudukan"], &[]),
    // Licensing and investment.
    g("izin", &["izin", "perizinan", "ijin", "perijinan"], &[]),
    g(
        "dpmptsp",
        &[
            "dpmptsp",
            "dpm ptsp",
            "penanaman modal dan pelayanan terpadu satu pintu",
            "penanaman modal pelayanan terpadu satu pintu",
        ],
        &[],
    ),
    g("ptsp", &["ptsp", "pelayanan terpadu satu pintu"], &[]),
    g(
        "mpp",
        &["mpp", "mal pelayanan publik", "mall pelayanan publik"],
        &[],
    ),
    g(
        "pbg",
        &[
            "pbg",
            "persetujuan bangunan gedung",
            "imb",
            "izin mendirikan bangunan",
        ],
        &[],
    ),
    // Regional taxes and vehicles.
    g(
        "pbb",
        &["pbb", "pajak bumi dan bangunan", "pajak bumi bangunan"],
        &[],
    ),
    g("pkb", &["pkb", "pajak kendaraan bermotor"], &[]),
    g("stnk", &["stnk", "surat tanda nomor kendaraan"], &[]),
    g(
        "samsat",
        &[
            "samsat",
            "sistem administrasi manunggal satu atap",
            "sistem administrasi manunggal di bawah satu atap",
        ],
        &[],
    ),
    g(
        "bapenda",
        &[
            "bapenda",
            "badan pendapatan daerah",
            "dispenda",
            "dinas pendapatan daerah",
        ],
        &[],
    ),
    // Health.
    g(
        "rs",
        &["rs", "rumah sakit"],
        &["rsud", "rsu", "rsup", "rsia", "rsj", "rsjd"],
    ),
    g("rsud", &["rsud", "rumah sakit umum daerah"], &[]),
    g(
        "puskesmas",
        &["puskesmas", "pusat kesehatan masyarakat"],
        &[],
    ),
    g("posyandu", &["posyandu", "pos pelayanan terpadu"], &[]),
    g("dinkes", &["dinkes", "dinas kesehatan"], &[]),
    g("jkn", &["jkn", "jaminan kesehatan nasional"], &[]),
    g("kis", &["kis", "kartu indonesia sehat"], &[]),
    g("bpjs", &["bpjs", "badan penyelenggara jaminan sosial"], &[]),
    g("nakes", &["nakes", "tenaga kesehatan"], &[]),
    g("apd", &["apd", "alat pelindung diri"], &[]),
    g("kb", &["kb", "keluarga berencana"], &[]),
    g("bumil", &["bumil", "ibu hamil"], &[]),
    g("stunting", &["stunting", "tengkes"], &[]),
    g(
        "covid",
        &[
            "covid",
            "covid19",
            "covid 19",
            "corona",
            "virus corona",
            "sars cov 2",
            "sarscov2",
        ],
        &[],
    ),
    g("tbc", &["tbc", "tuberkulosis", "tuberculosis"], &[]),
    g(
        "dbd",
        &["dbd", "demam berdarah", "demam berdarah dengue"],
        &[],
    ),
    g("odgj", &["odgj", "orang dengan gangguan jiwa"], &[]),
    g("lansia", &["lansia", "lanjut usia"], &[]),
    // "penyandang cacat" is the older, now avoided term; older documents still use it.
    g(
        "disabilitas",
        &["disabilitas", "difabel", "penyandang cacat"],
        &[],
    ),
    // Government bodies and programmes.
    g(
        "opd",
        &[
            "opd",
            "organisasi perangkat daerah",
            "perangkat daerah",
            "skpd",
            "satuan kerja perangkat daerah",
        ],
        &[],
    ),
    g(
        "pemda",
        &["pemda", "pemerintah daerah"],
        &[
            "pemprov",
            "pemkab",
            "pemkot",
            "pemerintah provinsi",
            "pemerintah kabupaten",
            "pemerintah kota",
        ],
    ),
    g(
        "pemprov",
        &["pemprov", "pemprop", "pemerintah provinsi"],
        &[],
    ),
    g("pemkab", &["pemkab", "pemerintah kabupaten"], &[]),
    g("pemkot", &["pemkot", "pemerintah kota"], &[]),
    g(
        "asn",
        &["asn", "aparatur sipil negara"],
        &[
            "pns",
            "pegawai negeri sipil",
            "pppk",
            "pegawai pemerintah dengan perjanjian kerja",
        ],
    ),
    g(
        "kominfo",
        &[
            "kominfo",
            "diskominfo",
            "dinkominfo",
            "kemenkominfo",
            "kemkominfo",
            "komunikasi dan informatika",
        ],
        &[],
    ),
    g(
        "kemenpanrb",
        &[
            "kemenpanrb",
            "kemenpan",
            "kemenpan rb",
            "menpan",
            "menpan rb",
            "kementerian panrb",
            "pendayagunaan aparatur negara dan reformasi birokrasi",
        ],
        &[],
    ),
    g("kipp", &["kipp", "kompetisi inovasi pelayanan publik"], &[]),
    g(
        "spbe",
        &["spbe", "sistem pemerintahan berbasis elektronik"],
        &[],
    ),
    g(
        "balitbang",
        &["balitbang", "litbang", "penelitian dan pengembangan"],
        &[],
    ),
    g(
        "bpbd",
        &["bpbd", "badan penanggulangan bencana daerah"],
        &[],
    ),
    g("lapas", &["lapas", "lembaga pemasyarakatan"], &[]),
    g("rutan", &["rutan", "rumah tahanan"], &[]),
    g("ham", &["ham", "hak asasi manusia"], &[]),
    g("lsm", &["lsm", "lembaga swadaya masyarakat", "ngo"], &[]),
    g(
        "csr",
        &[
            "csr",
            "corporate social responsibility",
            "tanggung jawab sosial perusahaan",
        ],
        &[],
    ),
    // Economy and social protection.
    g(
        "umkm",
        &[
            "umkm",
            "ukm",
            "usaha mikro kecil dan menengah",
            "usaha mikro kecil menengah",
            "usaha kecil dan menengah",
            "usaha kecil menengah",
        ],
        &[],
    ),
    g(
        "bumdes",
        &["bumdes", "bumdesa", "badan usaha milik desa"],
        &[],
    ),
    g(
        "bumd",
        &["bumd", "badan usaha milik daerah"],
        &["perumda", "perusahaan umum daerah", "perseroda"],
    ),
    g("bumn", &["bumn", "badan usaha milik negara"], &[]),
    g(
        "pdam",
        &["pdam", "perusahaan daerah air minum", "perumda air minum"],
        &[],
    ),
    g("bansos", &["bansos", "bantuan sosial"], &[]),
    g(
        "tki",
        &[
            "tki",
            "tenaga kerja indonesia",
            "pekerja migran indonesia",
            "buruh migran indonesia",
        ],
        &[],
    ),
    g("ojol", &["ojol", "ojek online", "ojek daring"], &[]),
    // Education.
    g("sd", &["sd", "sekolah dasar"], &[]),
    g("smp", &["smp", "sekolah menengah pertama"], &[]),
    g("sma", &["sma", "sekolah menengah atas"], &[]),
    g("smk", &["smk", "sekolah menengah kejuruan"], &[]),
    g("paud", &["paud", "pendidikan anak usia dini"], &[]),
    g("pjj", &["pjj", "pembelajaran jarak jauh"], &[]),
    g("iptek", &["iptek", "ilmu pengetahuan dan teknologi"], &[]),
    // Digital channels.
    g(
        "daring",
        &["daring", "online", "onlen", "on line", "dalam jaringan"],
        &[],
    ),
    g("luring", &["luring", "offline", "luar jaringan"], &[]),
    g("aplikasi", &["aplikasi", "apl", "app", "apps"], &[]),
    g("whatsapp", &["whatsapp", "wa", "whats app"], &[]),
    // Regions.
    g(
        "dtpk",
        &[
            "dtpk",
            "daerah terpencil perbatasan dan kepulauan",
            "daerah terpencil perbatasan kepulauan",
        ],
        &[],
    ),
    g("jabar", &["jabar", "jawa barat"], &[]),
    g("jateng", &["jateng", "jawa tengah"], &[]),
    g("jatim", &["jatim", "jawa timur"], &[]),
    g("kaltara", &["kaltara", "kalimantan utara"], &[]),
    g("kaltim", &["kaltim", "kalimantan timur"], &[]),
    g("kepri", &["kepri", "kepulauan riau"], &[]),
    g("ntb", &["ntb", "nusa tenggara barat"], &[]),
    g("ntt", &["ntt", "nusa tenggara timur"], &[]),
    g("labura", &["labura", "labuhanbatu utara"], &[]),
    g(
        "yogyakarta",
        &[
            "yogyakarta",
            "jogjakarta",
            "yogya",
            "jogja",
            "diy",
            "daerah istimewa yogyakarta",
        ],
        &[],
    ),
    g(
        "jakarta",
        &["jakarta", "dki", "daerah khusus ibukota jakarta"],
        &[],
    ),
];

/// Non-standard spellings common in Indonesian public writing, each to its KBBI form. Deliberately
/// small: only variants seen in real use, no guessed typos.
const SPELLING_FIXES: &[(&str, &str)] = &[
    ("aktifitas", "aktivitas"),
    ("analisa", "analisis"),
    ("apotik", "apotek"),
    ("efektifitas", "efektivitas"),
    ("ijasah", "ijazah"),
    ("ijin", "izin"),
    ("jadual", "jadwal"),
    ("kordinasi", "koordinasi"),
    ("kwalitas", "kualitas"),
    ("kwitansi", "kuitansi"),
    ("managemen", "manajemen"),
    ("menejemen", "manajemen"),
    ("nafas", "napas"),
    ("obyek", "objek"),
    ("onlen", "online"),
    ("perijinan", "perizinan"),
    ("praktek", "praktik"),
    ("propinsi", "provinsi"),
    ("resiko", "risiko"),
    ("sekertariat", "sekretariat"),
    ("sertipikat", "sertifikat"),
    ("sistim", "sistem"),
    ("standarisasi", "standardisasi"),
    ("tehnik", "teknik"),
    ("tehnologi", "teknologi"),
];

/// The standard spelling of a known non-standard one.
pub(crate) fn spelling_fix(word: &str) -> Option<&'static str> {
    SPELLING_FIXES
        .binary_search_by(|(wrong, _)| (*wrong).cmp(word))
        .ok()
        .map(|i| SPELLING_FIXES[i].1)
}

/// Which names of a group count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Equivalent members only: a query must not widen from a narrower term to the whole group.
    Query,
    /// Members and narrower terms: what a text is indexed (and highlighted) under.
    Index,
}

/// A member found at `words[start..end]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    pub canonical: &'static str,
}

struct Entry {
    group: usize,
    words: Vec<&'static str>,
    narrower: bool,
}

/// Every member and narrower term, keyed by its first word.
static BY_FIRST_WORD: LazyLock<HashMap<&'static str, Vec<Entry>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<Entry>> = HashMap::new();
    for (group, g) in GROUPS.iter().enumerate() {
        let names = g
            .members
            .iter()
            .map(|m| (m, false))
            .chain(g.narrower.iter().map(|m| (m, true)));
        for (name, narrower) in names {
            let words: Vec<&'static str> = name.split(' ').collect();
            if let Some(first) = words.first() {
                map.entry(first).or_default().push(Entry {
                    group,
                    words,
                    narrower,
                });
            }
        }
    }
    map
});

/// For each position and group, the longest name of the group starting there. Matches of
/// different groups may overlap ("rumah sakit umum daerah" is both `rsud` and `rs`).
pub(crate) fn find(words: &[&str], scope: Scope) -> Vec<Match> {
    let mut found = Vec::new();
    for start in 0..words.len() {
        let Some(entries) = BY_FIRST_WORD.get(words[start]) else {
            continue;
        };
        let mut best: Vec<(usize, usize)> = Vec::new(); // (group, end)
        for e in entries {
            if (e.narrower && scope == Scope::Query) || !words[start..].starts_with(&e.words) {
                continue;
            }
            let end = start + e.words.len();
            match best.iter_mut().find(|(group, _)| *group == e.group) {
                Some(b) => b.1 = b.1.max(end),
                None => best.push((e.group, end)),
            }
        }
        found.extend(best.into_iter().map(|(group, end)| Match {
            start,
            end,
            canonical: GROUPS[group].canonical,
        }));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_normalised_phrase(p: &str) -> bool {
        !p.is_empty() && p.split(' ').all(crate::is_token)
    }

    #[test]
    fn table_is_well_formed() {
        let mut canonicals: Vec<&str> = GROUPS.iter().map(|g| g.canonical).collect();
        for g in GROUPS {
            assert!(crate::is_token(g.canonical), "{}", g.canonical);
            assert!(
                g.members.contains(&g.canonical),
                "{} must be one of its members",
                g.canonical
            );
            for name in g.members.iter().chain(g.narrower) {
                assert!(is_normalised_phrase(name), "{name:?}");
            }
            let mut names: Vec<&str> = g.members.iter().chain(g.narrower).copied().collect();
            names.sort_unstable();
            let len = names.len();
            names.dedup();
            assert_eq!(names.len(), len, "duplicate name in {}", g.canonical);
        }
        canonicals.sort_unstable();
        let len = canonicals.len();
        canonicals.dedup();
        assert_eq!(canonicals.len(), len, "duplicate canonical token");
        assert!(GROUPS.len() >= 50, "{}", GROUPS.len());
    }

    #[test]
    fn spelling_table_is_sorted_and_normalised() {
        assert!(SPELLING_FIXES.windows(2).all(|w| w[0].0 < w[1].0));
        for (wrong, right) in SPELLING_FIXES {
            assert!(crate::is_token(wrong) && crate::is_token(right) && wrong != right);
        }
        assert_eq!(spelling_fix("apotik"), Some("apotek"));
        assert_eq!(spelling_fix("sertipikat"), Some("sertifikat"));
        assert_eq!(spelling_fix("apotek"), None);
    }

    fn canonicals(text: &str, scope: Scope) -> Vec<&'static str> {
        let words: Vec<&str> = text.split(' ').collect();
        let mut found: Vec<&str> = find(&words, scope)
            .into_iter()
            .map(|m| m.canonical)
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn overlapping_phrases_of_different_groups_all_match() {
        let found = canonicals("rumah sakit umum daerah koja", Scope::Index);
        assert!(
            found.contains(&"rs") && found.contains(&"rsud"),
            "{found:?}"
        );
        let found = canonicals(
            "dinas penanaman modal dan pelayanan terpadu satu pintu",
            Scope::Index,
        );
        assert!(
            found.contains(&"dpmptsp") && found.contains(&"ptsp"),
            "{found:?}"
        );
    }

    #[test]
    fn narrower_terms_count_only_when_indexing() {
        assert_eq!(canonicals("rsud", Scope::Index), ["rs", "rsud"]);
        assert_eq!(canonicals("rsud", Scope::Query), ["rsud"]);
        assert_eq!(
            canonicals("pencatatan sipil", Scope::Query),
            Vec::<&str>::new()
        );
        assert_eq!(canonicals("pencatatan sipil", Scope::Index), ["adminduk"]);
    }

    #[test]
    fn the_longest_name_of_a_group_wins() {
        let words = ["kemenpan", "rb"];
        let found = find(&words, Scope::Query);
        assert_eq!(
            found,
            [Match {
                start: 0,
                end: 2,
                canonical: "kemenpanrb"
            }]
        );
    }
}
