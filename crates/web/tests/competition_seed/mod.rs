//! A provincial competition seeded through the service, for the page tests
//! (`competition_pages.rs`) and the browser suite (`browser.rs`), which include this file with
//! `mod competition_seed;`.
//!
//! Kalimantan Timur (64) runs it: four kabupaten/kota propose one innovation each, two jurors
//! score them, the panel keeps a Top 3, and the final decision names a Top 2. Each step is
//! its own function so that a test can look at the pages between them:
//! [`competition`] (registration, the administrative check running) → [`desk`] →
//! [`shortlist`] (made, not closed) → [`open_objections`] (shortlist closed: uji publik) →
//! [`close_objections`] (open objections dismissed, interviews scheduled) → [`publish`].
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use lumbung_service::agencies::{self, AgencyInput};
use lumbung_service::competitions::objections::{self, ResolutionInput};
use lumbung_service::competitions::proposals::{self, AttachmentInput, CheckInput, ProposalInput};
use lumbung_service::competitions::results;
use lumbung_service::competitions::rounds::{self, ShortlistInput, SlotInput};
use lumbung_service::competitions::{self, jury};
use lumbung_service::domain::competition::{CompetitionSetup, RoundKind};
use lumbung_service::domain::innovation::ProfileInput;
use lumbung_service::domain::region::{Region, RegionCode};
use lumbung_service::innovations::{self, InnovationInput};
use lumbung_service::{App, Caller};
use serde_json::json;
use uuid::Uuid;

pub const PROVINCE: &str = "64";
pub const PASSWORD: &str = "sandi-yang-panjang-sekali";

/// The proposing regions and the innovation each proposes, in submission order. The later
/// the better at the desk; the interviews go the other way, not enough to change the order.
pub const PROPOSERS: [(&str, &str, &str); 4] = [
    ("64.01", "Kabupaten Paser", "Posyandu Digital Paser"),
    (
        "64.02",
        "Kabupaten Kutai Barat",
        "Sekolah Lapang Kutai Barat",
    ),
    ("64.71", "Kota Balikpapan", "Ambulans Desa Balikpapan"),
    ("64.72", "Kota Samarinda", "Klinik Keliling Samarinda"),
];

/// The place of every interview.
pub const INTERVIEW_PLACE: &str = "Ruang Rapat Bappeda Kalimantan Timur";

/// The summary ("ringkasan") of a proposal.
pub fn summary_of(title: &str) -> String {
    format!(
        "{title} mendekatkan layanan dasar kepada warga yang tinggal jauh dari pusat kecamatan, \
         dengan jadwal kunjungan tetap dan pencatatan yang dapat diperiksa siapa saja."
    )
}

/// Today in the organising province's zone, as the service reads registration dates.
pub fn today() -> NaiveDate {
    lumbung_service::clock::local_day(
        &lumbung_service::domain::region::RegionCode::parse(PROVINCE).unwrap(),
        Utc::now(),
    )
}

/// Regions, agencies, innovations and jurors, shared by every competition seeded in a database.
pub struct World {
    /// The innovations, in [`PROPOSERS`] order.
    pub innovations: Vec<Uuid>,
    /// The jurors: user id and caller.
    pub jurors: Vec<(Uuid, Caller)>,
}

pub async fn world(app: &App) -> World {
    let system = Caller::system();
    let mut innovations = Vec::new();
    for (code, region, title) in PROPOSERS {
        let mut tx = app.db.begin().await.unwrap();
        lumbung_store::regions::upsert(
            &mut tx,
            &Region::new(RegionCode::parse(code).unwrap(), region),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let agency = agencies::create(
            app,
            &system,
            &AgencyInput {
                region: code.into(),
                name: format!("Dinas Kesehatan {region}"),
                kind: None,
            },
        )
        .await
        .unwrap()
        .id;
        let input = InnovationInput {
            agency_id: Some(agency),
            profile: ProfileInput {
                name: title.into(),
                stage: "penerapan".into(),
                kind: "non_digital".into(),
                form: "pelayanan_publik".into(),
                implementation_date: Some("2021-03-01".into()),
                design: Some(summary_of(title)),
                ..Default::default()
            },
            awards: Vec::new(),
        };
        innovations.push(innovations::create(app, &system, &input).await.unwrap().id);
    }
    let mut jurors = Vec::new();
    for i in 0..2 {
        let email = format!("juri{i}@unmul.ac.id");
        let id = lumbung_service::auth::add_user(
            app,
            &system,
            &email,
            &format!("Juri {i}"),
            PASSWORD,
            &[],
        )
        .await
        .unwrap();
        let token = lumbung_service::auth::create_token(app, &system, &email, "t")
            .await
            .unwrap();
        let caller = lumbung_service::auth::bearer(app, &token)
            .await
            .unwrap()
            .unwrap();
        jurors.push((id, caller));
    }
    World {
        innovations,
        jurors,
    }
}

fn words(text: &str, n: usize) -> String {
    std::iter::repeat_n(text, n).collect::<Vec<_>>().join(" ")
}

/// A competition in registration with one proposal per region; the administrative check is
/// the round running.
pub async fn competition(app: &App, world: &World, name: &str) -> Uuid {
    let today = today();
    let mut setup = CompetitionSetup::kipp(
        name,
        today.year(),
        RegionCode::parse(PROVINCE).unwrap(),
        today - Duration::days(10),
        today + Duration::days(20),
    );
    for round in &mut setup.rounds {
        match round.kind {
            RoundKind::PanelShortlist => round.top_n = Some(3),
            RoundKind::FinalDecision => round.top_n = Some(2),
            _ => {}
        }
    }
    let id = competitions::create(app, &Caller::system(), setup)
        .await
        .unwrap()
        .id;
    for (k, innovation) in world.innovations.iter().enumerate() {
        let title = PROPOSERS[k].2;
        let sections = BTreeMap::from([
            ("ringkasan".to_owned(), summary_of(title)),
            ("kebaruan".to_owned(), words("kebaruan", 120)),
            ("signifikansi".to_owned(), words("signifikansi", 120)),
            ("adaptabilitas".to_owned(), words("adaptabilitas", 80)),
            ("keberlanjutan".to_owned(), words("keberlanjutan", 120)),
        ]);
        let attachments = [
            "standar_pelayanan",
            "maklumat_pelayanan",
            "sk_pengelola_pengaduan",
            "video",
        ]
        .iter()
        .map(|code| AttachmentInput {
            code: (*code).to_owned(),
            url: format!("https://jdih.example.go.id/{code}.pdf"),
        })
        .collect();
        let input = ProposalInput {
            innovation_id: Some(*innovation),
            group: "umum".into(),
            category: if k % 2 == 0 {
                "kesehatan"
            } else {
                "pendidikan"
            }
            .into(),
            replicated_innovation: None,
            sections,
            attachments,
        };
        proposals::submit(app, &Caller::system(), id, &input)
            .await
            .unwrap();
    }
    id
}

/// The proposal ids of a competition in submission order.
pub async fn proposal_ids(app: &App, id: Uuid) -> Vec<Uuid> {
    let mut all = proposals::list(app, &Caller::system(), id, None)
        .await
        .unwrap();
    all.sort_by_key(|proposal| proposal.submitted_at);
    all.into_iter().map(|proposal| proposal.id).collect()
}

pub async fn close(app: &App, id: Uuid, kind: RoundKind) {
    rounds::close(app, &Caller::system(), id, kind)
        .await
        .unwrap_or_else(|e| panic!("closing {kind:?}: {e}"));
}

/// Every juror scores every proposal assigned to them in the round now scored; a proposal's
/// level is `level(k)` for the k-th proposal submitted.
async fn score_round(
    app: &App,
    world: &World,
    id: Uuid,
    kind: RoundKind,
    level: impl Fn(usize) -> f64,
) {
    let order = proposal_ids(app, id).await;
    for (_, juror) in &world.jurors {
        let own = jury::assignments(app, juror, id, kind).await.unwrap();
        for row in own.rows {
            let k = order.iter().position(|p| *p == row.proposal_id).unwrap();
            let l = level(k);
            let input: jury::ScoreInput = serde_json::from_value(json!({"scores": {
                "kebaruan": l + 1.0,
                "efektivitas": l - 1.0,
                "manfaat": l,
                "adaptabilitas": l + 2.0,
                "keberlanjutan": l - 2.0,
            }}))
            .unwrap();
            jury::score(app, juror, id, row.proposal_id, &input)
                .await
                .unwrap();
        }
    }
}

/// The administrative check passes everyone; the desk evaluation scores and closes.
pub async fn desk(app: &App, world: &World, id: Uuid) {
    let system = Caller::system();
    for proposal in proposal_ids(app, id).await {
        let input = CheckInput {
            passed: true,
            ..Default::default()
        };
        proposals::check(app, &system, id, proposal, &input)
            .await
            .unwrap();
    }
    close(app, id, RoundKind::AdministrativeCheck).await;
    for (user, _) in &world.jurors {
        let input = jury::JurorInput {
            user_id: Some(*user),
            email: None,
        };
        jury::add_juror(app, &system, id, &input).await.unwrap();
    }
    jury::assign(app, &system, id).await.unwrap();
    score_round(app, world, id, RoundKind::DeskEvaluation, |k| {
        60.0 + 8.0 * k as f64
    })
    .await;
    close(app, id, RoundKind::DeskEvaluation).await;
}

/// The panel's Top 3 of the desk ranking, not yet closed; the ids shortlisted.
pub async fn shortlist(app: &App, id: Uuid) -> Vec<Uuid> {
    rounds::shortlist(app, &Caller::system(), id, &ShortlistInput::default())
        .await
        .unwrap()
}

/// From registration to the objection window: the finalists are public. Returns them.
pub async fn open_objections(app: &App, world: &World, id: Uuid) -> Vec<Uuid> {
    if competitions::get(app, id).await.unwrap().current_round
        == Some(RoundKind::AdministrativeCheck)
    {
        desk(app, world, id).await;
    }
    let current = competitions::get(app, id).await.unwrap().current_round;
    if current == Some(RoundKind::PanelShortlist) {
        let chosen = shortlist(app, id).await;
        close(app, id, RoundKind::PanelShortlist).await;
        return chosen;
    }
    panic!("the competition is past its shortlist: {current:?}");
}

/// Dismisses the objections still open, closes the window and schedules the interviews.
pub async fn close_objections(app: &App, id: Uuid) {
    let system = Caller::system();
    for objection in objections::list(app, &system, id).await.unwrap() {
        if objection.status == "open" {
            let input = ResolutionInput {
                upheld: false,
                resolution: "Hasil verifikasi lapangan tidak membenarkan sanggahan ini.".into(),
            };
            objections::resolve(app, &system, id, objection.id, &input)
                .await
                .unwrap();
        }
    }
    close(app, id, RoundKind::PublicObjection).await;
    let finalists = proposals::list(app, &system, id, Some("finalist"))
        .await
        .unwrap();
    let start = Utc::now() + Duration::days(3);
    let slots: Vec<SlotInput> = finalists
        .iter()
        .enumerate()
        .map(|(i, proposal)| SlotInput {
            proposal_id: proposal.id,
            starts_at: start + Duration::minutes(30 * i as i64),
            ends_at: start + Duration::minutes(30 * i as i64 + 25),
            place: INTERVIEW_PLACE.into(),
        })
        .collect();
    rounds::schedule(app, &system, id, &slots).await.unwrap();
}

/// Interviews scored, the Top 2 decided and the results published. Returns the winners'
/// certificate codes, best first.
pub async fn publish(app: &App, world: &World, id: Uuid) -> Vec<String> {
    jury::assign(app, &Caller::system(), id).await.unwrap();
    score_round(app, world, id, RoundKind::Interview, |k| {
        90.0 - 7.0 * k as f64
    })
    .await;
    close(app, id, RoundKind::Interview).await;
    close(app, id, RoundKind::FinalDecision).await;
    close(app, id, RoundKind::Published).await;
    certificate_codes(app, id).await
}

/// The winners' certificate codes, best first.
pub async fn certificate_codes(app: &App, id: Uuid) -> Vec<String> {
    results::results(app, &Caller::system(), id)
        .await
        .unwrap()
        .winners
        .into_iter()
        .map(|row| row.certificate.expect("a winner's certificate"))
        .collect()
}

/// A competition run from start to published results; its id and the certificate codes.
pub async fn published(app: &App, world: &World, name: &str) -> (Uuid, Vec<String>) {
    let id = competition(app, world, name).await;
    open_objections(app, world, id).await;
    close_objections(app, id).await;
    let codes = publish(app, world, id).await;
    (id, codes)
}
