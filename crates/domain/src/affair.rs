//! Government affairs (urusan pemerintahan) and support functions, matched by code.

use crate::parse::label_key;
use serde::Serialize;

/// The group an affair belongs to under UU 23/2014.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AffairGroup {
    #[serde(rename = "wajib_pelayanan_dasar")]
    BasicService,
    #[serde(rename = "wajib_non_pelayanan_dasar")]
    NonBasicService,
    #[serde(rename = "pilihan")]
    Optional,
    #[serde(rename = "fungsi_penunjang")]
    Support,
}

impl AffairGroup {
    pub fn code(self) -> &'static str {
        match self {
            Self::BasicService => "wajib_pelayanan_dasar",
            Self::NonBasicService => "wajib_non_pelayanan_dasar",
            Self::Optional => "pilihan",
            Self::Support => "fungsi_penunjang",
        }
    }
}

/// One government affair (urusan) or support function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Affair {
    pub code: &'static str,
    pub name: &'static str,
    pub group: AffairGroup,
    /// One of the 6 basic-service affairs (pelayanan dasar) the index counts coverage of.
    pub basic_service: bool,
    /// Other spellings people use for it.
    #[serde(skip)]
    pub aliases: &'static [&'static str],
}

/// Every affair and support function, in the order of the official list.
pub const AFFAIRS: &[Affair] = &[
    Affair {
        code: "pendidikan",
        name: "Pendidikan",
        group: AffairGroup::BasicService,
        basic_service: true,
        aliases: &["pendidikan dan kebudayaan"],
    },
    Affair {
        code: "kesehatan",
        name: "Kesehatan",
        group: AffairGroup::BasicService,
        basic_service: true,
        aliases: &[],
    },
    Affair {
        code: "pekerjaan_umum_penataan_ruang",
        name: "Pekerjaan Umum dan Penataan Ruang",
        group: AffairGroup::BasicService,
        basic_service: true,
        aliases: &["PUPR", "pekerjaan umum", "penataan ruang"],
    },
    Affair {
        code: "perumahan_rakyat_kawasan_permukiman",
        name: "Perumahan Rakyat dan Kawasan Permukiman",
        group: AffairGroup::BasicService,
        basic_service: true,
        aliases: &["perumahan", "perkim", "perumahan dan kawasan permukiman"],
    },
    Affair {
        code: "ketenteraman_ketertiban_umum_pelindungan_masyarakat",
        name: "Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat",
        group: AffairGroup::BasicService,
        basic_service: true,
        aliases: &[
            "Ketentraman, Ketertiban Umum, dan Perlindungan Masyarakat",
            "trantibum linmas",
            "ketenteraman dan ketertiban umum",
        ],
    },
    Affair {
        code: "sosial",
        name: "Sosial",
        group: AffairGroup::BasicService,
        basic_service: true,
        aliases: &[],
    },
    Affair {
        code: "tenaga_kerja",
        name: "Tenaga Kerja",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &["ketenagakerjaan"],
    },
    Affair {
        code: "pemberdayaan_perempuan_pelindungan_anak",
        name: "Pemberdayaan Perempuan dan Pelindungan Anak",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &["Pemberdayaan Perempuan dan Perlindungan Anak", "PPPA"],
    },
    Affair {
        code: "pangan",
        name: "Pangan",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &["ketahanan pangan"],
    },
    Affair {
        code: "pertanahan",
        name: "Pertanahan",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "lingkungan_hidup",
        name: "Lingkungan Hidup",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "administrasi_kependudukan_pencatatan_sipil",
        name: "Administrasi Kependudukan dan Pencatatan Sipil",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &["adminduk", "dukcapil", "kependudukan"],
    },
    Affair {
        code: "pemberdayaan_masyarakat_desa",
        name: "Pemberdayaan Masyarakat dan Desa",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &["pemberdayaan masyarakat", "PMD"],
    },
    Affair {
        code: "pengendalian_penduduk_keluarga_berencana",
        name: "Pengendalian Penduduk dan Keluarga Berencana",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &["KB", "keluarga berencana"],
    },
    Affair {
        code: "perhubungan",
        name: "Perhubungan",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "komunikasi_informatika",
        name: "Komunikasi dan Informatika",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &["kominfo"],
    },
    Affair {
        code: "koperasi_usaha_kecil_menengah",
        name: "Koperasi, Usaha Kecil, dan Menengah",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &["UMKM", "koperasi dan UKM"],
    },
    Affair {
        code: "penanaman_modal",
        name: "Penanaman Modal",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &["perizinan", "investasi", "PTSP"],
    },
    Affair {
        code: "kepemudaan_olahraga",
        name: "Kepemudaan dan Olahraga",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &["pemuda dan olahraga"],
    },
    Affair {
        code: "statistik",
        name: "Statistik",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "persandian",
        name: "Persandian",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "kebudayaan",
        name: "Kebudayaan",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "perpustakaan",
        name: "Perpustakaan",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "kearsipan",
        name: "Kearsipan",
        group: AffairGroup::NonBasicService,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "kelautan_perikanan",
        name: "Kelautan dan Perikanan",
        group: AffairGroup::Optional,
        basic_service: false,
        aliases: &["perikanan"],
    },
    Affair {
        code: "pariwisata",
        name: "Pariwisata",
        group: AffairGroup::Optional,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "pertanian",
        name: "Pertanian",
        group: AffairGroup::Optional,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "kehutanan",
        name: "Kehutanan",
        group: AffairGroup::Optional,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "energi_sumber_daya_mineral",
        name: "Energi dan Sumber Daya Mineral",
        group: AffairGroup::Optional,
        basic_service: false,
        aliases: &["ESDM"],
    },
    Affair {
        code: "perdagangan",
        name: "Perdagangan",
        group: AffairGroup::Optional,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "perindustrian",
        name: "Perindustrian",
        group: AffairGroup::Optional,
        basic_service: false,
        aliases: &["industri"],
    },
    Affair {
        code: "transmigrasi",
        name: "Transmigrasi",
        group: AffairGroup::Optional,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "perencanaan",
        name: "Perencanaan",
        group: AffairGroup::Support,
        basic_service: false,
        aliases: &["perencanaan pembangunan"],
    },
    Affair {
        code: "keuangan",
        name: "Keuangan",
        group: AffairGroup::Support,
        basic_service: false,
        aliases: &["pengelolaan keuangan", "pendapatan daerah"],
    },
    Affair {
        code: "kepegawaian",
        name: "Kepegawaian",
        group: AffairGroup::Support,
        basic_service: false,
        aliases: &[],
    },
    Affair {
        code: "pendidikan_pelatihan",
        name: "Pendidikan dan Pelatihan",
        group: AffairGroup::Support,
        basic_service: false,
        aliases: &["diklat"],
    },
    Affair {
        code: "penelitian_pengembangan",
        name: "Penelitian dan Pengembangan",
        group: AffairGroup::Support,
        basic_service: false,
        aliases: &["litbang", "riset dan inovasi"],
    },
    Affair {
        code: "fungsi_lain",
        name: "Fungsi Lain sesuai ketentuan peraturan perundang-undangan",
        group: AffairGroup::Support,
        basic_service: false,
        aliases: &["lainnya", "pemerintahan umum", "pengawasan"],
    },
];

impl Affair {
    /// Finds an affair by its code.
    pub fn by_code(code: &str) -> Option<&'static Affair> {
        AFFAIRS.iter().find(|affair| affair.code == code)
    }

    /// Finds an affair by its code, its name or an alias, ignoring case and punctuation
    /// (`PUPR`, `Pekerjaan Umum dan Penataan Ruang`, `Urusan Kesehatan`).
    pub fn parse(text: &str) -> Result<&'static Affair, String> {
        let trimmed = text.trim();
        if let Some(affair) = Self::by_code(trimmed) {
            return Ok(affair);
        }
        let key = label_key(trimmed);
        let key = key.strip_prefix("urusan ").unwrap_or(&key);
        AFFAIRS
            .iter()
            .find(|affair| {
                label_key(affair.code) == key
                    || label_key(affair.name) == key
                    || affair.aliases.iter().any(|alias| label_key(alias) == key)
            })
            .ok_or_else(|| format!("urusan \"{trimmed}\" tidak dikenali"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_basic_service_affairs() {
        let basic: Vec<&str> = AFFAIRS
            .iter()
            .filter(|a| a.basic_service)
            .map(|a| a.code)
            .collect();
        assert_eq!(
            basic,
            [
                "pendidikan",
                "kesehatan",
                "pekerjaan_umum_penataan_ruang",
                "perumahan_rakyat_kawasan_permukiman",
                "ketenteraman_ketertiban_umum_pelindungan_masyarakat",
                "sosial"
            ]
        );
    }

    #[test]
    fn matches_codes_names_and_aliases() {
        assert_eq!(Affair::parse("kesehatan").unwrap().code, "kesehatan");
        assert_eq!(
            Affair::parse("PUPR").unwrap().code,
            "pekerjaan_umum_penataan_ruang"
        );
        assert_eq!(
            Affair::parse("Administrasi Kependudukan dan Pencatatan Sipil")
                .unwrap()
                .code,
            "administrasi_kependudukan_pencatatan_sipil"
        );
        assert_eq!(
            Affair::parse("Koperasi & UKM").unwrap().code,
            "koperasi_usaha_kecil_menengah"
        );
        assert_eq!(Affair::parse("urusan Sosial").unwrap().code, "sosial");
        assert!(Affair::parse("astrologi").is_err());
    }
}
