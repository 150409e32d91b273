import { html, type SafeHtml } from '../web/html.js';
import { errorSummary, field, input, staffPage, type SummaryItem, type Viewer } from '../web/staff-frame.page.js';
import { STAFF_TEXT } from '../web/staff.texts.js';
import { fill } from '../text/fill.js';
import { barChart, stackedColumns } from './chart.page.js';
import { CHANNELS, REPORT_TABLES, tableRows, type Report, type ReportTable } from './reports.actions.js';

const T = STAFF_TEXT.reports;

export type ReportsView = {
  viewer: Viewer;
  /** The period as typed (kept when refused). */
  from: string;
  to: string;
  report?: Report;
  errors?: readonly SummaryItem[];
};

function dataTable(rows: (string | number)[][], id: string): SafeHtml {
  const [head = [], ...body] = rows;
  return html`<div class="table-wrap"><table class="report-table" aria-labelledby="${id}">
  <thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
  <tbody>${body.map((r) => html`<tr>${r.map((v, i) => (i === 0 ? html`<th scope="row">${v}</th>` : html`<td>${v}</td>`))}</tr>`)}</tbody>
</table></div>`;
}

function chartOf(report: Report, table: ReportTable): SafeHtml {
  const id = `chart-${table}`;
  const title = T.sections[table];
  const bars = (rows: Report['categories']) => barChart(id, title, rows.map((r) => ({ label: r.label, value: r.count })));
  switch (table) {
    case 'weekly':
      return stackedColumns(id, title, CHANNELS.map((c) => T.channels[c] ?? c), report.weekly.map((w) => ({ label: w.week.slice(5), values: w.counts })));
    case 'categories':
      return bars(report.categories);
    case 'offices':
      return bars(report.offices);
    case 'municipalities':
      return bars(report.municipalities);
    case 'timings':
      return html``;
  }
}

function section(report: Report, table: ReportTable): SafeHtml {
  const id = `section-${table}`;
  const query = new URLSearchParams({ from: report.period.from, to: report.period.to }).toString();
  return html`<section class="report-section" aria-labelledby="${id}">
  <h2 id="${id}">${T.sections[table]}</h2>
  ${chartOf(report, table)}
  ${dataTable(tableRows(report, table), id)}
  <p><a href="/staff/reports/${table}.csv?${query}" download>${T.csv}<span class="visually-hidden"> — ${T.sections[table]}</span></a></p>
</section>`;
}

/** The reports: a period form, then per table a chart, the same numbers as a table, and its CSV. */
export function reportsPage(view: ReportsView): string {
  const errorAt = (f: string) => view.errors?.find((e) => e.field === f)?.text;
  const form = html`<form method="get" action="/staff/reports" class="inline-form report-period">
  <fieldset><legend>${T.period}</legend>
  ${field({ id: 'from', label: T.from, error: errorAt('from'), control: input('date', view.from) })}
  ${field({ id: 'to', label: T.to, error: errorAt('to'), control: input('date', view.to) })}
  <button type="submit" class="button">${T.show}</button>
  </fieldset>
</form>`;
  const r = view.report;
  const content = !r
    ? html``
    : html`<p>${T.intro}${r.office ? html` ${fill(T.scope, { office: r.office })}` : ''}</p>
<p class="report-total">${T.total}: <strong>${r.total}</strong></p>
${r.total === 0 ? html`<p>${T.empty}</p>` : REPORT_TABLES.map((t) => section(r, t))}`;
  const body = html`<h1>${T.title}</h1>
${errorSummary(view.errors ?? [])}
${form}
${content}`;
  return staffPage({ title: T.title, body, viewer: view.viewer, section: 'reports', wide: true });
}
