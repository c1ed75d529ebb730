"""End to end, issue 13 item 4: the window runs under another time zone (New York) than the
store's (Amsterdam). A slot picked at the shop's time shows that time on the order and is
stored as that instant; a time typed into the plan is the shop's; a job dropped on the
calendar at 11:00 is booked at 11:00 shop time."""

import re

import pytest
from selenium.webdriver.common.by import By

from conftest import ARTIFACTS
from date_fields import date_value, moment_value, type_moment
from planning_helpers import (
    backlog_numbers, book, drop_at, next_weekday, open_order, order, save_plan, show_day, utc_of,
)
from test_order_flow import find, tid, wait


@pytest.fixture()
def app_env():
    return {"TZ": "America/New_York"}


def test_the_window_under_new_york_plans_in_amsterdam_time(driver, data_dir):
    # The webview really is in New York: its own clock is 5 or 6 hours behind the shop's.
    offset = driver.execute_script("return new Date('2026-11-23T12:00:00Z').getTimezoneOffset()")
    assert offset == 300, f"the window's zone offset is {offset} minutes, not New York's"

    number = backlog_numbers(data_dir)[0]
    open_order(driver, number)

    # A suggested slot: its label is the shop's time; the order shows that time afterwards.
    find(driver, "plan-suggest").click()
    slot = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("plan-slot")))[0]
    label = slot.text
    slot_time = re.search(r"\d{2}:\d{2}", label).group(0)
    slot.click()
    find(driver, "plan-save").click()
    wait(driver).until(lambda d: order(data_dir, number)["status"]["status"] == "scheduled")
    saved = order(data_dir, number)
    shown = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("plan-current-start"))).text
    assert slot_time in shown, f"slot {label!r} shows as {shown!r}"
    from datetime import date
    day = date.fromisoformat(date_value(driver, "plan-start"))
    assert find(driver, "plan-start-time").get_attribute("value") == slot_time, "24 hours, never 9:30 AM"
    assert saved["scheduled_start"] == utc_of(day, slot_time), saved["scheduled_start"]

    # A time typed into the plan: 09:30 next Wednesday is 09:30 in Amsterdam.
    wednesday = next_weekday(2)
    type_moment(driver, "plan-start", wednesday, "09:30")
    save_plan(driver, lambda: order(data_dir, number)["scheduled_start"] == utc_of(wednesday, "09:30"))
    wait(driver).until(lambda d: "09:30" in d.find_element(By.CSS_SELECTOR, tid("plan-current-start")).text)
    assert moment_value(driver, "plan-start") == f"{wednesday.isoformat()}T09:30"
    driver.save_screenshot(str(ARTIFACTS / "time-zone-order.png"))

    # Dropped on the calendar at 11:00 next Thursday: booked at 11:00 shop time, and shown there.
    thursday = next_weekday(3)
    show_day(driver, thursday)
    items = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("backlog-item")))
    other = next(i.get_attribute("data-number") for i in items if i.get_attribute("data-number") != number)
    drop_at(driver, other, "Pieter Visser", "11:00")
    book(driver, data_dir, other, "Pieter Visser")
    assert order(data_dir, other)["scheduled_start"] == utc_of(thursday, "11:00")
    block = wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("calendar-column")}[data-mechanic="Pieter Visser"] {tid("calendar-block")}[data-number="{other}"]')
    )[0]
    assert "11:00" in block.text, block.text
    assert find(driver, "calendar-zone").text.endswith("Europe/Amsterdam")
    driver.save_screenshot(str(ARTIFACTS / "time-zone-calendar.png"))
