"""End to end: why an order waits (the reason given with a waiting status) is shown in the
order list's row and in the order's header, in the window."""

import json
import subprocess

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, cli, jobcard_binary
from test_order_flow import find, open_from_list, tid, type_into, wait

ORDER = {
    "customer": {"name": "Sofie Wagenaar", "phone": "+31 6 5858 2121"},
    "repair_object": {"brand": "Batavus", "frame_number": "BT-E2E-WAIT"},
    "description": "Gear hub slips",
}
REASON = "Shimano Nexus 7 hub ordered, due Thursday"


def test_the_waiting_reason_is_in_the_list_and_the_order_header(driver, data_dir):
    number = json.loads(
        subprocess.run(
            [str(jobcard_binary()), "--data-dir", str(data_dir), "orders", "create", "--file", "-", "--json"],
            input=json.dumps(ORDER), check=True, capture_output=True, text=True,
        ).stdout
    )["number"]
    cli(data_dir, "orders", "set-status", number, "in_progress")
    cli(data_dir, "orders", "set-status", number, "waiting_for_parts", "--reason", REASON)

    find(driver, "nav-orders").click()
    type_into(driver, "order-search", "Wagenaar")
    row_css = f'{tid("order-row")}[data-number="{number}"] {tid("row-waiting-reason")}'

    def reason_in_row(d) -> bool:
        try:
            cells = d.find_elements(By.CSS_SELECTOR, row_css)
            return bool(cells) and cells[0].text == REASON
        except WebDriverException:
            return False  # The list was redrawn as it was read: the next poll reads the new one.

    wait(driver).until(reason_in_row, message="the row never showed the waiting reason")
    driver.save_screenshot(str(ARTIFACTS / "list-waiting-reason.png"))

    open_from_list(driver, "Wagenaar", number)
    shown = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("order-waiting-reason")))[0]
    assert REASON in shown.text, shown.text
    driver.save_screenshot(str(ARTIFACTS / "order-waiting-reason.png"))
