// The list of training runs under the server's --runs directory, newest first, each linking to its view.
import { loadWords, t, g, translatePage, navigation, api, showError } from './descent.js';

async function main() {
  await loadWords();
  translatePage();
  navigation('/runs');
  const answer = await api('/api/runs');
  document.getElementById('directory').textContent = t('web.runs.directory', answer.directory);
  let live = null;
  try { live = await api('/api/live'); } catch (e) { live = null; } // only `descent train --serve` has one
  const table = document.getElementById('runs');
  const runs = answer.runs;
  if (live && live.running && !runs.some((r) => r.name === live.name)) runs.unshift({ name: live.name });
  if (runs.length === 0) {
    document.getElementById('none').hidden = false;
    table.closest('.panel').hidden = true;
    return;
  }
  const head = table.createTHead().insertRow();
  for (const key of ['web.runs.name', 'web.runs.saved', 'web.runs.data', 'web.runs.model', 'web.runs.optimizer',
    'table.lr', 'web.runs.epochs', 'table.train_loss', 'table.test_loss', 'table.test_accuracy']) {
    const th = document.createElement('th');
    th.textContent = t(key);
    head.append(th);
  }
  const body = table.createTBody();
  for (const run of runs) {
    const row = body.insertRow();
    const link = document.createElement('a');
    link.href = `/runs/${encodeURIComponent(run.name)}`;
    link.textContent = run.name;
    const first = row.insertCell();
    first.append(link);
    if (live && live.running && live.name === run.name) {
      const badge = document.createElement('span');
      badge.className = 'badge live';
      badge.textContent = t('web.runs.live');
      first.append(' ', badge);
    }
    if (run.error) {
      const cell = row.insertCell();
      cell.colSpan = 9;
      cell.className = 'problem';
      cell.textContent = t('web.runs.unreadable', run.error);
      continue;
    }
    const saved = run.modified ? new Date(run.modified).toLocaleString() : '';
    const done = run.epochsDone === undefined ? '' : `${run.epochsDone}/${run.epochs ?? ''}`;
    const cells = [saved, run.data ?? '', run.model ?? '', run.optimizer ?? '', run.lr ? g(Number(run.lr)) : '', done,
      run.trainLoss === undefined ? '' : g(run.trainLoss), run.testLoss == null ? '' : g(run.testLoss),
      run.testAccuracy == null ? '' : percent(run.testAccuracy)];
    for (const text of cells) row.insertCell().textContent = text;
  }
}

function percent(v) {
  return `${(100 * v).toFixed(2)}%`;
}

main().catch(showError);
