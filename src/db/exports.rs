//! Everything an export needs, read in a fixed number of queries whatever the size of
//! the consultation, and the griffie's handling per reaction and the stored final exports.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    attachments, consultations, organisation_signatures, organisations, positions, posts,
    reaction_handling, reactions, scenarios, speaking_requests, stored_exports, support_counts,
    users,
};
use crate::domain::consultation::{ConsultationState, deadline_move_sentence};
use crate::domain::export::{
    AnswersExport, AttachmentExport, ConsultationExport, DecisionPointExport, Edition, Handling,
    HiddenPostExport, Level, PositionExport, ReactionExport, ScenarioExport, Sender,
    SpeakingExport, SupportExport,
};
use crate::domain::id::{ConsultationId, DecisionPointId, ReactionId, TargetId, UserId};
use crate::domain::reaction::{ReactionState, filed_name};
use crate::domain::signature::DistrictCount;
use crate::domain::speaking::RequestState;
use crate::domain::thread::PostState;

/// What an export is made for.
pub struct Request<'a> {
    pub consultation_id: &'a ConsultationId,
    pub level: Level,
    pub edition: Edition,
    /// The consultation's public page, for the document.
    pub url: &'a str,
    pub now: NaiveDateTime,
}

type ReactionRow = (
    ReactionId,
    Option<String>,
    String,
    String,
    String,
    String,
    bool,
    Option<NaiveDateTime>,
    Option<String>,
    Option<i32>,
    Option<String>,
    Option<NaiveDateTime>,
    Option<String>,
);

type SpeakingRow = (
    ReactionId,
    String,
    String,
    Option<DecisionPointId>,
    RequestState,
    Option<i32>,
    String,
);

/// The export of a consultation, or `None` if it does not exist.
pub fn consultation_export(
    conn: &mut DbConn,
    request: &Request<'_>,
) -> QueryResult<Option<ConsultationExport>> {
    let Some(listing) = super::consultations::find_consultation(conn, request.consultation_id)?
    else {
        return Ok(None);
    };
    let points = super::consultations::decision_points_of(conn, request.consultation_id)?;
    let point_number: HashMap<DecisionPointId, i32> =
        points.iter().map(|p| (p.id.clone(), p.number)).collect();
    let number_of =
        |id: &Option<DecisionPointId>| id.as_ref().and_then(|id| point_number.get(id).copied());

    let rows: Vec<ReactionRow> = reactions::table
        .left_join(organisations::table)
        .inner_join(users::table.on(users::id.eq(reactions::author_id)))
        .filter(reactions::consultation_id.eq(request.consultation_id))
        .filter(reactions::state.ne(ReactionState::Draft))
        .order(reactions::sequence.asc())
        .select((
            reactions::id,
            organisations::name.nullable(),
            users::display_name,
            reactions::title,
            reactions::introduction,
            reactions::body_markdown,
            reactions::publish_name,
            reactions::submitted_at,
            reactions::submission_number,
            reactions::sequence,
            reactions::content_hash,
            reactions::withdrawn_at,
            reactions::submitted_by_name,
        ))
        .load(conn)?;
    let ids: Vec<&ReactionId> = rows.iter().map(|r| &r.0).collect();

    let mut positions_of: HashMap<ReactionId, Vec<super::reactions::Position>> = HashMap::new();
    for position in positions::table
        .filter(positions::reaction_id.eq_any(&ids))
        .order(positions::number.asc())
        .select(super::reactions::Position::as_select())
        .load(conn)?
    {
        positions_of
            .entry(position.reaction_id.clone())
            .or_default()
            .push(position);
    }
    let mut scenarios_of: HashMap<ReactionId, Vec<super::reactions::Scenario>> = HashMap::new();
    for scenario in scenarios::table
        .filter(scenarios::reaction_id.eq_any(&ids))
        .order(scenarios::number.asc())
        .select(super::reactions::Scenario::as_select())
        .load(conn)?
    {
        scenarios_of
            .entry(scenario.reaction_id.clone())
            .or_default()
            .push(scenario);
    }
    let mut attachments_of: HashMap<ReactionId, Vec<AttachmentExport>> = HashMap::new();
    for (reaction_id, filename, size_bytes, sha256) in attachments::table
        .filter(attachments::reaction_id.eq_any(&ids))
        .order(attachments::created_at.asc())
        .select((
            attachments::reaction_id,
            attachments::filename,
            attachments::size,
            attachments::sha256,
        ))
        .load::<(ReactionId, String, i64, String)>(conn)?
    {
        attachments_of
            .entry(reaction_id)
            .or_default()
            .push(AttachmentExport {
                filename,
                size_bytes,
                sha256,
            });
    }
    let targets: Vec<TargetId> = positions_of
        .values()
        .flatten()
        .map(|p| TargetId::from(p.id.clone()))
        .chain(
            scenarios_of
                .values()
                .flatten()
                .map(|s| TargetId::from(s.id.clone())),
        )
        .collect();
    let (support, support_by_district) = support_of(conn, request.consultation_id, &targets)?;
    let handling: HashMap<ReactionId, (Option<Handling>, Option<String>)> =
        reaction_handling::table
            .filter(reaction_handling::reaction_id.eq_any(&ids))
            .select((
                reaction_handling::reaction_id,
                reaction_handling::handling,
                reaction_handling::agenda_item,
            ))
            .load::<(ReactionId, Option<Handling>, Option<String>)>(conn)?
            .into_iter()
            .map(|(id, handling, item)| (id, (handling, item)))
            .collect();

    let mut senders: HashMap<ReactionId, (Sender, String)> = HashMap::new();
    let mut reactions = Vec::with_capacity(rows.len());
    for (
        id,
        organisation,
        author,
        title,
        introduction,
        body_markdown,
        publish_name,
        submitted_at,
        number,
        sequence,
        content_hash,
        withdrawn_at,
        submitted_by_name,
    ) in rows
    {
        let sequence = sequence.unwrap_or_default();
        let author = filed_name(submitted_by_name.as_deref(), &author);
        let sender = Sender::of(organisation, author, publish_name, request.level, sequence);
        let submitted_by = sender.submitted_by(request.level, submitted_by_name);
        let number = number.unwrap_or_default();
        senders.insert(id.clone(), (sender.clone(), number.clone()));
        let empty = SupportExport::default();
        let support_for = |target: TargetId| support.get(&target).cloned().unwrap_or(empty.clone());
        let positions = positions_of
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .map(|p| PositionExport {
                number: p.number,
                decision_point: number_of(&p.decision_point_id),
                stance: p.stance,
                support: support_for(TargetId::from(p.id)),
                body: p.body,
            })
            .collect();
        let scenarios = scenarios_of
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .map(|s| ScenarioExport {
                number: s.number,
                decision_point: number_of(&s.decision_point_id),
                operator: s.operator,
                support: support_for(TargetId::from(s.id)),
                title: s.title,
                request: s.request,
                yearly_cost_euros: s.yearly_cost_euros,
                cost_bearer: s.cost_bearer,
                conditions: s.conditions,
                body: s.body,
            })
            .collect();
        let (handling, agenda_item) = handling.get(&id).cloned().unwrap_or_default();
        reactions.push(ReactionExport {
            id: id.clone(),
            sequence,
            number,
            submitted_at: submitted_at.unwrap_or(request.now),
            sender,
            submitted_by,
            title,
            introduction,
            body_markdown,
            content_hash: content_hash.unwrap_or_default(),
            withdrawn_at,
            positions,
            scenarios,
            attachments: attachments_of.remove(&id).unwrap_or_default(),
            handling,
            agenda_item,
        });
    }

    let speaking_requests = speaking_requests::table
        .filter(speaking_requests::consultation_id.eq(request.consultation_id))
        .order(speaking_requests::created_at.asc())
        .select((
            speaking_requests::reaction_id,
            speaking_requests::speaker_name,
            speaking_requests::on_behalf,
            speaking_requests::decision_point_id,
            speaking_requests::state,
            speaking_requests::announced_minutes,
            speaking_requests::written_text,
        ))
        .load::<SpeakingRow>(conn)?
        .into_iter()
        .filter_map(
            |(reaction, speaker, on_behalf, point, state, minutes, written)| {
                let (sender, number) = senders.get(&reaction)?;
                let full = request.level == Level::Full;
                Some(SpeakingExport {
                    reaction_number: number.clone(),
                    speaker: sender.speaker(request.level, speaker),
                    on_behalf: sender.on_behalf(request.level, on_behalf),
                    decision_point: number_of(&point),
                    state: state.label().to_owned(),
                    minutes: (state == RequestState::Accepted)
                        .then_some(minutes)
                        .flatten(),
                    written_contribution: (full && !written.trim().is_empty()).then_some(written),
                })
            },
        )
        .collect();

    let hidden_posts = posts::table
        .filter(posts::consultation_id.eq(request.consultation_id))
        .filter(posts::state.eq(PostState::Hidden))
        .order(posts::moderated_at.asc())
        .select((
            posts::moderated_at,
            posts::moderation_rule,
            posts::moderation_reason,
        ))
        .load::<(Option<NaiveDateTime>, Option<String>, Option<String>)>(conn)?
        .into_iter()
        .map(|(at, rule, reason)| HiddenPostExport {
            hidden_at: at.unwrap_or(request.now),
            rule,
            reason: reason.unwrap_or_default(),
        })
        .collect();

    let consultation = listing.consultation;
    let answers = match super::answers::published(conn, request.consultation_id, None)? {
        Some(note) => Some(AnswersExport {
            note,
            outcomes: super::answers::outcomes(conn, request.consultation_id)?,
        }),
        None => None,
    };
    Ok(Some(ConsultationExport {
        level: request.level,
        edition: request.edition,
        generated_at: request.now,
        council: listing.council.name,
        committee: listing.committee.name,
        title: consultation.title,
        summary: consultation.summary,
        policy_version: consultation.policy_version,
        document_url: consultation.document_url,
        meeting_at: consultation.meeting_at,
        deadline_at: consultation.deadline_at,
        deadline_moves: super::consultations::deadline_moves_of(conn, request.consultation_id)?
            .into_iter()
            .map(|m| {
                deadline_move_sentence(m.previous_deadline_at, m.new_deadline_at, m.changed_at)
            })
            .collect(),
        url: request.url.to_owned(),
        decision_points: points
            .into_iter()
            .map(|p| DecisionPointExport {
                number: p.number,
                title: p.title,
                body: p.body,
            })
            .collect(),
        reactions,
        speaking_requests,
        hidden_posts,
        support_by_district,
        answers,
    }))
}

/// Support per target, and the totals per wijk over all targets.
type Support = (
    HashMap<TargetId, SupportExport>,
    Vec<(String, DistrictCount)>,
);

/// Confirmed support per target of a consultation: per wijk (small counts hidden) and
/// the organisations that co-signed.
fn support_of(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    targets: &[TargetId],
) -> QueryResult<Support> {
    let counts: Vec<(TargetId, String, Option<i64>)> = support_counts::table
        .filter(support_counts::target_id.eq_any(targets))
        .group_by((support_counts::target_id, support_counts::district))
        .select((
            support_counts::target_id,
            support_counts::district,
            diesel::dsl::sum(support_counts::confirmed),
        ))
        .order((support_counts::target_id, support_counts::district))
        .load(conn)?;
    let mut support: HashMap<TargetId, SupportExport> = HashMap::new();
    let mut by_district: std::collections::BTreeMap<String, i64> = Default::default();
    for (target, district, count) in counts {
        let count = count.unwrap_or(0);
        if count <= 0 {
            continue;
        }
        *by_district.entry(district.clone()).or_default() += count;
        let entry = support.entry(target).or_default();
        entry.total += count;
        entry.by_district.push((district, DistrictCount::of(count)));
    }
    for (target, name) in organisation_signatures::table
        .inner_join(organisations::table)
        .filter(organisation_signatures::consultation_id.eq(consultation_id))
        .order(organisations::name.asc())
        .select((organisation_signatures::target_id, organisations::name))
        .load::<(TargetId, String)>(conn)?
    {
        support.entry(target).or_default().organisations.push(name);
    }
    let by_district = by_district
        .into_iter()
        .map(|(district, count)| (district, DistrictCount::of(count)))
        .collect();
    Ok((support, by_district))
}

/// The PDF attachments of an export: `(sha256, content)`.
pub type AttachmentFiles = Vec<(String, Vec<u8>)>;

/// An export with, when the file takes them in, the attachments' contents.
pub fn load_for_file(
    conn: &mut DbConn,
    request: &Request<'_>,
    with_attachments: bool,
) -> QueryResult<Option<(ConsultationExport, AttachmentFiles)>> {
    let Some(export) = consultation_export(conn, request)? else {
        return Ok(None);
    };
    let attachments = if with_attachments {
        attachment_files(conn, request.consultation_id)?
    } else {
        Vec::new()
    };
    Ok(Some((export, attachments)))
}

/// The PDF attachments of a consultation's submitted reactions: `(sha256, content)`.
pub fn attachment_files(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<AttachmentFiles> {
    attachments::table
        .inner_join(reactions::table)
        .filter(reactions::consultation_id.eq(consultation_id))
        .filter(reactions::state.ne(ReactionState::Draft))
        .order(attachments::created_at.asc())
        .select((attachments::sha256, attachments::content))
        .load(conn)
}

/// Sets what the clerk proposes for a reaction and its agenda item.
pub fn set_handling(
    conn: &mut DbConn,
    reaction_id: &ReactionId,
    handling: Option<Handling>,
    agenda_item: Option<&str>,
    clerk: &UserId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(reaction_handling::table.find(reaction_id)).execute(conn)?;
    diesel::insert_into(reaction_handling::table)
        .values((
            reaction_handling::reaction_id.eq(reaction_id),
            reaction_handling::handling.eq(handling),
            reaction_handling::agenda_item.eq(agenda_item),
            reaction_handling::updated_by.eq(clerk),
            reaction_handling::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Names everything a final file shows that may still change after closing: the
/// consultation's details (nota version), the clerk's handling and agenda items, the
/// speakers and their written contributions, posts hidden by moderators, the published
/// nota and the decisions, and the address printed in the file. Frozen submissions are
/// not read: they cannot change. Two files with the same fingerprint show the same.
pub fn fingerprint(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    url: &str,
) -> QueryResult<String> {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    let mut add = |part: &str| {
        hash.update(part.as_bytes());
        hash.update([0]);
    };
    add(url);
    let (version, updated_at, state): (String, NaiveDateTime, ConsultationState) =
        consultations::table
            .find(consultation_id)
            .select((
                consultations::policy_version,
                consultations::updated_at,
                consultations::state,
            ))
            .first(conn)?;
    add(&version);
    add(&updated_at.to_string());
    add(state.as_str());
    let handling: Vec<(ReactionId, Option<Handling>, Option<String>)> = reaction_handling::table
        .inner_join(reactions::table)
        .filter(reactions::consultation_id.eq(consultation_id))
        .order(reaction_handling::reaction_id.asc())
        .select((
            reaction_handling::reaction_id,
            reaction_handling::handling,
            reaction_handling::agenda_item,
        ))
        .load(conn)?;
    for (reaction, handling, item) in &handling {
        add(reaction.as_str());
        add(handling.map_or("-", Handling::as_str));
        add(item.as_deref().unwrap_or("-"));
    }
    for request in super::speaking::requests_of_consultation(conn, consultation_id)? {
        add(request.id.as_str());
        add(request.state.as_str());
        add(&request.speaker_name);
        add(&request.on_behalf);
        add(request
            .decision_point_id
            .as_ref()
            .map_or("-", |id| id.as_str()));
        add(&request.written_text);
        add(&request.announced_minutes.unwrap_or(-1).to_string());
    }
    let hidden: Vec<Option<NaiveDateTime>> = posts::table
        .filter(posts::consultation_id.eq(consultation_id))
        .filter(posts::state.eq(PostState::Hidden))
        .order(posts::id.asc())
        .select(posts::moderated_at)
        .load(conn)?;
    for at in hidden {
        add(&at.map(|t| t.to_string()).unwrap_or_default());
    }
    add(&super::answers::stamp(conn, consultation_id)?);
    Ok(hex::encode(&hash.finalize()[..8]))
}

/// A final export stored earlier: `(content, sha256)`.
pub fn stored(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    format: &str,
    level: Level,
) -> QueryResult<Option<(Vec<u8>, String)>> {
    stored_exports::table
        .find((consultation_id, format, level))
        .select((stored_exports::content, stored_exports::sha256))
        .first(conn)
        .optional()
}

/// Stores a final export under `format` (see [`crate::domain::export::stored_key`]) and
/// removes the versions of the same file it replaces; a second process that made the
/// same version keeps the first.
pub fn store(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    format: &str,
    level: Level,
    content: &[u8],
    sha256: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let file = format.split('#').next().unwrap_or(format);
    diesel::delete(
        stored_exports::table
            .filter(stored_exports::consultation_id.eq(consultation_id))
            .filter(stored_exports::level.eq(level))
            .filter(stored_exports::format.like(format!("{file}#%")))
            .filter(stored_exports::format.ne(format)),
    )
    .execute(conn)?;
    let values = (
        stored_exports::consultation_id.eq(consultation_id),
        stored_exports::format.eq(format),
        stored_exports::level.eq(level),
        stored_exports::content.eq(content),
        stored_exports::sha256.eq(sha256),
        stored_exports::created_at.eq(now),
    );
    super::insert_unless_present!(conn, stored_exports::table, values)?;
    Ok(())
}

/// A submitted reaction as the clerk's list of incoming documents shows it.
pub struct HandlingListing {
    pub reaction_id: ReactionId,
    pub number: String,
    pub submitted_at: Option<NaiveDateTime>,
    /// The organisation, or the resident's name (the clerk sees it).
    pub sender: String,
    pub title: String,
    pub withdrawn: bool,
    pub handling: Option<Handling>,
    pub agenda_item: Option<String>,
}

type HandlingRow = (
    ReactionId,
    Option<String>,
    Option<NaiveDateTime>,
    Option<String>,
    String,
    String,
    ReactionState,
    Option<Handling>,
    Option<String>,
    Option<String>,
);

pub fn handling_of(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<HandlingListing>> {
    let rows: Vec<HandlingRow> = reactions::table
        .left_join(organisations::table)
        .inner_join(users::table.on(users::id.eq(reactions::author_id)))
        .left_join(reaction_handling::table)
        .filter(reactions::consultation_id.eq(consultation_id))
        .filter(reactions::state.ne(ReactionState::Draft))
        .order(reactions::sequence.asc())
        .select((
            reactions::id,
            reactions::submission_number,
            reactions::submitted_at,
            organisations::name.nullable(),
            users::display_name,
            reactions::title,
            reactions::state,
            reaction_handling::handling.nullable(),
            reaction_handling::agenda_item.nullable(),
            reactions::submitted_by_name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                number,
                submitted_at,
                organisation,
                author,
                title,
                state,
                handling,
                item,
                filed,
            )| {
                HandlingListing {
                    reaction_id: id,
                    number: number.unwrap_or_default(),
                    submitted_at,
                    sender: organisation
                        .unwrap_or_else(|| filed_name(filed.as_deref(), &author).to_owned()),
                    title,
                    withdrawn: state == ReactionState::Withdrawn,
                    handling,
                    agenda_item: item,
                }
            },
        )
        .collect())
}
