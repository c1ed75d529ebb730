//! Fault injection for the fake remotes (CycleSoftware, the MES, and the connectors to come):
//! the ways a real remote misbehaves (errors, lost responses, throttling, slowness), queued by
//! tests and the benchmark. One crate, so every fake misbehaves the same way.
//!
//! Faults are matched in insertion order against API requests; counted faults
//! are consumed when they fire. `Random` uses a tiny xorshift PRNG so a seed
//! reproduces the same sequence of mishaps.
//!
//! Besides the faults, the test support every fake shares, so each fake keeps only its own
//! API, auth, error shapes and state machine:
//! - [`listener`]: the socket side: down and back up on the same port, and one connection
//!   dropped after a change was applied;
//! - [`remote`]: the server handle ([`remote::Remote`]: start, base URL, stop, resume, down
//!   for a while, the fault queue, the snapshot) a fake's `FakeServer` derefs to, and
//!   [`fake_server!`], which declares that `FakeServer`;
//! - [`control`]: the `/_fake/state`, `/_fake/faults` and `/_fake/down` routes;
//! - [`gate`]: the Bearer token, the request log and what a picked fault does to a request;
//! - [`bin_support`]: the `--port` argument and `listening on URL` of the binaries.

pub mod bin_support;
pub mod control;
pub mod gate;
pub mod listener;
pub mod remote;

use serde::Deserialize;

/// One injected misbehaviour (JSON: `{"kind": "status", ...}`).
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// Answer with this status and the JSON error body; the change is NOT applied.
    Status {
        code: u16,
        times: u32,
        #[serde(default)]
        path_contains: Option<String>,
        #[serde(default)]
        method: Option<String>,
    },
    /// Apply the change, then abort the connection without a response.
    DropAfterApply {
        times: u32,
        #[serde(default)]
        path_contains: Option<String>,
        #[serde(default)]
        method: Option<String>,
    },
    /// 429 with `Retry-After: retry_after`.
    RateLimit {
        times: u32,
        retry_after: u64,
        #[serde(default)]
        path_contains: Option<String>,
        #[serde(default)]
        method: Option<String>,
    },
    /// Wait `delay_ms` before answering (`apply`: the change is applied first).
    Slow {
        times: u32,
        delay_ms: u64,
        apply: bool,
        #[serde(default)]
        path_contains: Option<String>,
        #[serde(default)]
        method: Option<String>,
    },
    /// Close the connection before answering; the change is NOT applied (a remote that hangs
    /// up).
    HangUp {
        times: u32,
        #[serde(default)]
        path_contains: Option<String>,
        #[serde(default)]
        method: Option<String>,
    },
    /// Answer 200 with a JSON body of `bytes` bytes (mostly blanks), gzip-compressed when
    /// `gzip` (a small download that is huge once unpacked); the change is NOT applied.
    Oversize {
        times: u32,
        bytes: u64,
        #[serde(default)]
        gzip: bool,
        #[serde(default)]
        path_contains: Option<String>,
        #[serde(default)]
        method: Option<String>,
    },
    /// 429 with `Retry-After` and `X-RateLimit-Reset` set to `value` as it is, and the daily
    /// budget spent until `value` (`X-RateLimit-Daily-Remaining: 0`,
    /// `X-RateLimit-Daily-Reset: value`): a remote whose timing headers are nonsense.
    HugeTiming {
        times: u32,
        value: u64,
        #[serde(default)]
        path_contains: Option<String>,
        #[serde(default)]
        method: Option<String>,
    },
    /// From now on, each matching request misbehaves with this probability.
    Random {
        probability_percent: u32,
        seed: u64,
        #[serde(default)]
        method: Option<String>,
    },
}

/// What the gate must do with a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Status(u16),
    DropAfterApply,
    RateLimit(u64),
    Slow { delay_ms: u64, apply: bool },
    HangUp,
    Oversize { bytes: u64, gzip: bool },
    HugeTiming(u64),
}

/// A queued fault plus its PRNG state (only used by `Random`).
#[derive(Debug)]
struct Entry {
    fault: Fault,
    rng: u64,
}

/// The queue of pending faults.
#[derive(Debug, Default)]
pub struct Faults {
    entries: Vec<Entry>,
    /// API requests asked about so far (every one is), for a test that times itself on them.
    asked: u64,
}

fn matches(
    method: &str,
    path: &str,
    want_method: Option<&String>,
    want_path: Option<&String>,
) -> bool {
    want_method.is_none_or(|m| m.eq_ignore_ascii_case(method))
        && want_path.is_none_or(|p| path.contains(p.as_str()))
}

fn xorshift(state: &mut u64) -> u64 {
    let mut x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    x
}

/// One request's draw of a `Random` fault: its mishap, or `None` when it goes through.
fn random_draw(rng: &mut u64, probability_percent: u32) -> Option<Action> {
    if xorshift(rng) % 100 >= u64::from(probability_percent) {
        return None;
    }
    Some(match xorshift(rng) % 5 {
        0 => Action::Status(500),
        1 => Action::Status(503),
        2 => Action::DropAfterApply,
        3 => Action::RateLimit(1),
        _ => Action::Slow {
            delay_ms: 3000,
            apply: true,
        },
    })
}

fn seed_state(seed: u64) -> u64 {
    if seed == 0 {
        0x9E37_79B9_7F4A_7C15
    } else {
        seed
    }
}

/// What a `Random { probability_percent, seed }` fault alone in the queue (no method filter)
/// does to the first `requests` requests, in order. A test that let random mishaps loose
/// replays them to know which requests reached the handler, i.e. whose change was applied.
pub fn replay_random(seed: u64, probability_percent: u32, requests: usize) -> Vec<Option<Action>> {
    let mut rng = seed_state(seed);
    (0..requests)
        .map(|_| random_draw(&mut rng, probability_percent))
        .collect()
}

impl Action {
    /// Whether the handler ran (the change was applied), whatever the client saw.
    pub fn applies(self) -> bool {
        matches!(self, Self::DropAfterApply | Self::Slow { apply: true, .. })
    }
}

impl Faults {
    /// How many API requests have reached the fake: each asks [`Faults::pick`] once.
    pub fn asked(&self) -> u64 {
        self.asked
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn add(&mut self, fault: Fault) {
        let rng = match &fault {
            Fault::Random { seed, .. } => seed_state(*seed),
            _ => seed_state(0),
        };
        self.entries.push(Entry { fault, rng });
    }

    /// The action for this request, consuming a counted fault.
    pub fn pick(&mut self, method: &str, path: &str) -> Option<Action> {
        self.asked += 1;
        let mut fired = None;
        for (i, entry) in self.entries.iter_mut().enumerate() {
            if let Fault::Random {
                probability_percent,
                method: m,
                ..
            } = &entry.fault
            {
                if !matches(method, path, m.as_ref(), None) {
                    continue;
                }
                match random_draw(&mut entry.rng, *probability_percent) {
                    Some(action) => return Some(action),
                    None => continue,
                }
            }
            let Some(counted) = entry.fault.counted() else {
                continue;
            };
            if !matches(method, path, counted.method, counted.path) || *counted.times == 0 {
                continue;
            }
            *counted.times -= 1;
            fired = Some((i, counted.action, *counted.times == 0));
            break;
        }
        let (i, action, exhausted) = fired?;
        if exhausted {
            self.entries.remove(i);
        }
        Some(action)
    }
}

/// A counted fault as [`Faults::pick`] reads it: what it does, how often it still may, and
/// which requests it is for.
struct Counted<'f> {
    action: Action,
    times: &'f mut u32,
    method: Option<&'f String>,
    path: Option<&'f String>,
}

impl Fault {
    /// The fault as a counted one; `None` for `Random`, which draws instead of counting.
    fn counted(&mut self) -> Option<Counted<'_>> {
        let (action, times, method, path) = match self {
            Self::Status {
                code,
                times,
                path_contains,
                method,
            } => (Action::Status(*code), times, method, path_contains),
            Self::DropAfterApply {
                times,
                path_contains,
                method,
            } => (Action::DropAfterApply, times, method, path_contains),
            Self::RateLimit {
                times,
                retry_after,
                path_contains,
                method,
            } => (
                Action::RateLimit(*retry_after),
                times,
                method,
                path_contains,
            ),
            Self::Slow {
                times,
                delay_ms,
                apply,
                path_contains,
                method,
            } => (
                Action::Slow {
                    delay_ms: *delay_ms,
                    apply: *apply,
                },
                times,
                method,
                path_contains,
            ),
            Self::HangUp {
                times,
                path_contains,
                method,
            } => (Action::HangUp, times, method, path_contains),
            Self::Oversize {
                times,
                bytes,
                gzip,
                path_contains,
                method,
            } => (
                Action::Oversize {
                    bytes: *bytes,
                    gzip: *gzip,
                },
                times,
                method,
                path_contains,
            ),
            Self::HugeTiming {
                times,
                value,
                path_contains,
                method,
            } => (Action::HugeTiming(*value), times, method, path_contains),
            Self::Random { .. } => return None,
        };
        Some(Counted {
            action,
            times,
            method: method.as_ref(),
            path: path.as_ref(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_replay_of_a_random_fault_is_what_the_fake_did() {
        let mut faults = Faults::default();
        faults.add(Fault::Random {
            probability_percent: 25,
            seed: 7,
            method: None,
        });
        let seen: Vec<Option<Action>> = (0..200).map(|_| faults.pick("GET", "/x")).collect();
        assert_eq!(replay_random(7, 25, 200), seen);
        assert!(seen.iter().flatten().count() > 20, "some mishaps happened");
    }

    #[test]
    fn counted_faults_fire_in_order_and_are_consumed() {
        let mut f = Faults::default();
        f.add(Fault::Status {
            code: 500,
            times: 1,
            path_contains: Some("orders".into()),
            method: None,
        });
        f.add(Fault::RateLimit {
            times: 2,
            retry_after: 7,
            path_contains: None,
            method: Some("post".into()),
        });
        assert_eq!(f.pick("GET", "/api/v1/customers/1.json"), None);
        assert_eq!(
            f.pick("GET", "/api/v1/workshop/orders.json"),
            Some(Action::Status(500))
        );
        assert_eq!(f.pick("GET", "/api/v1/workshop/orders.json"), None);
        assert_eq!(f.pick("POST", "/x"), Some(Action::RateLimit(7)));
        assert_eq!(f.pick("POST", "/x"), Some(Action::RateLimit(7)));
        assert_eq!(f.pick("POST", "/x"), None);
    }

    #[test]
    fn hostile_faults_fire_on_their_requests() {
        let mut f = Faults::default();
        f.add(Fault::HangUp {
            times: 1,
            path_contains: None,
            method: Some("GET".into()),
        });
        f.add(Fault::Oversize {
            times: 1,
            bytes: 1 << 24,
            gzip: true,
            path_contains: Some("list".into()),
            method: None,
        });
        f.add(Fault::HugeTiming {
            times: 1,
            value: 10_000_000_000_000,
            path_contains: None,
            method: Some("PUT".into()),
        });
        assert_eq!(
            f.pick("PUT", "/x"),
            Some(Action::HugeTiming(10_000_000_000_000))
        );
        assert_eq!(f.pick("GET", "/list"), Some(Action::HangUp));
        assert_eq!(
            f.pick("GET", "/list"),
            Some(Action::Oversize {
                bytes: 1 << 24,
                gzip: true
            })
        );
        assert_eq!(f.pick("GET", "/list"), None);
        assert!(!Action::HangUp.applies(), "a hang-up applies nothing");
    }

    #[test]
    fn random_is_deterministic() {
        let run = || {
            let mut f = Faults::default();
            f.add(Fault::Random {
                probability_percent: 50,
                seed: 42,
                method: None,
            });
            (0..50).map(|_| f.pick("GET", "/")).collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        let hits = a.iter().filter(|x| x.is_some()).count();
        assert!(hits > 5 && hits < 45, "{hits}");
    }
}
