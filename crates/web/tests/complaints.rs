//! Complaints through the API and the public pages: the challenge, filing without an
//! account, refusals that keep what was typed, the rate limit, tracking by number, the
//! reporter's PIN, officers' steps, and the problems an innovation answers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use chrono::{TimeZone, Utc};
use common::{call, send};
use lumbung_service::App;
use serde_json::{Value, json};

/// "Berapa 4 + 7?" → "11", as a person reads it.
fn answer(question: &str) -> String {
    question
        .trim_start_matches("Berapa ")
        .trim_start_matches("What is ")
        .trim_end_matches('?')
        .split(" + ")
        .map(|n| n.trim().parse::<u32>().unwrap())
        .sum::<u32>()
        .to_string()
}

async fn setup() -> (axum::Router, App, lumbung_store::testing::TestDb) {
    let (router, app, db) = common::app().await;
    common::add_region(&app, "65.71", "Kota Tarakan").await;
    // Monday 6 April 2026, 10:00 in Tarakan (WITA).
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 4, 6, 2, 0, 0).unwrap());
    (router, app, db)
}

fn body(challenge: &Value, answer_text: &str) -> Value {
    json!({
        "category": "kesehatan",
        "tags": ["antrean"],
        "region_code": "65.71",
        "subject": "Antrean poli umum",
        "description": "Antrean pendaftaran poli umum sampai tiga jam setiap Senin pagi.",
        "reporter_email": "warga@contoh.id",
        "anonymous": true,
        "challenge_token": challenge["token"],
        "challenge_answer": answer_text,
    })
}

#[tokio::test]
async fn a_citizen_files_through_the_api_and_tracks_it_by_number() {
    let (router, _app, _db) = setup().await;
    let (status, challenge) =
        call(&router, "GET", "/api/v1/complaints/challenge", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let right = answer(challenge["question"].as_str().unwrap());
    let wrong = (right.parse::<u32>().unwrap() + 1).to_string();

    // A wrong answer is refused with the other problems at once.
    let mut bad = body(&challenge, &wrong);
    bad["description"] = json!("pendek");
    let (status, error) = call(&router, "POST", "/api/v1/complaints", None, Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    let fields = error["error"]["fields"].to_string();
    assert!(
        fields.contains("challenge_answer") && fields.contains("description"),
        "{error}"
    );

    // The hidden field filled in, as robots do: refused.
    let mut robot = body(&challenge, &right);
    robot["website"] = json!("http://spam.example");
    let (status, _) = call(&router, "POST", "/api/v1/complaints", None, Some(robot)).await;
    assert!(status.is_client_error());

    let (status, filed) = call(
        &router,
        "POST",
        "/api/v1/complaints",
        None,
        Some(body(&challenge, &right)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{filed}");
    let number = filed["tracking_number"].as_str().unwrap().to_owned();
    assert_eq!(number, "ADU-2026-000001");
    // Monday 6 April: Tue 7, Wed 8, Thu 9.
    assert_eq!(filed["verify_by"], "2026-04-09");

    let (status, tracked) = call(
        &router,
        "GET",
        "/api/v1/complaints/track/adu-2026-1",
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tracked}");
    assert_eq!(tracked["tracking_number"], number);
    assert_eq!(tracked["status"], "received");
    let text = tracked.to_string();
    assert!(
        !text.contains("warga@contoh.id") && !text.contains("tiga jam"),
        "{text}"
    );
    let (status, _) = call(
        &router,
        "GET",
        "/api/v1/complaints/track/ADU-2026-000099",
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &router,
        "GET",
        "/api/v1/complaints/track/nomor-asal",
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Nobody signed in lists nothing; a stranger region's admin sees nothing of it.
    let (status, _) = call(&router, "GET", "/api/v1/complaints", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let bali = common::token(&_app, "admin@baliprov.go.id", "province_admin", "51").await;
    let (status, list) = call(
        &router,
        "GET",
        "/api/v1/complaints?region=51",
        Some(&bali),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 0);
    let id = filed["id"].as_str().unwrap();
    let (status, _) = call(
        &router,
        "GET",
        &format!("/api/v1/complaints/{id}"),
        Some(&bali),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The region's admin verifies and answers; the reporter closes with the PIN.
    let tarakan = common::token(&_app, "admin@tarakankota.go.id", "regency_admin", "65.71").await;
    let (status, view) = call(
        &router,
        "GET",
        &format!("/api/v1/complaints/{id}"),
        Some(&tarakan),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    // Anonymous toward agencies, not toward the region's admins.
    assert_eq!(view["reporter_email"], "warga@contoh.id");
    assert_eq!(view["steps"], json!(["verify", "reject"]));
    let (status, _) = call(
        &router,
        "POST",
        &format!("/api/v1/complaints/{id}/steps"),
        Some(&tarakan),
        Some(json!({"step": "answer", "answer": "Sudah dijawab."})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, view) = call(
        &router,
        "POST",
        &format!("/api/v1/complaints/{id}/steps"),
        Some(&tarakan),
        Some(json!({"step": "verify"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let (status, error) = call(
        &router,
        "POST",
        &format!("/api/v1/complaints/track/{number}/actions"),
        None,
        Some(json!({"action": "close", "pin": filed["pin"]})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a verified complaint has no answer to accept: {error}"
    );
}

#[tokio::test]
async fn filings_from_one_address_are_limited_per_hour() {
    let (router, app, _db) = setup().await;
    let mut last = StatusCode::OK;
    for n in 0..21 {
        let (_, challenge) = call(&router, "GET", "/api/v1/complaints/challenge", None, None).await;
        let right = answer(challenge["question"].as_str().unwrap());
        let mut input = body(&challenge, &right);
        input["subject"] = json!(format!("Antrean poli umum {n}"));
        let (status, _) = call(&router, "POST", "/api/v1/complaints", None, Some(input)).await;
        if n < 20 {
            assert_eq!(status, StatusCode::CREATED, "filing {n}");
        }
        last = status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // An hour later the address may file again.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 4, 6, 3, 5, 0).unwrap());
    let (_, challenge) = call(&router, "GET", "/api/v1/complaints/challenge", None, None).await;
    let right = answer(challenge["question"].as_str().unwrap());
    let (status, _) = call(
        &router,
        "POST",
        "/api/v1/complaints",
        None,
        Some(body(&challenge, &right)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

/// The question printed on the form.
fn question(html: &str) -> String {
    let start = html.find("id=\"pertanyaan\">").unwrap() + "id=\"pertanyaan\">".len();
    let end = html[start..].find('<').unwrap();
    html[start..start + end].to_owned()
}

fn token(html: &str) -> String {
    let marker = "name=\"challenge_token\" value=\"";
    let start = html.find(marker).unwrap() + marker.len();
    let end = html[start..].find('"').unwrap();
    html[start..start + end].to_owned()
}

#[tokio::test]
async fn the_public_form_keeps_what_was_typed_and_shows_the_number_and_pin_once() {
    let (router, _app, _db) = setup().await;
    let page = send(&router, common::get("/pengaduan", None)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Kota Tarakan"), "the region list");
    let page = send(&router, common::get("/pengaduan?wilayah=65.71", None)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("id=\"wilayah-terpilih\">Kota Tarakan"));
    let q = question(&page.html);
    let t = token(&page.html);
    let right = answer(&q);

    let typed = [
        ("region_code", "65.71"),
        ("category", "kesehatan"),
        ("subject", "Obat kosong di puskesmas"),
        ("description", "pendek"),
        ("challenge_token", t.as_str()),
        ("challenge_answer", right.as_str()),
    ];
    let refused = send(&router, common::post_multipart("/pengaduan", "", &typed)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.html.contains("value=\"Obat kosong di puskesmas\""),
        "the subject is kept"
    );
    assert!(refused.html.contains("ringkasan-galat"));
    assert!(refused.html.contains("href=\"#f-description\""));

    let q = question(&refused.html);
    let t = token(&refused.html);
    let right = answer(&q);
    let good = [
        ("region_code", "65.71"),
        ("category", "kesehatan"),
        ("tags", "obat, puskesmas"),
        ("subject", "Obat kosong di puskesmas"),
        (
            "description",
            "Obat hipertensi kosong selama dua minggu di Puskesmas Karang Rejo.",
        ),
        ("challenge_token", t.as_str()),
        ("challenge_answer", right.as_str()),
    ];
    let filed = send(&router, common::post_multipart("/pengaduan", "", &good)).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.html);
    assert!(
        filed
            .html
            .contains("id=\"nomor-pengaduan\">ADU-2026-000001")
    );
    assert!(filed.html.contains("id=\"pin-pengaduan\">"));

    let tracked = send(
        &router,
        common::get("/pengaduan/lacak?nomor=ADU-2026-000001", None),
    )
    .await;
    assert_eq!(tracked.status, StatusCode::OK);
    assert!(
        tracked.html.contains("id=\"status-pengaduan\">Diterima"),
        "{}",
        tracked.html
    );
    // M7: numbers run in sequence, so the number alone shows the status, not the subject.
    assert!(!tracked.html.contains("Obat kosong di puskesmas"));
    assert!(tracked.html.contains("id=\"form-rincian\""));
    let pin_start =
        filed.html.find("id=\"pin-pengaduan\">").unwrap() + "id=\"pin-pengaduan\">".len();
    let pin = filed.html[pin_start..]
        .split('<')
        .next()
        .unwrap()
        .trim()
        .to_owned();
    let wrong = send(
        &router,
        common::post(
            "/pengaduan/lacak",
            None,
            &[
                ("nomor", "ADU-2026-000001"),
                ("action", "details"),
                ("pin", "ZZZZZZZZ"),
            ],
        ),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!wrong.html.contains("Obat kosong di puskesmas"));
    let tracked = send(
        &router,
        common::post(
            "/pengaduan/lacak",
            None,
            &[
                ("nomor", "ADU-2026-000001"),
                ("action", "details"),
                ("pin", &pin),
            ],
        ),
    )
    .await;
    assert_eq!(tracked.status, StatusCode::OK, "{}", tracked.html);
    assert!(
        tracked.html.contains("Obat kosong di puskesmas"),
        "{}",
        tracked.html
    );
    assert!(
        !tracked.html.contains("Karang Rejo"),
        "the description stays private"
    );
    // Nothing to close or reopen yet.
    assert!(!tracked.html.contains("form-tanggapan"));
    let unknown = send(
        &router,
        common::get("/pengaduan/lacak?nomor=ADU-2026-000777", None),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.html.contains("tidak ditemukan"));
}

#[tokio::test]
async fn a_recurring_theme_is_linked_to_the_innovation_that_answers_it() {
    let (router, app, _db) = setup().await;
    let tarakan = common::token(&app, "admin@tarakankota.go.id", "regency_admin", "65.71").await;
    for n in 0..3 {
        let (status, filed) = call(
            &router,
            "POST",
            "/api/v1/complaints/intake",
            Some(&tarakan),
            Some(json!({
                "category": "kesehatan",
                "tags": ["antrean", format!("puskesmas {n}")],
                "region_code": "65.71",
                "subject": format!("Antrean puskesmas {n}"),
                "description": "Antrean pendaftaran sampai dua jam setiap pagi.",
                "channel": "sms",
            })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{filed}");
    }
    let (status, themes) = call(
        &router,
        "GET",
        "/api/v1/complaints/themes?region=65.71",
        Some(&tarakan),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{themes}");
    let unanswered = |themes: &Value| -> Vec<(String, Value, u64)> {
        themes["unanswered"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["category"].as_str().unwrap().to_owned(),
                    t["tag"].clone(),
                    t["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        unanswered(&themes),
        vec![
            ("kesehatan".into(), Value::Null, 3),
            ("kesehatan".into(), json!("antrean"), 3),
        ],
        "one-off tags do not recur"
    );

    // Matchmaking proposes another region's innovation that speaks to the recurring tag.
    let kaltim = common::add_agency(&app, "64", "Dinas Kesehatan Provinsi Kalimantan Timur").await;
    let elsewhere =
        common::add_innovation(&app, kaltim, "Antrean Pasien Tanpa Kertas", "2024-03-01").await;
    common::publish(&app, elsewhere).await;
    let (status, suggestions) = call(
        &router,
        "GET",
        "/api/v1/replications/suggestions?region=65.71",
        Some(&tarakan),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{suggestions}");
    let suggested = suggestions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["innovation"] == json!(elsewhere.to_string()))
        .unwrap_or_else(|| panic!("not suggested: {suggestions}"));
    assert!(
        suggested["reasons"]
            .to_string()
            .contains("tema pengaduan warga \\\"antrean\\\""),
        "{suggested}"
    );

    let dinkes = common::add_agency(&app, "65.71", "Dinas Kesehatan Kota Tarakan").await;
    let innovation =
        common::add_innovation(&app, dinkes, "Antrean Daring Puskesmas", "2025-01-06").await;
    common::publish(&app, innovation).await;
    let (status, link) = call(
        &router,
        "POST",
        "/api/v1/complaints/themes",
        Some(&tarakan),
        Some(
            json!({"region_code": "65.71", "category": "kesehatan", "tag": "Antrean",
                    "innovation_id": innovation, "note": "Pendaftaran daring sejak Januari 2025"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    let (_, themes) = call(
        &router,
        "GET",
        "/api/v1/complaints/themes?region=65.71",
        Some(&tarakan),
        None,
    )
    .await;
    assert_eq!(
        unanswered(&themes),
        vec![("kesehatan".into(), Value::Null, 3)]
    );
    assert_eq!(themes["links"][0]["tag"], "antrean");

    // Another region's admin may not link Tarakan's themes.
    let bali = common::token(&app, "admin@baliprov.go.id", "province_admin", "51").await;
    let (status, _) = call(
        &router,
        "POST",
        "/api/v1/complaints/themes",
        Some(&bali),
        Some(json!({"region_code": "65.71", "category": "kesehatan", "innovation_id": innovation})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The innovation's public page names the problem it answers, not the complaints.
    let (status, problems) = call(
        &router,
        "GET",
        &format!("/api/v1/innovations/{innovation}/problems"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(problems["themes"].as_array().unwrap().len(), 1);
    let page = send(
        &router,
        common::get(&format!("/inovasi/{innovation}"), None),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Masalah yang dijawab"));
    assert!(page.html.contains("Kesehatan · antrean"), "{}", page.html);
    assert!(!page.html.contains("Antrean puskesmas 0"));
}

/// A multipart form with text fields and files, as a browser sends it.
fn multipart(
    uri: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> axum::http::Request<axum::body::Body> {
    let boundary = "----lumbung-lampiran";
    let mut body: Vec<u8> = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (file_name, bytes) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    axum::http::Request::builder()
        .method("POST")
        .uri(uri)
        .header(axum::http::header::HOST, common::HOST)
        .header(
            axum::http::header::ORIGIN,
            format!("https://{}", common::HOST),
        )
        .header(
            axum::http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(axum::body::Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn attachments_are_type_checked_and_reach_the_officers_only() {
    let (router, app, _db) = setup().await;
    let pdf: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";
    let program: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00";
    let form = send(&router, common::get("/pengaduan?wilayah=65.71", None)).await;
    let right = answer(&question(&form.html));
    let t = token(&form.html);
    let fields = [
        ("region_code", "65.71"),
        ("category", "kesehatan"),
        ("subject", "Bukti antrean"),
        (
            "description",
            "Foto dan surat keterangan antrean terlampir, diambil Senin pagi.",
        ),
        ("challenge_token", t.as_str()),
        ("challenge_answer", right.as_str()),
    ];
    let refused = send(
        &router,
        multipart(
            "/pengaduan",
            &fields,
            &[("surat.pdf", pdf), ("alat.exe", program)],
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.html.contains("alat.exe"),
        "the refused file is named"
    );
    assert!(refused.html.contains("pilih kembali berkasnya"));

    let form = refused.html;
    let right = answer(&question(&form));
    let t = token(&form);
    let fields = [
        ("region_code", "65.71"),
        ("category", "kesehatan"),
        ("subject", "Bukti antrean"),
        (
            "description",
            "Foto dan surat keterangan antrean terlampir, diambil Senin pagi.",
        ),
        ("challenge_token", t.as_str()),
        ("challenge_answer", right.as_str()),
    ];
    let filed = send(
        &router,
        multipart("/pengaduan", &fields, &[("surat.pdf", pdf)]),
    )
    .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.html);

    let tarakan = common::token(&app, "admin@tarakankota.go.id", "regency_admin", "65.71").await;
    let (_, list) = call(
        &router,
        "GET",
        "/api/v1/complaints?region=65.71",
        Some(&tarakan),
        None,
    )
    .await;
    let id = list[0]["id"].as_str().unwrap().to_owned();
    let (_, view) = call(
        &router,
        "GET",
        &format!("/api/v1/complaints/{id}"),
        Some(&tarakan),
        None,
    )
    .await;
    let attachments = view["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1, "{view}");
    assert_eq!(attachments[0]["file_name"], "surat.pdf");
    assert_eq!(attachments[0]["content_type"], "application/pdf");
    let file_uri = format!(
        "/api/v1/complaints/attachments/{}",
        attachments[0]["id"].as_str().unwrap()
    );
    let mut request = common::get(&file_uri, None);
    request.headers_mut().insert(
        axum::http::header::AUTHORIZATION,
        format!("Bearer {tarakan}").parse().unwrap(),
    );
    let file = send(&router, request).await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.html.starts_with("%PDF-1.7"));
    // Nobody else reads it.
    let anonymous = send(&router, common::get(&file_uri, None)).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_reporter_accepts_the_answer_on_the_tracking_page_with_the_pin() {
    let (router, app, _db) = setup().await;
    let (_, challenge) = call(&router, "GET", "/api/v1/complaints/challenge", None, None).await;
    let right = answer(challenge["question"].as_str().unwrap());
    let (_, filed) = call(
        &router,
        "POST",
        "/api/v1/complaints",
        None,
        Some(body(&challenge, &right)),
    )
    .await;
    let number = filed["tracking_number"].as_str().unwrap().to_owned();
    let pin = filed["pin"].as_str().unwrap().to_owned();
    let id = filed["id"].as_str().unwrap().to_owned();
    let tarakan = common::token(&app, "admin@tarakankota.go.id", "regency_admin", "65.71").await;
    let dinkes = common::add_agency(&app, "65.71", "Dinas Kesehatan Kota Tarakan").await;
    for step in [
        json!({"step": "verify"}),
        json!({"step": "assign", "agency_id": dinkes}),
        json!({"step": "answer", "answer": "Loket kedua dibuka setiap Senin pagi."}),
    ] {
        let (status, view) = call(
            &router,
            "POST",
            &format!("/api/v1/complaints/{id}/steps"),
            Some(&tarakan),
            Some(step),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{view}");
    }
    let page = send(
        &router,
        common::get(&format!("/pengaduan/lacak?nomor={number}"), None),
    )
    .await;
    assert!(
        !page.html.contains("Loket kedua dibuka"),
        "the answer needs the PIN"
    );
    let (status, public) = call(
        &router,
        "GET",
        &format!("/api/v1/complaints/track/{number}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(public["details"], false);
    assert!(!public.to_string().contains("Loket kedua"), "{public}");
    let (status, details) = call(
        &router,
        "POST",
        &format!("/api/v1/complaints/track/{number}/details"),
        None,
        Some(json!({"pin": pin})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{details}");
    assert_eq!(details["answer"], "Loket kedua dibuka setiap Senin pagi.");
    let page = send(
        &router,
        common::post(
            "/pengaduan/lacak",
            None,
            &[("nomor", &number), ("action", "details"), ("pin", &pin)],
        ),
    )
    .await;
    assert!(page.html.contains("id=\"form-tanggapan\""));
    assert!(page.html.contains("Loket kedua dibuka"));

    let wrong = send(
        &router,
        common::post(
            "/pengaduan/lacak",
            None,
            &[("nomor", &number), ("action", "close"), ("pin", "ZZZZZZZZ")],
        ),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.html.contains("id=\"f-pin-error\""), "{}", wrong.html);

    let closed = send(
        &router,
        common::post(
            "/pengaduan/lacak",
            None,
            &[("nomor", &number), ("action", "close"), ("pin", &pin)],
        ),
    )
    .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.html);
    let page = send(&router, common::get(closed.location(), None)).await;
    assert!(
        page.html.contains("id=\"status-pengaduan\">Selesai"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Tanggapan Anda sudah dicatat"));
}

/// A JSON call that arrives through the load balancer at 10.0.0.5 for `client`.
async fn call_via_balancer(
    router: &axum::Router,
    method: &str,
    uri: &str,
    client: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    use axum::body::Body;
    use axum::http::{Request, header};
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, common::HOST)
        .header("x-forwarded-for", format!("{client}, 10.0.0.7"));
    let body = match body {
        Some(body) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    let mut request = request.body(body).unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            [10, 0, 0, 5],
            40_000,
        ))));
    let page = send(router, request).await;
    (
        page.status,
        serde_json::from_str(&page.html).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn h3_behind_a_trusted_balancer_each_citizen_has_their_own_filing_limit() {
    let (_, app, _db) = setup().await;
    let trusting = lumbung_web::router(lumbung_web::AppState::new(
        app.clone(),
        lumbung_web::WebConfig {
            trusted_proxies: vec!["10.0.0.0/8".parse().unwrap()],
            ..Default::default()
        },
    ));
    let not_trusting = lumbung_web::router(lumbung_web::AppState::new(
        app.clone(),
        lumbung_web::WebConfig::default(),
    ));
    let file = |router: axum::Router, client: String, n: usize| async move {
        let (_, challenge) = call_via_balancer(
            &router,
            "GET",
            "/api/v1/complaints/challenge",
            &client,
            None,
        )
        .await;
        let right = answer(challenge["question"].as_str().unwrap());
        let mut input = body(&challenge, &right);
        input["subject"] = json!(format!("Antrean poli umum {n}"));
        call_via_balancer(&router, "POST", "/api/v1/complaints", &client, Some(input))
            .await
            .0
    };
    // 25 citizens through the balancer, one filing each: all are taken.
    for n in 0..25 {
        let status = file(trusting.clone(), format!("198.51.100.{n}"), n).await;
        assert_eq!(status, StatusCode::CREATED, "citizen {n}");
    }
    // One citizen still meets the limit of their own address.
    let mut last = StatusCode::OK;
    for n in 0..21 {
        last = file(trusting.clone(), "203.0.113.9".into(), 100 + n).await;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // Without the setting the balancer's address is everyone's: the 21st filing of the
    // hour through it is refused whoever sends it, and a forged header changes nothing.
    let mut statuses = Vec::new();
    for n in 0..21 {
        statuses.push(file(not_trusting.clone(), format!("192.0.2.{n}"), 200 + n).await);
    }
    assert_eq!(statuses[19], StatusCode::CREATED);
    assert_eq!(statuses[20], StatusCode::TOO_MANY_REQUESTS);
}
