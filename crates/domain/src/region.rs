//! Regions (daerah): the nation, provinces and kabupaten/kota, keyed by Kemendagri codes.

use serde::{Deserialize, Serialize};

/// The code of the root region, the nation. National institutions belong to it.
pub const NATION_CODE: &str = "ID";

/// A Kemendagri region code with dots (`65`, `65.01`), or [`NATION_CODE`] for the nation.
///
/// Only the levels the system keeps (nation, province, kabupaten/kota) are valid.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

impl RegionCode {
    pub fn nation() -> Self {
        Self(NATION_CODE.to_owned())
    }

    /// Parses `ID`, `NN` or `NN.NN`; a code without dots such as `6501` is accepted too.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case(NATION_CODE) {
            return Ok(Self::nation());
        }
        let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
        let normalised = if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            format!("{}.{}", &text[..2], &text[2..])
        } else {
            text.to_owned()
        };
        let parts: Vec<&str> = normalised.split('.').collect();
        let valid = match parts.as_slice() {
            [province] => two_digits(province) && *province != "00",
            [province, local] => {
                two_digits(province) && *province != "00" && two_digits(local) && *local != "00"
            }
            _ => false,
        };
        if valid {
            Ok(Self(normalised))
        } else {
            Err(format!(
                "kode wilayah \"{text}\" tidak sah; gunakan kode Kemendagri seperti 65 atau 65.01"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 0 for the nation, 1 for a province, 2 for a kabupaten/kota.
    pub fn level(&self) -> u8 {
        if self.is_nation() {
            0
        } else {
            self.0.split('.').count() as u8
        }
    }

    pub fn is_nation(&self) -> bool {
        self.0 == NATION_CODE
    }

    pub fn kind(&self) -> RegionKind {
        match self.level() {
            0 => RegionKind::Nation,
            1 => RegionKind::Province,
            _ => {
                let local: u32 = self.0[3..].parse().unwrap_or(0);
                if local >= 71 {
                    RegionKind::City
                } else {
                    RegionKind::Regency
                }
            }
        }
    }

    /// The region directly above: kabupaten/kota → province → nation → none.
    pub fn parent(&self) -> Option<RegionCode> {
        match self.level() {
            0 => None,
            1 => Some(Self::nation()),
            _ => Some(Self(self.0[..2].to_owned())),
        }
    }

    /// The province this region lies in, if it is not the nation.
    pub fn province(&self) -> Option<RegionCode> {
        (!self.is_nation()).then(|| Self(self.0[..2].to_owned()))
    }

    /// Whether `other` lies in the subtree rooted at `self` (a region covers itself).
    pub fn covers(&self, other: &RegionCode) -> bool {
        self.is_nation()
            || self == other
            || (other.0.len() > self.0.len()
                && other.0.starts_with(&self.0)
                && other.0.as_bytes().get(self.0.len()) == Some(&b'.'))
    }

    /// DKI Jakarta's kabupaten and kota are administrative, not autonomous regions.
    pub fn is_autonomous(&self) -> bool {
        !(self.level() == 2 && self.0.starts_with("31."))
    }
}

impl std::fmt::Display for RegionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for RegionCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RegionCode> for String {
    fn from(code: RegionCode) -> Self {
        code.0
    }
}

/// The kind of a region; wire codes are the official Indonesian words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKind {
    #[serde(rename = "nasional")]
    Nation,
    #[serde(rename = "provinsi")]
    Province,
    #[serde(rename = "kabupaten")]
    Regency,
    #[serde(rename = "kota")]
    City,
}

impl RegionKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Nation => "nasional",
            Self::Province => "provinsi",
            Self::Regency => "kabupaten",
            Self::City => "kota",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Nation, Self::Province, Self::Regency, Self::City]
            .into_iter()
            .find(|kind| kind.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Nation => "Nasional",
            Self::Province => "Provinsi",
            Self::Regency => "Kabupaten",
            Self::City => "Kota",
        }
    }
}

/// A region as the system keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub kind: RegionKind,
    pub parent: Option<RegionCode>,
    pub autonomous: bool,
    /// Centroid for the map, when known.
    pub lat: Option<f64>,
    pub lng: Option<f64>,
}

impl Region {
    pub fn new(code: RegionCode, name: impl Into<String>) -> Self {
        Self {
            kind: code.kind(),
            parent: code.parent(),
            autonomous: code.is_autonomous(),
            code,
            name: name.into(),
            lat: None,
            lng: None,
        }
    }

    pub fn with_centroid(mut self, lat: f64, lng: f64) -> Self {
        self.lat = Some(lat);
        self.lng = Some(lng);
        self
    }

    pub fn nation() -> Self {
        Self::new(RegionCode::nation(), "Indonesia")
    }
}

/// The 38 provinces (Kepmendagri 300.2.2-2138/2025) with approximate centroids for the map.
pub const PROVINCES: [(&str, &str, f64, f64); 38] = [
    ("11", "Aceh", 4.23, 96.91),
    ("12", "Sumatera Utara", 2.19, 99.06),
    ("13", "Sumatera Barat", -0.85, 100.47),
    ("14", "Riau", 0.51, 101.81),
    ("15", "Jambi", -1.70, 102.72),
    ("16", "Sumatera Selatan", -3.21, 104.17),
    ("17", "Bengkulu", -3.56, 102.34),
    ("18", "Lampung", -4.92, 105.02),
    ("19", "Kepulauan Bangka Belitung", -2.45, 106.56),
    ("21", "Kepulauan Riau", 1.48, 105.40),
    ("31", "Daerah Khusus Ibukota Jakarta", -6.20, 106.83),
    ("32", "Jawa Barat", -6.92, 107.60),
    ("33", "Jawa Tengah", -7.26, 110.20),
    ("34", "Daerah Istimewa Yogyakarta", -7.89, 110.45),
    ("35", "Jawa Timur", -7.72, 112.73),
    ("36", "Banten", -6.46, 106.11),
    ("51", "Bali", -8.37, 115.13),
    ("52", "Nusa Tenggara Barat", -8.61, 117.51),
    ("53", "Nusa Tenggara Timur", -9.26, 122.18),
    ("61", "Kalimantan Barat", -0.09, 111.12),
    ("62", "Kalimantan Tengah", -1.61, 113.42),
    ("63", "Kalimantan Selatan", -3.48, 114.83),
    ("64", "Kalimantan Timur", 0.45, 116.45),
    ("65", "Kalimantan Utara", 2.92, 116.25),
    ("71", "Sulawesi Utara", 1.26, 124.52),
    ("72", "Sulawesi Tengah", -1.02, 121.21),
    ("73", "Sulawesi Selatan", -3.73, 120.16),
    ("74", "Sulawesi Tenggara", -4.14, 122.07),
    ("75", "Gorontalo", 0.69, 122.38),
    ("76", "Sulawesi Barat", -2.47, 119.35),
    ("81", "Maluku", -4.74, 129.84),
    ("82", "Maluku Utara", 0.21, 127.54),
    ("91", "Papua", -2.62, 138.53),
    ("92", "Papua Barat", -2.65, 133.65),
    ("93", "Papua Selatan", -6.68, 139.55),
    ("94", "Papua Tengah", -3.90, 136.64),
    ("95", "Papua Pegunungan", -4.27, 139.50),
    ("96", "Papua Barat Daya", -1.12, 131.95),
];

/// The built-in regions: the nation and its 38 provinces.
pub fn built_in_regions() -> Vec<Region> {
    let mut regions = vec![Region::nation()];
    for (code, name, lat, lng) in PROVINCES {
        if let Ok(code) = RegionCode::parse(code) {
            regions.push(Region::new(code, name).with_centroid(lat, lng));
        }
    }
    regions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> RegionCode {
        RegionCode::parse(text).unwrap()
    }

    #[test]
    fn parses_the_kept_levels_only() {
        assert_eq!(code("65").level(), 1);
        assert_eq!(code("65.01").level(), 2);
        assert_eq!(code("6501").as_str(), "65.01");
        assert_eq!(code("id").as_str(), "ID");
        for bad in [
            "", "6", "650", "65.1", "65.01.01", "ab", "00", "65.00", "65.01.x", "aé..",
        ] {
            assert!(RegionCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn kabupaten_below_71_kota_from_71() {
        assert_eq!(code("65.01").kind(), RegionKind::Regency);
        assert_eq!(code("65.69").kind(), RegionKind::Regency);
        assert_eq!(code("65.71").kind(), RegionKind::City);
        assert_eq!(code("65").kind(), RegionKind::Province);
        assert_eq!(RegionCode::nation().kind(), RegionKind::Nation);
    }

    #[test]
    fn parents_and_subtrees() {
        assert_eq!(code("65.01").parent(), Some(code("65")));
        assert_eq!(code("65").parent(), Some(RegionCode::nation()));
        assert_eq!(RegionCode::nation().parent(), None);
        assert!(code("65").covers(&code("65.01")));
        assert!(code("65").covers(&code("65")));
        assert!(!code("65.01").covers(&code("65")));
        assert!(!code("65").covers(&code("61.01")));
        assert!(RegionCode::nation().covers(&code("61.01")));
    }

    #[test]
    fn jakarta_kabupaten_kota_are_not_autonomous() {
        assert!(!code("31.01").is_autonomous());
        assert!(!code("31.71").is_autonomous());
        assert!(code("31").is_autonomous());
        assert!(code("32.01").is_autonomous());
    }

    #[test]
    fn thirty_eight_provinces_built_in() {
        let regions = built_in_regions();
        assert_eq!(regions.len(), 39);
        assert!(
            regions
                .iter()
                .skip(1)
                .all(|r| r.kind == RegionKind::Province)
        );
        assert!(
            regions
                .iter()
                .any(|r| r.code.as_str() == "65" && r.name == "Kalimantan Utara")
        );
    }
}
