"""End to end, issue 13 item 5: two jobs of one mechanic that overlap are drawn side by side
(their boxes do not overlap), each with its status; the calendar has a Today button, weekday
names in its headers, says "Closed" / "Gesloten" on the demo shop's Sunday, and fits
960x600."""

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS
from date_fields import date_value
from planning_helpers import drop_at, next_weekday, order, shop_today, show_day, utc_of
from screens import set_language
from test_layout_960 import OVERFLOW, resize
from test_order_flow import find, tid, wait

BLOCKS = '{column} [data-testid="calendar-block"]'


def test_overlapping_jobs_side_by_side_with_status_today_weekdays_and_closed_day(driver, data_dir):
    wednesday = next_weekday(2)
    show_day(driver, wednesday)
    items = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("backlog-item")))
    first, second = [i.get_attribute("data-number") for i in items[:2]]

    # The first job at 10:00 on Joris; the second over it is only booked after "Book anyway".
    drop_at(driver, first, "Joris Bakker", "10:00")
    ten = utc_of(wednesday, "10:00")
    wait(driver).until(lambda d: order(data_dir, first)["scheduled_start"] == ten)
    drop_at(driver, second, "Joris Bakker", "10:00")
    question = find(driver, "plan-confirm")
    assert "overlaps" in question.text, question.text
    assert order(data_dir, second)["scheduled_start"] is None, "not booked before the answer"
    find(driver, "plan-confirm-yes").click()
    wait(driver).until(lambda d: order(data_dir, second)["scheduled_start"] == ten)
    assert order(data_dir, second)["mechanic"] == "Joris Bakker"

    column = f'{tid("calendar-column")}[data-mechanic="Joris Bakker"]'
    blocks = wait(driver).until(
        lambda d: [
            b
            for b in d.find_elements(By.CSS_SELECTOR, BLOCKS.format(column=column))
            if b.get_attribute("data-number") in (first, second)
        ]
        if len(d.find_elements(By.CSS_SELECTOR, BLOCKS.format(column=column))) >= 2
        else False
    )
    assert len(blocks) == 2
    a, b = (blk.rect for blk in blocks)
    assert a["width"] > 20 and b["width"] > 20, (a, b)
    side_by_side = a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
    assert side_by_side, f"the blocks overlap on screen: {a} {b}"
    for blk in blocks:
        badge = blk.find_element(By.CSS_SELECTOR, tid("calendar-block-status"))
        assert badge.is_displayed() and badge.text.strip(), blk.text
        number = blk.get_attribute("data-number")
        assert badge.get_attribute("data-status") == order(data_dir, number)["status"]["status"]
        assert "overlaps" in blk.text, blk.text

    # The day's header names its weekday; the week's headers name every weekday.
    assert find(driver, "calendar-day-title").text.startswith("Wed"), find(driver, "calendar-day-title").text
    driver.save_screenshot(str(ARTIFACTS / "calendar-overlap.png"))
    find(driver, "calendar-mode-week").click()
    heads = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("week-day")))
    names = [h.text.split()[0] for h in heads]
    assert names == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], names
    sunday = next(h for h in heads if h.get_attribute("data-date") == next_weekday(6).isoformat())
    assert "closed" in sunday.text.lower(), sunday.text
    driver.save_screenshot(str(ARTIFACTS / "calendar-week-weekdays.png"))

    # Today brings the shop's today back.
    find(driver, "calendar-mode-day").click()
    find(driver, "calendar-today").click()
    wait(driver).until(lambda d: date_value(d, "calendar-day") == shop_today().isoformat())
    wait(driver).until(lambda d: "Today" in d.find_element(By.CSS_SELECTOR, tid("calendar-day-title")).text)

    # The demo shop is closed on Sunday: said in English and in Dutch.
    show_day(driver, next_weekday(6))
    assert find(driver, "calendar-closed").text == "Closed"
    set_language(driver, "nl")
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("calendar-closed")).text == "Gesloten")
    assert find(driver, "calendar-day-title").text.startswith("zo"), find(driver, "calendar-day-title").text

    # Readable at 960x600: the overlapping day in Dutch, nothing sticking out sideways.
    resize(driver, 960, 600)
    show_day(driver, wednesday)
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, BLOCKS.format(column=column))) >= 2)
    assert driver.execute_script(OVERFLOW) == []
    driver.save_screenshot(str(ARTIFACTS / "calendar-overlap-960-nl.png"))
