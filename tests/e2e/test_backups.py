"""End to end: a backup of a large workshop in the real window. The manager asks for one in
Settings -> Backups; while it runs, the tab shows which step it is at (copying the database,
then compressing the copy) with the megabytes done of the total on a bar that never goes
back, and the button waits; once it is done the bar goes and the new backup is in the list.

The demo workshop alone is backed up in milliseconds, faster than the tab asks for progress
(twice a second), so this test first makes the database large: 500 MB of random bytes, which
zstd cannot shrink, in a table of its own. How far the bar has got when the tab looks depends
on the machine (on a quiet one the copy is done within the first half second and the bar is
seen full while the copy is flushed to the disk), so the test asserts what holds at any speed;
that the progress moves through a step is the unit tests in `crates/store/src/backup_progress.rs`."""

import subprocess

import pytest
from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, jobcard_binary
from screens import tid, wait
from test_order_flow import find

BALLAST_MB = 500

# Samples the progress box every 50 ms in the page itself, so no WebDriver round trip is
# between two looks at it.
SAMPLER = """
window.__progress = [];
window.__sampler = setInterval(() => {
  const box = document.querySelector('[data-testid="backup-progress"]');
  const bar = box && box.querySelector("progress");
  window.__progress.push(box ? {text: box.textContent, max: bar.max, value: bar.value,
                                determinate: bar.hasAttribute("value")} : null);
}, 50);
"""


@pytest.fixture()
def data_dir(tmp_path):
    """The demo workshop, grown by a table of random bytes."""
    import sqlite3

    directory = tmp_path / "data"
    subprocess.run([str(jobcard_binary()), "--data-dir", str(directory), "demo"], check=True)
    with sqlite3.connect(directory / "jobcard.sqlite") as db:
        db.execute("CREATE TABLE e2e_ballast (chunk BLOB NOT NULL)")
        db.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO e2e_ballast SELECT randomblob(1000000) FROM n",
            (BALLAST_MB,),
        )
    return directory


def rows(driver) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, tid("backup-row")))


def test_a_backup_shows_its_steps_and_megabytes_until_it_is_in_the_list(driver, data_dir):
    find(driver, "nav-settings").click()
    find(driver, "settings-tab-backups").click()
    button = find(driver, "backup-now")
    before = rows(driver)
    driver.execute_script(SAMPLER)
    button.click()

    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("backup-progress")))
    assert not button.is_enabled(), "one backup at a time: the button waits while one runs"
    driver.save_screenshot(str(ARTIFACTS / "backup-progress.png"))
    wait(driver, 180).until(lambda d: rows(d) == before + 1)
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, tid("backup-progress")))
    samples = driver.execute_script("clearInterval(window.__sampler); return window.__progress;")

    shown = [s for s in samples if s]
    assert shown, "the progress was never on screen"
    assert all("MB" in s["text"] for s in shown), shown[:3]
    measured = [s for s in shown if s["determinate"]]
    assert measured, "the bar knows the total it is working through"
    assert all(s["max"] >= BALLAST_MB * 1_000_000 * 0.9 for s in measured), measured[:3]
    # The steps come in order (copying, then compressing), and within a step the bar only
    # moves forward.
    steps = []
    for s in measured:
        step = s["text"].split(":")[0]
        if not steps or steps[-1][0] != step:
            steps.append((step, []))
        steps[-1][1].append(s["value"])
    assert len({step for step, _ in steps}) == len(steps), f"a step came back: {steps}"
    for step, values in steps:
        assert values == sorted(values), f"{step} went backwards: {values}"
    assert button.is_enabled(), "the button is back once the backup is done"
    assert driver.find_element(By.CSS_SELECTOR, tid("backup-row")).text.strip()
