//! Public consultation forums (FKP) through the real router: Kabupaten Sambas's Disdukcapil
//! plans a forum on KTP-el service standards, holds it, and follows up its agreements (one
//! answered by a published innovation); Kota Bekasi's admin may read but not manage it; the
//! public summary shows minutes, agreements and follow-up counts. Then the pages: the plan
//! form keeps what was typed, the record form keeps its agreement rows, the public summary
//! shows the minutes and the agreements.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::Router;
use axum::http::{StatusCode, header};
use chrono::{DateTime, Utc};
use common::{add_innovation, add_region, call, csrf, get, post, send, sign_in, token};
use lumbung_service::agencies::{self, AgencyInput};
use lumbung_service::{App, Caller};
use lumbung_store::testing::TestDb;
use serde_json::{Value, json};
use uuid::Uuid;

const SAMBAS: &str = "bagian.organisasi@sambas.go.id";
const BEKASI: &str = "bagian.organisasi@bekasikota.go.id";

struct Setup {
    router: Router,
    app: App,
    _db: TestDb,
    sambas: String,
    bekasi: String,
    dukcapil: Uuid,
    /// A published innovation of Sambas, and a draft of Bekasi.
    published: Uuid,
    foreign_draft: Uuid,
}

async fn agency(app: &App, region: &str, name: &str) -> Uuid {
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

async fn setup() -> Setup {
    let (router, app, db) = common::app().await;
    // 20 May 2026, 10.00 WIB: forums of 8 May are in the past.
    app.clock.set(
        DateTime::parse_from_rfc3339("2026-05-20T03:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
    );
    add_region(&app, "61.01", "Kabupaten Sambas").await;
    add_region(&app, "32.75", "Kota Bekasi").await;
    let sambas = token(&app, SAMBAS, "regency_admin", "61.01").await;
    let bekasi = token(&app, BEKASI, "regency_admin", "32.75").await;
    let dukcapil = agency(
        &app,
        "61.01",
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sambas",
    )
    .await;
    let published = add_innovation(&app, dukcapil, "Antrean Daring Dukcapil", "2024-01-15").await;
    common::publish(&app, published).await;
    let bekasi_agency = agency(&app, "32.75", "Dinas Kesehatan Kota Bekasi").await;
    let foreign_draft = add_innovation(&app, bekasi_agency, "Draf Bekasi", "2024-01-15").await;
    Setup {
        router,
        app,
        _db: db,
        sambas,
        bekasi,
        dukcapil,
        published,
        foreign_draft,
    }
}

fn plan_body(agency: Uuid) -> Value {
    json!({
        "region_code": "61.01",
        "agency_id": agency,
        "topic": "Standar pelayanan penerbitan KTP-el",
        "service": "Penerbitan KTP-el",
        "planned_on": "2026-05-08",
        "place": "Aula Kantor Bupati Sambas",
        "invited": [
            {"group": "service_users", "count": 20},
            {"group": "akademisi", "count": 3},
            {"group": "media", "count": 2}
        ]
    })
}

fn hold_body(agreements: Value) -> Value {
    json!({
        "held_on": "2026-05-08",
        "attendance": [
            {"group": "service_users", "count": 18},
            {"group": "academia", "count": 2},
            {"group": "organiser", "count": 4}
        ],
        "minutes": "Forum dibuka oleh Kepala Dinas.\n\nPeserta meminta jam layanan diperpanjang dan antrean daring.",
        "agreements": agreements
    })
}

#[tokio::test]
async fn a_forum_from_plan_to_follow_up_through_the_api() {
    let s = setup().await;
    let r = &s.router;

    // Plan.
    let (status, forum) = call(
        r,
        "POST",
        "/api/v1/consultations",
        Some(&s.sambas),
        Some(plan_body(s.dukcapil)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{forum}");
    assert_eq!(forum["status"], "planned");
    assert_eq!(forum["invited_total"], 25);
    assert_eq!(forum["may_manage"], true);
    let id = forum["id"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/consultations/{id}");

    // Without service users the plan is refused, field by field.
    let mut no_users = plan_body(s.dukcapil);
    no_users["invited"] = json!([{"group": "media", "count": 2}]);
    no_users["topic"] = json!("");
    let (status, body) = call(
        r,
        "POST",
        "/api/v1/consultations",
        Some(&s.sambas),
        Some(no_users),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["error"]["fields"]["invited"]
            .as_str()
            .unwrap()
            .contains("pengguna layanan")
    );
    assert!(body["error"]["fields"]["topic"].is_string());

    // Another region's admin may neither plan here nor manage this forum.
    let (status, _) = call(
        r,
        "POST",
        "/api/v1/consultations",
        Some(&s.bekasi),
        Some(plan_body(s.dukcapil)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        r,
        "PUT",
        &base,
        Some(&s.bekasi),
        Some(plan_body(s.dukcapil)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        r,
        "POST",
        &format!("{base}/hold"),
        Some(&s.bekasi),
        Some(hold_body(json!([]))),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Nobody signed in is told to sign in.
    let (status, _) = call(
        r,
        "POST",
        "/api/v1/consultations",
        None,
        Some(plan_body(s.dukcapil)),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // But everyone reads it.
    let (status, read) = call(r, "GET", &base, Some(&s.bekasi), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["may_manage"], false);

    // The plan may still change while it is planned.
    let mut moved = plan_body(s.dukcapil);
    moved["place"] = json!("Pendopo Bupati Sambas");
    let (status, body) = call(r, "PUT", &base, Some(&s.sambas), Some(moved)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["place"], "Pendopo Bupati Sambas");

    // A bad agreement row is named by its number; nothing is recorded.
    let (status, body) = call(
        r,
        "POST",
        &format!("{base}/hold"),
        Some(&s.sambas),
        Some(hold_body(json!([
            {"text": "Jam layanan diperpanjang sampai 16.00", "owner": "Disdukcapil", "due_on": "2026-06-30"},
            {"text": "Antrean daring", "owner": "", "due_on": "2026-05-01"}
        ]))),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields = &body["error"]["fields"];
    assert!(fields["agreements.1.owner"].is_string(), "{body}");
    assert!(
        fields["agreements.1.due_on"]
            .as_str()
            .unwrap()
            .contains("sebelum tanggal forum")
    );
    assert!(fields.get("agreements.0.text").is_none());
    let (_, still) = call(r, "GET", &base, None, None).await;
    assert_eq!(still["status"], "planned");

    // A forum is not recorded as held on a day still to come.
    let mut future = hold_body(json!([]));
    future["held_on"] = json!("2026-06-01");
    let (status, body) = call(
        r,
        "POST",
        &format!("{base}/hold"),
        Some(&s.sambas),
        Some(future),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["held_on"].is_string());

    // Hold with three agreements; the second is due before today.
    let (status, held) = call(
        r,
        "POST",
        &format!("{base}/hold"),
        Some(&s.sambas),
        Some(hold_body(json!([
            {"text": "Jam layanan diperpanjang sampai 16.00", "owner": "Disdukcapil", "due_on": "2026-06-30"},
            {"text": "", "owner": "", "due_on": ""},
            {"text": "Papan informasi persyaratan dipasang", "owner": "Sekretariat Disdukcapil", "due_on": "2026-05-15"},
            {"text": "Layanan jemput bola di kecamatan", "owner": "Bidang Pelayanan", "due_on": "2026-12-31"}
        ]))),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{held}");
    assert_eq!(held["status"], "held");
    assert_eq!(held["held_on"], "2026-05-08");
    assert_eq!(held["attended_total"], 24);
    let agreements = held["agreements"].as_array().unwrap();
    assert_eq!(agreements.len(), 3);
    assert_eq!(agreements[0]["position"], 1);
    assert_eq!(
        agreements[1]["text"],
        "Papan informasi persyaratan dipasang"
    );
    assert!(agreements.iter().all(|a| a["status"] == "open"));
    assert_eq!(agreements[1]["overdue"], true);
    assert_eq!(held["follow_up"]["overdue"], 1);
    // Invited against attended, per group.
    let participation = held["participation"].as_array().unwrap();
    let users = participation
        .iter()
        .find(|p| p["group"] == "service_users")
        .unwrap();
    assert_eq!(
        (users["invited"].as_u64(), users["attended"].as_u64()),
        (Some(20), Some(18))
    );
    assert!(
        participation
            .iter()
            .any(|p| p["group"] == "organiser" && p["invited"] == 0)
    );
    let first = agreements[0]["id"].as_str().unwrap().to_owned();
    let second = agreements[1]["id"].as_str().unwrap().to_owned();
    let third = agreements[2]["id"].as_str().unwrap().to_owned();

    // A held forum keeps its plan, and is neither held again nor cancelled.
    let (status, body) = call(
        r,
        "PUT",
        &base,
        Some(&s.sambas),
        Some(plan_body(s.dukcapil)),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Terlaksana")
    );
    let (status, _) = call(
        r,
        "POST",
        &format!("{base}/hold"),
        Some(&s.sambas),
        Some(hold_body(json!([]))),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = call(
        r,
        "POST",
        &format!("{base}/cancel"),
        Some(&s.sambas),
        Some(json!({"reason": "Ditunda"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Follow up: the first is done, answered by the published innovation.
    let (status, body) = call(
        r,
        "PUT",
        &format!("{base}/agreements/{first}"),
        Some(&s.sambas),
        Some(json!({"status": "done", "note": "Berlaku sejak 1 Juni 2026.", "innovation_id": s.published})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["agreements"][0]["status"], "done");
    assert_eq!(
        body["agreements"][0]["innovation_name"],
        "Antrean Daring Dukcapil"
    );
    // An innovation the caller cannot read, or that does not exist, is not linked.
    for innovation in [s.foreign_draft, Uuid::now_v7()] {
        let (status, body) = call(
            r,
            "PUT",
            &format!("{base}/agreements/{second}"),
            Some(&s.sambas),
            Some(json!({"status": "in_progress", "innovation_id": innovation})),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["error"]["fields"]["innovation_id"].is_string());
    }
    // Dropping needs a reason.
    let (status, body) = call(
        r,
        "PUT",
        &format!("{base}/agreements/{third}"),
        Some(&s.sambas),
        Some(json!({"status": "dropped"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["note"].is_string());
    let (status, _) = call(
        r,
        "PUT",
        &format!("{base}/agreements/{third}"),
        Some(&s.sambas),
        Some(json!({"status": "dropped", "note": "Digantikan layanan daring."})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Another region's admin does not follow up; an unknown agreement is not found.
    let (status, _) = call(
        r,
        "PUT",
        &format!("{base}/agreements/{second}"),
        Some(&s.bekasi),
        Some(json!({"status": "done"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        r,
        "PUT",
        &format!("{base}/agreements/{}", Uuid::now_v7()),
        Some(&s.sambas),
        Some(json!({"status": "done"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The public summary counts the follow-up.
    let (status, summary) = call(r, "GET", &base, None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        summary["follow_up"],
        json!({"total": 3, "done": 1, "dropped": 1, "overdue": 1})
    );
    assert_eq!(summary["follow_up_percent"], 66);
    assert_eq!(summary["may_manage"], false);
    assert!(
        summary["minutes"]
            .as_str()
            .unwrap()
            .contains("antrean daring")
    );
    assert_eq!(
        summary["agreements"][0]["innovation_id"],
        json!(s.published)
    );
    assert_eq!(
        summary["agreements"][2]["note"],
        "Digantikan layanan daring."
    );

    // The innovation knows the agreement it answers.
    let mut conn = s.app.db.read().await.unwrap();
    let answered = lumbung_store::consultations::agreements_of_innovation(&mut conn, s.published)
        .await
        .unwrap();
    drop(conn);
    assert_eq!(answered.len(), 1);
    assert_eq!(answered[0].text, "Jam layanan diperpanjang sampai 16.00");
    assert_eq!(answered[0].region_name, "Kabupaten Sambas");

    // Lists: by region subtree, year and status; an unknown status is a bad request.
    let (status, list) = call(
        r,
        "GET",
        "/api/v1/consultations?region=61&year=2026&status=held",
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["agreements_total"], 3);
    assert_eq!(list["items"][0]["agreements_done"], 1);
    for (query, total) in [("region=32", 0), ("year=2025", 0), ("status=planned", 0)] {
        let (_, list) = call(
            r,
            "GET",
            &format!("/api/v1/consultations?{query}"),
            None,
            None,
        )
        .await;
        assert_eq!(list["total"], total, "{query}");
    }
    let (status, _) = call(r, "GET", "/api/v1/consultations?status=bogus", None, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_forum_is_cancelled_with_a_reason() {
    let s = setup().await;
    let r = &s.router;
    let (_, forum) = call(
        r,
        "POST",
        "/api/v1/consultations",
        Some(&s.sambas),
        Some(plan_body(s.dukcapil)),
    )
    .await;
    let base = format!("/api/v1/consultations/{}", forum["id"].as_str().unwrap());
    let (status, body) = call(
        r,
        "POST",
        &format!("{base}/cancel"),
        Some(&s.sambas),
        Some(json!({"reason": "  "})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["reason"].is_string());
    let (status, body) = call(
        r,
        "POST",
        &format!("{base}/cancel"),
        Some(&s.sambas),
        Some(json!({"reason": "Bertepatan dengan hari libur daerah."})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "cancelled");
    assert_eq!(
        body["cancel_reason"],
        "Bertepatan dengan hari libur daerah."
    );
    assert!(body["minutes"].is_null());
    let (status, _) = call(
        r,
        "PUT",
        &base,
        Some(&s.sambas),
        Some(plan_body(s.dukcapil)),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = call(
        r,
        "POST",
        &format!("{base}/hold"),
        Some(&s.sambas),
        Some(hold_body(json!([]))),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_pages_plan_hold_and_show_a_forum() {
    let s = setup().await;
    let r = &s.router;
    let cookie = sign_in(r, SAMBAS).await;
    let list = send(r, get("/kelola/fkp", Some(&cookie))).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.html);
    assert!(list.html.contains("Rencanakan forum"));
    let token = csrf(&list.html);

    // A rejected plan comes back with what was typed and a message per field.
    let rejected = send(
        r,
        post(
            "/kelola/fkp",
            Some(&cookie),
            &[
                ("csrf", &token),
                ("region_code", "61.01"),
                ("topic", "Standar pelayanan akta kelahiran"),
                ("service", ""),
                ("planned_on", "2026-06-10"),
                ("place", "Aula Disdukcapil"),
                ("invited.service_users", "dua puluh"),
                ("invited.media", "2"),
            ],
        ),
    )
    .await;
    assert_eq!(
        rejected.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        rejected.html
    );
    assert!(
        rejected
            .html
            .contains("value=\"Standar pelayanan akta kelahiran\"")
    );
    assert!(rejected.html.contains("value=\"Aula Disdukcapil\""));
    assert!(rejected.html.contains("value=\"dua puluh\""));
    assert!(rejected.html.contains("Layanan wajib diisi."));
    assert!(rejected.html.contains("angka bulat"));
    assert!(rejected.html.contains("Periksa kembali isian berikut"));

    // Planned.
    let dukcapil = s.dukcapil.to_string();
    let planned = send(
        r,
        post(
            "/kelola/fkp",
            Some(&cookie),
            &[
                ("csrf", &token),
                ("region_code", "61.01"),
                ("agency_id", &dukcapil),
                ("topic", "Standar pelayanan akta kelahiran"),
                ("service", "Penerbitan akta kelahiran"),
                ("planned_on", "2026-05-12"),
                ("place", "Aula Disdukcapil"),
                ("invited.service_users", "20"),
                ("invited.media", "2"),
            ],
        ),
    )
    .await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.html);
    let location = planned.location().to_owned();
    assert!(location.ends_with("?hasil=direncanakan"), "{location}");
    let forum_href = location.split('?').next().unwrap().to_owned();
    let id: Uuid = forum_href.rsplit('/').next().unwrap().parse().unwrap();
    let page = send(r, get(&location, Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Forum direncanakan."));
    assert!(page.html.contains("Catat pelaksanaan forum"));

    // A rejected record keeps its rows.
    let hold = format!("{forum_href}/pelaksanaan");
    let rejected = send(
        r,
        post(
            &hold,
            Some(&cookie),
            &[
                ("csrf", &token),
                ("held_on", "2026-05-12"),
                ("attendance.service_users", "17"),
                ("minutes", "Peserta meminta layanan akta di kecamatan."),
                ("agreements.0.text", "Layanan akta kelahiran di kecamatan"),
                ("agreements.0.owner", "Bidang Pencatatan Sipil"),
                ("agreements.0.due_on", "2026-08-31"),
                ("agreements.1.text", "Formulir daring"),
                ("agreements.1.owner", ""),
                ("agreements.1.due_on", "2026-09-30"),
            ],
        ),
    )
    .await;
    assert_eq!(
        rejected.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        rejected.html
    );
    assert!(
        rejected
            .html
            .contains("Peserta meminta layanan akta di kecamatan.")
    );
    assert!(rejected.html.contains(">Formulir daring</textarea>"));
    assert!(rejected.html.contains("href=\"#f-agreements.1.owner\""));
    assert!(rejected.html.contains("Kesepakatan 2 (penanggung jawab)"));
    assert!(rejected.html.contains("value=\"17\""));

    let recorded = send(
        r,
        post(
            &hold,
            Some(&cookie),
            &[
                ("csrf", &token),
                ("held_on", "2026-05-12"),
                ("attendance.service_users", "17"),
                ("attendance.media", "1"),
                (
                    "minutes",
                    "Peserta meminta layanan akta di kecamatan.\n\nPenyelenggara menyanggupi.",
                ),
                ("agreements.0.text", "Layanan akta kelahiran di kecamatan"),
                ("agreements.0.owner", "Bidang Pencatatan Sipil"),
                ("agreements.0.due_on", "2026-08-31"),
                ("agreements.1.text", "Formulir daring"),
                ("agreements.1.owner", "Sekretariat"),
                ("agreements.1.due_on", "2026-09-30"),
                ("agreements.2.text", ""),
            ],
        ),
    )
    .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.html);

    // Follow up the second agreement from its form; a drop without a reason comes back.
    let view = lumbung_service::consultations::get(&s.app, &Caller::system(), id)
        .await
        .unwrap();
    let second = view.agreements[1].id;
    let follow = format!("{forum_href}/kesepakatan/{second}");
    let refused = send(
        r,
        post(
            &follow,
            Some(&cookie),
            &[("csrf", &token), ("status", "dropped"), ("note", "")],
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .html
            .contains("alasan kesepakatan tidak dilanjutkan")
    );
    let published = format!("/inovasi/{}", s.published);
    let done = send(
        r,
        post(
            &follow,
            Some(&cookie),
            &[
                ("csrf", &token),
                ("status", "done"),
                ("note", "Formulir tersedia."),
                ("innovation_id", &published),
            ],
        ),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert!(
        done.location()
            .ends_with("?hasil=tindak-lanjut#kesepakatan-2")
    );

    // The public summary, for anybody.
    let public = send(r, get(&format!("/fkp/{id}"), None)).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.html);
    for text in [
        "Standar pelayanan akta kelahiran",
        "Penerbitan akta kelahiran",
        "Peserta meminta layanan akta di kecamatan.",
        "Penyelenggara menyanggupi.",
        "Layanan akta kelahiran di kecamatan",
        "Bidang Pencatatan Sipil",
        "31 Agustus 2026",
        "Antrean Daring Dukcapil",
        "1 selesai, 0 tidak dilanjutkan, 1 masih berjalan (0 melewati batas waktu) dari 2 kesepakatan",
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sambas",
    ] {
        assert!(public.html.contains(text), "{text}");
    }
    assert!(!public.html.contains("Kelola forum ini"));
    // In English the fixed texts follow the reader.
    let english = send(
        r,
        axum::http::Request::builder()
            .uri(format!("/fkp/{id}"))
            .header(header::HOST, common::HOST)
            .header(header::COOKIE, "lang=en")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert!(english.html.contains("Agreements and their follow-up"));
    assert!(english.html.contains("1 done, 0 not carried on"));

    // The public list finds it; another region's admin cannot manage it.
    let listed = send(r, get("/fkp?region=61&year=2026&status=held", None)).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(listed.html.contains(&format!("href=\"/fkp/{id}\"")));
    assert!(listed.html.contains("1 dari 2 kesepakatan selesai"));
    let other = sign_in(r, BEKASI).await;
    let refused = send(r, get(&forum_href, Some(&other))).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let not_a_forum = send(r, get("/fkp/bukan-forum", None)).await;
    assert_eq!(not_a_forum.status, StatusCode::NOT_FOUND);
}
