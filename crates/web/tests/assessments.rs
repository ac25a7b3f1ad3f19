//! Stored assessments of the index through the API: the same numbers as the self-contained
//! evaluation, evidence review, what-if, the reporting window, rankings and history.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{add_region, token};
use http_body_util::BodyExt;
use lumbung_service::innovations::InnovationInput;
use lumbung_service::{App, Caller};
use lumbung_store::testing::TestDb;
use serde_json::{Value, json};
use tower::ServiceExt;

const BASIC: [&str; 5] = [
    "pendidikan",
    "kesehatan",
    "sosial",
    "pekerjaan_umum_penataan_ruang",
    "perumahan_rakyat_kawasan_permukiman",
];
const MANDATORY: [&str; 5] = ["16", "17", "32", "33", "35"];

struct T {
    app: App,
    router: Router,
    regency: String,
    verifier: String,
    national: String,
    innovations: Vec<String>,
    _db: TestDb,
}

/// Kabupaten Bulungan with 13 innovations of its own agencies (implemented 2024, designs of
/// 320 words), 5 of them in distinct basic-service affairs.
async fn setup() -> T {
    let (router, app, db) = common::app().await;
    add_region(&app, "65.01", "Kabupaten Bulungan").await;
    add_region(&app, "65.02", "Kabupaten Malinau").await;
    let agency = lumbung_service::agencies::create(
        &app,
        &Caller::system(),
        &lumbung_service::agencies::AgencyInput {
            region: "65.01".into(),
            name: "Bappeda Bulungan".into(),
            kind: None,
        },
    )
    .await
    .unwrap();
    let mut innovations = Vec::new();
    for i in 0..13 {
        let mut input = InnovationInput {
            agency_id: Some(agency.id),
            ..Default::default()
        };
        input.profile.name = format!("Inovasi Bulungan {i}");
        input.profile.stage = "penerapan".into();
        input.profile.implementation_date = Some("2024-06-01".into());
        input.profile.kind = "digital".into();
        input.profile.form = "pelayanan_publik".into();
        input.profile.main_affair = Some(BASIC.get(i).copied().unwrap_or("tenaga_kerja").into());
        input.profile.design = Some("kata ".repeat(320));
        let created = lumbung_service::innovations::create(&app, &Caller::system(), &input)
            .await
            .unwrap();
        innovations.push(created.id.to_string());
    }
    T {
        regency: token(&app, "bappeda@bulungan.go.id", "regency_admin", "65.01").await,
        verifier: token(&app, "verifikator@kaltaraprov.go.id", "verifier", "65").await,
        national: token(&app, "admin@bskdn.go.id", "national_admin", "ID").await,
        router,
        app,
        innovations,
        _db: db,
    }
}

impl T {
    async fn send(&self, request: Request<Body>) -> (StatusCode, Vec<u8>) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        (
            status,
            response
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec(),
        )
    }

    async fn call(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        let (status, bytes) = self.send(request.body(body).unwrap()).await;
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn answer(&self, subject: Option<&str>, indicator: &str, level: u8) -> StatusCode {
        let uri = match subject {
            None => format!("/api/v1/assessments/65.01/2026/answers/{indicator}"),
            Some(id) => {
                format!("/api/v1/assessments/65.01/2026/innovations/{id}/answers/{indicator}")
            }
        };
        self.call(
            "PUT",
            &uri,
            Some(&self.regency),
            Some(json!({"level": level})),
        )
        .await
        .0
    }

    /// Uploads evidence: a link, or a file when `file` is given.
    async fn evidence(
        &self,
        subject: Option<&str>,
        indicator: &str,
        file: Option<(&str, &[u8])>,
    ) -> (StatusCode, Value) {
        let boundary = "----lumbung";
        let mut body = Vec::new();
        let mut text = |name: &str, value: &str| {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
            );
        };
        text("indicator", indicator);
        if let Some(id) = subject {
            text("innovation_id", id);
        }
        text("letter_number", "800/123/BAPPEDA");
        text("letter_date", "12/03/2025");
        if file.is_none() {
            text("link", "https://bulungankab.go.id/dokumen/123");
        }
        if let Some((name, bytes)) = file {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method("POST")
            .uri("/api/v1/assessments/65.01/2026/evidence")
            .header(header::AUTHORIZATION, format!("Bearer {}", self.regency))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        let (status, bytes) = self.send(request).await;
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn view(&self) -> Value {
        let (status, view) = self
            .call(
                "GET",
                "/api/v1/assessments/65.01/2026",
                Some(&self.regency),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{view}");
        view
    }

    /// Answers SPD 1 (level 3, a PDF) and 12 (level 2, a link), and the mandatory SID rows
    /// of every innovation at level 1 with links.
    async fn fill(&self) {
        assert_eq!(self.answer(None, "1", 3).await, StatusCode::OK);
        assert_eq!(self.answer(None, "12", 2).await, StatusCode::OK);
        let (status, body) = self
            .evidence(
                None,
                "1",
                Some(("perda-inovasi.pdf", b"%PDF-1.7\n1 0 obj\n")),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(self.evidence(None, "12", None).await.0, StatusCode::CREATED);
        for id in &self.innovations {
            for indicator in MANDATORY {
                assert_eq!(self.answer(Some(id), indicator, 1).await, StatusCode::OK);
                assert_eq!(
                    self.evidence(Some(id), indicator, None).await.0,
                    StatusCode::CREATED
                );
            }
        }
    }

    async fn queue(&self) -> Vec<Value> {
        let (status, queue) = self
            .call(
                "GET",
                "/api/v1/evidence/queue?region=65&year=2026",
                Some(&self.verifier),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{queue}");
        queue.as_array().unwrap().clone()
    }
}

/// The same data as a self-contained input: SPD 1 at 3 with evidence, SPD 12 at 2 without,
/// 13 innovations with their mandatory rows at 1.
fn self_contained(t: &T) -> Value {
    let innovations: Vec<Value> = t
        .innovations
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let answers: serde_json::Map<String, Value> = MANDATORY
                .iter()
                .map(|code| ((*code).to_owned(), json!({"level": 1, "evidence": true})))
                .collect();
            json!({"id": id, "affairs": [BASIC.get(i).copied().unwrap_or("tenaga_kerja")],
                   "implementation_start": "2024-06-01", "design_words": 320, "answers": answers})
        })
        .collect();
    json!({"year": 2026,
           "region": {"answers": {"1": {"level": 3, "evidence": true}, "12": {"level": 2, "evidence": false}}},
           "innovations": innovations})
}

#[tokio::test]
async fn the_stored_path_gives_the_numbers_of_the_self_contained_evaluation() {
    let t = setup().await;
    t.fill().await;

    // Before review nothing is verified; the claimed projection counts what is present:
    // SPD 3 + 4 = 7, SID 182 / 13 = 14, count 13 × 0.38 = 4.94 → total 25.94.
    let view = t.view().await;
    assert_eq!(view["verified"]["spd"], 0.0);
    assert_eq!(view["claimed"]["spd"], 7.0);
    assert_eq!(view["claimed"]["total"], 25.94);
    assert_eq!(view["verified"]["included"], 13);

    // The verifier accepts everything but SPD 12's link.
    let queue = t.queue().await;
    assert_eq!(queue.len(), 2 + 13 * 5);
    let mut spd_12 = String::new();
    for item in &queue {
        let id = item["id"].as_str().unwrap();
        if item["subject"] == "" && item["indicator"] == "12" {
            spd_12 = id.to_owned();
            continue;
        }
        let (status, _) = t
            .call(
                "POST",
                &format!("/api/v1/evidence/{id}/accept"),
                Some(&t.verifier),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }

    let stored = t.view().await["verified"].clone();
    let (status, computed) = t
        .call(
            "POST",
            "/api/v1/index/evaluate",
            None,
            Some(self_contained(&t)),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{computed}");
    for figure in [
        "spd",
        "sid_average",
        "innovation_count_score",
        "sid",
        "total",
        "index",
        "category",
        "included",
        "divisor",
    ] {
        assert_eq!(stored[figure], computed[figure], "{figure}");
    }
    // SPD 3, SID 14 + 4.94, total 21.94, index 8.776 → 8.78.
    assert_eq!(
        (stored["total"].as_f64(), stored["index"].as_f64()),
        (Some(21.94), Some(8.78))
    );

    // What if SPD 12's evidence were accepted: SPD 7, total 25.94, index 10.376 → 10.38.
    let (status, projected) = t
        .call(
            "POST",
            "/api/v1/assessments/65.01/2026/what-if",
            Some(&t.regency),
            Some(json!({"accept": [spd_12]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(projected["index"], 10.38);
    assert_eq!(
        t.view().await["verified"]["index"],
        8.78,
        "what-if changes nothing"
    );

    // An operator's edit puts the accepted evidence of that answer back to pending.
    assert_eq!(t.answer(None, "1", 2).await, StatusCode::OK);
    let view = t.view().await;
    assert_eq!(view["verified"]["spd"], 0.0);
    let spd_1 = view["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["indicator"] == "1" && a.get("innovation_id").is_none())
        .unwrap();
    assert_eq!(spd_1["evidence"][0]["status"], "pending");

    // The file is kept and served back; returning needs a note.
    let file_id = spd_1["evidence"][0]["id"].as_str().unwrap().to_owned();
    let request = Request::builder()
        .uri(format!("/api/v1/evidence/{file_id}/file"))
        .header(header::AUTHORIZATION, format!("Bearer {}", t.verifier))
        .body(Body::empty())
        .unwrap();
    let (status, bytes) = t.send(request).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(b"%PDF-1.7"));
    let (status, _) = t
        .call(
            "POST",
            &format!("/api/v1/evidence/{file_id}/return"),
            Some(&t.verifier),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, returned) = t
        .call(
            "POST",
            &format!("/api/v1/evidence/{file_id}/return"),
            Some(&t.verifier),
            Some(json!({"note": "Perda belum ditandatangani"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(returned["status"], "returned");
    assert_eq!(returned["review_note"], "Perda belum ditandatangani");
}

#[tokio::test]
async fn evidence_is_checked_and_writes_stay_within_their_scope() {
    let t = setup().await;
    assert_eq!(t.answer(None, "1", 3).await, StatusCode::OK);
    let (status, body) = t
        .evidence(None, "1", Some(("catatan.pdf", b"bukan pdf sama sekali")))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["fields"]["file"]
            .as_str()
            .unwrap()
            .contains("PDF"),
        "{body}"
    );
    assert_eq!(
        t.evidence(None, "99", None).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        t.answer(None, "1", 4).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        t.answer(None, "16", 1).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "16 is an innovation indicator"
    );

    // Malinau's admin cannot answer for Bulungan, nor see its assessment; the verifier
    // cannot answer; an operator of nothing sees nothing.
    let malinau = token(&t.app, "admin@malinau.go.id", "regency_admin", "65.02").await;
    let (status, _) = t
        .call(
            "PUT",
            "/api/v1/assessments/65.01/2026/answers/1",
            Some(&malinau),
            Some(json!({"level": 1})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = t
        .call(
            "GET",
            "/api/v1/assessments/65.01/2026",
            Some(&malinau),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t
        .call(
            "PUT",
            "/api/v1/assessments/65.01/2026/answers/1",
            Some(&t.verifier),
            Some(json!({"level": 1})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = t
        .call(
            "GET",
            "/api/v1/evidence/queue?region=65&year=2026",
            Some(&t.regency),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_window_closes_freezes_and_publishes_a_ranking() {
    let t = setup().await;
    t.fill().await;
    for item in t.queue().await {
        let id = item["id"].as_str().unwrap();
        t.call(
            "POST",
            &format!("/api/v1/evidence/{id}/accept"),
            Some(&t.verifier),
            None,
        )
        .await;
    }
    // Malinau has an assessment too, with only SPD 1 at level 1 and no evidence: index 0.
    let malinau = token(&t.app, "admin@malinau.go.id", "regency_admin", "65.02").await;
    t.call(
        "PUT",
        "/api/v1/assessments/65.02/2026/answers/1",
        Some(&malinau),
        Some(json!({"level": 1})),
    )
    .await;

    let (status, _) = t
        .call(
            "POST",
            "/api/v1/index-years/2026/close",
            Some(&t.regency),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, year) = t
        .call(
            "POST",
            "/api/v1/index-years/2026/close",
            Some(&t.national),
            None,
        )
        .await;
    assert_eq!(
        (status, year["open"].clone()),
        (StatusCode::OK, json!(false))
    );
    assert_eq!(t.answer(None, "2a", 1).await, StatusCode::CONFLICT);
    let (status, _) = t
        .call(
            "POST",
            "/api/v1/assessments/65.01/2026/reopen",
            Some(&t.national),
            Some(json!({"reopened": true})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        t.answer(None, "2a", 1).await,
        StatusCode::OK,
        "a reopened region may edit"
    );

    // Before publication the ranking is not public.
    let (status, _) = t.call("GET", "/api/v1/rankings/2026", None, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        t.call(
            "POST",
            "/api/v1/index-years/2026/publish",
            Some(&t.national),
            None
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        t.call(
            "POST",
            "/api/v1/index-years/2026/freeze",
            Some(&t.national),
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        t.answer(None, "2a", 2).await,
        StatusCode::CONFLICT,
        "frozen results do not change"
    );
    assert_eq!(
        t.call(
            "POST",
            "/api/v1/index-years/2026/publish",
            Some(&t.national),
            None
        )
        .await
        .0,
        StatusCode::OK
    );

    let (status, ranking) = t
        .call(
            "GET",
            "/api/v1/rankings/2026?within=65&cluster=kabupaten",
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{ranking}");
    let rows: Vec<(i64, String, String)> = ranking
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rank"].as_i64().unwrap(),
                r["region"]["code"].as_str().unwrap().to_owned(),
                r["index"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // Bulungan: SPD 3 + 4 + 1 (2a at 1 with no evidence scores 0) = 7 → total 25.94, index 10.38.
    assert_eq!(
        rows,
        [
            (1, "65.01".to_owned(), "10.38".to_owned()),
            (2, "65.02".to_owned(), "0.00".to_owned())
        ]
    );
    let (status, provinces) = t
        .call("GET", "/api/v1/rankings/2026?cluster=provinsi", None, None)
        .await;
    assert_eq!(
        (status, provinces.as_array().unwrap().len()),
        (StatusCode::OK, 0)
    );

    // History: this year's computed result beside a result published in 2020 on its own scale.
    let csv = "kode_wilayah,tahun,nilai,label,keterangan_skala\n65.01,2020,220,Kurang Inovatif,skala 2020\n65.02,2020,,kosong,\n";
    let boundary = "----x";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"h.csv\"\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    let request = Request::builder()
        .method("POST")
        .uri("/api/v1/imports/historic-results")
        .header(header::AUTHORIZATION, format!("Bearer {}", t.national))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    let (status, bytes) = t.send(request).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let (_, history) = t
        .call("GET", "/api/v1/regions/65.01/index-history", None, None)
        .await;
    assert_eq!(
        history["computed"][0],
        json!({"year": 2026, "index": "10.38", "category": "kurang_inovatif"})
    );
    assert_eq!(history["published"][0]["value"], "220");
    assert_eq!(history["published"][0]["category"], "kurang_inovatif");
    let (_, malinau_history) = t
        .call("GET", "/api/v1/regions/65.02/index-history", None, None)
        .await;
    assert_eq!(
        malinau_history["published"][0]["category"],
        "tidak_dapat_dinilai"
    );
}
