//! The export as JSON for other systems: everything in the model, with stable codes
//! next to the Dutch labels, times in UTC, and a published JSON Schema.

use serde_json::{Value, json};

use crate::domain::export::{
    AnswersExport, ConsultationExport, PositionExport, ReactionExport, SCHEMA_VERSION,
    ScenarioExport, Sender, SpeakingExport, SupportExport,
};
use crate::domain::reaction::canonical_time;
use crate::domain::signature::DistrictCount;

/// The JSON Schema (draft 2020-12) of [`document`], served at [`SCHEMA_PATH`].
pub const SCHEMA: &str = include_str!("schema-v1.json");

/// Where the application serves [`SCHEMA`]; every document points there.
pub const SCHEMA_PATH: &str = "/export/schema/v1.json";

/// The whole export as a JSON value.
pub fn document(export: &ConsultationExport) -> Value {
    let mut document = json!({
        "$schema": SCHEMA_PATH,
        "schema": SCHEMA_VERSION,
        "level": export.level.as_str(),
        "level_label": export.level.label(),
        "edition": export.edition.as_str(),
        "edition_label": export.edition.label(),
        "generated_at": canonical_time(export.generated_at),
        "consultation": {
            "council": export.council,
            "committee": export.committee,
            "title": export.title,
            "summary": export.summary,
            "policy_version": export.policy_version,
            "document_url": export.document_url,
            "meeting_at": canonical_time(export.meeting_at),
            "deadline_at": canonical_time(export.deadline_at),
            "url": export.url,
        },
        "decision_points": export.decision_points.iter().map(|p| json!({
            "number": p.number,
            "title": p.title,
            "body": p.body,
        })).collect::<Vec<_>>(),
        "summaries": export.point_summaries().iter().map(|s| json!({
            "decision_point": s.decision_point,
            "supports": s.supports,
            "opposes": s.opposes,
            "amends": s.amends,
            "scenarios": s.scenarios,
            "co_signatures": s.co_signatures,
        })).collect::<Vec<_>>(),
        "reactions": export.reactions.iter().map(reaction).collect::<Vec<_>>(),
        "speaking_requests": export.speaking_requests.iter().map(speaking_request).collect::<Vec<_>>(),
        "hidden_posts": export.hidden_posts.iter().map(|h| json!({
            "hidden_at": canonical_time(h.hidden_at),
            "rule": h.rule,
            "reason": h.reason,
        })).collect::<Vec<_>>(),
    });
    if let Some(answers) = &export.answers {
        document["answers"] = self::answers(answers);
    }
    if let Some(notice) = export.level.notice() {
        document["notice"] = json!(notice);
    }
    document
}

/// The nota van beantwoording: reactions by their numbers, never a resident's name.
fn answers(answers: &AnswersExport) -> Value {
    let note = &answers.note;
    json!({
        "version": note.version,
        "published_at": note.published_at.map(canonical_time),
        "procedure": note.procedure,
        "answers": note.groups.iter().map(|g| json!({
            "number": g.number,
            "reactions": g.reactions.iter().map(|r| json!({
                "indiener": r.sequence,
                "number": r.number,
                "organisation": r.organisation,
                "withdrawn": r.withdrawn,
            })).collect::<Vec<_>>(),
            "summary": g.summary,
            "reply": g.reply,
            "conclusion": g.conclusion.as_str(),
            "conclusion_label": g.conclusion.label(),
        })).collect::<Vec<_>>(),
        "changes": note.changes.iter().map(|c| json!({
            "decision_point": c.number,
            "change": (!c.change.is_empty()).then_some(&c.change),
        })).collect::<Vec<_>>(),
        "outcomes": answers.outcomes.iter().map(|o| json!({
            "decision_point": o.number,
            "outcome": o.outcome.as_str(),
            "outcome_label": o.outcome.label(),
            "decision_url": o.decision_url,
            "explanation": o.explanation,
            "recorded_at": canonical_time(o.recorded_at),
        })).collect::<Vec<_>>(),
    })
}

/// [`document`] as indented UTF-8, as offered for download.
pub fn pretty(export: &ConsultationExport) -> Vec<u8> {
    serde_json::to_vec_pretty(&document(export)).expect("a JSON value serialises")
}

fn speaking_request(request: &SpeakingExport) -> Value {
    let mut value = json!({
        "reaction_number": request.reaction_number,
        "speaker": request.speaker,
        "on_behalf": request.on_behalf,
        "decision_point": request.decision_point,
        "state": request.state,
        "minutes": request.minutes,
    });
    if let Some(text) = &request.written_contribution {
        value["written_contribution"] = json!(text);
    }
    value
}

fn reaction(reaction: &ReactionExport) -> Value {
    let mut value = json!({
        "sequence": reaction.sequence,
        "number": reaction.number,
        "submitted_at": canonical_time(reaction.submitted_at),
        "sender": sender(&reaction.sender),
        "title": reaction.title,
        "introduction": reaction.introduction,
        "body_markdown": reaction.body_markdown,
        "content_hash": reaction.content_hash,
        "withdrawn": reaction.withdrawn_at.is_some(),
        "withdrawn_at": reaction.withdrawn_at.map(canonical_time),
        "co_signatures": reaction.co_signatures(),
        "positions": reaction.positions.iter().map(position).collect::<Vec<_>>(),
        "scenarios": reaction.scenarios.iter().map(scenario).collect::<Vec<_>>(),
        "attachments": reaction.attachments.iter().map(|a| json!({
            "filename": a.filename,
            "size_bytes": a.size_bytes,
            "sha256": a.sha256,
        })).collect::<Vec<_>>(),
        "handling": reaction.handling.map(|h| h.as_str()),
        "handling_label": reaction.handling.map(|h| h.label()),
        "agenda_item": reaction.agenda_item,
    });
    if let Some(by) = &reaction.submitted_by {
        value["submitted_by"] = json!(by);
    }
    value
}

fn sender(sender: &Sender) -> Value {
    match sender {
        Sender::Organisation { name } => json!({
            "kind": "organisation",
            "kind_label": sender.kind_label(),
            "label": sender.label(),
            "name": name,
        }),
        Sender::Resident { name, index } => json!({
            "kind": "resident",
            "kind_label": sender.kind_label(),
            "label": sender.label(),
            "name": name,
            "index": index,
        }),
    }
}

fn position(position: &PositionExport) -> Value {
    json!({
        "number": position.number,
        "decision_point": position.decision_point,
        "stance": position.stance.as_str(),
        "stance_label": position.stance.label(),
        "body": position.body,
        "support": support(&position.support),
    })
}

fn scenario(scenario: &ScenarioExport) -> Value {
    json!({
        "number": scenario.number,
        "decision_point": scenario.decision_point,
        "title": scenario.title,
        "operator": scenario.operator.as_str(),
        "operator_label": scenario.operator.label(),
        "request": scenario.request,
        "yearly_cost_euros": scenario.yearly_cost_euros,
        "cost_bearer": scenario.cost_bearer,
        "conditions": scenario.conditions,
        "body": scenario.body,
        "support": support(&scenario.support),
    })
}

/// Small counts are `null` with their label, so nobody can read them as a number.
fn support(support: &SupportExport) -> Value {
    json!({
        "total": support.total,
        "by_district": support.by_district.iter().map(|(district, count)| match count {
            DistrictCount::Exact(n) => json!({ "district": district, "count": n }),
            DistrictCount::FewerThanFive => json!({
                "district": district,
                "count": null,
                "label": count.label(),
            }),
        }).collect::<Vec<_>>(),
        "organisations": support.organisations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::export::{Level, PERSONAL_DATA_NOTICE};
    use crate::export::sample::sample;

    /// Edits a valid document into one the schema must refuse.
    type Change = fn(&mut Value);

    fn validator() -> jsonschema::Validator {
        let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
        jsonschema::draft202012::meta::validate(&schema).expect("a valid 2020-12 schema");
        jsonschema::draft202012::new(&schema).expect("the schema compiles")
    }

    fn errors(validator: &jsonschema::Validator, document: &Value) -> Vec<String> {
        validator
            .iter_errors(document)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    #[test]
    fn documents_match_the_schema() {
        let validator = validator();
        for level in [Level::Public, Level::Full] {
            let document = document(&sample(20, level));
            assert_eq!(errors(&validator, &document), Vec::<String>::new());
        }
        let mut interim = sample(3, Level::Public);
        interim.edition = crate::domain::export::Edition::Interim;
        interim.document_url = None;
        interim.reactions[0].handling = None;
        interim.reactions[0].scenarios.push(ScenarioExport {
            yearly_cost_euros: None,
            ..sample(2, Level::Public).reactions[1].scenarios[0].clone()
        });
        interim.speaking_requests[0].minutes = None;
        interim.speaking_requests[0].decision_point = None;
        interim.hidden_posts[0].rule = None;
        assert_eq!(
            errors(&validator, &document(&interim)),
            Vec::<String>::new()
        );
    }

    #[test]
    fn the_schema_catches_breaking_changes() {
        let validator = validator();
        let valid = document(&sample(4, Level::Public));
        let breaks: [(&str, Change); 7] = [
            ("a notice in the public version", |d| {
                d["notice"] = json!(PERSONAL_DATA_NOTICE);
            }),
            ("a required field removed", |d| {
                d["reactions"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("submitted_at");
            }),
            ("an unknown field", |d| {
                d["consultation"]["extra"] = json!(1)
            }),
            ("a local time", |d| {
                d["generated_at"] = json!("2026-11-25T13:00:00+01:00");
            }),
            ("a label instead of a code", |d| {
                d["reactions"][0]["positions"][0]["stance"] = json!("Voor");
            }),
            ("a small count as a number", |d| {
                let small = d["reactions"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .flat_map(|r| r["positions"].as_array_mut().unwrap().iter_mut())
                    .flat_map(|p| {
                        p["support"]["by_district"]
                            .as_array_mut()
                            .unwrap()
                            .iter_mut()
                    })
                    .find(|c| c["count"].is_null())
                    .unwrap();
                small["count"] = json!(3);
            }),
            ("another schema version", |d| {
                d["schema"] = json!("inspraak-export-v2");
            }),
        ];
        for (what, change) in breaks {
            let mut broken = valid.clone();
            change(&mut broken);
            assert!(!validator.is_valid(&broken), "{what}");
        }
    }

    #[test]
    fn only_the_full_version_carries_the_notice() {
        let validator = validator();
        let full = document(&sample(3, Level::Full));
        assert_eq!(full["notice"], PERSONAL_DATA_NOTICE);
        let mut without = full.clone();
        without.as_object_mut().unwrap().remove("notice");
        assert!(!validator.is_valid(&without), "the schema requires it");
        let public = document(&sample(3, Level::Public));
        assert!(public.get("notice").is_none());
    }

    #[test]
    fn codes_labels_times_and_small_counts() {
        let document = document(&sample(10, Level::Public));
        assert_eq!(document["$schema"], SCHEMA_PATH);
        assert_eq!(document["schema"], SCHEMA_VERSION);
        assert_eq!(document["level"], "public");
        assert_eq!(document["edition_label"], "Definitief");
        assert_eq!(document["generated_at"], "2026-11-25T12:00:00Z");
        let first = &document["reactions"][0];
        assert_eq!(first["submitted_at"], "2026-11-10T09:07:00Z");
        assert_eq!(first["positions"][0]["stance"], "supports");
        assert_eq!(first["positions"][0]["stance_label"], "Voor");
        assert_eq!(first["handling"], "to_the_executive");
        assert_eq!(
            first["positions"][1]["body"],
            "=Geef bewonersbeheer een eerlijke kans met een vast budget.",
            "JSON is data, not a spreadsheet: text is left as written"
        );
        let withdrawn = &document["reactions"][9];
        assert_eq!(withdrawn["withdrawn"], true);
        assert_eq!(withdrawn["withdrawn_at"], "2026-11-12T14:00:00Z");
        assert_eq!(document["reactions"][2]["sender"]["label"], "indiener 3");
        assert_eq!(document["reactions"][2]["sender"]["name"], Value::Null);
        let counts: Vec<&Value> = document["reactions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["positions"].as_array().unwrap())
            .flat_map(|p| p["support"]["by_district"].as_array().unwrap())
            .collect();
        assert!(
            counts
                .iter()
                .any(|c| c["count"].is_null() && c["label"] == "minder dan 5")
        );
        assert!(
            counts
                .iter()
                .all(|c| c["count"].is_null() || c["count"].as_i64() >= Some(5))
        );
    }

    #[test]
    fn five_hundred_reactions_make_a_document() {
        let bytes = pretty(&sample(500, Level::Full));
        let parsed: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(parsed["reactions"].as_array().map(Vec::len), Some(500));
    }
}
