//! Open data: a council's public consultations as an Atom 1.0 feed and as a JSON list,
//! and a committee meeting as an iCalendar file. The writers are pure functions over the
//! plain structs below; every text is escaped for its format.

use super::escape_xml;
use crate::domain::id::{CommitteeId, ConsultationId};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::{Value, json};

use crate::db::councils::Council;
use crate::db::open_data::PublicRound;
use crate::domain::consultation::ConsultationState;
use crate::domain::reaction::canonical_time;
use crate::domain::time::amsterdam_date;
use crate::paths;

/// The JSON Schema (draft 2020-12) of [`json_list`], served at [`SCHEMA_PATH`].
pub const SCHEMA: &str = include_str!("open-data-v1.json");

/// Where the application serves [`SCHEMA`]; every list points there.
pub const SCHEMA_PATH: &str = "/open-data/schema/v1.json";

/// Version of the JSON list's layout; changes whenever its schema changes incompatibly.
pub const SCHEMA_VERSION: &str = "inspraak-open-data-v1";

/// The model knows when a committee starts on a round, not how long it takes: the
/// calendar event runs this long past the start of the last round on the agenda.
pub const MINUTES_PER_ROUND: i64 = 60;

/// A meeting is a committee on a day (in Amsterdam): rounds only carry the committee
/// and the moment it discusses them, and rounds on the same day share one meeting.
pub fn meeting_path(slug: &str, committee_id: &CommitteeId, meeting_at: NaiveDateTime) -> String {
    paths::meeting_calendar(
        slug,
        committee_id,
        &amsterdam_date(meeting_at).format("%Y-%m-%d").to_string(),
    )
}

/// A council's feed, in either format.
#[derive(Debug, Clone)]
pub struct Feed {
    pub council: String,
    pub slug: String,
    /// Absolute addresses of the Atom feed, the JSON list and the page listing the rounds.
    pub atom_url: String,
    pub json_url: String,
    pub page_url: String,
    /// The newest change of any entry (the council's creation when there are none).
    pub updated: NaiveDateTime,
    pub generated_at: NaiveDateTime,
    /// Newest opened first.
    pub entries: Vec<Entry>,
}

/// One public consultation.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: ConsultationId,
    pub title: String,
    pub summary: String,
    pub url: String,
    /// The state at the moment of asking (an open round past its deadline is closed).
    pub state: ConsultationState,
    pub opened_at: Option<NaiveDateTime>,
    pub updated: NaiveDateTime,
    pub deadline_at: NaiveDateTime,
    pub meeting_at: NaiveDateTime,
    pub committee: String,
    pub calendar_url: String,
    /// Number and title, in order.
    pub decision_points: Vec<(i32, String)>,
    pub submitted_reactions: i64,
}

/// A committee meeting with the public rounds on its agenda.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// Stable: the same committee and day always give the same one.
    pub uid: String,
    pub council: String,
    pub committee: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    /// The newest change of a round on the agenda, so that the file changes only with them.
    pub stamp: NaiveDateTime,
    pub url: String,
    pub items: Vec<MeetingItem>,
}

#[derive(Debug, Clone)]
pub struct MeetingItem {
    pub title: String,
    pub url: String,
}

/// The last change of a round as a reader sees it: an open round closes at its deadline
/// without a write, and that is a change too.
fn last_change(round: &PublicRound, now: NaiveDateTime) -> NaiveDateTime {
    let consultation = &round.consultation;
    let closed_by_itself =
        consultation.state == ConsultationState::Open && consultation.deadline_at <= now;
    if closed_by_itself {
        consultation.updated_at.max(consultation.deadline_at)
    } else {
        consultation.updated_at
    }
}

fn consultation_url(base_url: &str, id: &ConsultationId) -> String {
    paths::absolute(base_url, &paths::consultation(id))
}

/// The feed of `council`'s public `rounds` (newest opened first), with absolute links.
pub fn council_feed(
    council: &Council,
    rounds: &[PublicRound],
    base_url: &str,
    now: NaiveDateTime,
) -> Feed {
    let entries: Vec<Entry> = rounds
        .iter()
        .map(|round| {
            let c = &round.consultation;
            Entry {
                id: c.id.clone(),
                title: c.title.clone(),
                summary: c.summary.clone(),
                url: consultation_url(base_url, &c.id),
                state: c.state_at(now),
                opened_at: round.opened_at,
                updated: last_change(round, now),
                deadline_at: c.deadline_at,
                meeting_at: c.meeting_at,
                committee: round.committee.name.clone(),
                calendar_url: format!(
                    "{base_url}{}",
                    meeting_path(&council.slug, &round.committee.id, c.meeting_at)
                ),
                decision_points: round
                    .decision_points
                    .iter()
                    .map(|p| (p.number, p.title.clone()))
                    .collect(),
                submitted_reactions: round.submitted_reactions,
            }
        })
        .collect();
    Feed {
        council: council.name.clone(),
        slug: council.slug.clone(),
        atom_url: paths::absolute(base_url, &paths::council_feed_atom(&council.slug)),
        json_url: paths::absolute(base_url, &paths::council_feed_json(&council.slug)),
        page_url: paths::absolute(base_url, paths::CONSULTATIONS),
        updated: entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(council.created_at),
        generated_at: now,
        entries,
    }
}

/// The meeting of `rounds` (all of one committee on `day`, in agenda order, at least one).
pub fn meeting(
    council: &Council,
    day: NaiveDate,
    rounds: &[PublicRound],
    base_url: &str,
    now: NaiveDateTime,
) -> Option<Meeting> {
    let first = rounds.first()?;
    let host = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    let starts_at = rounds.iter().map(|r| r.consultation.meeting_at).min()?;
    let last_start = rounds.iter().map(|r| r.consultation.meeting_at).max()?;
    Some(Meeting {
        uid: format!(
            "vergadering-{}-{}@{host}",
            first.committee.id,
            day.format("%Y%m%d")
        ),
        council: council.name.clone(),
        committee: first.committee.name.clone(),
        starts_at,
        ends_at: last_start + Duration::minutes(MINUTES_PER_ROUND),
        stamp: rounds.iter().map(|r| last_change(r, now)).max()?,
        url: consultation_url(base_url, &first.consultation.id),
        items: rounds
            .iter()
            .map(|r| MeetingItem {
                title: r.consultation.title.clone(),
                url: consultation_url(base_url, &r.consultation.id),
            })
            .collect(),
    })
}

/// The feed as an Atom 1.0 document. Entry ids are `urn:uuid:` of the round, so they
/// survive a move of the site to another address.
pub fn atom(feed: &Feed) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"nl\">\n");
    let title = format!("Inspraakronden van {}", feed.council);
    push_element(&mut out, 1, "id", &feed.atom_url);
    push_element(&mut out, 1, "title", &title);
    push_element(
        &mut out,
        1,
        "subtitle",
        "Plannen waarover de gemeenteraad uw mening wil horen.",
    );
    push_link(&mut out, 1, "self", "application/atom+xml", &feed.atom_url);
    push_link(&mut out, 1, "alternate", "text/html", &feed.page_url);
    push_link(&mut out, 1, "alternate", "application/json", &feed.json_url);
    push_element(&mut out, 1, "updated", &canonical_time(feed.updated));
    out.push_str("  <author>\n");
    push_element(&mut out, 2, "name", &feed.council);
    out.push_str("  </author>\n");
    push_element(&mut out, 1, "generator", "Inspraak");
    for entry in &feed.entries {
        out.push_str("  <entry>\n");
        push_element(&mut out, 2, "id", &format!("urn:uuid:{}", entry.id));
        push_element(&mut out, 2, "title", &entry.title);
        push_link(&mut out, 2, "alternate", "text/html", &entry.url);
        if let Some(opened) = entry.opened_at {
            push_element(&mut out, 2, "published", &canonical_time(opened));
        }
        push_element(&mut out, 2, "updated", &canonical_time(entry.updated));
        push_element(&mut out, 2, "summary", &entry.summary);
        out.push_str(&format!(
            "    <category term=\"{}\" label=\"{}\"/>\n",
            entry.state.as_str(),
            escape_xml(entry.state.label())
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn push_element(out: &mut String, depth: usize, name: &str, text: &str) {
    out.push_str(&format!(
        "{}<{name}>{}</{name}>\n",
        "  ".repeat(depth),
        escape_xml(text)
    ));
}

fn push_link(out: &mut String, depth: usize, rel: &str, kind: &str, href: &str) {
    out.push_str(&format!(
        "{}<link rel=\"{rel}\" type=\"{kind}\" href=\"{}\"/>\n",
        "  ".repeat(depth),
        escape_xml(href)
    ));
}

/// The feed as the documented JSON list (see `open-data-v1.json`); times in UTC.
pub fn json_list(feed: &Feed) -> Value {
    json!({
        "$schema": SCHEMA_PATH,
        "schema": SCHEMA_VERSION,
        "generated_at": canonical_time(feed.generated_at),
        "council": {
            "name": feed.council,
            "slug": feed.slug,
            "atom_url": feed.atom_url,
            "json_url": feed.json_url,
        },
        "consultations": feed.entries.iter().map(|e| json!({
            "id": e.id,
            "title": e.title,
            "summary": e.summary,
            "url": e.url,
            "state": e.state.as_str(),
            "state_label": e.state.label(),
            "opened_at": e.opened_at.map(canonical_time),
            "updated_at": canonical_time(e.updated),
            "deadline_at": canonical_time(e.deadline_at),
            "meeting_at": canonical_time(e.meeting_at),
            "committee": e.committee,
            "calendar_url": e.calendar_url,
            "decision_points": e.decision_points.iter().map(|(number, title)| json!({
                "number": number,
                "title": title,
            })).collect::<Vec<_>>(),
            "submitted_reactions": e.submitted_reactions,
        })).collect::<Vec<_>>(),
    })
}

/// Text as an iCalendar TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma
/// escaped, line breaks as `\n`, other control characters left out.
pub fn escape_ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.replace("\r\n", "\n").chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Longest content line in octets, the line break not counted (RFC 5545, 3.1).
const MAX_LINE_OCTETS: usize = 75;

/// One content line, folded into lines of at most 75 octets (a continuation line starts
/// with a space, which counts), never inside a character, each ending in CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 50 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

fn ics_time(utc: NaiveDateTime) -> String {
    utc.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The meeting as an iCalendar file with one VEVENT, times in UTC.
pub fn icalendar(meeting: &Meeting) -> String {
    let mut description = format!(
        "Vergadering van de {} van {}.\nDeze inspraakronden staan op de agenda:",
        meeting.committee, meeting.council
    );
    for item in &meeting.items {
        description.push_str(&format!("\n\n{}\n{}", item.title, item.url));
    }
    let calendar_name = format!("{} – {}", meeting.committee, meeting.council);
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Inspraak//Open data//NL".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape_ics_text(&calendar_name)),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape_ics_text(&meeting.uid)),
        format!("DTSTAMP:{}", ics_time(meeting.stamp)),
        format!("LAST-MODIFIED:{}", ics_time(meeting.stamp)),
        format!("DTSTART:{}", ics_time(meeting.starts_at)),
        format!("DTEND:{}", ics_time(meeting.ends_at)),
        format!("SUMMARY:{}", escape_ics_text(&meeting.committee)),
        format!("DESCRIPTION:{}", escape_ics_text(&description)),
        format!("URL:{}", uri_value(&meeting.url)),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|line| fold_line(line)).collect()
}

/// A URI value is not TEXT and is not escaped; characters that would end or break the
/// line are left out (our addresses never have them).
fn uri_value(url: &str) -> String {
    url.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn entry(id: &str, title: &str) -> Entry {
        Entry {
            id: id.into(),
            title: title.into(),
            summary: "Wat vindt u <echt>?".into(),
            url: format!("https://inspraak.example.nl/consultaties/{id}"),
            state: ConsultationState::Open,
            opened_at: Some(at("2026-11-01 09:00")),
            updated: at("2026-11-02 10:15"),
            deadline_at: at("2026-12-03 11:00"),
            meeting_at: at("2026-12-10 18:30"),
            committee: "Commissie Samenleving".into(),
            calendar_url: "https://inspraak.example.nl/x.ics".into(),
            decision_points: vec![(1, "Wijken & buurten".into())],
            submitted_reactions: 4,
        }
    }

    fn feed(entries: Vec<Entry>) -> Feed {
        Feed {
            council: "Gemeente \"Lindeveld\"".into(),
            slug: "lindeveld".into(),
            atom_url: "https://inspraak.example.nl/gemeenten/lindeveld/consultaties.atom".into(),
            json_url: "https://inspraak.example.nl/gemeenten/lindeveld/consultaties.json".into(),
            page_url: "https://inspraak.example.nl/consultaties".into(),
            updated: at("2026-11-02 10:15"),
            generated_at: at("2026-11-03 08:00"),
            entries,
        }
    }

    #[test]
    fn xml_escaping_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            escape_xml("a<b>&\"c\"'d'\u{1}\u{b}e\nf"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;e\nf"
        );
    }

    #[test]
    fn atom_escapes_titles_and_lists_entries_in_order() {
        let xml = atom(&feed(vec![
            entry("b", "Nieuw </title><script>"),
            entry("a", "Oud & bekend"),
        ]));
        assert!(xml.contains("<title>Nieuw &lt;/title&gt;&lt;script&gt;</title>"));
        assert!(xml.contains("<title>Oud &amp; bekend</title>"));
        assert!(xml.contains("<name>Gemeente &quot;Lindeveld&quot;</name>"));
        assert!(xml.contains("<summary>Wat vindt u &lt;echt&gt;?</summary>"));
        assert!(xml.contains("<published>2026-11-01T09:00:00Z</published>"));
        assert!(xml.contains("<updated>2026-11-02T10:15:00Z</updated>"));
        assert!(xml.find("urn:uuid:b").unwrap() < xml.find("urn:uuid:a").unwrap());
        assert!(!xml.contains("<script>"));
    }

    #[test]
    fn atom_leaves_out_published_when_the_opening_is_unknown() {
        let mut unopened = entry("a", "Zonder datum");
        unopened.opened_at = None;
        assert!(!atom(&feed(vec![unopened])).contains("<published>"));
    }

    #[test]
    fn the_json_list_names_every_field() {
        let value = json_list(&feed(vec![entry("a", "Titel")]));
        let first = &value["consultations"][0];
        assert_eq!(value["schema"], SCHEMA_VERSION);
        assert_eq!(first["state"], "open");
        assert_eq!(first["opened_at"], "2026-11-01T09:00:00Z");
        assert_eq!(first["meeting_at"], "2026-12-10T18:30:00Z");
        assert_eq!(first["decision_points"][0]["title"], "Wijken & buurten");
        assert_eq!(first["submitted_reactions"], 4);
        let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
        let required = schema["$defs"]["consultation"]["required"]
            .as_array()
            .unwrap();
        let names: Vec<&str> = required.iter().map(|v| v.as_str().unwrap()).collect();
        let fields: Vec<&str> = first
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for field in &fields {
            assert!(names.contains(field), "{field} is documented as required");
        }
        assert_eq!(names.len(), fields.len());
    }

    #[test]
    fn ics_text_escapes_commas_semicolons_backslashes_and_breaks() {
        assert_eq!(
            escape_ics_text("Buurthuis, De Linde; plannen\\\r\nregel 2\u{7}"),
            "Buurthuis\\, De Linde\\; plannen\\\\\\nregel 2"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold_line(&line);
        assert!(folded.ends_with("\r\n"));
        let parts: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(parts.len() > 2);
        for (i, part) in parts.iter().enumerate() {
            assert!(part.len() <= 75, "line {i} has {} octets", part.len());
            assert_eq!(i > 0, part.starts_with(' '));
        }
        let unfolded: String = parts
            .iter()
            .enumerate()
            .map(|(i, p)| if i == 0 { *p } else { &p[1..] })
            .collect();
        assert_eq!(unfolded, line);
        assert_eq!(fold_line("KORT"), "KORT\r\n");
        assert_eq!(
            fold_line(&"x".repeat(75)),
            format!("{}\r\n", "x".repeat(75))
        );
    }

    #[test]
    fn the_calendar_has_one_event_with_crlf_lines_and_escaped_text() {
        let ics = icalendar(&Meeting {
            uid: "vergadering-c1-20261210@inspraak.example.nl".into(),
            council: "Gemeente Lindeveld".into(),
            committee: "Commissie Samenleving, Zorg".into(),
            starts_at: at("2026-12-10 18:30"),
            ends_at: at("2026-12-10 20:30"),
            stamp: at("2026-11-02 10:15"),
            url: "https://inspraak.example.nl/consultaties/a".into(),
            items: vec![MeetingItem {
                title: "Buurthuis, De Linde; plannen".into(),
                url: "https://inspraak.example.nl/consultaties/a".into(),
            }],
        });
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(
            !ics.replace("\r\n", "").contains('\n'),
            "every line ends in CRLF"
        );
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
        assert!(ics.contains("DTSTART:20261210T183000Z\r\n"));
        assert!(ics.contains("DTEND:20261210T203000Z\r\n"));
        assert!(ics.contains("SUMMARY:Commissie Samenleving\\, Zorg\r\n"));
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("\\n\\nBuurthuis\\, De Linde\\; plannen\\nhttps://"));
    }

    #[test]
    fn meeting_paths_use_the_day_in_amsterdam() {
        // 23:30 UTC on 9 December is already 10 December in Amsterdam.
        assert_eq!(
            meeting_path("lindeveld", &"c1".into(), at("2026-12-09 23:30")),
            "/gemeenten/lindeveld/commissies/c1/vergaderingen/2026-12-10.ics"
        );
    }
}
