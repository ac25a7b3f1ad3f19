//! What the web test files share: requests through the real router, sign-in, forms.
//! Each test file includes it with `mod common;` and uses what it needs.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use lumbung_service::auth::GrantInput;
use lumbung_service::{App, Caller};
use lumbung_store::testing::{TestDb, fresh_db};
use lumbung_web::{AppState, WebConfig};
use tower::ServiceExt;

pub const PASSWORD: &str = "sandi-yang-panjang-sekali";
pub const HOST: &str = "lumbung.example";

/// An answer, its body read as text.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub html: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }
}

/// A fresh database with the nation and the provinces, and the router over it.
pub async fn app() -> (Router, App, TestDb) {
    let db = fresh_db().await.unwrap();
    let app = App::new(db.db.clone(), db.blobs.clone());
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .unwrap();
    let router = lumbung_web::router(AppState::new(app.clone(), WebConfig::default()));
    (router, app, db)
}

pub use lumbung_store::testing::shared_dir;

/// Every region with centroids, and the 161 real innovations of the corpus, published.
pub async fn load_corpus(app: &App) {
    let shared = shared_dir();
    let regions =
        std::fs::read_to_string(shared.join("data/wilayah/regions-level-1-2.csv")).unwrap();
    lumbung_service::regions::import(app, &Caller::system(), &regions)
        .await
        .unwrap();
    let corpus = std::fs::read_to_string(shared.join("data/innovations/corpus.csv")).unwrap();
    lumbung_service::corpus::load(app, &Caller::system(), &corpus, true)
        .await
        .unwrap();
}

pub async fn add_user(app: &App, email: &str, role: &str, region: &str) {
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

pub async fn send(router: &Router, request: Request<Body>) -> Page {
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

pub fn get(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::builder().uri(uri).header(header::HOST, HOST);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).unwrap()
}

/// A GET with extra headers (`If-None-Match`, `Accept-Encoding`, …).
pub fn get_with(uri: &str, headers: &[(header::HeaderName, &str)]) -> Request<Body> {
    let mut request = Request::builder().uri(uri).header(header::HOST, HOST);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    request.body(Body::empty()).unwrap()
}

pub fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A form POST from our own origin.
pub fn post(uri: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Request<Body> {
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

/// The CSRF token of the first form on a page.
pub fn csrf(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
    html[start..].split('"').next().unwrap().to_owned()
}

/// Signs in through the form and returns the cookie to send back.
pub async fn sign_in(router: &Router, email: &str) -> String {
    let page = send(
        router,
        post("/masuk", None, &[("email", email), ("password", PASSWORD)]),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    let cookie = page.headers[header::SET_COOKIE].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// Adds a kabupaten/kota (provinces are built in).
pub async fn add_region(app: &App, code: &str, name: &str) {
    let mut tx = app.db.begin().await.unwrap();
    lumbung_store::regions::upsert(
        &mut tx,
        &lumbung_service::domain::region::Region::new(
            lumbung_service::domain::region::RegionCode::parse(code).unwrap(),
            name,
        ),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// A user with one role, and an API token of theirs.
pub async fn token(app: &App, email: &str, role: &str, region: &str) -> String {
    add_user(app, email, role, region).await;
    lumbung_service::auth::create_token(app, &Caller::system(), email, "t")
        .await
        .unwrap()
}

/// A JSON API call with an optional bearer token and body; the answer parsed as JSON (or
/// `Null` when it is not JSON).
pub async fn call(
    router: &Router,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST);
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
    let page = send(router, request.body(body).unwrap()).await;
    let value = serde_json::from_str(&page.html).unwrap_or(serde_json::Value::Null);
    (page.status, value)
}

/// A multipart form POST from our own origin with an empty file input, as a browser sends
/// it when no file was chosen.
pub fn post_multipart(uri: &str, cookie: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let boundary = "----lumbung-batas";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
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

/// A draft digital public-service innovation of `agency`, implemented since `implemented`.
pub async fn add_innovation(
    app: &App,
    agency: uuid::Uuid,
    name: &str,
    implemented: &str,
) -> uuid::Uuid {
    let input = lumbung_service::innovations::InnovationInput {
        agency_id: Some(agency),
        profile: lumbung_service::domain::innovation::ProfileInput {
            name: name.into(),
            stage: "penerapan".into(),
            kind: "digital".into(),
            form: "pelayanan_publik".into(),
            implementation_date: Some(implemented.into()),
            design: Some(format!("Rancang bangun {name}.")),
            ..Default::default()
        },
        awards: Vec::new(),
    };
    lumbung_service::innovations::create(app, &Caller::system(), &input)
        .await
        .unwrap()
        .id
}

/// An agency of `region`, created by the system.
pub async fn add_agency(app: &App, region: &str, name: &str) -> uuid::Uuid {
    lumbung_service::agencies::create(
        app,
        &Caller::system(),
        &lumbung_service::agencies::AgencyInput {
            region: region.into(),
            name: name.into(),
            kind: None,
        },
    )
    .await
    .unwrap()
    .id
}

/// Takes a draft innovation through submission, verification and publication.
pub async fn publish(app: &App, innovation: uuid::Uuid) {
    use lumbung_service::domain::innovation::Transition;
    for step in [Transition::Submit, Transition::Verify, Transition::Publish] {
        lumbung_service::innovations::transition(app, &Caller::system(), innovation, step, None)
            .await
            .unwrap();
    }
}
