//! `lumbung`: the server and the command line of Lumbung Inovasi.

mod bench;
mod config;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use lumbung_service::auth::{FirstAdmin, GrantInput};
use lumbung_service::exports::ExportFormat;
use lumbung_service::innovations::ListQuery;
use lumbung_service::mail::MailConfig;
use lumbung_service::store::Db;
use lumbung_service::store::blobs::Blobs;
use lumbung_service::{App, Caller, ServiceError};
use lumbung_web::{AppState, WebConfig};

use crate::config::{Config, Flags};

#[derive(Parser)]
#[command(
    name = "lumbung",
    version,
    about = "Lumbung Inovasi: registri inovasi daerah"
)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct GlobalArgs {
    /// Data directory (SQLite database, files). Default ./lumbung-data.
    #[arg(long, global = true, env = "LUMBUNG_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Address to listen on. Default 127.0.0.1:8080.
    #[arg(long, global = true, env = "LUMBUNG_ADDR")]
    addr: Option<String>,
    /// A postgres:// URL to use PostgreSQL instead of SQLite.
    #[arg(
        long,
        global = true,
        env = "LUMBUNG_DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// A settings file (default: lumbung.toml in the working or data directory, if present).
    #[arg(long, global = true, env = "LUMBUNG_CONFIG")]
    config: Option<PathBuf>,
    /// The SMTP server for notifications: smtp://host:port, smtp://user:pass@host:587?tls=required
    /// or smtps://…. Without it, mail waits in the outbox.
    #[arg(long, global = true, env = "LUMBUNG_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of notifications. Default "Lumbung Inovasi <noreply@localhost>".
    #[arg(long, global = true, env = "LUMBUNG_MAIL_FROM")]
    mail_from: Option<String>,
    /// The site's address as citizens reach it, for links in mail. Default http://ADDR.
    #[arg(long, global = true, env = "LUMBUNG_PUBLIC_URL")]
    public_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application and the API.
    Serve {
        /// Do not load the demo data into an empty registry.
        #[arg(long)]
        no_demo: bool,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Import regions or innovations.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export innovations.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// The regional innovation index.
    #[command(subcommand)]
    Index(IndexCommand),
    /// Citizen complaints.
    #[command(subcommand)]
    Complaints(ComplaintsCommand),
    /// Measure import, list and count speed on generated data (see README).
    Bench(bench::BenchArgs),
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Kemendagri wilayah.sql, or a CSV with code,name[,lat,lng]; idempotent.
    Regions { file: PathBuf },
    /// A CSV or XLSX with the template's headers; all or nothing.
    Innovations { file: PathBuf },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Every innovation (optionally of a region's subtree), to a file or standard output.
    Innovations {
        #[arg(long, default_value = "csv")]
        format: String,
        #[arg(long)]
        region: Option<String>,
        /// Output file; standard output when absent.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum IndexCommand {
    /// Compute an index from a self-contained JSON input; prints one JSON document. Touches
    /// no database.
    Evaluate {
        /// The input's year; must agree with the file when given.
        #[arg(long)]
        year: Option<i32>,
        /// A rubric file for a year that is not built in (same shape as GET /api/v1/rubrics/{year}).
        #[arg(long)]
        rubric: Option<PathBuf>,
        /// The input file (`-` for standard input).
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum ComplaintsCommand {
    /// Escalate complaints past a deadline now, as the server does every 15 minutes; the mail
    /// waits in the outbox for the server to send.
    Escalate,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. Roles as ROLE@REGION (e.g. province_admin@65) or
    /// agency_operator@REGION@AGENCY_ID.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The password; read from LUMBUNG_NEW_PASSWORD or asked for when absent.
        #[arg(long, env = "LUMBUNG_NEW_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for a user; it is printed once.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LUMBUNG_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// Opens the database of the configuration, migrated and with the built-in regions.
async fn open(config: &Config) -> Result<App> {
    let db = match &config.database_url {
        Some(url) => Db::connect(url)
            .await
            .context("connecting to the database")?,
        None => Db::open_sqlite_dir(&config.data_dir)
            .await
            .with_context(|| format!("opening the database in {}", config.data_dir.display()))?,
    };
    db.migrate().await.context("migrating the database")?;
    let blobs = match &config.s3 {
        Some(s3) => Blobs::s3(s3).context("connecting to the S3 storage")?,
        None => Blobs::local(&config.data_dir.join("files"))
            .with_context(|| format!("opening the file store in {}", config.data_dir.display()))?,
    };
    let mut app = App::new(db, blobs);
    app.public_url = config.public_url.clone();
    lumbung_service::regions::ensure_built_in(&app)
        .await
        .map_err(service)?;
    Ok(app)
}

/// Turns a service error into a message for the terminal, listing rejected rows.
fn service(error: ServiceError) -> anyhow::Error {
    match &error {
        ServiceError::ImportRejected { message, rows } => {
            let mut text = format!("{message}\n");
            for row in rows {
                text.push_str(&format!(
                    "  baris {}, kolom {}: {}\n",
                    row.row, row.column, row.reason
                ));
            }
            anyhow::anyhow!(text)
        }
        ServiceError::Validation(fields) => anyhow::anyhow!("data tidak valid: {fields}"),
        _ => anyhow::anyhow!(error.to_string()),
    }
}

fn spinner(message: &str) -> ProgressBar {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

#[tokio::main]
async fn main() -> Result<()> {
    let cli = Cli::parse();
    init_tracing();
    if let Command::Index(IndexCommand::Evaluate { year, rubric, file }) = &cli.command {
        return evaluate_index(*year, rubric.as_deref(), file);
    }
    let config = Config::load(
        cli.global.config.as_deref(),
        Flags {
            data_dir: cli.global.data_dir.clone(),
            addr: cli.global.addr.clone(),
            database_url: cli.global.database_url.clone(),
            smtp_url: cli.global.smtp_url.clone(),
            mail_from: cli.global.mail_from.clone(),
            public_url: cli.global.public_url.clone(),
        },
    )?;
    match cli.command {
        Command::Serve { no_demo } => serve(&config, no_demo).await,
        Command::Migrate => {
            open(&config).await?;
            eprintln!("Skema basis data mutakhir.");
            Ok(())
        }
        Command::Import(ImportCommand::Regions { file }) => {
            let app = open(&config).await?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let bar = spinner("Mengimpor wilayah…");
            let summary = lumbung_service::regions::import(&app, &Caller::system(), &text)
                .await
                .map_err(service)?;
            bar.finish_and_clear();
            println!("{}", serde_json::to_string_pretty(&summary)?);
            Ok(())
        }
        Command::Import(ImportCommand::Innovations { file }) => {
            let app = open(&config).await?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let bar = if std::io::stderr().is_terminal() {
                ProgressBar::new(0)
            } else {
                ProgressBar::hidden()
            };
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_message("Menyimpan");
            let started = std::time::Instant::now();
            let summary = lumbung_service::imports::import(
                &app,
                &Caller::system(),
                &bytes,
                &|done, total| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                },
            )
            .await
            .map_err(service)?;
            bar.finish_and_clear();
            eprintln!(
                "{} inovasi diimpor sebagai draf dalam {:.1} detik (basis data terkunci untuk penulisan {:.1} detik); {} perangkat daerah baru.",
                summary.created,
                started.elapsed().as_secs_f64(),
                summary.write_ms as f64 / 1000.0,
                summary.agencies_created.len()
            );
            Ok(())
        }
        Command::Export(ExportCommand::Innovations {
            format,
            region,
            output,
        }) => {
            let app = open(&config).await?;
            let format = ExportFormat::parse(&format).map_err(service)?;
            let bar = spinner("Mengekspor…");
            let query = ListQuery {
                region,
                ..Default::default()
            };
            let bytes = lumbung_service::exports::export(&app, &Caller::system(), &query, format)
                .await
                .map_err(service)?;
            bar.finish_and_clear();
            match output {
                Some(path) => {
                    std::fs::write(&path, &bytes)
                        .with_context(|| format!("writing {}", path.display()))?;
                    eprintln!("Tersimpan di {} ({} bita).", path.display(), bytes.len());
                }
                None => std::io::stdout().write_all(&bytes)?,
            }
            Ok(())
        }
        Command::User(UserCommand::Add {
            email,
            name,
            password,
            roles,
        }) => {
            let app = open(&config).await?;
            let password = match password {
                Some(password) => password,
                None => read_password()?,
            };
            let grants = roles
                .iter()
                .map(|text| parse_role(text))
                .collect::<Result<Vec<_>>>()?;
            let id = lumbung_service::auth::add_user(
                &app,
                &Caller::system(),
                &email,
                &name,
                &password,
                &grants,
            )
            .await
            .map_err(service)?;
            eprintln!("Akun {email} dibuat ({id}).");
            Ok(())
        }
        Command::Token(TokenCommand::Create { email, name }) => {
            let app = open(&config).await?;
            let token = lumbung_service::auth::create_token(&app, &Caller::system(), &email, &name)
                .await
                .map_err(service)?;
            eprintln!("Token API untuk {email} (simpan sekarang; tidak ditampilkan lagi):");
            println!("{token}");
            Ok(())
        }
        Command::Complaints(ComplaintsCommand::Escalate) => {
            let app = open(&config).await?;
            let escalated = lumbung_service::complaints::escalate_overdue(&app)
                .await
                .map_err(service)?;
            eprintln!("{} pengaduan dieskalasi.", escalated.len());
            println!("{}", serde_json::to_string_pretty(&escalated)?);
            Ok(())
        }
        Command::Bench(args) => bench::run(args).await,
        // Handled above, before any configuration is read: it touches no database.
        Command::Index(_) => Ok(()),
    }
}

fn read_text(path: &std::path::Path) -> Result<String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)?;
        Ok(text)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
    }
}

/// `lumbung index evaluate`: one JSON document on standard output, nothing else.
fn evaluate_index(
    year: Option<i32>,
    rubric: Option<&std::path::Path>,
    file: &std::path::Path,
) -> Result<()> {
    let input = lumbung_service::index::parse_input(&read_text(file)?).map_err(service)?;
    if let Some(year) = year
        && year != input.year
    {
        bail!("--year {year} but the input is for {}", input.year);
    }
    let rubric = match rubric {
        Some(path) => Some(
            lumbung_service::domain::index::Rubric::from_json(&read_text(path)?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        ),
        None => None,
    };
    let evaluation = lumbung_service::index::evaluate(&input, rubric.as_ref()).map_err(service)?;
    println!("{}", serde_json::to_string_pretty(&evaluation)?);
    Ok(())
}

fn parse_role(text: &str) -> Result<GrantInput> {
    let parts: Vec<&str> = text.split('@').collect();
    match parts.as_slice() {
        [role, region] => Ok(GrantInput {
            role: (*role).to_owned(),
            region: (*region).to_owned(),
            agency_id: None,
        }),
        [role, region, agency] => Ok(GrantInput {
            role: (*role).to_owned(),
            region: (*region).to_owned(),
            agency_id: Some(agency.parse().context("agency id must be a UUID")?),
        }),
        _ => bail!(
            "role must be ROLE@REGION or agency_operator@REGION@AGENCY_ID, e.g. province_admin@65"
        ),
    }
}

fn read_password() -> Result<String> {
    eprint!("Kata sandi: ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn serve(config: &Config, no_demo: bool) -> Result<()> {
    let app = open(config).await?;
    for warning in lumbung_service::health::warnings(&app) {
        tracing::warn!("{warning}");
        eprintln!("PERINGATAN: {warning}");
    }
    // Start-up work is claimed in the database: of several servers starting on an empty
    // database, one loads the demo and one creates the first admin.
    if !no_demo {
        let loaded = lumbung_service::jobs::load_demo(&app)
            .await
            .map_err(service)?;
        if loaded > 0 {
            eprintln!("Data demo dimuat: {loaded} inovasi (ditandai sebagai demo).");
        }
    }
    let email = std::env::var("LUMBUNG_ADMIN_EMAIL").ok();
    let password = std::env::var("LUMBUNG_ADMIN_PASSWORD").ok();
    match lumbung_service::jobs::first_admin(&app, email.as_deref(), password.as_deref())
        .await
        .map_err(service)?
    {
        FirstAdmin::Existing => {}
        FirstAdmin::Created { email, password } => {
            eprintln!("\nAkun admin nasional pertama dibuat.");
            eprintln!("  Surel     : {email}");
            match password {
                Some(password) => eprintln!(
                    "  Kata sandi: {password}\n  (dibuat acak dan hanya ditampilkan sekali; simpan sekarang)"
                ),
                None => eprintln!("  Kata sandi: sesuai LUMBUNG_ADMIN_PASSWORD"),
            }
        }
    }
    let listener = tokio::net::TcpListener::bind(&config.addr)
        .await
        .with_context(|| format!("listening on {}", config.addr))?;
    let local = listener.local_addr()?;
    eprintln!("\nLumbung Inovasi berjalan di http://{local}/  (masuk: http://{local}/masuk)");
    let jobs = spawn_jobs(&app, config);
    let state = AppState::new(
        app,
        WebConfig {
            secure_cookies: config.secure_cookies,
            max_upload_bytes: config.max_upload_bytes,
            trusted_proxies: config.trusted_proxies.clone(),
        },
    );
    let served = lumbung_web::serve(state, listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    for job in jobs {
        job.abort();
    }
    served?;
    Ok(())
}

/// How often the server escalates complaints past a deadline.
const ESCALATE_EVERY: Duration = Duration::from_secs(15 * 60);
/// How often the server sends the mail that is due.
const DELIVER_EVERY: Duration = Duration::from_secs(30);
/// How often expired sessions, spent challenges and interrupted uploads are removed.
const CLEAN_UP_EVERY: Duration = Duration::from_secs(60 * 60);

/// Runs `job` every `period`, the first time at once. A run that fails (or panics) is logged
/// and the next run comes at its time.
fn every<F, Fut>(period: Duration, name: &'static str, job: F) -> tokio::task::JoinHandle<()>
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = tokio::spawn(job()).await {
                tracing::error!(job = name, %error, "background job stopped unexpectedly");
            }
        }
    })
}

/// The server's background work: complaint escalation, clean-up, and mail delivery when an
/// SMTP server is configured. Every server ticks; the database decides which one runs each
/// job (`lumbung_service::jobs`), so with several servers each runs once per period.
fn spawn_jobs(app: &App, config: &Config) -> Vec<tokio::task::JoinHandle<()>> {
    let period = |default: Duration| config.job_interval.unwrap_or(default);
    let chrono_period =
        |period: Duration| chrono::Duration::from_std(period).unwrap_or(chrono::Duration::zero());
    let mut jobs = Vec::new();
    let escalate_every = period(ESCALATE_EVERY);
    let escalating = app.clone();
    jobs.push(every(escalate_every, "escalation", move || {
        let app = escalating.clone();
        async move {
            match lumbung_service::jobs::escalate(&app, chrono_period(escalate_every)).await {
                Ok(None) => tracing::debug!("escalation not due here"),
                Ok(Some(escalated)) if escalated.is_empty() => {
                    tracing::debug!("no complaint past a deadline");
                }
                Ok(Some(escalated)) => {
                    let numbers: Vec<&str> = escalated
                        .iter()
                        .map(|e| e.tracking_number.as_str())
                        .collect();
                    tracing::info!(count = escalated.len(), ?numbers, "complaints escalated");
                }
                Err(error) => tracing::error!(%error, "complaint escalation failed"),
            }
        }
    }));
    let clean_every = period(CLEAN_UP_EVERY);
    let cleaning = app.clone();
    jobs.push(every(clean_every, "clean-up", move || {
        let app = cleaning.clone();
        async move {
            match lumbung_service::jobs::clean_up(&app, chrono_period(clean_every)).await {
                Ok(Some(done)) => tracing::debug!(?done, "cleaned up"),
                Ok(None) => {}
                Err(error) => tracing::error!(%error, "clean-up failed"),
            }
        }
    }));
    match &config.smtp_url {
        Some(smtp_url) => {
            let mail = MailConfig {
                smtp_url: smtp_url.clone(),
                from: config.mail_from.clone(),
            };
            let deliver_every = period(DELIVER_EVERY);
            let delivering = app.clone();
            tracing::info!(from = %mail.from, every = ?deliver_every, "sending mail from the outbox");
            jobs.push(every(deliver_every, "mail", move || {
                let app = delivering.clone();
                let mail = mail.clone();
                async move {
                    match lumbung_service::jobs::deliver(&app, &mail, chrono_period(deliver_every))
                        .await
                    {
                        Ok(None) => {}
                        Ok(Some(done)) if done.sent == 0 && done.failed == 0 => {}
                        Ok(Some(done)) if done.failed == 0 => {
                            tracing::info!(sent = done.sent, "mail sent");
                        }
                        Ok(Some(done)) => tracing::warn!(
                            sent = done.sent,
                            failed = done.failed,
                            "some mail could not be sent; it will be retried"
                        ),
                        Err(error) => tracing::error!(%error, "mail delivery failed"),
                    }
                }
            }));
        }
        None => tracing::warn!(
            "LUMBUNG_SMTP_URL is not set: notifications wait in the outbox until it is"
        ),
    }
    jobs
}
