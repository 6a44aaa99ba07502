//! Form components: labelled fields with hints and inline errors, and the error summary
//! that opens every form that came back with problems.

use maud::{Markup, html};

use crate::domain::validation::FieldErrors;

pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(token); }
}

/// The list of problems at the top of a form. It takes focus when the page loads, so
/// screen reader users hear it first; each item links to its field.
pub fn error_summary(errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus {
                h2 id="error-summary-title" class="error-summary__title" { "Controleer het formulier" }
                p { "Niet alles is goed ingevuld. Pas het volgende aan:" }
                ul {
                    @for error in errors.iter() {
                        li { a href={ "#" (error.field) } { (error.message) } }
                    }
                }
            }
        }
    }
}

/// The kind of input a [`Field`] renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Email,
    Password,
    Date,
    Time,
    Url,
    Number,
    Search,
    TextArea { rows: u8 },
}

/// One labelled form field.
pub struct Field<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub value: &'a str,
    pub kind: Kind,
    pub autocomplete: Option<&'a str>,
    pub required: bool,
}

impl<'a> Field<'a> {
    /// A required text field whose name and id are the same.
    pub fn new(id: &'a str, label: &'a str, value: &'a str) -> Self {
        Self {
            id,
            name: id,
            label,
            hint: None,
            value,
            kind: Kind::Text,
            autocomplete: None,
            required: true,
        }
    }

    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn name(mut self, name: &'a str) -> Self {
        self.name = name;
        self
    }

    pub fn autocomplete(mut self, autocomplete: &'a str) -> Self {
        self.autocomplete = Some(autocomplete);
        self
    }

    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    pub fn render(&self, errors: &FieldErrors) -> Markup {
        let error = errors.get(self.id);
        let hint_id = format!("{}-hint", self.id);
        let error_id = format!("{}-error", self.id);
        let described_by = [
            self.hint.map(|_| hint_id.as_str()),
            error.map(|_| error_id.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let described_by = (!described_by.is_empty()).then_some(described_by);
        let input_type = match self.kind {
            Kind::Text | Kind::TextArea { .. } => "text",
            Kind::Email => "email",
            Kind::Password => "password",
            Kind::Date => "date",
            Kind::Time => "time",
            // A typed value that is not (yet) a URL would make type="url" invalid HTML
            // when the form comes back with errors; the keyboard hint stays.
            Kind::Url => "text",
            Kind::Number => "number",
            Kind::Search => "search",
        };
        html! {
            div class={ "form-field" @if error.is_some() { " form-field--invalid" } } {
                label class="form-label" for=(self.id) {
                    (self.label)
                    // A search box is never required; saying so would only distract.
                    @if !self.required && self.kind != Kind::Search { span class="form-label__optional" { " (niet verplicht)" } }
                }
                @if let Some(hint) = self.hint {
                    p class="form-hint" id=(hint_id) { (hint) }
                }
                @if let Some(message) = error {
                    p class="form-error" id=(error_id) { span class="visually-hidden" { "Fout: " } (message) }
                }
                @if let Kind::TextArea { rows } = self.kind {
                    textarea class="form-input form-input--textarea" id=(self.id) name=(self.name) rows=(rows)
                        aria-describedby=[described_by.as_deref()]
                        aria-invalid=[error.map(|_| "true")]
                        required[self.required] { (self.value) }
                } @else {
                    input class={ "form-input form-input--" (input_type) } type=(input_type) id=(self.id) name=(self.name) value=(self.value)
                        inputmode=[(self.kind == Kind::Url).then_some("url")]
                        autocomplete=[self.autocomplete]
                        aria-describedby=[described_by.as_deref()]
                        aria-invalid=[error.map(|_| "true")]
                        required[self.required];
                }
            }
        }
    }
}

/// A field people cannot see and robots fill in (`website`); forms that take anonymous
/// input ignore a submission that has it.
pub fn honeypot() -> Markup {
    html! {
        div class="form-field form-field--honeypot" aria-hidden="true" {
            label for="website" { "Laat dit veld leeg" }
            input type="text" id="website" name="website" value="" tabindex="-1" autocomplete="off";
        }
    }
}

/// The `consent` checkbox (value "1") with its error, if any; `label` says what is agreed to.
pub fn consent(checked: bool, errors: &FieldErrors, label: Markup) -> Markup {
    let error = errors.get("consent");
    html! {
        div class={ "form-field form-choice" @if error.is_some() { " form-field--invalid" } } {
            @if let Some(message) = error {
                p class="form-error" id="consent-error" { span class="visually-hidden" { "Fout: " } (message) }
            }
            input type="checkbox" id="consent" name="consent" value="1" checked[checked]
                aria-describedby=[error.map(|_| "consent-error")];
            label for="consent" { (label) }
        }
    }
}

/// A drop-down list; `options` are `(value, label)` pairs.
pub fn select(
    id: &str,
    name: &str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
    errors: &FieldErrors,
) -> Markup {
    let error = errors.get(id);
    let error_id = format!("{id}-error");
    html! {
        div class={ "form-field" @if error.is_some() { " form-field--invalid" } } {
            label class="form-label" for=(id) { (label) }
            @if let Some(message) = error {
                p class="form-error" id=(error_id) { span class="visually-hidden" { "Fout: " } (message) }
            }
            select class="form-input form-input--select" id=(id) name=(name)
                aria-describedby=[error.map(|_| error_id.as_str())]
                aria-invalid=[error.map(|_| "true")] {
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_with_an_error_is_described_by_its_hint_and_error() {
        let errors = FieldErrors::single("email", "Vul een e-mailadres in.");
        let html = Field::new("email", "E-mailadres", "a<b")
            .kind(Kind::Email)
            .hint("Wij sturen hier geen reclame naartoe.")
            .render(&errors)
            .into_string();
        assert!(html.contains(r#"aria-describedby="email-hint email-error""#));
        assert!(html.contains(r#"aria-invalid="true""#));
        assert!(html.contains(r#"value="a&lt;b""#));
        assert!(html.contains("Vul een e-mailadres in."));
    }

    #[test]
    fn the_error_summary_links_to_each_field() {
        let mut errors = FieldErrors::default();
        errors.add("title", "Vul een titel in.");
        errors.add("point_title_1", "Vul minstens één beslispunt in.");
        let html = error_summary(&errors).into_string();
        assert!(html.contains(r##"href="#title""##));
        assert!(html.contains(r##"href="#point_title_1""##));
        assert!(
            error_summary(&FieldErrors::default())
                .into_string()
                .is_empty()
        );
    }
}
