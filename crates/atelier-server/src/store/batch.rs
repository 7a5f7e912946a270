//! What a push decides about a batch as a whole: whether it may reach the
//! store at all ([`check_batch`]), then, against what the store holds of the
//! device, which operations are resent duplicates and which are new, or why
//! the batch is refused ([`classify_push`]). Each store reads what it holds
//! with its own SQL; the decision is made here, once, with no I/O.

use std::collections::HashMap;

use atelier_domain::sync::{OpOutcome, OpResult, WireOp};
use atelier_domain::{DeviceId, OperationId};

use super::StoreError;

/// Why a batch is refused before the store sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchError {
    /// An operation of another device.
    DeviceMismatch {
        /// Its sequence number.
        seq: u64,
    },
    /// Sequence numbers that do not follow each other, or a zero; or a
    /// NUL character in a name, which no store can keep.
    NotConsecutive,
    /// More than [`atelier_domain::sync::MAX_PUSH_OPS`] operations.
    TooMany,
    /// An operation of a schema version below the minimum.
    SchemaTooOld {
        /// Its version.
        version: u32,
    },
}

/// Checks a batch as a whole: every operation of `device`, consecutive
/// sequence numbers from 1 up, at most `MAX_PUSH_OPS`, no schema version
/// below `min_schema_version`.
///
/// # Errors
/// The first rule broken.
pub fn check_batch(
    device: DeviceId,
    ops: &[WireOp],
    min_schema_version: u32,
) -> Result<(), BatchError> {
    if ops.len() > atelier_domain::sync::MAX_PUSH_OPS {
        return Err(BatchError::TooMany);
    }
    if let Some(op) = ops.iter().find(|op| op.device_id != device) {
        return Err(BatchError::DeviceMismatch { seq: op.seq });
    }
    if let Some(op) = ops.iter().find(|op| op.schema_version < min_schema_version) {
        return Err(BatchError::SchemaTooOld {
            version: op.schema_version,
        });
    }
    // PostgreSQL's text cannot hold a NUL: refuse it rather than fail on it.
    let has_nul = |op: &WireOp| {
        op.entity.contains('\0')
            || op.row_id.contains('\0')
            || op.by.as_deref().is_some_and(|b| b.contains('\0'))
    };
    if ops.iter().any(has_nul) {
        return Err(BatchError::NotConsecutive);
    }
    let consecutive = ops
        .windows(2)
        .all(|w| w[0].seq.checked_add(1) == Some(w[1].seq));
    if !consecutive
        || ops.first().is_some_and(|op| op.seq == 0)
        || ops.iter().any(|op| op.seq > i64::MAX as u64)
    {
        return Err(BatchError::NotConsecutive);
    }
    Ok(())
}

/// What the store holds of the pushing device, read by each store with its
/// own SQL before a batch is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceLog {
    /// The highest sequence number of the device the store holds.
    pub last_seq: u64,
    /// Whether the device was revoked (after its token was checked).
    pub revoked: bool,
}

/// The leading operations of a batch that the store may already hold (a
/// sequence number at or below the device's last): those whose stored
/// operation ids a store reads for [`classify_push`]. None for a device
/// that may not push (`device` gone or revoked).
#[must_use]
pub fn resent<'a>(ops: &'a [WireOp], device: Option<&DeviceLog>) -> &'a [WireOp] {
    match device {
        Some(log) if !log.revoked => &ops[..new_from(ops, log.last_seq)],
        _ => &[],
    }
}

/// Where the operations after `last_seq` start in a consecutive batch.
fn new_from(ops: &[WireOp], last_seq: u64) -> usize {
    ops.iter()
        .position(|op| op.seq > last_seq)
        .unwrap_or(ops.len())
}

/// A batch classified against the device's log: every operation is either a
/// duplicate or new, and the duplicates come first, since a checked batch's
/// sequence numbers follow each other.
#[derive(Debug, Clone, Copy)]
pub struct Classified<'a> {
    /// Operations the store already holds under the same operation id (a
    /// batch sent again after its answer was lost): acknowledged, never
    /// stored twice.
    pub duplicates: &'a [WireOp],
    /// Operations to store, the first one right after the device's last.
    pub new: &'a [WireOp],
    /// The sequence number the push acknowledges through: the last new
    /// operation's, else the device's last.
    pub acked_through: u64,
}

impl Classified<'_> {
    /// The answer for each duplicate, in order.
    pub fn duplicate_results(&self) -> impl Iterator<Item = OpResult> + '_ {
        self.duplicates.iter().map(|op| OpResult {
            seq: op.seq,
            outcome: OpOutcome::Duplicate,
        })
    }
}

/// Classifies each operation of a batch [`check_batch`] accepted as a
/// duplicate or new, against what the store holds: `device`, the pushing
/// device's log (`None` when its row is gone), and `stored`, the operation
/// id the store holds under each sequence number of [`resent`] (a number
/// it holds nothing under is left out).
///
/// # Errors
/// - [`StoreError::Unauthorized`] when the device is gone or revoked;
/// - [`StoreError::SequenceReused`] for the first sequence number at or
///   below the device's last that the store holds under another operation
///   (the station was restored from an older backup);
/// - [`StoreError::SequenceGap`] when the first new operation is not the
///   one after the device's last.
pub fn classify_push<'a>(
    ops: &'a [WireOp],
    device: Option<&DeviceLog>,
    stored: &HashMap<u64, OperationId>,
) -> Result<Classified<'a>, StoreError> {
    let log = match device {
        Some(log) if !log.revoked => log,
        _ => return Err(StoreError::Unauthorized),
    };
    let (duplicates, new) = ops.split_at(new_from(ops, log.last_seq));
    if let Some(op) = duplicates
        .iter()
        .find(|op| stored.get(&op.seq) != Some(&op.op_id))
    {
        return Err(StoreError::SequenceReused { seq: op.seq });
    }
    let expected = log.last_seq.saturating_add(1);
    if new.first().is_some_and(|op| op.seq != expected) {
        return Err(StoreError::SequenceGap { expected });
    }
    Ok(Classified {
        duplicates,
        new,
        acked_through: new.last().map_or(log.last_seq, |op| op.seq),
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use atelier_domain::Hlc;
    use atelier_domain::sync::OpKind;
    use proptest::prelude::*;
    use serde_json::value::RawValue;

    /// An operation of `device`, number `seq`, for the store's tests too.
    pub(in crate::store) fn op(device: DeviceId, seq: u64, entity: &str, payload: &str) -> WireOp {
        WireOp {
            device_id: device,
            seq,
            op_id: OperationId::new(),
            hlc: Hlc::new(1, 0).unwrap(),
            schema_version: 1,
            entity: entity.into(),
            row_id: "r".into(),
            kind: OpKind::Insert,
            payload: RawValue::from_string(payload.into()).unwrap(),
            by: None,
        }
    }

    #[test]
    fn a_batch_must_be_the_callers_consecutive_operations() {
        let d = DeviceId::new();
        assert_eq!(
            check_batch(d, &[op(d, 1, "x", "{}"), op(d, 2, "x", "{}")], 1),
            Ok(())
        );
        assert_eq!(
            check_batch(d, &[op(d, 1, "x", "{}"), op(d, 3, "x", "{}")], 1),
            Err(BatchError::NotConsecutive)
        );
        assert_eq!(
            check_batch(d, &[op(d, 0, "x", "{}")], 1),
            Err(BatchError::NotConsecutive)
        );
        let other = DeviceId::new();
        assert_eq!(
            check_batch(d, &[op(d, 1, "x", "{}"), op(other, 2, "x", "{}")], 1),
            Err(BatchError::DeviceMismatch { seq: 2 })
        );
        assert_eq!(
            check_batch(d, &[op(d, 1, "x", "{}")], 2),
            Err(BatchError::SchemaTooOld { version: 1 })
        );
    }

    /// What a store holds of one device: its last sequence number and the
    /// operation id under each number, as its tables would.
    #[derive(Debug, Clone)]
    struct Log {
        last_seq: u64,
        ids: HashMap<u64, OperationId>,
    }

    impl Log {
        /// A device that pushed `n` operations.
        fn with(n: u64) -> Log {
            Log {
                last_seq: n,
                ids: (1..=n).map(|seq| (seq, OperationId::new())).collect(),
            }
        }

        fn device(&self) -> DeviceLog {
            DeviceLog {
                last_seq: self.last_seq,
                revoked: false,
            }
        }

        /// Classifies `ops` as a store would: reading the ids of
        /// [`resent`] only, then storing what is new.
        fn push<'a>(&mut self, ops: &'a [WireOp]) -> Result<Classified<'a>, StoreError> {
            let device = self.device();
            let stored = resent(ops, Some(&device))
                .iter()
                .filter_map(|op| self.ids.get(&op.seq).map(|id| (op.seq, *id)))
                .collect();
            let batch = classify_push(ops, Some(&device), &stored)?;
            for op in batch.new {
                self.ids.insert(op.seq, op.op_id);
            }
            self.last_seq = batch.acked_through;
            Ok(batch)
        }

        /// The device's operations `from..=to`: the ones the log holds sent
        /// again as they were, the others new.
        fn batch(&self, device: DeviceId, from: u64, to: u64) -> Vec<WireOp> {
            (from..=to)
                .map(|seq| {
                    let mut op = op(device, seq, "customers", "{}");
                    if let Some(id) = self.ids.get(&seq) {
                        op.op_id = *id;
                    }
                    op
                })
                .collect()
        }
    }

    fn seqs(ops: &[WireOp]) -> Vec<u64> {
        ops.iter().map(|op| op.seq).collect()
    }

    #[test]
    fn a_batch_sent_again_with_more_is_acknowledged_as_duplicates_then_stored() {
        let d = DeviceId::new();
        let mut log = Log::with(2);
        let ops = log.batch(d, 1, 4);
        let batch = log.push(&ops).expect("a resend is no error");
        assert_eq!(seqs(batch.duplicates), [1, 2], "stored already");
        assert_eq!(seqs(batch.new), [3, 4], "after the device's last");
        assert_eq!(batch.acked_through, 4);
        let results: Vec<OpResult> = batch.duplicate_results().collect();
        assert_eq!(results.len(), 2);
        assert!(
            results
                .iter()
                .all(|r| matches!(r.outcome, OpOutcome::Duplicate))
        );
    }

    #[test]
    fn an_empty_batch_acknowledges_what_the_store_holds() {
        let batch = Log::with(7).push(&[]).expect("nothing to refuse");
        assert!(batch.duplicates.is_empty() && batch.new.is_empty());
        assert_eq!(batch.acked_through, 7);
    }

    #[test]
    fn a_batch_that_skips_a_sequence_number_is_a_gap_naming_the_next_expected() {
        let d = DeviceId::new();
        let mut log = Log::with(2);
        let ops = log.batch(d, 4, 5);
        assert!(matches!(
            log.push(&ops),
            Err(StoreError::SequenceGap { expected: 3 })
        ));
        assert_eq!(log.last_seq, 2, "nothing of a gap is stored");
    }

    #[test]
    fn a_sequence_number_held_under_another_operation_is_refused_at_that_number() {
        let d = DeviceId::new();
        let mut log = Log::with(3);
        // A station restored from an older backup writes 2 and 3 again.
        let mut ops = log.batch(d, 1, 4);
        ops[1].op_id = OperationId::new();
        ops[2].op_id = OperationId::new();
        assert!(matches!(
            log.push(&ops),
            Err(StoreError::SequenceReused { seq: 2 })
        ));
        // A number the store holds nothing under is no duplicate either.
        let ops = log.batch(d, 1, 3);
        let stored = HashMap::from([(1, ops[0].op_id), (3, ops[2].op_id)]);
        assert!(matches!(
            classify_push(&ops, Some(&log.device()), &stored),
            Err(StoreError::SequenceReused { seq: 2 })
        ));
    }

    #[test]
    fn a_revoked_or_vanished_device_is_refused_and_nothing_is_read_for_it() {
        let d = DeviceId::new();
        let log = Log::with(2);
        let ops = log.batch(d, 1, 3);
        let revoked = DeviceLog {
            revoked: true,
            ..log.device()
        };
        for device in [Some(&revoked), None] {
            assert!(resent(&ops, device).is_empty());
            assert!(matches!(
                classify_push(&ops, device, &log.ids),
                Err(StoreError::Unauthorized)
            ));
        }
    }

    proptest! {
        #[test]
        fn a_batch_pushed_twice_is_all_duplicates_the_second_time(
            held in 0u64..40,
            start in 0u64..40,
            len in 0u64..30,
        ) {
            let d = DeviceId::new();
            let mut log = Log::with(held);
            let from = start.min(held) + 1;
            let ops = log.batch(d, from, from + len);
            let first = log.push(&ops).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let last = from + len;
            prop_assert_eq!(first.acked_through, last.max(held));
            prop_assert!(
                first.duplicates.iter().all(|op| op.seq <= held)
                    && first.new.iter().all(|op| op.seq > held),
                "what the store held is a duplicate, the rest is new"
            );
            let again = log.push(&ops).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(again.duplicates.len(), ops.len());
            prop_assert!(again.new.is_empty());
            prop_assert_eq!(again.acked_through, first.acked_through);
        }

        #[test]
        fn a_batch_beyond_the_next_number_is_a_gap_and_stores_nothing(
            held in 0u64..40,
            skip in 1u64..40,
            len in 0u64..10,
        ) {
            let d = DeviceId::new();
            let mut log = Log::with(held);
            let from = held + 1 + skip;
            let ops = log.batch(d, from, from + len);
            let gap = matches!(log.push(&ops), Err(StoreError::SequenceGap { expected }) if expected == held + 1);
            prop_assert!(gap);
            prop_assert_eq!(log.last_seq, held);
        }

        #[test]
        fn a_resent_operation_under_another_id_refuses_the_batch_at_its_number(
            held in 1u64..40,
            start in 0u64..40,
            len in 0u64..30,
            changed in any::<prop::sample::Index>(),
        ) {
            let d = DeviceId::new();
            let mut log = Log::with(held);
            let from = start % held + 1;
            let mut ops = log.batch(d, from, from + len);
            let resent_count = ops.iter().filter(|op| op.seq <= held).count();
            let at = changed.index(resent_count);
            ops[at].op_id = OperationId::new();
            let reused = matches!(log.push(&ops), Err(StoreError::SequenceReused { seq }) if seq == ops[at].seq);
            prop_assert!(reused);
            prop_assert_eq!(log.last_seq, held);
        }
    }
}
