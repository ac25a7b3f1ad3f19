//! The officers' complaint pages through the real router, signed in through the form: Kota
//! Tarakan's admin enters a complaint received by WhatsApp, verifies and assigns it; the
//! Dinas Kesehatan operator answers it; a moved clock makes it late; the calendar takes a
//! regional holiday from the region's admin only; the resolution ratio is written into the
//! index; a recurring theme is linked to the innovation that answers it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::Router;
use axum::http::StatusCode;
use chrono::{DateTime, TimeZone, Utc};
use common::{PASSWORD, add_region, add_user, csrf, get, post, send, sign_in};
use lumbung_service::agencies::{self, AgencyInput};
use lumbung_service::auth::GrantInput;
use lumbung_service::complaints::{self, ReporterAction, StepInput};
use lumbung_service::domain::complaint::ComplaintInput;
use lumbung_service::{App, Caller};
use lumbung_store::testing::TestDb;
use uuid::Uuid;

const TARAKAN: &str = "admin@tarakankota.go.id";
const DINKES: &str = "dinkes@tarakankota.go.id";
const KALTIM: &str = "biro.organisasi@kaltimprov.go.id";

/// A time in WITA (UTC+8), Kalimantan Utara's zone.
fn wita(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    let wita = lumbung_service::domain::time::TimeZone::Wita;
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
        - chrono::Duration::hours(i64::from(wita.offset_hours()))
}

struct World {
    router: Router,
    app: App,
    _db: TestDb,
    dinkes: Uuid,
}

/// Kota Tarakan with its Dinas Kesehatan, the city's admin, the agency's operator, and an
/// admin of another province (Kalimantan Timur).
async fn world() -> World {
    let (router, app, db) = common::app().await;
    add_region(&app, "65.71", "Kota Tarakan").await;
    let dinkes = agencies::create(
        &app,
        &Caller::system(),
        &AgencyInput {
            region: "65.71".into(),
            name: "Dinas Kesehatan Kota Tarakan".into(),
            kind: None,
        },
    )
    .await
    .unwrap()
    .id;
    add_user(&app, TARAKAN, "regency_admin", "65.71").await;
    add_user(&app, KALTIM, "province_admin", "64").await;
    lumbung_service::auth::add_user(
        &app,
        &Caller::system(),
        DINKES,
        DINKES,
        PASSWORD,
        &[GrantInput {
            role: "agency_operator".into(),
            region: "65.71".into(),
            agency_id: Some(dinkes),
        }],
    )
    .await
    .unwrap();
    World {
        router,
        app,
        _db: db,
        dinkes,
    }
}

/// Signs in and returns the cookie and the CSRF token of `page`.
async fn session(router: &Router, email: &str, page: &str) -> (String, String) {
    let cookie = sign_in(router, email).await;
    let shown = send(router, get(page, Some(&cookie))).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.html);
    let token = csrf(&shown.html);
    (cookie, token)
}

/// The text between `before` and the next `after` in `html`.
fn between<'a>(html: &'a str, before: &str, after: &str) -> &'a str {
    let start = html
        .find(before)
        .unwrap_or_else(|| panic!("{before} in {html}"))
        + before.len();
    let end = html[start..].find(after).unwrap() + start;
    &html[start..end]
}

/// A complaint entered by the system: Dinas Kesehatan's, received at `at`.
async fn entered(app: &App, agency: Uuid, subject: &str, at: DateTime<Utc>) -> Uuid {
    complaints::intake(
        app,
        &Caller::system(),
        &ComplaintInput {
            category: "kesehatan".into(),
            tags: vec!["antrean".into()],
            region_code: "65.71".into(),
            agency_id: Some(agency.to_string()),
            subject: subject.into(),
            description: "Antrean pendaftaran poli umum sampai tiga jam, petugas loket hanya satu."
                .into(),
            channel: Some("phone".into()),
            ..ComplaintInput::default()
        },
        Some(at),
    )
    .await
    .unwrap()
    .id
}

async fn step(app: &App, id: Uuid, input: StepInput) {
    complaints::take_step(app, &Caller::system(), id, &input)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_whatsapp_complaint_is_entered_verified_assigned_answered_and_flagged_when_late() {
    let w = world().await;
    let router = &w.router;
    w.app.clock.set(wita(2026, 7, 6, 10, 0));
    let (admin, token) = session(router, TARAKAN, "/kelola/pengaduan/baru").await;

    // Signed out, the list sends to the sign-in page.
    let anonymous = send(router, get("/kelola/pengaduan", None)).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location().starts_with("/masuk"));
    // The dashboard leads here.
    let dashboard = send(router, get("/kelola", Some(&admin))).await;
    assert!(dashboard.html.contains("href=\"/kelola/pengaduan\""));

    // The intake form offers the channels and opens on the admin's city.
    let form = send(router, get("/kelola/pengaduan/baru", Some(&admin))).await;
    assert!(form.html.contains("value=\"whatsapp\""), "{}", form.html);
    assert!(
        form.html.contains("value=\"65.71\" selected"),
        "{}",
        form.html
    );
    assert!(form.html.contains("Dinas Kesehatan Kota Tarakan"));

    // Wrong input comes back with every message and what was typed.
    let wrong = send(
        router,
        post(
            "/kelola/pengaduan/baru",
            Some(&admin),
            &[
                ("csrf", &token),
                ("channel", "whatsapp"),
                ("received_at", "kemarin pagi"),
                ("category", "kesehatan"),
                ("tags", "antrean"),
                ("region_code", "65.71"),
                ("subject", ""),
                ("description", "Antre lama."),
                ("reporter_name", "Budi Santoso"),
            ],
        ),
    )
    .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.html
    );
    assert!(
        wrong.html.contains("Judul pengaduan wajib diisi."),
        "{}",
        wrong.html
    );
    assert!(wrong.html.contains("tidak terbaca"), "{}", wrong.html);
    assert!(wrong.html.contains("value=\"Budi Santoso\""));
    assert!(wrong.html.contains("value=\"kemarin pagi\""));
    assert!(wrong.html.contains(">Antre lama.</textarea>"));
    assert!(wrong.html.contains("value=\"whatsapp\" selected"));

    // Right input: the tracking number and the PIN, once.
    let filed = send(
        router,
        post(
            "/kelola/pengaduan/baru",
            Some(&admin),
            &[
                ("csrf", &token),
                ("channel", "whatsapp"),
                ("received_at", "2026-07-06T08:15"),
                ("category", "kesehatan"),
                ("tags", "antrean, puskesmas"),
                ("region_code", "65.71"),
                ("subject", "Antrean Puskesmas Karang Rejo"),
                (
                    "description",
                    "Antrean pendaftaran poli umum sampai tiga jam, petugas loket hanya satu.",
                ),
                ("reporter_name", "Budi Santoso"),
                ("reporter_phone", "0812-5555-0101"),
            ],
        ),
    )
    .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.html);
    assert!(filed.html.contains("ADU-2026-000001"), "{}", filed.html);
    assert_eq!(filed.header(axum::http::header::CACHE_CONTROL), "no-store");
    let pin = between(&filed.html, "id=\"pin\">", "<").to_owned();
    assert_eq!(pin.len(), 8, "{pin}");
    let id: Uuid = between(
        &filed.html,
        "href=\"/kelola/pengaduan/",
        "\">Buka pengaduan ini",
    )
    .parse()
    .unwrap();
    let detail = format!("/kelola/pengaduan/{id}");
    let steps = format!("{detail}/langkah");
    // Received at 08.15 in Tarakan's own time (WITA), through WhatsApp.
    let stored = complaints::get(&w.app, &Caller::system(), id)
        .await
        .unwrap();
    assert_eq!(stored.complaint.received_at, wita(2026, 7, 6, 8, 15));
    assert_eq!(stored.complaint.channel, "whatsapp");

    // The list shows it, not late.
    let list = send(router, get("/kelola/pengaduan", Some(&admin))).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.html);
    assert!(list.html.contains("ADU-2026-000001"));
    assert!(list.html.contains("Antrean Puskesmas Karang Rejo"));
    assert!(!list.html.contains("Terlambat:"), "{}", list.html);

    // The admin verifies, then assigns through the forms; the operator's steps are not offered.
    let page = send(router, get(&detail, Some(&admin))).await;
    assert!(
        page.html.contains("6 Juli 2026 pukul 08.15 WITA"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Budi Santoso"));
    assert!(page.html.contains("name=\"step\" value=\"verify\""));
    assert!(!page.html.contains("name=\"step\" value=\"answer\""));
    let verified = send(
        router,
        post(
            &steps,
            Some(&admin),
            &[("csrf", &token), ("step", "verify")],
        ),
    )
    .await;
    assert_eq!(verified.status, StatusCode::SEE_OTHER, "{}", verified.html);
    assert!(verified.location().starts_with(&detail));
    let page = send(router, get(&detail, Some(&admin))).await;
    assert!(page.html.contains("Terverifikasi"));
    assert!(page.html.contains("name=\"step\" value=\"assign\""));
    let assigned = send(
        router,
        post(
            &steps,
            Some(&admin),
            &[
                ("csrf", &token),
                ("step", "assign"),
                ("agency_id", &w.dinkes.to_string()),
                ("note_assign", "Mohon ditangani pekan ini."),
            ],
        ),
    )
    .await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.html);
    let page = send(router, get(&detail, Some(&admin))).await;
    assert!(page.html.contains("Didisposisikan"));
    assert!(page.html.contains("Mohon ditangani pekan ini."));

    // A month later the follow-up deadline has passed: the list flags it, and escalation marks it.
    w.app.clock.set(wita(2026, 8, 3, 9, 0));
    let late = send(router, get("/kelola/pengaduan?terlambat=1", Some(&admin))).await;
    assert!(late.html.contains("ADU-2026-000001"), "{}", late.html);
    assert!(
        late.html.contains("Terlambat: tindak lanjut"),
        "{}",
        late.html
    );
    assert!(!late.html.contains("Dieskalasi"));
    complaints::escalate_overdue(&w.app).await.unwrap();
    let list = send(router, get("/kelola/pengaduan", Some(&admin))).await;
    assert!(list.html.contains("Dieskalasi"), "{}", list.html);

    // The operator answers through the form; a too short answer comes back as typed.
    let (operator, op_token) = session(router, DINKES, &detail).await;
    let page = send(router, get(&detail, Some(&operator))).await;
    assert!(
        page.html.contains("name=\"step\" value=\"answer\""),
        "{}",
        page.html
    );
    assert!(!page.html.contains("name=\"step\" value=\"assign\""));
    assert!(!page.html.contains("name=\"step\" value=\"close\""));
    let short = send(
        router,
        post(
            &steps,
            Some(&operator),
            &[
                ("csrf", &op_token),
                ("step", "answer"),
                ("answer", "Sudah."),
            ],
        ),
    )
    .await;
    assert_eq!(
        short.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        short.html
    );
    assert!(short.html.contains("paling sedikit 10 karakter"));
    assert!(short.html.contains(">Sudah.</textarea>"));
    let answered = send(
        router,
        post(
            &steps,
            Some(&operator),
            &[
                ("csrf", &op_token),
                ("step", "answer"),
                (
                    "answer",
                    "Loket pendaftaran kedua sudah dibuka sejak 1 Agustus.",
                ),
            ],
        ),
    )
    .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.html);
    let page = send(router, get(&detail, Some(&operator))).await;
    assert!(page.html.contains("Dijawab"));
    assert!(page.html.contains("Loket pendaftaran kedua sudah dibuka"));
    let list = send(router, get("/kelola/pengaduan", Some(&admin))).await;
    assert!(!list.html.contains("Terlambat:"), "{}", list.html);

    // The PIN shown at intake is the reporter's: it closes the answered complaint.
    let closed =
        complaints::reporter_action(&w.app, "ADU-2026-000001", &pin, ReporterAction::Close, None)
            .await
            .unwrap();
    assert_eq!(closed.status, "closed");
}

#[tokio::test]
async fn the_calendar_takes_a_regional_holiday_from_its_region_only() {
    let w = world().await;
    let router = &w.router;
    let page = "/kelola/pengaduan/kalender?tahun=2026";
    let (admin, token) = session(router, TARAKAN, page).await;
    let shown = send(router, get(page, Some(&admin))).await;
    assert!(
        shown.html.contains("Hari Lahir Pancasila"),
        "{}",
        shown.html
    );
    // National holidays are not the city's to delete.
    assert!(!shown.html.contains("/hapus\""), "{}", shown.html);

    let added = send(
        router,
        post(
            "/kelola/pengaduan/kalender/libur",
            Some(&admin),
            &[
                ("csrf", &token),
                ("tahun", "2026"),
                ("date", "2026-12-15"),
                ("name", "Hari Jadi Kota Tarakan"),
                ("kind", "regional"),
                ("region_code", "65.71"),
            ],
        ),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.html);
    assert!(added.location().contains("tahun=2026"));
    let shown = send(router, get(page, Some(&admin))).await;
    assert!(shown.html.contains("Hari Jadi Kota Tarakan"));
    assert!(shown.html.contains("15 Desember 2026"));
    assert_eq!(
        shown
            .html
            .matches("/kelola/pengaduan/kalender/libur/")
            .count(),
        1
    );

    // Kalimantan Timur's admin may not add a holiday for Tarakan.
    let (other, other_token) = session(router, KALTIM, page).await;
    let refused = send(
        router,
        post(
            "/kelola/pengaduan/kalender/libur",
            Some(&other),
            &[
                ("csrf", &other_token),
                ("tahun", "2026"),
                ("date", "2026-12-16"),
                ("name", "Libur Tambahan Tarakan"),
                ("kind", "regional"),
                ("region_code", "65.71"),
            ],
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.html);
    assert!(refused.html.contains("Anda tidak berwenang melakukan ini."));
    assert!(refused.html.contains("value=\"Libur Tambahan Tarakan\""));
    let shown = send(router, get(page, Some(&admin))).await;
    assert!(!shown.html.contains("Libur Tambahan Tarakan"));

    // The city sets its own working-day rule for health complaints.
    let rule = send(
        router,
        post(
            "/kelola/pengaduan/kalender/tenggat",
            Some(&admin),
            &[
                ("csrf", &token),
                ("tahun", "2026"),
                ("rule_category", "kesehatan"),
                ("rule_region", "65.71"),
                ("verification_days", "2"),
                ("follow_up_days", "4"),
            ],
        ),
    )
    .await;
    assert_eq!(rule.status, StatusCode::SEE_OTHER, "{}", rule.html);
    let shown = send(router, get(page, Some(&admin))).await;
    let rules = between(&shown.html, "id=\"tenggat\"", "</table>");
    assert!(
        rules.contains("Kesehatan") && rules.contains("Kota Tarakan"),
        "{rules}"
    );
    assert!(rules.contains("<td class=\"num\">4</td>"), "{rules}");
}

/// The verified level of an innovation on an indicator, in the assessment's JSON.
fn level_of(view: &serde_json::Value, innovation: Uuid, indicator: &str) -> Option<u64> {
    view["verified"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|line| {
            line["innovation"] == serde_json::Value::String(innovation.to_string())
                && line["indicator"] == indicator
        })
        .map(|line| line["level"].as_u64().unwrap())
}

#[tokio::test]
async fn the_ratio_page_shows_the_level_and_writes_indicator_29() {
    let w = world().await;
    let router = &w.router;
    let antrean =
        common::add_innovation(&w.app, w.dinkes, "Antrean Online Puskesmas", "2024-02-01").await;
    w.app.clock.set(wita(2026, 2, 2, 9, 0));
    // 2025: four complaints handled by Dinas Kesehatan, three answered (75 %: level 2).
    for n in 0..4 {
        let id = entered(
            &w.app,
            w.dinkes,
            &format!("Keluhan layanan kesehatan {n}"),
            wita(2025, 3, 3 + n, 9, 0),
        )
        .await;
        step(
            &w.app,
            id,
            StepInput {
                step: "verify".into(),
                ..Default::default()
            },
        )
        .await;
        step(
            &w.app,
            id,
            StepInput {
                step: "assign".into(),
                agency_id: Some(w.dinkes),
                ..Default::default()
            },
        )
        .await;
        if n < 3 {
            step(
                &w.app,
                id,
                StepInput {
                    step: "answer".into(),
                    answer: Some("Sudah ditindaklanjuti oleh puskesmas.".into()),
                    ..Default::default()
                },
            )
            .await;
        }
    }
    let page = "/kelola/pengaduan/rasio?wilayah=65.71&tahun=2026";
    let (admin, token) = session(router, TARAKAN, page).await;
    let shown = send(router, get(page, Some(&admin))).await;
    assert!(
        shown.html.contains("pengaduan tahun 2025"),
        "{}",
        shown.html
    );
    let row = between(
        &shown.html,
        "<th scope=\"row\">Antrean Online Puskesmas</th>",
        "</tr>",
    );
    assert!(row.contains("75%") && row.contains("Level 2"), "{row}");
    assert!(
        row.contains("pengaduan yang ditangani perangkat daerahnya"),
        "{row}"
    );

    let api_token = lumbung_service::auth::create_token(&w.app, &Caller::system(), TARAKAN, "t")
        .await
        .unwrap();
    let (status, before) = common::call(
        router,
        "GET",
        "/api/v1/assessments/65.71/2026",
        Some(&api_token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert_eq!(level_of(&before, antrean, "29").unwrap_or(0), 0);

    let fed = send(
        router,
        post(
            "/kelola/pengaduan/rasio",
            Some(&admin),
            &[
                ("csrf", &token),
                ("wilayah", "65.71"),
                ("tahun", "2026"),
                ("inovasi", ""),
            ],
        ),
    )
    .await;
    assert_eq!(fed.status, StatusCode::OK, "{}", fed.html);
    let results = between(&fed.html, "id=\"hasil\"", "</table>");
    assert!(results.contains("Antrean Online Puskesmas"), "{results}");
    assert!(
        results.contains("Level 2 ditulis pada indikator 29 penilaian 2026."),
        "{results}"
    );
    let (_, after) = common::call(
        router,
        "GET",
        "/api/v1/assessments/65.71/2026",
        Some(&api_token),
        None,
    )
    .await;
    assert_eq!(level_of(&after, antrean, "29"), Some(2), "{after}");
}

#[tokio::test]
async fn a_recurring_theme_is_linked_to_the_innovation_that_answers_it() {
    let w = world().await;
    let router = &w.router;
    let antrean =
        common::add_innovation(&w.app, w.dinkes, "Antrean Online Puskesmas", "2024-02-01").await;
    w.app.clock.set(wita(2026, 6, 1, 9, 0));
    for n in 0..3 {
        entered(
            &w.app,
            w.dinkes,
            &format!("Antrean panjang {n}"),
            wita(2026, 5, 4 + n, 9, 0),
        )
        .await;
    }
    let page = "/kelola/pengaduan/tema?wilayah=65.71";
    let (admin, token) = session(router, TARAKAN, page).await;
    let shown = send(router, get(page, Some(&admin))).await;
    let unanswered = between(&shown.html, "id=\"berulang-judul\"", "</table>");
    assert!(
        unanswered.contains("name=\"tag\" value=\"antrean\""),
        "{unanswered}"
    );
    assert!(
        unanswered.contains("<td class=\"num\">3</td>"),
        "{unanswered}"
    );
    assert!(unanswered.contains(&antrean.to_string()), "{unanswered}");

    // An id that names nothing comes back on its row.
    let wrong = send(
        router,
        post(
            "/kelola/pengaduan/tema",
            Some(&admin),
            &[
                ("csrf", &token),
                ("wilayah", "65.71"),
                ("kategori", "kesehatan"),
                ("tag", "antrean"),
                ("inovasi_id", "bukan-id"),
            ],
        ),
    )
    .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.html
    );
    assert!(wrong.html.contains("ID inovasi tidak sah"));
    assert!(wrong.html.contains("value=\"bukan-id\""));

    let linked = send(
        router,
        post(
            "/kelola/pengaduan/tema",
            Some(&admin),
            &[
                ("csrf", &token),
                ("wilayah", "65.71"),
                ("kategori", "kesehatan"),
                ("tag", "antrean"),
                ("inovasi", &antrean.to_string()),
            ],
        ),
    )
    .await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.html);
    let shown = send(router, get(page, Some(&admin))).await;
    let unanswered = between(&shown.html, "id=\"berulang-judul\"", "id=\"tautan-judul\"");
    assert!(
        !unanswered.contains("name=\"tag\" value=\"antrean\""),
        "{unanswered}"
    );
    let links = between(&shown.html, "id=\"tautan-judul\"", "</section>");
    assert!(links.contains("Antrean Online Puskesmas"), "{links}");
    let remove = between(links, "action=\"", "\"").to_owned();
    assert!(remove.ends_with("/hapus"), "{remove}");

    // Removing the link brings the theme back.
    let removed = send(
        router,
        post(
            &remove,
            Some(&admin),
            &[("csrf", &token), ("wilayah", "65.71")],
        ),
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.html);
    let shown = send(router, get(page, Some(&admin))).await;
    let unanswered = between(&shown.html, "id=\"berulang-judul\"", "id=\"tautan-judul\"");
    assert!(
        unanswered.contains("name=\"tag\" value=\"antrean\""),
        "{unanswered}"
    );
}

#[tokio::test]
async fn a_jayapura_complaint_is_entered_and_shown_in_wit() {
    let w = world().await;
    let router = &w.router;
    add_region(&w.app, "91.71", "Kota Jayapura").await;
    add_user(&w.app, "admin@jayapurakota.go.id", "regency_admin", "91.71").await;
    let (admin, token) =
        session(router, "admin@jayapurakota.go.id", "/kelola/pengaduan/baru").await;
    let filed = send(
        router,
        post(
            "/kelola/pengaduan/baru",
            Some(&admin),
            &[
                ("csrf", &token),
                ("channel", "whatsapp"),
                ("received_at", "2026-07-06T08:15"),
                ("category", "kesehatan"),
                ("region_code", "91.71"),
                ("subject", "Antrean Puskesmas Hamadi"),
                ("description", "Antrean pendaftaran sampai tiga jam."),
                ("reporter_name", "Yohanes Wenda"),
            ],
        ),
    )
    .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.html);
    let id: Uuid = between(
        &filed.html,
        "href=\"/kelola/pengaduan/",
        "\">Buka pengaduan ini",
    )
    .parse()
    .unwrap();
    // 08.15 in Jayapura (WIT, UTC+9) is 23.15 UTC the evening before.
    let stored = complaints::get(&w.app, &Caller::system(), id)
        .await
        .unwrap();
    assert_eq!(
        stored.complaint.received_at,
        Utc.with_ymd_and_hms(2026, 7, 5, 23, 15, 0).unwrap()
    );
    let page = send(
        router,
        get(&format!("/kelola/pengaduan/{id}"), Some(&admin)),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(
        page.html.contains("6 Juli 2026 pukul 08.15 WIT"),
        "{}",
        page.html
    );
}
