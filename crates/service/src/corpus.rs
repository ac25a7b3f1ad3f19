//! The corpus of real innovations (`shared/data/innovations/corpus.csv`: id, name, description,
//! agency, region_code, years, recognition, sector, …) brought in through the normal import, so
//! the catalogue and its search can be tried and measured on real Indonesian text.
//!
//! The corpus does not say everything the profile needs; these choices fill the gaps, and
//! are the same every time: the description is the design text; stage is `penerapan`, form
//! `pelayanan_publik`; kind is `digital` when the description speaks of an application or of
//! online service; implementation starts on 1 January of the first year given (2020 when none);
//! the sector becomes the main affair when it names one; national institutions (no region
//! code) belong to the nation; recognitions naming a known competition and a year become awards.

use lumbung_domain::affair::Affair;
use lumbung_domain::innovation::Transition;

use crate::{App, Caller, ServiceError, ServiceResult, imports, innovations};

/// Competitions whose name and year, when a recognition mentions them, become an award.
const EVENTS: [&str; 6] = ["KIPP", "IGA", "OAPSI", "SINOVIK", "UNPSA", "TOP"];

/// Words of a description that make an innovation digital.
const DIGITAL_WORDS: [&str; 8] = [
    "aplikasi", "daring", "online", "digital", "website", "web", "sms", "whatsapp",
];

/// Turns the corpus CSV into an import sheet (CSV bytes) with the import's column names.
pub fn import_sheet(corpus: &str) -> ServiceResult<Vec<u8>> {
    let bad = |e: csv::Error| ServiceError::BadInput(format!("korpus tidak terbaca: {e}"));
    let mut reader = csv::Reader::from_reader(corpus.as_bytes());
    let headers = reader.headers().map_err(bad)?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| ServiceError::BadInput(format!("korpus tanpa kolom {name}")))
    };
    let (name, description, agency, region, years, recognition, sector) = (
        column("name")?,
        column("description")?,
        column("agency")?,
        column("region_code")?,
        column("years")?,
        column("recognition")?,
        column("sector")?,
    );
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "nama_inovasi",
        "kode_wilayah",
        "perangkat_daerah",
        "tahapan",
        "jenis",
        "bentuk",
        "waktu_penerapan",
        "urusan_utama",
        "rancang_bangun",
        "penghargaan",
    ];
    writer.write_record(header).map_err(bad)?;
    for record in reader.records() {
        let record = record.map_err(bad)?;
        let get = |i: usize| record.get(i).unwrap_or("").trim();
        let text = get(description);
        let lower = text.to_lowercase();
        let digital = lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| DIGITAL_WORDS.contains(&w));
        let year = get(years)
            .split(|c: char| !c.is_ascii_digit())
            .find(|y| y.len() == 4)
            .unwrap_or("2020")
            .to_owned();
        let affair = Affair::parse(get(sector))
            .map(|a| a.code.to_owned())
            .unwrap_or_default();
        let row = [
            get(name).to_owned(),
            match get(region) {
                "" => "ID".to_owned(),
                code => code.to_owned(),
            },
            match get(agency) {
                "" => "Instansi tidak disebutkan".to_owned(),
                agency => agency.to_owned(),
            },
            "Penerapan".to_owned(),
            if digital { "Digital" } else { "Non digital" }.to_owned(),
            "Pelayanan publik".to_owned(),
            format!("01/01/{year}"),
            affair,
            text.to_owned(),
            awards(get(recognition)).join("; "),
        ];
        writer.write_record(&row).map_err(bad)?;
    }
    writer
        .into_inner()
        .map_err(|e| ServiceError::BadInput(format!("korpus tidak tertulis: {e}")))
}

/// "KIPP 2019: Top 99 dan Top 45 …; IGA 2023: …" → ["Top 99 KIPP 2019", "IGA 2023"].
fn awards(recognition: &str) -> Vec<String> {
    let mut found = Vec::new();
    for part in recognition.split(';') {
        let words: Vec<&str> = part
            .split(|c: char| c.is_whitespace() || c == ':' || c == ',' || c == '(' || c == ')')
            .filter(|w| !w.is_empty())
            .collect();
        for (i, pair) in words.windows(2).enumerate() {
            let (event, year) = (pair[0], pair[1]);
            let is_year = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
            if !is_year || !EVENTS.contains(&event) || event == "TOP" {
                continue;
            }
            let rank = words[i + 2..]
                .windows(2)
                .find(|w| w[0].eq_ignore_ascii_case("top") && w[1].parse::<u32>().is_ok())
                .map(|w| format!("Top {} ", w[1]))
                .unwrap_or_default();
            found.push(format!("{rank}{event} {year}"));
            break;
        }
    }
    found
}

/// Imports the corpus through the normal import and, when `publish`, takes every innovation
/// through submit, verify and publish. Returns how many were imported.
pub async fn load(app: &App, caller: &Caller, corpus: &str, publish: bool) -> ServiceResult<usize> {
    let sheet = import_sheet(corpus)?;
    let summary = imports::import(app, caller, &sheet, &|_, _| {}).await?;
    if publish {
        for id in &summary.ids {
            for step in [Transition::Submit, Transition::Verify, Transition::Publish] {
                innovations::transition(app, caller, *id, step, None).await?;
            }
        }
    }
    Ok(summary.created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognitions_naming_a_competition_become_awards() {
        assert_eq!(
            awards("KIPP 2019: Top 99 dan Top 45 Inovasi Pelayanan Publik (KemenPANRB)"),
            vec!["Top 99 KIPP 2019"]
        );
        assert_eq!(
            awards("KIPP 2020: Top 99 dan Top 45; KIPP 2023: nominasi Top 5 Outstanding"),
            vec!["Top 99 KIPP 2020", "Top 5 KIPP 2023"]
        );
        assert_eq!(
            awards("IGA 2023: inovasi unggulan non-digital"),
            vec!["IGA 2023"]
        );
        assert!(awards("Disebut dalam berita sumber").is_empty());
    }

    #[test]
    fn a_corpus_row_becomes_an_import_row() {
        let corpus = "id,name,description,agency,region,region_code,agency_type,years,recognition,sector,source_url,extra_sources,reliability\n\
            INV-1,PESONA,\"Layanan perizinan secara daring melalui aplikasi PESONA.\",DPMPTSP Provinsi Kalimantan Utara,Kalimantan Utara,65,pemerintah provinsi,2021,KIPP 2021: Top 99,penanaman modal,u,,tinggi\n\
            INV-2,Samolnas,Layanan pajak kendaraan.,,,,lainnya,,,tidak diketahui,u,,sedang\n";
        let sheet = String::from_utf8(import_sheet(corpus).unwrap()).unwrap();
        let lines: Vec<&str> = sheet.lines().collect();
        assert_eq!(lines.len(), 3, "{sheet}");
        assert!(
            lines[1].starts_with("PESONA,65,DPMPTSP Provinsi Kalimantan Utara,Penerapan,Digital,")
        );
        assert!(
            lines[1].contains("01/01/2021,penanaman_modal,"),
            "{}",
            lines[1]
        );
        assert!(lines[1].ends_with("Top 99 KIPP 2021"));
        assert!(
            lines[2].starts_with("Samolnas,ID,Instansi tidak disebutkan,Penerapan,Non digital,")
        );
        assert!(lines[2].contains("01/01/2020,,"), "{}", lines[2]);
    }
}
