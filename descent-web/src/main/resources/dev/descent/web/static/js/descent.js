// Shared by every page: the words (from the core's message bundles, in the browser's language or the one chosen),
// the view's state kept in its URL, calls to the JSON API, and the navigation bar.

const LANG_KEY = 'descent.lang';
let words = {};
let lang = 'en';

/** The page's language: ?lang= in the URL, then the reader's last choice, then the browser's language. */
export function language() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh') return fromUrl;
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Loads the sentences for the page's language; call once before t(). */
export async function loadWords() {
  lang = language();
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  const answer = await api('/api/messages', { lang });
  words = answer.messages;
  return lang;
}

/** The current language, 'en' or 'zh'. */
export function currentLanguage() {
  return lang;
}

/**
 * The sentence under key with {0}, {1}, ... replaced, following java.text.MessageFormat's quoting: '' is an
 * apostrophe and text between single quotes is literal.
 */
export function t(key, ...args) {
  const pattern = words[key];
  if (pattern === undefined) return key;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") { out += "'"; i++; continue; }
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) { out += pattern.slice(i + 1); break; }
      out += pattern.slice(i + 1, end);
      i = end;
    } else if (c === '{') {
      const end = pattern.indexOf('}', i);
      const index = parseInt(pattern.slice(i + 1, end), 10);
      out += args[index] === undefined ? '' : String(args[index]);
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}

/** Fills every element with data-t="key" with its sentence. */
export function translatePage(root = document) {
  root.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  root.querySelectorAll('[data-t-title]').forEach((el) => { el.title = t(el.dataset.tTitle); });
  root.querySelectorAll('[data-t-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.tPlaceholder); });
}

/** The view's state: the URL's query parameters, with defaults for those absent. */
export function readState(defaults) {
  const params = new URLSearchParams(location.search);
  const state = { ...defaults };
  for (const key of Object.keys(defaults)) {
    if (params.has(key)) state[key] = params.get(key);
  }
  return state;
}

/** Writes the state into the URL (replacing the entry, so Back leaves the view), keeping ?lang= if set. */
export function writeState(state) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, value);
  }
  const keepLang = new URLSearchParams(location.search).get('lang');
  if (keepLang) params.set('lang', keepLang);
  history.replaceState(null, '', `${location.pathname}?${params.toString().replace(/%2C/g, ',').replace(/%3D/g, '=')}`);
}

/** GET the JSON API; throws an Error with the server's message on a refusal. */
export async function api(path, params = {}) {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(query ? `${path}?${query}` : path, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

/** POST JSON to the API. */
export async function post(path, payload) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(payload),
  });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

/** Six significant digits without trailing zeros, as the command line prints numbers (18, 0.192, 1.23457e-10). */
export function g(value) {
  if (value === null || value === undefined) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, exp] = value.toExponential(5).split('e');
  const exponent = parseInt(exp, 10);
  if (exponent < -4 || exponent >= 6) {
    const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${m}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  let text = value.toFixed(Math.max(0, 5 - exponent));
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text;
}

/** Draws the navigation bar into #nav, marking the current view, with the language switch. */
export function navigation(current) {
  const nav = document.getElementById('nav');
  if (!nav) return;
  const links = [['/', 'web.nav.playground'], ['/lab', 'web.nav.lab'], ['/graph', 'web.nav.graph'],
    ['/runs', 'web.nav.runs'], ['/lessons', 'web.nav.lessons']];
  nav.innerHTML = '';
  const brand = document.createElement('a');
  brand.href = '/';
  brand.className = 'brand';
  brand.textContent = 'Descent';
  nav.append(brand);
  for (const [href, key] of links) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = t(key);
    if (href === current) a.setAttribute('aria-current', 'page');
    nav.append(a);
  }
  const switcher = document.createElement('button');
  switcher.id = 'language';
  switcher.type = 'button';
  switcher.textContent = t('web.language');
  switcher.addEventListener('click', () => {
    const next = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem(LANG_KEY, next);
    const params = new URLSearchParams(location.search);
    params.delete('lang');
    const query = params.toString();
    location.search = query ? `?${query}` : '';
  });
  nav.append(switcher);
}

/** Shows an error in #error (or clears it with null). */
export function showError(error) {
  const box = document.getElementById('error');
  if (!box) return;
  box.hidden = !error;
  box.textContent = error ? t('web.error', error.message || String(error)) : '';
}
