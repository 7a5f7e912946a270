//! Handing a message to the network: SMTP (lettre, rustls) and an SMS
//! provider's HTTP API (ureq, rustls), each failure sorted into "nothing
//! left, try again", "refused for good" or "maybe sent".

use std::time::Duration;

use atelier_core::messages::secrets::Secrets;
use atelier_core::messages::{
    Channel, Message, MessageSettings, Outcome, Transport, sending_secrets, settings,
};
use atelier_core::{Connection, Result};
use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{SmtpTransport, Transport as _};

const TIMEOUT: Duration = Duration::from_secs(20);

/// The real network, as this workstation's settings say.
#[derive(Debug)]
pub struct Network {
    settings: MessageSettings,
    smtp_password: Option<String>,
    sms_key: Option<String>,
}

impl Network {
    /// The transport with this workstation's settings, its secrets read
    /// from `store` (the OS keyring).
    pub fn load(conn: &Connection, store: &dyn Secrets) -> Result<Network> {
        let (smtp_password, sms_key) = sending_secrets(conn, store)?;
        Ok(Network {
            settings: settings(conn)?,
            smtp_password,
            sms_key,
        })
    }

    /// The SMTP transport the settings describe, or why a message must wait.
    fn smtp(&self) -> std::result::Result<SmtpTransport, Outcome> {
        let s = &self.settings;
        let host = s
            .smtp_host
            .clone()
            .ok_or_else(|| Outcome::Retry("no SMTP server".into()))?;
        let tls = || TlsParameters::new(host.clone()).map_err(|e| Outcome::Retry(e.to_string()));
        let (tls, default_port) = match s.smtp_security.as_str() {
            "none" => (Tls::None, 25),
            "tls" => (Tls::Wrapper(tls()?), 465),
            _ => (Tls::Required(tls()?), 587),
        };
        let mut b = SmtpTransport::builder_dangerous(host.as_str())
            .port(s.smtp_port.unwrap_or(default_port))
            .tls(tls)
            .timeout(Some(TIMEOUT));
        if let (Some(user), Some(pass)) = (&s.smtp_user, &self.smtp_password) {
            b = b.credentials(Credentials::new(user.clone(), pass.clone()));
        }
        Ok(b.build())
    }

    fn email(&self, m: &Message) -> Outcome {
        let from: Mailbox = match self.settings.smtp_from.as_deref().map(str::parse) {
            Some(Ok(f)) => f,
            _ => return Outcome::Retry("no sender address".into()),
        };
        let to: Mailbox = match m.recipient.parse() {
            Ok(t) => t,
            Err(e) => return Outcome::Failed(format!("recipient: {e}")),
        };
        let mut builder = lettre::Message::builder()
            .from(from)
            .to(to)
            .subject(m.subject.clone().unwrap_or_default())
            .header(ContentType::TEXT_PLAIN);
        if let Some(url) = &m.unsubscribe_url {
            // RFC 2369 and RFC 8058: the reader's « Se désabonner » button,
            // one click, a POST to the link (the workshop's server).
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        let email = match builder.body(m.body.clone()) {
            Ok(e) => e,
            Err(e) => return Outcome::Failed(e.to_string()),
        };
        let smtp = match self.smtp() {
            Ok(t) => t,
            Err(waiting) => return waiting,
        };
        // Nothing leaves before the server answered a connection: a failure
        // here proves the message was not handed over.
        match smtp.test_connection() {
            Ok(true) => {}
            Ok(false) => return Outcome::Retry("SMTP server not ready".into()),
            Err(e) => return Outcome::Retry(e.to_string()),
        }
        match smtp.send(&email) {
            Ok(_) => Outcome::Sent,
            Err(e) if e.is_permanent() => Outcome::Failed(e.to_string()),
            Err(e) if e.is_transient() => Outcome::Retry(e.to_string()),
            Err(e) => Outcome::Unknown(e.to_string()),
        }
    }

    fn sms(&self, m: &Message) -> Outcome {
        let Some(url) = &self.settings.sms_url else {
            return Outcome::Retry("no SMS provider".into());
        };
        let body = serde_json::json!({
            "to": m.recipient, "from": self.settings.sms_sender, "text": m.body, "id": m.id,
        });
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .http_status_as_error(false)
            .build()
            .into();
        let mut req = agent
            .post(url)
            .header("Idempotency-Key", &m.id.to_string())
            .header("Content-Type", "application/json");
        if let Some(key) = &self.sms_key {
            req = req.header("Authorization", &format!("Bearer {key}"));
        }
        match req.send(body.to_string().as_bytes()) {
            Ok(resp) => {
                let code = resp.status().as_u16();
                match code {
                    200..=299 => Outcome::Sent,
                    429 | 500..=599 => Outcome::Retry(format!("HTTP {code}")),
                    _ => Outcome::Failed(format!("HTTP {code}")),
                }
            }
            Err(e @ (ureq::Error::ConnectionFailed | ureq::Error::HostNotFound)) => {
                Outcome::Retry(e.to_string())
            }
            Err(e @ ureq::Error::BadUri(_)) => Outcome::Failed(e.to_string()),
            Err(e) => Outcome::Unknown(e.to_string()),
        }
    }
}

impl Transport for Network {
    fn send(&self, m: &Message) -> Outcome {
        match m.channel {
            Channel::Email => self.email(m),
            Channel::Sms => self.sms(m),
        }
    }
}
