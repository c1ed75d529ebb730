"""End to end, issue 13 item 10: the date and time fields are Dutch in Dutch.

WebKitGTK drew every native date field as `mm/dd/yyyy` and a 12-hour time whatever the
window's language, so `12/01/2026` read as 12 January to a Dutch counter. In Dutch the intake's
promised date says `dd-mm-jjjj`, takes `1-12-2026` as 1 December (saved, read back by the CLI,
shown as `01-12-2026`), refuses `31-02-2026` under the field in Dutch without saving anything,
and the order's plan takes and shows `09:30` on a 24-hour clock."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import ARTIFACTS, cli_json
from date_fields import date_value, day_first, moment_value, retype
from planning_helpers import next_weekday, open_order, order, save_plan, utc_of
from screens import set_language
from test_order_flow import find, tid, type_into, wait


def order_numbers(data_dir) -> set[str]:
    return {r["number"] for r in cli_json(data_dir, "orders", "list")["rows"]}


def test_dutch_date_fields_take_day_first_and_refuse_a_day_that_does_not_exist(driver, data_dir):
    set_language(driver, "nl")
    find(driver, "nav-new-order").click()
    promised = find(driver, "promised-date")
    assert promised.get_attribute("placeholder") == "dd-mm-jjjj"
    assert find(driver, "scheduled-start-time").get_attribute("placeholder") == "uu:mm"

    type_into(driver, "customer-search", "Daan")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("customer-match")))
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    type_into(driver, "description", "Achterremkabel vervangen")
    type_into(driver, "line-code", "103" + Keys.ENTER)
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("form-line")))

    # 31 February: said under the field in Dutch, and Save saves nothing.
    before = order_numbers(data_dir)
    retype(driver, "promised-date", "31-02-2026")
    error = find(driver, "promised-date-error")
    assert error.text == "Beloofd op: de dag 31-02-2026 bestaat niet.", error.text
    assert promised.get_attribute("aria-invalid") == "true"
    driver.save_screenshot(str(ARTIFACTS / "date-field-refused-nl.png"))
    find(driver, "save-order").click()
    assert find(driver, "promised-date-error").is_displayed()
    assert not driver.find_elements(By.CSS_SELECTOR, tid("order-number"))
    assert order_numbers(data_dir) == before, "nothing is saved with a day that does not exist"

    # 1-12-2026 is 1 December, shown back as 01-12-2026 and saved as such.
    retype(driver, "promised-date", "1-12-2026")
    wait(driver).until(lambda d: date_value(d, "promised-date") == "2026-12-01")
    assert promised.get_attribute("value") == "01-12-2026"
    assert not driver.find_elements(By.CSS_SELECTOR, tid("promised-date-error"))
    find(driver, "save-order").click()
    number = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("order-number"))).text.strip()
    assert cli_json(data_dir, "orders", "show", number)["promised_date"] == "2026-12-01"
    assert "1 dec" in find(driver, "detail-promised").text

    # The plan's start: typed 9.30, it reads 09:30 (never 9:30 AM) and is booked at 09:30.
    wednesday = next_weekday(2)
    open_order(driver, number)
    retype(driver, "plan-start", day_first(wednesday))
    retype(driver, "plan-start-time", "9.30")
    wait(driver).until(lambda d: moment_value(d, "plan-start") == f"{wednesday.isoformat()}T09:30")
    assert find(driver, "plan-start-time").get_attribute("value") == "09:30"
    save_plan(driver, lambda: order(data_dir, number)["scheduled_start"] == utc_of(wednesday, "09:30"))
    wait(driver).until(lambda d: "09:30" in d.find_element(By.CSS_SELECTOR, tid("plan-current-start")).text)
    assert find(driver, "plan-start").get_attribute("value") == wednesday.strftime("%d-%m-%Y")
    assert find(driver, "plan-start-time").get_attribute("value") == "09:30"
    assert "AM" not in find(driver, "plan-panel").text and "PM" not in find(driver, "plan-panel").text
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", find(driver, "plan-panel"))
    driver.save_screenshot(str(ARTIFACTS / "date-fields-plan-nl.png"))
