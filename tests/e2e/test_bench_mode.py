"""End to end: bench mode. A mechanic (only the mechanic role) opens a job from his board and
gets the bench view: the checklist with 48 px boxes, no prices, VAT or print buttons. He starts,
pauses and finishes; finishing with lines not ticked asks first in the app's own dialog, the
focus lands in the closing-notes field, and the notes are saved (read back with the CLI).
Starting an order that waits for the customer's approval asks too, and without a yes nothing
starts. A manager may switch bench mode on from his board, and back to the counter view."""

import json
import re
import subprocess

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, cli_json, jobcard_binary, sign_in
from screens import click, settle, tid, wait

ORDER = {
    "customer": {"name": "Lotte Verhoeven", "phone": "+31 6 3030 4040"},
    "repair_object": {"brand": "Batavus", "model": "Finez E-go", "frame_number": "BA-BENCH-1"},
    "description": "Brakes squeal; replace pads, check chain, new bell",
    "mechanic": "Joris Bakker",
    "lines": [{"code": "104"}, {"code": "102"}, {"barcode": "8712345000076"}],
}


def create(data_dir, order) -> str:
    done = subprocess.run(
        [str(jobcard_binary()), "--data-dir", str(data_dir), "orders", "create", "--file", "-", "--json"],
        input=json.dumps(order), check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout)["number"]


def card(number: str) -> str:
    return f'{tid("board-job")}[data-number="{number}"]'


def open_from_board(driver, number: str) -> None:
    button = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"{card(number)} {tid('board-open')}"))[0]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button)
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("bench-job")}[data-number="{number}"] {tid("checklist")}'))
    settle(driver)


def status_of(data_dir, number: str) -> str:
    return cli_json(data_dir, "orders", "show", number)["status"]["status"]


def test_a_manager_switches_bench_mode_on_and_back(driver, data_dir):
    number = create(data_dir, ORDER)
    click(driver, "nav-board")
    box = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("bench-mode")))[0]
    assert not box.is_selected(), "a manager starts in the counter view"
    click(driver, "nav-orders")
    click(driver, "nav-board")
    click(driver, "bench-mode")
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("bench-mode")).is_selected())
    # Marco is no mechanic of this order; the unassigned and his own jobs show. Open Lotte's
    # job from the order list instead: bench mode applies there as well.
    click(driver, "nav-orders")
    row = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("order-row")}[data-number="{number}"]'))[0]
    driver.execute_script("arguments[0].querySelector('td').click();", row)
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("bench-job")}[data-number="{number}"]'))
    click(driver, "bench-counter-view")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("order-number")))
    assert not driver.find_elements(By.CSS_SELECTOR, tid("bench-job"))


def test_a_mechanic_works_a_job_in_bench_mode(driver, data_dir):
    number = create(data_dir, ORDER)
    click(driver, "switch-user")
    sign_in(driver, "Joris Bakker", "2222")
    open_from_board(driver, number)
    driver.save_screenshot(str(ARTIFACTS / "bench-job.png"))

    # No prices, no VAT, no print buttons; the job text, customer and bike are there.
    page = driver.find_element(By.TAG_NAME, "main").text
    assert "€" not in page and not re.search(r"\bVAT\b|\bbtw\b", page, re.I), page
    assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid^="print"], [data-testid^="preview"], [data-testid="totals"]')
    assert driver.find_element(By.CSS_SELECTOR, tid("bench-customer")).text == "Lotte Verhoeven"
    assert "Finez E-go" in driver.find_element(By.CSS_SELECTOR, tid("bench-object")).text
    assert "replace pads" in driver.find_element(By.CSS_SELECTOR, tid("bench-description")).text

    # Touch targets: every box is at least 48 px each way, its whole row too.
    sizes = driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"line-done\"], [data-testid=\"line-row\"]')]"
        ".map((e) => { const r = e.getBoundingClientRect(); return [e.dataset.testid, r.width, r.height]; });"
    )
    assert len(sizes) == 6, sizes
    for testid, width, height in sizes:
        assert width >= 48 and height >= 48, (testid, width, height)

    # Start, pause, start again.
    click(driver, "work-start")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("work-pause")))
    timer = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("bench-timer")))[0]
    assert re.search(r"\d\d:\d\d", timer.text), timer.text
    assert status_of(data_dir, number) == "in_progress"
    click(driver, "work-pause")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("work-start")))
    assert cli_json(data_dir, "orders", "show", number)["work_periods"][0]["ended_at"]

    # Finishing with nothing ticked asks; going back leaves the job open.
    click(driver, "work-finish")
    ask = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("ask-unticked")))[0]
    assert "3 of 3" in ask.text, ask.text
    driver.save_screenshot(str(ARTIFACTS / "bench-ask-unticked.png"))
    assert driver.execute_script("return document.activeElement.dataset.testid") == "ask-unticked-no", "the safe choice has the focus"
    click(driver, "ask-unticked-no")
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, tid("ask-unticked")))
    assert not driver.find_elements(By.CSS_SELECTOR, tid("finish-form"))

    # Tick one line (the row is the target), then finish anyway: the focus is in the notes.
    click(driver, "line-row")
    wait(driver).until(lambda d: cli_json(data_dir, "orders", "show", number)["lines"][0]["status"] == "done")
    wait(driver).until(lambda d: "1 of 3" in d.find_element(By.CSS_SELECTOR, tid("checklist-count")).text)
    click(driver, "work-finish")
    ask = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("ask-unticked")))[0]
    assert "2 of 3" in ask.text, ask.text
    click(driver, "ask-unticked-yes")
    wait(driver).until(lambda d: d.execute_script("return document.activeElement && document.activeElement.dataset.testid") == "finish-notes")
    driver.switch_to.active_element.send_keys("Rear tyre is getting thin; bell fitted on the left")
    driver.save_screenshot(str(ARTIFACTS / "bench-finish.png"))
    click(driver, "finish-submit")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("closing-notes")))

    saved = cli_json(data_dir, "orders", "show", number)
    assert saved["status"]["status"] == "done"
    assert saved["closing_notes"] == "Rear tyre is getting thin; bell fitted on the left"
    assert [line["status"] for line in saved["lines"]] == ["done", "open", "open"]


def test_starting_an_order_that_waits_for_approval_asks_first(driver, data_dir):
    gerrit = cli_json(data_dir, "orders", "list", "--search", "Gerrit")
    rows = gerrit["rows"] if isinstance(gerrit, dict) else gerrit
    number = rows[0]["number"]
    assert status_of(data_dir, number) == "waiting_for_customer"
    click(driver, "switch-user")
    sign_in(driver, "Joris Bakker", "2222")
    open_from_board(driver, number)
    assert "waiting for approval" in driver.find_element(By.CSS_SELECTOR, tid("waiting-reason")).text

    click(driver, "work-start")
    ask = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("ask-approval")))[0]
    assert "Quote sent; waiting for approval" in ask.text, ask.text
    driver.save_screenshot(str(ARTIFACTS / "bench-ask-approval.png"))
    click(driver, "ask-approval-no")
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, tid("ask-approval")))
    saved = cli_json(data_dir, "orders", "show", number)
    assert saved["status"]["status"] == "waiting_for_customer" and not saved["work_periods"], "nothing started"

    click(driver, "work-start")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("ask-approval")))
    click(driver, "ask-approval-yes")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("work-pause")))
    saved = cli_json(data_dir, "orders", "show", number)
    assert saved["status"]["status"] == "in_progress"
    assert [p["employee"] for p in saved["work_periods"]] == ["Joris Bakker"]
