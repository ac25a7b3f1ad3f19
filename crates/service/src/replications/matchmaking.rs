//! Suggestions of innovations worth replicating for a region, from the registry, the index
//! and the replications on record (`lumbung_domain::replication::matchmaking` scores them).
//! Complaint themes join once complaints exist (issue 7).

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use lumbung_domain::affair::AFFAIRS;
use lumbung_domain::index::Aspect;
use lumbung_domain::innovation::Status;
use lumbung_domain::permission::ReadScope;
use lumbung_domain::region::RegionCode;
use lumbung_domain::replication::{
    Candidate, RegionNeeds, Suggestion, WEAK_BELOW, WeakIndicator, suggest,
};
use lumbung_store::assessments::{self as assessments_store, REGION_SUBJECT};
use lumbung_store::innovations::{self, InnovationFilter};
use lumbung_store::replications::{self as store, CaseFilter};
use lumbung_store::{Conn, Paging, regions};
use uuid::Uuid;

use crate::{App, Caller, ServiceError, ServiceResult};

/// Average SID level per indicator of a region's assessment of `year`, and each innovation's
/// levels.
async fn sid_levels(
    conn: &mut Conn,
    region: &RegionCode,
    year: i32,
) -> ServiceResult<BTreeMap<String, BTreeMap<String, u8>>> {
    let Some(assessment) = assessments_store::find(conn, region, year).await? else {
        return Ok(BTreeMap::new());
    };
    let mut by_innovation: BTreeMap<String, BTreeMap<String, u8>> = BTreeMap::new();
    for answer in assessments_store::answers(conn, assessment.id).await? {
        if answer.subject == REGION_SUBJECT {
            continue;
        }
        by_innovation
            .entry(answer.subject.clone())
            .or_default()
            .insert(
                answer.indicator.clone(),
                u8::try_from(answer.level).unwrap_or_default(),
            );
    }
    Ok(by_innovation)
}

/// Whether the caller looks for innovations to replicate on behalf of `region`: its admins.
pub fn may_suggest_for(caller: &Caller, region: &RegionCode) -> bool {
    caller.actor.is_admin_of(region)
}

/// [`suggestions`] for a region the caller administers (the officers' page); anyone else is
/// refused.
pub async fn suggestions_for_admin(
    app: &App,
    caller: &Caller,
    region: &RegionCode,
    limit: usize,
) -> ServiceResult<Vec<Suggestion>> {
    if !may_suggest_for(caller, region) {
        return Err(ServiceError::Forbidden(
            "saran replikasi hanya untuk wilayah yang Anda kelola".into(),
        ));
    }
    suggestions(app, caller, region.as_str(), limit).await
}

/// Up to `limit` suggestions for `region`, each with its reasons. Self-assessment levels are
/// not public before the year's results are: until then only the region's own people see
/// reasons drawn from its levels, and only national staff those drawn from other regions'.
pub async fn suggestions(
    app: &App,
    caller: &Caller,
    region: &str,
    limit: usize,
) -> ServiceResult<Vec<Suggestion>> {
    let region = RegionCode::parse(region).map_err(ServiceError::BadInput)?;
    let mut conn = app.db.read().await?;
    if !regions::exists(&mut conn, &region).await? {
        return Err(ServiceError::NotFound("wilayah"));
    }
    let year = super::today_in(&region).year();
    let results_public = assessments_store::get_year(&mut conn, year)
        .await?
        .published;
    let national = caller.actor.read_scope().all;
    let own_levels_visible = results_public || national || caller.actor.can_see_region(&region);
    let others_levels_visible = results_public || national;
    // Without a rubric for the year (or without the right to see the levels), weak
    // indicators are left out.
    let rubric = if own_levels_visible {
        crate::assessments::rubric_for(&mut conn, year).await.ok()
    } else {
        None
    };
    let published = InnovationFilter {
        status: Some(Status::Published),
        ..Default::default()
    };
    let all = innovations::list(&mut conn, &published, &ReadScope::default(), Paging::all())
        .await?
        .items;

    // The region's own innovations: which basic-service affairs they cover.
    let own_affairs: BTreeSet<String> = all
        .iter()
        .filter(|i| region.covers(&i.region.code))
        .filter_map(|i| i.profile.main_affair.clone())
        .collect();
    let affairs_without_innovation = AFFAIRS
        .iter()
        .filter(|affair| affair.basic_service && !own_affairs.contains(affair.code))
        .map(|affair| (affair.code.to_owned(), affair.name.to_owned()))
        .collect();

    // Its weakest innovation indicators this year.
    let own_levels = sid_levels(&mut conn, &region, year).await?;
    let mut sums: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for levels in own_levels.values() {
        for (indicator, level) in levels {
            let entry = sums.entry(indicator.clone()).or_default();
            entry.0 += u32::from(*level);
            entry.1 += 1;
        }
    }
    let weak_indicators: Vec<WeakIndicator> = sums
        .into_iter()
        .filter_map(|(code, (sum, n))| {
            let indicator = rubric.as_ref()?.indicator(Aspect::Sid, &code)?;
            Some(WeakIndicator {
                name: indicator.name.clone(),
                code,
                average_level: f64::from(sum) / f64::from(n.max(1)),
            })
        })
        .collect();

    let involving = store::list_cases(
        &mut conn,
        &CaseFilter {
            adopter: Some(region.clone()),
            ..Default::default()
        },
    )
    .await?;
    let already_replicating = involving
        .iter()
        .filter(|case| case.status != "rejected")
        .map(|case| case.innovation_id)
        .collect();

    // Candidates: published innovations of other regions, with their proven replications and
    // their levels on the region's weak indicators, each read in one query.
    let weak_codes: Vec<String> = weak_indicators
        .iter()
        .filter(|weak: &&WeakIndicator| weak.average_level < WEAK_BELOW)
        .map(|weak| weak.code.clone())
        .collect();
    let mut levels: BTreeMap<String, BTreeMap<String, u8>> = BTreeMap::new();
    let others = if others_levels_visible {
        assessments_store::innovation_levels(&mut conn, year, &weak_codes).await?
    } else {
        Vec::new()
    };
    for (subject, indicator, level) in others {
        levels
            .entry(subject)
            .or_default()
            .insert(indicator, u8::try_from(level).unwrap_or_default());
    }
    let replicated: BTreeMap<Uuid, usize> = store::verified_adopter_counts(&mut conn)
        .await?
        .into_iter()
        .map(|(id, count)| (id, usize::try_from(count).unwrap_or_default()))
        .collect();
    let candidates: Vec<Candidate> = all
        .into_iter()
        .filter(|i| !region.covers(&i.region.code))
        .map(|innovation| Candidate {
            id: innovation.id,
            description: format!(
                "{} {} {}",
                innovation.profile.name, innovation.profile.goals, innovation.profile.benefits
            ),
            indicator_levels: levels
                .get(&innovation.id.to_string())
                .cloned()
                .unwrap_or_default(),
            replicated_by: replicated.get(&innovation.id).copied().unwrap_or(0),
            name: innovation.profile.name,
            region: innovation.region.code,
            region_name: innovation.region.name,
            main_affair: innovation.profile.main_affair,
            awards: innovation.awards.len(),
        })
        .collect();
    let complaint_themes = unanswered_tags(&mut conn, &region, app.clock.now()).await?;
    let needs = RegionNeeds {
        region: Some(region),
        affairs_without_innovation,
        weak_indicators,
        complaint_themes,
        already_replicating,
    };
    Ok(suggest(&needs, &candidates, limit))
}

/// The tags of the region's recurring complaint themes that no innovation answers yet: the
/// words a candidate's description is matched against.
async fn unanswered_tags(
    conn: &mut lumbung_store::Conn,
    region: &RegionCode,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<Vec<String>> {
    let links = lumbung_store::complaints::list_theme_links(conn, None, Some(region)).await?;
    let themes = crate::complaints::themes::unanswered(conn, region, &links, now).await?;
    Ok(themes.into_iter().filter_map(|theme| theme.tag).collect())
}

/// The ids of innovations a region replicates, for the innovation page's "replicated by".
pub async fn replicated_innovations(app: &App, region: &RegionCode) -> ServiceResult<Vec<Uuid>> {
    let mut conn = app.db.read().await?;
    Ok(store::list_cases(
        &mut conn,
        &CaseFilter {
            adopter: Some(region.clone()),
            ..Default::default()
        },
    )
    .await?
    .into_iter()
    .map(|case| case.innovation_id)
    .collect())
}
