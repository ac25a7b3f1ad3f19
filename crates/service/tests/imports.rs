//! The innovation import's batched write: what a row-by-row write gave must still hold when
//! thousands of rows go in a few statements.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Mutex;

use lumbung_service::Caller;
use lumbung_service::imports;
use lumbung_service::innovations::{self, ListQuery};
use lumbung_store::Paging;
use lumbung_store::audit::AuditFilter;

/// Rows over two regions, every fifth for a new agency of 65.71, with awards and related
/// affairs, and a word only row `marked` has.
fn sheet(rows: usize, marked: usize) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "nama_inovasi",
        "kode_wilayah",
        "perangkat_daerah",
        "tahapan",
        "jenis",
        "bentuk",
        "waktu_uji_coba",
        "waktu_penerapan",
        "urusan_utama",
        "urusan_lain",
        "rancang_bangun",
        "penghargaan",
    ])
    .unwrap();
    for i in 0..rows {
        let (region, agency) = match i % 5 {
            0 => ("65.71", "Badan Pendapatan Daerah Kota Tarakan"),
            1 | 3 => ("65.71", "Dinas Kesehatan Kota Tarakan"),
            _ => ("65.01", "Dinas Kesehatan Kabupaten Malinau"),
        };
        let design = if i == marked {
            "Layanan keliling memakai perahu ketinting ke desa hulu".to_owned()
        } else {
            format!("Antrean daring puskesmas tahap {i}")
        };
        out.write_record([
            format!("Layanan antrean nomor {i}").as_str(),
            region,
            agency,
            "Penerapan",
            "Digital",
            "Pelayanan publik",
            "01/03/2021",
            "12/03/2022",
            "Kesehatan",
            "Komunikasi dan Informatika; Sosial",
            &design,
            if i % 7 == 0 { "Top 45 KIPP 2019" } else { "" },
        ])
        .unwrap();
    }
    out.into_inner().unwrap()
}

#[tokio::test]
async fn a_batched_import_numbers_indexes_and_audits_every_row_as_a_single_write_did() {
    let (app, _db) =
        common::app_with(&[("65.71", "Kota Tarakan"), ("65.01", "Kab. Malinau")]).await;
    common::agency(&app, "65.71", "Dinas Kesehatan Kota Tarakan").await;
    common::agency(&app, "65.01", "Dinas Kesehatan Kabupaten Malinau").await;
    // Numbering runs on from what the form already gave.
    let first = innovations::create(
        &app,
        &Caller::system(),
        &lumbung_service::innovations::InnovationInput {
            agency_id: Some(common::agency(&app, "65.71", "Sekretariat Daerah Kota Tarakan").await),
            profile: lumbung_service::domain::innovation::ProfileInput {
                name: "Tarakan Satu Data".into(),
                stage: "Inisiatif".into(),
                kind: "Digital".into(),
                form: "Tata kelola pemerintahan daerah".into(),
                ..Default::default()
            },
            awards: Vec::new(),
        },
    )
    .await
    .unwrap();
    assert_eq!(first.registration_number.rsplit('-').next(), Some("00001"));

    let rows = 2_345;
    let marked = 2_222;
    let reports = Mutex::new(Vec::new());
    let summary = imports::import(
        &app,
        &Caller::system(),
        &sheet(rows, marked),
        &|done, total| reports.lock().unwrap().push((done, total)),
    )
    .await
    .unwrap();
    assert_eq!(summary.created, rows);
    assert_eq!(summary.ids.len(), rows);
    assert_eq!(
        summary.agencies_created,
        vec!["Badan Pendapatan Daerah Kota Tarakan (65.71)".to_owned()]
    );
    assert_eq!(*reports.lock().unwrap(), vec![(2_000, rows), (rows, rows)]);

    // Each region's numbers run on in the sheet's order, with no gap and no repeat.
    let mut tarakan = Vec::new();
    let mut malinau = Vec::new();
    for (i, id) in summary.ids.iter().enumerate() {
        if i % 500 != 0 && i != marked && i + 1 != rows {
            continue;
        }
        let innovation = innovations::get(&app, &Caller::system(), *id)
            .await
            .unwrap();
        assert_eq!(
            innovation.profile.name,
            format!("Layanan antrean nomor {i}")
        );
        let sequence: usize = innovation
            .registration_number
            .rsplit('-')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        // Rows 0, 1, 3 of every five are Tarakan's, 2 and 4 Malinau's.
        let (tarakan_before, malinau_before) = (
            (i / 5) * 3 + [0, 1, 2, 2, 3][i % 5],
            (i / 5) * 2 + [0, 0, 0, 1, 1][i % 5],
        );
        if innovation.region.code.as_str() == "65.71" {
            tarakan.push(sequence);
            assert_eq!(sequence, tarakan_before + 2, "row {i}");
        } else {
            malinau.push(sequence);
            assert_eq!(sequence, malinau_before + 1, "row {i}");
        }
        assert_eq!(
            innovation.profile.related_affairs,
            vec!["komunikasi_informatika".to_owned(), "sosial".to_owned()]
        );
        assert_eq!(innovation.awards.len(), usize::from(i % 7 == 0), "row {i}");
    }
    assert!(!tarakan.is_empty() && !malinau.is_empty());

    // Every row is in the search index: a word of one row finds exactly that row.
    let found = innovations::list(
        &app,
        &Caller::system(),
        &ListQuery {
            q: Some("ketinting".into()),
            ..Default::default()
        },
        Paging::new(Some(1), Some(10)),
    )
    .await
    .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].id, summary.ids[marked]);

    // One audit entry per row, with its number, its source and its (possibly new) agency.
    let entry = |id: uuid::Uuid| {
        let app = app.clone();
        async move {
            lumbung_service::audit::list(
                &app,
                &Caller::system(),
                &AuditFilter {
                    entity: Some("innovation".into()),
                    entity_id: Some(id.to_string()),
                },
                Paging::new(Some(1), Some(10)),
            )
            .await
            .unwrap()
        }
    };
    let all = lumbung_service::audit::list(
        &app,
        &Caller::system(),
        &AuditFilter {
            entity: Some("innovation".into()),
            entity_id: None,
        },
        Paging::new(Some(1), Some(1)),
    )
    .await
    .unwrap();
    assert_eq!(all.total, i64::try_from(rows).unwrap() + 1);
    let created_agency_row = entry(summary.ids[2_000]).await;
    assert_eq!(created_agency_row.total, 1);
    let changes = &created_agency_row.items[0].changes;
    let innovation = innovations::get(&app, &Caller::system(), summary.ids[2_000])
        .await
        .unwrap();
    assert_eq!(changes["source"], "import");
    assert_eq!(
        changes["registration_number"],
        innovation.registration_number.as_str()
    );
    assert_eq!(changes["agency_id"], innovation.agency.id.to_string());
    assert_eq!(
        innovation.agency.name,
        "Badan Pendapatan Daerah Kota Tarakan"
    );
}
