//! atelier-messaging: customers' messages leaving the workstation — e-mail
//! over SMTP and SMS through a provider's HTTP API ([`Network`]), the SMTP
//! password and SMS key in the OS keyring ([`Keyring`]), and the
//! [`sender`] thread that goes through the outbox.
//!
//! atelier-core keeps what decides: the outbox, templates, consent, and the
//! send-once rule (`claim_due`, `record_outcome`, `recover_interrupted`);
//! this crate only carries messages to the network and reports what became
//! of each, through core's `messages::Transport`. It imports core and never
//! the other way round; nothing here decides who gets a message, and
//! nothing here touches Tauri. The loopback SMTP server and SMS provider
//! tests send to are behind the `test-support` feature.

mod network;
mod secrets;
pub mod sender;
#[cfg(any(test, feature = "test-support"))]
pub mod test_servers;
#[cfg(test)]
mod tests;

pub use network::Network;
pub use secrets::Keyring;
