// One lesson: its worked example step by step, computed on the server by the same code as `descent lesson NAME`,
// with controls for what the tutorial fixed. The state is the URL's query; the page only draws.
import { loadWords, translatePage, navigation, showError, readState, writeState, api, t, currentLanguage }
  from '/static/js/descent.js';
import { linePlot, contourPlot, curvePlot } from '/static/js/lesson-figures.js';
import { mountMnist } from '/static/js/digits.js';

const name = decodeURIComponent(location.pathname.split('/')[2] || '');
const METHODS = ['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'newton'];
const LOSSES = ['quadratic', 'bce', 'mse', 'sse', 'l1', 'huber'];
// What the reader may change in each lesson: [query name, label key, kind, choices]
const CONTROLS = {
  quadratic: [['start', 'start'], ['lr', 'lr'], ['epochs', 'epochs']],
  parabola: [['start', 'start'], ['lr', 'lr']],
  'chain-rule': [['target', 'target_z']],
  nonlinear: [['target', 'target_c']],
  neuron: [['x1', 'x1'], ['x2', 'x2'], ['y', 'y'], ['w1', 'w1'], ['w2', 'w2'], ['lr', 'lr']],
  losses: [['loss', 'loss', 'select', LOSSES], ['against', 'against', 'select', LOSSES]],
  contour: [['w', 'w'], ['b', 'b'], ['lr', 'lr']],
  'learning-rates': [['rates', 'rates', 'text']],
  'local-minima': [['starts', 'starts', 'text']],
  optimizers: [['methods', 'methods', 'checks', METHODS], ['lr', 'lr']],
  mnist: [['steps', 'steps']],
};
const controls = CONTROLS[name] || [];
const defaults = Object.fromEntries(controls.map(([key]) => [key, '']));
if (name === 'mnist') Object.assign(defaults, { pixels: '', digit: '' });
let state = readState(defaults);
const form = document.getElementById('controls');

function buildControls() {
  form.innerHTML = '';
  for (const [key, label, kind = 'number', choices = []] of controls) {
    const wrap = document.createElement('label');
    const caption = document.createElement('span');
    caption.textContent = t(`web.lessons.control.${label}`);
    wrap.append(caption);
    let input;
    if (kind === 'select') {
      input = document.createElement('select');
      for (const c of choices) {
        const option = document.createElement('option');
        option.value = c;
        option.textContent = c;
        input.append(option);
      }
    } else if (kind === 'checks') {
      input = document.createElement('span');
      input.className = 'checks';
      for (const c of choices) {
        const box = document.createElement('label');
        box.className = 'check';
        const tick = document.createElement('input');
        tick.type = 'checkbox';
        tick.value = c;
        tick.id = `c-${key}-${c}`;
        box.append(tick, document.createTextNode(` ${t(`method.${c}`)}`));
        input.append(box);
      }
    } else {
      input = document.createElement('input');
      input.type = 'text';
      input.size = kind === 'text' ? 24 : 9;
      input.inputMode = kind === 'text' ? 'text' : 'decimal';
    }
    input.id = `c-${key}`;
    input.dataset.kind = kind;
    wrap.append(input);
    form.append(wrap);
  }
  const buttons = document.createElement('label');
  buttons.innerHTML = '<span>&nbsp;</span>';
  const run = document.createElement('button');
  run.type = 'submit';
  run.id = 'apply';
  run.textContent = t('web.lessons.apply');
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.id = 'reset';
  reset.className = 'secondary';
  reset.textContent = t('web.lessons.reset');
  reset.addEventListener('click', () => {
    state = { ...defaults };
    writeState(state);
    show();
  });
  const pair = document.createElement('span');
  pair.className = 'buttons';
  pair.append(run, reset);
  buttons.append(pair);
  form.append(buttons);
  form.hidden = controls.length === 0;
}

function fillControls(inputs) {
  for (const [key, , kind = 'number'] of controls) {
    const el = document.getElementById(`c-${key}`);
    const value = inputs[key] === undefined || inputs[key] === null ? '' : String(inputs[key]);
    if (kind === 'checks') {
      const on = value.split(',');
      el.querySelectorAll('input').forEach((box) => { box.checked = on.includes(box.value); });
    } else {
      el.value = value;
    }
  }
}

function readControls() {
  const next = { ...state };
  for (const [key, , kind = 'number'] of controls) {
    const el = document.getElementById(`c-${key}`);
    next[key] = kind === 'checks'
      ? [...el.querySelectorAll('input:checked')].map((box) => box.value).join(',')
      : el.value.trim();
  }
  return next;
}

function stepSection(step, index) {
  const section = document.createElement('section');
  section.className = 'step panel';
  section.dataset.step = step.id;
  const head = document.createElement('h2');
  const number = document.createElement('span');
  number.className = 'number';
  number.textContent = t('web.lessons.step', index + 1);
  head.append(number, document.createTextNode(` ${step.title}`));
  section.append(head);
  const body = document.createElement('div');
  body.className = 'step-body';
  const explain = document.createElement('p');
  explain.className = 'explain';
  explain.textContent = step.explanation;
  const numbers = document.createElement('div');
  numbers.className = 'worked';
  if (step.header.length) {
    const table = document.createElement('table');
    table.className = 'numbers';
    const row = table.createTHead().insertRow();
    for (const h of step.header) {
      const th = document.createElement('th');
      th.textContent = h;
      row.append(th);
    }
    const tbody = table.createTBody();
    for (const cells of step.rows) {
      const tr = tbody.insertRow();
      for (const c of cells) tr.insertCell().textContent = c;
    }
    const scroll = document.createElement('div');
    scroll.className = 'scroll';
    scroll.append(table);
    numbers.append(scroll);
  }
  if (step.lines.length) {
    const pre = document.createElement('pre');
    pre.className = 'lines';
    pre.textContent = step.lines.join('\n');
    numbers.append(pre);
  }
  body.append(explain, numbers);
  section.append(body);
  if (step.slip) {
    const slip = document.createElement('aside');
    slip.className = 'slip';
    const label = document.createElement('strong');
    label.textContent = `${t('web.lessons.slip')}: `;
    // the lessons' own notes begin "note:" (注：), which the label already says
    slip.append(label, document.createTextNode(step.slip.replace(/^(note:\s*|注：)/, '')));
    section.append(slip);
  }
  return section;
}

function openButton(url) {
  const a = document.getElementById('open');
  a.hidden = !url;
  if (!url) return;
  a.href = url;
  const view = url.startsWith('/lab') ? 'lab' : url.startsWith('/graph') ? 'graph' : 'playground';
  a.textContent = t(`web.lessons.open.${view}`);
}

function figure(page) {
  const box = document.getElementById('figure');
  box.innerHTML = '';
  const n = page.numbers;
  if (name === 'quadratic' || name === 'parabola') {
    curvePlot(box, n.curve, { yLabel: name === 'quadratic' ? 'f(x) = x² + 5' : 'J(x) = x²' });
  } else if (name === 'learning-rates') {
    linePlot(box, n.runs.map((r) => ({ label: `η = ${r.learningRate}`, ys: r.loss })),
      { xLabel: t('column.step'), logY: true });
  } else if (name === 'losses') {
    linePlot(box, [{ label: page.inputs.loss, ys: n.compared.loss }, { label: page.inputs.against, ys: n.compared.against }],
      { xLabel: t('table.epoch'), yLabel: t('lesson.losses.output_a') });
  } else if (name === 'contour') {
    const note = document.createElement('p');
    note.className = 'muted';
    note.textContent = t('web.lessons.click_start');
    box.append(note);
    contourPlot(box, n.grid, n.paths, n.marks, (w, b) => {
      state = { ...readControls(), w: w.toFixed(2), b: b.toFixed(2) };
      writeState(state);
      show();
    }, [t('lesson.contour.least_squares_mark'), t('landscape.mark.start')]);
  } else if (name === 'local-minima') {
    const note = document.createElement('p');
    note.className = 'muted';
    note.textContent = t('web.lessons.click');
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'secondary';
    clear.id = 'clear-starts';
    clear.textContent = t('web.lessons.clear_starts');
    clear.addEventListener('click', () => { state = { ...state, starts: '' }; writeState(state); show(); });
    note.append(' ', clear);
    box.append(note);
    contourPlot(box, n.grid, n.paths, n.minima, (x, y) => {
      const added = `${x.toFixed(2)},${y.toFixed(2)}`;
      state = { ...readControls(), starts: state.starts ? `${state.starts};${added}` : added };
      writeState(state);
      show();
    });
  }
}

async function show() {
  showError(null);
  document.body.dataset.ready = 'loading';
  try {
    const params = { lang: currentLanguage() };
    for (const [key, value] of Object.entries(state)) if (value !== '' && key in defaults && key !== 'pixels' && key !== 'digit') params[key] = value;
    const page = await api(`/api/lessons/${encodeURIComponent(name)}`, params);
    document.title = `Descent — ${page.name}`;
    document.getElementById('name').textContent = page.name;
    document.getElementById('summary').textContent = page.summary;
    document.getElementById('tutorial').textContent = t('web.lessons.from', page.tutorials);
    fillControls(page.inputs);
    const steps = document.getElementById('steps');
    steps.innerHTML = '';
    page.steps.forEach((step, i) => steps.append(stepSection(step, i)));
    figure(page);
    openButton(page.open);
    document.getElementById('command').textContent = t('web.lessons.command', `descent lesson ${page.name}`);
    if (name === 'mnist') mountMnist(steps, state, (next) => { state = { ...state, ...next }; writeState(state); });
    document.body.dataset.ready = 'true';
  } catch (error) {
    showError(error);
    document.body.dataset.ready = 'error';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  state = readControls();
  writeState(state);
  show();
});

await loadWords();
translatePage();
navigation('/lessons');
buildControls();
show();
