//! Text read out of a remote's JSON answer, by one rule for every connector: a value counts as
//! given when it is a string that is not blank once trimmed, so `"  "`, `null`, a number and a
//! missing field all read as "not given" alike, and no connector imports a blank name or
//! takes `" "` for a status. Also the readings several remotes share: an id that may come as a
//! string or a number, a count for `connector test`, and an answer that may or may not wrap
//! its record in `data`.

use serde_json::Value;

/// The trimmed text at `key` in `v`: a field name, or a JSON pointer when it starts with `/`
/// (`/location/city`). `None` when it is missing, not a string, or blank.
pub(crate) fn text(v: &Value, key: &str) -> Option<String> {
    let found = if key.starts_with('/') {
        v.pointer(key)
    } else {
        v.get(key)
    };
    found
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A remote id as text: a string as it is, anything else (a number) as its JSON.
pub(crate) fn id_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The whole number at the JSON pointer `at` as text, `?` when the answer has none: the count
/// a `connector test` line reports.
pub(crate) fn count_text(v: &Value, at: &str) -> String {
    v.pointer(at)
        .and_then(Value::as_i64)
        .map_or_else(|| "?".to_owned(), |n| n.to_string())
}

/// The `data` of an answer, or the answer itself when it has none (bare answers).
pub(crate) fn data(answer: &Value) -> &Value {
    answer.get("data").unwrap_or(answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_a_string_with_something_in_it_is_given() {
        let v = json!({"name": "  Łukasz ", "blank": "  ", "n": 5, "location": {"city": "Gouda"}});
        assert_eq!(text(&v, "name").as_deref(), Some("Łukasz"));
        assert_eq!(text(&v, "blank"), None);
        assert_eq!(text(&v, "n"), None);
        assert_eq!(text(&v, "missing"), None);
        assert_eq!(text(&v, "/location/city").as_deref(), Some("Gouda"));
        assert_eq!(text(&v, "/location/zip"), None);
    }
}
