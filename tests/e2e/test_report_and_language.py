"""End to end: the manager's report on screen agrees with the CLI on the same database, and
switching the language turns the screens Dutch and survives a restart of the window."""

import datetime

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, cli_json
from date_fields import type_date
from test_order_flow import digits, find, tid, type_into, wait


def test_report_on_screen_matches_the_cli(driver, data_dir):
    find(driver, "nav-report").click()
    today = datetime.date.today()
    start = today - datetime.timedelta(days=3)
    end = today + datetime.timedelta(days=3)
    for name, day in (("report-from", start), ("report-to", end)):
        type_date(driver, name, day)
    find(driver, "report-show").click()
    expected = cli_json(data_dir, "report", "--from", start.isoformat(), "--to", end.isoformat())
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("report-orders")).text == str(expected["orders"]))
    assert expected["orders"] == 10
    gross = driver.find_element(By.CSS_SELECTOR, tid("total-gross")).text
    assert digits(gross) == str(expected["total_cents"])
    rows = driver.find_elements(By.CSS_SELECTOR, tid("report-status"))
    assert len(rows) == len(expected["by_status"])
    driver.save_screenshot(str(ARTIFACTS / "report.png"))


def test_switching_to_dutch(driver, data_dir):
    find(driver, "lang-toggle").click()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("nav-orders")).text == "Werkorders")
    # Status badges and amounts follow the language: "€ 1.234,56".
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("order-row")))
    # The badge itself (the cell under it also carries the waiting reason, as typed).
    badges = [e.text for e in driver.find_elements(By.CSS_SELECTOR, f'{tid("row-status")} .badge')]
    assert "Wacht op onderdelen" in badges, badges
    total = driver.find_elements(By.CSS_SELECTOR, tid("row-total"))[0].text
    assert total.startswith("€ ") and "," in total, total
    driver.save_screenshot(str(ARTIFACTS / "orders-dutch.png"))
    # The choice is a stored preference: a reload keeps it.
    driver.refresh()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("nav-orders")).text == "Werkorders")
    type_into(driver, "order-search", "Stromer")
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("order-row"))) == 1)


def test_printing_a_job_card_from_the_order_screen(driver, data_dir, tmp_path):
    import subprocess

    find(driver, "nav-orders").click()
    row = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("order-row")))[0]
    number = row.get_attribute("data-number")
    row.find_element(By.CSS_SELECTOR, "td").click()
    find(driver, "print-job-card").click()
    pdf = tmp_path / "cache" / "nl.jobcard.desktop" / "print" / f"{number}-job-card.pdf"
    wait(driver).until(lambda d: pdf.exists() and pdf.stat().st_size > 0)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert number in text and "Job card" in text
    # Either the viewer opened (a notice) or, on a machine without one, the error says where the PDF is.
    wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, tid("document-notice"))
        or str(pdf) in " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, tid("detail-error")))
    )


def test_list_filters_by_mechanic(driver, data_dir):
    find(driver, "nav-orders").click()
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("order-row"))) == 10)
    wait(driver).until(
        lambda d: any(o.get_attribute("value") == "Joris Bakker" for o in d.find_elements(By.CSS_SELECTOR, f'{tid("mechanic-filter")} option'))
    )
    driver.execute_script(
        "const s = document.querySelector(arguments[0]); s.value = 'Joris Bakker';"
        "s.dispatchEvent(new Event('change', {bubbles: true}));",
        tid("mechanic-filter"),
    )
    expected = cli_json(data_dir, "orders", "list", "--mechanic", "Joris Bakker")
    numbers = {r["number"] for r in expected["rows"]}
    assert len(numbers) == 2
    wait(driver).until(
        lambda d: {e.get_attribute("data-number") for e in d.find_elements(By.CSS_SELECTOR, tid("order-row"))} == numbers
    )
