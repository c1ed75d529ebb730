//! The command surface is declared once (`src/command_list.rs`) and every other place that
//! names the commands is checked against it here: the handler list `commands::register` gives
//! Tauri, the capability that grants the main window its permissions, and the UI's API module.
//! A command added in one place and forgotten in another fails this test with the names that
//! differ, instead of failing at run time as "command not found" or "not allowed".

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;
use std::path::Path;

include!("../src/command_list.rs");

/// What the capability grants besides the app's own commands: listening for the core's
/// data-changed event.
const OTHER_PERMISSIONS: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];

fn declared() -> BTreeSet<String> {
    let names: BTreeSet<String> = COMMANDS.iter().map(|c| (*c).to_owned()).collect();
    assert_eq!(names.len(), COMMANDS.len(), "a command is listed twice");
    names
}

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Says which names are only on one side.
fn same(place: &str, found: &BTreeSet<String>) {
    let declared = declared();
    let missing: Vec<_> = declared.difference(found).collect();
    let extra: Vec<_> = found.difference(&declared).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{place} differs from src/command_list.rs: missing {missing:?}, not declared {extra:?}"
    );
}

#[test]
fn the_handler_list_registers_every_declared_command() {
    let source = read("src/commands.rs");
    let start = source
        .find("generate_handler![")
        .expect("commands.rs has generate_handler!");
    let body = &source[start + "generate_handler![".len()..];
    let body = &body[..body.find(']').expect("generate_handler! is closed")];
    let registered: BTreeSet<String> = body
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| entry.rsplit("::").next().unwrap_or(entry).to_owned())
        .collect();
    same("commands::register's generate_handler!", &registered);
}

#[test]
fn the_capability_grants_exactly_the_declared_commands() {
    let capability: serde_json::Value =
        serde_json::from_str(&read("capabilities/main.json")).unwrap();
    let mut granted = BTreeSet::new();
    for permission in capability["permissions"].as_array().unwrap() {
        let permission = permission.as_str().expect("permissions are names");
        if OTHER_PERMISSIONS.contains(&permission) {
            continue;
        }
        let command = permission.strip_prefix("allow-").unwrap_or_else(|| {
            panic!("capabilities/main.json grants {permission}, which is no app command")
        });
        granted.insert(command.replace('-', "_"));
    }
    same("capabilities/main.json", &granted);
}

#[test]
fn the_ui_api_calls_exactly_the_declared_commands() {
    let source = read("../ui/src/lib/api/index.ts");
    let mut called = BTreeSet::new();
    // Every call is `call<Type>("name"` or `call("name"`; the type may hold `<...>` itself.
    for (at, _) in source.match_indices("call") {
        let rest = &source[at + "call".len()..];
        let rest = match rest.strip_prefix('<') {
            Some(typed) => match typed.find('(') {
                Some(end) if typed[..end].ends_with('>') => &typed[end..],
                _ => continue,
            },
            None => rest,
        };
        let Some(name) = rest.strip_prefix("(\"") else {
            continue;
        };
        let name: String = name.chars().take_while(|c| *c != '"').collect();
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            called.insert(name);
        }
    }
    same("ui/src/lib/api/index.ts", &called);
}
