//! Competitions as stored: the same tests on SQLite (always) and PostgreSQL (when
//! `LUMBUNG_TEST_DATABASE_URL` is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use lumbung_domain::agency::AgencyKind;
use lumbung_domain::competition::{Competition, CompetitionSetup};
use lumbung_domain::innovation::{Profile, ProfileInput, Status};
use lumbung_domain::region::{Region, RegionCode, built_in_regions};
use lumbung_store::competitions::{
    self as store, NewAffiliation, NewCompetition, NewObjection, NewProposal, NewScoreSheet,
    objection_status, proposal_status,
};
use lumbung_store::innovations::NewInnovation;
use lumbung_store::testing::{TestDb, fresh_db};
use lumbung_store::{StoreError, agencies, innovations, regions, users};
use uuid::Uuid;

fn code(text: &str) -> RegionCode {
    RegionCode::parse(text).unwrap()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A database with the provinces, two kabupaten, an agency in each, two innovations of the
/// first agency and one of the second, an admin and three jurors-to-be.
struct World {
    test: TestDb,
    agency_a: Uuid,
    agency_b: Uuid,
    innovation_a1: Uuid,
    innovation_a2: Uuid,
    innovation_b: Uuid,
    admin: Uuid,
    users: [Uuid; 3],
}

async fn world() -> World {
    let test = fresh_db().await.unwrap();
    let mut tx = test.db.begin().await.unwrap();
    for region in built_in_regions() {
        regions::upsert(&mut tx, &region).await.unwrap();
    }
    for (c, name) in [
        ("65.01", "Kabupaten Bulungan"),
        ("61.01", "Kabupaten Sambas"),
    ] {
        regions::upsert(&mut tx, &Region::new(code(c), name))
            .await
            .unwrap();
    }
    let mut agency = async |region: &str, name: &str| {
        agencies::insert(
            &mut tx,
            &agencies::NewAgency {
                region_code: &code(region),
                name,
                kind: AgencyKind::RegionalAgency,
                is_demo: false,
            },
        )
        .await
        .unwrap()
    };
    let agency_a = agency("65.01", "Dinas Kesehatan").await;
    let agency_b = agency("61.01", "Dinas Pendidikan").await;
    let mut ids = Vec::new();
    for (region, agency, name) in [
        ("65.01", agency_a, "Posyandu Digital"),
        ("65.01", agency_a, "Klinik Keliling"),
        ("61.01", agency_b, "Sekolah Terbuka"),
    ] {
        let profile = Profile::parse(&ProfileInput {
            name: name.into(),
            stage: "penerapan".into(),
            trial_date: Some("2020-01-01".into()),
            implementation_date: Some("2021-01-01".into()),
            kind: "digital".into(),
            form: "pelayanan_publik".into(),
            main_affair: Some("kesehatan".into()),
            links: vec!["https://example.go.id".into()],
            ..Default::default()
        })
        .unwrap();
        let (id, _) = innovations::insert(
            &mut tx,
            &NewInnovation {
                region_code: &code(region),
                agency_id: agency,
                profile: &profile,
                status: Status::Published,
                is_demo: false,
                created_by: None,
            },
        )
        .await
        .unwrap();
        ids.push(id);
    }
    let admin = users::insert(&mut tx, "admin@example.go.id", "Admin", "x")
        .await
        .unwrap();
    let mut jurors = [Uuid::nil(); 3];
    for (i, juror) in jurors.iter_mut().enumerate() {
        *juror = users::insert(
            &mut tx,
            &format!("juri{i}@example.ac.id"),
            &format!("Juri {i}"),
            "x",
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    World {
        test,
        agency_a,
        agency_b,
        innovation_a1: ids[0],
        innovation_a2: ids[1],
        innovation_b: ids[2],
        admin,
        users: jurors,
    }
}

fn setup_json() -> (CompetitionSetup, String) {
    let setup = CompetitionSetup::kipp(
        "KIPP 2025",
        2025,
        RegionCode::nation(),
        day("2025-03-01"),
        day("2025-04-30"),
    );
    let competition = Competition::new(setup.clone()).unwrap();
    (setup, serde_json::to_string(&competition).unwrap())
}

async fn competition(world: &World) -> Uuid {
    let (setup, json) = setup_json();
    let mut tx = world.test.db.begin().await.unwrap();
    let id = store::insert_competition(
        &mut tx,
        &NewCompetition {
            scope_region: &setup.scope,
            name: &setup.name,
            year: setup.year,
            setup: &json,
            status: "draft",
            created_by: Some(world.admin),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

fn proposal<'a>(
    competition: Uuid,
    innovation: Uuid,
    region: &'a RegionCode,
    agency: Uuid,
    group: &'a str,
    title: &'a str,
) -> NewProposal<'a> {
    NewProposal {
        competition_id: competition,
        innovation_id: innovation,
        region_code: region,
        agency_id: agency,
        group_code: group,
        category: "kesehatan",
        title,
        replicated_innovation: None,
        snapshot: r#"{"name":"snapshot"}"#,
        sections: r#"{"ringkasan":"Singkat."}"#,
        attachments: r#"["proposal_pdf"]"#,
        status: proposal_status::SUBMITTED,
        rejection_reasons: None,
        submitted_by: None,
        source_proposal_id: None,
    }
}

#[tokio::test]
async fn competitions_are_stored_with_their_setup_and_listed_by_scope() {
    let world = world().await;
    let id = competition(&world).await;
    let mut tx = world.test.db.begin().await.unwrap();
    let kaltara = store::insert_competition(
        &mut tx,
        &NewCompetition {
            scope_region: &code("65"),
            name: "Kompetisi Inovasi Kaltara",
            year: 2024,
            setup: "{}",
            status: "draft",
            created_by: None,
        },
    )
    .await
    .unwrap();

    let stored = store::get_competition(&mut tx, id).await.unwrap();
    let (setup, json) = setup_json();
    assert_eq!(stored.name, "KIPP 2025");
    assert_eq!(stored.year, 2025);
    assert_eq!(stored.scope_region, RegionCode::nation());
    assert_eq!(stored.created_by, Some(world.admin));
    assert_eq!(stored.setup, json);
    let back: Competition = serde_json::from_str(&stored.setup).unwrap();
    assert_eq!(back.setup(), &setup);

    let all = store::list_competitions(&mut tx, None, None).await.unwrap();
    assert_eq!(
        all.iter().map(|c| c.id).collect::<Vec<_>>(),
        [id, kaltara],
        "newest year first"
    );
    let national = store::list_competitions(&mut tx, Some(&RegionCode::nation()), None)
        .await
        .unwrap();
    assert_eq!(national.len(), 2);
    let in_kaltara = store::list_competitions(&mut tx, Some(&code("65")), None)
        .await
        .unwrap();
    assert_eq!(
        in_kaltara.iter().map(|c| c.id).collect::<Vec<_>>(),
        [kaltara]
    );
    let of_2025 = store::list_competitions(&mut tx, None, Some(2025))
        .await
        .unwrap();
    assert_eq!(of_2025.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);

    store::update_competition_setup(&mut tx, kaltara, "Kovablik Kaltara", 2025, r#"{"a":1}"#)
        .await
        .unwrap();
    store::set_competition_status(&mut tx, kaltara, "open")
        .await
        .unwrap();
    let edited = store::get_competition(&mut tx, kaltara).await.unwrap();
    assert_eq!(
        (
            edited.name.as_str(),
            edited.year,
            edited.setup.as_str(),
            edited.status.as_str()
        ),
        ("Kovablik Kaltara", 2025, r#"{"a":1}"#, "open")
    );
    assert!(edited.updated_at >= edited.created_at);
    assert!(matches!(
        store::get_competition(&mut tx, Uuid::now_v7()).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store::set_competition_status(&mut tx, Uuid::now_v7(), "open").await,
        Err(StoreError::NotFound)
    ));
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn rounds_are_upserted_listed_in_order_and_frozen_when_closed() {
    let world = world().await;
    let id = competition(&world).await;
    let mut tx = world.test.db.begin().await.unwrap();
    store::upsert_round(
        &mut tx,
        id,
        "desk_evaluation",
        1,
        day("2025-05-11"),
        day("2025-06-09"),
    )
    .await
    .unwrap();
    store::upsert_round(
        &mut tx,
        id,
        "administrative_check",
        0,
        day("2025-05-01"),
        day("2025-05-10"),
    )
    .await
    .unwrap();
    // Moving the dates of an existing round.
    store::upsert_round(
        &mut tx,
        id,
        "desk_evaluation",
        1,
        day("2025-05-12"),
        day("2025-06-10"),
    )
    .await
    .unwrap();
    let rounds = store::list_rounds(&mut tx, id).await.unwrap();
    assert_eq!(
        rounds.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        ["administrative_check", "desk_evaluation"]
    );
    assert_eq!(rounds[1].opens_on, day("2025-05-12"));
    assert_eq!(rounds[1].closes_on, day("2025-06-10"));
    assert!(!rounds[0].is_closed());

    store::close_round(
        &mut tx,
        id,
        "administrative_check",
        Some(world.admin),
        Some(r#"{"passed":2}"#),
    )
    .await
    .unwrap();
    let closed = store::get_round(&mut tx, id, "administrative_check")
        .await
        .unwrap();
    assert!(closed.is_closed());
    assert_eq!(closed.closed_by, Some(world.admin));
    assert_eq!(closed.result.as_deref(), Some(r#"{"passed":2}"#));
    // Closing twice would overwrite the frozen result: refused.
    assert!(matches!(
        store::close_round(&mut tx, id, "administrative_check", None, Some("{}")).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store::close_round(&mut tx, id, "interview", None, None).await,
        Err(StoreError::NotFound)
    ));
    // Upserting the dates of a closed round leaves it closed.
    store::upsert_round(
        &mut tx,
        id,
        "administrative_check",
        0,
        day("2025-05-01"),
        day("2025-05-11"),
    )
    .await
    .unwrap();
    let still = store::get_round(&mut tx, id, "administrative_check")
        .await
        .unwrap();
    assert!(still.is_closed());
    assert_eq!(still.result.as_deref(), Some(r#"{"passed":2}"#));

    store::reopen_round(&mut tx, id, "administrative_check")
        .await
        .unwrap();
    let reopened = store::get_round(&mut tx, id, "administrative_check")
        .await
        .unwrap();
    assert!(!reopened.is_closed());
    assert_eq!(reopened.result, None);
    assert!(matches!(
        store::reopen_round(&mut tx, id, "interview").await,
        Err(StoreError::NotFound)
    ));
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn proposals_are_unique_per_innovation_filtered_by_status_and_counted_for_quotas() {
    let world = world().await;
    let id = competition(&world).await;
    let bulungan = code("65.01");
    let sambas = code("61.01");
    let mut tx = world.test.db.begin().await.unwrap();
    let a1 = store::insert_proposal(
        &mut tx,
        &proposal(
            id,
            world.innovation_a1,
            &bulungan,
            world.agency_a,
            "umum",
            "Posyandu Digital",
        ),
    )
    .await
    .unwrap();
    let mut replication = proposal(
        id,
        world.innovation_a2,
        &bulungan,
        world.agency_a,
        "replikasi",
        "Klinik Keliling",
    );
    replication.replicated_innovation = Some("Klinik Keliling Kabupaten Malang");
    let a2 = store::insert_proposal(&mut tx, &replication).await.unwrap();
    let b = store::insert_proposal(
        &mut tx,
        &proposal(
            id,
            world.innovation_b,
            &sambas,
            world.agency_b,
            "umum",
            "Sekolah Terbuka",
        ),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // A second proposal of the same innovation in the same competition is a conflict.
    let mut tx = world.test.db.begin().await.unwrap();
    let again = store::insert_proposal(
        &mut tx,
        &proposal(
            id,
            world.innovation_a1,
            &bulungan,
            world.agency_a,
            "replikasi",
            "Lagi",
        ),
    )
    .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    drop(tx);

    let mut conn = world.test.db.read().await.unwrap();
    let stored = store::get_proposal(&mut conn, a2).await.unwrap();
    assert_eq!(stored.competition_id, id);
    assert_eq!(stored.innovation_id, world.innovation_a2);
    assert_eq!(stored.region_code, bulungan);
    assert_eq!(stored.agency_id, world.agency_a);
    assert_eq!(stored.group_code, "replikasi");
    assert_eq!(stored.category, "kesehatan");
    assert_eq!(stored.title, "Klinik Keliling");
    assert_eq!(
        stored.replicated_innovation.as_deref(),
        Some("Klinik Keliling Kabupaten Malang")
    );
    assert_eq!(stored.snapshot, r#"{"name":"snapshot"}"#);
    assert_eq!(stored.sections, r#"{"ringkasan":"Singkat."}"#);
    assert_eq!(stored.attachments, r#"["proposal_pdf"]"#);
    assert_eq!(stored.status, proposal_status::SUBMITTED);
    assert_eq!(stored.rejection_reasons, None);
    assert!(matches!(
        store::get_proposal(&mut conn, Uuid::now_v7()).await,
        Err(StoreError::NotFound)
    ));

    let all = store::list_proposals(&mut conn, id, None).await.unwrap();
    assert_eq!(all.iter().map(|p| p.id).collect::<Vec<_>>(), [a1, a2, b]);
    assert_eq!(
        store::count_proposals(&mut conn, id, world.agency_a, "umum")
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store::count_proposals(&mut conn, id, world.agency_a, "replikasi")
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store::count_proposals(&mut conn, id, world.agency_b, "replikasi")
            .await
            .unwrap(),
        0
    );
    drop(conn);

    let mut tx = world.test.db.begin().await.unwrap();
    let reasons = r#"[{"code":"too_recent","message":"Belum 2 tahun diterapkan"}]"#;
    store::set_proposal_status(&mut tx, b, proposal_status::REJECTED, Some(reasons))
        .await
        .unwrap();
    store::set_proposal_status(&mut tx, a1, proposal_status::PASSED, None)
        .await
        .unwrap();
    assert!(matches!(
        store::set_proposal_status(&mut tx, Uuid::now_v7(), proposal_status::PASSED, None).await,
        Err(StoreError::NotFound)
    ));
    let rejected = store::list_proposals(&mut tx, id, Some(proposal_status::REJECTED))
        .await
        .unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].id, b);
    assert_eq!(rejected[0].rejection_reasons.as_deref(), Some(reasons));
    let passed = store::list_proposals(&mut tx, id, Some(proposal_status::PASSED))
        .await
        .unwrap();
    assert_eq!(passed.iter().map(|p| p.id).collect::<Vec<_>>(), [a1]);
    // A rejected proposal still counts against its instance's quota.
    assert_eq!(
        store::count_proposals(&mut tx, id, world.agency_b, "umum")
            .await
            .unwrap(),
        1
    );
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn jurors_affiliations_and_declared_conflicts() {
    let world = world().await;
    let id = competition(&world).await;
    let other = competition(&world).await;
    let [j0, j1, j2] = world.users;
    let bulungan = code("65.01");
    let mut tx = world.test.db.begin().await.unwrap();
    let a1 = store::insert_proposal(
        &mut tx,
        &proposal(
            id,
            world.innovation_a1,
            &bulungan,
            world.agency_a,
            "umum",
            "Posyandu Digital",
        ),
    )
    .await
    .unwrap();
    assert!(store::add_juror(&mut tx, id, j0).await.unwrap());
    assert!(store::add_juror(&mut tx, id, j1).await.unwrap());
    assert!(
        !store::add_juror(&mut tx, id, j0).await.unwrap(),
        "already a juror"
    );
    assert!(store::add_juror(&mut tx, other, j2).await.unwrap());
    let jurors = store::list_jurors(&mut tx, id).await.unwrap();
    assert_eq!(
        jurors.iter().map(|j| j.user_id).collect::<Vec<_>>(),
        [j0, j1]
    );
    assert_eq!(jurors[0].name, "Juri 0");
    assert_eq!(jurors[0].email, "juri0@example.ac.id");
    assert!(store::is_juror(&mut tx, id, j1).await.unwrap());
    assert!(!store::is_juror(&mut tx, id, j2).await.unwrap());

    let kaltara = code("65");
    let region_aff = store::add_affiliation(
        &mut tx,
        &NewAffiliation {
            user_id: j0,
            region_code: Some(&kaltara),
            agency_id: None,
            from_on: Some(day("2018-01-01")),
            to_on: Some(day("2022-12-31")),
        },
    )
    .await
    .unwrap();
    let agency_aff = store::add_affiliation(
        &mut tx,
        &NewAffiliation {
            user_id: j0,
            region_code: None,
            agency_id: Some(world.agency_b),
            from_on: None,
            to_on: None,
        },
    )
    .await
    .unwrap();
    store::add_affiliation(
        &mut tx,
        &NewAffiliation {
            user_id: j2,
            region_code: Some(&bulungan),
            agency_id: Some(world.agency_a),
            from_on: Some(day("2024-01-01")),
            to_on: None,
        },
    )
    .await
    .unwrap();
    let of_j0 = store::affiliations_of(&mut tx, &[j0]).await.unwrap();
    assert_eq!(of_j0.len(), 2);
    assert_eq!(of_j0[0].id, region_aff);
    assert_eq!(of_j0[0].region_code, Some(kaltara.clone()));
    assert_eq!(of_j0[0].agency_id, None);
    assert_eq!(of_j0[0].from_on, Some(day("2018-01-01")));
    assert_eq!(of_j0[0].to_on, Some(day("2022-12-31")));
    assert_eq!(of_j0[1].id, agency_aff);
    assert_eq!(of_j0[1].agency_id, Some(world.agency_b));
    assert_eq!((of_j0[1].from_on, of_j0[1].to_on), (None, None));
    assert_eq!(
        store::affiliations_of(&mut tx, &[j0, j2])
            .await
            .unwrap()
            .len(),
        3
    );
    assert!(
        store::affiliations_of(&mut tx, &[])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store::affiliations_of(&mut tx, &[j1])
            .await
            .unwrap()
            .is_empty()
    );
    // Only the competition's jurors: j2 judges the other competition.
    let of_jury = store::juror_affiliations(&mut tx, id).await.unwrap();
    assert!(of_jury.iter().all(|a| a.user_id == j0));
    assert_eq!(of_jury.len(), 2);

    assert!(
        store::declare_conflict(&mut tx, id, j1, a1, "Pernah menjadi konsultan")
            .await
            .unwrap()
    );
    assert!(
        !store::declare_conflict(&mut tx, id, j1, a1, "Lagi")
            .await
            .unwrap()
    );
    let declared = store::list_declared_conflicts(&mut tx, id).await.unwrap();
    assert_eq!(declared.len(), 1);
    assert_eq!(
        (
            declared[0].user_id,
            declared[0].proposal_id,
            declared[0].reason.as_str()
        ),
        (j1, a1, "Pernah menjadi konsultan")
    );
    assert!(
        store::list_declared_conflicts(&mut tx, other)
            .await
            .unwrap()
            .is_empty()
    );
    tx.commit().await.unwrap();

    // Only a juror of the competition can declare a conflict.
    let mut tx = world.test.db.begin().await.unwrap();
    assert!(
        store::declare_conflict(&mut tx, id, j2, a1, "Bukan juri")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn assignments_are_replaced_per_round_and_sheets_are_per_juror() {
    let world = world().await;
    let id = competition(&world).await;
    let [j0, j1, j2] = world.users;
    let bulungan = code("65.01");
    let sambas = code("61.01");
    let mut tx = world.test.db.begin().await.unwrap();
    let a1 = store::insert_proposal(
        &mut tx,
        &proposal(
            id,
            world.innovation_a1,
            &bulungan,
            world.agency_a,
            "umum",
            "Posyandu Digital",
        ),
    )
    .await
    .unwrap();
    let b = store::insert_proposal(
        &mut tx,
        &proposal(
            id,
            world.innovation_b,
            &sambas,
            world.agency_b,
            "umum",
            "Sekolah Terbuka",
        ),
    )
    .await
    .unwrap();
    for juror in [j0, j1, j2] {
        store::add_juror(&mut tx, id, juror).await.unwrap();
    }
    let desk = "desk_evaluation";
    store::replace_assignments(&mut tx, id, desk, &[(a1, j0), (a1, j1), (b, j1), (b, j2)])
        .await
        .unwrap();
    store::replace_assignments(&mut tx, id, "interview", &[(a1, j2)])
        .await
        .unwrap();
    let pairs = |list: Vec<store::AssignmentRecord>| {
        let mut pairs: Vec<(Uuid, Uuid)> = list
            .into_iter()
            .map(|a| (a.proposal_id, a.user_id))
            .collect();
        pairs.sort();
        pairs
    };
    let sorted = |mut v: Vec<(Uuid, Uuid)>| {
        v.sort();
        v
    };
    assert_eq!(
        pairs(store::list_assignments(&mut tx, id, desk).await.unwrap()),
        sorted(vec![(a1, j0), (a1, j1), (b, j1), (b, j2)])
    );
    let kept_at = store::list_assignments(&mut tx, id, desk)
        .await
        .unwrap()
        .into_iter()
        .find(|a| (a.proposal_id, a.user_id) == (b, j2))
        .unwrap()
        .assigned_at;
    // j1 declares a conflict on a1: a1 goes to j2 instead.
    store::replace_assignments(&mut tx, id, desk, &[(a1, j0), (a1, j2), (b, j1), (b, j2)])
        .await
        .unwrap();
    let now = store::list_assignments(&mut tx, id, desk).await.unwrap();
    assert_eq!(
        pairs(now.clone()),
        sorted(vec![(a1, j0), (a1, j2), (b, j1), (b, j2)])
    );
    let kept = now
        .iter()
        .find(|a| (a.proposal_id, a.user_id) == (b, j2))
        .unwrap();
    assert_eq!(kept.assigned_at, kept_at, "a kept pair keeps its time");
    assert_eq!(
        pairs(
            store::assignments_of_juror(&mut tx, id, desk, j2)
                .await
                .unwrap()
        ),
        sorted(vec![(a1, j2), (b, j2)])
    );
    // The other round is untouched.
    assert_eq!(
        pairs(
            store::list_assignments(&mut tx, id, "interview")
                .await
                .unwrap()
        ),
        [(a1, j2)]
    );
    tx.commit().await.unwrap();

    // A user who is not a juror of the competition cannot be assigned.
    let mut tx = world.test.db.begin().await.unwrap();
    assert!(
        store::replace_assignments(&mut tx, id, desk, &[(a1, world.admin)])
            .await
            .is_err()
    );
    drop(tx);

    let mut tx = world.test.db.begin().await.unwrap();
    let sheet = |proposal, user, scores| NewScoreSheet {
        competition_id: id,
        round: desk,
        proposal_id: proposal,
        user_id: user,
        scores,
        note: None,
    };
    store::upsert_score_sheet(&mut tx, &sheet(a1, j0, r#"{"kebaruan":"80"}"#))
        .await
        .unwrap();
    store::upsert_score_sheet(&mut tx, &sheet(a1, j2, r#"{"kebaruan":"60"}"#))
        .await
        .unwrap();
    store::upsert_score_sheet(&mut tx, &sheet(b, j2, r#"{"kebaruan":"70"}"#))
        .await
        .unwrap();
    // j0 revises the sheet, with a note.
    store::upsert_score_sheet(
        &mut tx,
        &NewScoreSheet {
            note: Some("Direvisi"),
            ..sheet(a1, j0, r#"{"kebaruan":"85"}"#)
        },
    )
    .await
    .unwrap();
    store::upsert_score_sheet(
        &mut tx,
        &NewScoreSheet {
            round: "interview",
            ..sheet(a1, j2, r#"{"presentasi":"90"}"#)
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut conn = world.test.db.read().await.unwrap();
    let all = store::score_sheets_for_round(&mut conn, id, desk)
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    assert!(
        all.iter()
            .all(|s| s.round == desk && s.competition_id == id)
    );
    let of_j0 = store::score_sheets_of_juror(&mut conn, id, desk, j0)
        .await
        .unwrap();
    assert_eq!(of_j0.len(), 1);
    assert_eq!(of_j0[0].proposal_id, a1);
    assert_eq!(of_j0[0].scores, r#"{"kebaruan":"85"}"#);
    assert_eq!(of_j0[0].note.as_deref(), Some("Direvisi"));
    // Blind scoring: another juror's sheets of the same proposal never come back for j0, and
    // j0's never for j2.
    let of_j2 = store::score_sheets_of_juror(&mut conn, id, desk, j2)
        .await
        .unwrap();
    assert_eq!(of_j2.len(), 2);
    assert!(of_j2.iter().all(|s| s.user_id == j2));
    assert!(!of_j2.iter().any(|s| s.scores.contains("85")));
    assert!(
        store::score_sheets_of_juror(&mut conn, id, desk, j1)
            .await
            .unwrap()
            .is_empty()
    );
    let interview = store::score_sheets_for_round(&mut conn, id, "interview")
        .await
        .unwrap();
    assert_eq!(interview.len(), 1);
    assert_eq!(interview[0].scores, r#"{"presentasi":"90"}"#);
}

#[tokio::test]
async fn objections_are_filed_listed_and_resolved_once() {
    let world = world().await;
    let id = competition(&world).await;
    let other = competition(&world).await;
    let bulungan = code("65.01");
    let mut tx = world.test.db.begin().await.unwrap();
    let a1 = store::insert_proposal(
        &mut tx,
        &proposal(
            id,
            world.innovation_a1,
            &bulungan,
            world.agency_a,
            "umum",
            "Posyandu Digital",
        ),
    )
    .await
    .unwrap();
    let first = store::insert_objection(
        &mut tx,
        &NewObjection {
            proposal_id: a1,
            name: "Warga",
            contact: "warga@example.com",
            text: "Inovasi ini belum berjalan.",
        },
    )
    .await
    .unwrap();
    let second = store::insert_objection(
        &mut tx,
        &NewObjection {
            proposal_id: a1,
            name: "Warga Lain",
            contact: "0812",
            text: "Tidak benar.",
        },
    )
    .await
    .unwrap();
    let open = store::list_objections(&mut tx, id, Some(objection_status::OPEN))
        .await
        .unwrap();
    assert_eq!(
        open.iter().map(|o| o.id).collect::<Vec<_>>(),
        [first, second]
    );
    assert_eq!(open[0].name, "Warga");
    assert_eq!(open[0].contact, "warga@example.com");
    assert_eq!(open[0].text, "Inovasi ini belum berjalan.");
    assert_eq!(open[0].resolved_at, None);

    store::resolve_objection(
        &mut tx,
        first,
        objection_status::UPHELD,
        "Terbukti belum diterapkan.",
        Some(world.admin),
    )
    .await
    .unwrap();
    let resolved = store::get_objection(&mut tx, first).await.unwrap();
    assert_eq!(resolved.status, objection_status::UPHELD);
    assert_eq!(
        resolved.resolution.as_deref(),
        Some("Terbukti belum diterapkan.")
    );
    assert_eq!(resolved.resolved_by, Some(world.admin));
    assert!(resolved.resolved_at.is_some());
    assert!(matches!(
        store::resolve_objection(&mut tx, first, objection_status::DISMISSED, "x", None).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store::resolve_objection(
            &mut tx,
            Uuid::now_v7(),
            objection_status::DISMISSED,
            "x",
            None
        )
        .await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store::resolve_objection(&mut tx, second, objection_status::OPEN, "x", None)
            .await
            .is_err(),
        "open is not a resolution"
    );
    store::resolve_objection(
        &mut tx,
        second,
        objection_status::DISMISSED,
        "Tidak berdasar.",
        None,
    )
    .await
    .unwrap();
    assert!(
        store::list_objections(&mut tx, id, Some(objection_status::OPEN))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store::list_objections(&mut tx, id, None)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        store::list_objections(&mut tx, other, None)
            .await
            .unwrap()
            .is_empty()
    );
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn certificates_are_found_by_code() {
    let world = world().await;
    let id = competition(&world).await;
    let bulungan = code("65.01");
    let mut tx = world.test.db.begin().await.unwrap();
    let a1 = store::insert_proposal(
        &mut tx,
        &proposal(
            id,
            world.innovation_a1,
            &bulungan,
            world.agency_a,
            "umum",
            "Posyandu Digital",
        ),
    )
    .await
    .unwrap();
    store::insert_certificate(&mut tx, "KIPP25-7QX2-M9KD", a1, "Top 45")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = world.test.db.begin().await.unwrap();
    assert!(matches!(
        store::insert_certificate(&mut tx, "KIPP25-7QX2-M9KD", a1, "Top 5").await,
        Err(StoreError::Conflict(_))
    ));
    drop(tx);

    let mut conn = world.test.db.read().await.unwrap();
    let found = store::find_certificate(&mut conn, "KIPP25-7QX2-M9KD")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.proposal_id, a1);
    assert_eq!(found.award, "Top 45");
    assert_eq!(found.competition_id, id);
    assert_eq!(found.competition_name, "KIPP 2025");
    assert_eq!(found.competition_year, 2025);
    assert_eq!(found.title, "Posyandu Digital");
    assert_eq!(found.region_code, bulungan);
    assert_eq!(found.agency_id, world.agency_a);
    assert!(
        store::find_certificate(&mut conn, "NOPE")
            .await
            .unwrap()
            .is_none()
    );
}
