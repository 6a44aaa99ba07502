//! The griffie's co-signing pages: a council's table of postcodes and wijken (uploaded as
//! a CSV file), and the review of signatures that were held back after a burst.

use std::collections::HashMap;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::csrf::Form;
use super::respond::{html, html_status, see_other};
use super::session::Ctx;
use super::upload;
use super::{AppError, AppState, NoticeQuery};
use crate::db::consultations::{self, ConsultationListing};
use crate::db::councils::{self, Council};
use crate::db::signatures::{self, Burst, HeldGroup, SignatureReview};
use crate::domain::id::ConsultationId;
use crate::domain::signature::{ReviewDecision, parse_postcode};
use crate::domain::validation::{FieldErrors, required_text};
use crate::ops;
use crate::ops::signatures::{HeldDecision, HeldOutcome};
use crate::views;
use crate::views::support_review::{DistrictsPage, NetworkLabels, ReviewPage};
use chrono::NaiveDateTime;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/griffie/{council}/wijken", web::get().to(districts))
        .route(
            "/griffie/{council}/wijken",
            web::post().to(upload_districts),
        )
        .route("/griffie/consultaties/{id}/steun", web::get().to(review))
        .route("/griffie/consultaties/{id}/steun", web::post().to(decide));
}

/// Largest postcode file accepted.
pub const MAX_DISTRICT_FILE_BYTES: usize = 2 * 1024 * 1024;

/// Longest name of a wijk, in characters.
pub const MAX_DISTRICT_CHARS: usize = 80;

/// At most this many bad lines are described one by one.
const SHOWN_BAD_LINES: usize = 10;

/// A network or mail domain with this many signatures in the last hour is shown as a burst.
pub const BURST_AT_LEAST: i64 = 20;

/// Longest reason for a review decision, in characters.
const MAX_REASON_CHARS: usize = 1000;

// ---------------------------------------------------------------------------------------
// The postcode file

/// One line of the file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// Counted from 1, as a spreadsheet shows them.
    pub line: usize,
    pub problem: String,
}

/// Why a postcode file was refused; nothing is changed then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DistrictFileError {
    NoFile,
    TooLarge,
    NotUtf8,
    NoRows,
    BadLines(Vec<BadLine>),
}

impl DistrictFileError {
    /// One sentence for the error summary and the field.
    pub fn message(&self) -> String {
        match self {
            Self::NoFile => "Kies een CSV-bestand met postcodes en wijken.".to_owned(),
            Self::TooLarge => {
                "Het bestand is groter dan 2 MB. Kies een kleiner bestand met alleen postcodes en wijken."
                    .to_owned()
            }
            Self::NotUtf8 => "Het bestand is niet als UTF-8 opgeslagen. Kies in Excel bij ‘Opslaan als’ het type ‘CSV UTF-8 (door komma's gescheiden)’ en probeer het opnieuw."
                .to_owned(),
            Self::NoRows => "Er staan geen postcodes in het bestand. Zet op elke regel een postcode en een wijk, bijvoorbeeld: 1234AB;De Horst."
                .to_owned(),
            Self::BadLines(lines) => {
                let shown: Vec<String> = lines
                    .iter()
                    .take(SHOWN_BAD_LINES)
                    .map(|l| l.line.to_string())
                    .collect();
                let more = lines.len().saturating_sub(SHOWN_BAD_LINES);
                let mut text = if lines.len() == 1 {
                    format!("Regel {} klopt niet", shown[0])
                } else {
                    format!("Regels {} kloppen niet", dutch_list(&shown))
                };
                match more {
                    0 => {}
                    1 => text.push_str(", en nog 1 andere regel"),
                    n => text.push_str(&format!(", en nog {n} andere regels")),
                }
                text.push_str(". Er is niets veranderd: pas het bestand aan en probeer het opnieuw.");
                text
            }
        }
    }

    /// What is wrong with each line, for the first lines only.
    pub fn details(&self) -> Vec<String> {
        match self {
            Self::BadLines(lines) => lines
                .iter()
                .take(SHOWN_BAD_LINES)
                .map(|l| format!("Regel {}: {}", l.line, l.problem))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// "1, 2 en 3".
fn dutch_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} en {last}", rest.join(", ")),
    }
}

/// The fields of one line, split at its first `;` or `,` (whichever comes first, outside
/// quotes) and at every later one of the same kind. Fields may be quoted as spreadsheets do:
/// `"De Horst, noord"`, with `""` for a quote inside.
fn split_fields(line: &str) -> Result<Vec<String>, &'static str> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut separator: Option<char> = None;
    let mut in_quotes = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    current.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                current.push(c);
            }
        } else if c == '"' && current.trim().is_empty() {
            current.clear();
            in_quotes = true;
        } else if (c == ';' || c == ',') && separator.is_none_or(|s| s == c) {
            separator = Some(c);
            fields.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    if in_quotes {
        return Err("er ontbreekt een aanhalingsteken (\") aan het eind van een kolom.");
    }
    fields.push(current);
    Ok(fields.into_iter().map(|f| f.trim().to_owned()).collect())
}

/// A typed value as a short quote in a message.
fn quoted(value: &str) -> String {
    let short: String = value.chars().take(20).collect();
    if short.len() < value.len() {
        format!("“{short}…”")
    } else {
        format!("“{short}”")
    }
}

/// One line as `(postcode, wijk)`.
fn parse_line(fields: &[String]) -> Result<(String, String), String> {
    let postcode_field = fields.first().map_or("", String::as_str);
    let Ok(postcode) = parse_postcode(postcode_field) else {
        return Err(if postcode_field.is_empty() {
            "de postcode ontbreekt.".to_owned()
        } else {
            format!(
                "{} is geen postcode. Gebruik 4 cijfers (1234) of 4 cijfers en 2 letters (1234 AB).",
                quoted(postcode_field)
            )
        });
    };
    let district = fields.get(1).map_or("", String::as_str);
    if fields.len() < 2 {
        return Err(
            "er staat geen wijk achter de postcode. Scheid postcode en wijk met een komma of een puntkomma."
                .to_owned(),
        );
    }
    if fields[2..].iter().any(|f| !f.is_empty()) {
        return Err("deze regel heeft meer dan twee kolommen. Staat er een komma in de naam van de wijk? Zet de naam dan tussen aanhalingstekens, of scheid de kolommen met een puntkomma."
            .to_owned());
    }
    if district.is_empty() {
        return Err("de naam van de wijk ontbreekt.".to_owned());
    }
    if district.chars().count() > MAX_DISTRICT_CHARS {
        return Err(format!(
            "de naam van de wijk is te lang: hoogstens {MAX_DISTRICT_CHARS} tekens."
        ));
    }
    if district.chars().any(char::is_control) {
        return Err("de naam van de wijk bevat een teken dat niet kan, zoals een tab.".to_owned());
    }
    Ok((postcode, district.to_owned()))
}

/// Reads a council's postcode table: one `postcode,wijk` or `postcode;wijk` per line,
/// UTF-8 with or without byte order mark, an optional header line (a first line whose
/// first column is not a postcode), blank lines ignored. The same postcode twice with the
/// same wijk counts once; with another wijk it is an error.
pub fn parse_district_file(content: &[u8]) -> Result<Vec<(String, String)>, DistrictFileError> {
    let text = std::str::from_utf8(content).map_err(|_| DistrictFileError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    let mut bad = Vec::new();
    let mut first = true;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields = match split_fields(line) {
            Ok(fields) => fields,
            Err(problem) => {
                first = false;
                bad.push(BadLine {
                    line: number,
                    problem: problem.to_owned(),
                });
                continue;
            }
        };
        let is_header = first && parse_postcode(&fields[0]).is_err();
        first = false;
        if is_header {
            continue;
        }
        match parse_line(&fields) {
            Ok((postcode, district)) => match seen.get(&postcode) {
                Some(&(_, row)) if rows[row].1 == district => {}
                Some(&(earlier, _)) => bad.push(BadLine {
                    line: number,
                    problem: format!(
                        "postcode {postcode} staat ook op regel {earlier}, met een andere wijk."
                    ),
                }),
                None => {
                    seen.insert(postcode.clone(), (number, rows.len()));
                    rows.push((postcode, district));
                }
            },
            Err(problem) => bad.push(BadLine {
                line: number,
                problem,
            }),
        }
    }
    if !bad.is_empty() {
        return Err(DistrictFileError::BadLines(bad));
    }
    if rows.is_empty() {
        return Err(DistrictFileError::NoRows);
    }
    Ok(rows)
}

// ---------------------------------------------------------------------------------------
// Wijken en postcodes

/// A council by slug, if the viewer may manage it (anonymous viewers are sent to log in).
async fn managed_council(state: &AppState, ctx: &Ctx, slug: String) -> Result<Council, AppError> {
    let actor = ctx.require_actor()?.clone();
    let council = state
        .db
        .read(move |conn| councils::find_council_by_slug(conn, &slug)?.ok_or(AppError::NotFound))
        .await?;
    if !actor.can_manage_council(&council.id) {
        return Err(AppError::Forbidden);
    }
    Ok(council)
}

async fn districts_page(
    state: &AppState,
    ctx: &Ctx,
    council: &Council,
    error: Option<&DistrictFileError>,
    message: Option<&str>,
) -> Result<maud::Markup, AppError> {
    let council_id = council.id.clone();
    let (count, summary) = state
        .db
        .read(move |conn| {
            let count = signatures::district_count(conn, &council_id)?;
            let summary = signatures::district_summary(conn, &council_id)?;
            Ok::<_, AppError>((count, summary))
        })
        .await?;
    let errors = error.map_or_else(FieldErrors::default, |e| {
        FieldErrors::single("file", e.message())
    });
    let details = error.map(DistrictFileError::details).unwrap_or_default();
    Ok(views::support_review::districts(
        &ctx.chrome(),
        DistrictsPage {
            council,
            count,
            summary: &summary,
            errors: &errors,
            details: &details,
            message,
        },
    ))
}

pub async fn districts(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let council = managed_council(&state, &ctx, path.into_inner()).await?;
    Ok(html(
        districts_page(&state, &ctx, &council, None, query.text()).await?,
    ))
}

pub async fn upload_districts(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    multipart: Multipart,
) -> Result<HttpResponse, AppError> {
    // Who may upload is checked before the file is read; the CSRF token comes first in it.
    let council = managed_council(&state, &ctx, path.into_inner()).await?;
    let parsed = match upload::read_form(&req, multipart, MAX_DISTRICT_FILE_BYTES)
        .await?
        .file
    {
        Err(upload::TooLarge) => Err(DistrictFileError::TooLarge),
        Ok(file) if file.content.is_empty() && file.filename.is_empty() => {
            Err(DistrictFileError::NoFile)
        }
        Ok(file) => parse_district_file(&file.content),
    };
    let rows = match parsed {
        Ok(rows) => rows,
        Err(error) => {
            let page = districts_page(&state, &ctx, &council, Some(&error), None).await?;
            return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page));
        }
    };
    let council_id = council.id.clone();
    state
        .db
        .write(move |conn| {
            signatures::replace_districts(conn, &council_id, &rows).map_err(AppError::from)
        })
        .await?;
    Ok(see_other(&format!(
        "/griffie/{}/wijken?melding=wijken-vervangen",
        council.slug
    )))
}

// ---------------------------------------------------------------------------------------
// Held signatures

/// Everything on the review page of one consultation.
struct Review {
    listing: ConsultationListing,
    groups: Vec<HeldGroup>,
    network_bursts: Vec<Burst>,
    domain_bursts: Vec<Burst>,
    reviews: Vec<(SignatureReview, Option<String>)>,
    labels: NetworkLabels,
}

/// The consultation, if the viewer may manage its council.
async fn managed_consultation(
    state: &AppState,
    ctx: &Ctx,
    id: ConsultationId,
) -> Result<ConsultationListing, AppError> {
    let actor = ctx.require_actor()?.clone();
    let listing = state
        .db
        .read(move |conn| consultations::find_consultation(conn, &id)?.ok_or(AppError::NotFound))
        .await?;
    if !actor.can_manage_council(&listing.council.id) {
        return Err(AppError::Forbidden);
    }
    Ok(listing)
}

async fn load_review(state: &AppState, listing: ConsultationListing) -> Result<Review, AppError> {
    let id = listing.consultation.id.clone();
    let since = state.now() - chrono::Duration::hours(1);
    let (groups, network_bursts, domain_bursts, reviews, first_seen) = state
        .db
        .read(move |conn| {
            Ok::<_, AppError>((
                signatures::held_groups(conn, &id)?,
                signatures::network_bursts(conn, &id, since, BURST_AT_LEAST)?,
                signatures::domain_bursts(conn, &id, since, BURST_AT_LEAST)?,
                signatures::reviews_of(conn, &id)?,
                signatures::networks_first_seen(conn, &id)?,
            ))
        })
        .await?;
    let labels = NetworkLabels::new(&first_seen, &reviews);
    Ok(Review {
        listing,
        groups,
        network_bursts,
        domain_bursts,
        reviews,
        labels,
    })
}

/// Whether held signatures may still be approved: only while the round is open, since
/// the counts are fixed from the deadline on.
fn approvable(listing: &ConsultationListing, now: NaiveDateTime) -> bool {
    ReviewDecision::Approve.allowed_in(listing.consultation.state_at(now))
}

/// What the page shows besides the state: the `?melding=` of a redirect, or why a
/// decision could not be carried out, or the form that came back with an error.
#[derive(Default)]
struct Shown<'a> {
    message: Option<&'a str>,
    problem: Option<&'a str>,
    errors: FieldErrors,
    /// The group's row and the reason as typed.
    typed: Option<(usize, &'a str)>,
}

fn review_page(ctx: &Ctx, review: &Review, shown: Shown<'_>) -> maud::Markup {
    views::support_review::review(
        &ctx.chrome(),
        ReviewPage {
            listing: &review.listing,
            groups: &review.groups,
            network_bursts: &review.network_bursts,
            domain_bursts: &review.domain_bursts,
            burst_at_least: BURST_AT_LEAST,
            reviews: &review.reviews,
            labels: &review.labels,
            approvable: approvable(&review.listing, ctx.now),
            errors: &shown.errors,
            typed: shown.typed,
            message: shown.message,
            problem: shown.problem,
        },
    )
}

pub async fn review(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let listing = managed_consultation(&state, &ctx, path.into_inner()).await?;
    let review = load_review(&state, listing).await?;
    Ok(html(review_page(
        &ctx,
        &review,
        Shown {
            message: query.text(),
            ..Shown::default()
        },
    )))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    source_hash: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

const GONE: &str = "Deze steunbetuigingen worden niet meer vastgehouden. Misschien heeft een collega er al over beslist. Er is niets veranderd.";
const CLOSED: &str = "De inspraakronde is gesloten. Goedkeuren kan niet meer, want de telling staat vast. U kunt de steun nog wel ongeldig verklaren.";

pub async fn decide(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    Form(form): Form<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    let listing = managed_consultation(&state, &ctx, path.into_inner()).await?;
    let decision = ReviewDecision::parse(&form.decision).ok_or(AppError::BadRequest)?;
    let review = load_review(&state, listing).await?;
    let conflict = |review: &Review, problem: &str| {
        let shown = Shown {
            problem: Some(problem),
            ..Shown::default()
        };
        html_status(StatusCode::CONFLICT, review_page(&ctx, review, shown))
    };
    let Some(row) = review
        .groups
        .iter()
        .position(|g| g.source_hash == form.source_hash && g.domain == form.domain)
        .map(|index| index + 1)
    else {
        return Ok(conflict(&review, GONE));
    };
    let field = format!("reason_{row}");
    let mut errors = FieldErrors::default();
    let reason = required_text(
        &mut errors,
        &field,
        &form.reason,
        "de reden van uw besluit",
        MAX_REASON_CHARS,
    );
    if !errors.is_empty() {
        return Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            review_page(
                &ctx,
                &review,
                Shown {
                    errors,
                    typed: Some((row, &form.reason)),
                    ..Shown::default()
                },
            ),
        ));
    }
    let request = HeldDecision {
        consultation_id: review.listing.consultation.id.clone(),
        source_hash: form.source_hash.clone(),
        domain: form.domain.clone(),
        decision,
        reason,
        by: ctx.require_user()?.user.id.clone(),
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let outcome = state
        .db
        .write(move |conn| {
            ops::signatures::decide_held(conn, &mail, &request, now).map_err(AppError::from)
        })
        .await?;
    match outcome {
        HeldOutcome::Done => Ok(see_other(&format!(
            "/griffie/consultaties/{}/steun?melding={}",
            review.listing.consultation.id,
            match decision {
                ReviewDecision::Approve => "steun-goedgekeurd",
                ReviewDecision::Void => "steun-ongeldig",
            }
        ))),
        HeldOutcome::Gone | HeldOutcome::Closed => {
            // Show the page as it is now, with what went wrong on top.
            let problem = if matches!(outcome, HeldOutcome::Gone) {
                GONE
            } else {
                CLOSED
            };
            let listing = review.listing.clone();
            let fresh = load_review(&state, listing).await?;
            Ok(conflict(&fresh, problem))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<(String, String)>, DistrictFileError> {
        parse_district_file(text.as_bytes())
    }

    fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(p, d)| ((*p).to_owned(), (*d).to_owned()))
            .collect()
    }

    fn bad_lines(result: Result<Vec<(String, String)>, DistrictFileError>) -> Vec<usize> {
        match result {
            Err(DistrictFileError::BadLines(lines)) => lines.iter().map(|l| l.line).collect(),
            other => panic!("expected bad lines, got {other:?}"),
        }
    }

    #[test]
    fn commas_semicolons_header_bom_and_blank_lines() {
        assert_eq!(
            parse("postcode,wijk\n1234,De Horst\n1235 ab , Molenkwartier\n").unwrap(),
            rows(&[("1234", "De Horst"), ("1235AB", "Molenkwartier")])
        );
        assert_eq!(
            parse("\u{feff}Postcode;Wijk\r\n1234AB;De Horst, noord\r\n\r\n5678;Oost\r\n").unwrap(),
            rows(&[("1234AB", "De Horst, noord"), ("5678", "Oost")])
        );
        // Without a header the first line is data.
        assert_eq!(
            parse("1234;De Horst").unwrap(),
            rows(&[("1234", "De Horst")])
        );
    }

    #[test]
    fn quoted_fields_and_empty_extra_columns_as_excel_writes_them() {
        assert_eq!(
            parse("1234AB,\"De Horst, noord\"\n\"5678\";\"Het \"\"Oude\"\" Dorp\";;\n").unwrap(),
            rows(&[("1234AB", "De Horst, noord"), ("5678", "Het \"Oude\" Dorp")])
        );
        assert_eq!(bad_lines(parse("1234,\"De Horst\n")), [1]);
    }

    #[test]
    fn bad_lines_are_named_and_nothing_is_returned() {
        let text =
            "postcode;wijk\n1234;Goed\n12345;Te lang\n0123;Begint met 0\n1234AB\n1236;\n1237;A;B\n";
        assert_eq!(bad_lines(parse(text)), [3, 4, 5, 6, 7]);
        let error = parse(text).unwrap_err();
        assert!(
            error
                .message()
                .starts_with("Regels 3, 4, 5, 6 en 7 kloppen niet.")
        );
        let details = error.details();
        assert!(details[0].starts_with("Regel 3: “12345” is geen postcode"));
        assert!(details[2].contains("geen wijk"));
        assert!(details[3].contains("wijk ontbreekt"));
        assert!(details[4].contains("meer dan twee kolommen"));
        let long = format!("1234;{}", "x".repeat(81));
        assert_eq!(
            bad_lines(parse(&long)),
            [1],
            "a long first line is no header"
        );
        assert!(parse(&format!("1234;{}", "x".repeat(80))).is_ok());
    }

    #[test]
    fn at_most_ten_lines_are_described() {
        let text: String = (0..15).map(|n| format!("geen{n};Wijk\n")).collect();
        // The first line is taken as a header; lines 2 to 15 are wrong.
        let error = parse(&text).unwrap_err();
        assert_eq!(error.details().len(), 10);
        assert_eq!(
            error.message(),
            "Regels 2, 3, 4, 5, 6, 7, 8, 9, 10 en 11 kloppen niet, en nog 4 andere regels. \
             Er is niets veranderd: pas het bestand aan en probeer het opnieuw."
        );
        assert!(
            bad_lines(parse("1234;A\nx;B\n"))
                .first()
                .is_some_and(|l| *l == 2)
        );
        assert_eq!(
            DistrictFileError::BadLines(vec![BadLine {
                line: 4,
                problem: "x".into()
            }])
            .message(),
            "Regel 4 klopt niet. Er is niets veranderd: pas het bestand aan en probeer het opnieuw."
        );
    }

    #[test]
    fn duplicates_count_once_unless_they_disagree() {
        assert_eq!(parse("1234;A\n1234;A\n").unwrap(), rows(&[("1234", "A")]));
        let error = parse("1234;A\n1234 ;B\n").unwrap_err();
        assert_eq!(
            error.details(),
            ["Regel 2: postcode 1234 staat ook op regel 1, met een andere wijk."]
        );
    }

    #[test]
    fn empty_and_non_utf8_files_are_refused() {
        assert_eq!(parse(""), Err(DistrictFileError::NoRows));
        assert_eq!(parse("postcode;wijk\n\n"), Err(DistrictFileError::NoRows));
        assert_eq!(
            parse_district_file(b"1234;Caf\xe9wijk\n"),
            Err(DistrictFileError::NotUtf8)
        );
    }

    #[test]
    fn networks_get_stable_numbers_by_first_signature() {
        let at = |m: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
                .unwrap()
                .and_hms_opt(12, m, 0)
                .unwrap()
        };
        let labels = NetworkLabels::new(&[("bbbb".into(), at(1)), ("aaaa".into(), at(5))], &[]);
        assert_eq!(labels.of("bbbb"), "Netwerk 1");
        assert_eq!(labels.of("aaaa"), "Netwerk 2");
        assert_eq!(labels.of("cccc"), "Onbekend netwerk");
    }
}
