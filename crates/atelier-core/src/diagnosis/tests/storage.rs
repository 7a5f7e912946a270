//! Trees as stored: a save writes the row, its operation and its audit
//! entry together; an edit sends only what changed; archive and delete.

use atelier_domain::{CannedJobId, Locale};
use serde_json::json;

use super::*;
use crate::outbox::{self, OpKind};

fn operations(db: &Db) -> Vec<outbox::Operation> {
    outbox::pending(db.conn(), 1_000).unwrap()
}

#[test]
fn a_new_tree_is_saved_with_its_operation_and_audit_entry() {
    let mut db = test_db();
    let tree = db
        .write(|tx| save_tree(tx, NOW, &owner(), &small()))
        .unwrap();
    assert_eq!(get(db.conn(), tree.id).unwrap(), tree);
    assert_eq!(tree.nodes.len(), 4);
    assert_eq!(tree.triggers[0].codes.to_string(), "P0562");
    let ops = operations(&db);
    assert_eq!(ops.len(), 1);
    assert_eq!(
        (ops[0].entity.as_str(), ops[0].kind),
        ("diagnosis_trees", OpKind::Insert)
    );
    assert_eq!(ops[0].payload["name"], "Batterie à plat");
    assert_eq!(ops[0].payload["archived"], false);
    assert_eq!(
        ops[0].payload["nodes"][0]["id"], "tension",
        "the nodes travel as one field"
    );
    let trail =
        crate::audit::of_record(db.conn(), "diagnosis_trees", &tree.id.to_string()).unwrap();
    assert_eq!(trail.len(), 1, "the audit trail has the creation");
}

#[test]
fn an_edit_sends_only_what_changed_and_an_unchanged_save_nothing() {
    let mut db = test_db();
    let tree = db
        .write(|tx| save_tree(tx, NOW, &owner(), &small()))
        .unwrap();
    let mut input = small();
    input.id = Some(tree.id);
    db.write(|tx| save_tree(tx, NOW, &owner(), &input)).unwrap();
    assert_eq!(operations(&db).len(), 1, "saved as it was: nothing sent");

    input.name = t("  Batterie vide ", "Flat battery");
    // The owner reorders the conclusions.
    input.nodes.swap(2, 3);
    let edited = db
        .write(|tx| save_tree(tx, NOW + 1, &owner(), &input))
        .unwrap();
    assert_eq!(edited.name.fr, "Batterie vide", "texts are trimmed");
    assert_eq!(edited.nodes[2].id.as_str(), "o_batterie");
    let op = operations(&db).pop().unwrap();
    assert_eq!(op.kind, OpKind::Update);
    let mut fields: Vec<&String> = op.payload.as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(
        fields,
        ["name", "nodes"],
        "the English name and the triggers did not change"
    );
}

#[test]
fn an_outcome_may_link_a_canned_job_of_the_workshop() {
    let mut db = test_db();
    let job = db
        .write(|tx| {
            let input = crate::orders::canned::CannedJobInput {
                name: Some("Remplacement batterie".into()),
                ..Default::default()
            };
            crate::orders::canned::create_canned_job(tx, NOW, &input, Locale::Fr)
        })
        .unwrap();
    let mut input = small();
    if let Step::Outcome(o) = &mut input.nodes[3].step {
        o.canned_job = Some(JobLink::Id(job.id));
    }
    let tree = db.write(|tx| save_tree(tx, NOW, &owner(), &input)).unwrap();
    let Step::Outcome(o) = &tree.nodes[3].step else {
        panic!()
    };
    assert_eq!(
        canned_job(db.conn(), o.canned_job.as_ref().unwrap()).unwrap(),
        Some(job.id)
    );
    assert_eq!(
        canned_job(db.conn(), &JobLink::Id(CannedJobId::new())).unwrap(),
        None
    );
}

#[test]
fn a_tree_is_archived_then_deleted() {
    let mut db = test_db();
    let tree = db
        .write(|tx| save_tree(tx, NOW, &owner(), &small()))
        .unwrap();
    let archived = db
        .write(|tx| archive(tx, NOW, &owner(), tree.id, true))
        .unwrap();
    assert!(archived.archived);
    assert_eq!(
        operations(&db).pop().unwrap().payload,
        json!({ "archived": true })
    );
    assert_eq!(
        list(db.conn()).unwrap().len(),
        1,
        "an archived tree is still listed for the owner"
    );
    db.write(|tx| delete(tx, NOW, &owner(), tree.id)).unwrap();
    assert_eq!(operations(&db).pop().unwrap().kind, OpKind::Delete);
    assert_eq!(get(db.conn(), tree.id).unwrap_err().code(), "not_found");
    assert!(list(db.conn()).unwrap().is_empty());
}
