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
    if let StepInput::Outcome(o) = &mut input.nodes[3].step {
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

#[test]
fn the_editor_opens_a_tree_as_it_was_saved_and_saving_that_form_changes_nothing() {
    let mut db = test_db();
    let tree = db
        .write(|tx| save_tree(tx, NOW, &owner(), &small()))
        .unwrap();
    let ops = count(db.conn(), "SELECT COUNT(*) FROM outbox");
    for locale in [Locale::Fr, Locale::En] {
        let opened = form(db.conn(), Some(tree.id), locale).unwrap();
        let StepInput::Measure(q) = &opened.nodes[0].step else {
            panic!("the first node is the voltage")
        };
        let shown = if locale == Locale::Fr { "12,2" } else { "12.2" };
        assert_eq!(
            (q.ranges[0].to.as_str(), q.ranges[1].from.as_str()),
            (shown, shown),
            "bounds written in the reader's language"
        );
        assert_eq!(opened.triggers[0].codes, "P0562");
        let saved = db
            .write(|tx| save_tree(tx, NOW, &owner(), &opened))
            .unwrap();
        assert_eq!(saved, tree);
    }
    assert_eq!(
        count(db.conn(), "SELECT COUNT(*) FROM outbox"),
        ops,
        "an unchanged tree records no operation"
    );
}

#[test]
fn a_new_tree_starts_as_a_yes_or_no_question_with_its_texts_to_write() {
    let mut db = test_db();
    let mut blank = form(db.conn(), None, Locale::Fr).unwrap();
    assert_eq!(blank.nodes.len(), 3);
    let e = db
        .write(|tx| save_tree(tx, NOW, &owner(), &blank))
        .unwrap_err();
    assert_eq!(e.code(), "diagnosis_empty_text", "{e}");
    blank.name = t("Calage à chaud", "Stalls when warm");
    if let StepInput::Choice(q) = &mut blank.nodes[0].step {
        q.question = t("Le ralenti est-il instable ?", "");
    }
    for (n, cause) in [(1, "Sonde de température"), (2, "Vanne de ralenti")] {
        if let StepInput::Outcome(o) = &mut blank.nodes[n].step {
            o.causes = vec![t(cause, "")];
            o.checks = vec![t("Lire les valeurs en direct", "")];
        }
    }
    let tree = db.write(|tx| save_tree(tx, NOW, &owner(), &blank)).unwrap();
    assert_eq!(tree.nodes.len(), 3);
    assert_eq!(list(db.conn()).unwrap().len(), 1);
}

#[test]
fn a_copy_of_a_tree_is_saved_beside_it_under_its_own_name() {
    let mut db = test_db();
    let tree = db
        .write(|tx| save_tree(tx, NOW, &owner(), &small()))
        .unwrap();
    let copy = form(db.conn(), Some(tree.id), Locale::Fr).unwrap().copy();
    assert_eq!(copy.id, None);
    assert_eq!(
        copy.name,
        t("Batterie à plat (copie)", "Flat battery (copy)")
    );
    let saved = db.write(|tx| save_tree(tx, NOW, &owner(), &copy)).unwrap();
    assert_ne!(saved.id, tree.id);
    assert_eq!(saved.nodes, tree.nodes);
    assert_eq!(list(db.conn()).unwrap().len(), 2);
}
