//! Who hears what, written into the outbox inside the transaction of the event itself.

use chrono::{Duration, NaiveDateTime};
use diesel::QueryResult;

use super::templates::{self, ClosingCounts, ConsultationRef, MailContent, SpeakingNews};
use crate::db::consultations::{self, ConsultationListing};
use crate::db::outbox::{self, NewMail, OutboxMail};
use crate::db::reactions::{self, Reaction};
use crate::db::speaking::{self, SpeakingRequest};
use crate::db::{DbConn, answers, notifications, threads};
use crate::domain::answer::AnswerNote;
use crate::domain::consultation::EventKind;
use crate::domain::id::{
    CommitteeMemberId, ConsultationId, CouncilId, InvitationId, PostId, ReactionId, SignatureId,
    SpeakingRequestId, UserId,
};
use crate::domain::mail::{digest_key, digest_sender, moderation_alert_gap};
use crate::domain::security::{sign, signed_link};
use crate::domain::speaking::{RequestState, SpeakingRules};
use crate::domain::thread::{ModerationAction, PostState};
use crate::domain::words::plural;
use crate::paths;

/// What mail needs from the configuration: where links point and how to sign them.
#[derive(Clone)]
pub struct MailContext {
    pub base_url: String,
    pub secret_key: Vec<u8>,
    pub message_domain: String,
}

const UNSUBSCRIBE: &str = "unsubscribe";

impl MailContext {
    /// An address as it may stand in a dedupe key (kept longer than the address itself):
    /// keyed, so the outbox holds no address after its text is forgotten.
    fn address_key(&self, address: &str) -> String {
        sign(&self.secret_key, "mail-dedupe", &address.to_lowercase())[..32].to_owned()
    }

    /// `path` on this site, for a link in a mail.
    fn url(&self, path: &str) -> String {
        paths::absolute(&self.base_url, path)
    }

    fn consultation_url(&self, id: &ConsultationId) -> String {
        self.url(&paths::consultation(id))
    }

    /// A link that unsubscribes one committee member; signed, so nobody can guess another's.
    pub fn unsubscribe_url(&self, member_id: &CommitteeMemberId) -> String {
        self.url(&unsubscribe_path(&self.secret_key, member_id))
    }

    fn enqueue(&self, conn: &mut DbConn, mail: NewMail, now: NaiveDateTime) -> QueryResult<bool> {
        outbox::enqueue(conn, &mail, &self.message_domain, now)
    }
}

/// A mail that must go out once, whatever retries or other processes do.
fn mail(
    kind: &'static str,
    recipient: &str,
    content: MailContent,
    list_unsubscribe: Option<String>,
    dedupe_key: String,
) -> NewMail {
    NewMail {
        kind,
        recipient: recipient.to_owned(),
        subject: content.subject,
        body_text: content.text,
        body_html: content.html,
        list_unsubscribe,
        dedupe_key: Some(dedupe_key),
        template: None,
    }
}

/// The path of a member's unsubscribe link.
pub fn unsubscribe_path(secret_key: &[u8], member_id: &CommitteeMemberId) -> String {
    paths::unsubscribe(
        member_id,
        &sign(secret_key, UNSUBSCRIBE, member_id.as_str()),
    )
}

pub fn verify_unsubscribe(
    secret_key: &[u8],
    member_id: &CommitteeMemberId,
    signature: &str,
) -> bool {
    crate::domain::security::verify(secret_key, UNSUBSCRIBE, member_id.as_str(), signature)
}

fn reference<'a>(listing: &'a ConsultationListing, url: &'a str) -> ConsultationRef<'a> {
    ConsultationRef {
        title: &listing.consultation.title,
        committee: &listing.committee.name,
        council: &listing.council.name,
        url,
        deadline_at: listing.consultation.deadline_at,
        meeting_at: listing.consultation.meeting_at,
    }
}

/// The path of an invitation link: the invitation's id, signed, so it cannot be guessed.
pub fn invitation_path(secret_key: &[u8], invitation_id: &InvitationId) -> String {
    paths::invitation(
        invitation_id,
        &sign(secret_key, INVITATION, invitation_id.as_str()),
    )
}

pub fn verify_invitation(secret_key: &[u8], invitation_id: &InvitationId, signature: &str) -> bool {
    crate::domain::security::verify(secret_key, INVITATION, invitation_id.as_str(), signature)
}

const INVITATION: &str = "invitation";

/// Someone was invited to an organisation: they get the signed link by mail.
pub struct InvitationMail<'a> {
    pub invitation_id: &'a InvitationId,
    pub email: &'a str,
    pub organisation: &'a str,
    pub invited_by: &'a str,
    pub role_label: &'a str,
    pub expires_at: NaiveDateTime,
}

pub fn organisation_invitation(
    conn: &mut DbConn,
    ctx: &MailContext,
    invitation: &InvitationMail<'_>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let url = ctx.url(&invitation_path(&ctx.secret_key, invitation.invitation_id));
    let content = templates::organisation_invitation(
        invitation.organisation,
        invitation.invited_by,
        &invitation.role_label.to_lowercase(),
        &url,
        invitation.expires_at,
    );
    let key = format!("invitation:{}", invitation.invitation_id);
    ctx.enqueue(
        conn,
        mail(
            "organisation_invitation",
            invitation.email,
            content,
            None,
            key,
        ),
        now,
    )?;
    Ok(())
}

/// A consultation was opened: the griffie hears at once, members in their digest.
pub fn consultation_opened(
    conn: &mut DbConn,
    ctx: &MailContext,
    listing: &ConsultationListing,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let id = &listing.consultation.id;
    notifications::record_event(conn, id, EventKind::Opened, now)?;
    let url = ctx.consultation_url(id);
    let content = templates::consultation_opened(&reference(listing, &url));
    ctx.enqueue(
        conn,
        mail(
            "consultation_opened",
            &listing.committee.clerk_email,
            content,
            None,
            format!("opened:{id}"),
        ),
        now,
    )?;
    Ok(())
}

/// An open consultation's details changed: members read it in their digest.
pub fn consultation_updated(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    notifications::record_event(conn, consultation_id, EventKind::Updated, now)
}

/// An open round's deadline moved forward: everyone writing a draft for it hears at once,
/// once per move (a person in two organisations with drafts gets one mail).
pub fn deadline_shortened(
    conn: &mut DbConn,
    ctx: &MailContext,
    consultation_id: &ConsultationId,
    move_id: &str,
    previous: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some(listing) = consultations::find_consultation(conn, consultation_id)? else {
        return Ok(());
    };
    let url = ctx.consultation_url(consultation_id);
    for draft in reactions::drafts_of(conn, consultation_id)? {
        let edit_url = ctx.url(&paths::reaction_edit(&draft.id));
        let content = templates::deadline_shortened(
            &reference(&listing, &url),
            previous,
            &draft.title,
            &edit_url,
        );
        for (user_id, email) in reactions::writers(conn, &draft)? {
            ctx.enqueue(
                conn,
                mail(
                    "deadline_shortened",
                    &email,
                    content.clone(),
                    None,
                    format!("deadline-shortened:{move_id}:{user_id}"),
                ),
                now,
            )?;
        }
    }
    Ok(())
}

/// A consultation closed at its deadline: the griffie and the committee's members hear
/// how many reactions came in (members with their unsubscribe link; their digest mark
/// moves on, as the closing mail says it all).
pub fn consultation_closed(
    conn: &mut DbConn,
    ctx: &MailContext,
    listing: &ConsultationListing,
    counts: ClosingCounts,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let id = &listing.consultation.id;
    let url = ctx.consultation_url(id);
    let reference = reference(listing, &url);
    let content = templates::consultation_closed(&reference, counts, None);
    ctx.enqueue(
        conn,
        mail(
            "consultation_closed",
            &listing.committee.clerk_email,
            content,
            None,
            format!("closed:{id}"),
        ),
        now,
    )?;
    for member in notifications::subscribed_members(conn, &listing.committee.id)? {
        let unsubscribe = ctx.unsubscribe_url(&member.id);
        let content = templates::consultation_closed(&reference, counts, Some(&unsubscribe));
        let key = format!("closed:{id}:{}", member.id);
        ctx.enqueue(
            conn,
            mail(
                "member_closing",
                &member.email,
                content,
                Some(unsubscribe),
                key,
            ),
            now,
        )?;
        notifications::set_digest_mark(conn, &member.id, id, now)?;
    }
    Ok(())
}

/// Who a reaction is from, as the griffie and the receipt say it.
pub fn submitted_for(organisation: Option<&str>, submitted_by_name: &str) -> String {
    match organisation {
        Some(organisation) => format!("{organisation} (namens het bestuur: {submitted_by_name})"),
        None => submitted_by_name.to_owned(),
    }
}

/// A reaction was submitted: a receipt to each of `recipients` (the organisation's
/// members, or the resident), a mail to the griffie, and an event for the digest.
pub fn reaction_submitted(
    conn: &mut DbConn,
    ctx: &MailContext,
    listing: &ConsultationListing,
    reaction: &Reaction,
    organisation: Option<&str>,
    recipients: &[(UserId, String)],
    now: NaiveDateTime,
) -> QueryResult<()> {
    notifications::record_event_about(
        conn,
        &listing.consultation.id,
        EventKind::ReactionSubmitted,
        Some(&reaction.id),
        now,
    )?;
    let number = reaction.submission_number.clone().unwrap_or_default();
    let by = submitted_for(
        organisation,
        reaction.submitted_by_name.as_deref().unwrap_or_default(),
    );
    let receipt_url = ctx.url(&paths::reaction_receipt(&reaction.id));
    let verify_url = ctx.url(&paths::reaction_check(&reaction.id));
    let reference = templates::ReceiptRef {
        number: &number,
        title: &reaction.title,
        consultation: &listing.consultation.title,
        submitted_for: &by,
        submitted_at: reaction.submitted_at.unwrap_or(now),
        hash: reaction.content_hash.as_deref().unwrap_or_default(),
        receipt_url: &receipt_url,
        verify_url: &verify_url,
    };
    for (user_id, email) in recipients {
        let key = format!("receipt:{}:{user_id}", reaction.id);
        ctx.enqueue(
            conn,
            mail(
                "reaction_receipt",
                email,
                templates::receipt(&reference),
                None,
                key,
            ),
            now,
        )?;
    }
    let reaction_url = ctx.url(&paths::reaction(&reaction.id));
    let content = templates::reaction_submitted(&reference, &reaction_url);
    let key = format!("submitted:{}", reaction.id);
    ctx.enqueue(
        conn,
        mail(
            "reaction_submitted",
            &listing.committee.clerk_email,
            content,
            None,
            key,
        ),
        now,
    )?;
    Ok(())
}

/// A reaction was withdrawn: the griffie hears it, members read it in their digest.
pub fn reaction_withdrawn(
    conn: &mut DbConn,
    ctx: &MailContext,
    listing: &ConsultationListing,
    reaction: &Reaction,
    now: NaiveDateTime,
) -> QueryResult<()> {
    notifications::record_event_about(
        conn,
        &listing.consultation.id,
        EventKind::ReactionWithdrawn,
        Some(&reaction.id),
        now,
    )?;
    let number = reaction.submission_number.clone().unwrap_or_default();
    let url = ctx.url(&paths::reaction(&reaction.id));
    let content =
        templates::reaction_withdrawn(&number, &reaction.title, &listing.consultation.title, &url);
    let key = format!("withdrawn:{}", reaction.id);
    ctx.enqueue(
        conn,
        mail(
            "reaction_withdrawn",
            &listing.committee.clerk_email,
            content,
            None,
            key,
        ),
        now,
    )?;
    Ok(())
}

/// After a decision on a speaking request: the decided requester hears the outcome, and
/// every accepted speaker whose share of the time differs from what they were told hears
/// the new time.
pub fn speaking_decided(
    conn: &mut DbConn,
    ctx: &MailContext,
    listing: &ConsultationListing,
    rules: SpeakingRules,
    decided: &SpeakingRequest,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let url = ctx.consultation_url(&listing.consultation.id);
    let reference = reference(listing, &url);
    let requests = speaking::requests_of_consultation(conn, &listing.consultation.id)?;
    let accepted: Vec<&SpeakingRequest> = requests
        .iter()
        .filter(|r| r.state() == RequestState::Accepted)
        .collect();
    let minutes = rules.minutes_each(accepted.len());
    if decided.state() == RequestState::Declined {
        let news = SpeakingNews::Declined {
            reason: decided.decision_reason.as_deref().unwrap_or_default(),
        };
        let content = templates::speaking_decision(&reference, &decided.speaker_name, &news);
        let key = format!("speaking-declined:{}", decided.id);
        ctx.enqueue(
            conn,
            mail(
                "speaking_decision",
                &decided.contact_email,
                content,
                None,
                key,
            ),
            now,
        )?;
    }
    for request in accepted {
        if request.announced_minutes == Some(minutes) {
            continue;
        }
        let news = SpeakingNews::Accepted {
            minutes,
            changed: request.announced_minutes.is_some(),
        };
        let content = templates::speaking_decision(&reference, &request.speaker_name, &news);
        let key = format!("speaking-time:{}:{}", request.id, crate::db::new_id());
        ctx.enqueue(
            conn,
            mail(
                "speaking_decision",
                &request.contact_email,
                content,
                None,
                key,
            ),
            now,
        )?;
        speaking::set_announced_minutes(conn, &request.id, minutes)?;
    }
    Ok(())
}

/// What a signature's confirmation mail carries besides its links: the signature and
/// the short code (raw, only ever in the mail), as shown, e.g. `K7QM-2XPA`.
pub struct SignatureTokens<'a> {
    pub signature_id: &'a SignatureId,
    pub code: &'a str,
}

/// How the links in a signature's mail are signed ([`crate::domain::security::signed_link`]).
pub const CONFIRM_LINK: &str = "signature-confirm";
pub const WITHDRAW_LINK: &str = "signature-withdraw";

const SIGNATURE_CONFIRMATION: &str = "signature_confirmation";

/// What a co-signature's confirmation mail keeps until it is sent: the signature and
/// the code (the links are signed ids, the text comes from the signature's target).
#[derive(serde::Serialize, serde::Deserialize)]
struct SignatureTemplate {
    signature: SignatureId,
    code: String,
}

/// The confirmation mail of a co-signature, ready to queue. Signing is the hottest write,
/// so the row holds only the signature and its code; [`render_deferred`] writes the
/// mail when it is sent.
pub fn signature_confirmation_mail(email: &str, tokens: &SignatureTokens<'_>) -> NewMail {
    let template = SignatureTemplate {
        signature: tokens.signature_id.clone(),
        code: tokens.code.to_owned(),
    };
    // A renewed mail is a new mail; its fresh code makes the key unique per sending.
    let key = format!(
        "signature:{}:{}",
        tokens.signature_id,
        &crate::domain::security::sha256_hex(tokens.code)[..16]
    );
    NewMail {
        kind: SIGNATURE_CONFIRMATION,
        recipient: email.to_owned(),
        subject: templates::SIGNATURE_CONFIRMATION_SUBJECT.to_owned(),
        body_text: String::new(),
        body_html: String::new(),
        list_unsubscribe: None,
        dedupe_key: Some(key),
        template: serde_json::to_string(&template).ok(),
    }
}

/// Queues the confirmation mail of a co-signature.
pub fn signature_confirmation(
    conn: &mut DbConn,
    ctx: &MailContext,
    email: &str,
    tokens: &SignatureTokens<'_>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    ctx.enqueue(conn, signature_confirmation_mail(email, tokens), now)?;
    Ok(())
}

/// Writes the subject and bodies of a mail queued with a template; `None` when what it
/// is about is gone (a signature purged before its mail went out).
pub fn render_deferred(
    conn: &mut DbConn,
    ctx: &MailContext,
    mut mail: OutboxMail,
) -> QueryResult<Option<OutboxMail>> {
    let Some(template) = &mail.template else {
        return Ok(Some(mail));
    };
    let Ok(data) = serde_json::from_str::<SignatureTemplate>(template) else {
        return Ok(None);
    };
    let Some(signature) = crate::db::signatures::find(conn, &data.signature)? else {
        return Ok(None);
    };
    let Some(target) =
        crate::db::signatures::find_target(conn, signature.target_kind, &signature.target_id)?
    else {
        return Ok(None);
    };
    let link = |purpose| signed_link(&ctx.secret_key, purpose, signature.id.as_str());
    let content = templates::signature_confirmation(&templates::SignatureMail {
        what: &target.text,
        consultation: &target.listing.consultation.title,
        confirm_url: &ctx.url(&paths::signature_confirm(&link(CONFIRM_LINK))),
        code: &data.code,
        code_url: &ctx.url(paths::SIGNATURE_CODE),
        withdraw_url: &ctx.url(&paths::signature_withdraw(&link(WITHDRAW_LINK))),
    });
    mail.subject = content.subject;
    mail.body_text = content.text;
    mail.body_html = content.html;
    Ok(Some(mail))
}

/// Tells a post's author (account or guest address) what a moderator decided.
pub fn moderation_decision(
    conn: &mut DbConn,
    ctx: &MailContext,
    decision: &ModerationNotice<'_>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let outcome = match decision.action {
        ModerationAction::Approve => "goedgekeurd",
        ModerationAction::Hide => "verborgen",
        ModerationAction::Restore => "teruggezet",
        ModerationAction::Held => return Ok(()),
    };
    let Some(email) = threads::author_email(conn, decision.post_id)? else {
        return Ok(());
    };
    let content = templates::moderation_decision(&templates::ModerationMail {
        thread: decision.thread,
        outcome,
        rule: decision.rule,
        reason: decision.reason,
        post_url: &ctx.url(&paths::post(decision.post_id)),
        rules_url: &ctx.url(paths::HOUSE_RULES),
    });
    let key = format!("moderation:{}", decision.decision_id);
    ctx.enqueue(
        conn,
        mail("moderation_decision", &email, content, None, key),
        now,
    )?;
    Ok(())
}

/// What a moderator decided about a post, for the mail to its author.
pub struct ModerationNotice<'a> {
    pub decision_id: &'a str,
    pub post_id: &'a PostId,
    pub thread: &'a str,
    pub action: ModerationAction,
    pub rule: Option<&'a str>,
    pub reason: &'a str,
}

/// The link that confirms a guest's post.
pub struct GuestLink<'a> {
    pub post_id: &'a PostId,
    pub token: &'a str,
    pub expires_at: NaiveDateTime,
}

/// Asks a resident without an account to confirm a post by the mailed link.
pub fn guest_post_confirmation(
    conn: &mut DbConn,
    ctx: &MailContext,
    email: &str,
    thread: &str,
    link: &GuestLink<'_>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let url = ctx.url(&paths::post_confirm(link.token));
    let content = templates::guest_post_confirmation(thread, &url, link.expires_at);
    let key = format!("guest-post:{}", link.post_id);
    ctx.enqueue(
        conn,
        mail("guest_post_confirmation", email, content, None, key),
        now,
    )?;
    Ok(())
}

/// Queues a mail built beforehand.
pub fn queue(
    conn: &mut DbConn,
    ctx: &MailContext,
    mail: &NewMail,
    now: NaiveDateTime,
) -> QueryResult<()> {
    outbox::enqueue(conn, mail, &ctx.message_domain, now).map(|_| ())
}

/// How far back digests look for events.
const DIGEST_HORIZON_DAYS: i64 = 60;

/// Queues a digest for every subscribed member with news about a consultation, at most
/// one per member, consultation and Amsterdam day. Returns how many it queued.
pub fn queue_digests(
    conn: &mut DbConn,
    ctx: &MailContext,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut queued = 0;
    for consultation in notifications::consultations_with_events_since(
        conn,
        now - Duration::days(DIGEST_HORIZON_DAYS),
    )? {
        let Some(listing) = consultations::find_consultation(conn, &consultation.id)? else {
            continue;
        };
        let url = ctx.consultation_url(&consultation.id);
        let reference = reference(&listing, &url);
        for member in notifications::subscribed_members(conn, &listing.committee.id)? {
            let mark = notifications::digest_mark(conn, &member.id, &consultation.id)?;
            let events: Vec<notifications::Event> =
                notifications::events_after(conn, &consultation.id, mark)?
                    .into_iter()
                    .filter(|event| event.kind != EventKind::Closed)
                    .collect();
            let Some(last) = events.last().map(|event| event.occurred_at) else {
                continue;
            };
            let events = digest_events(conn, ctx, events)?;
            let unsubscribe = ctx.unsubscribe_url(&member.id);
            let content = templates::digest(&reference, &events, &unsubscribe);
            let key = digest_key(&member.id, &consultation.id, now);
            if ctx.enqueue(
                conn,
                mail(
                    "member_digest",
                    &member.email,
                    content,
                    Some(unsubscribe),
                    key,
                ),
                now,
            )? {
                notifications::set_digest_mark(conn, &member.id, &consultation.id, last)?;
                queued += 1;
            }
        }
    }
    Ok(queued)
}

/// The digest's lines: each event with the reaction it is about, where there is one.
fn digest_events(
    conn: &mut DbConn,
    ctx: &MailContext,
    events: Vec<notifications::Event>,
) -> QueryResult<Vec<templates::DigestEvent>> {
    let ids: Vec<&ReactionId> = events
        .iter()
        .filter_map(|event| event.subject_id.as_ref())
        .collect();
    let reactions = notifications::digest_reactions(conn, &ids)?;
    Ok(events
        .iter()
        .map(|event| templates::DigestEvent {
            kind: event.kind,
            at: event.occurred_at,
            reaction: event.subject_id.as_ref().and_then(|id| {
                let r = reactions.get(id)?;
                Some(templates::DigestReaction {
                    number: r.number.clone(),
                    title: r.title.clone(),
                    sender: digest_sender(r.organisation.as_deref(), &r.author, r.publish_name),
                    url: ctx.url(&paths::reaction(id)),
                })
            }),
        })
        .collect())
}

/// Posts wait for a moderator of `council_id` (a new pending post, a flag, a post held
/// by flags): each of its moderators gets the list of everything that waits for them,
/// at most once an hour. Decided inside the write that made the post wait, by a
/// reservation per moderator, so parallel flags send one mail.
pub fn posts_waiting(
    conn: &mut DbConn,
    ctx: &MailContext,
    council_id: &CouncilId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut queued = 0;
    for moderator in notifications::moderators_of(conn, council_id)? {
        let mark = format!("moderation:{}", moderator.user_id);
        if !notifications::reserve_alert(conn, &mark, now, moderation_alert_gap())? {
            continue;
        }
        let posts: Vec<templates::WaitingPost> = threads::queue(conn, Some(&moderator.councils))?
            .into_iter()
            .map(|item| templates::WaitingPost {
                why: waiting_because(item.post.state(), item.open_flags.len()),
                consultation: item.consultation_title,
                excerpt: excerpt(&item.post.body),
                url: ctx.url(&paths::post_review(&item.post.id)),
            })
            .collect();
        if posts.is_empty() {
            continue;
        }
        let content = templates::moderation_waiting(&posts, &ctx.url(paths::MODERATION));
        // The reservation decides; the key only names this sending.
        let key = format!(
            "moderation-waiting:{}:{}",
            moderator.user_id,
            now.and_utc().timestamp_micros()
        );
        let mail = mail("moderation_waiting", &moderator.email, content, None, key);
        if ctx.enqueue(conn, mail, now)? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Why a post is in the moderation queue, as the alert says it.
fn waiting_because(state: PostState, open_flags: usize) -> String {
    let flags = plural(open_flags, "melding", "meldingen");
    match state {
        PostState::Pending => "Wacht op goedkeuring".to_owned(),
        PostState::Held => format!("Vastgehouden na {flags}"),
        _ => format!("Gemeld ({flags})"),
    }
}

/// The start of a post, on one line.
fn excerpt(body: &str) -> String {
    const CHARS: usize = 80;
    let line = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= CHARS {
        return line;
    }
    let mut short: String = line.chars().take(CHARS).collect();
    short.push('…');
    short
}

/// What a new speaking request needs besides its consultation.
pub struct SpeakingRequested<'a> {
    pub request_id: &'a SpeakingRequestId,
    pub contact_email: &'a str,
    pub request: templates::SpeakingRequestMail<'a>,
}

/// A speaking request came in: the griffie hears of it and the speaker gets a
/// confirmation of what they asked.
pub fn speaking_requested(
    conn: &mut DbConn,
    ctx: &MailContext,
    listing: &ConsultationListing,
    requested: &SpeakingRequested<'_>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let url = ctx.consultation_url(&listing.consultation.id);
    let reference = reference(listing, &url);
    let speakers_url = ctx.url(&paths::speakers(&listing.consultation.id));
    let id = requested.request_id;
    let content = templates::speaking_requested(&reference, &requested.request, &speakers_url);
    ctx.enqueue(
        conn,
        mail(
            "speaking_requested",
            &listing.committee.clerk_email,
            content,
            None,
            format!("speaking-requested:{id}"),
        ),
        now,
    )?;
    let content = templates::speaking_confirmation(&reference, &requested.request);
    ctx.enqueue(
        conn,
        mail(
            "speaking_confirmation",
            requested.contact_email,
            content,
            None,
            format!("speaking-confirmation:{id}"),
        ),
        now,
    )?;
    Ok(())
}

/// A signature was held by the burst rules: the griffie hears it once per episode, when
/// it is the only held signature of the consultation (the first after the last review
/// or after none). Writes holding support in one consultation take the alert row in
/// turn, so each counts what the others wrote.
pub fn support_held(
    conn: &mut DbConn,
    ctx: &MailContext,
    listing: &ConsultationListing,
    signature_id: &SignatureId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let id = &listing.consultation.id;
    notifications::lock_alert(conn, &format!("support-held:{id}"), now)?;
    if notifications::held_signatures(conn, id)? != 1 {
        return Ok(());
    }
    let url = ctx.consultation_url(id);
    let review_url = ctx.url(&paths::support_review(id));
    let content = templates::support_held(&reference(listing, &url), &review_url);
    ctx.enqueue(
        conn,
        mail(
            "support_held",
            &listing.committee.clerk_email,
            content,
            None,
            format!("support-held:{id}:{signature_id}"),
        ),
        now,
    )?;
    Ok(())
}

/// Someone accepted an invitation: the organisation's secretary hears who joined.
pub fn invitation_accepted(
    conn: &mut DbConn,
    ctx: &MailContext,
    invitation_id: &InvitationId,
    organisation: &crate::db::organisations::Organisation,
    member: &str,
    role_label: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some((secretary, email)) = notifications::secretary_of(conn, &organisation.id)? else {
        return Ok(());
    };
    let members_url = ctx.url(&paths::organisation_members(&organisation.id));
    let content = templates::invitation_accepted(
        &secretary,
        member,
        &organisation.name,
        &role_label.to_lowercase(),
        &members_url,
    );
    ctx.enqueue(
        conn,
        mail(
            "invitation_accepted",
            &email,
            content,
            None,
            format!("invitation-accepted:{invitation_id}"),
        ),
        now,
    )?;
    Ok(())
}

/// One mail per reaction and address (see [`answers::answer_recipients`]) when the nota
/// is first published; a later version sends nothing (the dedupe key is per
/// consultation, not per version).
pub fn reactions_answered(
    conn: &mut DbConn,
    ctx: &MailContext,
    listing: &ConsultationListing,
    note: &AnswerNote,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut queued = 0;
    for mail in answer_mails(conn, ctx, listing, note)? {
        if ctx.enqueue(conn, mail, now)? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// The mails publishing `note` would write now: one per indiener and co-signer who asked,
/// less those who heard of an earlier version. The preview before publishing shows them.
pub fn pending_answer_mails(
    conn: &mut DbConn,
    ctx: &MailContext,
    listing: &ConsultationListing,
    note: &AnswerNote,
) -> QueryResult<Vec<NewMail>> {
    let mut pending = Vec::new();
    for mail in answer_mails(conn, ctx, listing, note)? {
        let key = mail.dedupe_key.as_deref().unwrap_or_default();
        if !outbox::has_dedupe_key(conn, key)? {
            pending.push(mail);
        }
    }
    Ok(pending)
}

fn answer_mails(
    conn: &mut DbConn,
    ctx: &MailContext,
    listing: &ConsultationListing,
    note: &AnswerNote,
) -> QueryResult<Vec<NewMail>> {
    let id = &listing.consultation.id;
    let mut mails = Vec::new();
    for recipient in answers::answer_recipients(conn, id)? {
        let Some(group) = note.group_of(&recipient.reaction_id) else {
            continue;
        };
        let Some(reaction) = group
            .reactions
            .iter()
            .find(|r| r.reaction_id == recipient.reaction_id)
        else {
            continue;
        };
        let answer_url = ctx.url(&paths::answer_in_note(id, group.number));
        let content = templates::reaction_answered(&templates::AnswerMail {
            consultation: &listing.consultation.title,
            council: &listing.council.name,
            reaction_number: &reaction.number,
            reaction_title: &reaction.title,
            co_signer: recipient.co_signer,
            conclusion: group.conclusion.label(),
            answer_url: &answer_url,
        });
        let key = format!(
            "answer:{id}:{}:{}",
            recipient.reaction_id,
            ctx.address_key(&recipient.email)
        );
        mails.push(mail(
            "reaction_answered",
            &recipient.email,
            content,
            None,
            key,
        ));
    }
    Ok(mails)
}

/// One mail per address that hears of the answers, the first time the raad's decision
/// is recorded.
pub fn outcome_recorded(
    conn: &mut DbConn,
    ctx: &MailContext,
    listing: &ConsultationListing,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let id = &listing.consultation.id;
    let outcomes = answers::outcomes(conn, id)?;
    let addresses = answers::outcome_recipients(conn, id)?;
    let lines: Vec<templates::OutcomeLine<'_>> = outcomes
        .iter()
        .map(|o| templates::OutcomeLine {
            number: o.number,
            title: &o.title,
            outcome: o.outcome.label(),
            decision_url: o.decision_url.as_deref(),
        })
        .collect();
    let content = templates::outcome_recorded(
        &listing.consultation.title,
        &lines,
        &ctx.consultation_url(id),
    );
    let mut queued = 0;
    for address in &addresses {
        let key = format!("outcome:{id}:{}", ctx.address_key(address));
        let mail = mail("outcome_recorded", address, content.clone(), None, key);
        if ctx.enqueue(conn, mail, now)? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// How the link in the "was this you?" mail is signed.
pub const LOGIN_UNLOCK_LINK: &str = "login-unlock";

/// How long the link in the "was this you?" mail works.
pub const LOGIN_UNLOCK_LINK_MINUTES: i64 = 60;

/// Tells an account's owner that its log-in is slowed down, with a link that lets
/// their own browser in again.
pub fn login_unlock(
    conn: &mut DbConn,
    ctx: &MailContext,
    user: &crate::db::accounts::User,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let expires = now + chrono::Duration::minutes(LOGIN_UNLOCK_LINK_MINUTES);
    let url = ctx.url(&paths::unlock(&crate::domain::security::expiring_link(
        &ctx.secret_key,
        LOGIN_UNLOCK_LINK,
        user.id.as_str(),
        expires,
    )));
    let content = templates::login_unlock(&user.display_name, &url);
    let key = format!(
        "login-unlock:{}:{}",
        user.id,
        now.and_utc().timestamp_micros()
    );
    ctx.enqueue(
        conn,
        mail("login_unlock", &user.email, content, None, key),
        now,
    )?;
    Ok(())
}

/// The link to choose a new password, bound to the account's current password hash.
fn reset_url(ctx: &MailContext, user: &crate::db::accounts::User, now: NaiveDateTime) -> String {
    let token = crate::domain::account::AccountLinkKind::PasswordReset.token(
        &ctx.secret_key,
        user.id.as_str(),
        &user.password_hash,
        now,
    );
    ctx.url(&paths::password_reset(&token))
}

/// Mails the owner a link to choose a new password (see
/// [`crate::domain::account::AccountLinkKind::PasswordReset`]).
pub fn password_reset(
    conn: &mut DbConn,
    ctx: &MailContext,
    user: &crate::db::accounts::User,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let content = templates::password_reset(&user.display_name, &reset_url(ctx, user, now));
    let key = format!(
        "password-reset:{}:{}",
        user.id,
        now.and_utc().timestamp_micros()
    );
    ctx.enqueue(
        conn,
        mail("password_reset", &user.email, content, None, key),
        now,
    )?;
    Ok(())
}

/// Mails `new_email` the link that makes it the account's address; the link is bound
/// to this request (see [`AccountLinkKind::EmailChange`]).
///
/// [`AccountLinkKind::EmailChange`]: crate::domain::account::AccountLinkKind::EmailChange
pub fn email_change_link(
    conn: &mut DbConn,
    ctx: &MailContext,
    user: &crate::db::accounts::User,
    new_email: &crate::domain::account::EmailAddress,
    requested_at: NaiveDateTime,
) -> QueryResult<()> {
    use crate::domain::account::{AccountLinkKind, email_change_binding};
    let token = AccountLinkKind::EmailChange.token(
        &ctx.secret_key,
        user.id.as_str(),
        &email_change_binding(new_email, requested_at),
        requested_at,
    );
    let url = ctx.url(&paths::email_change_confirm(&token));
    let content = templates::email_change_link(&user.display_name, new_email.as_str(), &url);
    let key = format!(
        "email-change:{}:{}",
        user.id,
        requested_at.and_utc().timestamp_micros()
    );
    ctx.enqueue(
        conn,
        mail("email_change_link", new_email.as_str(), content, None, key),
        requested_at,
    )?;
    Ok(())
}

/// Tells the owner of an address that another account asked for it (no link is sent).
pub fn email_in_use(
    conn: &mut DbConn,
    ctx: &MailContext,
    owner: &crate::db::accounts::User,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let content = templates::email_in_use(&owner.display_name, &ctx.url(paths::LOG_IN));
    let key = format!(
        "email-in-use:{}:{}",
        owner.id,
        now.and_utc().timestamp_micros()
    );
    ctx.enqueue(
        conn,
        mail("email_in_use", &owner.email, content, None, key),
        now,
    )?;
    Ok(())
}

/// Tells the old address that the account's address changed at `changed_at`, with the
/// link that puts it back (see [`AccountLinkKind::EmailRevert`]).
///
/// [`AccountLinkKind::EmailRevert`]: crate::domain::account::AccountLinkKind::EmailRevert
pub fn email_changed(
    conn: &mut DbConn,
    ctx: &MailContext,
    user: &crate::db::accounts::User,
    old_email: &crate::domain::account::EmailAddress,
    new_email: &crate::domain::account::EmailAddress,
    changed_at: NaiveDateTime,
) -> QueryResult<()> {
    use crate::domain::account::{AccountLinkKind, email_change_binding};
    let token = AccountLinkKind::EmailRevert.token(
        &ctx.secret_key,
        user.id.as_str(),
        &email_change_binding(old_email, changed_at),
        changed_at,
    );
    let url = ctx.url(&paths::email_revert(&token));
    let content = templates::email_changed(&user.display_name, new_email.as_str(), &url);
    let key = format!(
        "email-changed:{}:{}",
        user.id,
        changed_at.and_utc().timestamp_micros()
    );
    ctx.enqueue(
        conn,
        mail("email_changed", old_email.as_str(), content, None, key),
        changed_at,
    )?;
    Ok(())
}

/// After the old address was put back: mails it a link to choose a new password.
pub fn email_restored(
    conn: &mut DbConn,
    ctx: &MailContext,
    user: &crate::db::accounts::User,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let content = templates::email_restored(&user.display_name, &reset_url(ctx, user, now));
    let key = format!(
        "email-restored:{}:{}",
        user.id,
        now.and_utc().timestamp_micros()
    );
    ctx.enqueue(
        conn,
        mail("email_restored", &user.email, content, None, key),
        now,
    )?;
    Ok(())
}

/// The last mail to a deleted account's address (sent, then forgotten like all mail).
pub fn account_deleted(
    conn: &mut DbConn,
    ctx: &MailContext,
    user: &crate::db::accounts::User,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let content = templates::account_deleted(&user.display_name);
    let key = format!("account-deleted:{}", user.id);
    ctx.enqueue(
        conn,
        mail("account_deleted", &user.email, content, None, key),
        now,
    )?;
    Ok(())
}

/// Tells the owner that two-factor authentication was turned on or off.
pub fn two_factor_changed(
    conn: &mut DbConn,
    ctx: &MailContext,
    user: &crate::db::accounts::User,
    on: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let content = templates::two_factor_changed(&user.display_name, on, &ctx.url(paths::ACCOUNT));
    let key = format!(
        "two-factor:{}:{}",
        user.id,
        now.and_utc().timestamp_micros()
    );
    ctx.enqueue(
        conn,
        mail("two_factor_changed", &user.email, content, None, key),
        now,
    )?;
    Ok(())
}

/// Tells the owner that the password changed (by a reset or on the account page).
pub fn password_changed(
    conn: &mut DbConn,
    ctx: &MailContext,
    user: &crate::db::accounts::User,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let content = templates::password_changed(&user.display_name, &ctx.url(paths::FORGOT_PASSWORD));
    let key = format!(
        "password-changed:{}:{}",
        user.id,
        now.and_utc().timestamp_micros()
    );
    ctx.enqueue(
        conn,
        mail("password_changed", &user.email, content, None, key),
        now,
    )?;
    Ok(())
}

/// Someone registered with the address of an existing account: an unconfirmed one gets
/// its confirmation link again, a confirmed one hears that someone tried.
pub fn registration_attempt(
    conn: &mut DbConn,
    ctx: &MailContext,
    user: &crate::db::accounts::User,
    next: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if user.email_verified_at.is_none() {
        return account_verification(
            conn,
            ctx,
            &user.id,
            &user.email,
            &user.display_name,
            next,
            now,
        );
    }
    let content = templates::registration_attempt(&user.display_name, &ctx.url(paths::LOG_IN));
    let key = format!(
        "registration-attempt:{}:{}",
        user.id,
        now.and_utc().timestamp_micros()
    );
    ctx.enqueue(
        conn,
        mail("registration_attempt", &user.email, content, None, key),
        now,
    )?;
    Ok(())
}

/// How the link in the address confirmation mail is signed.
pub const ACCOUNT_EMAIL_LINK: &str = "account-email";

/// How long the link in the address confirmation mail works (it also logs in).
pub const ACCOUNT_EMAIL_LINK_HOURS: i64 = 24;

/// Asks a new account (or one that asked again) to confirm its address; the link logs
/// in once and then goes to `next` (a path of this site).
pub fn account_verification(
    conn: &mut DbConn,
    ctx: &MailContext,
    user_id: &UserId,
    email: &str,
    display_name: &str,
    next: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let expires = now + chrono::Duration::hours(ACCOUNT_EMAIL_LINK_HOURS);
    let token = crate::domain::security::expiring_link(
        &ctx.secret_key,
        ACCOUNT_EMAIL_LINK,
        user_id.as_str(),
        expires,
    );
    let url = ctx.url(&paths::account_confirm(&token, next));
    let content = templates::account_verification(display_name, &url);
    let key = format!(
        "account-email:{user_id}:{}",
        now.and_utc().timestamp_micros()
    );
    ctx.enqueue(
        conn,
        mail("account_verification", email, content, None, key),
        now,
    )?;
    Ok(())
}
