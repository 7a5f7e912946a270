//! The refusals of campaigns, and how each is told to a person: the
//! campaigns area's catalogue of user-facing texts.

use atelier_domain::Locale;

use crate::messages::Channel;

/// Why a campaign was not launched or tested. Nothing was written or sent.
/// Reaches callers as [`crate::Error::Campaign`].
#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    /// Its audience holds nobody who may be written to.
    #[error("no consenting recipient")]
    NoRecipient,
    /// Its offer ended before today.
    #[error("campaign ended on {until}")]
    Ended {
        /// Its last day.
        until: String,
    },
    /// A channel it uses is not set up on this station.
    #[error("{channel:?} not set up")]
    NotReady {
        /// The channel.
        channel: Channel,
    },
    /// Its e-mails need the server's public address for the unsubscribe link.
    #[error("no public address for the unsubscribe link")]
    NoPublicUrl,
    /// Its SMS need the STOP number.
    #[error("no SMS STOP number")]
    NoStopNumber,
}

impl CampaignError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            CampaignError::NoRecipient => "no_recipient",
            CampaignError::Ended { .. } => "campaign_ended",
            CampaignError::NotReady { .. } => "messaging",
            CampaignError::NoPublicUrl | CampaignError::NoStopNumber => "campaign_settings",
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            CampaignError::NoRecipient if fr => "Aucun client ne peut recevoir cette campagne : personne dans l’audience n’a donné son accord (ou tous l’ont retiré) sur ses canaux. Élargissez les filtres ; rien n’a été envoyé.".to_owned(),
            CampaignError::NoRecipient => "No customer can receive this campaign: nobody in the audience agreed (or all withdrew) on its channels. Widen the filters; nothing was sent.".to_owned(),
            CampaignError::Ended { until } if fr => format!("Cette campagne s’est terminée le {} : changez sa période pour l’envoyer ; rien n’a été envoyé.", crate::text::format_date(until, locale)),
            CampaignError::Ended { until } => format!("This campaign ended on {}: change its period to send it; nothing was sent.", crate::text::format_date(until, locale)),
            CampaignError::NotReady { channel: Channel::Email } if fr => "Les e-mails ne sont pas réglés sur ce poste : renseignez le serveur SMTP dans Réglages › Messages ; rien n’a été envoyé.".to_owned(),
            CampaignError::NotReady { channel: Channel::Email } => "E-mail is not set up on this workstation: enter the SMTP server in Settings › Messages; nothing was sent.".to_owned(),
            CampaignError::NotReady { channel: Channel::Sms } if fr => "Les SMS ne sont pas réglés sur ce poste : renseignez le fournisseur SMS dans Réglages › Messages ; rien n’a été envoyé.".to_owned(),
            CampaignError::NotReady { channel: Channel::Sms } => "SMS is not set up on this workstation: enter the SMS provider in Settings › Messages; nothing was sent.".to_owned(),
            CampaignError::NoPublicUrl if fr => "Chaque e-mail porte un lien de désabonnement vers le serveur de l’atelier : renseignez son adresse publique dans Réglages › Campagnes ; rien n’a été envoyé.".to_owned(),
            CampaignError::NoPublicUrl => "Every e-mail carries an unsubscribe link to the workshop’s server: enter its public address in Settings › Campaigns; nothing was sent.".to_owned(),
            CampaignError::NoStopNumber if fr => "Chaque SMS se termine par « STOP au » et le numéro de votre fournisseur SMS : renseignez-le dans Réglages › Campagnes ; rien n’a été envoyé.".to_owned(),
            CampaignError::NoStopNumber => "Every SMS ends with « STOP au » and your SMS provider’s number: enter it in Settings › Campaigns; nothing was sent.".to_owned(),
        }
    }
}
