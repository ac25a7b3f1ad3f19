//! The demo data a first start loads: innovations from the seed news, and the index results
//! published for Kalimantan Utara in 2020, which put colour on the map.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lumbung_service::App;
use lumbung_store::testing::fresh_db;

#[tokio::test]
async fn the_demo_loads_once_with_kaltaras_2020_results_on_the_map() {
    let test = fresh_db().await.unwrap();
    let app = App::new(test.db.clone(), test.blobs.clone());
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .unwrap();
    let loaded = lumbung_service::demo::load_if_empty(&app).await.unwrap();
    assert!(loaded >= 20);
    assert_eq!(lumbung_service::demo::load_if_empty(&app).await.unwrap(), 0);

    // Kalimantan Utara's competition is open for proposals, once.
    let competitions = lumbung_service::competitions::list(&app, None)
        .await
        .unwrap();
    assert_eq!(competitions.len(), 1);
    let kaltara = lumbung_service::competitions::get(&app, competitions[0].id)
        .await
        .unwrap();
    assert_eq!(kaltara.scope.as_str(), "65");
    assert!(kaltara.registration_open());

    let history = lumbung_service::assessments::history(&app, "65")
        .await
        .unwrap();
    let kaltara = history.published.iter().find(|r| r.year == 2020).unwrap();
    assert_eq!(kaltara.value.as_deref(), Some("220"));
    assert_eq!(kaltara.category.as_deref(), Some("kurang_inovatif"));

    let points = lumbung_service::map::points(&app).await.unwrap();
    let category = |code: &str| {
        points
            .iter()
            .find(|p| p.code == code)
            .unwrap_or_else(|| panic!("{code} not on the map"))
            .result
            .as_ref()
            .map(|r| r.category.clone())
    };
    assert_eq!(category("65.04").as_deref(), Some("inovatif"));
    assert_eq!(category("65.02").as_deref(), Some("tidak_dapat_dinilai"));
    assert_eq!(category("65.01").as_deref(), Some("kurang_inovatif"));
    // Demo regencies carry their centroids.
    assert!(points.iter().any(|p| p.code == "51.03"));
}
