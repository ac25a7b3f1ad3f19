//! Accounts, their role grants, sessions, API tokens and sign-in attempts.
//!
//! Session ids and tokens arrive here already hashed; the store never sees a secret.

use chrono::{DateTime, Utc};
use lumbung_domain::permission::{Grant, Role};
use lumbung_domain::region::RegionCode;
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::{Conn, time};

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct UserRow {
    id: String,
    email: String,
    name: String,
    password_hash: String,
    disabled: i64,
    created_at: String,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(row: UserRow) -> StoreResult<User> {
        Ok(User {
            id: parse_id(&row.id)?,
            email: row.email,
            name: row.name,
            password_hash: row.password_hash,
            disabled: row.disabled != 0,
            created_at: time::parse(&row.created_at)?,
        })
    }
}

pub(crate) fn parse_id(text: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(text).map_err(StoreError::corrupt)
}

const USER_COLUMNS: &str =
    "id, email, name, password_hash, CASE WHEN disabled THEN 1 ELSE 0 END AS disabled, created_at";

pub async fn insert(
    conn: &mut Conn,
    email: &str,
    name: &str,
    password_hash: &str,
) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO users (id, email, name, password_hash, disabled, created_at) \
         VALUES ($1, $2, $3, $4, FALSE, $5)",
    )
    .bind(id.to_string())
    .bind(email.to_owned())
    .bind(name.to_owned())
    .bind(password_hash.to_owned())
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn count(conn: &mut Conn) -> StoreResult<i64> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
        .fetch_one(conn)
        .await?;
    Ok(count)
}

pub async fn get(conn: &mut Conn, id: Uuid) -> StoreResult<User> {
    let row: UserRow = sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    row.try_into()
}

pub async fn find_by_email(conn: &mut Conn, email: &str) -> StoreResult<Option<User>> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
    ))
    .bind(email.to_owned())
    .fetch_optional(conn)
    .await?;
    row.map(User::try_from).transpose()
}

pub async fn set_password(conn: &mut Conn, id: Uuid, password_hash: &str) -> StoreResult<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash.to_owned())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn list(conn: &mut Conn) -> StoreResult<Vec<User>> {
    let rows: Vec<UserRow> =
        sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY email"))
            .fetch_all(conn)
            .await?;
    rows.into_iter().map(User::try_from).collect()
}

pub async fn add_grant(conn: &mut Conn, user_id: Uuid, grant: &Grant) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO role_grants (id, user_id, role, region_code, agency_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(user_id.to_string())
    .bind(grant.role.code())
    .bind(grant.region.as_str().to_owned())
    .bind(grant.agency_id.map(|id| id.to_string()))
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn grants(conn: &mut Conn, user_id: Uuid) -> StoreResult<Vec<Grant>> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT role, region_code, agency_id FROM role_grants WHERE user_id = $1 ORDER BY created_at",
    )
    .bind(user_id.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(role, region, agency)| {
            Ok(Grant {
                role: Role::from_code(&role)
                    .ok_or_else(|| StoreError::corrupt(format!("role {role}")))?,
                region: RegionCode::parse(&region).map_err(StoreError::corrupt)?,
                agency_id: agency.as_deref().map(parse_id).transpose()?,
            })
        })
        .collect()
}

/// A stored session: who, its CSRF token, and until when.
#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: Uuid,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert_session(
    conn: &mut Conn,
    id_hash: &str,
    user_id: Uuid,
    csrf_token: &str,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id_hash.to_owned())
    .bind(user_id.to_string())
    .bind(csrf_token.to_owned())
    .bind(time::now_text())
    .bind(time::to_text(expires_at))
    .execute(conn)
    .await?;
    Ok(())
}

/// The session with this id hash, if it has not expired.
pub async fn find_session(conn: &mut Conn, id_hash: &str) -> StoreResult<Option<Session>> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT user_id, csrf_token, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2",
    )
    .bind(id_hash.to_owned())
    .bind(time::now_text())
    .fetch_optional(conn)
    .await?;
    row.map(|(user_id, csrf_token, expires_at)| {
        Ok(Session {
            user_id: parse_id(&user_id)?,
            csrf_token,
            expires_at: time::parse(&expires_at)?,
        })
    })
    .transpose()
}

pub async fn delete_session(conn: &mut Conn, id_hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash.to_owned())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_expired_sessions(conn: &mut Conn) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(time::now_text())
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Forgets sign-in and filing attempts older than `before`, which count toward no limit.
pub async fn delete_attempts_before(
    conn: &mut Conn,
    before: chrono::DateTime<chrono::Utc>,
) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM login_attempts WHERE at < $1")
        .bind(time::to_text(before))
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

pub async fn insert_token(
    conn: &mut Conn,
    user_id: Uuid,
    name: &str,
    token_hash: &str,
) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id.to_string())
    .bind(user_id.to_string())
    .bind(name.to_owned())
    .bind(token_hash.to_owned())
    .bind(time::now_text())
    .execute(conn)
    .await?;
    Ok(id)
}

/// The owner of an unrevoked token with this hash.
pub async fn find_token_user(conn: &mut Conn, token_hash: &str) -> StoreResult<Option<Uuid>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(token_hash.to_owned())
    .fetch_optional(conn)
    .await?;
    row.map(|(id,)| parse_id(&id)).transpose()
}

/// Records a failed sign-in for `key` (an e-mail address or a client address).
pub async fn record_login_failure(conn: &mut Conn, key: &str) -> StoreResult<()> {
    record_attempt(conn, key, chrono::Utc::now()).await
}

/// Records an attempt counted against a limit (a failed sign-in, a filed complaint, a wrong
/// PIN) at `at`; [`count_login_failures`] counts them.
pub async fn record_attempt(conn: &mut Conn, key: &str, at: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query("INSERT INTO login_attempts (key, at) VALUES ($1, $2)")
        .bind(key.to_owned())
        .bind(time::to_text(at))
        .execute(conn)
        .await?;
    Ok(())
}

/// Failed sign-ins for `key` since `since`.
pub async fn count_login_failures(
    conn: &mut Conn,
    key: &str,
    since: DateTime<Utc>,
) -> StoreResult<i64> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM login_attempts WHERE key = $1 AND at > $2")
            .bind(key.to_owned())
            .bind(time::to_text(since))
            .fetch_one(conn)
            .await?;
    Ok(count)
}

/// Counts one more attempt under `key` unless `max` were made since `since`, in the caller's
/// write transaction; whether it was counted. The row lock on the key's counter makes
/// parallel attempts (on several servers too) wait for each other, so no more than `max`
/// get through a limit of `max`.
pub async fn reserve_attempt(
    conn: &mut Conn,
    key: &str,
    since: DateTime<Utc>,
    at: DateTime<Utc>,
    max: i64,
) -> StoreResult<bool> {
    sqlx::query(
        "INSERT INTO counters (name, value) VALUES ($1, 1) \
         ON CONFLICT (name) DO UPDATE SET value = counters.value + 1",
    )
    .bind(format!("attempts:{key}"))
    .execute(&mut *conn)
    .await?;
    if count_login_failures(conn, key, since).await? >= max {
        return Ok(false);
    }
    record_attempt(conn, key, at).await?;
    Ok(true)
}

pub async fn clear_login_failures(conn: &mut Conn, key: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM login_attempts WHERE key = $1")
        .bind(key.to_owned())
        .execute(conn)
        .await?;
    Ok(())
}
