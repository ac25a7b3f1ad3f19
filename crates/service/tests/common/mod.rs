//! What the service test files share: a fresh application with regions, agencies, users,
//! and the public form's challenge answered as a person would.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use lumbung_service::agencies::{self, AgencyInput};
use lumbung_service::auth::{self, GrantInput};
use lumbung_service::complaints::{Proof, challenge};
use lumbung_service::domain::complaint::ComplaintInput;
use lumbung_service::domain::permission::Actor;
use lumbung_service::domain::region::{Region, RegionCode};
use lumbung_service::{App, Caller};
use lumbung_store::testing::{TestDb, fresh_db};
use uuid::Uuid;

pub const PASSWORD: &str = "kata-sandi-yang-panjang-1";

/// A fresh database with the nation and the provinces, plus `regions` (code, name).
pub async fn app_with(regions: &[(&str, &str)]) -> (App, TestDb) {
    let db = fresh_db().await.unwrap();
    let app = App::new(db.db.clone(), db.blobs.clone());
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .unwrap();
    let mut tx = app.db.begin().await.unwrap();
    for (code, name) in regions {
        lumbung_store::regions::upsert(
            &mut tx,
            &Region::new(RegionCode::parse(code).unwrap(), *name),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    (app, db)
}

pub async fn agency(app: &App, region: &str, name: &str) -> Uuid {
    agencies::create(
        app,
        &Caller::system(),
        &AgencyInput {
            region: region.into(),
            name: name.into(),
            kind: None,
        },
    )
    .await
    .unwrap()
    .id
}

/// A user with one role, and the caller acting as them.
pub async fn user(
    app: &App,
    email: &str,
    role: &str,
    region: &str,
    agency: Option<Uuid>,
) -> Caller {
    let id = auth::add_user(
        app,
        &Caller::system(),
        email,
        email,
        PASSWORD,
        &[GrantInput {
            role: role.into(),
            region: region.into(),
            agency_id: agency,
        }],
    )
    .await
    .unwrap();
    let mut conn = app.db.read().await.unwrap();
    let grants = lumbung_store::users::grants(&mut conn, id).await.unwrap();
    Caller {
        actor: Actor::User { id, grants },
        label: email.into(),
        name: email.into(),
    }
}

/// A complaint about a three-hour queue at a health clinic in `region`.
pub fn complaint(region: &str, subject: &str) -> ComplaintInput {
    ComplaintInput {
        category: "kesehatan".into(),
        tags: vec!["antrean".into()],
        region_code: region.into(),
        subject: subject.into(),
        description: "Antrean pendaftaran poli umum sampai tiga jam, petugas loket hanya satu."
            .into(),
        reporter_name: Some("Siti Aminah".into()),
        reporter_email: Some("siti.aminah@contoh.id".into()),
        ..ComplaintInput::default()
    }
}

/// Answers the public form's question as a person would: reads "Berapa a + b?".
pub async fn solve(app: &App) -> Proof {
    let challenge = challenge::issue(app).await.unwrap();
    let sum: u32 = challenge
        .question
        .trim_start_matches("Berapa ")
        .trim_end_matches('?')
        .split(" + ")
        .map(|n| n.parse::<u32>().unwrap())
        .sum();
    Proof {
        challenge_token: challenge.token,
        challenge_answer: sum.to_string(),
        website: String::new(),
    }
}
