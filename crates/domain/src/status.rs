//! The order workflow as an explicit state machine.
//!
//! | from                  | may become                                                        |
//! |-----------------------|-------------------------------------------------------------------|
//! | intake                | scheduled, in_progress, waiting_for_parts, waiting_for_customer, cancelled |
//! | scheduled             | intake, in_progress, waiting_for_parts, waiting_for_customer, cancelled    |
//! | in_progress           | waiting_for_parts, waiting_for_customer, done, scheduled          |
//! | waiting_for_parts     | in_progress, scheduled, cancelled                                 |
//! | waiting_for_customer  | in_progress, scheduled, cancelled                                 |
//! | done                  | collected, in_progress (reopen)                                   |
//! | collected             | nothing: final                                                    |
//! | cancelled             | intake (reopen)                                                   |
//!
//! A refused transition says which ones are allowed, like the MES's 409
//! `INVALID_STATE_TRANSITION`. Labels are display text; the codes are what is stored and synced.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OrderStatus {
    Intake,
    Scheduled,
    InProgress,
    WaitingForParts,
    WaitingForCustomer,
    Done,
    Collected,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Lang {
    Nl,
    En,
}

use OrderStatus::*;

impl OrderStatus {
    pub const ALL: [OrderStatus; 8] = [
        Intake,
        Scheduled,
        InProgress,
        WaitingForParts,
        WaitingForCustomer,
        Done,
        Collected,
        Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Intake => "intake",
            Scheduled => "scheduled",
            InProgress => "in_progress",
            WaitingForParts => "waiting_for_parts",
            WaitingForCustomer => "waiting_for_customer",
            Done => "done",
            Collected => "collected",
            Cancelled => "cancelled",
        }
    }

    pub fn allowed_next(self) -> &'static [OrderStatus] {
        match self {
            Intake => &[
                Scheduled,
                InProgress,
                WaitingForParts,
                WaitingForCustomer,
                Cancelled,
            ],
            Scheduled => &[
                Intake,
                InProgress,
                WaitingForParts,
                WaitingForCustomer,
                Cancelled,
            ],
            InProgress => &[WaitingForParts, WaitingForCustomer, Done, Scheduled],
            WaitingForParts => &[InProgress, Scheduled, Cancelled],
            WaitingForCustomer => &[InProgress, Scheduled, Cancelled],
            Done => &[Collected, InProgress],
            Collected => &[],
            Cancelled => &[Intake],
        }
    }

    pub fn can_become(self, to: OrderStatus) -> bool {
        self.allowed_next().contains(&to)
    }

    pub fn transition(self, to: OrderStatus) -> Result<OrderStatus, DomainError> {
        if self.can_become(to) {
            return Ok(to);
        }
        let allowed = self
            .allowed_next()
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>();
        let allowed = if allowed.is_empty() {
            "none".to_owned()
        } else {
            allowed.join(", ")
        };
        Err(DomainError::InvalidTransition {
            from: self,
            to,
            allowed,
        })
    }

    /// Still being worked on or waited for: not done, collected or cancelled.
    pub fn is_open(self) -> bool {
        !matches!(self, Done | Collected | Cancelled)
    }

    /// Waiting for parts or for the customer: such a status needs a reason.
    pub fn is_waiting(self) -> bool {
        matches!(self, WaitingForParts | WaitingForCustomer)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, Intake) => "Intake",
            (Lang::En, Scheduled) => "Scheduled",
            (Lang::En, InProgress) => "In progress",
            (Lang::En, WaitingForParts) => "Waiting for parts",
            (Lang::En, WaitingForCustomer) => "Waiting for customer",
            (Lang::En, Done) => "Done",
            (Lang::En, Collected) => "Collected",
            (Lang::En, Cancelled) => "Cancelled",
            (Lang::Nl, Intake) => "Aangenomen",
            (Lang::Nl, Scheduled) => "Ingepland",
            (Lang::Nl, InProgress) => "In behandeling",
            (Lang::Nl, WaitingForParts) => "Wacht op onderdelen",
            (Lang::Nl, WaitingForCustomer) => "Wacht op klant",
            (Lang::Nl, Done) => "Klaar",
            (Lang::Nl, Collected) => "Opgehaald",
            (Lang::Nl, Cancelled) => "Geannuleerd",
        }
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrderStatus {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        OrderStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == key)
            .ok_or_else(|| {
                let all = OrderStatus::ALL
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                DomainError::invalid(
                    "status",
                    format!("unknown status '{s}'; expected one of {all}"),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_allowed_pair_transitions_and_every_other_is_refused() {
        for from in OrderStatus::ALL {
            for to in OrderStatus::ALL {
                assert_eq!(
                    from.transition(to).is_ok(),
                    from.allowed_next().contains(&to),
                    "{from} -> {to}"
                );
            }
        }
    }

    #[test]
    fn the_workflow_table() {
        let table: [(OrderStatus, &[OrderStatus]); 8] = [
            (
                Intake,
                &[
                    Scheduled,
                    InProgress,
                    WaitingForParts,
                    WaitingForCustomer,
                    Cancelled,
                ],
            ),
            (
                Scheduled,
                &[
                    Intake,
                    InProgress,
                    WaitingForParts,
                    WaitingForCustomer,
                    Cancelled,
                ],
            ),
            (
                InProgress,
                &[WaitingForParts, WaitingForCustomer, Done, Scheduled],
            ),
            (WaitingForParts, &[InProgress, Scheduled, Cancelled]),
            (WaitingForCustomer, &[InProgress, Scheduled, Cancelled]),
            (Done, &[Collected, InProgress]),
            (Collected, &[]),
            (Cancelled, &[Intake]),
        ];
        for (from, allowed) in table {
            for to in OrderStatus::ALL {
                let expected = allowed.contains(&to);
                assert_eq!(from.can_become(to), expected, "{from} -> {to}");
                if expected {
                    assert_eq!(from.transition(to).unwrap(), to);
                }
            }
            assert_eq!(from.allowed_next().len(), allowed.len(), "{from}");
        }
        // Nothing may stay where it is through a transition.
        assert!(OrderStatus::ALL.iter().all(|s| !s.can_become(*s)));
    }

    #[test]
    fn refusal_lists_what_is_allowed() {
        let err = Scheduled.transition(Collected).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot change status from scheduled to collected; allowed: intake, in_progress, waiting_for_parts, waiting_for_customer, cancelled"
        );
        assert_eq!(err.code(), "invalid_transition");
        assert!(
            Collected
                .transition(Intake)
                .unwrap_err()
                .to_string()
                .ends_with("allowed: none")
        );
    }

    #[test]
    fn parses_loosely_and_names_the_field() {
        assert_eq!("In Progress".parse::<OrderStatus>().unwrap(), InProgress);
        assert_eq!(
            "waiting-for-parts".parse::<OrderStatus>().unwrap(),
            WaitingForParts
        );
        let err = "flying".parse::<OrderStatus>().unwrap_err();
        assert_eq!(err.field(), Some("status"));
        assert!(
            err.to_string()
                .starts_with("status: unknown status 'flying'; expected one of intake")
        );
    }

    #[test]
    fn labels_exist_in_both_languages() {
        for status in OrderStatus::ALL {
            assert!(!status.label(Lang::En).is_empty());
            assert_ne!(status.label(Lang::En), status.label(Lang::Nl));
        }
        assert!(InProgress.is_open() && !Done.is_open());
        let open: Vec<_> = OrderStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect();
        assert_eq!(
            open,
            [
                Intake,
                Scheduled,
                InProgress,
                WaitingForParts,
                WaitingForCustomer
            ]
        );
        assert_eq!(WaitingForParts.label(Lang::Nl), "Wacht op onderdelen");
        assert_eq!(WaitingForCustomer.label(Lang::En), "Waiting for customer");
    }

    #[test]
    fn codes_print_parse_and_serialize_alike() {
        for status in OrderStatus::ALL {
            let code = status.to_string();
            assert_eq!(code, status.as_str());
            assert_eq!(code.parse::<OrderStatus>().unwrap(), status);
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{code}\"")
            );
        }
        assert_eq!(serde_json::to_string(&Lang::Nl).unwrap(), "\"nl\"");
    }
}
