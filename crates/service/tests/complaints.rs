//! Complaints over real calendars: deadlines across a weekend and a national holiday (Good
//! Friday 2026) and a regional one (Galungan in Bali), overdue flags and escalation by the
//! background job on a set clock; the reporter reopening a closed complaint; and the
//! resolution ratio entering the index as indicator 29.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{agency, complaint, solve, user};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use lumbung_service::complaints::calendar::{self, HolidayInput, SlaRuleInput};
use lumbung_service::complaints::{self, Filed, ReporterAction, StepInput, ratio};
use lumbung_service::domain::complaint::{ComplaintInput, Stage};
use lumbung_service::domain::innovation::ProfileInput;
use lumbung_service::domain::region::RegionCode;
use lumbung_service::innovations::{self, InnovationInput};
use lumbung_service::{App, Caller, ServiceError, assessments};
use lumbung_store::outbox;
use lumbung_store::testing::TestDb;
use serde_json::Value;
use uuid::Uuid;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A time in WITA (UTC+8), Kalimantan Utara's and Bali's zone.
fn wita(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    let wita = lumbung_service::domain::time::TimeZone::Wita;
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
        - chrono::Duration::hours(i64::from(wita.offset_hours()))
}

struct World {
    app: App,
    _db: TestDb,
    tarakan: Caller,
    kaltara: Caller,
    dinkes_officer: Caller,
    dinkes: Uuid,
    disdukcapil: Uuid,
}

async fn world() -> World {
    let (app, db) =
        common::app_with(&[("65.71", "Kota Tarakan"), ("51.71", "Kota Denpasar")]).await;
    let dinkes = agency(&app, "65.71", "Dinas Kesehatan Kota Tarakan").await;
    let disdukcapil = agency(
        &app,
        "65.71",
        "Dinas Kependudukan dan Pencatatan Sipil Kota Tarakan",
    )
    .await;
    World {
        tarakan: user(
            &app,
            "admin@tarakankota.go.id",
            "regency_admin",
            "65.71",
            None,
        )
        .await,
        kaltara: user(
            &app,
            "biro.organisasi@kaltaraprov.go.id",
            "province_admin",
            "65",
            None,
        )
        .await,
        dinkes_officer: user(
            &app,
            "dinkes@tarakankota.go.id",
            "agency_operator",
            "65.71",
            Some(dinkes),
        )
        .await,
        app,
        _db: db,
        dinkes,
        disdukcapil,
    }
}

async fn file(app: &App, input: &ComplaintInput) -> Filed {
    complaints::file(app, input, Vec::new(), &solve(app).await, "203.0.113.7")
        .await
        .unwrap()
}

fn step(name: &str) -> StepInput {
    StepInput {
        step: name.into(),
        ..StepInput::default()
    }
}

fn assign_to(agency: Uuid) -> StepInput {
    StepInput {
        agency_id: Some(agency),
        ..step("assign")
    }
}

fn answer_with(text: &str) -> StepInput {
    StepInput {
        answer: Some(text.into()),
        ..step("answer")
    }
}

#[tokio::test]
async fn deadlines_skip_the_weekend_and_good_friday_and_late_complaints_escalate_once() {
    let w = world().await;
    // Thursday 2 April 2026, 09:30 in Tarakan. Friday is Good Friday, then the weekend.
    w.app.clock.set(wita(2026, 4, 2, 9, 30));
    let a = file(&w.app, &complaint("65.71", "Antrean poli umum RSUD")).await;
    assert!(
        a.tracking_number.starts_with("ADU-2026-"),
        "{}",
        a.tracking_number
    );
    assert_eq!(a.pin.len(), 8);
    // Received Thursday (day 0); Fri 3 holiday, Sat 4, Sun 5 off; Mon 6, Tue 7, Wed 8.
    assert_eq!(a.verify_by, day("2026-04-08"));

    // 23:30 WITA is still Thursday in Tarakan: same deadline. Entered by an officer from WhatsApp.
    let mut whatsapp = complaint("65.71", "Obat kosong di puskesmas");
    whatsapp.channel = Some("WhatsApp".into());
    w.app.clock.set(wita(2026, 4, 2, 23, 45));
    let b = complaints::intake(
        &w.app,
        &w.tarakan,
        &whatsapp,
        Some(wita(2026, 4, 2, 23, 30)),
    )
    .await
    .unwrap();
    assert_eq!(b.verify_by, day("2026-04-08"));
    assert_ne!(a.tracking_number, b.tracking_number);
    let view_a = complaints::get(&w.app, &w.tarakan, a.id).await.unwrap();
    // Before assignment the follow-up runs from the verification deadline: 9, 10, 13, 14, 15.
    assert_eq!(view_a.complaint.follow_up_by, day("2026-04-15"));
    assert_eq!(view_a.overdue, None);

    // An agency operator may not verify; a stranger to the region sees nothing.
    assert!(matches!(
        complaints::take_step(&w.app, &w.dinkes_officer, a.id, &step("verify")).await,
        Err(ServiceError::NotFound(_) | ServiceError::Forbidden(_))
    ));

    // Wednesday 8 April, the deadline day itself: nothing is late yet.
    w.app.clock.set(wita(2026, 4, 8, 16, 0));
    assert!(
        complaints::escalate_overdue(&w.app)
            .await
            .unwrap()
            .is_empty()
    );
    complaints::take_step(&w.app, &w.tarakan, a.id, &step("verify"))
        .await
        .unwrap();

    // Thursday 9 April: B was never verified. It escalates to Kalimantan Utara, once.
    w.app.clock.set(wita(2026, 4, 9, 8, 0));
    let escalated = complaints::escalate_overdue(&w.app).await.unwrap();
    assert_eq!(escalated.len(), 1, "{escalated:?}");
    assert_eq!(escalated[0].tracking_number, b.tracking_number);
    assert_eq!(escalated[0].stage, Stage::Verification);
    assert_eq!(escalated[0].to, RegionCode::parse("65").unwrap());
    assert!(
        complaints::escalate_overdue(&w.app)
            .await
            .unwrap()
            .is_empty()
    );
    let late = complaints::list(
        &w.app,
        &w.kaltara,
        &complaints::ListQuery {
            overdue: Some(true),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].tracking_number, b.tracking_number);
    assert!(late[0].escalated);
    let mut conn = w.app.db.read().await.unwrap();
    let mail_b = outbox::about(&mut conn, &format!("complaint:{}", b.id))
        .await
        .unwrap();
    assert!(
        mail_b
            .iter()
            .any(|m| m.recipient == "biro.organisasi@kaltaraprov.go.id"
                && m.subject.contains("Eskalasi")),
        "{mail_b:?}"
    );
    drop(conn);

    // A is assigned on Thursday 9 April: follow-up by Fri 10, Mon 13, Tue 14, Wed 15, Thu 16.
    let assigned = complaints::take_step(&w.app, &w.tarakan, a.id, &assign_to(w.dinkes))
        .await
        .unwrap();
    assert_eq!(assigned.complaint.follow_up_by, day("2026-04-16"));
    complaints::take_step(&w.app, &w.dinkes_officer, a.id, &step("start"))
        .await
        .unwrap();

    // Friday 17 April: A is late on its follow-up and goes up too.
    w.app.clock.set(wita(2026, 4, 17, 9, 0));
    let escalated = complaints::escalate_overdue(&w.app).await.unwrap();
    assert_eq!(
        escalated
            .iter()
            .map(|e| (e.tracking_number.clone(), e.stage))
            .collect::<Vec<_>>(),
        vec![(a.tracking_number.clone(), Stage::FollowUp)]
    );
    let view_a = complaints::get(&w.app, &w.dinkes_officer, a.id)
        .await
        .unwrap();
    assert_eq!(view_a.overdue, Some(Stage::FollowUp));
    // An answer ends the lateness.
    let answered = complaints::take_step(
        &w.app,
        &w.dinkes_officer,
        a.id,
        &answer_with("Loket kedua dibuka mulai Senin, 20 April 2026."),
    )
    .await
    .unwrap();
    assert_eq!(answered.overdue, None);
    assert_eq!(answered.complaint.status, "answered");

    // The reporter was told at every change, the agency's operator since assignment.
    let mut conn = w.app.db.read().await.unwrap();
    let mail_a = outbox::about(&mut conn, &format!("complaint:{}", a.id))
        .await
        .unwrap();
    let to_reporter: Vec<&str> = mail_a
        .iter()
        .filter(|m| m.recipient == "siti.aminah@contoh.id")
        .map(|m| m.subject.as_str())
        .collect();
    assert_eq!(to_reporter.len(), 5, "{to_reporter:?}"); // filed, verified, assigned, started, answered
    assert!(to_reporter.last().unwrap().contains("Dijawab"));
    assert!(
        mail_a
            .iter()
            .any(|m| m.recipient == "dinkes@tarakankota.go.id")
    );
    assert!(
        mail_a
            .iter()
            .any(|m| m.recipient == "admin@tarakankota.go.id")
    );

    // The public record shows the answer but not who complained.
    let tracked = complaints::track(&w.app, &a.tracking_number.to_lowercase(), None)
        .await
        .unwrap();
    assert_eq!(tracked.status, "answered");
    let public = serde_json::to_string(&tracked).unwrap();
    assert!(!public.contains("Siti"), "{public}");
    assert!(!public.contains("Loket kedua"), "the answer needs the PIN");
    let reporter = complaints::track(&w.app, &a.tracking_number, Some(&a.pin))
        .await
        .unwrap();
    let seen = serde_json::to_string(&reporter).unwrap();
    assert!(!seen.contains("Siti"), "{seen}");
    assert!(seen.contains("Loket kedua"));
    assert!(matches!(
        complaints::track(&w.app, &a.tracking_number, Some("ZZZZZZZZ")).await,
        Err(ServiceError::Validation(_))
    ));
}

#[tokio::test]
async fn regional_holidays_and_rules_hold_in_their_region_only() {
    let w = world().await;
    let bali = user(&w.app, "admin@baliprov.go.id", "province_admin", "51", None).await;
    let galungan = HolidayInput {
        date: "2026-06-17".into(),
        name: "Hari Raya Galungan".into(),
        kind: "regional".into(),
        region_code: Some("51".into()),
    };
    // Tarakan's admin may not declare Bali's holidays.
    assert!(
        calendar::add_holiday(&w.app, &w.tarakan, &galungan)
            .await
            .is_err()
    );
    calendar::add_holiday(&w.app, &bali, &galungan)
        .await
        .unwrap();
    // Monday 15 June: Tuesday is 1 Muharam for everyone, Wednesday Galungan in Bali.
    w.app.clock.set(wita(2026, 6, 15, 10, 0));
    let denpasar = file(&w.app, &complaint("51.71", "Antrean puskesmas Denpasar")).await;
    let tarakan = file(&w.app, &complaint("65.71", "Antrean puskesmas Tarakan")).await;
    assert_eq!(denpasar.verify_by, day("2026-06-22"));
    assert_eq!(tarakan.verify_by, day("2026-06-19"));

    // A rule for health complaints in Tarakan: 2 days to verify.
    calendar::put_sla_rule(
        &w.app,
        &w.tarakan,
        &SlaRuleInput {
            category: Some("kesehatan".into()),
            region_code: Some("65.71".into()),
            verification_days: 2,
            follow_up_days: 10,
        },
    )
    .await
    .unwrap();
    let faster = file(&w.app, &complaint("65.71", "Antrean lagi")).await;
    assert_eq!(faster.verify_by, day("2026-06-18"));
    let holidays = calendar::holidays(&w.app, 2026).await.unwrap();
    assert_eq!(holidays.len(), 26); // 17 national, 8 cuti bersama, Galungan
}

#[tokio::test]
async fn the_reporter_reopens_a_closed_complaint_within_the_window_only() {
    let w = world().await;
    w.app.clock.set(wita(2026, 4, 13, 9, 0));
    let filed = file(&w.app, &complaint("65.71", "Pelayanan ambulans lambat")).await;
    for input in [
        step("verify"),
        assign_to(w.dinkes),
        answer_with("Ambulans tambahan disiagakan di Tarakan Utara."),
    ] {
        complaints::take_step(&w.app, &w.tarakan, filed.id, &input)
            .await
            .unwrap();
    }
    // The reporter accepts the answer.
    w.app.clock.set(wita(2026, 4, 17, 9, 0));
    let closed = complaints::reporter_action(
        &w.app,
        &filed.tracking_number,
        &filed.pin,
        ReporterAction::Close,
        None,
    )
    .await
    .unwrap();
    assert_eq!(closed.status, "closed");

    // Eight days later the ambulance is late again.
    w.app.clock.set(wita(2026, 4, 25, 10, 0));
    let wrong = complaints::reporter_action(
        &w.app,
        &filed.tracking_number,
        "AAAA-BBBB",
        ReporterAction::Reopen,
        Some("Ambulans kembali terlambat satu jam."),
    )
    .await;
    assert!(
        matches!(wrong, Err(ServiceError::Validation(ref e)) if e.get("pin").is_some()),
        "{wrong:?}"
    );
    let no_reason = complaints::reporter_action(
        &w.app,
        &filed.tracking_number,
        &filed.pin,
        ReporterAction::Reopen,
        None,
    )
    .await;
    assert!(matches!(no_reason, Err(ServiceError::Validation(ref e)) if e.get("note").is_some()));
    // Typed in lower case with a dash, as people do.
    let pin = format!("{}-{}", &filed.pin[..4], &filed.pin[4..]).to_lowercase();
    let reopened = complaints::reporter_action(
        &w.app,
        &filed.tracking_number,
        &pin,
        ReporterAction::Reopen,
        Some("Ambulans kembali terlambat satu jam."),
    )
    .await
    .unwrap();
    assert_eq!(reopened.status, "reopened");
    assert_eq!(
        reopened.answer.as_deref(),
        Some("Ambulans tambahan disiagakan di Tarakan Utara.")
    );
    // Reopened on Saturday 25 April: Mon 27 … Thu 30, Friday 1 May is Labour Day, Mon 4 May.
    assert_eq!(reopened.follow_up_by, day("2026-05-04"));
    assert!(
        reopened
            .events
            .iter()
            .any(|e| e.kind == "reopen" && e.actor == "pelapor")
    );
    // Officers cannot reopen on the reporter's behalf.
    assert!(
        complaints::take_step(&w.app, &w.tarakan, filed.id, &step("reopen"))
            .await
            .is_err()
    );

    // Answered and closed again; fifteen days later the window has passed.
    complaints::take_step(
        &w.app,
        &w.dinkes_officer,
        filed.id,
        &answer_with("Jadwal ambulans diperbaiki dan dipantau harian."),
    )
    .await
    .unwrap();
    complaints::take_step(&w.app, &w.tarakan, filed.id, &step("close"))
        .await
        .unwrap();
    w.app.clock.set(wita(2026, 5, 12, 10, 0));
    let late = complaints::reporter_action(
        &w.app,
        &filed.tracking_number,
        &filed.pin,
        ReporterAction::Reopen,
        Some("Masih terlambat pada malam hari."),
    )
    .await;
    assert!(
        matches!(late, Err(ServiceError::Conflict(ref m)) if m.contains("14 hari")),
        "{late:?}"
    );
}

async fn innovation(app: &App, agency: Uuid, name: &str) -> Uuid {
    innovations::create(
        app,
        &Caller::system(),
        &InnovationInput {
            agency_id: Some(agency),
            profile: ProfileInput {
                name: name.into(),
                stage: "penerapan".into(),
                kind: "digital".into(),
                form: "pelayanan_publik".into(),
                implementation_date: Some("2024-02-01".into()),
                design: Some("Rancang bangun.".into()),
                ..Default::default()
            },
            awards: Vec::new(),
        },
    )
    .await
    .unwrap()
    .id
}

fn level_of(view: &Value, innovation: Uuid, indicator: &str) -> Option<u64> {
    view["verified"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|line| {
            line["innovation"] == Value::String(innovation.to_string())
                && line["indicator"] == indicator
        })
        .map(|line| line["level"].as_u64().unwrap())
}

#[tokio::test]
async fn the_resolution_ratio_of_the_year_before_enters_the_index() {
    let w = world().await;
    let antrean = innovation(&w.app, w.dinkes, "Antrean Online Puskesmas").await;
    let dukcapil = innovation(&w.app, w.disdukcapil, "Dukcapil Jemput Bola").await;
    w.app.clock.set(wita(2026, 2, 2, 9, 0));
    // 2025, Dinas Kesehatan: three resolved, one still in progress, one rejected as a duplicate.
    let mut health = Vec::new();
    for n in 0..5 {
        let mut input = complaint("65.71", &format!("Keluhan layanan kesehatan {n}"));
        input.agency_id = Some(w.dinkes.to_string());
        input.channel = Some("phone".into());
        let filed =
            complaints::intake(&w.app, &w.tarakan, &input, Some(wita(2025, 3, 3 + n, 9, 0)))
                .await
                .unwrap();
        health.push(filed);
    }
    for filed in &health[..4] {
        complaints::take_step(&w.app, &w.tarakan, filed.id, &step("verify"))
            .await
            .unwrap();
        complaints::take_step(&w.app, &w.tarakan, filed.id, &assign_to(w.dinkes))
            .await
            .unwrap();
    }
    for filed in &health[..3] {
        complaints::take_step(
            &w.app,
            &w.dinkes_officer,
            filed.id,
            &answer_with("Sudah ditindaklanjuti oleh puskesmas."),
        )
        .await
        .unwrap();
    }
    complaints::take_step(
        &w.app,
        &w.tarakan,
        health[4].id,
        &StepInput {
            step: "reject".into(),
            reason: Some("duplikat".into()),
            duplicate_of: Some(health[0].tracking_number.clone()),
            ..StepInput::default()
        },
    )
    .await
    .unwrap();
    // 2025, about Dukcapil Jemput Bola itself: two, both answered.
    for n in 0..2 {
        let mut input = complaint("65.71", &format!("Jemput bola KTP-el {n}"));
        input.category = "administrasi_kependudukan_pencatatan_sipil".into();
        input.agency_id = Some(w.disdukcapil.to_string());
        let filed =
            complaints::intake(&w.app, &w.tarakan, &input, Some(wita(2025, 9, 1 + n, 9, 0)))
                .await
                .unwrap();
        complaints::take_step(&w.app, &w.tarakan, filed.id, &step("verify"))
            .await
            .unwrap();
        complaints::take_step(
            &w.app,
            &w.tarakan,
            filed.id,
            &StepInput {
                step: "assign".into(),
                agency_id: Some(w.disdukcapil),
                innovation_id: Some(dukcapil),
                ..StepInput::default()
            },
        )
        .await
        .unwrap();
        complaints::take_step(
            &w.app,
            &w.tarakan,
            filed.id,
            &answer_with("Petugas jemput bola sudah datang."),
        )
        .await
        .unwrap();
    }
    // A complaint of 2026 does not count for the 2026 index.
    file(&w.app, &complaint("65.71", "Keluhan tahun ini")).await;

    let report = ratio::report(
        &w.app,
        &w.tarakan,
        &RegionCode::parse("65.71").unwrap(),
        2026,
    )
    .await
    .unwrap();
    assert_eq!(report.complaint_year, 2025);
    assert_eq!((report.overall.received, report.overall.resolved), (6, 5));
    let row = |id: Uuid| {
        report
            .innovations
            .iter()
            .find(|r| r.innovation_id == id)
            .unwrap()
    };
    // 3 of 4 (75 %): the 51–90 % band, level 2; counted from the agency.
    assert_eq!(
        (row(antrean).ratio.received, row(antrean).ratio.resolved),
        (4, 3)
    );
    assert_eq!(row(antrean).ratio.level, 2);
    assert_eq!(row(antrean).source, "agency");
    // 2 of 2 about the innovation itself: level 3.
    assert_eq!(row(dukcapil).ratio.level, 3);
    assert_eq!(row(dukcapil).source, "innovation");

    // Only the region's admins feed the index.
    assert!(
        ratio::feed(
            &w.app,
            &w.dinkes_officer,
            &RegionCode::parse("65.71").unwrap(),
            2026,
            None
        )
        .await
        .is_err()
    );
    let before = serde_json::to_value(
        assessments::view(&w.app, &w.tarakan, "65.71", 2026)
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(level_of(&before, antrean, "29").unwrap_or(0), 0);
    let fed = ratio::feed(
        &w.app,
        &w.tarakan,
        &RegionCode::parse("65.71").unwrap(),
        2026,
        None,
    )
    .await
    .unwrap();
    assert_eq!(fed.len(), 2);
    assert!(fed.iter().all(|f| f.skipped.is_none()), "{fed:?}");
    let after = serde_json::to_value(
        assessments::view(&w.app, &w.tarakan, "65.71", 2026)
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(level_of(&after, antrean, "29"), Some(2));
    assert_eq!(level_of(&after, dukcapil, "29"), Some(3));
    // The evidence is the ratio itself, accepted, with the counts in its note.
    let evidence = after["answers"].to_string();
    assert!(
        evidence.contains("Rasio penyelesaian pengaduan 2025: 3 dari 4 (75%)"),
        "{evidence}"
    );
}
