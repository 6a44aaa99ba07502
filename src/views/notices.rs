//! What a person reads after a redirect that carries a [`Notice`].

use crate::paths::Notice;

pub fn text(notice: Notice) -> &'static str {
    match notice {
        Notice::Welcome => "Uw account is gemaakt. U bent ingelogd.",
        Notice::ConfirmationMailSent => {
            "We hebben de e-mail opnieuw gestuurd. Kijk ook in uw map met ongewenste e-mail."
        }
        Notice::ConfirmationMailLater => {
            "U heeft de e-mail al een paar keer gevraagd. Probeer het over een uur opnieuw."
        }
        Notice::SupportCounted => "Uw steun telt mee. Dank u wel.",
        Notice::AlreadySupported => "U steunt dit al. Uw steun telt één keer.",
        Notice::PasswordReset => {
            "Uw nieuwe wachtwoord is opgeslagen. Op alle apparaten bent u uitgelogd. Log hier in met uw nieuwe wachtwoord."
        }
        Notice::NameChanged => "Uw naam is gewijzigd.",
        Notice::SessionsEnded => "U bent op alle apparaten uitgelogd. Log hier opnieuw in.",
        Notice::EmailChangeSent => {
            "We hebben een link gestuurd naar het nieuwe adres. Open die link om de wijziging af te ronden. Tot dan blijft uw oude adres in gebruik."
        }
        Notice::EmailChangeCancelled => {
            "Uw verzoek is ingetrokken. Uw e-mailadres blijft zoals het was."
        }
        Notice::TwoFactorReset => {
            "Tweestapsverificatie staat uit voor deze gebruiker. Hij of zij heeft daarover een e-mail gekregen."
        }
        Notice::SignInRemoved => {
            "Inloggen via de gemeente staat uit. Medewerkers loggen weer in met hun wachtwoord en een code."
        }
        Notice::TwoFactorNeeded => {
            "U bent ingelogd. Voor uw werk voor de gemeente of als beheerder hebt u tweestapsverificatie nodig. Zet die hieronder aan; daarna kunt u meteen verder."
        }
        Notice::TwoFactorOff => {
            "Tweestapsverificatie staat uit. U logt weer alleen met uw wachtwoord in."
        }
        Notice::AccountDeleted => {
            "Uw account is verwijderd. U bent op alle apparaten uitgelogd. We hebben u een laatste e-mail gestuurd."
        }
        Notice::EmailChanged => {
            "Uw e-mailadres is gewijzigd. U logt voortaan in met het nieuwe adres."
        }
        Notice::EmailRestored => {
            "Uw oude e-mailadres is teruggezet. Op alle apparaten bent u uitgelogd. We hebben u een link gestuurd om een nieuw wachtwoord te kiezen."
        }
        Notice::PasswordChanged => {
            "Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd."
        }
        Notice::Saved => "De wijzigingen zijn opgeslagen.",
        Notice::VersionRestored => {
            "De oude versie is teruggezet. Zij is nu de nieuwste versie; niets uit de geschiedenis is weg."
        }
        Notice::ConsultationDraftSaved => "Het concept is opgeslagen. Alleen de griffie ziet het.",
        Notice::ConsultationOpened => "De inspraakronde is open. Iedereen kan nu reageren.",
        Notice::ConsultationArchived => "De inspraakronde is gearchiveerd.",
        Notice::CommitteeAdded => "De commissie is toegevoegd.",
        Notice::MemberAdded => "Het lid is toegevoegd.",
        Notice::MemberRemoved => "Het lid is verwijderd.",
        Notice::RoleGranted => "De rol is gegeven.",
        Notice::RoleRevoked => "De rol is ingetrokken.",
        Notice::MailRequeued => "De mail staat weer in de wachtrij.",
        Notice::DraftCreated => {
            "Uw concept is gemaakt. Alleen u (en de leden van uw organisatie) kunnen het zien."
        }
        Notice::ReactionSubmitted => {
            "Uw reactie is ingediend. U krijgt deze ontvangstbevestiging ook per e-mail."
        }
        Notice::ReactionWithdrawn => "De reactie is ingetrokken.",
        Notice::AnswerNoteDrafted => {
            "Er is een concept van de nota gemaakt. Alleen de schrijvers kunnen het zien."
        }
        Notice::AnswerNotePublished => {
            "De nota is gepubliceerd. Iedere indiener krijgt een e-mail met een link naar het antwoord."
        }
        Notice::AnswerNotePublishedWithoutMail => {
            "De nota is gepubliceerd. Er gaan geen e-mails uit: iedereen kreeg bij een eerdere versie al bericht."
        }
        Notice::AnswerSaved => "Het antwoord is opgeslagen.",
        Notice::AnswerDeleted => "Het antwoord is verwijderd.",
        Notice::WriterAdded => "De ambtenaar kan nu aan deze nota schrijven.",
        Notice::WriterRemoved => "De ambtenaar kan niet meer aan deze nota schrijven.",
        Notice::DecisionSaved => {
            "Het besluit is opgeslagen en staat op de pagina van de inspraakronde."
        }
        Notice::AttachmentAdded => "De bijlage is toegevoegd.",
        Notice::SpeakingRequested => {
            "U bent aangemeld om in te spreken. De griffie laat u per e-mail weten of het kan."
        }
        Notice::OrganisationSupports => "Uw organisatie steunt dit nu.",
        Notice::SpeakingDecided => "Het besluit is opgeslagen en de spreker krijgt een e-mail.",
        Notice::AttachmentRemoved => "De bijlage is verwijderd.",
        Notice::OrganisationRegistered => {
            "De organisatie is aangemeld. U bent de secretaris: nodig nu de andere leden uit."
        }
        Notice::Invited => "De uitnodiging is verstuurd.",
        Notice::MemberRoleChanged => "De rol is gewijzigd.",
        Notice::SecretaryHandedOver => {
            "De rol van secretaris is overgedragen. U bent nu bestuurslid."
        }
        Notice::OrganisationLeft => "U bent geen lid meer van de organisatie.",
        Notice::InvitationAccepted => "Welkom! U bent nu lid van de organisatie.",
        Notice::AlreadyMember => "U was al lid van deze organisatie. Er is niets veranderd.",
        Notice::OrganisationVerified => "De organisatie is gemarkeerd als geverifieerd.",
        Notice::VerificationRevoked => "De verificatie is ingetrokken.",
        Notice::DistrictsReplaced => {
            "De tabel met postcodes en wijken is vervangen. Nieuwe steun krijgt de wijk uit deze tabel."
        }
        Notice::SupportApproved => {
            "De steun is goedgekeurd. Iedere ondertekenaar krijgt een e-mail en telt mee na het bevestigen."
        }
        Notice::SupportRejected => {
            "De steun is ongeldig verklaard. Die telt niet mee en er gaat geen e-mail naar de ondertekenaars."
        }
        Notice::PostPublished => "Uw bericht is geplaatst.",
        Notice::PostAwaitsModeration => {
            "Uw bericht is ontvangen. Een moderator leest het eerst; daarna verschijnt het in de discussie."
        }
        Notice::PostAwaitsConfirmation => {
            "Kijk in uw mailbox. Uw bericht verschijnt pas als u op de link in de e-mail klikt en het bevestigt."
        }
        Notice::PostEdited => "Uw bericht is gewijzigd.",
        Notice::PostDeleted => "Uw bericht is verwijderd.",
        Notice::PostFlagged => {
            "Dank u. Uw melding is ontvangen. Als meer mensen het bericht melden, verbergen wij het tot een moderator het heeft bekeken."
        }
        Notice::ModerationDecided => {
            "Het besluit is opgeslagen, staat in het moderatielogboek en de schrijver krijgt een e-mail."
        }
        Notice::HouseRulesSaved => "De huisregels zijn opgeslagen.",
        Notice::Unlocked => "Dank u. U kunt op dit apparaat weer inloggen.",
    }
}
