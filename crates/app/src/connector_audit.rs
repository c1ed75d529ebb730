//! The audit trail of connector changes, and the rule that credentials belong to one host.
//!
//! Why apart from `sync.rs`: a connector's address, settings, switch and secrets decide where
//! the shop's data and credentials go, so every change to them leaves an audit row in its own
//! transaction like any other change, without the secret's value. And a secret was given for
//! one host: when the base URL moves to another host, the old secrets are forgotten in the
//! same change, so they can never be sent to an address their owner did not choose.

use jobcard_store::Conn;
use jobcard_store::sql::journal;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

use crate::{Actor, Result};

/// Writes one audit row for connector `name`.
pub(crate) async fn record(
    tx: &mut Conn,
    actor: &Actor,
    at: &str,
    name: &str,
    action: &str,
    changes: Value,
) -> Result<()> {
    let audit = crate::journal::audit(at, actor, ("connector", name), action, changes);
    journal::write(tx, &audit, None).await?;
    Ok(())
}

/// A connector as its update form sees it: the address, the effective settings, on or off.
pub(crate) type ConnectorState<'a> = (&'a str, &'a BTreeMap<String, String>, bool);

/// What an update changes: `{"base_url": [old, new], "settings": {key: [old, new]},
/// "enabled": [old, new]}`, with only the parts that differ.
pub(crate) fn changes(
    (old_url, old, old_on): ConnectorState<'_>,
    (new_url, new, new_on): ConnectorState<'_>,
) -> Value {
    let mut out = serde_json::Map::new();
    if old_url != new_url {
        out.insert("base_url".into(), json!([old_url, new_url]));
    }
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let settings: serde_json::Map<String, Value> = keys
        .into_iter()
        .filter(|key| old.get(*key) != new.get(*key))
        .map(|key| (key.clone(), json!([old.get(key), new.get(key)])))
        .collect();
    if !settings.is_empty() {
        out.insert("settings".into(), Value::Object(settings));
    }
    if old_on != new_on {
        out.insert("enabled".into(), json!([old_on, new_on]));
    }
    Value::Object(out)
}

/// Whether two base URLs point at different origins (scheme, host or port), so that
/// credentials given for the one must not go to the other (the engine's own rule).
pub(crate) fn host_changed(old_url: &str, new_url: &str) -> bool {
    !jobcard_sync::same_origin_urls(old_url, new_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_another_host_counts_as_a_move() {
        assert!(!host_changed(
            "https://a.example/api",
            "https://A.example/api/v2"
        ));
        assert!(host_changed("https://a.example", "https://b.example"));
        assert!(host_changed("https://a.example", "http://a.example"));
        assert!(host_changed(
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8081"
        ));
    }

    #[test]
    fn changes_list_only_what_differs() {
        let map = |b: &str| {
            BTreeMap::from([
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), b.to_owned()),
            ])
        };
        let (old, new) = (map("2"), map("3"));
        assert_eq!(
            changes(("u", &old, true), ("u", &new, false)),
            json!({"settings": {"b": ["2", "3"]}, "enabled": [true, false]})
        );
        assert_eq!(changes(("u", &old, true), ("u", &old, true)), json!({}));
    }
}
