// The descent lab's figure: f as a curve (one variable) or as filled contours (two), painted from the grid the
// server computed, with every run's path up to the current step drawn over it. Nothing here computes f.

/** One colour per run, chosen to stand out on the light-to-dark contour palette. */
export const RUN_COLORS = ['#d6453d', '#111111', '#f08c00', '#9c27b0', '#e91e63', '#6d4c41', '#2e7d32', '#00acc1',
  '#5c6bc0', '#c0ca33', '#f06292', '#795548'];

// Light (low f) to dark (high f): the valleys, where the paths end, stay light so the paths show.
const PALETTE = ['#ffffe0', '#edf8b1', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#253494', '#081d58'];
const BANDS = 16;
const MARGIN = { left: 54, right: 14, top: 12, bottom: 42 };

let background = null; // the painted contours, kept while the grid and the canvas size stay the same

/** Sizes the canvas to its box (and the screen's pixel ratio); returns the drawing context and the plot frame. */
function setup(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(280, Math.round(canvas.parentElement.clientWidth - 2 * 13));
  const height = Math.round(Math.max(240, Math.min(width * 0.68, 520)));
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const frame = { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
  return { ctx, width, height, ratio, frame };
}

function scale(from, to) {
  const [a, b] = from;
  const [c, d] = to;
  return (v) => c + ((v - a) / (b - a)) * (d - c);
}

/** About five to seven round tick values over [low, high]. */
function ticks(low, high) {
  const span = high - low;
  if (!(span > 0)) return [low];
  const raw = span / 7;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) || raw;
  const out = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function label(v) {
  const text = Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(+v.toPrecision(4));
  return text.replace('e+', 'e');
}

function axes(ctx, frame, xRange, yRange, xName, yName) {
  const sx = scale(xRange, [frame.left, frame.right]);
  const sy = scale(yRange, [frame.bottom, frame.top]);
  ctx.strokeStyle = '#5b6475';
  ctx.fillStyle = '#5b6475';
  ctx.lineWidth = 1;
  ctx.font = '12px system-ui, sans-serif';
  ctx.strokeRect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of ticks(...xRange)) {
    const x = sx(v);
    ctx.beginPath();
    ctx.moveTo(x, frame.bottom);
    ctx.lineTo(x, frame.bottom + 4);
    ctx.stroke();
    ctx.fillText(label(v), x, frame.bottom + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of ticks(...yRange)) {
    const y = sy(v);
    ctx.beginPath();
    ctx.moveTo(frame.left - 4, y);
    ctx.lineTo(frame.left, y);
    ctx.stroke();
    ctx.fillText(label(v), frame.left - 6, y);
  }
  ctx.font = 'italic 13px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(xName, (frame.left + frame.right) / 2, frame.bottom + 40);
  ctx.save();
  ctx.translate(14, (frame.top + frame.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(yName, 0, 0);
  ctx.restore();
  return { sx, sy };
}

/** Draws one run's path through its first `upTo` steps: segments with a white halo, dots, the last one large. */
function path(ctx, points, color, upTo) {
  const shown = points.filter((p) => p.step <= upTo && Number.isFinite(p.x) && Number.isFinite(p.y));
  if (shown.length === 0) return;
  for (const [width, stroke] of [[3.2, 'rgba(255,255,255,.6)'], [1.8, color]]) {
    ctx.beginPath();
    shown.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
    ctx.strokeStyle = stroke;
    ctx.lineWidth = width;
    ctx.stroke();
  }
  // the start hollow, the current point large; the steps between as small dots without a ring, so that many small
  // steps (Adam's, a small learning rate's) stay a line of the run's colour
  shown.forEach((p, i) => {
    const last = i === shown.length - 1;
    ctx.beginPath();
    ctx.arc(p.x, p.y, last ? 5.5 : i === 0 ? 4 : 2.4, 0, 2 * Math.PI);
    ctx.fillStyle = i === 0 && !last ? '#fff' : color;
    ctx.fill();
    if (i === 0 || last) {
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = last ? '#fff' : color;
      ctx.stroke();
    }
  });
}

function finite(values) {
  return values.filter((v) => v !== null && Number.isFinite(v));
}

/** f of one variable: the curve, and each run's points (x_k, f(x_k)) joined step by step. */
export function drawCurve(canvas, answer, grid, upTo) {
  const { ctx, frame } = setup(canvas);
  const n = grid.values.length;
  const xAt = (i) => grid.x[0] + ((grid.x[1] - grid.x[0]) * i) / (n - 1);
  const ys = finite(grid.values);
  for (const run of answer.runs) {
    for (const p of run.points) if (p.value !== null && p.at[0] >= grid.x[0] && p.at[0] <= grid.x[1]) ys.push(p.value);
  }
  let low = Math.min(...ys);
  let high = Math.max(...ys);
  if (!(high > low)) { low -= 1; high += 1; }
  const pad = (high - low) * 0.06;
  const name = answer.variables[0];
  const { sx, sy } = axes(ctx, frame, grid.x, [low - pad, high + pad], name, `f(${name})`);
  ctx.save();
  ctx.beginPath();
  ctx.rect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
  ctx.clip();
  ctx.beginPath();
  let drawing = false;
  grid.values.forEach((v, i) => {
    if (v === null) { drawing = false; return; }
    if (drawing) ctx.lineTo(sx(xAt(i)), sy(v)); else ctx.moveTo(sx(xAt(i)), sy(v));
    drawing = true;
  });
  ctx.strokeStyle = '#2f6fde';
  ctx.lineWidth = 2;
  ctx.stroke();
  answer.runs.forEach((run, r) => {
    const points = run.points.map((p) => ({ step: p.step, x: sx(p.at[0]), y: p.value === null ? NaN : sy(p.value) }));
    path(ctx, points, RUN_COLORS[r % RUN_COLORS.length], upTo);
  });
  ctx.restore();
}

/** The band thresholds: quantiles of the finite values, so that steep and flat functions both show their valleys. */
function levels(values) {
  const sorted = finite(values).sort((a, b) => a - b);
  const out = [];
  for (let b = 1; b < BANDS; b++) {
    const v = sorted[Math.floor((b / BANDS) * (sorted.length - 1))];
    if (out.length === 0 || v > out[out.length - 1]) out.push(v);
  }
  return out;
}

function hex(color) {
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
}

function bandColor(band, count) {
  const t = count <= 0 ? 0 : band / count;
  const at = t * (PALETTE.length - 1);
  const i = Math.min(PALETTE.length - 2, Math.floor(at));
  const [a, b] = [hex(PALETTE[i]), hex(PALETTE[i + 1])];
  const u = at - i;
  return a.map((c, k) => Math.round(c + (b[k] - c) * u));
}

/** Paints the filled contours into an offscreen canvas of the plot frame's size (bilinear between grid points). */
function paint(grid, width, height) {
  const n = grid.n;
  const v = grid.values;
  const cuts = levels(v);
  const colors = [];
  for (let b = 0; b <= cuts.length; b++) colors.push(bandColor(b, cuts.length));
  const off = document.createElement('canvas');
  off.width = width;
  off.height = height;
  const ctx = off.getContext('2d');
  const image = ctx.createImageData(width, height);
  for (let py = 0; py < height; py++) {
    const gy = (1 - py / (height - 1)) * (n - 1);
    const j = Math.min(n - 2, Math.floor(gy));
    const fy = gy - j;
    for (let px = 0; px < width; px++) {
      const gx = (px / (width - 1)) * (n - 1);
      const i = Math.min(n - 2, Math.floor(gx));
      const fx = gx - i;
      const a = v[j * n + i];
      const b = v[j * n + i + 1];
      const c = v[(j + 1) * n + i];
      const d = v[(j + 1) * n + i + 1];
      const o = (py * width + px) * 4;
      if (a === null || b === null || c === null || d === null) {
        image.data.set([225, 228, 234, 255], o);
        continue;
      }
      const value = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
      let lo = 0;
      let hi = cuts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (value < cuts[mid]) hi = mid; else lo = mid + 1;
      }
      const [r, g, bl] = colors[lo];
      image.data[o] = r;
      image.data[o + 1] = g;
      image.data[o + 2] = bl;
      image.data[o + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return off;
}

/** f of two variables: filled contours, and each run's path of (x_k, y_k) step by step. */
export function drawContours(canvas, answer, grid, upTo) {
  const { ctx, frame, ratio } = setup(canvas);
  const w = Math.round((frame.right - frame.left) * ratio);
  const h = Math.round((frame.bottom - frame.top) * ratio);
  if (!background || background.grid !== grid || background.w !== w || background.h !== h) {
    background = { grid, w, h, image: paint(grid, w, h) };
  }
  ctx.drawImage(background.image, frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
  const { sx, sy } = axes(ctx, frame, grid.x, grid.y, answer.variables[0], answer.variables[1]);
  ctx.save();
  ctx.beginPath();
  ctx.rect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
  ctx.clip();
  answer.runs.forEach((run, r) => {
    const points = run.points.map((p) => ({
      step: p.step,
      x: p.at[0] === null ? NaN : sx(p.at[0]),
      y: p.at[1] === null ? NaN : sy(p.at[1]),
    }));
    path(ctx, points, RUN_COLORS[r % RUN_COLORS.length], upTo);
  });
  ctx.restore();
}
