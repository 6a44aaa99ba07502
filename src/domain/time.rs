//! Time: UTC in the database, Europe/Amsterdam in everything a person reads or types.

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};
use chrono_tz::Europe::Amsterdam;

/// The current moment as stored in the database (UTC, no offset).
pub fn now_utc() -> NaiveDateTime {
    Utc::now().naive_utc()
}

/// Where the server and the worker read the time. It is the system clock; tests move it
/// forward (a deadline passes, a link expires) instead of rewriting stored moments.
/// Clones share one offset, so every server and worker of a test sees the same time.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_seconds: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

impl Clock {
    /// The current moment, as [`now_utc`] plus however far the clock was moved.
    pub fn now(&self) -> NaiveDateTime {
        let offset = self
            .offset_seconds
            .load(std::sync::atomic::Ordering::Relaxed);
        now_utc() + chrono::Duration::seconds(offset)
    }

    /// Moves this clock and all its clones forward (or back, for a negative `by`).
    pub fn advance(&self, by: chrono::Duration) {
        self.offset_seconds
            .fetch_add(by.num_seconds(), std::sync::atomic::Ordering::Relaxed);
    }
}

/// The calendar day in Amsterdam of a stored moment.
pub fn amsterdam_date(utc: NaiveDateTime) -> NaiveDate {
    to_amsterdam(utc).date_naive()
}

/// Reasons a typed date and time cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    #[error("no date given")]
    MissingDate,
    #[error("not a date")]
    BadDate,
    #[error("not a time of day")]
    BadTime,
    #[error("this time does not exist in Amsterdam (clocks go forward)")]
    Skipped,
}

impl LocalTimeError {
    /// The message shown next to the field; `date` and `time` name the fields, such as
    /// "de sluitingsdatum" and "de tijd van sluiting", so two date fields never share a text.
    pub fn message(self, date: &str, time: &str) -> String {
        match self {
            Self::MissingDate => format!("Vul {date} in."),
            Self::BadDate => format!("Vul {date} in als dag-maand-jaar, bijvoorbeeld 10-12-2026."),
            Self::BadTime => format!("Vul {time} in als uren:minuten, bijvoorbeeld 19:30."),
            Self::Skipped => format!(
                "{} bestaat niet door de overgang naar zomertijd. Kies een ander tijdstip.",
                capitalise(time)
            ),
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A day in Amsterdam written exactly as `2026-12-10` (one address per day), with the
/// UTC moments it starts and the next day starts.
pub fn amsterdam_day(date: &str) -> Option<(NaiveDate, NaiveDateTime, NaiveDateTime)> {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .filter(|day| day.format("%Y-%m-%d").to_string() == date)?;
    let start = |day: NaiveDate| match Amsterdam.from_local_datetime(&day.and_time(NaiveTime::MIN))
    {
        LocalResult::Single(moment) | LocalResult::Ambiguous(moment, _) => Some(moment.naive_utc()),
        LocalResult::None => None,
    };
    Some((day, start(day)?, start(day.succ_opt()?)?))
}

/// Reads a date (`2026-12-10`, as a date input sends it, or `10-12-2026`) and a time
/// (`19:30`) typed in Amsterdam time, and gives the UTC moment. In the autumn hour that
/// happens twice, the first (summer time) is meant.
pub fn parse_amsterdam(date: &str, time: &str) -> Result<NaiveDateTime, LocalTimeError> {
    let date = date.trim();
    if date.is_empty() {
        return Err(LocalTimeError::MissingDate);
    }
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(date, "%d-%m-%Y"))
        .map_err(|_| LocalTimeError::BadDate)?;
    let time =
        NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| LocalTimeError::BadTime)?;
    match Amsterdam.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(moment) | LocalResult::Ambiguous(moment, _) => Ok(moment.naive_utc()),
        LocalResult::None => Err(LocalTimeError::Skipped),
    }
}

fn to_amsterdam(utc: NaiveDateTime) -> DateTime<chrono_tz::Tz> {
    Utc.from_utc_datetime(&utc).with_timezone(&Amsterdam)
}

/// The date part for a date input (`2026-12-10`).
pub fn input_date(utc: NaiveDateTime) -> String {
    to_amsterdam(utc).format("%Y-%m-%d").to_string()
}

/// The time part for a time input (`19:30`).
pub fn input_time(utc: NaiveDateTime) -> String {
    to_amsterdam(utc).format("%H:%M").to_string()
}

const WEEKDAYS: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];
const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// A date as people write it: `donderdag 10 december 2026`.
pub fn long_date(utc: NaiveDateTime) -> String {
    let local = to_amsterdam(utc);
    format!(
        "{} {} {} {}",
        WEEKDAYS[local.weekday().num_days_from_monday() as usize],
        local.day(),
        MONTHS[local.month0() as usize],
        local.year()
    )
}

/// A moment as people write it: `donderdag 10 december 2026 om 19:30 uur`.
pub fn long_date_time(utc: NaiveDateTime) -> String {
    let local = to_amsterdam(utc);
    format!(
        "{} om {:02}:{:02} uur",
        long_date(utc),
        local.hour(),
        local.minute()
    )
}

/// A machine-readable moment with offset, in whole seconds, for `<time datetime=..>`.
pub fn iso(utc: NaiveDateTime) -> String {
    to_amsterdam(utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    #[test]
    fn clones_of_a_clock_move_together() {
        let clock = Clock::default();
        let copy = clock.clone();
        let before = copy.now();
        clock.advance(chrono::Duration::days(8));
        let moved = copy.now() - before;
        assert!(moved >= chrono::Duration::days(8), "{moved}");
        assert!(
            moved < chrono::Duration::days(8) + chrono::Duration::minutes(1),
            "{moved}"
        );
    }

    use super::*;

    #[test]
    fn an_amsterdam_day_has_one_spelling_and_its_utc_bounds() {
        let (day, from, until) = amsterdam_day("2026-12-10").unwrap();
        assert_eq!(day.to_string(), "2026-12-10");
        assert_eq!(from.to_string(), "2026-12-09 23:00:00");
        assert_eq!(until.to_string(), "2026-12-10 23:00:00");
        // The day summer time ends has 25 hours.
        let (_, from, until) = amsterdam_day("2026-10-25").unwrap();
        assert_eq!((until - from).num_hours(), 25);
        for other in ["2026-12-1", "10-12-2026", "2026-13-01", "morgen"] {
            assert!(amsterdam_day(other).is_none(), "{other}");
        }
    }

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn winter_and_summer_times_convert_to_utc() {
        assert_eq!(
            parse_amsterdam("2026-12-10", "19:30"),
            Ok(utc("2026-12-10 18:30"))
        );
        assert_eq!(
            parse_amsterdam("10-06-2026", "12:00"),
            Ok(utc("2026-06-10 10:00"))
        );
    }

    #[test]
    fn clock_changes_are_handled() {
        // 29 March 2026: 02:00 jumps to 03:00.
        assert_eq!(
            parse_amsterdam("2026-03-29", "02:30"),
            Err(LocalTimeError::Skipped)
        );
        // 25 October 2026: 02:30 happens twice; the summer-time one is taken.
        assert_eq!(
            parse_amsterdam("2026-10-25", "02:30"),
            Ok(utc("2026-10-25 00:30"))
        );
    }

    #[test]
    fn bad_input_is_reported_per_part() {
        assert_eq!(
            parse_amsterdam("", "10:00"),
            Err(LocalTimeError::MissingDate)
        );
        assert_eq!(
            parse_amsterdam("31-02-2026", "10:00"),
            Err(LocalTimeError::BadDate)
        );
        assert_eq!(
            parse_amsterdam("2026-02-01", "25:00"),
            Err(LocalTimeError::BadTime)
        );
    }

    #[test]
    fn messages_name_their_field() {
        assert_eq!(
            LocalTimeError::MissingDate.message("de sluitingsdatum", "de tijd"),
            "Vul de sluitingsdatum in."
        );
        assert!(
            LocalTimeError::Skipped
                .message("x", "de begintijd")
                .starts_with("De begintijd bestaat niet")
        );
    }

    #[test]
    fn moments_are_written_in_dutch_in_amsterdam_time() {
        let moment = utc("2026-12-10 18:30");
        assert_eq!(
            long_date_time(moment),
            "donderdag 10 december 2026 om 19:30 uur"
        );
        assert_eq!(input_date(moment), "2026-12-10");
        assert_eq!(input_time(moment), "19:30");
        assert_eq!(iso(moment), "2026-12-10T19:30:00+01:00");
        let with_nanos = moment + chrono::Duration::nanoseconds(123_456_789);
        assert_eq!(iso(with_nanos), "2026-12-10T19:30:00+01:00");
    }
}
