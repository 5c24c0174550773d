// One training run at /runs/NAME: a finished run from its checkpoint, or, under `descent train --serve`, the run
// that is training, updated live over Server-Sent Events until it ends.
import { loadWords, t, g, translatePage, navigation, api, showError, currentLanguage } from './descent.js';
import { drawRun } from './runview.js';

const name = decodeURIComponent(location.pathname.replace(/\/+$/, '').split('/').pop());

async function main() {
  const lang = await loadWords();
  translatePage();
  navigation('/runs');
  document.title = `Descent — ${name}`;
  const root = document.getElementById('run');
  const tools = { t, g, uPlot: window.uPlot };
  let live = null;
  try { live = await api('/api/live'); } catch (e) { live = null; } // only `descent train --serve` has one
  if (live && live.name === name) {
    watch(root, tools, lang);
    return;
  }
  const run = await api(`/api/runs/${encodeURIComponent(name)}`, { lang: currentLanguage() });
  drawRun(root, run, tools);
}

/** Follows the running run: a whole view per event ("run"), the finished one last ("end"). */
function watch(root, tools, lang) {
  const source = new EventSource(`/api/live/events?lang=${lang}`);
  let update = null;
  let last = null;
  const show = (run) => {
    last = run;
    if (update) update(run); else update = drawRun(root, run, tools);
  };
  source.addEventListener('run', (event) => show(JSON.parse(event.data)));
  source.addEventListener('end', (event) => {
    source.close();
    show(JSON.parse(event.data));
  });
  source.onerror = () => {
    // the server stopped (training ended without --keep-serving): keep what was drawn, say so
    if (source.readyState === EventSource.CLOSED || last) {
      source.close();
      if (last && last.status === 'running') show({ ...last, status: 'gone' });
    }
  };
}

main().catch(showError);
