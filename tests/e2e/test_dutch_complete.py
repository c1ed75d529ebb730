"""End to end: in Dutch no screen shows English (issue 13, item 10). The window is switched to
Dutch and every screen, settings tab, an order, the print preview and the sign-in screen are
visited; their visible text, placeholders, titles and accessible names are collected and
searched for the English words of the UI's own string table (ui/src/lib/i18n.ts: the English
values that differ from the Dutch ones, minus words that are Dutch too). The workshop's own
data (the demo's names, descriptions and catalogue, which are in English) is taken out first,
as are brand words. A hit names the screen, the word and the text around it."""

import json
import re

from conftest import ARTIFACTS, ROOT
from screens import every_screen, set_language

I18N = ROOT / "ui" / "src" / "lib" / "i18n.ts"
DEMO = ROOT / "crates" / "app" / "src" / "demo_shop.json"

# Brand and product words, units and abbreviations that read the same in Dutch.
ALLOWED = {
    "jobcard", "cyclesoftware", "trustpager", "scan2evolve", "field", "nation", "mes", "pdf", "csv",
    "api", "json", "url", "uuid", "pin", "ok", "btw", "vat", "led", "wo", "crm", "id", "e-mail",
    "email", "euro", "utf", "key", "value", "token", "bearer", "https", "http", "www", "nl", "en",
    "english",  # the language switch names the other language in its own words
    # Dutch words that are English too but not in the string table: the weekday
    # abbreviations of lib/dates.ts ("do 1 okt").
    "zo", "ma", "di", "wo", "do", "vr", "za",
}

# Text marked as another language (the English column of the status labels) or as not to be
# translated (a CSV file's column names) is hidden while the text is read.
COLLECT = """
const foreign = [...document.querySelectorAll('[lang]:not([lang="nl"]):not(html), [translate="no"]')];
const before = foreign.map((el) => el.style.display);
foreign.forEach((el) => (el.style.display = 'none'));
const parts = [document.body.innerText];
foreign.forEach((el, i) => (el.style.display = before[i]));
for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], img[alt]')) {
  if (el.closest('[lang]:not([lang="nl"]):not(html), [translate="no"]')) continue;
  for (const a of ['placeholder', 'title', 'aria-label', 'alt']) {
    const v = el.getAttribute(a);
    if (v) parts.push(v);
  }
}
return parts.join('\\n');
"""


def table(text: str, name: str) -> dict[str, str]:
    """The `key: "value"` pairs of one language table in i18n.ts."""
    start = text.index(f"const {name}")
    body = text[start : text.index("\n};", start)]
    return {m.group(1): m.group(2) for m in re.finditer(r'^\s+(\w+):\s*"((?:[^"\\]|\\.)*)",?\s*$', body, re.M)}


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'-]*[A-Za-zÀ-ÿ]", text)


def english_words() -> set[str]:
    source = I18N.read_text()
    en, nl = table(source, "en"), table(source, "nl")
    assert len(en) > 200 and len(nl) > 200, (len(en), len(nl))
    dutch = {w.lower() for v in nl.values() for w in words(v)}
    english = {w.lower() for k, v in en.items() if nl.get(k) != v for w in words(re.sub(r"\{\w+\}", " ", v))}
    return english - dutch - ALLOWED


def data_phrases() -> list[str]:
    """The demo workshop's own texts (names, descriptions, catalogue), longest first."""

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    found = strings(json.loads(DEMO.read_text(encoding="utf-8")))
    return sorted({s for s in found if len(s) >= 3 and not s.startswith("$argon2")}, key=len, reverse=True)


def without_data(text: str, phrases: list[str]) -> str:
    for phrase in phrases:
        text = text.replace(phrase, " ")
    return text


def test_every_screen_is_dutch(driver):
    english = english_words()
    # The check can fail: these are words of the English table a Dutch screen must never show.
    assert {"customer", "orders", "save", "settings"} <= english
    phrases = data_phrases()
    set_language(driver, "nl")
    hits = []
    screens = []
    for screen in every_screen(driver):
        screens.append(screen)
        text = without_data(driver.execute_script(COLLECT), phrases)
        for line in text.splitlines():
            bad = sorted({w for w in words(line) if w.lower() in english})
            if bad:
                hits.append(f"{screen}: {', '.join(bad)} in {line.strip()[:120]!r}")
        driver.save_screenshot(str(ARTIFACTS / f"dutch-{screen}.png"))
    assert len(screens) >= 17, screens
    assert not hits, "English on Dutch screens:\n" + "\n".join(hits)
