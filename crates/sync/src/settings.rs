//! A connector's settings: kind, scope, mappings and tuning, kept as a JSON object of strings
//! in `connectors.settings` and changed with `--set KEY=VALUE` or the settings screen.
//!
//! Every key is validated when it is set, so a typo is refused with the key's name instead of
//! being ignored until the first sync. Defaults come from the connector's documentation and
//! are listed by `defaults()`, so `connector list` can show the effective values.

use std::collections::BTreeMap;
use std::time::Duration;

use jobcard_domain::OrderStatus as Status;
use jobcard_domain::VatCode;

use crate::connector::Kind;
use crate::{Result, SyncError};

/// Which local orders a connector pushes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    /// Only the orders of the store with this name.
    Store(String),
    /// Only the orders marked for this connector on the order.
    Marked,
}

/// The settings the engine reads for every connector, with the values a connector's document
/// does not change: all orders, 15 s to answer, retries from 1 s up to 5 min, a pull every 5 min.
const ENGINE_DEFAULTS: [(&str, &str); 5] = [
    ("scope", "all"),
    ("timeout_ms", "15000"),
    ("backoff_base_ms", "1000"),
    ("backoff_cap_ms", "300000"),
    ("pull_interval_s", "300"),
];

/// The validated settings of one connector.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectorSettings {
    values: BTreeMap<String, String>,
}

const STATUSES: [Status; 8] = Status::ALL;

impl ConnectorSettings {
    /// The documented defaults for a kind: the engine's own (every connector has a scope,
    /// a timeout, a backoff and a pull interval), and the connector's over them.
    pub fn defaults(kind: Kind) -> BTreeMap<&'static str, &'static str> {
        let mut all = BTreeMap::from(ENGINE_DEFAULTS);
        all.extend(kind.connector().defaults());
        all
    }

    pub fn from_json(text: &str) -> Result<Self> {
        let values: BTreeMap<String, String> = serde_json::from_str(text).map_err(|err| {
            SyncError::invalid("settings", format!("not a JSON object of strings: {err}"))
        })?;
        Ok(Self { values })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.values).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Sets `key` after checking it names a known setting and `value` fits it.
    pub fn set(&mut self, kind: Kind, key: &str, value: &str) -> Result<()> {
        let key = key.trim();
        let value = value.trim();
        let known = Self::defaults(kind).contains_key(key) || key.starts_with("employee.");
        if !known {
            return Err(SyncError::invalid(
                key,
                "unknown setting; see `jobcard connector list` for the keys",
            ));
        }
        kind.connector()
            .validate(key, value)
            .unwrap_or_else(|| validate(key, value))?;
        self.values.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    /// The effective value: the shop's own or the documented default.
    pub fn get(&self, kind: Kind, key: &str) -> Option<String> {
        self.values
            .get(key)
            .cloned()
            .or_else(|| Self::defaults(kind).get(key).map(|v| (*v).to_owned()))
    }

    /// Every effective setting, the shop's own over the defaults.
    pub fn effective(&self, kind: Kind) -> BTreeMap<String, String> {
        let mut all: BTreeMap<String, String> = Self::defaults(kind)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        all.extend(self.values.clone());
        all
    }

    fn number(&self, kind: Kind, key: &str) -> u64 {
        self.get(kind, key)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    pub fn millis(&self, kind: Kind, key: &str) -> Duration {
        Duration::from_millis(self.number(kind, key))
    }

    pub fn count(&self, kind: Kind, key: &str) -> u32 {
        u32::try_from(self.number(kind, key)).unwrap_or(u32::MAX)
    }

    pub fn flag(&self, kind: Kind, key: &str) -> bool {
        self.get(kind, key).is_some_and(|v| v == "true")
    }

    pub fn scope(&self, kind: Kind) -> Scope {
        match self.get(kind, "scope") {
            Some(v) if v.starts_with("store:") => {
                Scope::Store(v.trim_start_matches("store:").to_owned())
            }
            Some(v) if v == "marked" => Scope::Marked,
            _ => Scope::All,
        }
    }

    /// The remote id of a Jobcard status.
    pub fn remote_status(&self, kind: Kind, status: Status) -> Option<i64> {
        self.get(kind, &format!("status.{}", status.as_str()))?
            .parse()
            .ok()
    }

    /// The Jobcard status a remote status id stands for (the first in workflow order).
    pub fn local_status(&self, kind: Kind, remote: i64) -> Option<Status> {
        STATUSES
            .into_iter()
            .find(|s| self.remote_status(kind, *s) == Some(remote))
    }

    /// The remote id of a Jobcard VAT code (`zero`, `low`, `high`).
    pub fn remote_vat(&self, kind: Kind, code: VatCode) -> Option<i64> {
        self.get(kind, &format!("vat.{code}"))?.parse().ok()
    }

    /// The remote user set for a Jobcard employee's name, as written (a UUID, say).
    pub fn remote_user(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(k, _)| {
                k.strip_prefix("employee.")
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .map(|(_, v)| v.clone())
    }

    /// The Jobcard employee a remote user stands for (the name as the mapping writes it).
    pub fn local_user(&self, remote: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(k, v)| k.starts_with("employee.") && v.eq_ignore_ascii_case(remote))
            .and_then(|(k, _)| k.strip_prefix("employee."))
            .map(str::to_owned)
    }

    /// The remote employee id set for a Jobcard employee's name, if any.
    pub fn remote_employee(&self, name: &str) -> Option<i64> {
        self.values
            .iter()
            .find(|(k, _)| {
                k.strip_prefix("employee.")
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .and_then(|(_, v)| v.parse().ok())
    }
}

/// The rules every kind shares (a kind's own `validate` answers first).
pub(crate) fn validate(key: &str, value: &str) -> Result<()> {
    let integer = |min: i64| -> Result<()> {
        match value.parse::<i64>() {
            Ok(n) if n >= min => Ok(()),
            _ => Err(SyncError::invalid(
                key,
                format!("'{value}' is not a whole number of at least {min}"),
            )),
        }
    };
    match key {
        "scope"
            if value == "all"
                || value == "marked"
                || value.strip_prefix("store:").is_some_and(|s| !s.is_empty()) =>
        {
            Ok(())
        }
        "scope" => Err(SyncError::invalid(
            key,
            format!("'{value}' is not 'all', 'marked' or 'store:NAME'"),
        )),
        "send_customer_messages" | "import" if value == "true" || value == "false" => Ok(()),
        "send_customer_messages" | "import" => {
            Err(SyncError::invalid(key, "expected true or false"))
        }
        k if k.starts_with("priority.") => match value {
            "LOW" | "NORMAL" | "HIGH" | "CRITICAL" => Ok(()),
            _ => Err(SyncError::invalid(
                key,
                format!("'{value}' is not LOW, NORMAL, HIGH or CRITICAL"),
            )),
        },
        "quantity" => integer(1),
        k if k.starts_with("status.") || k.starts_with("vat.") || k.starts_with("employee.") => {
            integer(0)
        }
        "minutely_limit" | "daily_limit" | "timeout_ms" | "backoff_base_ms" | "backoff_cap_ms" => {
            integer(1)
        }
        _ => integer(0),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn defaults_map_the_workflow_and_vat_codes() {
        let s = ConnectorSettings::default();
        let k = crate::cyclesoftware::KIND;
        assert_eq!(s.remote_status(k, Status::Done), Some(7));
        assert_eq!(s.local_status(k, 8), Some(Status::Collected));
        assert_eq!(s.remote_vat(k, VatCode::Low), Some(1));
        assert_eq!(s.remote_vat(k, VatCode::High), Some(2));
        assert_eq!(s.scope(k), Scope::All);
    }

    #[test]
    fn a_set_value_wins_and_bad_values_name_the_key() {
        let k = crate::cyclesoftware::KIND;
        let mut s = ConnectorSettings::default();
        s.set(k, "status.collected", "11").unwrap();
        s.set(k, "employee.Joris Bakker", "12").unwrap();
        assert_eq!(s.remote_status(k, Status::Collected), Some(11));
        assert_eq!(s.remote_employee("joris bakker"), Some(12));
        let err = s.set(k, "minutely_limit", "fast").unwrap_err();
        assert_eq!(
            err.to_string(),
            "minutely_limit: 'fast' is not a whole number of at least 1"
        );
        let err = s.set(k, "colour", "red").unwrap_err();
        assert!(err.to_string().starts_with("colour: unknown setting"));
        let back = ConnectorSettings::from_json(&s.to_json()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn the_mes_kind_has_its_secret_priorities_and_checked_values() {
        let k: Kind = "MES".parse().unwrap();
        assert_eq!(k, crate::mes::KIND);
        assert_eq!(k.secret_keys(), ["api_key"]);
        let mut s = ConnectorSettings::default();
        assert_eq!(s.get(k, "priority.urgent").as_deref(), Some("CRITICAL"));
        assert_eq!(s.count(k, "quantity"), 1);
        s.set(k, "priority.low", "NORMAL").unwrap();
        assert!(s.set(k, "priority.high", "URGENT").is_err());
        assert!(s.set(k, "quantity", "0").is_err());
        assert!(
            s.set(k, "status.done", "7").is_err(),
            "no status ids for the MES"
        );
    }
}
