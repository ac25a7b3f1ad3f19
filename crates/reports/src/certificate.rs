//! The certificate ("piagam penghargaan") of a competition winner: one landscape A4 page with
//! a QR code of the public verification URL, typeset with Typst like the report of
//! [`crate::pdf`].
//!
//! As there, the certificate's text never enters Typst markup: it is written as one
//! `#let data = (...)` dictionary of string literals and placed as plain text by a fixed
//! template. The QR code is an SVG made by [`qr_svg`] and handed to Typst as the only file
//! it can read, `qr.svg`.
//!
//! Long texts (a name may have 255 characters) shrink the body so that the certificate stays
//! on one page.
//!
//! The frame (page, border, fonts, the shrinking and the verification block) is shared with
//! the replication certificate of [`crate::replication_certificate`] through
//! [`CertificateSource`].

use chrono::NaiveDate;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use typst::foundations::Bytes;

use crate::pdf::{PdfError, indonesian_date, string, typeset};

/// Everything a certificate prints, as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateDoc {
    /// Verification code, e.g. `K7Q2-MX9D-4HTA`.
    pub code: String,
    /// The full URL the QR code encodes, e.g. `https://example.go.id/piagam/K7Q2-MX9D-4HTA`.
    pub verify_url: String,
    /// E.g. `Top 5 Inovasi Pelayanan Publik`.
    pub award: String,
    /// E.g. `Kompetisi Inovasi Pelayanan Publik Provinsi Kalimantan Utara`.
    pub competition: String,
    pub year: i32,
    /// The innovation's title.
    pub innovation: String,
    /// E.g. `Kabupaten Bulungan`.
    pub region: String,
    /// The proposing agency.
    pub agency: String,
    pub issued_on: NaiveDate,
    /// Who issues it, printed under the signature space (`Panitia Kompetisi ...`).
    pub issuer: String,
}

/// Typesets the certificate as a one-page landscape A4 PDF.
pub fn certificate_pdf(doc: &CertificateDoc) -> Result<Vec<u8>, PdfError> {
    CertificateSource::new(&doc.verify_url, data_literal(doc), TEMPLATE)?.typeset("piagam.typ")
}

/// A certificate before typesetting: its Typst text and the QR code it shows.
pub(crate) struct CertificateSource {
    /// `data`, then [`FRAME`], then the certificate's own layout.
    pub text: String,
    /// The QR code of the verification URL as SVG, read by the layout as `qr.svg`.
    pub qr: String,
}

impl CertificateSource {
    /// `data` is a `#let data = (...)` with at least `code` and `verify_url`; `layout` places
    /// the certificate with what [`FRAME`] defines.
    pub(crate) fn new(verify_url: &str, data: String, layout: &str) -> Result<Self, PdfError> {
        let mut text = data;
        text.push_str(FRAME);
        text.push_str(layout);
        Ok(Self {
            text,
            qr: qr_svg(verify_url)?,
        })
    }

    /// Typesets it as a PDF (one landscape A4 page, as the layouts are made).
    pub(crate) fn typeset(self, name: &str) -> Result<Vec<u8>, PdfError> {
        typeset(
            name,
            self.text,
            vec![("qr.svg", Bytes::new(self.qr.into_bytes()))],
        )
    }
}

/// The QR code of `payload` (error correction level M, 4-module quiet zone) as SVG text, one
/// unit per module. Fails only when `payload` is too long for a QR symbol (about 2,300 bytes).
pub fn qr_svg(payload: &str) -> Result<String, PdfError> {
    let code = qr_code(payload)?;
    Ok(code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build())
}

fn qr_code(payload: &str) -> Result<QrCode, PdfError> {
    QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| PdfError::Qr(e.to_string()))
}

/// `#let data = (...)`: the whole certificate as Typst strings.
fn data_literal(doc: &CertificateDoc) -> String {
    format!(
        "#let data = (\n  code: {},\n  verify_url: {},\n  award: {},\n  competition: {},\n  \
         year: {},\n  innovation: {},\n  region: {},\n  agency: {},\n  issued_on: {},\n  \
         issuer: {},\n)\n",
        string(&doc.code),
        string(&doc.verify_url),
        string(&doc.award),
        string(&doc.competition),
        string(&doc.year.to_string()),
        string(&doc.innovation),
        string(&doc.region),
        string(&doc.agency),
        string(&indonesian_date(doc.issued_on)),
        string(&doc.issuer),
    )
}

/// What every certificate shares: colours, page and border, fonts, `breakable` (long words may
/// break anywhere), `fitted` (a body at the largest scale that fits the space left) and
/// `verification` (the QR code with the code and the URL). It reads `data` only as values,
/// never as markup, and places nothing itself.
const FRAME: &str = r##"
#let gold = rgb("#8a6a1f")
#let ink = rgb("#1f2a44")
#set text(font: "Libertinus Serif", size: 12pt, lang: "id", hyphenate: false, fill: ink)
#set par(justify: false, leading: 0.55em)
#set page(
  paper: "a4",
  flipped: true,
  margin: (x: 2.4cm, top: 2.1cm, bottom: 1.9cm),
  background: {
    place(top + left, dx: 0.8cm, dy: 0.8cm,
      rect(width: 100% - 1.6cm, height: 100% - 1.6cm, stroke: 2.4pt + gold))
    place(top + left, dx: 1.05cm, dy: 1.05cm,
      rect(width: 100% - 2.1cm, height: 100% - 2.1cm, stroke: 0.6pt + gold))
  },
)

// Words too long for a line (a URL, a name without spaces) may break anywhere.
#let breakable(s) = {
  let word(w) = if w.clusters().len() > 24 { w.clusters().join("\u{200b}") } else { w }
  s.split(" ").map(word).join(" ")
}

// `body(k)` at the largest scale `k` that fits the space left, centred vertically.
#let fitted(body) = layout(size => {
  let scales = (1, 0.92, 0.84, 0.76, 0.68, 0.6, 0.52, 0.45)
  let chosen = scales.last()
  for k in scales {
    if measure(body(k), width: size.width).height <= size.height {
      chosen = k
      break
    }
  }
  align(horizon, body(chosen))
})

#let verification(qr) = grid(
  columns: (qr, 1fr),
  column-gutter: 0.45cm,
  align: (left + bottom, left + bottom),
  image("qr.svg", width: qr),
  {
    set text(size: 9pt)
    set par(leading: 0.45em)
    [Kode verifikasi: #text(font: "DejaVu Sans Mono", weight: "bold", breakable(data.code))]
    linebreak()
    [Periksa keaslian di #link(data.verify_url, breakable(data.verify_url))]
  },
)
"##;

/// The layout of the competition certificate, after [`FRAME`].
const TEMPLATE: &str = r##"
#set document(title: "Piagam Penghargaan " + data.code, author: "Lumbung Inovasi")

#let body(k) = align(center, {
  text(size: 34pt * k, weight: "bold", tracking: 0.12em, fill: gold)[PIAGAM PENGHARGAAN]
  v(1.2em * k)
  text(size: 14pt * k, style: "italic")[diberikan kepada]
  v(0.5em * k)
  text(size: 26pt * k, weight: "bold", breakable(data.innovation))
  v(0.45em * k)
  text(size: 16pt * k, breakable(data.agency))
  linebreak()
  text(size: 16pt * k, breakable(data.region))
  v(1.1em * k)
  text(size: 14pt * k)[sebagai]
  linebreak()
  text(size: 21pt * k, weight: "bold", fill: gold, breakable(data.award))
  v(0.5em * k)
  text(size: 14pt * k, breakable(data.competition + " Tahun " + data.year))
})

#let signature = align(center + bottom, {
  set text(size: 12pt)
  data.issued_on
  v(1.9cm)
  line(length: 70%, stroke: 0.5pt + ink)
  v(-0.3em)
  text(weight: "bold", breakable(data.issuer))
})

#block(height: 100%, width: 100%, grid(
  rows: (1fr, auto),
  row-gutter: 0.5cm,
  fitted(body),
  grid(
    columns: (1.15fr, 1fr),
    column-gutter: 1.2cm,
    verification(3.1cm),
    signature,
  ),
))
"##;

/// What the tests of the certificates share: counting pages, reading the QR code back.
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod testing {
    /// Text that looks like Typst markup and code; a certificate prints it as it is.
    pub(crate) const MARKUP: &str = r#"#*_[]$\"<@ `x` //y /*z #set page(height: 1pt) <lbl> @ref"#;

    /// `word` repeated to about 255 characters, the longest a name may be.
    pub(crate) fn longest(word: &str) -> String {
        std::iter::repeat_n(word, 255 / (word.len() + 1))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Checks that `pdf` is a PDF of one landscape A4 page (841.89 × 595.28 pt).
    pub(crate) fn assert_one_landscape_page(pdf: &[u8]) {
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(page_count(pdf), 1);
        let text = String::from_utf8_lossy(pdf);
        assert!(text.contains("/MediaBox [0 0 841.8"), "landscape A4");
    }

    /// Page objects, not the `/Pages` tree: `/Type /Page` not followed by `s`.
    pub(crate) fn page_count(pdf: &[u8]) -> usize {
        let needle = b"/Type /Page";
        pdf.windows(needle.len() + 1)
            .filter(|w| w.starts_with(needle) && w[needle.len()] != b's')
            .count()
    }

    /// Rasterises the SVG of [`qr_svg`] (one unit per module, dark modules drawn as
    /// `M{x} {y}h{w}v{h}H{x}V{y}` rectangles) at `scale` pixels per module and decodes it.
    pub(crate) fn decode_svg(svg: &str, scale: usize) -> String {
        let size_attr = svg.split("width=\"").nth(1).unwrap();
        let modules: usize = size_attr[..size_attr.find('"').unwrap()].parse().unwrap();
        let path = svg.split(" d=\"").nth(1).unwrap();
        let path = &path[..path.find('"').unwrap()];
        let mut dark = vec![false; modules * modules];
        for rect in path.split('M').filter(|r| !r.is_empty()) {
            let numbers: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().unwrap())
                .collect();
            let [x, y, w, h, ..] = numbers[..] else {
                panic!("unexpected path segment {rect:?}");
            };
            for row in y..y + h {
                for col in x..x + w {
                    dark[row * modules + col] = true;
                }
            }
        }
        let pixels = modules * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
            if dark[(y / scale) * modules + x / scale] {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code in the image");
        grids[0].decode().unwrap().1
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::testing::{MARKUP, assert_one_landscape_page, decode_svg, longest};
    use super::*;

    fn sample() -> CertificateDoc {
        CertificateDoc {
            code: "K7Q2-MX9D-4HTA".into(),
            verify_url: "https://example.go.id/piagam/K7Q2-MX9D-4HTA".into(),
            award: "Top 5 Inovasi Pelayanan Publik".into(),
            competition: "Kompetisi Inovasi Pelayanan Publik Provinsi Kalimantan Utara".into(),
            year: 2026,
            innovation: "Sapa Warga: Layanan Pengaduan Terpadu Berbasis WhatsApp".into(),
            region: "Kabupaten Bulungan".into(),
            agency: "Dinas Komunikasi dan Informatika".into(),
            issued_on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            issuer: "Panitia Kompetisi Inovasi Pelayanan Publik Provinsi Kalimantan Utara".into(),
        }
    }

    #[test]
    fn renders_one_landscape_page() {
        assert_one_landscape_page(&certificate_pdf(&sample()).unwrap());
    }

    #[test]
    fn renders_text_that_looks_like_markup() {
        let nasty = MARKUP;
        let doc = CertificateDoc {
            code: format!("{nasty}-code"),
            verify_url: format!("https://example.go.id/piagam/{nasty}"),
            award: format!("Juara {nasty}"),
            competition: format!("Kompetisi {nasty}"),
            innovation: format!("Inovasi {nasty}"),
            region: format!("Kabupaten {nasty}"),
            agency: format!("Dinas {nasty}"),
            issuer: format!("Panitia {nasty}"),
            ..sample()
        };
        assert_one_landscape_page(&certificate_pdf(&doc).unwrap());
    }

    #[test]
    fn longest_names_stay_on_one_page() {
        let long = longest;
        let doc = CertificateDoc {
            verify_url: format!("https://example.go.id/piagam/{}", "A".repeat(200)),
            award: long("Terbaik"),
            competition: long("Kompetisi"),
            innovation: long("Inovasi"),
            region: long("Kabupaten"),
            agency: long("Dinas"),
            issuer: long("Panitia"),
            ..sample()
        };
        assert_one_landscape_page(&certificate_pdf(&doc).unwrap());
    }

    #[test]
    fn qr_decodes_to_the_verification_url() {
        let url = sample().verify_url;
        let svg = qr_svg(&url).unwrap();
        assert!(svg.contains("<svg"));
        assert_eq!(decode_svg(&svg, 4), url);
    }

    #[test]
    fn qr_matrix_decodes_to_the_payload() {
        let url = "https://example.go.id/piagam/K7Q2-MX9D-4HTA";
        let code = qr_code(url).unwrap();
        let (width, quiet, scale) = (code.width(), 4, 3);
        let pixels = (width + 2 * quiet) * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
            let (x, y) = (x / scale, y / scale);
            let inside = (quiet..width + quiet).contains(&x) && (quiet..width + quiet).contains(&y);
            if inside && code[(x - quiet, y - quiet)] == qrcode::Color::Dark {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].decode().unwrap().1, url);
    }

    #[test]
    fn too_long_a_payload_is_an_error() {
        let err = qr_svg(&"x".repeat(5000)).unwrap_err();
        assert!(matches!(err, PdfError::Qr(_)));
    }

    #[test]
    fn certificate_data_is_string_literals() {
        let data = data_literal(&CertificateDoc {
            innovation: "a\"b\\c".into(),
            ..sample()
        });
        assert!(data.contains(r#"innovation: "a\"b\\c","#));
        assert!(data.contains(r#"issued_on: "23 November 2026","#));
        assert!(data.contains(r#"year: "2026","#));
    }
}
