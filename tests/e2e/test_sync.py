"""End to end: the shop is offline from its point of sale (the fake CycleSoftware server is
not running). A repair taken in at the window waits with a "pending" sync badge; when the
remote comes up, the window's background sync sends it and the badge turns "synced", and
the fake holds the order once with Jobcard's total."""

import json
import subprocess
import time
import urllib.request
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import ARTIFACTS, cli, free_port, jobcard_binary
from test_order_flow import find, text_becomes, tid, type_into, wait


def fake_binary() -> Path:
    return jobcard_binary().parent / "fake-cyclesoftware"


def badge_state(driver, number):
    badges = driver.find_elements(By.CSS_SELECTOR, tid(f"sync-badge-{number}"))
    return badges[0].get_attribute("data-state") if badges else None


def test_an_order_taken_in_offline_syncs_when_the_remote_comes_up(driver, data_dir):
    port = free_port()
    cli(data_dir, "connector", "add", "till", "--kind", "cyclesoftware", "--base-url", f"http://127.0.0.1:{port}",
        "--set", "backoff_base_ms=200", "--set", "backoff_cap_ms=1500", "--set", "timeout_ms=2000")
    cli(data_dir, "connector", "secret", "till", "username", stdin="jobcard\n")
    cli(data_dir, "connector", "secret", "till", "password", stdin="secret\n")

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

    fake = subprocess.Popen([str(fake_binary()), "--port", str(port)], stdout=subprocess.PIPE, text=True)
    try:
        assert fake.stdout.readline().startswith("listening on")
        wait(driver, 60).until(lambda d: badge_state(d, number) == "synced", message="the badge never said synced")
        driver.save_screenshot(str(ARTIFACTS / "sync-synced.png"))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_fake/state") as answer:
            state = json.load(answer)
        mine = [o for o in state["orders"] if o["reference_text"] == number]
        assert len(mine) == 1
        assert sum(i["price_in_vat_cents"] for i in mine[0]["order_items"]) == 2995
    finally:
        fake.terminate()
        fake.wait(timeout=10)
