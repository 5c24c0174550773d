// The graph view: the computation graph the server built through the core (the same as `descent graph`), drawn in
// layers from the inputs (left) to the output (right); the forward pass and then the backward pass are stepped one
// node at a time, showing each value as it is computed and each gradient as the chain rule forms it.
import { loadWords, translatePage, navigation, showError, readState, writeState, api, g, t } from '/static/js/descent.js';

const DEFAULTS = { f: '(2*w+3*b)*(2*b+1)', at: 'w=3,b=4', step: '' };
const SVG = 'http://www.w3.org/2000/svg';
const BOX = { width: 156, height: 78, gapX: 64, gapY: 22, pad: 14 };
const MAX_NAME = 20;

const $ = (id) => document.getElementById(id);
let graph = null; // the server's answer
let position = 0; // 0: nothing computed; 1..n: forward through node position-1; n+1..2n: backward
let playing = null;
let state = readState(DEFAULTS);

function element(name, attributes = {}, text = null) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  if (text !== null) el.textContent = text;
  return el;
}

function short(name) {
  return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name;
}

/** Where each node's box goes: its depth is its column, its row within the column centred on the tallest column. */
function layout() {
  const columns = new Map();
  for (const n of graph.nodes) columns.set(n.depth, (columns.get(n.depth) || 0) + 1);
  const tallest = Math.max(...columns.values());
  const place = new Map();
  for (const n of graph.nodes) {
    const offset = ((tallest - columns.get(n.depth)) * (BOX.height + BOX.gapY)) / 2;
    place.set(n.id, { x: BOX.pad + n.depth * (BOX.width + BOX.gapX), y: BOX.pad + offset + n.row * (BOX.height + BOX.gapY) });
  }
  const width = BOX.pad * 2 + columns.size * (BOX.width + BOX.gapX) - BOX.gapX;
  const height = BOX.pad * 2 + tallest * (BOX.height + BOX.gapY) - BOX.gapY;
  return { place, width, height };
}

function draw() {
  const svg = $('graph');
  svg.innerHTML = '';
  const { place, width, height } = layout();
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  graph.edges.forEach((e, i) => {
    const a = place.get(e.from);
    const b = place.get(e.to);
    const x1 = a.x + BOX.width;
    const y1 = a.y + BOX.height / 2;
    const x2 = b.x;
    const y2 = b.y + BOX.height / 2;
    const mid = (x1 + x2) / 2;
    svg.append(element('path', { class: 'edge', id: `edge-${i}`, d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}` }));
  });
  for (const n of graph.nodes) {
    const p = place.get(n.id);
    const group = element('g', { class: 'node', id: `node-${n.id}`, transform: `translate(${p.x},${p.y})` });
    group.append(element('title', {}, `${n.name} (${n.op})`));
    group.append(element('rect', { width: BOX.width, height: BOX.height, rx: 6 }));
    group.append(element('text', { class: 'name', x: 8, y: 17 }, short(n.name)));
    group.append(element('text', { class: 'op', x: BOX.width - 8, y: 17, 'text-anchor': 'end' }, n.op));
    group.append(element('text', { class: 'value', x: 8, y: 42 }, ''));
    group.append(element('text', { class: 'grad', x: 8, y: 64 }, ''));
    svg.append(group);
  }
  // edge labels last, so that they sit above the boxes
  graph.edges.forEach((e, i) => {
    const a = place.get(e.from);
    const b = place.get(e.to);
    svg.append(element('text', {
      class: 'edge-label', id: `edge-label-${i}`, 'text-anchor': 'middle',
      x: (a.x + BOX.width + b.x) / 2, y: (a.y + b.y + BOX.height) / 2 - 6,
    }, ''));
  });
}

function table() {
  const el = $('nodes');
  el.innerHTML = '';
  const head = el.createTHead().insertRow();
  for (const c of ['#', t('web.graph.node'), t('web.graph.op'), t('web.graph.value'), t('web.graph.gradient')]) {
    const th = document.createElement('th');
    th.textContent = c;
    head.append(th);
  }
  const body = el.createTBody();
  for (const n of graph.nodes) {
    const row = body.insertRow();
    row.dataset.node = n.id;
    for (const cell of [n.id + 1, n.name, n.op, '', '']) row.insertCell().textContent = cell;
  }
}

const count = () => graph.nodes.length;
/** The node the backward pass is at in step k of it (k = 0 is the output): reverse forward order. */
const backwardNode = (k) => graph.nodes[count() - 1 - k];

function show(next) {
  const n = count();
  position = Math.max(0, Math.min(next, 2 * n));
  const forwardDone = Math.min(position, n); // nodes whose value is known
  const backwardDone = Math.max(0, position - n); // nodes whose gradient is known (from the output back)
  const current = position === 0 ? null : position <= n ? graph.nodes[position - 1] : backwardNode(backwardDone - 1);
  graph.nodes.forEach((node, i) => {
    const known = i < forwardDone;
    const hasGrad = i >= n - backwardDone;
    const group = $(`node-${node.id}`);
    group.classList.toggle('computed', known);
    group.classList.toggle('has-grad', hasGrad);
    group.classList.toggle('current', current === node);
    group.querySelector('.value').textContent = known ? `= ${g(node.value)}` : '';
    group.querySelector('.grad').textContent = hasGrad ? t('web.graph.box_gradient', g(node.gradient)) : '';
    const row = document.querySelector(`#nodes tr[data-node="${node.id}"]`);
    row.cells[3].textContent = known ? g(node.value) : '';
    row.cells[4].textContent = hasGrad ? g(node.gradient) : '';
    row.classList.toggle('current', current === node);
  });
  const backward = position > n;
  graph.edges.forEach((e, i) => {
    const path = $(`edge-${i}`);
    const forwardEdge = !backward && current && e.to === current.id;
    const backwardEdge = backward && current && e.from === current.id;
    path.classList.toggle('active', !!(forwardEdge || backwardEdge));
    path.classList.toggle('backward', !!backwardEdge);
    $(`edge-label-${i}`).textContent = backwardEdge ? `${g(e.upstream)} × ${g(e.local)}` : '';
  });
  narrate(current, backward);
  $('forward').disabled = position >= n;
  $('backward').disabled = position < n || position >= 2 * n;
  $('reset').disabled = position === 0;
  state.step = String(position);
  writeState(state);
}

function narrate(current, backward) {
  const terms = $('terms');
  terms.innerHTML = '';
  $('sum').textContent = '';
  const byId = (id) => graph.nodes[id];
  let text;
  if (!current) {
    text = t('web.graph.ready');
  } else if (!backward) {
    text = current.inputs.length === 0 ? t('web.graph.forward_input', current.name, g(current.value))
      : t('web.graph.forward_node', current.name, g(current.value), current.op);
    if (position === count()) text += ` ${t('web.graph.forward_done', g(graph.value))}`;
  } else if (current === graph.nodes[count() - 1]) {
    text = t('web.graph.backward_seed');
  } else {
    text = t('web.graph.backward_node', current.name, g(current.gradient));
    const parts = [];
    for (const e of graph.edges.filter((x) => x.from === current.id)) {
      const user = byId(e.to);
      const li = document.createElement('li');
      li.textContent = t('web.graph.term', user.name, current.name, g(e.upstream), g(e.local), g(e.contribution));
      terms.append(li);
      parts.push(g(e.contribution));
    }
    if (parts.length > 1) $('sum').textContent = `${parts.join(' + ')} = ${g(current.gradient)}`;
  }
  if (backward && position === 2 * count()) text += ` ${t('web.graph.backward_done')}`;
  $('narration').textContent = text;
}

function stop() {
  if (playing) clearInterval(playing);
  playing = null;
}

async function load() {
  stop();
  showError(null);
  try {
    graph = await api('/api/graph', { f: state.f, at: state.at });
    const partials = graph.variables.map((v) => `∂f/∂${v} = ${g(graph.gradient[v])}`).join(', ');
    $('partials').textContent = t('web.graph.partials', g(graph.value), partials);
    draw();
    table();
    show(state.step === '' ? 0 : parseInt(state.step, 10) || 0);
  } catch (error) {
    showError(error);
  }
}

$('controls').addEventListener('submit', (event) => {
  event.preventDefault();
  state = { f: $('f').value.trim(), at: $('at').value.trim(), step: '' };
  writeState(state);
  load();
});
$('forward').addEventListener('click', () => { stop(); show(position + 1); });
$('backward').addEventListener('click', () => { stop(); show(position + 1); });
$('reset').addEventListener('click', () => { stop(); show(0); });
$('play').addEventListener('click', () => {
  if (playing) { stop(); return; }
  if (position >= 2 * count()) show(0);
  playing = setInterval(() => {
    if (position >= 2 * count()) { stop(); return; }
    show(position + 1);
  }, 700);
});

await loadWords();
translatePage();
navigation('/graph');
$('f').value = state.f;
$('at').value = state.at;
load();
