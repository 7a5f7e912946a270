//! Typed identifiers for every synced record.
//!
//! Each id is a UUIDv7 wrapped in its own type, so a `CustomerId` can never be
//! passed where a `VehicleId` is expected. Version 7 ids start with a timestamp,
//! so rows created later sort later and SQLite indexes stay compact.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Text that is not a UUID was given where an id of some kind was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{input:?} is not a valid {kind} id: expected a UUID such as \
     0192f3c4-5b6a-7d8e-9f01-23456789abcd"
)]
pub struct IdError {
    /// Which kind of id was being parsed, e.g. `"customer"`.
    pub kind: &'static str,
    /// The text that failed to parse.
    pub input: String,
}

/// Defines a UUIDv7 id newtype with its constructor, conversions, `Display`,
/// `FromStr` and serde as a plain string.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        ///
        /// A fresh id from [`Self::new`] is a UUIDv7, so ids sort by creation
        /// time. Parsing accepts any UUID, so fixed ids in tests and ids kept
        /// from another store still work. Shown and serialised as the
        /// lowercase hyphenated form.
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new, unique id: a UUIDv7 from the current time and random bits.
            #[must_use]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an existing UUID, e.g. one read back from the database.
            #[must_use]
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The UUID inside.
            #[must_use]
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            /// Same as [`Self::new`]: a fresh id, never the nil UUID.
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl FromStr for $name {
            type Err = IdError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self).map_err(|_| IdError {
                    kind: $kind,
                    input: s.to_owned(),
                })
            }
        }
    };
}

id_type!(
    /// Identifies a customer (a person or a company).
    CustomerId,
    "customer"
);
id_type!(
    /// Identifies a vehicle.
    VehicleId,
    "vehicle"
);
id_type!(
    /// Identifies a repair order.
    OrderId,
    "order"
);
id_type!(
    /// Identifies an invoice or a credit note.
    InvoiceId,
    "invoice"
);
id_type!(
    /// Identifies a user account.
    UserId,
    "user"
);
id_type!(
    /// Identifies a site (one workshop of a business).
    SiteId,
    "site"
);
id_type!(
    /// Identifies a device (one workstation's database); breaks clock ties in sync.
    DeviceId,
    "device"
);
id_type!(
    /// Identifies one sync operation, so a re-sent operation is recognised.
    OperationId,
    "operation"
);

id_type!(
    /// Identifies a part of the stock catalogue.
    PartId,
    "part"
);
id_type!(
    /// Identifies a supplier of parts.
    SupplierId,
    "supplier"
);
id_type!(
    /// Identifies a purchase order sent to a supplier.
    PurchaseId,
    "purchase"
);
id_type!(
    /// Identifies a stocktake (one count of a site's stock).
    StocktakeId,
    "stocktake"
);

// Ids of stock, purchases and suppliers' e-invoices.
id_type!(
    /// Identifies one stock movement (a receipt, a use, a correction…),
    /// written once and synced as it is.
    StockMovementId,
    "stock movement"
);
id_type!(
    /// Pairs the two movements of one transfer between sites: the one out
    /// and the one in carry the same id.
    TransferId,
    "transfer"
);
id_type!(
    /// Identifies a line of a purchase order; the receipts that deliver it
    /// name it.
    PurchaseLineId,
    "purchase line"
);
id_type!(
    /// Identifies a supplier's offer for a part: its reference and price.
    PartSupplierId,
    "part supplier"
);
id_type!(
    /// Identifies an invoice received from a supplier (its e-invoice as
    /// stored).
    SupplierInvoiceId,
    "supplier invoice"
);
id_type!(
    /// Identifies one frozen e-reporting period of one workstation.
    EreportPeriodId,
    "e-reporting period"
);

// Ids of the planning, reminders, messages and reports.
id_type!(
    /// Identifies an appointment on the planning board.
    AppointmentId,
    "appointment"
);
id_type!(
    /// Identifies a bay or a mechanic of the planning board: both are
    /// resources (one table), so an appointment's bay and mechanic are
    /// each a `ResourceId`.
    ResourceId,
    "resource"
);
id_type!(
    /// Identifies a day a bay or a mechanic is away.
    DayOffId,
    "day off"
);
id_type!(
    /// Identifies one of the workshop's service reminder rules.
    ReminderRuleId,
    "reminder rule"
);
id_type!(
    /// Identifies a message to a customer; also its SMS idempotency key.
    MessageId,
    "message"
);
id_type!(
    /// Identifies a promotional campaign to customers.
    CampaignId,
    "campaign"
);
id_type!(
    /// Identifies one odometer reading of a vehicle.
    MileageReadingId,
    "mileage reading"
);

// Ids of orders, invoices, payments, the till and archives.
id_type!(
    /// Identifies one line of a repair order (labour, part or fee).
    OrderLineId,
    "order line"
);
id_type!(
    /// Identifies a supplement: extra work proposed after an estimate was accepted.
    SupplementId,
    "supplement"
);
id_type!(
    /// Identifies a customer's signed approval of an estimate or a supplement.
    ApprovalId,
    "approval"
);
id_type!(
    /// Identifies one step of an order's checklist.
    OrderStepId,
    "order step"
);
id_type!(
    /// Identifies a note written at the bench on an order.
    OrderNoteId,
    "order note"
);
id_type!(
    /// Identifies an order's inspection (its checked points).
    InspectionId,
    "inspection"
);
id_type!(
    /// Identifies work recommended on a vehicle (an inspection's finding, a
    /// declined supplement).
    RecommendationId,
    "recommendation"
);
id_type!(
    /// Identifies a canned job: lines saved to be added to orders in one go.
    CannedJobId,
    "canned job"
);
id_type!(
    /// Identifies a guided-diagnosis decision tree. The trees shipped with
    /// Atelier have fixed ids, the same on every station.
    DiagnosisTreeId,
    "diagnosis tree"
);
id_type!(
    /// Identifies a payment or the reversal of one.
    PaymentId,
    "payment"
);
id_type!(
    /// Identifies a closure of a station's day, month or fiscal year.
    ClosureId,
    "closure"
);
id_type!(
    /// Identifies a signed archive of a period, as recorded by the station.
    ArchiveId,
    "archive"
);

id_type!(
    /// Identifies a diagnosis of a car on a repair order: the codes read, the
    /// tree followed, the checks made and what was concluded.
    DiagnosisSessionId,
    "diagnosis"
);
id_type!(
    /// Identifies one reading of a car's trouble codes in a diagnosis (read
    /// through the adapter, typed by hand, or cleared).
    DiagnosisReadingId,
    "diagnosis reading"
);
id_type!(
    /// Identifies a check or measurement a mechanic recorded in a diagnosis.
    DiagnosisCheckId,
    "diagnosis check"
);

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "0192f3c4-5b6a-7d8e-9f01-23456789abcd";

    #[test]
    fn new_ids_are_version_7_and_distinct() {
        let a = CustomerId::new();
        let b = CustomerId::new();
        assert_eq!(a.as_uuid().get_version_num(), 7, "new() must make a UUIDv7");
        assert_ne!(a, b, "two fresh ids must differ");
    }

    #[test]
    fn display_and_parse_round_trip_in_lowercase_hyphenated_form() {
        let id: VehicleId = TEXT.parse().unwrap();
        assert_eq!(id.to_string(), TEXT);
        let upper: VehicleId = TEXT.to_uppercase().parse().unwrap();
        assert_eq!(upper, id, "case must not matter when parsing");
        assert_eq!(upper.to_string(), TEXT, "display is always lowercase");
    }

    #[test]
    fn parse_error_names_the_kind_and_input() {
        let err = "not-an-id".parse::<OrderId>().unwrap_err();
        assert_eq!(err.kind, "order");
        assert!(
            err.to_string()
                .contains("\"not-an-id\" is not a valid order id")
        );
    }

    #[test]
    fn serde_is_a_plain_string() {
        let id = InvoiceId::from_uuid(Uuid::parse_str(TEXT).unwrap());
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{TEXT}\""));
        let back: InvoiceId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
    }

    #[test]
    fn later_ids_sort_after_earlier_ones() {
        let a = DeviceId::from_uuid(Uuid::from_u128(1));
        let b = DeviceId::from_uuid(Uuid::from_u128(2));
        assert!(a < b, "ordering follows the UUID bytes");
    }

    #[test]
    fn default_is_a_fresh_id() {
        assert!(!SiteId::default().as_uuid().is_nil());
    }
}
