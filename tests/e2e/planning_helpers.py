"""Shared steps of the planning e2e tests: dates in the shop's zone, the calendar's day
picker, and a drag from the backlog onto a mechanic's column at a given shop time."""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By

from conftest import cli_json
from date_fields import date_value, type_date
from test_order_flow import find, tid, wait

SHOP = ZoneInfo("Europe/Amsterdam")


def shop_today() -> date:
    return datetime.now(SHOP).date()


def next_weekday(weekday: int, weeks_ahead: int = 1) -> date:
    """The given weekday (0 = Monday) of a week `weeks_ahead` after this one, in the shop."""
    today = shop_today()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks_ahead, days=weekday)


def utc_of(day: date, hhmm: str) -> str:
    """The stored form (RFC 3339 UTC, milliseconds) of the shop's wall time `hhmm` on `day`."""
    wall = datetime.combine(day, time.fromisoformat(hhmm), tzinfo=SHOP)
    return wall.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def order(data_dir, number):
    return cli_json(data_dir, "orders", "show", number)


def backlog_numbers(data_dir) -> list[str]:
    rows = cli_json(data_dir, "orders", "list", "--status", "intake")["rows"]
    return [r["number"] for r in rows if not r["scheduled_start"]]


def show_day(driver, day: date) -> None:
    """Opens the calendar's day view on `day`."""
    find(driver, "nav-calendar").click()
    find(driver, "calendar-mode-day").click()
    type_date(driver, "calendar-day", day)
    wait(driver).until(lambda d: date_value(d, "calendar-day") == day.isoformat())
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("calendar-column")))


def drop_at(driver, number: str, mechanic: str, hhmm: str) -> None:
    """Drags `number` (from the backlog or the calendar) onto `mechanic`'s column at the height
    of the hour line `hhmm`, as the mouse would."""
    driver.execute_script(
        """const [number, mechanic, label] = arguments;
           const source = document.querySelector(`[data-testid="backlog-item"][data-number="${number}"]`)
             || document.querySelector(`[data-testid="calendar-block"][data-number="${number}"]`);
           const column = document.querySelector(`[data-testid="calendar-column"][data-mechanic="${mechanic}"] .body`);
           const tick = [...document.querySelectorAll(".times .tick")].find((t) => t.textContent.trim() === label);
           const data = new DataTransfer();
           source.dispatchEvent(new DragEvent("dragstart", {bubbles: true, dataTransfer: data}));
           const box = column.getBoundingClientRect();
           const y = box.top + parseFloat(tick.style.top) + 2;
           const at = {bubbles: true, cancelable: true, dataTransfer: data, clientX: box.left + 10, clientY: y};
           column.dispatchEvent(new DragEvent("dragover", at));
           column.dispatchEvent(new DragEvent("drop", at));""",
        number,
        mechanic,
        hhmm,
    )


def book(driver, data_dir, number: str, mechanic: str) -> None:
    """Waits until `number` is booked on `mechanic`, answering "Book anyway" if asked."""
    wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, tid("plan-confirm")) or order(data_dir, number)["mechanic"] == mechanic
    )
    if driver.find_elements(By.CSS_SELECTOR, tid("plan-confirm")):
        find(driver, "plan-confirm-yes").click()
    wait(driver).until(lambda d: order(data_dir, number)["mechanic"] == mechanic)


def open_order(driver, number: str) -> None:
    find(driver, "nav-orders").click()
    from test_order_flow import open_from_list

    open_from_list(driver, number, number)
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("plan-panel")))


def set_field(driver, name: str, value: str) -> None:
    """Sets an input or select as a person would (value, then its input and change events)."""
    field = find(driver, name)
    driver.execute_script(
        """arguments[0].value = arguments[1];
           arguments[0].dispatchEvent(new Event('input', {bubbles: true}));
           arguments[0].dispatchEvent(new Event('change', {bubbles: true}));""",
        field,
        value,
    )


def save_plan(driver, saved) -> None:
    """Saves the order's plan panel until `saved()` holds, answering "Book anyway" if the core
    asks (the demo's mechanics have work of their own)."""
    find(driver, "plan-save").click()
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("plan-book-anyway")) or saved())
    if not saved() and driver.find_elements(By.CSS_SELECTOR, tid("plan-book-anyway")):
        find(driver, "plan-book-anyway").click()
    wait(driver).until(lambda d: saved())
