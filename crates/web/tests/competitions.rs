//! A whole competition through the API, as a province runs it: set-up, 30 proposals from
//! five kabupaten/kota, eligibility refusals, the administrative check with rejections, six
//! jurors of whom two belong to proposing regions, conflict-free assignment, a declared
//! conflict, blind desk scores, the shortlist, an upheld objection, interviews, the final
//! Top 5, published results, certificates and their verification, the winners proposed into
//! the national competition in one step, and an audited reopening.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use common::{PASSWORD, add_region, call, get, send};
use lumbung_service::agencies::{self, AgencyInput};
use lumbung_service::auth::{self, GrantInput};
use lumbung_service::{App, Caller};
use serde_json::{Value, json};
use uuid::Uuid;

const REGENCIES: [(&str, &str); 5] = [
    ("64.01", "Kabupaten Paser"),
    ("64.02", "Kabupaten Kutai Barat"),
    ("64.03", "Kabupaten Kutai Kartanegara"),
    ("64.71", "Kota Balikpapan"),
    ("64.72", "Kota Samarinda"),
];

/// Today in Kalimantan Timur (WITA), where most of these competitions are run.
fn today() -> NaiveDate {
    lumbung_service::clock::local_day(
        &lumbung_service::domain::region::RegionCode::parse("64").unwrap(),
        Utc::now(),
    )
}

fn words(n: usize) -> String {
    (0..n)
        .map(|i| format!("kata{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

async fn user(app: &App, email: &str, grants: &[(&str, &str)]) -> (Uuid, String) {
    let grants: Vec<GrantInput> = grants
        .iter()
        .map(|(role, region)| GrantInput {
            role: (*role).into(),
            region: (*region).into(),
            agency_id: None,
        })
        .collect();
    let id = auth::add_user(app, &Caller::system(), email, email, PASSWORD, &grants)
        .await
        .unwrap();
    let token = auth::create_token(app, &Caller::system(), email, "t")
        .await
        .unwrap();
    (id, token)
}

use common::add_innovation as innovation;

fn proposal_body(innovation: Uuid, category: &str, ringkasan_words: usize) -> Value {
    json!({
        "innovation_id": innovation,
        "group": "umum",
        "category": category,
        "sections": {
            "ringkasan": words(ringkasan_words),
            "kebaruan": words(300),
            "signifikansi": words(300),
            "adaptabilitas": words(200),
            "keberlanjutan": words(300),
        },
        "attachments": [
            {"code": "standar_pelayanan", "url": "https://jdih.example.go.id/sp.pdf"},
            {"code": "maklumat_pelayanan", "url": "https://jdih.example.go.id/maklumat.pdf"},
            {"code": "sk_pengelola_pengaduan", "url": "https://jdih.example.go.id/sk.pdf"},
            {"code": "video", "url": "https://video.example.go.id/inovasi"},
        ],
    })
}

/// A juror's five criterion scores averaging `level`.
fn sheet(level: f64) -> Value {
    json!({"scores": {
        "kebaruan": level + 1.0,
        "efektivitas": level - 1.0,
        "manfaat": level,
        "adaptabilitas": level + 2.0,
        "keberlanjutan": level - 2.0,
    }})
}

fn num(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value}"))
}

fn ids(value: &Value) -> Vec<Uuid> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| serde_json::from_value(v["id"].clone()).unwrap())
        .collect()
}

struct World {
    router: axum::Router,
    _db: lumbung_store::testing::TestDb,
    secretariat: String,
    national: String,
    /// Token of each regency's admin, by region code.
    proposers: BTreeMap<&'static str, String>,
    /// Innovations by region: 7 old enough, then one implemented last year.
    innovations: BTreeMap<&'static str, Vec<Uuid>>,
    /// (user id, token, the region they belong to if any) of the six jurors.
    jurors: Vec<(Uuid, String, Option<&'static str>)>,
}

async fn world() -> World {
    let (router, app, db) = common::app().await;
    for (code, name) in REGENCIES {
        add_region(&app, code, name).await;
    }
    let (_, secretariat) = user(
        &app,
        "sekretariat@kaltimprov.go.id",
        &[("province_admin", "64")],
    )
    .await;
    let (_, national) = user(&app, "kipp@menpan.go.id", &[("national_admin", "ID")]).await;
    let mut proposers = BTreeMap::new();
    let mut innovations = BTreeMap::new();
    for (i, (code, name)) in REGENCIES.iter().enumerate() {
        let (_, token) = user(
            &app,
            &format!("admin{i}@pemda.go.id"),
            &[("regency_admin", code)],
        )
        .await;
        proposers.insert(*code, token);
        let agency = agencies::create(
            &app,
            &Caller::system(),
            &AgencyInput {
                region: (*code).into(),
                name: format!("Dinas Kesehatan {name}"),
                kind: None,
            },
        )
        .await
        .unwrap()
        .id;
        let mut list = Vec::new();
        for k in 0..7 {
            list.push(innovation(&app, agency, &format!("Inovasi {k} {name}"), "2021-03-01").await);
        }
        let recent = format!("{}-01-15", today().year() - 1);
        list.push(innovation(&app, agency, &format!("Inovasi baru {name}"), &recent).await);
        innovations.insert(*code, list);
    }
    // Four academics with no tie to a proposing region, one who worked in Paser's regency
    // government until last year, and one who administers Kutai Barat's data now.
    let mut jurors = Vec::new();
    for i in 0..4 {
        let (id, token) = user(&app, &format!("juri{i}@unmul.ac.id"), &[]).await;
        jurors.push((id, token, None));
    }
    let (id, token) = user(&app, "juri4@unmul.ac.id", &[]).await;
    jurors.push((id, token, Some("64.01")));
    let (id, token) = user(&app, "juri5@kubar.go.id", &[("regency_admin", "64.02")]).await;
    jurors.push((id, token, Some("64.02")));
    World {
        router,
        _db: db,
        secretariat,
        national,
        proposers,
        innovations,
        jurors,
    }
}

async fn create_competition(w: &World, scope: &str, token: &str, name: &str) -> Uuid {
    let opens = today() - Duration::days(10);
    let closes = today() + Duration::days(20);
    let (status, mut setup) = call(
        &w.router,
        "GET",
        &format!(
            "/api/v1/competitions/template?scope={scope}&name={}&year={}&registration_opens={opens}&registration_closes={closes}",
            common::url_encode(name),
            today().year()
        ),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    // Six umum proposals per instance; a Top 10 shortlist and a Top 5.
    setup["groups"][0]["quota_per_instance"] = json!(6);
    for round in setup["rounds"].as_array_mut().unwrap() {
        match round["kind"].as_str().unwrap() {
            "panel_shortlist" => round["top_n"] = json!(10),
            "final_decision" => round["top_n"] = json!(5),
            _ => {}
        }
    }
    let (status, body) = call(
        &w.router,
        "POST",
        "/api/v1/competitions",
        Some(token),
        Some(setup),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["current_round"], "administrative_check");
    serde_json::from_value(body["id"].clone()).unwrap()
}

async fn close(w: &World, id: Uuid, kind: &str) -> (StatusCode, Value) {
    call(
        &w.router,
        "POST",
        &format!("/api/v1/competitions/{id}/rounds/{kind}/close"),
        Some(&w.secretariat),
        None,
    )
    .await
}

/// The assignment of a round as (proposal → jurors), read by the secretariat.
async fn assignment(w: &World, id: Uuid, round: &str) -> BTreeMap<Uuid, Vec<Uuid>> {
    let (status, body) = call(
        &w.router,
        "GET",
        &format!("/api/v1/competitions/{id}/assignments?round={round}"),
        Some(&w.secretariat),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                serde_json::from_value(row["proposal_id"].clone()).unwrap(),
                row["jurors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|j| serde_json::from_value(j["user_id"].clone()).unwrap())
                    .collect(),
            )
        })
        .collect()
}

fn related(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

#[tokio::test]
async fn a_whole_competition_runs_through_the_api() {
    let w = world().await;
    let id = create_competition(
        &w,
        "64",
        &w.secretariat,
        "Kompetisi Inovasi Pelayanan Publik Kalimantan Timur",
    )
    .await;
    let proposals_uri = format!("/api/v1/competitions/{id}/proposals");

    // A regency admin may not set up a provincial competition.
    let (status, _) = call(
        &w.router,
        "POST",
        "/api/v1/competitions",
        Some(&w.proposers["64.01"]),
        Some(json!({"name": "x"})),
    )
    .await;
    assert!(
        status == StatusCode::UNPROCESSABLE_ENTITY
            || status == StatusCode::BAD_REQUEST
            || status == StatusCode::FORBIDDEN
    );

    // ---- Proposals: 6 per regency, 30 in all, half kesehatan and half pendidikan.
    let mut region_of: BTreeMap<Uuid, &str> = BTreeMap::new();
    let mut title_of: BTreeMap<Uuid, String> = BTreeMap::new();
    for (code, _) in REGENCIES {
        for (k, innovation) in w.innovations[code][..6].iter().enumerate() {
            let category = if k % 2 == 0 {
                "kesehatan"
            } else {
                "pendidikan"
            };
            let (status, body) = call(
                &w.router,
                "POST",
                &proposals_uri,
                Some(&w.proposers[code]),
                Some(proposal_body(*innovation, category, 150)),
            )
            .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            assert_eq!(body["status"], "submitted");
            // The profile is copied at submission.
            assert_eq!(body["snapshot"]["id"], json!(innovation));
            let pid: Uuid = serde_json::from_value(body["id"].clone()).unwrap();
            region_of.insert(pid, code);
            title_of.insert(pid, body["title"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(region_of.len(), 30);

    // Eligibility: the seventh from one instance exceeds the quota; one implemented last
    // year is too young; a 250-word summary is over its 200-word limit; another region's
    // admin may not propose Paser's innovation; the same innovation twice is refused.
    let paser = &w.innovations["64.01"];
    let (status, body) = call(
        &w.router,
        "POST",
        &proposals_uri,
        Some(&w.proposers["64.01"]),
        Some(proposal_body(paser[6], "kesehatan", 150)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("kuota"), "{body}");
    let (status, body) = call(
        &w.router,
        "POST",
        &proposals_uri,
        Some(&w.proposers["64.02"]),
        Some(proposal_body(w.innovations["64.02"][7], "kesehatan", 150)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.to_string().contains("24 bulan") || body.to_string().contains("diterapkan"),
        "{body}"
    );
    let (status, body) = call(
        &w.router,
        "POST",
        &proposals_uri,
        Some(&w.proposers["64.03"]),
        Some(proposal_body(w.innovations["64.03"][6], "kesehatan", 250)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("200"), "{body}");
    let (status, _) = call(
        &w.router,
        "POST",
        &proposals_uri,
        Some(&w.proposers["64.03"]),
        Some(proposal_body(paser[6], "kesehatan", 150)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &w.router,
        "POST",
        &proposals_uri,
        Some(&w.proposers["64.01"]),
        Some(proposal_body(paser[0], "kesehatan", 150)),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // Nothing refused was stored.
    let (_, all) = call(&w.router, "GET", &proposals_uri, Some(&w.secretariat), None).await;
    assert_eq!(all.as_array().unwrap().len(), 30);
    // A proposer sees their own six only; the public sees none before the shortlist.
    let (_, own) = call(
        &w.router,
        "GET",
        &proposals_uri,
        Some(&w.proposers["64.71"]),
        None,
    )
    .await;
    assert_eq!(own.as_array().unwrap().len(), 6);
    let (_, public) = call(&w.router, "GET", &proposals_uri, None, None).await;
    assert_eq!(public.as_array().unwrap().len(), 0);

    // ---- Administrative check: three rejections with reasons, the rest pass.
    let all_ids: Vec<Uuid> = ids(&all);
    let rejected: Vec<Uuid> = vec![all_ids[1], all_ids[8], all_ids[15]];
    let (status, _) = close(&w, id, "administrative_check").await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "cannot close with undecided proposals"
    );
    let (status, body) = call(
        &w.router,
        "POST",
        &format!("{proposals_uri}/{}/check", rejected[2]),
        Some(&w.secretariat),
        Some(json!({"passed": false, "reasons": ["other"]})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "'other' needs a note: {body}"
    );
    let reasons = [
        json!({"passed": false, "reasons": ["duplicate_title"]}),
        json!({"passed": false, "reasons": ["irrelevant_answers", "incomplete_proposal"]}),
        json!({"passed": false, "reasons": ["other"], "note": "Video tidak dapat diputar."}),
    ];
    for (pid, body) in rejected.iter().zip(reasons) {
        let (status, answer) = call(
            &w.router,
            "POST",
            &format!("{proposals_uri}/{pid}/check"),
            Some(&w.secretariat),
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["status"], "rejected");
    }
    // A proposer may not check proposals.
    let (status, _) = call(
        &w.router,
        "POST",
        &format!("{proposals_uri}/{}/check", all_ids[0]),
        Some(&w.proposers[region_of[&all_ids[0]]]),
        Some(json!({"passed": true})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for pid in all_ids.iter().filter(|pid| !rejected.contains(pid)) {
        let (status, _) = call(
            &w.router,
            "POST",
            &format!("{proposals_uri}/{pid}/check"),
            Some(&w.secretariat),
            Some(json!({"passed": true})),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    // The proposer reads the reasons.
    let (status, body) = call(
        &w.router,
        "GET",
        &format!("{proposals_uri}/{}", rejected[1]),
        Some(&w.proposers[region_of[&rejected[1]]]),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["rejection"]["reasons"][0]["label"],
        "Isian proposal tidak relevan"
    );
    assert_eq!(body["rejection"]["reasons"].as_array().unwrap().len(), 2);
    let (status, body) = close(&w, id, "administrative_check").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["current_round"], "desk_evaluation");
    // After the check started, registration is over.
    let (status, _) = call(
        &w.router,
        "POST",
        &proposals_uri,
        Some(&w.proposers["64.72"]),
        Some(proposal_body(w.innovations["64.72"][6], "kesehatan", 150)),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let passed: Vec<Uuid> = all_ids
        .iter()
        .copied()
        .filter(|pid| !rejected.contains(pid))
        .collect();
    assert_eq!(passed.len(), 27);

    // ---- Jurors: six, two of whom belong to proposing regions.
    let jurors_uri = format!("/api/v1/competitions/{id}/jurors");
    // By id or by e-mail address.
    for (i, (juror, _, _)) in w.jurors.iter().enumerate() {
        let body = if i == 5 {
            json!({"email": "juri5@kubar.go.id"})
        } else {
            json!({"user_id": juror})
        };
        let (status, answer) = call(
            &w.router,
            "POST",
            &jurors_uri,
            Some(&w.secretariat),
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    let paser_juror = w.jurors[4].0;
    let (status, body) = call(&w.router, "POST", &format!("{jurors_uri}/{paser_juror}/affiliations"),
        Some(&w.secretariat), Some(json!({"region": "64.01", "from": "2019-01-01", "to": format!("{}-12-31", today().year())}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, listed) = call(&w.router, "GET", &jurors_uri, Some(&w.secretariat), None).await;
    assert_eq!(listed.as_array().unwrap().len(), 6);
    let kubar = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["email"] == "juri5@kubar.go.id")
        .unwrap();
    assert_eq!(kubar["affiliations"][0]["source"], "grant");
    // Names come with the codes, joined by the service (the dashboard looks nothing up).
    assert_eq!(kubar["affiliations"][0]["region"], "64.02");
    assert_eq!(kubar["affiliations"][0]["region_name"], REGENCIES[1].1);
    let paser = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["user_id"] == paser_juror.to_string())
        .unwrap();
    let recorded = paser["affiliations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == "recorded")
        .unwrap();
    assert_eq!(recorded["region_name"], "Kabupaten Paser");

    // ---- Assignment: 2 per proposal, never conflicted, balanced.
    let assign_uri = format!("/api/v1/competitions/{id}/assignments");
    let (status, body) = call(&w.router, "POST", &assign_uri, Some(&w.secretariat), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let desk = assignment(&w, id, "desk_evaluation").await;
    assert_eq!(desk.len(), 27);
    // `spread`: how far apart loads may be; 1 for a fresh assignment, 2 after a
    // reassignment that kept the pairs already made.
    let check_assignment = |assigned: &BTreeMap<Uuid, Vec<Uuid>>, spread: usize| {
        let mut loads: BTreeMap<Uuid, usize> = BTreeMap::new();
        for (pid, jurors) in assigned {
            assert_eq!(jurors.len(), 2);
            for juror in jurors {
                *loads.entry(*juror).or_default() += 1;
                let belongs = w.jurors.iter().find(|j| j.0 == *juror).unwrap().2;
                if let Some(region) = belongs {
                    assert!(
                        !related(region, region_of[pid]),
                        "juror of {region} got a proposal of {}",
                        region_of[pid]
                    );
                }
            }
        }
        let max = loads.values().max().unwrap();
        let min = loads.values().min().unwrap();
        assert!(max - min <= spread, "unbalanced loads {loads:?}");
    };
    check_assignment(&desk, 1);

    // A juror declares a conflict: the proposal goes to another juror.
    let (decl_juror, decl_token, _) = &w.jurors[0];
    let declared = *desk
        .iter()
        .find(|(_, jurors)| jurors.contains(decl_juror))
        .unwrap()
        .0;
    let (status, body) = call(
        &w.router,
        "POST",
        &format!("{assign_uri}/{declared}/conflict"),
        Some(decl_token),
        Some(json!({"reason": "Saya pembimbing tim inovasi ini."})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let desk = assignment(&w, id, "desk_evaluation").await;
    assert!(!desk[&declared].contains(decl_juror));
    assert_eq!(desk[&declared].len(), 2);
    check_assignment(&desk, 2);

    // A juror's own view of the assignment holds only their proposals, none conflicted, and
    // they cannot read another proposal (the Kutai Barat admin reads their own region's
    // proposals as their proposer, not as a juror).
    for (juror, token, belongs) in &w.jurors {
        let (status, own) = call(
            &w.router,
            "GET",
            &format!("{assign_uri}?round=desk_evaluation"),
            Some(token),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let seen: BTreeSet<Uuid> = own["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| serde_json::from_value(row["proposal_id"].clone()).unwrap())
            .collect();
        let expected: BTreeSet<Uuid> = desk
            .iter()
            .filter(|(_, j)| j.contains(juror))
            .map(|(p, _)| *p)
            .collect();
        assert_eq!(seen, expected);
        // Blind: a juror does not see who else judges a proposal.
        assert!(
            own["rows"]
                .as_array()
                .unwrap()
                .iter()
                .all(|row| row["jurors"].as_array().unwrap().len() == 1)
        );
        let (_, readable) = call(&w.router, "GET", &proposals_uri, Some(token), None).await;
        for pid in ids(&readable) {
            assert!(expected.contains(&pid) || belongs.is_some_and(|r| region_of[&pid] == r));
        }
        let other = passed
            .iter()
            .find(|p| !expected.contains(p) && belongs.is_none_or(|r| region_of[*p] != r))
            .unwrap();
        let (status, _) = call(
            &w.router,
            "GET",
            &format!("{proposals_uri}/{other}"),
            Some(token),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    // ---- Desk scores. Each proposal has a quality; each juror a bias; one proposal gets a
    // juror 25 points above the other (a disagreement).
    let quality: BTreeMap<Uuid, f64> = passed
        .iter()
        .enumerate()
        .map(|(i, p)| (*p, 40.0 + i as f64 * 1.5))
        .collect();
    let bias = |juror: Uuid| w.jurors.iter().position(|j| j.0 == juror).unwrap() as f64 * 0.4 - 1.0;
    let disputed = passed[3];
    let desk_level = |pid: Uuid, juror: Uuid, first: bool| {
        quality[&pid] + bias(juror) + if pid == disputed && first { 25.0 } else { 0.0 }
    };
    let scores_uri = format!("/api/v1/competitions/{id}/scores");
    let mut expected_desk: BTreeMap<Uuid, f64> = BTreeMap::new();
    let mut skipped = None;
    for (pid, jurors) in &desk {
        let mut levels = Vec::new();
        for (n, juror) in jurors.iter().enumerate() {
            let level = desk_level(*pid, *juror, n == 0);
            levels.push(level);
            if skipped.is_none() {
                skipped = Some((*pid, *juror, level));
                continue;
            }
            let token = &w.jurors.iter().find(|j| j.0 == *juror).unwrap().1;
            let (status, body) = call(
                &w.router,
                "PUT",
                &format!("{scores_uri}/{pid}"),
                Some(token),
                Some(sheet(level)),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert!((num(&body["total"]) - level).abs() < 1e-9);
        }
        expected_desk.insert(*pid, levels.iter().sum::<f64>() / levels.len() as f64);
    }
    // Out of range, or a proposal not assigned to the juror, is refused.
    let (pid, juror, level) = skipped.unwrap();
    let token = w.jurors.iter().find(|j| j.0 == juror).unwrap().1.clone();
    let (status, _) = call(
        &w.router,
        "PUT",
        &format!("{scores_uri}/{pid}"),
        Some(&token),
        Some(sheet(99.5)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let foreign = desk.iter().find(|(_, j)| !j.contains(&juror)).unwrap().0;
    let (status, _) = call(
        &w.router,
        "PUT",
        &format!("{scores_uri}/{foreign}"),
        Some(&token),
        Some(sheet(50.0)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Blind: a juror sees only their own sheets while the round runs.
    let (_, own) = call(
        &w.router,
        "GET",
        &format!("{scores_uri}?round=desk_evaluation"),
        Some(&token),
        None,
    )
    .await;
    assert!(
        own.as_array()
            .unwrap()
            .iter()
            .all(|s| s["juror_id"] == json!(juror))
    );
    assert!(!own.as_array().unwrap().is_empty());
    // A missing sheet keeps the round open.
    let (status, body) = close(&w, id, "desk_evaluation").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, _) = call(
        &w.router,
        "PUT",
        &format!("{scores_uri}/{pid}"),
        Some(&token),
        Some(sheet(level)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = close(&w, id, "desk_evaluation").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // After closing, jurors see every sheet.
    let (_, every) = call(
        &w.router,
        "GET",
        &format!("{scores_uri}?round=desk_evaluation"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(every.as_array().unwrap().len(), 54);

    // The frozen desk result: the mean of jurors, the disagreement, the ranking.
    let (status, result) = call(
        &w.router,
        "GET",
        &format!("/api/v1/competitions/{id}/rounds/desk_evaluation/result"),
        Some(&w.secretariat),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for score in result["scores"].as_array().unwrap() {
        let pid: Uuid = serde_json::from_value(score["proposal"].clone()).unwrap();
        assert!(
            (num(&score["score"]) - expected_desk[&pid]).abs() < 1e-6,
            "desk score of {pid}"
        );
    }
    let disagreements = result["disagreements"].as_array().unwrap();
    assert_eq!(disagreements.len(), 1);
    assert_eq!(disagreements[0]["proposal"], json!(disputed));
    let mut by_desk: Vec<(Uuid, f64)> = expected_desk.iter().map(|(p, s)| (*p, *s)).collect();
    by_desk.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap());
    let ranked: Vec<Uuid> = result["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| serde_json::from_value(r["proposal"].clone()).unwrap())
        .collect();
    assert_eq!(ranked, by_desk.iter().map(|(p, _)| *p).collect::<Vec<_>>());

    // ---- Shortlist: the desk Top 10.
    let (status, body) = call(
        &w.router,
        "POST",
        &format!("/api/v1/competitions/{id}/shortlist"),
        Some(&w.secretariat),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let shortlisted: Vec<Uuid> = serde_json::from_value(body).unwrap();
    assert_eq!(shortlisted, ranked[..10].to_vec());
    let (status, _) = close(&w, id, "panel_shortlist").await;
    assert_eq!(status, StatusCode::OK);

    // ---- Public objections: the public sees the ten finalists and objects to two.
    let (_, public) = call(&w.router, "GET", &proposals_uri, None, None).await;
    assert_eq!(
        ids(&public).into_iter().collect::<BTreeSet<_>>(),
        shortlisted.iter().copied().collect()
    );
    let objections_uri = format!("/api/v1/competitions/{id}/objections");
    let objected = [shortlisted[0], shortlisted[4]];
    let mut objection_ids = Vec::new();
    for pid in objected {
        let (status, body) = call(
            &w.router,
            "POST",
            &objections_uri,
            None,
            Some(json!({
                "proposal_id": pid, "name": "Warga Samarinda", "contact": "warga@example.com",
                "text": "Layanan ini belum berjalan di kecamatan kami sejak awal tahun."
            })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        objection_ids.push(body["id"].as_str().unwrap().to_owned());
    }
    // An objection against a proposal that is not a finalist is refused.
    let (status, _) = call(
        &w.router,
        "POST",
        &objections_uri,
        None,
        Some(json!({
            "proposal_id": ranked[20], "name": "Warga", "contact": "warga@example.com",
            "text": "Inovasi ini tidak ada di lapangan sama sekali."
        })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The public list leaves out the objector's personal data.
    let (_, listed) = call(&w.router, "GET", &objections_uri, None, None).await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert!(listed[0].get("contact").is_none());
    let (_, listed) = call(
        &w.router,
        "GET",
        &objections_uri,
        Some(&w.secretariat),
        None,
    )
    .await;
    assert_eq!(listed[0]["contact"], "warga@example.com");
    let (status, _) = close(&w, id, "public_objection").await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "open objections keep the window open"
    );
    let (status, body) = call(&w.router, "POST", &format!("{objections_uri}/{}/resolution", objection_ids[0]),
        Some(&w.secretariat), Some(json!({"upheld": true, "resolution": "Hasil verifikasi lapangan membenarkan sanggahan."}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = call(
        &w.router,
        "POST",
        &format!("{objections_uri}/{}/resolution", objection_ids[1]),
        Some(&w.secretariat),
        Some(json!({"upheld": false, "resolution": "Layanan berjalan sesuai laporan."})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = close(&w, id, "public_objection").await;
    assert_eq!(status, StatusCode::OK);
    let (_, finalists) = call(
        &w.router,
        "GET",
        &format!("{proposals_uri}?status=finalist"),
        Some(&w.secretariat),
        None,
    )
    .await;
    let finalists: Vec<Uuid> = ids(&finalists);
    assert_eq!(finalists.len(), 9);
    assert!(!finalists.contains(&objected[0]));
    assert!(finalists.contains(&objected[1]));

    // ---- Interviews: a schedule without overlaps, jurors assigned, scores.
    let start = Utc::now() + Duration::days(3);
    let slots: Vec<Value> = finalists
        .iter()
        .enumerate()
        .map(|(i, pid)| {
            json!({
                "proposal_id": pid,
                "starts_at": start + Duration::minutes(30 * i as i64),
                "ends_at": start + Duration::minutes(30 * i as i64 + 25),
                "place": "Ruang Rapat Bappeda Kaltim",
            })
        })
        .collect();
    let interviews_uri = format!("/api/v1/competitions/{id}/interviews");
    let (status, body) = call(
        &w.router,
        "PUT",
        &interviews_uri,
        Some(&w.secretariat),
        Some(json!(slots)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let overlapping = json!([{ "proposal_id": finalists[0], "starts_at": start + Duration::minutes(40),
        "ends_at": start + Duration::minutes(70), "place": "Ruang Rapat" }]);
    let (status, _) = call(
        &w.router,
        "PUT",
        &interviews_uri,
        Some(&w.secretariat),
        Some(overlapping),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, schedule) = call(&w.router, "GET", &interviews_uri, None, None).await;
    assert_eq!(schedule.as_array().unwrap().len(), 9);

    let (status, body) = call(&w.router, "POST", &assign_uri, Some(&w.secretariat), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let interview = assignment(&w, id, "interview").await;
    assert_eq!(interview.len(), 9);
    check_assignment(&interview, 1);
    let interview_quality: BTreeMap<Uuid, f64> = finalists
        .iter()
        .enumerate()
        .map(|(k, p)| (*p, 55.0 + ((k * 13) % 30) as f64))
        .collect();
    let mut expected_interview: BTreeMap<Uuid, f64> = BTreeMap::new();
    for (pid, jurors) in &interview {
        let mut levels = Vec::new();
        for juror in jurors {
            let level = interview_quality[pid] + bias(*juror);
            levels.push(level);
            let token = &w.jurors.iter().find(|j| j.0 == *juror).unwrap().1;
            let (status, body) = call(
                &w.router,
                "PUT",
                &format!("{scores_uri}/{pid}"),
                Some(token),
                Some(sheet(level)),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        expected_interview.insert(*pid, levels.iter().sum::<f64>() / levels.len() as f64);
    }
    let (status, body) = close(&w, id, "interview").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // ---- Final decision: the Top 5 on desk 70 % and interview 30 %.
    let (status, body) = close(&w, id, "final_decision").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut combined: Vec<(Uuid, f64)> = finalists
        .iter()
        .map(|p| (*p, 0.7 * expected_desk[p] + 0.3 * expected_interview[p]))
        .collect();
    combined.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap());
    assert!(
        combined[4].1 - combined[5].1 > 1e-6,
        "the test's data has no tie across the cut"
    );
    let expected_top5: Vec<Uuid> = combined[..5].iter().map(|(p, _)| *p).collect();

    // Not public until published; the secretariat sees them already.
    let results_uri = format!("/api/v1/competitions/{id}/results");
    let (status, _) = call(&w.router, "GET", &results_uri, None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&w.router, "GET", &results_uri, Some(&w.secretariat), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = close(&w, id, "published").await;
    assert_eq!(status, StatusCode::OK);

    let (status, results) = call(&w.router, "GET", &results_uri, None, None).await;
    assert_eq!(status, StatusCode::OK, "{results}");
    let winners: Vec<Uuid> = results["winners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| serde_json::from_value(r["proposal_id"].clone()).unwrap())
        .collect();
    assert_eq!(winners, expected_top5);
    for (row, (pid, score)) in results["winners"].as_array().unwrap().iter().zip(&combined) {
        assert_eq!(row["proposal_id"], json!(pid));
        assert!((num(&row["score"]) - score).abs() <= 0.005 + 1e-9, "{row}");
        assert!((num(&row["desk"]) - expected_desk[pid]).abs() <= 0.005 + 1e-9);
    }
    assert_eq!(results["ranking"].as_array().unwrap().len(), 9);
    let tables = results["tables"].as_array().unwrap();
    assert_eq!(
        tables
            .iter()
            .map(|t| t["rows"].as_array().unwrap().len())
            .sum::<usize>(),
        9
    );

    // ---- Certificates: one per winner, verifiable by anyone, as JSON, page and PDF.
    for row in results["winners"].as_array().unwrap() {
        let code = row["certificate"].as_str().unwrap();
        let (status, cert) = call(
            &w.router,
            "GET",
            &format!("/api/v1/certificates/{code}"),
            None,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(cert["title"], row["title"]);
        assert_eq!(cert["award"], "Top 5");
        assert_eq!(cert["valid"], true);
        // Typed in lower case with spaces, it still verifies.
        let typed = code.to_lowercase().replace('-', " ");
        let (status, _) = call(
            &w.router,
            "GET",
            &format!("/api/v1/certificates/{}", common::url_encode(&typed)),
            None,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    let first_code = results["winners"][0]["certificate"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = call(
        &w.router,
        "GET",
        "/api/v1/certificates/AAAA-BBBB-CCCC",
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let pdf = send(
        &w.router,
        get(&format!("/api/v1/certificates/{first_code}/pdf"), None),
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.html.starts_with("%PDF-"));

    // ---- The winners go on to the national competition in one step.
    let national =
        create_competition(&w, "ID", &w.national, "Kompetisi Inovasi Pelayanan Publik").await;
    let promote_uri = format!("/api/v1/competitions/{id}/promotions");
    let (status, _) = call(
        &w.router,
        "POST",
        &promote_uri,
        Some(&w.proposers["64.01"]),
        Some(json!({"to": national})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call(
        &w.router,
        "POST",
        &promote_uri,
        Some(&w.secretariat),
        Some(json!({"to": national})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["created"].as_array().unwrap().len(), 5, "{body}");
    assert_eq!(body["refused"].as_array().unwrap().len(), 0, "{body}");
    let sources: BTreeSet<Uuid> = body["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| serde_json::from_value(p["source_proposal_id"].clone()).unwrap())
        .collect();
    assert_eq!(sources, expected_top5.iter().copied().collect());
    let (_, again) = call(
        &w.router,
        "POST",
        &promote_uri,
        Some(&w.secretariat),
        Some(json!({"to": national})),
    )
    .await;
    assert_eq!(
        again["created"].as_array().unwrap().len(),
        0,
        "promoted once only"
    );
    let (_, national_proposals) = call(
        &w.router,
        "GET",
        &format!("/api/v1/competitions/{national}/proposals"),
        Some(&w.national),
        None,
    )
    .await;
    assert_eq!(national_proposals.as_array().unwrap().len(), 5);

    // ---- A change after closing: reopening needs an admin's reason and is audited.
    let reopen_uri = format!("/api/v1/competitions/{id}/rounds/published/reopen");
    let (status, _) = call(
        &w.router,
        "POST",
        &reopen_uri,
        Some(&w.secretariat),
        Some(json!({"reason": "salah"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = call(
        &w.router,
        "POST",
        &format!("/api/v1/competitions/{id}/rounds/interview/reopen"),
        Some(&w.secretariat),
        Some(json!({"reason": "Nilai wawancara salah ketik pada satu lembar."})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "only the last closed round reopens"
    );
    let (status, _) = call(
        &w.router,
        "POST",
        &reopen_uri,
        Some(&w.proposers["64.01"]),
        Some(json!({"reason": "Pengumuman memuat nama instansi yang keliru."})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call(
        &w.router,
        "POST",
        &reopen_uri,
        Some(&w.secretariat),
        Some(json!({"reason": "Pengumuman memuat nama instansi yang keliru."})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "running");
    let (status, _) = call(&w.router, "GET", &results_uri, None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "unpublished again");
    let (_, log) = call(
        &w.router,
        "GET",
        &format!("/api/v1/audit?entity=competition&entity_id={id}"),
        Some(&w.secretariat),
        None,
    )
    .await;
    assert!(
        log.to_string()
            .contains("Pengumuman memuat nama instansi yang keliru."),
        "{log}"
    );
    // Certificates stay valid: the decision itself was not reopened.
    let (_, cert) = call(
        &w.router,
        "GET",
        &format!("/api/v1/certificates/{first_code}"),
        None,
        None,
    )
    .await;
    assert_eq!(cert["valid"], true);
    // Reopening the decision withdraws them until it is taken again; the same winners then
    // keep the same codes.
    let (status, body) = call(
        &w.router,
        "POST",
        &format!("/api/v1/competitions/{id}/rounds/final_decision/reopen"),
        Some(&w.secretariat),
        Some(json!({"reason": "Keberatan resmi atas nilai wawancara diterima."})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, cert) = call(
        &w.router,
        "GET",
        &format!("/api/v1/certificates/{first_code}"),
        None,
        None,
    )
    .await;
    assert_eq!(cert["valid"], false);
    let (status, _) = close(&w, id, "final_decision").await;
    assert_eq!(status, StatusCode::OK);
    let (_, cert) = call(
        &w.router,
        "GET",
        &format!("/api/v1/certificates/{first_code}"),
        None,
        None,
    )
    .await;
    assert_eq!(cert["valid"], true);
    let (_, again) = call(&w.router, "GET", &results_uri, Some(&w.secretariat), None).await;
    assert_eq!(again["winners"][0]["certificate"], json!(first_code));
    // The set-up no longer changes once a round has closed.
    let (_, view) = call(
        &w.router,
        "GET",
        &format!("/api/v1/competitions/{id}"),
        None,
        None,
    )
    .await;
    let (status, _) = call(
        &w.router,
        "PUT",
        &format!("/api/v1/competitions/{id}"),
        Some(&w.secretariat),
        Some(view["setup"].clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
}
