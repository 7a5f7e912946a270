//! The merge decision without SQLite: examples of each rule, and the
//! properties sync relies on (an operation applied again changes nothing,
//! stations that applied the same edits in any order hold the same value,
//! a stamp never goes back, concurrent edits are shown on both sides).

use atelier_domain::{DeviceId, Hlc, Stamp};
use proptest::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{Incoming, Local, Rule, Verdict, decide_field};

fn stamp(millis: u64, device: u128) -> Stamp {
    Stamp {
        hlc: Hlc::new(millis, 0).unwrap(),
        device: DeviceId::from_uuid(Uuid::from_u128(device)),
    }
}

fn local(stamp: Option<Stamp>, value: &Value) -> Local<'_> {
    Local {
        stamp,
        value,
        row_updated_at: None,
    }
}

fn update(stamp: Stamp, value: &Value) -> Incoming<'_> {
    Incoming {
        stamp,
        value,
        insert: false,
        seen: None,
    }
}

const WRITE: Verdict = Verdict::Write { conflict: false };
const KEEP: Verdict = Verdict::Keep { conflict: false };

#[test]
fn the_later_change_of_a_field_wins_and_equal_clocks_go_to_the_greater_device() {
    let (old, new) = (json!("Martin"), json!("Dupont"));
    let seen_old = |s: Stamp| Incoming {
        seen: Some(stamp(1, 1).hlc.as_i64()),
        ..update(s, &new)
    };
    let held = local(Some(stamp(1, 1)), &old);
    assert_eq!(
        decide_field(Rule::LastWriter, held, seen_old(stamp(2, 2))),
        WRITE,
        "made over the value held here: no conflict"
    );
    assert_eq!(
        decide_field(Rule::LastWriter, held, seen_old(stamp(1, 2))),
        WRITE,
        "same clock, greater device"
    );
    assert_eq!(
        decide_field(
            Rule::LastWriter,
            local(Some(stamp(1, 3)), &old),
            update(stamp(1, 2), &new)
        ),
        Verdict::Keep { conflict: true },
        "same clock, smaller device"
    );
}

#[test]
fn a_change_made_without_seeing_the_value_it_replaces_is_a_conflict_on_both_sides() {
    let (here, there) = (json!("0612345678"), json!("0698765432"));
    let held = local(Some(stamp(5, 1)), &here);
    assert_eq!(
        decide_field(Rule::LastWriter, held, update(stamp(6, 2), &there)),
        Verdict::Write { conflict: true },
        "the later one is written, the value it replaced unseen is shown"
    );
    assert_eq!(
        decide_field(Rule::LastWriter, held, update(stamp(4, 2), &there)),
        Verdict::Keep { conflict: true },
        "the earlier one is kept out and shown"
    );
    let base_elsewhere = Incoming {
        seen: Some(stamp(3, 1).hlc.as_i64()),
        ..update(stamp(6, 2), &there)
    };
    assert_eq!(
        decide_field(Rule::LastWriter, held, base_elsewhere),
        Verdict::Write { conflict: true },
        "seeing an older value is not seeing this one"
    );
}

#[test]
fn no_conflict_for_the_same_value_or_the_same_station_s_later_change() {
    let (a, b) = (json!("A"), json!("B"));
    let held = local(Some(stamp(5, 1)), &a);
    assert_eq!(
        decide_field(Rule::LastWriter, held, update(stamp(6, 2), &a)),
        WRITE
    );
    assert_eq!(
        decide_field(Rule::LastWriter, held, update(stamp(4, 2), &a)),
        KEEP
    );
    assert_eq!(
        decide_field(Rule::LastWriter, held, update(stamp(6, 1), &b)),
        WRITE,
        "a station's own later change has seen its earlier one"
    );
    assert_eq!(
        decide_field(Rule::LastWriter, held, update(stamp(6, 2), &json!(true))),
        Verdict::Write { conflict: true },
        "values compare as stored"
    );
    assert_eq!(
        decide_field(
            Rule::LastWriter,
            local(Some(stamp(5, 1)), &json!(1)),
            update(stamp(6, 2), &json!(true))
        ),
        WRITE,
        "true is stored as 1"
    );
}

#[test]
fn the_same_stamp_again_is_already_applied() {
    let (a, b) = (json!("A"), json!("B"));
    assert_eq!(
        decide_field(
            Rule::LastWriter,
            local(Some(stamp(5, 1)), &a),
            update(stamp(5, 1), &b)
        ),
        Verdict::Same
    );
}

#[test]
fn a_field_that_still_holds_its_creation_value_takes_any_update_without_conflict() {
    let (a, b) = (json!("A"), json!("B"));
    let created = Local {
        row_updated_at: Some(stamp(9, 1).hlc.as_i64()),
        ..local(None, &a)
    };
    assert_eq!(
        decide_field(Rule::LastWriter, created, update(stamp(1, 2), &b)),
        WRITE
    );
}

#[test]
fn a_second_insert_of_a_row_competes_with_the_row_s_last_write() {
    let (a, b) = (json!("A"), json!("B"));
    let insert = |s: Stamp, value| Incoming {
        insert: true,
        ..update(s, value)
    };
    let created = |at: Option<u64>| Local {
        row_updated_at: at.map(|ms| stamp(ms, 1).hlc.as_i64()),
        ..local(None, &a)
    };
    assert_eq!(
        decide_field(Rule::LastWriter, created(Some(5)), insert(stamp(3, 2), &a)),
        Verdict::Same,
        "the same row received again"
    );
    assert_eq!(
        decide_field(Rule::LastWriter, created(Some(5)), insert(stamp(6, 2), &b)),
        WRITE
    );
    assert_eq!(
        decide_field(Rule::LastWriter, created(Some(5)), insert(stamp(5, 2), &b)),
        KEEP,
        "not later than the row's last write: kept out, nothing to show"
    );
    assert_eq!(
        decide_field(Rule::LastWriter, created(None), insert(stamp(1, 2), &b)),
        WRITE,
        "a table without updated_at takes it"
    );
    assert_eq!(
        decide_field(
            Rule::LastWriter,
            local(Some(stamp(5, 1)), &a),
            insert(stamp(3, 2), &b)
        ),
        Verdict::Keep { conflict: true },
        "a field with a stamp goes by stamp"
    );
}

#[test]
fn an_order_status_moves_forward_whatever_the_clock_and_back_only_by_a_reopen() {
    let status = |s: &str| json!(s);
    let decide = |from: &str, held: Stamp, to: &str, at: Stamp| {
        decide_field(
            Rule::Status,
            local(Some(held), &status(from)),
            update(at, &status(to)),
        )
    };
    assert_eq!(
        decide("in_progress", stamp(5, 1), "done", stamp(3, 2)),
        Verdict::Write { conflict: true },
        "a later step wins even with an older stamp"
    );
    assert_eq!(
        decide("done", stamp(3, 1), "accepted", stamp(5, 2)),
        Verdict::Keep { conflict: true },
        "an earlier step never wins, even newer"
    );
    assert_eq!(
        decide("done", stamp(3, 1), "in_progress", stamp(5, 2)),
        Verdict::Write { conflict: true },
        "a newer reopen of a finished order"
    );
    assert_eq!(
        decide("done", stamp(5, 1), "in_progress", stamp(3, 2)),
        Verdict::Keep { conflict: true },
        "an older in progress does not reopen"
    );
    assert_eq!(
        decide("waiting_parts", stamp(3, 1), "in_progress", stamp(5, 2)),
        Verdict::Write { conflict: true },
        "the same step by stamp"
    );
    assert_eq!(
        decide("invoiced", stamp(3, 1), "in_progress", stamp(9, 2)),
        Verdict::Keep { conflict: true },
        "an invoiced order stays invoiced"
    );
    assert_eq!(Rule::of("orders", "status"), Rule::Status);
    assert_eq!(Rule::of("appointments", "status"), Rule::LastWriter);
    assert_eq!(Rule::of("orders", "notes"), Rule::LastWriter);
}

/// A field as a station holds it: its stamp and value, and its row's
/// `updated_at`.
#[derive(Clone, Debug, PartialEq)]
struct Field {
    stamp: Option<Stamp>,
    value: Value,
    row_updated_at: i64,
}

/// One incoming write of the field.
#[derive(Clone, Debug)]
struct Write {
    stamp: Stamp,
    value: Value,
    insert: bool,
    seen: Option<i64>,
}

impl Field {
    /// Applies `write` as `merge_fields` does: the verdict, then the
    /// field's new stamp and value and the row's `updated_at`.
    fn apply(&mut self, rule: Rule, write: &Write) -> Verdict {
        let verdict = decide_field(
            rule,
            Local {
                stamp: self.stamp,
                value: &self.value,
                row_updated_at: Some(self.row_updated_at),
            },
            Incoming {
                stamp: write.stamp,
                value: &write.value,
                insert: write.insert,
                seen: write.seen,
            },
        );
        if let Verdict::Write { .. } = verdict {
            self.stamp = Some(write.stamp);
            self.value = write.value.clone();
            self.row_updated_at = self.row_updated_at.max(write.stamp.hlc.as_i64());
        }
        verdict
    }
}

/// Stamps close together, on few devices, so that ties come up.
fn any_stamp() -> impl Strategy<Value = Stamp> {
    (0u64..12, 0u16..3, 1u128..4).prop_map(|(ms, counter, device)| Stamp {
        hlc: Hlc::new(1_000 + ms, counter).unwrap(),
        device: DeviceId::from_uuid(Uuid::from_u128(device)),
    })
}

fn any_value() -> impl Strategy<Value = Value> + Clone {
    prop_oneof![
        Just(Value::Null),
        Just(json!(true)),
        (0i64..3).prop_map(Value::from),
        prop::sample::select(vec!["A", "B", "C"]).prop_map(Value::from),
    ]
}

fn any_field(value: impl Strategy<Value = Value>) -> impl Strategy<Value = Field> {
    (
        prop::option::of(any_stamp()),
        value,
        (1_000i64..1_012).prop_map(|ms| Hlc::new(ms as u64, 0).unwrap().as_i64()),
    )
        .prop_map(|(stamp, value, row_updated_at)| Field {
            stamp,
            value,
            row_updated_at,
        })
}

fn any_write(
    value: impl Strategy<Value = Value>,
    insert: impl Strategy<Value = bool>,
) -> impl Strategy<Value = Write> {
    (any_stamp(), value, insert, prop::option::of(any_stamp())).prop_map(
        |(stamp, value, insert, seen)| Write {
            stamp,
            value,
            insert,
            seen: seen.map(|s| s.hlc.as_i64()),
        },
    )
}

/// Writes with distinct stamps, as different operations always have.
fn distinct(writes: Vec<Write>, held: Option<Stamp>) -> Vec<Write> {
    let mut stamps: Vec<Stamp> = held.into_iter().collect();
    writes
        .into_iter()
        .filter(|w| {
            let fresh = !stamps.contains(&w.stamp);
            stamps.push(w.stamp);
            fresh
        })
        .collect()
}

/// A field, writes of it with distinct stamps, and the same writes in
/// another order.
fn field_and_writes(
    value: impl Strategy<Value = Value> + Clone,
    insert: impl Strategy<Value = bool>,
) -> impl Strategy<Value = (Field, Vec<Write>, Vec<Write>)> {
    (
        any_field(value.clone()),
        prop::collection::vec(any_write(value, insert), 1..7),
    )
        .prop_flat_map(|(field, writes)| {
            let writes = distinct(writes, field.stamp);
            (
                Just(field),
                Just(writes.clone()),
                Just(writes).prop_shuffle(),
            )
        })
}

/// A stamp on `device` at one of `millis`.
fn stamp_in(millis: std::ops::Range<u64>, device: u128) -> impl Strategy<Value = Stamp> {
    (millis, 0u16..3).prop_map(move |(ms, counter)| Stamp {
        hlc: Hlc::new(1_000 + ms, counter).unwrap(),
        device: DeviceId::from_uuid(Uuid::from_u128(device)),
    })
}

fn statuses(reopen: bool) -> impl Strategy<Value = Value> + Clone {
    let mut all = vec![
        "estimate",
        "accepted",
        "waiting_parts",
        "done",
        "cancelled",
        "invoiced",
    ];
    if reopen {
        all.push("in_progress");
    }
    prop::sample::select(all).prop_map(Value::from)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// A page applied again, or an operation pulled twice, writes nothing
    /// the second time.
    #[test]
    fn an_operation_applied_again_writes_nothing(
        status in any::<bool>(),
        field in any_field(any_value()),
        write in any_write(any_value(), any::<bool>()),
    ) {
        let rule = if status { Rule::Status } else { Rule::LastWriter };
        let mut field = field;
        let first = field.apply(rule, &write);
        let before = field.clone();
        let again = field.apply(rule, &write);
        prop_assert_eq!(&field, &before);
        match first {
            Verdict::Write { .. } => prop_assert_eq!(again, Verdict::Same),
            _ => prop_assert_eq!(again, first, "nothing changed, nothing decided otherwise"),
        }
    }

    /// Stations that applied the same updates of a field, in any order,
    /// hold the latest one, under the latest stamp.
    #[test]
    fn updates_applied_in_any_order_leave_the_latest_everywhere(
        (field, writes, shuffled) in field_and_writes(any_value(), Just(false)),
    ) {
        let (mut one, mut other) = (field.clone(), field.clone());
        for w in &writes {
            one.apply(Rule::LastWriter, w);
        }
        for w in &shuffled {
            other.apply(Rule::LastWriter, w);
        }
        prop_assert_eq!(&one, &other);
        let latest = writes
            .iter()
            .max_by_key(|w| w.stamp)
            .filter(|w| Some(w.stamp) > field.stamp);
        match latest {
            Some(w) => prop_assert_eq!((one.stamp, &one.value), (Some(w.stamp), &w.value)),
            None => prop_assert_eq!((one.stamp, &one.value), (field.stamp, &field.value)),
        }
    }

    /// Whatever arrives, inserts included, a field's stamp only grows under
    /// last-writer-wins.
    #[test]
    fn a_field_s_stamp_never_goes_back(
        field in any_field(any_value()),
        writes in prop::collection::vec(any_write(any_value(), any::<bool>()), 1..8),
    ) {
        let mut field = field;
        for w in &writes {
            let before = field.stamp;
            field.apply(Rule::LastWriter, w);
            prop_assert!(field.stamp >= before, "{:?} after {:?}", field.stamp, before);
        }
    }

    /// Two stations change the same field from the same value without
    /// seeing each other: after they exchange, both hold the later value and
    /// each shows one conflict.
    #[test]
    fn concurrent_edits_end_equal_and_show_one_conflict_on_each_side(
        base_stamp in prop::option::of(stamp_in(0..5, 3)),
        base_value in any_value(),
        (a_stamp, a_value) in (stamp_in(5..12, 1), any_value()),
        (b_stamp, b_value) in (stamp_in(5..12, 2), any_value()),
    ) {
        prop_assume!(!super::same(&a_value, &b_value), "different once stored");
        let seen = base_stamp.map(|s| s.hlc.as_i64());
        let edit = |stamp, value| Write { stamp, value, insert: false, seen };
        let (a, b) = (edit(a_stamp, a_value), edit(b_stamp, b_value));
        let base = Field { stamp: base_stamp, value: base_value, row_updated_at: 0 };
        let (mut at_a, mut at_b) = (base.clone(), base);
        at_a.apply(Rule::LastWriter, &a);
        at_b.apply(Rule::LastWriter, &b);
        let shown_at_a = at_a.apply(Rule::LastWriter, &b);
        let shown_at_b = at_b.apply(Rule::LastWriter, &a);
        prop_assert_eq!(&at_a, &at_b);
        let conflict = |v: Verdict| {
            matches!(v, Verdict::Write { conflict: true } | Verdict::Keep { conflict: true })
        };
        prop_assert!(conflict(shown_at_a), "{:?}", shown_at_a);
        prop_assert!(conflict(shown_at_b), "{:?}", shown_at_b);
    }

    /// With no reopen in play, an order's status ends at the furthest step
    /// (then the latest stamp) whatever order its changes arrive in. The
    /// row's `updated_at` may differ: a newer change to an earlier step is
    /// written, then overtaken, where it arrives first, and never written
    /// where it arrives last.
    #[test]
    fn an_order_status_ends_at_the_furthest_step_in_any_order(
        (field, writes, shuffled) in field_and_writes(statuses(false), Just(false)),
    ) {
        let (mut one, mut other) = (field.clone(), field.clone());
        for w in &writes {
            one.apply(Rule::Status, w);
        }
        for w in &shuffled {
            other.apply(Rule::Status, w);
        }
        prop_assert_eq!((one.stamp, &one.value), (other.stamp, &other.value));
    }

    /// Reopens included, an invoiced order stays invoiced.
    #[test]
    fn an_invoiced_order_stays_invoiced(
        stamp in prop::option::of(any_stamp()),
        writes in prop::collection::vec(any_write(statuses(true), any::<bool>()), 1..8),
    ) {
        let mut order = Field { stamp, value: json!("invoiced"), row_updated_at: 0 };
        for w in &writes {
            order.apply(Rule::Status, w);
            prop_assert_eq!(&order.value, "invoiced");
        }
    }
}
