//! The public region pages (`/daerah/{kode}`) and the map (`/peta`) through the real router,
//! with every region of the Kemendagri list and the 161 real innovations loaded.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{StatusCode, header};
use common::{get, send};
use lumbung_service::assessments::{self, WindowAction};
use lumbung_service::{App, Caller};

/// The map's SVG, without the legend's swatches.
fn map_svg(html: &str) -> &str {
    let start = html.find("<svg class=\"peta\"").expect("the map");
    let end = start + html[start..].find("</svg>").expect("the map's end");
    &html[start..end]
}

/// The dot of a region: its link, title and circle.
fn dot<'a>(html: &'a str, code: &str) -> &'a str {
    let svg = map_svg(html);
    let start = svg
        .find(&format!("<a href=\"/daerah/{code}\">"))
        .unwrap_or_else(|| panic!("no dot for {code}"));
    let end = start + svg[start..].find("</a>").unwrap();
    &svg[start..end]
}

/// Computes Bulungan's 2026 assessment, then freezes and publishes the year as a national
/// admin would; answers the category it got.
async fn publish_2026(app: &App) -> String {
    let admin = Caller::system();
    assessments::view(app, &admin, "65.01", 2026).await.unwrap();
    for action in [WindowAction::Freeze, WindowAction::Publish] {
        assessments::set_window(app, &admin, 2026, action)
            .await
            .unwrap();
    }
    let history = assessments::history(app, "65.01").await.unwrap();
    assert_eq!(history.computed.len(), 1);
    history.computed[0].category.clone()
}

#[tokio::test]
async fn the_map_draws_every_region_light_and_linked() {
    let (router, app, _db) = common::app().await;
    common::load_corpus(&app).await;

    let page = send(&router, get("/peta", None)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert_eq!(map_svg(&page.html).matches("<circle").count(), 552);
    assert!(page.html.len() < 100_000, "{} bytes", page.html.len());
    assert!(
        page.html
            .contains("<title>Peta Indeks Inovasi Daerah · Lumbung Inovasi</title>")
    );
    assert!(
        page.html
            .contains("<meta name=\"description\" content=\"Peta 552 provinsi")
    );
    assert!(!page.html.contains("<script"));

    // Each dot links to its region page and names it; provinces are drawn larger.
    let bulungan = dot(&page.html, "65.01");
    assert!(
        bulungan.contains("<title>Kabupaten Bulungan: belum ada hasil</title>"),
        "{bulungan}"
    );
    assert!(
        bulungan.contains("<circle class=\"c0\" cx=\"225.3\" cy=\"37.0\"/>"),
        "{bulungan}"
    );
    let kaltara = dot(&page.html, "65");
    assert!(kaltara.contains("<circle class=\"p c0\""), "{kaltara}");

    // The legend, and the table by province as the text alternative.
    assert!(
        page.html
            .contains("Belum ada hasil <span class=\"muted\">(552 wilayah)</span>")
    );
    let table = &page.html[page.html.find("id=\"tabel-provinsi\"").unwrap()..];
    assert_eq!(table.matches("<tr id=\"p-").count(), 38);
    assert!(table.contains("<a href=\"/daerah/65\">Kalimantan Utara</a>"));

    // A year without results is a map without colour; a year that is no year is refused.
    let empty = send(&router, get("/peta?tahun=2019", None)).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.html.contains("Peta Indeks Inovasi Daerah 2019"));
    let bad = send(&router, get("/peta?tahun=kemarin", None)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.html);
    assert!(bad.html.contains("tahun"));
}

#[tokio::test]
async fn the_map_stays_under_100_kb_when_every_region_has_a_result() {
    let (router, app, _db) = common::app().await;
    common::load_corpus(&app).await;
    // Every region published in 2024 with the longest label.
    let regions =
        std::fs::read_to_string(common::shared_dir().join("data/wilayah/regions-level-1-2.csv"))
            .unwrap();
    let mut csv = String::from("kode_wilayah,tahun,nilai,label\n");
    for line in regions.lines().skip(1) {
        let code = line.split(',').next().unwrap();
        csv.push_str(&format!("{code},2024,\"123,45\",Tidak Dapat Dinilai\n"));
    }
    let imported = assessments::import_historic(&app, &Caller::system(), csv.as_bytes())
        .await
        .unwrap();
    assert_eq!(imported, 552);

    let page = send(&router, get("/peta", None)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.len() < 100_000, "{} bytes", page.html.len());
    assert_eq!(map_svg(&page.html).matches("class=\"c4\"").count(), 514);
    assert!(
        dot(&page.html, "65.01")
            .contains("<title>Kabupaten Bulungan: Tidak dapat dinilai (2024)</title>")
    );
    assert!(
        page.html
            .contains("Tidak dapat dinilai <span class=\"muted\">(552 wilayah)</span>")
    );
}

#[tokio::test]
async fn a_published_result_colours_the_map_and_draws_the_history() {
    let (router, app, _db) = common::app().await;
    common::load_corpus(&app).await;

    // Before publishing: no history, no colour.
    let before = send(&router, get("/daerah/65.01", None)).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.html);
    assert!(!before.html.contains("<svg class=\"grafik\""));
    assert!(before.html.contains("Belum ada hasil yang diterbitkan."));

    let category = publish_2026(&app).await;
    let class = match category.as_str() {
        "sangat_inovatif" => "c1",
        "inovatif" => "c2",
        "kurang_inovatif" => "c3",
        "tidak_dapat_dinilai" => "c4",
        other => panic!("category {other}"),
    };

    let map = send(&router, get("/peta", None)).await;
    let bulungan = dot(&map.html, "65.01");
    assert!(
        bulungan.contains(&format!("class=\"{class}\"")),
        "{bulungan}"
    );
    assert!(bulungan.contains("(2026)</title>"), "{bulungan}");
    assert!(map.html.len() < 100_000);
    // The year can be chosen, and is offered.
    let of_2026 = send(&router, get("/peta?tahun=2026", None)).await;
    assert!(dot(&of_2026.html, "65.01").contains(&format!("class=\"{class}\"")));
    assert!(
        of_2026
            .html
            .contains("<option value=\"2026\" selected>2026</option>")
    );
    let of_2025 = send(&router, get("/peta?tahun=2025", None)).await;
    assert!(dot(&of_2025.html, "65.01").contains("class=\"c0\""));

    // The region page draws the history with the assessment page's chart and table.
    let after = send(&router, get("/daerah/65.01", None)).await;
    assert!(
        after.html.contains("<svg class=\"grafik\""),
        "{}",
        after.html
    );
    assert!(
        after
            .html
            .contains("Riwayat indeks inovasi Kabupaten Bulungan")
    );
    assert!(after.html.contains("Riwayat indeks menurut tahun"));
    assert!(after.html.contains("Dihitung sistem ini"));
    assert!(after.html.contains(&format!("kategori-{category}")));
    assert!(
        after.html.contains("href=\"/indeks/2026?dalam=65\""),
        "{}",
        after.html
    );
    // The province lists Bulungan with its category.
    let province = send(&router, get("/daerah/65", None)).await;
    let row_start = province.html.find("<a href=\"/daerah/65.01\">").unwrap();
    let row =
        &province.html[row_start..row_start + province.html[row_start..].find("</tr>").unwrap()];
    assert!(row.contains(&format!("kategori-{category}")), "{row}");
    assert!(row.contains("2026"));
}

#[tokio::test]
async fn the_region_page_shows_innovations_counts_and_regions() {
    let (router, app, _db) = common::app().await;
    common::load_corpus(&app).await;

    let page = send(&router, get("/daerah/65", None)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let html = &page.html;
    assert!(html.contains("<title>Kalimantan Utara · Lumbung Inovasi</title>"));
    assert!(
        html.contains(
            "<meta name=\"description\" content=\"Provinsi Kalimantan Utara: 8 inovasi terbit, \
             jumlahnya menurut bentuk dan tahapan, kabupaten dan kota di dalamnya, dan riwayat \
             Indeks Inovasi Daerah.\">"
        ),
        "{html}"
    );
    assert!(html.contains("<h1>Kalimantan Utara</h1>"));
    assert!(html.contains("Provinsi · kode 65"));
    assert!(!html.contains("<script"));

    // Its innovations, the whole subtree's, each linking to its page; then the catalogue.
    for name in [
        "PESONA",
        "Sipelandukilat",
        "AKSI STUNTING",
        "si Dokter Serasi",
    ] {
        assert!(html.contains(name), "{name} is missing");
    }
    assert!(html.contains("href=\"/inovasi/"));
    assert!(html.contains("href=\"/inovasi?region=65\""));

    // Counts by form and by stage, each row leading to the filtered catalogue.
    assert!(html.contains("Jumlah inovasi menurut bentuk"));
    assert!(html.contains("Jumlah inovasi menurut tahapan"));
    assert!(
        html.contains("/inovasi?region=65&#38;form=pelayanan_publik"),
        "{html}"
    );
    // Nothing to find, nothing to follow.
    assert!(!html.contains("/inovasi?region=65&#38;form=tata_kelola"));
    assert!(html.contains("<svg class=\"bar\""));

    // Its kabupaten/kota, linked, and the way to the map.
    for (code, name) in [
        ("65.01", "Kabupaten Bulungan"),
        ("65.04", "Kabupaten Tana Tidung"),
        ("65.71", "Kota Tarakan"),
    ] {
        assert!(
            html.contains(&format!("<a href=\"/daerah/{code}\">{name}</a>")),
            "{name}"
        );
    }
    assert!(html.contains("href=\"/peta#p-65\""));

    // A kota links back to its province and lists its own innovations only.
    let tarakan = send(&router, get("/daerah/65.71", None)).await;
    assert_eq!(tarakan.status, StatusCode::OK);
    assert!(
        tarakan
            .html
            .contains("bagian dari <a href=\"/daerah/65\">Provinsi Kalimantan Utara</a>")
    );
    assert!(
        tarakan
            .html
            .contains("content=\"Kota Tarakan, Provinsi Kalimantan Utara: 1 inovasi terbit,")
    );
    assert!(tarakan.html.contains("si Dokter Serasi"));
    assert!(!tarakan.html.contains("PESONA"));
    assert!(tarakan.html.contains("Kota · kode 65.71"));

    // The nation's page lists the provinces.
    let nation = send(&router, get("/daerah/ID", None)).await;
    assert_eq!(nation.status, StatusCode::OK);
    assert!(
        nation
            .html
            .contains("<a href=\"/daerah/65\">Kalimantan Utara</a>")
    );
    assert!(nation.html.contains("Provinsi (38)"));

    // A region without published innovations says so.
    let quiet = send(&router, get("/daerah/65.03", None)).await;
    assert_eq!(quiet.status, StatusCode::OK);
    assert!(
        quiet
            .html
            .contains("Belum ada inovasi yang diterbitkan di wilayah ini.")
    );
}

#[tokio::test]
async fn an_unknown_region_is_the_indonesian_404_page() {
    let (router, app, _db) = common::app().await;
    common::load_corpus(&app).await;
    for uri in ["/daerah/99.99", "/daerah/bukan-kode", "/daerah/65.01.01"] {
        let page = send(&router, get(uri, None)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}: {}", page.html);
        assert!(page.html.contains("Tidak ditemukan"), "{uri}");
        assert!(page.header(header::CONTENT_TYPE).starts_with("text/html"));
    }
}

#[tokio::test]
async fn the_region_page_and_the_map_read_in_english() {
    let (router, app, _db) = common::app().await;
    common::load_corpus(&app).await;
    let category = publish_2026(&app).await;
    let english_category = match category.as_str() {
        "sangat_inovatif" => "Very innovative",
        "inovatif" => "Innovative",
        "kurang_inovatif" => "Less innovative",
        "tidak_dapat_dinilai" => "Cannot be assessed",
        other => panic!("category {other}"),
    };
    let english = Some("lang=en");

    // The province: labels, counts and kinds in English; names as they are.
    let page = send(&router, get("/daerah/65", english)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let html = &page.html;
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("<title>Kalimantan Utara · Lumbung Inovasi</title>"));
    assert!(
        html.contains(
            "<meta name=\"description\" content=\"Provinsi Kalimantan Utara: 8 published \
             innovations, their numbers by form and stage, the regencies and cities within it, \
             and its Regional Innovation Index history.\">"
        ),
        "{html}"
    );
    assert!(html.contains("<h1>Kalimantan Utara</h1>"));
    assert!(html.contains("Province · code 65"), "{html}");
    assert!(html.contains("<a href=\"/peta\">Map</a>"));
    assert!(html.contains("Published innovations (8)"));
    assert!(html.contains("<caption>Innovations by form</caption>"));
    assert!(html.contains("<caption>Innovations by stage</caption>"));
    assert!(html.contains(">Public service</a>"), "{html}");
    assert!(html.contains(">Implementation</"), "{html}");
    assert!(html.contains("<th scope=\"row\">Total</th>"));
    assert!(html.contains("Regencies and cities ("));
    assert!(html.contains("<td>Regency</td>") && html.contains("<td>City</td>"));
    assert!(html.contains("Sipelandukilat"));
    let row_start = html.find("<a href=\"/daerah/65.01\">").unwrap();
    let row = &html[row_start..row_start + html[row_start..].find("</tr>").unwrap()];
    assert!(row.contains(english_category), "{row}");
    assert!(row.contains("Kabupaten Bulungan"), "{row}");
    let quiet_start = html.find("<a href=\"/daerah/65.04\">").unwrap();
    let quiet = &html[quiet_start..quiet_start + html[quiet_start..].find("</tr>").unwrap()];
    assert!(quiet.contains("No result yet"), "{quiet}");
    for indonesian in [
        "Inovasi terbit",
        "Jumlah inovasi menurut",
        "Belum ada hasil",
        "Kabupaten dan kota",
        "bagian dari",
        "Riwayat",
    ] {
        assert!(
            !html.contains(indonesian),
            "{indonesian} is left in Indonesian"
        );
    }
    // The switch goes back to Indonesian, on this page.
    assert!(html.contains(
        "href=\"/bahasa/id?kembali=%2Fdaerah%2F65\" lang=\"id\" hreflang=\"id\">Bahasa Indonesia</a>"
    ));

    // A kabupaten: its history, chart and table, in English.
    let bulungan = send(&router, get("/daerah/65.01", english)).await;
    let html = &bulungan.html;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Regency · code 65.01"), "{html}");
    assert!(html.contains("part of <a href=\"/daerah/65\">Provinsi Kalimantan Utara</a>"));
    assert!(html.contains("Regional Innovation Index history</h2>"));
    assert!(
        html.contains(
            "<title id=\"grafik-judul\">Innovation index history of Kabupaten Bulungan</title>"
        ),
        "{html}"
    );
    assert!(html.contains("<caption>Index history by year</caption>"));
    assert!(html.contains("Computed by this system (0–100 scale)."));
    assert!(
        html.contains(&format!(">{english_category}</span>")),
        "{html}"
    );
    // Figures with a decimal point, in the table and on the chart's dot.
    let chart = &html[html.find("<svg class=\"grafik\"").unwrap()..];
    let dot_title = chart.split("<title>2026: ").nth(1).unwrap();
    let figure = dot_title.split("</title>").next().unwrap();
    assert!(figure.contains('.') && !figure.contains(','), "{figure}");
    assert!(
        html.contains(&format!("<td class=\"num\">{figure}</td>")),
        "{html}"
    );
    assert!(!html.contains("Dihitung sistem ini"));

    // The map: headings, legend, dots and table in English; region names as they are.
    let map = send(&router, get("/peta", english)).await;
    assert_eq!(map.status, StatusCode::OK);
    let html = &map.html;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<title>Regional Innovation Index map · Lumbung Inovasi</title>"));
    assert!(
        html.contains(
            "<meta name=\"description\" content=\"A map of Indonesia&#39;s 552 provinces"
        ),
        "{html}"
    );
    assert!(
        map_svg(html).contains("<title id=\"peta-judul\">Map of Indonesia: 552 provinces"),
        "{}",
        map_svg(html)
    );
    assert!(
        dot(html, "65.01").contains(&format!(
            "<title>Kabupaten Bulungan: {english_category} (2026)</title>"
        )),
        "{}",
        dot(html, "65.01")
    );
    assert!(
        dot(html, "65.04").contains("<title>Kabupaten Tana Tidung: no result yet</title>"),
        "{}",
        dot(html, "65.04")
    );
    assert!(html.contains("<h2 id=\"keterangan\">Colour key</h2>"));
    assert!(html.contains("No result yet <span class=\"muted\">("));
    assert!(html.contains(" regions)</span>"));
    assert!(
        html.contains(">Each region&#39;s latest result</option>"),
        "{html}"
    );
    assert!(html.contains(">Regencies and cities by category</th>"));
    assert!(html.contains("<a href=\"/daerah/65\">Kalimantan Utara</a>"));
    assert!(map.html.len() < 100_000, "{} bytes", map.html.len());
    for indonesian in [
        "Keterangan warna",
        "Belum ada hasil",
        "belum ada hasil",
        "Tabel per provinsi",
    ] {
        assert!(
            !html.contains(indonesian),
            "{indonesian} is left in Indonesian"
        );
    }
    let of_2026 = send(&router, get("/peta?tahun=2026", english)).await;
    assert!(
        of_2026
            .html
            .contains("<h1>Regional Innovation Index map 2026</h1>")
    );
    assert!(dot(&of_2026.html, "65.01").contains(&format!(
        "<title>Kabupaten Bulungan: {english_category}</title>"
    )));

    // The assessment page shares the history pieces and stays Indonesian.
    common::add_user(&app, "admin@bulungan.go.id", "regency_admin", "65.01").await;
    let session = common::sign_in(&router, "admin@bulungan.go.id").await;
    let assessment = send(
        &router,
        get(
            "/kelola/indeks/65.01/2026",
            Some(&format!("{session}; lang=en")),
        ),
    )
    .await;
    assert_eq!(assessment.status, StatusCode::OK, "{}", assessment.html);
    let html = &assessment.html;
    assert!(html.contains("<html lang=\"id\">"));
    assert!(html.contains("Riwayat indeks inovasi Kabupaten Bulungan"));
    assert!(html.contains("<caption>Riwayat indeks menurut tahun</caption>"));
    assert!(html.contains("Dihitung sistem ini (skala 0–100)."));
    assert!(!html.contains("Index history by year"));
}
