import { html, type SafeHtml } from '../web/html.js';

// Charts as server-rendered SVG: readable without JavaScript or colour (each
// bar carries its number), described for screen readers by a title and the
// table printed beside it. Pure.

/** Colours with at least 3:1 contrast against white, told apart by order in the legend as well. */
const PALETTE = ['#1d4f91', '#b3541e', '#2e7d32', '#6a1b9a', '#5d4037'];

const WIDTH = 720;
const LABEL_W = 230;
const BAR_H = 22;
const GAP = 8;

export type Bar = { label: string; value: number };

/** The longest label drawn beside a bar; the table beside the chart has it whole. */
const LABEL_MAX = 30;
const shortLabel = (label: string) => (label.length <= LABEL_MAX ? label : `${label.slice(0, LABEL_MAX - 1).trimEnd()}…`);

/** One horizontal bar per row, longest scale at the largest value. */
export function barChart(id: string, title: string, bars: readonly Bar[]): SafeHtml {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plot = WIDTH - LABEL_W - 60;
  const height = bars.length * (BAR_H + GAP) + GAP;
  const rows = bars.map((b, i) => {
    const y = GAP + i * (BAR_H + GAP);
    const w = Math.round((b.value / max) * plot);
    return html`<g>
  <text x="${LABEL_W - 8}" y="${y + BAR_H / 2}" text-anchor="end" dominant-baseline="middle" font-size="13">${shortLabel(b.label)}</text>
  <rect x="${LABEL_W}" y="${y}" width="${w}" height="${BAR_H}" fill="${PALETTE[0]}"></rect>
  <text x="${LABEL_W + w + 6}" y="${y + BAR_H / 2}" dominant-baseline="middle" font-size="13">${b.value}</text>
</g>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${Math.max(height, 40)}" role="img" aria-labelledby="${id}-title" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${title}</title>
${rows}
</svg>`;
}

export type StackedColumn = { label: string; values: number[] };

/** One column per period (a week), stacked by series (channels), with the total on top. */
export function stackedColumns(id: string, title: string, series: readonly string[], columns: readonly StackedColumn[]): SafeHtml {
  const height = 260;
  const top = 24;
  const bottom = 56;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...columns.map((c) => c.values.reduce((a, b) => a + b, 0)));
  const step = (WIDTH - 40) / Math.max(1, columns.length);
  const barW = Math.max(4, Math.min(40, step * 0.7));
  const bars = columns.map((c, i) => {
    const x = 30 + i * step + (step - barW) / 2;
    let y = top + plotH;
    const parts = c.values.map((v, s) => {
      const h = (v / max) * plotH;
      y -= h;
      return v > 0 ? html`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${PALETTE[s % PALETTE.length]}"></rect>` : html``;
    });
    const total = c.values.reduce((a, b) => a + b, 0);
    return html`<g>${parts}
  <text x="${(x + barW / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="11">${total}</text>
  <text x="${(x + barW / 2).toFixed(1)}" y="${height - bottom + 14}" text-anchor="end" font-size="11" transform="rotate(-45 ${(x + barW / 2).toFixed(1)} ${height - bottom + 14})">${c.label}</text>
</g>`;
  });
  const legend = series.map(
    (name, s) => html`<g><rect x="${30 + s * 150}" y="${height - 14}" width="12" height="12" fill="${PALETTE[s % PALETTE.length]}"></rect><text x="${46 + s * 150}" y="${height - 4}" font-size="12">${name}</text></g>`,
  );
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${id}-title" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${title}</title>
<line x1="28" y1="${top + plotH}" x2="${WIDTH - 10}" y2="${top + plotH}" stroke="#555"></line>
${bars}
${legend}
</svg>`;
}
