"""End to end: lines come in by name as well as by code or barcode (the type-ahead), free lines
with their own minutes go in through the line editor, and at intake a line's quantity and price
are changed in place; a scanned article shows its description at once."""

import json
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import ARTIFACTS, cli_json, jobcard_binary
from test_order_flow import find, open_from_list, text_becomes, tid, type_into, wait

ORDER = {
    "customer": {"name": "Şule Yılmaz", "phone": "+31 6 4444 0101"},
    "repair_object": {"brand": "Gazelle", "frame_number": "GZ-4711"},
    "description": "Service",
    "lines": [{"code": "102"}],
}


def create_order(data_dir) -> str:
    done = subprocess.run(
        [str(jobcard_binary()), "--data-dir", str(data_dir), "orders", "create", "--file", "-", "--json"],
        input=json.dumps(ORDER), check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout)["number"]


def suggestions(driver):
    return wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("code-suggestion")))


def test_line_editor_finds_by_name_and_takes_free_lines_with_minutes(driver, data_dir):
    number = create_order(data_dir)
    find(driver, "nav-orders").click()
    open_from_list(driver, "Yılmaz", number)
    find(driver, "edit-lines").click()

    # A word of the description finds the article; Enter takes the first suggestion.
    field = type_into(driver, "edit-line-code", "schwalbe")
    assert [s.get_attribute("data-key") for s in suggestions(driver)] == ["8712345000021"]
    field.send_keys(Keys.ENTER)
    rows = wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("edit-line"))) == 2 and d.find_elements(By.CSS_SELECTOR, tid("edit-line")))
    assert rows[1].find_element(By.CSS_SELECTOR, tid("edit-description")).get_attribute("value") == "Tyre Schwalbe Marathon 28x1.40"

    # Arrows pick another suggestion: "serv" finds the small and the large service.
    field = type_into(driver, "edit-line-code", "serv")
    keys = [s.get_attribute("data-key") for s in suggestions(driver)]
    assert keys == ["120", "110"], keys  # by description: Large before Small
    field.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    rows = wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("edit-line"))) == 3 and d.find_elements(By.CSS_SELECTOR, tid("edit-line")))
    assert rows[2].find_element(By.CSS_SELECTOR, tid("edit-description")).get_attribute("value") == "Small service"

    # A free line with its own price and work minutes.
    type_into(driver, "edit-free-description", "Wheel check Łukasz asked for")
    type_into(driver, "edit-free-price", "12,50")
    type_into(driver, "edit-free-minutes", "25").send_keys(Keys.ENTER)
    rows = wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("edit-line"))) == 4 and d.find_elements(By.CSS_SELECTOR, tid("edit-line")))
    # The first line's minutes changed in place.
    minutes = rows[0].find_element(By.CSS_SELECTOR, tid("edit-minutes"))
    minutes.clear()
    minutes.send_keys("40")
    driver.save_screenshot(str(ARTIFACTS / "line-editor-typeahead.png"))
    find(driver, "save-lines").click()

    def saved(_):
        order = cli_json(data_dir, "orders", "show", number)
        return order if len(order["lines"]) == 4 else False
    order = wait(driver).until(saved)
    lines = order["lines"]
    assert lines[0]["code"] == "102" and lines[0]["work_minutes_per_unit"] == 40
    assert lines[1]["barcode"] == "8712345000021" and lines[1]["unit_price_cents"] == 3495
    assert lines[2]["code"] == "110" and lines[2]["unit_price_cents"] == 4950
    assert lines[3]["description"] == "Wheel check Łukasz asked for"
    assert (lines[3]["unit_price_cents"], lines[3]["work_minutes_per_unit"]) == (1250, 25)
    assert order["work_minutes"] == 40 + 45 + 25


def test_intake_finds_lines_by_name_and_changes_quantity_and_price_in_place(driver, data_dir):
    find(driver, "nav-new-order").click()
    type_into(driver, "customer-name", "Nguyễn Văn An")
    type_into(driver, "customer-phone", "+31 6 1357 9111")
    type_into(driver, "object-brand", "Batavus")
    type_into(driver, "description", "Brakes squeal")

    # A scanned article's name is on its line at once, from the catalogue the form holds.
    type_into(driver, "line-code", "8712345000045" + Keys.ENTER)
    first = wait(driver, 2).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("form-line")))[0]
    assert "Brake pads Shimano B01S (pair)" in first.text

    # Two words of a description find the repair code.
    field = type_into(driver, "line-code", "adjust gea")
    assert [s.get_attribute("data-key") for s in suggestions(driver)] == ["130"]
    field.send_keys(Keys.ENTER)
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("form-line"))) == 2)
    # 12.50 + 19.95
    text_becomes(driver, tid("total-gross"), "3245")

    # Quantity and price changed in place; Enter takes the value and does not save the order.
    rows = driver.find_elements(By.CSS_SELECTOR, tid("form-line"))
    quantity = rows[0].find_element(By.CSS_SELECTOR, tid("form-line-quantity"))
    quantity.clear()
    quantity.send_keys("2", Keys.ENTER)
    text_becomes(driver, tid("total-gross"), "4495")
    price = driver.find_elements(By.CSS_SELECTOR, tid("form-line"))[1].find_element(By.CSS_SELECTOR, tid("form-line-price"))
    price.clear()
    price.send_keys("15,00", Keys.ENTER)
    text_becomes(driver, tid("total-gross"), "4000")
    assert driver.find_elements(By.CSS_SELECTOR, tid("save-order")), "still on the form"
    driver.save_screenshot(str(ARTIFACTS / "intake-lines-in-place.png"))

    find(driver, "save-order").click()
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("order-total")))
    number = driver.find_element(By.CSS_SELECTOR, tid("order-number")).text.strip()
    saved = cli_json(data_dir, "orders", "show", number)
    assert [(l["barcode"], l["code"], l["quantity"], l["unit_price_cents"]) for l in saved["lines"]] == [
        ("8712345000045", None, 2, 1250),
        (None, "130", 1, 1500),
    ]
    assert saved["total_cents"] == 4000
    assert saved["customer"]["name"] == "Nguyễn Văn An"
