// What the Measure draws (./table.js runs it): the comparison table's rows,
// the speedup chart and the notes under them, from the results so far
// (./table-view.js computes them; this file puts them on the page).
import { el } from '../../lib/dom.js';
import { barChart } from '../../lib/charts.js';
import { times } from '../../lib/format.js';
import { poolState } from './common.js';
import { GROUP, MODES, MODE_NAMES, SHORT_MODE_NAMES, chartData, closingNote, noiseNote, rows } from './table-view.js';

/** @typedef {import('./table-markup.js').TableView} TableView */
/** @typedef {import('./table-view.js').Results} Results */
/** @typedef {import('../../lib/client.js').PoolClient} PoolClient */
/** The chart, made at the first drawing. @typedef {{chart: import('../../lib/charts.js').Chart | null}} ChartHolder */

/**
 * Draws the table, the chart and the notes.
 * @param {TableView} view @param {PoolClient} client @param {Results} results
 * @param {boolean} running  cells not measured yet wait ('…')
 * @param {ChartHolder} holder
 */
export function renderTable(view, client, results, running, holder) {
  const { tbody, chartBox, note, noise, root } = view;
  const here = poolState(client);
  tbody.replaceChildren(
    ...rows(results, here).map(([label, cells]) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row', text: label }),
        ...MODES.map((mode) => {
          const c = cells[mode];
          const label = { 'data-label': MODE_NAMES[mode] };
          if (!c) return el('td', { ...label, class: 'pending', 'data-mode': mode, text: running ? '…' : '–' });
          if ('off' in c) return el('td', { ...label, class: 'off', 'data-mode': mode, text: c.off });
          return el(
            'td',
            { ...label, 'data-mode': mode, class: 'noisy' in c && c.noisy ? 'value noisy' : 'value' },
            el('span', { class: 'big', text: c.big }),
            el('span', { class: 'why', text: c.why }),
          );
        }),
      ),
    ),
  );
  drawChart(chartBox, results, holder);
  note.textContent = closingNote(results, here);
  noise.textContent = noiseNote(results);
  noise.hidden = !noise.textContent;
  root.dataset.results = JSON.stringify(results);
}

/** @param {HTMLElement} chartBox @param {Results} results @param {ChartHolder} holder */
function drawChart(chartBox, results, holder) {
  const data = chartData(results);
  const spec = {
    x: data.x,
    series: data.series,
    height: 240,
    yLabel: 'speedup (×)',
    formatY: times,
    integerX: true,
    xTicks: MODES.map((_, i) => i * GROUP),
    // Read at every draw, so a phone turned sideways gets the long names back.
    formatX: (/** @type {number} */ v) => {
      const names = chartBox.clientWidth < 520 ? SHORT_MODE_NAMES : MODE_NAMES;
      return v % GROUP === 0 && v >= 0 ? (names[MODES[v / GROUP]] ?? '') : '';
    },
    xLabel: 'mode',
    reference: { label: 'workers', values: data.x.map(() => data.workers) },
  };
  if (holder.chart) holder.chart.update(spec);
  else holder.chart = barChart(chartBox, spec);
  const measured = data.bars.filter((b) => b.speedup !== null);
  chartBox.dataset.bars = JSON.stringify(data.bars);
  chartBox.setAttribute(
    'aria-label',
    measured.length
      ? `Speedup over sequential: ${measured.map((b) => `${MODE_NAMES[b.mode]}, ${b.kind}: ${times(/** @type {number} */ (b.speedup))}`).join('; ')}`
      : 'Speedup over sequential: nothing measured yet',
  );
}
