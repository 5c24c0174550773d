// The descent lab: runs descent on the server (the same Descender as `descent minimize`) for every optimizer,
// learning rate and start asked for, and shows each run's path step by step over f, its verdict and its numbers.
import { loadWords, translatePage, navigation, showError, readState, writeState, api, g, t, currentLanguage }
  from '/static/js/descent.js';
import { drawCurve, drawContours, RUN_COLORS } from '/static/js/lab-plot.js';

const DEFAULTS = { f: 'x^2', start: 'x=1.2', lr: '0.1', steps: '20', optimizer: 'gd', until: '', step: '' };
const OPTIMIZERS = ['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'newton'];
/** The slider's learning rates: round values, with the tutorial's 0.1, 0.3, 0.9 and 1.1 among them. */
const RATES = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1, 1.1, 1.5, 2, 5, 10];
const GOOD_STOPS = new Set(['completed', 'reached']);

const $ = (id) => document.getElementById(id);
const form = $('controls');
let answer = null; // the runs, as the server answered them
let grid = null; // f on the region that holds them, or null when f is not drawn
let current = 0; // the step shown
let playing = null; // the timer while playing
let shownState = null; // the state whose runs are shown: its URL gets the step shown, unless it is the last

function fill(state) {
  for (const key of ['f', 'start', 'lr', 'steps', 'until']) $(key).value = state[key];
  const chosen = new Set(state.optimizer.split(',').map((s) => s.trim()));
  const box = $('optimizers');
  box.querySelectorAll('label').forEach((l) => l.remove());
  for (const name of OPTIMIZERS) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.name = 'optimizer';
    input.value = name;
    input.checked = chosen.has(name) || (name === 'gd' && chosen.has('sgd'));
    label.append(input, t(`method.${name}`));
    box.append(label);
  }
  const slider = $('rate-slider');
  slider.max = RATES.length - 1;
  const first = parseFloat(state.lr.split(',')[0]);
  let nearest = 0;
  RATES.forEach((r, i) => { if (Math.abs(Math.log(r / first)) < Math.abs(Math.log(RATES[nearest] / first))) nearest = i; });
  slider.value = nearest;
  $('rate-shown').textContent = state.lr;
}

function read() {
  const state = { ...readState(DEFAULTS) };
  for (const key of ['f', 'start', 'lr', 'steps', 'until']) state[key] = $(key).value.trim();
  const chosen = [...form.querySelectorAll('input[name=optimizer]:checked')].map((i) => i.value);
  state.optimizer = chosen.length ? chosen.join(',') : 'gd';
  state.step = '';
  return state;
}

function lastStep() {
  return answer ? Math.max(0, ...answer.runs.map((r) => r.points.length - 1)) : 0;
}

function runTitle(run) {
  return t('web.lab.run_title', run.optimizerName, g(run.learningRate));
}

function verdicts() {
  const box = $('verdicts');
  box.innerHTML = '';
  answer.runs.forEach((run, r) => {
    const card = document.createElement('div');
    card.className = 'verdict-card';
    card.id = `verdict-${r}`;
    card.style.setProperty('--run', RUN_COLORS[r % RUN_COLORS.length]);
    const h = document.createElement('h2');
    h.textContent = `${runTitle(run)} · ${t('web.lab.from', run.start || '—')}`;
    const stop = document.createElement('p');
    stop.className = `stop ${GOOD_STOPS.has(run.stop) ? 'good' : 'bad'}`;
    stop.dataset.stop = run.stop;
    stop.textContent = t('web.lab.stopped', run.explanation);
    const diagnosis = document.createElement('p');
    diagnosis.className = 'diagnosis';
    diagnosis.dataset.verdict = run.diagnosis;
    diagnosis.textContent = t('web.lab.diagnosis', run.diagnosisText);
    const evidence = document.createElement('p');
    evidence.className = 'evidence';
    evidence.textContent = run.evidence;
    card.append(h, stop, diagnosis, evidence);
    box.append(card);
  });
}

function tables() {
  const box = $('runs');
  box.innerHTML = '';
  const vars = answer.variables;
  const columns = [t('column.step'), ...vars, 'f', ...vars.map((v) => t('column.gradient', v))];
  answer.runs.forEach((run, r) => {
    const section = document.createElement('section');
    section.className = 'panel run';
    section.id = `run-${r}`;
    section.style.setProperty('--run', RUN_COLORS[r % RUN_COLORS.length]);
    const h = document.createElement('h2');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    h.append(swatch, `${runTitle(run)} · ${t('web.lab.from', run.start || '—')}`);
    const scroll = document.createElement('div');
    scroll.className = 'scroll';
    const table = document.createElement('table');
    table.className = 'numbers trace';
    const head = table.createTHead().insertRow();
    for (const c of columns) {
      const th = document.createElement('th');
      th.textContent = c;
      head.append(th);
    }
    const body = table.createTBody();
    for (const p of run.points) {
      const row = body.insertRow();
      row.dataset.step = p.step;
      for (const cell of [p.step, ...p.at.map(g), g(p.value), ...p.gradient.map(g)]) row.insertCell().textContent = cell;
    }
    scroll.append(table);
    section.append(h, scroll);
    box.append(section);
  });
}

/** Shows step k: the paths up to it, the current row of every table, the step slider and its words. */
function showStep(k, scrollRows = true) {
  current = Math.max(0, Math.min(k, lastStep()));
  const last = lastStep();
  $('step-slider').max = last;
  $('step-slider').value = current;
  $('step-shown').textContent = t('web.lab.step_of', current, last);
  if (shownState && !playing) {
    shownState.step = current === last ? '' : String(current);
    writeState(shownState);
  }
  const canvas = $('plot');
  if (grid && answer.variables.length === 1) drawCurve(canvas, answer, grid, current);
  else if (grid) drawContours(canvas, answer, grid, current);
  answer.runs.forEach((run, r) => {
    const rows = document.querySelectorAll(`#run-${r} tbody tr`);
    const at = Math.min(current, rows.length - 1);
    rows.forEach((row, i) => {
      row.classList.toggle('current', i === at);
      row.classList.toggle('later', i > current);
    });
    if (scrollRows && rows[at]) {
      const scroll = rows[at].closest('.scroll');
      scroll.scrollTop = Math.max(0, rows[at].offsetTop - scroll.clientHeight / 2);
    }
  });
}

function stop() {
  const wasPlaying = playing;
  if (playing) clearInterval(playing);
  playing = null;
  $('play').textContent = t('web.lab.play');
  if (wasPlaying && answer) showStep(current, false); // the URL gets the step where it paused
}

function play() {
  if (playing) { stop(); return; }
  if (current >= lastStep()) showStep(0);
  $('play').textContent = t('web.lab.pause');
  // a whole run plays in about five seconds, no step faster than 40 ms or slower than half a second
  const every = Math.max(40, Math.min(500, 5000 / Math.max(1, lastStep())));
  playing = setInterval(() => {
    showStep(current + 1);
    if (current >= lastStep()) stop();
  }, every);
}

let request = 0;
async function show(state) {
  stop();
  showError(null);
  const mine = ++request;
  document.body.dataset.loading = 'true';
  try {
    const params = { f: state.f, lr: state.lr, steps: state.steps, optimizer: state.optimizer, lang: currentLanguage() };
    if (state.start) params.start = state.start;
    if (state.until) params.until = state.until;
    const runs = await api('/api/lab/runs', params);
    const dims = runs.variables.length;
    let surface = null;
    if (dims === 1 || dims === 2) {
      const region = { f: state.f, x: runs.region.x.join(','), n: dims === 1 ? 400 : 120 };
      if (dims === 2) region.y = runs.region.y.join(',');
      surface = await api('/api/lab/grid', region);
    }
    if (mine !== request) return; // a later request has been made since
    answer = runs;
    grid = surface;
    shownState = state;
    $('plot').hidden = !grid;
    $('no-drawing').hidden = !!grid;
    $('no-drawing').textContent = grid ? '' : t('web.lab.no_drawing', dims);
    verdicts();
    tables();
    showStep(state.step === '' ? lastStep() : parseInt(state.step, 10) || 0);
  } catch (error) {
    if (mine === request) showError(error);
  } finally {
    if (mine === request) document.body.dataset.loading = 'false';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const state = read();
  writeState(state);
  show(state);
});

let slide = null;
$('rate-slider').addEventListener('input', () => {
  const rate = RATES[parseInt($('rate-slider').value, 10)];
  $('lr').value = String(rate);
  $('rate-shown').textContent = String(rate);
  clearTimeout(slide);
  slide = setTimeout(() => form.requestSubmit(), 120);
});
$('play').addEventListener('click', play);
$('step').addEventListener('click', () => { stop(); showStep(current + 1); });
$('back').addEventListener('click', () => { stop(); showStep(current - 1); });
$('reset').addEventListener('click', () => { stop(); showStep(0); });
$('step-slider').addEventListener('input', () => { stop(); showStep(parseInt($('step-slider').value, 10)); });
window.addEventListener('resize', () => { if (answer) showStep(current, false); });

await loadWords();
translatePage();
navigation('/lab');
const state = readState(DEFAULTS);
fill(state);
show(state);
