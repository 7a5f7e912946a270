//! Pure types shared by the Atelier desktop app and its sync server: typed
//! record ids, money in cents, VAT rates in basis points, the user's locale
//! and the hybrid logical clock that orders sync operations.
//!
//! This crate does no I/O and never reads the system clock (apart from the
//! timestamp inside a fresh UUIDv7): time is always passed in, so everything
//! here is deterministic and tested without a database.

pub mod hlc;
pub mod ids;
pub mod locale;
pub mod money;
pub mod vat;

pub use hlc::{Hlc, HlcClock, HlcError, Stamp};
pub use ids::{
    CustomerId, DeviceId, IdError, InvoiceId, OperationId, OrderId, SiteId, UserId, VehicleId,
};
pub use locale::{Locale, LocaleError};
pub use money::{Money, MoneyParseError};
pub use vat::{VatError, VatRate};
