//! The guided diagnosis on an in-memory database: the shipped trees, what
//! saving refuses, following a tree, and trees travelling between stations.

#![allow(clippy::unwrap_used)]

use atelier_domain::Quantity;
use rusqlite::Connection;

use super::*;
use crate::Db;
use crate::access::{Actor, Role, Roles};
use crate::db::test_db;

mod refusals;
mod sessions;
mod shipped_trees;
mod storage;
mod sync;
mod walking;

/// 2026-03-02T10:00:00Z
const NOW: u64 = 1_772_445_600_000;

fn owner() -> Actor {
    Actor {
        user: None,
        name: "Hélène".to_owned(),
        roles: Roles::of(&[Role::Owner]),
    }
}

fn t(fr: &str, en: &str) -> Text {
    Text::new(fr, en)
}

fn choice(id: &str, question: &str, choices: &[(&str, &str, &str)]) -> Node {
    Node {
        id: id.into(),
        step: Step::Choice(ChoiceQuestion {
            question: t(question, ""),
            help: None,
            choices: choices
                .iter()
                .map(|(key, label, next)| Choice {
                    id: (*key).to_owned(),
                    label: t(label, ""),
                    next: (*next).into(),
                })
                .collect(),
        }),
    }
}

fn measure(
    id: &str,
    question: &str,
    unit: Unit,
    ranges: &[(Option<i64>, Option<i64>, &str)],
) -> Node {
    Node {
        id: id.into(),
        step: Step::Measure(MeasureQuestion {
            question: t(question, ""),
            help: None,
            unit,
            ranges: ranges
                .iter()
                .map(|(from, to, next)| Range {
                    from: from.map(Quantity::from_milli),
                    to: to.map(Quantity::from_milli),
                    label: None,
                    next: (*next).into(),
                })
                .collect(),
        }),
    }
}

fn outcome(id: &str, cause: &str, job: Option<JobLink>) -> Node {
    Node {
        id: id.into(),
        step: Step::Outcome(Outcome {
            causes: vec![t(cause, "")],
            priority: Severity::Urgent,
            checks: vec![t("Tester la batterie", "Test the battery")],
            canned_job: job,
        }),
    }
}

/// A small tree a workshop might write: a voltage, then a question.
fn small_nodes() -> Vec<Node> {
    vec![
        measure(
            "tension",
            "Tension batterie, moteur arrêté",
            Unit::Volt,
            &[
                (None, Some(12_200), "vieille"),
                (Some(12_200), None, "charge"),
            ],
        ),
        choice(
            "vieille",
            "La batterie a-t-elle plus de cinq ans ?",
            &[("oui", "Oui", "o_batterie"), ("non", "Non", "charge")],
        ),
        outcome("charge", "Alternateur qui ne charge plus", None),
        outcome("o_batterie", "Batterie usée", None),
    ]
}

/// The small tree as the editor sends it.
fn small() -> TreeInput {
    TreeInput {
        id: None,
        name: t("Batterie à plat", "Flat battery"),
        triggers: vec![TriggerInput {
            codes: "P0562".into(),
            start: None,
        }],
        nodes: small_nodes().iter().map(input).collect(),
    }
}

/// A node as the editor sends it, its bounds written in French.
fn input(node: &Node) -> NodeInput {
    NodeInput::of(node, atelier_domain::Locale::Fr)
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Rows of trees and operations recorded: what a refusal must leave as it was.
fn written(db: &Db) -> (i64, i64) {
    (
        count(db.conn(), "SELECT COUNT(*) FROM diagnosis_trees"),
        count(db.conn(), "SELECT COUNT(*) FROM outbox"),
    )
}
