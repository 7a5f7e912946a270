//! Every kind of unfit tree is refused when saved, with its code and a
//! message that says what to fix, and nothing is written.

use atelier_domain::{CannedJobId, Locale};

use super::*;

type Spoil = fn(&mut TreeInput);

fn node<'a>(input: &'a mut TreeInput, key: &str) -> &'a mut NodeInput {
    input
        .nodes
        .iter_mut()
        .find(|n| n.id.as_str() == key)
        .unwrap()
}

fn choices<'a>(input: &'a mut TreeInput, key: &str) -> &'a mut Vec<Choice> {
    match &mut node(input, key).step {
        StepInput::Choice(q) => &mut q.choices,
        _ => unreachable!(),
    }
}

fn ranges(input: &mut TreeInput) -> &mut Vec<RangeInput> {
    match &mut node(input, "tension").step {
        StepInput::Measure(q) => &mut q.ranges,
        _ => unreachable!(),
    }
}

/// Each spoilt tree, the code it is refused with, and its French message.
const CASES: &[(&str, Spoil, &str, &str)] = &[
    (
        "a loop",
        |i| choices(i, "vieille")[1].next = "tension".into(),
        "diagnosis_loop",
        "L’arbre tourne en rond : un chemin revient à « Tension batterie, moteur arrêté ». Faites aboutir chaque réponse à une étape plus loin ou à une conclusion.",
    ),
    (
        "a choice pointing to a missing node",
        |i| choices(i, "vieille")[0].next = "o_batteri".into(),
        "diagnosis_dead_end",
        "Une réponse de « La batterie a-t-elle plus de cinq ans ? » mène à l’étape « o_batteri », qui n’existe pas : aucune conclusion n’est atteinte par là. Choisissez une étape existante.",
    ),
    (
        "a choice pointing nowhere",
        |i| choices(i, "vieille")[0].next = "".into(),
        "diagnosis_dead_end",
        "Une réponse de « La batterie a-t-elle plus de cinq ans ? » ne mène nulle part : choisissez l’étape qui suit.",
    ),
    (
        "an unreachable node",
        |i| {
            i.nodes
                .push(input(&outcome("orphelin", "Démarreur grippé", None)))
        },
        "diagnosis_unreachable",
        "Aucune réponse ne mène à « Démarreur grippé » : reliez cette étape à une question, ou supprimez-la.",
    ),
    (
        "gapped ranges",
        |i| ranges(i)[1].from = "12,4".into(),
        "diagnosis_range_gap",
        "Pour « Tension batterie, moteur arrêté », rien n’est prévu entre 12,2\u{a0}V et 12,4\u{a0}V : faites commencer chaque plage où finit la précédente.",
    ),
    (
        "overlapping ranges",
        |i| ranges(i)[1].from = "12".into(),
        "diagnosis_range_overlap",
        "Pour « Tension batterie, moteur arrêté », deux plages contiennent 12\u{a0}V : faites commencer chaque plage où finit la précédente.",
    ),
    (
        "a bound that is no number",
        |i| ranges(i)[1].from = " douze ".into(),
        "diagnosis_bad_bound",
        "Pour « Tension batterie, moteur arrêté », la plage n° 2 a une borne « douze » qui n’est pas un nombre : tapez une valeur comme 12,4, ou laissez la borne vide.",
    ),
    (
        "a question without choices",
        |i| choices(i, "vieille").clear(),
        "diagnosis_no_choices",
        "La question « La batterie a-t-elle plus de cinq ans ? » n’a pas de réponses au choix : donnez-lui au moins deux réponses (ou deux plages de valeurs).",
    ),
    (
        "an empty name",
        |i| i.name = t("  ", "Flat battery"),
        "diagnosis_empty_text",
        "Texte manquant : le nom de l’arbre. Écrivez-le en français (l’anglais peut attendre).",
    ),
    (
        "an empty answer label",
        |i| choices(i, "vieille")[0].label = t("", "Yes"),
        "diagnosis_empty_text",
        "Texte manquant : la réponse oui de « La batterie a-t-elle plus de cinq ans ? ». Écrivez-le en français (l’anglais peut attendre).",
    ),
    (
        "a name too long",
        |i| i.name = t(&"Batterie ".repeat(20), ""),
        "diagnosis_text_too_long",
        "Texte trop long : le nom de l’arbre (120 caractères au plus). Raccourcissez-le.",
    ),
    (
        "a link to a canned job that does not exist",
        |i| {
            if let StepInput::Outcome(o) = &mut node(i, "o_batterie").step {
                o.canned_job = Some(JobLink::Id(CannedJobId::new()));
            }
        },
        "diagnosis_unknown_canned_job",
        "La conclusion « Batterie usée » renvoie à un forfait qui n’existe plus : choisissez-en un autre, ou retirez le lien.",
    ),
    (
        "a malformed code trigger",
        |i| i.triggers[0].codes = "P05G2".into(),
        "diagnosis_bad_trigger",
        "« P05G2 » n’est ni un code défaut ni une plage de codes : par exemple P0420, ou P0300–P0306.",
    ),
    (
        "a range of codes running backwards",
        |i| i.triggers[0].codes = "P0306–P0300".into(),
        "diagnosis_bad_trigger",
        "« P0306–P0300 » n’est ni un code défaut ni une plage de codes : par exemple P0420, ou P0300–P0306.",
    ),
    (
        "a trigger starting at a missing node",
        |i| i.triggers[0].start = Some("alternateur".into()),
        "diagnosis_trigger_start",
        "Le code P0562 doit démarrer à l’étape « alternateur », qui n’est pas une question de cet arbre : choisissez-en une.",
    ),
    (
        "a tree starting with a conclusion",
        |i| i.nodes.rotate_left(2),
        "diagnosis_no_question",
        "Un arbre commence par une question : placez-en une en premier.",
    ),
    (
        "two nodes with one key",
        |i| node(i, "o_batterie").id = "charge".into(),
        "diagnosis_duplicate_node",
        "Deux étapes portent la clé « charge » : renommez l’une d’elles.",
    ),
    (
        "a key with capitals and accents",
        |i| node(i, "o_batterie").id = "Batterie_usée".into(),
        "diagnosis_bad_key",
        "La clé « Batterie_usée » ne convient pas : lettres minuscules sans accent, chiffres, « _ » ou « - », 40 au plus.",
    ),
    (
        "a conclusion without a cause",
        |i| {
            if let StepInput::Outcome(o) = &mut node(i, "charge").step {
                o.causes.clear();
            }
        },
        "diagnosis_empty_text",
        "Texte manquant : la cause n° 1 de « charge ». Écrivez-le en français (l’anglais peut attendre).",
    ),
];

#[test]
fn every_unfit_tree_is_refused_with_its_message_and_nothing_is_written() {
    let mut db = test_db();
    db.write(|tx| save_tree(tx, NOW, &owner(), &small()))
        .unwrap();
    let before = written(&db);
    for (what, spoil, code, message) in CASES {
        let mut input = small();
        spoil(&mut input);
        let e = db
            .write(|tx| save_tree(tx, NOW, &owner(), &input))
            .unwrap_err();
        assert_eq!(e.code(), *code, "{what}: {e}");
        assert_eq!(e.message(Locale::Fr), *message, "{what}");
        assert!(
            !e.message(Locale::En).is_empty() && e.message(Locale::En) != *message,
            "{what}: told in English too"
        );
        assert_eq!(written(&db), before, "{what}: no row, no operation");
    }
}

#[test]
fn an_edit_that_spoils_a_saved_tree_leaves_it_as_it_was() {
    let mut db = test_db();
    let tree = db
        .write(|tx| save_tree(tx, NOW, &owner(), &small()))
        .unwrap();
    let before = written(&db);
    let mut input = small();
    input.id = Some(tree.id);
    choices(&mut input, "vieille")[1].next = "tension".into();
    let e = db
        .write(|tx| save_tree(tx, NOW, &owner(), &input))
        .unwrap_err();
    assert_eq!(e.code(), "diagnosis_loop");
    assert_eq!(written(&db), before);
    assert_eq!(
        get(db.conn(), tree.id).unwrap(),
        tree,
        "the saved tree is untouched"
    );
    let details = e.details().unwrap();
    assert_eq!(
        details["node"], "tension",
        "the editor is told which node to show"
    );
}

#[test]
fn only_those_who_change_the_settings_save_delete_or_archive_a_tree() {
    let mut db = test_db();
    let tree = db
        .write(|tx| save_tree(tx, NOW, &owner(), &small()))
        .unwrap();
    let before = written(&db);
    let mechanic = Actor {
        user: None,
        name: "Karim".to_owned(),
        roles: Roles::of(&[Role::Mechanic, Role::FrontDesk]),
    };
    let refused = [
        db.write(|tx| save_tree(tx, NOW, &mechanic, &small()))
            .unwrap_err(),
        db.write(|tx| archive(tx, NOW, &mechanic, tree.id, true))
            .unwrap_err(),
        db.write(|tx| delete(tx, NOW, &mechanic, tree.id))
            .unwrap_err(),
    ];
    for e in refused {
        assert_eq!(e.code(), "forbidden");
    }
    assert_eq!(written(&db), before);
    assert_eq!(list(db.conn()).unwrap(), [tree], "everyone reads");
}
