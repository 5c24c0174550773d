// The descent lab: runs descent on the server (the same Descender as `descent minimize`) and shows every step.
import { loadWords, translatePage, navigation, showError, readState, writeState, api, g, t, currentLanguage }
  from '/static/js/descent.js';

const DEFAULTS = { f: 'x^2', start: '', lr: '0.1', steps: '20', optimizer: 'gd', until: '' };
const OPTIMIZERS = ['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'newton'];
const form = document.getElementById('controls');

function fill(state) {
  for (const key of ['f', 'start', 'lr', 'steps']) document.getElementById(key).value = state[key];
  const select = document.getElementById('optimizer');
  select.innerHTML = '';
  for (const name of OPTIMIZERS) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = t(`method.${name}`);
    select.append(option);
  }
  select.value = state.optimizer;
}

function read() {
  const state = { ...readState(DEFAULTS) };
  for (const key of ['f', 'start', 'lr', 'steps', 'optimizer']) state[key] = document.getElementById(key).value.trim();
  return state;
}

function table(run) {
  const el = document.getElementById('trace');
  el.innerHTML = '';
  const head = el.createTHead().insertRow();
  const columns = [t('column.step'), ...run.variables, 'f', ...run.variables.map((v) => t('column.gradient', v))];
  for (const c of columns) {
    const th = document.createElement('th');
    th.textContent = c;
    head.append(th);
  }
  const body = el.createTBody();
  for (const p of run.points) {
    const row = body.insertRow();
    row.dataset.step = p.step;
    for (const cell of [p.step, ...p.at.map(g), g(p.value), ...p.gradient.map(g)]) row.insertCell().textContent = cell;
  }
}

async function show(state) {
  showError(null);
  try {
    const params = { f: state.f, lr: state.lr, steps: state.steps, optimizer: state.optimizer, lang: currentLanguage() };
    if (state.start) params.start = state.start;
    if (state.until) params.until = state.until;
    const run = await api('/api/lab/run', params);
    table(run);
    document.getElementById('summary').textContent = run.explanation;
  } catch (error) {
    showError(error);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const state = read();
  writeState(state);
  show(state);
});

await loadWords();
translatePage();
navigation('/lab');
const state = readState(DEFAULTS);
fill(state);
show(state);
