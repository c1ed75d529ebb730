"""End to end, issue 13 item 3: re-planning keeps the plan. The order screen's Plan panel
shows what is planned; changing only the mechanic keeps the start (the finish follows the new
mechanic), the order stays on the calendar; removing it from the planning sends it back to
intake and the backlog, never "scheduled" without a time."""

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS
from date_fields import moment_value, type_moment
from planning_helpers import next_weekday, open_order, order, save_plan, set_field, show_day, utc_of
from test_order_flow import find, tid, wait


def test_changing_the_mechanic_keeps_the_start_and_unplanning_goes_back_to_intake(driver, data_dir):
    femke = next(
        r["number"]
        for r in __import__("conftest").cli_json(data_dir, "orders", "list", "--status", "intake")["rows"]
        if r["customer_name"] == "Femke de Jong"
    )
    wednesday = next_weekday(2)
    open_order(driver, femke)
    panel = find(driver, "plan-current")
    assert "Not planned" in panel.text, panel.text

    # First plan: Fatima, next Wednesday 10:00.
    mechanic = find(driver, "plan-mechanic")
    wait(driver).until(lambda d: len(mechanic.find_elements(By.CSS_SELECTOR, "option")) > 2)
    set_field(driver, "plan-mechanic", "Fatima El Amrani")
    type_moment(driver, "plan-start", wednesday, "10:00")
    save_plan(driver, lambda: order(data_dir, femke)["mechanic"] == "Fatima El Amrani")
    first = order(data_dir, femke)
    assert first["scheduled_start"] == utc_of(wednesday, "10:00") and first["scheduled_finish"]

    # The panel shows what is planned, and its fields start from it.
    wait(driver).until(lambda d: "Fatima El Amrani" in d.find_element(By.CSS_SELECTOR, tid("plan-current")).text)
    assert "10:00" in find(driver, "plan-current-start").text
    assert moment_value(driver, "plan-start") == f"{wednesday.isoformat()}T10:00"
    assert find(driver, "plan-mechanic").get_attribute("value") == "Fatima El Amrani"

    # Only the mechanic changes: the start stays, the order stays scheduled with a finish.
    set_field(driver, "plan-mechanic", "Pieter Visser")
    save_plan(driver, lambda: order(data_dir, femke)["mechanic"] == "Pieter Visser")
    moved = order(data_dir, femke)
    assert moved["scheduled_start"] == first["scheduled_start"], moved["scheduled_start"]
    assert moved["status"]["status"] == "scheduled"
    assert moved["scheduled_finish"], "the finish is recomputed, not cleared"
    wait(driver).until(lambda d: "Pieter Visser" in d.find_element(By.CSS_SELECTOR, tid("plan-current")).text)
    assert "10:00" in find(driver, "plan-current-start").text
    driver.save_screenshot(str(ARTIFACTS / "replan-panel.png"))

    # Still on the calendar, now in Pieter's column.
    show_day(driver, wednesday)
    wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("calendar-column")}[data-mechanic="Pieter Visser"] {tid("calendar-block")}[data-number="{femke}"]')
    )

    # Removing it from the planning: back to intake and the backlog, the mechanic kept.
    open_order(driver, femke)
    find(driver, "plan-clear").click()
    wait(driver).until(lambda d: order(data_dir, femke)["status"]["status"] == "intake")
    cleared = order(data_dir, femke)
    assert cleared["scheduled_start"] is None and cleared["scheduled_finish"] is None
    assert cleared["mechanic"] == "Pieter Visser"
    assert any(h["action"] == "unscheduled" for h in cleared["history"]), "audited"
    wait(driver).until(lambda d: "Not planned" in d.find_element(By.CSS_SELECTOR, tid("plan-current")).text)
    show_day(driver, wednesday)
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("backlog-item")}[data-number="{femke}"]'))
