//! Discussion threads: what a post may contain, who may change it, and how moderation
//! moves a post from one state to another.

use chrono::{Duration, NaiveDateTime};
use serde::Deserialize;

use super::account::EmailAddress;
use super::consultation::ConsultationState;
use super::reaction::ReactionState;
use super::validation::{FieldErrors, required_text, thousands};

/// Longest post, in characters.
pub const MAX_POST_CHARS: usize = 5_000;
/// How long an author may still correct a post.
pub const EDIT_MINUTES: i64 = 15;
/// Flags from this many different users hold a post until a moderator looks at it.
pub const FLAGS_TO_HOLD: i64 = 3;
/// Top-level posts per page; their replies come along.
pub const POSTS_PER_PAGE: i64 = 25;

/// What a thread hangs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    Consultation,
    Reaction,
    Scenario,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consultation => "consultation",
            Self::Reaction => "reaction",
            Self::Scenario => "scenario",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Consultation, Self::Reaction, Self::Scenario]
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }

    /// The first part of the thread's address: `/{path}/{id}/discussie`.
    pub fn path(self) -> &'static str {
        match self {
            Self::Consultation => "consultaties",
            Self::Reaction => "reacties",
            Self::Scenario => "scenarios",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostState {
    /// Written by a resident without an account who has not yet clicked the mailed link.
    Unconfirmed,
    /// Waiting for a moderator (pre-moderation).
    Pending,
    Visible,
    /// Hidden by flags until a moderator decides.
    Held,
    /// Hidden by a moderator, with a public reason.
    Hidden,
    /// Deleted by its author; the text is gone.
    Deleted,
}

impl PostState {
    pub const ALL: [Self; 6] = [
        Self::Unconfirmed,
        Self::Pending,
        Self::Visible,
        Self::Held,
        Self::Hidden,
        Self::Deleted,
    ];
    /// States that take a place in the public thread: hidden and deleted posts leave a
    /// note behind so that their replies keep their context.
    pub const LISTED: [Self; 4] = [Self::Visible, Self::Held, Self::Hidden, Self::Deleted];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unconfirmed => "unconfirmed",
            Self::Pending => "pending",
            Self::Visible => "visible",
            Self::Held => "held",
            Self::Hidden => "hidden",
            Self::Deleted => "deleted",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == value)
    }
}

/// Whether a thread takes new posts: while the consultation is open, and (for a
/// reaction or scenario) while the reaction is not withdrawn.
pub fn accepts_posts(consultation: ConsultationState, reaction: Option<ReactionState>) -> bool {
    consultation == ConsultationState::Open
        && reaction.is_none_or(|state| state == ReactionState::Submitted)
}

/// What happens to a new post in a consultation with this moderation mode.
pub fn state_of_new_post(pre_moderation: bool) -> PostState {
    if pre_moderation {
        PostState::Pending
    } else {
        PostState::Visible
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ThreadError {
    #[error("the thread is closed")]
    Closed,
    #[error("only the author may do this")]
    NotAuthor,
    #[error("the edit window has passed")]
    EditWindowPassed,
    #[error("the post cannot be changed in this state")]
    NotChangeable,
    #[error("moderators do not moderate their own posts")]
    OwnPost,
    #[error("replies go one level deep")]
    ReplyToReply,
    #[error("this decision does not fit the post's state")]
    DecisionNotPossible,
}

impl ThreadError {
    pub fn message(self) -> &'static str {
        match self {
            Self::Closed => {
                "In deze discussie kan niet meer worden gereageerd. De inspraakronde is gesloten of de reactie is ingetrokken."
            }
            Self::NotAuthor => "Alleen wie het bericht schreef, kan het wijzigen of verwijderen.",
            Self::EditWindowPassed => {
                "Een bericht kan alleen in de eerste 15 minuten na het plaatsen worden gewijzigd."
            }
            Self::NotChangeable => {
                "Dit bericht kan niet meer worden gewijzigd: het is verborgen of verwijderd."
            }
            Self::OwnPost => {
                "U kunt uw eigen berichten niet melden of modereren. Een andere moderator beoordeelt ze."
            }
            Self::ReplyToReply => {
                "U kunt alleen op het eerste bericht van een gesprek reageren, niet op een reactie daarop."
            }
            Self::DecisionNotPossible => {
                "Dit besluit past niet bij dit bericht (meer). Misschien heeft een andere moderator het al beoordeeld."
            }
        }
    }

    /// Refusals because of who asks, rather than when.
    pub fn is_forbidden(self) -> bool {
        matches!(self, Self::NotAuthor | Self::OwnPost)
    }
}

/// Whether `author` may still change a post in `state` written at `created_at`.
pub fn may_edit(
    is_author: bool,
    state: PostState,
    created_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(), ThreadError> {
    if !is_author {
        return Err(ThreadError::NotAuthor);
    }
    if !matches!(state, PostState::Visible | PostState::Pending) {
        return Err(ThreadError::NotChangeable);
    }
    if now - created_at > Duration::minutes(EDIT_MINUTES) {
        return Err(ThreadError::EditWindowPassed);
    }
    Ok(())
}

/// Whether `author` may delete a post in `state`; hidden posts stay for the record.
pub fn may_delete(is_author: bool, state: PostState) -> Result<(), ThreadError> {
    if !is_author {
        return Err(ThreadError::NotAuthor);
    }
    match state {
        PostState::Visible | PostState::Pending | PostState::Held => Ok(()),
        _ => Err(ThreadError::NotChangeable),
    }
}

/// Replies go to a visible top-level post of a thread that takes posts.
pub fn may_reply(
    accepts_posts: bool,
    parent_is_reply: bool,
    parent: PostState,
) -> Result<(), ThreadError> {
    if !accepts_posts {
        Err(ThreadError::Closed)
    } else if parent_is_reply {
        Err(ThreadError::ReplyToReply)
    } else if parent != PostState::Visible {
        Err(ThreadError::NotChangeable)
    } else {
        Ok(())
    }
}

/// Anyone signed in flags someone else's visible post.
pub fn may_flag(is_author: bool, state: PostState) -> Result<(), ThreadError> {
    if is_author {
        Err(ThreadError::OwnPost)
    } else if state != PostState::Visible {
        Err(ThreadError::NotChangeable)
    } else {
        Ok(())
    }
}

/// After an edit: in a pre-moderated consultation, changed text is read again first.
pub fn state_after_edit(state: PostState, pre_moderation: bool) -> PostState {
    if pre_moderation {
        PostState::Pending
    } else {
        state
    }
}

/// The state after one more flag, given how many open flags the post now has.
pub fn state_after_flag(state: PostState, open_flags: i64) -> PostState {
    if state == PostState::Visible && open_flags >= FLAGS_TO_HOLD {
        PostState::Held
    } else {
        state
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationAction {
    /// Three flags held the post; no moderator involved.
    Held,
    Approve,
    Hide,
    Restore,
}

impl ModerationAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Held => "held",
            Self::Approve => "approve",
            Self::Hide => "hide",
            Self::Restore => "restore",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Held, Self::Approve, Self::Hide, Self::Restore]
            .into_iter()
            .find(|action| action.as_str() == value)
    }

    /// For the public log: what happened to the post.
    pub fn label(self) -> &'static str {
        match self {
            Self::Held => "Tijdelijk verborgen na meldingen",
            Self::Approve => "Goedgekeurd",
            Self::Hide => "Verborgen",
            Self::Restore => "Teruggezet",
        }
    }

    /// Where a post in `state` with `open_flags` goes, if this decision fits it.
    pub fn apply(self, state: PostState, open_flags: i64) -> Result<PostState, ThreadError> {
        match (self, state) {
            (Self::Approve, PostState::Pending | PostState::Held) => Ok(PostState::Visible),
            (Self::Approve, PostState::Visible) if open_flags > 0 => Ok(PostState::Visible),
            (Self::Hide, PostState::Pending | PostState::Visible | PostState::Held) => {
                Ok(PostState::Hidden)
            }
            (Self::Restore, PostState::Hidden) => Ok(PostState::Visible),
            _ => Err(ThreadError::DecisionNotPossible),
        }
    }
}

/// A decision shows a post for the first time when it approves one that waited for a
/// moderator; only then is it news. A held or hidden post had been shown before.
pub fn first_shown(before: PostState, after: PostState) -> bool {
    before == PostState::Pending && after == PostState::Visible
}

/// A moderator's choice, read from the decision form.
#[derive(Debug, Default, Deserialize)]
pub struct DecisionInput {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub rule: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub action: ModerationAction,
    /// The house rule's number; required when hiding.
    pub rule: Option<i32>,
    pub reason: String,
}

impl DecisionInput {
    /// `rules` are the numbers of the current house rules.
    pub fn parse(&self, rules: &[i32]) -> Result<Decision, FieldErrors> {
        let mut errors = FieldErrors::default();
        let action = ModerationAction::parse(&self.action).filter(|a| *a != ModerationAction::Held);
        let Some(action) = action else {
            return Err(FieldErrors::single(
                "action",
                "Kies wat u met het bericht doet.",
            ));
        };
        let rule = self
            .rule
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|n| rules.contains(n));
        if action == ModerationAction::Hide && rule.is_none() {
            errors.add("rule", "Kies de huisregel waartegen het bericht ingaat.");
        }
        let reason = match action {
            ModerationAction::Approve if self.reason.trim().is_empty() => {
                "Het bericht past binnen de huisregels.".to_owned()
            }
            _ => required_text(
                &mut errors,
                "reason",
                &self.reason,
                "een korte uitleg die iedereen mag lezen",
                500,
            ),
        };
        errors.into_result(Decision {
            action,
            rule: if action == ModerationAction::Hide {
                rule
            } else {
                None
            },
            reason,
        })
    }
}

/// The text of a new post or an edit.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct PostInput {
    #[serde(default)]
    pub body: String,
    /// Only for residents without an account.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub consent: Option<String>,
    /// A field people cannot see; robots fill it in.
    #[serde(default)]
    pub website: String,
}

/// A guest's details, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guest {
    pub name: String,
    pub email: EmailAddress,
}

impl PostInput {
    pub fn is_robot(&self) -> bool {
        !self.website.is_empty()
    }

    pub fn parse_body(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let body = check_body(&mut errors, &self.body);
        errors.into_result(body)
    }

    /// The body and the details a resident without an account gives.
    pub fn parse_guest(&self) -> Result<(String, Guest), FieldErrors> {
        let mut errors = FieldErrors::default();
        let body = check_body(&mut errors, &self.body);
        let name = required_text(&mut errors, "name", &self.name, "uw naam", 100);
        let email = match EmailAddress::parse(&self.email) {
            Ok(email) => Some(email),
            Err(message) => {
                errors.add("email", message);
                None
            }
        };
        if self.consent.as_deref() != Some("1") {
            errors.add(
                "consent",
                "Geef toestemming, anders kunnen wij uw bericht niet plaatsen.",
            );
        }
        match email {
            Some(email) => errors.into_result((body, Guest { name, email })),
            None => Err(errors),
        }
    }
}

fn check_body(errors: &mut FieldErrors, raw: &str) -> String {
    let body = raw.trim().replace("\r\n", "\n");
    let length = body.chars().count();
    if body.is_empty() {
        errors.add("body", "Schrijf eerst uw bericht.");
    } else if length > MAX_POST_CHARS {
        errors.add(
            "body",
            format!(
                "Uw bericht is {} tekens lang. Er mogen hoogstens {} tekens in. Maak het korter of verdeel het over twee berichten.",
                thousands(length as u64),
                thousands(MAX_POST_CHARS as u64)
            ),
        );
    }
    body
}

/// Why someone flags a post.
#[derive(Debug, Default, Deserialize)]
pub struct FlagInput {
    #[serde(default)]
    pub reason: String,
}

impl FlagInput {
    pub fn parse(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reason = required_text(
            &mut errors,
            "reason",
            &self.reason,
            "waarom het bericht niet past",
            500,
        );
        errors.into_result(reason)
    }
}

/// The admin's form: one title and text per rule; rows left empty are dropped.
#[derive(Debug, Default, Deserialize)]
pub struct HouseRulesInput {
    #[serde(default)]
    pub title: Vec<String>,
    #[serde(default)]
    pub body: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseRuleDraft {
    pub number: i32,
    pub title: String,
    pub body: String,
}

impl HouseRulesInput {
    pub fn parse(&self) -> Result<Vec<HouseRuleDraft>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut rules = Vec::new();
        let rows = self.title.len().max(self.body.len());
        for index in 0..rows {
            let title = self.title.get(index).map_or("", String::as_str);
            let body = self.body.get(index).map_or("", String::as_str);
            if title.trim().is_empty() && body.trim().is_empty() {
                continue;
            }
            let row = index + 1;
            let title = required_text(
                &mut errors,
                &format!("title_{row}"),
                title,
                "de naam van de regel",
                120,
            );
            let body = required_text(
                &mut errors,
                &format!("body_{row}"),
                body,
                "de uitleg van de regel",
                1_000,
            );
            rules.push(HouseRuleDraft {
                number: i32::try_from(rules.len() + 1).unwrap_or(i32::MAX),
                title,
                body,
            });
        }
        if rules.is_empty() && errors.is_empty() {
            errors.add("title_1", "Vul minstens één huisregel in.");
        }
        errors.into_result(rules)
    }
}

/// A piece of a post's text: plain text, or a web address shown as a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// A post's text as paragraphs (split at empty lines) of lines of segments. Only
/// addresses starting with http:// or https:// become links; everything else stays text.
pub fn paragraphs(body: &str) -> Vec<Vec<Vec<Segment<'_>>>> {
    body.split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| paragraph.lines().map(segments).collect())
        .collect()
}

fn segments(line: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = find_link_start(rest) {
        let candidate = &rest[start..];
        let end = candidate
            .find(char::is_whitespace)
            .unwrap_or(candidate.len());
        let link = trim_trailing_punctuation(&candidate[..end]);
        if link.len() <= "https://".len() {
            out.push(Segment::Text(&rest[..start + end]));
            rest = &rest[start + end..];
            continue;
        }
        if start > 0 {
            out.push(Segment::Text(&rest[..start]));
        }
        out.push(Segment::Link(link));
        rest = &rest[start + link.len()..];
    }
    if !rest.is_empty() {
        out.push(Segment::Text(rest));
    }
    out
}

fn find_link_start(text: &str) -> Option<usize> {
    match (text.find("https://"), text.find("http://")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// "Zie https://x.nl/plan." ends the sentence, not the address.
fn trim_trailing_punctuation(link: &str) -> &str {
    let mut link = link.trim_end_matches(['.', ',', ';', ':', '!', '?', '"', '\'']);
    if link.ends_with(')') && !link.contains('(') {
        link = &link[..link.len() - 1];
    }
    link
}

/// Number of pages for `total` top-level posts (at least one, for an empty thread).
pub fn page_count(total: i64) -> i64 {
    ((total + POSTS_PER_PAGE - 1) / POSTS_PER_PAGE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn authors_edit_for_fifteen_minutes_and_nobody_else_ever() {
        let written = at("2026-11-25 10:00");
        assert_eq!(
            may_edit(true, PostState::Visible, written, at("2026-11-25 10:15")),
            Ok(())
        );
        assert_eq!(
            may_edit(true, PostState::Visible, written, at("2026-11-25 10:16")),
            Err(ThreadError::EditWindowPassed)
        );
        assert_eq!(
            may_edit(false, PostState::Visible, written, at("2026-11-25 10:01")),
            Err(ThreadError::NotAuthor)
        );
        assert_eq!(
            may_edit(true, PostState::Hidden, written, at("2026-11-25 10:01")),
            Err(ThreadError::NotChangeable)
        );
    }

    #[test]
    fn threads_take_posts_only_while_everything_is_open() {
        assert!(accepts_posts(ConsultationState::Open, None));
        assert!(accepts_posts(
            ConsultationState::Open,
            Some(ReactionState::Submitted)
        ));
        assert!(!accepts_posts(
            ConsultationState::Open,
            Some(ReactionState::Withdrawn)
        ));
        assert!(!accepts_posts(ConsultationState::Closed, None));
    }

    #[test]
    fn replies_and_flags_go_only_where_they_fit() {
        assert_eq!(may_reply(true, false, PostState::Visible), Ok(()));
        assert_eq!(
            may_reply(false, false, PostState::Visible),
            Err(ThreadError::Closed)
        );
        assert_eq!(
            may_reply(true, true, PostState::Visible),
            Err(ThreadError::ReplyToReply)
        );
        assert_eq!(
            may_reply(true, false, PostState::Hidden),
            Err(ThreadError::NotChangeable)
        );
        assert_eq!(may_flag(false, PostState::Visible), Ok(()));
        assert_eq!(
            may_flag(true, PostState::Visible),
            Err(ThreadError::OwnPost)
        );
        assert_eq!(
            may_flag(false, PostState::Held),
            Err(ThreadError::NotChangeable)
        );
    }

    #[test]
    fn the_third_open_flag_holds_a_visible_post() {
        assert_eq!(state_after_flag(PostState::Visible, 2), PostState::Visible);
        assert_eq!(state_after_flag(PostState::Visible, 3), PostState::Held);
        assert_eq!(state_after_flag(PostState::Hidden, 5), PostState::Hidden);
    }

    #[test]
    fn decisions_fit_only_some_states() {
        use ModerationAction::*;
        assert_eq!(Approve.apply(PostState::Pending, 0), Ok(PostState::Visible));
        assert_eq!(Approve.apply(PostState::Held, 3), Ok(PostState::Visible));
        assert_eq!(Approve.apply(PostState::Visible, 1), Ok(PostState::Visible));
        assert_eq!(
            Approve.apply(PostState::Visible, 0),
            Err(ThreadError::DecisionNotPossible)
        );
        assert_eq!(Hide.apply(PostState::Visible, 0), Ok(PostState::Hidden));
        assert_eq!(
            Hide.apply(PostState::Deleted, 0),
            Err(ThreadError::DecisionNotPossible)
        );
        assert_eq!(Restore.apply(PostState::Hidden, 0), Ok(PostState::Visible));
        assert_eq!(
            Restore.apply(PostState::Visible, 0),
            Err(ThreadError::DecisionNotPossible)
        );
    }

    #[test]
    fn only_an_approved_waiting_post_is_shown_for_the_first_time() {
        assert!(first_shown(PostState::Pending, PostState::Visible));
        assert!(!first_shown(PostState::Held, PostState::Visible));
        assert!(!first_shown(PostState::Hidden, PostState::Visible));
        assert!(!first_shown(PostState::Pending, PostState::Hidden));
    }

    #[test]
    fn hiding_needs_a_house_rule_and_a_reason() {
        let input = DecisionInput {
            action: "hide".into(),
            rule: "9".into(),
            reason: " ".into(),
        };
        let errors = input.parse(&[1, 2]).unwrap_err();
        assert!(errors.get("rule").is_some());
        assert!(errors.get("reason").is_some());
        let input = DecisionInput {
            action: "hide".into(),
            rule: "2".into(),
            reason: "Scheldwoord".into(),
        };
        assert_eq!(
            input.parse(&[1, 2]).unwrap(),
            Decision {
                action: ModerationAction::Hide,
                rule: Some(2),
                reason: "Scheldwoord".into()
            }
        );
        let approve = DecisionInput {
            action: "approve".into(),
            ..DecisionInput::default()
        };
        assert_eq!(approve.parse(&[1]).unwrap().rule, None);
        let held = DecisionInput {
            action: "held".into(),
            ..DecisionInput::default()
        };
        assert!(held.parse(&[1]).is_err());
    }

    #[test]
    fn a_long_post_is_refused_with_its_length() {
        let input = PostInput {
            body: "a".repeat(5_123),
            ..PostInput::default()
        };
        let errors = input.parse_body().unwrap_err();
        assert!(errors.get("body").unwrap().contains("5.123 tekens"));
        let exactly = PostInput {
            body: "é".repeat(5_000),
            ..PostInput::default()
        };
        assert!(exactly.parse_body().is_ok());
    }

    #[test]
    fn addresses_become_links_without_the_closing_punctuation() {
        let paragraphs =
            paragraphs("Zie https://lindeveld.example/plan. En (http://a.nl)\n\nTweede alinea");
        assert_eq!(
            paragraphs[0][0],
            vec![
                Segment::Text("Zie "),
                Segment::Link("https://lindeveld.example/plan"),
                Segment::Text(". En ("),
                Segment::Link("http://a.nl"),
                Segment::Text(")"),
            ]
        );
        assert_eq!(paragraphs[1][0], vec![Segment::Text("Tweede alinea")]);
        assert_eq!(
            segments("javascript:alert(1) https://"),
            vec![Segment::Text("javascript:alert(1) https://")]
        );
    }

    #[test]
    fn house_rules_are_renumbered_in_the_order_typed() {
        let input = HouseRulesInput {
            title: vec!["Beleefd".into(), "".into(), "Geen reclame".into()],
            body: vec!["Uitleg".into(), "".into(), "Uitleg 2".into()],
        };
        let rules = input.parse().unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[1].number, 2);
        assert_eq!(rules[1].title, "Geen reclame");
    }

    #[test]
    fn pages_round_up() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(25), 1);
        assert_eq!(page_count(26), 2);
    }
}
