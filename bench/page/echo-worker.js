// For `./dev.sh bench`: answers every message, to time getting bytes to a
// worker. "clone": the page posts an ArrayBuffer, copied (structured clone);
// reading event.data deserialises it here, and a small ack goes back.
// "transfer": the buffer is moved, not copied, and moved back with the ack so
// the page can send it again. "shared": only a SharedArrayBuffer handle
// travels; both sides see the same bytes.
self.onmessage = ({ data }) => {
  const { kind, buffer } = data;
  // A worker's postMessage(message, transfer), which the DOM typings of `self` do not know.
  const post = /** @type {(message: unknown, transfer?: Transferable[]) => void} */ (self.postMessage);
  if (kind === 'transfer') post({ kind, buffer }, [buffer]);
  else post({ kind, bytes: buffer.byteLength });
};
