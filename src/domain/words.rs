//! Dutch words that depend on a number, in one place for pages, mails and exports.

/// "1 reactie", "2 reacties", "0 reacties": the number and the word in its right form.
pub fn plural<N>(count: N, one: &str, many: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    let word = if count == N::from(1) { one } else { many };
    format!("{count} {word}")
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
        assert_eq!(plural(1_usize, "melding", "meldingen"), "1 melding");
    }
}
