//! How each refusal of the guided diagnosis is told: its code for the UI
//! and its text in French and English, saying what to do about it.

use atelier_domain::Locale;
use serde_json::{Value, json};

use super::error::{DiagnosisError, Many, Place, Spot};
use super::walk::measured as value;

fn spot(s: &Spot, locale: Locale) -> String {
    match locale {
        Locale::Fr => format!("« {} »", s.show(locale)),
        Locale::En => format!("“{}”", s.show(locale)),
    }
}

impl DiagnosisError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        use DiagnosisError as E;
        match self {
            E::Empty(_) => "diagnosis_empty_text",
            E::TooLong { .. } => "diagnosis_text_too_long",
            E::TooMany { .. } => "diagnosis_too_many",
            E::BadKey { .. } => "diagnosis_bad_key",
            E::DuplicateNode { .. } => "diagnosis_duplicate_node",
            E::DuplicateChoice { .. } => "diagnosis_duplicate_choice",
            E::NoQuestion => "diagnosis_no_question",
            E::TooFewAnswers { .. } => "diagnosis_no_choices",
            E::DeadEnd { .. } => "diagnosis_dead_end",
            E::Loop { .. } => "diagnosis_loop",
            E::Unreachable { .. } => "diagnosis_unreachable",
            E::RangeGap { .. } => "diagnosis_range_gap",
            E::RangeOverlap { .. } => "diagnosis_range_overlap",
            E::EmptyRange { .. } => "diagnosis_empty_range",
            E::BadBound { .. } => "diagnosis_bad_bound",
            E::UnknownCannedJob { .. } => "diagnosis_unknown_canned_job",
            E::BadTrigger { .. } => "diagnosis_bad_trigger",
            E::TriggerStart { .. } => "diagnosis_trigger_start",
            E::UnknownChoice { .. } => "diagnosis_unknown_choice",
            E::OutOfRange { .. } => "diagnosis_out_of_range",
            E::WrongAnswer { .. } => "diagnosis_wrong_answer",
            E::NotAsked { .. } => "diagnosis_not_asked",
            E::Closed => "diagnosis_closed",
            E::ClearNotConfirmed => "diagnosis_clear_unconfirmed",
        }
    }

    /// The node at fault, for the editor to show it: `{"node": key}`.
    pub fn details(&self) -> Option<Value> {
        use DiagnosisError as E;
        let node = match self {
            E::Empty(p) | E::TooLong { place: p, .. } => match p {
                Place::Name => return None,
                Place::Question(s)
                | Place::Help(s)
                | Place::Choice(s, _)
                | Place::Range(s, _)
                | Place::Cause(s, _)
                | Place::Check(s, _)
                | Place::JobName(s) => &s.key,
            },
            E::DuplicateChoice { node, .. }
            | E::TooFewAnswers { node }
            | E::DeadEnd { node, .. }
            | E::Loop { node }
            | E::Unreachable { node }
            | E::RangeGap { node, .. }
            | E::RangeOverlap { node, .. }
            | E::EmptyRange { node, .. }
            | E::BadBound { node, .. }
            | E::UnknownCannedJob { node }
            | E::UnknownChoice { node, .. }
            | E::OutOfRange { node, .. }
            | E::WrongAnswer { node } => &node.key,
            E::DuplicateNode { key } | E::NotAsked { key } => key,
            E::TriggerStart { start, .. } => start,
            _ => return None,
        };
        Some(json!({ "node": node }))
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        use DiagnosisError as E;
        let fr = locale == Locale::Fr;
        let l = locale;
        match self {
            E::Closed if fr => "Ce diagnostic est clos : rouvrez-le pour le modifier.".to_owned(),
            E::Closed => "This diagnosis is closed: reopen it to change it.".to_owned(),
            E::ClearNotConfirmed if fr => "L’effacement des codes doit être confirmé : il éteint le voyant et efface l’image figée que le contrôle technique et le diagnostic pourraient encore lire.".to_owned(),
            E::ClearNotConfirmed => "Clearing the codes must be confirmed: it turns the warning light off and erases the freeze frame the inspection and the diagnosis could still read.".to_owned(),
            E::Empty(p) if fr => format!(
                "Texte manquant : {}. Écrivez-le en français (l’anglais peut attendre).",
                p.show(l)
            ),
            E::Empty(p) => format!(
                "Missing text: {}. Write it in French (the English may wait).",
                p.show(l)
            ),
            E::TooLong { place, max } if fr => format!(
                "Texte trop long : {} ({max} caractères au plus). Raccourcissez-le.",
                place.show(l)
            ),
            E::TooLong { place, max } => format!(
                "Text too long: {} ({max} characters at most). Shorten it.",
                place.show(l)
            ),
            E::TooMany { what, max } => {
                let (f, e) = match what {
                    Many::Nodes => ("nœuds dans un arbre", "nodes in a tree"),
                    Many::Answers => ("réponses à une question", "answers to a question"),
                    Many::Lines => (
                        "causes ou contrôles dans une conclusion",
                        "causes or checks in a conclusion",
                    ),
                    Many::Triggers => ("codes déclencheurs", "trigger codes"),
                };
                if fr {
                    format!("Pas plus de {max} {f} : regroupez-en ou partagez l’arbre en deux.")
                } else {
                    format!("No more than {max} {e}: merge some, or split the tree in two.")
                }
            }
            E::BadKey { key } if fr => format!(
                "La clé « {key} » ne convient pas : lettres minuscules sans accent, chiffres, « _ » ou « - », 40 au plus."
            ),
            E::BadKey { key } => format!(
                "The key “{key}” does not fit: lower-case letters without accents, digits, “_” or “-”, 40 at most."
            ),
            E::DuplicateNode { key } if fr => {
                format!("Deux étapes portent la clé « {key} » : renommez l’une d’elles.")
            }
            E::DuplicateNode { key } => format!("Two steps are keyed “{key}”: rename one of them."),
            E::DuplicateChoice { node, choice } if fr => format!(
                "{} offre deux fois la réponse « {choice} » : renommez l’une d’elles.",
                spot(node, l)
            ),
            E::DuplicateChoice { node, choice } => format!(
                "{} offers the answer “{choice}” twice: rename one of them.",
                spot(node, l)
            ),
            E::NoQuestion if fr => {
                "Un arbre commence par une question : placez-en une en premier.".to_owned()
            }
            E::NoQuestion => "A tree starts with a question: put one first.".to_owned(),
            E::TooFewAnswers { node } if fr => format!(
                "La question {} n’a pas de réponses au choix : donnez-lui au moins deux réponses (ou deux plages de valeurs).",
                spot(node, l)
            ),
            E::TooFewAnswers { node } => format!(
                "The question {} has no answers to choose: give it at least two answers (or two ranges of values).",
                spot(node, l)
            ),
            E::DeadEnd { node, to } if fr && to.is_empty() => format!(
                "Une réponse de {} ne mène nulle part : choisissez l’étape qui suit.",
                spot(node, l)
            ),
            E::DeadEnd { node, to } if to.is_empty() => format!(
                "An answer of {} leads nowhere: choose the step that follows.",
                spot(node, l)
            ),
            E::DeadEnd { node, to } if fr => format!(
                "Une réponse de {} mène à l’étape « {to} », qui n’existe pas : aucune conclusion n’est atteinte par là. Choisissez une étape existante.",
                spot(node, l)
            ),
            E::DeadEnd { node, to } => format!(
                "An answer of {} leads to step “{to}”, which does not exist: no conclusion is reached that way. Choose an existing step.",
                spot(node, l)
            ),
            E::Loop { node } if fr => format!(
                "L’arbre tourne en rond : un chemin revient à {}. Faites aboutir chaque réponse à une étape plus loin ou à une conclusion.",
                spot(node, l)
            ),
            E::Loop { node } => format!(
                "The tree goes round in circles: a path comes back to {}. Make each answer lead further on or to a conclusion.",
                spot(node, l)
            ),
            E::Unreachable { node } if fr => format!(
                "Aucune réponse ne mène à {} : reliez cette étape à une question, ou supprimez-la.",
                spot(node, l)
            ),
            E::Unreachable { node } => format!(
                "No answer leads to {}: link this step from a question, or delete it.",
                spot(node, l)
            ),
            E::RangeGap {
                node,
                from,
                to,
                unit,
            } if fr => format!(
                "Pour {}, rien n’est prévu entre {} et {} : faites commencer chaque plage où finit la précédente.",
                spot(node, l),
                value(*from, *unit, l),
                value(*to, *unit, l)
            ),
            E::RangeGap {
                node,
                from,
                to,
                unit,
            } => format!(
                "For {}, nothing covers {} to {}: start each range where the one before ends.",
                spot(node, l),
                value(*from, *unit, l),
                value(*to, *unit, l)
            ),
            E::RangeOverlap { node, at, unit } if fr => format!(
                "Pour {}, deux plages contiennent {} : faites commencer chaque plage où finit la précédente.",
                spot(node, l),
                value(*at, *unit, l)
            ),
            E::RangeOverlap { node, at, unit } => format!(
                "For {}, two ranges hold {}: start each range where the one before ends.",
                spot(node, l),
                value(*at, *unit, l)
            ),
            E::BadBound { node, n, typed } if fr => format!(
                "Pour {}, la plage n° {n} a une borne « {typed} » qui n’est pas un nombre : tapez une valeur comme 12,4, ou laissez la borne vide.",
                spot(node, l)
            ),
            E::BadBound { node, n, typed } => format!(
                "For {}, range {n} has a bound “{typed}” that is no number: type a value such as 12.4, or leave the bound empty.",
                spot(node, l)
            ),
            E::EmptyRange { node, n } if fr => format!(
                "Pour {}, la plage n° {n} finit avant de commencer : corrigez ses bornes.",
                spot(node, l)
            ),
            E::EmptyRange { node, n } => format!(
                "For {}, range {n} ends before it starts: correct its bounds.",
                spot(node, l)
            ),
            E::UnknownCannedJob { node } if fr => format!(
                "La conclusion {} renvoie à un forfait qui n’existe plus : choisissez-en un autre, ou retirez le lien.",
                spot(node, l)
            ),
            E::UnknownCannedJob { node } => format!(
                "The conclusion {} links a canned job that no longer exists: choose another, or remove the link.",
                spot(node, l)
            ),
            E::BadTrigger { input } if fr => format!(
                "« {input} » n’est ni un code défaut ni une plage de codes : par exemple P0420, ou P0300–P0306."
            ),
            E::BadTrigger { input } => format!(
                "“{input}” is neither a trouble code nor a range of codes: e.g. P0420, or P0300–P0306."
            ),
            E::TriggerStart { codes, start } if fr => format!(
                "Le code {codes} doit démarrer à l’étape « {start} », qui n’est pas une question de cet arbre : choisissez-en une."
            ),
            E::TriggerStart { codes, start } => format!(
                "Code {codes} is to start at step “{start}”, which is not a question of this tree: choose one."
            ),
            E::UnknownChoice { node, choice } if fr => format!(
                "« {choice} » n’est pas une réponse proposée à {} : choisissez-en une de la liste.",
                spot(node, l)
            ),
            E::UnknownChoice { node, choice } => format!(
                "“{choice}” is not an answer offered to {}: pick one from the list.",
                spot(node, l)
            ),
            E::OutOfRange {
                node,
                value: v,
                unit,
            } if fr => format!(
                "{} sort des valeurs prévues pour {} : vérifiez la mesure et son unité.",
                value(*v, *unit, l),
                spot(node, l)
            ),
            E::OutOfRange {
                node,
                value: v,
                unit,
            } => format!(
                "{} is outside the values expected for {}: check the measurement and its unit.",
                value(*v, *unit, l),
                spot(node, l)
            ),
            E::WrongAnswer { node } if fr => format!(
                "{} attend l’autre sorte de réponse (un choix ou une valeur mesurée).",
                spot(node, l)
            ),
            E::WrongAnswer { node } => format!(
                "{} takes the other kind of answer (a choice or a measured value).",
                spot(node, l)
            ),
            E::NotAsked { key } if fr => format!(
                "L’étape « {key} » n’est pas une question posée sur ce chemin : répondez à la question en cours."
            ),
            E::NotAsked { key } => format!(
                "Step “{key}” is not a question asked on this path: answer the current question."
            ),
        }
    }
}
