//! The competition management pages through the real router, signed in through the form: an
//! admin sets a competition up; a proposer submits through the form (a section over its word
//! limit comes back with everything typed); the secretariat rejects with reasons that the
//! proposer reads, closes the administrative check, appoints jurors by e-mail and assigns;
//! a juror scores beside the proposal, sees only what is assigned, and declares a conflict;
//! a proposer cannot take the secretariat's steps; reopening needs a reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use axum::Router;
use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use common::{PASSWORD, Page, add_region, csrf, get, post, send, sign_in};
use lumbung_service::agencies::{self, AgencyInput};
use lumbung_service::auth::{self, GrantInput};
use lumbung_service::competitions::jury::{self, ScoreInput};
use lumbung_service::competitions::objections::{self, ObjectionInput};
use lumbung_service::competitions::proposals::{self, AttachmentInput, CheckInput, ProposalInput};
use lumbung_service::competitions::{self, rounds};
use lumbung_service::domain::competition::CompetitionSetup;
use lumbung_service::domain::competition::RoundKind;
use lumbung_service::domain::region::RegionCode;
use lumbung_service::{App, Caller};
use lumbung_store::testing::TestDb;
use uuid::Uuid;

const SECRETARIAT: &str = "sekretariat@kaltimprov.go.id";
const PASER: &str = "admin@paserkab.go.id";
const BALIKPAPAN: &str = "admin@balikpapan.go.id";
const JURORS: [&str; 3] = [
    "juri0@unmul.ac.id",
    "juri1@unmul.ac.id",
    "juri2@unmul.ac.id",
];
const NAME: &str = "Kompetisi Inovasi Pelayanan Publik Kalimantan Timur";

/// Today in Kalimantan Timur (WITA), where the competition is run.
fn today() -> NaiveDate {
    lumbung_service::clock::local_day(
        &lumbung_service::domain::region::RegionCode::parse("64").unwrap(),
        Utc::now(),
    )
}

fn words(prefix: &str, n: usize) -> String {
    (0..n)
        .map(|i| format!("{prefix}{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

struct World {
    router: Router,
    app: App,
    _db: TestDb,
    /// Each user's caller for direct service calls, by e-mail.
    callers: BTreeMap<&'static str, Caller>,
    /// Innovations by region: three old enough, then one implemented last year.
    innovations: BTreeMap<&'static str, Vec<Uuid>>,
}

impl World {
    fn caller(&self, email: &str) -> &Caller {
        &self.callers[email]
    }

    /// A GET of an address as a browser sends it: without its `#fragment`.
    async fn get(&self, uri: &str, cookie: &str) -> Page {
        let path = uri.split('#').next().unwrap_or(uri);
        send(&self.router, get(path, Some(cookie))).await
    }

    async fn post(&self, uri: &str, cookie: &str, form: &[(&str, &str)]) -> Page {
        send(&self.router, post(uri, Some(cookie), form)).await
    }

    /// A form POST with the CSRF token of the page at `from`.
    async fn submit(&self, from: &str, uri: &str, cookie: &str, form: &[(&str, &str)]) -> Page {
        let page = self.get(from, cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{from}: {}", page.html);
        let token = csrf(&page.html);
        let mut fields = vec![("csrf", token.as_str())];
        fields.extend_from_slice(form);
        self.post(uri, cookie, &fields).await
    }
}

async fn user(app: &App, email: &'static str, grants: &[(&str, &str)]) -> Caller {
    let grants: Vec<GrantInput> = grants
        .iter()
        .map(|(role, region)| GrantInput {
            role: (*role).into(),
            region: (*region).into(),
            agency_id: None,
        })
        .collect();
    auth::add_user(app, &Caller::system(), email, email, PASSWORD, &grants)
        .await
        .unwrap();
    let token = auth::create_token(app, &Caller::system(), email, "t")
        .await
        .unwrap();
    auth::bearer(app, &token).await.unwrap().unwrap()
}

use common::add_innovation as innovation;

/// Kabupaten Paser and Kota Balikpapan with their admins and innovations, the province's
/// secretariat, and three jurors without any role.
async fn world() -> World {
    let (router, app, db) = common::app().await;
    let mut callers = BTreeMap::new();
    callers.insert(
        SECRETARIAT,
        user(&app, SECRETARIAT, &[("province_admin", "64")]).await,
    );
    let mut innovations = BTreeMap::new();
    for (code, name, email) in [
        ("64.01", "Kabupaten Paser", PASER),
        ("64.71", "Kota Balikpapan", BALIKPAPAN),
    ] {
        add_region(&app, code, name).await;
        callers.insert(email, user(&app, email, &[("regency_admin", code)]).await);
        let agency = agencies::create(
            &app,
            &Caller::system(),
            &AgencyInput {
                region: code.into(),
                name: format!("Dinas Kesehatan {name}"),
                kind: None,
            },
        )
        .await
        .unwrap()
        .id;
        let mut list = Vec::new();
        for k in 0..3 {
            list.push(innovation(&app, agency, &format!("Layanan {k} {name}"), "2021-03-01").await);
        }
        let recent = format!("{}-01-15", today().year() - 1);
        list.push(innovation(&app, agency, &format!("Layanan baru {name}"), &recent).await);
        innovations.insert(code, list);
    }
    for email in JURORS {
        callers.insert(email, user(&app, email, &[]).await);
    }
    World {
        router,
        app,
        _db: db,
        callers,
        innovations,
    }
}

/// The secretariat sets the competition up through the form; its id.
async fn create_competition(w: &World, cookie: &str) -> Uuid {
    let opens = (today() - Duration::days(10)).to_string();
    let closes = (today() + Duration::days(20)).to_string();
    let year = today().year().to_string();
    let created = w
        .submit(
            "/kelola/kompetisi",
            "/kelola/kompetisi",
            cookie,
            &[
                ("name", NAME),
                ("year", &year),
                ("scope", "64"),
                ("registration_opens", &opens),
                ("registration_closes", &closes),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    let location = created.location();
    assert!(location.ends_with("?hasil=dibuat"), "{location}");
    let id = location
        .trim_start_matches("/kelola/kompetisi/")
        .trim_end_matches("?hasil=dibuat");
    Uuid::parse_str(id).unwrap()
}

fn proposal_input(innovation: Uuid, ringkasan_words: usize) -> ProposalInput {
    ProposalInput {
        innovation_id: Some(innovation),
        group: "umum".into(),
        category: "kesehatan".into(),
        replicated_innovation: None,
        sections: BTreeMap::from([
            ("ringkasan".to_owned(), words("ringkas", ringkasan_words)),
            ("kebaruan".to_owned(), words("baru", 300)),
            ("signifikansi".to_owned(), words("penting", 300)),
            ("adaptabilitas".to_owned(), words("adaptif", 200)),
            ("keberlanjutan".to_owned(), words("lanjut", 300)),
        ]),
        attachments: [
            ("standar_pelayanan", "https://jdih.example.go.id/sp.pdf"),
            (
                "maklumat_pelayanan",
                "https://jdih.example.go.id/maklumat.pdf",
            ),
            (
                "sk_pengelola_pengaduan",
                "https://jdih.example.go.id/sk.pdf",
            ),
            ("video", "https://video.example.go.id/inovasi"),
        ]
        .iter()
        .map(|(code, url)| AttachmentInput {
            code: (*code).into(),
            url: (*url).into(),
        })
        .collect(),
    }
}

/// The proposal form's fields for an innovation, with a summary of `ringkasan_words` words.
fn proposal_form(innovation: &str, ringkasan: &str) -> Vec<(String, String)> {
    let input = proposal_input(Uuid::nil(), 0);
    let mut form: Vec<(String, String)> = vec![
        ("innovation_id".into(), innovation.into()),
        ("group".into(), "umum".into()),
        ("category".into(), "kesehatan".into()),
        ("replicated_innovation".into(), String::new()),
        ("sections.ringkasan".into(), ringkasan.into()),
    ];
    for (code, text) in &input.sections {
        if code != "ringkasan" {
            form.push((format!("sections.{code}"), text.clone()));
        }
    }
    // Sections and attachments of kelompok replikasi are on the form too, left empty.
    for code in ["inspirasi", "proses_replikasi", "faktor_pembeda"] {
        form.push((format!("sections.{code}"), String::new()));
    }
    for attachment in &input.attachments {
        form.push((
            format!("attachments.{}", attachment.code),
            attachment.url.clone(),
        ));
    }
    form.push((
        "attachments.surat_pernyataan_replikasi".into(),
        String::new(),
    ));
    form
}

fn borrowed(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Two proposals from Paser and two from Balikpapan, through the service; their ids.
async fn four_proposals(w: &World, id: Uuid) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for (code, email) in [("64.01", PASER), ("64.71", BALIKPAPAN)] {
        for innovation in &w.innovations[code][..2] {
            let view = proposals::submit(
                &w.app,
                w.caller(email),
                id,
                &proposal_input(*innovation, 150),
            )
            .await
            .unwrap();
            ids.push(view.id);
        }
    }
    ids
}

/// Every proposal passed, the administrative check closed through the form.
async fn into_desk_evaluation(w: &World, id: Uuid, cookie: &str) -> Vec<Uuid> {
    let ids = four_proposals(w, id).await;
    for pid in &ids {
        let input = CheckInput {
            passed: true,
            ..Default::default()
        };
        proposals::check(&w.app, w.caller(SECRETARIAT), id, *pid, &input)
            .await
            .unwrap();
    }
    let dashboard = format!("/kelola/kompetisi/{id}");
    let closed = w
        .submit(
            &dashboard,
            &format!("{dashboard}/tahap/administrative_check/tutup"),
            cookie,
            &[],
        )
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.html);
    ids
}

/// Desk evaluation with the three jurors appointed by e-mail and assigned through the
/// forms; the assignment as (proposal → jurors' e-mails).
async fn assigned(w: &World, id: Uuid, cookie: &str) -> BTreeMap<Uuid, Vec<&'static str>> {
    into_desk_evaluation(w, id, cookie).await;
    let dashboard = format!("/kelola/kompetisi/{id}");
    for email in JURORS {
        let added = w
            .submit(
                &dashboard,
                &format!("{dashboard}/juri"),
                cookie,
                &[("email", email)],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.html);
    }
    let done = w
        .submit(&dashboard, &format!("{dashboard}/penugasan"), cookie, &[])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let view = jury::assignments(&w.app, w.caller(SECRETARIAT), id, RoundKind::DeskEvaluation)
        .await
        .unwrap();
    view.rows
        .iter()
        .map(|row| {
            let emails = row
                .jurors
                .iter()
                .map(|juror| {
                    JURORS
                        .iter()
                        .copied()
                        .find(|email| w.caller(email).user_id() == Some(juror.user_id))
                        .unwrap()
                })
                .collect();
            (row.proposal_id, emails)
        })
        .collect()
}

async fn title(w: &World, id: Uuid, pid: Uuid) -> String {
    proposals::get(&w.app, w.caller(SECRETARIAT), id, pid)
        .await
        .unwrap()
        .title
}

fn sheet(kebaruan: &str) -> Vec<(&'static str, String)> {
    vec![
        ("scores.kebaruan", kebaruan.to_owned()),
        ("scores.efektivitas", "80".to_owned()),
        ("scores.manfaat", "75".to_owned()),
        ("scores.adaptabilitas", "70".to_owned()),
        ("scores.keberlanjutan", "90".to_owned()),
        ("note", "Dampaknya terukur di tiga puskesmas.".to_owned()),
    ]
}

#[tokio::test]
async fn an_admin_sets_a_competition_up_through_the_form() {
    let w = world().await;
    let secretariat = sign_in(&w.router, SECRETARIAT).await;

    let list = w.get("/kelola/kompetisi", &secretariat).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.html);
    assert!(list.html.contains("Buat kompetisi"));
    assert!(list.html.contains("<option value=\"64\""), "{}", list.html);

    // Nothing readable: every problem comes back with what was typed.
    let refused = w
        .submit(
            "/kelola/kompetisi",
            "/kelola/kompetisi",
            &secretariat,
            &[
                ("name", ""),
                ("year", "2027"),
                ("scope", "64"),
                ("registration_opens", "kemarin"),
                ("registration_closes", "2027-03-31"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.html.contains("Nama kompetisi wajib diisi."));
    assert!(refused.html.contains("value=\"kemarin\""));
    assert!(refused.html.contains("value=\"2027-03-31\""));
    assert!(refused.html.contains("Periksa kembali isian berikut"));

    let id = create_competition(&w, &secretariat).await;
    let dashboard = w
        .get(
            &format!("/kelola/kompetisi/{id}?hasil=dibuat"),
            &secretariat,
        )
        .await;
    assert_eq!(dashboard.status, StatusCode::OK, "{}", dashboard.html);
    assert!(dashboard.html.contains(NAME));
    assert!(dashboard.html.contains("pengaturan bawaan KIPP"));
    assert!(dashboard.html.contains("Seleksi administrasi"));
    assert!(dashboard.html.contains("Sedang berjalan"));
    assert!(dashboard.html.contains(&format!(
        "/kelola/kompetisi/{id}/tahap/administrative_check/tutup"
    )));
    let view = competitions::get(&w.app, id).await.unwrap();
    assert_eq!(view.scope.as_str(), "64");
    assert_eq!(view.current_round, Some(RoundKind::AdministrativeCheck));

    // A regency admin sees the competition open for proposals, and no set-up form; setting
    // one up anyway is refused.
    let paser = sign_in(&w.router, PASER).await;
    let list = w.get("/kelola/kompetisi", &paser).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.html.contains("Buat kompetisi"));
    assert!(list.html.contains(NAME));
    assert!(
        list.html
            .contains(&format!("/kelola/kompetisi/{id}/usulan/baru"))
    );
    let year = today().year().to_string();
    let refused = w
        .submit(
            "/kelola/kompetisi",
            "/kelola/kompetisi",
            &paser,
            &[
                ("name", "Kompetisi Paser"),
                ("year", &year),
                ("scope", "64"),
                ("registration_opens", "2027-01-01"),
                ("registration_closes", "2027-01-31"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.html);
    assert!(refused.html.contains("tidak berwenang"));
    assert_eq!(competitions::list(&w.app, None).await.unwrap().len(), 1);

    // The management dashboard leads here.
    let home = w.get("/kelola", &paser).await;
    assert!(home.html.contains("href=\"/kelola/kompetisi\""));
}

#[tokio::test]
async fn a_proposer_submits_through_the_form_and_a_long_section_comes_back_as_typed() {
    let w = world().await;
    let secretariat = sign_in(&w.router, SECRETARIAT).await;
    let id = create_competition(&w, &secretariat).await;
    let paser = sign_in(&w.router, PASER).await;
    let form_uri = format!("/kelola/kompetisi/{id}/usulan/baru");

    let form = w.get(&form_uri, &paser).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.html);
    // Only the innovations the proposer manages.
    assert!(form.html.contains("Layanan 0 Kabupaten Paser"));
    assert!(!form.html.contains("Kota Balikpapan"));
    assert!(form.html.contains("Paling banyak 200 kata."));
    assert!(form.html.contains("name=\"attachments.video\""));

    // A 250-word summary: 422, every field as typed, the message beside the field and on top.
    let innovation = w.innovations["64.01"][0].to_string();
    let long = words("ringkas", 250);
    let fields = proposal_form(&innovation, &long);
    let refused = w
        .submit(&form_uri, &form_uri, &paser, &borrowed(&fields))
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.html
    );
    assert!(
        refused
            .html
            .contains("berisi 250 kata; paling banyak 200 kata")
    );
    assert!(refused.html.contains("Periksa kembali isian berikut"));
    assert!(refused.html.contains("href=\"#f-sections.ringkasan\""));
    assert!(refused.html.contains(&long), "the summary as typed");
    assert!(refused.html.contains(&words("baru", 300)));
    assert!(
        refused
            .html
            .contains(&format!("value=\"{innovation}\" selected"))
    );
    assert!(
        refused
            .html
            .contains("value=\"https://video.example.go.id/inovasi\"")
    );
    assert!(refused.html.contains("Terisi 250 kata."));

    // An innovation implemented last year fails a rule with no field of its own: on top.
    let recent = w.innovations["64.01"][3].to_string();
    let fields = proposal_form(&recent, &words("ringkas", 150));
    let refused = w
        .submit(&form_uri, &form_uri, &paser, &borrowed(&fields))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.html.contains("paling sedikit 24 bulan penerapan"),
        "{}",
        refused.html
    );

    // Within the limits it goes in, and the proposer reads it back.
    let fields = proposal_form(&innovation, &words("ringkas", 150));
    let submitted = w
        .submit(&form_uri, &form_uri, &paser, &borrowed(&fields))
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.html
    );
    let location = submitted.location().to_owned();
    assert!(location.ends_with("?hasil=diajukan"), "{location}");
    let page = w.get(&location, &paser).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(page.html.contains("Layanan 0 Kabupaten Paser"));
    assert!(page.html.contains("Usulan diajukan."));
    assert!(page.html.contains("status-submitted"));
    assert!(page.html.contains("Diajukan"));
    assert!(page.html.contains("ringkas149"));
    assert!(
        page.html
            .contains("href=\"https://jdih.example.go.id/sp.pdf\"")
    );
    assert!(page.html.contains("Standar pelayanan"));
    // The profile as copied at submission.
    assert!(page.html.contains("Profil inovasi saat diajukan"));
    assert!(page.html.contains("1 Maret 2021"));
    assert!(
        page.html
            .contains("Rancang bangun Layanan 0 Kabupaten Paser.")
    );

    let list = w
        .get(&format!("/kelola/kompetisi/{id}/usulan"), &paser)
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.html.contains("Layanan 0 Kabupaten Paser"));
    // The same innovation twice is refused with the service's message on the form.
    let again = w
        .submit(&form_uri, &form_uri, &paser, &borrowed(&fields))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.html.contains("sudah diajukan pada kompetisi ini"));
}

#[tokio::test]
async fn the_secretariat_rejects_with_reasons_that_the_proposer_reads() {
    let w = world().await;
    let secretariat = sign_in(&w.router, SECRETARIAT).await;
    let id = create_competition(&w, &secretariat).await;
    let ids = four_proposals(&w, id).await;
    let rejected = ids[1];
    let dashboard = format!("/kelola/kompetisi/{id}");

    let page = w.get(&dashboard, &secretariat).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("4 usulan: 4 belum diperiksa"));
    assert!(page.html.contains("Loloskan"));
    assert!(page.html.contains("Isian proposal tidak relevan"));
    let action = format!("{dashboard}/usulan/{rejected}/periksa");

    // Rejecting without a reason: 422, the note kept, the form open at its row.
    let refused = w
        .submit(
            &dashboard,
            &action,
            &secretariat,
            &[("keputusan", "tolak"), ("note", "Catatan sementara.")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .html
            .contains("Pilih paling sedikit satu alasan penolakan.")
    );
    assert!(refused.html.contains("Catatan sementara."));
    assert!(
        refused
            .html
            .contains(&format!("href=\"#usulan-{rejected}\""))
    );

    let done = w
        .submit(
            &dashboard,
            &action,
            &secretariat,
            &[
                ("keputusan", "tolak"),
                ("reasons", "irrelevant_answers"),
                ("reasons", "duplicate_title"),
                ("note", "Jawaban kebaruan menyalin profil inovasi."),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert_eq!(
        done.location(),
        format!("{dashboard}?hasil=diperiksa#usulan-{rejected}")
    );
    let passed = w
        .submit(
            &dashboard,
            &format!("{dashboard}/usulan/{}/periksa", ids[0]),
            &secretariat,
            &[("keputusan", "lolos")],
        )
        .await;
    assert_eq!(passed.status, StatusCode::SEE_OTHER);
    let page = w.get(&dashboard, &secretariat).await;
    assert!(
        page.html
            .contains("4 usulan: 2 belum diperiksa, 1 lolos, 1 tidak lolos.")
    );

    // The proposer reads the reasons and the note, in the list and on the proposal.
    let paser = sign_in(&w.router, PASER).await;
    let redirected = w.get(&dashboard, &paser).await;
    assert_eq!(redirected.status, StatusCode::SEE_OTHER);
    assert_eq!(redirected.location(), format!("{dashboard}/usulan"));
    let list = w.get(&format!("{dashboard}/usulan"), &paser).await;
    assert_eq!(list.status, StatusCode::OK);
    for text in [
        "Tidak lolos seleksi administrasi",
        "Isian proposal tidak relevan",
        "Judul yang sama dipakai untuk beberapa proposal",
        "Jawaban kebaruan menyalin profil inovasi.",
        "Lolos seleksi administrasi",
    ] {
        assert!(list.html.contains(text), "{text}: {}", list.html);
    }
    let proposal = w
        .get(&format!("{dashboard}/usulan/{rejected}"), &paser)
        .await;
    assert_eq!(proposal.status, StatusCode::OK);
    assert!(
        proposal
            .html
            .contains("Alasan tidak lolos seleksi administrasi")
    );
    assert!(proposal.html.contains("Isian proposal tidak relevan"));

    // Balikpapan's admin sees only Balikpapan's proposals, and not Paser's rejected one.
    let balikpapan = sign_in(&w.router, BALIKPAPAN).await;
    let theirs = w.get(&format!("{dashboard}/usulan"), &balikpapan).await;
    assert!(theirs.html.contains("Kota Balikpapan"));
    assert!(!theirs.html.contains("Layanan 1 Kabupaten Paser"));
    let foreign = w
        .get(&format!("{dashboard}/usulan/{rejected}"), &balikpapan)
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_proposer_cannot_take_the_secretariats_steps() {
    let w = world().await;
    let secretariat = sign_in(&w.router, SECRETARIAT).await;
    let id = create_competition(&w, &secretariat).await;
    let ids = four_proposals(&w, id).await;
    let paser = sign_in(&w.router, PASER).await;
    let dashboard = format!("/kelola/kompetisi/{id}");
    // The proposer's own page carries a token to send with the forms.
    let from = format!("{dashboard}/usulan");
    let long_reason = "Pemeriksaan perlu diulang karena salah input.";
    let steps: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("{dashboard}/tahap/administrative_check/tutup"),
            vec![],
        ),
        (
            format!("{dashboard}/usulan/{}/periksa", ids[0]),
            vec![("keputusan", "lolos")],
        ),
        (format!("{dashboard}/juri"), vec![("email", JURORS[0])]),
        (format!("{dashboard}/penugasan"), vec![]),
        (
            format!("{dashboard}/tahap/administrative_check/buka-kembali"),
            vec![("reason", long_reason)],
        ),
        (format!("{dashboard}/pengaturan"), vec![("setup", "{}")]),
    ];
    for (uri, form) in &steps {
        let answer = w.submit(&from, uri, &paser, form).await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{uri}: {}",
            answer.html
        );
        assert!(!answer.html.contains("Tutup tahap"));
    }
    let settings = w.get(&format!("{dashboard}/pengaturan"), &paser).await;
    assert_eq!(settings.status, StatusCode::FORBIDDEN);
    // Nothing changed.
    let view = competitions::get(&w.app, id).await.unwrap();
    assert_eq!(view.current_round, Some(RoundKind::AdministrativeCheck));
    let all = proposals::list(&w.app, w.caller(SECRETARIAT), id, None)
        .await
        .unwrap();
    assert!(all.iter().all(|p| p.status == "submitted"));
    // Someone with no part in the competition is refused its dashboard.
    let juror = sign_in(&w.router, JURORS[0]).await;
    let page = w.get(&dashboard, &juror).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn jurors_are_appointed_by_email_and_score_beside_the_proposal() {
    let w = world().await;
    let secretariat = sign_in(&w.router, SECRETARIAT).await;
    let id = create_competition(&w, &secretariat).await;
    let dashboard = format!("/kelola/kompetisi/{id}");

    // An address without an account comes back with the message and as typed.
    into_desk_evaluation(&w, id, &secretariat).await;
    let page = w.get(&dashboard, &secretariat).await;
    assert!(page.html.contains("Tahap berjalan: Penilaian proposal"));
    let unknown = w
        .submit(
            &dashboard,
            &format!("{dashboard}/juri"),
            &secretariat,
            &[("email", "bukan.juri@example.com")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.html.contains("Belum ada pengguna dengan surel ini"));
    assert!(unknown.html.contains("value=\"bukan.juri@example.com\""));
    // Assigning with no juror yet: the service's refusal on the page.
    let none = w
        .submit(
            &dashboard,
            &format!("{dashboard}/penugasan"),
            &secretariat,
            &[],
        )
        .await;
    assert_eq!(none.status, StatusCode::CONFLICT, "{}", none.html);

    for email in JURORS {
        let added = w
            .submit(
                &dashboard,
                &format!("{dashboard}/juri"),
                &secretariat,
                &[("email", email)],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.html);
    }
    let done = w
        .submit(
            &dashboard,
            &format!("{dashboard}/penugasan"),
            &secretariat,
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let page = w.get(&dashboard, &secretariat).await;
    assert!(page.html.contains("Penugasan juri: Penilaian proposal"));
    assert!(page.html.contains("8 lembar penilaian belum dikirim juri."));
    for email in JURORS {
        assert!(page.html.contains(email));
    }

    let assignment =
        jury::assignments(&w.app, w.caller(SECRETARIAT), id, RoundKind::DeskEvaluation)
            .await
            .unwrap();
    let juror_id = w.caller(JURORS[0]).user_id().unwrap();
    let mine: Vec<Uuid> = assignment
        .rows
        .iter()
        .filter(|row| row.jurors.iter().any(|j| j.user_id == juror_id))
        .map(|row| row.proposal_id)
        .collect();
    let others: Vec<Uuid> = assignment
        .rows
        .iter()
        .filter(|row| !row.jurors.iter().any(|j| j.user_id == juror_id))
        .map(|row| row.proposal_id)
        .collect();
    assert!(!mine.is_empty() && !others.is_empty());

    // The juror is sent to their list, which holds only what is assigned to them.
    let juror = sign_in(&w.router, JURORS[0]).await;
    let redirected = w.get(&dashboard, &juror).await;
    assert_eq!(redirected.status, StatusCode::SEE_OTHER);
    assert_eq!(redirected.location(), format!("{dashboard}/penilaian"));
    let list = w.get(&format!("{dashboard}/penilaian"), &juror).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.html);
    for pid in &mine {
        assert!(
            list.html
                .contains(&format!("{dashboard}/penilaian/{pid}\""))
        );
        assert!(list.html.contains(&title(&w, id, *pid).await));
    }
    for pid in &others {
        assert!(!list.html.contains(&pid.to_string()));
        assert!(!list.html.contains(&title(&w, id, *pid).await));
    }
    assert!(list.html.contains("belum dinilai"));

    // The proposal and the form side by side.
    let pid = mine[0];
    let uri = format!("{dashboard}/penilaian/{pid}");
    let page = w.get(&uri, &juror).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let grid = page
        .html
        .find("class=\"kolom-nilai\"")
        .expect("two columns");
    let left = page.html.find("class=\"kolom-usulan\"").unwrap();
    let right = page.html.find("class=\"kolom-form\"").unwrap();
    assert!(grid < left && left < right);
    assert!(page.html[left..right].contains(&title(&w, id, pid).await));
    assert!(page.html[left..right].contains("ringkas149"));
    assert!(page.html[left..right].contains("href=\"https://video.example.go.id/inovasi\""));
    assert!(page.html[right..].contains("name=\"scores.kebaruan\""));
    assert!(page.html[right..].contains("Bobot 20 %"));
    assert!(page.html[right..].contains("Nyatakan konflik kepentingan"));

    // Out of range: 422, the message, everything as typed.
    let out = sheet("150");
    let refused = w.submit(&uri, &uri, &juror, &borrowed_static(&out)).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.html
    );
    assert!(refused.html.contains("harus 0 sampai 100, bukan 150"));
    assert!(refused.html.contains("value=\"150\""));
    assert!(refused.html.contains("value=\"90\""));
    assert!(
        refused
            .html
            .contains("Dampaknya terukur di tiga puskesmas.")
    );
    assert!(refused.html.contains("class=\"kolom-nilai\""));

    // A valid sheet is saved and comes back filled in.
    let valid = sheet("85");
    let saved = w.submit(&uri, &uri, &juror, &borrowed_static(&valid)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    let again = w.get(saved.location(), &juror).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.html.contains("Nilai disimpan."));
    assert!(
        again.html.contains("name=\"scores.kebaruan\" value=\"85\""),
        "{}",
        again.html
    );
    assert!(
        again
            .html
            .contains("name=\"scores.keberlanjutan\" value=\"90\"")
    );
    assert!(again.html.contains("Dampaknya terukur di tiga puskesmas."));
    assert!(again.html.contains("total 80,00"));
    let sheets = jury::sheets(&w.app, w.caller(JURORS[0]), id, RoundKind::DeskEvaluation)
        .await
        .unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0].total, rust_decimal::Decimal::from(80));
    let list = w.get(&format!("{dashboard}/penilaian"), &juror).await;
    assert!(list.html.contains("sudah dinilai"));

    // A proposal not assigned to them: neither its page nor a sheet.
    let other = others[0];
    let foreign = w
        .get(&format!("{dashboard}/penilaian/{other}"), &juror)
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert!(!foreign.html.contains(&title(&w, id, other).await));
    let token = csrf(&list.html);
    let mut form = vec![("csrf", token.as_str())];
    form.extend(borrowed_static(&valid));
    let scored = w
        .post(&format!("{dashboard}/penilaian/{other}"), &juror, &form)
        .await;
    assert_eq!(scored.status, StatusCode::FORBIDDEN);
    let foreign = w.get(&format!("{dashboard}/usulan/{other}"), &juror).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
}

fn borrowed_static<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn a_declared_conflict_takes_the_proposal_off_the_jurors_list() {
    let w = world().await;
    let secretariat = sign_in(&w.router, SECRETARIAT).await;
    let id = create_competition(&w, &secretariat).await;
    let assignment = assigned(&w, id, &secretariat).await;
    let dashboard = format!("/kelola/kompetisi/{id}");
    let (pid, _) = assignment
        .iter()
        .find(|(_, jurors)| jurors.contains(&JURORS[1]))
        .unwrap();
    let juror = sign_in(&w.router, JURORS[1]).await;
    let uri = format!("{dashboard}/penilaian/{pid}");

    // Without a reason: refused on the page, the proposal still theirs.
    let refused = w
        .submit(&uri, &format!("{uri}/konflik"), &juror, &[("reason", " ")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .html
            .contains("Tuliskan alasan konflik kepentingan.")
    );
    assert!(refused.html.contains("class=\"kolom-nilai\""));

    let declared = w
        .submit(
            &uri,
            &format!("{uri}/konflik"),
            &juror,
            &[("reason", "Saya pernah membimbing tim inovasi ini.")],
        )
        .await;
    assert_eq!(declared.status, StatusCode::SEE_OTHER, "{}", declared.html);
    assert_eq!(
        declared.location(),
        format!("{dashboard}/penilaian?hasil=konflik")
    );
    let list = w.get(declared.location(), &juror).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.html.contains("Konflik kepentingan dicatat."));
    assert!(!list.html.contains(&uri));
    assert!(!list.html.contains(&title(&w, id, *pid).await));
    let gone = w.get(&uri, &juror).await;
    assert_eq!(gone.status, StatusCode::FORBIDDEN);
    // The proposal went to another juror: still two, the declaring one not among them.
    let view = jury::assignments(&w.app, w.caller(SECRETARIAT), id, RoundKind::DeskEvaluation)
        .await
        .unwrap();
    let row = view
        .rows
        .iter()
        .find(|row| row.proposal_id == *pid)
        .unwrap();
    assert_eq!(row.jurors.len(), 2);
    let declaring = w.caller(JURORS[1]).user_id().unwrap();
    assert!(row.jurors.iter().all(|j| j.user_id != declaring));
}

#[tokio::test]
async fn reopening_without_a_reason_is_refused_and_changes_nothing() {
    let w = world().await;
    let secretariat = sign_in(&w.router, SECRETARIAT).await;
    let id = create_competition(&w, &secretariat).await;
    into_desk_evaluation(&w, id, &secretariat).await;
    let dashboard = format!("/kelola/kompetisi/{id}");
    let page = w.get(&dashboard, &secretariat).await;
    assert!(
        page.html
            .contains("Buka kembali tahap “Seleksi administrasi”")
    );
    let action = format!("{dashboard}/tahap/administrative_check/buka-kembali");

    for reason in ["", "salah"] {
        let refused = w
            .submit(&dashboard, &action, &secretariat, &[("reason", reason)])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.html.contains("paling sedikit 20 karakter"),
            "{}",
            refused.html
        );
        assert!(refused.html.contains("href=\"#buka-kembali\""));
        assert!(refused.html.contains(&format!(">{reason}</textarea>")));
        let view = competitions::get(&w.app, id).await.unwrap();
        assert_eq!(view.current_round, Some(RoundKind::DeskEvaluation));
        assert!(view.closed(RoundKind::AdministrativeCheck));
    }
    // Closing a round that is not running: the service's message, nothing changes.
    let wrong = w
        .submit(
            &dashboard,
            &format!("{dashboard}/tahap/panel_shortlist/tutup"),
            &secretariat,
            &[],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::CONFLICT);
    assert!(wrong.html.contains("sedang tidak berjalan"));

    let reopened = w
        .submit(
            &dashboard,
            &action,
            &secretariat,
            &[("reason", "Satu usulan ternyata belum lengkap lampirannya.")],
        )
        .await;
    assert_eq!(reopened.status, StatusCode::SEE_OTHER, "{}", reopened.html);
    let view = competitions::get(&w.app, id).await.unwrap();
    assert_eq!(view.current_round, Some(RoundKind::AdministrativeCheck));
    let page = w.get(reopened.location(), &secretariat).await;
    assert!(page.html.contains("Tahap dibuka kembali"));
}

#[tokio::test]
async fn after_the_desk_evaluation_closes_every_sheet_and_the_ranking_show() {
    let w = world().await;
    let secretariat = sign_in(&w.router, SECRETARIAT).await;
    let id = create_competition(&w, &secretariat).await;
    let assignment = assigned(&w, id, &secretariat).await;
    let dashboard = format!("/kelola/kompetisi/{id}");
    // Every juror scores; one proposal's jurors disagree by 30 points.
    let disputed = *assignment.keys().next().unwrap();
    for (pid, jurors) in &assignment {
        for (n, email) in jurors.iter().enumerate() {
            let level = if *pid == disputed && n == 0 { 90 } else { 60 };
            let scores = [
                "kebaruan",
                "efektivitas",
                "manfaat",
                "adaptabilitas",
                "keberlanjutan",
            ]
            .iter()
            .map(|code| ((*code).to_owned(), level.into()))
            .collect();
            jury::score(
                &w.app,
                w.caller(email),
                id,
                *pid,
                &ScoreInput {
                    scores,
                    note: Some(format!("Catatan {email}")),
                },
            )
            .await
            .unwrap();
        }
    }
    let closed = w
        .submit(
            &dashboard,
            &format!("{dashboard}/tahap/desk_evaluation/tutup"),
            &secretariat,
            &[],
        )
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.html);
    let page = w.get(&dashboard, &secretariat).await;
    assert!(page.html.contains("Peringkat penilaian proposal"));
    assert!(
        page.html.contains("nilai juri berselisih 30 poin")
            || page.html.contains("Nilai juri berselisih 30 poin")
    );
    assert!(page.html.contains("class=\"selisih\""));
    assert!(page.html.contains("Tetapkan Top 99"));

    // The juror now sees both sheets of the proposal, and no form.
    let email = assignment[&disputed][0];
    let juror = sign_in(&w.router, email).await;
    let list = w.get(&format!("{dashboard}/penilaian"), &juror).await;
    assert!(list.html.contains("sudah ditutup"));
    let uri = format!("{dashboard}/penilaian/{disputed}?tahap=desk_evaluation");
    assert!(list.html.contains(&uri), "{}", list.html);
    let page = w.get(&uri, &juror).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(page.html.contains("Lembar penilaian para juri"));
    for other in &assignment[&disputed] {
        assert!(page.html.contains(&format!("Catatan {other}")));
    }
    assert!(page.html.contains("total 90,00"));
    assert!(page.html.contains("total 60,00"));
    assert!(!page.html.contains("name=\"scores.kebaruan\""));

    // The panel shortlists the Top N through the form.
    let listed = w
        .submit(
            &dashboard,
            &format!("{dashboard}/finalis"),
            &secretariat,
            &[("cara", "top")],
        )
        .await;
    assert_eq!(listed.status, StatusCode::SEE_OTHER, "{}", listed.html);
    let shortlisted = proposals::list(&w.app, w.caller(SECRETARIAT), id, Some("shortlisted"))
        .await
        .unwrap();
    assert_eq!(shortlisted.len(), 4);
}

#[tokio::test]
async fn the_settings_come_back_as_typed_when_they_do_not_validate() {
    let w = world().await;
    let secretariat = sign_in(&w.router, SECRETARIAT).await;
    let id = create_competition(&w, &secretariat).await;
    let uri = format!("/kelola/kompetisi/{id}/pengaturan");
    let page = w.get(&uri, &secretariat).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("&quot;kebaruan&quot;") || page.html.contains("&#34;kebaruan&#34;"));

    let broken = "{ \"name\": \"Tanpa penutup\"";
    let refused = w
        .submit(&uri, &uri, &secretariat, &[("setup", broken)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.html.contains("terpotong") || refused.html.contains("tidak terbaca"));
    assert!(refused.html.contains("Tanpa penutup"));

    let view = competitions::get(&w.app, id).await.unwrap();
    let mut setup = serde_json::to_value(view.setup.setup()).unwrap();
    setup["criteria"][0]["weight"] = serde_json::json!(50);
    let text = serde_json::to_string_pretty(&setup).unwrap();
    let refused = w
        .submit(&uri, &uri, &secretariat, &[("setup", &text)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .html
            .contains("jumlah bobot kriteria harus 100, bukan 130")
            || refused
                .html
                .contains("Jumlah bobot kriteria harus 100, bukan 130")
    );

    setup["criteria"][0]["weight"] = serde_json::json!(20);
    setup["name"] = serde_json::json!("KIPP Kalimantan Timur");
    let text = serde_json::to_string_pretty(&setup).unwrap();
    let saved = w
        .submit(&uri, &uri, &secretariat, &[("setup", &text)])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    let view = competitions::get(&w.app, id).await.unwrap();
    assert_eq!(view.name, "KIPP Kalimantan Timur");
}

#[tokio::test]
async fn the_later_rounds_run_through_their_forms_up_to_the_national_promotion() {
    let w = world().await;
    let secretariat = sign_in(&w.router, SECRETARIAT).await;
    let id = create_competition(&w, &secretariat).await;
    let dashboard = format!("/kelola/kompetisi/{id}");
    let assignment = assigned(&w, id, &secretariat).await;
    let score_all = |round: BTreeMap<Uuid, Vec<&'static str>>| {
        let w = &w;
        async move {
            for (k, (pid, jurors)) in round.iter().enumerate() {
                for email in jurors {
                    let scores = [
                        "kebaruan",
                        "efektivitas",
                        "manfaat",
                        "adaptabilitas",
                        "keberlanjutan",
                    ]
                    .iter()
                    .map(|code| ((*code).to_owned(), (60 + 5 * k as i64).into()))
                    .collect();
                    jury::score(
                        &w.app,
                        w.caller(email),
                        id,
                        *pid,
                        &ScoreInput { scores, note: None },
                    )
                    .await
                    .unwrap();
                }
            }
        }
    };
    score_all(assignment.clone()).await;
    let close = |kind: &'static str| {
        let w = &w;
        let dashboard = dashboard.clone();
        let secretariat = secretariat.clone();
        async move {
            let closed = w
                .submit(
                    &dashboard,
                    &format!("{dashboard}/tahap/{kind}/tutup"),
                    &secretariat,
                    &[],
                )
                .await;
            assert_eq!(
                closed.status,
                StatusCode::SEE_OTHER,
                "{kind}: {}",
                closed.html
            );
        }
    };
    close("desk_evaluation").await;

    // The panel chooses its finalists: none ticked is refused, three go through.
    let refused = w
        .submit(
            &dashboard,
            &format!("{dashboard}/finalis"),
            &secretariat,
            &[("cara", "pilih")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.html.contains("Pilih 1 sampai 99 finalis."),
        "{}",
        refused.html
    );
    let chosen: Vec<String> = assignment.keys().take(3).map(Uuid::to_string).collect();
    let mut form = vec![("cara", "pilih")];
    form.extend(chosen.iter().map(|pid| ("proposals", pid.as_str())));
    let listed = w
        .submit(
            &dashboard,
            &format!("{dashboard}/finalis"),
            &secretariat,
            &form,
        )
        .await;
    assert_eq!(listed.status, StatusCode::SEE_OTHER, "{}", listed.html);
    let page = w.get(&dashboard, &secretariat).await;
    for pid in &chosen {
        assert!(
            page.html
                .contains(&format!("name=\"proposals\" value=\"{pid}\" checked"))
        );
    }
    close("panel_shortlist").await;

    // Uji publik: the secretariat reads the objector's name and contact and resolves.
    let objected = Uuid::parse_str(&chosen[0]).unwrap();
    let objection = objections::file(
        &w.app,
        &Caller::anonymous(),
        "198.51.100.20",
        id,
        &ObjectionInput {
            proposal_id: Some(objected),
            name: "Warga Tanah Grogot".into(),
            contact: "warga@example.com".into(),
            text: "Layanan ini belum berjalan di kecamatan kami sejak awal tahun.".into(),
        },
    )
    .await
    .unwrap();
    let page = w.get(&dashboard, &secretariat).await;
    assert!(page.html.contains("Warga Tanah Grogot"));
    assert!(page.html.contains("warga@example.com"));
    let action = format!("{dashboard}/sanggahan/{}", objection.id);
    let refused = w
        .submit(
            &dashboard,
            &action,
            &secretariat,
            &[("resolution", "Sudah dicek ke lapangan.")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .html
            .contains("Pilih apakah sanggahan diterima atau ditolak.")
    );
    assert!(refused.html.contains("Sudah dicek ke lapangan."));
    let resolved = w
        .submit(
            &dashboard,
            &action,
            &secretariat,
            &[
                ("keputusan", "terima"),
                ("resolution", "Verifikasi lapangan membenarkan sanggahan."),
            ],
        )
        .await;
    assert_eq!(resolved.status, StatusCode::SEE_OTHER, "{}", resolved.html);
    close("public_objection").await;
    let finalists: Vec<Uuid> = chosen[1..]
        .iter()
        .map(|pid| Uuid::parse_str(pid).unwrap())
        .collect();

    // Interviews: a slot per finalist in the organiser's own zone (Kalimantan Timur keeps
    // WITA, UTC+8); unreadable or reversed times come back.
    let page = w.get(&dashboard, &secretariat).await;
    assert!(page.html.contains("Jadwal presentasi dan wawancara"));
    assert!(!page.html.contains(&format!("id=\"jadwal-{objected}\"")));
    let slot = format!("{dashboard}/jadwal");
    let first = finalists[0].to_string();
    let refused = w
        .submit(
            &dashboard,
            &slot,
            &secretariat,
            &[
                ("proposal_id", &first),
                ("starts_at", "besok pagi"),
                ("ends_at", "2027-03-01T09:00"),
                ("place", "Ruang Rapat Bappeda"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.html.contains("Isi tanggal dan jam mulai."));
    assert!(refused.html.contains("value=\"besok pagi\""));
    let refused = w
        .submit(
            &dashboard,
            &slot,
            &secretariat,
            &[
                ("proposal_id", &first),
                ("starts_at", "2027-03-01T10:00"),
                ("ends_at", "2027-03-01T09:00"),
                ("place", "Ruang Rapat Bappeda"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .html
            .contains("Waktu selesai harus setelah waktu mulai.")
    );
    for (i, pid) in finalists.iter().enumerate() {
        let starts = format!("2027-03-01T{:02}:00", 9 + i);
        let ends = format!("2027-03-01T{:02}:45", 9 + i);
        let pid = pid.to_string();
        let saved = w
            .submit(
                &dashboard,
                &slot,
                &secretariat,
                &[
                    ("proposal_id", &pid),
                    ("starts_at", &starts),
                    ("ends_at", &ends),
                    ("place", "Ruang Rapat Bappeda"),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    }
    let slots = rounds::interview_slots(&w.app, id).await.unwrap();
    assert_eq!(slots.len(), 2);
    assert_eq!(
        slots[0].starts_at.to_rfc3339(),
        "2027-03-01T01:00:00+00:00",
        "09:00 WITA"
    );
    let page = w.get(&dashboard, &secretariat).await;
    assert!(page.html.contains("value=\"2027-03-01T09:00\""));
    assert!(page.html.contains("1 Maret 2027 pukul 09.00–09.45 WITA"));
    assert!(page.html.contains("Mulai (WITA)"));
    assert!(
        !page.html.contains("WIB"),
        "no western time on a Kaltim competition"
    );

    let done = w
        .submit(
            &dashboard,
            &format!("{dashboard}/penugasan"),
            &secretariat,
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let page = w.get(&dashboard, &secretariat).await;
    assert!(
        page.html
            .contains("Penugasan juri: Presentasi dan wawancara")
    );
    assert!(page.html.contains("4 lembar penilaian belum dikirim juri."));
    let interview = jury::assignments(&w.app, w.caller(SECRETARIAT), id, RoundKind::Interview)
        .await
        .unwrap();
    let interview: BTreeMap<Uuid, Vec<&'static str>> = interview
        .rows
        .iter()
        .map(|row| {
            let emails = row
                .jurors
                .iter()
                .map(|juror| {
                    JURORS
                        .iter()
                        .copied()
                        .find(|email| w.caller(email).user_id() == Some(juror.user_id))
                        .unwrap()
                })
                .collect();
            (row.proposal_id, emails)
        })
        .collect();
    score_all(interview).await;
    close("interview").await;
    close("final_decision").await;

    // The results, and the winners proposed to the national competition in one step.
    let national_admin = user(&w.app, "kipp@menpan.go.id", &[("national_admin", "ID")]).await;
    let national = competitions::create(
        &w.app,
        &national_admin,
        CompetitionSetup::kipp(
            "Kompetisi Inovasi Pelayanan Publik",
            today().year(),
            RegionCode::nation(),
            today() - Duration::days(5),
            today() + Duration::days(25),
        ),
    )
    .await
    .unwrap();
    let page = w.get(&dashboard, &secretariat).await;
    assert!(
        page.html
            .contains(&format!("href=\"/kompetisi/{id}/hasil\""))
    );
    assert!(page.html.contains("Usulkan pemenang ke kompetisi nasional"));
    assert!(
        page.html
            .contains(&format!("<option value=\"{}\"", national.id))
    );
    let promote = format!("{dashboard}/usulkan");
    let refused = w
        .submit(&dashboard, &promote, &secretariat, &[("to", "")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.html.contains("Pilih kompetisi tujuan."));
    let target = national.id.to_string();
    let promoted = w
        .submit(&dashboard, &promote, &secretariat, &[("to", &target)])
        .await;
    assert_eq!(promoted.status, StatusCode::SEE_OTHER, "{}", promoted.html);
    let page = w.get(promoted.location(), &secretariat).await;
    assert!(page.html.contains("Berhasil diusulkan"), "{}", page.html);
    for pid in &finalists {
        assert!(page.html.contains(&title(&w, id, *pid).await));
    }
    let national_proposals = proposals::list(&w.app, &national_admin, national.id, None)
        .await
        .unwrap();
    assert_eq!(national_proposals.len(), 2);
}
