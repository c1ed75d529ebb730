//! The Windows installer (`packaging/windows/installer.nsi`, built by
//! `scripts/bundle-windows.sh`) installed and uninstalled under Wine, as a shop's computer
//! would: silently (`/S`, as an administrator rolls it out), into a folder of our choosing.
//!
//! What a user would notice is checked: the program, the WebView2 loader it links and its
//! icon are in the folder, the
//! installed `jobcard.exe` runs, the Start menu has its shortcut, Settings -> Apps has its
//! entry (name, version, where, how to uninstall), and the uninstaller removes all of that
//! but keeps the workshop's data under `%APPDATA%` (its database is the shop's, not the
//! program's).
//!
//! Ignored in a plain `cargo test`: it needs the installer and wine64.
//! `scripts/test-windows.sh` (part of the README's test command) builds both and runs it with
//! `--ignored`, with `JOBCARD_WINDOWS_INSTALLER`, `JOBCARD_WINDOWS_EXE` (the .exe inside it)
//! and `WINEPREFIX` set.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const NEEDS: &str = "needs the installer and wine64: run scripts/test-windows.sh";
const UNINSTALL_KEY: &str =
    r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\nl.jobcard.desktop";

fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os(name).expect(NEEDS))
}

/// Runs a Windows program under Wine in the test's prefix, with no display (the installer
/// and uninstaller run silently; the CLI needs none).
fn wine(prefix: &Path, program: impl AsRef<OsStr>, args: &[&str]) -> Output {
    let output = Command::new("wine")
        .arg(program)
        .args(args)
        .env("WINEPREFIX", prefix)
        .env("WINEDEBUG", "-all")
        .env_remove("DISPLAY")
        .env_remove("JOBCARD_DATA_DIR")
        .env_remove("JOBCARD_PIN")
        .env_remove("JOBCARD_SECRET_STORE")
        .output()
        .expect("wine runs");
    // The uninstaller hands over to a copy of itself and returns at once: wait for every
    // process of the prefix.
    Command::new("wineserver")
        .arg("-w")
        .env("WINEPREFIX", prefix)
        .status()
        .expect("wineserver runs");
    output
}

/// The files named `name` below `dir`.
fn find(dir: &Path, name: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && !path.is_symlink() {
            found.extend(find(&path, name));
        } else if entry.file_name() == name {
            found.push(path);
        }
    }
    found
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Waits (a short while) until `done` holds: the uninstaller's copy deletes the program after
/// the process that started it has gone.
fn eventually(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(60), "{what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
#[ignore = "needs the installer and wine64: run scripts/test-windows.sh"]
fn the_installer_installs_for_the_user_and_the_uninstaller_keeps_the_workshop_s_data() {
    let installer = env_path("JOBCARD_WINDOWS_INSTALLER");
    let exe = env_path("JOBCARD_WINDOWS_EXE");
    let prefix = env_path("WINEPREFIX");
    let drive = prefix.join("drive_c");
    let win_dir = r"C:\jobcard-tests\installer\Jobcard";
    let dir = drive.join("jobcard-tests/installer/Jobcard");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());

    // `/D=` comes last and unquoted, as NSIS wants it.
    let installed = wine(&prefix, &installer, &["/S", &format!("/D={win_dir}")]);
    assert!(installed.status.success(), "install: {installed:?}");

    let program = dir.join("jobcard.exe");
    assert_eq!(
        std::fs::read(&program).expect("jobcard.exe is installed"),
        std::fs::read(&exe).unwrap(),
        "the installed program is the one built"
    );
    // Without its loader DLL beside it, Windows does not start jobcard.exe at all.
    assert_eq!(
        std::fs::read(dir.join("WebView2Loader.dll")).expect("WebView2's loader is installed"),
        std::fs::read(exe.with_file_name("WebView2Loader.dll")).unwrap()
    );
    let icon = Path::new(env!("CARGO_MANIFEST_DIR")).join("../icons/icon.ico");
    assert_eq!(
        std::fs::read(dir.join("jobcard.ico")).expect("the icon is installed"),
        std::fs::read(icon).unwrap()
    );
    assert!(dir.join("uninstall.exe").is_file(), "an uninstaller");
    let users = drive.join("users");
    let shortcuts = find(&users, "Jobcard.lnk");
    assert_eq!(shortcuts.len(), 1, "one Start menu shortcut: {shortcuts:?}");
    assert!(
        shortcuts[0]
            .to_string_lossy()
            .contains("Start Menu/Programs"),
        "{shortcuts:?}"
    );

    let entry = text(&wine(&prefix, "reg", &["query", UNINSTALL_KEY]).stdout);
    for (value, expected) in [
        ("DisplayName", "Jobcard"),
        ("DisplayVersion", env!("CARGO_PKG_VERSION")),
        ("InstallLocation", win_dir),
        ("UninstallString", &format!(r#""{win_dir}\uninstall.exe""#)),
        (
            "QuietUninstallString",
            &format!(r#""{win_dir}\uninstall.exe" /S"#),
        ),
        ("DisplayIcon", &format!(r"{win_dir}\jobcard.ico")),
    ] {
        assert!(
            entry
                .lines()
                .any(|l| l.trim_start().starts_with(value) && l.trim_end().ends_with(expected)),
            "Settings -> Apps: {value} should be {expected}, the entry is:\n{entry}"
        );
    }

    // The installed program runs, and makes a workshop in the user's %APPDATA%.
    let version = wine(&prefix, &program, &["--version"]);
    assert!(
        text(&version.stdout).contains(env!("CARGO_PKG_VERSION")),
        "{version:?}"
    );
    let demo = wine(&prefix, &program, &["demo"]);
    assert!(demo.status.success(), "{demo:?}");
    let databases: Vec<PathBuf> = find(&users, "jobcard.sqlite")
        .into_iter()
        .filter(|p| {
            p.to_string_lossy()
                .contains("AppData/Roaming/nl.jobcard.desktop")
        })
        .collect();
    assert_eq!(databases.len(), 1, "{databases:?}");

    let removed = wine(&prefix, dir.join("uninstall.exe"), &["/S"]);
    assert!(removed.status.success(), "uninstall: {removed:?}");
    eventually("the uninstaller removes the program folder", || {
        !dir.exists()
    });
    assert!(
        find(&users, "Jobcard.lnk").is_empty(),
        "the shortcut is gone"
    );
    let entry = text(&wine(&prefix, "reg", &["query", UNINSTALL_KEY]).stdout);
    assert!(
        !entry.contains("DisplayName"),
        "the Settings -> Apps entry is gone:\n{entry}"
    );
    assert!(
        databases[0].is_file(),
        "the workshop's database is kept: {}",
        databases[0].display()
    );
}
