"""End to end: a work order published on Field Nation (the fake marketplace) comes into the
shop. The manager connects Field Nation in Settings -> Sync with the access token; the
window's background sync imports the work order as a Jobcard order. The mechanic signs in,
picks it from the unassigned queue on his board, starts it and finishes it with a resolution,
a root cause and notes. The fake then holds the work order as `work_done` with those closing
fields in its `closing_notes`, sent once."""

import json
import subprocess
import urllib.request
from pathlib import Path

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, cli_json, free_port, jobcard_binary, sign_in
from test_order_flow import find, tid, type_into, wait

TOKEN = "fn-e2e-token"
WORK_ORDER = {
    "title": "Service the e-bike fleet bike 12",
    "description": {"markdown": "Brakes squeal; check the chain and the battery contacts."},
    "company": {"id": 7, "name": "Fietsdeel Utrecht"},
    "location": {"address1": "Oudegracht 12", "city": "Utrecht", "zip": "3511 AB", "country": "NL",
                 "saved_location": {"contact": {"name": "Sanne de Wit", "phone": "+31 30 765 4321"}}},
    "schedule": {"service_window": {"mode": "exact", "start": {"utc": "2030-03-04 09:00:00"}}},
    "status": "assigned",
}


def fake_binary() -> Path:
    return jobcard_binary().parent / "fake-fieldnation"


def fake_json(port: int, path: str, body=None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(request) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def pick(driver, testid: str, value: str) -> None:
    """Chooses `value` in a select the way a person's choice reaches Svelte (a change event)."""
    driver.execute_script(
        "const s = document.querySelector(arguments[0]); s.value = arguments[1];"
        " s.dispatchEvent(new Event('change', {bubbles: true}));",
        tid(testid), value,
    )


def imported_number(data_dir):
    rows = cli_json(data_dir, "orders", "list", "--search", "fleet", "--limit", "10")["rows"]
    return rows[0]["number"] if rows else False


def test_a_field_nation_work_order_is_imported_finished_and_its_closing_notes_go_back(driver, data_dir):
    port = free_port()
    fake = subprocess.Popen([str(fake_binary()), "--port", str(port), "--access-token", TOKEN],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert fake.stdout.readline().startswith("listening on")
        remote_id = fake_json(port, "/_fake/workorders", WORK_ORDER)["id"]

        find(driver, "nav-settings").click()
        find(driver, "settings-tab-sync").click()
        type_into(driver, "connector-name", "marketplace")
        pick(driver, "connector-kind", "fieldnation")
        type_into(driver, "connector-url", f"http://127.0.0.1:{port}")
        type_into(driver, "connector-access_token", TOKEN)
        find(driver, "connector-save").click()
        # Saved: the mapping rows appear, with one row per mechanic for his Field Nation user.
        wait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("map-employee.Joris Bakker")))
        driver.save_screenshot(str(ARTIFACTS / "sync-import-settings.png"))

        # The window's background sync pulls the marketplace and takes the work order in.
        number = wait(driver, 60).until(lambda _: imported_number(data_dir), message="the work order was never imported")
        order = cli_json(data_dir, "orders", "show", number)
        assert order["own_reference"] == f"marketplace:{remote_id}"
        assert "Fietsdeel Utrecht" in json.dumps(order["customer"])

        find(driver, "switch-user").click()
        sign_in(driver, "Joris Bakker", "2222")
        job = f'{tid("board-job")}[data-number="{number}"]'
        wait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"{job} {tid('board-start')}"))[0].click()
        wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"{job} {tid('board-running')}"))
        driver.find_element(By.CSS_SELECTOR, f"{job} {tid('board-open')}").click()
        find(driver, "work-finish").click()
        # Lines not ticked are asked about first (test_bench_mode.py pins the question).
        wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("ask-unticked-yes")}, {tid("finish-notes")}'))
        for yes in driver.find_elements(By.CSS_SELECTOR, tid("ask-unticked-yes")):
            yes.click()
        type_into(driver, "finish-resolution", "Pads and chain replaced")
        type_into(driver, "finish-root-cause", "Worn brake pads")
        type_into(driver, "finish-notes", "Battery contacts cleaned")
        find(driver, "finish-submit").click()
        wait(driver).until(lambda d: "Pads and chain" in d.find_element(By.CSS_SELECTOR, tid("closing-resolution")).text)

        def finished_remotely(_):
            there = [w for w in fake_json(port, "/_fake/state")["work_orders"] if w["id"] == remote_id]
            return there[0] if there and there[0]["status"]["name"] == "Work Done" else False

        try:
            work_order = wait(driver, 60).until(finished_remotely, message="work_done never reached Field Nation")
        finally:
            driver.save_screenshot(str(ARTIFACTS / "sync-import-finished.png"))
        notes = work_order["closing_notes"]
        for said in ("Pads and chain replaced", "Worn brake pads", "Battery contacts cleaned"):
            assert said in notes, notes
        state = fake_json(port, "/_fake/state")
        puts = [r for r in state["requests"]["log"]
                if r["method"] == "PUT" and r["path"].endswith(f"/{remote_id}") and (r["body"] or {}).get("status") == "work_done"]
        assert len(puts) == 1, puts
    finally:
        fake.terminate()
        fake.wait(timeout=10)
