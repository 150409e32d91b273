import type { Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { getMunicipality } from '../geo/municipality.match.js';
import { listOffices } from '../routing/routing.store.js';
import { allowed, officeScope, type StaffUser } from '../staff/permissions.js';
import { CATEGORIES } from '../submissions/categories.js';
import { STAFF_TEXT } from '../web/staff.texts.js';
import { durationText, weeklyTable, type Period } from './reports.rules.js';
import { countsBy, timings, weeklyCounts, type Timing } from './reports.store.js';

const T = STAFF_TEXT.reports;

export const CHANNELS = ['web', 'email', 'postal'] as const;

export type LabelledCount = { key: string; label: string; count: number };

export type Report = {
  period: Period;
  /** The office an officer's report is limited to; null: all offices. */
  office: string | null;
  total: number;
  weekly: { week: string; counts: number[]; total: number }[];
  categories: LabelledCount[];
  offices: LabelledCount[];
  municipalities: LabelledCount[];
  timings: Timing[];
};

const categoryName = (code: string | null) => CATEGORIES.find((c) => c.code === code)?.name['sr-Latn'] ?? code ?? '—';

/** Everything the reports page shows, for the period; an officer's limited to their office. */
export async function buildReport(deps: { pool: Pool }, user: StaffUser, period: Period): Promise<Report> {
  if (!allowed(user, 'reports.view')) throw new DomainError('forbidden');
  const scope = { period, officeId: officeScope(user) };
  const offices = await listOffices(deps.pool);
  const officeName = (code: string | null) => (code === null ? T.notRouted : (offices.find((o) => o.code === code)?.nameLatn ?? code));
  const [weekly, byCategory, byOffice, byMunicipality, times] = [
    await weeklyCounts(deps.pool, scope),
    await countsBy(deps.pool, scope, 'category'),
    await countsBy(deps.pool, scope, 'office'),
    await countsBy(deps.pool, scope, 'municipality', 10),
    await timings(deps.pool, scope),
  ];
  return {
    period,
    office: scope.officeId === null ? null : officeName(offices.find((o) => o.id === scope.officeId)?.code ?? null),
    total: byCategory.reduce((a, c) => a + c.count, 0),
    weekly: weeklyTable(period, weekly, CHANNELS),
    categories: byCategory.map((c) => ({ key: c.key ?? '', label: categoryName(c.key), count: c.count })),
    offices: byOffice.map((c) => ({ key: c.key ?? '', label: officeName(c.key), count: c.count })),
    municipalities: byMunicipality.map((c) => ({ key: c.key ?? '', label: (c.key && getMunicipality(c.key)?.nameLatn) || (c.key ?? ''), count: c.count })),
    timings: times,
  };
}

export const REPORT_TABLES = ['weekly', 'categories', 'offices', 'municipalities', 'timings'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

const channelName = (channel: string | null) => (channel === null ? T.allChannels : (T.channels[channel] ?? channel));
const hours = (h: number | null) => (h === null ? '' : Math.round(h * 100) / 100);

/** One table of the report as rows (the first is the header): the CSV download and the page's tables agree. */
export function tableRows(report: Report, table: ReportTable, forCsv = false): (string | number)[][] {
  const counted = (rows: LabelledCount[], head: string) => [[head, T.letters], ...rows.map((r) => [r.label, r.count])];
  const duration = (h: number | null) => (forCsv ? hours(h) : durationText(h));
  const unit = (head: string) => (forCsv ? head + T.hoursSuffix : head);
  switch (table) {
    case 'weekly':
      return [[T.week, ...CHANNELS.map(channelName), T.total], ...report.weekly.map((w) => [w.week, ...w.counts, w.total])];
    case 'categories':
      return counted(report.categories, T.category);
    case 'offices':
      return counted(report.offices, T.office);
    case 'municipalities':
      return counted(report.municipalities, T.municipality);
    case 'timings':
      return [
        [T.channel, T.letters, T.acknowledged, ...[T.ackMedian, T.ackP90].map(unit), T.answered, ...[T.answerMedian, T.answerP90].map(unit)],
        ...report.timings.map((t) => [
          channelName(t.channel), t.letters, t.acknowledged, duration(t.ackMedianHours), duration(t.ackP90Hours),
          t.answered, duration(t.answerMedianHours), duration(t.answerP90Hours),
        ]),
      ];
  }
}
