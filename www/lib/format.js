// Every number the pages print goes through here, so a time reads the same
// on every page. Formatting never throws: a browser whose language is not a
// valid tag (WebKitGTK reports "C" under LANG=C) falls back to English
// (./locale.js).
import { LOCALE } from './locale.js';

export { LOCALE };

/**
 * Milliseconds as people read them: "0.42 ms", "8.3 ms", "120 ms", "2.35 s".
 * @param {number} t
 */
export function ms(t) {
  if (!Number.isFinite(t)) return '—';
  if (t >= 1000) return `${(t / 1000).toFixed(2)} s`;
  if (t < 1) return `${t.toFixed(2)} ms`;
  return `${t.toFixed(t < 10 ? 1 : 0)} ms`;
}

/**
 * Seconds for estimates: "under a second", "about 12 s", "about 3 min".
 * @param {number} seconds
 */
export function roughSeconds(seconds) {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  return `about ${Math.round(seconds / 60)} min`;
}

/**
 * Nanoseconds with two significant decimals below 10: "1.57 ns", "15.3 ns".
 * @param {number} t
 */
export function ns(t) {
  return `${t < 10 ? t.toFixed(2) : t.toFixed(1)} ns`;
}

/**
 * A whole number with digit groups in US style: "10,000,000" (the pages are
 * written in English; sizes are typed back in that form).
 * @param {number | string | bigint} n
 */
export function grouped(n) {
  const text = String(n);
  if (!/^-?\d+$/.test(text)) return text;
  return text.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A ratio: "1.93×", "12.1×".
 * @param {number} x
 */
export function times(x) {
  return Number.isFinite(x) ? `${x.toFixed(x < 10 ? 2 : 1)}×` : '—';
}

/**
 * A fraction as a percentage: 0.973 → "97 %".
 * @param {number} f
 */
export function percent(f) {
  return Number.isFinite(f) ? `${Math.round(f * 100)} %` : '—';
}

/**
 * Bytes in MB (2^20): "16.0 MB".
 * @param {number} bytes
 */
export function megabytes(bytes) {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/**
 * A transfer rate in MB/s: "972 MB/s", "41.6 GB/s", "> 100 GB/s".
 * @param {number} mbPerSecond
 */
export function rate(mbPerSecond) {
  if (mbPerSecond >= 1e5) return '> 100 GB/s';
  if (mbPerSecond >= 1e3) return `${(mbPerSecond / 1e3).toFixed(1)} GB/s`;
  return `${mbPerSecond.toFixed(0)} MB/s`;
}

/**
 * The median; the mean of the middle two for an even count.
 * @param {number[]} xs
 */
export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
