//! Several servers on one database: two `App`s, each with its own connection pool (and on
//! SQLite its own write gate), stand for two server processes. Background jobs run once,
//! escalation happens once per complaint, a challenge issued by one server is accepted by
//! the other and refused on replay, and an import leaves other writes answered quickly:
//! done, or "busy" (503) within seconds, never an internal error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{agency, complaint, solve, user};
use lumbung_service::agencies::{self, AgencyInput};
use lumbung_service::complaints;
use lumbung_service::{App, Caller, ServiceError, imports, jobs};
use lumbung_store::testing::TestDb;

/// Two servers on one database, both at `at`.
async fn two_servers(at: DateTime<Utc>) -> (App, App, TestDb) {
    let (a, db) = common::app_with(&[("65.71", "Kota Tarakan")]).await;
    let b = App::new(db.second_server().await.unwrap(), db.blobs.clone());
    a.clock.set(at);
    b.clock.set(at);
    (a, b, db)
}

fn set_both(a: &App, b: &App, at: DateTime<Utc>) {
    a.clock.set(at);
    b.clock.set(at);
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 2, 1, 30, 0).unwrap()
}

/// A job that takes a while, so that both servers ask while one is running it.
async fn slow_job(runs: &AtomicUsize) -> lumbung_service::ServiceResult<()> {
    runs.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    Ok(())
}

#[tokio::test]
async fn a_job_is_claimed_by_one_server_and_runs_once_per_period() {
    let (a, b, _db) = two_servers(start()).await;
    assert_ne!(a.instance, b.instance);
    let runs = AtomicUsize::new(0);
    let every = Duration::minutes(15);
    let (ra, rb) = tokio::join!(
        jobs::run_claimed(&a, "test_job", every, || slow_job(&runs)),
        jobs::run_claimed(&b, "test_job", every, || slow_job(&runs)),
    );
    let ran = [ra.unwrap(), rb.unwrap()];
    assert_eq!(runs.load(Ordering::SeqCst), 1, "{ran:?}");
    assert_eq!(ran.iter().filter(|r| r.is_some()).count(), 1);

    // Not due again within the period, on either server.
    set_both(&a, &b, start() + Duration::minutes(14));
    for app in [&a, &b] {
        let ran = jobs::run_claimed(app, "test_job", every, || slow_job(&runs))
            .await
            .unwrap();
        assert!(ran.is_none());
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1);

    // Due after it: once more, by whichever asks first.
    set_both(&a, &b, start() + Duration::minutes(15));
    let (ra, rb) = tokio::join!(
        jobs::run_claimed(&b, "test_job", every, || slow_job(&runs)),
        jobs::run_claimed(&a, "test_job", every, || slow_job(&runs)),
    );
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    assert_eq!(
        [ra.unwrap(), rb.unwrap()]
            .iter()
            .filter(|r| r.is_some())
            .count(),
        1
    );

    let listed = jobs::list(&a).await.unwrap();
    let row = listed.iter().find(|job| job.name == "test_job").unwrap();
    assert_eq!(row.runs, 2);
    assert_eq!(row.holder, None, "a finished run gives its claim back");
    assert_eq!(row.next_run_at, start() + Duration::minutes(30));
}

#[tokio::test]
async fn a_server_that_dies_mid_run_holds_the_job_only_until_its_lease_ends() {
    let (a, b, _db) = two_servers(start()).await;
    // Server A claims and "dies": it never finishes.
    let mut tx = a.db.begin().await.unwrap();
    let claimed = lumbung_store::jobs::claim(
        &mut tx,
        jobs::ESCALATION,
        &a.instance,
        start(),
        start() + Duration::minutes(10),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert!(claimed);

    let runs = AtomicUsize::new(0);
    set_both(&a, &b, start() + Duration::minutes(9));
    let ran = jobs::run_claimed(&b, jobs::ESCALATION, Duration::minutes(15), || {
        slow_job(&runs)
    })
    .await
    .unwrap();
    assert!(ran.is_none(), "the lease is still A's");

    set_both(&a, &b, start() + Duration::minutes(11));
    let ran = jobs::run_claimed(&b, jobs::ESCALATION, Duration::minutes(15), || {
        slow_job(&runs)
    })
    .await
    .unwrap();
    assert!(ran.is_some(), "B takes over once A's lease has ended");
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_demo_and_the_first_admin_are_made_once_by_two_servers_starting_together() {
    let (a, b, _db) = two_servers(start()).await;
    let (la, lb) = tokio::join!(jobs::load_demo(&a), jobs::load_demo(&b));
    let loaded = [la.unwrap(), lb.unwrap()];
    assert_eq!(
        loaded.iter().filter(|n| **n > 0).count(),
        1,
        "exactly one server loads the demo: {loaded:?}"
    );
    let mut conn = a.db.read().await.unwrap();
    let innovations = lumbung_store::innovations::count_all(&mut conn)
        .await
        .unwrap();
    assert_eq!(innovations as usize, loaded[0] + loaded[1]);
    drop(conn);

    let (fa, fb) = tokio::join!(
        jobs::first_admin(&a, None, Some("kata-sandi-admin-panjang")),
        jobs::first_admin(&b, None, Some("kata-sandi-admin-panjang")),
    );
    let created = [fa.unwrap(), fb.unwrap()]
        .into_iter()
        .filter(|f| matches!(f, lumbung_service::auth::FirstAdmin::Created { .. }))
        .count();
    assert_eq!(created, 1);
    let mut conn = a.db.read().await.unwrap();
    assert_eq!(lumbung_store::users::count(&mut conn).await.unwrap(), 1);
}

async fn count(app: &App, sql: &str) -> i64 {
    let mut conn = app.db.read().await.unwrap();
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&mut *conn).await.unwrap();
    n
}

#[tokio::test]
async fn two_servers_escalating_at_once_escalate_each_complaint_once() {
    let (a, b, _db) = two_servers(start()).await;
    user(&a, "biro@kaltaraprov.go.id", "province_admin", "65", None).await;
    for i in 0..8 {
        complaints::file(
            &a,
            &complaint("65.71", &format!("Antrean poli umum nomor {i}")),
            Vec::new(),
            &solve(&a).await,
            &format!("203.0.113.{i}"),
        )
        .await
        .unwrap();
    }
    // A week later every one is past its verification deadline.
    set_both(&a, &b, start() + Duration::days(7));
    let (ea, eb) = tokio::join!(
        complaints::escalate_overdue(&a),
        complaints::escalate_overdue(&b)
    );
    let (ea, eb) = (ea.unwrap(), eb.unwrap());
    assert_eq!(ea.len() + eb.len(), 8, "a: {ea:?}\nb: {eb:?}");
    assert_eq!(
        count(
            &a,
            "SELECT COUNT(*) FROM complaint_events WHERE kind = 'escalate'"
        )
        .await,
        8
    );
    assert_eq!(
        count(
            &a,
            "SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Eskalasi pengaduan%'"
        )
        .await,
        8,
        "one escalation mail per complaint to the one province admin"
    );
    // And the scheduled job on both servers adds nothing more.
    let (ja, jb) = tokio::join!(
        jobs::escalate(&a, Duration::minutes(15)),
        jobs::escalate(&b, Duration::minutes(15))
    );
    let extra: usize = [ja.unwrap(), jb.unwrap()]
        .into_iter()
        .flatten()
        .map(|e| e.len())
        .sum();
    assert_eq!(extra, 0);
}

#[tokio::test]
async fn a_challenge_from_one_server_is_accepted_by_another_and_refused_on_replay() {
    let (a, b, _db) = two_servers(start()).await;
    let proof = solve(&a).await;
    complaints::file(
        &b,
        &complaint("65.71", "Antrean poli umum RSUD"),
        Vec::new(),
        &proof,
        "203.0.113.1",
    )
    .await
    .expect("server B accepts A's challenge");
    for app in [&a, &b] {
        match complaints::file(
            app,
            &complaint("65.71", "Antrean poli umum RSUD lagi"),
            Vec::new(),
            &proof,
            "203.0.113.2",
        )
        .await
        {
            Err(ServiceError::Validation(fields)) => {
                let message = fields
                    .iter()
                    .find(|(field, _)| *field == "challenge_answer")
                    .map(|(_, message)| message.to_owned())
                    .expect("the challenge field is named");
                assert!(message.contains("sudah dipakai"), "{message}");
            }
            other => panic!("a replayed challenge must be refused: {other:?}"),
        }
    }
    // A wrong answer spends nothing: the person may correct it.
    let mut wrong = solve(&b).await;
    let right = wrong.challenge_answer.clone();
    wrong.challenge_answer = "99".into();
    assert!(matches!(
        complaints::file(
            &a,
            &complaint("65.71", "Antrean loket"),
            Vec::new(),
            &wrong,
            "203.0.113.3"
        )
        .await,
        Err(ServiceError::Validation(_))
    ));
    wrong.challenge_answer = right;
    complaints::file(
        &a,
        &complaint("65.71", "Antrean loket"),
        Vec::new(),
        &wrong,
        "203.0.113.3",
    )
    .await
    .expect("the corrected answer is accepted");
    assert_eq!(count(&a, "SELECT COUNT(*) FROM complaints").await, 2);
}

/// A CSV of `rows` innovations for Kota Tarakan, in the import template's columns.
fn sheet(rows: usize) -> Vec<u8> {
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
    ])
    .unwrap();
    for i in 0..rows {
        out.write_record([
            format!("Layanan antrean daring puskesmas nomor {i}").as_str(),
            "65.71",
            "Dinas Kesehatan Kota Tarakan",
            "Penerapan",
            "Digital",
            "Pelayanan publik",
            "01/03/2021",
            "12/03/2022",
            "Kesehatan",
        ])
        .unwrap();
    }
    out.into_inner().unwrap()
}

#[tokio::test]
async fn during_an_import_other_writes_are_done_or_answered_busy_within_seconds() {
    let (a, b, db) = two_servers(Utc::now()).await;
    agency(&a, "65.71", "Dinas Kesehatan Kota Tarakan").await;
    let rows = if std::env::var(lumbung_store::testing::POSTGRES_ENV).is_ok() {
        2_000
    } else {
        4_000
    };
    let bytes = sheet(rows);
    let importing = {
        let a = a.clone();
        tokio::spawn(
            async move { imports::import(&a, &Caller::system(), &bytes, &|_, _| {}).await },
        )
    };
    // Meanwhile a second server, and the importing one itself, keep writing.
    let done = Arc::new(AtomicUsize::new(0));
    let mut slowest = StdDuration::ZERO;
    let mut busy = 0;
    let mut i = 0;
    while !importing.is_finished() || i < 4 {
        let app = if i % 2 == 0 { &b } else { &a };
        let asked = Instant::now();
        let result = agencies::create(
            app,
            &Caller::system(),
            &AgencyInput {
                region: "65.71".into(),
                name: format!("Unit Layanan Terpadu {i}"),
                kind: None,
            },
        )
        .await;
        let waited = asked.elapsed();
        slowest = slowest.max(waited);
        match result {
            Ok(_) => {
                done.fetch_add(1, Ordering::SeqCst);
            }
            Err(ServiceError::Busy) => busy += 1,
            Err(other) => panic!("write {i} during the import: {other:?} after {waited:?}"),
        }
        assert!(
            waited < StdDuration::from_secs(5),
            "write {i} waited {waited:?}"
        );
        i += 1;
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    let summary = importing
        .await
        .unwrap()
        .expect("the import itself succeeds");
    assert_eq!(summary.created, rows);
    assert!(done.load(Ordering::SeqCst) > 0, "busy {busy} of {i}");
    eprintln!(
        "{i} writes during a {rows}-row import: {} done, {busy} busy, slowest {slowest:?}",
        done.load(Ordering::SeqCst)
    );
    drop(db);
}

#[tokio::test]
async fn two_servers_send_each_outbox_message_once_even_when_the_mail_server_answers_errors() {
    use lumbung_service::mail::{self, MailConfig};
    use lumbung_service::smtp_sink::Sink;
    use lumbung_store::outbox::{self, NewMail};

    let (a, b, _db) = two_servers(start()).await;
    let sink = Sink::start().await.unwrap();
    let config = MailConfig {
        smtp_url: sink.url(),
        from: "Lumbung Inovasi <noreply@lumbung.test>".into(),
    };
    let mut recipients: Vec<String> = (0..60).map(|i| format!("warga{i}@contoh.id")).collect();
    recipients.push("tolak.alamat@contoh.id".into());
    recipients.push("tunda.alamat@contoh.id".into());
    let mut ids = Vec::new();
    let mut tx = a.db.begin().await.unwrap();
    for recipient in &recipients {
        let id = outbox::enqueue(
            &mut tx,
            &NewMail {
                recipient,
                subject: "Pengaduan diterima",
                body: "Pengaduan Anda telah kami terima.",
                topic: "test",
            },
            start(),
        )
        .await
        .unwrap();
        ids.push(id);
    }
    tx.commit().await.unwrap();

    // Both servers send at once, twice over (the batch is 50).
    for _ in 0..2 {
        let (da, db_) = tokio::join!(mail::deliver(&a, &config), mail::deliver(&b, &config));
        let (da, db_) = (da.unwrap(), db_.unwrap());
        eprintln!("a {da:?}, b {db_:?}");
    }
    let received = sink.received();
    let mut seen: Vec<String> = received
        .iter()
        .map(|message| {
            let id = message.raw_header("Message-ID");
            assert!(
                id.as_deref().is_some_and(|id| id.starts_with('<')),
                "{id:?}"
            );
            message
                .message_id()
                .expect("every message has its Message-ID")
        })
        .collect();
    seen.sort();
    let before = seen.len();
    seen.dedup();
    assert_eq!(seen.len(), before, "a message arrived twice");
    assert_eq!(seen.len(), 60, "every deliverable message arrived once");
    for (recipient, id) in recipients.iter().zip(&ids).take(60) {
        assert!(
            seen.contains(&format!("{id}@lumbung")),
            "{recipient} did not get {id}"
        );
    }

    let mut conn = a.db.read().await.unwrap();
    let refused = &outbox::about(&mut conn, "test").await.unwrap()[60];
    assert_eq!(refused.recipient, "tolak.alamat@contoh.id");
    assert_eq!(refused.sent_at, None);
    assert_eq!(refused.attempts, 1, "a permanent refusal is not retried");
    assert!(refused.last_error.as_deref().unwrap().contains("550"));
    let deferred = &outbox::about(&mut conn, "test").await.unwrap()[61];
    assert_eq!(deferred.attempts, 1);
    assert!(deferred.last_error.as_deref().unwrap().contains("451"));
    // Only the deferred one still waits.
    assert_eq!(outbox::pending_count(&mut conn).await.unwrap(), 1);
    drop(conn);

    // After its retry time: tried again, the others are not sent again.
    set_both(&a, &b, start() + Duration::minutes(5));
    let (da, db_) = tokio::join!(mail::deliver(&a, &config), mail::deliver(&b, &config));
    let tried = da.unwrap().failed + db_.unwrap().failed;
    assert_eq!(tried, 1, "only the deferred message is tried again");
    assert_eq!(sink.received().len(), 60);
    let mut conn = a.db.read().await.unwrap();
    assert_eq!(
        outbox::about(&mut conn, "test").await.unwrap()[61].attempts,
        2
    );
}

#[tokio::test]
async fn first_saves_of_one_assessment_at_once_on_two_servers_all_succeed() {
    use lumbung_service::assessments::{self, EvidenceInput, Subject, Target};
    let (a, b, _db) = two_servers(Utc::now()).await;
    let officer = user(
        &a,
        "admin@tarakankota.go.id",
        "regency_admin",
        "65.71",
        None,
    )
    .await;
    // Nothing exists yet for Tarakan in 2026: every save below races to create the
    // assessment, and four of them the same answer; an upload races to create it too.
    let indicators = ["1", "2a", "2b", "4", "3", "3", "3", "3"];
    let saves: Vec<_> = indicators
        .into_iter()
        .enumerate()
        .map(|(i, indicator)| {
            let app = if i % 2 == 0 { a.clone() } else { b.clone() };
            let officer = officer.clone();
            tokio::spawn(async move {
                let target = Target {
                    region: "65.71",
                    year: 2026,
                    subject: Subject::Region,
                    indicator,
                };
                assessments::answer(&app, &officer, &target, 2, None).await
            })
        })
        .collect();
    let upload = {
        let officer = officer.clone();
        let b = b.clone();
        tokio::spawn(async move {
            let target = Target {
                region: "65.71",
                year: 2026,
                subject: Subject::Region,
                indicator: "5a",
            };
            let input = EvidenceInput {
                link: Some("https://jdih.tarakankota.go.id/perwali-12-2025".into()),
                letter_number: Some("12 Tahun 2025".into()),
                ..EvidenceInput::default()
            };
            assessments::add_evidence(&b, &officer, &target, &input).await
        })
    };
    let mut results = Vec::new();
    for save in saves {
        results.push(save.await.unwrap());
    }
    let uploaded = upload.await.unwrap();
    for (indicator, result) in indicators.iter().zip(&results) {
        assert!(result.is_ok(), "saving {indicator}: {result:?}");
    }
    uploaded.expect("evidence added while the assessment is being created");
    assert_eq!(
        count(
            &a,
            "SELECT COUNT(*) FROM assessments WHERE region_code = '65.71'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&a, "SELECT COUNT(*) FROM answers").await,
        6,
        "one answer per indicator: 1, 2a, 2b, 3, 4, 5a"
    );
    assert_eq!(
        count(&a, "SELECT COUNT(*) FROM answers WHERE level = 2").await,
        5,
        "the evidence's answer at level 0 did not overwrite a saved level"
    );
}
