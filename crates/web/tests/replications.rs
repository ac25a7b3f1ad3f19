//! Replication through the API, as Kalimantan Barat ran it in 2022 (seed-facts.md): eight
//! innovations from other regions, the fourteen kabupaten/kota as adopters, one commitment
//! signed on 6 December 2021, a mentoring team; the kabupaten/kota choose what they
//! replicate. One case is driven from interest to done and signed off, and the owner's
//! "Replikasi" level changes in its index; its certificate is a PDF once all three signed;
//! invalid steps and edits of a closed case are refused; every step is on the timeline and
//! in the audit log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{call, get, send};
use lumbung_service::agencies::{self, AgencyInput};
use lumbung_service::domain::innovation::ProfileInput;
use lumbung_service::innovations::{self, InnovationInput};
use lumbung_service::{App, Caller};
use serde_json::{Value, json};
use uuid::Uuid;

/// The eight innovations of the commitment with their owners (region, agency).
const INNOVATIONS: [(&str, &str, &str); 8] = [
    (
        "Proses Izin Dengan Jarimu",
        "21",
        "Dinas Penanaman Modal dan PTSP Provinsi Kepulauan Riau",
    ),
    (
        "e-OPen (Elektronik Online Pelayanan Kependudukan)",
        "32.75",
        "Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi",
    ),
    (
        "Menyeting Gigi Emas",
        "32.18",
        "Dinas Kesehatan Kabupaten Pangandaran",
    ),
    (
        "SI BINA CANTIK BINGITS",
        "33",
        "RSUD Prof. Dr. Margono Soekarjo",
    ),
    // Universitas Indonesia is not a regional government; the registry keeps it under the
    // city it stands in.
    (
        "PJJ (Pendidikan Jarak Jauh)",
        "32.76",
        "Universitas Indonesia",
    ),
    (
        "PIKOBAR",
        "32",
        "Dinas Komunikasi dan Informatika Provinsi Jawa Barat",
    ),
    (
        "Klinik BUMDes",
        "35",
        "Dinas Pemberdayaan Masyarakat dan Desa Provinsi Jawa Timur",
    ),
    (
        "Ekosistem Data",
        "32",
        "Dinas Komunikasi dan Informatika Provinsi Jawa Barat",
    ),
];

const KALBAR: [&str; 14] = [
    "61.01", "61.02", "61.03", "61.04", "61.05", "61.06", "61.07", "61.08", "61.09", "61.10",
    "61.11", "61.12", "61.71", "61.72",
];

async fn innovation(app: &App, region: &str, agency: &str, name: &str) -> Uuid {
    let agency = match agencies::create(
        app,
        &Caller::system(),
        &AgencyInput {
            region: region.into(),
            name: agency.into(),
            kind: None,
        },
    )
    .await
    {
        Ok(created) => created.id,
        // The same agency owns two of the eight.
        Err(_) => {
            let mut conn = app.db.read().await.unwrap();
            lumbung_store::agencies::find_by_name(
                &mut conn,
                &lumbung_service::domain::region::RegionCode::parse(region).unwrap(),
                agency,
            )
            .await
            .unwrap()
            .unwrap()
            .id
        }
    };
    let input = InnovationInput {
        agency_id: Some(agency),
        profile: ProfileInput {
            name: name.into(),
            stage: "penerapan".into(),
            kind: "digital".into(),
            form: "pelayanan_publik".into(),
            implementation_date: Some("2019-06-01".into()),
            main_affair: main_affair(name),
            design: Some(format!("Rancang bangun {name}.")),
            ..Default::default()
        },
        awards: Vec::new(),
    };
    let id = innovations::create(app, &Caller::system(), &input)
        .await
        .unwrap()
        .id;
    common::publish(app, id).await;
    id
}

/// The main affair of the health and education innovations, which matchmaking offers to a
/// region with no innovation in them.
fn main_affair(name: &str) -> Option<String> {
    if name.contains("Gigi") || name.contains("BINA") {
        Some("kesehatan".into())
    } else if name.starts_with("PJJ") {
        Some("pendidikan".into())
    } else {
        None
    }
}

/// A document as a link, through the multipart endpoint.
async fn document(
    router: &axum::Router,
    token: &str,
    case: Uuid,
    kind: &str,
    link: &str,
) -> StatusCode {
    let boundary = "----lumbungtest";
    let mut body = String::new();
    for (name, value) in [("kind", kind), ("title", ""), ("link", link)] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let request = Request::builder()
        .method("POST")
        .uri(format!("/api/v1/replications/{case}/documents"))
        .header(header::HOST, common::HOST)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    send(router, request).await.status
}

/// A case's certificate, asked for by anyone (it is public).
async fn certificate(router: &axum::Router, case: Uuid) -> common::Page {
    send(
        router,
        get(
            &format!("/api/v1/replications/{case}/certificate.pdf"),
            None,
        ),
    )
    .await
}

/// The index year a finished replication counts in: the current one.
fn this_year() -> i32 {
    use chrono::Datelike;
    lumbung_service::clock::local_day(
        &lumbung_service::domain::region::RegionCode::parse("61").unwrap(),
        chrono::Utc::now(),
    )
    .year()
}

fn id_of(value: &Value) -> Uuid {
    serde_json::from_value(value["id"].clone()).unwrap()
}

/// The level and score of an innovation's "Replikasi" row in its region's verified result.
async fn replikasi_row(
    router: &axum::Router,
    token: &str,
    region: &str,
    innovation: Uuid,
) -> (u64, f64) {
    let (status, view) = call(
        router,
        "GET",
        &format!("/api/v1/assessments/{region}/{}", this_year()),
        Some(token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    view["verified"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|line| {
            line["innovation"] == json!(innovation.to_string()) && line["indicator"] == "31"
        })
        .map_or((0, 0.0), |line| {
            (
                line["level"].as_u64().unwrap(),
                line["score"].as_f64().unwrap(),
            )
        })
}

#[tokio::test]
async fn kalbar_2022_is_entered_monitored_and_a_case_runs_to_the_index_m2_levels_unpublished_stay_private()
 {
    let (router, app, _db) = common::app().await;
    let regions =
        std::fs::read_to_string(common::shared_dir().join("data/wilayah/regions-level-1-2.csv"))
            .unwrap();
    lumbung_service::regions::import(&app, &Caller::system(), &regions)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (name, region, agency) in INNOVATIONS {
        ids.push(innovation(&app, region, agency, name).await);
    }
    let eopen = ids[1];
    let pikobar = ids[5];
    let kalbar = common::token(
        &app,
        "biro.organisasi@kalbarprov.go.id",
        "province_admin",
        "61",
    )
    .await;
    let sambas = common::token(
        &app,
        "bagian.organisasi@sambas.go.id",
        "regency_admin",
        "61.01",
    )
    .await;
    let bekasi = common::token(
        &app,
        "bagian.organisasi@bekasikota.go.id",
        "regency_admin",
        "32.75",
    )
    .await;
    let verifier = common::token(&app, "verifikator@kalbarprov.go.id", "verifier", "61").await;

    // ---- The programme as signed on 6 December 2021.
    let signatories: Vec<Value> = KALBAR
        .iter()
        .map(|code| json!({"name": format!("Sekretaris Daerah {code}"), "position": "Sekretaris Daerah", "region": code}))
        .collect();
    let programme_body = json!({
        "scope": "61",
        "year": 2022,
        "name": "Komitmen Replikasi Inovasi Pelayanan Publik Provinsi Kalbar Tahun 2022",
        "commitment_signed_on": "2021-12-06",
        "signatories": signatories,
        "mentoring_team": [
            {"name": "Hub JIPP Kalbar", "institution": "Hub JIPP Kalbar", "role": "pendamping"},
            {"name": "Tim Universitas Tanjungpura", "institution": "Universitas Tanjungpura", "role": "pendamping akademik"}
        ],
        "innovations": ids,
        "adopters": KALBAR,
    });
    let (status, _) = call(
        &router,
        "POST",
        "/api/v1/replication-programmes",
        Some(&sambas),
        Some(programme_body.clone()),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a regency does not run the province's programme"
    );
    let mut outside = programme_body.clone();
    outside["adopters"] = json!(["61.01", "32.75"]);
    let (status, body) = call(
        &router,
        "POST",
        "/api/v1/replication-programmes",
        Some(&kalbar),
        Some(outside),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, programme) = call(
        &router,
        "POST",
        "/api/v1/replication-programmes",
        Some(&kalbar),
        Some(programme_body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{programme}");
    let programme_id = id_of(&programme);
    assert_eq!(programme["innovations"].as_array().unwrap().len(), 8);
    assert_eq!(programme["rows"].as_array().unwrap().len(), 14);
    assert_eq!(programme["signatories"].as_array().unwrap().len(), 14);

    // ---- The kabupaten/kota choose: Sambas itself, the others entered by the province.
    let choices = format!("/api/v1/replication-programmes/{programme_id}/choices");
    let (status, opened) = call(
        &router,
        "POST",
        &choices,
        Some(&sambas),
        Some(json!({"adopter": "61.01", "innovations": [eopen, pikobar], "on": "2022-01-10"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{opened}");
    assert_eq!(opened.as_array().unwrap().len(), 2);
    let (status, _) = call(
        &router,
        "POST",
        &choices,
        Some(&sambas),
        Some(json!({"adopter": "61.02", "innovations": [eopen]})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "Sambas does not choose for Mempawah"
    );
    for (i, code) in KALBAR.iter().enumerate().skip(1) {
        let chosen = vec![ids[i % 8], ids[(i + 3) % 8]];
        let (status, body) = call(
            &router,
            "POST",
            &choices,
            Some(&kalbar),
            Some(json!({"adopter": code, "innovations": chosen, "on": "2022-01-12"})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (_, matrix) = call(
        &router,
        "GET",
        &format!("/api/v1/replication-programmes/{programme_id}"),
        None,
        None,
    )
    .await;
    assert_eq!(matrix["cases"], 28);
    let sambas_row = &matrix["rows"][0];
    assert_eq!(sambas_row["adopter"]["code"], "61.01");
    assert_eq!(
        sambas_row["cells"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| !c.is_null())
            .count(),
        2
    );

    let case = opened
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["innovation_id"] == json!(eopen))
        .map(id_of)
        .unwrap();
    let other = opened
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["innovation_id"] == json!(pikobar))
        .map(id_of)
        .unwrap();
    let transitions = format!("/api/v1/replications/{case}/transitions");

    // ---- Invalid steps are refused with clear errors and change nothing.
    let (status, body) = call(
        &router,
        "POST",
        &transitions,
        Some(&sambas),
        Some(json!({"step": "implement"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["error"]
            .as_str()
            .unwrap_or(&body.to_string())
            .contains("Persetujuan"),
        "{body}"
    );
    let (status, body) = call(
        &router,
        "POST",
        &transitions,
        Some(&sambas),
        Some(json!({"step": "agree", "on": "2022-02-01"})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the agreement document is missing: {body}"
    );
    assert_eq!(
        document(
            &router,
            &sambas,
            case,
            "agreement",
            "https://jdih.sambas.go.id/pks-eopen.pdf"
        )
        .await,
        StatusCode::CREATED
    );
    let (status, body) = call(
        &router,
        "POST",
        &transitions,
        Some(&sambas),
        Some(json!({"step": "agree", "on": "2022-02-01"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = call(
        &router,
        "POST",
        &transitions,
        Some(&sambas),
        Some(json!({"step": "approve", "on": "2022-02-15"})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the owner approves, not the adopter"
    );
    // The programme's commitment stands for the commitment document.
    let (status, body) = call(
        &router,
        "POST",
        &transitions,
        Some(&bekasi),
        Some(json!({"step": "approve", "on": "2022-02-15"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = call(
        &router,
        "POST",
        &transitions,
        Some(&sambas),
        Some(json!({"step": "implement", "on": "2022-03-01"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "implementation");

    // ---- The action plan, mentoring and a report.
    let items_uri = format!("/api/v1/replications/{case}/action-items");
    for (activity, target, status_code, progress) in [
        ("Penyusunan SK tim replikasi", "2022-03-15", "selesai", 100),
        (
            "Studi tiru ke Disdukcapil Kota Bekasi",
            "2022-04-30",
            "berjalan",
            50,
        ),
        (
            "Integrasi aplikasi dengan SIAK",
            "2022-05-31",
            "direncanakan",
            0,
        ),
    ] {
        let (status, body) = call(&router, "POST", &items_uri, Some(&sambas), Some(json!({
            "activity": activity, "person_in_charge": "Kabid Pelayanan Dukcapil Sambas",
            "start": "2022-03-01", "target": target, "output": "Laporan", "budget": "Rp 25.000.000",
            "status": status_code, "progress": progress, "weight": "1"
        }))).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, body) = call(
        &router,
        "POST",
        &items_uri,
        Some(&sambas),
        Some(json!({
            "activity": "Sosialisasi", "start": "2022-05-01", "target": "2022-04-01"
        })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, case_view) = call(
        &router,
        "GET",
        &format!("/api/v1/replications/{case}"),
        Some(&sambas),
        None,
    )
    .await;
    assert_eq!(
        case_view["progress"].as_f64().unwrap(),
        50.0,
        "(100 + 50 + 0) / 3"
    );
    let (status, body) = call(
        &router,
        "POST",
        &format!("/api/v1/replications/{case}/mentoring"),
        Some(&kalbar),
        Some(json!({
            "held_on": "2022-03-10", "mentor": "Hub JIPP Kalbar", "mode": "bimtek",
            "notes": "Bimtek penyusunan SOP layanan daring.", "follow_ups": "Kirim draf SOP."
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _) = call(&router, "POST", &format!("/api/v1/replications/{case}/reports"), Some(&sambas), Some(json!({
        "reported_on": "2022-03-20", "progress": 40, "obstacles": "Jaringan di kecamatan hulu.", "next_steps": "Uji coba di dua kecamatan."
    }))).await;
    assert_eq!(status, StatusCode::CREATED);

    // ---- Monitoring at the end of June: Sambas's e-OPen has overdue items and is silent;
    // cases still at the interest step are not monitored.
    let (status, monitored) = call(
        &router,
        "GET",
        &format!("/api/v1/replication-programmes/{programme_id}/monitoring?on=2022-06-30"),
        Some(&kalbar),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{monitored}");
    let first = &monitored[0];
    assert_eq!(first["case"]["id"], json!(case));
    let kinds: Vec<&str> = first["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["overdue_item", "overdue_item", "silent"]);
    assert!(first["messages"][2].as_str().unwrap().contains("102 hari"));
    assert!(
        monitored.as_array().unwrap()[1..]
            .iter()
            .all(|m| m["flags"].as_array().unwrap().is_empty())
    );
    let (status, _) = call(
        &router,
        "GET",
        &format!("/api/v1/replication-programmes/{programme_id}/monitoring"),
        Some(&sambas),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // ---- A rejected case refuses every edit.
    let other_uri = format!("/api/v1/replications/{other}/transitions");
    let (status, _) = call(
        &router,
        "POST",
        &other_uri,
        Some(&sambas),
        Some(json!({"step": "reject"})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a rejection needs its reason"
    );
    let (status, _) = call(
        &router,
        "POST",
        &other_uri,
        Some(&sambas),
        Some(json!({"step": "reject", "reason": "Aplikasi khusus pandemi; tidak relevan lagi."})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = call(
        &router,
        "PUT",
        &format!("/api/v1/replications/{other}"),
        Some(&sambas),
        Some(json!({"title": "PIKOBAR Sambas"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, _) = call(
        &router,
        "POST",
        &format!("/api/v1/replications/{other}/action-items"),
        Some(&sambas),
        Some(json!({"activity": "x", "start": "2022-03-01", "target": "2022-03-02"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = call(
        &router,
        "POST",
        &other_uri,
        Some(&sambas),
        Some(json!({"step": "agree"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // ---- No certificate for a case still in implementation, nor for an unknown one.
    let page = certificate(&router, case).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.html);
    assert!(
        page.html
            .contains("ditandatangani pemilik, replikator dan verifikator")
    );
    assert_eq!(
        certificate(&router, Uuid::now_v7()).await.status,
        StatusCode::NOT_FOUND
    );

    // ---- Done, signed off by the three, and the owner's index follows.
    let (status, body) = call(
        &router,
        "POST",
        &transitions,
        Some(&sambas),
        Some(json!({"step": "finish", "on": "2022-11-30"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let sign = format!("/api/v1/replications/{case}/sign-offs");
    let (status, _) = call(
        &router,
        "POST",
        &sign,
        Some(&sambas),
        Some(json!({"role": "verifier"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the adopter is no verifier");
    assert_eq!(
        replikasi_row(&router, &bekasi, "32.75", eopen).await,
        (0, 0.0)
    );
    let (status, body) = call(
        &router,
        "POST",
        &sign,
        Some(&bekasi),
        Some(json!({"role": "owner"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["complete"], false);
    let (status, _) = call(
        &router,
        "POST",
        &sign,
        Some(&sambas),
        Some(json!({"role": "adopter"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Done, but not signed off by all three yet.
    let page = certificate(&router, case).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.html);
    let (status, body) = call(
        &router,
        "POST",
        &sign,
        Some(&verifier),
        Some(json!({"role": "verifier"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["complete"], true);
    // Now the certificate is issued, to anyone.
    let page = certificate(&router, case).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert_eq!(page.header(header::CONTENT_TYPE), "application/pdf");
    assert!(page.html.starts_with("%PDF-"));
    assert!(page.header(header::CONTENT_DISPOSITION).contains(&format!(
        "sertifikat-replikasi-{}.pdf",
        lumbung_service::replications::certificate_code(case)
    )));
    assert_eq!(body["index"]["level"], 1);
    assert_eq!(body["index"]["year"], this_year());
    // Replikasi weighs 3: level 1 scores 3, with the case as accepted evidence.
    assert_eq!(
        replikasi_row(&router, &bekasi, "32.75", eopen).await,
        (1, 3.0)
    );
    // Both owner and adopter see the finished replication.
    let (_, listed) = call(
        &router,
        "GET",
        &format!("/api/v1/replications?innovation={eopen}&status=done"),
        None,
        None,
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["adopter_region"], "61.01");
    let (_, owner_view) = call(
        &router,
        "GET",
        &format!("/api/v1/replications/{case}"),
        Some(&bekasi),
        None,
    )
    .await;
    assert_eq!(owner_view["sign_offs"].as_array().unwrap().len(), 3);
    assert_eq!(owner_view["sides"]["owner"], true);

    // The innovation's public page lists the replication.
    let page = send(&router, common::get(&format!("/inovasi/{eopen}"), None)).await;
    assert_eq!(page.status, StatusCode::OK);
    let table = &page.html[page
        .html
        .find("daftar-replikasi")
        .expect("replication table")..];
    assert!(table.contains("Kabupaten Sambas"), "{table}");
    assert!(table.contains("Selesai"));
    let (_, all_eopen) = call(
        &router,
        "GET",
        &format!("/api/v1/replications?innovation={eopen}"),
        None,
        None,
    )
    .await;
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(
        table.matches("<tr><td>").count(),
        all_eopen.as_array().unwrap().len()
    );
    assert!(all_eopen.as_array().unwrap().len() > 1);

    // ---- The timeline and the audit log hold every step.
    let (_, timeline) = call(&router, "GET", &transitions, Some(&sambas), None).await;
    let steps: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["agree", "approve", "implement", "finish"]);
    assert_eq!(timeline[0]["taken_on"], "2022-02-01");
    let (_, log) = call(
        &router,
        "GET",
        &format!("/api/v1/audit?entity=replication_case&entity_id={case}"),
        Some(&kalbar),
        None,
    )
    .await;
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for expected in [
        "open",
        "agree",
        "approve",
        "implement",
        "finish",
        "sign_off",
    ] {
        assert!(actions.contains(&expected), "{expected} not in {actions:?}");
    }

    // ---- Suggestions for a Kalbar regency skip what it already replicates.
    let (status, suggestions) = call(
        &router,
        "GET",
        "/api/v1/replications/suggestions?region=61.01",
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{suggestions}");
    let suggested = suggestions.as_array().unwrap();
    assert_eq!(suggested.len(), 3, "{suggestions}");
    assert!(
        suggested[0]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("belum memiliki inovasi")
    );
    assert!(suggested.iter().all(|s| s["innovation"] != json!(eopen)));
    assert!(
        suggested
            .iter()
            .all(|s| !s["reasons"].as_array().unwrap().is_empty())
    );

    // Sambas is weak on "Alat kerja" (indicator 19, level 1 on its own innovation) and
    // PIKOBAR is strong on it (level 3): the suggestion says so.
    let sambas_agency = agencies::create(
        &app,
        &Caller::system(),
        &AgencyInput {
            region: "61.01".into(),
            name: "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sambas".into(),
            kind: None,
        },
    )
    .await
    .unwrap()
    .id;
    let own = common::add_innovation(&app, sambas_agency, "Sambas Melayani", "2021-01-01").await;
    for (region, innovation, level) in [("61.01", own, 1), ("32", pikobar, 3)] {
        lumbung_service::assessments::answer(
            &app,
            &Caller::system(),
            &lumbung_service::assessments::Target {
                region,
                year: this_year(),
                subject: lumbung_service::assessments::Subject::Innovation(innovation),
                indicator: "19",
            },
            level,
            None,
        )
        .await
        .unwrap();
    }
    // PIKOBAR's suggestion, or none, and the whole answer.
    let suggestion_for = |token: Option<String>| {
        let router = router.clone();
        async move {
            let (_, suggestions) = call(
                &router,
                "GET",
                "/api/v1/replications/suggestions?region=61.01",
                token.as_deref(),
                None,
            )
            .await;
            let pikobar = suggestions
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["innovation"] == json!(pikobar))
                .map(|s| s.to_string())
                .unwrap_or_default();
            (pikobar, suggestions.to_string())
        }
    };
    // M2: the year's levels are not published, so the public is not told them.
    let (_, public) = suggestion_for(None).await;
    assert!(!public.contains("Alat kerja"), "{public}");
    // National staff see the reason drawn from both regions' levels.
    let national = common::token(&app, "pusat@kemendagri.go.id", "national_admin", "ID").await;
    let (pikobar_suggestion, _) = suggestion_for(Some(national)).await;
    assert!(
        pikobar_suggestion.contains("Alat kerja"),
        "{pikobar_suggestion}"
    );
    // Once the year's results are published, everyone does.
    for action in [
        lumbung_service::assessments::WindowAction::Freeze,
        lumbung_service::assessments::WindowAction::Publish,
    ] {
        lumbung_service::assessments::set_window(&app, &Caller::system(), this_year(), action)
            .await
            .unwrap();
    }
    let (public, _) = suggestion_for(None).await;
    assert!(public.contains("Alat kerja"), "{public}");
}
