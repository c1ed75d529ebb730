"""End to end: the mechanic's board in the real window. Jobs with long Dutch texts, long
descriptions and a Vietnamese customer name never clip: at 1400x900 and 960x600, in English
and Dutch, no element or text of a card sticks out of it and no two cards overlap (measured
with getBoundingClientRect). The running job comes first with a timer that ticks, and the
unassigned queue narrows with its text filter and its "waiting" / "ready to start" choice."""

import json
import subprocess

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, jobcard_binary, sign_in
from screens import click, set_language, settle, tid, wait

JOBS = [
    {
        "customer": {"name": "Nguyễn Thị Minh Khai", "phone": "+31 6 4455 6677"},
        "repair_object": {"brand": "Gazelle", "model": "Ultimate C380 HMB Belt Limited Edition", "frame_number": "GZ-VN-0001"},
        "description": "Achterrem piept en trekt scheef; remblokken en remschijf vervangen, kabels nalopen en de "
        "versnellingsnaaf (Shimano Nexus 8) afstellen. Klant wil vooraf gebeld worden als de kosten boven de "
        "honderdvijftig euro uitkomen.",
        "mechanic": "Joris Bakker",
        "promised_date": "2026-01-05",
        "lines": [{"code": "103"}, {"code": "102"}],
    },
    {
        "customer": {"name": "Maximiliaan van Oldenbarnevelt-Vredenburgh", "phone": "+31 6 5566 7788"},
        "repair_object": {"brand": "Koga", "model": "F3 7.0 Signature", "frame_number": "KO-LONG-0002"},
        "description": "Fietsenstallingsbeheerdersaansprakelijkheidsverzekeringsvoorwaarden doorlezen met de klant; "
        "daarna het complete aandrijfsysteem vervangen.",
        "mechanic": "Joris Bakker",
        "scheduled_start": "2027-03-01T10:00:00+01:00",
        "confirm": True,
        "lines": [{"code": "120"}],
    },
    {
        "customer": {"name": "Trần Văn Đức Anh", "phone": "+31 6 6677 8899"},
        "repair_object": {"brand": "Cortina", "model": "E-U4 Transport Family", "frame_number": "CO-VN-0003"},
        "description": "Voorvork kraakt bij het remmen; balhoofd nalopen en zo nodig de lagers vervangen.",
        "lines": [{"code": "101"}],
    },
]

# Every element and every piece of text inside a card lies inside it; no two cards overlap.
CHECK_CARDS = """
const slack = 0.5;
const cards = [...document.querySelectorAll('[data-testid="board-job"]')];
const boxes = cards.map((c) => c.getBoundingClientRect());
const outside = (r, box) => r.left < box.left - slack || r.right > box.right + slack ||
  r.top < box.top - slack || r.bottom > box.bottom + slack;
const problems = [];
cards.forEach((card, i) => {
  const box = boxes[i];
  for (const el of card.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (outside(r, box)) problems.push(`${card.dataset.number}: <${el.tagName.toLowerCase()} class="${el.className}"> "${el.textContent.trim().slice(0, 40)}" sticks out`);
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'hidden') problems.push(`${card.dataset.number}: "${el.textContent.trim().slice(0, 40)}" is cut off`);
  }
  const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (outside(r, box)) problems.push(`${card.dataset.number}: text "${node.textContent.trim().slice(0, 40)}" sticks out`);
    }
  }
  for (let j = i + 1; j < cards.length; j++) {
    const o = boxes[j];
    if (box.left < o.right - slack && o.left < box.right - slack && box.top < o.bottom - slack && o.top < box.bottom - slack) {
      problems.push(`${card.dataset.number} overlaps ${cards[j].dataset.number}`);
    }
  }
});
return {cards: cards.length, problems};
"""


def create(data_dir, order) -> str:
    done = subprocess.run(
        [str(jobcard_binary()), "--data-dir", str(data_dir), "orders", "create", "--file", "-", "--json"],
        input=json.dumps(order), check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout)["number"]


def card(number: str) -> str:
    return f'{tid("board-job")}[data-number="{number}"]'


def queue_numbers(driver) -> list[str]:
    return [j.get_attribute("data-number") for j in driver.find_elements(By.CSS_SELECTOR, f'[data-group="queue"] {tid("board-job")}')]


def test_board_cards_never_clip_and_the_running_job_comes_first_with_a_ticking_timer(driver, data_dir):
    running, later, queued = (create(data_dir, job) for job in JOBS)

    click(driver, "switch-user")
    sign_in(driver, "Joris Bakker", "2222")
    start = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"{card(running)} {tid('board-start')}"))[0]
    start.click()
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"{card(running)} {tid('board-timer')}"))

    # The running job is the first card, in the "running" group, and its timer ticks.
    first = driver.find_elements(By.CSS_SELECTOR, tid("board-job"))[0]
    assert (first.get_attribute("data-number"), first.get_attribute("data-group")) == (running, "running")
    timer = driver.find_element(By.CSS_SELECTOR, f"{card(running)} {tid('board-timer')}")
    before = timer.text
    assert before and ":" in before, before
    wait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, f"{card(running)} {tid('board-timer')}").text != before)
    groups = [g.get_attribute("data-group") for g in driver.find_elements(By.CSS_SELECTOR, tid("board-group"))]
    assert groups[0] == "running" and groups[-1] == "queue", groups
    assert driver.find_element(By.CSS_SELECTOR, card(later)).get_attribute("data-group") == "later"
    assert driver.find_elements(By.CSS_SELECTOR, f"{card(running)} {tid('board-late')}"), "promise at risk is shown"

    for width, height in [(1400, 900), (960, 600)]:
        driver.set_window_size(width, height)
        for lang in ["en", "nl"]:
            set_language(driver, lang)
            settle(driver)
            result = driver.execute_script(CHECK_CARDS)
            driver.save_screenshot(str(ARTIFACTS / f"board-{width}x{height}-{lang}.png"))
            assert result["cards"] >= 6, result
            assert result["problems"] == [], f"{width}x{height} {lang}: {result['problems']}"

    # The queue narrows: by text, then to the jobs waiting (for the customer's approval).
    set_language(driver, "en")
    everything = queue_numbers(driver)
    assert queued in everything and len(everything) >= 3, everything
    filter_field = driver.find_element(By.CSS_SELECTOR, tid("queue-filter"))
    filter_field.send_keys("voorvork")
    wait(driver).until(lambda d: queue_numbers(d) == [queued])
    filter_field.clear()
    filter_field.send_keys("Trần")
    wait(driver).until(lambda d: queue_numbers(d) == [queued])
    driver.execute_script("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'));", filter_field)
    wait(driver).until(lambda d: queue_numbers(d) == everything)
    click(driver, "queue-only-waiting")
    waiting = wait(driver).until(lambda d: queue_numbers(d) if queue_numbers(d) != everything else None)
    assert queued not in waiting and waiting, waiting
    for number in waiting:
        assert driver.find_elements(By.CSS_SELECTOR, f"{card(number)} {tid('board-waiting')}"), number
    click(driver, "queue-only-ready")
    ready = wait(driver).until(lambda d: queue_numbers(d) if queue_numbers(d) not in (everything, waiting) else None)
    assert queued in ready and not set(ready) & set(waiting), ready
    driver.save_screenshot(str(ARTIFACTS / "board-queue-filtered.png"))
