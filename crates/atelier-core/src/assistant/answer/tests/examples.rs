//! The questions the assistant proposes are ones it understands, and the
//! workshop's lexicon is what it holds.

use super::*;
use crate::assistant::intents::ALL;
use crate::assistant::{Intent, understand};

#[test]
fn every_example_is_understood_as_its_intent_in_both_languages_and_answered() {
    let s = shop();
    let lexicon = Lexicon::of_workshop(s.db.conn()).unwrap();
    for locale in [Locale::Fr, Locale::En] {
        for intent in ALL {
            let example = super::super::ask::example(*intent, locale);
            let u = understand(example, &lexicon, date!(2026 - 03 - 10));
            assert_eq!(u.intent, *intent, "{example}: {u:#?}");
            let a = s.ask_in(&s.owner, example, locale);
            assert_ne!(a.kind, AnswerKind::NotUnderstood, "{example}: {a:#?}");
        }
    }
    assert_eq!(
        super::super::ask::example(Intent::Help, Locale::En),
        "What can you do?"
    );
}

#[test]
fn the_workshops_lexicon_holds_its_mechanics_and_the_makes_and_models_the_usual_list_lacks() {
    let s = shop();
    let lexicon = Lexicon::of_workshop(s.db.conn()).unwrap();
    assert_eq!(
        lexicon.mechanics,
        ["karim", "lucas"],
        "the planning's mechanics and the users who are"
    );
    assert_eq!(
        lexicon.vehicles,
        ["jumper"],
        "Peugeot, 308, Renault, Clio, Citroën are usual"
    );
    let u = understand(
        "où en est le jumper de M. Martin ?",
        &lexicon,
        date!(2026 - 03 - 10),
    );
    assert_eq!(
        (u.slots.vehicle.as_deref(), u.slots.customer.as_deref()),
        (Some("jumper"), Some("martin"))
    );
}
