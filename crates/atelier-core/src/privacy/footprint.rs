//! Where one customer's data lives: for each table that holds some of it,
//! which of its rows are theirs. The export reads every row named here
//! ([`super::export`]); the erasure reads the keys of the rows whose
//! fields it erases ([`super::erase`]). One list for both, so what is
//! exported and what is erased cannot drift apart, and a test checks it
//! against the schema: every table a foreign key leads to from `customers`
//! is here, or left out for a reason the test states (the time mechanics
//! clocked is the staff's).

use atelier_domain::CustomerId;
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use serde_json::{Map, Value};

use crate::Result;

/// One table's share of a customer's data.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Share {
    /// The table.
    pub table: &'static str,
    /// Its key column (what audit entries and operations name a row by).
    pub key: &'static str,
    /// The condition the customer's rows meet, over [`SCOPE`]'s sets.
    pub rows: &'static str,
}

/// The customer (`?1`) and the sets of their records the conditions use:
/// the records merged into theirs count as theirs (`ids`); their vehicles
/// are those they own or owned.
const SCOPE: &str = "WITH RECURSIVE
    ids(id) AS (SELECT ?1 UNION SELECT c.id FROM customers c JOIN ids ON c.merged_into = ids.id),
    their_vehicles(id) AS (
        SELECT vehicle_id FROM vehicle_owners WHERE customer_id IN ids
        UNION SELECT id FROM vehicles WHERE customer_id IN ids AND deleted_at IS NULL),
    their_orders(id) AS (SELECT id FROM orders WHERE customer_id IN ids),
    their_invoices(id) AS (SELECT id FROM invoices WHERE customer_id IN ids),
    their_appointments(id) AS (SELECT id FROM appointments WHERE customer_id IN ids)";

const fn share(table: &'static str, rows: &'static str) -> Share {
    Share {
        table,
        key: "id",
        rows,
    }
}

/// Every table holding something of a customer, in the export's order.
pub(crate) const SHARES: &[Share] = &[
    share("customers", "id IN ids"),
    share("vehicles", "id IN their_vehicles"),
    share("vehicle_owners", "customer_id IN ids"),
    // The readings taken while the vehicle was theirs, not the next owner's.
    share(
        "mileage_readings",
        "vehicle_id IN their_vehicles
         AND EXISTS (SELECT 1 FROM vehicle_owners o
                  WHERE o.vehicle_id = mileage_readings.vehicle_id AND o.customer_id IN ids
                    AND mileage_readings.read_on >= o.from_on
                    AND (o.until_on IS NULL OR mileage_readings.read_on <= o.until_on))",
    ),
    share(
        "vehicle_reminders",
        "vehicle_id IN (SELECT v.id FROM vehicles v WHERE v.id IN their_vehicles AND v.customer_id IN ids)",
    ),
    share(
        "vehicle_recommendations",
        "source_order_id IN their_orders OR estimate_id IN their_orders",
    ),
    share("orders", "id IN their_orders"),
    share("order_lines", "order_id IN their_orders"),
    share("order_events", "order_id IN their_orders"),
    share("order_supplements", "order_id IN their_orders"),
    share("order_approvals", "order_id IN their_orders"),
    share("order_steps", "order_id IN their_orders"),
    share("order_notes", "order_id IN their_orders"),
    share("inspections", "order_id IN their_orders"),
    share(
        "inspection_points",
        "inspection_id IN (SELECT id FROM inspections WHERE order_id IN their_orders)",
    ),
    share("diagnosis_sessions", "order_id IN their_orders"),
    share(
        "diagnosis_readings",
        "session_id IN (SELECT id FROM diagnosis_sessions WHERE order_id IN their_orders)",
    ),
    share(
        "diagnosis_checks",
        "session_id IN (SELECT id FROM diagnosis_sessions WHERE order_id IN their_orders)",
    ),
    share("invoices", "id IN their_invoices"),
    Share {
        table: "invoice_pdfs",
        key: "invoice_id",
        rows: "invoice_id IN their_invoices",
    },
    share("einvoice_sendings", "invoice_id IN their_invoices"),
    share("einvoice_statuses", "invoice_id IN their_invoices"),
    // A payment is on one of their invoices, or a deposit on one of their
    // orders (its customer is theirs): found through those indexes.
    share(
        "payments",
        "invoice_id IN their_invoices OR (invoice_id IS NULL AND order_id IN their_orders)",
    ),
    share("appointments", "id IN their_appointments"),
    share("appointment_events", "appointment_id IN their_appointments"),
    share("messages", "customer_id IN ids"),
    // Kept through an erasure as the proof of a withdrawn consent (GDPR
    // art. 7(1)): who, which channel, when, how; nothing else of them.
    share("consent_withdrawals", "customer_id IN ids"),
    share("unsubscribe_tokens", "customer_id IN ids"),
    share("satisfaction_requests", "customer_id IN ids"),
    share("ratings", "customer_id IN ids"),
];

/// The share of `table`, if it is one.
pub(crate) fn share_of(table: &str) -> Option<&'static Share> {
    SHARES.iter().find(|s| s.table == table)
}

/// The keys of customer `id`'s rows of `share`, in the order they were written.
pub(crate) fn keys(conn: &Connection, share: &Share, id: CustomerId) -> Result<Vec<String>> {
    let sql = format!(
        "{SCOPE} SELECT {} FROM {} WHERE {} ORDER BY rowid",
        share.key, share.table, share.rows
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([id.to_string()], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Customer `id`'s rows of `share`, every column by name, in the order they
/// were written. Bytes (a signature, a PDF) are given in base64; text that
/// holds JSON (an invoice's frozen content, a draft's lines) as that JSON.
pub(crate) fn rows(
    conn: &Connection,
    share: &Share,
    id: CustomerId,
) -> Result<Vec<Map<String, Value>>> {
    let sql = format!(
        "{SCOPE} SELECT * FROM {} WHERE {} ORDER BY rowid",
        share.table, share.rows
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let mut rows = stmt.query([id.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut row = Map::new();
        for (i, name) in names.iter().enumerate() {
            row.insert(name.clone(), value(share.table, name, r.get_ref(i)?));
        }
        out.push(row);
    }
    Ok(out)
}

/// Columns stored as JSON text, exported as the JSON they hold.
const JSON_COLUMNS: &[(&str, &str)] = &[
    ("invoices", "content"),
    ("invoices", "lines"),
    ("orders", "mechanic_ids"),
    ("satisfaction_requests", "mechanic_ids"),
    ("ratings", "mechanic_ids"),
    ("appointments", "canned_job_ids"),
    ("diagnosis_sessions", "answers"),
    ("diagnosis_readings", "codes"),
    ("diagnosis_readings", "details"),
];

fn value(table: &str, column: &str, v: ValueRef<'_>) -> Value {
    use base64::Engine as _;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => {
            let text = String::from_utf8_lossy(t);
            if JSON_COLUMNS.contains(&(table, column))
                && let Ok(json) = serde_json::from_str::<Value>(&text)
            {
                return json;
            }
            Value::String(text.into_owned())
        }
        ValueRef::Blob(b) => Value::String(base64::engine::general_purpose::STANDARD.encode(b)),
    }
}
