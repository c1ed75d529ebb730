"""End to end: a counter clerk takes in a repair in the real window and sees it in the list.

The order has a repair code at the high rate (21 %) and a free line at the low rate (9 %),
so the screen must show a two-rate VAT breakdown. The figures are checked on screen and
against the CLI reading the same SQLite file."""

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from conftest import ARTIFACTS, cli_json
from screens import tid, wait


def digits(text: str) -> str:
    """'€ 1.234,56' or '€1,234.56' -> '123456', '€0.82' -> '82': amounts whatever the locale."""
    found = re.sub(r"[^0-9-]", "", text)
    return str(int(found)) if re.fullmatch(r"-?\d+", found) else found


def find(driver, name):
    return wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, tid(name))))


def type_into(driver, name, text):
    field = find(driver, name)
    field.clear()
    field.send_keys(text)
    return field


def open_from_list(driver, search: str, number: str, part: str = "td", arrived=None) -> None:
    """Searches the order list for `search`, waits for the search's answer, and clicks `part` (a
    CSS selector inside the row) of order `number`'s row until `arrived(driver)` holds; by
    default until the order screen shows that number. The list can be redrawn under the click (the search's own answer arriving, or a
    live reload after another change), which swallows it; so the row is clicked again."""
    from selenium.common.exceptions import WebDriverException

    def order_shown(d) -> bool:
        heads = d.find_elements(By.CSS_SELECTOR, tid("order-number"))
        return bool(heads) and heads[0].text == number

    arrived = arrived or order_shown
    type_into(driver, "order-search", search)

    def answered(d) -> bool:
        table = d.find_element(By.CSS_SELECTOR, tid("order-table"))
        return table.get_attribute("aria-busy") == "false" and table.get_attribute("data-rows-for") == search.strip()

    # Only the search's own answer is clicked: a row of the list before it proves nothing.
    wait(driver).until(answered, message=f"the order list never answered the search {search!r}")

    def opened(d) -> bool:
        try:
            if arrived(d):
                return True
            rows = d.find_elements(By.CSS_SELECTOR, f'{tid("order-row")}[data-number="{number}"]')
            if rows:
                rows[0].find_element(By.CSS_SELECTOR, part).click()
        except WebDriverException:
            pass  # The row was redrawn as it was clicked: the next poll finds the new one.
        return False

    wait(driver).until(opened)


def text_becomes(driver, css, expected_digits):
    """Waits until the element's amount reads `expected_digits`; returns its text."""
    def check(d):
        elements = d.find_elements(By.CSS_SELECTOR, css)
        return elements[0].text if elements and digits(elements[0].text) == expected_digits else False
    return wait(driver).until(check, message=f"{css} never showed {expected_digits}")


def test_take_in_a_repair_with_two_vat_rates(driver, data_dir):
    find(driver, "nav-new-order").click()

    type_into(driver, "customer-name", "Iris Vermeulen")
    type_into(driver, "customer-phone", "+31 6 9988 7766")
    type_into(driver, "customer-email", "iris@example.nl")
    type_into(driver, "object-brand", "Gazelle")
    type_into(driver, "object-model", "Ultimate C380")
    type_into(driver, "object-frame", "GZ-E2E-4242")
    type_into(driver, "description", "Replace chain; customer buys a cycling map")

    # Repair code 102 (chain, EUR 29.95 at 21 %), typed like a barcode scanner: code + Enter.
    type_into(driver, "line-code", "102" + Keys.ENTER)
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("form-line"))) == 1)

    # A free line at the low rate: EUR 9.95 at 9 %.
    type_into(driver, "line-description", "Cycling map Utrecht")
    type_into(driver, "line-quantity", "1")
    type_into(driver, "line-price", "9,95")
    find(driver, "line-vat").send_keys("low")
    driver.execute_script(
        "const s = document.querySelector(arguments[0]); s.value = 'low'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        tid("line-vat"),
    )
    find(driver, "add-line").click()
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("form-line"))) == 2)

    # Live totals from the core: 2995 + 995 = 3990; VAT 520 (21 %) + 82 (9 %) = 602.
    text_becomes(driver, tid("total-gross"), "3990")
    text_becomes(driver, tid("total-vat"), "602")
    text_becomes(driver, f'{tid("rate-row")}[data-rate="21"] {tid("rate-gross")}', "2995")
    text_becomes(driver, f'{tid("rate-row")}[data-rate="21"] {tid("rate-vat")}', "520")
    text_becomes(driver, f'{tid("rate-row")}[data-rate="9"] {tid("rate-gross")}', "995")
    text_becomes(driver, f'{tid("rate-row")}[data-rate="9"] {tid("rate-vat")}', "82")
    text_becomes(driver, f'{tid("rate-row")}[data-rate="9"] {tid("rate-net")}', "913")
    driver.save_screenshot(str(ARTIFACTS / "new-order-form.png"))

    find(driver, "save-order").click()
    number_el = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, tid("order-number"))))
    wait(driver).until(lambda d: re.search(r"WO-\d{4}-\d{5}", number_el.text))
    number = re.search(r"WO-\d{4}-\d{5}", number_el.text).group(0)
    text_becomes(driver, tid("order-total"), "3990")
    driver.save_screenshot(str(ARTIFACTS / "order-detail.png"))

    # The same numbers are in the database, as the CLI reads them.
    saved = cli_json(data_dir, "orders", "show", number)
    assert saved["total_cents"] == 3990
    assert saved["vat_cents"] == 602
    assert {(r["vat_percent"], r["gross_cents"], r["vat_cents"]) for r in saved["by_rate"]} == {("21", 2995, 520), ("9", 995, 82)}
    assert saved["customer"]["name"] == "Iris Vermeulen"

    # The order is in the list, and a search by the customer's name finds it.
    find(driver, "nav-orders").click()
    row_css = f'{tid("order-row")}[data-number="{number}"]'
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, row_css)))
    type_into(driver, "order-search", "Vermeulen")
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("order-row"))) == 1)
    text_becomes(driver, f'{row_css} {tid("row-total")}', "3990")
    driver.save_screenshot(str(ARTIFACTS / "order-list.png"))


def test_field_error_from_the_core_shows_next_to_the_field(driver, data_dir):
    find(driver, "nav-new-order").click()
    type_into(driver, "customer-name", "Jan Zonder Omschrijving")
    type_into(driver, "customer-email", "not-an-email")
    type_into(driver, "description", "Check brakes")
    find(driver, "save-order").click()
    error = wait(driver).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, '[data-error-for="customer.email"]'))
    )
    assert "e-mail" in error.text
    # Nothing was saved: the demo's ten orders are all there is.
    assert len(cli_json(data_dir, "orders", "list")["rows"]) == 10
    # What was typed is still there.
    assert find(driver, "customer-name").get_attribute("value") == "Jan Zonder Omschrijving"
