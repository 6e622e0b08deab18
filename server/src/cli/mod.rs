//! The command line: `ikm serve | migrate | seed-demo | compute | themes | import | export | invite |
//! purge | user | backup | restore`.

mod compute;
mod error;
mod invite;
mod purge;
mod regions;
pub mod themes;
mod transfer;
mod users;

pub use error::CliError;

use crate::config::{DatabaseArgs, ServeArgs};
use crate::startup;
use crate::web::state::AppState;
use crate::{seed, storage, telemetry};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Survei Kepuasan Masyarakat — the IKM of public-service units (PermenPANRB 14/2017).
#[derive(Debug, Parser)]
#[command(name = "ikm", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// A comment lexicon to read with instead of the built-in one (the format of
    /// domain/data/comment-lexicon.txt); when it changes, `serve` and `migrate` read every
    /// stored comment again with it (docs/COMMENTS.md).
    #[arg(long, env = "IKM_LEXICON", global = true)]
    pub lexicon: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web app (the default when no command is given); migrates the database first.
    Serve(ServeArgs),
    /// Create or update the database schema and the region list, then exit.
    Migrate,
    /// Add the Lampung demo units, services and a year of responses (safe to run again: adds nothing twice).
    SeedDemo {
        /// Last day of the demo year (YYYY-MM-DD, Asia/Jakarta); default today.
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Compute the IKM of a response file (CSV, see docs/IKM.md) and print it.
    Compute(compute::ComputeArgs),
    /// Read the comments of a CSV (column `comment`) as themes (the nine unsur) and flags (pungli,
    /// keselamatan, pujian), as the server reads them; --json prints one JSON array.
    Themes(themes::ThemesArgs),
    /// Import paper surveys (a response file: CSV or XLSX) into a unit as channel `paper`.
    Import(transfer::ImportArgs),
    /// Export the valid responses of a unit or region (CSV in the interchange format, or XLSX).
    Export(transfer::ExportArgs),
    /// Issue N invitations of a unit and write them as a PDF sheet of QR slips to cut (A4, twelve a
    /// page), for a unit without a queue machine.
    Invite(invite::InviteArgs),
    /// Mask comments and empty profile answers older than the retention period, delete contacts
    /// past their time (the tallies stay); --dry-run says what it would change.
    Purge(purge::PurgeArgs),
    /// Staff accounts: add, list, reset-password.
    #[command(subcommand)]
    User(users::UserCommand),
    /// The region tree: `import FILE` loads or updates it from Kemendagri codes
    /// (code,name,level,parent_code; all Indonesia in server/data/regions-indonesia.csv).
    #[command(subcommand)]
    Regions(regions::RegionsCommand),
    /// Copy the live SQLite database into a new FILE (consistent while servers run).
    Backup {
        /// The backup file to create (never overwritten).
        file: PathBuf,
    },
    /// Replace the SQLite database by a backup made with `ikm backup` (stop the servers first).
    Restore {
        /// The backup file.
        file: PathBuf,
    },
}

/// Parses the arguments, runs the command, and turns any failure into one line on stderr.
pub async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ikm: {error}");
            ExitCode::FAILURE
        }
    }
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    // An empty DATABASE_URL (e.g. `DATABASE_URL= ikm serve`) means the default embedded file.
    let url = match cli.database.database_url.trim() {
        "" => crate::config::DEFAULT_DATABASE_URL.to_string(),
        url => url.to_string(),
    };
    // The comment lexicon every command and the server read with.
    let (lexicon, lexicon_print) = themes::lexicon(cli.lexicon.as_deref())?;
    themes::install(lexicon);
    match cli
        .command
        .unwrap_or_else(|| Command::Serve(ServeArgs::parse_from(["serve"])))
    {
        Command::Serve(args) => {
            let store = storage::open(&url).await?;
            seed::regions::ensure(store.as_ref()).await?;
            themes::reread_if_changed(store.as_ref(), &lexicon_print).await?;
            let site_root = args.site_root();
            if !site_root.join("pkg").join("ikm.wasm").exists()
                && !site_root.join("pkg").join("ikm_bg.wasm").exists()
            {
                tracing::warn!(
                    site_root = %site_root.display(),
                    "the built site is missing: pages work, but without CSS and interactivity (run `cargo leptos build`)"
                );
            }
            let mut web = args.web_config();
            web.mail = args.mailer()?;
            if web.mail.is_none() {
                tracing::info!(
                    "IKM_SMTP_URL is not set: alerts show on the dashboard, no e-mail is sent"
                );
            }
            if let Some(mailer) = web.mail.clone() {
                crate::reminders::start(store.clone(), mailer, web.public_url.clone());
            }
            crate::retention::start(store.clone(), args.retention.retention_days);
            // Comments stored before they were read (or under a cleared lexicon), in the
            // background: the server answers meanwhile.
            let reading = store.clone();
            tokio::spawn(async move {
                match themes::read_stored(reading.as_ref()).await {
                    Ok(0) => {}
                    Ok(read) => tracing::info!(read, "stored comments read"),
                    Err(error) => tracing::error!(%error, "reading stored comments failed"),
                }
            });
            let state = AppState::new(args.leptos_options(), store.clone(), web);
            // Returns once every request in flight has been answered (graceful shutdown), so
            // every acknowledged answer is committed; closing folds SQLite's log into the file.
            startup::serve(state, args.addr, args.serving_limits()).await?;
            store.close().await;
        }
        Command::Migrate => {
            let store = storage::open(&url).await?;
            seed::regions::ensure(store.as_ref()).await?;
            let regions = store.regions().await?.len();
            themes::reread_if_changed(store.as_ref(), &lexicon_print).await?;
            let read = themes::read_stored(store.as_ref()).await?;
            store.close().await;
            println!("Database {url} is up to date ({regions} regions, {read} comments read).");
        }
        Command::SeedDemo { as_of } => {
            let store = storage::open(&url).await?;
            let as_of = as_of.unwrap_or_else(app::time::jakarta_today);
            let report = seed::demo::seed(store.as_ref(), as_of).await?;
            let counts = store.counts().await?;
            store.close().await;
            println!(
                "Demo data ready: {} new units, {} new responses, {} units' publications and follow-up, {} new demo accounts, {} new letterheads ({} units, {} services in {} regions).",
                report.units_created,
                report.responses_created,
                report.units_followed_up,
                report.users_created,
                report.letterheads_saved,
                counts.units,
                counts.services,
                counts.regions
            );
        }
        Command::Compute(args) => compute::run(&args)?,
        Command::Themes(args) => themes::run(&args)?,
        Command::Import(args) => {
            let store = storage::open(&url).await?;
            let result = transfer::import(store.as_ref(), &args).await;
            store.close().await;
            result?;
        }
        Command::Export(args) => {
            let store = storage::open(&url).await?;
            let result = transfer::export(store.as_ref(), &args).await;
            store.close().await;
            result?;
        }
        Command::Invite(args) => {
            let store = storage::open(&url).await?;
            let result = invite::run(store.as_ref(), &args).await;
            store.close().await;
            result?;
        }
        Command::Purge(args) => {
            let store = storage::open(&url).await?;
            let result = purge::run(store.as_ref(), &args).await;
            store.close().await;
            result?;
        }
        Command::Backup { file } => {
            let bytes = crate::backup::backup(&url, &file).await?;
            println!(
                "Backup written: {} ({:.1} MB).",
                file.display(),
                bytes as f64 / 1e6
            );
        }
        Command::Restore { file } => {
            let responses = crate::backup::restore(&url, &file).await?;
            println!(
                "Database {url} restored from {} ({responses} responses).",
                file.display()
            );
        }
        Command::Regions(command) => {
            let store = storage::open(&url).await?;
            seed::regions::ensure(store.as_ref()).await?;
            let result = regions::run(store.as_ref(), &command).await;
            store.close().await;
            result?;
        }
        Command::User(command) => {
            let store = storage::open(&url).await?;
            seed::regions::ensure(store.as_ref()).await?;
            let result = users::run(store.as_ref(), command).await;
            store.close().await;
            result?;
        }
    }
    Ok(())
}
