//! The security review's findings (issue 16), each a test named after it. They run on SQLite,
//! and on PostgreSQL with `LUMBUNG_TEST_DATABASE_URL`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use lumbung_service::assessments::{self, EvidenceInput, Subject, Target};
use lumbung_service::auth::{self, GrantInput};
use lumbung_service::domain::innovation::{ProfileInput, Transition};
use lumbung_service::innovations::{self, InnovationInput};
use lumbung_service::{Caller, ServiceError};

/// A new draft innovation of `agency`, recorded by `caller`.
async fn draft(
    app: &lumbung_service::App,
    caller: &Caller,
    agency: uuid::Uuid,
    name: &str,
) -> lumbung_store::innovations::Innovation {
    innovations::create(
        app,
        caller,
        &InnovationInput {
            agency_id: Some(agency),
            profile: ProfileInput {
                name: name.into(),
                stage: "Inisiatif".into(),
                kind: "Digital".into(),
                form: "Pelayanan publik".into(),
                ..Default::default()
            },
            awards: Vec::new(),
        },
    )
    .await
    .unwrap()
}

fn forbidden_saying<T: std::fmt::Debug>(result: Result<T, ServiceError>, words: &str) {
    match result {
        Err(ServiceError::Forbidden(message)) => {
            assert!(message.contains(words), "{message}");
        }
        other => panic!("expected a refusal saying {words:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn h2_a_province_admin_cannot_accept_the_evidence_he_uploaded() {
    let (app, _db) = common::app_with(&[("51.03", "Kab. Badung")]).await;
    let admin = common::user(&app, "admin@baliprov.go.id", "province_admin", "51", None).await;
    let verifier = common::user(&app, "verif@baliprov.go.id", "verifier", "51", None).await;
    let target = Target {
        region: "51",
        year: 2026,
        subject: Subject::Region,
        indicator: "1",
    };
    assessments::answer(&app, &admin, &target, 2, None)
        .await
        .unwrap();
    let evidence = |who: Caller, number: &'static str| {
        let app = app.clone();
        async move {
            assessments::add_evidence(
                &app,
                &who,
                &Target {
                    region: "51",
                    year: 2026,
                    subject: Subject::Region,
                    indicator: "1",
                },
                &EvidenceInput {
                    link: Some("https://jdih.baliprov.go.id/perda-inovasi.pdf".into()),
                    letter_number: Some(number.into()),
                    letter_date: Some("2026-02-03".into()),
                    letter_subject: Some("Peraturan daerah tentang inovasi".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
        }
    };
    let uploaded = evidence(admin.clone(), "1/2026").await;

    // The admin who prepared it may neither accept nor return it: only a verifier checks.
    forbidden_saying(
        assessments::review(&app, &admin, uploaded, true, None).await,
        "verifikator",
    );
    forbidden_saying(
        assessments::review(&app, &admin, uploaded, false, Some("kurang")).await,
        "verifikator",
    );
    let verified = assessments::view(&app, &admin, "51", 2026).await.unwrap();
    assert!(verified.verified.index.is_zero(), "nothing accepted yet");

    // The verifier accepts it; and may not accept what she uploaded herself.
    let accepted = assessments::review(&app, &verifier, uploaded, true, None)
        .await
        .unwrap();
    assert_eq!(accepted.status, "accepted");
    // An account given both roles before the rule existed may still not accept its own.
    let both = legacy_admin_and_verifier(&app, "lama@baliprov.go.id", "province_admin", "51").await;
    let own = evidence(both.clone(), "2/2026").await;
    forbidden_saying(
        assessments::review(&app, &both, own, true, None).await,
        "unggah sendiri",
    );
    assessments::review(&app, &verifier, own, true, None)
        .await
        .unwrap();
}

/// An account holding an admin role and a verifier role on the same region, as the store
/// allowed before separation of duties (the service now refuses to grant the pair).
async fn legacy_admin_and_verifier(
    app: &lumbung_service::App,
    email: &str,
    role: &str,
    region: &str,
) -> Caller {
    use lumbung_service::domain::permission::{Actor, Grant, Role};
    use lumbung_service::domain::region::RegionCode;
    let admin = common::user(app, email, role, region, None).await;
    let id = admin.actor.user_id().unwrap();
    let mut tx = app.db.begin().await.unwrap();
    let grant = Grant::new(Role::Verifier, RegionCode::parse(region).unwrap(), None).unwrap();
    lumbung_store::users::add_grant(&mut tx, id, &grant)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut conn = app.db.read().await.unwrap();
    let grants = lumbung_store::users::grants(&mut conn, id).await.unwrap();
    Caller {
        actor: Actor::User { id, grants },
        ..admin
    }
}

#[tokio::test]
async fn h2_the_admin_who_submitted_an_innovation_cannot_verify_it() {
    let (app, _db) = common::app_with(&[("51.03", "Kab. Badung")]).await;
    let agency = common::agency(&app, "51.03", "Dinas Kesehatan Kabupaten Badung").await;
    let admin = common::user(
        &app,
        "admin@badungkab.go.id",
        "regency_admin",
        "51.03",
        None,
    )
    .await;
    let verifier = common::user(&app, "verif@baliprov.go.id", "verifier", "51", None).await;
    let created = draft(&app, &admin, agency, "Badung Sehat Keliling").await;
    innovations::transition(&app, &admin, created.id, Transition::Submit, None)
        .await
        .unwrap();
    forbidden_saying(
        innovations::transition(&app, &admin, created.id, Transition::Verify, None).await,
        "",
    );
    // A verifier who holds the role is refused only what she submitted herself; here she
    // did not, so she verifies.
    let verified = innovations::transition(&app, &verifier, created.id, Transition::Verify, None)
        .await
        .unwrap();
    assert_eq!(verified.status.code(), "verified");
    innovations::transition(&app, &admin, created.id, Transition::Publish, None)
        .await
        .unwrap();

    // A legacy account holding both roles (granted before the rule) still cannot verify
    // what it submitted.
    let both =
        legacy_admin_and_verifier(&app, "lama@badungkab.go.id", "regency_admin", "51.03").await;
    let second = draft(&app, &both, agency, "Badung Sigap Bencana").await;
    innovations::transition(&app, &both, second.id, Transition::Submit, None)
        .await
        .unwrap();
    forbidden_saying(
        innovations::transition(&app, &both, second.id, Transition::Verify, None).await,
        "ajukan sendiri",
    );
    forbidden_saying(
        innovations::transition(&app, &both, second.id, Transition::Return, Some("perbaiki")).await,
        "ajukan sendiri",
    );
}

#[tokio::test]
async fn h2_granting_a_verifier_role_beside_an_admin_or_operator_role_is_refused() {
    let (app, _db) = common::app_with(&[("51.03", "Kab. Badung")]).await;
    let agency = common::agency(&app, "51.03", "Dinas Kesehatan Kabupaten Badung").await;
    let grant = |role: &str, region: &str, agency_id| GrantInput {
        role: role.into(),
        region: region.into(),
        agency_id,
    };
    for (n, pair) in [
        [
            grant("province_admin", "51", None),
            grant("verifier", "51", None),
        ],
        [
            grant("verifier", "51", None),
            grant("regency_admin", "51.03", None),
        ],
        [
            grant("verifier", "51.03", None),
            grant("agency_operator", "51.03", Some(agency)),
        ],
    ]
    .into_iter()
    .enumerate()
    {
        let email = format!("ganda{n}@baliprov.go.id");
        let refused = auth::add_user(
            &app,
            &Caller::system(),
            &email,
            "Pegawai Ganda",
            common::PASSWORD,
            &pair,
        )
        .await;
        match refused {
            Err(ServiceError::Validation(errors)) => {
                let roles = errors
                    .iter()
                    .find(|(field, _)| *field == "roles")
                    .map(|(_, message)| message.to_owned())
                    .expect("a roles error");
                assert!(roles.contains("Verifikator"), "{roles}");
            }
            other => panic!("pair {n}: expected a refusal, got {other:?}"),
        }
        let mut conn = app.db.read().await.unwrap();
        assert!(
            lumbung_store::users::find_by_email(&mut conn, &email)
                .await
                .unwrap()
                .is_none(),
            "nothing saved"
        );
    }
    // Verifying one province while administering another is allowed.
    auth::add_user(
        &app,
        &Caller::system(),
        "dua@kemendagri.go.id",
        "Pegawai Dua Provinsi",
        common::PASSWORD,
        &[
            grant("verifier", "51", None),
            grant("province_admin", "65", None),
        ],
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn m3_forty_parallel_guesses_at_one_account_get_five_tries_between_two_servers() {
    let (app, db) = common::app_with(&[]).await;
    let other_server =
        lumbung_service::App::new(db.second_server().await.unwrap(), db.blobs.clone());
    common::user(
        &app,
        "kadis@kaltaraprov.go.id",
        "province_admin",
        "65",
        None,
    )
    .await;
    let mut guesses = Vec::new();
    for i in 0..40 {
        let server = if i % 2 == 0 {
            app.clone()
        } else {
            other_server.clone()
        };
        guesses.push(tokio::spawn(async move {
            auth::sign_in(
                &server,
                "kadis@kaltaraprov.go.id",
                &format!("tebakan-ke-{i}"),
                &format!("198.51.100.{i}"),
            )
            .await
        }));
    }
    let (mut wrong, mut limited) = (0, 0);
    for guess in guesses {
        match guess.await.unwrap() {
            Err(ServiceError::Forbidden(_)) => wrong += 1,
            Err(ServiceError::RateLimited { .. }) => limited += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        (wrong, limited),
        (5, 35),
        "only five passwords were checked"
    );
    // The account stays closed for the window, even to its own password.
    assert!(matches!(
        auth::sign_in(
            &app,
            "kadis@kaltaraprov.go.id",
            common::PASSWORD,
            "192.0.2.1"
        )
        .await,
        Err(ServiceError::RateLimited { .. })
    ));
    // Each refusal and each failure is in the audit log, with the address, never a password.
    let log = lumbung_service::audit::list(
        &app,
        &Caller::system(),
        &lumbung_store::audit::AuditFilter {
            entity: Some("user".into()),
            entity_id: Some("kadis@kaltaraprov.go.id".into()),
        },
        lumbung_store::Paging::new(Some(1), Some(100)),
    )
    .await
    .unwrap();
    let count = |action: &str| log.items.iter().filter(|e| e.action == action).count();
    assert_eq!(count("sign_in_failed"), 5);
    assert_eq!(count("sign_in_rate_limited"), 36);
    assert!(log.items.iter().all(|e| e.changes["client"].is_string()));
    assert!(
        !serde_json::to_string(&log.items)
            .unwrap()
            .contains("tebakan")
    );
}

#[tokio::test]
async fn h3_failures_from_one_address_slow_it_but_never_lock_out_another_accounts_password() {
    let (app, _db) = common::app_with(&[]).await;
    common::user(
        &app,
        "kabid@kaltaraprov.go.id",
        "province_admin",
        "65",
        None,
    )
    .await;
    let office = "203.0.113.7";
    // Fifty failures from the office's one address, over ten accounts.
    for i in 0..50 {
        let refused = auth::sign_in(
            &app,
            &format!("pegawai{}@kaltaraprov.go.id", i % 10),
            "salah",
            office,
        )
        .await;
        assert!(matches!(refused, Err(ServiceError::Forbidden(_))), "{i}");
    }
    // A colleague at the same address signs in with the right password.
    let session = auth::sign_in(&app, "kabid@kaltaraprov.go.id", common::PASSWORD, office)
        .await
        .expect("another account's correct password is never blocked by the address");
    assert_eq!(session.caller.label, "kabid@kaltaraprov.go.id");
}

#[tokio::test]
async fn m1_a_draft_cannot_be_replicated_and_public_lists_never_name_one() {
    use lumbung_service::replications::{self, CaseInput, CaseQuery};
    let (app, _db) =
        common::app_with(&[("65.71", "Kota Tarakan"), ("64.72", "Kota Samarinda")]).await;
    let agency = common::agency(&app, "65.71", "Dinas Kesehatan Kota Tarakan").await;
    let draft = draft(&app, &Caller::system(), agency, "Rahasia Draf Tarakan").await;
    let samarinda = common::user(
        &app,
        "admin@samarindakota.go.id",
        "regency_admin",
        "64.72",
        None,
    )
    .await;
    let input = CaseInput {
        innovation_id: Some(draft.id),
        adopter_region: "64.72".into(),
        ..Default::default()
    };
    assert!(matches!(
        replications::open(&app, &samarinda, &input).await,
        Err(ServiceError::NotFound(_))
    ));

    // Published, it can be replicated and is listed.
    for step in [Transition::Submit, Transition::Verify, Transition::Publish] {
        innovations::transition(&app, &Caller::system(), draft.id, step, None)
            .await
            .unwrap();
    }
    let case = replications::open(&app, &samarinda, &input).await.unwrap();
    let listed = replications::list(&app, &CaseQuery::default())
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);

    // Taken back to draft, its name leaves the public list and the public case page.
    let mut tx = app.db.begin().await.unwrap();
    lumbung_store::innovations::set_status(
        &mut tx,
        draft.id,
        lumbung_service::domain::innovation::Status::Draft,
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let listed = replications::list(&app, &CaseQuery::default())
        .await
        .unwrap();
    assert!(listed.is_empty(), "{listed:?}");
    assert!(matches!(
        replications::get(&app, &Caller::anonymous(), case.id).await,
        Err(ServiceError::NotFound(_))
    ));
    // The adopter, a party to the case, still sees it.
    assert!(replications::get(&app, &samarinda, case.id).await.is_ok());
}

#[tokio::test]
async fn m7_a_tracking_number_alone_shows_the_status_and_the_pin_the_subject_and_answer() {
    use lumbung_service::complaints;
    let (app, _db) = common::app_with(&[("65.71", "Kota Tarakan")]).await;
    let proof = common::solve(&app).await;
    let filed = complaints::file(
        &app,
        &common::complaint("65.71", "Antrean tiga jam di puskesmas"),
        Vec::new(),
        &proof,
        "198.51.100.7",
    )
    .await
    .unwrap();
    // The next number is easy to guess; what it shows is the status only.
    let guessed = complaints::track(&app, &filed.tracking_number, None)
        .await
        .unwrap();
    assert!(!guessed.details);
    assert_eq!(guessed.status, "received");
    let shown = serde_json::to_string(&guessed).unwrap();
    assert!(!shown.contains("Antrean tiga jam"), "{shown}");
    assert!(!shown.contains("antrean"), "tags too: {shown}");
    // A wrong PIN shows nothing more; the reporter's PIN shows the subject.
    assert!(matches!(
        complaints::track(&app, &filed.tracking_number, Some("ZZZZZZZZ")).await,
        Err(ServiceError::Validation(_))
    ));
    let reporter = complaints::track(&app, &filed.tracking_number, Some(&filed.pin))
        .await
        .unwrap();
    assert!(reporter.details);
    assert_eq!(reporter.subject, "Antrean tiga jam di puskesmas");
    let seen = serde_json::to_string(&reporter).unwrap();
    assert!(!seen.contains("Siti"), "never the identity: {seen}");
}

#[tokio::test]
async fn m10_public_objections_are_limited_per_address() {
    use lumbung_service::limits::{self, OBJECTION};
    let (app, _db) = common::app_with(&[]).await;
    for _ in 0..OBJECTION.max {
        limits::take(&app, OBJECTION, "203.0.113.5").await.unwrap();
    }
    assert!(matches!(
        limits::take(&app, OBJECTION, "203.0.113.5").await,
        Err(ServiceError::RateLimited { minutes: 60 })
    ));
    limits::take(&app, OBJECTION, "203.0.113.6").await.unwrap();
    // M11: the refusal is on record with the address.
    let log = lumbung_service::audit::list(
        &app,
        &Caller::system(),
        &lumbung_store::audit::AuditFilter {
            entity: Some("objection".into()),
            entity_id: Some("203.0.113.5".into()),
        },
        lumbung_store::Paging::new(Some(1), Some(10)),
    )
    .await
    .unwrap();
    assert_eq!(log.total, 1);
    assert_eq!(log.items[0].action, "rate_limited");
}

#[tokio::test]
async fn low_expired_sessions_are_deleted_by_the_claimed_clean_up_job() {
    use chrono::{Duration, Utc};
    use lumbung_store::users;
    let (app, _db) = common::app_with(&[]).await;
    let admin = common::user(
        &app,
        "admin@kaltaraprov.go.id",
        "province_admin",
        "65",
        None,
    )
    .await;
    let id = admin.actor.user_id().unwrap();
    let mut tx = app.db.begin().await.unwrap();
    users::insert_session(
        &mut tx,
        "kedaluwarsa",
        id,
        "c1",
        Utc::now() - Duration::hours(1),
    )
    .await
    .unwrap();
    users::insert_session(
        &mut tx,
        "masih-berlaku",
        id,
        "c2",
        Utc::now() + Duration::hours(1),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let cleaned = lumbung_service::jobs::clean_up(&app, Duration::hours(1))
        .await
        .unwrap()
        .expect("this server's turn");
    assert_eq!(cleaned.sessions, 1);
    let mut conn = app.db.read().await.unwrap();
    assert!(
        users::find_session(&mut conn, "kedaluwarsa")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        users::find_session(&mut conn, "masih-berlaku")
            .await
            .unwrap()
            .is_some()
    );
    drop(conn);
    // Claimed: a second run within the period does nothing.
    assert!(
        lumbung_service::jobs::clean_up(&app, Duration::hours(1))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn m11_security_events_are_kept_a_year_and_official_changes_for_good() {
    use chrono::{Duration, Utc};
    use lumbung_service::jobs::{self, SECURITY_EVENTS_KEPT_DAYS};
    let (app, _db) = common::app_with(&[]).await;
    let admin = common::user(
        &app,
        "admin@kaltaraprov.go.id",
        "province_admin",
        "65",
        None,
    )
    .await;
    // An official change and a refusal, both written today.
    lumbung_service::agencies::create(
        &app,
        &admin,
        &lumbung_service::agencies::AgencyInput {
            region: "65".into(),
            name: "Dinas Perpustakaan dan Kearsipan".into(),
            kind: None,
        },
    )
    .await
    .unwrap();
    lumbung_service::limits::record_refusal(
        &app,
        "forbidden",
        "203.0.113.9",
        Some("admin@kaltaraprov.go.id"),
        "/kelola/pengguna",
    )
    .await
    .unwrap();
    let actions = |app: lumbung_service::App| async move {
        let log = lumbung_service::audit::list(
            &app,
            &Caller::system(),
            &lumbung_store::audit::AuditFilter::default(),
            lumbung_store::Paging::new(Some(1), Some(100)),
        )
        .await
        .unwrap();
        let mut actions: Vec<String> = log.items.into_iter().map(|e| e.action).collect();
        actions.sort();
        actions.dedup();
        actions
    };
    let before = actions(app.clone()).await;
    assert!(before.contains(&"forbidden".to_owned()), "{before:?}");
    assert!(before.contains(&"create".to_owned()), "{before:?}");

    // Eleven months on, the refusal is still there.
    app.clock
        .set(Utc::now() + Duration::days(SECURITY_EVENTS_KEPT_DAYS - 30));
    let cleaned = jobs::clean_up(&app, Duration::hours(1))
        .await
        .unwrap()
        .expect("this server's turn");
    assert_eq!(cleaned.security_events, 0);
    assert_eq!(actions(app.clone()).await, before);

    // Past a year it goes; the official change stays.
    app.clock
        .set(Utc::now() + Duration::days(SECURITY_EVENTS_KEPT_DAYS + 1));
    let cleaned = jobs::clean_up(&app, Duration::hours(1))
        .await
        .unwrap()
        .expect("a new period");
    assert_eq!(cleaned.security_events, 1);
    let after = actions(app.clone()).await;
    assert!(!after.contains(&"forbidden".to_owned()), "{after:?}");
    assert!(after.contains(&"create".to_owned()), "{after:?}");
}
