//! The assessment report as a real PDF, read back: its stamp is on the region's own clock.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{TimeZone as _, Utc};
use lumbung_service::reports;

/// Every text the PDF shows, pages joined.
fn text_of(pdf: &[u8]) -> String {
    let document = lopdf::Document::load_mem(pdf).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    document.extract_text(&pages).unwrap()
}

#[tokio::test]
async fn the_report_of_a_kaltara_region_is_stamped_in_wita_and_of_jayapura_in_wit() {
    let (app, _db) =
        common::app_with(&[("65.71", "Kota Tarakan"), ("91.71", "Kota Jayapura")]).await;
    // 10.30 UTC: 18.30 in Tarakan, 19.30 in Jayapura.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 5, 12, 10, 30, 0).unwrap());
    let national = common::user(
        &app,
        "indeks@kemendagri.go.id",
        "national_admin",
        "ID",
        None,
    )
    .await;
    let tarakan = text_of(
        &reports::assessment_pdf(&app, &national, "65.71", 2026)
            .await
            .unwrap(),
    );
    assert!(tarakan.contains("Kota Tarakan"), "{tarakan}");
    assert!(tarakan.contains("12-05-2026 18:30 WITA"), "{tarakan}");
    let jayapura = text_of(
        &reports::assessment_pdf(&app, &national, "91.71", 2026)
            .await
            .unwrap(),
    );
    assert!(jayapura.contains("12-05-2026 19:30 WIT"), "{jayapura}");
    assert!(!jayapura.contains("UTC"), "{jayapura}");
}
