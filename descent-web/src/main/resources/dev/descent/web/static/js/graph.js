// The graph view: the computation graph the server built through the core (the same as `descent graph`), drawn in
// layers from the inputs (left) to the output (right); the forward pass and then the backward pass are stepped one
// node at a time, showing each value as it is computed and each gradient as the chain rule forms it.
import { loadWords, translatePage, navigation, showError, readState, writeState, api, g, t } from '/static/js/descent.js';

const DEFAULTS = { f: '(2*w+3*b)*(2*b+1)', at: 'w=3,b=4', step: '' };
const SVG = 'http://www.w3.org/2000/svg';
const BOX = { width: 156, height: 78, gapX: 64, gapY: 22, pad: 14 };

const $ = (id) => document.getElementById(id);
let graph = null; // the server's answer
let position = 0; // 0: nothing computed; 1..n: forward through node position-1; n+1..2n: backward
let playing = null;
let state = readState(DEFAULTS);
let drawnVertical = null; // the layout drawn, to redraw when the window crosses the phone width

function element(name, attributes = {}, text = null) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  if (text !== null) el.textContent = text;
  return el;
}

/** A node's name as a denominator: ∂f/∂b, but ∂f/∂(3*b). */
function wrapped(name) {
  return /^[A-Za-z_][A-Za-z_0-9]*$/.test(name) ? name : `(${name})`;
}

/**
 * Where each node's box goes. Wide screens: depth is the column, inputs at the left and the output at the right.
 * Narrow screens (a phone): depth is the row, inputs at the bottom and the output at the top, with narrower boxes.
 */
function layout() {
  const vertical = $('graph').parentElement.clientWidth < 600;
  const box = vertical ? { ...BOX, width: 128, gapX: 12, gapY: 46 } : BOX;
  const layers = new Map();
  for (const n of graph.nodes) layers.set(n.depth, (layers.get(n.depth) || 0) + 1);
  const widest = Math.max(...layers.values());
  const depths = layers.size;
  const place = new Map();
  for (const n of graph.nodes) {
    if (vertical) {
      const offset = ((widest - layers.get(n.depth)) * (box.width + box.gapX)) / 2;
      place.set(n.id, { x: box.pad + offset + n.row * (box.width + box.gapX),
        y: box.pad + (depths - 1 - n.depth) * (box.height + box.gapY) });
    } else {
      const offset = ((widest - layers.get(n.depth)) * (box.height + box.gapY)) / 2;
      place.set(n.id, { x: box.pad + n.depth * (box.width + box.gapX),
        y: box.pad + offset + n.row * (box.height + box.gapY) });
    }
  }
  const across = vertical ? widest : depths;
  const down = vertical ? depths : widest;
  const width = box.pad * 2 + across * (box.width + box.gapX) - box.gapX;
  const height = box.pad * 2 + down * (box.height + box.gapY) - box.gapY;
  return { place, width, height, box, vertical };
}

/** Shortens an SVG text to `room` pixels: names with an ellipsis, numbers by squeezing the letters a little. */
function fit(text, room, squeeze) {
  if (text.getComputedTextLength() <= room) return;
  if (squeeze) {
    text.setAttribute('textLength', room);
    text.setAttribute('lengthAdjust', 'spacingAndGlyphs');
    return;
  }
  const full = text.textContent;
  let keep = full.length;
  while (keep > 1 && text.getComputedTextLength() > room) text.textContent = `${full.slice(0, --keep)}…`;
}

function draw() {
  const svg = $('graph');
  svg.innerHTML = '';
  const { place, width, height, box, vertical } = layout();
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.classList.toggle('vertical', vertical);
  // an edge leaves its input's right side (top, on a phone) and enters its user's left side (bottom)
  const out = (p) => (vertical ? [p.x + box.width / 2, p.y] : [p.x + box.width, p.y + box.height / 2]);
  const into = (p) => (vertical ? [p.x + box.width / 2, p.y + box.height] : [p.x, p.y + box.height / 2]);
  const ends = graph.edges.map((e) => [out(place.get(e.from)), into(place.get(e.to))]);
  ends.forEach(([[x1, y1], [x2, y2]], i) => {
    const d = vertical
      ? `M${x1},${y1} C${x1},${(y1 + y2) / 2} ${x2},${(y1 + y2) / 2} ${x2},${y2}`
      : `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`;
    svg.append(element('path', { class: 'edge', id: `edge-${i}`, d }));
  });
  for (const n of graph.nodes) {
    const p = place.get(n.id);
    const group = element('g', { class: 'node', id: `node-${n.id}`, transform: `translate(${p.x},${p.y})` });
    group.append(element('title', {}, `${n.name} (${n.op})`));
    group.append(element('rect', { width: box.width, height: box.height, rx: 6 }));
    const op = element('text', { class: 'op', x: box.width - 8, y: 17, 'text-anchor': 'end' }, n.op);
    const name = element('text', { class: 'name', x: 8, y: 17 }, n.name);
    group.append(op, name, element('text', { class: 'value', x: 8, y: 42 }, ''),
      element('text', { class: 'grad', x: 8, y: 64 }, ''));
    svg.append(group);
    fit(name, box.width - 22 - op.getComputedTextLength(), false);
  }
  // edge labels last, so that they sit above the boxes
  ends.forEach(([[x1, y1], [x2, y2]], i) => {
    svg.append(element('text', {
      class: 'edge-label', id: `edge-label-${i}`, 'text-anchor': 'middle', x: (x1 + x2) / 2,
      y: (y1 + y2) / 2 + (vertical ? 4 : -6),
    }, ''));
  });
  svg.dataset.room = box.width - 16;
  drawnVertical = vertical;
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
    const value = group.querySelector('.value');
    const grad = group.querySelector('.grad');
    value.textContent = known ? `= ${g(node.value)}` : '';
    grad.textContent = hasGrad ? t('web.graph.box_gradient', g(node.gradient)) : '';
    for (const text of [value, grad]) {
      text.removeAttribute('textLength');
      if (text.textContent) fit(text, Number($('graph').dataset.room), true);
    }
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
      li.textContent = t('web.graph.term', wrapped(user.name), wrapped(current.name), g(e.upstream), g(e.local),
        g(e.contribution));
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
  $('play').textContent = t('web.graph.play');
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
  $('play').textContent = t('web.graph.pause');
  playing = setInterval(() => {
    show(position + 1);
    if (position >= 2 * count()) stop();
  }, 700);
});

window.addEventListener('resize', () => {
  if (graph && drawnVertical !== ($('graph').parentElement.clientWidth < 600)) {
    draw();
    show(position);
  }
});

await loadWords();
translatePage();
navigation('/graph');
$('f').value = state.f;
$('at').value = state.at;
load();
