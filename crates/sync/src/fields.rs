//! What changed since the last send, for the connectors that send only the fields that
//! changed (a PUT or PATCH of some fields, Scan2Evolve's downstream sync): one rule for all.

use serde_json::{Map, Value};

/// The fields of `now` whose value differs from what the remote was last given (`sent`).
pub fn changed(now: &Map<String, Value>, sent: &Map<String, Value>) -> Map<String, Value> {
    now.iter()
        .filter(|(k, v)| sent.get(k.as_str()) != Some(v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn only_new_and_different_values_are_sent() {
        let now = serde_json::json!({"a": 1, "b": "x", "c": null});
        let sent = serde_json::json!({"a": 1, "b": "y"});
        let diff = changed(now.as_object().unwrap(), sent.as_object().unwrap());
        assert_eq!(
            Value::Object(diff),
            serde_json::json!({"b": "x", "c": null})
        );
    }
}
