// Barrier: every worker finishes a phase before any starts the next; the
// marks show when the last arrival opened it.
import { ms } from '../../lib/format.js';
import { syncDemo, stats, verdict, plural, lanes } from './common.js';

/** @typedef {import('../../types/BarrierResult').BarrierResult} BarrierResult */

/** @param {BarrierResult} r @param {import('./common.js').DrawContext} context */
function render(r, { draw }) {
  const [apart, apartClass] = verdict(r.phases_kept_apart);
  return [
    stats([
      ['Phases', String(r.phases)],
      ['Phases kept apart', apart, apartClass],
      ['Total time', ms(r.elapsed_ms)],
    ]),
    draw.timeline({
      lanes: lanes(r.workers),
      spans: r.spans,
      end: r.elapsed_ms,
      kinds: { hold: 'working on a phase', wait: 'waiting at the barrier' },
      marks: r.opened_at.map((t, i) => ({ t, label: `opens ${i + 1}` })),
      caption:
        'Fast workers wait at the barrier for the slowest one. Each line marks the last arrival, which lets everyone into the next phase.',
    }),
  ];
}

/** @param {BarrierResult} r */
function done(r) {
  return `Done: ${plural(r.phases, 'phase')}, ${r.phases_kept_apart ? 'none started before the previous one ended for everyone' : 'PHASES OVERLAPPED'}.`;
}

export const mount = syncDemo({ demo: 'barrier', registryId: 'barrier', render, done });
