// One Python run on the coordinator's runner (src/wasm/runner.rs), from start
// to report, for a page part that does not draw the run as it goes (the
// Every Python run on the coordinator's runner (src/wasm/runner.rs), from
// start to report, wherever a page starts one: the Python page's Run
// (www/demos/python/runner.js, which shows the output as it comes), its
// Compare table (www/demos/python/compare.js) and the game's Run for real
// (www/demos/game/reality.js): start, poll on a timer until the report is
// in, cancel with a grace period after which the instance is replaced, and
// the same words everywhere for a run that could not start, crashed or was
// lost.
//
//   const run = startPython(client, { source, gil: 'free-threaded' });
//   run.cancel();            // any time; a second call does nothing
//   const reply = await run.done;

/** @typedef {import('./client.js').PoolClient} PoolClient */
/** @typedef {import('../pkg/threadlab.js').PyRunRequest} PyRunRequest */
/** @typedef {import('../pkg/threadlab.js').PyOutput} PyOutput */
/** @typedef {import('./python-report.js').ThinReport} ThinReport */
/**
 * How a run ended: its report and everything it printed; or why it could
 * not start (`invalid`: the source, at line:col); or why it failed; or that
 * it was cancelled and did not stop in time (the instance was replaced).
 * @typedef {{status: 'done', report: ThinReport, stdout: string, stderr: string}
 *   | {status: 'invalid', line: number, col: number, message: string}
 *   | {status: 'failed', message: string}
 *   | {status: 'cancelled'}} PythonReply
 */

/** How often output is asked for while a program runs, unless the caller says. */
const POLL_MS = 16;
/** A cancelled run that has not ended by then is stopped by restarting the instance. */
export const CANCEL_GRACE_MS = 2000;

/**
 * @param {PoolClient} client
 * @param {PyRunRequest} request
 * @param {object} [options]
 * @param {number} [options.pollMs]  how often to ask (a caller that shows no
 *   output as it comes can ask less often, and leave the page idle)
 * @param {() => void} [options.onStart]  the program was accepted and runs
 * @param {(chunks: PyOutput[], dropped: number) => void} [options.onOutput]  what
 *   was printed since the last poll, as it comes (and how many bytes the runner
 *   dropped because the page fell behind); then the reply's stdout and stderr are empty
 * @returns {{done: Promise<PythonReply>, cancel: () => void}}
 */
export function startPython(client, request, { pollMs = POLL_MS, onStart, onOutput } = {}) {
  /** @type {number | null} */
  let id = null;
  let cancelled = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let grace;
  /** @type {(reply: PythonReply) => void} */
  let finish = () => {};
  let finished = false;
  const done = /** @type {Promise<PythonReply>} */ (
    new Promise((resolve) => {
      finish = resolve;
    })
  );
  const end = (/** @type {PythonReply} */ reply) => {
    if (finished) return;
    finished = true;
    clearTimeout(grace);
    finish(reply);
  };
  let stdout = '',
    stderr = '';

  const poll = async () => {
    if (finished || id === null) return;
    const polled = /** @type {any} */ (await client.python('poll', id));
    if (finished) return;
    if (polled.status === 'failed') return end({ status: 'failed', message: polled.message });
    if (onOutput) {
      if (polled.output.length || polled.dropped) onOutput(polled.output, polled.dropped ?? 0);
    } else {
      for (const c of /** @type {PyOutput[]} */ (polled.output)) {
        if (c.stream === 'stdout') stdout += c.text;
        else stderr += c.text;
      }
    }
    if (polled.report) return end({ status: 'done', report: polled.report, stdout, stderr });
    if (polled.workers?.crash) {
      const why = /call stack/i.test(polled.workers.crash)
        ? `a Python thread recursed deeper than a browser thread's stack allows (${polled.workers.crash})`
        : `a Python thread's worker crashed (${polled.workers.crash})`;
      client.restart(why);
      return end({ status: 'failed', message: `The run was stopped: ${why}. A fresh interpreter was started.` });
    }
    if (polled.workers?.failure) {
      void client.python('cancel', id);
      return end({ status: 'failed', message: `Python threads cannot start here: ${polled.workers.failure}.` });
    }
    if (!polled.known) return end({ status: 'failed', message: 'The run was lost (the worker instance restarted).' });
    setTimeout(poll, pollMs);
  };

  void (async () => {
    const started = /** @type {any} */ (await client.python('start', request));
    if (started.status === 'error')
      return end({ status: 'invalid', line: started.line, col: started.col, message: started.message });
    if (started.status !== 'started')
      return end({ status: 'failed', message: started.message ?? 'The run could not start.' });
    id = started.id;
    onStart?.();
    if (cancelled) void client.python('cancel', id);
    void poll();
  })();

  const cancel = () => {
    if (cancelled || finished) return;
    cancelled = true;
    if (id !== null) void client.python('cancel', id);
    // Every wait of the runner notices a cancel within ~20 ms.
    grace = setTimeout(() => {
      if (finished) return;
      client.restart('a cancelled Python run did not stop in time');
      end({ status: 'cancelled' });
    }, CANCEL_GRACE_MS);
  };
  return { done, cancel };
}
