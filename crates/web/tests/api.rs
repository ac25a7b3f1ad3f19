//! The JSON API through the real router on a fresh database (SQLite, or PostgreSQL when
//! `LUMBUNG_TEST_DATABASE_URL` is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::PASSWORD;
use http_body_util::BodyExt;
use lumbung_service::App;
use lumbung_store::testing::TestDb;
use serde_json::{Value, json};
use tower::ServiceExt;

struct TestApp {
    app: App,
    router: Router,
    _db: TestDb,
}

struct Response {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Response {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| {
            panic!(
                "not JSON ({}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

impl TestApp {
    async fn new() -> TestApp {
        let (router, app, db) = common::app().await;
        for (code, name) in [
            ("65.01", "Kabupaten Bulungan"),
            ("65.02", "Kabupaten Malinau"),
            ("65.71", "Kota Tarakan"),
        ] {
            common::add_region(&app, code, name).await;
        }
        TestApp {
            app,
            router,
            _db: db,
        }
    }

    async fn user(&self, email: &str, role: &str, region: &str) {
        common::add_user(&self.app, email, role, region).await;
    }

    /// An API token for a new user with one role.
    async fn token(&self, email: &str, role: &str, region: &str) -> String {
        common::token(&self.app, email, role, region).await
    }

    async fn send(&self, request: Request<Body>) -> Response {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Response {
            status,
            headers,
            body,
        }
    }

    async fn call(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
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
        self.send(request.body(body).unwrap()).await
    }

    async fn upload(&self, uri: &str, token: &str, file_name: &str, bytes: &[u8]) -> Response {
        let boundary = "----lumbungtest";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method("POST")
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    async fn agency(&self, token: &str, region: &str, name: &str) -> String {
        let response = self
            .call(
                "POST",
                "/api/v1/agencies",
                Some(token),
                Some(json!({"region": region, "name": name})),
            )
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.json());
        response.json()["id"].as_str().unwrap().to_owned()
    }
}

fn innovation_body(agency_id: &str, name: &str) -> Value {
    json!({
        "agency_id": agency_id,
        "name": name,
        "stage": "penerapan",
        "implementation_date": "2021-02-01",
        "kind": "digital",
        "form": "pelayanan_publik",
        "main_affair": "kesehatan",
        "awards": [{"event": "KIPP", "year": 2019, "rank": "Top 45"}]
    })
}

/// 87 Kaltara innovations like the Biro Organisasi's 2020 inventory: 45 public-service and
/// 42 governance innovations over the province and its kabupaten/kota.
fn kaltara_csv(extra_bad_row: bool) -> Vec<u8> {
    let mut text = String::from(
        "nama_inovasi,kode_wilayah,perangkat_daerah,tahapan,jenis,bentuk,waktu_uji_coba,waktu_penerapan,urusan_utama,penghargaan\n",
    );
    let regions = ["65", "65.01", "65.02", "65.71"];
    for i in 0..87 {
        let form = if i < 45 {
            "Inovasi Pelayanan Publik"
        } else {
            "tata kelola"
        };
        let (stage, trial, implementation) = match i % 3 {
            0 => ("Uji Coba", "12/03/2021", ""),
            1 => ("penerapan", "2020-01-05", "2021-03-12"),
            _ => ("Inisiatif", "", ""),
        };
        let award = if i == 0 {
            "Top 45 KIPP 2019; OAPSI 2021"
        } else {
            ""
        };
        text.push_str(&format!(
            "Inovasi Kaltara {i},{},\"Dinas Ke-{}, Kaltara\",{stage},Digital,{form},{trial},{implementation},Kesehatan,{award}\n",
            regions[i % 4],
            i % 5
        ));
    }
    if extra_bad_row {
        text.push_str("Inovasi Rusak,65,Dinas Kesehatan,selesai,Digital,pelayanan publik,,,,\n");
    }
    text.into_bytes()
}

#[tokio::test]
async fn importing_kaltaras_87_innovations_gives_45_and_42_and_a_bad_row_changes_nothing() {
    let t = TestApp::new().await;
    let admin = t
        .token("biro.organisasi@kaltaraprov.go.id", "province_admin", "65")
        .await;

    let response = t
        .upload(
            "/api/v1/imports/innovations",
            &admin,
            "kaltara.csv",
            &kaltara_csv(false),
        )
        .await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    assert_eq!(response.json()["created"], 87);

    let stats = t
        .call(
            "GET",
            "/api/v1/stats/innovations?region=65&group_by=form",
            Some(&admin),
            None,
        )
        .await;
    let stats = stats.json();
    assert_eq!(stats["total"], 87);
    let count = |key: &str| {
        stats["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"] == key)
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(count("pelayanan_publik"), 45);
    assert_eq!(count("tata_kelola"), 42);
    let by_stage = t
        .call(
            "GET",
            "/api/v1/stats/innovations?region=65&group_by=stage",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(by_stage.json()["groups"].as_array().unwrap().len(), 3);
    let by_agency = t
        .call(
            "GET",
            "/api/v1/stats/innovations?region=65.01&group_by=agency",
            Some(&admin),
            None,
        )
        .await;
    assert!(
        by_agency.json()["groups"][0]["label"]
            .as_str()
            .unwrap()
            .starts_with("Dinas Ke-")
    );

    // The same file with one bad row: nothing is saved, and the row is named.
    let response = t
        .upload(
            "/api/v1/imports/innovations",
            &admin,
            "kaltara.csv",
            &kaltara_csv(true),
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = response.json();
    assert_eq!(error["error"]["code"], "import_rejected");
    let rows = error["error"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["row"], 89);
    assert_eq!(rows[0]["column"], "tahapan");
    let stats = t
        .call(
            "GET",
            "/api/v1/stats/innovations?region=65&group_by=form",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(stats.json()["total"], 87);

    // Drafts are not public.
    let public = t
        .call(
            "GET",
            "/api/v1/stats/innovations?region=65&group_by=form",
            None,
            None,
        )
        .await;
    assert_eq!(public.json()["total"], 0);
}

#[tokio::test]
async fn an_import_names_every_bad_cell_with_its_spreadsheet_row() {
    let t = TestApp::new().await;
    let operator = t
        .token("bulungan@kaltara.go.id", "regency_admin", "65.01")
        .await;
    let csv = "nama_inovasi,kode_wilayah,perangkat_daerah,tahapan,jenis,bentuk,waktu_uji_coba,waktu_penerapan\n\
               Baik,65.01,Dinas Kesehatan,penerapan,digital,pelayanan publik,,2021-01-01\n\
               ,65.01,Dinas Kesehatan,uji coba,digital,pelayanan publik,,\n\
               Lain,65.02,Dinas Kesehatan,penerapan,digital,tata kelola,,31/02/2021\n";
    let response = t
        .upload(
            "/api/v1/imports/innovations",
            &operator,
            "x.csv",
            csv.as_bytes(),
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let rows: Vec<(u64, String)> = response.json()["error"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["column"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(rows.contains(&(3, "nama_inovasi".into())), "{rows:?}");
    assert!(rows.contains(&(3, "waktu_uji_coba".into())), "{rows:?}");
    assert!(rows.contains(&(4, "waktu_penerapan".into())), "{rows:?}");
    // A regency admin may not create agencies in another regency.
    assert!(rows.contains(&(4, "perangkat_daerah".into())), "{rows:?}");
    assert!(!rows.iter().any(|(row, _)| *row == 2));

    let missing = t
        .upload(
            "/api/v1/imports/innovations",
            &operator,
            "x.csv",
            b"nama,kode\nA,65\n",
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.json()["error"]["rows"][0]["row"], 1);

    let pdf = t
        .upload(
            "/api/v1/imports/innovations",
            &operator,
            "x.pdf",
            b"%PDF-1.7\n\x00\x01",
        )
        .await;
    assert_eq!(pdf.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_regency_cannot_read_or_write_another_regions_drafts() {
    let t = TestApp::new().await;
    let bulungan = t
        .token("admin@bulungan.go.id", "regency_admin", "65.01")
        .await;
    let malinau = t
        .token("admin@malinau.go.id", "regency_admin", "65.02")
        .await;
    let dinkes_bulungan = t.agency(&bulungan, "65.01", "Dinas Kesehatan").await;
    let dinkes_malinau = t.agency(&malinau, "65.02", "Dinas Kesehatan").await;

    let created = t
        .call(
            "POST",
            "/api/v1/innovations",
            Some(&bulungan),
            Some(innovation_body(&dinkes_bulungan, "Posyandu Digital")),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json());
    let id = created.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(created.json()["status"], "draft");
    assert_eq!(created.json()["awards"][0]["body"], "KemenPAN-RB");

    // Malinau cannot see it, list it, change it, or write into Bulungan's agency.
    let read = t
        .call(
            "GET",
            &format!("/api/v1/innovations/{id}"),
            Some(&malinau),
            None,
        )
        .await;
    assert_eq!(read.status, StatusCode::NOT_FOUND);
    let list = t
        .call("GET", "/api/v1/innovations?region=65", Some(&malinau), None)
        .await;
    assert_eq!(list.json()["total"], 0);
    let patch = t
        .call(
            "PATCH",
            &format!("/api/v1/innovations/{id}"),
            Some(&malinau),
            Some(innovation_body(&dinkes_malinau, "X")),
        )
        .await;
    assert_eq!(patch.status, StatusCode::NOT_FOUND);
    let foreign = t
        .call(
            "POST",
            "/api/v1/innovations",
            Some(&malinau),
            Some(innovation_body(&dinkes_bulungan, "Y")),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let agency = t
        .call(
            "POST",
            "/api/v1/agencies",
            Some(&malinau),
            Some(json!({"region": "65.01", "name": "Dinas Sosial"})),
        )
        .await;
    assert_eq!(agency.status, StatusCode::FORBIDDEN);
    let delete = t
        .call(
            "DELETE",
            &format!("/api/v1/innovations/{id}"),
            Some(&malinau),
            None,
        )
        .await;
    assert_eq!(delete.status, StatusCode::NOT_FOUND);

    // The province sees its regencies' drafts; anonymous callers do not.
    let province = t
        .token("admin@kaltaraprov.go.id", "province_admin", "65")
        .await;
    let read = t
        .call(
            "GET",
            &format!("/api/v1/innovations/{id}"),
            Some(&province),
            None,
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    let anonymous = t
        .call("GET", &format!("/api/v1/innovations/{id}"), None, None)
        .await;
    assert_eq!(anonymous.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_review_workflow_publishes_and_the_audit_log_records_each_change() {
    let t = TestApp::new().await;
    let admin = t
        .token("admin@kaltaraprov.go.id", "province_admin", "65")
        .await;
    let verifier = t
        .token("verifikator@kaltaraprov.go.id", "verifier", "65")
        .await;
    let agency = t
        .agency(&admin, "65", "Dinas Kependudukan dan Pencatatan Sipil")
        .await;
    let created = t
        .call(
            "POST",
            "/api/v1/innovations",
            Some(&admin),
            Some(innovation_body(&agency, "Sipelandukilat")),
        )
        .await;
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let path = |step: &str| format!("/api/v1/innovations/{id}/{step}");

    assert_eq!(
        t.call("POST", &path("publish"), Some(&admin), None)
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        t.call("POST", &path("submit"), Some(&admin), None)
            .await
            .status,
        StatusCode::OK
    );
    let no_note = t
        .call("POST", &path("return"), Some(&verifier), Some(json!({})))
        .await;
    assert_eq!(no_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_note.json()["error"]["fields"]["note"].is_string());
    let returned = t
        .call(
            "POST",
            &path("return"),
            Some(&verifier),
            Some(json!({"note": "Lengkapi rancang bangun"})),
        )
        .await;
    assert_eq!(returned.json()["status"], "returned");
    assert_eq!(returned.json()["status_note"], "Lengkapi rancang bangun");

    let mut body = innovation_body(&agency, "Sipelandukilat");
    body["design"] = json!("Pelayanan jemput bola ke kecamatan perbatasan.");
    let updated = t
        .call(
            "PATCH",
            &format!("/api/v1/innovations/{id}"),
            Some(&admin),
            Some(body),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.json());
    assert_eq!(
        t.call("POST", &path("submit"), Some(&admin), None)
            .await
            .status,
        StatusCode::OK
    );
    // Under review it cannot be edited.
    let locked = t
        .call(
            "PATCH",
            &format!("/api/v1/innovations/{id}"),
            Some(&admin),
            Some(innovation_body(&agency, "Z")),
        )
        .await;
    assert_eq!(locked.status, StatusCode::CONFLICT);
    assert_eq!(
        t.call("POST", &path("verify"), Some(&verifier), None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        t.call("POST", &path("publish"), Some(&verifier), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        t.call("POST", &path("publish"), Some(&admin), None)
            .await
            .status,
        StatusCode::OK
    );

    let public = t
        .call("GET", &format!("/api/v1/innovations/{id}"), None, None)
        .await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.json()["status"], "published");

    let audit = t
        .call(
            "GET",
            &format!("/api/v1/audit?entity=innovation&id={id}"),
            Some(&admin),
            None,
        )
        .await;
    let actions: Vec<String> = audit.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        actions,
        [
            "publish", "verify", "submit", "update", "return", "submit", "create"
        ]
    );
    let update = &audit.json()["items"][3];
    assert_eq!(
        update["changes"]["design"]["to"],
        "Pelayanan jemput bola ke kecamatan perbatasan."
    );
    assert_eq!(update["actor"], "admin@kaltaraprov.go.id");
    assert!(update["changes"].get("name").is_none());

    let anonymous_audit = t.call("GET", "/api/v1/audit", None, None).await;
    assert_eq!(anonymous_audit.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn invalid_profiles_name_each_field() {
    let t = TestApp::new().await;
    let admin = t
        .token("admin@kaltaraprov.go.id", "province_admin", "65")
        .await;
    let agency = t.agency(&admin, "65", "Biro Organisasi").await;
    let response = t
        .call(
            "POST",
            "/api/v1/innovations",
            Some(&admin),
            Some(json!({"agency_id": agency, "name": "", "stage": "uji_coba", "kind": "analog",
                        "form": "pelayanan_publik", "trial_date": "2022-05-01", "implementation_date": "2021-01-01"})),
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &response.json()["error"]["fields"];
    for field in ["name", "kind", "trial_date"] {
        assert!(fields[field].is_string(), "{field}: {fields}");
    }
    let bad_json = t
        .call(
            "POST",
            "/api/v1/innovations",
            Some(&admin),
            Some(json!([1, 2])),
        )
        .await;
    assert_eq!(bad_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_json.json()["error"]["code"], "bad_request");
    let bad_filter = t
        .call("GET", "/api/v1/innovations?stage=selesai", None, None)
        .await;
    assert_eq!(bad_filter.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn cookie_sessions_are_httponly_and_need_our_origin_for_writes() {
    let t = TestApp::new().await;
    t.user("admin@kaltaraprov.go.id", "province_admin", "65")
        .await;
    let sign_in = |password: &str| {
        Request::builder()
            .method("POST")
            .uri("/api/v1/session")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"email": "Admin@KaltaraProv.go.id", "password": password}).to_string(),
            ))
            .unwrap()
    };
    let response = t.send(sign_in(PASSWORD)).await;
    assert_eq!(response.status, StatusCode::OK);
    let cookie = response.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let session = cookie.split(';').next().unwrap().to_owned();

    let write = |origin: Option<&str>| {
        let mut request = Request::builder()
            .method("POST")
            .uri("/api/v1/agencies")
            .header(header::HOST, "lumbung.example")
            .header(header::COOKIE, &session)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        request
            .body(Body::from(
                json!({"region": "65", "name": format!("Dinas {origin:?}")}).to_string(),
            ))
            .unwrap()
    };
    assert_eq!(t.send(write(None)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        t.send(write(Some("https://evil.example"))).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        t.send(write(Some("https://lumbung.example"))).await.status,
        StatusCode::CREATED
    );

    let sign_out = Request::builder()
        .method("DELETE")
        .uri("/api/v1/session")
        .header(header::COOKIE, &session)
        .header("sec-fetch-site", "same-origin")
        .body(Body::empty())
        .unwrap();
    assert_eq!(t.send(sign_out).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        t.send(write(Some("https://lumbung.example"))).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Wrong passwords are refused, then sign-in is rate-limited.
    for _ in 0..5 {
        assert_eq!(
            t.send(sign_in("salah-sekali-kata")).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let limited = t.send(sign_in(PASSWORD)).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);

    let bad_token = t
        .call("GET", "/api/v1/innovations", Some("lbg_tidak_sah"), None)
        .await;
    assert_eq!(bad_token.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn exports_reimport_and_the_template_downloads() {
    let t = TestApp::new().await;
    let admin = t
        .token("admin@kaltaraprov.go.id", "province_admin", "65")
        .await;
    let agency = t.agency(&admin, "65.71", "RSUD Kota Tarakan").await;
    for name in ["si Dokter Serasi", "Pendaftaran Rawat Jalan Daring"] {
        let created = t
            .call(
                "POST",
                "/api/v1/innovations",
                Some(&admin),
                Some(innovation_body(&agency, name)),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED);
    }
    // Each export holds everything so far, so the second holds the first's re-import too.
    for (format, expected) in [("csv", 2), ("xlsx", 4)] {
        let export = t
            .call(
                "GET",
                &format!("/api/v1/exports/innovations?format={format}&region=65"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(export.status, StatusCode::OK);
        let imported = t
            .upload(
                "/api/v1/imports/innovations",
                &admin,
                &format!("x.{format}"),
                &export.body,
            )
            .await;
        assert_eq!(
            imported.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&imported.body)
        );
        assert_eq!(imported.json()["created"], expected);
    }
    let json = t
        .call(
            "GET",
            "/api/v1/exports/innovations?format=json&region=65.71",
            Some(&admin),
            None,
        )
        .await;
    let items = json.json();
    assert_eq!(items.as_array().unwrap().len(), 8);
    assert_eq!(items[0]["awards"][0]["rank"], "Top 45");

    let template = t
        .call(
            "GET",
            "/api/v1/imports/innovations/template.xlsx",
            None,
            None,
        )
        .await;
    assert_eq!(template.status, StatusCode::OK);
    assert!(template.body.starts_with(b"PK"));
    let table = lumbung_reports::read_table(&template.body).unwrap();
    assert!(table.column("nama_inovasi").is_some() && table.column("penghargaan").is_some());
}

#[tokio::test]
async fn regions_and_the_openapi_document() {
    let t = TestApp::new().await;
    let provinces = t.call("GET", "/api/v1/regions?level=1", None, None).await;
    assert_eq!(provinces.json()["total"], 38);
    let kaltara = t.call("GET", "/api/v1/regions?parent=65", None, None).await;
    assert_eq!(kaltara.json()["total"], 3);
    let tarakan = t.call("GET", "/api/v1/regions/65.71", None, None).await;
    assert_eq!(tarakan.json()["kind"], "kota");
    assert_eq!(
        t.call("GET", "/api/v1/regions/99.99", None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        t.call("GET", "/api/v1/regions/xx", None, None).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        t.call("GET", "/healthz", None, None).await.status,
        StatusCode::OK
    );

    let doc = t
        .call("GET", "/api/v1/openapi.json", None, None)
        .await
        .json();
    // Every path of the API with its methods: a change here is a change of the public API,
    // reviewed as a change of the snapshot (`crates/web/tests/snapshots/`).
    let mut paths: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(path, item)| {
            let mut methods: Vec<&str> = item
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            methods.sort_unstable();
            format!("{path}: {}", methods.join(" "))
        })
        .collect();
    paths.sort();
    insta::assert_snapshot!("openapi_paths", paths.join("\n"));
}

#[tokio::test]
async fn the_index_evaluates_self_contained_input_and_serves_its_rubric() {
    let t = TestApp::new().await;
    let rubric = t.call("GET", "/api/v1/rubrics/2026", None, None).await;
    assert_eq!(rubric.status, StatusCode::OK);
    let rubric = rubric.json();
    assert_eq!(rubric["divisor_min"], 12);
    assert_eq!(rubric["count_rule"]["factor"], 0.38);
    let replication = rubric["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "31")
        .unwrap();
    assert_eq!(replication["name"], "Replikasi");
    assert_eq!(replication["levels"].as_array().unwrap().len(), 3);
    assert_eq!(
        t.call("GET", "/api/v1/rubrics/2030", None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // One included innovation at 3 × 3 (indicator 16 at level 3) + 2 + 2 + 3 + 4 = 20:
    // 20 / 12 = 1.666… → 1.67; SPD indicator 8 (weight 1.5) at level 3 = 4.5;
    // total 6.1666… → 6.17; index 2.4666… → 2.47.
    let input = json!({
        "year": 2026,
        "region": {"answers": {"8": {"level": 3, "evidence": true}}},
        "innovations": [{
            "id": "sipelandukilat", "affairs": ["administrasi_kependudukan_pencatatan_sipil"],
            "implementation_start": "2024-03-01", "latest_development": null, "design_words": 320,
            "answers": {"16": {"level": 3, "evidence": true}, "17": {"level": 1, "evidence": true},
                        "32": {"level": 1, "evidence": true}, "33": {"level": 1, "evidence": true},
                        "35": {"level": 1, "evidence": true}}
        }]
    });
    let result = t
        .call("POST", "/api/v1/index/evaluate", None, Some(input))
        .await;
    assert_eq!(result.status, StatusCode::OK, "{}", result.json());
    let result = result.json();
    assert_eq!(result["spd"], 4.5);
    assert_eq!(result["sid_average"], 1.67);
    assert_eq!(result["total"], 6.17);
    assert_eq!(result["index"], 2.47);
    assert_eq!(result["category"], "kurang_inovatif");
    assert_eq!(result["innovations"][0]["score"], 20.0);

    let bad = t
        .call(
            "POST",
            "/api/v1/index/evaluate",
            None,
            Some(
                json!({"year": 2026, "region": {"answers": {"x": {"level": 1, "evidence": true}}}}),
            ),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\"x\"")
    );
    let no_year = t
        .call(
            "POST",
            "/api/v1/index/evaluate",
            None,
            Some(json!({"region": {}})),
        )
        .await;
    assert_eq!(no_year.status, StatusCode::BAD_REQUEST);
}

/// A zip whose shared-strings part holds 1.2 million strings: 19 MB of XML in a few tens of
/// KB, the shape of the spreadsheet bomb of the security review.
fn spreadsheet_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    out.start_file("xl/sharedStrings.xml", options).unwrap();
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst>")
        .unwrap();
    for _ in 0..1_200_000 {
        out.write_all(b"<si><t></t></si>").unwrap();
    }
    out.write_all(b"</sst>").unwrap();
    out.finish().unwrap().into_inner()
}

#[tokio::test]
async fn h1_a_spreadsheet_bomb_is_refused_with_413_and_only_after_the_callers_right_is_checked() {
    let t = TestApp::new().await;
    let admin = t
        .token("biro.organisasi@kaltaraprov.go.id", "province_admin", "65")
        .await;
    let verifier = t
        .token("verifikator@kaltaraprov.go.id", "verifier", "65")
        .await;
    let bomb = spreadsheet_bomb();
    assert!(bomb.len() < 200_000, "{} bytes", bomb.len());

    // Someone with no place to record innovations is refused before the file is opened.
    let refused = t
        .upload("/api/v1/imports/innovations", &verifier, "bom.xlsx", &bomb)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let garbage = t
        .upload(
            "/api/v1/imports/innovations",
            &verifier,
            "x.csv",
            b"\x00\x01",
        )
        .await;
    assert_eq!(garbage.status, StatusCode::FORBIDDEN, "not parsed first");

    let response = t
        .upload("/api/v1/imports/innovations", &admin, "bom.xlsx", &bomb)
        .await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    let error = response.json();
    assert_eq!(error["error"]["code"], "too_large");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("teks bersama"), "{message}");
    let stats = t
        .call(
            "GET",
            "/api/v1/stats/innovations?region=65&group_by=form",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(stats.json()["total"], 0, "nothing saved");
}
