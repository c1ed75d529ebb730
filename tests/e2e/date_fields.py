"""Typing into the window's date and time fields as a person does.

The date fields are text fields that show and take a day first (`30-11-2026`) and a 24-hour
time (`09:30`) in both languages (ui/src/components/DateInput.svelte, DateTimeInput.svelte);
what they hold as ISO is in their `data-value` attribute. A date-and-time field `NAME` is the
date field `NAME`, the time field `NAME-time` and `NAME-field` around both, whose `data-value`
is `2026-11-23T09:30` (or the date alone when all day)."""

from datetime import date

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from test_order_flow import find, tid, wait


def day_first(day: date | str) -> str:
    """`2026-11-30` as a person types it: `30-11-2026`."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return day.strftime("%d-%m-%Y")


def retype(driver, name: str, text: str) -> None:
    """Selects what field `name` holds, types `text` over it and presses Enter (which takes
    the value and never submits the form)."""
    field = find(driver, name)
    field.click()
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(text + Keys.ENTER)


def type_date(driver, name: str, day: date | str) -> None:
    """Types `day` into date field `name` the Dutch way and waits until the field holds it."""
    retype(driver, name, day_first(day))
    iso = day if isinstance(day, str) else day.isoformat()
    wait(driver).until(lambda d: date_value(d, name) == iso)


def type_moment(driver, name: str, day: date, hhmm: str) -> None:
    """Types `day` and the 24-hour time `hhmm` into date-and-time field `name`."""
    retype(driver, name, day_first(day))
    retype(driver, f"{name}-time", hhmm)
    wait(driver).until(lambda d: moment_value(d, name) == f"{day.isoformat()}T{hhmm}")


def date_value(driver, name: str) -> str:
    """The ISO date that date field `name` holds ("" for none)."""
    return driver.find_element(By.CSS_SELECTOR, tid(name)).get_attribute("data-value")


def moment_value(driver, name: str) -> str:
    """What date-and-time field `name` holds: `2026-11-23T09:30`, or the date when all day."""
    return driver.find_element(By.CSS_SELECTOR, tid(f"{name}-field")).get_attribute("data-value")
