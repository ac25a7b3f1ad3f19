//! The public catalogue through the real router, on the 161 real innovations of the corpus:
//! search with highlights, facets that narrow, paging, the innovation page, open data, the
//! English switch, and each page's title, description and weight.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::Router;
use axum::http::{StatusCode, header};
use common::{get, send};
use lumbung_service::App;
use lumbung_store::testing::TestDb;

/// A fresh database with every region and the corpus published, and the router over it.
struct Corpus {
    router: Router,
    app: App,
    _db: TestDb,
}

async fn corpus() -> Corpus {
    let (router, app, db) = common::app().await;
    common::load_corpus(&app).await;
    Corpus {
        router,
        app,
        _db: db,
    }
}

const ENGLISH: &str = "lang=en";

impl Corpus {
    async fn page(&self, uri: &str) -> common::Page {
        send(&self.router, get(uri, None)).await
    }

    async fn page_in_english(&self, uri: &str) -> common::Page {
        send(&self.router, get(uri, Some(ENGLISH))).await
    }

    async fn id_of(&self, name: &str) -> String {
        let found = lumbung_service::search::search(
            &self.app,
            &lumbung_service::innovations::ListQuery {
                q: Some(name.into()),
                ..Default::default()
            },
            lumbung_service::store::Paging::new(Some(1), Some(5)),
        )
        .await
        .unwrap();
        found
            .results
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("{name} not found"))
            .id
            .to_string()
    }
}

/// The text between `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"))
        + start.len();
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Undoes askama's escaping of an attribute or text.
fn unescape(text: &str) -> String {
    text.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
}

/// Every `href` of links whose text contains `text` (tags inside the link removed).
fn links_containing(html: &str, text: &str) -> Vec<(String, String)> {
    html.split("<a href=\"")
        .skip(1)
        .filter_map(|piece| {
            let (href, rest) = piece.split_once('"')?;
            let inner = rest.split_once('>')?.1.split("</a>").next()?;
            let plain = strip_tags(inner);
            plain.contains(text).then(|| (unescape(href), plain))
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The result names of a catalogue page, in order, without their marks.
fn result_names(html: &str) -> Vec<String> {
    if !html.contains("<ol class=\"hasil-cari\"") {
        return Vec::new();
    }
    between(html, "<ol class=\"hasil-cari\"", "</ol>")
        .split("<h3>")
        .skip(1)
        .map(|piece| strip_tags(piece.split("</h3>").next().unwrap()))
        .collect()
}

/// The total a catalogue page announces ("12 inovasi …").
fn announced_total(html: &str) -> i64 {
    let summary = between(html, "<p class=\"jumlah-hasil\">", "</p>");
    summary
        .split_whitespace()
        .next()
        .unwrap()
        .replace(['.', ','], "")
        .parse()
        .unwrap_or_else(|_| panic!("no total in {summary:?}"))
}

#[tokio::test]
async fn perizinan_online_finds_laperon_and_pesona_marked() {
    let c = corpus().await;
    let found = c.page("/inovasi?q=perizinan+online").await;
    assert_eq!(found.status, StatusCode::OK);
    let names = result_names(&found.html);
    // On the first screen; PostgreSQL's ranking puts Laperon sixth (see crates/service/tests/search.rs).
    let top: Vec<&String> = names.iter().take(8).collect();
    assert!(
        top.iter().any(|n| n.contains("Laperon")) && top.iter().any(|n| n.contains("PESONA")),
        "{names:?}"
    );
    let results = between(&found.html, "<ol class=\"hasil-cari\"", "</ol>");
    assert!(results.contains("<mark>"), "no highlight: {results}");
    assert!(results.contains("<mark>PESONA</mark>") || results.contains("<mark>perizinan</mark>"));
    // The words stay in the box, and a new search keeps nothing else.
    assert!(found.html.contains("value=\"perizinan online\""));
    assert!(found.html.contains("role=\"search\""));
    // Downloads carry the search.
    assert!(
        found
            .html
            .contains("href=\"/api/v1/opendata/innovations.csv?q=perizinan+online\""),
        "no CSV link"
    );
    assert!(
        found
            .html
            .contains("href=\"/api/v1/opendata/innovations.json?q=perizinan+online\"")
    );
    assert!(
        found
            .headers
            .get_all(header::VARY)
            .iter()
            .any(|v| v.to_str().unwrap().contains("Cookie")),
        "no Vary: Cookie"
    );
}

#[tokio::test]
async fn typed_text_is_escaped_and_only_the_marks_are_html() {
    let c = corpus().await;
    let found = c
        .page("/inovasi?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+izin")
        .await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(
        !found.html.contains("<script>"),
        "the words came back as HTML"
    );
    assert!(
        found.html.contains("&#60;script&#62;") || found.html.contains("&lt;script&gt;"),
        "the words are not shown back"
    );
}

#[tokio::test]
async fn a_facet_link_narrows_to_the_count_it_shows() {
    let c = corpus().await;
    let all = c.page("/inovasi?q=kesehatan").await;
    let total = announced_total(&all.html);
    assert!(total > 1, "{total}");
    let facets = between(&all.html, "<aside class=\"saring\"", "</aside>");
    // Take the stage facet's first value: its link and its count.
    let stage = between(facets, "id=\"saring-stage\"", "</ul>");
    let href = unescape(between(stage, "<a href=\"", "\""));
    let count: i64 = between(stage, "<span class=\"jumlah\">", "</span>")
        .replace(['.', ','], "")
        .parse()
        .unwrap();
    assert!(href.starts_with("/inovasi?q=kesehatan&stage="), "{href}");
    let narrowed = c.page(&href).await;
    assert_eq!(narrowed.status, StatusCode::OK);
    assert_eq!(announced_total(&narrowed.html), count);
    // The filter shows as active, with a link that removes it.
    let active = between(&narrowed.html, "<div class=\"aktif\">", "</div>");
    assert!(active.contains("Tahapan"), "{active}");
    assert!(active.contains("href=\"/inovasi?q=kesehatan\""), "{active}");
    // A second facet adds to the first.
    let kinds = between(&narrowed.html, "id=\"saring-kind\"", "</ul>");
    let kind_href = unescape(between(kinds, "<a href=\"", "\""));
    assert!(
        kind_href.starts_with(&format!("{href}&kind=")),
        "{kind_href} does not keep {href}"
    );
    // The search form carries the active filter along as a hidden field.
    let form = between(&narrowed.html, "role=\"search\"", "</form>");
    assert!(form.contains("type=\"hidden\" name=\"stage\""), "{form}");
}

#[tokio::test]
async fn pages_of_twenty_link_to_each_other() {
    let c = corpus().await;
    let first = c.page("/inovasi").await;
    let total = announced_total(&first.html);
    assert_eq!(total, 161);
    let names = result_names(&first.html);
    assert_eq!(names.len(), 20);
    let pager = between(&first.html, "<nav class=\"halaman\"", "</nav>");
    assert!(
        pager.contains("href=\"/inovasi?page=2\" rel=\"next\""),
        "{pager}"
    );
    assert!(pager.contains("href=\"/inovasi?page=9\""), "{pager}");
    let second = c.page("/inovasi?page=2").await;
    let second_names = result_names(&second.html);
    assert_eq!(second_names.len(), 20);
    assert!(
        second_names.iter().all(|n| !names.contains(n)),
        "pages overlap"
    );
    assert!(
        second
            .html
            .contains("<ol class=\"hasil-cari\" start=\"21\">")
    );
    assert!(second.html.contains("href=\"/inovasi\" rel=\"prev\""));
    let last = c.page("/inovasi?page=9").await;
    assert_eq!(result_names(&last.html).len(), 1);
    assert!(!last.html.contains("rel=\"next\""));
    let past = c.page("/inovasi?page=50").await;
    assert_eq!(past.status, StatusCode::OK);
    assert!(
        past.html.contains("melewati hasil terakhir"),
        "{}",
        past.html
    );
}

#[tokio::test]
async fn nothing_found_says_so_and_offers_a_way_on() {
    let c = corpus().await;
    let empty = c.page("/inovasi?q=zzqxv+wrrt").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.html.contains("Tidak ada inovasi terbit yang cocok"));
    assert!(empty.html.contains("href=\"/inovasi\""));
    assert!(result_names(&empty.html).is_empty());
}

#[tokio::test]
async fn an_unknown_filter_code_answers_422_keeping_the_words() {
    let c = corpus().await;
    let refused = c
        .page("/inovasi?q=air+bersih&stage=melayang&kind=digital")
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.html.contains("value=\"air bersih\""));
    let notice = between(&refused.html, "role=\"alert\"", "</div>");
    assert!(notice.contains("melayang"), "{notice}");
    assert!(
        unescape(notice).contains("href=\"/inovasi?q=air+bersih&kind=digital\""),
        "{notice}"
    );
    let english = c.page_in_english("/inovasi?q=air&year=duaribu").await;
    assert_eq!(english.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        english.html.contains("Year of implementation"),
        "{}",
        english.html
    );
}

#[tokio::test]
async fn the_english_switch_translates_and_goes_back_only_home() {
    let c = corpus().await;
    let router = &c.router;
    let switch = send(
        router,
        get("/bahasa/en?kembali=%2Finovasi%3Fq%3Dkesehatan", None),
    )
    .await;
    assert_eq!(switch.status, StatusCode::SEE_OTHER);
    assert_eq!(switch.location(), "/inovasi?q=kesehatan");
    let cookie = switch.header(header::SET_COOKIE);
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax") && cookie.contains("Path=/"));

    let english = c.page_in_english("/inovasi?q=kesehatan").await;
    assert!(english.html.contains("<html lang=\"en\">"));
    assert!(english.html.contains(">Search innovations</label>"));
    assert!(english.html.contains("Narrow the results"));
    assert!(english.html.contains("innovations match “kesehatan”"));
    // Stage labels are English; affair names stay official Indonesian names.
    assert!(english.html.contains(">Implementation"), "no English stage");
    assert!(english.html.contains("Kesehatan"));
    // The switch back names Indonesian, in Indonesian, and comes back here.
    assert!(english.html.contains(
        "href=\"/bahasa/id?kembali=%2Finovasi%3Fq%3Dkesehatan\" lang=\"id\" hreflang=\"id\">Bahasa Indonesia</a>"
    ));
    let indonesian = c.page("/inovasi?q=kesehatan").await;
    assert!(indonesian.html.contains("<html lang=\"id\">"));
    assert!(indonesian.html.contains(">English</a>"));
    assert!(indonesian.html.contains(">Cari inovasi</label>"));

    // Elsewhere than this site: home instead.
    for bad in [
        "https://evil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%2Fevil.example",
        "%2F%5Cevil.example",
    ] {
        let refused = send(router, get(&format!("/bahasa/en?kembali={bad}"), None)).await;
        assert_eq!(refused.status, StatusCode::SEE_OTHER);
        assert_eq!(refused.location(), "/", "kembali={bad}");
    }
    let back = send(router, get("/bahasa/id?kembali=%2Fdata", Some(ENGLISH))).await;
    assert_eq!(back.location(), "/data");
    assert!(back.header(header::SET_COOKIE).contains("Max-Age=0"));
    let unknown = send(router, get("/bahasa/fr", None)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // A page not yet translated stays Indonesian and says so in English.
    let index = c.page_in_english("/indeks/2026").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.html.contains("<html lang=\"id\">"));
    assert!(index.html.contains("available in Indonesian only"));
    assert!(index.html.contains("<header class=\"site\" lang=\"en\">"));
    assert!(index.html.contains(">Bahasa Indonesia</a>"));
}

#[tokio::test]
async fn the_innovation_page_has_its_timeline_and_owner() {
    let c = corpus().await;
    let id = c.id_of("Sipelandukilat Smart").await;
    let shown = c.page(&format!("/inovasi/{id}")).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.html);
    let html = &shown.html;
    assert!(html.contains("<h1 lang=\"id\">Sipelandukilat Smart"));
    assert!(html.contains("Dinas Kependudukan dan Pencatatan Sipil Provinsi Kalimantan Utara"));
    assert!(html.contains("href=\"/daerah/65\""), "no region link");
    let timeline = between(html, "<ol class=\"lini-masa\">", "</ol>");
    assert!(
        timeline
            .contains("<time datetime=\"2021-01-01\">1 Januari 2021</time> — Penerapan dimulai"),
        "{timeline}"
    );
    let awards = between(html, "<ul id=\"penghargaan\">", "</ul>");
    assert!(awards.contains("2021"), "{awards}");
    assert!(html.contains("Replikasi"));
    assert!(html.contains("Administrasi Kependudukan"), "no affair");

    let english = c.page_in_english(&format!("/inovasi/{id}")).await;
    assert!(english.html.contains("<html lang=\"en\">"));
    assert!(
        english
            .html
            .contains("1 January 2021</time> — Implementation started")
    );
    assert!(english.html.contains(">Replications</h2>"));
}

#[tokio::test]
async fn drafts_and_unknown_innovations_are_404_to_the_public() {
    let (router, app, _db) = common::app().await;
    lumbung_service::demo::load_if_empty(&app).await.unwrap();
    // The demo data has innovations in every state; find one that is not published.
    let caller = lumbung_service::Caller::system();
    let all = lumbung_service::innovations::list(
        &app,
        &caller,
        &lumbung_service::innovations::ListQuery {
            status: Some("draft".into()),
            ..Default::default()
        },
        lumbung_service::store::Paging::new(Some(1), Some(1)),
    )
    .await
    .unwrap();
    let draft = all.items.first().expect("the demo data has a draft");
    let hidden = send(&router, get(&format!("/inovasi/{}", draft.id), None)).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert!(!hidden.html.contains(&draft.profile.name));
    let missing = send(
        &router,
        get("/inovasi/0190c0de-0000-7000-8000-000000000000", None),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let garbage = send(&router, get("/inovasi/bukan-uuid", None)).await;
    assert_eq!(garbage.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_data_page_lists_every_column_and_filter() {
    let c = corpus().await;
    let data = c.page("/data").await;
    assert_eq!(data.status, StatusCode::OK);
    let table = between(&data.html, "<table class=\"kolom-data\">", "</table>");
    for (name, description) in lumbung_service::opendata::COLUMNS {
        assert!(
            table.contains(&format!("<code>{name}</code>")),
            "column {name} missing"
        );
        assert!(
            unescape(table).contains(description),
            "the description of {name} missing"
        );
    }
    for filter in [
        "q", "region", "affair", "stage", "kind", "form", "year", "award",
    ] {
        assert!(
            data.html.contains(&format!("<code>{filter}</code>")),
            "{filter}"
        );
    }
    assert!(
        data.html
            .contains("href=\"/api/v1/opendata/innovations.csv\"")
    );
    assert!(
        data.html
            .contains("href=\"/api/v1/opendata/innovations.json\"")
    );
    assert!(data.html.contains("ETag") && data.html.contains("gzip"));
    assert!(data.html.contains("<strong>161</strong>"));
    let english = c.page_in_english("/data").await;
    assert!(
        english
            .html
            .contains("Permanent identifier of the innovation")
    );
}

#[tokio::test]
async fn the_home_page_shows_latest_awarded_and_numbers() {
    let c = corpus().await;
    let home = c.page("/").await;
    assert_eq!(home.status, StatusCode::OK);
    let html = &home.html;
    assert!(html.contains("action=\"/inovasi\" role=\"search\""));
    assert!(html.contains("<strong>161</strong> inovasi terbit"));
    let latest = between(html, "id=\"terbaru-judul\"", "</section>");
    assert_eq!(latest.matches("<article>").count(), 6);
    let awarded = between(html, "id=\"penghargaan-judul\"", "</section>");
    assert_eq!(awarded.matches("<article>").count(), 6);
    assert!(awarded.contains("class=\"tag award\""));
    for link in [
        "/inovasi",
        "/peta",
        "/data",
        "/indeks",
        "/inovasi?award=true",
    ] {
        assert!(
            html.contains(&format!("href=\"{link}\"")),
            "no link to {link}"
        );
    }
    // The number of awarded innovations is what the catalogue finds with award=true.
    let count: i64 = between(html, "href=\"/inovasi?award=true\"><strong>", "</strong>")
        .replace('.', "")
        .parse()
        .unwrap();
    let catalogue = c.page("/inovasi?award=true").await;
    assert_eq!(announced_total(&catalogue.html), count);
}

#[tokio::test]
async fn every_public_page_is_described_semantic_and_light() {
    let c = corpus().await;
    let id = c.id_of("Laperon").await;
    let pages = [
        "/".to_owned(),
        "/inovasi?q=kesehatan".to_owned(),
        "/inovasi".to_owned(),
        format!("/inovasi/{id}"),
        "/data".to_owned(),
    ];
    let mut titles = Vec::new();
    for uri in &pages {
        for english in [false, true] {
            let shown = if english {
                c.page_in_english(uri).await
            } else {
                c.page(uri).await
            };
            assert_eq!(shown.status, StatusCode::OK, "{uri}");
            let html = &shown.html;
            assert!(html.len() < 100 * 1024, "{uri} weighs {} bytes", html.len());
            let title = between(html, "<title>", "</title>").to_owned();
            assert!(title.ends_with(" · Lumbung Inovasi"), "{uri}: {title}");
            let description = between(html, "<meta name=\"description\" content=\"", "\"");
            assert!(description.len() > 40, "{uri}: {description:?}");
            for landmark in ["<header", "<nav", "<main", "<footer"] {
                assert!(html.contains(landmark), "{uri} has no {landmark}");
            }
            assert_eq!(html.matches("<h1").count(), 1, "{uri}");
            assert!(!html.contains("<script"), "{uri} has a script");
            if !english {
                titles.push(title);
            }
        }
    }
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), pages.len(), "titles repeat: {titles:?}");
}

#[tokio::test]
async fn the_old_links_to_name_search_still_work() {
    let c = corpus().await;
    let found = c.page("/inovasi?q=sipelandukilat").await;
    let names = result_names(&found.html);
    assert!(
        names.iter().any(|n| n == "Sipelandukilat Smart"),
        "{names:?}"
    );
    let by_link = links_containing(&found.html, "Sipelandukilat Smart");
    assert!(
        by_link
            .iter()
            .any(|(href, _)| href.starts_with("/inovasi/"))
    );
}

#[tokio::test]
async fn a_misspelt_search_shows_the_respelling_it_found() {
    let c = corpus().await;
    let found = c.page("/inovasi?q=sipelandukilt").await;
    assert_eq!(found.status, StatusCode::OK);
    let notice = between(&found.html, "<p class=\"notice ejaan\">", "</p>");
    assert_eq!(
        notice,
        "Tidak ada hasil untuk «sipelandukilt». Menampilkan hasil untuk «sipelandukilat»."
    );
    let names = result_names(&found.html);
    assert!(
        names.iter().any(|n| n == "Sipelandukilat Smart"),
        "{names:?}"
    );
    // The box keeps what was typed; the summary and the downloads follow what shows.
    assert!(found.html.contains("value=\"sipelandukilt\""));
    assert!(
        between(&found.html, "<p class=\"jumlah-hasil\">", "</p>").contains("“sipelandukilat”")
    );
    assert!(
        found
            .html
            .contains("href=\"/api/v1/opendata/innovations.csv?q=sipelandukilat\"")
    );

    let english = c.page_in_english("/inovasi?q=sipelandukilt").await;
    assert!(english.html.contains(
        "<p class=\"notice ejaan\">No results for «sipelandukilt». Showing results for «sipelandukilat».</p>"
    ));

    // What was typed comes back escaped.
    let typed = c.page("/inovasi?q=sipelandukilt+%3Cb%3E").await;
    assert!(!typed.html.contains("<b>"), "the words came back as HTML");

    // Words spelt right, or found as typed, say nothing of spelling.
    for uri in [
        "/inovasi?q=sipelandukilat",
        "/inovasi?q=zzqxv+wrrt",
        "/inovasi",
    ] {
        let page = c.page(uri).await;
        assert!(!page.html.contains("notice ejaan"), "{uri}");
    }
}

#[tokio::test]
async fn the_sign_in_page_follows_the_reader() {
    let c = corpus().await;
    let english = c.page_in_english("/masuk?ke=%2Fkelola%2Finovasi").await;
    assert_eq!(english.status, StatusCode::OK);
    let html = &english.html;
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("<title>Sign in · Lumbung Inovasi</title>"));
    assert!(html.contains("<header class=\"site\">"));
    assert!(html.contains(">Innovation catalogue</a>"), "{html}");
    assert!(html.contains("<label for=\"email\">Email</label>"));
    assert!(html.contains("<label for=\"password\">Password</label>"));
    // The switch goes back to Indonesian, to this form, keeping where it leads.
    assert!(html.contains(
        "href=\"/bahasa/id?kembali=%2Fmasuk%3Fke%3D%252Fkelola%252Finovasi\" lang=\"id\" hreflang=\"id\">Bahasa Indonesia</a>"
    ), "{html}");
    assert!(!html.contains("available in Indonesian only"));

    // A refused sign-in answers in the reader's language too.
    let refused = send(
        &c.router,
        axum::http::Request::builder()
            .method("POST")
            .uri("/masuk")
            .header(header::HOST, common::HOST)
            .header(header::COOKIE, ENGLISH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(
                "email=siapa%40contoh.go.id&password=bukan-sandinya&ke=%2Fkelola",
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.html);
    assert!(refused.html.contains("<html lang=\"en\">"));
    assert!(
        refused.html.contains("Wrong email or password."),
        "{}",
        refused.html
    );
    assert!(refused.html.contains("value=\"siapa@contoh.go.id\""));
    assert!(
        refused
            .html
            .contains("href=\"/bahasa/id?kembali=%2Fmasuk%3Fke%3D%252Fkelola\"")
    );

    let indonesian = c.page("/masuk").await;
    assert!(indonesian.html.contains("<html lang=\"id\">"));
    assert!(
        indonesian
            .html
            .contains("<label for=\"email\">Surel</label>")
    );
    assert!(indonesian.html.contains(">English</a>"));
}

#[tokio::test]
async fn accepted_evidence_shows_once_its_year_is_published() {
    use lumbung_service::Caller;
    use lumbung_service::assessments::{self, EvidenceInput, Subject, Target, WindowAction};
    let c = corpus().await;
    let id = c.id_of("PESONA").await;
    let system = Caller::system();
    let target = Target {
        region: "65",
        year: 2026,
        subject: Subject::Innovation(id.parse().unwrap()),
        indicator: "16",
    };
    assessments::answer(&c.app, &system, &target, 2, None)
        .await
        .unwrap();
    let evidence = assessments::add_evidence(
        &c.app,
        &system,
        &target,
        &EvidenceInput {
            link: Some("https://jdih.kaltaraprov.go.id/pergub-pesona.pdf".into()),
            letter_number: Some("503/77/DPMPTSP".into()),
            letter_date: Some("2026-02-03".into()),
            letter_subject: Some("Penetapan layanan PESONA".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assessments::review(&c.app, &system, evidence, true, None)
        .await
        .unwrap();

    // Accepted, but the year's results are not published: nothing public yet.
    let page = c.page(&format!("/inovasi/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Belum ada data dukung"), "{}", page.html);
    assert!(!page.html.contains("503/77/DPMPTSP"));

    for action in [WindowAction::Freeze, WindowAction::Publish] {
        assessments::set_window(&c.app, &system, 2026, action)
            .await
            .unwrap();
    }
    let page = c.page(&format!("/inovasi/{id}")).await;
    assert!(page.html.contains("503/77/DPMPTSP"), "{}", page.html);
    assert!(page.html.contains("3 Februari 2026"));
    assert!(
        page.html
            .contains("https://jdih.kaltaraprov.go.id/pergub-pesona.pdf")
    );
    assert!(
        page.html.contains("16 Regulasi inovasi daerah"),
        "the indicator's name"
    );
    let english = c.page_in_english(&format!("/inovasi/{id}")).await;
    assert!(english.html.contains("Evidence"));
    assert!(english.html.contains("3 February 2026"), "{}", english.html);
}
