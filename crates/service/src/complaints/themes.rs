//! Closing the loop from problems to innovations: a complaint theme (a category in a region,
//! optionally one tag) is linked to the innovation that answers it; a region sees the themes
//! that keep coming back with no innovation yet; an innovation shows the problems it answers.

use chrono::Duration;
use lumbung_domain::FieldErrors;
use lumbung_domain::affair::Affair;
use lumbung_domain::complaint::{RecurringTheme, ThemeSample, normalise_tags, recurring_themes};
use lumbung_domain::region::RegionCode;
use lumbung_store::complaints::{self as store, NewThemeLink, ThemeLinkRecord};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::{App, Caller, ServiceError, ServiceResult, audit};

/// A theme counts as recurring from this many complaints in the window.
pub const RECURRING_MIN: usize = 3;
/// The window recurring themes are counted over, in days.
pub const RECURRING_DAYS: i64 = 365;

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct ThemeLinkInput {
    pub region_code: String,
    pub category: String,
    #[serde(default)]
    pub tag: Option<String>,
    pub innovation_id: Uuid,
    #[serde(default)]
    pub note: Option<String>,
}

/// Links a theme of a region to the innovation that answers it: for the region's admins. The
/// innovation may be any the caller can see, its own or one it replicates.
pub async fn link(app: &App, caller: &Caller, input: &ThemeLinkInput) -> ServiceResult<Uuid> {
    let mut errors = FieldErrors::new();
    let region = RegionCode::parse(&input.region_code).unwrap_or_else(|message| {
        errors.add("region_code", message);
        RegionCode::nation()
    });
    let category = Affair::parse(&input.category)
        .map(|affair| affair.code)
        .unwrap_or_else(|message| {
            errors.add("category", message);
            ""
        });
    let tag = match input
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => None,
        Some(text) => match normalise_tags(&[text]) {
            Ok(tags) if tags.len() == 1 => tags.into_iter().next(),
            Ok(_) => {
                errors.add("tag", "satu tag saja");
                None
            }
            Err(message) => {
                errors.add("tag", message);
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    if !super::desk::administers(caller, &region) {
        return Err(ServiceError::forbidden());
    }
    let mut conn = app.db.begin().await?;
    let innovation = lumbung_store::innovations::get(&mut conn, input.innovation_id)
        .await
        .map_err(|_| FieldErrors::single("innovation_id", "inovasi tidak ditemukan"))?;
    if !caller.actor.can_read_innovation(
        &innovation.region.code,
        innovation.agency.id,
        innovation.status,
    ) {
        return Err(FieldErrors::single("innovation_id", "inovasi tidak ditemukan").into());
    }
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let id = store::insert_theme_link(
        &mut conn,
        &NewThemeLink {
            region_code: &region,
            category,
            tag: tag.as_deref(),
            innovation_id: input.innovation_id,
            note,
            created_by: caller.user_id(),
        },
    )
    .await?;
    audit::record(
        &mut conn,
        caller,
        "link_theme",
        "theme_link",
        &id.to_string(),
        Some(region.as_str()),
        json!({"category": category, "tag": tag, "innovation": input.innovation_id}),
    )
    .await?;
    conn.commit().await?;
    Ok(id)
}

pub async fn unlink(app: &App, caller: &Caller, id: Uuid) -> ServiceResult<()> {
    let mut conn = app.db.begin().await?;
    let link = store::get_theme_link(&mut conn, id)
        .await
        .map_err(|_| ServiceError::NotFound("tautan tema"))?;
    if !caller.actor.is_admin_of(&link.region_code) {
        return Err(ServiceError::forbidden());
    }
    store::delete_theme_link(&mut conn, id).await?;
    audit::record(
        &mut conn,
        caller,
        "unlink_theme",
        "theme_link",
        &id.to_string(),
        Some(link.region_code.as_str()),
        json!({"category": link.category, "tag": link.tag, "innovation": link.innovation_id}),
    )
    .await?;
    conn.commit().await?;
    Ok(())
}

/// The themes of a region: the links that answer them and the recurring ones with no
/// innovation yet.
#[derive(Debug, Clone, Serialize)]
pub struct RegionThemes {
    pub region: RegionCode,
    pub since_days: i64,
    pub min_count: usize,
    pub unanswered: Vec<RecurringTheme>,
    pub links: Vec<ThemeLinkRecord>,
}

/// Counted over the last [`RECURRING_DAYS`] days at the clock's now, rejected complaints left
/// out. Aggregates only, for the region's admins and verifiers.
pub async fn of_region(
    app: &App,
    caller: &Caller,
    region: &RegionCode,
) -> ServiceResult<RegionThemes> {
    if !(caller.actor.is_admin_of(region) || caller.actor.is_verifier_of(region)) {
        return Err(ServiceError::forbidden());
    }
    let mut conn = app.db.read().await?;
    let links = store::list_theme_links(&mut conn, None, Some(region)).await?;
    let unanswered = unanswered(&mut conn, region, &links, app.clock.now()).await?;
    Ok(RegionThemes {
        region: region.clone(),
        since_days: RECURRING_DAYS,
        min_count: RECURRING_MIN,
        unanswered,
        links,
    })
}

/// The region's themes met at least [`RECURRING_MIN`] times in the last [`RECURRING_DAYS`]
/// days before `now` that none of `links` (the region's theme links) answers.
pub(crate) async fn unanswered(
    conn: &mut lumbung_store::Conn,
    region: &RegionCode,
    links: &[ThemeLinkRecord],
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<Vec<RecurringTheme>> {
    let since = now - Duration::days(RECURRING_DAYS);
    let samples = store::theme_samples(conn, region, since).await?;
    let views: Vec<ThemeSample<'_>> = samples
        .iter()
        .map(|(category, tags)| ThemeSample { category, tags })
        .collect();
    Ok(recurring_themes(&views, RECURRING_MIN, |category, tag| {
        links
            .iter()
            .any(|link| link.category == category && link.tag.as_deref() == tag)
    }))
}

/// The problems an innovation answers, for its public page: the complaint themes linked to
/// it (no complaint's content, only the theme) and the forum agreements it carries out.
#[derive(Debug, Clone, Serialize)]
pub struct Problems {
    pub themes: Vec<ThemeLinkRecord>,
    pub agreements: Vec<crate::consultations::AnsweredAgreement>,
}

pub async fn problems_of(app: &App, innovation: Uuid) -> ServiceResult<Problems> {
    let mut conn = app.db.read().await?;
    Ok(Problems {
        themes: store::list_theme_links(&mut conn, Some(innovation), None).await?,
        agreements: crate::consultations::answered_by(&mut conn, innovation).await?,
    })
}
