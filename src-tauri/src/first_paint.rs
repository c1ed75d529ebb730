//! The window's first paint, logged once with a monotonic timestamp.
//!
//! `scripts/bench-desktop.sh` times the start-up from outside: it reads the monotonic clock,
//! starts the window, and waits for this line (`RUST_LOG=jobcard::startup=info`). The UI calls
//! `ui_painted` after its first screen has content and two animation frames have passed, so
//! the figure is what a person sees, not when the process got going. The yardstick window
//! (`examples/minimal_window.rs`) includes this same file, so both are timed by one rule.

use std::sync::atomic::{AtomicBool, Ordering};

static REPORTED: AtomicBool = AtomicBool::new(false);

/// Logs the first paint; every later call is ignored (the UI may report from more than one
/// first screen).
#[tauri::command]
pub fn ui_painted() {
    if REPORTED.swap(true, Ordering::SeqCst) {
        return;
    }
    tracing::info!(
        target: "jobcard::startup",
        monotonic_ns = monotonic_ns(),
        "first paint"
    );
}

/// `CLOCK_MONOTONIC` in nanoseconds: the clock Python's `time.monotonic_ns()` reads on Linux,
/// so the benchmark can subtract its own start from it. Zero where there is no such clock.
fn monotonic_ns() -> u64 {
    #[cfg(unix)]
    {
        let now = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
        let seconds = u64::try_from(now.tv_sec).unwrap_or(0);
        let nanos = u64::try_from(now.tv_nsec).unwrap_or(0);
        seconds.saturating_mul(1_000_000_000).saturating_add(nanos)
    }
    #[cfg(not(unix))]
    {
        0
    }
}
