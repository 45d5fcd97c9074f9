// Share links: the program and the schedule played so far live in the URL
// (`?level=bank&s=0,0,1` for a level, `?src=<base64url>&s=…` for the
// playground), so a link replays the same game step by step.

/** @param {string} text @returns {string} */
export function encodeSource(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {string} code @returns {string | null} null when the text is not base64url UTF-8 */
export function decodeSource(code) {
  try {
    const bin = atob(code.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/**
 * What the URL asks for.
 * @param {string} search  location.search
 * @returns {{level: string | null, stage: string | null, source: string | null, schedule: string, gil: boolean, badSource: boolean}}
 */
export function readLink(search) {
  const p = new URLSearchParams(search);
  const src = p.get('src');
  const source = src === null ? null : decodeSource(src);
  return {
    level: p.get('level'),
    stage: p.get('stage'),
    source,
    schedule: p.get('s') ?? '',
    gil: p.get('gil') === '1',
    badSource: src !== null && source === null,
  };
}

/**
 * The link for a game: a level by id (with its stage), or the program itself.
 * @param {{level: string | null, stage?: string, source: string, schedule: string, gil?: boolean}} game
 * @returns {string}
 */
export function makeLink({ level, stage, source, schedule, gil = false }) {
  const p = new URLSearchParams();
  if (level) {
    p.set('level', level);
    if (stage && stage !== 'break') p.set('stage', stage);
    if (stage === 'fix') p.set('src', encodeSource(source));
  } else {
    p.set('src', encodeSource(source));
  }
  if (gil) p.set('gil', '1');
  if (schedule) p.set('s', schedule);
  return `${location.pathname}?${p}`;
}
