//! `lumbung bench --what search`: 40,000 innovations written from the real corpus' vocabulary
//! (a word-pair chain over its descriptions, names built from its name words — not
//! "Inovasi 1…N"), published, then searched over HTTP: median and p95 latency of
//! `/api/v1/search`, and the throughput of the `/inovasi?q=` page under `wrk` (Debian's
//! package) when it is installed, else under a small load generator of our own.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use lumbung_service::store::Db;
use lumbung_service::{App, Caller};
use lumbung_web::{AppState, WebConfig};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::BenchArgs;

/// Queries people type, from everyday words to names and misspellings.
const QUERIES: [&str; 16] = [
    "perizinan online",
    "dokter terbang",
    "adminduk perbatasan",
    "kependudukan di daerah perbatasan",
    "stunting",
    "pencegahan stunting pangan lokal",
    "akta kelahiran",
    "perijinan onlen",
    "bank sampah",
    "layanan kesehatan",
    "pajak kendaraan",
    "puskesmas",
    "aplikasi pengaduan masyarakat",
    "pendidikan karakter",
    "sipelandukilat",
    "umkm",
];

/// The corpus file: `--corpus`, else `LUMBUNG_SHARED_DIR`, else `../shared` beside the
/// working directory.
fn corpus_path(args: &BenchArgs) -> PathBuf {
    if let Some(path) = &args.corpus {
        return path.clone();
    }
    let shared = std::env::var_os("LUMBUNG_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"));
    shared.join("data/innovations/corpus.csv")
}

/// Words of the corpus: a chain of word pairs over descriptions, and the words of names.
struct Vocabulary {
    next: HashMap<String, Vec<String>>,
    starts: Vec<String>,
    name_words: Vec<String>,
    regions: Vec<String>,
}

impl Vocabulary {
    fn read(corpus: &str, regions: Vec<String>) -> Result<Self> {
        let mut reader = csv::Reader::from_reader(corpus.as_bytes());
        let headers = reader.headers()?.clone();
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .with_context(|| format!("corpus without column {name}"))
        };
        let (name, description) = (column("name")?, column("description")?);
        let mut next: HashMap<String, Vec<String>> = HashMap::new();
        let mut starts = Vec::new();
        let mut name_words = Vec::new();
        for record in reader.records() {
            let record = record?;
            let words: Vec<&str> = record
                .get(description)
                .unwrap_or("")
                .split_whitespace()
                .collect();
            if let Some(first) = words.first() {
                starts.push((*first).to_owned());
            }
            for pair in words.windows(2) {
                next.entry(pair[0].to_owned())
                    .or_default()
                    .push(pair[1].to_owned());
            }
            name_words.extend(
                record
                    .get(name)
                    .unwrap_or("")
                    .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
                    .filter(|w| w.chars().count() > 2)
                    .map(str::to_owned),
            );
        }
        if starts.is_empty() || name_words.is_empty() {
            bail!("the corpus has no text to learn words from");
        }
        Ok(Self {
            next,
            starts,
            name_words,
            regions,
        })
    }

    fn pick<'a>(rng: &mut StdRng, from: &'a [String]) -> &'a str {
        &from[rng.random_range(0..from.len())]
    }

    fn sentence(&self, rng: &mut StdRng, words: usize) -> String {
        let mut out: Vec<&str> = vec![Self::pick(rng, &self.starts)];
        while out.len() < words {
            let last = out.last().copied().unwrap_or_default();
            match self.next.get(last) {
                Some(followers) => out.push(Self::pick(rng, followers)),
                None => out.push(Self::pick(rng, &self.starts)),
            }
        }
        out.join(" ")
    }

    fn name(&self, rng: &mut StdRng) -> String {
        let count = rng.random_range(2..=4);
        (0..count)
            .map(|_| Self::pick(rng, &self.name_words))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// An import sheet of `count` innovations spread over every region.
    fn sheet(&self, count: usize) -> Result<Vec<u8>> {
        let mut rng = StdRng::seed_from_u64(2026);
        let headers = [
            "nama_inovasi",
            "kode_wilayah",
            "perangkat_daerah",
            "tahapan",
            "jenis",
            "bentuk",
            "waktu_penerapan",
            "rancang_bangun",
            "penghargaan",
        ];
        let agencies = [
            "Dinas Kesehatan",
            "Dinas Pendidikan",
            "Dinas Kependudukan dan Pencatatan Sipil",
            "DPMPTSP",
            "Dinas Sosial",
            "Bappeda",
        ];
        let rows: Vec<Vec<String>> = (0..count)
            .map(|i| {
                let words = rng.random_range(25..70);
                vec![
                    self.name(&mut rng),
                    self.regions[i % self.regions.len()].clone(),
                    agencies[i % agencies.len()].to_owned(),
                    "Penerapan".to_owned(),
                    if i % 2 == 0 { "Digital" } else { "Non digital" }.to_owned(),
                    "Pelayanan publik".to_owned(),
                    format!("01/{:02}/{}", 1 + i % 12, 2018 + i % 8),
                    self.sentence(&mut rng, words),
                    if i % 40 == 0 {
                        format!("Top 99 KIPP {}", 2019 + i % 6)
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        lumbung_reports::write_csv(&headers, &rows).context("writing the sheet")
    }
}

pub async fn run(args: &BenchArgs) -> Result<()> {
    let corpus_file = corpus_path(args);
    let corpus = std::fs::read_to_string(&corpus_file)
        .with_context(|| format!("reading {} (set --corpus)", corpus_file.display()))?;
    let regions_file = corpus_file
        .parent()
        .and_then(|p| p.parent())
        .map(|data| data.join("wilayah/regions-level-1-2.csv"))
        .context("the regions file beside the corpus")?;

    let dir = tempfile::tempdir()?;
    let (db, backend) = match &args.bench_database_url {
        Some(url) => (Db::connect(url).await?, "PostgreSQL"),
        None => (Db::open_sqlite_dir(dir.path()).await?, "SQLite"),
    };
    db.migrate().await?;
    let blobs = lumbung_service::store::blobs::Blobs::local(&dir.path().join("files"))?;
    let app = App::new(db.clone(), blobs);
    let system = Caller::system();
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .map_err(crate::service)?;
    let regions_text = std::fs::read_to_string(&regions_file)
        .with_context(|| format!("reading {}", regions_file.display()))?;
    lumbung_service::regions::import(&app, &system, &regions_text)
        .await
        .map_err(crate::service)?;
    let codes: Vec<String> = regions_text
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next())
        .map(|code| code.trim_matches('"').to_owned())
        .filter(|code| !code.is_empty())
        .collect();

    let vocabulary = Vocabulary::read(&corpus, codes)?;
    let sheet = vocabulary.sheet(args.innovations)?;
    let started = Instant::now();
    let summary = lumbung_service::imports::import(&app, &system, &sheet, &|_, _| {})
        .await
        .map_err(crate::service)?;
    let import = started.elapsed();
    // The workflow's three reviewed steps per innovation are not what is measured here.
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE innovations SET status = 'published'")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    db.analyze().await?;
    lumbung_service::corpus::load(&app, &system, &corpus, true)
        .await
        .map_err(crate::service)?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let state = AppState::new(app, WebConfig::default());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(lumbung_web::serve(state, listener, async {
        let _ = stopped.await;
    }));

    // Latency: every query, several runs, after one warm-up pass.
    for q in QUERIES {
        get(addr, &api_path(q)).await?;
    }
    let mut times = Vec::new();
    for _ in 0..args.runs.max(1) {
        for q in QUERIES {
            let started = Instant::now();
            let body = get(addr, &api_path(q)).await?;
            times.push(started.elapsed());
            if !body.contains("\"results\"") {
                bail!("{q}: unexpected answer {}", &body[..body.len().min(200)]);
            }
        }
    }
    times.sort();
    let median = times[times.len() / 2];
    let p95 = times[(times.len() * 95 / 100).min(times.len() - 1)];

    let page = format!("/inovasi?q={}", encode("perizinan online"));
    let throughput = match wrk(addr, &page).await? {
        Some(rate) => format!("{rate:.0} req/s (wrk -t2 -c8 -d10s)"),
        None => format!(
            "{:.0} req/s (built-in generator, 8 connections, 10 s; install wrk for its figure)",
            own_load(addr, &page, 8, Duration::from_secs(10)).await?
        ),
    };
    let _ = stop.send(());
    server.await??;

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| search over HTTP, {backend}: {} generated + 161 corpus innovations | |",
        summary.created
    );
    println!("|---|---|");
    println!(
        "| import of the generated sheet, with indexing | {:.1} s |",
        import.as_secs_f64()
    );
    println!(
        "| `/api/v1/search`, {} queries × {} runs: median | {:.1} ms |",
        QUERIES.len(),
        args.runs.max(1),
        ms(median)
    );
    println!("| `/api/v1/search`: p95 | {:.1} ms |", ms(p95));
    println!("| `/inovasi?q=perizinan+online` page throughput | {throughput} |");
    Ok(())
}

fn api_path(q: &str) -> String {
    format!("/api/v1/search?q={}&per_page=20", encode(q))
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One GET over a fresh connection; the body as text. Errors on any status but 200.
async fn get(addr: std::net::SocketAddr, path: &str) -> Result<String> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    let text = String::from_utf8_lossy(&answer);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    if !head.starts_with("HTTP/1.1 200") {
        bail!("GET {path}: {}", head.lines().next().unwrap_or(""));
    }
    Ok(body.to_owned())
}

/// Requests per second from `wrk`, or `None` when it is not installed.
async fn wrk(addr: std::net::SocketAddr, path: &str) -> Result<Option<f64>> {
    let url = format!("http://{addr}{path}");
    // wrk blocks for its whole run; the server keeps serving on the runtime's other threads.
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("wrk")
            .args(["-t2", "-c8", "-d10s", &url])
            .output()
    })
    .await?;
    let Ok(output) = output else {
        return Ok(None);
    };
    let text = String::from_utf8_lossy(&output.stdout);
    if text.contains("Non-2xx") {
        bail!("wrk saw failed requests:\n{text}");
    }
    let rate = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|r| r.trim().parse::<f64>().ok())
        .with_context(|| format!("reading wrk's output:\n{text}"))?;
    Ok(Some(rate))
}

/// Requests per second from `connections` loops of GETs for `length`.
async fn own_load(
    addr: std::net::SocketAddr,
    path: &str,
    connections: usize,
    length: Duration,
) -> Result<f64> {
    let until = Instant::now() + length;
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let path = path.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut done = 0u64;
            while Instant::now() < until {
                get(addr, &path).await?;
                done += 1;
            }
            anyhow::Ok(done)
        }));
    }
    let mut total = 0;
    for task in tasks {
        total += task.await??;
    }
    Ok(total as f64 / length.as_secs_f64())
}
