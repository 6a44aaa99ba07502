//! Revisions of a draft read as text: each field with its label, and what changed between
//! two revisions word by word. "Versies" and the conflict page are made from this.

use similar::{ChangeTag, TextDiff};

use super::id::DecisionPointId;
use super::reaction::ReactionContent;

/// One field of a draft as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField {
    pub label: String,
    pub text: String,
}

/// A draft as labelled text fields, in the order of the edit page. `point_number` names a
/// beslispunt by its id ("Beslispunt 2"); rows of positions and scenarios are numbered.
pub fn text_fields(
    content: &ReactionContent,
    point_number: impl Fn(&DecisionPointId) -> Option<i32>,
) -> Vec<TextField> {
    let field = |label: String, text: String| TextField { label, text };
    let point = |id: &Option<DecisionPointId>| {
        id.as_ref()
            .and_then(&point_number)
            .map_or("geen beslispunt".to_owned(), |n| format!("beslispunt {n}"))
    };
    let mut fields = vec![
        field("Titel".into(), content.title.clone()),
        field("Inleiding".into(), content.introduction.clone()),
        field("Tekst".into(), content.body_markdown.clone()),
        field(
            "Naam openbaar".into(),
            if content.publish_name { "ja" } else { "nee" }.into(),
        ),
    ];
    for (index, position) in content.positions.iter().enumerate() {
        fields.push(field(
            format!("Standpunt {}", index + 1),
            format!(
                "{} ({}): {}",
                position.stance.label(),
                point(&position.decision_point_id),
                position.body
            ),
        ));
    }
    for (index, scenario) in content.scenarios.iter().enumerate() {
        let cost = scenario.yearly_cost_euros.map_or(String::new(), |c| {
            format!(
                "€ {} per jaar. ",
                super::validation::thousands(c.unsigned_abs())
            )
        });
        fields.push(field(
            format!("Scenario {}", index + 1),
            format!(
                "{} ({}, {}). {}{}{}{}{}",
                scenario.title,
                point(&scenario.decision_point_id),
                scenario.operator.label(),
                sentence(&scenario.request),
                cost,
                sentence(&scenario.cost_bearer),
                sentence(&scenario.conditions),
                scenario.body,
            ),
        ));
    }
    fields
}

fn sentence(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("{text} ")
    }
}

/// A piece of a word-level difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Added(String),
    Removed(String),
}

/// What changed from `old` to `new`, word by word (spaces stay with their words).
pub fn word_diff(old: &str, new: &str) -> Vec<Piece> {
    let diff = TextDiff::from_words(old, new);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value().to_owned();
        // Runs of one kind become one piece, so the page marks phrases, not single words.
        match (change.tag(), pieces.last_mut()) {
            (ChangeTag::Equal, Some(Piece::Same(run)))
            | (ChangeTag::Insert, Some(Piece::Added(run)))
            | (ChangeTag::Delete, Some(Piece::Removed(run))) => run.push_str(&text),
            (ChangeTag::Equal, _) => pieces.push(Piece::Same(text)),
            (ChangeTag::Insert, _) => pieces.push(Piece::Added(text)),
            (ChangeTag::Delete, _) => pieces.push(Piece::Removed(text)),
        }
    }
    pieces
}

/// A field that differs between two versions, with both texts and the difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub label: String,
    pub old: String,
    pub new: String,
    pub diff: Vec<Piece>,
}

/// The fields that differ from `old` to `new` (a field missing on one side is empty).
pub fn changed_fields(old: &[TextField], new: &[TextField]) -> Vec<FieldChange> {
    let mut labels: Vec<&str> = new.iter().map(|f| f.label.as_str()).collect();
    for field in old {
        if !labels.contains(&field.label.as_str()) {
            labels.push(&field.label);
        }
    }
    let text_of = |fields: &[TextField], label: &str| {
        fields
            .iter()
            .find(|f| f.label == label)
            .map_or(String::new(), |f| f.text.clone())
    };
    labels
        .into_iter()
        .filter_map(|label| {
            let (before, after) = (text_of(old, label), text_of(new, label));
            (before != after).then(|| FieldChange {
                label: label.to_owned(),
                diff: word_diff(&before, &after),
                old: before,
                new: after,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reaction::{PositionContent, Stance};

    #[test]
    fn a_word_level_difference_marks_the_changed_phrase_only() {
        assert_eq!(
            word_diff("Houd De Schakel open", "Houd De Schakel altijd open"),
            vec![
                Piece::Same("Houd De Schakel ".into()),
                Piece::Added("altijd ".into()),
                Piece::Same("open".into()),
            ]
        );
        assert_eq!(
            word_diff("een vast budget", "een budget"),
            vec![
                Piece::Same("een ".into()),
                Piece::Removed("vast ".into()),
                Piece::Same("budget".into()),
            ]
        );
    }

    #[test]
    fn only_fields_that_differ_are_listed_with_both_texts() {
        let old = ReactionContent {
            title: "Houd De Schakel open".into(),
            ..ReactionContent::default()
        };
        let new = ReactionContent {
            title: "Houd De Schakel open".into(),
            positions: vec![PositionContent {
                decision_point_id: Some("p2".into()),
                stance: Stance::Opposes,
                body: "Niet sluiten.".into(),
            }],
            ..ReactionContent::default()
        };
        let number = |id: &DecisionPointId| (id.as_str() == "p2").then_some(2);
        let changes = changed_fields(&text_fields(&old, number), &text_fields(&new, number));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].label, "Standpunt 1");
        assert_eq!(changes[0].old, "");
        assert_eq!(changes[0].new, "Tegen (beslispunt 2): Niet sluiten.");
    }
}
