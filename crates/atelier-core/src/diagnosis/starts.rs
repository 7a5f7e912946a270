//! Which trees a car's trouble codes start, and where: P0301 starts the
//! engine-light tree at its misfire question.

use atelier_dtc::Code;
use rusqlite::Connection;
use serde::Serialize;

use super::model::{NodeId, Tree};
use super::store::list;
use crate::Result;

/// A tree started by codes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Triggered {
    /// The tree.
    pub tree: Tree,
    /// Where to start, when not at its first node.
    pub start: Option<NodeId>,
    /// The codes read that start it, in the order given.
    pub codes: Vec<Code>,
}

/// The trees, archived ones left out, that `codes` start: in the order of
/// the first code each answers to, then by name. Where several triggers
/// of a tree hold a code, the first one says where to start.
pub fn trees_for_codes(conn: &Connection, codes: &[Code]) -> Result<Vec<Triggered>> {
    let trees: Vec<Tree> = list(conn)?.into_iter().filter(|t| !t.archived).collect();
    Ok(matching(&trees, codes))
}

/// [`trees_for_codes`] over trees in hand.
pub fn matching(trees: &[Tree], codes: &[Code]) -> Vec<Triggered> {
    let mut out: Vec<Triggered> = Vec::new();
    for &code in codes {
        for tree in trees {
            let Some(trigger) = tree.triggers.iter().find(|t| t.codes.holds(code)) else {
                continue;
            };
            match out.iter_mut().find(|t| t.tree.id == tree.id) {
                Some(t) if !t.codes.contains(&code) => t.codes.push(code),
                Some(_) => {}
                None => out.push(Triggered {
                    tree: tree.clone(),
                    start: trigger.start.clone(),
                    codes: vec![code],
                }),
            }
        }
    }
    out
}
