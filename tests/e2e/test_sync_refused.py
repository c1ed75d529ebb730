"""End to end: one bad work order on Field Nation never blocks the good one (issue 12). The
marketplace lists a work order whose title has a line break before a good one; the window's
background sync imports the good one and shows the bad one on the Sync screen as refused, with
the reason. The buyer fixes the title; the manager presses Try again and it comes in."""

import subprocess

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, cli, cli_json, free_port
from test_order_flow import find, tid, wait
from test_sync_import import fake_binary, fake_json

TOKEN = "fn-e2e-refused"


def work_order(title: str) -> dict:
    return {
        "title": title,
        "description": {"markdown": "Check the brakes."},
        "company": {"id": 9, "name": "Fietsdeel Utrecht"},
        "status": "assigned",
    }


def imported(data_dir, words: str):
    rows = cli_json(data_dir, "orders", "list", "--search", words, "--limit", "10")["rows"]
    return rows[0]["number"] if rows else False


def test_a_refused_work_order_is_shown_and_taken_in_once_fixed(driver, data_dir):
    port = free_port()
    fake = subprocess.Popen([str(fake_binary()), "--port", str(port), "--access-token", TOKEN],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert fake.stdout.readline().startswith("listening on")
        bad = fake_json(port, "/_fake/workorders", work_order("Brake\r\nbleed"))["id"]
        fake_json(port, "/_fake/workorders", work_order("Tune the cargo bike"))
        cli(data_dir, "connector", "add", "market", "--kind", "fieldnation",
            "--base-url", f"http://127.0.0.1:{port}")
        cli(data_dir, "connector", "secret", "market", "access_token", stdin=TOKEN + "\n")

        # The window's background sync takes the good one in despite the bad one before it.
        wait(driver, 60).until(lambda _: imported(data_dir, "cargo"), message="the good one never came in")
        find(driver, "nav-sync").click()
        row = f'{tid("sync-refused-row")}[data-remote-id="{bad}"]'
        shown = wait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, row))[0]
        assert "description" in shown.text, shown.text
        driver.save_screenshot(str(ARTIFACTS / "sync-refused.png"))

        # Fixed on the marketplace; Try again reads it at once and it is imported.
        fake_json(port, f"/_fake/workorders/{bad}", {"title": "Brake bleed"})
        find(driver, f"sync-retry-import-{bad}").click()
        wait(driver, 60).until(lambda _: imported(data_dir, "bleed"), message="the fixed one never came in")
        wait(driver, 30).until(lambda d: not d.find_elements(By.CSS_SELECTOR, row))
        numbers = [r["number"] for r in cli_json(data_dir, "orders", "list", "--search", "Fietsdeel",
                                                  "--limit", "10")["rows"]]
        assert len(numbers) == 2, numbers
    finally:
        fake.terminate()
        fake.wait(timeout=10)
