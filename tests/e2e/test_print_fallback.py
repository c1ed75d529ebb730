"""End to end: this machine has no PDF viewer. "Open in PDF viewer" and intake's "Save and print
job card" then show the job card in the window's own preview and say so in plain words; no
technical text of the opener (gio, ExitStatus) reaches the window."""

import json
import re
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import ARTIFACTS, cli_json, jobcard_binary
from test_order_flow import find, open_from_list, tid, type_into, wait

ORDER = {
    "customer": {"name": "Wim Prins", "phone": "+31 6 1212 8989"},
    "repair_object": {"brand": "Gazelle", "frame_number": "GZ-E2E-PRNT"},
    "description": "Service",
    "lines": [{"code": "102"}],
}


def no_technical_text(driver) -> None:
    page = driver.execute_script("return document.body.innerText")
    for word in ("gio", "ExitStatus", "exit status"):
        assert word not in page, f"{word!r} on screen: {page}"


def preview_with_message(driver) -> str:
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, tid("print-preview"))))
    message = find(driver, "preview-message").text
    assert "No PDF viewer is installed on this computer" in message, message
    assert "job card" in message, message
    wait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("print-preview")).get_attribute("data-rendered") == "true")
    assert driver.find_elements(By.CSS_SELECTOR, tid("preview-page")), "the job card's pages are drawn"
    return message


def test_the_viewer_button_falls_back_to_the_preview(driver, data_dir):
    number = json.loads(
        subprocess.run(
            [str(jobcard_binary()), "--data-dir", str(data_dir), "orders", "create", "--file", "-", "--json"],
            input=json.dumps(ORDER), check=True, capture_output=True, text=True,
        ).stdout
    )["number"]
    find(driver, "nav-orders").click()
    open_from_list(driver, "Prins", number)
    find(driver, "print-job-card").click()
    preview_with_message(driver)
    no_technical_text(driver)
    driver.save_screenshot(str(ARTIFACTS / "print-fallback.png"))
    find(driver, "preview-close").click()
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, tid("print-preview")))
    assert not driver.find_elements(By.CSS_SELECTOR, tid("detail-error"))


def test_save_and_print_at_intake_saves_and_shows_the_preview(driver, data_dir):
    find(driver, "nav-new-order").click()
    type_into(driver, "customer-name", "Noor Hendriks")
    type_into(driver, "customer-phone", "+31 6 3030 5656")
    type_into(driver, "object-brand", "Cortina")
    type_into(driver, "object-frame", "CT-E2E-9090")
    type_into(driver, "description", "Flat tyre, rear")
    find(driver, "save-and-print").click()
    number_el = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, tid("order-number"))))
    wait(driver).until(lambda d: re.search(r"WO-\d{4}-\d{5}", number_el.text))
    number = re.search(r"WO-\d{4}-\d{5}", number_el.text).group(0)
    assert cli_json(data_dir, "orders", "show", number)["customer"]["name"] == "Noor Hendriks"
    preview_with_message(driver)
    no_technical_text(driver)
    driver.save_screenshot(str(ARTIFACTS / "save-and-print-fallback.png"))
