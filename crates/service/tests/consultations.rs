//! The plan form's choices come from the service: where the caller may plan a forum and which
//! agencies may hold it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use lumbung_service::consultations::planning;

#[tokio::test]
async fn a_forum_is_planned_where_the_caller_administers_or_operates_and_nowhere_else() {
    let (app, _db) = common::app_with(&[
        ("65.71", "Kota Tarakan"),
        ("65.01", "Kabupaten Malinau"),
        ("64.71", "Kota Balikpapan"),
    ])
    .await;
    let dukcapil = common::agency(&app, "65.71", "Dinas Kependudukan dan Pencatatan Sipil").await;
    let rsud = common::agency(&app, "64.71", "Rumah Sakit Umum Daerah").await;

    // A province admin: the province and its kabupaten/kota; a chosen regency's agencies.
    let province = common::user(
        &app,
        "admin@kaltaraprov.go.id",
        "province_admin",
        "65",
        None,
    )
    .await;
    let plan = planning(&app, &province, "65.71", "").await.unwrap();
    assert!(plan.may_plan && !plan.anywhere);
    let codes: Vec<&str> = plan.regions.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(codes, ["65", "65.01", "65.71"]);
    assert_eq!(plan.regions[2].1, "— Kota Tarakan");
    assert_eq!(
        plan.agencies,
        [(
            dukcapil.to_string(),
            "Dinas Kependudukan dan Pencatatan Sipil".to_owned()
        )]
    );
    // Another province's region lists none of its agencies.
    let plan = planning(&app, &province, "64.71", "").await.unwrap();
    assert!(plan.agencies.is_empty(), "{:?}", plan.agencies);

    // An agency's operator: the agency's region and the agency itself.
    let operator = common::user(
        &app,
        "ops@rsud.go.id",
        "agency_operator",
        "64.71",
        Some(rsud),
    )
    .await;
    let plan = planning(&app, &operator, "", "").await.unwrap();
    assert_eq!(
        plan.regions,
        [("64.71".to_owned(), "Kota Balikpapan".to_owned())]
    );
    assert_eq!(plan.agencies.len(), 1);
    assert!(plan.agencies[0].1.starts_with("Rumah Sakit Umum Daerah — "));

    // A verifier plans nothing; a national admin plans anywhere.
    let verifier = common::user(&app, "verif@kaltaraprov.go.id", "verifier", "65", None).await;
    let plan = planning(&app, &verifier, "", "").await.unwrap();
    assert!(!plan.may_plan && plan.regions.is_empty() && plan.agencies.is_empty());
    let national = common::user(&app, "fkp@menpan.go.id", "national_admin", "ID", None).await;
    assert!(planning(&app, &national, "", "").await.unwrap().anywhere);
}
