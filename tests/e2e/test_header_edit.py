"""End to end: the counter changes a saved order's job text and promised date in the window and
they are still there after a reload; the customer page opens from the order, its phone is
changed there and it shows the order history; the bike page opens from the order; the order
list's search results open the customer page."""

import json
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import ARTIFACTS, cli_json, jobcard_binary
from date_fields import type_date
from test_order_flow import find, open_from_list, tid, wait

ORDER = {
    "customer": {"name": "Henk Vermeer", "phone": "+31 6 4242 1010", "email": "henk@example.nl"},
    "repair_object": {"brand": "Sparta", "model": "Amazon", "frame_number": "SP-E2E-5151"},
    "description": "Front light flickers",
    "lines": [{"code": "102"}],
}


def create(data_dir) -> str:
    done = subprocess.run(
        [str(jobcard_binary()), "--data-dir", str(data_dir), "orders", "create", "--file", "-", "--json"],
        input=json.dumps(ORDER), check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout)["number"]


def open_order(driver, number: str, search: str) -> None:
    find(driver, "nav-orders").click()
    open_from_list(driver, search, number)
    wait(driver).until(lambda d: number in d.find_element(By.CSS_SELECTOR, tid("order-number")).text)


def test_description_and_promised_date_are_edited_and_survive_a_reload(driver, data_dir):
    number = create(data_dir)
    open_order(driver, number, "Vermeer")
    find(driver, "edit-header").click()
    description = find(driver, "header-description")
    description.clear()
    description.send_keys("Front light flickers; also replace the rear light")
    type_date(driver, "header-promised", "2026-12-18")
    driver.save_screenshot(str(ARTIFACTS / "header-edit-form.png"))
    find(driver, "header-save").click()
    wait(driver).until(
        lambda d: "rear light" in d.find_element(By.CSS_SELECTOR, tid("detail-description")).text
    )

    saved = cli_json(data_dir, "orders", "show", number)
    assert saved["description"] == "Front light flickers; also replace the rear light"
    assert saved["promised_date"] == "2026-12-18"
    assert [h["action"] for h in saved["history"]][-1] == "header_changed"

    # A reload of the window reads it all back from the database.
    driver.refresh()
    wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, tid("nav-orders"))))
    open_order(driver, number, "rear light")
    assert "rear light" in find(driver, "detail-description").text
    promised = find(driver, "detail-promised").text
    assert "18" in promised and "2026" in promised, promised
    history = " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, tid("history-row")))
    assert "rear light" in history, history
    driver.save_screenshot(str(ARTIFACTS / "header-edited.png"))


def test_customer_page_from_the_order_edits_the_phone_and_shows_the_history(driver, data_dir):
    number = create(data_dir)
    open_order(driver, number, "Vermeer")
    find(driver, "open-customer").click()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("customer-name")).text == "Henk Vermeer")
    rows = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("history-order")))
    assert [r.get_attribute("data-number") for r in rows] == [number]

    find(driver, "edit-customer").click()
    phone = find(driver, "customer-phone")
    phone.clear()
    phone.send_keys("+31 6 7777 3030")
    find(driver, "customer-save").click()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("customer-phone-shown")).text == "+31 6 7777 3030")
    driver.save_screenshot(str(ARTIFACTS / "customer-page.png"))
    assert cli_json(data_dir, "orders", "show", number)["customer"]["phone"] == "+31 6 7777 3030"

    # A bad e-mail is said at its field and nothing is saved.
    find(driver, "edit-customer").click()
    email = find(driver, "customer-email")
    email.clear()
    email.send_keys("henk@")
    find(driver, "customer-save").click()
    error = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-error-for="email"]'))[0]
    assert error.text, "the e-mail field says what is wrong"
    assert cli_json(data_dir, "orders", "show", number)["customer"]["email"] == "henk@example.nl"

    # The history opens the order, which shows the new phone; its bike opens the bike page.
    driver.find_element(By.CSS_SELECTOR, f'{tid("history-order")}[data-number="{number}"] td').click()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("detail-phone")).text == "+31 6 7777 3030")
    find(driver, "open-object").click()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("bike-title")).text == "Sparta Amazon")
    rows = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("history-order")))
    assert [r.get_attribute("data-number") for r in rows] == [number]
    assert find(driver, "bike-owner").text == "Henk Vermeer"
    driver.save_screenshot(str(ARTIFACTS / "bike-page.png"))

    # The order list's search results open the customer page too.
    find(driver, "nav-orders").click()
    def customer_shown(d) -> bool:
        names = d.find_elements(By.CSS_SELECTOR, tid("customer-name"))
        return bool(names) and names[0].text == "Henk Vermeer"

    open_from_list(driver, "77773030", number, part=tid("row-customer"), arrived=customer_shown)
