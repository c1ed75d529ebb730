// Turning the form's date inputs into what the core takes: an RFC 3339 time with the local
// offset, or a plain date for an all-day booking.

/** "2026-11-23T09:00" (datetime-local) -> "2026-11-23T09:00:00+01:00" in this computer's zone. */
export function localToRfc3339(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:00${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

/** The value to send as `scheduled_start`, or undefined when nothing is planned. */
export function scheduledStart(value: string, allDay: boolean): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  return allDay ? v.slice(0, 10) : localToRfc3339(v);
}
