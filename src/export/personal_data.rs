//! "Download mijn gegevens" (AVG art. 15 and 20): one JSON file of everything held about
//! an account, with a Dutch explanation of every part inside the file itself. Times are
//! UTC (`YYYY-MM-DDTHH:MM:SSZ`); states and roles are the stable codes the database keeps.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use crate::db::personal_data::PersonalData;
use crate::domain::account::device_label;
use crate::domain::reaction::canonical_time;

/// What the file says it is, so that a later format can be told apart.
pub const FORMAT: &str = "inspraak-mijn-gegevens-v1";

fn time(at: NaiveDateTime) -> String {
    canonical_time(at)
}

fn maybe_time(at: Option<NaiveDateTime>) -> Option<String> {
    at.map(canonical_time)
}

/// The file's explanation of each part, in the order of the file.
const ABOUT: &[(&str, &str)] = &[
    (
        "account",
        "Uw account: naam, e-mailadres, wanneer u het maakte en bevestigde, een nieuw of oud e-mailadres als u dat net wijzigde, en of tweestapsverificatie aan staat. Uw wachtwoord, de sleutel van uw app en uw herstelcodes bewaren wij alleen versleuteld; die staan hier niet in.",
    ),
    (
        "roles",
        "Uw rollen bij een gemeente, zoals griffie of raadslid.",
    ),
    (
        "districts",
        "De wijk waaruit u steunt, per gemeente (niet uw postcode).",
    ),
    (
        "organisations",
        "De organisaties waarvan u lid bent, met uw rol.",
    ),
    (
        "reactions",
        "Reacties die u schreef of indiende, ook concepten, met standpunten, scenario's en bijlagen (naam, grootte en controlegetal; de bestanden zelf downloadt u bij de reactie).",
    ),
    (
        "signatures",
        "Uw steunbetuigingen met uw e-mailadres: de naam die u liet zien, de wijk en of de steun bevestigd is.",
    ),
    (
        "organisation_signatures",
        "Steun die u gaf namens een organisatie.",
    ),
    ("posts", "Uw berichten in discussies."),
    (
        "flags",
        "Berichten die u meldde bij de moderator, met uw reden.",
    ),
    (
        "speaking_requests",
        "Uw verzoeken om in te spreken bij de commissie.",
    ),
    (
        "sessions",
        "Waar u nu bent ingelogd: het soort apparaat, wanneer u het laatst iets deed en hoe u inlogde (password: met wachtwoord, password_and_code: met wachtwoord en code, single_sign_on: via de gemeente).",
    ),
    (
        "mail",
        "E-mail die wij u stuurden of nog sturen: het soort, het onderwerp en wanneer. De tekst van verstuurde e-mail bewaren wij 7 dagen.",
    ),
];

pub fn document(data: &PersonalData, generated_at: NaiveDateTime) -> Value {
    let user = &data.user;
    json!({
        "format": FORMAT,
        "generated_at": time(generated_at),
        "about": ABOUT.iter().map(|(key, text)| (key.to_string(), json!(text))).collect::<serde_json::Map<_, _>>(),
        "account": {
            "id": user.id.as_str(),
            "display_name": user.display_name,
            "email": user.email,
            "email_verified_at": maybe_time(user.email_verified_at),
            "created_at": time(user.created_at),
            "is_admin": user.is_admin,
            "two_factor_enabled_at": maybe_time(user.totp_enabled_at),
            "recovery_codes_left": data.recovery_codes_left,
            "pending_email_change": data.pending_email.as_ref().map(|p| json!({
                "new_email": p.new_email,
                "requested_at": time(p.requested_at),
            })),
            "former_emails": data.former_addresses.iter().map(|f| json!({
                "email": f.old_email,
                "changed_at": time(f.changed_at),
            })).collect::<Vec<_>>(),
        },
        "roles": data.roles.iter().map(|(council, role)| json!({
            "council": council,
            "role": role.as_str(),
            "role_label": role.label(),
        })).collect::<Vec<_>>(),
        "districts": data.districts.iter().map(|(council, district)| json!({
            "council": council,
            "district": district,
        })).collect::<Vec<_>>(),
        "organisations": data.organisations.iter().map(|(id, name, role, joined)| json!({
            "id": id.as_str(),
            "name": name,
            "role": role.as_str(),
            "role_label": role.label(),
            "joined_at": time(*joined),
        })).collect::<Vec<_>>(),
        "reactions": data.reactions.iter().map(|held| {
            let r = &held.reaction;
            json!({
                "id": r.id.as_str(),
                "consultation": held.consultation,
                "organisation": held.organisation,
                "state": r.state.as_str(),
                "title": r.title,
                "introduction": r.introduction,
                "body_markdown": r.body_markdown,
                "publish_name": r.publish_name,
                "created_at": time(r.created_at),
                "submitted_at": maybe_time(r.submitted_at),
                "submitted_by_name": r.submitted_by_name,
                "submission_number": r.submission_number,
                "content_hash": r.content_hash,
                "withdrawn_at": maybe_time(r.withdrawn_at),
                "withdrawal_reason": r.withdrawal_reason,
                "positions": held.positions.iter().map(|p| json!({
                    "number": p.number,
                    "stance": p.stance.as_str(),
                    "body": p.body,
                })).collect::<Vec<_>>(),
                "scenarios": held.scenarios.iter().map(|s| json!({
                    "number": s.number,
                    "title": s.title,
                    "operator": s.operator.as_str(),
                    "request": s.request,
                    "yearly_cost_euros": s.yearly_cost_euros,
                    "cost_bearer": s.cost_bearer,
                    "conditions": s.conditions,
                    "body": s.body,
                })).collect::<Vec<_>>(),
                "attachments": held.attachments.iter().map(|a| json!({
                    "filename": a.filename,
                    "size": a.size,
                    "sha256": a.sha256,
                })).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
        "signatures": data.signatures.iter().map(|s| json!({
            "target_kind": s.target_kind.as_str(),
            "target_id": s.target_id.as_str(),
            "display_name": s.display_name,
            "email": s.email,
            "district": s.district,
            "state": s.state.as_str(),
            "created_at": time(s.created_at),
            "confirmed_at": maybe_time(s.confirmed_at),
            "withdrawn_at": maybe_time(s.withdrawn_at),
        })).collect::<Vec<_>>(),
        "organisation_signatures": data.organisation_signatures.iter().map(|(organisation, target, at)| json!({
            "organisation": organisation,
            "target_id": target.as_str(),
            "created_at": time(*at),
        })).collect::<Vec<_>>(),
        "posts": data.posts.iter().map(|p| json!({
            "id": p.id.as_str(),
            "subject_kind": p.subject_kind.as_str(),
            "subject_id": p.subject_id.as_str(),
            "author_name": p.author_name,
            "body": p.body,
            "state": p.state.as_str(),
            "created_at": time(p.created_at),
            "edited_at": maybe_time(p.edited_at),
            "moderation_reason": p.moderation_reason,
        })).collect::<Vec<_>>(),
        "flags": data.flags.iter().map(|(post, reason)| json!({
            "post_id": post.as_str(),
            "reason": reason,
        })).collect::<Vec<_>>(),
        "speaking_requests": data.speaking_requests.iter().map(|s| json!({
            "speaker_name": s.speaker_name,
            "on_behalf": s.on_behalf,
            "contact_email": s.contact_email,
            "written_text": s.written_text,
            "state": s.state.as_str(),
            "decision_reason": s.decision_reason,
            "created_at": time(s.created_at),
        })).collect::<Vec<_>>(),
        "sessions": data.sessions.iter().map(|s| json!({
            "device": device_label(&s.device),
            "logged_in_at": time(s.created_at),
            "last_used_at": time(s.last_used_at),
            "signed_in_with": s.signed_in_with.as_str(),
        })).collect::<Vec<_>>(),
        "mail": data.mail.iter().map(|m| json!({
            "kind": m.kind,
            "subject": m.subject,
            "status": m.status,
            "created_at": time(m.created_at),
            "sent_at": maybe_time(m.sent_at),
        })).collect::<Vec<_>>(),
    })
}
