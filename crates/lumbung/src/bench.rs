//! `lumbung bench`: imports generated innovations into a fresh database and times the
//! import, the list and the counts. Figures are medians over several runs, because this
//! kind of machine is noisy; the README records them.

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
    /// A postgres:// URL of an empty database to use instead of a temporary SQLite file.
    #[arg(long, env = "LUMBUNG_BENCH_DATABASE_URL")]
    bench_database_url: Option<String>,
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
    let dir = tempfile::tempdir()?;
    let db = match &args.bench_database_url {
        Some(url) => Db::connect(url).await?,
        None => Db::open_sqlite_dir(dir.path()).await?,
    };
    db.migrate().await?;
    let app = App::new(db);
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
