//! The pages through the real router: sign-in, forms that keep what was typed, and the
//! guard on management pages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use lumbung_service::auth::GrantInput;
use lumbung_service::{App, Caller};
use lumbung_store::testing::{TestDb, fresh_db};
use lumbung_web::{AppState, WebConfig};
use tower::ServiceExt;

const PASSWORD: &str = "sandi-yang-panjang-sekali";
const HOST: &str = "lumbung.example";

struct Page {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    html: String,
}

async fn setup() -> (Router, App, TestDb) {
    let db = fresh_db().await.unwrap();
    let app = App::new(db.db.clone(), db.blobs.clone());
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .unwrap();
    lumbung_service::demo::load_if_empty(&app).await.unwrap();
    lumbung_service::auth::add_user(
        &app,
        &Caller::system(),
        "admin@kaltaraprov.go.id",
        "Admin Kaltara",
        PASSWORD,
        &[GrantInput {
            role: "province_admin".into(),
            region: "65".into(),
            agency_id: None,
        }],
    )
    .await
    .unwrap();
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

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn csrf(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
    html[start..].split('"').next().unwrap().to_owned()
}

async fn sign_in(router: &Router) -> String {
    let page = send(
        router,
        post(
            "/masuk",
            None,
            &[("email", "admin@kaltaraprov.go.id"), ("password", PASSWORD)],
        ),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    let cookie = page.headers[header::SET_COOKIE].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn public_pages_show_published_demo_innovations() {
    let (router, _app, _db) = setup().await;
    let home = send(&router, get("/", None)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.html.contains("<html lang=\"id\""));
    assert!(home.html.contains("Lumbung Inovasi"));
    let list = send(&router, get("/inovasi?q=sipelandukilat", None)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.html.contains("<mark>Sipelandukilat</mark> Smart"),
        "{}",
        list.html
    );
    let missing = send(&router, get("/tidak-ada", None)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.html.contains("tidak ditemukan"), "{}", missing.html);
    let css = send(&router, get("/static/app.css", None)).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(
        css.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}

#[tokio::test]
async fn management_pages_need_a_session_and_sign_in_keeps_the_email() {
    let (router, _app, _db) = setup().await;
    let guarded = send(&router, get("/kelola", None)).await;
    assert_eq!(guarded.status, StatusCode::SEE_OTHER);
    assert!(
        guarded.headers[header::LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/masuk")
    );

    let wrong = send(
        &router,
        post(
            "/masuk",
            None,
            &[
                ("email", "admin@kaltaraprov.go.id"),
                ("password", "salah-kata-sandi"),
            ],
        ),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert!(
        wrong.html.contains("value=\"admin@kaltaraprov.go.id\""),
        "{}",
        wrong.html
    );

    let cookie = sign_in(&router).await;
    let dashboard = send(&router, get("/kelola?region=65", Some(&cookie))).await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(
        dashboard.html.contains("Pelayanan publik"),
        "{}",
        dashboard.html
    );
}

#[tokio::test]
async fn a_rejected_innovation_form_keeps_what_was_typed() {
    let (router, app, _db) = setup().await;
    let cookie = sign_in(&router).await;
    let form = send(&router, get("/kelola/inovasi/baru", Some(&cookie))).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = csrf(&form.html);
    let agencies = lumbung_service::agencies::list(
        &app,
        Some("65"),
        None,
        lumbung_service::store::Paging::new(None, None),
    )
    .await
    .unwrap();
    let agency = agencies.items[0].id.to_string();

    let typed = "Posyandu Keliling Perbatasan";
    let rejected = send(
        &router,
        post(
            "/kelola/inovasi/baru",
            Some(&cookie),
            &[
                ("csrf", &token),
                ("agency_id", &agency),
                ("name", typed),
                ("stage", "penerapan"),
                ("kind", "digital"),
                ("form", "pelayanan_publik"),
                ("design", "Rancangan awal"),
            ],
        ),
    )
    .await;
    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(rejected.html.contains(typed));
    assert!(rejected.html.contains("Rancangan awal"));
    assert!(
        rejected.html.contains("aktu penerapan wajib diisi"),
        "{}",
        rejected.html
    );

    let forged = send(
        &router,
        post(
            "/kelola/inovasi/baru",
            Some(&cookie),
            &[("csrf", "palsu"), ("agency_id", &agency), ("name", typed)],
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let saved = send(
        &router,
        post(
            "/kelola/inovasi/baru",
            Some(&cookie),
            &[
                ("csrf", &token),
                ("agency_id", &agency),
                ("name", typed),
                ("stage", "penerapan"),
                ("implementation_date", "2022-01-10"),
                ("kind", "digital"),
                ("form", "pelayanan_publik"),
            ],
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    let list = send(&router, get("/kelola/inovasi?q=posyandu", Some(&cookie))).await;
    assert!(list.html.contains(typed));
}
