//! Trees between stations: the shipped trees seeded on two stations are
//! the same rows with nothing to exchange; an edit, a new tree, a deletion
//! travel like any record; a station that had no trees yet applies an
//! edit once it seeds them.

use atelier_domain::DiagnosisTreeId;
use rusqlite::types::Value as Sql;

use super::*;
use crate::sync::{Applied, Applier, outgoing};

/// Moves every operation of `from` not yet sent to `to`, as a round would.
fn exchange(from: &mut Db, to: &mut Db) -> Applied {
    let ops = outgoing(from.conn(), u32::MAX).unwrap();
    from.conn()
        .execute("UPDATE outbox SET acked_at = 1 WHERE acked_at IS NULL", [])
        .unwrap();
    to.write(|tx| Applier::new().apply_page(tx, &ops, NOW))
        .unwrap()
}

/// Every stored value of every tree, deleted ones too.
fn rows(db: &Db) -> Vec<Vec<Sql>> {
    let mut stmt = db
        .conn()
        .prepare("SELECT * FROM diagnosis_trees ORDER BY id")
        .unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Sql>(i)).collect())
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn engine_light() -> DiagnosisTreeId {
    "00000000-d1a9-4000-8000-000000000002".parse().unwrap()
}

/// The owner's edit of the engine-light tree: a new name and one question
/// reworded.
fn edit(tree: &Tree) -> TreeInput {
    let mut form = TreeInput::of(tree, atelier_domain::Locale::Fr);
    if let StepInput::Choice(q) = &mut form.nodes[0].step {
        q.question = t(
            "Quel code le calculateur a-t-il mémorisé ?",
            "Which code is stored?",
        );
    }
    form.name = t("Voyant moteur (défaut antipollution)", "Engine light");
    form
}

fn two_seeded_stations() -> (Db, Db) {
    let (mut a, mut b) = (test_db(), test_db());
    a.write(crate::startup::seed_trees).unwrap();
    b.write(crate::startup::seed_trees).unwrap();
    (a, b)
}

#[test]
fn two_stations_seeding_the_shipped_trees_hold_the_same_rows_with_nothing_to_send() {
    let (mut a, mut b) = two_seeded_stations();
    assert_eq!(rows(&a), rows(&b));
    assert_eq!(rows(&a).len(), 6, "no duplicates");
    assert_eq!(exchange(&mut a, &mut b).applied, 0);
    assert_eq!(exchange(&mut b, &mut a).applied, 0);
}

#[test]
fn an_owners_edit_of_a_shipped_tree_reaches_the_other_station() {
    let (mut a, mut b) = two_seeded_stations();
    let tree = get(a.conn(), engine_light()).unwrap();
    let edited = a
        .write(|tx| save_tree(tx, NOW, &owner(), &edit(&tree)))
        .unwrap();
    let applied = exchange(&mut a, &mut b);
    assert_eq!(
        (applied.applied, applied.parked, applied.conflicts),
        (1, 0, 0)
    );
    assert_eq!(get(b.conn(), engine_light()).unwrap(), edited);
    assert_eq!(rows(&a), rows(&b), "the two stations converge");
}

#[test]
fn edits_of_different_fields_on_two_stations_both_stay() {
    let (mut a, mut b) = two_seeded_stations();
    let tree = get(a.conn(), engine_light()).unwrap();
    let mut renamed = edit(&tree);
    renamed.nodes = tree.nodes.iter().map(input).collect();
    a.write(|tx| save_tree(tx, NOW, &owner(), &renamed))
        .unwrap();
    b.write(|tx| archive(tx, NOW, &owner(), engine_light(), true))
        .unwrap();
    exchange(&mut a, &mut b);
    exchange(&mut b, &mut a);
    let (ta, tb) = (
        get(a.conn(), engine_light()).unwrap(),
        get(b.conn(), engine_light()).unwrap(),
    );
    assert_eq!(ta, tb);
    assert_eq!(ta.name.fr, "Voyant moteur (défaut antipollution)");
    assert!(ta.archived);
    assert_eq!(rows(&a), rows(&b));
}

#[test]
fn a_new_tree_and_a_deleted_one_travel_and_seeding_does_not_bring_it_back() {
    let (mut a, mut b) = two_seeded_stations();
    let mine = a
        .write(|tx| save_tree(tx, NOW, &owner(), &small()))
        .unwrap();
    a.write(|tx| delete(tx, NOW, &owner(), engine_light()))
        .unwrap();
    exchange(&mut a, &mut b);
    assert_eq!(get(b.conn(), mine.id).unwrap(), mine);
    assert_eq!(
        get(b.conn(), engine_light()).unwrap_err().code(),
        "not_found"
    );
    b.write(crate::startup::seed_trees).unwrap();
    assert_eq!(
        get(b.conn(), engine_light()).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(rows(&a), rows(&b));
}

#[test]
fn a_station_without_the_trees_yet_applies_an_edit_once_it_seeds_them() {
    let (mut a, _) = two_seeded_stations();
    let tree = get(a.conn(), engine_light()).unwrap();
    let edited = a
        .write(|tx| save_tree(tx, NOW, &owner(), &edit(&tree)))
        .unwrap();
    // A station opened without startup (an older version's database).
    let mut late = test_db();
    let applied = exchange(&mut a, &mut late);
    assert_eq!(applied.parked, 1, "the edit waits for its row");
    late.write(crate::startup::seed_trees).unwrap();
    assert_eq!(get(late.conn(), engine_light()).unwrap(), edited);
    assert_eq!(count(late.conn(), "SELECT COUNT(*) FROM sync_parked"), 0);
    assert_eq!(rows(&a), rows(&late));
}
