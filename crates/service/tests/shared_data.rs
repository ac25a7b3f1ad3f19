//! Imports of the real data in `../shared/data`: the Kemendagri region list and the corpus
//! of real innovations.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lumbung_service::innovations::ListQuery;
use lumbung_service::store::{Paging, regions};
use lumbung_service::{App, Caller, ServiceError};
use lumbung_store::testing::{fresh_db, shared_dir};

async fn app() -> (App, lumbung_store::testing::TestDb) {
    let test = fresh_db().await.unwrap();
    let app = App::new(test.db.clone(), test.blobs.clone());
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .unwrap();
    (app, test)
}

#[tokio::test]
async fn the_kemendagri_list_gives_38_provinces_416_kabupaten_98_kota() {
    let (app, _test) = app().await;
    let text = std::fs::read_to_string(shared_dir().join("data/wilayah/wilayah.sql")).unwrap();
    let summary = lumbung_service::regions::import(&app, &Caller::system(), &text)
        .await
        .unwrap();
    assert_eq!(
        (summary.provinces, summary.regencies, summary.cities),
        (38, 416, 98)
    );

    let mut conn = app.db.read().await.unwrap();
    let counts = regions::count_by_kind(&mut conn).await.unwrap();
    let get = |kind: &str| {
        counts
            .iter()
            .find(|(k, _, _)| k == kind)
            .map(|(_, n, a)| (*n, *a))
            .unwrap()
    };
    assert_eq!(get("provinsi"), (38, 38));
    assert_eq!(get("kabupaten"), (416, 415));
    assert_eq!(get("kota"), (98, 93));
    // 546 autonomous regions: DKI Jakarta's kabupaten and kota are administrative.
    assert_eq!(get("provinsi").1 + get("kabupaten").1 + get("kota").1, 546);
    drop(conn);

    // Idempotent: a second import inserts nothing.
    let again = lumbung_service::regions::import(&app, &Caller::system(), &text)
        .await
        .unwrap();
    assert_eq!(again.inserted, 0);
    assert_eq!(again.updated, 552);

    // The CSV adds centroids for the map.
    let csv =
        std::fs::read_to_string(shared_dir().join("data/wilayah/regions-level-1-2.csv")).unwrap();
    let summary = lumbung_service::regions::import(&app, &Caller::system(), &csv)
        .await
        .unwrap();
    assert_eq!(summary.read, 552);
    let tarakan = lumbung_service::regions::get(&app, "65.71").await.unwrap();
    assert_eq!(tarakan.name, "Kota Tarakan");
    assert!(
        tarakan.lat.unwrap() > 3.0 && tarakan.lng.unwrap() > 117.0,
        "{tarakan:?}"
    );
    let seribu = lumbung_service::regions::get(&app, "31.01").await.unwrap();
    assert!(!seribu.autonomous);
}

#[tokio::test]
async fn only_a_national_admin_imports_regions() {
    let (app, _test) = app().await;
    let result =
        lumbung_service::regions::import(&app, &Caller::anonymous(), "code,name\n65.01,X\n").await;
    assert!(matches!(result, Err(ServiceError::Forbidden(_))));
}

#[tokio::test]
async fn the_corpus_of_real_innovations_imports() {
    let (app, _test) = app().await;
    let shared = shared_dir();
    let regions_csv =
        std::fs::read_to_string(shared.join("data/wilayah/regions-level-1-2.csv")).unwrap();
    lumbung_service::regions::import(&app, &Caller::system(), &regions_csv)
        .await
        .unwrap();

    // The corpus as an import sheet (service::corpus: national institutions belong to the
    // nation, the description stands in for the design text), through the normal import.
    let corpus = std::fs::read_to_string(shared.join("data/innovations/corpus.csv")).unwrap();
    let rows = csv::Reader::from_reader(corpus.as_bytes())
        .records()
        .count();
    let bytes = lumbung_service::corpus::import_sheet(&corpus).unwrap();
    let summary = lumbung_service::imports::import(&app, &Caller::system(), &bytes, &|_, _| {})
        .await
        .unwrap_or_else(|e| match e {
            ServiceError::ImportRejected { rows, .. } => panic!("{rows:?}"),
            other => panic!("{other}"),
        });
    assert_eq!(summary.created, rows);
    assert!(rows >= 160);

    let found = lumbung_service::innovations::list(
        &app,
        &Caller::system(),
        &ListQuery {
            q: Some("sipelandukilat".into()),
            ..Default::default()
        },
        Paging::new(None, None),
    )
    .await
    .unwrap();
    assert!(found.total >= 2, "{}", found.total);
}
