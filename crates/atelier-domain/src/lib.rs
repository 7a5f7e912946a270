//! Pure types shared by the Atelier desktop app and its sync server: typed
//! record ids, money in cents, VAT rates and discounts (`Percent`) in basis
//! points, the reports' ratios, quantities in thousandths, the user's locale
//! and the hybrid logical clock that orders sync operations; and the
//! identifiers a workshop types every day, each parsed into a canonical
//! form: registration plates, VINs, SIREN/SIRET, intra-EU VAT numbers,
//! telephone numbers and e-mail addresses, and a bench's OBD adapter's
//! address.
//!
//! This crate does no I/O and never reads the system clock (apart from the
//! timestamp inside a fresh UUIDv7): time is always passed in, so everything
//! here is deterministic and tested without a database.

pub mod adapter_address;
pub mod email;
pub mod hlc;
pub mod ids;
pub mod locale;
pub mod money;
pub mod offsite;
pub mod percent;
pub mod phone;
pub mod plate;
pub mod quantity;
pub mod siren;
pub mod sync;
pub mod vat;
pub mod vat_number;
pub mod vin;

pub use adapter_address::{AdapterAddress, AdapterAddressError};
pub use email::{DomainProblem, Email, EmailError, LocalPartProblem};
pub use hlc::{Hlc, HlcClock, HlcError, Stamp};
pub use ids::*;
pub use locale::{Locale, LocaleError};
pub use money::{Money, MoneyParseError};
pub use percent::{Percent, PercentError, Ratio};
pub use phone::{Phone, PhoneError};
pub use plate::{Plate, PlateError, PlateKind, plate_search_key};
pub use quantity::{Quantity, QuantityError};
pub use siren::{Siren, SirenError, Siret};
pub use vat::{VatError, VatRate};
pub use vat_number::{VatNumber, VatNumberError};
pub use vin::{Vin, VinError};
