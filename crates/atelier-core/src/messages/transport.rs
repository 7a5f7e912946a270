//! What the outbox asks of the network: a [`Transport`] sends one message
//! and says what became of it, sorted into "sent", "nothing left, try
//! again", "refused for good" or "maybe sent" — the four cases the
//! send-once rule ([`super::record_outcome`]) tells apart. The real
//! network (SMTP and an SMS provider) lives in atelier-messaging.

use super::Message;

/// What became of one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted.
    Sent,
    /// Nothing left: try again after the backoff.
    Retry(String),
    /// Refused for good.
    Failed(String),
    /// Maybe accepted: not to be sent again without a person.
    Unknown(String),
}

/// Something that sends a message.
pub trait Transport {
    /// Sends `m` once and says what happened.
    fn send(&self, m: &Message) -> Outcome;
}
