// One "process" of modes.html: a worker with its OWN wasm instance and its
// own memory — nothing is shared with the page or the other processes.
// Inputs and results cross by postMessage (a structured clone: the
// counterpart of pickling), as in Python's ProcessPoolExecutor.
//
// Messages in:  {type: "task", id, task}    run one task (src/modes/mod.rs), reply {type: "result"}
//               {type: "http", id, url}      a blocking request (synchronous XHR, like requests.get)
//               {type: "echo", id, data, mode: "clone"|"transfer"|"shared"}  send data back the same way
// Messages out: {type: "ready", memory_bytes} once the module is loaded, then one reply per message.
// A "panic" task traps this instance; the error reaches the page as the
// worker's error event, and the page replaces this process.
import init, * as lab from './pkg/threadlab.js';

const now = () => performance.timeOrigin + performance.now();
await init();

// A plain (not async) handler: an exception here — the trap of a panic —
// becomes the worker's error event on the page, i.e. a crashed process.
self.onmessage = ({ data: msg }) => {
  if (msg.type === 'task') {
    const start_ms = now();
    let out;
    try {
      out = lab.modesTask(msg.task); // traps for a panic task: the process dies
    } catch (trap) {
      // A bare "RuntimeError: unreachable" says nothing: rethrow with what the
      // panic hook recorded (which thread, what it said, that it was on
      // purpose). This is still uncaught here, so the page gets its error
      // event and replaces the process; the console shows why.
      const message = lab.panicMessage()?.replace(/^the coordinator: /, '');
      throw message === undefined
        ? trap
        : new Error(
            `threadlab process worker: ${message} — the wasm instance trapped (${trap instanceof Error ? trap.message : String(trap)}); the page replaces this process.`,
          );
    }
    self.postMessage({ type: 'result', id: msg.id, ...out, start_ms, end_ms: now() });
  } else if (msg.type === 'http') {
    const start_ms = now();
    const xhr = new XMLHttpRequest();
    xhr.open('GET', msg.url, false); // synchronous: this process blocks, as requests.get does
    let ok = null,
      error = null;
    try {
      xhr.send();
      if (xhr.status === 200) ok = xhr.responseText;
      else error = `HTTPError: ${xhr.status}`;
    } catch (e) {
      error = `ConnectionError: ${e instanceof Error ? e.message : String(e)}`;
    }
    self.postMessage({ type: 'result', id: msg.id, ok, error, start_ms, end_ms: now() });
  } else if (msg.type === 'echo') {
    // Touch the data so the copy is really made and read on this side.
    const first = msg.data[0];
    if (msg.mode === 'transfer')
      self.postMessage({ type: 'echo', id: msg.id, data: msg.data, first }, { transfer: [msg.data.buffer] });
    else self.postMessage({ type: 'echo', id: msg.id, data: msg.data, first });
  }
};

self.postMessage({ type: 'ready', memory_bytes: lab.sharedMemory().buffer.byteLength });
