"""End to end: from 960x600 up every screen fits, in Dutch and in English (issue 13, item 11).
Nothing sticks out sideways (the page never scrolls horizontally) and every header button,
"switch user" and the language switch included, is fully inside the window and on top, so it
can be seen and clicked. A screenshot of each screen goes to tests/artifacts/."""

import pytest

from conftest import ARTIFACTS
from screens import every_screen, set_language

WIDTH, HEIGHT = 960, 600

OVERFLOW = """
const w = window.innerWidth;
const out = [];
if (document.documentElement.scrollWidth > w) {
  out.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${w}px window`);
  // Name the outermost elements that reach past the right edge.
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > w + 1)) {
      out.push(`${el.tagName.toLowerCase()}${el.dataset.testid ? '[' + el.dataset.testid + ']' : ''}.${el.className} ends at ${Math.round(r.right)}px`);
    }
  }
}
for (const b of document.querySelectorAll('header button, header [data-testid="signed-in-as"]')) {
  const r = b.getBoundingClientRect();
  const name = b.dataset.testid || b.textContent.trim();
  if (r.left < 0 || r.top < 0 || r.right > w || r.bottom > window.innerHeight) {
    out.push(`header ${name} is outside the window (${Math.round(r.left)}..${Math.round(r.right)} x ${Math.round(r.top)}..${Math.round(r.bottom)})`);
    continue;
  }
  // A modal dialog (the print preview) covers the header on purpose.
  if (document.querySelector('[aria-modal="true"]')) continue;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  if (!hit || !(hit === b || b.contains(hit))) out.push(`header ${name} is covered by ${hit && hit.tagName}`);
  const header = b.closest('header').getBoundingClientRect();
  if (r.bottom > header.bottom + 0.5) out.push(`header ${name} falls below the header's dark background`);
}
return out;
"""


def resize(driver, width: int, height: int) -> None:
    """Makes the page (not the outer window) `width` x `height`."""
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(width + (width - inner[0]), height + (height - inner[1]))
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    assert inner == [width, height], inner


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_screen_fits_960x600(driver, lang):
    resize(driver, WIDTH, HEIGHT)
    set_language(driver, lang)
    problems = []
    seen = []
    for screen in every_screen(driver):
        seen.append(screen)
        problems += [f"{screen} ({lang}): {p}" for p in driver.execute_script(OVERFLOW)]
        driver.save_screenshot(str(ARTIFACTS / f"layout-960-{lang}-{screen}.png"))
    assert len(seen) >= 17, seen
    assert not problems, "\n".join(problems)
