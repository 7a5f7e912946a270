//! What a push decides about a batch as a whole: whether it may reach the
//! store at all ([`check_batch`]).

use atelier_domain::DeviceId;
use atelier_domain::sync::WireOp;

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

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_domain::sync::OpKind;
    use atelier_domain::{Hlc, OperationId};
    use serde_json::value::RawValue;

    fn op(device: DeviceId, seq: u64, entity: &str, payload: &str) -> WireOp {
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
}
