import { describe, expect, it } from 'vitest';
import { addDays, belgradeDate, durationText, mondayOf, periodOf, weeklyTable, weeksOf } from '../../src/reports/reports.rules.js';

describe('the period of a report', () => {
  it('when nothing is asked, then it is the twelve weeks up to today, from a Monday', () => {
    expect(periodOf({}, '2026-12-02')).toEqual({ period: { from: '2026-09-14', to: '2026-12-02' } });
    expect(new Date('2026-09-14T00:00:00Z').getUTCDay()).toBe(1);
  });

  it('when both ends are given, then they are the period, both included', () => {
    expect(periodOf({ from: '2026-01-01', to: '2026-01-31' }, '2026-12-02')).toEqual({ period: { from: '2026-01-01', to: '2026-01-31' } });
    expect(periodOf({ from: '2026-01-05', to: '' }, '2026-02-01')).toEqual({ period: { from: '2026-01-05', to: '2026-02-01' } });
  });

  it('when a date is not a date, the start is after the end, or the span is over two years, then it is a problem on that field', () => {
    expect(periodOf({ from: '2026-02-30' }, '2026-12-02')).toEqual({ problem: 'date_invalid', field: 'from' });
    expect(periodOf({ to: 'yesterday' }, '2026-12-02')).toEqual({ problem: 'date_invalid', field: 'to' });
    expect(periodOf({ from: ['2026-01-01'] }, '2026-12-02')).toMatchObject({ period: { from: '2026-09-14' } });
    expect(periodOf({ from: '2026-03-02', to: '2026-03-01' }, '2026-12-02')).toEqual({ problem: 'period_reversed', field: 'from' });
    expect(periodOf({ from: '2024-01-01', to: '2026-01-02' }, '2026-12-02')).toEqual({ problem: 'period_too_long', field: 'from' });
    expect(periodOf({ from: '2024-01-02', to: '2026-01-02' }, '2026-12-02')).toHaveProperty('period');
  });
});

describe('weeks', () => {
  it('Mondays: a Sunday belongs to the week before, a Monday to its own', () => {
    expect(mondayOf('2026-03-29')).toBe('2026-03-23');
    expect(mondayOf('2026-03-30')).toBe('2026-03-30');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('every week touching the period, and a table row for each, empty weeks as zeros', () => {
    const period = { from: '2026-03-25', to: '2026-04-08' };
    expect(weeksOf(period)).toEqual(['2026-03-23', '2026-03-30', '2026-04-06']);
    const table = weeklyTable(period, [{ week: '2026-03-23', channel: 'web', count: 3 }, { week: '2026-04-06', channel: 'postal', count: 2 }, { week: '2026-04-06', channel: 'web', count: 1 }], ['web', 'postal']);
    expect(table).toEqual([
      { week: '2026-03-23', counts: [3, 0], total: 3 },
      { week: '2026-03-30', counts: [0, 0], total: 0 },
      { week: '2026-04-06', counts: [1, 2], total: 3 },
    ]);
  });

  it('the Belgrade date of an instant, across midnight in summer and in winter time', () => {
    expect(belgradeDate(new Date('2026-03-31T22:30:00Z'))).toBe('2026-04-01');
    expect(belgradeDate(new Date('2026-03-31T21:59:00Z'))).toBe('2026-03-31');
    expect(belgradeDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(belgradeDate(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
  });
});

describe('durations', () => {
  it('minutes under an hour, hours under two days, else days; nothing as a dash', () => {
    expect(durationText(null)).toBe('—');
    expect(durationText(0.001)).toBe('1 min');
    expect(durationText(0.5)).toBe('30 min');
    expect(durationText(5.25)).toBe('5.3 h');
    expect(durationText(72)).toBe('3 d');
  });
});
