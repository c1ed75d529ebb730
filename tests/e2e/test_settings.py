"""End to end: the manager's settings in the real window. An article CSV with bad rows is
refused whole, with each bad row named by its line number; the corrected file is imported and
its article is what a scan at the counter adds. A shop's own status label shows in the list."""

import sqlite3

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import ARTIFACTS, cli_json
from date_fields import type_date
from test_order_flow import find, tid, type_into, wait

BAD = """barcode;omschrijving;prijs;btw
9000000000011;Spatbord zwart;19,95;hoog

9000000000028;;4,50;laag
9000000000035;Bidonhouder;vier;hoog
"""
GOOD = """barcode;omschrijving;prijs;btw
9000000000011;Spatbord zwart;19,95;hoog
9000000000028;Ventieldopjes;4,50;hoog
"""


def article_count(data_dir):
    with sqlite3.connect(f"file:{data_dir / 'jobcard.sqlite'}?mode=ro", uri=True) as db:
        return db.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_csv_import_refuses_bad_rows_then_imports(driver, data_dir, tmp_path):
    before = article_count(data_dir)
    bad_file = tmp_path / "prijslijst.csv"
    bad_file.write_text(BAD, encoding="utf-8")

    find(driver, "nav-settings").click()
    find(driver, "settings-tab-articles").click()
    upload = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("import-file")))
    # WebKitWebDriver cannot type a path into a file input, so the file the manager picks is
    # handed to the input as the file chooser would: a File in its FileList, then "change".
    driver.execute_script(
        """const [input, text, name] = arguments;
           const files = new DataTransfer();
           files.items.add(new File([text], name, {type: "text/csv"}));
           input.files = files.files;
           input.dispatchEvent(new Event("change", {bubbles: true}));""",
        upload, bad_file.read_text(encoding="utf-8"), bad_file.name,
    )
    find(driver, "import-refused")
    errors = driver.find_elements(By.CSS_SELECTOR, tid("import-error"))
    # The blank line 3 counts, as it does in the manager's editor.
    assert [(e.get_attribute("data-line"), e.get_attribute("data-field")) for e in errors] == [
        ("4", "omschrijving"),
        ("5", "prijs"),
    ]
    assert article_count(data_dir) == before, "a bad file imports nothing"
    driver.save_screenshot(str(ARTIFACTS / "import-refused.png"))

    # Rows pasted from the spreadsheet: one paste is one input event with all the text.
    pasted = find(driver, "import-text")
    driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        pasted, GOOD,
    )
    find(driver, "import-run").click()
    done = find(driver, "import-done")
    assert "2" in done.text
    assert article_count(data_dir) == before + 2
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("article-row")}[data-barcode="9000000000028"]'))

    # The counter scans the new article into an order.
    find(driver, "nav-new-order").click()
    type_into(driver, "line-code", "9000000000028" + Keys.ENTER)
    # The line shows the article's description once the core has priced it.
    wait(driver).until(
        lambda d: any("Ventieldopjes" in line.text for line in d.find_elements(By.CSS_SELECTOR, tid("form-line")))
    )


def test_own_status_label_shows_in_the_list(driver, data_dir):
    find(driver, "nav-settings").click()
    find(driver, "settings-tab-labels").click()
    type_into(driver, "label-nl-waiting_for_parts", "Besteld")
    find(driver, "labels-save").click()
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".ok"))

    find(driver, "nav-orders").click()
    if find(driver, "lang-toggle").text.strip() == "Nederlands":
        find(driver, "lang-toggle").click()  # switch the window to Dutch
    waiting = [r["number"] for r in cli_json(data_dir, "orders", "list", "--status", "waiting_for_parts")["rows"]]
    assert waiting, "the demo has an order waiting for parts"
    row = wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("order-row")}[data-number="{waiting[0]}"]')
    )[0]
    wait(driver).until(lambda d: "Besteld" in row.find_element(By.CSS_SELECTOR, tid("row-status")).text)


def test_an_absence_entered_in_the_settings_steers_the_suggestions(driver, data_dir):
    import datetime

    find(driver, "nav-settings").click()
    find(driver, "settings-tab-hours").click()
    employee = find(driver, "hours-employee")
    driver.execute_script(
        "arguments[0].value = 'Joris Bakker'; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", employee
    )
    first = cli_json(data_dir, "schedule", "suggest", "--minutes", "60", "--mechanic", "Joris Bakker", "--count", "1")[0]
    day = first["local_start"][:10]
    for name in ("absence-from", "absence-to"):
        type_date(driver, name, day)
    find(driver, "absence-add").click()
    row = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("absence-row")))[0]
    shown = datetime.date.fromisoformat(day).strftime("%d-%m-%Y")
    assert f"{shown} – {shown}" in row.text, row.text  # day first, as the date fields read
    later = cli_json(data_dir, "schedule", "suggest", "--minutes", "60", "--mechanic", "Joris Bakker", "--count", "3")
    assert all(not s["local_start"].startswith(day) for s in later), (day, later)
    assert datetime.date.fromisoformat(later[0]["local_start"][:10]) > datetime.date.fromisoformat(day)
