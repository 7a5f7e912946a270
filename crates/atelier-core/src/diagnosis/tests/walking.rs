//! Following a tree from the answers so far: the question asked now, the
//! conclusion, the way there, and answers that do not fit.

use atelier_domain::Locale;

use super::*;

fn tree() -> Tree {
    let mut nodes = small_nodes();
    // Bounded ranges: a voltmeter reads 0 to 20 V here.
    if let Step::Measure(q) = &mut nodes[0].step {
        q.ranges[0].from = Some(Quantity::ZERO);
        q.ranges[1].to = Some(Quantity::from_milli(20_000));
        q.ranges[0].label = Some(t("Batterie déchargée", "Battery flat"));
    }
    Tree {
        id: atelier_domain::DiagnosisTreeId::new(),
        name: small().name,
        triggers: Vec::new(),
        nodes,
        archived: false,
    }
}

fn volts(milli: i64) -> Answer {
    Answer::Measured(Quantity::from_milli(milli))
}

fn asked(w: &Walk) -> &str {
    match &w.at {
        Reached::Question { node } => node.id.as_str(),
        Reached::Outcome { node, .. } => panic!("concluded at {node}"),
    }
}

#[test]
fn with_no_answer_the_first_question_is_asked() {
    let tree = tree();
    let w = walk(&tree, None, &Answers::new()).unwrap();
    assert_eq!(asked(&w), "tension");
    assert!(w.path.is_empty() && w.unused.is_empty());
}

#[test]
fn each_answer_leads_on_until_a_conclusion_with_the_way_for_the_report() {
    let tree = tree();
    let a = answer(
        &tree,
        None,
        &Answers::new(),
        &"tension".into(),
        volts(11_800),
    )
    .unwrap();
    assert_eq!(asked(&walk(&tree, None, &a).unwrap()), "vieille");
    let a = answer(
        &tree,
        None,
        &a,
        &"vieille".into(),
        Answer::Choice("oui".into()),
    )
    .unwrap();
    let w = walk(&tree, None, &a).unwrap();
    let Reached::Outcome { node, outcome } = &w.at else {
        panic!("a conclusion")
    };
    assert_eq!(node.as_str(), "o_batterie");
    assert_eq!(outcome.priority, Severity::Urgent);
    let report: Vec<(&str, &str)> = w
        .path
        .iter()
        .map(|s| (s.question.fr.as_str(), s.shown.fr.as_str()))
        .collect();
    assert_eq!(
        report,
        [
            (
                "Tension batterie, moteur arrêté",
                "11,8\u{a0}V — Batterie déchargée"
            ),
            ("La batterie a-t-elle plus de cinq ans ?", "Oui")
        ]
    );
}

#[test]
fn changing_an_earlier_answer_drops_the_answers_off_the_new_way() {
    let tree = tree();
    let mut a = Answers::new();
    a = answer(&tree, None, &a, &"tension".into(), volts(11_800)).unwrap();
    a = answer(
        &tree,
        None,
        &a,
        &"vieille".into(),
        Answer::Choice("non".into()),
    )
    .unwrap();
    assert_eq!(a.len(), 2);
    let a = answer(&tree, None, &a, &"tension".into(), volts(12_700)).unwrap();
    assert_eq!(
        a.keys().map(NodeId::as_str).collect::<Vec<_>>(),
        ["tension"],
        "the age question is off the way"
    );
    let Reached::Outcome { node, .. } = walk(&tree, None, &a).unwrap().at else {
        panic!()
    };
    assert_eq!(node.as_str(), "charge");
}

#[test]
fn answers_off_the_way_are_named_not_followed() {
    let tree = tree();
    let a: Answers = [
        ("tension".into(), volts(12_700)),
        ("vieille".into(), Answer::Choice("oui".into())),
    ]
    .into_iter()
    .collect();
    let w = walk(&tree, None, &a).unwrap();
    assert_eq!(w.unused, [NodeId::from("vieille")]);
    assert_eq!(w.path.len(), 1);
}

#[test]
fn an_answer_that_does_not_fit_its_question_is_refused_clearly() {
    let tree = tree();
    let none = Answers::new();
    let unknown = answer(&tree, None, &none, &"tension".into(), volts(25_000)).unwrap_err();
    assert_eq!(unknown.code(), "diagnosis_out_of_range");
    assert_eq!(
        unknown.message(Locale::Fr),
        "25\u{a0}V sort des valeurs prévues pour « Tension batterie, moteur arrêté » : vérifiez la mesure et son unité."
    );
    let wrong = answer(
        &tree,
        None,
        &none,
        &"tension".into(),
        Answer::Choice("oui".into()),
    )
    .unwrap_err();
    assert_eq!(wrong.code(), "diagnosis_wrong_answer");

    let a = answer(&tree, None, &none, &"tension".into(), volts(11_000)).unwrap();
    let choice = answer(
        &tree,
        None,
        &a,
        &"vieille".into(),
        Answer::Choice("peut-etre".into()),
    )
    .unwrap_err();
    assert_eq!(choice.code(), "diagnosis_unknown_choice");
    assert_eq!(
        choice.message(Locale::En),
        "“peut-etre” is not an answer offered to “La batterie a-t-elle plus de cinq ans ?”: pick one from the list."
    );
    let ahead = answer(
        &tree,
        None,
        &none,
        &"vieille".into(),
        Answer::Choice("oui".into()),
    )
    .unwrap_err();
    assert_eq!(
        ahead.code(),
        "diagnosis_not_asked",
        "a question not reached yet"
    );
    let conclusion = answer(
        &tree,
        None,
        &a,
        &"charge".into(),
        Answer::Choice("oui".into()),
    )
    .unwrap_err();
    assert_eq!(
        conclusion.code(),
        "diagnosis_not_asked",
        "a conclusion takes no answer"
    );

    // A stored answer that no longer fits (the tree was edited since).
    let stale: Answers = [("tension".into(), Answer::Choice("oui".into()))]
        .into_iter()
        .collect();
    assert_eq!(
        walk(&tree, None, &stale).unwrap_err().code(),
        "diagnosis_wrong_answer"
    );
}

#[test]
fn a_walk_may_start_where_a_trigger_says() {
    let tree = tree();
    let w = walk(&tree, Some(&"vieille".into()), &Answers::new()).unwrap();
    assert_eq!(asked(&w), "vieille");
    let e = walk(&tree, Some(&"charge".into()), &Answers::new()).unwrap_err();
    assert_eq!(e.code(), "diagnosis_not_asked", "not from a conclusion");
}
