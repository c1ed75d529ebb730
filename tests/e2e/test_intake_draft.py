"""End to end, issue 13 item 2: a half-typed intake is kept as a draft.

Half an intake is typed (customer, bike, job, promised date, mechanic, loan bike, a line and a
free line not yet added). Clicking Orders asks first in the app's own dialog: Stay keeps the
form, Leave leaves. Opening New order again offers the draft back, and Continue restores every
field. The draft survives a switch of user and back, and quitting the window and starting a
new one on the same data directory."""

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import ARTIFACTS, free_port, new_session, sign_in, wait_for_port
from date_fields import date_value, type_date
from screens import click, tid, wait

TYPED = {
    "customer-name": "Piet Halfweg",
    "customer-phone": "+31 6 7777 1234",
    "customer-email": "piet@example.nl",
    "object-brand": "Sparta",
    "object-model": "Amazon",
    "object-frame": "SP-DRAFT-1",
    "description": "Gears slip; customer waits for a call",
    "loan-object": "Loan bike 3",
    "line-description": "Bell",
    "line-price": "4,95",
}


def field(driver, name):
    return wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid(name)))


def value(driver, name) -> str:
    return field(driver, name).get_attribute("value")


def type_half_an_intake(driver):
    click(driver, "nav-new-order")
    for name, text in TYPED.items():
        if name.startswith("line-"):
            continue
        field(driver, name).send_keys(text)
    Select(field(driver, "object-kind")).select_by_value("e_bike")
    Select(field(driver, "intake-mechanic")).select_by_visible_text("Joris Bakker")
    # The promised date is typed day first, as a Dutch counter does.
    type_date(driver, "promised-date", "2026-12-01")
    field(driver, "line-code").send_keys("102" + Keys.ENTER)
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("form-line"))) == 1)
    field(driver, "line-description").send_keys(TYPED["line-description"])
    field(driver, "line-price").send_keys(TYPED["line-price"])
    draft_saved(driver)


def draft_saved(driver):
    """Waits until the form says its latest state is kept (500 ms after the last change)."""
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("draft-saved")))


def every_field_is_back(driver):
    for name, text in TYPED.items():
        assert value(driver, name) == text, name
    assert value(driver, "object-kind") == "e_bike"
    assert value(driver, "intake-mechanic") == "Joris Bakker"
    assert date_value(driver, "promised-date") == "2026-12-01"
    assert value(driver, "promised-date") == "01-12-2026"
    rows = driver.find_elements(By.CSS_SELECTOR, tid("form-line"))
    assert len(rows) == 1 and "102" in rows[0].text


def offered_back(driver):
    click(driver, "nav-new-order")
    offer = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("draft-offer")))
    assert "You have an unfinished intake from" in offer.text
    driver.save_screenshot(str(ARTIFACTS / "intake-draft-offer.png"))
    click(driver, "draft-continue")
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, tid("draft-offer")))
    every_field_is_back(driver)


@contextmanager
def window(data_dir: Path, tmp_path: Path):
    """Another real window on the same data directory (as the `driver` fixture starts one)."""
    port, native_port = free_port(), free_port()
    env = dict(
        os.environ,
        JOBCARD_DATA_DIR=str(data_dir),
        JOBCARD_SECRET_STORE="file",
        XDG_DATA_HOME=str(tmp_path / "xdg"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    tauri_driver = shutil.which("tauri-driver") or str(Path.home() / ".cargo" / "bin" / "tauri-driver")
    with open(ARTIFACTS / "tauri-driver.log", "a") as log:
        proc = subprocess.Popen([tauri_driver, "--port", str(port), "--native-port", str(native_port)], env=env, stdout=log, stderr=log)
        try:
            wait_for_port(port)
            session = new_session(port)
            session.implicitly_wait(0)
            yield session
            session.quit()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_a_half_typed_intake_is_kept_and_offered_back(driver, data_dir, tmp_path):
    type_half_an_intake(driver)

    # Another menu item asks first; Stay keeps the form as it is.
    click(driver, "nav-orders")
    dialog = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("leave-dialog")))
    driver.save_screenshot(str(ARTIFACTS / "intake-draft-leave.png"))
    assert "Leave this intake?" in dialog.text
    click(driver, "leave-dialog-no")
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, tid("leave-dialog")))
    every_field_is_back(driver)

    # Leave leaves; coming back offers the draft with every field.
    click(driver, "nav-orders")
    click(driver, "leave-dialog-yes")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("order-row")))
    offered_back(driver)

    # Another user has no draft of Marco's; switching back offers it again.
    click(driver, "switch-user")
    sign_in(driver, "Sanne de Boer", "1111")
    click(driver, "nav-new-order")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, tid("save-order")))
    assert not driver.find_elements(By.CSS_SELECTOR, tid("draft-offer"))
    assert value(driver, "customer-name") == ""
    click(driver, "switch-user")
    sign_in(driver, "Marco Jansen", "5555")
    offered_back(driver)
    draft_saved(driver)

    # Quit the window; a new one on the same data directory offers it back.
    driver.quit()
    with window(data_dir, tmp_path / "second") as again:
        sign_in(again, "Marco Jansen", "5555")
        offered_back(again)
