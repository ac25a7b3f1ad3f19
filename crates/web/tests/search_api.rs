//! The catalogue's JSON: `GET /api/v1/search` and the open-data downloads, through the real
//! router with the 161 real innovations of the corpus published.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{StatusCode, header};
use common::{get, get_with, send};
use serde_json::Value;

async fn corpus() -> (
    axum::Router,
    lumbung_service::App,
    lumbung_store::testing::TestDb,
) {
    let (router, app, db) = common::app().await;
    common::load_corpus(&app).await;
    (router, app, db)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[tokio::test]
async fn search_answers_results_facets_and_snippets() {
    let (router, _app, _db) = corpus().await;
    let page = send(
        &router,
        get("/api/v1/search?q=dokter%20terbang&per_page=5", None),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let body = json(&page.html);
    let first = &body["results"][0];
    assert!(
        first["name"]
            .as_str()
            .unwrap()
            .starts_with("Pro Lantera KU")
    );
    assert_eq!(first["region"]["code"], "65");
    assert_eq!(first["region"]["name"], "Kalimantan Utara");
    assert!(first["score"].as_f64().unwrap() > 0.0);
    assert!(
        first["snippet"].as_str().unwrap().contains("<mark>"),
        "{first}"
    );
    assert!(first["agency"].as_str().unwrap().contains("Kesehatan"));
    let total = body["total"].as_i64().unwrap();
    assert!(total >= 1);
    assert_eq!(
        body["results"].as_array().unwrap().len() as i64,
        total.min(5)
    );
    // A page of 5 from a wider query.
    let wide = json(
        &send(
            &router,
            get("/api/v1/search?q=layanan&per_page=5&page=2", None),
        )
        .await
        .html,
    );
    assert!(wide["total"].as_i64().unwrap() > 10);
    assert_eq!(wide["results"].as_array().unwrap().len(), 5);
    assert_eq!(wide["page"], 2);
    for facet in ["region", "affair", "stage", "kind", "form", "year", "award"] {
        let values = body["facets"][facet].as_array().unwrap();
        for value in values {
            assert!(value["key"].is_string() && value["label"].is_string());
            assert!(value["count"].as_i64().unwrap() >= 1);
        }
    }

    // Filters: a region's subtree; an unknown code is a 422 with the field named.
    let kaltara = json(
        &send(&router, get("/api/v1/search?q=layanan&region=65", None))
            .await
            .html,
    );
    assert!(
        kaltara["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["region"]["code"].as_str().unwrap().starts_with("65"))
    );
    let bad = send(&router, get("/api/v1/search?q=x&stage=selesai", None)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.html);
    assert!(json(&bad.html)["error"]["fields"]["stage"].is_string());

    // The same filters on the innovation list, and its `q` is the full-text search.
    let list = json(
        &send(
            &router,
            get("/api/v1/innovations?q=dokter%20terbang&award=KIPP", None),
        )
        .await
        .html,
    );
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("Pro Lantera KU")),
        "{names:?}"
    );
}

#[tokio::test]
async fn open_data_downloads_with_stable_columns_and_validators() {
    let (router, app, _db) = corpus().await;
    let csv = send(&router, get("/api/v1/opendata/innovations.csv", None)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header(header::CONTENT_TYPE).starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(csv.html.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let expected: Vec<&str> = lumbung_service::opendata::COLUMNS
        .iter()
        .map(|(name, _)| *name)
        .collect();
    assert_eq!(headers, expected);
    assert_eq!(reader.records().count(), 161);

    let json_page = send(
        &router,
        get("/api/v1/opendata/innovations.json?region=65", None),
    )
    .await;
    let records = json(&json_page.html);
    let records = records.as_array().unwrap();
    assert!(records.len() >= 5);
    assert!(
        records
            .iter()
            .all(|r| r["region_code"].as_str().unwrap().starts_with("65"))
    );
    assert!(records.iter().any(|r| r["name"] == "PESONA"));
    assert_eq!(records[0]["stage"], "penerapan");

    // Revalidation: the same ETag answers 304 with no body; so does If-Modified-Since.
    let etag = csv.header(header::ETAG).to_owned();
    let modified = csv.header(header::LAST_MODIFIED).to_owned();
    assert!(
        etag.starts_with('"') && !modified.is_empty(),
        "{etag} {modified}"
    );
    let again = send(
        &router,
        get_with(
            "/api/v1/opendata/innovations.csv",
            &[(header::IF_NONE_MATCH, &etag)],
        ),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.html.is_empty());
    let since = send(
        &router,
        get_with(
            "/api/v1/opendata/innovations.csv",
            &[(header::IF_MODIFIED_SINCE, &modified)],
        ),
    )
    .await;
    assert_eq!(since.status, StatusCode::NOT_MODIFIED);
    // Another filter or format is another ETag.
    assert_ne!(json_page.header(header::ETAG), etag);

    // Gzip for clients that accept it.
    let gz = send(
        &router,
        get_with(
            "/api/v1/opendata/innovations.json",
            &[(header::ACCEPT_ENCODING, "gzip")],
        ),
    )
    .await;
    assert_eq!(gz.header(header::CONTENT_ENCODING), "gzip");

    // A change to the published data changes the ETag.
    let one = lumbung_service::innovations::list(
        &app,
        &lumbung_service::Caller::system(),
        &lumbung_service::innovations::ListQuery {
            q: Some("pesona".into()),
            ..Default::default()
        },
        lumbung_service::store::Paging::new(None, None),
    )
    .await
    .unwrap()
    .items[0]
        .id;
    lumbung_service::innovations::delete(&app, &lumbung_service::Caller::system(), one)
        .await
        .unwrap();
    let after = send(
        &router,
        get_with(
            "/api/v1/opendata/innovations.csv",
            &[(header::IF_NONE_MATCH, &etag)],
        ),
    )
    .await;
    assert_eq!(after.status, StatusCode::OK);
    assert_ne!(after.header(header::ETAG), etag);
    assert_eq!(
        csv::Reader::from_reader(after.html.as_bytes())
            .records()
            .count(),
        160
    );
}
