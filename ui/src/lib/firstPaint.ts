// Tells the shell, once, that the window's first screen is on screen: after its content is
// in the page and two animation frames have passed (the second frame starts after the first
// one was painted). The shell logs it with a monotonic timestamp for scripts/bench-desktop.sh.
import { api } from "./backend";

let reported = false;

export function reportFirstPaint(): void {
  if (reported) return;
  reported = true;
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      api.uiPainted().catch(() => undefined); // a timing note; the window works without it
    }),
  );
}
