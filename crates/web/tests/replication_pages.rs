//! The replication pages through the real router, signed in through the form: Kalimantan
//! Barat's province builds its 2022 programme, Kabupaten Sambas chooses in the matrix and
//! runs its case step by step, Kota Bekasi approves as the owner, the province's verifier
//! signs the certificate; bad input comes back with its message and what was typed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::Router;
use axum::http::StatusCode;
use common::{add_user, csrf, get, post, send, sign_in};
use lumbung_service::agencies::{self, AgencyInput};
use lumbung_service::domain::innovation::ProfileInput;
use lumbung_service::innovations::{self, InnovationInput};
use lumbung_service::replications::programmes::{self, ChoiceInput, Mentor, ProgrammeInput};
use lumbung_service::replications::{self, DocumentInput, TransitionInput};
use lumbung_service::{App, Caller};
use lumbung_store::testing::TestDb;
use uuid::Uuid;

const PROVINCE: &str = "biro.organisasi@kalbarprov.go.id";
const SAMBAS: &str = "bagian.organisasi@sambas.go.id";
const BEKASI: &str = "bagian.organisasi@bekasikota.go.id";
const VERIFIER: &str = "verifikator@kalbarprov.go.id";

/// The innovations of the setup, by name.
struct Innovations {
    eopen: Uuid,
    pikobar: Uuid,
    gigi: Uuid,
}

async fn innovation(
    app: &App,
    region: &str,
    agency: &str,
    name: &str,
    affair: Option<&str>,
) -> Uuid {
    let agency = agencies::create(
        app,
        &Caller::system(),
        &AgencyInput {
            region: region.into(),
            name: agency.into(),
            kind: None,
        },
    )
    .await
    .unwrap()
    .id;
    let input = InnovationInput {
        agency_id: Some(agency),
        profile: ProfileInput {
            name: name.into(),
            stage: "penerapan".into(),
            kind: "digital".into(),
            form: "pelayanan_publik".into(),
            implementation_date: Some("2019-06-01".into()),
            main_affair: affair.map(str::to_owned),
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

/// Every province and kabupaten/kota, three innovations of other provinces, and the four
/// officials.
async fn setup() -> (Router, App, TestDb, Innovations) {
    let (router, app, db) = common::app().await;
    let regions =
        std::fs::read_to_string(common::shared_dir().join("data/wilayah/regions-level-1-2.csv"))
            .unwrap();
    lumbung_service::regions::import(&app, &Caller::system(), &regions)
        .await
        .unwrap();
    let found = Innovations {
        eopen: innovation(
            &app,
            "32.75",
            "Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi",
            "e-OPen (Elektronik Online Pelayanan Kependudukan)",
            None,
        )
        .await,
        pikobar: innovation(
            &app,
            "32",
            "Dinas Komunikasi dan Informatika Provinsi Jawa Barat",
            "PIKOBAR",
            None,
        )
        .await,
        gigi: innovation(
            &app,
            "32.18",
            "Dinas Kesehatan Kabupaten Pangandaran",
            "Menyeting Gigi Emas",
            Some("kesehatan"),
        )
        .await,
    };
    add_user(&app, PROVINCE, "province_admin", "61").await;
    add_user(&app, SAMBAS, "regency_admin", "61.01").await;
    add_user(&app, BEKASI, "regency_admin", "32.75").await;
    add_user(&app, VERIFIER, "verifier", "61").await;
    (router, app, db, found)
}

/// The programme of Sambas and Mempawah with the three innovations, its commitment signed.
async fn programme(app: &App, found: &Innovations) -> Uuid {
    programmes::create(
        app,
        &Caller::system(),
        &ProgrammeInput {
            scope: "61".into(),
            year: 2022,
            name: "Komitmen Replikasi Inovasi Pelayanan Publik Provinsi Kalbar Tahun 2022".into(),
            commitment_signed_on: Some(chrono::NaiveDate::from_ymd_opt(2021, 12, 6).unwrap()),
            mentoring_team: vec![Mentor {
                name: "Hub JIPP Kalbar".into(),
                institution: "Hub JIPP Kalbar".into(),
                role: "pendamping".into(),
            }],
            innovations: vec![found.eopen, found.pikobar, found.gigi],
            adopters: vec!["61.01".into(), "61.02".into()],
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .id
}

/// Sambas's case of `innovation` in the programme, taken through `steps` by the system.
async fn case(app: &App, programme: Uuid, innovation: Uuid, steps: &[&str]) -> Uuid {
    let opened = programmes::choose(
        app,
        &Caller::system(),
        programme,
        &ChoiceInput {
            adopter: "61.01".into(),
            innovations: vec![innovation],
            on: None,
        },
    )
    .await
    .unwrap();
    let id = opened[0].id;
    if !steps.is_empty() {
        replications::add_document(
            app,
            &Caller::system(),
            id,
            DocumentInput {
                kind: "agreement".into(),
                title: String::new(),
                link: Some("https://jdih.sambas.go.id/pks.pdf".into()),
                file: None,
            },
        )
        .await
        .unwrap();
    }
    for step in steps {
        replications::take_step(
            app,
            &Caller::system(),
            id,
            &TransitionInput {
                step: (*step).into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    id
}

fn case_page(id: Uuid) -> String {
    format!("/kelola/replikasi/kasus/{id}")
}

/// The first case id linked from a page.
fn first_case_link(html: &str) -> Uuid {
    let start = html
        .find("href=\"/kelola/replikasi/kasus/")
        .expect("a link to a case")
        + "href=\"/kelola/replikasi/kasus/".len();
    Uuid::parse_str(&html[start..start + 36]).unwrap()
}

use common::post_multipart;

/// Signs in and returns the cookie and the page's CSRF token.
async fn session(router: &Router, email: &str) -> (String, String) {
    let cookie = sign_in(router, email).await;
    let page = send(router, get("/kelola/replikasi", Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let token = csrf(&page.html);
    (cookie, token)
}

#[tokio::test]
async fn a_province_creates_its_programme_through_the_form() {
    let (router, app, _db, found) = setup().await;
    let (province, token) = session(&router, PROVINCE).await;

    // The dashboard and the list lead here.
    let dashboard = send(&router, get("/kelola", Some(&province))).await;
    assert!(dashboard.html.contains("href=\"/kelola/replikasi\""));
    let list = send(&router, get("/kelola/replikasi", Some(&province))).await;
    assert!(list.html.contains("Buat program"), "{}", list.html);

    // The form: the province is the only organiser, its kabupaten/kota are the adopters, the
    // innovations of other provinces are offered.
    let form = send(
        &router,
        get("/kelola/replikasi/program/baru", Some(&province)),
    )
    .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.html);
    assert!(form.html.contains("value=\"61.01\""), "{}", form.html);
    assert!(form.html.contains("Kabupaten Sambas"));
    assert!(form.html.contains("Menyeting Gigi Emas"));
    assert!(form.html.contains(&found.eopen.to_string()));

    // A search keeps what was typed and narrows the list.
    let searched = send(
        &router,
        post(
            "/kelola/replikasi/program/baru",
            Some(&province),
            &[
                ("csrf", &token),
                ("scope", "61"),
                ("name", "Replikasi Kalbar 2022"),
                ("q", "Gigi"),
                ("aksi", "cari"),
            ],
        ),
    )
    .await;
    assert_eq!(searched.status, StatusCode::OK, "{}", searched.html);
    assert!(searched.html.contains("Menyeting Gigi Emas"));
    assert!(!searched.html.contains("PIKOBAR"));
    assert!(searched.html.contains("value=\"Replikasi Kalbar 2022\""));

    // A bad form comes back with every message and the typed values.
    let eopen = found.eopen.to_string();
    let bad = send(
        &router,
        post(
            "/kelola/replikasi/program/baru",
            Some(&province),
            &[
                ("csrf", &token),
                ("scope", "61"),
                ("year", "2022"),
                ("name", "Komitmen Replikasi Kalbar 2022"),
                ("signatories", "Sekretaris Daerah Sambas tanpa jabatan"),
                ("adopters", "61.01"),
                ("aksi", "simpan"),
            ],
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.html);
    assert!(
        bad.html
            .contains("value=\"Komitmen Replikasi Kalbar 2022\"")
    );
    assert!(
        bad.html.contains("Pilih paling sedikit satu inovasi"),
        "{}",
        bad.html
    );
    assert!(bad.html.contains("Baris 1 tidak terbaca"), "{}", bad.html);
    assert!(bad.html.contains("Sekretaris Daerah Sambas tanpa jabatan"));
    // The adopter ticked stays ticked.
    assert!(bad.html.contains("value=\"61.01\" checked"), "{}", bad.html);

    // The service's own checks come back on the form too: a year out of range.
    let odd = send(
        &router,
        post(
            "/kelola/replikasi/program/baru",
            Some(&province),
            &[
                ("csrf", &token),
                ("scope", "61"),
                ("year", "1922"),
                ("name", "Komitmen Replikasi Kalbar 1922"),
                ("innovations", &eopen),
                ("adopters", "61.01"),
            ],
        ),
    )
    .await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        odd.html.contains("Tahun program tidak masuk akal"),
        "{}",
        odd.html
    );

    let pikobar = found.pikobar.to_string();
    let created = send(
        &router,
        post(
            "/kelola/replikasi/program/baru",
            Some(&province),
            &[
                ("csrf", &token),
                ("scope", "61"),
                ("year", "2022"),
                (
                    "name",
                    "Komitmen Replikasi Inovasi Pelayanan Publik Provinsi Kalbar Tahun 2022",
                ),
                ("commitment_signed_on", "2021-12-06"),
                (
                    "signatories",
                    "Fulan; Sekretaris Daerah Kabupaten Sambas; 61.01\nFulanah; Sekretaris Daerah Kabupaten Mempawah; 61.02",
                ),
                ("commitment_link", "https://jdih.kalbarprov.go.id/komitmen-2022.pdf"),
                (
                    "mentoring_team",
                    "Hub JIPP Kalbar; Hub JIPP Kalbar; pendamping\nTim Untan; Universitas Tanjungpura; pendamping akademik",
                ),
                ("innovations", &eopen),
                ("innovations", &pikobar),
                ("adopters", "61.01"),
                ("adopters", "61.02"),
                ("silent_after_days", "30"),
                ("aksi", "simpan"),
            ],
        ),
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    let location = created.location().to_owned();
    assert!(
        location.starts_with("/kelola/replikasi/program/"),
        "{location}"
    );
    assert!(location.ends_with("?hasil=dibuat"), "{location}");

    let shown = send(&router, get(&location, Some(&province))).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.html);
    for expected in [
        "Komitmen Replikasi Inovasi Pelayanan Publik Provinsi Kalbar Tahun 2022",
        "6 Desember 2021",
        "Sekretaris Daerah Kabupaten Mempawah",
        "Universitas Tanjungpura",
        "e-OPen (Elektronik Online Pelayanan Kependudukan)",
        "PIKOBAR",
        "Kabupaten Sambas",
        "Kabupaten Mempawah",
        "Ubah program",
        "Pemantauan",
    ] {
        assert!(shown.html.contains(expected), "{expected}: {}", shown.html);
    }
    let listed = programmes::list(&app, None).await.unwrap();
    assert_eq!(listed.len(), 1);

    // The organiser edits it: the form comes back filled in.
    let edit_uri = format!("/kelola/replikasi/program/{}/ubah", listed[0].id);
    let edit = send(&router, get(&edit_uri, Some(&province))).await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.html);
    assert!(
        edit.html
            .contains("Fulanah; Sekretaris Daerah Kabupaten Mempawah; 61.02")
    );

    // A regency admin does not organise programmes.
    let sambas = sign_in(&router, SAMBAS).await;
    let refused = send(
        &router,
        get("/kelola/replikasi/program/baru", Some(&sambas)),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let list = send(&router, get("/kelola/replikasi", Some(&sambas))).await;
    assert!(!list.html.contains("Buat program"));
}

#[tokio::test]
async fn an_adopter_chooses_in_the_matrix_and_takes_its_steps() {
    let (router, app, _db, found) = setup().await;
    let programme = programme(&app, &found).await;
    let dashboard = format!("/kelola/replikasi/program/{programme}");
    let (sambas, token) = session(&router, SAMBAS).await;

    // Sambas may choose on its own row only.
    let page = send(&router, get(&dashboard, Some(&sambas))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(page.html.contains("id=\"pilih-61-01\""), "{}", page.html);
    assert!(!page.html.contains("id=\"pilih-61-02\""));
    assert!(!page.html.contains("Ubah program"));

    let choose = format!("{dashboard}/pilih");
    let nothing = send(
        &router,
        post(
            &choose,
            Some(&sambas),
            &[("csrf", &token), ("adopter", "61.01")],
        ),
    )
    .await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nothing.html.contains("Centang paling sedikit satu inovasi"));
    let eopen = found.eopen.to_string();
    let other = send(
        &router,
        post(
            &choose,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("adopter", "61.02"),
                ("innovations", &eopen),
            ],
        ),
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "{}", other.html);
    assert!(
        other.html.contains("Hanya admin daerah replikator"),
        "{}",
        other.html
    );
    // A choice entered after the fact carries its day; a date that is none comes back kept.
    let bad_day = send(
        &router,
        post(
            &choose,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("adopter", "61.01"),
                ("innovations", &eopen),
                ("on", "31-02-2022"),
            ],
        ),
    )
    .await;
    assert_eq!(bad_day.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad_day.html.contains("value=\"31-02-2022\""),
        "{}",
        bad_day.html
    );
    let chosen = send(
        &router,
        post(
            &choose,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("adopter", "61.01"),
                ("innovations", &eopen),
                ("on", "2022-01-10"),
            ],
        ),
    )
    .await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.html);
    let cases = replications::list(
        &app,
        &replications::CaseQuery {
            innovation: Some(found.eopen),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let opened: Vec<String> = cases
        .iter()
        .filter(|c| c.adopter_region.to_string() == "61.01")
        .map(|c| c.opened_on.to_string())
        .collect();
    assert_eq!(opened, vec!["2022-01-10".to_owned()]);

    // The public list shows who replicates what, narrowed to a region as owner or adopter.
    let public = send(&router, get("/replikasi", None)).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.html.contains("Kabupaten Sambas"), "{}", public.html);
    assert!(public.html.contains("e-OPen"), "{}", public.html);
    let owner = send(&router, get("/replikasi?wilayah=32.75", None)).await;
    assert!(owner.html.contains("Kabupaten Sambas"));
    let elsewhere = send(&router, get("/replikasi?wilayah=51", None)).await;
    assert!(!elsewhere.html.contains("Kabupaten Sambas"));
    assert!(
        elsewhere
            .html
            .contains("Belum ada replikasi yang tercatat.")
    );
    assert!(
        chosen.location().contains("dibuka=1"),
        "{}",
        chosen.location()
    );

    // The chosen cell links to its case.
    let page = send(&router, get(chosen.location(), Some(&sambas))).await;
    assert!(
        page.html.contains("1 kasus replikasi dibuka"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Minat"));
    let id = first_case_link(&page.html);
    let case_uri = case_page(id);

    // The case page: at interest, Sambas may agree or reject, not approve.
    let page = send(&router, get(&case_uri, Some(&sambas))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(
        page.html
            .contains("e-OPen (Elektronik Online Pelayanan Kependudukan)")
    );
    assert!(page.html.contains("Kota Bekasi"));
    assert!(page.html.contains("value=\"agree\""));
    assert!(page.html.contains("value=\"reject\""));
    assert!(!page.html.contains("value=\"approve\""));
    assert!(page.html.contains("yang belum diunggah"), "{}", page.html);

    // Out of order: the Indonesian message, and nothing changes.
    let steps = format!("{case_uri}/langkah");
    let skipped = send(
        &router,
        post(
            &steps,
            Some(&sambas),
            &[("csrf", &token), ("step", "implement")],
        ),
    )
    .await;
    assert_eq!(skipped.status, StatusCode::CONFLICT, "{}", skipped.html);
    assert!(
        skipped
            .html
            .contains("hanya dapat diambil dari status &#34;Persetujuan&#34;")
            || skipped
                .html
                .contains("hanya dapat diambil dari status &quot;Persetujuan&quot;"),
        "{}",
        skipped.html
    );
    let view = replications::get(&app, &Caller::system(), id)
        .await
        .unwrap();
    assert_eq!(view.status.code(), "interest");
    assert!(view.transitions.is_empty());

    // Agreeing needs the agreement: the message, then the document through the form.
    let missing = send(
        &router,
        post(
            &steps,
            Some(&sambas),
            &[("csrf", &token), ("step", "agree")],
        ),
    )
    .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.html.contains("yang belum diunggah"),
        "{}",
        missing.html
    );
    let bad_document = send(
        &router,
        post_multipart(
            &format!("{case_uri}/dokumen"),
            &sambas,
            &[
                ("csrf", &token),
                ("kind", "agreement"),
                ("doc_title", "PKS e-OPen"),
                ("link", "jdih.sambas.go.id/pks.pdf"),
            ],
        ),
    )
    .await;
    assert_eq!(bad_document.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_document.html.contains("value=\"PKS e-OPen\""));
    assert!(
        bad_document
            .html
            .contains("Tautan harus alamat http(s) yang lengkap")
    );
    let document = send(
        &router,
        post_multipart(
            &format!("{case_uri}/dokumen"),
            &sambas,
            &[
                ("csrf", &token),
                ("kind", "agreement"),
                ("doc_title", "PKS e-OPen Sambas–Bekasi"),
                ("link", "https://jdih.sambas.go.id/pks-eopen.pdf"),
            ],
        ),
    )
    .await;
    assert_eq!(document.status, StatusCode::SEE_OTHER, "{}", document.html);
    let agreed = send(
        &router,
        post(
            &steps,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("step", "agree"),
                ("reason", "PKS ditandatangani kedua daerah."),
            ],
        ),
    )
    .await;
    assert_eq!(agreed.status, StatusCode::SEE_OTHER, "{}", agreed.html);

    // The owner approves (the programme's commitment counts as the commitment letter).
    let (bekasi, bekasi_token) = session(&router, BEKASI).await;
    let page = send(&router, get(&case_uri, Some(&bekasi))).await;
    assert!(page.html.contains("value=\"approve\""), "{}", page.html);
    assert!(page.html.contains("sudah tersedia"));
    let approved = send(
        &router,
        post(
            &steps,
            Some(&bekasi),
            &[("csrf", &bekasi_token), ("step", "approve")],
        ),
    )
    .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.html);
    let implemented = send(
        &router,
        post(
            &steps,
            Some(&sambas),
            &[("csrf", &token), ("step", "implement")],
        ),
    )
    .await;
    assert_eq!(
        implemented.status,
        StatusCode::SEE_OTHER,
        "{}",
        implemented.html
    );

    // The timeline: each reached status with its date, and each step with its actor.
    let page = send(&router, get(&case_uri, Some(&sambas))).await;
    for expected in [
        "Lini masa",
        "<strong>Kesepakatan</strong>",
        "<strong>Persetujuan</strong>",
        "<strong>Implementasi</strong>",
        "Sepakati",
        "Setujui",
        "Mulai implementasi",
        BEKASI,
        SAMBAS,
        "PKS ditandatangani kedua daerah.",
        "PKS e-OPen Sambas–Bekasi",
        "value=\"finish\"",
    ] {
        assert!(page.html.contains(expected), "{expected}: {}", page.html);
    }
    // The list of the caller's cases has it.
    let list = send(&router, get("/kelola/replikasi", Some(&sambas))).await;
    assert!(list.html.contains(&case_uri));
}

#[tokio::test]
async fn the_plan_mentoring_and_reports_are_kept_through_forms_and_monitored() {
    let (router, app, _db, found) = setup().await;
    let programme = programme(&app, &found).await;
    let id = case(
        &app,
        programme,
        found.eopen,
        &["agree", "approve", "implement"],
    )
    .await;
    let case_uri = case_page(id);
    let (sambas, token) = session(&router, SAMBAS).await;

    // An item past its target.
    let items = format!("{case_uri}/kegiatan");
    let added = send(
        &router,
        post(
            &items,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("activity", "Studi tiru ke Disdukcapil Kota Bekasi"),
                ("person_in_charge", "Kabid Pelayanan Dukcapil Sambas"),
                ("start", "2022-03-01"),
                ("target", "2022-03-15"),
                ("output", "Laporan studi tiru"),
                ("budget", "25.000.000"),
                ("item_status", "in_progress"),
                ("item_progress", "50"),
                ("weight", "1"),
            ],
        ),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.html);
    let page = send(&router, get(&case_uri, Some(&sambas))).await;
    for expected in [
        "Studi tiru ke Disdukcapil Kota Bekasi",
        "Rp 25.000.000",
        "Berjalan",
        "class=\"terlambat\"",
        "Terlambat",
        "50 %",
    ] {
        assert!(page.html.contains(expected), "{expected}: {}", page.html);
    }

    // A bad item: every message, and what was typed.
    let bad = send(
        &router,
        post(
            &items,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("activity", "Integrasi aplikasi dengan SIAK"),
                ("start", "2022-05-01"),
                ("target", "2022-04-01"),
                ("budget", "lima juta"),
                ("item_progress", "separuh"),
            ],
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.html);
    assert!(
        bad.html
            .contains("value=\"Integrasi aplikasi dengan SIAK\"")
    );
    assert!(bad.html.contains("value=\"lima juta\""));
    assert!(
        bad.html.contains("Kemajuan 0 sampai 100 persen"),
        "{}",
        bad.html
    );
    let bad = send(
        &router,
        post(
            &items,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("activity", "Integrasi aplikasi dengan SIAK"),
                ("start", "2022-05-01"),
                ("target", "2022-04-01"),
                ("budget", "lima juta"),
            ],
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.html
            .contains("Target selesai tidak boleh sebelum tanggal mulai"),
        "{}",
        bad.html
    );
    assert!(bad.html.contains("bukan angka rupiah"));
    assert_eq!(
        lumbung_service::replications::plans::items(&app, &Caller::system(), id)
            .await
            .unwrap()
            .len(),
        1
    );

    // A second item, then edited to done through its own form, then deleted.
    let second = send(
        &router,
        post(
            &items,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("activity", "Penyusunan SK tim replikasi"),
                ("start", "2022-03-01"),
                ("target", "2099-12-31"),
            ],
        ),
    )
    .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.html);
    let plan = lumbung_service::replications::plans::items(&app, &Caller::system(), id)
        .await
        .unwrap();
    let item = plan
        .iter()
        .find(|i| i.item.activity == "Penyusunan SK tim replikasi")
        .unwrap()
        .id;
    let form = send(
        &router,
        get(&format!("{case_uri}?kegiatan={item}"), Some(&sambas)),
    )
    .await;
    assert!(
        form.html
            .contains("Ubah kegiatan: Penyusunan SK tim replikasi")
    );
    assert!(
        form.html
            .contains(&format!("action=\"{case_uri}/kegiatan/{item}\""))
    );
    let edited = send(
        &router,
        post(
            &format!("{items}/{item}"),
            Some(&sambas),
            &[
                ("csrf", &token),
                ("activity", "Penyusunan SK tim replikasi"),
                ("start", "2022-03-01"),
                ("target", "2099-12-31"),
                ("item_status", "done"),
                ("item_progress", "100"),
            ],
        ),
    )
    .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.html);
    let view = replications::get(&app, &Caller::system(), id)
        .await
        .unwrap();
    assert_eq!(view.progress.to_string(), "75", "(50 + 100) / 2");
    let deleted = send(
        &router,
        post(
            &format!("{items}/{item}/hapus"),
            Some(&sambas),
            &[("csrf", &token)],
        ),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.html);
    let page = send(&router, get(&case_uri, Some(&sambas))).await;
    assert!(!page.html.contains("Penyusunan SK tim replikasi"));

    // Mentoring: a bad session, then a good one.
    let mentoring = format!("{case_uri}/pendampingan");
    let bad = send(
        &router,
        post(
            &mentoring,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("held_on", "2022-03-10"),
                ("mentor", "Hub JIPP Kalbar"),
                ("mode", "bimtek"),
                ("notes", " "),
            ],
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.html.contains("Isi catatan pendampingan"),
        "{}",
        bad.html
    );
    assert!(bad.html.contains("value=\"Hub JIPP Kalbar\""));
    let session_saved = send(
        &router,
        post(
            &mentoring,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("held_on", "2022-03-10"),
                ("mentor", "Hub JIPP Kalbar"),
                ("mode", "bimtek"),
                ("notes", "Bimtek penyusunan SOP layanan daring."),
                ("follow_ups", "Kirim draf SOP."),
            ],
        ),
    )
    .await;
    assert_eq!(
        session_saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        session_saved.html
    );

    // A progress report from the adopter.
    let reports = format!("{case_uri}/laporan");
    let bad = send(
        &router,
        post(
            &reports,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("report_progress", "150"),
                ("next_steps", "Uji coba"),
            ],
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("value=\"150\""));
    let reported = send(
        &router,
        post(
            &reports,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("report_progress", "40"),
                ("obstacles", "Jaringan di kecamatan hulu."),
                ("next_steps", "Uji coba di dua kecamatan."),
            ],
        ),
    )
    .await;
    assert_eq!(reported.status, StatusCode::SEE_OTHER, "{}", reported.html);
    let page = send(&router, get(&case_uri, Some(&sambas))).await;
    for expected in [
        "Bimtek penyusunan SOP layanan daring.",
        "Bimbingan teknis",
        "Kirim draf SOP.",
        "Jaringan di kecamatan hulu.",
        "Uji coba di dua kecamatan.",
        "40 %",
    ] {
        assert!(page.html.contains(expected), "{expected}: {}", page.html);
    }

    // The owner sees the log but reports nothing and keeps no plan.
    let bekasi = sign_in(&router, BEKASI).await;
    let page = send(&router, get(&case_uri, Some(&bekasi))).await;
    assert!(page.html.contains("Uji coba di dua kecamatan."));
    assert!(!page.html.contains("Sampaikan laporan kemajuan"));
    assert!(!page.html.contains("Tambah kegiatan"));
    assert!(page.html.contains("Catat sesi pendampingan"));

    // Monitoring: the overdue item is flagged; a regency may not look.
    let province = sign_in(&router, PROVINCE).await;
    let monitoring = format!("/kelola/replikasi/program/{programme}/pemantauan");
    let page = send(&router, get(&monitoring, Some(&province))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(
        page.html.contains("melewati target 15-03-2022"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Studi tiru ke Disdukcapil Kota Bekasi"));
    // Judged on an earlier day, nothing is late yet.
    let early = send(
        &router,
        get(&format!("{monitoring}?tanggal=2022-03-10"), Some(&province)),
    )
    .await;
    assert!(!early.html.contains("melewati target"), "{}", early.html);
    let bad_day = send(
        &router,
        get(&format!("{monitoring}?tanggal=kemarin"), Some(&province)),
    )
    .await;
    assert_eq!(bad_day.status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = send(&router, get(&monitoring, Some(&sambas))).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_rejected_case_shows_no_edit_forms_and_refuses_edits() {
    let (router, app, _db, found) = setup().await;
    let programme = programme(&app, &found).await;
    let id = case(&app, programme, found.pikobar, &[]).await;
    let case_uri = case_page(id);
    let (sambas, token) = session(&router, SAMBAS).await;

    let page = send(&router, get(&case_uri, Some(&sambas))).await;
    assert!(page.html.contains("Tambah kegiatan"));
    assert!(page.html.contains("Simpan adaptasi"));

    let steps = format!("{case_uri}/langkah");
    let no_reason = send(
        &router,
        post(
            &steps,
            Some(&sambas),
            &[("csrf", &token), ("step", "reject")],
        ),
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason.html.contains("Penolakan wajib disertai alasan"),
        "{}",
        no_reason.html
    );
    let rejected = send(
        &router,
        post(
            &steps,
            Some(&sambas),
            &[
                ("csrf", &token),
                ("step", "reject"),
                ("reason", "Aplikasi khusus pandemi; tidak relevan lagi."),
            ],
        ),
    )
    .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.html);

    let page = send(&router, get(&case_uri, Some(&sambas))).await;
    assert!(page.html.contains("Ditolak"));
    assert!(
        page.html
            .contains("Aplikasi khusus pandemi; tidak relevan lagi.")
    );
    for absent in [
        "/langkah\"",
        "/dokumen\"",
        "/ubah\"",
        "/kegiatan\"",
        "/pendampingan\"",
        "/laporan\"",
        "Tambah kegiatan",
    ] {
        assert!(!page.html.contains(absent), "{absent}: {}", page.html);
    }

    let edit = send(
        &router,
        post(
            &format!("{case_uri}/ubah"),
            Some(&sambas),
            &[("csrf", &token), ("title", "PIKOBAR Sambas")],
        ),
    )
    .await;
    assert_eq!(edit.status, StatusCode::CONFLICT, "{}", edit.html);
    assert!(edit.html.contains("sudah ditutup"), "{}", edit.html);
    let item = send(
        &router,
        post(
            &format!("{case_uri}/kegiatan"),
            Some(&sambas),
            &[
                ("csrf", &token),
                ("activity", "Sosialisasi"),
                ("start", "2022-03-01"),
                ("target", "2022-03-02"),
            ],
        ),
    )
    .await;
    assert_eq!(item.status, StatusCode::CONFLICT);
    let view = replications::get(&app, &Caller::system(), id)
        .await
        .unwrap();
    assert_eq!(view.title, "PIKOBAR");
}

#[tokio::test]
async fn sign_offs_through_the_buttons_complete_the_certificate() {
    let (router, app, _db, found) = setup().await;
    let programme = programme(&app, &found).await;
    let id = case(
        &app,
        programme,
        found.eopen,
        &["agree", "approve", "implement", "finish"],
    )
    .await;
    let case_uri = case_page(id);
    let sign = format!("{case_uri}/tandatangan");

    let (sambas, token) = session(&router, SAMBAS).await;
    let page = send(&router, get(&case_uri, Some(&sambas))).await;
    assert!(page.html.contains("Sertifikat replikasi"));
    assert!(
        page.html
            .contains("Tanda tangani sebagai daerah replikator")
    );
    assert!(!page.html.contains("Tanda tangani sebagai verifikator"));
    assert!(!page.html.contains("Tanda tangani sebagai pemilik inovasi"));
    // A done case is closed: no step, no plan form.
    assert!(!page.html.contains("/langkah\""));
    assert!(!page.html.contains("Tambah kegiatan"));
    let refused = send(
        &router,
        post(
            &sign,
            Some(&sambas),
            &[("csrf", &token), ("role", "verifier")],
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused
            .html
            .contains("Anda tidak dapat menandatangani sebagai verifikator")
    );
    let signed = send(
        &router,
        post(
            &sign,
            Some(&sambas),
            &[("csrf", &token), ("role", "adopter")],
        ),
    )
    .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.html);
    let page = send(&router, get(&case_uri, Some(&sambas))).await;
    assert!(
        !page
            .html
            .contains("Tanda tangani sebagai daerah replikator")
    );
    assert!(page.html.contains(SAMBAS));
    let twice = send(
        &router,
        post(
            &sign,
            Some(&sambas),
            &[("csrf", &token), ("role", "adopter")],
        ),
    )
    .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    let (bekasi, bekasi_token) = session(&router, BEKASI).await;
    let page = send(&router, get(&case_uri, Some(&bekasi))).await;
    assert!(page.html.contains("Tanda tangani sebagai pemilik inovasi"));
    let signed = send(
        &router,
        post(
            &sign,
            Some(&bekasi),
            &[("csrf", &bekasi_token), ("role", "owner")],
        ),
    )
    .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert!(!page.html.contains("certificate.pdf"));

    let (verifier, verifier_token) = session(&router, VERIFIER).await;
    let page = send(&router, get(&case_uri, Some(&verifier))).await;
    assert!(
        page.html.contains("Tanda tangani sebagai verifikator"),
        "{}",
        page.html
    );
    let signed = send(
        &router,
        post(
            &sign,
            Some(&verifier),
            &[("csrf", &verifier_token), ("role", "verifier")],
        ),
    )
    .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.html);
    assert!(
        signed.location().contains("hasil=lengkap"),
        "{}",
        signed.location()
    );
    let page = send(&router, get(signed.location(), Some(&verifier))).await;
    assert!(page.html.contains("Tanda tangan lengkap"));
    assert!(
        page.html
            .contains(&format!("/api/v1/replications/{id}/certificate.pdf"))
    );
    assert!(
        page.html.contains("Indikator Replikasi (31)"),
        "{}",
        page.html
    );
    assert!(
        page.html.contains("level 1, dari 1 daerah"),
        "{}",
        page.html
    );
    assert!(page.html.contains("href=\"/kelola/indeks/32.75/"));
    assert!(!page.html.contains("Tanda tangani sebagai"));
}

#[tokio::test]
async fn suggestions_list_their_reasons_and_open_a_case() {
    let (router, _app, _db, found) = setup().await;
    let (sambas, token) = session(&router, SAMBAS).await;

    let page = send(&router, get("/kelola/replikasi/saran", Some(&sambas))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(
        page.html.contains("Saran untuk Kabupaten Sambas"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Menyeting Gigi Emas"));
    assert!(
        page.html
            .contains("Urusan Kesehatan belum memiliki inovasi di daerah Anda"),
        "{}",
        page.html
    );
    assert!(
        page.html
            .contains("action=\"/kelola/replikasi/kasus/baru\"")
    );

    let gigi = found.gigi.to_string();
    let opened = send(
        &router,
        post(
            "/kelola/replikasi/kasus/baru",
            Some(&sambas),
            &[
                ("csrf", &token),
                ("innovation", &gigi),
                ("adopter", "61.01"),
            ],
        ),
    )
    .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.html);
    assert!(opened.location().starts_with("/kelola/replikasi/kasus/"));
    let page = send(&router, get(opened.location(), Some(&sambas))).await;
    assert!(
        page.html
            .contains("Kasus replikasi dibuka pada tahap Minat")
    );
    assert!(page.html.contains("Menyeting Gigi Emas"));

    // Opening it again is refused on the suggestions page; the innovation is no longer
    // suggested.
    let again = send(
        &router,
        post(
            "/kelola/replikasi/kasus/baru",
            Some(&sambas),
            &[
                ("csrf", &token),
                ("innovation", &gigi),
                ("adopter", "61.01"),
            ],
        ),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        again.html.contains("Daerah ini sudah mereplikasi"),
        "{}",
        again.html
    );
    assert!(!again.html.contains("Menyeting Gigi Emas"));

    // Only for the caller's own regions.
    let other = send(
        &router,
        get("/kelola/replikasi/saran?wilayah=61.02", Some(&sambas)),
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    // The province sees its kabupaten/kota to choose from.
    let province = sign_in(&router, PROVINCE).await;
    let page = send(
        &router,
        get("/kelola/replikasi/saran?wilayah=61.02", Some(&province)),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Saran untuk Kabupaten Mempawah"));
}

#[tokio::test]
async fn a_national_programme_offers_kabupaten_and_kota_as_adopters() {
    let (router, app, _db, _found) = setup().await;
    common::add_user(&app, "deputi@menpan.go.id", "national_admin", "ID").await;
    let (national, token) = session(&router, "deputi@menpan.go.id").await;
    let form = send(
        &router,
        post(
            "/kelola/replikasi/program/baru",
            Some(&national),
            &[("csrf", &token), ("scope", "ID"), ("aksi", "muat")],
        ),
    )
    .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.html);
    // Provinces and, under each, its kabupaten/kota.
    assert!(form.html.contains("value=\"61\""), "{}", form.html);
    assert!(
        form.html.contains("— Kabupaten Sambas (61.01)"),
        "{}",
        form.html
    );
    let province = form.html.find("value=\"61\"").unwrap();
    let regency = form.html.find("value=\"61.01\"").unwrap();
    assert!(
        province < regency,
        "a province comes before its kabupaten/kota"
    );
}
