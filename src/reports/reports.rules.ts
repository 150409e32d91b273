import { z } from 'zod';

// The reports' arithmetic, pure: the period asked for, the weeks in it, and
// the tables each chart is drawn from. Dates are Europe/Belgrade calendar
// dates as `YYYY-MM-DD`.

const DAY_MS = 86_400_000;
/** The longest period one report covers. */
export const MAX_DAYS = 732;
/** The period when none is asked for: the last twelve weeks, this one included. */
export const DEFAULT_WEEKS = 12;

const belgrade = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Europe/Belgrade calendar date of an instant. */
export const belgradeDate = (instant: Date): string => belgrade.format(instant);

const toDays = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const fromDays = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);
export const addDays = (date: string, n: number): string => fromDays(toDays(date) + n);

/** The Monday of the date's ISO week. */
export const mondayOf = (date: string): string => addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));

const isoDate = z.iso.date();

export type Period = { from: string; to: string };

export type PeriodProblem = 'date_invalid' | 'period_reversed' | 'period_too_long';

/** The period of a query (`from`, `to`); absent values default to the last twelve weeks up to today. */
export function periodOf(query: { from?: unknown; to?: unknown }, today: string): { period: Period } | { problem: PeriodProblem; field: 'from' | 'to' } {
  const given = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const to = given(query.to) ?? today;
  if (!isoDate.safeParse(to).success) return { problem: 'date_invalid', field: 'to' };
  const from = given(query.from) ?? mondayOf(addDays(to, -7 * (DEFAULT_WEEKS - 1)));
  if (!isoDate.safeParse(from).success) return { problem: 'date_invalid', field: 'from' };
  if (from > to) return { problem: 'period_reversed', field: 'from' };
  if (toDays(to) - toDays(from) + 1 > MAX_DAYS) return { problem: 'period_too_long', field: 'from' };
  return { period: { from, to } };
}

/** Every Monday whose week touches the period, in order. */
export function weeksOf(period: Period): string[] {
  const weeks: string[] = [];
  for (let week = mondayOf(period.from); week <= period.to; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}

export type WeekCount = { week: string; channel: string; count: number };

/** One row per week (weeks with no letters included), one column per channel. */
export function weeklyTable(period: Period, counts: readonly WeekCount[], channels: readonly string[]): { week: string; counts: number[]; total: number }[] {
  return weeksOf(period).map((week) => {
    const row = channels.map((channel) => counts.find((c) => c.week === week && c.channel === channel)?.count ?? 0);
    return { week, counts: row, total: row.reduce((a, b) => a + b, 0) };
  });
}

/** Hours as a person reads them: minutes under an hour, hours under two days, else days. */
export function durationText(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} d`;
}
