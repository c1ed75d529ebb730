//! The shape every connector has, and the registry of the connectors Jobcard knows.
//!
//! A connector is an API mapping and nothing more: which secrets prove who the shop is
//! ([`Credential`]), its settings (defaults and its own validation), one harmless `check`,
//! how to pull the remote's changes and how to push one order. The engine owns everything
//! they share: the HTTP side built from the credentials (limits, timeouts, answer caps, secret
//! scrubbing), the fan-out of the outbox, the per-connector lock, the retry and pause rules,
//! and the recording of each outcome.
//!
//! Adding a connector is one folder (a module implementing [`Connector`]) and one line in
//! [`KINDS`]; the settings screen, `connector list` and the secret checks read the kinds, their
//! settings and their secrets from here.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use jobcard_store::sync::ExternalRef;

use crate::engine::{Ctx, Outgoing, Pushed};
use crate::http::{Failure, Remote};
use crate::{Result, SyncError, cyclesoftware, fieldnation, mes, scan2evolve, trustpager};

/// Every connector kind, in the order the settings screen offers them.
pub const KINDS: &[Kind] = &[
    cyclesoftware::KIND,
    mes::KIND,
    trustpager::KIND,
    fieldnation::KIND,
    scan2evolve::KIND,
];

/// What a connector's request returns (boxed so the engine can hold any connector).
pub type ConnectorFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One way a connector proves who the shop is, naming the secrets it is made of. The engine
/// reads those secrets and builds the HTTP side; a connector never sees a secret itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// HTTP Basic from two secrets.
    Basic {
        user: &'static str,
        password: &'static str,
    },
    /// `Authorization: Bearer SECRET`.
    Bearer(&'static str),
    /// The secret as a query parameter (sent, never logged: the engine scrubs it).
    QueryToken {
        param: &'static str,
        secret: &'static str,
    },
    /// A second set for the remote's second API (Scan2Evolve's downstream side): a bearer
    /// secret and headers taken from secrets.
    Alternate {
        bearer: &'static str,
        headers: &'static [(&'static str, &'static str)],
    },
}

impl Credential {
    /// The secrets this credential is made of.
    fn secrets(self) -> Vec<&'static str> {
        match self {
            Self::Basic { user, password } => vec![user, password],
            Self::Bearer(secret) | Self::QueryToken { secret, .. } => vec![secret],
            Self::Alternate { bearer, headers } => std::iter::once(bearer)
                .chain(headers.iter().map(|(_, secret)| *secret))
                .collect(),
        }
    }
}

/// A remote system's API mapping. The engine calls these; they call the engine's shared steps
/// (`record.rs`) to record what they did.
pub trait Connector: Send + Sync {
    /// The kind's name as stored and typed (`cyclesoftware`).
    fn name(&self) -> &'static str;

    /// How it signs in; its secrets are the ones named here.
    fn credentials(&self) -> &'static [Credential];

    /// The documented defaults of its own settings, over the engine's (`settings.rs`:
    /// `scope`, timeouts, backoff, pull interval); a key in neither is refused (except
    /// `employee.NAME`, which every kind takes).
    fn defaults(&self) -> BTreeMap<&'static str, &'static str>;

    /// Its own rule for a setting; `None` leaves the key to the shared rules.
    fn validate(&self, _key: &str, _value: &str) -> Option<Result<()>> {
        None
    }

    /// The mapping groups whose keys are the remote's values and whose values are Jobcard's
    /// (Field Nation's `status.work_done=done`); in the others it is the other way round.
    fn inbound_mappings(&self) -> &'static [&'static str] {
        &[]
    }

    /// `connector test`: one harmless, authenticated read; a line for the person.
    fn check<'a>(
        &'a self,
        remote: &'a mut Remote,
        connector: &'a str,
    ) -> ConnectorFuture<'a, Result<String>>;

    /// Reads the remote's changes; returns how many records it took over or flagged.
    fn pull<'a, 'c>(
        &'a self,
        ctx: &'a mut Ctx<'c>,
    ) -> ConnectorFuture<'a, std::result::Result<u64, Failure>>;

    /// Sends one order's latest state (the engine has read the order and what the connector
    /// recorded for it).
    fn push<'a, 'c>(
        &'a self,
        ctx: &'a mut Ctx<'c>,
        outgoing: Outgoing<'a>,
    ) -> ConnectorFuture<'a, Pushed>;

    /// Whether it can e-mail the customer the status of the remote's work order.
    fn sends_work_status(&self) -> bool {
        false
    }

    /// E-mails the customer the status of the remote's work order `known`.
    fn send_work_status<'a>(
        &'a self,
        _remote: &'a mut Remote,
        _known: &'a ExternalRef,
    ) -> ConnectorFuture<'a, Result<String>> {
        let name = self.name();
        Box::pin(async move {
            Err(SyncError::invalid(
                "connector",
                format!("a {name} connector cannot send a work status"),
            ))
        })
    }
}

/// The three requests of a [`Connector`] impl, from its module's `check(remote, connector)`,
/// `pull(ctx)` and `push(ctx, outgoing)`: written once here, so a connector's impl holds only
/// what is its own.
macro_rules! requests {
    () => {
        fn check<'a>(
            &'a self,
            remote: &'a mut $crate::http::Remote,
            connector: &'a str,
        ) -> $crate::connector::ConnectorFuture<'a, $crate::Result<String>> {
            Box::pin(check(remote, connector))
        }

        fn pull<'a, 'c>(
            &'a self,
            ctx: &'a mut $crate::engine::Ctx<'c>,
        ) -> $crate::connector::ConnectorFuture<'a, std::result::Result<u64, $crate::http::Failure>>
        {
            Box::pin(pull(ctx))
        }

        fn push<'a, 'c>(
            &'a self,
            ctx: &'a mut $crate::engine::Ctx<'c>,
            outgoing: $crate::engine::Outgoing<'a>,
        ) -> $crate::connector::ConnectorFuture<'a, $crate::engine::Pushed> {
            Box::pin(push(ctx, outgoing))
        }
    };
}
pub(crate) use requests;

/// Which remote system a connector talks to: one of [`KINDS`].
#[derive(Clone, Copy)]
pub struct Kind(&'static dyn Connector);

impl Kind {
    /// The kind of a connector (for its module's `KIND` constant).
    pub(crate) const fn of(connector: &'static dyn Connector) -> Self {
        Self(connector)
    }

    pub fn as_str(self) -> &'static str {
        self.0.name()
    }

    pub fn connector(self) -> &'static dyn Connector {
        self.0
    }

    /// The secrets this kind needs, in the order its credentials name them.
    pub fn secret_keys(self) -> Vec<&'static str> {
        self.0
            .credentials()
            .iter()
            .flat_map(|c| c.secrets())
            .collect()
    }

    /// The mapping groups that read from the remote's values to Jobcard's.
    pub fn inbound_mappings(self) -> &'static [&'static str] {
        self.0.inbound_mappings()
    }
}

impl PartialEq for Kind {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Kind {}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = SyncError;
    fn from_str(s: &str) -> Result<Self> {
        let wanted = s.trim().to_ascii_lowercase();
        KINDS
            .iter()
            .copied()
            .find(|k| k.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = KINDS.iter().map(|k| k.as_str()).collect();
                SyncError::invalid(
                    "kind",
                    format!(
                        "unknown connector kind '{wanted}'; expected {}",
                        one_of(&names)
                    ),
                )
            })
    }
}

/// "a, b or c".
fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_found_by_its_name_and_names_its_secrets_once() {
        for kind in KINDS {
            let parsed: Kind = kind.as_str().to_uppercase().parse().unwrap();
            assert_eq!(parsed, *kind);
            let keys = kind.secret_keys();
            let mut unique = keys.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), keys.len(), "{kind}: a secret named twice");
            assert!(!keys.is_empty(), "{kind}: no secrets");
        }
        let err = "fax".parse::<Kind>().unwrap_err().to_string();
        assert_eq!(
            err,
            "kind: unknown connector kind 'fax'; expected cyclesoftware, mes, trustpager, \
             fieldnation or scan2evolve"
        );
    }

    #[test]
    fn the_secrets_come_from_the_credentials() {
        let s2e: Kind = "scan2evolve".parse().unwrap();
        assert_eq!(
            s2e.secret_keys(),
            ["api_token", "downstream_token", "downstream_api_key"]
        );
        let cs: Kind = "cyclesoftware".parse().unwrap();
        assert_eq!(cs.secret_keys(), ["username", "password"]);
    }
}
