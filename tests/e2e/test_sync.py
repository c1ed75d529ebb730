"""End to end: a manager connects the shop's CycleSoftware till in Settings while the till
is unreachable (the fake server is not running). A repair taken in at the window waits with
a "pending" badge, and the Sync screen's queue says the remote cannot be reached. When the
remote comes up, *Sync now* sends it: the badge turns "synced", the queue empties, *Test
connection* lists the remote's statuses, and the fake holds the order once with Jobcard's
total."""

import json
import subprocess
import urllib.request
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import ARTIFACTS, cli_json, free_port, jobcard_binary
from test_order_flow import find, text_becomes, tid, type_into, wait


def fake_binary() -> Path:
    return jobcard_binary().parent / "fake-cyclesoftware"


# The list and the Sync screen re-render every few seconds, so these read the page in one
# script call instead of holding element references that can go stale in between.
def badge_state(driver, number):
    return driver.execute_script(
        "const b = document.querySelector(arguments[0]); return b ? b.getAttribute('data-state') : null;",
        tid(f"sync-badge-{number}"),
    )


def queue_text(driver, number):
    return driver.execute_script(
        "const r = document.querySelector(`[data-testid='sync-queue-row'][data-number='${arguments[0]}']`);"
        " return r ? r.innerText : null;",
        number,
    )


def add_connector_in_settings(driver, port):
    find(driver, "nav-settings").click()
    find(driver, "settings-tab-sync").click()
    type_into(driver, "connector-name", "till")
    type_into(driver, "connector-url", f"http://127.0.0.1:{port}")
    # A typo is refused beside the settings, naming the key; then the right values.
    type_into(driver, "connector-settings", "timeout_ms=soon")
    type_into(driver, "connector-username", "despaak")
    find(driver, "connector-save").click()
    wait(driver).until(
        lambda d: "timeout_ms" in d.find_element(By.CSS_SELECTOR, '[data-error-for="set"]').text,
        message="the refused setting was not named",
    )
    type_into(driver, "connector-settings", "backoff_base_ms=200" + Keys.ENTER + "timeout_ms=2000" + Keys.ENTER + "backoff_cap_ms=1500")
    type_into(driver, "connector-password", "Sp4ak-Till")
    find(driver, "connector-save").click()


def test_an_order_taken_in_offline_syncs_when_the_remote_comes_up(driver, data_dir):
    port = free_port()
    add_connector_in_settings(driver, port)
    # The core has it, with both secrets set and never shown.
    def saved(_):
        listed = cli_json(data_dir, "connector", "list")
        return listed if listed and all(s["set"] for s in listed[0]["secrets"]) else False
    try:
        listed = wait(driver).until(saved, message="the connector was not saved with its secrets")
    finally:
        driver.save_screenshot(str(ARTIFACTS / "sync-settings.png"))
    assert "Sp4ak-Till" not in json.dumps(listed) and "despaak" not in json.dumps(listed)
    assert ["backoff_base_ms", "200"] in listed[0]["settings"]

    find(driver, "nav-new-order").click()
    type_into(driver, "customer-name", "Noor Offline")
    type_into(driver, "customer-phone", "+31 6 1212 3434")
    type_into(driver, "object-brand", "Sparta")
    type_into(driver, "object-frame", "SP-SYNC-0001")
    type_into(driver, "description", "Brake service while the till is offline")
    type_into(driver, "line-code", "102" + Keys.ENTER)
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("form-line"))) == 1)
    text_becomes(driver, tid("total-gross"), "2995")
    find(driver, "save-order").click()
    number = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("order-number")).text.strip() or False)

    find(driver, "nav-orders").click()
    wait(driver, 30).until(lambda d: badge_state(d, number) == "pending", message="the badge never said pending")
    driver.save_screenshot(str(ARTIFACTS / "sync-pending.png"))

    find(driver, "nav-sync").click()
    try:
        wait(driver, 30).until(lambda d: queue_text(d, number) is not None, message=f"{number} is not queued")
        wait(driver, 30).until(
            lambda d: "reach" in (d.execute_script(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", tid("connector-last-error")
            ) or ""),
            message="the Sync screen never said the remote is unreachable",
        )
    finally:
        driver.save_screenshot(str(ARTIFACTS / "sync-screen-offline.png"))

    fake = subprocess.Popen(
        [str(fake_binary()), "--port", str(port), "--username", "despaak", "--password", "Sp4ak-Till"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert fake.stdout.readline().startswith("listening on")
        find(driver, "sync-now").click()
        wait(driver, 60).until(lambda d: queue_text(d, number) is None, message="the order never left the queue")
        wait(driver, 30).until(
            lambda d: d.execute_script(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : '';", tid("sync-count-pending")
            ) == "0"
        )
        driver.save_screenshot(str(ARTIFACTS / "sync-screen-synced.png"))

        find(driver, "nav-orders").click()
        wait(driver, 30).until(lambda d: badge_state(d, number) == "synced", message="the badge never said synced")
        driver.save_screenshot(str(ARTIFACTS / "sync-synced.png"))

        find(driver, "nav-settings").click()
        find(driver, "settings-tab-sync").click()
        find(driver, "connector-pick")
        driver.execute_script(
            "const s = document.querySelector(arguments[0]); s.value = 'till'; s.dispatchEvent(new Event('change', {bubbles: true}));",
            tid("connector-pick"),
        )
        find(driver, "connector-test").click()
        said = wait(driver, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("connector-test-result")).text or False)
        assert "Reparatie voltooid" in said

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_fake/state") as answer:
            state = json.load(answer)
        mine = [o for o in state["orders"] if o["reference_text"] == number]
        assert len(mine) == 1
        assert sum(i["price_in_vat_cents"] for i in mine[0]["order_items"]) == 2995
    finally:
        fake.terminate()
        fake.wait(timeout=10)
