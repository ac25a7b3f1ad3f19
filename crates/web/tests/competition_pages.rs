//! The public competition pages through the real router, on a provincial competition seeded
//! through the service (`competition_seed`): the list, a competition's rules and schedule,
//! the finalists once the shortlist closes, objections filed through the form (mistakes kept,
//! personal data never shown, a closed window refused), the interview schedule, the results
//! after publication, certificates verified by their code, English, and each page's weight.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod competition_seed;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{HOST, Page, get, post, send};
use competition_seed::{PROPOSERS, World};
use lumbung_service::competitions::objections::{self, ResolutionInput};
use lumbung_service::competitions::{self, results};
use lumbung_service::domain::competition::RoundKind;
use lumbung_service::{App, Caller};
use lumbung_store::testing::TestDb;
use uuid::Uuid;

const NAME: &str = "Kompetisi Inovasi Pelayanan Publik Kalimantan Timur";
const ENGLISH: &str = "lang=en";
const OBJECTOR: &str = "Siti Rahmawati";
const CONTACT: &str = "siti.rahmawati@example.com";
const OBJECTION: &str = "Layanan ini belum berjalan di kecamatan kami sejak awal tahun ini.";

struct Site {
    router: Router,
    app: App,
    world: World,
    _db: TestDb,
}

async fn site() -> Site {
    let (router, app, db) = common::app().await;
    let world = competition_seed::world(&app).await;
    Site {
        router,
        app,
        world,
        _db: db,
    }
}

impl Site {
    async fn page(&self, uri: &str) -> Page {
        send(&self.router, get(uri, None)).await
    }

    async fn page_in_english(&self, uri: &str) -> Page {
        send(&self.router, get(uri, Some(ENGLISH))).await
    }

    async fn ok(&self, uri: &str) -> String {
        let page = self.page(uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.html);
        page.html
    }

    async fn object(&self, id: Uuid, form: &[(&str, &str)]) -> Page {
        send(
            &self.router,
            post(&format!("/kompetisi/{id}/sanggahan"), None, form),
        )
        .await
    }

    async fn objection_count(&self, id: Uuid) -> usize {
        objections::list(&self.app, &Caller::system(), id)
            .await
            .unwrap()
            .len()
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

/// The page's text without its tags, spaces collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn title_of(k: usize) -> &'static str {
    PROPOSERS[k].2
}

/// `1 Maret 2025`, as the pages write dates.
fn indonesian_date(day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ];
    format!(
        "{} {} {}",
        day.day(),
        MONTHS[day.month0() as usize],
        day.year()
    )
}

#[tokio::test]
async fn a_competition_shows_its_rules_then_its_finalists_and_takes_objections() {
    let s = site().await;
    let id = competition_seed::competition(&s.app, &s.world, NAME).await;
    let uri = format!("/kompetisi/{id}");
    let order = competition_seed::proposal_ids(&s.app, id).await;

    // ---- The list: name, year, organiser, where it stands, a link; "Kompetisi" in the menu.
    let list = s.ok("/kompetisi").await;
    let row = text(between(&list, "<tbody>", "</tbody>"));
    let year = competition_seed::today().format("%Y").to_string();
    assert!(row.contains(NAME), "{row}");
    assert!(row.contains(&year), "{row}");
    assert!(row.contains("Provinsi Kalimantan Timur"), "{row}");
    assert!(row.contains("Berjalan: Seleksi administrasi"), "{row}");
    assert!(list.contains(&format!("href=\"{uri}\"")));
    assert!(
        list.contains("<a href=\"/kompetisi\" aria-current=\"page\">Kompetisi</a>"),
        "the menu does not mark Kompetisi"
    );
    let home = s.ok("/").await;
    assert!(home.contains("<a href=\"/kompetisi\">Kompetisi</a>"));

    // ---- The competition during the administrative check: rules, schedule, no finalists.
    let html = s.ok(&uri).await;
    let page = text(&html);
    assert!(
        page.contains("Penyelenggara: Provinsi Kalimantan Timur"),
        "{page}"
    );
    let schedule = text(between(&html, "<table class=\"jadwal\">", "</table>"));
    let opens = competition_seed::today() - chrono::Duration::days(10);
    let closes = competition_seed::today() + chrono::Duration::days(20);
    assert!(
        schedule.contains(&format!(
            "Pendaftaran proposal {} – {} Dibuka",
            indonesian_date(opens),
            indonesian_date(closes)
        )),
        "{schedule}"
    );
    assert!(
        schedule.contains("Seleksi administrasi") && schedule.contains("Sedang berjalan"),
        "{schedule}"
    );
    assert!(schedule.contains("Penetapan finalis oleh tim panel (Top 3)"));
    assert!(schedule.contains("Penetapan pemenang (Top 2)"));
    assert!(schedule.contains("Uji publik") && schedule.contains("Belum dimulai"));
    assert_eq!(
        html.matches("aria-current=\"step\"").count(),
        2,
        "registration and the check"
    );
    for expected in [
        "Umum: sudah diterapkan paling sedikit 24 bulan saat pendaftaran ditutup",
        "Kesehatan",
        "Ringkasan 200",
        "Kebaruan / nilai tambah 600",
        "Proses replikasi 200 Kelompok Replikasi",
        "Kebaruan 20 %",
        "Nilai akhir: 70 % nilai penilaian proposal + 30 % nilai presentasi dan wawancara.",
        "Finalis diumumkan di sini setelah tim panel menetapkannya.",
    ] {
        assert!(page.contains(expected), "no {expected:?} in {page}");
    }
    for k in 0..4 {
        assert!(
            !html.contains(title_of(k)),
            "{} shows too early",
            title_of(k)
        );
    }
    assert!(!html.contains("id=\"form-sanggahan\""));
    assert!(!html.contains("id=\"wawancara\""));
    assert!(!html.contains("id=\"sanggahan\""));

    // ---- Shortlisted but the round not closed: still nothing public.
    competition_seed::desk(&s.app, &s.world, id).await;
    let shortlisted = competition_seed::shortlist(&s.app, id).await;
    assert_eq!(shortlisted, vec![order[3], order[2], order[1]]);
    let html = s.ok(&uri).await;
    for k in 0..4 {
        assert!(
            !html.contains(title_of(k)),
            "{} shows before the shortlist closes",
            title_of(k)
        );
    }

    // ---- The shortlist closed: the finalists with their summary, and the objection form.
    competition_seed::close(&s.app, id, RoundKind::PanelShortlist).await;
    let html = s.ok(&uri).await;
    let finalists = text(between(&html, "<ol class=\"cards finalis\">", "</ol>"));
    for k in 1..4 {
        assert!(finalists.contains(title_of(k)), "{finalists}");
        assert!(
            finalists.contains(&competition_seed::summary_of(title_of(k))),
            "{finalists}"
        );
    }
    assert!(
        finalists.contains("Dinas Kesehatan Kota Samarinda"),
        "{finalists}"
    );
    assert!(finalists.contains("Kota Samarinda"), "{finalists}");
    assert!(
        finalists.contains("Masuk daftar finalis (uji publik)"),
        "{finalists}"
    );
    assert!(
        !html.contains(title_of(0)),
        "a proposal left out is not public"
    );
    assert!(html.contains("id=\"form-sanggahan\""));
    assert!(html.contains(&format!("action=\"/kompetisi/{id}/sanggahan#sanggahan\"")));
    let select = between(&html, "<select id=\"f-proposal_id\"", "</select>");
    assert_eq!(
        select.matches("<option value=\"").count(),
        4,
        "an empty choice and 3 finalists"
    );
    for proposal in &order[1..] {
        assert!(
            select.contains(&format!("value=\"{proposal}\"")),
            "{select}"
        );
    }
    assert!(!html.contains("<script"));

    // ---- A form with mistakes comes back (422) with what was typed and each message at its field.
    let finalist = order[2].to_string();
    let bad = s
        .object(
            id,
            &[
                ("proposal_id", &finalist),
                ("name", OBJECTOR),
                ("contact", "08"),
                ("text", "belum berjalan"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.html);
    assert!(
        bad.html
            .contains(&format!("<option value=\"{finalist}\" selected")),
        "the finalist is not kept"
    );
    assert!(
        bad.html.contains(&format!("value=\"{OBJECTOR}\"")),
        "the name is not kept"
    );
    assert!(bad.html.contains("value=\"08\""), "the contact is not kept");
    assert!(
        bad.html.contains(">belum berjalan</textarea>"),
        "the text is not kept"
    );
    let contact_field = between(&bad.html, "<label for=\"f-contact\">", "</div>");
    assert!(
        contact_field.contains(
            "id=\"f-contact-error\"><span class=\"visually-hidden\">Galat: </span>Isi surel atau nomor telepon yang dapat dihubungi."
        ),
        "{contact_field}"
    );
    assert!(contact_field.contains("aria-invalid=\"true\""));
    assert!(contact_field.contains("aria-describedby=\"f-contact-hint f-contact-error\""));
    let text_field = between(&bad.html, "<label for=\"f-text\">", "</div>");
    assert!(text_field.contains("paling sedikit 5 kata"), "{text_field}");
    let name_field = between(&bad.html, "<label for=\"f-name\">", "</div>");
    assert!(!name_field.contains("field-error"), "the name was right");
    let summary = text(between(&bad.html, "id=\"ringkasan-galat\"", "</div>"));
    assert!(
        summary.contains("Surel atau nomor telepon: Isi surel"),
        "{summary}"
    );
    assert_eq!(s.objection_count(id).await, 0);

    // No finalist chosen, or one that is no finalist: a message at the select.
    let none = s
        .object(
            id,
            &[
                ("proposal_id", ""),
                ("name", OBJECTOR),
                ("contact", CONTACT),
                ("text", OBJECTION),
            ],
        )
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.html.contains("id=\"f-proposal_id-error\""));
    assert!(none.html.contains(&format!(">{OBJECTION}</textarea>")));
    let outsider = order[0].to_string();
    let wrong = s
        .object(
            id,
            &[
                ("proposal_id", &outsider),
                ("name", OBJECTOR),
                ("contact", CONTACT),
                ("text", OBJECTION),
            ],
        )
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.html
    );
    assert!(
        text(&wrong.html).contains("Pilih salah satu finalis dari daftar."),
        "{}",
        wrong.html
    );
    assert_eq!(s.objection_count(id).await, 0);

    // A form posted from another site is refused, and nothing is filed.
    let request = Request::builder()
        .method("POST")
        .uri(format!("/kompetisi/{id}/sanggahan"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "proposal_id={finalist}&name=Warga&contact={}&text={}",
            common::url_encode(CONTACT),
            common::url_encode(OBJECTION)
        )))
        .unwrap();
    let foreign = send(&s.router, request).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN, "{}", foreign.html);
    assert!(text(&foreign.html).contains("Permintaan dari situs lain ditolak"));
    assert_eq!(s.objection_count(id).await, 0);

    // ---- Filed: back to the page with thanks; the objection listed without personal data.
    let good = s
        .object(
            id,
            &[
                ("proposal_id", &finalist),
                ("name", OBJECTOR),
                ("contact", CONTACT),
                ("text", OBJECTION),
            ],
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.html);
    assert_eq!(
        good.location(),
        format!("/kompetisi/{id}?sanggahan=terkirim#sanggahan")
    );
    assert_eq!(s.objection_count(id).await, 1);
    let thanked = s.ok(&format!("/kompetisi/{id}?sanggahan=terkirim")).await;
    assert!(
        text(between(&thanked, "id=\"sanggahan-terkirim\"", "</div>"))
            .contains("Terima kasih, sanggahan Anda sudah diterima."),
    );
    let listed = text(between(&thanked, "<ol class=\"cards sanggahan\">", "</ol>"));
    assert!(listed.contains(OBJECTION), "{listed}");
    assert!(listed.contains(title_of(2)), "{listed}");
    assert!(listed.contains("Sedang ditindaklanjuti"), "{listed}");
    for shown in [
        &thanked,
        &s.ok(&uri).await,
        &s.page_in_english(&uri).await.html,
    ] {
        assert!(!shown.contains(CONTACT), "the objector's contact is public");
        assert!(
            !shown.contains("siti.rahmawati"),
            "the objector's contact is public"
        );
        assert!(!shown.contains(OBJECTOR), "the objector's name is public");
    }
    // Without `?sanggahan=terkirim` there are no thanks.
    assert!(!s.ok(&uri).await.contains("id=\"sanggahan-terkirim\""));
    // A reload of the form's address goes back to the form.
    let reload = s.page(&format!("/kompetisi/{id}/sanggahan")).await;
    assert_eq!(reload.status, StatusCode::SEE_OTHER);
    assert_eq!(reload.location(), format!("/kompetisi/{id}#sanggahan"));

    // ---- The secretariat upholds it: the resolution and the finalist set aside show.
    let objection = objections::list(&s.app, &Caller::system(), id)
        .await
        .unwrap()[0]
        .id;
    objections::resolve(
        &s.app,
        &Caller::system(),
        id,
        objection,
        &ResolutionInput {
            upheld: true,
            resolution: "Verifikasi lapangan membenarkan sanggahan ini.".into(),
        },
    )
    .await
    .unwrap();
    let html = s.ok(&uri).await;
    let listed = text(between(&html, "<ol class=\"cards sanggahan\">", "</ol>"));
    assert!(listed.contains("Diterima"), "{listed}");
    assert!(
        listed.contains("Tindak lanjut: Verifikasi lapangan membenarkan sanggahan ini."),
        "{listed}"
    );
    let set_aside = text(between(
        &html,
        &format!("id=\"finalis-{}\"", order[2]),
        "</li>",
    ));
    assert!(
        set_aside.contains("Gugur karena sanggahan publik"),
        "{set_aside}"
    );
    let select = between(&html, "<select id=\"f-proposal_id\"", "</select>");
    assert!(
        !select.contains(&finalist),
        "a finalist set aside is still offered"
    );
    assert!(
        !html.contains("id=\"wawancara\""),
        "the interviews show too early"
    );

    // ---- The window closed: no form, the interview schedule; a late form is refused (409)
    // and shows back what was typed.
    competition_seed::close_objections(&s.app, id).await;
    let html = s.ok(&uri).await;
    assert!(!html.contains("id=\"form-sanggahan\""));
    assert!(text(&html).contains("Masa sanggah sudah ditutup."));
    let interviews = text(between(&html, "id=\"wawancara\"", "</section>"));
    assert!(
        interviews.contains(competition_seed::INTERVIEW_PLACE),
        "{interviews}"
    );
    assert!(
        interviews.contains(title_of(3)) && interviews.contains(title_of(1)),
        "{interviews}"
    );
    assert!(
        !interviews.contains(title_of(2)),
        "the finalist set aside has no interview"
    );
    // Kalimantan Timur's competition is timed in its own zone, WITA.
    assert!(interviews.contains(" WITA"), "{interviews}");
    assert!(!interviews.contains(" WIB"), "{interviews}");
    let late = s
        .object(
            id,
            &[
                ("proposal_id", &order[3].to_string()),
                ("name", OBJECTOR),
                ("contact", CONTACT),
                ("text", OBJECTION),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.html);
    let notice = text(between(&late.html, "id=\"sanggahan-pesan\"", "</p>"));
    assert!(
        notice.contains("Masa sanggah kompetisi ini tidak sedang dibuka"),
        "{notice}"
    );
    assert!(
        text(between(&late.html, "id=\"salinan-isian\"", "</div>")).contains(OBJECTION),
        "what was typed is lost"
    );
    assert_eq!(s.objection_count(id).await, 1);

    // ---- Results: a 404 until published, then winners, ranking and tables.
    let hasil = format!("/kompetisi/{id}/hasil");
    let early = s.page(&hasil).await;
    assert_eq!(early.status, StatusCode::NOT_FOUND);
    assert!(text(&early.html).contains("Hasil belum diumumkan"));
    assert!(early.html.contains(&format!("href=\"{uri}\"")));
    let codes = competition_seed::publish(&s.app, &s.world, id).await;
    assert_eq!(codes.len(), 2);
    let html = s.ok(&hasil).await;
    let winners = between(&html, "<table class=\"hasil-pemenang\">", "</table>");
    let winner_rows: Vec<String> = winners.split("<tr>").skip(2).map(text).collect();
    assert_eq!(winner_rows.len(), 2, "{winners}");
    // Desk 84 and 68 (70 %), interview 69 and 83 (30 %).
    assert!(
        winner_rows[0].starts_with(&format!("1 {} Kota Samarinda", title_of(3))),
        "{}",
        winner_rows[0]
    );
    assert!(
        winner_rows[0].contains("84,00 69,00 79,50"),
        "{}",
        winner_rows[0]
    );
    assert!(
        winner_rows[1].starts_with(&format!("2 {}", title_of(1))),
        "{}",
        winner_rows[1]
    );
    assert!(
        winner_rows[1].contains("68,00 83,00 72,50"),
        "{}",
        winner_rows[1]
    );
    for code in &codes {
        assert!(
            winners.contains(&format!("href=\"/piagam/{code}\"")),
            "{code}"
        );
    }
    let ranking = text(between(
        &html,
        "<table class=\"hasil-peringkat\">",
        "</table>",
    ));
    assert!(ranking.contains("nilai lebih rendah"), "{ranking}");
    assert!(!ranking.contains(title_of(2)), "{ranking}");
    let tables = text(between(&html, "id=\"per-kelompok\"", "</section>"));
    assert!(tables.contains("Kelompok Umum · Pendidikan"), "{tables}");
    assert!(!html.contains(CONTACT));
    // The competition page and the list point to the results.
    assert!(s.ok(&uri).await.contains(&format!("href=\"{hasil}\"")));
    let list = text(&s.ok("/kompetisi").await);
    assert!(list.contains("Hasil diumumkan"), "{list}");
}

#[tokio::test]
async fn certificates_are_verified_by_their_code() {
    let s = site().await;
    let (id, codes) = competition_seed::published(&s.app, &s.world, NAME).await;
    let code = &codes[0];
    let certificate = results::verify(&s.app, code).await.unwrap();

    // The form, and a code typed by a person going to its canonical address.
    let form = s.ok("/piagam").await;
    assert!(form.contains("<form method=\"get\" action=\"/piagam\""));
    assert!(form.contains("name=\"kode\""));
    let typed = format!(" {} ", code.to_lowercase().replace('-', " "));
    let sent = s
        .page(&format!("/piagam?kode={}", common::url_encode(&typed)))
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(sent.location(), format!("/piagam/{code}"));
    let lower = s.page(&format!("/piagam/{}", code.to_lowercase())).await;
    assert_eq!(lower.status, StatusCode::SEE_OTHER);
    assert_eq!(lower.location(), format!("/piagam/{code}"));
    let blank = s.page("/piagam?kode=+").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&blank.html).contains("Tulis kode yang tercetak pada piagam."));

    // The verification page: the verdict, what it certifies, the links and the PDF.
    let html = s.ok(&format!("/piagam/{code}")).await;
    let verdict = text(between(&html, "id=\"putusan\">", "</div>"));
    assert!(verdict.starts_with("ASLI"), "{verdict}");
    assert!(verdict.contains("terdaftar"), "{verdict}");
    let details = text(between(&html, "<dl class=\"profile piagam\">", "</dl>"));
    for expected in [
        format!("Kode verifikasi {code}"),
        "Penghargaan Top 2".to_owned(),
        format!("Inovasi {}", title_of(3)),
        "Wilayah Kota Samarinda".to_owned(),
        "Perangkat daerah Dinas Kesehatan Kota Samarinda".to_owned(),
        format!("Nama kompetisi {NAME}"),
        format!("Tahun {}", certificate.year),
        "Penyelenggara Provinsi Kalimantan Timur".to_owned(),
        format!("Tanggal terbit {}", indonesian_date(certificate.issued_on)),
    ] {
        assert!(details.contains(&expected), "no {expected:?} in {details}");
    }
    assert!(html.contains(&format!("href=\"/inovasi/{}\"", certificate.innovation_id)));
    assert!(html.contains(&format!("href=\"/kompetisi/{id}\"")));
    assert!(html.contains(&format!("href=\"/api/v1/certificates/{code}/pdf\"")));
    let pdf = s.page(&format!("/api/v1/certificates/{code}/pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.html.starts_with("%PDF-"));

    // An unknown code: a 404 that says so and offers the form again.
    let unknown = s.page("/piagam/AAAA-BBBB-CCCC").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let page = text(&unknown.html);
    assert!(page.contains("Kode piagam tidak terdaftar"), "{page}");
    assert!(
        unknown
            .html
            .contains("name=\"kode\" value=\"AAAA-BBBB-CCCC\"")
    );
    let typed_unknown = s.page("/piagam?kode=aaaa%20bbbb%20cccc").await;
    assert_eq!(typed_unknown.location(), "/piagam/AAAA-BBBB-CCCC");

    // The decision reopened: the certificate shows as withdrawn.
    competitions::rounds::reopen(
        &s.app,
        &Caller::system(),
        id,
        RoundKind::Published,
        "Pengumuman memuat nama instansi yang keliru.",
    )
    .await
    .unwrap();
    competitions::rounds::reopen(
        &s.app,
        &Caller::system(),
        id,
        RoundKind::FinalDecision,
        "Keberatan resmi atas nilai wawancara diterima.",
    )
    .await
    .unwrap();
    let withdrawn = s.ok(&format!("/piagam/{code}")).await;
    let verdict = text(between(&withdrawn, "id=\"putusan\">", "</div>"));
    assert!(verdict.starts_with("DICABUT"), "{verdict}");
    // Unpublished again, the results are a 404 again.
    assert_eq!(
        s.page(&format!("/kompetisi/{id}/hasil")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn english_readers_read_the_competition_pages_in_english() {
    let s = site().await;
    let (id, codes) = competition_seed::published(&s.app, &s.world, NAME).await;
    // The switch keeps the choice and comes back.
    let switched = s
        .page(&format!("/bahasa/en?kembali=%2Fkompetisi%2F{id}"))
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location(), format!("/kompetisi/{id}"));
    assert!(switched.header(header::SET_COOKIE).starts_with("lang=en"));

    let list = s.page_in_english("/kompetisi").await;
    assert!(list.html.contains("<html lang=\"en\">"));
    assert!(list.html.contains("<h1>Innovation competitions</h1>"));
    assert!(list.html.contains(">Competitions</a>"), "the menu item");
    assert!(text(&list.html).contains("Kalimantan Timur Province"));

    let competition = s.page_in_english(&format!("/kompetisi/{id}")).await;
    let page = text(&competition.html);
    for heading in [
        "<h2 id=\"jadwal\">Schedule</h2>",
        "<h2 id=\"ketentuan\">Rules</h2>",
        "<h3>Judging criteria</h3>",
        "<h2 id=\"finalis\">Finalists</h2>",
        "<h2 id=\"sanggahan\" tabindex=\"-1\">Public objections</h2>",
        "<h2 id=\"wawancara\">Interview schedule</h2>",
    ] {
        assert!(competition.html.contains(heading), "no {heading}");
    }
    assert!(
        page.contains(
            "Final score: 70% desk evaluation score + 30% presentation and interview score."
        ),
        "{page}"
    );
    assert!(page.contains("Administrative check"), "{page}");
    assert!(
        page.contains("General: implemented for at least 24 months"),
        "{page}"
    );
    // What the organiser wrote stays Indonesian, marked as such.
    assert!(
        competition
            .html
            .contains(&format!("<h1 lang=\"id\">{NAME} "))
    );

    let results = s.page_in_english(&format!("/kompetisi/{id}/hasil")).await;
    assert!(results.html.contains("<h2 id=\"pemenang\">Winners</h2>"));
    assert!(
        results
            .html
            .contains("<h2 id=\"peringkat\">Full ranking</h2>")
    );
    assert!(text(&results.html).contains("79.50"), "English decimals");

    let certificate = s.page_in_english(&format!("/piagam/{}", codes[0])).await;
    let verdict = text(between(&certificate.html, "id=\"putusan\">", "</div>"));
    assert!(verdict.starts_with("GENUINE"), "{verdict}");
    assert!(certificate.html.contains("<dt>Issued on</dt>"));
    let unknown = s.page_in_english("/piagam/AAAA-BBBB-CCCC").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(
        unknown
            .html
            .contains("<h1>Certificate code not registered</h1>")
    );

    // A form with mistakes answers in English too.
    let (other, _) = {
        let id = competition_seed::competition(&s.app, &s.world, "Lomba Inovasi Kedua").await;
        let finalists = competition_seed::open_objections(&s.app, &s.world, id).await;
        (id, finalists)
    };
    let request = post(
        &format!("/kompetisi/{other}/sanggahan"),
        Some(ENGLISH),
        &[
            ("proposal_id", ""),
            ("name", ""),
            ("contact", ""),
            ("text", ""),
        ],
    );
    let bad = send(&s.router, request).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(&bad.html);
    assert!(
        page.contains("Choose the finalist you object to."),
        "{page}"
    );
    assert!(
        page.contains("Fill in your name (at most 120 characters)."),
        "{page}"
    );
    assert!(
        bad.html.contains(&format!(
            "href=\"/bahasa/id?kembali=%2Fkompetisi%2F{other}\""
        )),
        "the switch goes back to the competition"
    );
}

#[tokio::test]
async fn unknown_competitions_and_results_are_404_pages() {
    let s = site().await;
    for uri in [
        format!("/kompetisi/{}", Uuid::now_v7()),
        "/kompetisi/bukan-uuid".to_owned(),
        format!("/kompetisi/{}/hasil", Uuid::now_v7()),
    ] {
        let page = s.page(&uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            text(&page.html).contains("Kompetisi tidak ditemukan"),
            "{uri}"
        );
    }
    let page = s.page("/kompetisi").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(text(&page.html).contains("Belum ada kompetisi."));
}

#[tokio::test]
async fn every_public_competition_page_is_described_semantic_and_light() {
    let s = site().await;
    let (id, codes) = competition_seed::published(&s.app, &s.world, NAME).await;
    let running = competition_seed::competition(&s.app, &s.world, "Lomba Inovasi Kedua").await;
    competition_seed::open_objections(&s.app, &s.world, running).await;
    let pages = [
        "/kompetisi".to_owned(),
        format!("/kompetisi/{id}"),
        format!("/kompetisi/{running}"),
        format!("/kompetisi/{id}/hasil"),
        "/piagam".to_owned(),
        format!("/piagam/{}", codes[0]),
    ];
    let mut titles = Vec::new();
    for uri in &pages {
        for english in [false, true] {
            let shown = if english {
                s.page_in_english(uri).await
            } else {
                s.page(uri).await
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
            assert_eq!(
                html.contains("<html lang=\"en\">"),
                english,
                "{uri} is not in the reader's language"
            );
            if !english {
                titles.push(title);
            }
        }
    }
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), pages.len(), "titles repeat: {titles:?}");
}
