// Program text in a URL: base64url of its UTF-8, or — when that is long and
// the browser has CompressionStream — "." followed by base64url of its
// raw-deflated bytes ("." is not in the base64url alphabet and needs no
// escaping in a query string). Used by the share links and embeds.

/** Past this many characters of plain base64url a link is compressed. */
const COMPRESS_OVER = 160;

/** @param {Uint8Array} bytes */
function toBase64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {string} text @returns {Uint8Array<ArrayBuffer>} */
function fromBase64url(text) {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/**
 * @param {Uint8Array<ArrayBuffer>} bytes
 * @param {CompressionStream | DecompressionStream} stream
 */
async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** The plain form: base64url of UTF-8 (synchronous). @param {string} text */
export function encodePlain(text) {
  return toBase64url(new TextEncoder().encode(text));
}

/** @param {string} text @returns {Promise<string>} */
export async function encodeCode(text) {
  const plain = encodePlain(text);
  if (plain.length <= COMPRESS_OVER || typeof CompressionStream !== 'function') return plain;
  try {
    const packed = `.${toBase64url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')))}`;
    return packed.length < plain.length ? packed : plain;
  } catch {
    return plain;
  }
}

/** @param {string} code @returns {Promise<string | null>} null when it is not a program this module wrote */
export async function decodeCode(code) {
  try {
    const bytes = code.startsWith('.')
      ? await pipe(fromBase64url(code.slice(1)), new DecompressionStream('deflate-raw'))
      : fromBase64url(code);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
