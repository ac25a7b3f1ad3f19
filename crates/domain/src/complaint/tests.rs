//! Deadlines over weekends, national holidays, cuti bersama and regional holidays, in the
//! three time zones; statuses, tracking numbers and the resolution ratio.

use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use rust_decimal::Decimal;

use super::*;
use crate::region::RegionCode;
use crate::time::TimeZone;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn code(text: &str) -> RegionCode {
    RegionCode::parse(text).unwrap()
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn galungan() -> Calendar {
    let mut holidays = parse_holidays(calendar::NATIONAL_2026).unwrap();
    holidays.push(Holiday {
        date: day("2026-06-17"),
        kind: HolidayKind::Regional,
        name: "Hari Raya Galungan".into(),
        region: Some(code("51")),
    });
    Calendar::new(holidays)
}

#[test]
fn the_shipped_2026_list_has_17_national_days_and_8_cuti_bersama() {
    let holidays = parse_holidays(calendar::NATIONAL_2026).unwrap();
    let national = holidays
        .iter()
        .filter(|h| h.kind == HolidayKind::National)
        .count();
    let cuti = holidays
        .iter()
        .filter(|h| h.kind == HolidayKind::CutiBersama)
        .count();
    assert_eq!((national, cuti), (17, 8));
    assert!(parse_holidays("date,kind,name\n2026-13-01,national,x").is_err());
    assert!(parse_holidays("date,kind,name\n2026-06-17,regional,Galungan").is_err());
}

#[test]
fn verification_skips_nyepi_idul_fitri_cuti_bersama_and_the_weekend() {
    let calendar = Calendar::national_2026();
    let jakarta = code("31.71");
    // Received on Nyepi (Thursday 19 March, 10:00 WIB). Friday 20 is cuti bersama, 21–22 Idul
    // Fitri on the weekend, 23–24 cuti bersama: the first working day is Wednesday 25.
    let deadlines = due_dates(
        &calendar,
        &jakarta,
        SlaRule::default(),
        utc(2026, 3, 19, 3, 0),
        None,
    );
    assert_eq!(deadlines.received_on, day("2026-03-19"));
    assert_eq!(deadlines.verify_by, day("2026-03-27"));
    // Follow-up counts from the verification deadline until assigned: 30 Mar … 3 Apr is
    // Good Friday, so the fifth working day is Monday 6 April.
    assert_eq!(deadlines.follow_up_by, day("2026-04-06"));
}

#[test]
fn a_weekend_and_independence_day_push_the_deadline() {
    let calendar = Calendar::national_2026();
    let bekasi = code("32.75");
    // Friday 14 August 10:00 WIB; Saturday, Sunday, Monday 17 August off.
    let received = utc(2026, 8, 14, 3, 0);
    let deadlines = due_dates(&calendar, &bekasi, SlaRule::default(), received, None);
    assert_eq!(deadlines.verify_by, day("2026-08-20"));
    // Assigned on Wednesday 19 August: five working days with Maulid (25 August) off.
    let assigned = utc(2026, 8, 19, 2, 0);
    let deadlines = due_dates(
        &calendar,
        &bekasi,
        SlaRule::default(),
        received,
        Some(assigned),
    );
    assert_eq!(deadlines.follow_up_by, day("2026-08-27"));
}

#[test]
fn the_day_of_receipt_is_the_regions_own_day() {
    let calendar = Calendar::national_2026();
    // Thursday 8 January 16:30 UTC: 23:30 WIB Thursday, 00:30 WITA and 01:30 WIT Friday.
    let at = utc(2026, 1, 8, 16, 30);
    let jakarta = due_dates(&calendar, &code("31.71"), SlaRule::default(), at, None);
    let makassar = due_dates(&calendar, &code("73.71"), SlaRule::default(), at, None);
    let jayapura = due_dates(&calendar, &code("91.71"), SlaRule::default(), at, None);
    assert_eq!(jakarta.received_on, day("2026-01-08"));
    assert_eq!(makassar.received_on, day("2026-01-09"));
    assert_eq!(jayapura.received_on, day("2026-01-09"));
    assert_eq!(jakarta.verify_by, day("2026-01-13"));
    assert_eq!(makassar.verify_by, day("2026-01-14"));
    assert_eq!(TimeZone::of(&code("51.03")), TimeZone::Wita);
    assert_eq!(TimeZone::of(&code("61.01")), TimeZone::Wib);
    assert_eq!(TimeZone::of(&code("65")), TimeZone::Wita);
    assert_eq!(TimeZone::of(&code("96")), TimeZone::Wit);
    assert_eq!(TimeZone::of(&RegionCode::nation()), TimeZone::Wib);
}

#[test]
fn galungan_is_off_in_bali_only() {
    let calendar = galungan();
    // Monday 15 June; Tuesday 16 is 1 Muharam everywhere, Wednesday 17 Galungan in Bali.
    let received = utc(2026, 6, 15, 1, 0);
    let denpasar = due_dates(
        &calendar,
        &code("51.71"),
        SlaRule::default(),
        received,
        None,
    );
    let jakarta = due_dates(
        &calendar,
        &code("31.71"),
        SlaRule::default(),
        received,
        None,
    );
    assert_eq!(denpasar.verify_by, day("2026-06-22"));
    assert_eq!(jakarta.verify_by, day("2026-06-19"));
    assert_eq!(
        calendar
            .day_off(day("2026-06-17"), &code("51.71"))
            .as_deref(),
        Some("Hari Raya Galungan")
    );
    assert!(calendar.is_working_day(day("2026-06-17"), &code("52.71")));
    assert_eq!(
        calendar.working_days_between(day("2026-06-15"), day("2026-06-22"), &code("51.71")),
        3
    );
}

#[test]
fn overdue_after_the_deadline_day_in_local_time() {
    let calendar = Calendar::national_2026();
    let region = code("73.71");
    let deadlines = due_dates(
        &calendar,
        &region,
        SlaRule::default(),
        utc(2026, 1, 8, 16, 30),
        None,
    );
    assert_eq!(deadlines.verify_by, day("2026-01-14"));
    // 23:00 WITA on the deadline day is still in time; 00:30 WITA the next day is late.
    let last_evening = utc(2026, 1, 14, 15, 0);
    let next_morning = utc(2026, 1, 14, 16, 30);
    assert_eq!(
        overdue(ComplaintStatus::Received, &deadlines, &region, last_evening),
        None
    );
    assert_eq!(
        overdue(ComplaintStatus::Received, &deadlines, &region, next_morning),
        Some(Stage::Verification)
    );
    // Verified in time, then late on the follow-up.
    let late = utc(2026, 2, 1, 3, 0);
    assert_eq!(
        overdue(ComplaintStatus::InProgress, &deadlines, &region, late),
        Some(Stage::FollowUp)
    );
    for done in [
        ComplaintStatus::Answered,
        ComplaintStatus::Closed,
        ComplaintStatus::Rejected,
    ] {
        assert_eq!(overdue(done, &deadlines, &region, late), None);
    }
    assert_eq!(escalation_target(&code("73.71")), code("73"));
    assert_eq!(escalation_target(&code("73")), RegionCode::nation());
    assert_eq!(
        escalation_target(&RegionCode::nation()),
        RegionCode::nation()
    );
}

#[test]
fn the_most_specific_rule_wins() {
    let rules = SlaRules {
        default: SlaRule::default(),
        scoped: vec![
            sla::ScopedRule {
                category: Some("kesehatan".into()),
                region: None,
                rule: SlaRule {
                    verification_days: 1,
                    follow_up_days: 3,
                },
            },
            sla::ScopedRule {
                category: None,
                region: Some(code("51")),
                rule: SlaRule {
                    verification_days: 2,
                    follow_up_days: 4,
                },
            },
            sla::ScopedRule {
                category: Some("kesehatan".into()),
                region: Some(code("51.71")),
                rule: SlaRule {
                    verification_days: 1,
                    follow_up_days: 2,
                },
            },
        ],
    };
    assert_eq!(
        rules.rule_for("perizinan", &code("31.71")),
        SlaRule::default()
    );
    assert_eq!(
        rules.rule_for("kesehatan", &code("31.71")).follow_up_days,
        3
    );
    assert_eq!(
        rules.rule_for("perizinan", &code("51.03")).follow_up_days,
        4
    );
    assert_eq!(
        rules.rule_for("kesehatan", &code("51.71")).follow_up_days,
        2
    );
    assert_eq!(
        rules.rule_for("kesehatan", &code("51.03")).follow_up_days,
        3
    );
}

#[test]
fn steps_follow_the_path_and_reopening_has_a_window() {
    use ComplaintStatus as S;
    use ComplaintStep as T;
    let mut status = S::Received;
    for (step, expected) in [
        (T::Verify, S::Verified),
        (T::Assign, S::Assigned),
        (T::Start, S::InProgress),
        (T::Answer, S::Answered),
        (T::Close, S::Closed),
        (T::Reopen, S::Reopened),
        (T::Start, S::InProgress),
        (T::Answer, S::Answered),
    ] {
        status = next_status(status, step).unwrap();
        assert_eq!(status, expected);
    }
    assert_eq!(
        next_status(S::Received, T::Close),
        Err(StepError::NotNow {
            step: T::Close,
            status: S::Received
        })
    );
    assert!(next_status(S::Rejected, T::Reopen).is_err());
    assert!(next_status(S::Received, T::Reject).is_ok());
    let closed = utc(2026, 3, 2, 3, 0);
    assert!(check_reopen(Some(closed), utc(2026, 3, 16, 3, 0), REOPEN_DAYS).is_ok());
    assert_eq!(
        check_reopen(Some(closed), utc(2026, 3, 16, 3, 1), REOPEN_DAYS),
        Err(StepError::ReopenWindowPassed { days: 14 })
    );
}

#[test]
fn tracking_numbers_read_as_typed() {
    let number = TrackingNumber {
        year: 2026,
        sequence: 123,
    };
    assert_eq!(number.to_string(), "ADU-2026-000123");
    assert_eq!(TrackingNumber::parse(" adu-2026-123 ").unwrap(), number);
    assert_eq!(TrackingNumber::parse("ADU-2026-000123").unwrap(), number);
    for bad in ["2026-000123", "ADU-26-1", "ADU-2026-0", "ADU-2026-x", ""] {
        assert!(TrackingNumber::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_ratio_leaves_out_rejections_and_maps_to_the_bands() {
    let c = |status, rejection| Counted { status, rejection };
    let complaints = [
        c(ComplaintStatus::Closed, None),
        c(ComplaintStatus::Closed, None),
        c(ComplaintStatus::Answered, None),
        c(ComplaintStatus::Answered, None),
        c(ComplaintStatus::Closed, None),
        c(ComplaintStatus::Answered, None),
        c(ComplaintStatus::InProgress, None),
        c(ComplaintStatus::Received, None),
        c(ComplaintStatus::Rejected, Some(RejectionReason::Duplicate)),
        c(
            ComplaintStatus::Rejected,
            Some(RejectionReason::NotAuthority),
        ),
    ];
    let ratio = resolution_ratio(&complaints).unwrap();
    assert_eq!(ratio, Decimal::from(75));
    assert_eq!(ratio_level(Some(ratio)), 2);
    assert_eq!(resolution_ratio(&complaints[8..]), None);
    assert_eq!(ratio_level(None), 1);
    assert_eq!(ratio_level(Some(Decimal::from(50))), 1);
    assert_eq!(ratio_level(Some(Decimal::new(505, 1))), 2);
    assert_eq!(ratio_level(Some(Decimal::new(905, 1))), 2);
    assert_eq!(ratio_level(Some(Decimal::from(91))), 3);
}

#[test]
fn filing_checks_each_field_and_normalises_tags() {
    let mut input = ComplaintInput {
        category: "Urusan Kesehatan".into(),
        tags: vec!["#Antrean Panjang, antrean  panjang".into(), "BPJS".into()],
        region_code: "65.71".into(),
        subject: "Antrean poli".into(),
        description: "Antrean poli umum RSUD sampai empat jam setiap Senin pagi.".into(),
        reporter_email: Some("Warga@Contoh.ID".into()),
        ..ComplaintInput::default()
    };
    let filing = Filing::parse(&input).unwrap();
    assert_eq!(filing.category, "kesehatan");
    assert_eq!(filing.tags, vec!["antrean panjang", "bpjs"]);
    assert_eq!(filing.reporter_email.as_deref(), Some("warga@contoh.id"));
    assert_eq!(filing.channel, Channel::Web);

    input.category = "Urusan Antariksa".into();
    input.description = "pendek".into();
    input.reporter_phone = Some("12ab".into());
    input.reporter_email = Some("bukan surel".into());
    input.channel = Some("merpati".into());
    input.tags = (0..6).map(|n| format!("tag{n}")).collect();
    let errors = Filing::parse(&input).unwrap_err();
    for field in [
        "category",
        "description",
        "reporter_phone",
        "reporter_email",
        "channel",
        "tags",
    ] {
        assert!(errors.get(field).is_some(), "{field} should be refused");
    }
}

#[test]
fn recurring_themes_leave_out_answered_ones() {
    let tags_a = vec!["antrean".to_owned()];
    let tags_b = vec!["antrean".to_owned(), "obat".to_owned()];
    let none: Vec<String> = Vec::new();
    let samples = vec![
        ThemeSample {
            category: "kesehatan",
            tags: &tags_a,
        },
        ThemeSample {
            category: "kesehatan",
            tags: &tags_b,
        },
        ThemeSample {
            category: "kesehatan",
            tags: &tags_a,
        },
        ThemeSample {
            category: "pendidikan",
            tags: &none,
        },
    ];
    let themes = recurring_themes(&samples, 2, |_, _| false);
    assert_eq!(
        themes,
        vec![
            RecurringTheme {
                category: "kesehatan".into(),
                tag: None,
                count: 3
            },
            RecurringTheme {
                category: "kesehatan".into(),
                tag: Some("antrean".into()),
                count: 3
            },
        ]
    );
    // An innovation answering "antrean" in kesehatan leaves the category itself open.
    let themes = recurring_themes(&samples, 2, |category, tag| {
        category == "kesehatan" && tag == Some("antrean")
    });
    assert_eq!(themes.len(), 1);
    assert_eq!(themes[0].tag, None);
    // One answering the whole category answers its tags too.
    assert!(
        recurring_themes(&samples, 2, |category, tag| category == "kesehatan"
            && tag.is_none())
        .is_empty()
    );
}
