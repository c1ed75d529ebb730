"""End to end: a known customer's standard repair taken in with the keyboard alone, lines added
by repair code and by a barcode scanner (which types the code and Enter; a second scan of the
same article raises its quantity), saved with Ctrl+Enter. Checked on screen and via the CLI."""

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import ARTIFACTS, cli_json
from test_order_flow import find, tid, text_becomes, wait

BELL = "8712345000076"  # the demo's bell, € 4,95 at 21 %


def keys(driver, *typed):
    """Types into whatever has the focus, as a person (or a scanner) at the keyboard does."""
    driver.switch_to.active_element.send_keys(*typed)


def focused_testid(driver):
    return driver.switch_to.active_element.get_attribute("data-testid")


def test_known_customer_by_keyboard_and_scanner(driver, data_dir):
    find(driver, "nav-orders")  # the window is up
    started = time.monotonic()
    keys(driver, Keys.F2)
    wait(driver).until(lambda d: focused_testid(d) == "customer-search")

    keys(driver, "Anna de V")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("customer-match")))
    keys(driver, Keys.ENTER)
    wait(driver).until(lambda d: focused_testid(d) == "description")

    keys(driver, "Chain worn; bell broken", Keys.ENTER)
    wait(driver).until(lambda d: focused_testid(d) == "line-code")
    keys(driver, "102", Keys.ENTER)
    keys(driver, BELL, Keys.ENTER)  # a scan
    keys(driver, BELL, Keys.ENTER)  # the same article scanned again
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("form-line"))) == 2)
    # 29.95 + 2 x 4.95 = 39.85, priced live by the core.
    text_becomes(driver, tid("total-gross"), "3985")
    driver.save_screenshot(str(ARTIFACTS / "intake-keyboard.png"))

    keys(driver, Keys.CONTROL, Keys.ENTER)
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("order-total")))
    elapsed = time.monotonic() - started
    number = driver.find_element(By.CSS_SELECTOR, tid("order-number")).text.strip()

    saved = cli_json(data_dir, "orders", "show", number)
    assert saved["customer"]["name"] == "Anna de Vries"
    assert saved["repair_object"]["frame_number"] == "GZ123456", "the customer's known bike"
    assert [(l["code"], l["barcode"], l["quantity"]) for l in saved["lines"]] == [("102", None, 1), (None, BELL, 2)]
    assert saved["total_cents"] == 3985
    # Recorded for people to read, not asserted: the window's own pace under WebDriver.
    (ARTIFACTS / "intake-keyboard-seconds.txt").write_text(f"{elapsed:.1f}\n")
