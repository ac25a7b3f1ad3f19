//! Accounts, sign-in, sessions and API tokens.
//!
//! Passwords are hashed with argon2id. Session ids and API tokens are random 256-bit values
//! given to the client once; only their SHA-256 hashes are stored.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{Duration, Utc};
use lumbung_domain::FieldErrors;
use lumbung_domain::permission::{Actor, Grant, Role, separation_conflict};
use lumbung_domain::region::RegionCode;
use lumbung_domain::user::{Email, check_new_password};
use lumbung_store::users;
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// How long a session lasts: a working day and a bit.
pub const SESSION_HOURS: i64 = 12;
/// Failed sign-ins allowed per e-mail address (and, ten times over, per client address) in
/// the window below.
const MAX_FAILURES: i64 = 5;
const FAILURE_WINDOW_MINUTES: i64 = 15;

fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Hashes a password with argon2id off the async threads.
pub async fn hash_password(password: &str) -> ServiceResult<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        let salt = SaltString::encode_b64(&salt).map_err(ServiceError::internal)?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(ServiceError::internal)
    })
    .await
    .map_err(ServiceError::internal)?
}

pub(crate) async fn verify_password(password: &str, hash: &str) -> bool {
    let password = password.to_owned();
    let hash = hash.to_owned();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A new session: the secret for the cookie and the token forms must carry.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub secret: String,
    pub csrf_token: String,
    pub caller: Caller,
}

/// Failed sign-ins from one address in the window after which each further sign-in from it
/// waits [`SLOW_DOWN`]: an office or a load balancer's address is shared, so it only slows.
const CLIENT_SLOW_AFTER: i64 = MAX_FAILURES * 10;
const SLOW_DOWN: std::time::Duration = std::time::Duration::from_secs(1);

/// Signs in with e-mail and password. The account allows [`MAX_FAILURES`] failures in
/// [`FAILURE_WINDOW_MINUTES`], each try counted before the password is checked; many
/// failures from one `client` address slow it down but never lock out another account.
/// Failures and refusals are in the audit log, with the address, never the password.
pub async fn sign_in(
    app: &App,
    email: &str,
    password: &str,
    client: &str,
) -> ServiceResult<NewSession> {
    let email = email.trim().to_lowercase();
    let email_key = format!("email:{email}");
    let client_key = format!("client:{client}");
    let since = Utc::now() - Duration::minutes(FAILURE_WINDOW_MINUTES);
    let mut tx = app.db.begin().await?;
    let reserved =
        users::reserve_attempt(&mut tx, &email_key, since, Utc::now(), MAX_FAILURES).await?;
    let from_client = users::count_login_failures(&mut tx, &client_key, since).await?;
    if !reserved {
        security_event(&mut tx, "sign_in_rate_limited", &email, client).await?;
    }
    tx.commit().await?;
    if !reserved {
        return Err(ServiceError::RateLimited {
            minutes: FAILURE_WINDOW_MINUTES as u32,
        });
    }
    if from_client >= CLIENT_SLOW_AFTER {
        tokio::time::sleep(SLOW_DOWN).await;
    }
    let mut conn = app.db.read().await?;
    let user = users::find_by_email(&mut conn, &email).await?;
    drop(conn);
    let verified = match &user {
        Some(user) if !user.disabled => verify_password(password, &user.password_hash).await,
        _ => {
            // Spend the same time as a real check, so timing does not tell who has an account.
            let _ = hash_password(password).await;
            false
        }
    };
    let Some(user) = user.filter(|_| verified) else {
        // The account's try was counted above; the address's is counted now.
        let mut tx = app.db.begin().await?;
        users::record_login_failure(&mut tx, &client_key).await?;
        security_event(&mut tx, "sign_in_failed", &email, client).await?;
        tx.commit().await?;
        return Err(ServiceError::Forbidden(
            "surel atau kata sandi salah".into(),
        ));
    };

    let secret = random_secret();
    let csrf_token = random_secret();
    let mut tx = app.db.begin().await?;
    users::clear_login_failures(&mut tx, &email_key).await?;
    users::insert_session(
        &mut tx,
        &hash_secret(&secret),
        user.id,
        &csrf_token,
        Utc::now() + Duration::hours(SESSION_HOURS),
    )
    .await?;
    let grants = users::grants(&mut tx, user.id).await?;
    let caller = Caller {
        actor: Actor::User {
            id: user.id,
            grants,
        },
        label: user.email.clone(),
        name: user.name.clone(),
    };
    audit::record(
        &mut tx,
        &caller,
        "sign_in",
        "user",
        &user.id.to_string(),
        None,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(NewSession {
        secret,
        csrf_token,
        caller,
    })
}

/// A security event for the audit log: what happened to which account name, from where.
async fn security_event(
    conn: &mut lumbung_store::Conn,
    action: &str,
    email: &str,
    client: &str,
) -> ServiceResult<()> {
    audit::record(
        conn,
        &Caller::system(),
        action,
        "user",
        email,
        None,
        serde_json::json!({"client": client}),
    )
    .await
}

async fn caller_for(app: &App, user_id: Uuid) -> ServiceResult<Option<Caller>> {
    let mut conn = app.db.read().await?;
    let user = users::get(&mut conn, user_id).await?;
    if user.disabled {
        return Ok(None);
    }
    let grants = users::grants(&mut conn, user_id).await?;
    Ok(Some(Caller {
        actor: Actor::User {
            id: user.id,
            grants,
        },
        label: user.email,
        name: user.name,
    }))
}

/// The caller of a session cookie and the session's CSRF token, if the session is live.
pub async fn session(app: &App, secret: &str) -> ServiceResult<Option<(Caller, String)>> {
    let mut conn = app.db.read().await?;
    let Some(session) = users::find_session(&mut conn, &hash_secret(secret)).await? else {
        return Ok(None);
    };
    drop(conn);
    Ok(caller_for(app, session.user_id)
        .await?
        .map(|caller| (caller, session.csrf_token)))
}

pub async fn sign_out(app: &App, secret: &str) -> ServiceResult<()> {
    let mut tx = app.db.begin().await?;
    users::delete_session(&mut tx, &hash_secret(secret)).await?;
    tx.commit().await?;
    Ok(())
}

/// The caller of an API token (`Authorization: Bearer …`).
pub async fn bearer(app: &App, token: &str) -> ServiceResult<Option<Caller>> {
    let mut conn = app.db.read().await?;
    let Some(user_id) = users::find_token_user(&mut conn, &hash_secret(token)).await? else {
        return Ok(None);
    };
    drop(conn);
    caller_for(app, user_id).await
}

/// A role to grant, as a caller writes it.
#[derive(Debug, Clone)]
pub struct GrantInput {
    pub role: String,
    pub region: String,
    pub agency_id: Option<Uuid>,
}

fn parse_grant(input: &GrantInput) -> Result<Grant, String> {
    let role = Role::from_code(input.role.trim())
        .ok_or_else(|| format!("peran \"{}\" tidak dikenal", input.role))?;
    let region = RegionCode::parse(&input.region)?;
    Grant::new(role, region, input.agency_id)
}

/// Creates an account with its roles. The caller must be allowed to grant each role.
pub async fn add_user(
    app: &App,
    caller: &Caller,
    email: &str,
    name: &str,
    password: &str,
    grants: &[GrantInput],
) -> ServiceResult<Uuid> {
    let mut errors = FieldErrors::new();
    let email = Email::parse(email).map_err(|e| errors.add("email", e)).ok();
    if name.trim().is_empty() {
        errors.add("name", "nama wajib diisi");
    }
    if let Err(e) = check_new_password(password) {
        errors.add("password", e);
    }
    let mut parsed = Vec::new();
    for input in grants {
        match parse_grant(input) {
            Ok(grant) => parsed.push(grant),
            Err(e) => errors.add("roles", e),
        }
    }
    if let Some(conflict) = separation_conflict(&parsed) {
        errors.add("roles", conflict);
    }
    let email = errors
        .into_result(email)?
        .ok_or_else(|| ServiceError::internal("email"))?;
    if !parsed.iter().all(|grant| caller.actor.can_grant(grant)) {
        return Err(ServiceError::forbidden());
    }
    let hash = hash_password(password).await?;
    let mut tx = app.db.begin().await?;
    for grant in &parsed {
        if !lumbung_store::regions::exists(&mut tx, &grant.region).await? {
            return Err(ServiceError::Validation(FieldErrors::single(
                "roles",
                format!("wilayah {} belum terdaftar", grant.region),
            )));
        }
        if let Some(agency_id) = grant.agency_id {
            let agency = lumbung_store::agencies::get(&mut tx, agency_id)
                .await
                .map_err(|_| ServiceError::NotFound("perangkat daerah"))?;
            if agency.region_code != grant.region {
                return Err(ServiceError::Validation(FieldErrors::single(
                    "roles",
                    "perangkat daerah tidak berada di wilayah peran",
                )));
            }
        }
    }
    if users::find_by_email(&mut tx, email.as_str())
        .await?
        .is_some()
    {
        return Err(ServiceError::Conflict(format!(
            "surel {} sudah terdaftar",
            email.as_str()
        )));
    }
    let id = users::insert(&mut tx, email.as_str(), name.trim(), &hash).await?;
    for grant in &parsed {
        users::add_grant(&mut tx, id, grant).await?;
    }
    let roles: Vec<String> = parsed
        .iter()
        .map(|g| format!("{}@{}", g.role.code(), g.region))
        .collect();
    audit::record(
        &mut tx,
        caller,
        "create",
        "user",
        &id.to_string(),
        parsed.first().map(|g| g.region.as_str()),
        serde_json::json!({"email": email.as_str(), "name": name.trim(), "roles": roles}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates an API token for the user with this e-mail address; the token is shown once.
pub async fn create_token(
    app: &App,
    caller: &Caller,
    email: &str,
    name: &str,
) -> ServiceResult<String> {
    let mut tx = app.db.begin().await?;
    let user = users::find_by_email(&mut tx, &email.trim().to_lowercase())
        .await?
        .ok_or(ServiceError::NotFound("pengguna"))?;
    if caller.user_id() != Some(user.id) && !matches!(caller.actor, Actor::System) {
        return Err(ServiceError::forbidden());
    }
    let token = format!("lbg_{}", random_secret());
    let id = users::insert_token(&mut tx, user.id, name, &hash_secret(&token)).await?;
    audit::record(
        &mut tx,
        caller,
        "create",
        "api_token",
        &id.to_string(),
        None,
        serde_json::json!({"user": user.email, "name": name}),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// When no account exists yet, creates the first national admin. Returns what happened so
/// the command line can tell the operator how to sign in.
pub async fn ensure_first_admin(
    app: &App,
    email: Option<&str>,
    password: Option<&str>,
) -> ServiceResult<FirstAdmin> {
    let mut conn = app.db.read().await?;
    if users::count(&mut conn).await? > 0 {
        return Ok(FirstAdmin::Existing);
    }
    drop(conn);
    let email = email.unwrap_or("admin@lumbung.local").to_owned();
    let (password, generated) = match password {
        Some(password) => (password.to_owned(), false),
        None => (random_secret()[..20].to_owned(), true),
    };
    add_user(
        app,
        &Caller::system(),
        &email,
        "Admin Nasional",
        &password,
        &[GrantInput {
            role: Role::NationalAdmin.code().into(),
            region: RegionCode::nation().to_string(),
            agency_id: None,
        }],
    )
    .await?;
    Ok(FirstAdmin::Created {
        email,
        password: generated.then_some(password),
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstAdmin {
    Existing,
    /// `password` is set when it was generated and must be shown once.
    Created {
        email: String,
        password: Option<String>,
    },
}
