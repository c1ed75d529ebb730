//! What the kill -9 tests share: running the real `jobcard` binary on a data directory, adding
//! a connector through the CLI, and the loop that starts `jobcard sync` and kills it with
//! SIGKILL at pseudo-random moments.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// Runs `jobcard --data-dir DIR ARGS` with `stdin` and the PIN of the acting employee.
pub fn jobcard_as(dir: &Path, args: &[&str], stdin: Option<&str>, pin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jobcard"));
    command
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("JOBCARD_SECRET_STORE", "file")
        .env_remove("JOBCARD_DATA_DIR")
        .env_remove("JOBCARD_PIN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(pin) = pin {
        command.env("JOBCARD_PIN", pin);
    }
    let mut child = command.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

pub fn jobcard(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    jobcard_as(dir, args, stdin, None)
}

/// Like [`jobcard`], failing the test with the command's stderr when it does not succeed.
pub fn jobcard_ok(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let out = jobcard(dir, args, stdin);
    assert!(
        out.status.success(),
        "jobcard {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `jobcard --data-dir DIR ARGS` as the employee whose PIN is `pin` (none: the one
/// signed-in default), with nothing on stdin.
pub fn jobcard_pin(dir: &Path, pin: Option<&str>, args: &[&str]) -> Output {
    jobcard_as(dir, args, None, pin)
}

/// The JSON a `--json` command prints, failing the test with its stderr when it does not
/// succeed.
pub fn json_ok(dir: &Path, pin: Option<&str>, args: &[&str]) -> serde_json::Value {
    let out = jobcard_pin(dir, pin, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A pseudo-random number from a counter (no rand dependency needed here).
pub fn spread(i: u64, modulo: u64) -> u64 {
    (i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33) % modulo
}

/// A new order with an article and a labour line, numbered by `i` (customer, frame number).
pub fn order_json(i: u64) -> String {
    serde_json::json!({
        "customer": {"name": format!("Kill {i}"), "phone": format!("+31 6 {:08}", 5000 + i)},
        "repair_object": {"brand": "Gazelle", "frame_number": format!("KILL-{i:05}")},
        "description": "Sync crash test",
        "lines": [
            {"description": "Tyre", "quantity": 2, "unit_price_cents": 2999, "vat": "high"},
            {"description": "Labour", "unit_price_cents": 9000, "vat": "low", "work_minutes": 30}
        ]
    })
    .to_string()
}

/// Adds connector `name` with fast retries and sets its secrets (`(key, value)`).
pub fn add_connector(dir: &Path, name: &str, kind: &str, url: &str, secrets: &[(&str, &str)]) {
    jobcard_ok(
        dir,
        &[
            "connector",
            "add",
            name,
            "--kind",
            kind,
            "--base-url",
            url,
            "--set",
            "timeout_ms=800",
            "--set",
            "backoff_base_ms=30",
            "--set",
            "backoff_cap_ms=200",
        ],
        None,
    );
    for (key, value) in secrets {
        jobcard_ok(
            dir,
            &["connector", "secret", name, key],
            Some(&format!("{value}\n")),
        );
    }
}

/// Starts `jobcard sync --until-idle` and SIGKILLs it in the middle; returns whether it was
/// still running (so the kill hit a sync in progress). `api_requests` counts the requests the
/// fake has seen, and the kill is timed on them, not on the clock: odd rounds kill once the
/// sync's first or second request has reached the fake, even rounds once up to its eighth has
/// (a later request of a long sync), each 0-30 ms after, so the kill lands before the fake
/// answers, while the answer is on its way, or while the sync records it. Timed on the clock
/// from the spawn, a start slowed by a loaded machine (the binary, the database) used the
/// window up: the Scan2Evolve test once killed most syncs before they asked anything, and
/// had nothing to finish.
pub async fn sync_and_kill(dir: &Path, round: u64, api_requests: impl Fn() -> u64) -> bool {
    let nth = 1 + if round.is_multiple_of(2) {
        spread(round, 8)
    } else {
        spread(round, 2)
    };
    let before = api_requests();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobcard"))
        .arg("--data-dir")
        .arg(dir)
        .args(["sync", "--until-idle", "--max-wait", "5"])
        .env("JOBCARD_SECRET_STORE", "file")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while api_requests() < before + nth
        && child.try_wait().unwrap().is_none()
        && started.elapsed() < Duration::from_secs(20)
    {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    tokio::time::sleep(Duration::from_millis(spread(round ^ 0x5EED, 31))).await;
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap(); // SIGKILL on Unix: no chance to clean up.
    child.wait().unwrap();
    running
}

/// One clean `sync --until-idle` that must exit 0 (everything synced).
pub fn final_sync(dir: &Path) {
    let last = jobcard(
        dir,
        &["sync", "--until-idle", "--max-wait", "30", "--json"],
        None,
    );
    assert!(
        last.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&last.stdout),
        String::from_utf8_lossy(&last.stderr)
    );
}

/// The numbers of every order, newest first.
pub fn order_numbers(dir: &Path) -> Vec<String> {
    let listed = jobcard_ok(dir, &["orders", "list", "--limit", "200", "--json"], None);
    let page: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap().to_owned())
        .collect()
}

/// The demo mechanic the kill tests work as, and his PIN.
pub const MECHANIC: &str = "Joris Bakker";
pub const PIN: &str = "2222";

/// Runs a work command (`orders start|finish ... --as MECHANIC`) with the mechanic's PIN.
pub fn work(dir: &Path, args: &[&str]) {
    let out = jobcard_as(dir, args, None, Some(PIN));
    assert!(
        out.status.success(),
        "jobcard {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The mechanic finishes order `number` with `resolution`.
pub fn finish(dir: &Path, number: &str, resolution: &str) {
    let args = [
        "orders",
        "finish",
        number,
        "--as",
        MECHANIC,
        "--resolution",
        resolution,
    ];
    work(dir, &args);
}

/// The number `orders create --json` printed.
pub fn created_number(out: &Output) -> String {
    let made: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    made["number"].as_str().unwrap().to_owned()
}

/// `orders show NUMBER --json`.
pub fn show(dir: &Path, number: &str) -> serde_json::Value {
    let shown = jobcard_ok(dir, &["orders", "show", number, "--json"], None);
    serde_json::from_slice(&shown.stdout).unwrap()
}

/// Own reference (starting with `prefix`) -> the numbers of the orders carrying it; `seen`
/// keeps every order's own reference (it never changes) so each order is shown once.
pub fn imported(
    dir: &Path,
    prefix: &str,
    seen: &mut BTreeMap<String, Option<String>>,
) -> BTreeMap<String, Vec<String>> {
    for number in order_numbers(dir) {
        if let Entry::Vacant(slot) = seen.entry(number) {
            let reference = show(dir, slot.key())["own_reference"]
                .as_str()
                .map(str::to_owned);
            slot.insert(reference);
        }
    }
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (number, reference) in seen.iter() {
        if let Some(reference) = reference.as_ref().filter(|r| r.starts_with(prefix)) {
            out.entry(reference.clone())
                .or_default()
                .push(number.clone());
        }
    }
    out
}

/// Which of the first `requests` requests the fake saw reached its handler (their change was
/// applied), replayed from the `Random` fault's seed; and how many were answered 429, to check
/// the replay against the fake's own count.
pub fn replay_random(seed: u64, percent: u32, requests: usize) -> (Vec<bool>, u64) {
    use jobcard_fake_faults::Action;
    let actions = jobcard_fake_faults::replay_random(seed, percent, requests);
    let rate_limited = actions
        .iter()
        .filter(|a| matches!(a, Some(Action::RateLimit(_))))
        .count();
    let applied = actions
        .iter()
        .map(|a| a.is_none_or(Action::applies))
        .collect();
    (applied, u64::try_from(rate_limited).unwrap())
}
