//! Receipt numbers such as `LDV-2026-ONT-0042`: the council's code, the year the round was
//! opened, the round's code and the reaction's place in the round.
//!
//! The prefix (`LDV-2026-ONT`) is fixed when the clerk opens the round and is unique across
//! the installation, so a number can never collide with one of another round or council,
//! however alike their titles are.

use super::id::ConsultationId;
use chrono::{Datelike, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;

/// Letters and digits only, so a number reads aloud and survives any export.
const CODE_LENGTH: std::ops::RangeInclusive<usize> = 2..=12;

/// Checks a code as typed (a council's or a round's): 2 to 12 letters or digits, made upper
/// case. `what` names it in the message ("de code van de gemeente").
pub fn parse_code(typed: &str, what: &str) -> Result<String, String> {
    let code = typed.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Err(format!("Vul {what} in."));
    }
    if !CODE_LENGTH.contains(&code.chars().count())
        || !code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Err(format!(
            "Vul voor {what} 2 tot 12 letters of cijfers in, zonder spaties of streepjes, bijvoorbeeld ONT."
        ));
    }
    Ok(code)
}

/// The code proposed for a round: the first three letters of the first word of its title
/// that is not "beleidsnotitie" or an article. The clerk confirms or changes it.
pub fn suggested_code(title: &str) -> String {
    const SKIP: [&str; 7] = [
        "beleidsnotitie",
        "notitie",
        "nota",
        "de",
        "het",
        "een",
        "van",
    ];
    let word = title
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty() && !SKIP.contains(&w.to_lowercase().as_str()))
        .unwrap_or("INS");
    let code: String = word
        .chars()
        .filter_map(|c| match c.to_ascii_uppercase() {
            'A'..='Z' | '0'..='9' => Some(c.to_ascii_uppercase()),
            'É' | 'È' | 'Ë' | 'Ê' | 'é' | 'è' | 'ë' | 'ê' => Some('E'),
            _ => None,
        })
        .take(3)
        .collect();
    if code.chars().count() < 2 {
        "INS".to_owned()
    } else {
        code
    }
}

/// The prefix of every number of a round opened at `opened_at` (UTC; the year is
/// Amsterdam's).
pub fn prefix(council_code: &str, opened_at: NaiveDateTime, round_code: &str) -> String {
    let year = Utc
        .from_utc_datetime(&opened_at)
        .with_timezone(&Amsterdam)
        .year();
    format!("{council_code}-{year}-{round_code}")
}

/// The number of the `sequence`-th reaction of a round.
pub fn number(prefix: &str, sequence: i32) -> String {
    format!("{prefix}-{sequence:04}")
}

/// The prefix of a round that was opened before rounds had codes: the start of its id.
/// Migration 0017 gave every such round exactly this.
pub fn legacy_prefix(consultation_id: &ConsultationId) -> String {
    consultation_id
        .as_str()
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn codes_are_short_letters_and_digits_in_capitals() {
        assert_eq!(parse_code(" ont ", "de code"), Ok("ONT".to_owned()));
        assert_eq!(parse_code("GM0363", "de code"), Ok("GM0363".to_owned()));
        assert_eq!(parse_code("", "de code"), Err("Vul de code in.".to_owned()));
        for bad in ["O", "ONT-2", "ONT 2", "ÖNT", "ABCDEFGHIJKLM"] {
            assert!(
                parse_code(bad, "de code").is_err(),
                "{bad} should be refused"
            );
        }
    }

    #[test]
    fn the_suggested_code_comes_from_the_first_real_word_of_the_title() {
        assert_eq!(suggested_code("Beleidsnotitie Ontmoetingsplekken"), "ONT");
        assert_eq!(suggested_code("Speelruimteplan 2027"), "SPE");
        assert_eq!(suggested_code("Één wijk"), "EEN");
        assert_eq!(suggested_code("De A"), "INS");
        assert!(parse_code(&suggested_code("!!!"), "de code").is_ok());
    }

    #[test]
    fn numbers_carry_council_year_of_opening_round_and_sequence() {
        // 23:30 UTC on 31 December is already 2027 in Amsterdam.
        let prefix = prefix("LDV", time("2026-12-31 23:30"), "ONT");
        assert_eq!(prefix, "LDV-2027-ONT");
        assert_eq!(number(&prefix, 42), "LDV-2027-ONT-0042");
        assert_eq!(legacy_prefix(&"0a1b2c3d-4e5f".into()), "0A1B2C3D");
    }
}
