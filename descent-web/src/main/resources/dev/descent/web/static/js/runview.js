// Draws one training run: its diagnosis, charts (uPlot) and tables, from the numbers the server computed (a RunView).
// It imports nothing, so `descent report` can inline it into a file that opens without a server: the caller passes
// the words (t), the number format (g) and uPlot.

/** Tick spacings of an axis that counts (epochs): no 1.25 epochs. */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
const COLORS = ['#2f6fde', '#d6453d', '#1f9d55', '#c98a00', '#7b4fd6', '#0f8b8d', '#b8457e', '#5b6475'];

/** Builds the view of `run` inside `root`; returns update(run) to redraw it with newer numbers. */
export function drawRun(root, run, { t, g, uPlot }) {
  root.innerHTML = '';
  const header = element(root, 'div', 'run-header');
  const title = element(header, 'h1');
  title.id = 'run-name';
  const status = element(header, 'span', 'badge');
  status.id = 'run-status';
  const verdict = element(root, 'div', 'panel diagnosis');
  element(verdict, 'h2').textContent = t('web.runs.diagnosis');
  const sentence = element(verdict, 'p', 'verdict');
  sentence.id = 'verdict';
  const evidence = element(verdict, 'p', 'muted');
  evidence.id = 'evidence';
  const stop = element(verdict, 'p', 'muted');
  stop.id = 'stop';

  const grid = element(root, 'div', 'charts');
  const fmt = (u, v) => (v === null || v === undefined ? '' : g(v));
  const charts = {
    lossStep: chart(grid, 'chart-loss-step', t('web.runs.loss_step'), t('web.runs.step')),
    lossEpoch: chart(grid, 'chart-loss-epoch', t('web.runs.loss_epoch'), t('table.epoch'), true),
    accuracy: chart(grid, 'chart-accuracy', t('web.runs.accuracy_epoch'), t('table.epoch'), true),
    rate: chart(grid, 'chart-learning-rate', t('web.runs.learning_rate'), t('web.runs.step')),
    gradient: chart(grid, 'chart-gradient', t('web.runs.gradient_norm'), t('web.runs.step')),
    ratio: chart(grid, 'chart-update-ratio', t('web.runs.update_ratio'), t('web.runs.step')),
  };
  const layersNote = element(charts.ratio.panel, 'p', 'muted note');
  layersNote.textContent = t('web.runs.layers_live_only');

  const filtersPanel = element(root, 'div', 'panel filters-panel');
  filtersPanel.id = 'filters';
  element(filtersPanel, 'h2').textContent = t('web.runs.filters');
  const filtersCaption = element(filtersPanel, 'p', 'muted caption');
  const filtersBox = element(filtersPanel, 'div', 'filters');

  const tables = element(root, 'div', 'tables');
  const epochPanel = element(tables, 'div', 'panel scroll');
  element(epochPanel, 'h2').textContent = t('web.runs.epoch_table');
  const epochTable = element(epochPanel, 'table', 'numbers');
  epochTable.id = 'epochs';
  const settingsPanel = element(tables, 'div', 'panel');
  element(settingsPanel, 'h2').textContent = t('web.runs.settings');
  const settingsTable = element(settingsPanel, 'table', 'numbers settings');
  settingsTable.id = 'settings';

  function update(next) {
    run = next;
    title.textContent = run.name;
    const statusKey = run.status === 'running' ? (run.steps.count ? 'web.runs.status.running' : 'web.runs.status.waiting')
      : run.status === 'gone' ? 'web.runs.status.gone' : 'web.runs.status.finished';
    status.textContent = t(statusKey);
    status.className = `badge ${run.status}`;
    sentence.textContent = run.diagnosis ? run.diagnosis.sentence : '';
    evidence.textContent = run.diagnosis ? run.diagnosis.evidence : '';
    stop.textContent = run.stop || '';
    const steps = run.steps;
    const drawn = steps.step.length < steps.count ? t('web.runs.steps_drawn', steps.count, steps.step.length)
      : t('web.runs.steps_count', steps.count);
    charts.lossStep.caption.textContent = drawn;
    charts.lossStep.draw([steps.step, steps.loss], [t('web.runs.loss')], fmt);
    const e = run.epochs;
    charts.lossEpoch.draw([e.epoch, e.trainLoss, e.validationLoss], [t('web.runs.train'), t('web.runs.test')], fmt);
    charts.accuracy.panel.hidden = !run.classification;
    if (run.classification) {
      charts.accuracy.draw([e.epoch, e.trainAccuracy, e.validationAccuracy], [t('web.runs.train'), t('web.runs.test')],
        (u, v) => (v === null || v === undefined ? '' : `${(100 * v).toFixed(2)}%`), false);
    }
    charts.rate.draw([steps.step, steps.learningRate], [t('table.lr')], fmt);
    const layers = run.layers;
    const hasLayers = layers && layers.step.length > 0;
    // shown before drawing: a chart takes the width of its box
    charts.ratio.plotBox.hidden = !hasLayers;
    layersNote.hidden = hasLayers;
    if (hasLayers) {
      const names = layers.names.map((name) => t('web.runs.layer', name));
      charts.gradient.draw([layers.step, ...layers.gradientNorm], names, fmt);
      charts.ratio.draw([layers.step, ...layers.updateRatio], names, fmt);
    } else {
      charts.gradient.draw([steps.step, steps.gradientNorm], [t('web.runs.all_layers')], fmt);
    }
    drawFilters(filtersPanel, filtersCaption, filtersBox, run.filters, t, g);
    fillEpochs(epochTable, run, t, g);
    fillSettings(settingsTable, run.settings);
  }

  function chart(parent, id, heading, xLabel, wholeX) {
    const panel = element(parent, 'div', 'panel chart');
    panel.id = id;
    element(panel, 'h2').textContent = heading;
    const caption = element(panel, 'p', 'muted caption');
    const plotBox = element(panel, 'div', 'plot');
    let plot = null;
    let shape = '';
    // the panel's inner width (its box may be hidden while its note shows)
    const plotWidth = () => {
      const style = getComputedStyle(panel);
      const inner = panel.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return Math.max(200, Math.floor(inner || 600));
    };
    return {
      panel,
      caption,
      plotBox,
      draw(data, labels, value, logScale) {
        const clean = data.map((column) => column.map((v) => (v === null || Number.isFinite(v) ? v : null)));
        // a log scale when the values are positive and span more than a decade (a loss, a gradient norm)
        const values = clean.slice(1).flat().filter((v) => v !== null);
        const positive = values.length > 0 && values.every((v) => v > 0);
        const log = logScale !== false && positive && Math.max(...values) > 10 * Math.min(...values);
        const key = `${labels.join('|')}|${log}`;
        if (plot && key === shape) {
          plot.setData(clean);
          return;
        }
        if (plot) plot.destroy();
        shape = key;
        const width = plotWidth();
        plot = new uPlot({
          width,
          height: 220,
          scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
          legend: { live: true },
          cursor: { drag: { x: true, y: false } },
          axes: [{ label: xLabel, size: 40, ...(wholeX ? { incrs: WHOLE_STEPS } : {}) },
            { size: 64, values: (u, ticks) => ticks.map((v) => (v === null ? '' : g(v))) }],
          series: [{ label: xLabel, value: (u, v) => (v === null ? '' : g(v)) },
            ...labels.map((label, k) => ({ label, stroke: COLORS[k % COLORS.length], width: 1.5, spanGaps: true, value,
              points: { show: clean[0].length < 60 } }))],
        }, clean, plotBox);
        plotBox.dataset.points = String(clean[0].length);
      },
      resize() {
        if (plot) plot.setSize({ width: plotWidth(), height: 220 });
      },
    };
  }

  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => Object.values(charts).forEach((c) => c.resize()), 100);
  });
  update(run);
  return update;
}

/**
 * The first convolution's weights [out, in, kH, kW]: one small image per output channel (its input channels side by
 * side), blue below 0, red above, white at 0, on one scale symmetric around 0 (the largest |weight|) for all of them.
 */
function drawFilters(panel, caption, box, filters, t, g) {
  panel.hidden = !filters;
  if (!filters) return;
  const [out, channels, height, width] = filters.shape;
  caption.textContent = t('web.runs.filters_caption', out, `${height}×${width}`, g(filters.scale));
  while (box.children.length > out) box.lastChild.remove();
  while (box.children.length < out) box.append(document.createElement('canvas'));
  const pixel = Math.max(4, Math.round(48 / Math.max(height, width))); // a 3×3 filter is 48 CSS pixels wide
  const across = channels * width + channels - 1; // a blank column between input channels
  for (let o = 0; o < out; o++) {
    const canvas = box.children[o];
    canvas.width = across;
    canvas.height = height;
    canvas.style.width = `${across * pixel}px`;
    canvas.style.height = `${height * pixel}px`;
    canvas.dataset.channel = String(o);
    const context = canvas.getContext('2d');
    const image = context.createImageData(across, height);
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const v = filters.values[((o * channels + c) * height + y) * width + x];
          const at = 4 * (y * across + c * (width + 1) + x);
          image.data.set([...diverging(v / filters.scale), 255], at);
        }
      }
    }
    context.putImageData(image, 0, 0);
  }
}

/** White at 0 to red (#b2182b) at +1 and blue (#2166ac) at -1, linearly; beyond ±1 stays at the ends. */
function diverging(x) {
  const a = Math.min(1, Math.abs(x));
  const end = x < 0 ? [33, 102, 172] : [178, 24, 43];
  return end.map((e) => Math.round(255 + (e - 255) * a));
}

function fillEpochs(table, run, t, g) {
  table.innerHTML = '';
  const head = table.createTHead().insertRow();
  const classification = run.classification;
  const keys = ['table.epoch', 'table.train_loss', ...(classification ? ['table.train_accuracy'] : []),
    'table.test_loss', ...(classification ? ['table.test_accuracy'] : []), 'table.lr', 'table.gradient_norm',
    'table.time'];
  for (const key of keys) {
    const th = document.createElement('th');
    th.textContent = t(key);
    head.append(th);
  }
  const e = run.epochs;
  const body = table.createTBody();
  const percent = (v) => (v === null || v === undefined ? '' : `${(100 * v).toFixed(2)}%`);
  const number = (v) => (v === null || v === undefined ? '' : g(v));
  for (let i = 0; i < e.epoch.length; i++) {
    const row = body.insertRow();
    const cells = [String(e.epoch[i]), number(e.trainLoss[i]), ...(classification ? [percent(e.trainAccuracy[i])] : []),
      number(e.validationLoss[i]), ...(classification ? [percent(e.validationAccuracy[i])] : []),
      number(e.learningRate[i]), number(e.gradientNorm[i]), e.seconds[i] === null ? '' : `${e.seconds[i].toFixed(1)}s`];
    for (const text of cells) row.insertCell().textContent = text;
  }
}

function fillSettings(table, settings) {
  table.innerHTML = '';
  const body = table.createTBody();
  for (const { option, value } of settings) {
    const row = body.insertRow();
    const name = document.createElement('th');
    name.textContent = option;
    row.append(name);
    row.insertCell().textContent = value;
  }
}

function element(parent, tag, className) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  parent.append(el);
  return el;
}
