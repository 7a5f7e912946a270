//! How this workstation sends messages: its SMTP server, its SMS provider's
//! HTTP API, and the templates. Local settings, never synced.
//!
//! The SMTP password and the SMS key are kept in the local settings table
//! of this workstation's database, never shown back to the UI (only
//! whether one is set): a known limit, the OS keyring is the better home.

use atelier_domain::Locale;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::secrets::Secrets;
use super::words::words;
use super::{Channel, MessageKind};
use crate::Result;
use crate::text::clean;
use crate::validation::{self, Field, Invalid, Problem, max_len};

const PREFIX: &str = "messages.";

/// The settings, as Réglages shows them: secrets only as "set or not".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MessageSettings {
    /// SMTP server host name.
    pub smtp_host: Option<String>,
    /// Its port (587 with STARTTLS, 465 with TLS, 25 plain).
    pub smtp_port: Option<u16>,
    /// `starttls` (default), `tls` or `none` (a server on the local network).
    pub smtp_security: String,
    /// SMTP login.
    pub smtp_user: Option<String>,
    /// Whether a password is stored.
    pub smtp_password_set: bool,
    /// The sender address.
    pub smtp_from: Option<String>,
    /// The SMS provider's API address.
    pub sms_url: Option<String>,
    /// Whether an API key is stored.
    pub sms_key_set: bool,
    /// The SMS sender name or number.
    pub sms_sender: Option<String>,
}

impl MessageSettings {
    /// Whether e-mail can be sent.
    pub fn email_ready(&self) -> bool {
        self.smtp_host.is_some() && self.smtp_from.is_some()
    }

    /// Whether SMS can be sent.
    pub fn sms_ready(&self) -> bool {
        self.sms_url.is_some()
    }

    /// Whether `channel` can be used.
    pub fn ready(&self, channel: Channel) -> bool {
        match channel {
            Channel::Email => self.email_ready(),
            Channel::Sms => self.sms_ready(),
        }
    }
}

/// The settings form. A blank password or key keeps the stored one;
/// `clear_secrets` removes both.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct MessageSettingsInput {
    /// Host.
    pub smtp_host: Option<String>,
    /// Port, as typed.
    pub smtp_port: Option<String>,
    /// `starttls`, `tls` or `none`.
    pub smtp_security: Option<String>,
    /// Login.
    pub smtp_user: Option<String>,
    /// New password, or blank to keep.
    pub smtp_password: Option<String>,
    /// Sender address.
    pub smtp_from: Option<String>,
    /// SMS API address.
    pub sms_url: Option<String>,
    /// New API key, or blank to keep.
    pub sms_key: Option<String>,
    /// SMS sender.
    pub sms_sender: Option<String>,
    /// Forget the stored password and key.
    pub clear_secrets: bool,
}

fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
        .query_row([format!("{PREFIX}{key}")], |r| r.get(0))
        .optional()?)
}

fn put(tx: &Transaction<'_>, key: &str, value: Option<&str>) -> Result<()> {
    let key = format!("{PREFIX}{key}");
    match value {
        Some(v) => tx
            .prepare_cached(
                "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute((key, v))?,
        None => tx
            .prepare_cached("DELETE FROM local_settings WHERE key = ?1")?
            .execute([key])?,
    };
    Ok(())
}

/// The settings of this workstation.
pub fn settings(conn: &Connection) -> Result<MessageSettings> {
    Ok(MessageSettings {
        smtp_host: get(conn, "smtp_host")?,
        smtp_port: get(conn, "smtp_port")?.and_then(|p| p.parse().ok()),
        smtp_security: get(conn, "smtp_security")?.unwrap_or_else(|| "starttls".into()),
        smtp_user: get(conn, "smtp_user")?,
        smtp_password_set: get(conn, SMTP_PASSWORD_KEPT)?.is_some()
            || get(conn, "smtp_password")?.is_some(),
        smtp_from: get(conn, "smtp_from")?,
        sms_url: get(conn, "sms_url")?,
        sms_key_set: get(conn, SMS_KEY_KEPT)?.is_some() || get(conn, "sms_key")?.is_some(),
        sms_sender: get(conn, "sms_sender")?,
    })
}

/// The markers saying a secret is in the keyring.
const SMTP_PASSWORD_KEPT: &str = "smtp_password_in_keyring";
const SMS_KEY_KEPT: &str = "sms_key_in_keyring";

/// The SMTP password and SMS key, for the sender only (atelier-messaging's
/// network hands them to the server and the provider; Réglages only ever
/// sees whether one is set): from `store` (the keyring), or as typed before
/// secrets moved there.
pub fn sending_secrets(
    conn: &Connection,
    store: &dyn Secrets,
) -> Result<(Option<String>, Option<String>)> {
    let read = |name: &str, kept: &str| -> Result<Option<String>> {
        if get(conn, kept)?.is_some() {
            store.get(name)
        } else {
            get(conn, name)
        }
    };
    Ok((
        read("smtp_password", SMTP_PASSWORD_KEPT)?,
        read("sms_key", SMS_KEY_KEPT)?,
    ))
}

/// Keeps, forgets or moves to the keyring one secret: `typed` is what the
/// form holds (blank keeps the stored one), `clear` forgets it.
fn keep_secret(
    tx: &Transaction<'_>,
    store: &dyn Secrets,
    name: &str,
    kept: &str,
    typed: Option<&str>,
    clear: bool,
) -> Result<()> {
    let legacy = get(tx, name)?;
    if let Some(value) = typed {
        store.set(name, Some(value))?;
        put(tx, kept, Some("1"))?;
        put(tx, name, None)?;
    } else if clear {
        if get(tx, kept)?.is_some() {
            store.set(name, None)?;
        }
        put(tx, kept, None)?;
        put(tx, name, None)?;
    } else if let Some(value) = legacy {
        // Typed before secrets moved to the keyring: moved now if a keyring
        // is there; otherwise it stays where it was, still used.
        if store.set(name, Some(&value)).is_ok() {
            put(tx, kept, Some("1"))?;
            put(tx, name, None)?;
        }
    }
    Ok(())
}

/// Saves the settings form; a password or key typed goes to `store` (the
/// OS keyring), and without one the whole form is refused, nothing saved.
pub fn save_settings(
    tx: &Transaction<'_>,
    input: &MessageSettingsInput,
    store: &dyn Secrets,
) -> Result<MessageSettings> {
    let host = clean(input.smtp_host.as_deref());
    max_len(Field::SmtpHost, host.as_deref(), 200)?;
    if host
        .as_deref()
        .is_some_and(|h| h.contains(char::is_whitespace) || h.contains('/'))
    {
        return Err(Invalid::new(Field::SmtpHost, Problem::NotAllowed).into());
    }
    let port = clean(input.smtp_port.as_deref())
        .map(|p| {
            p.parse::<u16>().ok().filter(|p| *p > 0).ok_or(Invalid::new(
                Field::SmtpPort,
                Problem::Number { min: 1, max: 65535 },
            ))
        })
        .transpose()?;
    let security = clean(input.smtp_security.as_deref()).unwrap_or_else(|| "starttls".into());
    if !["starttls", "tls", "none"].contains(&security.as_str()) {
        return Err(Invalid::new(Field::SmtpSecurity, Problem::NotAllowed).into());
    }
    let from = validation::email(Field::SmtpFrom, input.smtp_from.as_deref())?;
    let url = clean(input.sms_url.as_deref());
    if let Some(u) = &url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        return Err(Invalid::new(Field::SmsUrl, Problem::WebAddress).into());
    }
    let sender = clean(input.sms_sender.as_deref());
    max_len(Field::SmsSender, sender.as_deref(), 11)?;
    put(tx, "smtp_host", host.as_deref())?;
    put(tx, "smtp_port", port.map(|p| p.to_string()).as_deref())?;
    put(tx, "smtp_security", Some(&security))?;
    put(
        tx,
        "smtp_user",
        clean(input.smtp_user.as_deref()).as_deref(),
    )?;
    put(tx, "smtp_from", from.as_deref())?;
    put(tx, "sms_url", url.as_deref())?;
    put(tx, "sms_sender", sender.as_deref())?;
    keep_secret(
        tx,
        store,
        "smtp_password",
        SMTP_PASSWORD_KEPT,
        input.smtp_password.as_deref().filter(|p| !p.is_empty()),
        input.clear_secrets,
    )?;
    keep_secret(
        tx,
        store,
        "sms_key",
        SMS_KEY_KEPT,
        clean(input.sms_key.as_deref()).as_deref(),
        input.clear_secrets,
    )?;
    settings(tx)
}

/// A message template: a subject (e-mail) and a body. Placeholders:
/// `{client}`, `{vehicule}`, `{date}`, `{heure}`, `{atelier}`, `{rappel}`,
/// `{echeance}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// The e-mail's subject.
    pub subject: String,
    /// The text.
    pub body: String,
}

fn default_template(kind: MessageKind, locale: Locale) -> Template {
    let w = words(locale);
    let (subject, body) = match kind {
        MessageKind::Confirmation => (w.confirmation_subject, w.confirmation_body),
        MessageKind::Reminder => (w.reminder_subject, w.reminder_body),
        MessageKind::Satisfaction => (w.satisfaction_subject, w.satisfaction_body),
        // A campaign carries its own texts.
        MessageKind::Campaign | MessageKind::Test => ("", ""),
    };
    Template {
        subject: subject.into(),
        body: body.into(),
    }
}

fn template_key(kind: MessageKind, locale: Locale) -> String {
    format!("template.{}.{}", kind.as_str(), locale.as_str())
}

/// The template in use for `kind` in `locale`: the workshop's own, or the
/// built-in one.
pub fn template(conn: &Connection, kind: MessageKind, locale: Locale) -> Result<Template> {
    Ok(get(conn, &template_key(kind, locale))?
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| default_template(kind, locale)))
}

/// Saves the workshop's template; a blank body goes back to the built-in one.
pub fn save_template(
    tx: &Transaction<'_>,
    kind: MessageKind,
    locale: Locale,
    template: &Template,
) -> Result<Template> {
    let key = template_key(kind, locale);
    if template.body.trim().is_empty() {
        put(tx, &key, None)?;
    } else {
        max_len(Field::Template, Some(&template.body), 2000)?;
        max_len(Field::Template, Some(&template.subject), 200)?;
        put(tx, &key, Some(&serde_json::json!(template).to_string()))?;
    }
    self::template(tx, kind, locale)
}

/// `text` with its placeholders filled.
pub(crate) fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_owned(), |t, (k, v)| {
        t.replace(&format!("{{{k}}}"), v)
    })
}
