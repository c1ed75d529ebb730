"""End to end: the counter sends the customer the work status link from the order screen. A
shop's TrustPager connector (the fake CRM, run as a process) has the order; the order's
TrustPager line offers *Send work status to customer*; the answer shows beside it, the CRM
recorded one send, and when the CRM's e-mail is switched off the refusal shows in plain words
and nothing more is sent."""

import json
import subprocess
import urllib.request

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, cli, jobcard_binary, free_port
from test_order_flow import find, tid, wait

KEY = "tp-e2e-key"
USERS = {
    "Joris Bakker": "a55e0000-0000-4000-8000-000000000001",
    "Fatima El Amrani": "a55e0000-0000-4000-8000-000000000002",
    "Pieter Visser": "a55e0000-0000-4000-8000-000000000003",
    "Marco Jansen": "a55e0000-0000-4000-8000-000000000004",
}
ORDER = {
    "customer": {"name": "Lotte Smit", "phone": "+31 6 4545 6767", "email": "lotte@example.nl"},
    "repair_object": {"brand": "Cortina", "frame_number": "CO-TP-0001"},
    "description": "Gear cable replaced; customer wants updates",
}


def fake_post(port: int, path: str, body) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"}, method="POST",
    )
    urllib.request.urlopen(request).close()


def fake_state(port: int):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_fake/state") as answer:
        return json.load(answer)


def result_text(driver) -> str:
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", tid("work-status-result")
    ) or ""


def test_the_counter_sends_the_work_status_and_sees_trustpagers_answer(driver, data_dir):
    port = free_port()
    fake = subprocess.Popen(
        [str(jobcard_binary().parent / "fake-trustpager"), "--port", str(port), "--api-key", KEY],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert fake.stdout.readline().startswith("listening on")
        mapping = [arg for name, uuid in USERS.items() for arg in ("--set", f"employee.{name}={uuid}")]
        cli(data_dir, "connector", "add", "crm", "--kind", "trustpager", "--base-url", f"http://127.0.0.1:{port}", *mapping)
        cli(data_dir, "connector", "secret", "crm", "api_key", stdin=KEY + "\n")
        number = json.loads(cli(data_dir, "orders", "create", "--file", "-", "--json", stdin=json.dumps(ORDER)))["number"]

        # The window's background sync sends it; the order's TrustPager line says synced.
        find(driver, "nav-orders").click()
        row = wait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("order-row")}[data-number="{number}"]'))[0]
        row.find_element(By.CSS_SELECTOR, "td").click()
        wait(driver, 60).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("order-sync-crm")}[data-state="synced"]'),
            message="the order never reached TrustPager",
        )
        find(driver, "send-work-status-crm").click()
        said = wait(driver, 20).until(lambda d: result_text(d) or False)
        assert "e-mailed to the customer" in said, said
        assert len(fake_state(port)["sent_status"]) == 1
        driver.save_screenshot(str(ARTIFACTS / "send-work-status.png"))

        fake_post(port, "/_fake/email", {"configured": False})
        find(driver, "send-work-status-crm").click()
        wait(driver, 20).until(
            lambda d: "E-mail is not configured for the company in TrustPager" in result_text(d),
            message="the refusal was not shown",
        )
        assert len(fake_state(port)["sent_status"]) == 1, "nothing more was sent"
        history = json.loads(cli(data_dir, "orders", "show", number, "--json"))["history"]
        assert any(h["action"] == "work_status_sent" for h in history)
    finally:
        fake.terminate()
        fake.wait(timeout=10)
