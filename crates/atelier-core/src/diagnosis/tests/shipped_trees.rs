//! The six trees Atelier ships: each is fit to save, reads in both
//! languages, leads a realistic case to its conclusion, and is started by
//! its codes; seeding writes them once, with no operation.

use atelier_domain::{DiagnosisTreeId, Locale};
use atelier_dtc::Code;

use super::*;
use crate::diagnosis::validate::{check, tidy};

fn id(n: u8) -> DiagnosisTreeId {
    format!("00000000-d1a9-4000-8000-00000000000{n}")
        .parse()
        .unwrap()
}

fn tree(n: u8) -> Tree {
    shipped()
        .unwrap()
        .into_iter()
        .find(|t| t.id == id(n))
        .unwrap()
}

fn c(key: &str) -> Answer {
    Answer::Choice(key.to_owned())
}

fn v(milli: i64) -> Answer {
    Answer::Measured(Quantity::from_milli(milli))
}

#[test]
fn every_shipped_tree_is_fit_to_save_and_reads_in_both_languages() {
    let trees = shipped().unwrap();
    assert!(!super::super::shipped::is_shipped(DiagnosisTreeId::new()));
    let names: Vec<&str> = trees.iter().map(|t| t.name.fr.as_str()).collect();
    assert_eq!(
        names,
        [
            "Ne démarre pas ou démarre puis cale",
            "Voyant moteur allumé",
            "Bruit ou vibration au freinage",
            "Climatisation qui ne refroidit pas",
            "Batterie qui se décharge",
            "Surchauffe moteur"
        ]
    );
    for (n, tree) in trees.iter().enumerate() {
        assert_eq!(
            tree.id,
            id(u8::try_from(n + 1).unwrap()),
            "fixed, well-known ids"
        );
        check(tree).unwrap_or_else(|e| panic!("{}: {}", tree.name.fr, e.message(Locale::Fr)));
        let mut tidied = tree.clone();
        tidy(&mut tidied);
        assert_eq!(&tidied, tree, "{}: written tidy", tree.name.fr);
        assert!(
            (6..=20).contains(&tree.nodes.len()),
            "{}: {} nodes",
            tree.name.fr,
            tree.nodes.len()
        );
        let text = serde_json::to_value(tree).unwrap().to_string();
        assert!(
            !text.contains(r#""en":"""#),
            "{}: every text has its English",
            tree.name.fr
        );
        let outcomes = tree
            .nodes
            .iter()
            .filter(|n| matches!(n.step, Step::Outcome(_)))
            .count();
        assert!(outcomes >= 5, "{}: several conclusions", tree.name.fr);
    }
}

/// A realistic case through each tree: the tree, where a code starts it,
/// the answers in order, and the conclusion.
type Case = (
    u8,
    Option<&'static str>,
    Vec<(&'static str, Answer)>,
    &'static str,
);

fn cases() -> Vec<Case> {
    vec![
        (
            1,
            None,
            vec![("symptome", c("rien")), ("tension_batterie", v(11_900))],
            "o_batterie",
        ),
        (
            1,
            None,
            vec![
                ("symptome", c("lance")),
                ("antidemarrage", c("non")),
                ("regime", c("oui")),
                ("pompe", c("oui")),
                ("allumage", c("sans_etincelle")),
            ],
            "o_allumage",
        ),
        (
            2,
            Some("rates"),
            vec![("rates", c("un")), ("permuter_bobine", c("suit"))],
            "o_bobine",
        ),
        (
            3,
            None,
            vec![
                ("symptome", c("vibration")),
                ("hors_freinage", c("non")),
                ("voile", v(110)),
                ("moyeu", c("oui")),
            ],
            "o_disques",
        ),
        (
            4,
            None,
            vec![
                ("compresseur", c("oui")),
                ("aerateur", v(16_000)),
                ("pressions", c("basses")),
            ],
            "o_fuite",
        ),
        (
            5,
            None,
            vec![
                ("repos", v(12_400)),
                ("charge", v(14_200)),
                ("fuite", v(180_000)),
                ("fusibles", c("oui")),
            ],
            "o_consommateur",
        ),
        (
            6,
            None,
            vec![
                ("niveau", c("bon")),
                ("temperature", c("oui")),
                ("ventilateur", c("oui")),
                ("durite_basse", v(38_000)),
            ],
            "o_thermostat",
        ),
    ]
}

#[test]
fn a_realistic_case_through_each_tree_reaches_its_conclusion() {
    for (n, start, steps, end) in cases() {
        let tree = tree(n);
        let from = start.map(NodeId::from);
        let mut answers = Answers::new();
        for (node, a) in &steps {
            let now = walk(&tree, from.as_ref(), &answers).unwrap();
            let Reached::Question { node: asked } = &now.at else {
                panic!("{}: concluded before {node}", tree.name.fr);
            };
            assert_eq!(
                asked.id.as_str(),
                *node,
                "{}: the question asked next",
                tree.name.fr
            );
            answers = answer(&tree, from.as_ref(), &answers, &asked.id, a.clone()).unwrap();
        }
        let done = walk(&tree, from.as_ref(), &answers).unwrap();
        let Reached::Outcome { node, outcome } = &done.at else {
            panic!("{}: no conclusion", tree.name.fr);
        };
        assert_eq!(node.as_str(), end, "{}", tree.name.fr);
        assert!(!outcome.checks.is_empty());
        assert_eq!(
            done.path.len(),
            steps.len(),
            "{}: every answer is on the way",
            tree.name.fr
        );
    }
}

#[test]
fn the_report_shows_each_measure_with_its_unit_and_meaning() {
    let tree = tree(5);
    let answers: Answers = [
        ("repos".into(), v(12_400)),
        ("charge".into(), v(14_200)),
        ("fuite".into(), v(180_000)),
        ("fusibles".into(), c("oui")),
    ]
    .into_iter()
    .collect();
    let done = walk(&tree, None, &answers).unwrap();
    let shown: Vec<&str> = done.path.iter().map(|a| a.shown.fr.as_str()).collect();
    assert_eq!(
        shown,
        [
            "12,4\u{a0}V — Partiellement chargée",
            "14,2\u{a0}V — Correcte",
            "180\u{a0}mA — Trop fort",
            "Oui, sur un circuit précis"
        ]
    );
    assert_eq!(done.path[2].shown.en, "180\u{a0}mA — Too high");
}

#[test]
fn codes_start_the_right_tree_at_the_right_question() {
    let mut db = test_db();
    db.write(seed).unwrap();
    let code = |s: &str| Code::parse(s).unwrap();
    let started = trees_for_codes(db.conn(), &[code("P0301")]).unwrap();
    assert_eq!(started.len(), 1);
    assert_eq!(started[0].tree.name.fr, "Voyant moteur allumé");
    assert_eq!(started[0].start, Some("rates".into()), "the misfire branch");

    let started =
        trees_for_codes(db.conn(), &[code("P0420"), code("P0217"), code("P0171")]).unwrap();
    let what: Vec<(&str, Option<&str>, usize)> = started
        .iter()
        .map(|t| {
            (
                t.tree.name.fr.as_str(),
                t.start.as_ref().map(NodeId::as_str),
                t.codes.len(),
            )
        })
        .collect();
    assert_eq!(
        what,
        [
            ("Voyant moteur allumé", Some("catalyseur"), 2),
            ("Surchauffe moteur", None, 1)
        ],
        "one tree per tree, started where its first code says"
    );
    assert!(
        trees_for_codes(db.conn(), &[code("P0700")])
            .unwrap()
            .is_empty(),
        "a gearbox code starts none"
    );

    db.write(|tx| archive(tx, NOW, &owner(), id(2), true))
        .unwrap();
    assert!(
        trees_for_codes(db.conn(), &[code("P0301")])
            .unwrap()
            .is_empty(),
        "an archived tree is not offered"
    );
}

#[test]
fn seeding_writes_the_shipped_trees_once_with_no_operation() {
    let mut db = test_db();
    let first = db.write(seed).unwrap();
    assert_eq!(first.len(), 6);
    assert_eq!(written(&db), (6, 0), "six rows, nothing to send");
    assert!(
        db.write(seed).unwrap().is_empty(),
        "seeding again writes nothing"
    );
    assert_eq!(list(db.conn()).unwrap().len(), 6);

    db.write(|tx| delete(tx, NOW, &owner(), id(3))).unwrap();
    assert!(
        db.write(seed).unwrap().is_empty(),
        "a deleted shipped tree stays deleted"
    );
    assert_eq!(list(db.conn()).unwrap().len(), 5);
}

#[test]
fn a_shipped_tree_links_its_canned_job_by_name_where_the_workshop_has_one() {
    let mut db = test_db();
    db.write(seed).unwrap();
    let brakes = get(db.conn(), id(3)).unwrap();
    let Some(Step::Outcome(o)) = brakes.node(&"o_plaquettes".into()).map(|n| &n.step) else {
        panic!("an outcome");
    };
    let link = o.canned_job.clone().unwrap();
    assert_eq!(
        canned_job(db.conn(), &link).unwrap(),
        None,
        "no such job here yet"
    );
    let job = db
        .write(|tx| {
            let input = crate::orders::canned::CannedJobInput {
                name: Some("PLAQUETTES de frein AVANT".into()),
                ..Default::default()
            };
            crate::orders::canned::create_canned_job(tx, NOW, &input, Locale::Fr)
        })
        .unwrap();
    assert_eq!(
        canned_job(db.conn(), &link).unwrap(),
        Some(job.id),
        "found by name, case aside"
    );
}

#[test]
fn trees_are_listed_by_name_accents_aside() {
    let mut db = test_db();
    db.write(seed).unwrap();
    let names: Vec<String> = list(db.conn())
        .unwrap()
        .into_iter()
        .map(|t| t.name.fr)
        .collect();
    assert_eq!(
        names,
        [
            "Batterie qui se décharge",
            "Bruit ou vibration au freinage",
            "Climatisation qui ne refroidit pas",
            "Ne démarre pas ou démarre puis cale",
            "Surchauffe moteur",
            "Voyant moteur allumé"
        ]
    );
}
