import { g as sixDigits } from '/static/js/descent.js';

// The lessons' small figures, drawn on canvas from numbers the server computed: line charts and a contour map.
const COLOURS = ['#2f6fde', '#d6453d', '#1f9d55', '#c98a00', '#7b4bd6', '#0f8b8d'];

function canvasIn(container, height, fixedWidth = null) {
  const canvas = document.createElement('canvas');
  const width = fixedWidth || Math.min(container.clientWidth || 600, 720);
  const ratio = window.devicePixelRatio || 1;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  container.append(canvas);
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  return { canvas, g, width, height };
}

/** Lines of ys against their index (steps or epochs); logY draws log10 of positive values. */
export function linePlot(container, series, { xLabel = '', yLabel = '', logY = false } = {}) {
  const wrap = document.createElement('div');
  wrap.className = 'figure panel';
  container.append(wrap);
  const { g, width, height } = canvasIn(wrap, 220);
  const tf = (v) => (logY ? (v > 0 ? Math.log10(v) : NaN) : v);
  let lo = Infinity; let hi = -Infinity; let n = 1;
  for (const s of series) {
    n = Math.max(n, s.ys.length - 1);
    for (const v of s.ys) {
      const y = tf(v);
      if (Number.isFinite(y)) { lo = Math.min(lo, y); hi = Math.max(hi, y); }
    }
  }
  if (!Number.isFinite(lo)) return;
  if (hi === lo) { hi += 1; lo -= 1; }
  const left = 52; const right = 10; const top = 10; const bottom = 34;
  const px = (i) => left + (i / n) * (width - left - right);
  const py = (v) => top + (1 - (v - lo) / (hi - lo)) * (height - top - bottom);
  g.strokeStyle = '#d9dee7'; g.fillStyle = '#5b6475'; g.font = '11px system-ui, sans-serif';
  for (let k = 0; k <= 4; k++) {
    const v = lo + (k / 4) * (hi - lo);
    g.beginPath(); g.moveTo(left, py(v)); g.lineTo(width - right, py(v)); g.stroke();
    const label = sixDigits(Number((logY ? 10 ** v : v).toPrecision(2)));
    g.fillText(label, 2, py(v) + 4);
  }
  g.fillText('0', left, height - bottom + 14);
  g.fillText(String(n), width - right - 20, height - bottom + 14);
  g.fillText(xLabel, left + (width - left) / 2 - 20, height - 4);
  series.forEach((s, k) => {
    g.strokeStyle = COLOURS[k % COLOURS.length]; g.lineWidth = 2; g.beginPath();
    let pen = false;
    s.ys.forEach((v, i) => {
      const y = tf(v);
      if (!Number.isFinite(y)) { pen = false; return; }
      if (pen) g.lineTo(px(i), py(y)); else g.moveTo(px(i), py(y));
      pen = true;
    });
    g.stroke();
  });
  const legend = document.createElement('p');
  legend.className = 'legend';
  series.forEach((s, k) => {
    const item = document.createElement('span');
    item.style.setProperty('--swatch', COLOURS[k % COLOURS.length]);
    item.textContent = s.label;
    legend.append(item);
  });
  if (yLabel) {
    const y = document.createElement('span');
    y.className = 'muted';
    y.textContent = yLabel;
    legend.append(y);
  }
  wrap.append(legend);
}

/** A contour map of grid.values (log scale), the descents' paths coloured by the minimum reached; click reports (x, y). */
export function contourPlot(container, grid, paths, minima, onClick, labels = null) {
  const wrap = document.createElement('div');
  wrap.className = 'figure panel contour';
  container.append(wrap);
  const side = Math.min((container.clientWidth || 480) - 30, 480);
  const { canvas, g } = canvasIn(wrap, side, side);
  const width = side; const size = grid.size;
  const xmin = grid.xmin ?? grid.min; const xmax = grid.xmax ?? grid.max;
  const ymin = grid.ymin ?? grid.min; const ymax = grid.ymax ?? grid.max;
  const toPx = (x) => ((x - xmin) / (xmax - xmin)) * width;
  const toPy = (y) => (1 - (y - ymin) / (ymax - ymin)) * side;
  let lo = Infinity; let hi = -Infinity;
  for (const v of grid.values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const cell = width / (size - 1);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const v = (grid.values[j * size + i] - lo) / (hi - lo);
      const shade = Math.round(255 - 150 * v);
      // bands every tenth of the range read as contour lines
      const band = Math.floor(v * 12) % 2 === 0 ? 0 : 14;
      g.fillStyle = `rgb(${shade - band}, ${shade - band + 8}, 255)`;
      g.fillRect(toPx(xmin + (i / (size - 1)) * (xmax - xmin)) - cell / 2,
        toPy(ymin + (j / (size - 1)) * (ymax - ymin)) - cell / 2, cell + 1, cell + 1);
    }
  }
  for (const path of paths) {
    g.strokeStyle = path.minimum < 0 ? '#5b6475' : COLOURS[path.minimum];
    g.lineWidth = 1.5; g.beginPath();
    path.points.forEach(([x, y], k) => (k ? g.lineTo(toPx(x), toPy(y)) : g.moveTo(toPx(x), toPy(y))));
    g.stroke();
    const [sx, sy] = path.points[0];
    g.fillStyle = g.strokeStyle; g.beginPath(); g.arc(toPx(sx), toPy(sy), 2.5, 0, 2 * Math.PI); g.fill();
  }
  g.font = 'bold 13px system-ui, sans-serif';
  minima.forEach(([x, y], k) => {
    g.fillStyle = '#1d2330';
    g.fillText(labels ? labels[k] : String.fromCharCode(65 + k), toPx(x) + 5, toPy(y) - 5);
    g.beginPath(); g.arc(toPx(x), toPy(y), 4, 0, 2 * Math.PI); g.fill();
  });
  canvas.id = 'contour';
  canvas.addEventListener('click', (event) => {
    const box = canvas.getBoundingClientRect();
    const x = xmin + ((event.clientX - box.left) / box.width) * (xmax - xmin);
    const y = ymin + (1 - (event.clientY - box.top) / box.height) * (ymax - ymin);
    onClick(x, y);
  });
}

/** A curve y(x) and the walk down it: each step a dot joined to the next, as the tutorials draw the rolling ball. */
export function curvePlot(container, curve, { xLabel = 'x', yLabel = '' } = {}) {
  const wrap = document.createElement('div');
  wrap.className = 'figure panel';
  container.append(wrap);
  const { g, width, height } = canvasIn(wrap, 240);
  const finite = (v) => Number.isFinite(v);
  const xs = curve.x; const ys = curve.y;
  let lo = Math.min(...ys.filter(finite)); let hi = Math.max(...ys.filter(finite));
  if (hi === lo) hi = lo + 1;
  const x0 = xs[0]; const x1 = xs[xs.length - 1];
  const left = 52; const right = 10; const top = 10; const bottom = 34;
  const px = (x) => left + ((x - x0) / (x1 - x0)) * (width - left - right);
  const py = (y) => top + (1 - (y - lo) / (hi - lo)) * (height - top - bottom);
  g.strokeStyle = '#d9dee7'; g.fillStyle = '#5b6475'; g.font = '11px system-ui, sans-serif';
  for (let k = 0; k <= 4; k++) {
    const v = lo + (k / 4) * (hi - lo);
    g.beginPath(); g.moveTo(left, py(v)); g.lineTo(width - right, py(v)); g.stroke();
    g.fillText(sixDigits(Number(v.toPrecision(3))), 2, py(v) + 4);
  }
  g.fillText(sixDigits(Number(x0.toPrecision(3))), left, height - bottom + 14);
  g.fillText(sixDigits(Number(x1.toPrecision(3))), width - right - 40, height - bottom + 14);
  g.fillText(xLabel, left + (width - left) / 2, height - 4);
  g.strokeStyle = '#1d2330'; g.lineWidth = 1.5; g.beginPath();
  xs.forEach((x, i) => (i ? g.lineTo(px(x), py(ys[i])) : g.moveTo(px(x), py(ys[i]))));
  g.stroke();
  const inside = curve.steps.map((x, i) => [x, curve.values[i]]).filter(([x, y]) => finite(x) && finite(y));
  g.strokeStyle = COLOURS[1]; g.fillStyle = COLOURS[1]; g.lineWidth = 1.2; g.beginPath();
  inside.forEach(([x, y], i) => (i ? g.lineTo(px(x), py(y)) : g.moveTo(px(x), py(y))));
  g.stroke();
  inside.forEach(([x, y], i) => {
    g.beginPath(); g.arc(px(x), py(y), i === 0 ? 5 : 3.5, 0, 2 * Math.PI); g.fill();
  });
  const legend = document.createElement('p');
  legend.className = 'legend';
  const line = document.createElement('span');
  line.style.setProperty('--swatch', '#1d2330');
  line.textContent = yLabel;
  const walk = document.createElement('span');
  walk.style.setProperty('--swatch', COLOURS[1]);
  walk.textContent = `x₀ … x${inside.length - 1}`;
  legend.append(line, walk);
  wrap.append(legend);
}
