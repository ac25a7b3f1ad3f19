//! Agencies (perangkat daerah, instansi, UPP): who owns an innovation.

use serde::{Deserialize, Serialize};

use crate::parse::label_key;

/// What kind of body an agency is. Regional agencies (OPD) are the common case; hospitals,
/// universities and ministries own innovations too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AgencyKind {
    #[serde(rename = "perangkat_daerah")]
    RegionalAgency,
    #[serde(rename = "unit_pelaksana")]
    ServiceUnit,
    #[serde(rename = "rumah_sakit")]
    Hospital,
    #[serde(rename = "perguruan_tinggi")]
    University,
    #[serde(rename = "kementerian_lembaga")]
    Ministry,
    #[serde(rename = "lainnya")]
    Other,
}

impl AgencyKind {
    pub const ALL: [AgencyKind; 6] = [
        Self::RegionalAgency,
        Self::ServiceUnit,
        Self::Hospital,
        Self::University,
        Self::Ministry,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::RegionalAgency => "perangkat_daerah",
            Self::ServiceUnit => "unit_pelaksana",
            Self::Hospital => "rumah_sakit",
            Self::University => "perguruan_tinggi",
            Self::Ministry => "kementerian_lembaga",
            Self::Other => "lainnya",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::RegionalAgency => "Perangkat daerah",
            Self::ServiceUnit => "Unit pelaksana teknis / UPP",
            Self::Hospital => "Rumah sakit",
            Self::University => "Perguruan tinggi",
            Self::Ministry => "Kementerian / lembaga",
            Self::Other => "Lainnya",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// Guesses the kind from a name, for agencies created by an import.
    pub fn guess(name: &str) -> Self {
        let key = label_key(name);
        let has = |word: &str| key.split(' ').any(|w| w == word) || key.starts_with(word);
        if has("rsud") || has("rsu") || key.contains("rumah sakit") {
            Self::Hospital
        } else if has("universitas") || has("institut") || has("politeknik") {
            Self::University
        } else if has("kementerian") || has("badan nasional") {
            Self::Ministry
        } else if has("uptd") || has("upt") || has("puskesmas") {
            Self::ServiceUnit
        } else {
            Self::RegionalAgency
        }
    }
}

/// The key under which agency names are compared, so that one agency is not created twice
/// because of case or spacing.
pub fn agency_name_key(name: &str) -> String {
    label_key(name)
}

/// Checks an agency name.
pub fn parse_agency_name(name: &str) -> Result<String, String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        Err("nama perangkat daerah wajib diisi".into())
    } else if name.chars().count() > 255 {
        Err("nama perangkat daerah paling banyak 255 karakter".into())
    } else {
        Ok(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_kinds_from_names() {
        assert_eq!(
            AgencyKind::guess("RSUD Prof. Margono Soekarjo"),
            AgencyKind::Hospital
        );
        assert_eq!(
            AgencyKind::guess("Universitas Indonesia"),
            AgencyKind::University
        );
        assert_eq!(
            AgencyKind::guess("Dinas Kesehatan"),
            AgencyKind::RegionalAgency
        );
        assert_eq!(
            AgencyKind::guess("UPTD Puskesmas Tanjung Selor"),
            AgencyKind::ServiceUnit
        );
    }

    #[test]
    fn names_are_tidied_and_keyed() {
        assert_eq!(
            parse_agency_name("  Dinas   Kesehatan ").unwrap(),
            "Dinas Kesehatan"
        );
        assert!(parse_agency_name(" ").is_err());
        assert_eq!(
            agency_name_key("DINAS  Kesehatan."),
            agency_name_key("dinas kesehatan")
        );
    }
}
