//! The per-field merge decision, with no database: given what this station
//! holds of a field (its stamp and value) and what a pulled operation sets
//! it to, whether the incoming value is written, the local one kept, and
//! whether the two stations changed the field without seeing each other (a
//! conflict to record). [`merge_fields`](super::merge_fields) reads the
//! row, asks [`decide_field`] for each field and writes what it says.

use atelier_domain::Stamp;
use serde_json::Value;

use super::super::to_sql;

/// How concurrent writes of a field are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    /// The later [`Stamp`] wins.
    LastWriter,
    /// An order's status: a later step wins whatever its stamp, the same
    /// step by stamp, an earlier one never, except a finished order reopened
    /// (done → in progress) by a newer change.
    Status,
}

impl Rule {
    /// The rule of `field` of the table `entity`.
    pub(crate) fn of(entity: &str, field: &str) -> Rule {
        if entity == "orders" && field == "status" {
            Rule::Status
        } else {
            Rule::LastWriter
        }
    }
}

/// A field of the row an operation meets, as this station holds it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Local<'a> {
    /// The stamp of its last write; `None` while it holds the value its row
    /// was created with, older than any update of it.
    pub stamp: Option<Stamp>,
    /// Its stored value.
    pub value: &'a Value,
    /// The row's `updated_at` (HLC), which a second insert of the row
    /// competes with where the field has no stamp; `None` when the table
    /// keeps none. Nothing else reads it, so it may be left unread (`None`)
    /// for a field with a stamp or for an update.
    pub row_updated_at: Option<i64>,
}

/// A field as an incoming operation sets it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Incoming<'a> {
    /// The operation's stamp.
    pub stamp: Stamp,
    /// The value it sets.
    pub value: &'a Value,
    /// Whether the operation is an insert (of a row this station holds).
    pub insert: bool,
    /// The stamp (HLC) of the value its writer replaced, from the
    /// operation's `@base`: the writer had seen that value.
    pub seen: Option<i64>,
}

/// What to do with one incoming field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Already here (the same stamp, or the row's creation received again):
    /// nothing to write or record.
    Same,
    /// The incoming value replaces the local one, and the field takes the
    /// incoming stamp. `conflict`: another station changed the field without
    /// having seen the value it replaces here; the local value is recorded
    /// as lost.
    Write {
        /// Whether to record the replaced local value as a conflict.
        conflict: bool,
    },
    /// The local value stays. `conflict`: a later change held here was made
    /// without seeing the incoming one, which is recorded as lost.
    Keep {
        /// Whether to record the incoming value as a conflict.
        conflict: bool,
    },
}

/// Decides one field: last writer wins by stamp under `rule`, a stamp
/// equal to the field's is already applied, and a conflict is only ever
/// recorded against a field with a stamp whose value differs.
pub(crate) fn decide_field(rule: Rule, local: Local<'_>, incoming: Incoming<'_>) -> Verdict {
    let newer = match local.stamp {
        Some(held) if held == incoming.stamp => return Verdict::Same,
        Some(held) => held < incoming.stamp,
        // Created with the row: older than any update. A second insert of
        // the same row competes with the row's last write.
        None if incoming.insert => local
            .row_updated_at
            .is_none_or(|at| at < incoming.stamp.hlc.as_i64()),
        None => true,
    };
    let wins = match rule {
        Rule::LastWriter => newer,
        Rule::Status => status_moves(local.value, incoming.value, newer),
    };
    let same = same(local.value, incoming.value);
    if incoming.insert && local.stamp.is_none() && same {
        // The same row received again.
        return Verdict::Same;
    }
    if wins {
        Verdict::Write {
            conflict: local.stamp.is_some_and(|held| {
                held.device != incoming.stamp.device
                    && !same
                    && incoming.seen != Some(held.hlc.as_i64())
            }),
        }
    } else {
        Verdict::Keep {
            conflict: local.stamp.is_some() && !same,
        }
    }
}

/// Whether two values are the same once stored (`true` is stored as 1).
fn same(stored: &Value, incoming: &Value) -> bool {
    to_sql(stored) == to_sql(incoming)
}

/// The step of an order's life: a status never goes back to a lower one,
/// except a finished order reopened (an explicit, newer move).
fn status_rank(status: &str) -> u8 {
    match status {
        "estimate" => 0,
        "accepted" => 1,
        "in_progress" | "waiting_parts" => 2,
        "done" => 3,
        "cancelled" => 4,
        "invoiced" => 5,
        _ => 0,
    }
}

/// Whether an order's status `incoming` replaces `current`, `newer` telling
/// whether its stamp is the later one.
fn status_moves(current: &Value, incoming: &Value, newer: bool) -> bool {
    let current = current.as_str().unwrap_or_default();
    let incoming = incoming.as_str().unwrap_or_default();
    let (from, to) = (status_rank(current), status_rank(incoming));
    if to > from {
        true
    } else if to == from {
        newer
    } else {
        // Only a reopen goes back: done → in progress, newer than "done".
        newer && current == "done" && incoming == "in_progress"
    }
}

#[cfg(test)]
mod tests;
