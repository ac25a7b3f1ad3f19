//! Competitions with juries (kompetisi inovasi), KIPP-style, from set-up to certificate.
//!
//! The rules live in `lumbung_domain::competition`; this module stores what happens and
//! decides who may do it:
//!
//! * the **secretariat** is any admin of the competition's scope (the nation or a province):
//!   it sets the competition up, checks proposals, appoints jurors, assigns, shortlists,
//!   resolves objections, schedules interviews and closes rounds;
//! * a **proposer** is whoever may write the innovation in the registry;
//! * a **juror** is a user appointed to the competition: they see and score only the
//!   proposals assigned to them, and only their own sheets until the round closes;
//! * the **public** sees competitions, finalists (once shortlisted), objections without the
//!   objector's personal data, published results and certificates.
//!
//! Rounds run in the set-up's order and the current round is the first one not closed.
//! Closing a round freezes its result ([`rounds::close`]); a change after that needs the
//! round reopened by an admin with a reason, which is audited ([`rounds::reopen`]).
//! Registration follows the set-up's dates; the later rounds are closed by the secretariat
//! when their work is done, and their dates are the published schedule.

pub mod jury;
pub mod objections;
pub mod proposals;
pub mod results;
pub mod rounds;

use chrono::{DateTime, NaiveDate, Utc};
use lumbung_domain::competition::{Competition, CompetitionSetup, RoundKind};
use lumbung_domain::region::{RegionCode, RegionKind};
use lumbung_domain::time::TimeZone;
use lumbung_store::competitions::{self as store, CompetitionRecord, NewCompetition, RoundRecord};
use lumbung_store::{Conn, regions};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// A competition's status codes.
pub mod status {
    /// Set up and running its rounds.
    pub const RUNNING: &str = "running";
    /// Results published.
    pub const PUBLISHED: &str = "published";
}

/// A round as it stands.
#[derive(Debug, Clone, Serialize)]
pub struct RoundState {
    pub kind: RoundKind,
    pub label: &'static str,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub top_n: Option<u32>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Whether this is the round now running (the first not closed).
    pub current: bool,
}

/// A competition with its set-up and the state of its rounds.
#[derive(Debug, Clone, Serialize)]
pub struct CompetitionView {
    pub id: Uuid,
    pub scope: RegionCode,
    pub scope_name: String,
    pub name: String,
    pub year: i32,
    pub status: String,
    pub setup: Competition,
    pub rounds: Vec<RoundState>,
    /// The round now running; `None` once every round is closed.
    pub current_round: Option<RoundKind>,
    pub created_at: DateTime<Utc>,
}

impl CompetitionView {
    pub fn is_published(&self) -> bool {
        self.status == status::PUBLISHED
    }

    /// The competition's own zone: the organising province's, WIB for a national one. Its
    /// registration dates, interview slots and stamps are read and shown in it.
    pub fn zone(&self) -> TimeZone {
        TimeZone::of(&self.scope)
    }

    /// Today where the competition is run.
    pub fn today(&self) -> NaiveDate {
        crate::clock::local_day(&self.scope, Utc::now())
    }

    /// The day a moment falls on where the competition is run.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        self.zone().local_date(at)
    }

    /// Whether proposals may be submitted today: within the registration dates and before
    /// the first round (the administrative check) closed.
    pub fn registration_open(&self) -> bool {
        let checking_started = self
            .rounds
            .first()
            .is_some_and(|round| round.closed_at.is_some());
        self.setup.takes_proposals(checking_started, self.today())
    }

    /// Whether the caller runs the competition: an admin of its scope (its secretariat).
    pub fn is_secretariat(&self, caller: &Caller) -> bool {
        is_secretariat(caller, &self.scope)
    }

    /// Whether the caller may write innovations somewhere the competition reaches, and so
    /// may propose (each innovation is checked when proposed).
    pub fn may_propose(&self, caller: &Caller) -> bool {
        let writes = caller.actor.write_scope();
        writes.all
            || !writes.agencies.is_empty()
            || writes
                .regions
                .iter()
                .any(|region| self.scope.covers(region) || region.covers(&self.scope))
    }

    /// Whether the round of `kind` is closed.
    pub fn closed(&self, kind: RoundKind) -> bool {
        self.rounds
            .iter()
            .any(|round| round.kind == kind && round.closed_at.is_some())
    }
}

/// The secretariat of a competition of `scope` is an admin of that scope.
fn is_secretariat(caller: &Caller, scope: &RegionCode) -> bool {
    caller.actor.is_admin_of(scope)
}

/// A competition as loaded for a use case: the record, its validated set-up and its rounds.
pub(crate) struct Loaded {
    pub record: CompetitionRecord,
    pub competition: Competition,
    pub rounds: Vec<RoundRecord>,
}

impl Loaded {
    pub(crate) fn current(&self) -> Option<RoundKind> {
        self.rounds
            .iter()
            .find(|round| !round.is_closed())
            .and_then(|round| RoundKind::from_code(&round.kind))
    }

    pub(crate) fn is_closed(&self, kind: RoundKind) -> bool {
        self.rounds
            .iter()
            .any(|round| round.kind == kind.code() && round.is_closed())
    }

    pub(crate) fn round(&self, kind: RoundKind) -> Option<&RoundRecord> {
        self.rounds.iter().find(|round| round.kind == kind.code())
    }

    /// Refuses unless `kind` is the round now running.
    pub(crate) fn require_current(&self, kind: RoundKind) -> ServiceResult<()> {
        match self.current() {
            Some(current) if current == kind => Ok(()),
            Some(current) => Err(ServiceError::Conflict(format!(
                "tahap \"{}\" sedang tidak berjalan; tahap yang berjalan sekarang: {}",
                kind.label(),
                current.label()
            ))),
            None => Err(ServiceError::Conflict(
                "semua tahap kompetisi ini sudah ditutup".into(),
            )),
        }
    }

    pub(crate) fn is_secretariat(&self, caller: &Caller) -> bool {
        is_secretariat(caller, &self.record.scope_region)
    }

    pub(crate) fn require_secretariat(&self, caller: &Caller) -> ServiceResult<()> {
        if self.is_secretariat(caller) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(
                "hanya admin wilayah penyelenggara (sekretariat) yang dapat melakukan ini".into(),
            ))
        }
    }

    pub(crate) fn id(&self) -> Uuid {
        self.record.id
    }

    pub(crate) fn scope(&self) -> &str {
        self.record.scope_region.as_str()
    }
}

pub(crate) async fn load(conn: &mut Conn, id: Uuid) -> ServiceResult<Loaded> {
    let record = store::get_competition(conn, id)
        .await
        .map_err(|_| ServiceError::NotFound("kompetisi"))?;
    let competition: Competition =
        serde_json::from_str(&record.setup).map_err(ServiceError::internal)?;
    let rounds = store::list_rounds(conn, id).await?;
    Ok(Loaded {
        record,
        competition,
        rounds,
    })
}

async fn view(conn: &mut Conn, loaded: Loaded) -> ServiceResult<CompetitionView> {
    let current = loaded.current();
    let scope_name = regions::get(conn, &loaded.record.scope_region)
        .await
        .map(|region| region.name)
        .unwrap_or_else(|_| loaded.record.scope_region.to_string());
    let rounds = loaded
        .rounds
        .iter()
        .filter_map(|round| {
            let kind = RoundKind::from_code(&round.kind)?;
            Some(RoundState {
                kind,
                label: kind.label(),
                opens_on: round.opens_on,
                closes_on: round.closes_on,
                top_n: loaded.competition.round(kind).and_then(|r| r.top_n),
                closed_at: round.closed_at,
                current: Some(kind) == current && !round.is_closed(),
            })
        })
        .collect();
    Ok(CompetitionView {
        id: loaded.record.id,
        scope: loaded.record.scope_region,
        scope_name,
        name: loaded.record.name,
        year: loaded.record.year,
        status: loaded.record.status,
        setup: loaded.competition,
        rounds,
        current_round: current,
        created_at: loaded.record.created_at,
    })
}

fn check_scope(scope: &RegionCode) -> ServiceResult<()> {
    if scope.is_nation() || scope.kind() == RegionKind::Province {
        Ok(())
    } else {
        Err(ServiceError::Validation(
            lumbung_domain::FieldErrors::single(
                "scope",
                "kompetisi diselenggarakan secara nasional atau oleh provinsi",
            ),
        ))
    }
}

/// Sets up a competition (an admin of its scope). The set-up is validated as a whole.
pub async fn create(
    app: &App,
    caller: &Caller,
    setup: CompetitionSetup,
) -> ServiceResult<CompetitionView> {
    check_scope(&setup.scope)?;
    if !caller.actor.is_admin_of(&setup.scope) {
        return Err(ServiceError::forbidden());
    }
    let competition = Competition::new(setup)?;
    let body = serde_json::to_string(&competition).map_err(ServiceError::internal)?;
    let mut tx = app.db.begin().await?;
    if !regions::exists(&mut tx, &competition.scope).await? {
        return Err(ServiceError::NotFound("wilayah penyelenggara"));
    }
    let id = store::insert_competition(
        &mut tx,
        &NewCompetition {
            scope_region: &competition.scope,
            name: &competition.name,
            year: competition.year,
            setup: &body,
            status: status::RUNNING,
            created_by: caller.user_id(),
        },
    )
    .await?;
    write_rounds(&mut tx, id, &competition).await?;
    audit::record(
        &mut tx,
        caller,
        "create",
        "competition",
        &id.to_string(),
        Some(competition.scope.as_str()),
        json!({"name": competition.name, "year": competition.year}),
    )
    .await?;
    let loaded = load(&mut tx, id).await?;
    let view = view(&mut tx, loaded).await?;
    tx.commit().await?;
    Ok(view)
}

async fn write_rounds(conn: &mut Conn, id: Uuid, competition: &Competition) -> ServiceResult<()> {
    for (position, round) in competition.rounds.iter().enumerate() {
        store::upsert_round(
            conn,
            id,
            round.kind.code(),
            i64::try_from(position).map_err(ServiceError::internal)?,
            round.opens,
            round.closes,
        )
        .await?;
    }
    Ok(())
}

/// Changes the set-up. Allowed until the first round closes; after that the rules were
/// applied and stay as they were. The scope does not change.
pub async fn update(
    app: &App,
    caller: &Caller,
    id: Uuid,
    setup: CompetitionSetup,
) -> ServiceResult<CompetitionView> {
    let mut tx = app.db.begin().await?;
    let loaded = load(&mut tx, id).await?;
    loaded.require_secretariat(caller)?;
    if loaded.rounds.iter().any(RoundRecord::is_closed) {
        return Err(ServiceError::Conflict(
            "pengaturan kompetisi tidak dapat diubah setelah tahap pertama ditutup".into(),
        ));
    }
    if setup.scope != loaded.record.scope_region {
        return Err(ServiceError::Validation(
            lumbung_domain::FieldErrors::single(
                "scope",
                "wilayah penyelenggara tidak dapat diubah",
            ),
        ));
    }
    let kinds_before: Vec<RoundKind> = loaded.competition.rounds.iter().map(|r| r.kind).collect();
    let competition = Competition::new(setup)?;
    let kinds_after: Vec<RoundKind> = competition.rounds.iter().map(|r| r.kind).collect();
    if kinds_before != kinds_after {
        return Err(ServiceError::Validation(
            lumbung_domain::FieldErrors::single(
                "rounds",
                "daftar tahap tidak dapat diubah setelah kompetisi dibuat; ubah tanggalnya saja",
            ),
        ));
    }
    let body = serde_json::to_string(&competition).map_err(ServiceError::internal)?;
    store::update_competition_setup(&mut tx, id, &competition.name, competition.year, &body)
        .await?;
    write_rounds(&mut tx, id, &competition).await?;
    let before = serde_json::to_value(&loaded.competition).map_err(ServiceError::internal)?;
    let after = serde_json::to_value(&competition).map_err(ServiceError::internal)?;
    audit::record(
        &mut tx,
        caller,
        "update",
        "competition",
        &id.to_string(),
        Some(loaded.scope()),
        audit::diff(&before, &after),
    )
    .await?;
    let loaded = load(&mut tx, id).await?;
    let view = view(&mut tx, loaded).await?;
    tx.commit().await?;
    Ok(view)
}

/// A competition; public.
pub async fn get(app: &App, id: Uuid) -> ServiceResult<CompetitionView> {
    let mut conn = app.db.read().await?;
    let loaded = load(&mut conn, id).await?;
    view(&mut conn, loaded).await
}

/// A competition in a list.
#[derive(Debug, Clone, Serialize)]
pub struct CompetitionSummary {
    pub id: Uuid,
    pub scope: RegionCode,
    pub name: String,
    pub year: i32,
    pub status: String,
}

/// Every competition, newest year first; public. `scope` limits to one organiser.
pub async fn list(app: &App, scope: Option<&RegionCode>) -> ServiceResult<Vec<CompetitionSummary>> {
    let mut conn = app.db.read().await?;
    let records = store::list_competitions(&mut conn, scope, None).await?;
    Ok(records
        .into_iter()
        .map(|record| CompetitionSummary {
            id: record.id,
            scope: record.scope_region,
            name: record.name,
            year: record.year,
            status: record.status,
        })
        .collect())
}

/// The competitions the caller runs as secretariat, judges as a juror, or may propose to.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MyCompetitions {
    pub secretariat: Vec<CompetitionSummary>,
    pub jury: Vec<CompetitionSummary>,
}

pub async fn mine(app: &App, caller: &Caller) -> ServiceResult<MyCompetitions> {
    let Some(user) = caller.user_id() else {
        return Ok(MyCompetitions::default());
    };
    let all = list(app, None).await?;
    let mut conn = app.db.read().await?;
    let mut mine = MyCompetitions::default();
    for competition in all {
        if caller.actor.is_admin_of(&competition.scope) {
            mine.secretariat.push(competition.clone());
        }
        if store::is_juror(&mut conn, competition.id, user).await? {
            mine.jury.push(competition);
        }
    }
    Ok(mine)
}
