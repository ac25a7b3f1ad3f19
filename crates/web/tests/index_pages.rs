//! The index pages through the real router: a regency admin answers and uploads evidence, a
//! verifier accepts it from the queue, the index follows; bad input comes back with its
//! message; rankings, public and managed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::Router;
use axum::http::StatusCode;
use common::{add_region, add_user, csrf, get, post, send, sign_in};
use lumbung_service::assessments::WindowAction;
use lumbung_service::{App, Caller};
use lumbung_store::testing::TestDb;

const ADMIN: &str = "bappeda@bulungan.go.id";
const VERIFIER: &str = "verifikator@kaltaraprov.go.id";
const PAGE: &str = "/kelola/indeks/65.01/2026";

/// Kabupaten Bulungan, its admin and the province's verifier.
async fn setup() -> (Router, App, TestDb) {
    let (router, app, db) = common::app().await;
    add_region(&app, "65.01", "Kabupaten Bulungan").await;
    add_user(&app, ADMIN, "regency_admin", "65.01").await;
    add_user(&app, VERIFIER, "verifier", "65").await;
    (router, app, db)
}

use common::post_multipart;

/// The value of the first attribute `attr="…"` after `marker`.
fn after(html: &str, marker: &str, attr: &str) -> String {
    let start = html.find(marker).expect(marker);
    let rest = &html[start..];
    let at = rest.find(&format!("{attr}=\"")).expect(attr) + attr.len() + 2;
    rest[at..].split('"').next().unwrap().to_owned()
}

/// The verified index as the header prints it.
fn verified_index(html: &str) -> String {
    let start = html.find("Indeks terverifikasi").expect("verified index");
    let rest = &html[start..];
    let at = rest.find("class=\"angka\">").unwrap() + 14;
    rest[at..].split('<').next().unwrap().to_owned()
}

#[tokio::test]
async fn an_answer_with_accepted_evidence_raises_the_verified_index() {
    let (router, app, _db) = setup().await;
    let admin = sign_in(&router, ADMIN).await;

    let first = send(&router, get(PAGE, Some(&admin))).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.html);
    assert!(first.html.contains("Rincian skor"));
    assert!(first.html.contains("Indikator wajib yang belum diisi"));
    assert!(first.html.contains("Visi dan Misi"));
    assert_eq!(verified_index(&first.html), "0,00");
    assert!(first.html.contains("Tidak dapat dinilai"));
    // The level options are the parameter texts of the rubric.
    assert!(
        first
            .html
            .contains("3 — Terdapat visi dan misi inovasi daerah"),
        "{}",
        first.html
    );
    let token = csrf(&first.html);

    // SPD indicator 1 at level 3.
    let saved = send(
        &router,
        post(
            &format!("{PAGE}/jawaban"),
            Some(&admin),
            &[
                ("csrf", &token),
                ("indicator", "1"),
                ("level", "3"),
                ("note", "RPJMD 2021–2026"),
            ],
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    assert!(saved.location().starts_with(PAGE), "{}", saved.location());

    // A link as its evidence, with the letter it rests on.
    let uploaded = send(
        &router,
        post_multipart(
            &format!("{PAGE}/data-dukung"),
            &admin,
            &[
                ("csrf", &token),
                ("indicator", "1"),
                ("innovation_id", ""),
                ("link", "https://jdih.bulungankab.go.id/perda-rpjmd.pdf"),
                ("letter_number", "050/123/Bappeda"),
                ("letter_date", "2026-02-03"),
                ("letter_subject", "Penetapan RPJMD"),
            ],
        ),
    )
    .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.html);

    let pending = send(&router, get(PAGE, Some(&admin))).await;
    assert!(
        pending.html.contains("menunggu verifikasi"),
        "{}",
        pending.html
    );
    assert!(
        pending
            .html
            .contains("3 — Terdapat visi dan misi inovasi daerah")
    );
    assert!(pending.html.contains("RPJMD 2021–2026"));
    assert!(pending.html.contains("No. 050/123/Bappeda"));
    assert!(pending.html.contains("3 Februari 2026"));
    assert_eq!(verified_index(&pending.html), "0,00");
    assert!(pending.html.contains("Indeks klaim"));

    // What-if: the index if this evidence were accepted.
    let evidence = after(&pending.html, "name=\"bukti\"", "value");
    let what_if = send(
        &router,
        get(
            &format!("{PAGE}/bagaimana-jika?bukti={evidence}"),
            Some(&admin),
        ),
    )
    .await;
    assert_eq!(what_if.status, StatusCode::OK);
    assert!(
        what_if
            .html
            .contains("Jika data dukung ini diterima, indeks menjadi 1,20 → Kurang inovatif"),
        "{}",
        what_if.html
    );

    // The verifier sees it in the queue; returning without a note is refused.
    let verifier = sign_in(&router, VERIFIER).await;
    let queue = send(
        &router,
        get("/kelola/verifikasi?wilayah=65&tahun=2026", Some(&verifier)),
    )
    .await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.html);
    let action = format!("/kelola/verifikasi/{evidence}");
    assert!(queue.html.contains(&action), "{}", queue.html);
    assert!(queue.html.contains("Kabupaten Bulungan"));
    assert!(queue.html.contains("SPD 1 Visi dan Misi"));
    assert!(
        queue
            .html
            .contains("https://jdih.bulungankab.go.id/perda-rpjmd.pdf")
    );
    let verifier_token = csrf(&queue.html);
    let no_note = send(
        &router,
        post(
            &action,
            Some(&verifier),
            &[
                ("csrf", &verifier_token),
                ("keputusan", "kembalikan"),
                ("catatan", " "),
                ("wilayah", "65"),
                ("tahun", "2026"),
            ],
        ),
    )
    .await;
    assert_eq!(no_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_note.html.contains("catatan"), "{}", no_note.html);
    assert!(no_note.html.contains(&action));

    let accepted = send(
        &router,
        post(
            &action,
            Some(&verifier),
            &[
                ("csrf", &verifier_token),
                ("keputusan", "terima"),
                ("wilayah", "65"),
                ("tahun", "2026"),
            ],
        ),
    )
    .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.html);
    let emptied = send(&router, get(accepted.location(), Some(&verifier))).await;
    assert!(emptied.html.contains("Data dukung diterima"));
    assert!(!emptied.html.contains(&action));

    // SPD 1: weight 1 × level 3 = 3; 3 / 250 × 100 = 1,20.
    let done = send(&router, get(PAGE, Some(&admin))).await;
    assert_eq!(verified_index(&done.html), "1,20", "{}", done.html);
    assert!(done.html.contains("Kurang inovatif"));
    assert!(done.html.contains(">diterima<"), "{}", done.html);
    assert!(done.html.contains("3,00"));

    // The managed ranking, for those who see the province.
    let ranking = send(
        &router,
        get(
            "/kelola/indeks/peringkat/2026?dalam=65&klaster=kabupaten",
            Some(&verifier),
        ),
    )
    .await;
    assert_eq!(ranking.status, StatusCode::OK, "{}", ranking.html);
    assert!(ranking.html.contains("Kabupaten Bulungan"));
    assert!(ranking.html.contains("1,20"));

    // Not yet published: the public page says so kindly.
    let unpublished = send(&router, get("/indeks/2026", None)).await;
    assert_eq!(unpublished.status, StatusCode::OK);
    assert!(unpublished.html.contains("belum diterbitkan"));
    assert!(!unpublished.html.contains("Kabupaten Bulungan"));

    // Frozen and published: public, and the assessment can no longer change.
    for action in [WindowAction::Freeze, WindowAction::Publish] {
        lumbung_service::assessments::set_window(&app, &Caller::system(), 2026, action)
            .await
            .unwrap();
    }
    let public = send(&router, get("/indeks/2026?klaster=kabupaten", None)).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public.html.contains("Kabupaten Bulungan"),
        "{}",
        public.html
    );
    assert!(public.html.contains("1,20"));
    let closed = send(&router, get(PAGE, Some(&admin))).await;
    assert!(closed.html.contains("Masa pelaporan ditutup"));
    assert!(!closed.html.contains("/jawaban\""));
}

#[tokio::test]
async fn a_bad_level_comes_back_with_its_message_and_what_was_typed() {
    let (router, _app, _db) = setup().await;
    let admin = sign_in(&router, ADMIN).await;
    let page = send(&router, get(PAGE, Some(&admin))).await;
    let token = csrf(&page.html);

    let bad = send(
        &router,
        post(
            &format!("{PAGE}/jawaban"),
            Some(&admin),
            &[
                ("csrf", &token),
                ("indicator", "1"),
                ("level", "5"),
                ("note", "catatan yang diketik"),
            ],
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("Level harus 0 sampai 3."), "{}", bad.html);
    assert!(bad.html.contains("value=\"catatan yang diketik\""));
    assert!(bad.html.contains("id=\"er-spd-1\""));

    // Evidence with neither file nor link, and a link that is not one.
    let no_evidence = send(
        &router,
        post_multipart(
            &format!("{PAGE}/data-dukung"),
            &admin,
            &[
                ("csrf", &token),
                ("indicator", "1"),
                ("link", "jdih.bulungankab.go.id"),
                ("letter_subject", "Perihal yang diketik"),
            ],
        ),
    )
    .await;
    assert_eq!(no_evidence.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_evidence.html.contains("http://"), "{}", no_evidence.html);
    assert!(no_evidence.html.contains("value=\"Perihal yang diketik\""));

    // A forged token changes nothing.
    let forged = send(
        &router,
        post(
            &format!("{PAGE}/jawaban"),
            Some(&admin),
            &[("csrf", "palsu"), ("indicator", "1"), ("level", "3")],
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_pages_need_a_session_and_the_landing_form_leads_on() {
    let (router, _app, _db) = setup().await;
    let guarded = send(&router, get(PAGE, None)).await;
    assert_eq!(guarded.status, StatusCode::SEE_OTHER);
    assert!(guarded.location().starts_with("/masuk"));
    let queue = send(&router, get("/kelola/verifikasi", None)).await;
    assert_eq!(queue.status, StatusCode::SEE_OTHER);

    let home = send(&router, get("/", None)).await;
    assert!(home.html.contains("href=\"/indeks\""), "{}", home.html);

    let admin = sign_in(&router, ADMIN).await;
    let landing = send(&router, get("/kelola/indeks", Some(&admin))).await;
    assert_eq!(landing.status, StatusCode::OK);
    assert!(landing.html.contains("value=\"2026\""));
    assert!(landing.html.contains("aria-current=\"page\">Indeks"));
    let go = send(
        &router,
        get("/kelola/indeks?wilayah=65.01&tahun=2026", Some(&admin)),
    )
    .await;
    assert_eq!(go.status, StatusCode::SEE_OTHER);
    assert_eq!(go.location(), PAGE);
    let wrong = send(
        &router,
        get("/kelola/indeks?wilayah=bulungan&tahun=2026", Some(&admin)),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.html.contains("value=\"bulungan\""));

    // A regency admin is no verifier of the province.
    let refused = send(
        &router,
        get("/kelola/verifikasi?wilayah=65&tahun=2026", Some(&admin)),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.html.contains("verifikator"));
}

#[tokio::test]
async fn an_innovation_is_answered_in_its_own_section() {
    let (router, app, _db) = setup().await;
    let agency = lumbung_service::agencies::create(
        &app,
        &Caller::system(),
        &lumbung_service::agencies::AgencyInput {
            region: "65.01".into(),
            name: "Dinas Kesehatan Bulungan".into(),
            kind: None,
        },
    )
    .await
    .unwrap();
    let mut input = lumbung_service::innovations::InnovationInput {
        agency_id: Some(agency.id),
        ..Default::default()
    };
    input.profile.name = "Posyandu Keliling Perbatasan".into();
    input.profile.stage = "penerapan".into();
    input.profile.implementation_date = Some("2024-06-01".into());
    input.profile.kind = "non_digital".into();
    input.profile.form = "pelayanan_publik".into();
    input.profile.main_affair = Some("kesehatan".into());
    input.profile.design = Some("kata ".repeat(120));
    let innovation = lumbung_service::innovations::create(&app, &Caller::system(), &input)
        .await
        .unwrap()
        .id
        .to_string();

    let admin = sign_in(&router, ADMIN).await;
    let page = send(&router, get(PAGE, Some(&admin))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("<details class=\"inovasi\""));
    assert!(page.html.contains("Posyandu Keliling Perbatasan"));
    assert!(page.html.contains("tidak dihitung"));
    assert!(
        page.html.contains("Rancang bangun 120 kata"),
        "{}",
        page.html
    );
    assert!(
        page.html
            .contains(&format!("name=\"innovation_id\" value=\"{innovation}\""))
    );

    let saved = send(
        &router,
        post(
            &format!("{PAGE}/jawaban"),
            Some(&admin),
            &[
                ("csrf", &csrf(&page.html)),
                ("indicator", "16"),
                ("innovation_id", &innovation),
                ("level", "2"),
            ],
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    assert!(saved.location().ends_with(&format!("#b-{innovation}-16")));
    let after_save = send(&router, get(PAGE, Some(&admin))).await;
    let row = &after_save.html[after_save
        .html
        .find(&format!("id=\"b-{innovation}-16\""))
        .unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("<td>2 — "), "{row}");
}

#[tokio::test]
async fn a_national_admin_runs_the_window_and_the_history_follows() {
    let (router, app, _db) = setup().await;
    const NATIONAL: &str = "admin@kemendagri.go.id";
    add_user(&app, NATIONAL, "national_admin", "ID").await;
    let national = sign_in(&router, NATIONAL).await;
    let regency = sign_in(&router, ADMIN).await;

    // Only a national admin sees the window panel.
    let landing = send(&router, get("/kelola/indeks?tahun=2026", Some(&regency))).await;
    assert_eq!(landing.status, StatusCode::OK, "{}", landing.html);
    assert!(!landing.html.contains("Masa pelaporan 2026"));
    let landing = send(&router, get("/kelola/indeks?tahun=2026", Some(&national))).await;
    assert!(
        landing.html.contains("Masa pelaporan 2026"),
        "{}",
        landing.html
    );
    assert!(landing.html.contains("value=\"close\""));
    let token = csrf(&landing.html);
    let window = |cookie: &str, token: &str, action: &str| {
        post(
            "/kelola/indeks/tahun/2026",
            Some(cookie),
            &[("csrf", token), ("tindakan", action)],
        )
    };

    // A regency admin posting the same form is refused and nothing changes.
    let regency_token = csrf(&send(&router, get(PAGE, Some(&regency))).await.html);
    let refused = send(&router, window(&regency, &regency_token, "close")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.html);
    assert!(
        lumbung_service::assessments::window(&app, 2026)
            .await
            .unwrap()
            .open
    );

    // Close the window: the regency can no longer answer.
    let closed = send(&router, window(&national, &token, "close")).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.html);
    let landing = send(&router, get(closed.location(), Some(&national))).await;
    assert!(
        landing.html.contains("Masa pelaporan ditutup."),
        "{}",
        landing.html
    );
    assert!(landing.html.contains("value=\"open\""));
    let page = send(&router, get(PAGE, Some(&regency))).await;
    assert!(page.html.contains("Masa pelaporan ditutup"));
    assert!(!page.html.contains("buka-kembali"));
    let refused = send(
        &router,
        post(
            &format!("{PAGE}/jawaban"),
            Some(&regency),
            &[("csrf", &regency_token), ("indicator", "1"), ("level", "2")],
        ),
    )
    .await;
    assert_ne!(refused.status, StatusCode::SEE_OTHER, "{}", refused.html);

    // Reopen for Bulungan only, from its assessment page; the answer then goes through.
    let page = send(&router, get(PAGE, Some(&national))).await;
    assert!(
        page.html.contains("Buka kembali penilaian daerah ini"),
        "{}",
        page.html
    );
    let reopened = send(
        &router,
        post(
            &format!("{PAGE}/buka-kembali"),
            Some(&national),
            &[("csrf", &token), ("dibuka", "1")],
        ),
    )
    .await;
    assert_eq!(reopened.status, StatusCode::SEE_OTHER, "{}", reopened.html);
    let page = send(&router, get(reopened.location(), Some(&national))).await;
    assert!(page.html.contains("dibuka kembali"), "{}", page.html);
    assert!(page.html.contains("Tutup kembali penilaian daerah ini"));
    let saved = send(
        &router,
        post(
            &format!("{PAGE}/jawaban"),
            Some(&regency),
            &[("csrf", &regency_token), ("indicator", "1"), ("level", "2")],
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);

    // Publishing needs freezing first; then the results show in the region's history.
    let early = send(&router, window(&national, &token, "publish")).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.html);
    assert!(
        early.html.contains("ekukan hasil sebelum menerbitkannya"),
        "{}",
        early.html
    );
    let page = send(&router, get(PAGE, Some(&regency))).await;
    assert!(page.html.contains("Belum ada hasil yang diterbitkan"));
    assert!(!page.html.contains("<svg class=\"grafik\""));
    for action in ["freeze", "publish"] {
        let done = send(&router, window(&national, &token, action)).await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{action}: {}",
            done.html
        );
    }
    let window = lumbung_service::assessments::window(&app, 2026)
        .await
        .unwrap();
    assert!(window.frozen && window.published);
    let landing = send(&router, get("/kelola/indeks?tahun=2026", Some(&national))).await;
    assert!(landing.html.contains("sudah dibekukan dan diterbitkan"));
    assert!(!landing.html.contains("name=\"tindakan\""));

    let page = send(&router, get(PAGE, Some(&regency))).await;
    assert!(page.html.contains("<svg class=\"grafik\""), "{}", page.html);
    assert!(
        page.html.contains("<title>2026: 0,00</title>"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Dihitung sistem ini"));
    assert!(
        page.html
            .contains("/api/v1/assessments/65.01/2026/report.pdf")
    );
    // Frozen: no reopening any more.
    let page = send(&router, get(PAGE, Some(&national))).await;
    assert!(!page.html.contains("Buka kembali penilaian daerah ini"));
}
