// The playground: a network trained on 2-D points on the server (one session per page, the core's optimizers and
// losses); this page only draws what the server sends — the decision boundary, each hidden neuron, the weights and
// the loss curves — and sends the controls. The whole setup lives in the URL.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { loadWords, translatePage, navigation, showError, readState, writeState, api, post, g, t }
  from '/static/js/descent.js';

const KEYS = ['data', 'classes', 'noise', 'points', 'train', 'seed', 'layers', 'activation', 'loss', 'optimizer', 'lr',
  'batch', 'reg', 'regRate'];
// class 0 orange, class 1 blue (TensorFlow Playground's pair), then green, purple, red, grey
const COLORS = [[232, 115, 12], [47, 111, 222], [31, 157, 85], [142, 68, 173], [214, 69, 61], [110, 110, 110]];
const $ = (id) => document.getElementById(id);

let choices;
let defaults;
let id = null;
let generation = 0;
let rows = [];
let version = -1;
let running = false;
let points = null;
let last = null;
let selected = null;
let neuron = null;
let chart = null;
let diagramKey = '';
let lastGenerated = 'moons';

// ---- controls and the URL ----

function fillSelect(select, values, label) {
  select.innerHTML = '';
  for (const value of values) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = label(value);
    select.append(option);
  }
}

function fillControls(state) {
  for (const key of KEYS) {
    const el = $(key);
    if (key === 'data' && state.data === 'upload' && !el.querySelector('option[value=upload]')) addUploadOption();
    if (el) el.value = state[key];
  }
  showClasses(state.data);
}

function addUploadOption() {
  const option = document.createElement('option');
  option.value = 'upload';
  option.textContent = t('web.playground.data.upload');
  $('data').append(option);
}

/** Shows the controls that matter for the setup: classes for spirals and blobs, the rate when regularising. */
function showClasses(data) {
  $('classes').closest('label').hidden = !(data === 'spirals' || data === 'blobs');
  $('regRate').closest('label').hidden = $('reg').value === 'none';
}

function readControls() {
  const state = {};
  for (const key of KEYS) state[key] = $(key).value.trim();
  return state;
}

/** The setup as the URL keeps it: uploaded points cannot travel in a URL, so it names the last generated set. */
function remember(state) {
  if (state.data !== 'upload') lastGenerated = state.data;
  writeState({ ...state, data: state.data === 'upload' ? lastGenerated : state.data });
}

async function setupChanged(event) {
  const state = readControls();
  if (event && event.target.id === 'optimizer') {
    const o = choices.optimizers.find((k) => k.label === state.optimizer);
    if (o) { state.lr = String(o.learningRate); $('lr').value = state.lr; }
  }
  showClasses(state.data);
  remember(state);
  await call(`/api/playground/${id}/reset`, state);
}

// ---- talking to the server ----

async function call(path, payload = {}) {
  try {
    const answer = await post(path, { historyFrom: rows.length, historyVersion: version, ...payload });
    showError(null);
    render(answer);
    return answer;
  } catch (error) {
    showError(error);
    return null;
  }
}

async function start() {
  const state = readState(defaults);
  fillControls(state);
  let answer;
  try {
    answer = await post('/api/playground/session', state);
  } catch (error) {
    showError(error); // a URL with a value out of bounds: say which, and start from the defaults
    fillControls(defaults);
    answer = await post('/api/playground/session', defaults);
  }
  id = answer.id;
  render(answer);
  $('downloadModel').href = `/api/playground/${id}/model.safetensors`;
  $('downloadHistory').href = `/api/playground/${id}/history.csv`;
  const events = new EventSource(`/api/playground/${id}/events`);
  events.addEventListener('ready', () => { $('play').disabled = false; });
  events.addEventListener('state', (e) => render(JSON.parse(e.data)));
  events.addEventListener('gone', (e) => { showError(new Error(JSON.parse(e.data).error)); events.close(); });
}

// ---- drawing ----

function render(s) {
  if (s.generation < generation) return; // a late state from before the last reset
  if (s.generation > generation) { rows = []; version = -1; }
  generation = s.generation;
  last = s;
  if (s.train) points = { train: s.train, test: s.test };
  rows = s.historyVersion === version ? rows.slice(0, s.historyFrom).concat(s.history) : s.history.slice();
  version = s.historyVersion;
  if (s.running !== undefined) running = s.running;
  $('play').textContent = t(running ? 'web.playground.pause' : 'web.playground.play');
  $('play').dataset.running = running;
  $('stepCount').textContent = t('web.playground.step_count', s.step.toLocaleString('en-US'));
  $('stepCount').dataset.step = s.step;
  $('epochCount').textContent = s.setup.optimizer === 'gd' || s.setup.optimizer === 'lbfgs'
    || s.setup.optimizer === 'newton' ? '' : ` · ${t('web.playground.epoch', s.epoch)}`;
  number('testLoss', s.testLoss, g);
  number('trainLoss', s.trainLoss, g);
  number('testAccuracy', s.testAccuracy, percent);
  number('trainAccuracy', s.trainAccuracy, percent);
  $('parameters').textContent = `· ${t('web.playground.parameters', s.parameters)}`;
  $('diverged').hidden = !s.diverged;
  drawBoundary(s);
  drawNetwork(s);
  drawChart();
}

function number(cell, value, format) {
  if (value === 0) value = 0; // -0 (a loss rounded in float) reads as 0
  $(cell).textContent = format(value);
  $(cell).dataset.value = value === null ? 'NaN' : value;
}

function percent(value) {
  return value === null ? 'NaN' : `${(100 * value).toFixed(1)}%`;
}

function bytes(base64) {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function mix(color, strength) {
  return color.map((c) => Math.round(255 + (c - 255) * strength));
}

function drawBoundary(s) {
  const canvas = $('boundary');
  const ctx = canvas.getContext('2d');
  const size = s.boundary.size;
  const k = s.classes;
  const p = bytes(s.boundary.probabilities);
  const image = new ImageData(size, size);
  for (let cell = 0; cell < size * size; cell++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[cell * k + c] > p[cell * k + best]) best = c;
    const confidence = (p[cell * k + best] / 255 - 1 / k) / (1 - 1 / k);
    const [r, gr, b] = mix(COLORS[best % COLORS.length], 0.12 + 0.5 * confidence);
    image.data.set([r, gr, b, 255], cell * 4);
  }
  const small = new OffscreenCanvas(size, size);
  small.getContext('2d').putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  if (!points) return;
  const [x0, x1, y0, y1] = s.extent;
  const px = (x) => ((x - x0) / (x1 - x0)) * canvas.width;
  const py = (y) => ((y1 - y) / (y1 - y0)) * canvas.height;
  for (const [set, filled] of [[points.train, true], [points.test, false]]) {
    for (let i = 0; i < set.labels.length; i++) {
      const color = `rgb(${COLORS[set.labels[i] % COLORS.length].join(',')})`;
      ctx.beginPath();
      ctx.arc(px(set.xy[2 * i]), py(set.xy[2 * i + 1]), 3.2, 0, 2 * Math.PI);
      ctx.fillStyle = filled ? color : '#fff';
      ctx.fill();
      ctx.lineWidth = filled ? 1 : 1.8;
      ctx.strokeStyle = filled ? '#fff' : color;
      ctx.stroke();
    }
  }
}

/** Positions of the nodes: one column per layer, the columns spread over the diagram's width. */
function layout(sizes) {
  const width = Math.max(280, Math.min(520, ($('diagram').parentElement.clientWidth || 486) - 26));
  const most = Math.max(...sizes);
  const node = most > 10 ? 22 : most > 6 ? 28 : 34;
  const gap = most > 10 ? 5 : 8;
  const top = 22;
  const height = top + most * (node + gap) + 28;
  const columns = sizes.map((n, c) => {
    const x = 6 + (c * (width - node - 12)) / (sizes.length - 1);
    const y0 = top + ((most - n) * (node + gap)) / 2;
    return Array.from({ length: n }, (_, i) => ({ x, y: y0 + i * (node + gap) }));
  });
  return { width, height, node, columns };
}

function nodeName(column, index, sizes) {
  if (column === 0) return index === 0 ? 'x' : 'y';
  if (column === sizes.length - 1) return `${t('web.playground.output')} ${index}`;
  return `${t('web.playground.hidden', column)}.${index + 1}`;
}

function buildDiagram(sizes) {
  const box = $('diagram');
  const { width, height, node, columns } = layout(sizes);
  box.innerHTML = '';
  box.style.height = `${height}px`;
  box.style.width = `${width}px`;
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  for (let l = 0; l + 1 < columns.length; l++) {
    columns[l].forEach((a, from) => columns[l + 1].forEach((b, to) => {
      const line = document.createElementNS(svgNs, 'line');
      line.setAttribute('x1', a.x + node);
      line.setAttribute('y1', a.y + node / 2);
      line.setAttribute('x2', b.x);
      line.setAttribute('y2', b.y + node / 2);
      line.classList.add('link');
      Object.assign(line.dataset, { layer: l, from, to });
      line.addEventListener('click', () => select(l, from, to));
      svg.append(line);
    }));
  }
  box.append(svg);
  columns.forEach((column, c) => {
    const label = document.createElement('span');
    label.className = 'column-label';
    label.style.left = `${column[0].x + node / 2}px`;
    label.textContent = c === 0 ? t('web.playground.input') : c === columns.length - 1 ? t('web.playground.output')
      : t('web.playground.hidden', c);
    box.append(label);
    column.forEach((p, i) => {
      const canvas = document.createElement('canvas');
      canvas.className = 'neuron';
      canvas.width = 24;
      canvas.height = 24;
      Object.assign(canvas.style, { left: `${p.x}px`, top: `${p.y}px`, width: `${node}px`, height: `${node}px` });
      canvas.dataset.column = c;
      canvas.dataset.index = i;
      canvas.title = nodeName(c, i, sizes);
      if (c > 0) canvas.addEventListener('click', () => selectNeuron(c, i));
      box.append(canvas);
    });
    if (c > 0 && c < columns.length - 1) {
      const buttons = document.createElement('span');
      buttons.className = 'neuron-buttons';
      buttons.style.left = `${column[0].x + node / 2}px`;
      buttons.style.top = `${height - 24}px`;
      for (const [text, change, title] of [['+', 1, 'web.playground.add_neuron'], ['−', -1, 'web.playground.remove_neuron']]) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'secondary small';
        b.textContent = text;
        b.title = t(title);
        b.dataset.column = c;
        b.addEventListener('click', () => resizeLayer(c - 1, change));
        buttons.append(b);
      }
      box.append(buttons);
    }
  });
  paintInputs(columns[0].length);
}

function paintInputs() {
  document.querySelectorAll('#diagram canvas.neuron[data-column="0"]').forEach((canvas) => {
    const ctx = canvas.getContext('2d');
    const image = new ImageData(24, 24);
    for (let r = 0; r < 24; r++) {
      for (let c = 0; c < 24; c++) {
        const v = canvas.dataset.index === '0' ? (c + 0.5) / 12 - 1 : 1 - (r + 0.5) / 12;
        image.data.set([...neuronColor(v), 255], (r * 24 + c) * 4);
      }
    }
    ctx.putImageData(image, 0, 0);
  });
}

/** A value in [-1, 1] as TensorFlow Playground paints it: orange below zero, blue above, white at zero. */
function neuronColor(v) {
  return mix(v < 0 ? COLORS[0] : COLORS[1], Math.min(1, Math.abs(v)) * 0.85);
}

function drawNetwork(s) {
  const sizes = s.layerSizes;
  const key = sizes.join(',');
  if (key !== diagramKey) {
    diagramKey = key;
    buildDiagram(sizes);
    if (selected && (selected.layer >= sizes.length - 1 || selected.from >= sizes[selected.layer]
      || selected.to >= sizes[selected.layer + 1])) selected = null;
  }
  s.neurons.layers.forEach((layer, h) => layer.neurons.forEach((neuron, i) => {
    const canvas = document.querySelector(`#diagram canvas.neuron[data-column="${h + 1}"][data-index="${i}"]`);
    if (!canvas) return;
    const v = bytes(neuron.values);
    const size = s.neurons.size;
    const image = new ImageData(size, size);
    for (let cell = 0; cell < size * size; cell++) {
      image.data.set([...neuronColor((v[cell] - 127.5) / 127.5), 255], cell * 4);
    }
    canvas.getContext('2d').putImageData(image, 0, 0);
  }));
  const out = sizes.length - 1;
  document.querySelectorAll(`#diagram canvas.neuron[data-column="${out}"]`).forEach((canvas) => {
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = `rgb(${COLORS[Number(canvas.dataset.index) % COLORS.length].join(',')})`;
    ctx.fillRect(0, 0, 24, 24);
  });
  let largest = 0;
  for (const layer of s.weights) for (const row of layer.weights) for (const w of row) largest = Math.max(largest, Math.abs(w));
  document.querySelectorAll('#diagram line.link').forEach((line) => {
    const w = s.weights[line.dataset.layer].weights[line.dataset.from][line.dataset.to];
    const strength = largest > 0 ? Math.abs(w) / largest : 0;
    line.style.stroke = `rgb(${(w < 0 ? COLORS[0] : COLORS[1]).join(',')})`;
    line.style.strokeWidth = (0.6 + 4 * strength).toFixed(2);
    line.style.strokeOpacity = (0.25 + 0.75 * strength).toFixed(2);
    line.dataset.weight = w;
    line.classList.toggle('selected', !!selected && selected.layer === Number(line.dataset.layer)
      && selected.from === Number(line.dataset.from) && selected.to === Number(line.dataset.to));
  });
  showWeight();
  showNeuron();
}

/** A neuron clicked: the list of its incoming weights, each one editable. */
function selectNeuron(column, index) {
  neuron = { column, index };
  selected = null;
  if (last) drawNetwork(last);
}

function showNeuron() {
  const box = $('neuronWeights');
  const sizes = last.layerSizes;
  if (neuron && (neuron.column >= sizes.length || neuron.index >= sizes[neuron.column])) neuron = null;
  box.hidden = !neuron;
  if (!neuron) return;
  const { column, index } = neuron;
  $('neuronLabel').textContent = t('web.playground.incoming', nodeName(column, index, sizes));
  const table = $('neuronTable');
  const key = `${column}.${index}.${sizes.join(',')}`;
  if (table.dataset.key !== key) {
    table.dataset.key = key;
    table.innerHTML = '';
    for (let from = 0; from < sizes[column - 1]; from++) {
      const row = table.insertRow();
      row.insertCell().textContent = nodeName(column - 1, from, sizes);
      const input = document.createElement('input');
      input.type = 'text';
      input.size = 9;
      input.dataset.from = from;
      input.addEventListener('change', () => call(`/api/playground/${id}/weight`,
        { layer: column - 1, from, to: index, value: input.value.trim() }));
      row.insertCell().append(input);
    }
  }
  table.querySelectorAll('input').forEach((input) => {
    if (document.activeElement !== input) {
      input.value = g(last.weights[column - 1].weights[Number(input.dataset.from)][index]);
    }
  });
}

function select(layer, from, to) {
  neuron = null;
  selected = { layer, from, to };
  if (last) drawNetwork(last);
  $('weightValue').focus();
}

function showWeight() {
  const form = $('weightForm');
  form.hidden = !selected;
  if (!selected || !last) return;
  const sizes = last.layerSizes;
  $('weightLabel').textContent = t('web.playground.weight', nodeName(selected.layer, selected.from, sizes),
    nodeName(selected.layer + 1, selected.to, sizes));
  const w = last.weights[selected.layer].weights[selected.from][selected.to];
  const input = $('weightValue');
  if (document.activeElement !== input || input.dataset.shown === undefined) input.value = g(w);
  input.dataset.shown = w;
}

function resizeLayer(index, change) {
  const layers = $('layers').value.split(',').map((x) => parseInt(x, 10)).filter((x) => x > 0);
  layers[index] = Math.max(1, Math.min(choices.maxNeurons, layers[index] + change));
  $('layers').value = layers.join(',');
  setupChanged();
}

function changeLayers(change) {
  const layers = $('layers').value.split(',').map((x) => parseInt(x, 10)).filter((x) => x > 0);
  if (change > 0 && layers.length < choices.maxLayers) layers.push(layers.length ? layers[layers.length - 1] : 4);
  if (change < 0) layers.pop();
  $('layers').value = layers.length ? layers.join(',') : '0';
  setupChanged();
}

function drawChart() {
  const box = $('chart');
  const width = Math.max(260, Math.min(560, box.clientWidth || 320));
  // a log axis shows the progress after the first fall; a loss of 0 (or below, in float rounding) sits at its floor
  const floor = (v) => (v === null ? null : Math.max(v, 1e-7));
  const data = [rows.map((r) => r[0]), rows.map((r) => floor(r[1])), rows.map((r) => floor(r[2]))];
  if (!chart || chart.width !== width) {
    if (chart) chart.destroy();
    chart = new uPlot({
      width,
      height: 170,
      legend: { show: true, live: false },
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ label: t('column.step') }, {}],
      series: [{ label: t('column.step') },
        { label: t('web.playground.train_loss'), stroke: '#5b6475', width: 1.5 },
        { label: t('web.playground.test_loss'), stroke: '#d6453d', width: 1.5 }],
    }, data, box);
  } else {
    chart.setData(data);
  }
}

// ---- events ----

function wire() {
  for (const key of KEYS) $(key).addEventListener('change', setupChanged);
  $('toolbar').addEventListener('submit', (e) => e.preventDefault());
  $('play').addEventListener('click', () => call(`/api/playground/${id}/${running ? 'pause' : 'play'}`));
  $('step').addEventListener('click', () => call(`/api/playground/${id}/step`, { count: 1 }));
  $('reset').addEventListener('click', () => call(`/api/playground/${id}/reset`, readControls()));
  $('addLayer').addEventListener('click', () => changeLayers(1));
  $('removeLayer').addEventListener('click', () => changeLayers(-1));
  $('weightForm').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!selected) return;
    call(`/api/playground/${id}/weight`, { ...selected, value: $('weightValue').value.trim() });
  });
  $('upload').addEventListener('change', async () => {
    const file = $('upload').files[0];
    if (!file) return;
    const csv = await file.text();
    const answer = await call(`/api/playground/${id}/upload`, { csv, setup: { ...readControls(), data: 'upload' } });
    $('upload').value = '';
    if (answer) fillControls(answer.setup);
  });
  let width = window.innerWidth;
  window.addEventListener('resize', () => {
    if (window.innerWidth === width || !last) return;
    width = window.innerWidth;
    diagramKey = '';
    render(last);
  });
}

await loadWords();
translatePage();
navigation('/');
choices = await api('/api/playground/choices');
defaults = Object.fromEntries(Object.entries(choices.defaults).map(([k, v]) => [k, String(v)]));
fillSelect($('data'), choices.data, (d) => t(`web.playground.data.${d}`));
fillSelect($('optimizer'), choices.optimizers.map((o) => o.label),
  (label) => choices.optimizers.find((o) => o.label === label).name);
fillSelect($('loss'), choices.losses, (l) => l);
fillSelect($('activation'), choices.activations, (a) => a);
wire();
start().catch(showError);
