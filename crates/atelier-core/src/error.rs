//! The error every atelier-core function returns, and how it is told to a person.

use std::path::PathBuf;

use atelier_domain::Locale;
use rusqlite::ErrorCode;

use crate::customers::CustomerSummary;
use crate::orders::OrderStatus;
use crate::text::format_km;
use crate::validation::Invalid;

/// Shorthand for results of atelier-core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in atelier-core. Whatever the variant, a failed
/// write has written nothing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A person's input was refused.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// Another customer has the same phone, e-mail or SIREN: the person is
    /// asked whether it is the same customer before a second record is made.
    #[error("possible duplicate of {} customer(s)", matches.len())]
    Duplicate {
        /// The customers that match.
        matches: Vec<CustomerSummary>,
    },
    /// A customer cannot be merged into itself.
    #[error("a customer cannot be merged into itself")]
    SameCustomer,
    /// An odometer reading below the previous one, not confirmed as a meter
    /// replacement.
    #[error("mileage {last_km} km on {last_read_on} is higher than the new reading")]
    MileageLower {
        /// The previous reading.
        last_km: i64,
        /// Its date (YYYY-MM-DD).
        last_read_on: String,
    },
    /// A record asked for by id does not exist (or was deleted).
    #[error("{entity} {id} not found")]
    NotFound {
        /// The kind of record, e.g. `customer`.
        entity: &'static str,
        /// The id that was asked for.
        id: String,
    },
    /// The local database failed.
    #[error("database: {0}")]
    Storage(#[from] rusqlite::Error),
    /// The database could not be brought to this version's schema.
    #[error("migrating the database: {0}")]
    Migration(#[from] refinery::Error),
    /// The data directory could not be created.
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file for the person could not be written.
    #[error("cannot write {path}: {source}")]
    Export {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The person signed in may not do this.
    #[error("forbidden: {action:?}")]
    Forbidden {
        /// What they tried.
        action: crate::access::Action,
    },
    /// Wrong login or password (or PIN): the same answer for both, so it does
    /// not tell which logins exist.
    #[error("sign-in failed")]
    SignInFailed,
    /// Too many failures: the next attempt must wait.
    #[error("sign-in throttled for {wait_s} s")]
    SignInThrottled {
        /// Seconds to wait.
        wait_s: u64,
    },
    /// Too many failures: the account is locked for a while.
    #[error("account locked for {minutes} min")]
    AccountLocked {
        /// Minutes left.
        minutes: u64,
    },
    /// The account was deactivated by the owner.
    #[error("account deactivated")]
    AccountDisabled,
    /// The user has no PIN: they sign in with their password.
    #[error("no PIN set")]
    NoPin,
    /// Nobody is signed in at this workstation (or the screen locked itself).
    #[error("nobody is signed in")]
    NotSignedIn,
    /// A stored value does not parse: the database was changed outside Atelier.
    #[error("unreadable value in {0}")]
    Corrupt(&'static str),
    /// An order may not move from one status to the other (or not this way).
    #[error("an order cannot go from {from:?} to {to:?}")]
    IllegalTransition {
        /// Its status.
        from: OrderStatus,
        /// The status asked for.
        to: OrderStatus,
    },
    /// The order is invoiced: nothing about it changes any more.
    #[error("order {number} is invoiced")]
    OrderFrozen {
        /// Its number.
        number: String,
    },
    /// The order is cancelled.
    #[error("order {number} is cancelled")]
    OrderCancelled {
        /// Its number.
        number: String,
    },
    /// A checklist step ticked (or unticked) out of order.
    #[error("step {step:?} waits for {waiting:?}")]
    StepOutOfOrder {
        /// The step asked for.
        step: String,
        /// The step to tick (or untick) first.
        waiting: String,
    },
    /// A job marked done with steps left and no reason why.
    #[error("{left} step(s) left")]
    StepsLeft {
        /// How many steps are not ticked.
        left: u32,
    },
    /// The mechanic's clock already runs on this order.
    #[error("clock already running")]
    ClockRunning,
    /// The mechanic's clock is not running (or not started) on this order.
    #[error("clock not running")]
    ClockNotRunning,
    /// The supplement was already approved or declined.
    #[error("supplement already settled")]
    SupplementSettled,
    /// The customer signed the estimate: its agreed lines stay as signed and
    /// new work goes into a supplement.
    #[error("estimate {number} is signed")]
    EstimateSigned {
        /// The order's number.
        number: String,
    },
    /// The backup folder cannot be used.
    #[error("backup folder {path}: {detail}")]
    BackupFolder {
        /// The folder.
        path: std::path::PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// Reading or writing a backup failed.
    #[error("backup {path}: {source}")]
    BackupIo {
        /// The file or folder.
        path: std::path::PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A backup failed its integrity check (or is not an Atelier database).
    #[error("backup {name} is damaged: {report}")]
    BackupDamaged {
        /// The backup's file name.
        name: String,
        /// What the check said.
        report: String,
    },
    /// The backup was written by a newer Atelier than this one.
    #[error("backup schema {version} is newer than {ours}")]
    BackupTooNew {
        /// The backup's schema version.
        version: u32,
        /// This build's.
        ours: u32,
    },
    /// The database stayed locked for the whole backup.
    #[error("database busy during the backup")]
    BackupBusy,
    /// A document could not be laid out as PDF.
    #[error("document: {0}")]
    Document(#[from] atelier_pdf::Error),
    /// The invoice is issued: it never changes again; a credit note corrects it.
    #[error("invoice {number} is issued")]
    InvoiceIssued {
        /// Its number.
        number: String,
    },
    /// The invoice is still a draft: it has no number, nothing is paid on it.
    #[error("invoice draft not issued")]
    InvoiceDraft,
    /// The invoice is issued but its PDF is not stored yet (the station
    /// stopped between issuing and storing it): opening or printing it
    /// through [`crate::invoices::store_pdf`] renders and stores it.
    #[error("invoice {number}: PDF not stored yet")]
    InvoicePdfNotStored {
        /// Its number.
        number: String,
    },
    /// The invoice was cancelled by credit notes for its whole amount.
    #[error("invoice {number} is cancelled")]
    InvoiceCancelled {
        /// Its number.
        number: String,
    },
    /// Sync with the server did not happen.
    #[error("sync: {0}")]
    Sync(#[from] crate::sync::SyncError),
    /// The payment was already reversed (or is itself a reversal).
    #[error("payment already reversed")]
    PaymentReversed,
    /// A booking over another appointment of the same bay or mechanic, or
    /// outside their working hours: written only when the person confirms
    /// (the call is repeated with `force`).
    #[error("planning conflict: {clashes:?}, outside hours: {outside_hours}")]
    PlanningConflict {
        /// Who is already booked then ("Pont 2 : Mme Durand 09:00–10:30").
        clashes: Vec<String>,
        /// Whether the slot falls outside the working hours (or a day off).
        outside_hours: bool,
    },
    /// Messages cannot be sent: the settings are missing or refused.
    #[error("messaging: {0}")]
    Messaging(String),
}

impl Error {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) | Error::SameCustomer => "validation",
            Error::Duplicate { .. } => "duplicate",
            Error::MileageLower { .. } => "mileage_lower",
            Error::NotFound { .. } => "not_found",
            Error::Storage(e) if is_busy(e) => "busy",
            Error::Storage(_)
            | Error::Migration(_)
            | Error::DataDir { .. }
            | Error::Export { .. } => "storage",
            Error::Corrupt(_) => "corrupt",
            Error::Forbidden { .. } => "forbidden",
            Error::NotSignedIn => "not_signed_in",
            Error::SignInFailed => "sign_in_failed",
            Error::SignInThrottled { .. } => "sign_in_throttled",
            Error::AccountLocked { .. } => "account_locked",
            Error::AccountDisabled => "account_disabled",
            Error::NoPin => "no_pin",
            Error::IllegalTransition { .. } => "illegal_transition",
            Error::OrderFrozen { .. } => "order_frozen",
            Error::OrderCancelled { .. } => "order_cancelled",
            Error::StepOutOfOrder { .. } => "step_out_of_order",
            Error::StepsLeft { .. } => "steps_left",
            Error::ClockRunning => "clock_running",
            Error::ClockNotRunning => "clock_not_running",
            Error::SupplementSettled => "supplement_settled",
            Error::EstimateSigned { .. } => "estimate_signed",
            Error::BackupFolder { .. } => "backup_folder",
            Error::BackupIo { .. } => "backup_io",
            Error::BackupDamaged { .. } => "backup_damaged",
            Error::BackupTooNew { .. } => "backup_too_new",
            Error::BackupBusy => "backup_busy",
            Error::Document(_) => "document",
            Error::InvoiceIssued { .. } => "invoice_issued",
            Error::InvoiceDraft => "invoice_draft",
            Error::InvoiceCancelled { .. } => "invoice_cancelled",
            Error::InvoicePdfNotStored { .. } => "invoice_pdf_not_stored",
            Error::PaymentReversed => "payment_reversed",
            Error::Sync(e) => e.code(),
            Error::PlanningConflict { clashes, .. } if !clashes.is_empty() => "overbooked",
            Error::PlanningConflict { .. } => "outside_hours",
            Error::Messaging(_) => "messaging",
        }
    }

    /// The input field at fault, for validation errors.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Invalid(i) => Some(i.field.name()),
            _ => None,
        }
    }

    /// Data the UI needs to act on the error: the matching customers of a
    /// duplicate, the previous reading of a lower mileage.
    pub fn details(&self) -> Option<serde_json::Value> {
        match self {
            Error::Duplicate { matches } => Some(serde_json::json!({ "matches": matches })),
            Error::MileageLower {
                last_km,
                last_read_on,
            } => Some(serde_json::json!({ "last_km": last_km, "last_read_on": last_read_on })),
            Error::SignInThrottled { wait_s } => Some(serde_json::json!({ "wait_s": wait_s })),
            Error::IllegalTransition { from, to } => {
                Some(serde_json::json!({ "from": from, "to": to }))
            }
            Error::StepsLeft { left } => Some(serde_json::json!({ "left": left })),
            Error::Sync(crate::sync::SyncError::Refused { code, .. }) => {
                Some(serde_json::json!({ "server_code": code }))
            }
            Error::PlanningConflict {
                clashes,
                outside_hours,
            } => Some(serde_json::json!({ "clashes": clashes, "outside_hours": outside_hours })),
            _ => None,
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            Error::Invalid(i) => i.message(locale),
            Error::Duplicate { matches } if fr => match matches.as_slice() {
                [one] => format!("{} a déjà ce téléphone, cet e-mail ou ce SIREN. Est-ce le même client ?", one.display_name),
                _ => format!("{} clients ont déjà ce téléphone, cet e-mail ou ce SIREN. Est-ce l’un d’eux ?", matches.len()),
            },
            Error::Duplicate { matches } => match matches.as_slice() {
                [one] => format!("{} already has this phone, e-mail or SIREN. Is it the same customer?", one.display_name),
                _ => format!("{} customers already have this phone, e-mail or SIREN. Is it one of them?", matches.len()),
            },
            Error::SameCustomer if fr => "Choisissez un autre client : un client ne peut pas être fusionné avec lui-même.".to_owned(),
            Error::SameCustomer => "Choose another customer: a customer cannot be merged with itself.".to_owned(),
            Error::MileageLower { last_km, last_read_on } if fr => format!(
                "Ce relevé est inférieur au précédent ({} le {}). Le compteur a-t-il été remplacé ?",
                format_km(*last_km, locale),
                crate::text::format_date(last_read_on, locale)
            ),
            Error::MileageLower { last_km, last_read_on } => format!(
                "This reading is lower than the previous one ({} on {}). Was the meter replaced?",
                format_km(*last_km, locale),
                crate::text::format_date(last_read_on, locale)
            ),
            Error::NotFound { .. } if fr => {
                "Cet élément n’existe plus : il a peut-être été supprimé. Actualisez la liste."
                    .to_owned()
            }
            Error::NotFound { .. } => {
                "This item no longer exists: it may have been deleted. Refresh the list.".to_owned()
            }
            Error::Storage(e) if is_busy(e) && fr => "La base de données est occupée par une autre fenêtre d’Atelier. Réessayez dans un instant ; rien n’a été enregistré.".to_owned(),
            Error::Storage(e) if is_busy(e) => "The database is busy in another Atelier window. Try again in a moment; nothing was saved.".to_owned(),
            Error::Storage(e) if fr => format!("La base de données locale a refusé l’opération ; rien n’a été enregistré. Vérifiez l’espace disque. Détail : {e}"),
            Error::Storage(e) => format!("The local database refused the operation; nothing was saved. Check the free disk space. Detail: {e}"),
            Error::Migration(e) if fr => format!("La base de données n’a pas pu être mise à jour pour cette version d’Atelier. Détail : {e}"),
            Error::Migration(e) => format!("The database could not be upgraded for this version of Atelier. Detail: {e}"),
            Error::DataDir { path, source } if fr => format!("Impossible de créer le dossier de données {} : {source}", path.display()),
            Error::DataDir { path, source } => format!("Cannot create the data folder {}: {source}", path.display()),
            Error::Export { path, source } if fr => format!("Impossible d’écrire le fichier {} : {source}. Vérifiez l’espace disque et les droits du dossier.", path.display()),
            Error::Export { path, source } => format!("Cannot write the file {}: {source}. Check the free disk space and the folder’s permissions.", path.display()),
            Error::Forbidden { action } if fr => format!(
                "Votre profil ne vous permet pas de {}. Demandez au gérant, ou changez d’utilisateur.",
                action.phrase(locale)
            ),
            Error::Forbidden { action } => format!(
                "Your role does not allow you to {}. Ask the owner, or switch user.",
                action.phrase(locale)
            ),
            Error::NotSignedIn if fr => "Identifiez-vous pour continuer : le poste a été verrouillé.".to_owned(),
            Error::NotSignedIn => "Sign in to continue: this workstation was locked.".to_owned(),
            Error::SignInFailed if fr => "Identifiant, mot de passe ou code PIN incorrect.".to_owned(),
            Error::SignInFailed => "Wrong login, password or PIN.".to_owned(),
            Error::SignInThrottled { wait_s } if fr => format!("Trop d’essais manqués : patientez {wait_s} s avant de réessayer."),
            Error::SignInThrottled { wait_s } => format!("Too many failed attempts: wait {wait_s} s before trying again."),
            Error::AccountLocked { minutes } if fr => format!("Ce compte est bloqué après trop d’essais manqués. Réessayez dans {minutes} min ou demandez au gérant."),
            Error::AccountLocked { minutes } => format!("This account is locked after too many failed attempts. Try again in {minutes} min or ask the owner."),
            Error::AccountDisabled if fr => "Ce compte a été désactivé. Demandez au gérant.".to_owned(),
            Error::AccountDisabled => "This account was deactivated. Ask the owner.".to_owned(),
            Error::NoPin if fr => "Cet utilisateur n’a pas de code PIN : identifiez-vous avec le mot de passe.".to_owned(),
            Error::NoPin => "This user has no PIN: sign in with the password.".to_owned(),
            Error::Corrupt(place) if fr => format!("Une donnée illisible a été trouvée ({place}) : la base a été modifiée hors d’Atelier. Restaurez une sauvegarde."),
            Error::Corrupt(place) => format!("Unreadable data was found ({place}): the database was changed outside Atelier. Restore a backup."),
            Error::IllegalTransition { from, to } => crate::orders::status::refusal(*from, *to, locale),
            Error::OrderFrozen { number } if fr => format!("{number} est facturé : il ne peut plus être modifié. Pour corriger, établissez un avoir."),
            Error::OrderFrozen { number } => format!("{number} is invoiced: it can no longer be changed. To correct it, issue a credit note."),
            Error::OrderCancelled { number } if fr => format!("{number} est annulé : créez un nouveau devis pour reprendre ce travail."),
            Error::OrderCancelled { number } => format!("{number} is cancelled: create a new estimate to take this work up again."),
            Error::StepOutOfOrder { step, waiting } if fr => format!("Les étapes se cochent dans l’ordre : terminez d’abord « {waiting} » avant « {step} »."),
            Error::StepOutOfOrder { step, waiting } => format!("Steps are ticked in order: finish “{waiting}” before “{step}”."),
            Error::StepsLeft { left } if fr => format!("Il reste {left} étape(s) à cocher : cochez-les, ou indiquez pourquoi le travail est terminé quand même."),
            Error::StepsLeft { left } => format!("{left} step(s) are not ticked: tick them, or say why the job is done anyway."),
            Error::ClockRunning if fr => "Votre pointage tourne déjà sur cet ordre : mettez-le en pause ou arrêtez-le d’abord.".to_owned(),
            Error::ClockRunning => "Your clock is already running on this order: pause or stop it first.".to_owned(),
            Error::ClockNotRunning if fr => "Votre pointage ne tourne pas sur cet ordre : démarrez-le d’abord.".to_owned(),
            Error::ClockNotRunning => "Your clock is not running on this order: start it first.".to_owned(),
            Error::SupplementSettled if fr => "Le client a déjà répondu à ces travaux complémentaires : créez-en de nouveaux pour proposer autre chose.".to_owned(),
            Error::SupplementSettled => "The customer already answered this supplement: create a new one to propose more work.".to_owned(),
            Error::EstimateSigned { number } if fr => format!("Le client a signé le devis de {number} : ses lignes restent telles qu’il les a acceptées. Ajoutez les nouveaux travaux dans un supplément, qu’il approuvera à son tour."),
            Error::EstimateSigned { number } => format!("The customer signed the estimate of {number}: its lines stay as agreed. Add new work in a supplement for the customer to approve."),
            Error::BackupFolder { path, detail } if fr => format!("Impossible d’enregistrer les sauvegardes dans {} : choisissez un dossier existant où Atelier peut écrire (chemin complet). Détail : {detail}", path.display()),
            Error::BackupFolder { path, detail } => format!("Backups cannot be written to {}: choose an existing folder Atelier can write to (full path). Detail: {detail}", path.display()),
            Error::BackupIo { path, source } if fr => format!("La sauvegarde n’a pas pu être écrite ou lue ({}) : vérifiez que le disque ou la clé USB est branché et a de la place. Détail : {source}", path.display()),
            Error::BackupIo { path, source } => format!("The backup could not be written or read ({}): check the disk or USB key is plugged in and has room. Detail: {source}", path.display()),
            Error::BackupDamaged { name, report } if fr => format!("La sauvegarde {name} est endommagée ou n’est pas une base Atelier : elle n’a pas été utilisée. Détail : {report}"),
            Error::BackupDamaged { name, report } => format!("The backup {name} is damaged or not an Atelier database: it was not used. Detail: {report}"),
            Error::BackupTooNew { .. } if fr => "Cette sauvegarde vient d’une version plus récente d’Atelier : mettez d’abord Atelier à jour sur ce poste.".to_owned(),
            Error::BackupTooNew { .. } => "This backup comes from a newer version of Atelier: update Atelier on this workstation first.".to_owned(),
            Error::BackupBusy if fr => "La base est restée occupée pendant la sauvegarde : réessayez dans un instant.".to_owned(),
            Error::BackupBusy => "The database stayed busy during the backup: try again in a moment.".to_owned(),
            Error::Document(e) if fr => format!("Le document n’a pas pu être produit ; vérifiez le logo de l’atelier dans Réglages (une image PNG). Détail : {e}"),
            Error::Document(e) => format!("The document could not be produced; check the workshop’s logo in Settings (a PNG image). Detail: {e}"),
            Error::InvoiceIssued { number } if fr => format!("La facture {number} est émise : elle ne peut plus être modifiée ni supprimée. Pour la corriger, établissez un avoir."),
            Error::InvoiceIssued { number } => format!("Invoice {number} is issued: it can no longer be changed or deleted. To correct it, issue a credit note."),
            Error::InvoiceDraft if fr => "Cette facture est un brouillon : émettez-la d’abord.".to_owned(),
            Error::InvoiceDraft => "This invoice is a draft: issue it first.".to_owned(),
            Error::InvoicePdfNotStored { number } if fr => format!("Le PDF de la facture {number} n’est pas encore enregistré : ouvrez-la ou imprimez-la pour l’enregistrer."),
            Error::InvoicePdfNotStored { number } => format!("The PDF of invoice {number} is not stored yet: open or print it to store it."),
            Error::InvoiceCancelled { number } if fr => format!("La facture {number} est annulée par avoir : plus rien ne s’y règle ni ne s’y déduit."),
            Error::InvoiceCancelled { number } => format!("Invoice {number} is cancelled by credit notes: nothing more is paid or credited on it."),
            Error::PaymentReversed if fr => "Ce règlement est déjà annulé (ou c’est lui-même une annulation) : rien n’a été enregistré.".to_owned(),
            Error::PaymentReversed => "This payment is already reversed (or is itself a reversal): nothing was saved.".to_owned(),
            Error::Sync(e) => e.message(locale),
            Error::PlanningConflict { clashes, outside_hours } => {
                let mut parts = Vec::new();
                if !clashes.is_empty() {
                    parts.push(if fr {
                        format!("Ce créneau est déjà pris ({}).", clashes.join(" ; "))
                    } else {
                        format!("This slot is already taken ({}).", clashes.join("; "))
                    });
                }
                if *outside_hours {
                    parts.push(if fr {
                        "Il tombe en dehors des horaires de travail.".to_owned()
                    } else {
                        "It falls outside the working hours.".to_owned()
                    });
                }
                parts.push(if fr {
                    "Confirmez pour réserver quand même, ou choisissez un autre créneau.".to_owned()
                } else {
                    "Confirm to book it anyway, or choose another slot.".to_owned()
                });
                parts.join(" ")
            }
            Error::Messaging(detail) if fr => format!("Les messages ne peuvent pas partir : {detail}. Vérifiez les réglages des messages."),
            Error::Messaging(detail) => format!("Messages cannot be sent: {detail}. Check the message settings."),
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}
