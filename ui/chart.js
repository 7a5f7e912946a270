// Charts drawn as SVG, by hand: bars (grouped or stacked) and lines, with
// their axis and a legend. Small on purpose; every chart has its table beside
// it, so the numbers are always one glance away. No text goes in as markup.

import { t } from './i18n/index.js';

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const PAD = { top: 12, right: 12, bottom: 28, left: 72 };

/** Colours readable side by side and on white. */
export const COLORS = ['#1d4ed8', '#d97706', '#059669', '#7c3aed', '#b42318'];

function el(tag, attrs = {}, text = null) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== null) node.textContent = text;
  return node;
}

/** A round step for about five ticks between 0 and `max`. */
function niceStep(max) {
  if (max <= 0) return 1;
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10;
  return unit * mag;
}

/** The frame: an <svg> with its accessible title, y axis and ticks. */
function frame({ title, height, min, max, format }) {
  const svg = el('svg', {
    viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', class: 'chart', preserveAspectRatio: 'xMidYMid meet',
  });
  svg.append(el('title', {}, title));
  const step = niceStep(Math.max(max - Math.min(min, 0), 1));
  const lo = Math.min(0, Math.floor(min / step) * step);
  const hi = Math.max(step, Math.ceil(max / step) * step);
  const plotH = height - PAD.top - PAD.bottom;
  const y = (v) => PAD.top + plotH - ((v - lo) / (hi - lo)) * plotH;
  for (let v = lo; v <= hi + step / 2; v += step) {
    svg.append(el('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'grid' }));
    svg.append(el('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, format(v)));
  }
  return { svg, y };
}

function xLabels(svg, labels, x, height) {
  const every = Math.max(1, Math.ceil(labels.length / 12));
  labels.forEach((label, i) => {
    if (i % every !== 0) return;
    svg.append(el('text', { x: x(i), y: height - 8, 'text-anchor': 'middle', class: 'tick' }, label));
  });
}

/**
 * Bars per label: `series` [{name, values}] side by side, or stacked when
 * `stacked` (negative values stack below zero). `format` writes a value.
 */
export function barChart({ title, labels, series, stacked = false, format = String, height = 240 }) {
  const sums = (pick) => labels.map((_, i) => series.reduce((s, se) => s + pick(se.values[i] ?? 0), 0));
  const all = series.flatMap((s) => s.values);
  const max = stacked ? Math.max(0, ...sums((v) => Math.max(v, 0))) : Math.max(0, ...all);
  const min = stacked ? Math.min(0, ...sums((v) => Math.min(v, 0))) : Math.min(0, ...all);
  const { svg, y } = frame({ title, height, min, max, format });
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(labels.length, 1);
  const x = (i) => PAD.left + slot * (i + 0.5);
  const barW = Math.max(2, slot * 0.7 / (stacked ? 1 : series.length));
  labels.forEach((label, i) => {
    let up = 0;
    let down = 0;
    series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      if (v === 0) return;
      let from;
      let to;
      if (stacked) {
        from = v > 0 ? up : down;
        to = from + v;
        if (v > 0) up = to; else down = to;
      } else {
        from = 0;
        to = v;
      }
      const left = stacked ? x(i) - barW / 2 : x(i) - (barW * series.length) / 2 + barW * k;
      const rect = el('rect', {
        x: left, width: barW, y: Math.min(y(from), y(to)), height: Math.max(1, Math.abs(y(from) - y(to))),
        fill: s.color ?? COLORS[k % COLORS.length],
      });
      rect.append(el('title', {}, t('chart.point', { label, series: s.name, value: format(v) })));
      svg.append(rect);
    });
  });
  xLabels(svg, labels, x, height);
  return wrap(svg, series);
}

/** One line per series over the labels. */
export function lineChart({ title, labels, series, format = String, height = 200 }) {
  const all = series.flatMap((s) => s.values);
  const { svg, y } = frame({ title, height, min: Math.min(0, ...all), max: Math.max(0, ...all), format });
  const span = (WIDTH - PAD.left - PAD.right) / Math.max(labels.length - 1, 1);
  const x = (i) => PAD.left + (labels.length === 1 ? (WIDTH - PAD.left - PAD.right) / 2 : span * i);
  series.forEach((s, k) => {
    const color = s.color ?? COLORS[k % COLORS.length];
    const points = s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ');
    svg.append(el('polyline', { points, fill: 'none', stroke: color, 'stroke-width': 2 }));
    s.values.forEach((v, i) => {
      const dot = el('circle', { cx: x(i), cy: y(v), r: 3, fill: color });
      dot.append(el('title', {}, t('chart.point', { label: labels[i], series: s.name, value: format(v) })));
      svg.append(dot);
    });
  });
  xLabels(svg, labels, x, height);
  return wrap(svg, series);
}

function wrap(svg, series) {
  const figure = document.createElement('figure');
  figure.className = 'chart-figure';
  figure.append(svg);
  if (series.length > 1) {
    const legend = document.createElement('figcaption');
    legend.className = 'chart-legend';
    series.forEach((s, k) => {
      const item = document.createElement('span');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = s.color ?? COLORS[k % COLORS.length];
      item.append(swatch, document.createTextNode(s.name));
      legend.append(item);
    });
    figure.append(legend);
  }
  return figure;
}
