//! `inspraak bench`: loads a controversial consultation (300 reactions, 3,000 posts,
//! 50,000 confirmed signatures) into a fresh database, starts the real server as its own
//! process and measures it with concurrent keep-alive clients. Prints requests per
//! second, p50/p99 and errors per scenario, the server's peak memory, and two ratios:
//! signing against a bare insert loop, pages against a static file.

mod baseline;
mod load;

use std::time::Duration;

use chrono::Duration as Age;
use diesel::prelude::*;

use crate::db::bench_data;
use crate::db::reactions::{self, Submission};
use crate::db::{DatabaseUrl, Db, DbError, accounts, consultations, councils, new_id};
use crate::domain::account::EmailAddress;
use crate::domain::consultation::{ConsultationDraft, DecisionPointDraft};
use crate::domain::council::{CommitteeDraft, CouncilSettings};
use crate::domain::id::{ConsultationId, PostId, ReactionId, SubjectId, TargetId};
use crate::domain::reaction::{PositionContent, ReactionContent, Stance};
use crate::domain::security::{random_token, sha256_hex, signed_link};
use crate::domain::time::now_utc;
use crate::mail::notify::CONFIRM_LINK;

pub struct Options {
    pub seconds: u64,
    pub connections: usize,
    pub reactions: usize,
    pub signatures: usize,
    /// The scenarios to run (their keys, [`SCENARIOS`]); all when empty.
    pub only: Vec<String>,
}

impl Options {
    fn runs(&self, key: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|k| k == key)
    }
}

struct Data {
    consultation: ConsultationId,
    reactions: Vec<ReactionId>,
    positions: Vec<TargetId>,
    /// Raw tokens of pending signatures, for the confirm scenario.
    confirm_tokens: Vec<String>,
    /// Raw session tokens of signed-in residents, for the posting scenario.
    sessions: Vec<String>,
}

/// Posts in the loaded discussion, and residents with a session who post during the run
/// (enough that none reaches the limit of 10 posts per 10 minutes in a 10-second
/// scenario at up to 10,000 posts a second).
const POSTS: usize = 3_000;
const POSTERS: usize = 10_000;

const DISTRICTS: [&str; 8] = [
    "De Horst",
    "Molenkwartier",
    "Lindeveld-Oost",
    "Centrum",
    "Het Broek",
    "Vogelbuurt",
    "Kastanjelaan",
    "Overig",
];

/// Runs the benchmark; `url` is the database to fill (a fresh SQLite file when `None`).
pub fn run(url: Option<DatabaseUrl>, options: Options) -> anyhow::Result<()> {
    let work =
        std::env::temp_dir().join(format!("inspraak-bench-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&work)?;
    let sqlite_file = work.join("bench.db");
    let url =
        url.unwrap_or_else(|| DatabaseUrl::Sqlite(sqlite_file.to_string_lossy().into_owned()));
    println!(
        "Loading {} reactions and {} confirmed signatures into {} ...",
        options.reactions,
        options.signatures,
        if url.is_sqlite() {
            "a fresh SQLite file"
        } else {
            "the PostgreSQL database"
        }
    );
    let db = Db::connect(&url)?;
    let started = std::time::Instant::now();
    // The server's key, so that the loader can write the confirmation links it mails.
    let secret = random_token();
    let data = load(&db, &options, secret.as_bytes())?;
    println!("Loaded in {:.1} s.", started.elapsed().as_secs_f64());
    measure_exports(&db, &data.consultation)?;
    drop(db);
    let loaded_size = database_size_mb(&url, &sqlite_file)?;
    let duration = Duration::from_secs(options.seconds);
    let bare = if options.runs(SIGN) {
        Some(baseline::insert_loop(&url, &data, duration)?)
    } else {
        None
    };
    // A free port for the server process.
    let address = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .to_string();
    let server = baseline::Server::spawn(&url, &address, &secret, &work.join("mail"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let throughput =
        runtime.block_on(async { scenarios(&address, &data, &options, server.pid()).await })?;
    println!();
    if let (Some(bare), Some(sign)) = (bare, throughput.get(SIGN)) {
        println!(
            "Bare insert loop (one commit per signature row, same database and settings): {bare:.0} rows/s"
        );
        println!(
            "Signing reaches {:.0}% of the bare insert loop.",
            100.0 * sign / bare
        );
    }
    if let (Some(file), Some(consultation), Some(position)) = (
        throughput.get(STATIC),
        throughput.get(CONSULTATION),
        throughput.get(POSITION),
    ) {
        println!(
            "The consultation page reaches {:.0}% and the position page {:.0}% of the static file.",
            100.0 * consultation / file,
            100.0 * position / file
        );
    }
    println!(
        "Peak memory of the server process: {} MB resident.",
        server.peak_memory_mb()
    );
    drop(server);
    if url.is_sqlite() {
        println!(
            "SQLite database: {loaded_size:.1} MB loaded, {:.1} MB after the run (with what the scenarios wrote).",
            database_size_mb(&url, &sqlite_file)?
        );
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// The size of the SQLite database in MB once its write-ahead log is copied back into
/// it (0 for PostgreSQL).
fn database_size_mb(url: &DatabaseUrl, file: &std::path::Path) -> anyhow::Result<f64> {
    if !url.is_sqlite() {
        return Ok(0.0);
    }
    bench_data::checkpoint_sqlite(&mut url.connect()?).map_err(DbError::from)?;
    Ok(std::fs::metadata(file)?.len() as f64 / 1_048_576.0)
}

/// Times every export file of the loaded consultation (full version, read from the
/// database and written), as the griffie's download would.
fn measure_exports(db: &Db, consultation: &ConsultationId) -> anyhow::Result<()> {
    println!();
    println!("{:<34} {:>9} {:>10}", "export (full version)", "ms", "KB");
    for file in crate::export::File::ALL {
        let started = std::time::Instant::now();
        let id = consultation.clone();
        let (export, attachments) = db.read_blocking(move |conn| {
            let request = crate::db::exports::Request {
                consultation_id: &id,
                level: crate::domain::export::Level::Full,
                edition: crate::domain::export::Edition::Interim,
                url: "http://bench.invalid",
                now: now_utc(),
            };
            crate::db::exports::load_for_file(conn, &request, file.needs_attachments())?
                .ok_or(DbError::Cancelled)
        })?;
        let bytes = crate::export::write(
            file,
            &export,
            &attachments,
            crate::export::csv::Separator::Semicolon,
        )?;
        println!(
            "{:<34} {:>9.0} {:>10}",
            file.name(),
            started.elapsed().as_secs_f64() * 1000.0,
            bytes.len() / 1024
        );
    }
    Ok(())
}

/// A scenario's request for the n-th request of the run.
type Build = Box<dyn Fn(u64) -> Vec<u8> + Send + Sync>;

/// Keys of the scenarios the ratios are computed from.
const STATIC: &str = "static";
const POSITION: &str = "position";
const CONSULTATION: &str = "consultation";
const SIGN: &str = "sign";

/// The scenarios in the order they run: the key `--only` takes, and the name printed.
pub const SCENARIOS: [(&str, &str); 9] = [
    (STATIC, "static stylesheet"),
    (POSITION, "position page with counts"),
    (CONSULTATION, "consultation page"),
    ("reaction", "reaction page"),
    ("overview", "council member overview"),
    (SIGN, "sign (POST)"),
    ("confirm", "confirm (POST)"),
    ("post", "post in discussion (POST)"),
    ("burst", "news burst 90/8/2"),
];

/// How each scenario's requests are made, in the order of [`SCENARIOS`].
fn requests(host: &str, data: &Data, cookie: &str, token: &str) -> [Build; SCENARIOS.len()] {
    let stylesheet = crate::views::assets::stylesheet_path().to_owned();
    let h = host.to_owned();
    let static_file: Build = Box::new(move |_| load::get(&h, &stylesheet, ""));

    let (h, positions) = (host.to_owned(), data.positions.clone());
    let position_page: Build = Box::new(move |n| {
        load::get(
            &h,
            &format!(
                "/steun/standpunt/{}",
                positions[n as usize % positions.len()]
            ),
            "",
        )
    });

    let (h, path) = (
        host.to_owned(),
        format!("/consultaties/{}", data.consultation),
    );
    let consultation_page: Build = Box::new(move |_| load::get(&h, &path, ""));

    let (h, reactions) = (host.to_owned(), data.reactions.clone());
    let reaction_page: Build = Box::new(move |n| {
        load::get(
            &h,
            &format!("/reacties/{}", reactions[n as usize % reactions.len()]),
            "",
        )
    });

    let (h, path) = (
        host.to_owned(),
        format!("/consultaties/{}/overzicht", data.consultation),
    );
    let overview: Build = Box::new(move |_| load::get(&h, &path, ""));

    let (h, positions, c, t) = (
        host.to_owned(),
        data.positions.clone(),
        cookie.to_owned(),
        token.to_owned(),
    );
    let sign: Build = Box::new(move |n| {
        let position = &positions[n as usize % positions.len()];
        let headers = format!(
            "Cookie: {c}\r\nX-Forwarded-For: 10.{}.{}.7\r\n",
            (n / 256) % 256,
            n % 256
        );
        let body = format!(
            "csrf_token={t}&display_name=Bench&email=bench{n}%40gmail.com&postcode=1234AB&consent=1&website="
        );
        load::post(&h, &format!("/steun/standpunt/{position}"), &headers, &body)
    });

    let (h, tokens, c, t) = (
        host.to_owned(),
        data.confirm_tokens.clone(),
        cookie.to_owned(),
        token.to_owned(),
    );
    let confirm: Build = Box::new(move |n| {
        let raw = &tokens[n as usize % tokens.len()];
        load::post(
            &h,
            &format!("/steun/bevestigen/{raw}"),
            &format!("Cookie: {c}\r\n"),
            &format!("csrf_token={t}"),
        )
    });

    // Signed-in residents posting in the discussion, each from their own session.
    let (h, sessions, consultation, c, t) = (
        host.to_owned(),
        data.sessions.clone(),
        data.consultation.clone(),
        cookie.to_owned(),
        token.to_owned(),
    );
    let post: Build = Box::new(move |n| {
        let session = &sessions[n as usize % sessions.len()];
        load::post(
            &h,
            &format!("/consultaties/{consultation}/discussie"),
            &format!("Cookie: {c}; inspraak_session={session}\r\n"),
            &format!("csrf_token={t}&body=Bericht+{n}+over+het+buurthuis."),
        )
    });

    // A news burst: mostly reading, some signing, a few posts in the discussion (as
    // residents without an account, each from its own network and address).
    let (h, positions, reactions, consultation, c, t) = (
        host.to_owned(),
        data.positions.clone(),
        data.reactions.clone(),
        data.consultation.clone(),
        cookie.to_owned(),
        token.to_owned(),
    );
    let burst: Build = Box::new(move |n| {
        let i = n as usize;
        let network = format!(
            "Cookie: {c}\r\nX-Forwarded-For: 10.{}.{}.9\r\n",
            (n / 256) % 256,
            n % 256
        );
        match n % 100 {
            0..=29 => load::get(&h, &format!("/consultaties/{consultation}"), ""),
            30..=59 => load::get(
                &h,
                &format!("/steun/standpunt/{}", positions[i % positions.len()]),
                "",
            ),
            60..=89 => load::get(
                &h,
                &format!("/reacties/{}", reactions[i % reactions.len()]),
                "",
            ),
            90..=97 => load::post(
                &h,
                &format!("/steun/standpunt/{}", positions[i % positions.len()]),
                &network,
                &format!(
                    "csrf_token={t}&display_name=Buur&email=burst{n}%40gmail.com&postcode=1234AB&consent=1&website="
                ),
            ),
            _ => load::post(
                &h,
                &format!("/consultaties/{consultation}/discussie"),
                &network,
                &format!(
                    "csrf_token={t}&body=Ik+ben+het+eens+met+de+bewoners.&name=Buur&email=post{n}%40example.org&consent=1&website="
                ),
            ),
        }
    });

    [
        static_file,
        position_page,
        consultation_page,
        reaction_page,
        overview,
        sign,
        confirm,
        post,
        burst,
    ]
}

/// Runs the chosen scenarios one after another; returns requests per second by key.
async fn scenarios(
    address: &str,
    data: &Data,
    options: &Options,
    server_pid: u32,
) -> anyhow::Result<std::collections::HashMap<&'static str, f64>> {
    let duration = Duration::from_secs(options.seconds);
    wait_until_up(address).await?;
    // A browser's cookie and CSRF token, taken from a real page.
    let first = format!("/steun/standpunt/{}", data.positions[0]);
    let (_, head, body) = load::fetch(address, &load::get(address, &first, ""))
        .await
        .ok_or_else(|| anyhow::anyhow!("server did not answer"))?;
    let cookie = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .filter(|c| c.starts_with("inspraak_csrf="))
        })
        .and_then(|c| c.split(';').next())
        .ok_or_else(|| anyhow::anyhow!("no CSRF cookie"))?
        .to_owned();
    let token = body
        .split(r#"name="csrf_token" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or_else(|| anyhow::anyhow!("no CSRF token"))?
        .to_owned();

    // First, while the server's peak memory is still its own: log-in bursts.
    if options.only.is_empty() {
        login_bursts(address, &cookie, &token, server_pid).await;
        reset_timing(address, &cookie, &token).await;
    }
    println!();
    println!(
        "{:<28} {:>10} {:>9} {:>9} {:>8}",
        "scenario", "req/s", "p50 ms", "p99 ms", "errors"
    );
    let mut throughput = std::collections::HashMap::new();
    let builds = requests(address, data, &cookie, &token);
    for ((key, name), build) in SCENARIOS.into_iter().zip(builds) {
        if !options.runs(key) {
            continue;
        }
        let stats = load::run(address, options.connections, duration, build).await;
        println!(
            "{:<28} {:>10.0} {:>9.2} {:>9.2} {:>8}",
            name,
            stats.per_second(),
            stats.percentile_ms(0.5),
            stats.percentile_ms(0.99),
            stats.errors
        );
        throughput.insert(key, stats.per_second());
    }
    Ok(throughput)
}

/// Parallel log-ins at once, three times, as a crowd after a newsletter would: each
/// costs an argon2id hash of 19 MiB. Prints how long the slowest waited and the server's
/// resident memory before, at its peak and after each burst.
async fn login_bursts(address: &str, cookie: &str, token: &str, pid: u32) {
    const AT_ONCE: u32 = 100;
    let mb = |field| baseline::status_kb(pid, field) / 1024;
    println!();
    println!(
        "{AT_ONCE} parallel log-ins (unknown addresses from 100 networks: one hash each), three times:"
    );
    for round in 1..=3 {
        let before = mb("VmRSS:");
        let started = std::time::Instant::now();
        let attempts = (0..AT_ONCE).map(|n| {
            let request = load::post(
                address,
                "/account/inloggen",
                &format!("Cookie: {cookie}\r\nX-Forwarded-For: 10.{round}.{n}.9\r\n"),
                &format!("csrf_token={token}&email=bench-{round}-{n}%40benchdorp.example&password=geen+wachtwoord"),
            );
            async move {
                let status = load::fetch(address, &request).await.map(|(s, _, _)| s);
                (status, started.elapsed())
            }
        });
        let answers = futures_util::future::join_all(attempts).await;
        let slowest = answers.iter().map(|(_, t)| *t).max().unwrap_or_default();
        let checked = answers.iter().filter(|(s, _)| *s == Some(422)).count();
        let busy = answers.iter().filter(|(s, _)| *s == Some(503)).count();
        println!(
            "  burst {round}: {checked} checked, {busy} told to wait, {} other; slowest answer {:.2} s; resident memory {before} MB before, peak so far {} MB, {} MB after",
            answers.len() - checked - busy,
            slowest.as_secs_f64(),
            mb("VmHWM:"),
            mb("VmRSS:"),
        );
    }
}

/// "Wachtwoord vergeten" for addresses with and without an account, one at a time and
/// taking turns, each from a network of its own: prints the median and p90 answer time of
/// both, which should differ by no more than noise (the answer must not tell them apart).
async fn reset_timing(address: &str, cookie: &str, token: &str) {
    const EACH: usize = 300;
    let mut known = Vec::with_capacity(EACH);
    let mut unknown = Vec::with_capacity(EACH);
    let mut other = 0;
    for n in 0..2 * EACH {
        let email = if n % 2 == 0 {
            format!("bewoner{}%40benchdorp.example", n / 2)
        } else {
            format!("onbekend{}%40benchdorp.example", n / 2)
        };
        let request = load::post(
            address,
            "/account/wachtwoord-vergeten",
            &format!(
                "Cookie: {cookie}\r\nX-Forwarded-For: 10.200.{}.{}\r\n",
                n / 256,
                n % 256
            ),
            &format!("csrf_token={token}&email={email}"),
        );
        let started = std::time::Instant::now();
        let status = load::fetch(address, &request).await.map(|(s, _, _)| s);
        let took = started.elapsed();
        match (status, n % 2) {
            (Some(303), 0) => known.push(took),
            (Some(303), _) => unknown.push(took),
            _ => other += 1,
        }
    }
    let quantile = |times: &mut Vec<Duration>, q: f64| {
        times.sort();
        let at = ((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1));
        times.get(at).map_or(0.0, |t| t.as_secs_f64() * 1000.0)
    };
    println!();
    println!(
        "Wachtwoord vergeten, {EACH} addresses with and {EACH} without an account, one at a time ({other} not answered 303):"
    );
    println!(
        "  with an account: p50 {:.3} ms, p90 {:.3} ms; without: p50 {:.3} ms, p90 {:.3} ms",
        quantile(&mut known, 0.5),
        quantile(&mut known, 0.9),
        quantile(&mut unknown, 0.5),
        quantile(&mut unknown, 0.9),
    );
}

/// Waits until the server process answers (it migrates and opens its pools first).
async fn wait_until_up(address: &str) -> anyhow::Result<()> {
    for _ in 0..200 {
        if load::fetch(address, &load::get(address, "/", ""))
            .await
            .is_some()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("the server process did not start")
}

/// Fills the database: a council, an open consultation, reactions with two positions each,
/// confirmed signatures spread over the positions, and pending ones to confirm.
fn load(db: &Db, options: &Options, secret: &[u8]) -> Result<Data, DbError> {
    let now = now_utc();
    let reaction_count = options.reactions;
    let (consultation, positions) = db.write_blocking(move |conn| {
        let unique = new_id()[..8].to_owned();
        let council = councils::insert_council(
            conn,
            &CouncilSettings {
                name: "Gemeente Benchdorp".into(),
                slug: format!("bench-{unique}"),
                code: unique.to_ascii_uppercase(),
                logo_text: "Benchdorp".into(),
                speaking_deadline_hours: 24,
                minutes_per_speaker: 5,
                total_speaking_minutes: 30,
                retention_days: 90,
                two_factor_for_all_staff: false,
            },
            now,
        )?
        .expect("a fresh slug");
        let committee = councils::insert_committee(
            conn,
            &council,
            &CommitteeDraft {
                name: "Commissie Samenleving".into(),
                clerk_email: EmailAddress::parse("griffie@benchdorp.example").expect("valid"),
            },
            now,
        )?
        .expect("a fresh council");
        let author = accounts::insert_user(
            conn,
            &EmailAddress::parse(&format!("bench-{}@benchdorp.example", &new_id()[..8]))
                .expect("valid"),
            "Bench",
            "no-login",
            false,
            now,
        )?
        .expect("fresh");
        let draft = ConsultationDraft {
            title: "Beleidsnotitie Ontmoetingsplekken".into(),
            summary: "Een drukke inspraakronde.".into(),
            body_markdown: "Tekst van de notitie.".into(),
            document_url: None,
            policy_version: "1.0".into(),
            committee_id: committee,
            meeting_at: now + Age::days(30),
            deadline_at: now + Age::days(20),
            allow_anonymous_support: true,
            pre_moderation: false,
            allow_guest_posts: true,
            decision_points: vec![
                DecisionPointDraft {
                    number: 1,
                    title: "Wijkprogrammering".into(),
                    body: "Per wijk één programma.".into(),
                },
                DecisionPointDraft {
                    number: 2,
                    title: "Beheer en exploitatie".into(),
                    body: "Wie beheert de gebouwen.".into(),
                },
            ],
        };
        let consultation =
            consultations::insert_consultation(conn, &council, &draft, &author, now)?;
        let prefix = crate::domain::receipt::prefix(&unique.to_ascii_uppercase(), now, "ONT");
        consultations::open(conn, &consultation, &prefix, now)?;
        let points = consultations::decision_points_of(conn, &consultation)?;
        for n in 0..reaction_count {
            let content = ReactionContent {
                title: format!("Reactie {n} op de ontmoetingsplekken"),
                introduction: "Wij zijn bewoners en gebruiken het buurthuis elke week.".into(),
                body_markdown: "Wij willen het buurthuis **open** houden.".into(),
                publish_name: false,
                positions: vec![
                    PositionContent {
                        decision_point_id: Some(points[0].id.clone()),
                        stance: Stance::Supports,
                        body: format!("Standpunt {n}a: één wijkprogramma is goed."),
                    },
                    PositionContent {
                        decision_point_id: Some(points[1].id.clone()),
                        stance: Stance::Amends,
                        body: format!("Standpunt {n}b: geef bewonersbeheer een kans."),
                    },
                ],
                scenarios: Vec::new(),
            };
            let id = reactions::insert_draft(conn, &consultation, None, &author, &content, now)?;
            let draft = reactions::find_reaction(conn, &id)?.expect("inserted");
            reactions::submit(
                conn,
                &draft,
                1,
                &Submission {
                    submitted_by: &author,
                    submitted_by_name: "Bench",
                },
                now,
            )?;
        }
        let positions: Vec<TargetId> = crate::db::schema::positions::table
            .inner_join(crate::db::schema::reactions::table)
            .filter(crate::db::schema::reactions::consultation_id.eq(&consultation))
            .select(crate::db::schema::positions::id)
            .load(conn)?;
        Ok::<_, DbError>((consultation, positions))
    })?;
    // Signatures in batches, each batch one transaction.
    let mut counts: std::collections::HashMap<(usize, usize), i64> =
        std::collections::HashMap::new();
    let confirmed = options.signatures;
    // Enough links that each confirm in the scenario uses a fresh one (an already used
    // link is a cheap refusal that would flatter the figure).
    let pending =
        PENDING_PER_SECOND.saturating_mul(usize::try_from(options.seconds).unwrap_or(usize::MAX));
    let mut confirm_tokens = Vec::with_capacity(pending);
    let total = confirmed + pending;
    let mut next = 0;
    while next < total {
        let end = (next + 5_000).min(total);
        let mut rows = Vec::with_capacity(end - next);
        for n in next..end {
            // A few positions get most of the support, as when the news picks one up.
            let position = if n % 3 == 0 {
                n % 4
            } else {
                n % positions.len()
            };
            let district = n % DISTRICTS.len();
            let is_confirmed = n < confirmed;
            if is_confirmed {
                *counts.entry((position, district)).or_default() += 1;
            }
            rows.push((position, district, !is_confirmed));
        }
        let (consultation, positions) = (consultation.clone(), positions.clone());
        let first = next;
        let secret = secret.to_vec();
        let tokens: Vec<String> = db.write_blocking(move |conn| {
            let mut tokens = Vec::new();
            for (offset, (position, district, pending)) in rows.into_iter().enumerate() {
                let n = first + offset;
                let id = bench_data::insert_signature(
                    conn,
                    &consultation,
                    &positions[position],
                    DISTRICTS[district],
                    n,
                    pending,
                    now,
                )?;
                if pending {
                    tokens.push(signed_link(&secret, CONFIRM_LINK, id.as_str()));
                }
            }
            Ok::<_, DbError>(tokens)
        })?;
        confirm_tokens.extend(tokens);
        next = end;
    }
    let targets = positions.clone();
    db.write_blocking(move |conn| {
        for ((position, district), count) in &counts {
            bench_data::insert_support_count(
                conn,
                &targets[*position],
                DISTRICTS[*district],
                i32::try_from(*count).unwrap_or(i32::MAX),
            )?;
        }
        Ok::<_, DbError>(())
    })?;
    let id = consultation.clone();
    let reactions = db.read_blocking(move |conn| {
        crate::db::schema::reactions::table
            .filter(crate::db::schema::reactions::consultation_id.eq(&id))
            .select(crate::db::schema::reactions::id)
            .load::<ReactionId>(conn)
            .map_err(DbError::from)
    })?;
    let sessions = discussion(db, &consultation, &reactions, now)?;
    Ok(Data {
        consultation,
        reactions,
        positions,
        confirm_tokens,
        sessions,
    })
}

/// Pending signatures loaded per second of a scenario: above what confirming reaches.
const PENDING_PER_SECOND: usize = 20_000;

/// [`POSTS`] visible posts (two thirds under the consultation, the rest under reactions,
/// every fifth a reply) by [`POSTERS`] residents, who each get a session for the posting
/// scenario; returns the raw session tokens.
fn discussion(
    db: &Db,
    consultation: &ConsultationId,
    reactions: &[ReactionId],
    now: chrono::NaiveDateTime,
) -> Result<Vec<String>, DbError> {
    let sessions: Vec<String> = (0..POSTERS).map(|_| random_token()).collect();
    let (consultation, reactions, tokens) =
        (consultation.clone(), reactions.to_vec(), sessions.clone());
    db.write_blocking(move |conn| {
        let mut users = Vec::with_capacity(POSTERS);
        for (n, token) in tokens.iter().enumerate() {
            users.push(bench_data::insert_resident_with_session(
                conn,
                n,
                &sha256_hex(token),
                now,
            )?);
        }
        let mut top_level: Vec<(PostId, SubjectId, &str)> = Vec::new();
        for n in 0..POSTS {
            let (subject, kind): (SubjectId, _) = if n % 3 == 2 {
                ((&reactions[n % reactions.len()]).into(), "reaction")
            } else {
                ((&consultation).into(), "consultation")
            };
            let parent = (n % 5 == 4)
                .then(|| top_level.iter().rev().find(|(_, s, _)| *s == subject))
                .flatten()
                .map(|(id, _, _)| id.clone());
            let id = bench_data::insert_visible_post(
                conn,
                &bench_data::BenchPost {
                    consultation: &consultation,
                    kind,
                    subject: &subject,
                    parent: parent.as_ref(),
                    author: &users[n % users.len()],
                    author_name: &format!("Bewoner {}", n % users.len()),
                    body: &format!("Bericht {n}: wij gebruiken het buurthuis elke week en willen dat het open blijft."),
                    at: now - Age::minutes(i64::try_from(POSTS - n).unwrap_or(0)),
                },
            )?;
            if parent.is_none() {
                top_level.push((id, subject, kind));
            }
        }
        Ok::<_, DbError>(())
    })?;
    Ok(sessions)
}
