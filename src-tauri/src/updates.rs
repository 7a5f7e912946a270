//! Updates: looking for one, and installing it when the owner chooses.
//!
//! The manifest comes from the address the owner set in Réglages (their own
//! atelier-server, which serves `/v1/updates/{target}/{version}` from a
//! folder), else from the build's configuration. Whatever it announces is
//! installed only if its signature verifies against the public key built
//! into this application (`plugins.updater.pubkey` in `tauri.conf.json`;
//! the private key that signs releases is never in the repository). A
//! backup is taken before installing. No manifest or no network is a quiet
//! answer, never an error dialog.

use std::time::Duration;

use atelier_domain::Locale;
use serde::Serialize;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Error, Update, UpdaterExt};

use crate::{UiError, words};

const CHECK_TIMEOUT: Duration = Duration::from_secs(20);

/// What looking for an update found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum UpdateCheck {
    /// No update server is set for this workstation.
    NotConfigured,
    /// The server could not be reached: try again once online.
    Offline,
    /// This version is the latest (or the server has no manifest for it).
    UpToDate,
    /// A newer version is offered.
    Available {
        /// Its version.
        version: String,
        /// What it brings, as the publisher wrote it.
        notes: Option<String>,
        /// When it was published (RFC 3339).
        date: Option<String>,
    },
}

/// An update found, downloaded and verified, ready to install.
pub struct Verified {
    /// The update.
    pub update: Update,
    /// Its package, whose signature verified.
    pub bytes: Vec<u8>,
}

/// Asks the update server (`server` when the owner set one) what it offers.
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    server: Option<String>,
    locale: Locale,
) -> Result<UpdateCheck, UiError> {
    let found = match find(app, server).await {
        Ok(found) => found,
        Err(Found::NotConfigured) => return Ok(UpdateCheck::NotConfigured),
        Err(Found::Offline) => return Ok(UpdateCheck::Offline),
        Err(Found::Bad(e)) => return Err(invalid(&e, locale)),
    };
    Ok(match found {
        None => UpdateCheck::UpToDate,
        Some(u) => UpdateCheck::Available {
            version: u.version.clone(),
            notes: u.body.clone(),
            date: u.date.and_then(|d| {
                d.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            }),
        },
    })
}

/// Finds the update, downloads it and verifies its signature: `None` when
/// there is nothing to install. A package whose signature does not verify is
/// refused here, before anything is installed.
pub async fn download_verified<R: Runtime>(
    app: &AppHandle<R>,
    server: Option<String>,
    locale: Locale,
) -> Result<Option<Verified>, UiError> {
    let update = match find(app, server).await {
        Ok(Some(update)) => update,
        Ok(None) | Err(Found::NotConfigured) => return Ok(None),
        Err(Found::Offline) => return Err(offline(locale)),
        Err(Found::Bad(e)) => return Err(invalid(&e, locale)),
    };
    match update.download(|_, _| {}, || {}).await {
        Ok(bytes) => Ok(Some(Verified { update, bytes })),
        Err(e) if is_network(&e) => Err(offline(locale)),
        Err(e) => {
            tracing::error!(error = %e, "update refused");
            Err(unsigned(locale))
        }
    }
}

enum Found {
    NotConfigured,
    Offline,
    Bad(Error),
}

async fn find<R: Runtime>(
    app: &AppHandle<R>,
    server: Option<String>,
) -> Result<Option<Update>, Found> {
    let mut builder = app.updater_builder().timeout(CHECK_TIMEOUT);
    if let Some(server) = server {
        let url = server.parse().map_err(|_| Found::NotConfigured)?;
        builder = builder.endpoints(vec![url]).map_err(Found::Bad)?;
    }
    let updater = match builder.build() {
        Ok(updater) => updater,
        Err(Error::EmptyEndpoints) => return Err(Found::NotConfigured),
        Err(e) => return Err(Found::Bad(e)),
    };
    match updater.check().await {
        Ok(found) => Ok(found),
        Err(e) if is_network(&e) => Err(Found::Offline),
        // The server answered without a manifest for this version.
        Err(Error::ReleaseNotFound) => Ok(None),
        Err(e) => Err(Found::Bad(e)),
    }
}

fn is_network(e: &Error) -> bool {
    matches!(e, Error::Reqwest(_) | Error::Network(_) | Error::Io(_))
}

fn offline(locale: Locale) -> UiError {
    message("update_offline", words::update_offline(locale).to_owned())
}

fn unsigned(locale: Locale) -> UiError {
    message("update_unsigned", words::update_unsigned(locale).to_owned())
}

fn invalid(e: &Error, locale: Locale) -> UiError {
    tracing::warn!(error = %e, "update manifest refused");
    message("update_invalid", words::update_invalid(locale, e))
}

/// Installing failed: the plugin put the previous version back.
pub fn install_failed(locale: Locale) -> UiError {
    message("update_failed", words::update_failed(locale).to_owned())
}

fn message(code: &'static str, message: String) -> UiError {
    UiError {
        code,
        message,
        field: None,
        details: None,
    }
}
