//! The `inspraak` command: serve, worker, and the tasks around them.

#![cfg_attr(test, allow(clippy::unwrap_used))]

use std::io::BufRead;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use inspraak::config::{Config, LogFormat};
use inspraak::db::{DatabaseUrl, Db, accounts, councils};
use inspraak::domain::account::{CouncilRole, EmailAddress, MIN_PASSWORD_CHARS, hash_password};
use inspraak::domain::export::Level;
use inspraak::domain::id::ConsultationId;
use inspraak::domain::time::now_utc;
use inspraak::export::File;
use inspraak::export::csv::Separator;
use inspraak::export::produce::{FileRequest, ProduceError, produce};
use inspraak::mail::Mailer;
use inspraak::startup::{self, Application, StartupError};
use inspraak::worker::Worker;
use inspraak::{demo, housekeeping};

#[derive(Parser)]
#[command(
    name = "inspraak",
    version,
    about = "Formal input on council policy notes, for Dutch municipalities"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrations run first)
    Serve {
        /// Load demo data and print the demo accounts; a random secret key is used if none is set
        #[arg(long)]
        demo: bool,
        /// Do not deliver mail from this process (run `inspraak worker` elsewhere)
        #[arg(long)]
        no_worker: bool,
    },
    /// Deliver the mail outbox, close consultations at their deadline and send digests
    Worker {
        /// Stop when nothing is due instead of running forever
        #[arg(long)]
        drain: bool,
    },
    /// Apply pending database migrations and exit
    Migrate,
    /// Load the demo data into the configured database (running it twice changes nothing)
    Demo,
    /// Write a consistent copy of the live SQLite database to PATH (restore: stop the
    /// server and put the copy in the database's place)
    Backup {
        /// Where the copy goes; the file must not exist yet
        path: std::path::PathBuf,
    },
    /// Copy every row of the SQLite database (DATABASE_URL) into a new, empty PostgreSQL
    /// database, to move to PostgreSQL; stop the server first
    CopyTo {
        /// postgres://user@host/database
        target: String,
    },
    /// Delete what is no longer needed now (the worker also does this every hour)
    Purge,
    /// Write an export of a consultation to a file (final ones are stored and reused)
    Export {
        /// The consultation's id (as in its address)
        consultation: String,
        /// Which file: agendabundel.pdf, inspraak.xlsx, inspraak.ods, reacties.csv,
        /// standpunten.csv, ingekomen-stukken.xlsx, ingekomen-stukken.csv or inspraak.json
        file: String,
        /// The full version names every sender; the public one numbers private individuals
        #[arg(long, value_enum, default_value = "public")]
        level: LevelArg,
        /// Where to write it (default: the name the web download gives it, such as
        /// ontmoetingsplekken-inspraak-openbaar.xlsx, in the current folder)
        #[arg(long)]
        output: Option<std::path::PathBuf>,
        /// CSV with semicolons, as Dutch Excel expects
        #[arg(long)]
        semicolon: bool,
    },
    /// Measure the real server under load on a freshly loaded database and print the figures
    Bench {
        /// Seconds per scenario
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Concurrent keep-alive connections
        #[arg(long, default_value_t = 64)]
        connections: usize,
        /// Confirmed signatures to load
        #[arg(long, default_value_t = 50_000)]
        signatures: usize,
        /// Submitted reactions to load (two positions each)
        #[arg(long, default_value_t = 300)]
        reactions: usize,
        /// Use DATABASE_URL (it must be an empty PostgreSQL database) instead of a fresh SQLite file
        #[arg(long)]
        use_database_url: bool,
        /// Run only these scenarios (comma-separated)
        #[arg(long, value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(inspraak::bench::SCENARIOS.map(|(key, _)| key)))]
        only: Vec<String>,
    },
    /// Administrative tasks
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a user account with a role; prints a generated password unless --password-stdin
    CreateUser {
        /// E-mail address to log in with
        #[arg(long)]
        email: String,
        /// What the user may do
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The council (its short name, e.g. lindeveld) for clerk, moderator and council-member
        #[arg(long)]
        council: Option<String>,
        /// Name shown in the interface (defaults to the part of the address before the @)
        #[arg(long)]
        name: Option<String>,
        /// Read the password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LevelArg {
    Public,
    Full,
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Admin,
    Clerk,
    Moderator,
    CouncilMember,
    Resident,
}

/// Exit code for configuration errors, as the README promises.
const CONFIG_ERROR: u8 = 2;

/// Log lines go to standard error (standard output is for what a command reports), in
/// colour only on a terminal, as JSON objects when asked. The access log is the target
/// `inspraak::access` (`RUST_LOG=inspraak::access=off` silences it).
fn start_logging(format: LogFormat) {
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "inspraak=info,actix_server=warn".into()),
        )
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => builder.json().init(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let demo_mode = matches!(cli.command, Command::Serve { demo: true, .. });
    // `serve` and the worker sign links (the worker writes them into mails when it sends
    // them), and `demo` seals the demo staff's two-factor secret, so they need the real
    // key; other commands do not sign anything.
    let signs = matches!(
        cli.command,
        Command::Serve { .. } | Command::Worker { .. } | Command::Demo
    );
    let config = match Config::from_env(demo_mode || !signs) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(CONFIG_ERROR);
        }
    };
    start_logging(config.log_format);
    match run(cli.command, config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            // A missing address or an unusable setting is the configuration's fault, like
            // the errors above.
            if matches!(error.downcast_ref(), Some(ProduceError::NoBaseUrl))
                || error.downcast_ref::<StartupError>().is_some()
            {
                ExitCode::from(CONFIG_ERROR)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn run(command: Command, config: Config) -> anyhow::Result<()> {
    if let Command::Bench {
        seconds,
        connections,
        signatures,
        reactions,
        use_database_url,
        only,
    } = command
    {
        let url = use_database_url.then(|| config.database_url.clone());
        return inspraak::bench::run(
            url,
            inspraak::bench::Options {
                seconds,
                connections,
                reactions,
                signatures,
                only,
            },
        );
    }
    let db = startup::connect(&config.database_url)?;
    match command {
        Command::Migrate => {
            println!("Migrations are up to date.");
            Ok(())
        }
        Command::Demo => {
            report_demo(demo::load(&db, &config.mail_context())?);
            Ok(())
        }
        Command::Serve { demo, no_worker } => {
            if demo {
                report_demo(demo::load(&db, &config.mail_context())?);
            }
            serve(config, db, !no_worker)
        }
        Command::Worker { drain } => work(config, db, drain),
        Command::Purge => purge(db),
        Command::CopyTo { target } => {
            let target = DatabaseUrl::parse(&target).map_err(anyhow::Error::msg)?;
            drop(db);
            let copied = inspraak::db::copy::copy_to_postgres(&config.database_url, &target)?;
            for (table, rows) in &copied {
                println!("{table:<28} {rows:>9} rows");
            }
            println!(
                "Copied {} tables. Point DATABASE_URL at the PostgreSQL database and start the server.",
                copied.len()
            );
            Ok(())
        }
        Command::Backup { path } => {
            anyhow::ensure!(!path.exists(), "{} exists already", path.display());
            db.backup(&path)?;
            println!("Wrote a copy of the database to {}.", path.display());
            Ok(())
        }
        Command::Export {
            consultation,
            file,
            level,
            output,
            semicolon,
        } => {
            let level = match level {
                LevelArg::Public => Level::Public,
                LevelArg::Full => Level::Full,
            };
            let separator = if semicolon {
                Separator::Semicolon
            } else {
                Separator::Comma
            };
            export(
                &db,
                &config,
                &consultation.into(),
                &file,
                level,
                separator,
                output,
            )
        }
        Command::Bench { .. } => unreachable!("handled above"),
        Command::Admin {
            command:
                AdminCommand::CreateUser {
                    email,
                    role,
                    council,
                    name,
                    password_stdin,
                },
        } => create_user(&db, &email, role, council.as_deref(), name, password_stdin),
    }
}

/// Shows where a long export is: a bar on a terminal, plain lines otherwise.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(steps: u64) -> Self {
        use std::io::IsTerminal;
        Self(std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(steps);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        }))
    }

    fn step(&self, message: &'static str) {
        match &self.0 {
            Some(bar) => {
                bar.set_message(message);
                bar.inc(1);
            }
            None => eprintln!("{message}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

fn export(
    db: &Db,
    config: &Config,
    consultation: &ConsultationId,
    name: &str,
    level: Level,
    separator: Separator,
    output: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let file = File::from_name(name).ok_or_else(|| anyhow::anyhow!("unknown file {name}"))?;
    let progress = Progress::new(2);
    progress.step("making the file");
    // The default address is the shell's own; an archived file must not carry it.
    let base_url = std::env::var_os("INSPRAAK_BASE_URL").map(|_| config.base_url.as_str());
    let produced = produce(
        db,
        &FileRequest {
            consultation_id: consultation,
            file,
            level,
            separator,
            base_url,
            now: now_utc(),
        },
    )
    .map_err(|error| match error {
        ProduceError::NotFound => anyhow::anyhow!("no consultation {consultation}"),
        error => error.into(),
    })?;
    progress.step("saving");
    let path = output.unwrap_or_else(|| produced.name.into());
    std::fs::write(&path, &produced.bytes)?;
    progress.finish();
    println!(
        "Wrote {} ({}, {} bytes) to {}.",
        name,
        produced.edition.label().to_lowercase(),
        produced.bytes.len(),
        path.display()
    );
    Ok(())
}

#[tokio::main]
async fn purge(db: Db) -> anyhow::Result<()> {
    let removed = housekeeping::run_once(&db, now_utc()).await?;
    println!(
        "Removed {} signer address(es), {} unconfirmed signature(s), {} guest address(es), {} unconfirmed post(s), {} expired session(s), {} old throttle event(s), {} sent mail(s)' recipient and text, {} address change(s).",
        removed.signer_addresses,
        removed.unconfirmed_signatures,
        removed.guest_addresses,
        removed.unconfirmed_posts,
        removed.sessions,
        removed.throttle_events,
        removed.mail_contents,
        removed.address_changes
    );
    Ok(())
}

fn report_demo(loaded: bool) {
    if loaded {
        println!("Demo data loaded: Gemeente Lindeveld, with three consultations.");
    } else {
        println!("Demo data was already there.");
    }
    println!("Demo accounts (e-mail / password):");
    for account in &demo::ACCOUNTS {
        println!(
            "  {:<10} {:<32} {}{}",
            account.role,
            account.email,
            account.password,
            if account.two_factor { "  + code" } else { "" }
        );
    }
    println!(
        "Staff marked \"+ code\" use two-factor authentication. Add this key to an authenticator app \
         (or run `oathtool --totp -b {}`):",
        data_encoding::BASE32_NOPAD.encode(demo::TOTP_SECRET)
    );
    println!(
        "  {}",
        inspraak::domain::two_factor::secret_text(demo::TOTP_SECRET)
    );
    println!(
        "or use a recovery code, each once per start: {}",
        demo::RECOVERY_CODES.join(" ")
    );
}

fn mail_worker(config: &Config, db: &Db) -> anyhow::Result<Worker> {
    startup::check_mail(&config.mail)?;
    let mailer = Mailer::new(config.mail.clone())?;
    Ok(Worker::new(
        db.clone(),
        mailer,
        config.mail_context(),
        config.clock.clone(),
    ))
}

#[tokio::main]
async fn work(config: Config, db: Db, drain: bool) -> anyhow::Result<()> {
    let worker = mail_worker(&config, &db)?;
    if drain {
        let round = worker.drain().await?;
        println!(
            "Closed {} consultation(s), queued {} digest(s), attempted {} mail(s).",
            round.closed, round.digests, round.attempted
        );
    } else {
        tokio::spawn(housekeeping::run_forever(db, config.clock.clone()));
        worker.run_forever().await;
    }
    Ok(())
}

#[tokio::main]
async fn serve(config: Config, db: Db, with_worker: bool) -> anyhow::Result<()> {
    let base_url = config.base_url.clone();
    // Every setting is checked before anything starts.
    let worker = with_worker.then(|| mail_worker(&config, &db)).transpose()?;
    let clock = config.clock.clone();
    let application = Application::build(config, db.clone())?;
    tokio::spawn(housekeeping::run_forever(db, clock));
    if let Some(worker) = worker {
        tokio::spawn(worker.run_forever());
    }
    println!("Inspraak is running at {base_url}/ (stop with Ctrl+C)");
    application.run_until_stopped().await?;
    Ok(())
}

fn create_user(
    db: &Db,
    email: &str,
    role: RoleArg,
    council: Option<&str>,
    name: Option<String>,
    password_stdin: bool,
) -> anyhow::Result<()> {
    let email = EmailAddress::parse(email)
        .map_err(|_| anyhow::anyhow!("{email:?} is not a valid e-mail address"))?;
    let council_role = match role {
        RoleArg::Clerk => Some(CouncilRole::Clerk),
        RoleArg::Moderator => Some(CouncilRole::Moderator),
        RoleArg::CouncilMember => Some(CouncilRole::CouncilMember),
        RoleArg::Admin | RoleArg::Resident => None,
    };
    if council_role.is_some() && council.is_none() {
        anyhow::bail!("--council is required for this role");
    }
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (
            inspraak::domain::security::random_token()[..24].to_owned(),
            true,
        )
    };
    if password.chars().count() < MIN_PASSWORD_CHARS {
        anyhow::bail!("the password must have at least {MIN_PASSWORD_CHARS} characters");
    }
    let name = name.unwrap_or_else(|| {
        email
            .as_str()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let hash = hash_password(&password);
    let council = council.map(str::to_owned);
    db.write_blocking(move |conn| {
        let now = now_utc();
        let council_id = match &council {
            Some(slug) => Some(
                councils::find_council_by_slug(conn, slug)?
                    .ok_or_else(|| anyhow::anyhow!("no council with short name {slug:?}"))?
                    .id,
            ),
            None => None,
        };
        let user_id = accounts::insert_user(
            conn,
            &email,
            &name,
            &hash,
            matches!(role, RoleArg::Admin),
            now,
        )?
        .ok_or_else(|| anyhow::anyhow!("a user with this e-mail address exists already"))?;
        if let (Some(role), Some(council_id)) = (council_role, council_id) {
            accounts::grant_role(conn, &user_id, &council_id, role, now)?;
        }
        Ok::<_, anyhow::Error>(())
    })?;
    println!("User created.");
    if generated {
        println!("Password (shown once): {password}");
    }
    Ok(())
}
