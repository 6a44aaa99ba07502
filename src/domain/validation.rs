//! Field-level validation results that a form can show next to each field.

/// One problem with one form field; `field` is the HTML id of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Everything wrong with a submitted form, in the order of the fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("the form has {} invalid field(s)", .0.len())]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    pub fn single(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut errors = Self::default();
        errors.add(field, message);
        errors
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// The message for one field, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// `Ok(value)` when nothing was wrong.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

/// Trims `value` and checks that it is present and not longer than `max` characters.
/// `what` completes Dutch sentences such as "Vul ... in".
pub fn required_text(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    what: &str,
    max: usize,
) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, format!("Vul {what} in."));
    } else if value.chars().count() > max {
        errors.add(
            field,
            format!("Maak {what} korter: er mogen hoogstens {max} tekens in."),
        );
    }
    value.to_owned()
}

/// Like [`required_text`] for a field that may stay empty.
pub fn optional_text(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    what: &str,
    max: usize,
) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value.chars().count() > max {
        errors.add(
            field,
            format!("Maak {what} korter: er mogen hoogstens {max} tekens in."),
        );
    }
    Some(value.to_owned())
}

/// 5123 → "5.123", as Dutch readers write numbers.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    grouped
}

/// Whether every name and value of a form body (`application/x-www-form-urlencoded`)
/// decodes to UTF-8; a browser never sends anything else, so other bytes are refused
/// rather than stored as U+FFFD.
pub fn form_is_utf8(body: &[u8]) -> bool {
    body.split(|&b| b == b'&').all(|pair| {
        let plus_as_space: Vec<u8> = pair
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        percent_encoding::percent_decode(&plus_as_space)
            .decode_utf8()
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_must_be_utf8() {
        assert!(form_is_utf8(b"name=Caf%C3%A9+De+Linde&x="));
        assert!(form_is_utf8(b""));
        assert!(!form_is_utf8(b"name=Caf%E9"), "Latin-1 é");
        assert!(!form_is_utf8(b"ok=1&n%FFame=x"), "in a name too");
        assert!(!form_is_utf8(b"name=\xff"));
    }

    #[test]
    fn required_text_trims_and_reports_empty_and_long_values() {
        let mut errors = FieldErrors::default();
        assert_eq!(
            required_text(&mut errors, "a", "  hallo ", "een naam", 10),
            "hallo"
        );
        assert!(errors.is_empty());
        required_text(&mut errors, "b", "   ", "een naam", 10);
        required_text(&mut errors, "c", "elf tekens!", "een naam", 10);
        assert_eq!(errors.get("b"), Some("Vul een naam in."));
        assert!(errors.get("c").unwrap().contains("hoogstens 10 tekens"));
        assert_eq!(errors.iter().count(), 2);
    }

    #[test]
    fn optional_text_is_none_when_blank() {
        let mut errors = FieldErrors::default();
        assert_eq!(optional_text(&mut errors, "a", " ", "x", 5), None);
        assert_eq!(
            optional_text(&mut errors, "a", "ab", "x", 5).as_deref(),
            Some("ab")
        );
        assert!(errors.into_result(()).is_ok());
    }
}
