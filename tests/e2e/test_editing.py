"""End to end: the counter changes a saved order's lines (quantity and a percentage discount)
in the window; the core re-prices them and the new total is on screen and in the database."""

import json
import subprocess

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, cli_json, jobcard_binary
from test_order_flow import find, open_from_list, text_becomes, tid, type_into, wait

ORDER = {
    "customer": {"name": "Lotte Bos", "phone": "+31 6 5555 1212"},
    "repair_object": {"brand": "Koga", "frame_number": "KG-777"},
    "description": "Chain and pads",
    "lines": [
        {"code": "102"},
        {"description": "Brake pads", "quantity": 2, "unit_price_cents": 1250, "vat": "high"},
        {"description": "Labour", "unit_price_cents": 4500, "vat": "low", "work_minutes": 30},
    ],
}


def test_edit_quantity_and_discount_of_a_line(driver, data_dir):
    created = json.loads(
        subprocess.run(
            [str(jobcard_binary()), "--data-dir", str(data_dir), "orders", "create", "--file", "-", "--json"],
            input=json.dumps(ORDER), check=True, capture_output=True, text=True,
        ).stdout
    )
    number = created["number"]
    assert created["total_cents"] == 9995

    find(driver, "nav-orders").click()
    open_from_list(driver, "Lotte", number)
    find(driver, "edit-lines").click()
    first = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("edit-line")))[0]
    quantity = first.find_element(By.CSS_SELECTOR, tid("edit-quantity"))
    quantity.clear()
    quantity.send_keys("2")
    discount = first.find_element(By.CSS_SELECTOR, tid("edit-discount"))
    discount.clear()
    discount.send_keys("10")
    # The totals follow the typing, priced by the core at the order's date, before saving.
    text_becomes(driver, f'{tid("editor-totals")} {tid("total-gross")}', "12391")
    assert cli_json(data_dir, "orders", "show", number)["total_cents"] == 9995, "nothing saved yet"
    find(driver, "save-lines").click()

    # 2 x 29.95 less 10 % = 53.91; + 25.00 + 45.00 = 123.91.
    text_becomes(driver, tid("order-total"), "12391")
    saved = cli_json(data_dir, "orders", "show", number)
    assert saved["total_cents"] == 12391
    assert (saved["lines"][0]["quantity"], saved["lines"][0]["discount_bp"]) == (2, 1000)
    assert [h["action"] for h in saved["history"]] == ["created", "lines_changed"]
    history = " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, tid("history-row")))
    assert "123.91" in history, history
    driver.save_screenshot(str(ARTIFACTS / "lines-edited.png"))
