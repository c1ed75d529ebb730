//! The app crate's two layers, checked on its source: use cases (what a screen or a CLI
//! command calls, each behind its guard) and the lower layer they share (the shop and its
//! date, guards, the journal of audit and outbox rows, status moves, planning rules, views).
//! A use case never names another use case, and the lower layer names none, so a shared rule
//! has one home below the use cases instead of living in whichever use case needed it first,
//! and no two use cases import each other in a circle. And a use case that changes the shop's
//! records starts a change, which cannot commit without its journal entry.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules with use cases (`impl App` methods the shell calls).
const USE_CASES: &[&str] = &[
    "auth",
    "backups",
    "calendar",
    "catalogue",
    "customers",
    "editing",
    "header",
    "intake",
    "live",
    "migrate",
    "orders",
    "print",
    "records",
    "reports",
    "scheduling",
    "seat",
    "settings",
    "sync",
    "work",
];

/// What every use case may call; it calls no use case.
const LOWER: &[&str] = &[
    "clock",
    "connector_audit",
    "dto",
    "error",
    "guard",
    "journal",
    "planning",
    "party_fields",
    "pricing",
    "schedule_input",
    "search_entry",
    "shop",
    "status_flow",
    "text",
    "versions",
    "views",
];

/// Builds the demo workshop through the use cases, as a person at the counter would.
const ABOVE: &[&str] = &["demo"];

/// Each top-level module of `crates/app/src` and the other top-level modules its files name
/// as `crate::NAME`.
fn modules() -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (relative, text) in source_files() {
        let top = relative
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "lib" {
            continue;
        }
        let named = found.entry(top.clone()).or_default();
        for (at, _) in text.match_indices("crate::") {
            let name: String = text[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() && name != top {
                named.insert(name);
            }
        }
    }
    found
}

/// Every `.rs` file of `crates/app/src`: its path below `src` (with `/`) and its text.
fn source_files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut pending = vec![src.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(&src).unwrap();
                let relative = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files
}

#[test]
fn every_module_has_a_layer() {
    for module in modules().keys() {
        let listed = [USE_CASES, LOWER, ABOVE]
            .iter()
            .filter(|layer| layer.contains(&module.as_str()))
            .count();
        assert_eq!(
            listed, 1,
            "crates/app/src/{module}: list it once in tests/layers.rs, as a use case or the lower layer"
        );
    }
}

#[test]
fn no_use_case_names_another_and_the_lower_layer_names_none() {
    let mut wrong = Vec::new();
    for (module, named) in modules() {
        if ABOVE.contains(&module.as_str()) {
            continue;
        }
        for other in named.iter().filter(|n| USE_CASES.contains(&n.as_str())) {
            let layer = if USE_CASES.contains(&module.as_str()) {
                "use case"
            } else {
                "lower-layer module"
            };
            wrong.push(format!("{layer} {module} names use case {other}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "move what they share into the lower layer:\n{}",
        wrong.join("\n")
    );
}

/// The only places that write without a journal entry, and why: working state that is no
/// record of the shop.
const BOOKKEEPING_WRITES: &[(&str, &str)] = &[
    ("auth.rs", "a failed sign-in's counter and lock"),
    ("intake/drafts.rs", "an employee's half-typed form"),
    (
        "search_entry.rs",
        "the search index, rewritten from the tables when a build indexes more",
    ),
];

#[test]
fn every_other_write_is_a_change_that_commits_only_with_its_journal_entry() {
    let wrong: Vec<String> = source_files()
        .into_iter()
        .filter(|(relative, text)| {
            text.contains("begin_write(")
                && !BOOKKEEPING_WRITES.iter().any(|(file, _)| file == relative)
        })
        .map(|(relative, _)| relative)
        .collect();
    assert!(
        wrong.is_empty(),
        "use `store.begin_change()` (it commits only with a journal entry), or list the file \
         in BOOKKEEPING_WRITES with the reason: {wrong:?}"
    );
}
