//! The pages in a real browser: headless Debian `chromium` driven through `chromedriver`
//! (WebDriver, via fantoccini) against the real server on a loopback port.
//!
//! Built only with `--features browser-tests`; `.ci/run` runs it with
//! `LUMBUNG_BROWSER_TESTS=1 cargo test -p lumbung-web --features browser-tests --test browser`.
//! A missing `chromium` or `chromedriver` fails the suite; it never skips.
//!
//! One browser session walks through the scenarios in order, as a user would: search the
//! public catalogue, narrow it with a facet, open an innovation, switch to English and back,
//! object to a competition's finalist through the public form (with a mistake, then fixed) and
//! check a certificate code typed by hand, file and track a complaint without an account,
//! sign in (wrongly, then rightly), add an innovation
//! (with a mistake, then fixed) and submit it, check the form's labels and landmarks, and keep
//! screenshots.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod competition_seed;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use futures::FutureExt;
use lumbung_service::auth::GrantInput;
use lumbung_service::{App, Caller};
use lumbung_store::testing::{TestDb, fresh_db};
use lumbung_web::{AppState, WebConfig};
use serde_json::{Value, json};
use std::panic::AssertUnwindSafe;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const EMAIL: &str = "admin@kaltaraprov.go.id";
const PASSWORD: &str = "sandi-yang-panjang-sekali";
/// How long one page may take to show what a step waits for.
const STEP: Duration = Duration::from_secs(15);
/// The whole walk; a hang fails instead of blocking CI.
const WHOLE_RUN: Duration = Duration::from_secs(180);
const NEW_NAME: &str = "Layanan Uji Peramban Kaltara";
/// The competition whose objection window is open, and the one whose results are published.
const OBJECTION_COMPETITION: &str = "Kompetisi Inovasi Pelayanan Publik Kalimantan Timur";
const PUBLISHED_COMPETITION: &str = "Lomba Inovasi Daerah Kalimantan Timur";
const OBJECTOR_CONTACT: &str = "warga.balikpapan@example.com";
const COMPLAINT_SUBJECT: &str = "Obat hipertensi kosong di puskesmas";
const COMPLAINT_TEXT: &str =
    "Obat hipertensi kosong dua minggu di Puskesmas Karang Rejo; pasien diminta membeli sendiri.";
const OBJECTION: &str =
    "Ambulans desa ini belum pernah datang ke kampung kami sepanjang tahun ini.";

// ---------------------------------------------------------------------------------------------
// The server.

struct Server {
    base: String,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    _db: TestDb,
    /// The competition in its objection window.
    objection_competition: uuid::Uuid,
    /// A winner's certificate code of the published competition.
    certificate: String,
}

async fn start_server() -> Server {
    let db = fresh_db().await.unwrap();
    let app = App::new(db.db.clone(), db.blobs.clone());
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .unwrap();
    lumbung_service::demo::load_if_empty(&app).await.unwrap();
    lumbung_service::auth::add_user(
        &app,
        &Caller::system(),
        EMAIL,
        "Admin Kaltara",
        PASSWORD,
        &[GrantInput {
            role: "province_admin".into(),
            region: "65".into(),
            agency_id: None,
        }],
    )
    .await
    .unwrap();
    // Two competitions of Kalimantan Timur, seeded here whatever the demo data holds: one
    // open to public objections, one with its results published.
    let mut tx = app.db.begin().await.unwrap();
    lumbung_store::regions::upsert(
        &mut tx,
        &lumbung_service::domain::region::Region::new(
            lumbung_service::domain::region::RegionCode::parse("65.71").unwrap(),
            "Kota Tarakan",
        ),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let world = competition_seed::world(&app).await;
    let objection_competition =
        competition_seed::competition(&app, &world, OBJECTION_COMPETITION).await;
    competition_seed::open_objections(&app, &world, objection_competition).await;
    let (_, codes) = competition_seed::published(&app, &world, PUBLISHED_COMPETITION).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let state = AppState::new(app, WebConfig::default());
    let task = tokio::spawn(lumbung_web::serve(state, listener, async move {
        let _ = stopped.await;
    }));
    Server {
        base,
        stop: Some(stop),
        task,
        _db: db,
        objection_competition,
        certificate: codes[0].clone(),
    }
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), &mut self.task).await;
    }
}

// ---------------------------------------------------------------------------------------------
// chromedriver, started here and always stopped.

/// Kills chromedriver and the browser it started (its whole process group) when dropped,
/// also when a step panics.
struct Driver {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn require_binary(path: &str, package: &str) {
    assert!(
        Path::new(path).is_file(),
        "the browser suite needs {path}; install it with \
         `apt-get install -y chromium chromium-driver` (Debian package {package}). \
         This suite fails rather than skips when the browser is missing."
    );
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Whether chromedriver answers `GET /status` with `"ready": true`.
async fn driver_ready(port: u16) -> bool {
    let Ok(Ok(mut stream)) = tokio::time::timeout(
        Duration::from_secs(1),
        tokio::net::TcpStream::connect(("127.0.0.1", port)),
    )
    .await
    else {
        return false;
    };
    let request =
        format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).await.is_err() {
        return false;
    }
    // Read until the answer says it is ready; chromedriver may keep the connection open.
    let mut answer = Vec::new();
    let mut chunk = [0_u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_millis(500), stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&chunk[..n]),
            Err(_) => {}
        }
        if String::from_utf8_lossy(&answer).contains("\"ready\":true") {
            return true;
        }
    }
    false
}

async fn start_driver(work: &Path) -> Driver {
    require_binary(CHROMEDRIVER, "chromium-driver");
    require_binary(CHROMIUM, "chromium");
    // Outside the temporary folder, so it is still there to read after a failure.
    let log = std::env::temp_dir().join("lumbung-browser-chromedriver.log");
    let port = free_port();
    let child = {
        use std::os::unix::process::CommandExt;
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            // The browser's own language decides how a date field takes typed digits.
            .env("LANG", "en_US.UTF-8")
            .env("LANGUAGE", "en_US")
            .stdin(Stdio::null())
            .stdout(File::create(work.join("chromedriver.out")).unwrap())
            .stderr(Stdio::inherit())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"))
    };
    let mut driver = Driver { child, port, log };
    let started = Instant::now();
    loop {
        if driver_ready(port).await {
            return driver;
        }
        if let Ok(Some(status)) = driver.child.try_wait() {
            panic!(
                "chromedriver exited early ({status}); its log: {}",
                driver.log.display()
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not answer on port {port} within 20 s; its log: {}",
            driver.log.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn open_browser(driver: &Driver, profile: &Path) -> Client {
    let capabilities = json!({
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "timeouts": { "pageLoad": 20_000, "script": 10_000, "implicit": 0 },
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--lang=en-US",
                "--window-size=1280,1600",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    ClientBuilder::rustls()
        .unwrap()
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .unwrap_or_else(|e| {
            panic!(
                "chromedriver could not start {CHROMIUM}: {e}; chromedriver log: {}",
                driver.log.display()
            )
        })
}

// ---------------------------------------------------------------------------------------------
// Small helpers a step reads like a sentence with.

async fn find(client: &Client, css: &str) -> fantoccini::elements::Element {
    match client
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css(css))
        .await
    {
        Ok(element) => element,
        Err(e) => panic!(
            "no element `{css}` on {}: {e}",
            path_and_query(client).await
        ),
    }
}

async fn text_of(client: &Client, css: &str) -> String {
    find(client, css).await.text().await.unwrap()
}

async fn value_of(client: &Client, css: &str) -> String {
    find(client, css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn path_and_query(client: &Client) -> String {
    let url = client.current_url().await.unwrap();
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// Waits until the page's address satisfies `wanted`, failing with what it is instead.
async fn wait_for_address(client: &Client, what: &str, wanted: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let here = path_and_query(client).await;
        if wanted(&here) {
            return here;
        }
        assert!(
            started.elapsed() < STEP,
            "expected to reach {what}, still at {here}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the text of `css` satisfies `wanted`.
async fn wait_for_text(client: &Client, css: &str, wanted: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let text = match client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if wanted(&text) {
            return text;
        }
        assert!(
            started.elapsed() < STEP,
            "`{css}` on {} never showed what was expected; last text: {text:?}",
            path_and_query(client).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn type_into(client: &Client, css: &str, text: &str) {
    let field = find(client, css).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Types a date into an `<input type="date">` the way a person does (month, day, year in
/// the en-US browser) and checks the field now holds `iso`.
async fn type_date(client: &Client, css: &str, iso: &str) {
    let [year, month, day]: [&str; 3] = iso
        .split('-')
        .collect::<Vec<_>>()
        .try_into()
        .expect("an ISO date");
    let field = find(client, css).await;
    // No click first: a click lands mid-field, on the day or year part.
    field
        .send_keys(&format!("{month}{day}{year}"))
        .await
        .unwrap();
    let held = value_of(client, css).await;
    assert_eq!(
        held, iso,
        "the date field {css} did not take the typed date"
    );
}

async fn press(client: &Client, key: Key) {
    let key: char = key.into();
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(keys).await.unwrap();
    client.release_actions().await.unwrap();
}

async fn save_screenshot(client: &Client, name: &str) -> PathBuf {
    let png = client.screenshot().await.unwrap();
    assert!(
        png.len() > 1000 && png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "screenshot {name} is not a PNG ({} bytes)",
        png.len()
    );
    let path = std::env::temp_dir().join(format!("lumbung-browser-{name}.png"));
    std::fs::write(&path, &png).unwrap();
    println!("screenshot: {} ({} bytes)", path.display(), png.len());
    path
}

// ---------------------------------------------------------------------------------------------
// The scenarios.

/// 1. The public searches from the home page, narrows the results with a facet, and reads
///    an award-winning innovation with its timeline.
async fn public_search(client: &Client, server: &Server) {
    client.goto(&server.url("/")).await.unwrap();
    assert_eq!(client.title().await.unwrap(), "Beranda · Lumbung Inovasi");
    type_into(client, "#cari-q", "sipelandukilat").await;
    find(client, "form[role=search] button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    wait_for_address(client, "the catalogue search", |a| {
        a == "/inovasi?q=sipelandukilat"
    })
    .await;
    assert_eq!(value_of(client, "#k-q").await, "sipelandukilat");
    let results = text_of(client, "ol.hasil-cari").await;
    assert!(results.contains("Sipelandukilat Smart"), "{results}");
    let found = client
        .find_all(Locator::Css("ol.hasil-cari > li"))
        .await
        .unwrap();
    assert!(found.len() >= 2, "only one Sipelandukilat: {results}");
    assert!(
        !results.contains("PESONA"),
        "search did not narrow: {results}"
    );
    let marks = client
        .find_all(Locator::Css("ol.hasil-cari h3 mark"))
        .await
        .unwrap();
    assert!(!marks.is_empty(), "the names found are not marked");

    // The "Digital" value of the kind facet: its count is what the narrowed list holds.
    let mut digital = None;
    for link in client
        .find_all(Locator::Css("ul[aria-labelledby=saring-kind] a"))
        .await
        .unwrap()
    {
        let text = link.text().await.unwrap();
        if text.starts_with("Digital") {
            digital = Some((link, text));
        }
    }
    let (link, text) = digital.expect("a Digital value in the kind facet");
    let count: usize = text
        .trim_start_matches("Digital")
        .trim_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or_else(|_| panic!("no count in {text:?}"));
    link.click().await.unwrap();
    wait_for_address(client, "the list narrowed to digital", |a| {
        a == "/inovasi?q=sipelandukilat&kind=digital"
    })
    .await;
    let shown = client
        .find_all(Locator::Css("ol.hasil-cari > li"))
        .await
        .unwrap();
    assert_eq!(shown.len(), count, "the facet promised {count}");
    let active = text_of(client, "div.aktif").await;
    assert!(active.contains("Jenis: Digital"), "{active}");
    let results = text_of(client, "ol.hasil-cari").await;
    assert!(results.contains("Sipelandukilat Smart"), "{results}");
    assert!(!results.contains("Non digital"), "{results}");

    client
        .find(Locator::LinkText("Sipelandukilat Smart"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_address(client, "the innovation's public page", |a| {
        a.starts_with("/inovasi/") && a.len() > "/inovasi/".len()
    })
    .await;
    let heading = text_of(client, "main h1").await;
    assert!(heading.starts_with("Sipelandukilat Smart"), "{heading}");
    let timeline = text_of(client, "ol.lini-masa").await;
    let steps: Vec<&str> = timeline.lines().collect();
    assert_eq!(
        steps,
        [
            "6 April 2020 — Uji coba dimulai",
            "1 Juli 2020 — Penerapan dimulai",
            "1 Juni 2021 — Pengembangan terbaru"
        ],
        "{timeline}"
    );
    let awards = text_of(client, "#penghargaan").await;
    assert!(
        awards.contains("Outstanding Achievement") && awards.contains("2021"),
        "award missing: {awards:?}"
    );
}

/// 2. The reader switches to English from the header and back; the page stays the same.
async fn switch_language(client: &Client, server: &Server) {
    let page = path_and_query(client).await;
    assert!(
        page.starts_with("/inovasi/"),
        "not on an innovation: {page}"
    );
    let lang = || async {
        client
            .execute("return document.documentElement.lang;", vec![])
            .await
            .unwrap()
    };
    assert_eq!(lang().await, json!("id"));
    let switch = find(client, "header li.bahasa a").await;
    assert_eq!(switch.text().await.unwrap(), "English");
    switch.click().await.unwrap();
    wait_for_text(client, "header li.bahasa a", |t| t == "Bahasa Indonesia").await;
    assert_eq!(
        path_and_query(client).await,
        page,
        "the switch did not come back"
    );
    assert_eq!(lang().await, json!("en"));
    assert_eq!(text_of(client, "#lini-masa").await, "Timeline");
    let timeline = text_of(client, "ol.lini-masa").await;
    assert!(
        timeline.contains("1 July 2020 — Implementation started"),
        "{timeline}"
    );
    assert_eq!(text_of(client, "#replikasi").await, "Replications");

    // The choice holds on the next page.
    client
        .goto(&server.url("/inovasi?q=sipelandukilat"))
        .await
        .unwrap();
    let label = text_of(client, "label[for=k-q]").await;
    assert_eq!(label, "Search innovations");
    assert_eq!(text_of(client, "#saring-judul").await, "Narrow the results");
    let tags = text_of(client, "ol.hasil-cari").await;
    assert!(tags.contains("Implementation"), "{tags}");

    find(client, "header li.bahasa a")
        .await
        .click()
        .await
        .unwrap();
    wait_for_text(client, "header li.bahasa a", |t| t == "English").await;
    assert_eq!(path_and_query(client).await, "/inovasi?q=sipelandukilat");
    assert_eq!(lang().await, json!("id"));
    assert_eq!(text_of(client, "label[for=k-q]").await, "Cari inovasi");
}

/// 3. A citizen, not signed in, objects to a finalist through the competition page's form,
///    which needs no JavaScript: a text too short comes back with what was typed and the
///    message at the field; fixed, it is filed, thanked for and listed without the contact.
///    Then they check a certificate by typing its code by hand into `/piagam`.
async fn citizen_objects_and_checks_a_certificate(client: &Client, server: &Server) {
    let id = server.objection_competition;
    client.goto(&server.url("/")).await.unwrap();
    find(client, "header nav a[href='/kompetisi']")
        .await
        .click()
        .await
        .unwrap();
    wait_for_address(client, "the competitions", |a| a == "/kompetisi").await;
    assert_eq!(
        client.title().await.unwrap(),
        "Kompetisi inovasi · Lumbung Inovasi"
    );
    client
        .find(Locator::LinkText(OBJECTION_COMPETITION))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let page = format!("/kompetisi/{id}");
    wait_for_address(client, "the competition", |a| a == page).await;
    let scripts = client.find_all(Locator::Css("script")).await.unwrap();
    assert!(scripts.is_empty(), "the competition page carries a script");
    let finalists = text_of(client, "ol.finalis").await;
    assert!(
        finalists.contains("Ambulans Desa Balikpapan")
            && !finalists.contains("Posyandu Digital Paser"),
        "only the shortlisted are finalists: {finalists}"
    );

    let finalist = "Ambulans Desa Balikpapan — Kota Balikpapan";
    find(client, "#f-proposal_id")
        .await
        .select_by_label(finalist)
        .await
        .unwrap();
    let chosen = value_of(client, "#f-proposal_id").await;
    assert!(!chosen.is_empty(), "no finalist chosen");
    type_into(client, "#f-name", "Warga Balikpapan").await;
    type_into(client, "#f-contact", OBJECTOR_CONTACT).await;
    type_into(client, "#f-text", "belum berjalan").await;
    find(client, "#form-sanggahan button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let error = wait_for_text(client, "#f-text-error", |t| !t.is_empty()).await;
    assert!(error.contains("paling sedikit 5 kata"), "{error}");
    assert_eq!(
        path_and_query(client).await,
        format!("/kompetisi/{id}/sanggahan")
    );
    assert_eq!(value_of(client, "#f-proposal_id").await, chosen);
    assert_eq!(value_of(client, "#f-name").await, "Warga Balikpapan");
    assert_eq!(value_of(client, "#f-contact").await, OBJECTOR_CONTACT);
    assert_eq!(value_of(client, "#f-text").await, "belum berjalan");
    let errors = client.find_all(Locator::Css(".field-error")).await.unwrap();
    assert_eq!(errors.len(), 1, "only the text was wrong");
    let summary = text_of(client, "#ringkasan-galat").await;
    assert!(summary.contains("Isi sanggahan"), "{summary}");

    type_into(client, "#f-text", OBJECTION).await;
    find(client, "#form-sanggahan button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let thanked = format!("/kompetisi/{id}?sanggahan=terkirim");
    wait_for_address(client, "the competition with thanks", |a| a == thanked).await;
    let thanks = text_of(client, "#sanggahan-terkirim").await;
    assert!(thanks.contains("Terima kasih"), "{thanks}");
    let listed = text_of(client, "ol.sanggahan").await;
    assert!(listed.contains(OBJECTION), "{listed}");
    assert!(listed.contains("Ambulans Desa Balikpapan"), "{listed}");
    assert!(listed.contains("Sedang ditindaklanjuti"), "{listed}");
    let source = client.source().await.unwrap();
    assert!(!source.contains(OBJECTOR_CONTACT), "the contact is public");
    assert!(!source.contains("Warga Balikpapan"), "the name is public");

    // A certificate code copied by hand from paper: lower case, spaces instead of hyphens.
    let code = &server.certificate;
    client.goto(&server.url("/piagam")).await.unwrap();
    let typed = code.to_lowercase().replace('-', " ");
    type_into(client, "#kode", &typed).await;
    find(client, "main form button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let canonical = format!("/piagam/{code}");
    wait_for_address(client, "the certificate's page", |a| a == canonical).await;
    let verdict = text_of(client, "#putusan").await;
    assert!(verdict.starts_with("ASLI"), "{verdict}");
    let heading = text_of(client, "main h1").await;
    assert!(heading.contains(code.as_str()), "{heading}");
    let pdf = find(client, "#piagam-pdf")
        .await
        .attr("href")
        .await
        .unwrap();
    assert_eq!(
        pdf.as_deref(),
        Some(format!("/api/v1/certificates/{code}/pdf").as_str())
    );
    let details = text_of(client, "dl.piagam").await;
    assert!(details.contains(PUBLISHED_COMPETITION), "{details}");
}

/// 3b. A citizen files a complaint without an account or JavaScript: chooses the region,
///     then the form; a description too short comes back with what was typed; fixed and with
///     the security question answered, the number and PIN are shown; the number, typed by
///     hand in lower case, finds the complaint's public record.
async fn citizen_files_and_tracks_a_complaint(client: &Client, server: &Server) {
    client.goto(&server.url("/pengaduan")).await.unwrap();
    let scripts = client.find_all(Locator::Css("script")).await.unwrap();
    assert!(scripts.is_empty(), "the complaint form carries a script");
    find(client, "#f-wilayah")
        .await
        .select_by_label("Kota Tarakan")
        .await
        .unwrap();
    find(client, "#form-wilayah button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    wait_for_address(client, "the form for Tarakan", |a| {
        a == "/pengaduan?wilayah=65.71"
    })
    .await;
    find(client, "#f-category")
        .await
        .select_by_label("Kesehatan")
        .await
        .unwrap();
    type_into(client, "#f-subject", COMPLAINT_SUBJECT).await;
    type_into(client, "#f-description", "terlalu singkat").await;
    let answer = |question: String| {
        question
            .trim_start_matches("Berapa ")
            .trim_end_matches('?')
            .split(" + ")
            .map(|n| n.trim().parse::<u32>().unwrap())
            .sum::<u32>()
            .to_string()
    };
    let sum = answer(text_of(client, "#pertanyaan").await);
    type_into(client, "#f-challenge_answer", &sum).await;
    find(client, "#form-pengaduan button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let error = wait_for_text(client, "#f-description-error", |t| !t.is_empty()).await;
    assert!(error.contains("paling sedikit 20 karakter"), "{error}");
    assert_eq!(value_of(client, "#f-subject").await, COMPLAINT_SUBJECT);
    assert_eq!(value_of(client, "#f-category").await, "kesehatan");
    type_into(client, "#f-description", COMPLAINT_TEXT).await;
    let sum = answer(text_of(client, "#pertanyaan").await);
    type_into(client, "#f-challenge_answer", &sum).await;
    find(client, "#form-pengaduan button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let number = wait_for_text(client, "#nomor-pengaduan", |t| t.starts_with("ADU-")).await;
    let pin = text_of(client, "#pin-pengaduan").await;
    assert_eq!(pin.len(), 8, "{pin}");

    client.goto(&server.url("/pengaduan/lacak")).await.unwrap();
    type_into(client, "#f-nomor", &number.to_lowercase()).await;
    find(client, "#form-lacak button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let status = wait_for_text(client, "#status-pengaduan", |t| !t.is_empty()).await;
    assert_eq!(status, "Diterima");
    let heading = text_of(client, "main h1").await;
    assert!(heading.contains(&number), "{heading}");
    // The subject is the reporter's: shown with the PIN.
    let source = client.source().await.unwrap();
    assert!(!source.contains(COMPLAINT_SUBJECT));
    type_into(client, "#f-pin", &pin).await;
    find(client, "#form-rincian button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let subject = wait_for_text(client, "#judul-pengaduan", |t| !t.is_empty()).await;
    assert_eq!(subject, COMPLAINT_SUBJECT);
    let source = client.source().await.unwrap();
    assert!(!source.contains("Karang Rejo"), "the description is public");
}

/// 4. A wrong password keeps the e-mail and says so; the right one opens the dashboard.
async fn sign_in(client: &Client, server: &Server) {
    client.goto(&server.url("/masuk")).await.unwrap();
    type_into(client, "#email", EMAIL).await;
    type_into(client, "#password", "bukan-sandinya").await;
    find(client, "main form button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let error = wait_for_text(client, "#masuk-galat", |t| !t.is_empty()).await;
    assert!(error.to_lowercase().contains("salah"), "{error}");
    assert_eq!(
        find(client, "#masuk-galat")
            .await
            .attr("role")
            .await
            .unwrap(),
        Some("alert".into())
    );
    assert_eq!(path_and_query(client).await, "/masuk");
    assert_eq!(value_of(client, "#email").await, EMAIL, "e-mail not kept");
    assert_eq!(value_of(client, "#password").await, "", "password echoed");

    type_into(client, "#password", PASSWORD).await;
    find(client, "main form button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    wait_for_address(client, "the dashboard", |a| a == "/kelola").await;
    let heading = text_of(client, "main h1").await;
    assert!(heading.starts_with("Dasbor inovasi"), "{heading}");
    let who = text_of(client, "header .who").await;
    assert!(who.contains("Admin Kaltara"), "{who}");
    let total: u64 = text_of(client, "main > p strong")
        .await
        .replace('.', "")
        .parse()
        .expect("a count of innovations");
    assert!(total > 0, "the dashboard counts no innovations");
    let tables = client
        .find_all(Locator::Css("main table.counts"))
        .await
        .unwrap();
    assert!(!tables.is_empty(), "no count tables on the dashboard");
    let first_total: u64 = tables[0]
        .find(Locator::Css("tfoot td.num"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .replace('.', "")
        .parse()
        .unwrap();
    assert!(first_total > 0, "the first count table is empty");
}

/// 5. A form with a mistake comes back with what was typed and the error at the field; fixed,
///    it saves a draft that can be submitted for verification.
async fn create_and_submit(client: &Client, server: &Server) {
    client
        .goto(&server.url("/kelola/inovasi/baru"))
        .await
        .unwrap();
    let agency = find(client, "select#f-agency_id").await;
    agency.select_by_index(1).await.unwrap();
    let agency_value = value_of(client, "#f-agency_id").await;
    assert!(!agency_value.is_empty(), "no agency to choose");
    type_into(client, "#f-name", NEW_NAME).await;
    find(client, "#f-stage")
        .await
        .select_by_label("Penerapan")
        .await
        .unwrap();
    find(client, "#f-kind")
        .await
        .select_by_label("Digital")
        .await
        .unwrap();
    find(client, "#f-form")
        .await
        .select_by_label("Pelayanan publik")
        .await
        .unwrap();
    find(client, "form.stack button[type=submit]")
        .await
        .click()
        .await
        .unwrap();

    let summary = wait_for_text(client, "#ringkasan-galat", |t| !t.is_empty()).await;
    assert!(summary.contains("Waktu penerapan"), "{summary}");
    assert_eq!(path_and_query(client).await, "/kelola/inovasi/baru");
    assert_eq!(value_of(client, "#f-name").await, NEW_NAME, "name not kept");
    assert_eq!(value_of(client, "#f-stage").await, "penerapan");
    assert_eq!(value_of(client, "#f-agency_id").await, agency_value);
    let field_error = text_of(client, "#f-implementation_date-error").await;
    assert!(field_error.contains("wajib"), "{field_error}");
    let placement = client
        .execute(
            "const input = document.getElementById('f-implementation_date');
             const error = document.getElementById('f-implementation_date-error');
             return {
               sameField: input.closest('.field') === error.closest('.field'),
               invalid: input.getAttribute('aria-invalid'),
               describedBy: input.getAttribute('aria-describedby') || ''
             };",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(placement["sameField"], json!(true), "{placement}");
    assert_eq!(placement["invalid"], json!("true"), "{placement}");
    assert!(
        placement["describedBy"]
            .as_str()
            .unwrap()
            .contains("f-implementation_date-error"),
        "{placement}"
    );
    // Only the date was wrong: the other fields carry no error.
    let errors = client.find_all(Locator::Css(".field-error")).await.unwrap();
    assert_eq!(errors.len(), 1, "more errors than the missing date");

    type_date(client, "#f-implementation_date", "2024-03-01").await;
    find(client, "form.stack button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let address = wait_for_address(client, "the new innovation's page", |a| {
        a.ends_with("?hasil=dibuat")
    })
    .await;
    let heading = text_of(client, "main h1").await;
    assert_eq!(heading, NEW_NAME);
    assert_eq!(text_of(client, "main .lead .status").await, "Draf");
    let notice = text_of(client, "main .notice.success").await;
    assert!(notice.contains("draf"), "{notice}");

    find(client, "form[action$='/ajukan'] button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let base = address.trim_end_matches("?hasil=dibuat").to_owned();
    wait_for_address(client, "the submitted innovation", |a| {
        a == format!("{base}?hasil=diajukan")
    })
    .await;
    wait_for_text(client, "main .lead .status", |t| t == "Diajukan").await;
    assert!(
        client
            .find(Locator::Css("form[action$='/ajukan']"))
            .await
            .is_err(),
        "the submit button is still offered after submitting"
    );
}

/// 6. Every control of the innovation form has a label; the page has its landmarks and
///    language, and the keyboard reaches the skip link first.
async fn accessibility(client: &Client, server: &Server) {
    client
        .goto(&server.url("/kelola/inovasi/baru"))
        .await
        .unwrap();
    find(client, "#f-name").await;
    let report = client
        .execute(
            "const unlabelled = [];
             let checked = 0;
             for (const el of document.querySelectorAll('input, select, textarea')) {
               if (el.type === 'hidden') continue;
               checked += 1;
               const labels = Array.from(el.labels || []);
               if (!labels.some(l => l.textContent.trim().length > 0)) {
                 unlabelled.push(el.outerHTML.slice(0, 120));
               }
             }
             return {
               checked,
               unlabelled,
               lang: document.documentElement.getAttribute('lang'),
               mains: document.querySelectorAll('main').length,
               h1s: document.querySelectorAll('h1').length
             };",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        report["checked"].as_u64().unwrap() >= 20,
        "too few controls checked: {report}"
    );
    assert_eq!(report["unlabelled"], json!([]), "controls without a label");
    assert_eq!(report["lang"], json!("id"));
    assert_eq!(report["mains"], json!(1));
    assert_eq!(report["h1s"], json!(1));

    // Keyboard: the first Tab lands on the skip link, Enter moves focus into <main>.
    client
        .execute(
            "document.activeElement && document.activeElement.blur();",
            vec![],
        )
        .await
        .unwrap();
    press(client, Key::Tab).await;
    let focused = client.active_element().await.unwrap();
    assert_eq!(
        focused.text().await.unwrap(),
        "Langsung ke isi utama",
        "the first Tab does not reach the skip link"
    );
    press(client, Key::Enter).await;
    let started = Instant::now();
    loop {
        let id = client
            .execute("return document.activeElement.id;", vec![])
            .await
            .unwrap();
        if id == json!("isi") {
            break;
        }
        assert!(
            started.elapsed() < STEP,
            "the skip link did not move focus to <main id=isi>; focus is on {id}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// 7. Screenshots of the dashboard and the form, for a person to look at later.
async fn screenshots(client: &Client, server: &Server) -> Vec<PathBuf> {
    client.goto(&server.url("/kelola")).await.unwrap();
    find(client, "main table.counts").await;
    let dashboard = save_screenshot(client, "dasbor").await;
    client
        .goto(&server.url("/kelola/inovasi/baru"))
        .await
        .unwrap();
    find(client, "#f-name").await;
    let form = save_screenshot(client, "form-inovasi").await;
    vec![dashboard, form]
}

async fn walk(client: &Client, server: &Server) {
    let timed = |name: &'static str, started: Instant| {
        println!("{name}: {} ms", started.elapsed().as_millis());
    };
    let t = Instant::now();
    public_search(client, server).await;
    timed("1 public search", t);
    let t = Instant::now();
    switch_language(client, server).await;
    timed("2 language switch", t);
    let t = Instant::now();
    citizen_objects_and_checks_a_certificate(client, server).await;
    timed("3 objection and certificate", t);
    let t = Instant::now();
    citizen_files_and_tracks_a_complaint(client, server).await;
    timed("3b complaint", t);
    let t = Instant::now();
    sign_in(client, server).await;
    timed("4 sign in", t);
    let t = Instant::now();
    create_and_submit(client, server).await;
    timed("5 create and submit", t);
    let t = Instant::now();
    accessibility(client, server).await;
    timed("6 accessibility", t);
    let t = Instant::now();
    let shots = screenshots(client, server).await;
    timed("7 screenshots", t);
    for shot in shots {
        assert!(std::fs::metadata(&shot).unwrap().len() > 1000);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_walks_through_the_site_in_a_real_browser() {
    let work = tempfile::tempdir().unwrap();
    let profile = work.path().join("profile");
    std::fs::create_dir_all(&profile).unwrap();
    let driver = start_driver(work.path()).await;
    let server = start_server().await;
    let client = open_browser(&driver, &profile).await;

    let outcome = tokio::time::timeout(
        WHOLE_RUN,
        AssertUnwindSafe(walk(&client, &server)).catch_unwind(),
    )
    .await;
    if !matches!(outcome, Ok(Ok(()))) {
        // Keep what the browser showed when the walk failed.
        if let Ok(png) = client.screenshot().await {
            let path = std::env::temp_dir().join("lumbung-browser-failure.png");
            if std::fs::write(&path, png).is_ok() {
                eprintln!("failure screenshot: {}", path.display());
            }
        }
        eprintln!("chromedriver log: {}", driver.log.display());
    }
    let _ = client.close().await;
    server.stop().await;
    drop(driver);
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => panic!(
            "the browser walk took longer than {} s",
            WHOLE_RUN.as_secs()
        ),
    }
}
