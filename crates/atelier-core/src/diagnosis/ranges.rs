//! The ranges of a measured value: from the lowest values up, each starting
//! exactly where the one before ends, so that any value within them falls
//! in one range and one only (« < 12,2 V », « 12,2 à 12,6 V », « ≥ 12,6 V »).

use atelier_domain::Quantity;

use super::error::DiagnosisError as E;
use super::model::{MeasureQuestion, Node, Range};

/// Checks that the ranges of `q` follow each other with no gap and no
/// overlap, and that none ends before it starts.
pub(super) fn check(node: &Node, q: &MeasureQuestion) -> Result<(), E> {
    for (n, r) in q.ranges.iter().enumerate() {
        if let (Some(from), Some(to)) = (r.from, r.to)
            && from >= to
        {
            return Err(E::EmptyRange {
                node: node.spot(),
                n: n + 1,
            });
        }
    }
    for pair in q.ranges.windows(2) {
        let [before, after] = pair else { continue };
        let overlap = |at: Option<Quantity>| E::RangeOverlap {
            node: node.spot(),
            at: at.unwrap_or(Quantity::ZERO),
            unit: q.unit,
        };
        match (before.to, after.from) {
            (Some(end), Some(start)) if end < start => {
                return Err(E::RangeGap {
                    node: node.spot(),
                    from: end,
                    to: start,
                    unit: q.unit,
                });
            }
            (Some(end), Some(start)) if end > start => return Err(overlap(Some(start))),
            (Some(_), Some(_)) => {}
            // One range runs on to the highest values, or the next starts
            // from the lowest: both hold what lies between.
            (None, start) => return Err(overlap(start.or(before.from))),
            (Some(end), None) => return Err(overlap(after.to.map(|t| t.min(end)).or(Some(end)))),
        }
    }
    Ok(())
}

/// The range `value` falls in, if any.
pub fn locate(q: &MeasureQuestion, value: Quantity) -> Option<&Range> {
    q.ranges.iter().find(|r| r.holds(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::model::{Step, Text, Unit};

    fn q(ranges: &[(Option<i64>, Option<i64>)]) -> Node {
        Node {
            id: "tension".into(),
            step: Step::Measure(MeasureQuestion {
                question: Text::new(
                    "Tension batterie, moteur arrêté",
                    "Battery voltage, engine off",
                ),
                help: None,
                unit: Unit::Volt,
                ranges: ranges
                    .iter()
                    .map(|(from, to)| Range {
                        from: from.map(Quantity::from_milli),
                        to: to.map(Quantity::from_milli),
                        label: None,
                        next: "x".into(),
                    })
                    .collect(),
            }),
        }
    }

    fn checked(node: &Node) -> Result<(), E> {
        match &node.step {
            Step::Measure(m) => check(node, m),
            _ => unreachable!(),
        }
    }

    #[test]
    fn ranges_that_follow_each_other_hold_every_value_once() {
        let node = q(&[
            (None, Some(12_200)),
            (Some(12_200), Some(12_600)),
            (Some(12_600), None),
        ]);
        checked(&node).unwrap();
        let Step::Measure(m) = &node.step else {
            unreachable!()
        };
        let at = |v| {
            m.ranges
                .iter()
                .position(|r| std::ptr::eq(r, locate(m, Quantity::from_milli(v)).unwrap()))
        };
        assert_eq!(at(11_900), Some(0));
        assert_eq!(at(12_200), Some(1), "a range holds its start");
        assert_eq!(at(12_599), Some(1));
        assert_eq!(at(12_600), Some(2), "and leaves out its end");
    }

    #[test]
    fn a_gap_an_overlap_and_a_backwards_range_are_each_refused() {
        let gap = checked(&q(&[(None, Some(12_200)), (Some(12_400), None)])).unwrap_err();
        assert_eq!(gap.code(), "diagnosis_range_gap");
        assert_eq!(
            gap.message(atelier_domain::Locale::Fr),
            "Pour « Tension batterie, moteur arrêté », rien n’est prévu entre 12,2\u{a0}V et 12,4\u{a0}V : faites commencer chaque plage où finit la précédente."
        );
        let overlap = checked(&q(&[(None, Some(12_600)), (Some(12_200), None)])).unwrap_err();
        assert_eq!(overlap.code(), "diagnosis_range_overlap");
        let open = checked(&q(&[(None, None), (Some(12_200), None)])).unwrap_err();
        assert_eq!(
            open.code(),
            "diagnosis_range_overlap",
            "an open end holds the next range"
        );
        let backwards =
            checked(&q(&[(Some(13_000), Some(12_000)), (Some(12_000), None)])).unwrap_err();
        assert_eq!(backwards.code(), "diagnosis_empty_range");
    }
}
