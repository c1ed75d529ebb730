// A running job's timer as a mechanic reads it from across the bench: minutes and seconds
// for the first hour ("07:05"), then hours and minutes ("1:07").

/** `ms` of elapsed time as mm:ss below an hour, h:mm from an hour on; never negative. */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, "0");
  if (seconds < 3600) return `${two(Math.floor(seconds / 60))}:${two(seconds % 60)}`;
  return `${Math.floor(seconds / 3600)}:${two(Math.floor((seconds % 3600) / 60))}`;
}

/** Milliseconds a timer started at `since` has run, on the core's clock: the core's time when
 *  the data was read (`coreNow`) plus what the computer's clock has counted since then. */
export function runningFor(since: string, coreNow: string, readAt: number, now: number): number {
  return new Date(coreNow).getTime() - new Date(since).getTime() + (now - readAt);
}
