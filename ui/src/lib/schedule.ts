// Turning the form's date inputs into what the core takes: the shop's wall time as typed
// (`2026-11-23T09:30`, which the core reads in the store's time zone, whatever zone this
// computer is in), or a plain date for an all-day booking.

/** The value to send as a planned start, or undefined when nothing is planned. */
export function scheduledStart(value: string, allDay: boolean): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  return allDay ? v.slice(0, 10) : v.slice(0, 16);
}
