// The page's locale, and a guard that keeps an invalid one from stopping a
// page. WebKitGTK under LANG=C reports navigator.language as "C", which is no
// language tag: `new Intl.NumberFormat("C")` throws. The vendored uPlot makes
// exactly that call when its module is evaluated, so a page importing it
// would never run. Importing this module BEFORE uPlot (ES modules evaluate
// their imports in order) makes navigator.language read as a valid tag in
// that case; a valid language is left alone.

/** @returns {string} */
function safeLocale() {
  try {
    const wanted = typeof navigator === 'undefined' ? 'en-US' : navigator.language;
    return new Intl.NumberFormat(wanted).resolvedOptions().locale;
  } catch {
    return 'en-US';
  }
}

/** The page's locale, checked once: navigator.language when valid, else English. */
export const LOCALE = safeLocale();

if (typeof navigator !== 'undefined' && navigator.language !== LOCALE) {
  try {
    new Intl.NumberFormat(navigator.language);
  } catch {
    // An own property shadows the prototype's getter for this page only.
    Object.defineProperty(navigator, 'language', { value: LOCALE, configurable: true });
  }
}
