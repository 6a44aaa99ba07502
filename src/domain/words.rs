//! Dutch words that depend on a number, in one place for pages, mails and exports.

/// "1 reactie", "2 reacties", "0 reacties": the number and the word in its right form.
pub fn plural(count: impl Into<i64>, one: &str, many: &str) -> String {
    let count = count.into();
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        assert_eq!(plural(1, "reactie", "reacties"), "1 reactie");
        assert_eq!(plural(0, "reactie", "reacties"), "0 reacties");
        assert_eq!(
            plural(2_i64, "steunbetuiging", "steunbetuigingen"),
            "2 steunbetuigingen"
        );
    }
}
