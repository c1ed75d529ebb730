"""End to end: the counter plans an order from the backlog with the core's suggested times,
sees it on the calendar in the mechanic's column, then drags another backlog order onto a
column; an overlap is only booked after "Book anyway"."""

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, cli_json
from date_fields import type_date
from test_order_flow import find, open_from_list, tid, type_into, wait


def drop_on(driver, number, mechanic, minutes_from_top):
    """Drags backlog order `number` onto `mechanic`'s column, as the mouse would."""
    driver.execute_script(
        """const [number, mechanic, offset] = arguments;
           const source = document.querySelector(`[data-testid="backlog-item"][data-number="${number}"]`);
           const column = document.querySelector(`[data-testid="calendar-column"][data-mechanic="${mechanic}"] .body`);
           const data = new DataTransfer();
           source.dispatchEvent(new DragEvent("dragstart", {bubbles: true, dataTransfer: data}));
           const box = column.getBoundingClientRect();
           const at = {bubbles: true, cancelable: true, dataTransfer: data, clientX: box.left + 10, clientY: box.top + offset};
           column.dispatchEvent(new DragEvent("dragover", at));
           column.dispatchEvent(new DragEvent("drop", at));""",
        number, mechanic, minutes_from_top,
    )


def test_plan_with_suggestions_and_by_dragging(driver, data_dir):
    backlog = [r for r in cli_json(data_dir, "orders", "list", "--status", "intake")["rows"] if not r["scheduled_start"]]
    femke = next(r["number"] for r in backlog if r["customer_name"] == "Femke de Jong")

    find(driver, "nav-orders").click()
    open_from_list(driver, "Femke", femke)
    mechanic = find(driver, "plan-mechanic")
    wait(driver).until(lambda d: len(mechanic.find_elements(By.CSS_SELECTOR, "option")) > 1)
    driver.execute_script(
        "arguments[0].value = 'Fatima El Amrani'; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", mechanic
    )
    find(driver, "plan-suggest").click()
    slot = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("plan-slot")))[0]
    assert "Fatima El Amrani" in slot.text
    slot.click()
    find(driver, "plan-save").click()
    wait(driver).until(lambda d: cli_json(data_dir, "orders", "show", femke)["status"]["status"] == "scheduled")
    planned = cli_json(data_dir, "orders", "show", femke)
    assert planned["mechanic"] == "Fatima El Amrani" and planned["scheduled_finish"]

    # On the calendar of that day, in Fatima's column.
    day = planned["scheduled_start"][:10]
    find(driver, "nav-calendar").click()
    type_date(driver, "calendar-day", day)
    wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("calendar-column")}[data-mechanic="Fatima El Amrani"] {tid("calendar-block")}[data-number="{femke}"]')
    )
    driver.save_screenshot(str(ARTIFACTS / "calendar.png"))

    # Drag an order from the backlog onto Joris's column near opening time. Where that meets
    # his booked work the core asks first; either way he gets it only through the window.
    items = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("backlog-item")))
    other = items[0].get_attribute("data-number")
    drop_on(driver, other, "Joris Bakker", 40)
    wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, tid("plan-confirm"))
        or cli_json(data_dir, "orders", "show", other)["mechanic"] == "Joris Bakker"
    )
    if driver.find_elements(By.CSS_SELECTOR, tid("plan-confirm")):
        assert cli_json(data_dir, "orders", "show", other)["mechanic"] is None, "not booked before the answer"
        find(driver, "plan-confirm-yes").click()
    wait(driver).until(lambda d: cli_json(data_dir, "orders", "show", other)["mechanic"] == "Joris Bakker")


def test_intake_takes_a_suggested_free_time_and_the_week_shows_the_load(driver, data_dir):
    from selenium.webdriver.common.keys import Keys

    find(driver, "nav-new-order").click()
    type_into(driver, "customer-search", "Daan")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("customer-match")))
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    type_into(driver, "description", "Rear brake cable")
    type_into(driver, "line-code", "103" + Keys.ENTER)
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("form-line")))
    find(driver, "intake-suggest").click()
    slot = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("intake-slot")))[0]
    mechanic = slot.text.split("·")[-1].strip()
    slot.click()
    find(driver, "save-order").click()
    number = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("order-number"))).text.strip()
    saved = cli_json(data_dir, "orders", "show", number)
    assert saved["status"]["status"] == "scheduled"
    assert saved["mechanic"] == mechanic
    assert saved["scheduled_finish"] > saved["scheduled_start"]

    find(driver, "nav-calendar").click()
    # The week of the planned day (late on a Saturday the first free time is next week).
    type_date(driver, "calendar-day", saved["scheduled_start"][:10])
    find(driver, "calendar-mode-week").click()
    rows = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("week-row")))
    assert {r.get_attribute("data-mechanic") for r in rows} >= {"Joris Bakker", "Fatima El Amrani"}
    # The order just planned is a block in its mechanic's row of the week.
    wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("week-row")}[data-mechanic="{mechanic}"] {tid("week-block")}[data-number="{number}"]')
    )
    driver.save_screenshot(str(ARTIFACTS / "calendar-week.png"))
