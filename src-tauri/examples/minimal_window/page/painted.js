// Reports the first paint as Jobcard's UI does (ui/src/lib/firstPaint.ts): after two
// animation frames, through the same command.
requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    window.__TAURI_INTERNALS__.invoke("ui_painted").catch(() => undefined);
  }),
);
