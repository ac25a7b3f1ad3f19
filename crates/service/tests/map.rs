//! The map's points: every region with a centroid, coloured by the latest published result —
//! computed results of published years first, else results published in past years.
//! Runs on SQLite, and on PostgreSQL when LUMBUNG_TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lumbung_service::domain::region::{PROVINCES, Region, RegionCode, RegionKind};
use lumbung_service::map::{self, MapPoint, ResultSource};
use lumbung_service::{App, Caller};
use lumbung_store::assessments::{self, ResultRow};
use lumbung_store::testing::{TestDb, fresh_db};

fn region(code: &str, name: &str, centroid: Option<(f64, f64)>) -> Region {
    let region = Region::new(RegionCode::parse(code).unwrap(), name);
    match centroid {
        Some((lat, lng)) => region.with_centroid(lat, lng),
        None => region,
    }
}

fn result(code: &str, year: i32, projection: &str, index: &str, category: &str) -> ResultRow {
    ResultRow {
        region_code: code.into(),
        year,
        projection: projection.into(),
        spd: "0.00".into(),
        sid: "0.00".into(),
        total: "0.00".into(),
        index: index.into(),
        category: category.into(),
        included: 1,
    }
}

/// Kalimantan Utara without a centroid of its own, four of its regions, the other provinces;
/// results: 65.01 computed in published 2026 (and an older historic one), 65.02 historic
/// only, 65.03 computed in 2027 which is frozen but not published, 65.04 nothing.
async fn setup() -> (App, TestDb) {
    let test = fresh_db().await.unwrap();
    let app = App::new(test.db.clone(), test.blobs.clone());
    let mut tx = app.db.begin().await.unwrap();
    let regions = [
        region("ID", "Indonesia", None),
        region("65", "Kalimantan Utara", None),
        region("65.01", "Kabupaten Bulungan", Some((2.9, 117.37))),
        region("65.02", "Kabupaten Malinau", Some((3.07, 116.04))),
        region("65.03", "Kabupaten Nunukan", Some((4.06, 116.75))),
        region("65.04", "Kabupaten Tana Tidung", Some((3.55, 117.1))),
        region("65.71", "Kota Tarakan", None),
    ];
    for r in &regions {
        lumbung_store::regions::upsert(&mut tx, r).await.unwrap();
    }
    for row in [
        result("65.01", 2026, "verified", "55.20", "inovatif"),
        result("65.01", 2026, "claimed", "70.00", "sangat_inovatif"),
        result("65.03", 2027, "verified", "80.00", "sangat_inovatif"),
    ] {
        assessments::upsert_result(&mut tx, &row).await.unwrap();
    }
    assessments::mark_year(&mut tx, 2026, false).await.unwrap();
    assessments::mark_year(&mut tx, 2026, true).await.unwrap();
    assessments::mark_year(&mut tx, 2027, false).await.unwrap();
    tx.commit().await.unwrap();
    // The other provinces, with the project's centroids; Kalimantan Utara is kept as it is.
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .unwrap();
    let historic = "kode_wilayah,tahun,nilai,label\n\
                    65.01,2024,300,Kurang Inovatif\n\
                    65.02,2021,220,Kurang Inovatif\n\
                    65.02,2023,\"512,5\",Sangat Inovatif\n";
    lumbung_service::assessments::import_historic(&app, &Caller::system(), historic.as_bytes())
        .await
        .unwrap();
    (app, test)
}

fn point<'a>(points: &'a [MapPoint], code: &str) -> &'a MapPoint {
    points
        .iter()
        .find(|p| p.code == code)
        .unwrap_or_else(|| panic!("{code} is not on the map"))
}

fn category(points: &[MapPoint], code: &str) -> Option<(i64, String)> {
    point(points, code)
        .result
        .as_ref()
        .map(|r| (r.year, r.category.clone()))
}

#[tokio::test]
async fn regions_take_the_latest_published_category() {
    let (app, _db) = setup().await;
    let points = map::points(&app).await.unwrap();

    // A computed result of a published year, in the verified projection, wins over history.
    let bulungan = point(&points, "65.01");
    let result = bulungan.result.as_ref().unwrap();
    assert_eq!(
        (result.year, result.category.as_str(), result.source),
        (2026, "inovatif", ResultSource::Computed)
    );
    assert_eq!(result.index.as_deref(), Some("55.20"));
    assert_eq!(bulungan.kind, RegionKind::Regency);
    assert_eq!(bulungan.province.as_deref(), Some("65"));
    assert_eq!((bulungan.lat, bulungan.lng), (2.9, 117.37));

    // Historic only: the latest published year, its value as published.
    let malinau = point(&points, "65.02").result.clone().unwrap();
    assert_eq!(
        (malinau.year, malinau.category.as_str(), malinau.source),
        (2023, "sangat_inovatif", ResultSource::Historic)
    );
    assert_eq!(malinau.index.as_deref(), Some("512.5"));

    // Frozen but not published: nothing to show yet. Nothing at all: nothing either.
    assert_eq!(category(&points, "65.03"), None);
    assert_eq!(category(&points, "65.04"), None);

    // A kabupaten/kota without a centroid is left off; the nation is not a point.
    assert!(points.iter().all(|p| p.code != "65.71" && p.code != "ID"));
}

#[tokio::test]
async fn every_province_has_coordinates() {
    let (app, _db) = setup().await;
    let points = map::points(&app).await.unwrap();
    let provinces: Vec<&MapPoint> = points
        .iter()
        .filter(|p| p.kind == RegionKind::Province)
        .collect();
    assert_eq!(provinces.len(), 38);
    for p in &provinces {
        assert!(
            (-11.5..6.5).contains(&p.lat) && (94.5..141.5).contains(&p.lng),
            "{} at {},{}",
            p.code,
            p.lat,
            p.lng
        );
        assert_eq!(p.province, None);
    }
    // Kalimantan Utara has no centroid in the table: the project's own is used.
    let (_, _, lat, lng) = PROVINCES.iter().find(|(c, ..)| *c == "65").unwrap();
    let kaltara = point(&points, "65");
    assert_eq!((kaltara.lat, kaltara.lng), (*lat, *lng));
    assert_eq!(kaltara.result, None);
    // Ordered by code.
    let codes: Vec<&str> = points.iter().map(|p| p.code.as_str()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
}

#[tokio::test]
async fn a_year_and_a_subtree_can_be_chosen() {
    let (app, _db) = setup().await;
    assert_eq!(map::years(&app).await.unwrap(), [2026, 2024, 2023, 2021]);

    let of_2021 = map::points_of(&app, Some(2021), None).await.unwrap();
    assert_eq!(
        category(&of_2021, "65.02"),
        Some((2021, "kurang_inovatif".into()))
    );
    assert_eq!(category(&of_2021, "65.01"), None);
    let of_2024 = map::points_of(&app, Some(2024), None).await.unwrap();
    assert_eq!(
        category(&of_2024, "65.01"),
        Some((2024, "kurang_inovatif".into()))
    );
    // An unpublished year shows nothing, even where results were computed.
    let of_2027 = map::points_of(&app, Some(2027), None).await.unwrap();
    assert!(of_2027.iter().all(|p| p.result.is_none()));

    let kaltara = map::points_of(&app, None, Some("65")).await.unwrap();
    let codes: Vec<&str> = kaltara.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["65", "65.01", "65.02", "65.03", "65.04"]);
    assert!(map::points_of(&app, None, Some("6x")).await.is_err());
}
