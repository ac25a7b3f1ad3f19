//! `lumbung bench --what surge`: the deadline surge, measured. Several servers (child
//! processes of this binary, `serve --no-demo`) share one PostgreSQL database and one S3
//! bucket; every autonomous region has an officer; and requests leave on a fixed Poisson
//! schedule at each rate whether or not earlier ones were answered (an open loop, as
//! officers behave in the last days before a deadline): 60 % index answers, 15 % evidence
//! uploads (100 KB–5 MB), 15 % innovation edits, 10 % public complaint filings, while the
//! servers' background jobs run every second and an SMTP sink takes their mail.
//!
//! It reports latency per kind at each rate and the highest rate that holds the goals, then
//! checks that nothing acknowledged was lost and nothing was done twice: answers, evidence,
//! edits and complaints in the database; every file readable through every server; every
//! outbox message received once; every overdue complaint escalated once. `--check` makes
//! the checks (and any failed request) the exit status, for CI.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use lumbung_service::auth::GrantInput;
use lumbung_service::domain::complaint::ComplaintInput;
use lumbung_service::domain::index::Aspect;
use lumbung_service::domain::region::RegionKind;
use lumbung_service::store::Db;
use lumbung_service::store::blobs::Blobs;
use lumbung_service::{App, Caller};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::BenchArgs;

/// The index year whose window the officers answer in.
const YEAR: i32 = 2026;
/// The schedule and the choices are the same on every run.
const SEED: u64 = 20_261_207;
const PASSWORD: &str = "tenggat-bench-surge";
/// Innovations per officer's region for the edits.
const INNOVATIONS_PER_REGION: usize = 3;
/// Complaints received six weeks ago and never verified, for the escalation job.
const OVERDUE_COMPLAINTS: usize = 8;
/// Evidence files downloaded through every server at the end.
const FILE_SAMPLE: usize = 200;
/// Evidence file sizes: one PDF per bucket, built once, 100 KB to 5 MB.
const UPLOAD_SIZES: [usize; 6] = [100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000];
/// A 503 is asked again after its Retry-After this many times at most.
const MAX_RETRIES: u32 = 8;
/// How long the outbox may take to empty after the load.
const MAIL_WAIT: Duration = Duration::from_secs(120);
/// The goals: p99 of writes and of uploads.
const WRITE_GOAL: Duration = Duration::from_millis(500);
const UPLOAD_GOAL: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    Answer,
    Upload,
    Edit,
    Filing,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Answer, Kind::Upload, Kind::Edit, Kind::Filing];

    fn label(self) -> &'static str {
        match self {
            Kind::Answer => "index answer (PUT)",
            Kind::Upload => "evidence upload",
            Kind::Edit => "innovation edit (PATCH)",
            Kind::Filing => "complaint filing (POST)",
        }
    }

    fn goal(self) -> Duration {
        match self {
            Kind::Upload => UPLOAD_GOAL,
            _ => WRITE_GOAL,
        }
    }
}

struct Officer {
    region: String,
    token: String,
}

struct Innovation {
    id: String,
    officer: usize,
    agency: String,
    name: String,
}

/// What the set-up made, shared by every request.
struct World {
    servers: Vec<String>,
    client: reqwest::Client,
    /// The national admin's token, who may read every region's evidence.
    admin_token: String,
    officers: Vec<Officer>,
    innovations: Vec<Innovation>,
    indicators: Vec<String>,
    files: Vec<Vec<u8>>,
    /// Each public filing comes from an address of its own.
    citizens: AtomicU32,
}

/// One request of the schedule.
#[derive(Debug, Clone)]
struct Planned {
    at: Duration,
    seq: u64,
    server: usize,
    action: Action,
}

#[derive(Debug, Clone)]
enum Action {
    Answer {
        officer: usize,
        indicator: usize,
        level: u8,
    },
    Upload {
        officer: usize,
        indicator: usize,
        file: usize,
    },
    Edit {
        innovation: usize,
    },
    Filing {
        officer: usize,
    },
}

impl Action {
    fn kind(&self) -> Kind {
        match self {
            Action::Answer { .. } => Kind::Answer,
            Action::Upload { .. } => Kind::Upload,
            Action::Edit { .. } => Kind::Edit,
            Action::Filing { .. } => Kind::Filing,
        }
    }
}

impl Planned {
    /// The request as an error names it.
    fn request(&self, world: &World) -> String {
        match &self.action {
            Action::Answer {
                officer, indicator, ..
            } => format!(
                "PUT /assessments/{}/{YEAR}/answers/{}",
                world.officers[*officer].region, world.indicators[*indicator]
            ),
            Action::Upload {
                officer, indicator, ..
            } => format!(
                "POST /assessments/{}/{YEAR}/evidence (indicator {})",
                world.officers[*officer].region, world.indicators[*indicator]
            ),
            Action::Edit { innovation } => {
                format!("PATCH /innovations/{}", world.innovations[*innovation].id)
            }
            Action::Filing { officer } => format!(
                "filing in {} (challenge, then POST /complaints on the next server)",
                world.officers[*officer].region
            ),
        }
    }
}

/// What came back: the answer's id (evidence) or tracking number (complaint) when it
/// succeeded, the error otherwise.
struct Outcome {
    planned: Planned,
    /// When the first attempt left and when the last answer arrived, for ordering writes.
    started: Instant,
    done: Instant,
    latency: Duration,
    retries: u32,
    result: Result<Option<String>, String>,
}

pub async fn run(args: &BenchArgs) -> Result<()> {
    let started = Instant::now();
    let mut rates = args.rates.clone();
    rates.retain(|rate| *rate > 0.0);
    if rates.is_empty() {
        bail!("--rates: give at least one rate above zero, e.g. --rates 25,50,100");
    }
    let dir = tempfile::tempdir()?;
    let (db, backend, server_count) = match &args.bench_database_url {
        Some(url) => (
            Db::connect(url)
                .await
                .context("connecting to the database")?,
            "PostgreSQL",
            args.servers.max(1),
        ),
        None => {
            eprintln!(
                "surge: no --bench-database-url: one SQLite server in a temporary directory \
                 (--servers is for PostgreSQL)"
            );
            (Db::open_sqlite_dir(dir.path()).await?, "SQLite", 1)
        }
    };
    db.migrate().await.context("migrating the database")?;
    let s3 = match (&args.s3_endpoint, &args.s3_bucket) {
        (Some(endpoint), Some(bucket)) => Some((endpoint.clone(), bucket.clone())),
        (None, None) => None,
        _ => bail!("--s3-endpoint and --s3-bucket go together"),
    };
    if s3.is_none() && server_count > 1 {
        eprintln!(
            "surge: no --s3-endpoint/--s3-bucket: each server keeps files in its own directory; \
             the file check shows whether the others can read them"
        );
    }

    let blobs = Blobs::local(&dir.path().join("set-up-files"))?;
    let app = App::new(db.clone(), blobs);
    let setup_started = Instant::now();
    let setup = set_up(&app, args.officers).await?;
    eprintln!(
        "surge: set-up took {:.1} s: {} officers, {} innovations, {} overdue complaints, {} SPD indicators",
        setup_started.elapsed().as_secs_f64(),
        setup.officers.len(),
        setup.innovations.len(),
        setup.overdue.len(),
        setup.indicators.len()
    );

    let sink = lumbung_service::smtp_sink::Sink::start()
        .await
        .context("starting the SMTP sink")?;
    let servers = Servers::start(&ServerSettings {
        count: server_count,
        dir: dir.path(),
        database_url: args.bench_database_url.as_deref(),
        s3: s3.as_ref(),
        smtp_url: &sink.url(),
        job_interval: args.job_interval,
    })
    .await?;
    eprintln!(
        "surge: {} server(s) on {backend} answering: {}",
        servers.urls.len(),
        servers.urls.join(" ")
    );

    let world = Arc::new(World {
        servers: servers.urls.clone(),
        client: reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(60))
            .build()?,
        admin_token: setup.admin_token,
        officers: setup.officers,
        innovations: setup.innovations,
        indicators: setup.indicators,
        files: UPLOAD_SIZES.iter().map(|size| padded_pdf(*size)).collect(),
        citizens: AtomicU32::new(0),
    });

    let mut steps = Vec::new();
    let mut outcomes = Vec::new();
    for (step, rate) in rates.iter().enumerate() {
        let plan = schedule(
            &world,
            *rate,
            Duration::from_secs(args.duration),
            step as u64,
        );
        eprintln!(
            "surge: {rate} requests/s for {} s ({} requests)…",
            args.duration,
            plan.len()
        );
        let (results, lag, panicked) = drive(&world, plan).await;
        steps.push(Step::of(*rate, &results, lag, panicked));
        outcomes.extend(results);
        // Let the jobs catch up before the next rate, so the steps do not overlap.
        tokio::time::sleep(Duration::from_secs(2)).await;
    }

    println!(
        "\n### Deadline surge: {} server(s), {backend}, {}, {} officers, {} s per rate\n",
        world.servers.len(),
        match (&s3, server_count) {
            (Some(_), _) => "files on S3",
            (None, 1) => "files in the server's directory",
            (None, _) => "files in each server's own directory",
        },
        world.officers.len(),
        args.duration
    );
    print_table(&steps);

    let checks = check_all(&db, &world, &sink, &setup.overdue, &outcomes).await?;
    drop(servers);
    let failed: Vec<&Check> = checks.iter().filter(|c| !c.ok).collect();
    let errors: usize = steps.iter().map(|s| s.errors()).sum();
    eprintln!("surge: done in {:.0} s", started.elapsed().as_secs_f64());
    if args.check {
        if !failed.is_empty() || errors > 0 {
            bail!(
                "surge --check: {} check(s) failed, {errors} request(s) failed",
                failed.len()
            );
        }
        println!("\nsurge --check: nothing lost, nothing twice, no failed requests");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Set-up, in this process, before the servers start
// ---------------------------------------------------------------------------------------------

struct SetUp {
    admin_token: String,
    officers: Vec<Officer>,
    innovations: Vec<Innovation>,
    indicators: Vec<String>,
    /// Ids of the complaints that are past their deadline when the servers start.
    overdue: Vec<String>,
}

fn regions_file() -> PathBuf {
    std::env::var_os("LUMBUNG_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"))
        .join("data/wilayah/regions-level-1-2.csv")
}

async fn set_up(app: &App, officers: Option<usize>) -> Result<SetUp> {
    let system = Caller::system();
    {
        let mut conn = app.db.read().await?;
        let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&mut *conn)
            .await?;
        if users > 0 {
            bail!("the bench database already has accounts; give it an empty database");
        }
    }
    lumbung_service::regions::ensure_built_in(app)
        .await
        .map_err(crate::service)?;
    let file = regions_file();
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("reading {} (set LUMBUNG_SHARED_DIR)", file.display()))?;
    lumbung_service::regions::import(app, &system, &text)
        .await
        .map_err(crate::service)?;
    // Provinces sort before their kabupaten/kota ("11" < "11.01" < "12"), so the first N are
    // whole provinces with their regions, and a late complaint has a province to go to.
    let mut regions = lumbung_service::regions::list(app, None, None)
        .await
        .map_err(crate::service)?;
    regions.retain(|r| r.autonomous && r.kind != RegionKind::Nation);
    regions.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    regions.truncate(officers.unwrap_or(regions.len()).max(1));

    lumbung_service::assessments::set_window(
        app,
        &system,
        YEAR,
        lumbung_service::assessments::WindowAction::Open,
    )
    .await
    .map_err(crate::service)?;
    let rubric = lumbung_service::index::rubric(YEAR).map_err(crate::service)?;
    let indicators: Vec<String> = rubric
        .indicators_of(Aspect::Spd)
        .map(|i| i.code.clone())
        .collect();

    let admin_token = add_officer(
        app,
        "admin.nasional@surge.lumbung.test".into(),
        "national_admin",
        "ID",
    )
    .await?;

    // Accounts hash their password with argon2: two at a time on two cores.
    let mut officers = Vec::with_capacity(regions.len());
    for chunk in regions.chunks(2) {
        let mut tasks = tokio::task::JoinSet::new();
        for region in chunk {
            let app = app.clone();
            let code = region.code.as_str().to_owned();
            let role = if region.kind == RegionKind::Province {
                "province_admin"
            } else {
                "regency_admin"
            };
            tasks.spawn(async move {
                let email = format!("admin.{}@surge.lumbung.test", code.replace('.', "-"));
                let token = add_officer(&app, email, role, &code).await?;
                anyhow::Ok(Officer {
                    region: code,
                    token,
                })
            });
        }
        let mut made: Vec<Officer> = Vec::new();
        while let Some(officer) = tasks.join_next().await {
            made.push(officer??);
        }
        made.sort_by(|a, b| a.region.cmp(&b.region));
        officers.extend(made);
    }

    let mut innovations = Vec::new();
    for (index, officer) in officers.iter().enumerate() {
        let agency = lumbung_service::agencies::create(
            app,
            &system,
            &lumbung_service::agencies::AgencyInput {
                region: officer.region.clone(),
                name: "Bappeda".into(),
                kind: None,
            },
        )
        .await
        .map_err(crate::service)?;
        for n in 0..INNOVATIONS_PER_REGION {
            let input: lumbung_service::innovations::InnovationInput =
                serde_json::from_value(innovation_body(
                    &agency.id.to_string(),
                    &format!("Layanan Surge {} {n}", officer.region),
                    "Belum ada hasil.",
                ))?;
            let created = lumbung_service::innovations::create(app, &system, &input)
                .await
                .map_err(crate::service)?;
            innovations.push(Innovation {
                id: created.id.to_string(),
                officer: index,
                agency: agency.id.to_string(),
                name: input.profile.name.clone(),
            });
        }
    }

    // Late complaints: received six weeks ago in kabupaten/kota (their province has an
    // officer above them), never verified.
    let received_at = chrono::Utc::now() - chrono::Duration::weeks(6);
    let mut late: Vec<&Officer> = officers.iter().filter(|o| o.region.contains('.')).collect();
    if late.is_empty() {
        late = officers.iter().collect();
    }
    let mut overdue = Vec::new();
    for (n, officer) in late.iter().cycle().take(OVERDUE_COMPLAINTS).enumerate() {
        let input = ComplaintInput {
            category: "kesehatan".into(),
            tags: vec!["antrean".into()],
            region_code: officer.region.clone(),
            subject: format!("Surge terlambat {n}"),
            description: "Antrean pendaftaran puskesmas sampai tiga jam dan belum ditanggapi."
                .into(),
            reporter_name: Some(format!("Pelapor {n}")),
            reporter_email: Some(format!("pelapor.lama{n}@surge.lumbung.test")),
            channel: Some("whatsapp".into()),
            ..ComplaintInput::default()
        };
        let filed = lumbung_service::complaints::intake(app, &system, &input, Some(received_at))
            .await
            .map_err(crate::service)?;
        overdue.push(filed.id.to_string());
    }
    Ok(SetUp {
        admin_token,
        officers,
        innovations,
        indicators,
        overdue,
    })
}

/// An account with one role and an API token for it.
async fn add_officer(app: &App, email: String, role: &str, region: &str) -> Result<String> {
    let system = Caller::system();
    lumbung_service::auth::add_user(
        app,
        &system,
        &email,
        &format!("Admin {region}"),
        PASSWORD,
        &[GrantInput {
            role: role.into(),
            region: region.into(),
            agency_id: None,
        }],
    )
    .await
    .map_err(crate::service)?;
    lumbung_service::auth::create_token(app, &system, &email, "surge")
        .await
        .map_err(crate::service)
}

/// An innovation's whole profile, as `PATCH /innovations/{id}` replaces it.
fn innovation_body(agency: &str, name: &str, results: &str) -> Value {
    json!({
        "agency_id": agency,
        "name": name,
        "stage": "penerapan",
        "implementation_date": "2024-06-01",
        "kind": "digital",
        "form": "pelayanan_publik",
        "main_affair": "kesehatan",
        "related_affairs": [],
        "links": [],
        "design": "Layanan jemput bola dan kanal daring untuk warga di wilayah perbatasan. ".repeat(30),
        "results": results,
    })
}

/// A one-page PDF whose content stream is padded (with comment lines) to about `size` bytes:
/// valid as a PDF, not only by its first bytes.
fn padded_pdf(size: usize) -> Vec<u8> {
    let mut pdf: Vec<u8> = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |pdf: &mut Vec<u8>, body: &[u8]| {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    };
    object(&mut pdf, b"<< /Type /Catalog /Pages 2 0 R >>");
    object(&mut pdf, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    object(
        &mut pdf,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    );
    let mut stream = Vec::with_capacity(size);
    let mut line = 0usize;
    while stream.len() + 400 < size {
        stream.extend_from_slice(
            format!("% data dukung surge, baris {line:08}, ukuran {size:09}\n").as_bytes(),
        );
        line += 1;
    }
    let mut body = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
    body.extend_from_slice(&stream);
    body.extend_from_slice(b"\nendstream");
    object(&mut pdf, &body);
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
    );
    for offset in &offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

// ---------------------------------------------------------------------------------------------
// The servers: child processes of this binary
// ---------------------------------------------------------------------------------------------

struct ServerSettings<'a> {
    count: usize,
    dir: &'a Path,
    /// PostgreSQL; SQLite in `dir` when absent.
    database_url: Option<&'a str>,
    s3: Option<&'a (String, String)>,
    smtp_url: &'a str,
    job_interval: u64,
}

/// Running servers; killed when dropped, so a failed run leaves none behind.
struct Servers {
    children: Vec<Child>,
    urls: Vec<String>,
}

impl Drop for Servers {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Servers {
    async fn start(settings: &ServerSettings<'_>) -> Result<Servers> {
        let exe = std::env::current_exe().context("finding this program to start servers")?;
        // Free ports, all held until every one is chosen so that no two servers share one.
        let listeners = (0..settings.count)
            .map(|_| std::net::TcpListener::bind("127.0.0.1:0"))
            .collect::<std::io::Result<Vec<_>>>()?;
        let addrs = listeners
            .iter()
            .map(|l| l.local_addr())
            .collect::<std::io::Result<Vec<_>>>()?;
        drop(listeners);
        let mut servers = Servers {
            children: Vec::new(),
            urls: Vec::new(),
        };
        let mut logs = Vec::new();
        for (i, addr) in addrs.iter().enumerate() {
            // SQLite: the one server uses the set-up's directory, where the database is.
            let data_dir = match settings.database_url {
                Some(_) => settings.dir.join(format!("server-{i}")),
                None => settings.dir.to_path_buf(),
            };
            std::fs::create_dir_all(&data_dir)?;
            let log_path = settings.dir.join(format!("server-{i}.log"));
            let log = std::fs::File::create(&log_path)?;
            let mut command = Command::new(&exe);
            command
                .args(["serve", "--no-demo"])
                .current_dir(&data_dir)
                .env("LUMBUNG_ADDR", addr.to_string())
                .env("LUMBUNG_DATA_DIR", &data_dir)
                .env("LUMBUNG_SMTP_URL", settings.smtp_url)
                .env(
                    "LUMBUNG_MAIL_FROM",
                    "Lumbung Surge <noreply@surge.lumbung.test>",
                )
                .env("LUMBUNG_PUBLIC_URL", format!("http://{addr}"))
                .env(
                    "LUMBUNG_JOB_INTERVAL_SECS",
                    settings.job_interval.max(1).to_string(),
                )
                .env_remove("LUMBUNG_CONFIG")
                .stdin(Stdio::null())
                .stdout(Stdio::from(log.try_clone()?))
                .stderr(Stdio::from(log));
            if std::env::var_os("RUST_LOG").is_none() {
                command.env("RUST_LOG", "info");
            }
            match settings.database_url {
                Some(url) => command.env("LUMBUNG_DATABASE_URL", url),
                None => command.env_remove("LUMBUNG_DATABASE_URL"),
            };
            match settings.s3 {
                Some((endpoint, bucket)) => {
                    command
                        .env("LUMBUNG_S3_ENDPOINT", endpoint)
                        .env("LUMBUNG_S3_BUCKET", bucket);
                    // A local S3 API server takes any key; a real one gets them from the
                    // environment this bench runs in.
                    for (name, value) in [
                        ("LUMBUNG_S3_ACCESS_KEY_ID", "surge"),
                        ("LUMBUNG_S3_SECRET_ACCESS_KEY", "surge"),
                    ] {
                        if std::env::var_os(name).is_none() {
                            command.env(name, value);
                        }
                    }
                }
                None => {
                    for name in [
                        "LUMBUNG_S3_BUCKET",
                        "LUMBUNG_S3_ENDPOINT",
                        "LUMBUNG_S3_REGION",
                        "LUMBUNG_S3_ACCESS_KEY_ID",
                        "LUMBUNG_S3_SECRET_ACCESS_KEY",
                    ] {
                        command.env_remove(name);
                    }
                }
            }
            servers.children.push(
                command
                    .spawn()
                    .with_context(|| format!("starting server {i}"))?,
            );
            servers.urls.push(format!("http://{addr}"));
            logs.push(log_path);
        }
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(2))
            .build()?;
        let until = Instant::now() + Duration::from_secs(120);
        for (i, url) in servers.urls.iter().enumerate() {
            loop {
                if let Some(status) = servers.children[i].try_wait()? {
                    bail!(
                        "server {i} stopped ({status}) before answering; its log:\n{}",
                        tail(&logs[i])
                    );
                }
                let healthy = client
                    .get(format!("{url}/healthz"))
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success());
                if healthy {
                    break;
                }
                if Instant::now() > until {
                    bail!(
                        "server {i} did not answer /healthz within 120 s; its log:\n{}",
                        tail(&logs[i])
                    );
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
        Ok(servers)
    }
}

fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

// ---------------------------------------------------------------------------------------------
// The open-loop load
// ---------------------------------------------------------------------------------------------

/// The requests of one rate: exponential gaps (a Poisson process) with a fixed seed, the
/// mix drawn request by request, servers taken in turn.
fn schedule(world: &World, rate: f64, length: Duration, step: u64) -> Vec<Planned> {
    let mut rng = StdRng::seed_from_u64(SEED ^ (step << 32) ^ rate.to_bits());
    let mut plan = Vec::new();
    let mut at = 0.0f64;
    let officers = world.officers.len();
    loop {
        let u: f64 = rng.random();
        at += -(1.0 - u).ln() / rate;
        if at >= length.as_secs_f64() {
            break;
        }
        let seq = (step << 32) | plan.len() as u64;
        let draw = rng.random_range(0..100);
        let action = if draw < 60 {
            Action::Answer {
                officer: rng.random_range(0..officers),
                indicator: rng.random_range(0..world.indicators.len()),
                level: rng.random_range(0..=3),
            }
        } else if draw < 75 {
            Action::Upload {
                officer: rng.random_range(0..officers),
                indicator: rng.random_range(0..world.indicators.len()),
                file: rng.random_range(0..world.files.len()),
            }
        } else if draw < 90 {
            Action::Edit {
                innovation: rng.random_range(0..world.innovations.len()),
            }
        } else {
            Action::Filing {
                officer: rng.random_range(0..officers),
            }
        };
        plan.push(Planned {
            at: Duration::from_secs_f64(at),
            seq,
            server: plan.len() % world.servers.len(),
            action,
        });
    }
    plan
}

/// Sends each request at its time from one scheduling loop that never waits for answers;
/// returns every outcome, how far behind its schedule the loop fell at worst, and how many
/// requests ended without an outcome (a panic).
async fn drive(world: &Arc<World>, plan: Vec<Planned>) -> (Vec<Outcome>, Duration, usize) {
    let start = tokio::time::Instant::now() + Duration::from_millis(200);
    let mut tasks = tokio::task::JoinSet::new();
    let mut lag = Duration::ZERO;
    for planned in plan {
        let due = start + planned.at;
        tokio::time::sleep_until(due).await;
        lag = lag.max(tokio::time::Instant::now().saturating_duration_since(due));
        let world = Arc::clone(world);
        tasks.spawn(async move { perform(&world, planned, due.into_std()).await });
    }
    let mut outcomes = Vec::new();
    let mut lost = 0;
    while let Some(outcome) = tasks.join_next().await {
        match outcome {
            Ok(outcome) => outcomes.push(outcome),
            // A request that panicked has no outcome; it counts as failed all the same.
            Err(error) => {
                eprintln!("surge: a request task failed: {error}");
                lost += 1;
            }
        }
    }
    outcomes.sort_by_key(|o| o.planned.seq);
    (outcomes, lag, lost)
}

/// A request's answer: status and body, after the 503s it was asked to retry.
struct Answer {
    status: StatusCode,
    body: Vec<u8>,
}

/// [`send`] with a JSON body, on the request `build` starts (method, address, credentials).
async fn send_json(
    build: impl Fn() -> reqwest::RequestBuilder,
    body: &str,
    retries: &mut u32,
) -> Result<Answer, String> {
    send(
        || {
            build()
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_owned())
        },
        retries,
    )
    .await
}

/// Sends a request, again after each 503's Retry-After (at most [`MAX_RETRIES`] times).
async fn send(
    build: impl Fn() -> reqwest::RequestBuilder,
    retries: &mut u32,
) -> Result<Answer, String> {
    loop {
        let response = build()
            .send()
            .await
            .map_err(|e| format!("transport: {e}"))?;
        let status = response.status();
        if status == StatusCode::SERVICE_UNAVAILABLE && *retries < MAX_RETRIES {
            let wait = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(1);
            *retries += 1;
            tokio::time::sleep(Duration::from_secs(wait.clamp(1, 30))).await;
            continue;
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| format!("transport: {e}"))?
            .to_vec();
        return Ok(Answer { status, body });
    }
}

/// The answer as the expected status, or an error naming what came instead.
fn expect(answer: Answer, wanted: StatusCode) -> Result<Value, String> {
    if answer.status == wanted {
        Ok(serde_json::from_slice(&answer.body).unwrap_or(Value::Null))
    } else {
        let text = String::from_utf8_lossy(&answer.body);
        Err(format!(
            "{}: {}",
            answer.status.as_u16(),
            text.chars().take(160).collect::<String>()
        ))
    }
}

async fn perform(world: &World, planned: Planned, due: Instant) -> Outcome {
    let mut retries = 0;
    let mut started = Instant::now();
    let base = &world.servers[planned.server];
    let mut measured_from = due;
    let result = match &planned.action {
        Action::Answer {
            officer,
            indicator,
            level,
        } => {
            let officer = &world.officers[*officer];
            let url = format!(
                "{base}/api/v1/assessments/{}/{YEAR}/answers/{}",
                officer.region, world.indicators[*indicator]
            );
            let body =
                json!({"level": level, "note": format!("surge {}", planned.seq)}).to_string();
            send_json(
                || world.client.put(&url).bearer_auth(&officer.token),
                &body,
                &mut retries,
            )
            .await
            .and_then(|a| expect(a, StatusCode::OK))
            .map(|_| None)
        }
        Action::Upload {
            officer,
            indicator,
            file,
        } => {
            let officer = &world.officers[*officer];
            let url = format!(
                "{base}/api/v1/assessments/{}/{YEAR}/evidence",
                officer.region
            );
            let boundary = format!("surge{}", planned.seq);
            let body = multipart(
                &boundary,
                &[
                    ("indicator", world.indicators[*indicator].as_str()),
                    ("letter_number", &marker(planned.seq)),
                    ("letter_date", "01/12/2026"),
                    ("letter_subject", "Data dukung tenggat"),
                ],
                ("perbup-inovasi.pdf", &world.files[*file]),
            );
            send(
                || {
                    world
                        .client
                        .post(&url)
                        .bearer_auth(&officer.token)
                        .header(
                            reqwest::header::CONTENT_TYPE,
                            format!("multipart/form-data; boundary={boundary}"),
                        )
                        .body(body.clone())
                },
                &mut retries,
            )
            .await
            .and_then(|a| expect(a, StatusCode::CREATED))
            .and_then(|v| {
                v["id"]
                    .as_str()
                    .map(|id| Some(id.to_owned()))
                    .ok_or_else(|| format!("201 without an id: {v}"))
            })
        }
        Action::Edit { innovation } => {
            let innovation = &world.innovations[*innovation];
            let officer = &world.officers[innovation.officer];
            let url = format!("{base}/api/v1/innovations/{}", innovation.id);
            let body = innovation_body(&innovation.agency, &innovation.name, &marker(planned.seq))
                .to_string();
            send_json(
                || world.client.patch(&url).bearer_auth(&officer.token),
                &body,
                &mut retries,
            )
            .await
            .and_then(|a| expect(a, StatusCode::OK))
            .map(|_| None)
        }
        Action::Filing { officer } => {
            let region = &world.officers[*officer].region;
            let (result, posted) = file_complaint(world, &planned, region, &mut retries).await;
            // The filing's latency is its POST's; the challenge before it is the person reading.
            if let Some(posted) = posted {
                measured_from = posted;
                started = posted;
            }
            result
        }
    };
    let done = Instant::now();
    let result = result.map_err(|e| {
        format!(
            "{} (server {}): {e}",
            planned.request(world),
            planned.server
        )
    });
    Outcome {
        latency: done.saturating_duration_since(measured_from),
        started,
        done,
        retries,
        result,
        planned,
    }
}

/// A public filing: the challenge from one server, the answer to the next one, as a load
/// balancer without sticky sessions would send them. Each citizen comes from an address of
/// their own (all of 127.0.0.0/8 is the loopback on Linux), since the public is many people
/// and one address may file only 20 complaints an hour.
async fn file_complaint(
    world: &World,
    planned: &Planned,
    region: &str,
    retries: &mut u32,
) -> (Result<Option<String>, String>, Option<Instant>) {
    let n = world.citizens.fetch_add(1, Ordering::Relaxed);
    let citizen = Ipv4Addr::new(
        127,
        1 + (n / (254 * 254)) as u8,
        1 + ((n / 254) % 254) as u8,
        1 + (n % 254) as u8,
    );
    let client = match reqwest::Client::builder()
        .no_proxy()
        .local_address(IpAddr::V4(citizen))
        .timeout(Duration::from_secs(60))
        .build()
    {
        Ok(client) => client,
        Err(e) => return (Err(format!("client: {e}")), None),
    };
    let first = &world.servers[planned.server];
    let second = &world.servers[(planned.server + 1) % world.servers.len()];
    let challenge = match send(
        || client.get(format!("{first}/api/v1/complaints/challenge")),
        retries,
    )
    .await
    .and_then(|a| expect(a, StatusCode::OK))
    {
        Ok(challenge) => challenge,
        Err(e) => return (Err(format!("challenge: {e}")), None),
    };
    let Some(answer) = challenge["question"].as_str().and_then(solve) else {
        return (Err(format!("challenge without a sum: {challenge}")), None);
    };
    let body = json!({
        "category": "kesehatan",
        "tags": ["antrean", "surge"],
        "region_code": region,
        "subject": marker(planned.seq),
        "description": "Antrean pendaftaran di puskesmas sampai tiga jam, petugas loket hanya satu.",
        "reporter_name": "Warga Surge",
        "reporter_email": format!("warga{}@surge.lumbung.test", planned.seq),
        "challenge_token": challenge["token"],
        "challenge_answer": answer.to_string(),
    })
    .to_string();
    let posted = Instant::now();
    let result = send_json(
        || client.post(format!("{second}/api/v1/complaints")),
        &body,
        retries,
    )
    .await
    .and_then(|a| expect(a, StatusCode::CREATED))
    .and_then(|v| {
        v["tracking_number"]
            .as_str()
            .map(|n| Some(n.to_owned()))
            .ok_or_else(|| format!("201 without a tracking number: {v}"))
    });
    (result, Some(posted))
}

/// "Berapa 3 + 4?" → 7.
fn solve(question: &str) -> Option<u32> {
    let sum = question.strip_prefix("Berapa ")?.strip_suffix('?')?;
    let (a, b) = sum.split_once('+')?;
    Some(a.trim().parse::<u32>().ok()? + b.trim().parse::<u32>().ok()?)
}

/// The text a write leaves behind, to find it in the database: one per request.
fn marker(seq: u64) -> String {
    format!("SURGE/{seq}")
}

fn multipart(boundary: &str, fields: &[(&str, &str)], file: (&str, &[u8])) -> Vec<u8> {
    let mut body = Vec::with_capacity(file.1.len() + 1024);
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/pdf\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

struct KindStats {
    count: usize,
    p50: Duration,
    p95: Duration,
    p99: Duration,
    errors: usize,
    retries: u32,
    first_error: Option<String>,
}

struct Step {
    rate: f64,
    lag: Duration,
    /// Requests that ended without an answer to count (a panic in the bench).
    panicked: usize,
    kinds: BTreeMap<Kind, KindStats>,
}

/// The nearest-rank percentile of sorted times.
fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

impl Step {
    fn of(rate: f64, outcomes: &[Outcome], lag: Duration, panicked: usize) -> Step {
        let mut kinds = BTreeMap::new();
        for kind in Kind::ALL {
            let mine: Vec<&Outcome> = outcomes
                .iter()
                .filter(|o| o.planned.action.kind() == kind)
                .collect();
            let mut times: Vec<Duration> = mine.iter().map(|o| o.latency).collect();
            times.sort();
            kinds.insert(
                kind,
                KindStats {
                    count: mine.len(),
                    p50: percentile(&times, 0.50),
                    p95: percentile(&times, 0.95),
                    p99: percentile(&times, 0.99),
                    errors: mine.iter().filter(|o| o.result.is_err()).count(),
                    retries: mine.iter().map(|o| o.retries).sum(),
                    first_error: mine.iter().find_map(|o| o.result.as_ref().err().cloned()),
                },
            );
        }
        Step {
            rate,
            lag,
            panicked,
            kinds,
        }
    }

    fn errors(&self) -> usize {
        self.panicked + self.kinds.values().map(|k| k.errors).sum::<usize>()
    }

    /// Every kind within its p99 goal and no failed request.
    fn holds(&self) -> bool {
        self.panicked == 0
            && self
                .kinds
                .iter()
                .all(|(kind, s)| s.errors == 0 && s.p99 <= kind.goal())
    }
}

fn print_table(steps: &[Step]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| rate (req/s) | kind | count | p50 ms | p95 ms | p99 ms | errors | 503 retries | p99 goal |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for step in steps {
        for (kind, s) in &step.kinds {
            println!(
                "| {} | {} | {} | {:.0} | {:.0} | {:.0} | {} | {} | {} ms {} |",
                step.rate,
                kind.label(),
                s.count,
                ms(s.p50),
                ms(s.p95),
                ms(s.p99),
                s.errors,
                s.retries,
                kind.goal().as_millis(),
                if s.errors == 0 && s.p99 <= kind.goal() {
                    "met"
                } else {
                    "missed"
                }
            );
        }
    }
    println!();
    for step in steps {
        if step.lag > Duration::from_millis(50) {
            println!(
                "- at {} req/s the scheduler fell up to {:.0} ms behind its schedule (this machine's CPU is shared with the servers)",
                step.rate,
                ms(step.lag)
            );
        }
        if step.panicked > 0 {
            println!(
                "- at {} req/s, {} request(s) ended without an answer (a panic in the bench)",
                step.rate, step.panicked
            );
        }
        for (kind, s) in &step.kinds {
            if let Some(error) = &s.first_error {
                println!(
                    "- at {} req/s, {}: {} failed; first: {error}",
                    step.rate,
                    kind.label(),
                    s.errors
                );
            }
        }
    }
    match steps
        .iter()
        .filter(|s| s.holds())
        .map(|s| s.rate)
        .reduce(f64::max)
    {
        Some(rate) => println!(
            "- highest rate holding the goals (writes p99 ≤ 500 ms, uploads p99 ≤ 3 s, no errors): {rate} req/s"
        ),
        None => {
            println!("- no rate held the goals (writes p99 ≤ 500 ms, uploads p99 ≤ 3 s, no errors)")
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The checks: nothing lost, nothing twice
// ---------------------------------------------------------------------------------------------

struct Check {
    name: &'static str,
    ok: bool,
    detail: String,
}

fn check(name: &'static str, problems: &[String], summary: String) -> Check {
    let ok = problems.is_empty();
    let detail = if ok {
        summary
    } else {
        let shown: Vec<&str> = problems.iter().take(5).map(String::as_str).collect();
        format!(
            "{summary}; {} problem(s), e.g. {}",
            problems.len(),
            shown.join("; ")
        )
    };
    Check { name, ok, detail }
}

/// One write to a key, for telling which value the key may hold at the end.
struct Write<V> {
    started: Instant,
    done: Instant,
    acknowledged: bool,
    value: V,
}

/// The values a key may hold after these writes: each write that no acknowledged write
/// began after it ended (that one committed later and would have replaced it). A write
/// that failed may or may not have committed, so it stays a possibility, but only an
/// acknowledged one is required.
fn possible<V: Clone + PartialEq>(writes: &[Write<V>]) -> Vec<V> {
    writes
        .iter()
        .filter(|w| {
            !writes
                .iter()
                .any(|later| later.acknowledged && later.started > w.done)
        })
        .map(|w| w.value.clone())
        .collect()
}

async fn check_all(
    db: &Db,
    world: &World,
    sink: &lumbung_service::smtp_sink::Sink,
    overdue: &[String],
    outcomes: &[Outcome],
) -> Result<Vec<Check>> {
    let mut checks = Vec::new();
    let mut conn = db.read().await?;

    // Index answers: the level last acknowledged per (region, indicator).
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT a.region_code, an.indicator, an.level FROM answers an \
         JOIN assessments a ON a.id = an.assessment_id \
         WHERE an.subject = '' AND a.year = 2026",
    )
    .fetch_all(&mut *conn)
    .await?;
    let stored: HashMap<(String, String), i64> = rows
        .into_iter()
        .map(|(region, indicator, level)| ((region, indicator), level))
        .collect();
    let mut answers: BTreeMap<(String, String), Vec<Write<i64>>> = BTreeMap::new();
    for o in outcomes {
        if let Action::Answer {
            officer,
            indicator,
            level,
        } = &o.planned.action
        {
            answers
                .entry((
                    world.officers[*officer].region.clone(),
                    world.indicators[*indicator].clone(),
                ))
                .or_default()
                .push(Write {
                    started: o.started,
                    done: o.done,
                    acknowledged: o.result.is_ok(),
                    value: i64::from(*level),
                });
        }
    }
    let mut problems = Vec::new();
    let mut acknowledged = 0;
    for (key, writes) in &answers {
        acknowledged += writes.iter().filter(|w| w.acknowledged).count();
        if !writes.iter().any(|w| w.acknowledged) {
            continue;
        }
        let allowed = possible(writes);
        match stored.get(key) {
            Some(level) if allowed.contains(level) => {}
            found => problems.push(format!(
                "{} indicator {}: stored {found:?}, acknowledged writes allow {allowed:?}",
                key.0, key.1
            )),
        }
    }
    checks.push(check(
        "answers",
        &problems,
        format!(
            "{acknowledged} acknowledged saves over {} (region, indicator) pairs",
            answers.len()
        ),
    ));

    // Evidence: one row per acknowledged upload, under the id it was answered with.
    let rows: Vec<(String, Option<String>, Option<i64>)> =
        sqlx::query_as("SELECT id, letter_number, size FROM evidence")
            .fetch_all(&mut *conn)
            .await?;
    let mut by_marker: HashMap<String, Vec<(String, Option<i64>)>> = HashMap::new();
    for (id, letter, size) in rows {
        if let Some(letter) = letter {
            by_marker.entry(letter).or_default().push((id, size));
        }
    }
    let mut problems = Vec::new();
    let mut uploads = Vec::new();
    for o in outcomes {
        let Action::Upload { file, .. } = &o.planned.action else {
            continue;
        };
        let found = by_marker
            .get(&marker(o.planned.seq))
            .map(Vec::as_slice)
            .unwrap_or_default();
        if found.len() > 1 {
            problems.push(format!(
                "upload {} stored {} times",
                o.planned.seq,
                found.len()
            ));
        }
        if let Ok(Some(id)) = &o.result {
            let size = world.files[*file].len() as i64;
            if !found.iter().any(|(row, s)| row == id && *s == Some(size)) {
                problems.push(format!(
                    "upload {} acknowledged as {id} ({size} bytes), stored {found:?}",
                    o.planned.seq
                ));
            }
            uploads.push((id.clone(), *file));
        }
    }
    checks.push(check(
        "evidence rows",
        &problems,
        format!("{} acknowledged uploads", uploads.len()),
    ));

    // Innovation edits: the text last acknowledged per innovation.
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, results FROM innovations")
        .fetch_all(&mut *conn)
        .await?;
    let stored: HashMap<String, String> = rows.into_iter().collect();
    let mut edits: BTreeMap<&str, Vec<Write<String>>> = BTreeMap::new();
    for o in outcomes {
        if let Action::Edit { innovation } = &o.planned.action {
            edits
                .entry(world.innovations[*innovation].id.as_str())
                .or_default()
                .push(Write {
                    started: o.started,
                    done: o.done,
                    acknowledged: o.result.is_ok(),
                    value: marker(o.planned.seq),
                });
        }
    }
    let mut problems = Vec::new();
    let mut acknowledged = 0;
    for (id, writes) in &edits {
        acknowledged += writes.iter().filter(|w| w.acknowledged).count();
        if !writes.iter().any(|w| w.acknowledged) {
            continue;
        }
        let allowed = possible(writes);
        match stored.get(*id) {
            Some(text) if allowed.contains(text) => {}
            found => problems.push(format!(
                "innovation {id}: stored {found:?}, acknowledged edits allow {allowed:?}"
            )),
        }
    }
    checks.push(check(
        "innovation edits",
        &problems,
        format!(
            "{acknowledged} acknowledged edits of {} innovations",
            edits.len()
        ),
    ));

    // Complaints: each acknowledged tracking number stored once, with its filing.
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, tracking_number, subject FROM complaints")
            .fetch_all(&mut *conn)
            .await?;
    let mut by_subject: HashMap<&str, Vec<&str>> = HashMap::new();
    for (_, number, subject) in &rows {
        by_subject
            .entry(subject.as_str())
            .or_default()
            .push(number.as_str());
    }
    let mut problems = Vec::new();
    let mut filed = 0;
    for o in outcomes {
        if !matches!(o.planned.action, Action::Filing { .. }) {
            continue;
        }
        let subject = marker(o.planned.seq);
        let found = by_subject
            .get(subject.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        if found.len() > 1 {
            problems.push(format!("filing {subject} stored {} times", found.len()));
        }
        if let Ok(Some(number)) = &o.result {
            filed += 1;
            if !found.contains(&number.as_str()) {
                problems.push(format!(
                    "filing {subject} acknowledged as {number}, stored {found:?}"
                ));
            }
        }
    }
    checks.push(check(
        "complaints",
        &problems,
        format!("{filed} acknowledged filings"),
    ));

    // Escalations: every overdue complaint escalated once per stage, nothing else escalated.
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT complaint_id, note FROM complaint_events WHERE kind = 'escalate'")
            .fetch_all(&mut *conn)
            .await?;
    let mut stages: HashMap<&str, BTreeMap<String, usize>> = HashMap::new();
    for (complaint, note) in &rows {
        // "Melewati batas verifikasi (…); …": the stage is named before the date.
        let stage = note
            .as_deref()
            .and_then(|n| n.strip_prefix("Melewati batas "))
            .and_then(|n| n.split(" (").next())
            .unwrap_or("?")
            .to_owned();
        *stages
            .entry(complaint.as_str())
            .or_default()
            .entry(stage)
            .or_default() += 1;
    }
    let mut problems = Vec::new();
    for id in overdue {
        match stages.get(id.as_str()) {
            None => problems.push(format!("complaint {id} not escalated")),
            Some(counts) => {
                for (stage, count) in counts {
                    if *count != 1 {
                        problems.push(format!(
                            "complaint {id} escalated {count} times for {stage}"
                        ));
                    }
                }
            }
        }
    }
    let known: HashSet<&str> = overdue.iter().map(String::as_str).collect();
    for complaint in stages.keys().filter(|c| !known.contains(*c)) {
        problems.push(format!("complaint {complaint} escalated but not overdue"));
    }
    checks.push(check(
        "escalations",
        &problems,
        format!(
            "{} overdue complaints, {} escalation events",
            overdue.len(),
            rows.len()
        ),
    ));
    drop(conn);

    checks.push(check_files(world, &uploads).await);
    checks.push(check_mail(db, sink).await?);

    println!();
    for check in &checks {
        println!(
            "- check {}: {} — {}",
            check.name,
            if check.ok { "OK" } else { "FAILED" },
            check.detail
        );
    }
    Ok(checks)
}

/// Every acknowledged file (a sample of at most [`FILE_SAMPLE`]) downloaded through every
/// server, as uploaded byte for byte.
async fn check_files(world: &World, uploads: &[(String, usize)]) -> Check {
    let step = uploads.len().div_ceil(FILE_SAMPLE).max(1);
    let sample: Vec<&(String, usize)> = uploads.iter().step_by(step).collect();
    let token = world.admin_token.clone();
    let mut problems = Vec::new();
    let mut per_server = vec![0usize; world.servers.len()];
    for (server, base) in world.servers.iter().enumerate() {
        for chunk in sample.chunks(4) {
            let mut tasks = tokio::task::JoinSet::new();
            for (id, file) in chunk {
                let url = format!("{base}/api/v1/evidence/{id}/file");
                let client = world.client.clone();
                let token = token.clone();
                let id = id.clone();
                let file = *file;
                tasks.spawn(async move {
                    let result = match client.get(&url).bearer_auth(&token).send().await {
                        Ok(r) if r.status() == StatusCode::OK => r
                            .bytes()
                            .await
                            .map(|b| b.to_vec())
                            .map_err(|e| e.to_string()),
                        Ok(r) => Err(format!("status {}", r.status().as_u16())),
                        Err(e) => Err(e.to_string()),
                    };
                    (id, file, result)
                });
            }
            while let Some(Ok((id, file, result))) = tasks.join_next().await {
                match result {
                    Ok(bytes) if bytes == world.files[file] => {}
                    Ok(bytes) => {
                        per_server[server] += 1;
                        problems.push(format!(
                            "{id} through server {server}: {} bytes differ from the {} uploaded",
                            bytes.len(),
                            world.files[file].len()
                        ));
                    }
                    Err(e) => {
                        per_server[server] += 1;
                        problems.push(format!("{id} through server {server}: {e}"));
                    }
                }
            }
        }
    }
    check(
        "files",
        &problems,
        format!(
            "{} of {} acknowledged files through each of {} server(s); unreadable per server: {per_server:?}",
            sample.len(),
            uploads.len(),
            world.servers.len()
        ),
    )
}

/// Waits for the outbox to empty, then: each sent message received by the sink exactly
/// once (by its `Message-ID: <OUTBOX_ID@lumbung>`), and nothing the outbox does not know.
async fn check_mail(db: &Db, sink: &lumbung_service::smtp_sink::Sink) -> Result<Check> {
    let waited = Instant::now();
    loop {
        let pending = {
            let mut conn = db.read().await?;
            lumbung_service::store::outbox::pending_count(&mut conn).await?
        };
        if pending == 0 || waited.elapsed() > MAIL_WAIT {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    // A message being handed over as the outbox empties still arrives.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rows: Vec<(String, Option<String>)> = {
        let mut conn = db.read().await?;
        sqlx::query_as("SELECT id, sent_at FROM outbox")
            .fetch_all(&mut *conn)
            .await?
    };
    let mut received: HashMap<String, usize> = HashMap::new();
    let mut without_id = 0;
    let messages = sink.received();
    for message in &messages {
        match message.message_id() {
            Some(id) => *received.entry(id).or_default() += 1,
            None => without_id += 1,
        }
    }
    let mut problems = Vec::new();
    let mut known = HashSet::new();
    let mut unsent = 0;
    for (id, sent_at) in &rows {
        let message_id = format!("{id}@lumbung");
        let count = received.get(&message_id).copied().unwrap_or(0);
        known.insert(message_id);
        match (sent_at, count) {
            (Some(_), 1) => {}
            (None, 0) => unsent += 1,
            (Some(_), 0) => problems.push(format!("{id} marked sent, never received")),
            (None, 1) => problems.push(format!("{id} received, not marked sent")),
            (_, n) => problems.push(format!("{id} received {n} times")),
        }
    }
    if unsent > 0 {
        problems.push(format!(
            "{unsent} message(s) still unsent after {:.0} s",
            waited.elapsed().as_secs_f64()
        ));
    }
    let unknown = received.keys().filter(|id| !known.contains(*id)).count();
    if unknown > 0 {
        problems.push(format!(
            "{unknown} received message(s) with a Message-ID the outbox does not know"
        ));
    }
    if without_id > 0 {
        problems.push(format!(
            "{without_id} received message(s) without a Message-ID"
        ));
    }
    Ok(check(
        "notifications",
        &problems,
        format!(
            "{} outbox messages, {} received by the sink; outbox emptied in {:.1} s",
            rows.len(),
            messages.len(),
            waited.elapsed().as_secs_f64()
        ),
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn pdfs_are_pdfs_of_about_their_size() {
        for size in UPLOAD_SIZES {
            let pdf = padded_pdf(size);
            assert!(pdf.starts_with(b"%PDF-1.7"));
            assert!(pdf.ends_with(b"%%EOF\n"));
            assert!(pdf.len().abs_diff(size) < 1000, "{size}: {}", pdf.len());
        }
    }

    #[test]
    fn solves_the_challenge() {
        assert_eq!(solve("Berapa 3 + 9?"), Some(12));
        assert_eq!(solve("Berapa?"), None);
    }

    #[test]
    fn a_key_may_hold_only_what_no_acknowledged_write_replaced() {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let write = |started, done, acknowledged, value| Write {
            started: at(started),
            done: at(done),
            acknowledged,
            value,
        };
        // One after the other: only the last.
        assert_eq!(
            possible(&[write(0, 10, true, 1), write(20, 30, true, 2)]),
            vec![2]
        );
        // Overlapping: either.
        assert_eq!(
            possible(&[write(0, 30, true, 1), write(20, 40, true, 2)]),
            vec![1, 2]
        );
        // A failed write after an acknowledged one: either, since it may have committed.
        assert_eq!(
            possible(&[write(0, 10, true, 1), write(20, 30, false, 2)]),
            vec![1, 2]
        );
    }

    #[test]
    fn the_schedule_keeps_its_rate_and_mix() {
        let world = World {
            servers: vec!["a".into(), "b".into()],
            client: reqwest::Client::new(),
            admin_token: String::new(),
            officers: (0..5)
                .map(|i| Officer {
                    region: format!("65.0{i}"),
                    token: String::new(),
                })
                .collect(),
            innovations: vec![Innovation {
                id: "x".into(),
                officer: 0,
                agency: "y".into(),
                name: "z".into(),
            }],
            indicators: vec!["1".into(), "2".into()],
            files: vec![Vec::new()],
            citizens: AtomicU32::new(0),
        };
        let plan = schedule(&world, 100.0, Duration::from_secs(60), 0);
        assert!((5400..6600).contains(&plan.len()), "{}", plan.len());
        let answers = plan
            .iter()
            .filter(|p| matches!(p.action, Action::Answer { .. }))
            .count();
        assert!((answers as f64 / plan.len() as f64 - 0.6).abs() < 0.03);
        assert_eq!(
            plan.len(),
            schedule(&world, 100.0, Duration::from_secs(60), 0).len()
        );
    }
}
