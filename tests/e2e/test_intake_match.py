"""End to end, issue 13 item 1: a new customer is never silently filed under a known one.

At the counter "Annemiek Jansen" is typed with the phone number of the demo's Anna de Vries.
The form says at once whose number it is and offers "Use Anna de Vries" / "Create a new
customer"; creating a new one saves the order on Annemiek with the typed name, and Anna stays
as she was. A second intake with Claire Martens's number, saved without answering, is refused
with the same question, and "use the known customer" files it on Claire. A frame number of
Anna's bike typed for someone else is asked about the same way. Read back with the CLI."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import ARTIFACTS, cli_json
from screens import click, tid, wait

ANNAS_PHONE = "+31 6 1234 5678"
CLAIRES_PHONE = "+31 6 3456 7890"


def field(driver, name):
    return wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid(name)))


def type_into(driver, name, text):
    element = field(driver, name)
    element.clear()
    element.send_keys(text)
    return element


def text_of(driver, name) -> str:
    return wait(driver).until(lambda d: (d.find_elements(By.CSS_SELECTOR, tid(name)) or [None])[0]).text


def saved_number(driver) -> str:
    return wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid("order-number")).text.strip() or False)


def order(data_dir, number):
    return cli_json(data_dir, "orders", "show", number)


def customer_named(data_dir, name):
    found = cli_json(data_dir, "orders", "list", "--search", name)["rows"]
    return [order(data_dir, row["number"])["customer"] for row in found]


def test_a_known_phone_under_a_new_name_asks_use_or_create(driver, data_dir):
    click(driver, "nav-new-order")
    type_into(driver, "customer-name", "Annemiek Jansen")
    type_into(driver, "customer-phone", ANNAS_PHONE + Keys.TAB)
    notice = text_of(driver, "known-customer-notice")
    assert "This phone number belongs to" in notice and "Anna de Vries" in notice, notice
    assert field(driver, "known-customer-use").text.strip() == "Use Anna de Vries"
    assert field(driver, "customer-name").get_attribute("value") == "Annemiek Jansen", "nothing typed is dropped"
    driver.save_screenshot(str(ARTIFACTS / "intake-known-phone.png"))

    # Create a new customer: the order is Annemiek's, with the typed name and phone.
    click(driver, "known-customer-new")
    text_of(driver, "known-customer-chosen-new")
    type_into(driver, "object-brand", "Cortina")
    type_into(driver, "description", "Rear brake squeals")
    click(driver, "save-order")
    first = order(data_dir, saved_number(driver))
    assert first["customer"]["name"] == "Annemiek Jansen"
    assert first["customer"]["phone"] == ANNAS_PHONE
    anna = [c for c in customer_named(data_dir, "Anna de Vries") if c["name"] == "Anna de Vries"]
    assert anna and all(c["id"] != first["customer"]["id"] for c in anna), "Anna is another customer"

    # Saved without answering: refused, the same question, and "use" files it on Claire.
    click(driver, "nav-new-order")
    assert not driver.find_elements(By.CSS_SELECTOR, tid("draft-offer")), "the saved intake left no draft"
    type_into(driver, "customer-name", "Annemiek Jansen")
    type_into(driver, "customer-phone", CLAIRES_PHONE)
    type_into(driver, "description", "Puncture front wheel")
    click(driver, "save-order")
    assert "Claire Martens" in text_of(driver, "known-customer-notice")
    text_of(driver, "form-error")
    driver.save_screenshot(str(ARTIFACTS / "intake-known-phone-refused.png"))
    click(driver, "known-customer-use")
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, tid("known-customer-notice")))
    click(driver, "save-order")
    second = order(data_dir, saved_number(driver))
    assert second["customer"]["name"] == "Claire Martens"
    assert second["description"] == "Puncture front wheel"


def test_a_known_frame_number_of_another_customer_asks_too(driver, data_dir):
    click(driver, "nav-new-order")
    type_into(driver, "customer-name", "Bram Visser")
    type_into(driver, "customer-phone", "+31 6 2020 3030")
    type_into(driver, "object-brand", "Batavus")
    type_into(driver, "object-frame", "GZ-123456" + Keys.TAB)
    notice = text_of(driver, "known-object-notice")
    assert "This frame number belongs to" in notice and "Gazelle Orange C7 of Anna de Vries" in notice, notice
    driver.save_screenshot(str(ARTIFACTS / "intake-known-frame.png"))
    click(driver, "known-object-new")
    text_of(driver, "known-object-chosen-new")
    type_into(driver, "description", "Chain replacement")
    click(driver, "save-order")
    saved = order(data_dir, saved_number(driver))
    assert saved["customer"]["name"] == "Bram Visser"
    assert saved["repair_object"]["brand"] == "Batavus"
    assert saved["repair_object"]["frame_number"] == "GZ-123456"
    assert saved["repair_object"]["owner_id"] == saved["customer"]["id"]
