//! Every address of the site, one function per page or form target, so that a link, a
//! redirect and a mail can only point at a route that exists, written one way.
//!
//! Paths are relative to the site; mail, feeds and exports put the configured base URL
//! in front (`absolute`). The route patterns in `web` match these shapes; the browser
//! suite and the API tests follow every link they render.

use crate::domain::id::{
    AnswerGroupId, AttachmentId, CommitteeId, CommitteeMemberId, ConsultationId, CouncilId,
    InvitationId, OrganisationId, OutboxId, PostId, ReactionId, SpeakingRequestId, SubjectId,
    TargetId, UserId,
};
use crate::domain::navigation::url_encode;
use crate::domain::thread::SubjectKind;

pub const HOME: &str = "/";
pub const CONSULTATIONS: &str = "/consultaties";
pub const ACCOUNT: &str = "/account";
pub const LOG_IN: &str = "/account/inloggen";
pub const REGISTER: &str = "/account/registreren";
pub const REGISTRATION_SENT: &str = "/account/registreren/verstuurd";
pub const GRIFFIE: &str = "/griffie";
pub const MODERATION: &str = "/moderatie";
pub const ADMIN: &str = "/beheer";
pub const ADMIN_USERS: &str = "/beheer/gebruikers";
pub const ADMIN_MAIL: &str = "/beheer/mail";
pub const ADMIN_HOUSE_RULES: &str = "/beheer/huisregels";
pub const SIGNATURE_CODE: &str = "/steun/code";
pub const HOUSE_RULES: &str = "/huisregels";
pub const ORGANISATIONS: &str = "/organisaties";
pub const NEW_ORGANISATION: &str = "/organisaties/nieuw";
pub const PRIVACY: &str = "/privacy";
pub const ACCESSIBILITY: &str = "/toegankelijkheid";
pub const NEW_COUNCIL: &str = "/beheer/gemeenten/nieuw";
pub const ADMIN_COUNCILS: &str = "/beheer/gemeenten";
pub const PASSWORD: &str = "/account/wachtwoord";
pub const LOG_OUT: &str = "/account/uitloggen";
pub const CONFIRMATION_MAIL: &str = "/account/bevestigingsmail";
pub const ACCOUNT_NAME: &str = "/account/naam";
/// The name form on the account page, to return to after changing the name.
pub const ACCOUNT_NAME_SECTION: &str = "/account#naam";
pub const END_SESSIONS: &str = "/account/sessies/beeindigen";
pub const EMAIL_CHANGE: &str = "/account/e-mailadres";
pub const DELETE_ACCOUNT: &str = "/account/verwijderen";
pub const PERSONAL_DATA: &str = "/account/mijn-gegevens.json";
pub const TWO_FACTOR: &str = "/account/tweestapsverificatie";
pub const TWO_FACTOR_START: &str = "/account/tweestapsverificatie/instellen";
pub const TWO_FACTOR_OFF: &str = "/account/tweestapsverificatie/uitzetten";
pub const RECOVERY_CODES: &str = "/account/tweestapsverificatie/herstelcodes";
/// The second step of logging in, for an account with two-factor authentication.
pub const LOGIN_CODE: &str = "/account/inloggen/code";
/// Where a council's identity provider sends the browser back to (one for all councils:
/// the round trip's cookie says which).
pub const SIGN_IN_RETURN: &str = "/account/inloggen/gemeente/terug";
pub const EMAIL_CHANGE_CANCEL: &str = "/account/e-mailadres/intrekken";
/// The address form on the account page, to return to after asking for a change.
pub const EMAIL_SECTION: &str = "/account#e-mailadres";
pub const FORGOT_PASSWORD: &str = "/account/wachtwoord-vergeten";
pub const FORGOT_PASSWORD_SENT: &str = "/account/wachtwoord-vergeten/verstuurd";

/// `path` on the site at `base_url` (which has no trailing slash), for mails and feeds.
pub fn absolute(base_url: &str, path: &str) -> String {
    format!("{base_url}{path}")
}

/// `path` (a log-in or registration page), with `?terug=` when the visitor should
/// come back somewhere after it.
pub fn with_next(path: &str, next: &str) -> String {
    if next == HOME || next.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?terug={}", url_encode(next))
    }
}

/// The log-in page that returns to `next` afterwards (always with `?terug=`).
pub fn log_in_then(next: &str) -> String {
    format!("{LOG_IN}?terug={}", url_encode(next))
}

/// `path` with a notice shown on arrival, before any `#fragment` and after any query.
pub fn with_notice(path: &str, notice: Notice) -> String {
    let (before, fragment) = path.split_at(path.find('#').unwrap_or(path.len()));
    let separator = if before.contains('?') { '&' } else { '?' };
    format!("{before}{separator}melding={}{fragment}", notice.code())
}

pub fn consultation(id: &ConsultationId) -> String {
    format!("/consultaties/{id}")
}

/// The list of reactions on the consultation's page, newest first or most supported first.
pub fn consultation_reactions(id: &ConsultationId, by_support: bool) -> String {
    if by_support {
        format!("/consultaties/{id}?volgorde=steun#reacties")
    } else {
        format!("/consultaties/{id}#reacties")
    }
}

/// Page `page` of the reactions on the consultation's page.
pub fn consultation_reactions_page(id: &ConsultationId, by_support: bool, page: i64) -> String {
    let order = if by_support { "volgorde=steun&" } else { "" };
    format!("/consultaties/{id}?{order}pagina={page}#reacties")
}

pub fn consultation_react(id: &ConsultationId) -> String {
    format!("/consultaties/{id}/reageren")
}

pub fn consultation_log(id: &ConsultationId) -> String {
    format!("/consultaties/{id}/logboek")
}

pub fn consultation_downloads(id: &ConsultationId) -> String {
    format!("/consultaties/{id}/downloads")
}

/// Where the files of an edition are downloaded: `{this}{file name}`.
pub fn consultation_export_base(id: &ConsultationId, full: bool) -> String {
    if full {
        format!("/consultaties/{id}/export/volledig/")
    } else {
        format!("/consultaties/{id}/export/")
    }
}

pub fn consultation_overview(id: &ConsultationId) -> String {
    format!("/consultaties/{id}/overzicht")
}

pub fn decision_point(consultation_id: &ConsultationId, number: i32) -> String {
    format!("/consultaties/{consultation_id}/beslispunten/{number}")
}

pub fn moderation_log(consultation_id: &ConsultationId) -> String {
    format!("/consultaties/{consultation_id}/moderatielogboek")
}

/// The published nota van beantwoording of a consultation (its newest version).
pub fn answer_note(consultation_id: &ConsultationId) -> String {
    format!("/consultaties/{consultation_id}/beantwoording")
}

pub fn answer_note_version(consultation_id: &ConsultationId, version: i32) -> String {
    format!("/consultaties/{consultation_id}/beantwoording/versie/{version}")
}

/// One answer in the published nota.
pub fn answer_in_note(consultation_id: &ConsultationId, number: i32) -> String {
    format!("/consultaties/{consultation_id}/beantwoording#antwoord-{number}")
}

pub fn thread(kind: SubjectKind, subject_id: &SubjectId) -> String {
    format!("/{}/{subject_id}/discussie", kind.path())
}

/// Page `page` of a thread (the first page is the thread itself).
pub fn thread_page(kind: SubjectKind, subject_id: &SubjectId, page: i64) -> String {
    format!("{}?pagina={page}", thread(kind, subject_id))
}

pub fn reaction(id: &ReactionId) -> String {
    format!("/reacties/{id}")
}

/// A position or scenario in place on its reaction's page (`#standpunt-2`, `#scenario-1`).
pub fn reaction_part(id: &ReactionId, anchor: &str, number: i32) -> String {
    format!("/reacties/{id}#{anchor}-{number}")
}

pub fn reaction_edit(id: &ReactionId) -> String {
    format!("/reacties/{id}/bewerken")
}

pub fn reaction_submit(id: &ReactionId) -> String {
    format!("/reacties/{id}/indienen")
}

pub fn reaction_versions(id: &ReactionId) -> String {
    format!("/reacties/{id}/versies")
}

pub fn reaction_restore(id: &ReactionId, version: i32) -> String {
    format!("/reacties/{id}/versies/{version}/terugzetten")
}

pub fn reaction_attachments(id: &ReactionId) -> String {
    format!("/reacties/{id}/bijlagen")
}

pub fn reaction_attachment_remove(id: &ReactionId, attachment_id: &AttachmentId) -> String {
    format!("/reacties/{id}/bijlagen/{attachment_id}/verwijderen")
}

pub fn reaction_check(id: &ReactionId) -> String {
    format!("/reacties/{id}/controle")
}

pub fn reaction_receipt(id: &ReactionId) -> String {
    format!("/reacties/{id}/ontvangstbevestiging")
}

pub fn reaction_withdraw(id: &ReactionId) -> String {
    format!("/reacties/{id}/intrekken")
}

pub fn reaction_speaking(id: &ReactionId) -> String {
    format!("/reacties/{id}/inspreken")
}

pub fn attachment(id: &AttachmentId) -> String {
    format!("/bijlagen/{id}")
}

/// The support page of a position or scenario (`kind` is the target kind's slug).
pub fn support(kind: &str, target_id: &TargetId) -> String {
    format!("/steun/{kind}/{target_id}")
}

pub fn support_with_account(kind: &str, target_id: &TargetId) -> String {
    format!("/steun/{kind}/{target_id}/account")
}

pub fn support_by_organisation(kind: &str, target_id: &TargetId) -> String {
    format!("/steun/{kind}/{target_id}/organisatie")
}

pub fn signature_confirm(token: &str) -> String {
    format!("/steun/bevestigen/{token}")
}

pub fn signature_withdraw(token: &str) -> String {
    format!("/steun/intrekken/{token}")
}

pub fn post(id: &PostId) -> String {
    format!("/berichten/{id}")
}

pub fn post_confirm(token: &str) -> String {
    format!("/berichten/bevestigen/{token}")
}

pub fn post_reply(id: &PostId) -> String {
    format!("/berichten/{id}/reageren")
}

pub fn post_edit(id: &PostId) -> String {
    format!("/berichten/{id}/wijzigen")
}

pub fn post_delete(id: &PostId) -> String {
    format!("/berichten/{id}/verwijderen")
}

pub fn post_flag(id: &PostId) -> String {
    format!("/berichten/{id}/melden")
}

pub fn post_review(id: &PostId) -> String {
    format!("/moderatie/berichten/{id}")
}

pub fn organisation(id: &OrganisationId) -> String {
    format!("/organisaties/{id}")
}

pub fn organisation_edit(id: &OrganisationId) -> String {
    format!("/organisaties/{id}/bewerken")
}

pub fn organisation_members(id: &OrganisationId) -> String {
    format!("/organisaties/{id}/leden")
}

pub fn organisation_member_role(id: &OrganisationId, user_id: &UserId) -> String {
    format!("/organisaties/{id}/leden/{user_id}/rol")
}

pub fn organisation_member_remove(id: &OrganisationId, user_id: &UserId) -> String {
    format!("/organisaties/{id}/leden/{user_id}/verwijderen")
}

pub fn organisation_invitations(id: &OrganisationId) -> String {
    format!("/organisaties/{id}/uitnodigingen")
}

pub fn organisation_secretary(id: &OrganisationId) -> String {
    format!("/organisaties/{id}/secretaris")
}

pub fn organisation_verification(id: &OrganisationId) -> String {
    format!("/organisaties/{id}/verificatie")
}

pub fn organisation_leave(id: &OrganisationId) -> String {
    format!("/organisaties/{id}/verlaten")
}

pub fn invitation(id: &InvitationId, signature: &str) -> String {
    format!("/uitnodigingen/{id}/{signature}")
}

pub fn unsubscribe(member_id: &CommitteeMemberId, signature: &str) -> String {
    format!("/afmelden/{member_id}/{signature}")
}

/// The link in the mail that confirms an account's address, returning to `next` after.
pub fn account_confirm(token: &str, next: &str) -> String {
    with_next(&format!("/account/bevestigen/{token}"), next)
}

/// The page behind the "wachtwoord vergeten" mail's link.
pub fn password_reset(token: &str) -> String {
    format!("/account/nieuw-wachtwoord/{token}")
}

/// The page behind the link mailed to a new address.
pub fn email_change_confirm(token: &str) -> String {
    format!("/account/e-mailadres/bevestigen/{token}")
}

/// The page behind the link mailed to the old address after a change.
pub fn email_revert(token: &str) -> String {
    format!("/account/e-mailadres/terugzetten/{token}")
}

pub fn unlock(token: &str) -> String {
    format!("/account/ontgrendelen/{token}")
}

pub fn manage_consultation(id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{id}")
}

pub fn manage_consultation_edit(id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{id}/bewerken")
}

pub fn manage_consultation_open(id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{id}/openen")
}

pub fn manage_consultation_archive(id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{id}/archiveren")
}

pub fn speakers(consultation_id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{consultation_id}/sprekers")
}

pub fn speaking_decision(request_id: &SpeakingRequestId) -> String {
    format!("/griffie/inspreekverzoeken/{request_id}/besluit")
}

pub fn support_review(consultation_id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{consultation_id}/steun")
}

pub fn incoming_documents(consultation_id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{consultation_id}/ingekomen-stukken")
}

/// The griffie's desk for the nota van beantwoording; its forms post below it.
pub fn answer_desk(consultation_id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{consultation_id}/beantwoording")
}

pub fn answer_desk_publish(consultation_id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{consultation_id}/beantwoording/publiceren")
}

pub fn answer_desk_new_version(consultation_id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{consultation_id}/beantwoording/nieuwe-versie")
}

pub fn answer_desk_new_answer(consultation_id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{consultation_id}/beantwoording/antwoorden/nieuw")
}

pub fn answer_desk_answer(consultation_id: &ConsultationId, group_id: &AnswerGroupId) -> String {
    format!("/griffie/consultaties/{consultation_id}/beantwoording/antwoorden/{group_id}")
}

pub fn answer_desk_answer_delete(
    consultation_id: &ConsultationId,
    group_id: &AnswerGroupId,
) -> String {
    format!(
        "/griffie/consultaties/{consultation_id}/beantwoording/antwoorden/{group_id}/verwijderen"
    )
}

pub fn answer_desk_answers(consultation_id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{consultation_id}/beantwoording/antwoorden")
}

pub fn answer_desk_writers(consultation_id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{consultation_id}/beantwoording/schrijvers")
}

pub fn answer_desk_writer_remove(consultation_id: &ConsultationId, user_id: &UserId) -> String {
    format!(
        "/griffie/consultaties/{consultation_id}/beantwoording/schrijvers/{user_id}/verwijderen"
    )
}

pub fn council_decision(consultation_id: &ConsultationId) -> String {
    format!("/griffie/consultaties/{consultation_id}/besluit")
}

pub fn new_consultation(council_slug: &str) -> String {
    format!("/griffie/{council_slug}/consultaties/nieuw")
}

pub fn council_consultations(council_slug: &str) -> String {
    format!("/griffie/{council_slug}/consultaties")
}

pub fn committees(council_slug: &str) -> String {
    format!("/griffie/{council_slug}/commissies")
}

pub fn districts(council_slug: &str) -> String {
    format!("/griffie/{council_slug}/wijken")
}

pub fn committee(id: &CommitteeId) -> String {
    format!("/griffie/commissies/{id}")
}

pub fn committee_members(id: &CommitteeId) -> String {
    format!("/griffie/commissies/{id}/leden")
}

pub fn committee_member_remove(id: &CommitteeId, member_id: &CommitteeMemberId) -> String {
    format!("/griffie/commissies/{id}/leden/{member_id}/verwijderen")
}

pub fn admin_council(id: &CouncilId) -> String {
    format!("/beheer/gemeenten/{id}")
}

/// The council's settings for its staff's single sign-on.
pub fn admin_council_sign_in(id: &CouncilId) -> String {
    format!("/beheer/gemeenten/{id}/inloggen")
}

pub fn admin_council_sign_in_remove(id: &CouncilId) -> String {
    format!("/beheer/gemeenten/{id}/inloggen/verwijderen")
}

/// Starts a staff member's sign-in through the identity provider of council `slug`.
pub fn council_sign_in(slug: &str) -> String {
    format!("/account/inloggen/gemeente/{slug}")
}

pub fn admin_user(user_id: &UserId) -> String {
    format!("/beheer/gebruikers?gebruiker={user_id}")
}

pub fn admin_user_roles(user_id: &UserId) -> String {
    format!("/beheer/gebruikers/{user_id}/rollen")
}

pub fn admin_user_two_factor_off(user_id: &UserId) -> String {
    format!("/beheer/gebruikers/{user_id}/tweestapsverificatie-uitzetten")
}

pub fn admin_user_role_revoke(user_id: &UserId) -> String {
    format!("/beheer/gebruikers/{user_id}/rollen/intrekken")
}

/// The outbox list filtered to one status (`pending`, `sent`, ...).
pub fn admin_mail(status: &str) -> String {
    format!("/beheer/mail?status={status}")
}

pub fn admin_mail_retry(id: &OutboxId) -> String {
    format!("/beheer/mail/{id}/opnieuw")
}

pub fn council_feed_atom(council_slug: &str) -> String {
    format!("/gemeenten/{council_slug}/consultaties.atom")
}

pub fn council_feed_json(council_slug: &str) -> String {
    format!("/gemeenten/{council_slug}/consultaties.json")
}

/// A committee's meeting on `day` (`YYYY-MM-DD`) as a calendar file.
pub fn meeting_calendar(council_slug: &str, committee_id: &CommitteeId, day: &str) -> String {
    format!("/gemeenten/{council_slug}/commissies/{committee_id}/vergaderingen/{day}.ics")
}

pub fn static_file(name: &str) -> String {
    format!("/static/{name}")
}

/// Declares [`Notice`] from one list of variants and the codes in the address (Dutch,
/// because people see them in their address bar), so that the list and the codes cannot
/// drift apart.
macro_rules! notices {
    ($($variant:ident => $code:literal,)+) => {
        /// What a redirect tells the person on arrival (`?melding=`). Only these codes show a
        /// text, so a link cannot put words of its own on our pages; views hold the wording.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Notice {
            $($variant,)+
        }

        impl Notice {
            const ALL: &[Self] = &[$(Self::$variant,)+];

            /// The code in the address.
            pub fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }
        }
    };
}

notices! {
    Welcome => "welkom",
    ConfirmationMailSent => "bevestigingsmail",
    ConfirmationMailLater => "bevestigingsmail-later",
    SupportCounted => "steun-telt",
    AlreadySupported => "al-gesteund",
    PasswordChanged => "wachtwoord-gewijzigd",
    PasswordReset => "nieuw-wachtwoord",
    NameChanged => "naam-gewijzigd",
    SessionsEnded => "overal-uitgelogd",
    EmailChangeSent => "e-mailadres-link",
    EmailChangeCancelled => "e-mailadres-ingetrokken",
    EmailChanged => "e-mailadres-gewijzigd",
    EmailRestored => "e-mailadres-teruggezet",
    AccountDeleted => "account-verwijderd",
    TwoFactorOff => "tweestapsverificatie-uit",
    TwoFactorReset => "tweestapsverificatie-uitgezet",
    TwoFactorNeeded => "tweestapsverificatie-nodig",
    SignInRemoved => "inloggen-via-gemeente-uit",
    Saved => "opgeslagen",
    VersionRestored => "versie-teruggezet",
    ConsultationDraftSaved => "concept-opgeslagen",
    ConsultationOpened => "geopend",
    ConsultationArchived => "gearchiveerd",
    CommitteeAdded => "commissie-toegevoegd",
    MemberAdded => "lid-toegevoegd",
    MemberRemoved => "lid-verwijderd",
    RoleGranted => "rol-gegeven",
    RoleRevoked => "rol-ingetrokken",
    MailRequeued => "opnieuw",
    DraftCreated => "concept-gemaakt",
    ReactionSubmitted => "ingediend",
    ReactionWithdrawn => "ingetrokken",
    AnswerNoteDrafted => "nota-concept",
    AnswerNotePublished => "nota-gepubliceerd",
    AnswerNotePublishedWithoutMail => "nota-gepubliceerd-zonder-mail",
    AnswerSaved => "antwoord-opgeslagen",
    AnswerDeleted => "antwoord-verwijderd",
    WriterAdded => "schrijver-toegevoegd",
    WriterRemoved => "schrijver-verwijderd",
    DecisionSaved => "besluit-opgeslagen",
    AttachmentAdded => "bijlage-toegevoegd",
    SpeakingRequested => "inspreekverzoek",
    OrganisationSupports => "organisatie-steunt",
    SpeakingDecided => "besluit",
    AttachmentRemoved => "bijlage-verwijderd",
    OrganisationRegistered => "organisatie-aangemaakt",
    Invited => "uitgenodigd",
    MemberRoleChanged => "rol-gewijzigd",
    SecretaryHandedOver => "secretaris-overgedragen",
    OrganisationLeft => "organisatie-verlaten",
    InvitationAccepted => "uitnodiging-aangenomen",
    AlreadyMember => "al-lid",
    OrganisationVerified => "geverifieerd",
    VerificationRevoked => "verificatie-ingetrokken",
    DistrictsReplaced => "wijken-vervangen",
    SupportApproved => "steun-goedgekeurd",
    SupportRejected => "steun-ongeldig",
    PostPublished => "bericht-geplaatst",
    PostAwaitsModeration => "bericht-wacht",
    PostAwaitsConfirmation => "bericht-bevestigen",
    PostEdited => "bericht-gewijzigd",
    PostDeleted => "bericht-verwijderd",
    PostFlagged => "bericht-gemeld",
    ModerationDecided => "moderatie-besluit",
    HouseRulesSaved => "huisregels-opgeslagen",
    Unlocked => "ontgrendeld",
}

impl Notice {
    /// The notice a code names; an unknown code names none (and shows nothing).
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|notice| notice.code() == code)
    }

    /// Reads `melding` from a query string: a code no notice has is no notice.
    pub fn deserialize_code<'de, D>(deserializer: D) -> Result<Option<Self>, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        let code = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(Self::parse(&code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_reads_back_from_its_own_code_and_codes_are_distinct() {
        for &notice in Notice::ALL {
            assert_eq!(Notice::parse(notice.code()), Some(notice));
        }
        let mut codes: Vec<_> = Notice::ALL.iter().map(|n| n.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Notice::ALL.len());
        assert_eq!(Notice::parse("<script>"), None);
    }

    #[test]
    fn a_notice_goes_before_the_fragment_and_after_a_query() {
        assert_eq!(
            with_notice("/account", Notice::Welcome),
            "/account?melding=welkom"
        );
        assert_eq!(
            with_notice(&reaction_edit(&"r1".into()), Notice::AttachmentAdded),
            "/reacties/r1/bewerken?melding=bijlage-toegevoegd"
        );
        assert_eq!(
            with_notice("/reacties/r1/bewerken#bijlagen", Notice::AttachmentRemoved),
            "/reacties/r1/bewerken?melding=bijlage-verwijderd#bijlagen"
        );
        assert_eq!(
            with_notice(&admin_mail("pending"), Notice::MailRequeued),
            "/beheer/mail?status=pending&melding=opnieuw"
        );
    }

    #[test]
    fn next_pages_are_encoded_and_the_home_page_needs_none() {
        assert_eq!(with_next(LOG_IN, "/"), "/account/inloggen");
        assert_eq!(
            with_next(REGISTER, "/steun/standpunt/p 1"),
            "/account/registreren?terug=/steun/standpunt/p%201"
        );
        assert_eq!(log_in_then("/a?b=c"), "/account/inloggen?terug=/a%3Fb%3Dc");
        assert_eq!(
            thread(SubjectKind::Scenario, &"s1".into()),
            "/scenarios/s1/discussie"
        );
    }
}
