//! `lumbung bench`: imports generated innovations into a fresh database and times the
//! import, the list and the counts. Figures are medians over several runs, because this
//! kind of machine is noisy; the README records them.

mod search;
mod surge;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;
use lumbung_service::domain::region::PROVINCES;
use lumbung_service::innovations::ListQuery;
use lumbung_service::store::{Db, Paging};
use lumbung_service::{App, Caller};

#[derive(Args)]
pub struct BenchArgs {
    /// How many innovations to import.
    #[arg(long, default_value_t = 40_000)]
    innovations: usize,
    /// How many times each read is timed.
    #[arg(long, default_value_t = 7)]
    runs: usize,
    /// What to measure: `registry` (import, list, count), `index` (national recompute),
    /// `search` (search over HTTP), or `all` of those three; `surge` (the deadline surge over
    /// several servers) runs only when asked for.
    #[arg(long, default_value = "all")]
    what: String,
    /// The corpus of real innovations whose words the search benchmark writes with
    /// (default: `$LUMBUNG_SHARED_DIR/data/innovations/corpus.csv`, or `../shared/…`).
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// A postgres:// URL of an empty database to use instead of a temporary SQLite file.
    #[arg(long, env = "LUMBUNG_BENCH_DATABASE_URL")]
    bench_database_url: Option<String>,
    /// Surge: how many servers share the PostgreSQL database (SQLite runs one).
    #[arg(long, default_value_t = 3)]
    servers: usize,
    /// Surge: the request rates to run, in requests per second, each for `--duration`.
    #[arg(long, value_delimiter = ',', default_value = "25,50,100,150")]
    rates: Vec<f64>,
    /// Surge: seconds of load at each rate.
    #[arg(long, default_value_t = 30)]
    duration: u64,
    /// Surge: how many regions get an officer (default: all 546 autonomous regions).
    #[arg(long)]
    officers: Option<usize>,
    /// Surge: the S3 API server the servers keep evidence files on (with `--s3-bucket`);
    /// without it each server keeps files in its own directory.
    #[arg(long, env = "LUMBUNG_BENCH_S3_ENDPOINT")]
    s3_endpoint: Option<String>,
    /// Surge: the bucket on `--s3-endpoint`.
    #[arg(long, env = "LUMBUNG_BENCH_S3_BUCKET")]
    s3_bucket: Option<String>,
    /// Surge: seconds between runs of the servers' background jobs (LUMBUNG_JOB_INTERVAL_SECS).
    #[arg(long, default_value_t = 1)]
    job_interval: u64,
    /// Surge: exit non-zero unless nothing was lost, nothing was done twice and no request
    /// failed (503s retried are allowed).
    #[arg(long)]
    check: bool,
}

const STAGES: [&str; 3] = ["Inisiatif", "Uji coba", "Penerapan"];
const FORMS: [&str; 3] = [
    "Pelayanan publik",
    "Tata kelola pemerintahan daerah",
    "Lainnya sesuai urusan",
];
const AFFAIRS: [&str; 6] = [
    "Kesehatan",
    "Pendidikan",
    "PUPR",
    "Sosial",
    "Adminduk",
    "Perizinan",
];
const AGENCIES: [&str; 8] = [
    "Dinas Kesehatan",
    "Dinas Pendidikan",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "DPMPTSP",
    "Dinas Sosial",
    "Bappeda",
    "Dinas Komunikasi dan Informatika",
    "RSUD",
];

/// A CSV of `count` innovations spread over the 38 provinces and their agencies.
pub fn generate_csv(count: usize) -> Result<Vec<u8>> {
    let headers = [
        "nama_inovasi",
        "kode_wilayah",
        "perangkat_daerah",
        "tahapan",
        "jenis",
        "bentuk",
        "waktu_uji_coba",
        "waktu_penerapan",
        "urusan_utama",
        "rancang_bangun",
        "penghargaan",
    ];
    let rows: Vec<Vec<String>> = (0..count)
        .map(|i| {
            let (province, _, _, _) = PROVINCES[i % PROVINCES.len()];
            vec![
                format!("Inovasi Layanan {i}"),
                province.to_owned(),
                AGENCIES[(i / PROVINCES.len()) % AGENCIES.len()].to_owned(),
                STAGES[i % 3].to_owned(),
                if i % 2 == 0 { "Digital" } else { "Non digital" }.to_owned(),
                FORMS[i % 3].to_owned(),
                format!("{:02}/03/2021", 1 + i % 28),
                format!("{:02}/06/2022", 1 + i % 28),
                AFFAIRS[i % AFFAIRS.len()].to_owned(),
                "Layanan jemput bola dan kanal daring untuk warga di wilayah perbatasan. "
                    .repeat(4),
                if i % 50 == 0 {
                    "Top 99 KIPP 2022".to_owned()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    lumbung_reports::write_csv(&headers, &rows).context("writing the CSV")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

async fn time_runs<F, Fut>(runs: usize, mut f: F) -> Result<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        f().await?;
        times.push(started.elapsed());
    }
    Ok(median(times))
}

pub async fn run(args: BenchArgs) -> Result<()> {
    match args.what.as_str() {
        "registry" => registry(&args).await,
        "index" => {
            index(&args)?;
            stored_region(&args).await
        }
        "search" => search::run(&args).await,
        "surge" => surge::run(&args).await,
        "all" => {
            registry(&args).await?;
            println!();
            index(&args)?;
            stored_region(&args).await?;
            println!();
            search::run(&args).await
        }
        other => anyhow::bail!("--what {other}: choose registry, index, search, all or surge"),
    }
}

/// The whole nation's index recomputed from full answers: 546 regions sharing 36,742
/// innovations (the 2025 round's count), every SPD and SID indicator answered.
fn index(args: &BenchArgs) -> Result<()> {
    use lumbung_service::domain::index::{
        Answer, Aspect, Evidence, InnovationAnswers, Projection, RegionAnswers, built_in, evaluate,
    };
    const REGIONS: usize = 546;
    const INNOVATIONS: usize = 36_742;
    let rubric = built_in(2026).context("the 2026 rubric")?;
    let affairs = [
        "pendidikan",
        "kesehatan",
        "sosial",
        "pekerjaan_umum_penataan_ruang",
        "perumahan_rakyat_kawasan_permukiman",
        "tenaga_kerja",
    ];
    let answers = |aspect: Aspect, seed: usize| {
        rubric
            .indicators_of(aspect)
            .enumerate()
            .map(|(i, indicator)| {
                let level = ((seed + i) % 3 + 1) as u8;
                let evidence = if (seed + i).is_multiple_of(7) {
                    Evidence::Pending
                } else {
                    Evidence::Accepted
                };
                (indicator.code.clone(), Answer { level, evidence })
            })
            .collect()
    };
    let mut regions: Vec<(RegionAnswers, Vec<InnovationAnswers>)> = (0..REGIONS)
        .map(|r| {
            (
                RegionAnswers {
                    answers: answers(Aspect::Spd, r),
                },
                Vec::new(),
            )
        })
        .collect();
    for i in 0..INNOVATIONS {
        let start = chrono::NaiveDate::from_ymd_opt(2023 + (i % 3) as i32, 1 + (i % 12) as u32, 1)
            .context("date")?;
        regions[i % REGIONS].1.push(InnovationAnswers {
            id: format!("i{i}"),
            affairs: vec![affairs[i % affairs.len()].to_owned()],
            implementation_start: Some(start),
            latest_development: (i % 4 == 0).then_some(start),
            design_words: Some(250 + (i % 100) as u32),
            design: None,
            answers: answers(Aspect::Sid, i),
        });
    }
    let runs = args.runs.max(1);
    let mut national = Vec::with_capacity(runs);
    let mut categories = std::collections::BTreeMap::new();
    for _ in 0..runs {
        let started = Instant::now();
        for (region, innovations) in &regions {
            let result = evaluate(&rubric, region, innovations, Projection::Verified, false)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            *categories.entry(result.category.code()).or_insert(0usize) += 1;
        }
        national.push(started.elapsed());
    }
    // One region after one evidence change: the region's evaluation is all there is to redo.
    let (region, innovations) = &mut regions[0];
    let mut single = Vec::with_capacity(runs * 10);
    let count = innovations.len();
    for run in 0..runs * 10 {
        if let Some(answer) = innovations[run % count].answers.get_mut("31") {
            answer.evidence = if run % 2 == 0 {
                Evidence::Accepted
            } else {
                Evidence::Pending
            };
        }
        let started = Instant::now();
        evaluate(&rubric, region, innovations, Projection::Verified, true)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        single.push(started.elapsed());
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("| index measure (2026 rubric) | median |");
    println!("|---|---|");
    println!(
        "| national recompute: {REGIONS} regions, {INNOVATIONS} innovations, full answers ({runs} runs) | {:.1} ms |",
        ms(median(national))
    );
    println!(
        "| one region ({} innovations) after one evidence change, with lines | {:.3} ms |",
        regions[0].1.len(),
        ms(median(single))
    );
    eprintln!("categories over all runs: {categories:?}");
    Ok(())
}

/// One stored region of 68 innovations with every indicator answered and its evidence
/// accepted: the time to review one piece of evidence, which recomputes and stores the
/// region's result in the same transaction.
async fn stored_region(args: &BenchArgs) -> Result<()> {
    use lumbung_service::assessments::{self, EvidenceInput, Subject, Target};
    use lumbung_service::domain::index::Aspect;
    let dir = tempfile::tempdir()?;
    let db = Db::open_sqlite_dir(dir.path()).await?;
    db.migrate().await?;
    let blobs = lumbung_service::store::blobs::Blobs::local(&dir.path().join("files"))?;
    let app = App::new(db, blobs);
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .map_err(crate::service)?;
    let system = Caller::system();
    let rubric = lumbung_service::index::rubric(2026).map_err(crate::service)?;
    let agency = lumbung_service::agencies::create(
        &app,
        &system,
        &lumbung_service::agencies::AgencyInput {
            region: "65".into(),
            name: "Bappeda".into(),
            kind: None,
        },
    )
    .await
    .map_err(crate::service)?;
    let mut subjects = vec![Subject::Region];
    for i in 0..68 {
        let mut input = lumbung_service::innovations::InnovationInput {
            agency_id: Some(agency.id),
            ..Default::default()
        };
        input.profile.name = format!("Inovasi {i}");
        input.profile.stage = "penerapan".into();
        input.profile.implementation_date = Some("2024-06-01".into());
        input.profile.kind = "digital".into();
        input.profile.form = "pelayanan_publik".into();
        input.profile.main_affair = Some(
            [
                "pendidikan",
                "kesehatan",
                "sosial",
                "pekerjaan_umum_penataan_ruang",
                "perumahan_rakyat_kawasan_permukiman",
            ][i % 5]
                .into(),
        );
        input.profile.design = Some("kata ".repeat(300));
        let created = lumbung_service::innovations::create(&app, &system, &input)
            .await
            .map_err(crate::service)?;
        subjects.push(Subject::Innovation(created.id));
    }
    let link = EvidenceInput {
        link: Some("https://example.go.id/bukti".into()),
        ..Default::default()
    };
    let mut evidence = Vec::new();
    for subject in &subjects {
        let aspect = if *subject == Subject::Region {
            Aspect::Spd
        } else {
            Aspect::Sid
        };
        for indicator in rubric.indicators_of(aspect) {
            let target = Target {
                region: "65",
                year: 2026,
                subject: *subject,
                indicator: &indicator.code,
            };
            assessments::answer(&app, &system, &target, 2, None)
                .await
                .map_err(crate::service)?;
            evidence.push(
                assessments::add_evidence(&app, &system, &target, &link)
                    .await
                    .map_err(crate::service)?,
            );
        }
    }
    for id in &evidence {
        assessments::review(&app, &system, *id, true, None)
            .await
            .map_err(crate::service)?;
    }
    let mut times = Vec::new();
    for run in 0..args.runs.max(1) * 4 {
        let accept = run % 2 == 1;
        let started = Instant::now();
        assessments::review(
            &app,
            &system,
            evidence[run % evidence.len()],
            accept,
            Some("periksa lagi"),
        )
        .await
        .map_err(crate::service)?;
        times.push(started.elapsed());
    }
    println!(
        "| stored region (68 innovations, {} answers with evidence, SQLite): review one piece of evidence, recompute and store | {:.1} ms |",
        evidence.len(),
        median(times).as_secs_f64() * 1000.0
    );
    Ok(())
}

async fn registry(args: &BenchArgs) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = match &args.bench_database_url {
        Some(url) => Db::connect(url).await?,
        None => Db::open_sqlite_dir(dir.path()).await?,
    };
    db.migrate().await?;
    let blobs = lumbung_service::store::blobs::Blobs::local(&dir.path().join("files"))?;
    let app = App::new(db, blobs);
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .map_err(crate::service)?;
    let system = Caller::system();
    let public = Caller::anonymous();

    let csv = generate_csv(args.innovations)?;
    let started = Instant::now();
    let summary = lumbung_service::imports::import(&app, &system, &csv, &|_, _| {})
        .await
        .map_err(crate::service)?;
    let import = started.elapsed();

    let query = ListQuery::default();
    let kaltara = ListQuery {
        region: Some("65".into()),
        ..Default::default()
    };
    let list_all = time_runs(args.runs, || async {
        lumbung_service::innovations::list(&app, &system, &query, Paging::new(Some(1), Some(50)))
            .await
            .map(|_| ())
            .map_err(crate::service)
    })
    .await?;
    let list_deep = time_runs(args.runs, || async {
        lumbung_service::innovations::list(&app, &system, &query, Paging::new(Some(400), Some(50)))
            .await
            .map(|_| ())
            .map_err(crate::service)
    })
    .await?;
    let list_public = time_runs(args.runs, || async {
        lumbung_service::innovations::list(&app, &public, &kaltara, Paging::new(Some(1), Some(50)))
            .await
            .map(|_| ())
            .map_err(crate::service)
    })
    .await?;
    let mut counts = Vec::new();
    for group in ["form", "stage", "affair", "agency"] {
        let group_by = lumbung_service::stats::parse_group_by(group).map_err(crate::service)?;
        let took = time_runs(args.runs, || async {
            lumbung_service::stats::count(&app, &system, &query, group_by)
                .await
                .map(|_| ())
                .map_err(crate::service)
        })
        .await?;
        counts.push((group, took));
    }

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("| measure | {} innovations |", summary.created);
    println!("|---|---|");
    println!(
        "| import CSV ({:.1} MB, one transaction) | {:.2} s ({:.0} rows/s) |",
        csv.len() as f64 / 1e6,
        import.as_secs_f64(),
        summary.created as f64 / import.as_secs_f64()
    );
    println!(
        "| of which the write transaction (what writers queued behind it wait) | {:.2} s |",
        summary.write_ms as f64 / 1000.0
    );
    println!(
        "| list, page 1 of 50, all (median of {}) | {:.1} ms |",
        args.runs,
        ms(list_all)
    );
    println!("| list, page 400 of 50, all | {:.1} ms |", ms(list_deep));
    println!("| list, public, one province | {:.1} ms |", ms(list_public));
    for (group, took) in counts {
        println!("| count by {group}, nation | {:.1} ms |", ms(took));
    }
    Ok(())
}
