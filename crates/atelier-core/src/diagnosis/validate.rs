//! What makes a tree fit to save, with no database: every text written and
//! short enough, keys that read, a question first, every answer leading to
//! a node that exists, no loop, no node left out, measured ranges that
//! follow each other without a gap or an overlap, triggers that start at a
//! question. A tree that passes leads every path to a conclusion.

use std::collections::{HashMap, HashSet};

use super::error::{DiagnosisError as E, Many, Place};
use super::model::{Node, NodeId, Step, Text, Tree};

/// The longest tree name, in characters.
pub const NAME_MAX: usize = 120;
/// The longest question, cause or check.
pub const TEXT_MAX: usize = 300;
/// The longest answer label or canned-job name.
pub const LABEL_MAX: usize = 120;
/// The longest help text.
pub const HELP_MAX: usize = 600;
/// The most nodes in a tree.
pub const NODES_MAX: usize = 200;
/// The most choices or ranges of a question.
pub const ANSWERS_MAX: usize = 12;
/// The most causes, or checks, of an outcome.
pub const LINES_MAX: usize = 12;
/// The most code triggers of a tree.
pub const TRIGGERS_MAX: usize = 40;
/// The longest node or choice key.
pub const KEY_MAX: usize = 40;

/// Trims every text and key, as a form does before it checks.
pub fn tidy(tree: &mut Tree) {
    let text = |t: &mut Text| {
        t.fr = t.fr.trim().to_owned();
        t.en = t.en.trim().to_owned();
    };
    text(&mut tree.name);
    for node in &mut tree.nodes {
        node.id.0 = node.id.0.trim().to_owned();
        match &mut node.step {
            Step::Choice(q) => {
                text(&mut q.question);
                q.help.iter_mut().for_each(text);
                for c in &mut q.choices {
                    c.id = c.id.trim().to_owned();
                    text(&mut c.label);
                    c.next.0 = c.next.0.trim().to_owned();
                }
            }
            Step::Measure(q) => {
                text(&mut q.question);
                q.help.iter_mut().for_each(text);
                for r in &mut q.ranges {
                    r.label.iter_mut().for_each(text);
                    r.next.0 = r.next.0.trim().to_owned();
                }
            }
            Step::Outcome(o) => {
                o.causes.iter_mut().for_each(text);
                o.checks.iter_mut().for_each(text);
            }
        }
        // An empty help or label is no help at all.
        match &mut node.step {
            Step::Choice(q) => drop_empty(&mut q.help),
            Step::Measure(q) => {
                drop_empty(&mut q.help);
                q.ranges.iter_mut().for_each(|r| drop_empty(&mut r.label));
            }
            Step::Outcome(_) => {}
        }
    }
}

fn drop_empty(t: &mut Option<Text>) {
    if t.as_ref()
        .is_some_and(|t| t.fr.is_empty() && t.en.is_empty())
    {
        *t = None;
    }
}

/// Checks a tidied tree; the first fault found is the refusal.
pub fn check(tree: &Tree) -> Result<(), E> {
    written(&tree.name, Place::Name, NAME_MAX)?;
    if tree.triggers.len() > TRIGGERS_MAX {
        return Err(E::TooMany {
            what: Many::Triggers,
            max: TRIGGERS_MAX,
        });
    }
    if tree.nodes.len() > NODES_MAX {
        return Err(E::TooMany {
            what: Many::Nodes,
            max: NODES_MAX,
        });
    }
    let mut keys = HashSet::new();
    for node in &tree.nodes {
        key(node.id.as_str())?;
        if !keys.insert(node.id.as_str()) {
            return Err(E::DuplicateNode {
                key: node.id.0.clone(),
            });
        }
        texts(node)?;
    }
    if !matches!(
        tree.start().map(|n| &n.step),
        Some(Step::Choice(_) | Step::Measure(_))
    ) {
        return Err(E::NoQuestion);
    }
    for node in &tree.nodes {
        if let Step::Measure(q) = &node.step {
            super::ranges::check(node, q)?;
        }
        for next in node.step.next() {
            if !keys.contains(next.as_str()) {
                return Err(E::DeadEnd {
                    node: node.spot(),
                    to: next.0.clone(),
                });
            }
        }
    }
    paths(tree)?;
    for t in &tree.triggers {
        if let Some(start) = &t.start
            && !tree
                .node(start)
                .is_some_and(|n| !matches!(n.step, Step::Outcome(_)))
        {
            return Err(E::TriggerStart {
                codes: t.codes.to_string(),
                start: start.0.clone(),
            });
        }
    }
    Ok(())
}

/// A node's or a choice's key: 1–40 of `a-z`, `0-9`, `_`, `-`.
fn key(k: &str) -> Result<(), E> {
    let ok = !k.is_empty()
        && k.len() <= KEY_MAX
        && k.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(E::BadKey { key: k.to_owned() })
    }
}

/// The French of `text` is written and no text is longer than `max`.
fn written(text: &Text, place: Place, max: usize) -> Result<(), E> {
    if text.fr.is_empty() {
        return Err(E::Empty(place));
    }
    if text.fr.chars().count() > max || text.en.chars().count() > max {
        return Err(E::TooLong { place, max });
    }
    Ok(())
}

fn texts(node: &Node) -> Result<(), E> {
    let s = || node.spot();
    match &node.step {
        Step::Choice(q) => {
            written(&q.question, Place::Question(s()), TEXT_MAX)?;
            if let Some(h) = &q.help {
                written(h, Place::Help(s()), HELP_MAX)?;
            }
            if q.choices.len() < 2 {
                return Err(E::TooFewAnswers { node: s() });
            }
            if q.choices.len() > ANSWERS_MAX {
                return Err(E::TooMany {
                    what: Many::Answers,
                    max: ANSWERS_MAX,
                });
            }
            let mut seen = HashSet::new();
            for c in &q.choices {
                key(&c.id)?;
                if !seen.insert(c.id.as_str()) {
                    return Err(E::DuplicateChoice {
                        node: s(),
                        choice: c.id.clone(),
                    });
                }
                written(&c.label, Place::Choice(s(), c.id.clone()), LABEL_MAX)?;
            }
        }
        Step::Measure(q) => {
            written(&q.question, Place::Question(s()), TEXT_MAX)?;
            if let Some(h) = &q.help {
                written(h, Place::Help(s()), HELP_MAX)?;
            }
            if q.ranges.len() < 2 {
                return Err(E::TooFewAnswers { node: s() });
            }
            if q.ranges.len() > ANSWERS_MAX {
                return Err(E::TooMany {
                    what: Many::Answers,
                    max: ANSWERS_MAX,
                });
            }
            for (n, r) in q.ranges.iter().enumerate() {
                if let Some(l) = &r.label {
                    written(l, Place::Range(s(), n + 1), LABEL_MAX)?;
                }
            }
        }
        Step::Outcome(o) => {
            if o.causes.is_empty() {
                return Err(E::Empty(Place::Cause(s(), 1)));
            }
            if o.checks.is_empty() {
                return Err(E::Empty(Place::Check(s(), 1)));
            }
            if o.causes.len() > LINES_MAX || o.checks.len() > LINES_MAX {
                return Err(E::TooMany {
                    what: Many::Lines,
                    max: LINES_MAX,
                });
            }
            for (n, c) in o.causes.iter().enumerate() {
                written(c, Place::Cause(s(), n + 1), TEXT_MAX)?;
            }
            for (n, c) in o.checks.iter().enumerate() {
                written(c, Place::Check(s(), n + 1), TEXT_MAX)?;
            }
            if let Some(super::model::JobLink::Named(name)) = &o.canned_job {
                written(&Text::new(name.trim(), ""), Place::JobName(s()), LABEL_MAX)?;
            }
        }
    }
    Ok(())
}

/// No loop anywhere, then every node reached from the first. Every answer
/// is known to lead to an existing node.
fn paths(tree: &Tree) -> Result<(), E> {
    let index: HashMap<&NodeId, usize> = tree
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (&n.id, i))
        .collect();
    // 0: not seen, 1: on the current path, 2: done.
    let mut state = vec![0u8; tree.nodes.len()];
    for root in 0..tree.nodes.len() {
        if state[root] != 0 {
            continue;
        }
        // Depth first, without recursion: (node, how many of its answers are done).
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some((at, done)) = stack.last_mut() {
            let next = tree.nodes[*at].step.next();
            let Some(to) = next.get(*done).and_then(|id| index.get(id)).copied() else {
                state[*at] = 2;
                stack.pop();
                continue;
            };
            *done += 1;
            match state[to] {
                0 => {
                    state[to] = 1;
                    stack.push((to, 0));
                }
                1 => {
                    return Err(E::Loop {
                        node: tree.nodes[to].spot(),
                    });
                }
                _ => {}
            }
        }
    }
    let mut reached = vec![false; tree.nodes.len()];
    let mut todo = vec![0usize];
    while let Some(at) = todo.pop() {
        if std::mem::replace(&mut reached[at], true) {
            continue;
        }
        todo.extend(
            tree.nodes[at]
                .step
                .next()
                .into_iter()
                .filter_map(|id| index.get(id).copied()),
        );
    }
    match reached.iter().position(|r| !r) {
        Some(i) => Err(E::Unreachable {
            node: tree.nodes[i].spot(),
        }),
        None => Ok(()),
    }
}
