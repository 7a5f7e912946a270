//! The six trees Atelier ships, written for workshops: data files beside
//! this one, embedded in the binary.
//!
//! How they reach a station: each has a fixed id, the same everywhere, and
//! [`seed`] writes the ones a station does not hold yet, with no operation
//! and the same row on every station (created and updated at 0). Two
//! stations seeding them hold the same rows without a word exchanged, so
//! there is nothing to merge; an owner's edit of a shipped tree is an
//! ordinary update of that row, which every other station applies over its
//! own seeded copy (its fields have no stamp yet, so any edit is newer). A
//! deleted shipped tree keeps its tombstone and is not seeded again.
//!
//! A later version that improves a shipped tree must not just change its
//! file: stations that seeded the old text would keep it. Ship the new
//! version under a new id, or as an update recorded once.

use atelier_domain::DiagnosisTreeId;
use rusqlite::Transaction;

use super::model::Tree;
use super::store::{fields, stored};
use crate::{Error, Result};

/// The trees' files, one per tree, their ids numbered in this order.
const FILES: [&str; 6] = [
    include_str!("shipped/no_start.json"),
    include_str!("shipped/engine_light.json"),
    include_str!("shipped/brakes.json"),
    include_str!("shipped/air_conditioning.json"),
    include_str!("shipped/battery_drain.json"),
    include_str!("shipped/overheating.json"),
];

/// The shipped trees, as written.
pub fn shipped() -> Result<Vec<Tree>> {
    FILES
        .iter()
        .map(|text| {
            serde_json::from_str(text).map_err(|_| Error::Corrupt("shipped diagnosis trees"))
        })
        .collect()
}

/// Whether `id` is a tree shipped with Atelier.
pub fn is_shipped(id: DiagnosisTreeId) -> bool {
    shipped().is_ok_and(|trees| trees.iter().any(|t| t.id == id))
}

/// Writes the shipped trees this station does not hold (nor held and
/// deleted), with no operation: every station seeds the same rows.
/// Answers the ids written.
pub fn seed(tx: &Transaction<'_>) -> Result<Vec<DiagnosisTreeId>> {
    let mut written = Vec::new();
    for tree in shipped()? {
        let (triggers, nodes) = stored(&fields(&tree));
        let n = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO diagnosis_trees
                   (id, name, name_en, triggers, nodes, archived, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, 0)",
            )?
            .execute((
                tree.id.to_string(),
                &tree.name.fr,
                &tree.name.en,
                triggers,
                nodes,
            ))?;
        if n == 1 {
            written.push(tree.id);
        }
    }
    Ok(written)
}
