/** Calendar dates as Hugging Face Daily Papers uses them: `YYYY-MM-DD`, days settled in UTC. */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The date when it is a real calendar day in YYYY-MM-DD form (2024-13-40 and 2023-02-29 are not). */
export function parseDay(text: string): string | undefined {
  const m = ISO_DAY.exec(text.trim());
  if (!m) {
    return undefined;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1991 || mo < 1 || mo > 12 || d < 1) {
    return undefined;
  }
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return undefined;
  }
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export function dayOf(time: Date | number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Today in UTC, the day Hugging Face calls today. */
export function utcToday(now: Date | number = Date.now()): string {
  return dayOf(now);
}

function toTime(day: string): number {
  const parsed = parseDay(day);
  if (!parsed) {
    throw new RangeError(`Not a date: ${day}`);
  }
  return Date.parse(parsed + 'T00:00:00Z');
}

export function addDays(day: string, n: number): string {
  return dayOf(toTime(day) + n * DAY_MS);
}

/** Days from `from` to `to`, both included. Empty when `to` is before `from`. */
export function dayRange(from: string, to: string): string[] {
  const a = toTime(from);
  const b = toTime(to);
  const out: string[] = [];
  for (let t = a; t <= b; t += DAY_MS) {
    out.push(dayOf(t));
  }
  return out;
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toTime(b) - toTime(a)) / DAY_MS);
}

/** A day Hugging Face has not reached yet (after today in UTC). */
export function isFutureDay(day: string, now: Date | number = Date.now()): boolean {
  return day > utcToday(now);
}

/**
 * The days a startup auto-import fetches: from the last imported day (again, since it may have
 * grown after that import) through today in UTC, at most `max`, the most recent ones. With no
 * import yet, today only.
 */
export function daysToAutoImport(lastImported: string | undefined, now: Date | number = Date.now(), max = 7): string[] {
  const today = utcToday(now);
  const last = lastImported ? parseDay(lastImported) : undefined;
  if (!last || last >= today) {
    return [today];
  }
  const days = dayRange(last, today);
  return days.slice(Math.max(0, days.length - max));
}
