"""End to end: split billing and a discount as an amount, set in the window's line editor. A
lease company is picked as the payer of one line; the other line gets € 1,00 off per unit. The
order summary PDF (read back with pdftotext) then has one page per payer, each with its own
VAT breakdown, and the figures add up to the order's total."""

import json
import subprocess

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, cli_json, jobcard_binary
from test_order_flow import find, open_from_list, text_becomes, tid, type_into, wait

ORDER = {
    "customer": {"name": "Noor Visser", "phone": "+31 6 4444 3210"},
    "repair_object": {"kind": "e_bike", "brand": "Sparta", "frame_number": "SP-LEASE-77"},
    "description": "Lease bike service and a new bell",
    "lines": [
        {"code": "120"},
        {"barcode": "8712345000076", "quantity": 2},
    ],
}


def test_payer_and_amount_discount_in_the_line_editor(driver, data_dir, tmp_path):
    created = json.loads(
        subprocess.run(
            [str(jobcard_binary()), "--data-dir", str(data_dir), "orders", "create", "--file", "-", "--json"],
            input=json.dumps(ORDER), check=True, capture_output=True, text=True,
        ).stdout
    )
    number = created["number"]
    service, bell = created["lines"]

    find(driver, "nav-orders").click()
    open_from_list(driver, "Noor", number)
    find(driver, "edit-lines").click()
    first, second = wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("edit-line"))) == 2 and d.find_elements(By.CSS_SELECTOR, tid("edit-line")))

    # The service is paid by the lease company, found by name.
    payer = first.find_element(By.CSS_SELECTOR, tid("edit-bill-to"))
    driver.execute_script(
        "arguments[0].value = '?'; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", payer
    )
    type_into(driver, "payer-search", "Lease")
    # "Lease" also finds the rider of a lease bike (by its frame number); pick the company.
    company = wait(driver).until(
        lambda d: [m for m in d.find_elements(By.CSS_SELECTOR, tid("payer-match")) if m.text.startswith("Lease a Bike")]
    )[0]
    company.click()
    # The bell costs € 1,00 less per unit.
    amount = second.find_element(By.CSS_SELECTOR, tid("edit-discount-amount"))
    amount.clear()
    amount.send_keys("1,00")
    find(driver, "save-lines").click()

    expected = created["total_cents"] - 2 * 100
    text_becomes(driver, tid("order-total"), str(expected))
    bill_to = find(driver, "line-bill-to")
    assert "Lease a Bike B.V." in bill_to.text
    driver.save_screenshot(str(ARTIFACTS / "split-billing.png"))

    saved = cli_json(data_dir, "orders", "show", number)
    assert saved["total_cents"] == expected
    assert saved["lines"][0]["bill_to_customer_id"] == saved["payers"][0]["id"]
    assert saved["payers"][0]["name"] == "Lease a Bike B.V."
    assert (saved["lines"][1]["unit_discount_cents"], saved["lines"][1]["total_cents"]) == (100, bell["total_cents"] - 200)

    pdf = tmp_path / "summary.pdf"
    subprocess.run(
        [str(jobcard_binary()), "--data-dir", str(data_dir), "print", number, "--kind", "summary", "--out", str(pdf), "--lang", "en"],
        check=True,
    )
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == 2, "one summary per payer"
    customer_page, lease_page = pages
    assert "Noor Visser" in customer_page and "Bell" in customer_page
    assert "Lease a Bike B.V." in lease_page and service["description"] in lease_page
    assert service["description"] not in customer_page
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "2", str(pdf), str(ARTIFACTS / "split-summary")], check=True)


def test_print_preview_draws_the_summary_pages(driver, data_dir):
    """The in-app preview draws the core's PDF: the demo's lease order has one page per payer."""
    lease = cli_json(data_dir, "orders", "list", "--search", "Iris")["rows"][0]["number"]
    find(driver, "nav-orders").click()
    open_from_list(driver, "Iris", lease)
    find(driver, "preview-summary").click()
    wait(driver).until(
        lambda d: d.find_element(By.CSS_SELECTOR, tid("print-preview")).get_attribute("data-rendered") == "true"
    )
    pages = driver.find_elements(By.CSS_SELECTOR, tid("preview-page"))
    assert len(pages) == 2, "one summary page per payer"
    # Ink on the page: a share of the pixels is not white (text, rules, the table).
    inked = driver.execute_script(
        """const img = arguments[0]; const c = document.createElement('canvas');
           c.width = img.naturalWidth; c.height = img.naturalHeight;
           const g = c.getContext('2d'); g.drawImage(img, 0, 0);
           const d = g.getImageData(0, 0, c.width, c.height).data;
           let dark = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++;
           return dark / (d.length / 4);""",
        pages[1],
    )
    assert 0.002 < inked < 0.5, inked
    driver.save_screenshot(str(ARTIFACTS / "print-preview.png"))
    find(driver, "preview-close").click()
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, tid("print-preview")))
