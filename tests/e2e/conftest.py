"""Fixtures for the end-to-end tests: a fresh data directory with the demo workshop, the real
`jobcard` binary started by tauri-driver (which drives it through WebKitWebDriver), and a
Selenium session on it. Run under an X server (the test script uses xvfb-run)."""

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"


def jobcard_binary() -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    binary = Path(os.environ.get("JOBCARD_BIN", target / "debug" / "jobcard"))
    if not binary.exists():
        pytest.fail(f"{binary} is missing: build it first (cargo build -p jobcard)")
    return binary


class TauriOptions(ArgOptions):
    """Capabilities tauri-driver expects: which application to start."""

    def __init__(self, application: Path):
        super().__init__()
        self.application = application

    @property
    def default_capabilities(self):
        return {}

    def to_capabilities(self):
        caps = super().to_capabilities()
        caps["browserName"] = "wry"
        caps["tauri:options"] = {"application": str(self.application)}
        return caps


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"tauri-driver did not listen on port {port}")


def new_session(port: int, attempts: int = 5):
    """A WebDriver session on the app. tauri-driver listens before its WebKitWebDriver does,
    so the first request can find nobody behind it; that is retried, a real failure is not."""
    for attempt in range(attempts):
        try:
            return webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=TauriOptions(jobcard_binary()))
        except Exception as error:  # urllib3/http.client disconnects surface under several names
            if "Connection aborted" not in str(error) and "RemoteDisconnected" not in repr(error):
                raise
            if attempt == attempts - 1:
                raise
            time.sleep(1.0)
    raise RuntimeError("unreachable")


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """A new workshop with the demo data loaded through the CLI."""
    directory = tmp_path / "data"
    subprocess.run([str(jobcard_binary()), "--data-dir", str(directory), "demo"], check=True)
    return directory


def cli(data_dir: Path, *args: str, stdin: str | None = None) -> str:
    """Runs the real CLI on the same database and returns its stdout."""
    done = subprocess.run(
        [str(jobcard_binary()), "--data-dir", str(data_dir), *args],
        check=True,
        capture_output=True,
        text=True,
        input=stdin,
        env=dict(os.environ, JOBCARD_SECRET_STORE="file"),
    )
    return done.stdout


def cli_json(data_dir: Path, *args: str):
    return json.loads(cli(data_dir, *args, "--json"))


def sign_in(session, name: str, pin: str) -> None:
    """Picks `name` on the sign-in screen and types the PIN, as at the counter."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(session, 20)
    button = wait.until(
        lambda d: [b for b in d.find_elements(By.CSS_SELECTOR, '[data-testid="sign-in-name"]') if b.get_attribute("data-name") == name]
    )[0]
    button.click()
    pin_field = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="pin"]'))
    pin_field.send_keys(pin, Keys.ENTER)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="signed-in-as"]'))


@pytest.fixture()
def app_env() -> dict[str, str]:
    """Extra environment for the window's process (none by default). A test module overrides
    this fixture to run the window differently, e.g. `{"TZ": "America/New_York"}`."""
    return {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so the driver fixture can tell whether the
    test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def keep_failed_window(request, session) -> None:
    """A failed test leaves the window as it was (screenshot and page source) among the
    artifacts, so a failure in CI can be read afterwards."""
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    name = request.node.name
    try:
        session.save_screenshot(str(ARTIFACTS / f"failed-{name}.png"))
        (ARTIFACTS / f"failed-{name}.html").write_text(session.page_source)
    except Exception as err:  # The window may be gone; the failure itself is what counts.
        print(f"could not keep the failed window of {name}: {err}")


@pytest.fixture()
def driver(request, data_dir: Path, tmp_path: Path, app_env: dict[str, str]):
    """The real Jobcard window on `data_dir`, driven through WebDriver."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    native_port = free_port()
    # XDG_CONFIG_HOME isolates the UI preferences file (language) of each test's window.
    # XDG_CACHE_HOME likewise holds the PDFs the window prints.
    env = dict(
        os.environ,
        JOBCARD_DATA_DIR=str(data_dir),
        # Connector secrets go to the data directory's user-only file, never a keychain.
        JOBCARD_SECRET_STORE="file",
        XDG_DATA_HOME=str(tmp_path / "xdg"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    env.update(app_env)
    tauri_driver = shutil.which("tauri-driver") or str(Path.home() / ".cargo" / "bin" / "tauri-driver")
    log = open(ARTIFACTS / "tauri-driver.log", "a")
    proc = subprocess.Popen(
        [tauri_driver, "--port", str(port), "--native-port", str(native_port)], env=env, stdout=log, stderr=log
    )
    try:
        wait_for_port(port)
        session = new_session(port)
        session.implicitly_wait(0)
        # Most tests are the manager's (who may do everything); the mechanic's test switches.
        sign_in(session, "Marco Jansen", "5555")
        yield session
        keep_failed_window(request, session)
        session.quit()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
