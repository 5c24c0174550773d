// The mnist lesson's live parts, shared with the /weights view: training 784-16-16-10 over Server-Sent Events, the
// first layer's weights as 28×28 images, a pad to draw a digit on, and which weights matter for it. All numbers come
// from the server (the lesson's network, Trainer and backward pass); this module only draws.
import { api, g, t, showError } from '/static/js/descent.js';
import { linePlot } from '/static/js/lesson-figures.js';

/** A 28×28 map as a scaled image: blue for positive, red for negative, white for zero (scale: the largest |value|). */
export function heat(values, pixel = 3, scale = null) {
  const canvas = document.createElement('canvas');
  canvas.width = 28;
  canvas.height = 28;
  canvas.style.width = `${28 * pixel}px`;
  canvas.style.height = `${28 * pixel}px`;
  canvas.className = 'heat';
  const top = scale || Math.max(1e-12, ...values.map((v) => Math.abs(v)));
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(28, 28);
  values.forEach((v, i) => {
    const s = Math.max(-1, Math.min(1, v / top));
    const fade = Math.round(255 * (1 - Math.abs(s)));
    image.data.set(s >= 0 ? [fade, fade, 255, 255] : [255, fade, fade, 255], i * 4);
  });
  ctx.putImageData(image, 0, 0);
  return canvas;
}

function maps(container, images, id, caption) {
  const box = document.createElement('div');
  box.className = 'maps';
  box.id = id;
  images.forEach((values, j) => {
    const fig = document.createElement('figure');
    const label = document.createElement('figcaption');
    label.textContent = `${j + 1}`;
    fig.append(heat(values), label);
    box.append(fig);
  });
  if (caption) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = caption;
    container.append(p);
  }
  container.append(box);
}

/** Trains (or finds the trained run) on the server, streaming each step; calls onDone with the trained numbers. */
export function train(container, settings, onDone) {
  container.innerHTML = '';
  const status = document.createElement('p');
  status.id = 'train-status';
  status.className = 'verdict';
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'train';
  button.textContent = t('web.lessons.mnist.train_button');
  const chart = document.createElement('div');
  const layer = document.createElement('div');
  layer.id = 'first-layer';
  container.append(button, status, chart, layer);
  let source = null;
  const start = () => {
    if (source) source.close();
    button.disabled = true;
    status.textContent = '';
    const losses = [];
    source = new EventSource(`/api/lessons/mnist/train?steps=${settings.steps}&seed=${settings.seed}`);
    source.addEventListener('step', (event) => {
      const step = JSON.parse(event.data);
      losses.push(step.loss);
      status.textContent = t('web.lessons.mnist.training', step.step, step.steps, g(step.loss));
    });
    source.addEventListener('done', (event) => {
      source.close();
      button.disabled = false;
      const run = JSON.parse(event.data);
      status.textContent = t('web.lessons.mnist.trained', run.steps, `${(100 * run.testAccuracy).toFixed(2)}%`, 500);
      status.dataset.done = 'true';
      chart.innerHTML = '';
      linePlot(chart, [{ label: t('lesson.mnist.series'), ys: run.losses }], { xLabel: t('column.step') });
      layer.innerHTML = '';
      maps(layer, run.firstLayer, 'weights-images', t('web.lessons.mnist.first_layer.explain'));
      onDone(run);
    });
    source.addEventListener('failed', (event) => {
      source.close();
      button.disabled = false;
      showError(new Error(JSON.parse(event.data).error));
    });
    source.onerror = () => { if (source.readyState === EventSource.CLOSED) button.disabled = false; };
  };
  button.addEventListener('click', start);
  start();
  addEventListener('pagehide', () => source && source.close());
}

/** The drawing pad and, for what is drawn, which weights matter; save({pixels, digit}) keeps them in the URL. */
export function matter(container, settings, save) {
  container.innerHTML = '';
  const ink = new Float32Array(784);
  const hex = settings.pixels || '';
  if (/^[0-9a-f]{784}$/i.test(hex)) for (let i = 0; i < 784; i++) ink[i] = parseInt(hex[i], 16) / 15;
  const row = document.createElement('div');
  row.className = 'row pad-row';
  const left = document.createElement('div');
  const pad = document.createElement('canvas');
  pad.id = 'pad';
  pad.width = 28;
  pad.height = 28;
  pad.title = t('web.lessons.mnist.draw');
  const tools = document.createElement('p');
  const clear = document.createElement('button');
  clear.type = 'button';
  clear.className = 'secondary';
  clear.id = 'clear';
  clear.textContent = t('web.lessons.mnist.clear');
  const which = document.createElement('select');
  which.id = 'digit';
  const auto = document.createElement('option');
  auto.value = '';
  auto.textContent = t('web.lessons.mnist.predicted_digit');
  which.append(auto);
  for (let d = 0; d <= 9; d++) {
    const o = document.createElement('option');
    o.value = String(d);
    o.textContent = String(d);
    which.append(o);
  }
  which.value = settings.digit || '';
  const whichLabel = document.createElement('label');
  const whichCaption = document.createElement('span');
  whichCaption.textContent = t('web.lessons.mnist.digit');
  whichLabel.append(whichCaption, which);
  tools.append(clear, ' ', whichLabel);
  const hint = document.createElement('p');
  hint.className = 'muted';
  hint.textContent = t('web.lessons.mnist.draw');
  left.append(hint, pad, tools);
  const right = document.createElement('div');
  right.className = 'matter-result';
  row.append(left, right);
  container.append(row);

  const ctx = pad.getContext('2d');
  const paint = () => {
    const image = ctx.createImageData(28, 28);
    ink.forEach((v, i) => { const s = Math.round(255 * (1 - v)); image.data.set([s, s, s, 255], i * 4); });
    ctx.putImageData(image, 0, 0);
  };
  const pixels = () => Array.from(ink, (v) => Math.round(Math.min(1, v) * 15).toString(16)).join('');
  const blank = () => ink.every((v) => v === 0);

  async function ask() {
    if (blank()) { right.innerHTML = ''; return; }
    save({ pixels: pixels(), digit: which.value });
    try {
      const params = { seed: settings.seed, steps: settings.steps, pixels: pixels(), top: 20 };
      if (which.value !== '') params.digit = which.value;
      const answer = await api('/api/weights', params);
      right.innerHTML = '';
      const verdict = document.createElement('p');
      verdict.id = 'prediction';
      verdict.className = 'verdict';
      verdict.textContent = t('web.lessons.mnist.prediction', answer.predicted,
        `${(100 * answer.probabilities[answer.predicted]).toFixed(1)}%`, answer.digit, g(answer.cost));
      right.append(verdict);
      maps(right, answer.maps, 'nudge-maps', t('web.lessons.mnist.maps'));
      const h = document.createElement('h3');
      h.textContent = t('web.lessons.mnist.ranked');
      const table = document.createElement('table');
      table.className = 'numbers';
      table.id = 'ranked';
      const head = table.createTHead().insertRow();
      for (const key of ['rank', 'parameter', 'index', 'value', 'nudge']) {
        const th = document.createElement('th');
        th.textContent = t(`web.lessons.mnist.${key}`);
        head.append(th);
      }
      const body = table.createTBody();
      answer.ranked.forEach((w, k) => {
        const tr = body.insertRow();
        for (const c of [k + 1, w.parameter, `[${w.row}, ${w.column}]`, g(w.value), g(w.nudge)]) tr.insertCell().textContent = c;
      });
      const scroll = document.createElement('div');
      scroll.className = 'scroll';
      scroll.append(table);
      right.append(h, scroll);
      right.dataset.ready = 'true';
    } catch (error) {
      showError(error);
    }
  }

  let drawing = false;
  const brush = (event) => {
    const box = pad.getBoundingClientRect();
    const cx = ((event.clientX - box.left) / box.width) * 28;
    const cy = ((event.clientY - box.top) / box.height) * 28;
    for (let y = Math.floor(cy - 2); y <= Math.ceil(cy + 2); y++) {
      for (let x = Math.floor(cx - 2); x <= Math.ceil(cx + 2); x++) {
        if (x < 0 || y < 0 || x > 27 || y > 27) continue;
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        ink[y * 28 + x] = Math.min(1, ink[y * 28 + x] + Math.max(0, 1 - d / 1.6));
      }
    }
    paint();
  };
  pad.addEventListener('pointerdown', (event) => { drawing = true; pad.setPointerCapture(event.pointerId); brush(event); });
  pad.addEventListener('pointermove', (event) => { if (drawing) brush(event); });
  pad.addEventListener('pointerup', () => { drawing = false; ask(); });
  clear.addEventListener('click', () => { ink.fill(0); paint(); right.innerHTML = ''; save({ pixels: '', digit: which.value }); });
  which.addEventListener('change', ask);
  paint();
  return { ask };
}

/** The mnist lesson's live steps: training under "train", the first layer under it, the pad under "matter". */
export function mountMnist(steps, state, save) {
  const settings = { steps: state.steps || 300, seed: state.seed || 42, pixels: state.pixels, digit: state.digit };
  const trainBox = document.createElement('div');
  steps.querySelector('[data-step="train"]').append(trainBox);
  const matterBox = document.createElement('div');
  steps.querySelector('[data-step="matter"]').append(matterBox);
  // the first layer's images belong to their own step: move them there once drawn
  const pad = matter(matterBox, settings, save);
  train(trainBox, settings, () => {
    const images = trainBox.querySelector('#first-layer');
    steps.querySelector('[data-step="weights"]').append(images);
    pad.ask();
  });
}
