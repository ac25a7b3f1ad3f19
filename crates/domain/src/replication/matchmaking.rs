//! Matchmaking: innovations worth replicating for a region, from what is known of the region
//! and of the innovations, each suggestion with the reasons that earned it.
//!
//! Points, summed per candidate (only what applies):
//! * 3 — its main affair (urusan) is one the region has no innovation in;
//! * 2 per weak indicator it is strong on (level 3 where the region averages below 2);
//! * 2 per complaint theme of the region its name or description mentions;
//! * 1 per region that finished replicating it, up to 3 (proven transferable);
//! * 1 if it received an award.
//!
//! Candidates of the region itself, and those it already replicates, are left out; a
//! candidate with no point is not suggested. Ties go to more replications, then to the name.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::region::RegionCode;

/// An indicator the region is weak on: its average level over its innovations (0–3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeakIndicator {
    pub code: String,
    pub name: String,
    pub average_level: f64,
}

/// What is known of the region looking for innovations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegionNeeds {
    pub region: Option<RegionCode>,
    /// Affair codes with no innovation of the region, with their names.
    pub affairs_without_innovation: BTreeMap<String, String>,
    pub weak_indicators: Vec<WeakIndicator>,
    /// Recurring complaint themes (words or short phrases), once complaints exist.
    pub complaint_themes: Vec<String>,
    /// Innovations the region already replicates or has replicated.
    pub already_replicating: BTreeSet<Uuid>,
}

/// An innovation that might be replicated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: Uuid,
    pub name: String,
    pub region: RegionCode,
    pub region_name: String,
    pub main_affair: Option<String>,
    /// Name, goals and benefits, for matching complaint themes.
    pub description: String,
    /// Different regions that finished replicating it.
    pub replicated_by: usize,
    /// Its levels on the innovation (SID) indicators in its region's latest assessment.
    pub indicator_levels: BTreeMap<String, u8>,
    pub awards: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub innovation: Uuid,
    pub name: String,
    pub region_name: String,
    pub points: u32,
    /// Why, one sentence per point source, in Indonesian.
    pub reasons: Vec<String>,
}

/// An indicator is weak when the region averages below this level.
pub const WEAK_BELOW: f64 = 2.0;

/// The best `limit` suggestions for the region.
pub fn suggest(needs: &RegionNeeds, candidates: &[Candidate], limit: usize) -> Vec<Suggestion> {
    let themes: Vec<String> = needs
        .complaint_themes
        .iter()
        .map(|theme| theme.trim().to_lowercase())
        .filter(|theme| theme.chars().count() >= 3)
        .collect();
    let mut found: Vec<(usize, Suggestion)> = candidates
        .iter()
        .filter(|candidate| {
            needs
                .region
                .as_ref()
                .is_none_or(|region| !region.covers(&candidate.region) || region.is_nation())
        })
        .filter(|candidate| !needs.already_replicating.contains(&candidate.id))
        .filter_map(|candidate| {
            let mut points = 0;
            let mut reasons = Vec::new();
            if let Some(affair) = &candidate.main_affair
                && let Some(name) = needs.affairs_without_innovation.get(affair)
            {
                points += 3;
                reasons.push(format!(
                    "urusan {name} belum memiliki inovasi di daerah Anda"
                ));
            }
            for weak in needs
                .weak_indicators
                .iter()
                .filter(|weak| weak.average_level < WEAK_BELOW)
            {
                if candidate.indicator_levels.get(&weak.code) == Some(&3) {
                    points += 2;
                    reasons.push(format!(
                        "kuat pada indikator {} {} (level 3), yang di daerah Anda rata-rata {}",
                        weak.code,
                        weak.name,
                        // Indonesian writes a decimal comma.
                        format!("{:.1}", weak.average_level).replace('.', ",")
                    ));
                }
            }
            let text = candidate.description.to_lowercase();
            for theme in &themes {
                if text.contains(theme.as_str()) {
                    points += 2;
                    reasons.push(format!(
                        "menjawab tema pengaduan warga \"{theme}\" di daerah Anda"
                    ));
                }
            }
            if candidate.replicated_by > 0 {
                let counted = candidate.replicated_by.min(3);
                points += u32::try_from(counted).unwrap_or(3);
                reasons.push(format!(
                    "sudah berhasil direplikasi di {} daerah lain",
                    candidate.replicated_by
                ));
            }
            if candidate.awards > 0 {
                points += 1;
                reasons.push("pernah meraih penghargaan".to_owned());
            }
            (points > 0).then(|| {
                (
                    candidate.replicated_by,
                    Suggestion {
                        innovation: candidate.id,
                        name: candidate.name.clone(),
                        region_name: candidate.region_name.clone(),
                        points,
                        reasons,
                    },
                )
            })
        })
        .collect();
    found.sort_by(|(a_reps, a), (b_reps, b)| {
        b.points
            .cmp(&a.points)
            .then(b_reps.cmp(a_reps))
            .then(a.name.cmp(&b.name))
            .then(a.innovation.cmp(&b.innovation))
    });
    found
        .into_iter()
        .take(limit)
        .map(|(_, suggestion)| suggestion)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn code(text: &str) -> RegionCode {
        RegionCode::parse(text).unwrap()
    }

    fn candidate(n: u128, name: &str, region: &str, affair: Option<&str>) -> Candidate {
        Candidate {
            id: Uuid::from_u128(n),
            name: name.into(),
            region: code(region),
            region_name: format!("Daerah {region}"),
            main_affair: affair.map(str::to_owned),
            description: name.to_lowercase(),
            replicated_by: 0,
            indicator_levels: BTreeMap::new(),
            awards: 0,
        }
    }

    #[test]
    fn suggestions_are_ranked_and_explained() {
        let needs = RegionNeeds {
            region: Some(code("61.01")),
            affairs_without_innovation: [("1.02".to_owned(), "Kesehatan".to_owned())]
                .into_iter()
                .collect(),
            weak_indicators: vec![WeakIndicator {
                code: "19".into(),
                name: "Alat Kerja".into(),
                average_level: 1.2,
            }],
            complaint_themes: vec!["antrean".into()],
            already_replicating: [Uuid::from_u128(9)].into_iter().collect(),
        };
        let mut health = candidate(1, "Klinik Keliling", "32.18", Some("1.02"));
        health.indicator_levels.insert("19".into(), 3);
        let mut queue = candidate(2, "Antrean Daring Dukcapil", "32.75", Some("2.12"));
        queue.replicated_by = 5;
        queue.awards = 2;
        let own = candidate(3, "Inovasi Sambas", "61.01", Some("1.02"));
        let nothing = candidate(4, "Tanpa alasan", "51.03", Some("3.27"));
        let already = candidate(9, "Sudah direplikasi", "32.75", Some("1.02"));
        let found = suggest(&needs, &[health, queue, own, nothing, already], 10);
        let names: Vec<&str> = found.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Antrean Daring Dukcapil", "Klinik Keliling"]);
        // 2 (theme) + 3 (five replications, capped) + 1 (award)
        assert_eq!(found[0].points, 6);
        assert!(found[0].reasons.iter().any(|r| r.contains("antrean")));
        assert!(found[0].reasons.iter().any(|r| r.contains("5 daerah")));
        // 3 (affair) + 2 (indicator 19)
        assert_eq!(found[1].points, 5);
        assert!(found[1].reasons[0].contains("Kesehatan"));
        assert!(found[1].reasons[1].contains("Alat Kerja"));
        assert!(found[1].reasons[1].contains("rata-rata 1,2"));
    }

    #[test]
    fn a_province_is_not_offered_its_own_regencies_innovations() {
        let needs = RegionNeeds {
            region: Some(code("61")),
            affairs_without_innovation: [("1.02".to_owned(), "Kesehatan".to_owned())]
                .into_iter()
                .collect(),
            ..Default::default()
        };
        let found = suggest(
            &needs,
            &[
                candidate(1, "Dari Sambas", "61.01", Some("1.02")),
                candidate(2, "Dari Bekasi", "32.75", Some("1.02")),
            ],
            10,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "Dari Bekasi");
    }

    #[test]
    fn the_limit_keeps_the_best() {
        let needs = RegionNeeds::default();
        let mut many = Vec::new();
        for n in 0..5 {
            let mut c = candidate(n, &format!("Inovasi {n}"), "32.75", None);
            c.replicated_by = n as usize;
            many.push(c);
        }
        let found = suggest(&needs, &many, 2);
        let names: Vec<&str> = found.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Inovasi 4", "Inovasi 3"]);
    }
}
