//! The pages through the real router: sign-in, forms that keep what was typed, and the
//! guard on management pages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::Router;
use axum::http::{StatusCode, header};
use common::{csrf, get, post, send};
use lumbung_service::App;
use lumbung_store::testing::TestDb;

async fn setup() -> (Router, App, TestDb) {
    let (router, app, db) = common::app().await;
    lumbung_service::demo::load_if_empty(&app).await.unwrap();
    common::add_user(&app, "admin@kaltaraprov.go.id", "province_admin", "65").await;
    (router, app, db)
}

async fn sign_in(router: &Router) -> String {
    common::sign_in(router, "admin@kaltaraprov.go.id").await
}

#[tokio::test]
async fn public_pages_show_published_demo_innovations() {
    let (router, app, _db) = setup().await;
    let home = send(&router, get("/", None)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.html.contains("<html lang=\"id\""));
    // The second number counts the regions owning a published innovation.
    let published = lumbung_service::innovations::list(
        &app,
        &lumbung_service::Caller::anonymous(),
        &lumbung_service::innovations::ListQuery {
            status: Some("published".into()),
            ..Default::default()
        },
        lumbung_service::store::Paging::all(),
    )
    .await
    .unwrap();
    let regions: std::collections::BTreeSet<String> = published
        .items
        .iter()
        .map(|i| i.region.code.to_string())
        .collect();
    assert!(regions.len() > 1);
    assert!(
        home.html.contains(&format!(
            "<strong>{}</strong> daerah dengan inovasi terbit",
            regions.len()
        )),
        "{}",
        home.html
    );
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

#[tokio::test]
async fn an_anonymous_visitor_of_any_officers_page_is_sent_to_sign_in_and_back() {
    let (router, _app, _db) = setup().await;
    for (uri, back) in [
        ("/kelola", "%2Fkelola"),
        ("/kelola/wilayah", "%2Fkelola%2Fwilayah"),
        ("/kelola/impor", "%2Fkelola%2Fimpor"),
        (
            "/kelola/pengaduan?status=baru",
            "%2Fkelola%2Fpengaduan%3Fstatus%3Dbaru",
        ),
        ("/kelola/indeks/65/2026", "%2Fkelola%2Findeks%2F65%2F2026"),
        ("/kelola/kompetisi", "%2Fkelola%2Fkompetisi"),
        ("/kelola/replikasi", "%2Fkelola%2Freplikasi"),
        ("/kelola/fkp", "%2Fkelola%2Ffkp"),
    ] {
        let page = send(&router, get(uri, None)).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{uri}");
        assert_eq!(
            page.headers[header::LOCATION].to_str().unwrap(),
            format!("/masuk?ke={back}"),
            "{uri}"
        );
    }
    // A form sent without a session changes nothing and goes to sign in too.
    let sent = send(
        &router,
        post("/kelola/inovasi/baru", None, &[("name", "Sipelandukilat")]),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert!(
        sent.headers[header::LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/masuk?ke=")
    );
}
