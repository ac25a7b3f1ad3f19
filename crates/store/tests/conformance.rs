//! The repository suite: the same tests on SQLite (always) and PostgreSQL (when
//! `LUMBUNG_TEST_DATABASE_URL` is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lumbung_domain::award::Award;
use lumbung_domain::innovation::{Profile, ProfileInput, Status};
use lumbung_domain::permission::ReadScope;
use lumbung_domain::region::{Region, RegionCode, built_in_regions};
use lumbung_store::innovations::{GroupBy, InnovationFilter, NewInnovation};
use lumbung_store::testing::{TestDb, fresh_db};
use lumbung_store::{Paging, StoreError, agencies, audit, innovations, regions, users};
use uuid::Uuid;

fn code(text: &str) -> RegionCode {
    RegionCode::parse(text).unwrap()
}

async fn seeded() -> TestDb {
    let test = fresh_db().await.unwrap();
    let mut tx = test.db.begin().await.unwrap();
    for region in built_in_regions() {
        regions::upsert(&mut tx, &region).await.unwrap();
    }
    for (c, name) in [
        ("65.01", "Kabupaten Bulungan"),
        ("65.71", "Kota Tarakan"),
        ("61.01", "Kabupaten Sambas"),
    ] {
        regions::upsert(&mut tx, &Region::new(code(c), name))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    test
}

fn profile(name: &str, form: &str, stage: &str) -> Profile {
    Profile::parse(&ProfileInput {
        name: name.into(),
        stage: stage.into(),
        trial_date: Some("2020-01-01".into()),
        implementation_date: Some("2021-01-01".into()),
        kind: "digital".into(),
        form: form.into(),
        main_affair: Some("kesehatan".into()),
        related_affairs: vec!["sosial".into()],
        links: vec!["https://example.go.id".into()],
        ..Default::default()
    })
    .unwrap()
}

async fn agency(test: &TestDb, region: &str, name: &str) -> Uuid {
    let mut tx = test.db.begin().await.unwrap();
    let id = agencies::insert(
        &mut tx,
        &agencies::NewAgency {
            region_code: &code(region),
            name,
            kind: lumbung_domain::agency::AgencyKind::RegionalAgency,
            is_demo: false,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn innovation(
    test: &TestDb,
    region: &str,
    agency: Uuid,
    profile: &Profile,
    status: Status,
) -> Uuid {
    let mut tx = test.db.begin().await.unwrap();
    let (id, _) = innovations::insert(
        &mut tx,
        &NewInnovation {
            region_code: &code(region),
            agency_id: agency,
            profile,
            status,
            is_demo: false,
            created_by: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn regions_upsert_is_idempotent_and_subtrees_are_prefixes() {
    let test = seeded().await;
    let mut conn = test.db.read().await.unwrap();
    let inserted = regions::upsert(&mut conn, &Region::new(code("65.01"), "Kabupaten Bulungan"))
        .await
        .unwrap();
    assert!(!inserted);
    let provinces = regions::list(&mut conn, None, Some(1)).await.unwrap();
    assert_eq!(provinces.len(), 38);
    let kaltara = regions::subtree(&mut conn, &code("65")).await.unwrap();
    let codes: Vec<&str> = kaltara.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["65", "65.01", "65.71"]);
    let children = regions::list(&mut conn, Some(&code("65")), None)
        .await
        .unwrap();
    assert_eq!(children.len(), 2);
    let kaltara = regions::get(&mut conn, &code("65")).await.unwrap();
    assert_eq!(kaltara.name, "Kalimantan Utara");
    assert!(kaltara.lat.is_some());
    assert!(matches!(
        regions::get(&mut conn, &code("99")).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn agency_names_are_unique_per_region_ignoring_case() {
    let test = seeded().await;
    agency(&test, "65", "Dinas Kesehatan").await;
    let mut tx = test.db.begin().await.unwrap();
    let again = agencies::insert(
        &mut tx,
        &agencies::NewAgency {
            region_code: &code("65"),
            name: "DINAS  kesehatan",
            kind: lumbung_domain::agency::AgencyKind::RegionalAgency,
            is_demo: false,
        },
    )
    .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    drop(tx);
    let mut conn = test.db.read().await.unwrap();
    let found = agencies::find_by_name(&mut conn, &code("65"), "dinas kesehatan")
        .await
        .unwrap();
    assert_eq!(found.unwrap().name, "Dinas Kesehatan");
    assert!(
        agencies::find_by_name(&mut conn, &code("65.01"), "Dinas Kesehatan")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn innovations_round_trip_with_affairs_and_awards() {
    let test = seeded().await;
    let owner = agency(&test, "65", "Dinas Kependudukan").await;
    let original = profile("Sipelandukilat", "pelayanan_publik", "penerapan");
    let id = innovation(&test, "65", owner, &original, Status::Draft).await;
    let mut tx = test.db.begin().await.unwrap();
    innovations::replace_awards(&mut tx, id, &[Award::parse("Top 45 KIPP 2019").unwrap()])
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut conn = test.db.read().await.unwrap();
    let stored = innovations::get(&mut conn, id).await.unwrap();
    assert_eq!(stored.profile, original);
    assert_eq!(stored.status, Status::Draft);
    assert_eq!(stored.region.name, "Kalimantan Utara");
    assert_eq!(stored.agency.name, "Dinas Kependudukan");
    assert_eq!(stored.awards[0].rank, "Top 45");
    assert!(
        stored.registration_number.starts_with("INOV-65-"),
        "{}",
        stored.registration_number
    );

    let second = innovation(&test, "65", owner, &original, Status::Draft).await;
    let second = innovations::get(&mut conn, second).await.unwrap();
    assert_ne!(second.registration_number, stored.registration_number);

    let mut changed = original.clone();
    changed.name = "Sipelandukilat Smart".into();
    changed.related_affairs = vec![];
    let mut tx = test.db.begin().await.unwrap();
    innovations::update_profile(&mut tx, id, &code("65"), owner, &changed)
        .await
        .unwrap();
    innovations::set_status(&mut tx, id, Status::Returned, Some("lengkapi data"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let stored = innovations::get(&mut conn, id).await.unwrap();
    assert_eq!(stored.profile, changed);
    assert_eq!(stored.status_note.as_deref(), Some("lengkapi data"));

    let mut tx = test.db.begin().await.unwrap();
    innovations::delete(&mut tx, id).await.unwrap();
    tx.commit().await.unwrap();
    assert!(matches!(
        innovations::get(&mut conn, id).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn lists_show_drafts_only_within_the_readers_scope() {
    let test = seeded().await;
    let kaltara = agency(&test, "65.01", "Dinas Kesehatan").await;
    let kalbar = agency(&test, "61.01", "Dinas Kesehatan").await;
    innovation(
        &test,
        "65.01",
        kaltara,
        &profile("A", "pelayanan_publik", "penerapan"),
        Status::Draft,
    )
    .await;
    innovation(
        &test,
        "61.01",
        kalbar,
        &profile("B", "tata_kelola", "penerapan"),
        Status::Draft,
    )
    .await;
    innovation(
        &test,
        "61.01",
        kalbar,
        &profile("C", "tata_kelola", "uji_coba"),
        Status::Published,
    )
    .await;

    let mut conn = test.db.read().await.unwrap();
    let names = |page: lumbung_store::Page<innovations::Innovation>| {
        let mut names: Vec<String> = page.items.into_iter().map(|i| i.profile.name).collect();
        names.sort();
        names
    };
    let public = ReadScope::default();
    let page = innovations::list(
        &mut conn,
        &InnovationFilter::default(),
        &public,
        Paging::new(None, None),
    )
    .await
    .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(names(page), ["C"]);

    let kaltara_admin = ReadScope {
        regions: vec![code("65")],
        ..Default::default()
    };
    let page = innovations::list(
        &mut conn,
        &InnovationFilter::default(),
        &kaltara_admin,
        Paging::new(None, None),
    )
    .await
    .unwrap();
    assert_eq!(names(page), ["A", "C"]);

    let operator = ReadScope {
        agencies: vec![kalbar],
        ..Default::default()
    };
    let filter = InnovationFilter {
        region: Some(code("61")),
        ..Default::default()
    };
    let page = innovations::list(&mut conn, &filter, &operator, Paging::new(None, None))
        .await
        .unwrap();
    assert_eq!(names(page), ["B", "C"]);

    let all = ReadScope {
        all: true,
        ..Default::default()
    };
    let filter = InnovationFilter {
        affair: Some("sosial".into()),
        q: Some("b".into()),
        ..Default::default()
    };
    let page = innovations::list(&mut conn, &filter, &all, Paging::new(None, None))
        .await
        .unwrap();
    assert_eq!(names(page), ["B"]);

    let paged = innovations::list(
        &mut conn,
        &InnovationFilter::default(),
        &all,
        Paging::new(Some(2), Some(2)),
    )
    .await
    .unwrap();
    assert_eq!((paged.total, paged.items.len()), (3, 1));

    let groups =
        innovations::count_by(&mut conn, &InnovationFilter::default(), &all, GroupBy::Form)
            .await
            .unwrap();
    let counts: Vec<(Option<String>, i64)> = groups.into_iter().map(|g| (g.key, g.count)).collect();
    assert_eq!(
        counts,
        [
            (Some("tata_kelola".into()), 2),
            (Some("pelayanan_publik".into()), 1)
        ]
    );
    let groups = innovations::count_by(
        &mut conn,
        &InnovationFilter::default(),
        &all,
        GroupBy::Agency,
    )
    .await
    .unwrap();
    assert_eq!(groups[0].agency_name.as_deref(), Some("Dinas Kesehatan"));
    assert_eq!(groups[0].count, 2);
}

#[tokio::test]
async fn sessions_tokens_and_login_failures() {
    let test = seeded().await;
    let mut tx = test.db.begin().await.unwrap();
    let user = users::insert(&mut tx, "a@b.go.id", "A", "hash")
        .await
        .unwrap();
    let grant = lumbung_domain::permission::Grant::new(
        lumbung_domain::permission::Role::ProvinceAdmin,
        code("65"),
        None,
    )
    .unwrap();
    users::add_grant(&mut tx, user, &grant).await.unwrap();
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    let earlier = chrono::Utc::now() - chrono::Duration::hours(1);
    users::insert_session(&mut tx, "live", user, "csrf", later)
        .await
        .unwrap();
    users::insert_session(&mut tx, "dead", user, "csrf", earlier)
        .await
        .unwrap();
    users::insert_token(&mut tx, user, "ci", "tokenhash")
        .await
        .unwrap();
    users::record_login_failure(&mut tx, "a@b.go.id")
        .await
        .unwrap();
    users::record_login_failure(&mut tx, "a@b.go.id")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut conn = test.db.read().await.unwrap();
    assert_eq!(users::grants(&mut conn, user).await.unwrap(), vec![grant]);
    assert_eq!(
        users::find_session(&mut conn, "live")
            .await
            .unwrap()
            .unwrap()
            .user_id,
        user
    );
    assert!(
        users::find_session(&mut conn, "dead")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        users::find_token_user(&mut conn, "tokenhash")
            .await
            .unwrap(),
        Some(user)
    );
    assert_eq!(
        users::find_token_user(&mut conn, "other").await.unwrap(),
        None
    );
    let since = chrono::Utc::now() - chrono::Duration::minutes(15);
    assert_eq!(
        users::count_login_failures(&mut conn, "a@b.go.id", since)
            .await
            .unwrap(),
        2
    );
    users::clear_login_failures(&mut conn, "a@b.go.id")
        .await
        .unwrap();
    assert_eq!(
        users::count_login_failures(&mut conn, "a@b.go.id", since)
            .await
            .unwrap(),
        0
    );
    assert_eq!(users::delete_expired_sessions(&mut conn).await.unwrap(), 1);
    assert!(
        users::find_by_email(&mut conn, "a@b.go.id")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn audit_log_is_listed_newest_first() {
    let test = seeded().await;
    let mut tx = test.db.begin().await.unwrap();
    for action in ["create", "update"] {
        audit::append(
            &mut tx,
            audit::NewAuditEntry {
                actor_id: None,
                actor: "system",
                action,
                entity: "innovation",
                entity_id: "x",
                region_code: Some("65"),
                changes: serde_json::json!({"name": {"from": "a", "to": "b"}}),
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut conn = test.db.read().await.unwrap();
    let filter = audit::AuditFilter {
        entity: Some("innovation".into()),
        entity_id: Some("x".into()),
    };
    let page = audit::list(
        &mut conn,
        &filter,
        &ReadScope {
            all: true,
            ..Default::default()
        },
        Paging::new(None, None),
    )
    .await
    .unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.items[0].action, "update");
    assert_eq!(page.items[0].changes["name"]["to"], "b");
    let elsewhere = ReadScope {
        regions: vec![code("61")],
        ..Default::default()
    };
    let page = audit::list(&mut conn, &filter, &elsewhere, Paging::new(None, None))
        .await
        .unwrap();
    assert_eq!(page.total, 0);
}

#[tokio::test]
async fn a_transaction_dropped_without_commit_changes_nothing() {
    let test = seeded().await;
    let owner = agency(&test, "65", "Biro Organisasi").await;
    {
        let mut tx = test.db.begin().await.unwrap();
        innovations::insert(
            &mut tx,
            &NewInnovation {
                region_code: &code("65"),
                agency_id: owner,
                profile: &profile("X", "tata_kelola", "inisiatif"),
                status: Status::Draft,
                is_demo: false,
                created_by: None,
            },
        )
        .await
        .unwrap();
    }
    let mut conn = test.db.read().await.unwrap();
    assert_eq!(innovations::count_all(&mut conn).await.unwrap(), 0);
}
