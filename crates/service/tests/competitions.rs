//! Competition rules that need stored history: awards of earlier editions (stored
//! competitions of the same organiser, and for the national competition the KIPP awards in
//! the registry), the competition's scope, and the group rules. The whole flow is tested
//! through the API in `crates/web/tests/competitions.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::agency;

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use lumbung_service::competitions::proposals::{self, AttachmentInput, ProposalInput};
use lumbung_service::competitions::{self};
use lumbung_service::domain::competition::CompetitionSetup;
use lumbung_service::domain::innovation::ProfileInput;
use lumbung_service::domain::region::RegionCode;
use lumbung_service::innovations::{self, AwardInput, InnovationInput};
use lumbung_service::{App, Caller, ServiceError};
use lumbung_store::competitions::{self as store, NewCompetition, NewProposal, proposal_status};
use lumbung_store::testing::TestDb;
use uuid::Uuid;

/// Today in Kalimantan Timur (WITA), where most of these competitions are run.
fn today() -> NaiveDate {
    lumbung_service::clock::local_day(&RegionCode::parse("64").unwrap(), Utc::now())
}

async fn setup() -> (App, TestDb, Uuid, Uuid) {
    let (app, test) =
        common::app_with(&[("64.01", "Kabupaten Paser"), ("65.01", "Kabupaten Malinau")]).await;
    let paser = agency(&app, "64.01", "Dinas Kesehatan Kabupaten Paser").await;
    let malinau = agency(&app, "65.01", "Dinas Kesehatan Kabupaten Malinau").await;
    (app, test, paser, malinau)
}

async fn innovation(app: &App, agency: Uuid, name: &str, awards: Vec<AwardInput>) -> Uuid {
    let input = InnovationInput {
        agency_id: Some(agency),
        profile: ProfileInput {
            name: name.into(),
            stage: "penerapan".into(),
            kind: "digital".into(),
            form: "pelayanan_publik".into(),
            implementation_date: Some("2020-02-01".into()),
            design: Some("Rancang bangun.".into()),
            ..Default::default()
        },
        awards,
    };
    innovations::create(app, &Caller::system(), &input)
        .await
        .unwrap()
        .id
}

async fn competition(app: &App, scope: &str) -> Uuid {
    let setup = CompetitionSetup::kipp(
        "Kompetisi Inovasi",
        today().year(),
        RegionCode::parse(scope).unwrap(),
        today() - Duration::days(5),
        today() + Duration::days(5),
    );
    competitions::create(app, &Caller::system(), setup)
        .await
        .unwrap()
        .id
}

fn input(innovation: Uuid, group: &str) -> ProposalInput {
    let sections: BTreeMap<String, String> = [
        "ringkasan",
        "kebaruan",
        "signifikansi",
        "adaptabilitas",
        "keberlanjutan",
        "inspirasi",
        "proses_replikasi",
        "faktor_pembeda",
    ]
    .iter()
    .map(|code| {
        (
            (*code).to_owned(),
            "Uraian singkat yang cukup jelas.".to_owned(),
        )
    })
    .collect();
    let attachments = [
        "standar_pelayanan",
        "maklumat_pelayanan",
        "sk_pengelola_pengaduan",
        "video",
        "surat_pernyataan_replikasi",
    ]
    .iter()
    .map(|code| AttachmentInput {
        code: (*code).to_owned(),
        url: "https://jdih.example.go.id/dokumen.pdf".to_owned(),
    })
    .collect();
    ProposalInput {
        innovation_id: Some(innovation),
        group: group.into(),
        category: "kesehatan".into(),
        replicated_innovation: None,
        sections,
        attachments,
    }
}

fn fields(error: ServiceError) -> BTreeMap<String, String> {
    match error {
        ServiceError::Validation(errors) => errors.into_map(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Stores an earlier edition of the province's competition in which `innovation` ended with
/// `status`.
async fn earlier_edition(
    app: &App,
    scope: &str,
    year: i32,
    innovation: Uuid,
    agency: Uuid,
    status: &str,
) {
    let scope = RegionCode::parse(scope).unwrap();
    let setup = CompetitionSetup::kipp(
        "Edisi lalu",
        year,
        scope.clone(),
        NaiveDate::from_ymd_opt(year, 3, 1).unwrap(),
        NaiveDate::from_ymd_opt(year, 4, 1).unwrap(),
    );
    let body = serde_json::to_string(&setup).unwrap();
    let mut tx = app.db.begin().await.unwrap();
    let id = store::insert_competition(
        &mut tx,
        &NewCompetition {
            scope_region: &scope,
            name: "Edisi lalu",
            year,
            setup: &body,
            status: "published",
            created_by: None,
        },
    )
    .await
    .unwrap();
    let proposal = store::insert_proposal(
        &mut tx,
        &NewProposal {
            competition_id: id,
            innovation_id: innovation,
            region_code: &RegionCode::parse("64.01").unwrap(),
            agency_id: agency,
            group_code: "umum",
            category: "kesehatan",
            title: "Edisi lalu",
            replicated_innovation: None,
            snapshot: "{}",
            sections: "{}",
            attachments: "[]",
            status,
            rejection_reasons: None,
            submitted_by: None,
            source_proposal_id: None,
        },
    )
    .await
    .unwrap();
    store::set_proposal_status(&mut tx, proposal, status, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn earlier_editions_of_the_same_organiser_decide_group_umum() {
    let (app, _test, paser, _) = setup().await;
    let system = Caller::system();
    let winner = innovation(&app, paser, "Pemenang tahun lalu", Vec::new()).await;
    let finalist = innovation(&app, paser, "Finalis sekali", Vec::new()).await;
    let twice = innovation(&app, paser, "Finalis dua kali", Vec::new()).await;
    let year = today().year();
    earlier_edition(&app, "64", year - 1, winner, paser, proposal_status::WINNER).await;
    earlier_edition(
        &app,
        "64",
        year - 1,
        finalist,
        paser,
        proposal_status::FINALIST,
    )
    .await;
    earlier_edition(
        &app,
        "64",
        year - 2,
        twice,
        paser,
        proposal_status::FINALIST,
    )
    .await;
    earlier_edition(
        &app,
        "64",
        year - 1,
        twice,
        paser,
        proposal_status::FINALIST,
    )
    .await;
    // Another organiser's award does not count for this one.
    earlier_edition(
        &app,
        "65",
        year - 1,
        finalist,
        paser,
        proposal_status::WINNER,
    )
    .await;

    let id = competition(&app, "64").await;
    let refused = proposals::submit(&app, &system, id, &input(winner, "umum"))
        .await
        .unwrap_err();
    assert!(fields(refused).contains_key("previous_awards"));
    let refused = proposals::submit(&app, &system, id, &input(twice, "umum"))
        .await
        .unwrap_err();
    assert!(fields(refused).contains_key("previous_awards"));
    // One earlier Top 99 is allowed.
    let accepted = proposals::submit(&app, &system, id, &input(finalist, "umum"))
        .await
        .unwrap();
    assert_eq!(accepted.status, "submitted");
    // The group replikasi has no award rule, but must name what it replicates.
    let refused = proposals::submit(&app, &system, id, &input(winner, "replikasi"))
        .await
        .unwrap_err();
    assert!(fields(refused).contains_key("replicated_innovation"));
    let mut replication = input(winner, "replikasi");
    replication.replicated_innovation = Some("Lanterna Kota Surabaya".into());
    proposals::submit(&app, &system, id, &replication)
        .await
        .unwrap();
    // A khusus proposal needs an invitation, and no invitation is recorded.
    let third = innovation(&app, paser, "Belum pernah ikut", Vec::new()).await;
    let refused = proposals::submit(&app, &system, id, &input(third, "khusus"))
        .await
        .unwrap_err();
    assert!(
        fields(refused).contains_key("group"),
        "khusus is not offered by default"
    );
}

#[tokio::test]
async fn the_national_competition_reads_kipp_awards_from_the_registry() {
    let (app, _test, paser, _) = setup().await;
    let system = Caller::system();
    let award = |rank: &str| AwardInput {
        body: String::new(),
        event: "KIPP".into(),
        year: 2019,
        rank: rank.into(),
    };
    let top45 = innovation(&app, paser, "Top 45 KIPP", vec![award("Top 45")]).await;
    let top99 = innovation(&app, paser, "Top 99 KIPP", vec![award("Top 99")]).await;
    let id = competition(&app, "ID").await;
    let refused = proposals::submit(&app, &system, id, &input(top45, "umum"))
        .await
        .unwrap_err();
    assert!(fields(refused).contains_key("previous_awards"));
    proposals::submit(&app, &system, id, &input(top99, "umum"))
        .await
        .unwrap();
    // A provincial competition does not read national awards.
    let provincial = competition(&app, "64").await;
    proposals::submit(&app, &system, provincial, &input(top45, "umum"))
        .await
        .unwrap();
}

#[tokio::test]
async fn only_innovations_of_the_organisers_regions_are_proposed() {
    let (app, _test, _, malinau) = setup().await;
    let outside = innovation(&app, malinau, "Inovasi Malinau", Vec::new()).await;
    let id = competition(&app, "64").await;
    let refused = proposals::submit(&app, &Caller::system(), id, &input(outside, "umum"))
        .await
        .unwrap_err();
    assert!(fields(refused).contains_key("innovation_id"));
    // A regency cannot organise a competition.
    let setup = CompetitionSetup::kipp(
        "Lomba kabupaten",
        today().year(),
        RegionCode::parse("64.01").unwrap(),
        today(),
        today() + Duration::days(5),
    );
    let refused = competitions::create(&app, &Caller::system(), setup)
        .await
        .unwrap_err();
    assert!(fields(refused).contains_key("scope"));
    let listed = competitions::list(&app, None).await.unwrap();
    assert_eq!(listed.len(), 1);
}
