//! The certificate of a finished replication ("sertifikat replikasi inovasi"): given to the
//! adopter region for replicating another region's innovation, signed off by the owner, the
//! adopter and a verifier. One landscape A4 page in the frame of the competition certificate
//! of [`crate::certificate`] (border, fonts, shrinking of long texts, QR code of the public
//! verification URL with the code), and like it the text never enters Typst markup: it is one
//! `#let data = (...)` of string literals placed as plain text by a fixed layout.

use chrono::NaiveDate;

use crate::certificate::CertificateSource;
use crate::pdf::{PdfError, array, indonesian_date, string};

/// Everything a replication certificate prints, as plain text and dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicationCertificateDoc {
    /// The innovation replicated, e.g. `e-OPen (Elektronik Online Pelayanan Kependudukan)`.
    pub innovation: String,
    /// The innovation's region, e.g. `Kota Bekasi`.
    pub owner_region: String,
    /// The innovation's agency, e.g. `Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi`.
    pub owner_agency: String,
    /// The region that replicated it, e.g. `Kabupaten Sambas`.
    pub adopter_region: String,
    /// The adopter's name for its replication; printed when it differs from `innovation`.
    pub replication_title: String,
    /// One sentence on what was modified; `None` when replicated as is.
    pub adaptation: Option<String>,
    pub agreement_on: Option<NaiveDate>,
    pub implementation_on: Option<NaiveDate>,
    pub done_on: NaiveDate,
    /// `(role label, name, signed on)` per sign-off, e.g. `("Pemilik inovasi", "…", date)`.
    pub signatures: Vec<(String, String, NaiveDate)>,
    /// The full URL the QR code encodes: the public page of the case.
    pub verify_url: String,
    /// The code printed next to the QR code, e.g. `0193-A4F2-7C1D`.
    pub code: String,
}

/// Typesets the replication certificate as a one-page landscape A4 PDF.
pub fn replication_certificate_pdf(doc: &ReplicationCertificateDoc) -> Result<Vec<u8>, PdfError> {
    source(doc)?.typeset("sertifikat-replikasi.typ")
}

fn source(doc: &ReplicationCertificateDoc) -> Result<CertificateSource, PdfError> {
    CertificateSource::new(&doc.verify_url, data_literal(doc), TEMPLATE)
}

/// A Typst string, or `none`.
fn optional(text: Option<String>) -> String {
    text.as_deref().map_or_else(|| "none".to_owned(), string)
}

/// `#let data = (...)`: the whole certificate as Typst strings (and `none` for what is not
/// there).
fn data_literal(doc: &ReplicationCertificateDoc) -> String {
    let signatures = array(doc.signatures.iter().map(|(role, name, signed_on)| {
        format!(
            "(role: {}, name: {}, signed_on: {})",
            string(role),
            string(name),
            string(&indonesian_date(*signed_on)),
        )
    }));
    format!(
        "#let data = (\n  code: {},\n  verify_url: {},\n  innovation: {},\n  owner_region: {},\n  \
         owner_agency: {},\n  adopter_region: {},\n  replication_title: {},\n  adaptation: {},\n  \
         agreement_on: {},\n  implementation_on: {},\n  done_on: {},\n  signatures: {},\n)\n",
        string(&doc.code),
        string(&doc.verify_url),
        string(&doc.innovation),
        string(&doc.owner_region),
        string(&doc.owner_agency),
        string(&doc.adopter_region),
        string(&doc.replication_title),
        optional(doc.adaptation.clone()),
        optional(doc.agreement_on.map(indonesian_date)),
        optional(doc.implementation_on.map(indonesian_date)),
        string(&indonesian_date(doc.done_on)),
        signatures,
    )
}

/// The layout, after the certificates' shared frame; it reads `data` only as values, never
/// as markup.
const TEMPLATE: &str = r##"
#set document(title: "Sertifikat Replikasi Inovasi " + data.code, author: "Lumbung Inovasi")

#let milestones = (
  ("Kesepakatan", data.agreement_on),
  ("Implementasi", data.implementation_on),
  ("Selesai", data.done_on),
).filter(((_, on)) => on != none).map(((label, on)) => label + " " + on)

#let body(k) = align(center, {
  text(size: 30pt * k, weight: "bold", tracking: 0.1em, fill: gold)[SERTIFIKAT REPLIKASI INOVASI]
  v(1em * k)
  text(size: 14pt * k, style: "italic")[diberikan kepada]
  v(0.4em * k)
  text(size: 26pt * k, weight: "bold", breakable(data.adopter_region))
  v(0.8em * k)
  text(size: 14pt * k)[atas keberhasilan mereplikasi inovasi]
  linebreak()
  text(size: 20pt * k, weight: "bold", fill: gold, breakable(data.innovation))
  linebreak()
  text(size: 14pt * k, breakable("milik " + data.owner_region + " (" + data.owner_agency + ")"))
  if data.replication_title != data.innovation {
    v(0.45em * k)
    text(size: 13pt * k, breakable("dengan judul replikasi “" + data.replication_title + "”"))
  }
  if data.adaptation != none {
    v(0.45em * k)
    block(width: 88%, text(size: 12pt * k, style: "italic", breakable(data.adaptation)))
  }
  v(0.6em * k)
  text(size: 12pt * k, milestones.join(" · "))
})

// One column a signer: the role labels on one line, the names above one line each, the days
// under it.
#let signatures = if data.signatures.len() > 0 {
  set text(size: 10.5pt)
  set par(leading: 0.45em)
  grid(
    columns: (1fr,) * data.signatures.len(),
    column-gutter: 0.6cm,
    row-gutter: (0.5cm, 0.5em, 0.45em),
    align: center + bottom,
    ..data.signatures.map(s => s.role),
    ..data.signatures.map(s => text(weight: "bold", breakable(s.name))),
    ..data.signatures.map(_ => line(length: 85%, stroke: 0.5pt + ink)),
    ..data.signatures.map(s => text(size: 9pt, "Ditandatangani " + s.signed_on)),
  )
}

#block(height: 100%, width: 100%, grid(
  rows: (1fr, auto),
  row-gutter: 0.5cm,
  fitted(body),
  grid(
    columns: (6.4cm, 1fr),
    column-gutter: 0.9cm,
    verification(2.6cm),
    signatures,
  ),
))
"##;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::certificate::testing::{MARKUP, assert_one_landscape_page, decode_svg, longest};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn sample() -> ReplicationCertificateDoc {
        ReplicationCertificateDoc {
            innovation: "e-OPen (Elektronik Online Pelayanan Kependudukan)".into(),
            owner_region: "Kota Bekasi".into(),
            owner_agency: "Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi".into(),
            adopter_region: "Kabupaten Sambas".into(),
            replication_title: "e-OPen Sambas".into(),
            adaptation: Some(
                "Adaptasi (wilayah atau cakupan layanan): layanan diperluas ke kecamatan hulu \
                 dengan loket jemput bola."
                    .into(),
            ),
            agreement_on: Some(date(2022, 2, 1)),
            implementation_on: Some(date(2022, 3, 1)),
            done_on: date(2022, 11, 30),
            signatures: vec![
                (
                    "Pemilik inovasi".into(),
                    "Bagian Organisasi Kota Bekasi".into(),
                    date(2022, 12, 1),
                ),
                (
                    "Daerah replikator".into(),
                    "Bagian Organisasi Kabupaten Sambas".into(),
                    date(2022, 12, 2),
                ),
                (
                    "Verifikator".into(),
                    "Tim Verifikasi Provinsi Kalimantan Barat".into(),
                    date(2022, 12, 5),
                ),
            ],
            verify_url: "https://lumbung.example/replikasi/0193a4f2-7c1d-7e55-9a0b-2c4d6e8f1a3b"
                .into(),
            code: "9A0B-2C4D-6E8F".into(),
        }
    }

    #[test]
    fn renders_one_landscape_page() {
        assert_one_landscape_page(&replication_certificate_pdf(&sample()).unwrap());
    }

    #[test]
    fn renders_text_that_looks_like_markup() {
        let nasty = format!("{MARKUP} none");
        let doc = ReplicationCertificateDoc {
            innovation: format!("Inovasi {nasty}"),
            owner_region: format!("Kota {nasty}"),
            owner_agency: format!("Dinas {nasty}"),
            adopter_region: format!("Kabupaten {nasty}"),
            replication_title: format!("Replikasi {nasty}"),
            adaptation: Some(format!("Adaptasi {nasty}")),
            signatures: vec![
                (nasty.clone(), format!("Pemilik {nasty}"), date(2022, 12, 1)),
                ("Verifikator".into(), nasty.clone(), date(2022, 12, 5)),
            ],
            verify_url: format!("https://lumbung.example/replikasi/{nasty}"),
            code: format!("{nasty}-code"),
            ..sample()
        };
        assert_one_landscape_page(&replication_certificate_pdf(&doc).unwrap());
    }

    #[test]
    fn longest_texts_stay_on_one_page() {
        let long = longest;
        let doc = ReplicationCertificateDoc {
            innovation: long("Inovasi"),
            owner_region: long("Kota"),
            owner_agency: long("Dinas"),
            adopter_region: long("Kabupaten"),
            replication_title: long("Replikasi"),
            adaptation: Some(long("Adaptasi").repeat(2)),
            signatures: sample()
                .signatures
                .into_iter()
                .map(|(role, _, on)| (role, long("Penanda"), on))
                .collect(),
            verify_url: format!("https://lumbung.example/replikasi/{}", "A".repeat(200)),
            ..sample()
        };
        assert_one_landscape_page(&replication_certificate_pdf(&doc).unwrap());
    }

    #[test]
    fn renders_without_the_optional_parts() {
        let doc = ReplicationCertificateDoc {
            replication_title: sample().innovation,
            adaptation: None,
            agreement_on: None,
            implementation_on: None,
            signatures: Vec::new(),
            ..sample()
        };
        assert_one_landscape_page(&replication_certificate_pdf(&doc).unwrap());
    }

    #[test]
    fn qr_decodes_to_the_case_page() {
        let doc = sample();
        let source = source(&doc).unwrap();
        assert_eq!(decode_svg(&source.qr, 4), doc.verify_url);
        assert!(source.text.starts_with("#let data = ("));
    }

    #[test]
    fn data_is_string_literals_with_indonesian_dates() {
        let data = data_literal(&ReplicationCertificateDoc {
            adopter_region: "a\"b\\c".into(),
            implementation_on: None,
            ..sample()
        });
        assert!(data.contains(r#"adopter_region: "a\"b\\c","#));
        assert!(data.contains(r#"agreement_on: "1 Februari 2022","#));
        assert!(data.contains("implementation_on: none,"));
        assert!(data.contains(r#"done_on: "30 November 2022","#));
        assert!(data.contains(
            r#"(role: "Pemilik inovasi", name: "Bagian Organisasi Kota Bekasi", signed_on: "1 Desember 2022")"#
        ));
        let none = data_literal(&ReplicationCertificateDoc {
            signatures: Vec::new(),
            adaptation: None,
            ..sample()
        });
        assert!(none.contains("signatures: (),"));
        assert!(none.contains("adaptation: none,"));
    }
}
