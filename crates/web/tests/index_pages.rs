//! The index pages through the real router: a regency admin answers and uploads evidence, a
//! verifier accepts it from the queue, the index follows; bad input comes back with its
//! message; rankings, public and managed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use lumbung_service::assessments::WindowAction;
use lumbung_service::auth::GrantInput;
use lumbung_service::domain::region::{Region, RegionCode};
use lumbung_service::{App, Caller};
use lumbung_store::testing::{TestDb, fresh_db};
use lumbung_web::{AppState, WebConfig};
use tower::ServiceExt;

const PASSWORD: &str = "sandi-yang-panjang-sekali";
const HOST: &str = "lumbung.example";
const ADMIN: &str = "bappeda@bulungan.go.id";
const VERIFIER: &str = "verifikator@kaltaraprov.go.id";
const PAGE: &str = "/kelola/indeks/65.01/2026";

struct Page {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    html: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }
}

async fn add_user(app: &App, email: &str, role: &str, region: &str) {
    lumbung_service::auth::add_user(
        app,
        &Caller::system(),
        email,
        email,
        PASSWORD,
        &[GrantInput {
            role: role.into(),
            region: region.into(),
            agency_id: None,
        }],
    )
    .await
    .unwrap();
}

/// Kabupaten Bulungan, its admin and the province's verifier.
async fn setup() -> (Router, App, TestDb) {
    let db = fresh_db().await.unwrap();
    let app = App::new(db.db.clone(), db.blobs.clone());
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .unwrap();
    let mut tx = app.db.begin().await.unwrap();
    lumbung_store::regions::upsert(
        &mut tx,
        &Region::new(RegionCode::parse("65.01").unwrap(), "Kabupaten Bulungan"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    add_user(&app, ADMIN, "regency_admin", "65.01").await;
    add_user(&app, VERIFIER, "verifier", "65").await;
    let router = lumbung_web::router(AppState::new(app.clone(), WebConfig::default()));
    (router, app, db)
}

async fn send(router: &Router, request: Request<Body>) -> Page {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Page {
        status,
        headers,
        html: String::from_utf8_lossy(&body).into_owned(),
    }
}

fn get(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::builder().uri(uri).header(header::HOST, HOST);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).unwrap()
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn post(uri: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Request<Body> {
    let body: Vec<String> = form
        .iter()
        .map(|(k, v)| format!("{k}={}", url_encode(v)))
        .collect();
    let mut request = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("https://{HOST}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::from(body.join("&"))).unwrap()
}

fn post_multipart(uri: &str, cookie: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let boundary = "----lumbung-batas";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    // An empty file input, as a browser sends it when no file was chosen.
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--{boundary}--\r\n"
    ));
    Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("https://{HOST}"))
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

fn csrf(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
    html[start..].split('"').next().unwrap().to_owned()
}

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

async fn sign_in(router: &Router, email: &str) -> String {
    let page = send(
        router,
        post("/masuk", None, &[("email", email), ("password", PASSWORD)]),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    let cookie = page.headers[header::SET_COOKIE].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
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
