//! The use cases of Lumbung Inovasi, shared by the web layer and the command line.
//!
//! Every write goes through one function here that checks the caller's permission on the
//! region subtree, runs in one transaction, and appends to the audit log in that same
//! transaction: a change and its audit entry land together or not at all.

pub mod agencies;
pub mod assessments;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod competitions;
pub mod complaints;
pub mod consultations;
pub mod corpus;
pub mod demo;
mod error;
pub mod exports;
pub mod health;
pub mod imports;
pub mod index;
pub mod innovations;
pub mod jobs;
pub mod limits;
pub mod mail;
pub mod map;
pub mod opendata;
pub mod regions;
pub mod replications;
pub mod reports;
pub mod search;
pub mod smtp_sink;
pub mod stats;

use lumbung_domain::permission::Actor;
use lumbung_store::Db;
use lumbung_store::blobs::Blobs;
use std::sync::Arc;

use uuid::Uuid;

pub use clock::Clock;
pub use error::{RowError, ServiceError, ServiceResult};
pub use lumbung_domain as domain;
pub use lumbung_store as store;

/// The application: the database and the file store. Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    /// Evidence files: a local directory by default, S3-compatible storage at scale.
    pub blobs: Blobs,
    /// The time deadlines and escalations are reckoned at; tests set it.
    pub clock: Clock,
    /// The site's address as citizens reach it, for links in e-mail.
    pub public_url: String,
    /// This process among the servers sharing the database: the holder of the jobs and
    /// outbox messages it claims.
    pub instance: Arc<str>,
    /// Signs the public forms' challenges. Kept in the database so that a challenge fetched
    /// from one server is accepted by another; read once, on first use.
    pub(crate) challenge_key: Arc<tokio::sync::OnceCell<[u8; 32]>>,
    /// When each address's refusals were last recorded (see `limits::record_refusal`).
    pub(crate) refusals: Arc<limits::RefusalLog>,
}

impl App {
    pub fn new(db: Db, blobs: Blobs) -> Self {
        let instance = format!(
            "{}-{}",
            std::process::id(),
            &Uuid::now_v7().simple().to_string()[20..]
        );
        Self {
            db,
            blobs,
            clock: Clock::system(),
            public_url: "http://127.0.0.1:8080".into(),
            instance: instance.into(),
            challenge_key: Arc::default(),
            refusals: Arc::default(),
        }
    }

    /// The key every server signs challenges with, made by the first that needs it.
    pub(crate) async fn challenge_key(&self) -> ServiceResult<[u8; 32]> {
        let key = self
            .challenge_key
            .get_or_try_init(|| async {
                let mut candidate = [0u8; 32];
                rand::RngCore::fill_bytes(&mut rand::rng(), &mut candidate);
                let mut tx = self.db.begin().await?;
                let stored = lumbung_store::secrets::get_or_insert(
                    &mut tx,
                    "complaint_challenge",
                    &hex::encode(candidate),
                    self.clock.now(),
                )
                .await?;
                tx.commit().await?;
                let bytes = hex::decode(&stored).map_err(ServiceError::internal)?;
                <[u8; 32]>::try_from(bytes.as_slice()).map_err(ServiceError::internal)
            })
            .await?;
        Ok(*key)
    }
}

/// Who is calling: the actor with their grants, and the label the audit log records.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    /// The user's e-mail address, or `system` for the command line and the demo loader.
    pub label: String,
    pub name: String,
}

impl Caller {
    pub fn system() -> Self {
        Self {
            actor: Actor::System,
            label: "system".into(),
            name: "Sistem".into(),
        }
    }

    /// Nobody signed in: may read what is public.
    pub fn anonymous() -> Self {
        Self {
            actor: Actor::Anonymous,
            label: "anonymous".into(),
            name: "Tamu".into(),
        }
    }

    pub fn user_id(&self) -> Option<Uuid> {
        self.actor.user_id()
    }

    /// Year-wide and nation-wide settings (rubrics, the reporting window, the region list)
    /// belong to national admins.
    pub fn require_national_admin(&self) -> ServiceResult<()> {
        if self
            .actor
            .is_admin_of(&lumbung_domain::region::RegionCode::nation())
        {
            Ok(())
        } else {
            Err(ServiceError::forbidden())
        }
    }

    pub fn is_signed_in(&self) -> bool {
        !matches!(self.actor, Actor::Anonymous)
    }
}
