// The dashboard's live charts, drawn as inline SVG (nothing loaded from elsewhere). Both scale
// with their box (viewBox), so they stay readable from a phone to a wide screen.

import { statusLabel } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 360;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A round top for the scale: 1, 2, 5, 10, 20, 50 … */
function niceCeiling(value) {
  const power = 10 ** Math.floor(Math.log10(Math.max(1, value)));
  return [1, 2, 5, 10].map((step) => step * power).find((top) => top >= value);
}

/** The mean per second of each `size` seconds: bars wide enough to see on a phone. */
const bucketed = (perSecond, size) =>
  Array.from({ length: Math.ceil(perSecond.length / size) }, (_, i) => {
    const bucket = perSecond.slice(i * size, (i + 1) * size);
    return bucket.reduce((sum, count) => sum + count, 0) / size;
  });

/** Events per second (`perSecond`, oldest first), as bars of 5 s each. */
export function drawRateChart(root, perSecond) {
  const counts = bucketed(perSecond, 5);
  const height = 140;
  const plot = { left: 34, right: WIDTH - 6, top: 10, bottom: height - 24 };
  const top = niceCeiling(Math.max(...counts));
  const barWidth = (plot.right - plot.left) / counts.length;
  const y = (value) => plot.bottom - ((plot.bottom - plot.top) * value) / top;
  const bars = counts.flatMap((count, i) =>
    count === 0
      ? []
      : [
          svg('rect', {
            class: 'bar',
            x: (plot.left + i * barWidth).toFixed(2),
            y: y(count).toFixed(2),
            width: (barWidth - 1.5).toFixed(2),
            height: (plot.bottom - y(count)).toFixed(2),
          }),
        ],
  );
  const minutes = Math.round(perSecond.length / 60);
  root.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
  root.dataset.total = String(perSecond.reduce((sum, count) => sum + count, 0));
  root.dataset.bars = String(bars.length);
  root.replaceChildren(
    svg('line', { class: 'grid', x1: plot.left, x2: plot.right, y1: plot.top, y2: plot.top }),
    svg('line', { class: 'axis', x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom }),
    svg('text', { class: 'tick', x: plot.left - 4, y: plot.top + 4, 'text-anchor': 'end' }, top),
    svg('text', { class: 'tick', x: plot.left - 4, y: plot.bottom, 'text-anchor': 'end' }, 0),
    svg('text', { class: 'tick', x: plot.left, y: height - 6 }, `${minutes} min ago`),
    svg('text', { class: 'tick', x: plot.right, y: height - 6, 'text-anchor': 'end' }, 'now'),
    ...bars,
  );
}

/** Orders per status: one labelled bar each, the count at its end. */
export function drawStatusChart(root, counts, statuses) {
  const row = 26;
  const labelWidth = 140;
  const barMax = WIDTH - labelWidth - 40;
  const top = Math.max(1, ...statuses.map((status) => counts[status] ?? 0));
  root.setAttribute('viewBox', `0 0 ${WIDTH} ${statuses.length * row}`);
  root.replaceChildren(
    ...statuses.map((status, i) => {
      const count = counts[status] ?? 0;
      const width = (barMax * count) / top;
      const middle = i * row + row / 2;
      const group = svg('g', { 'data-status': status, 'data-count': count });
      group.append(
        svg('text', { class: 'label', x: 0, y: middle + 5 }, statusLabel(status)),
        svg('rect', {
          class: 'bar',
          x: labelWidth,
          y: middle - 9,
          width: Math.max(width, count ? 2 : 0).toFixed(2),
          height: 18,
          rx: 3,
        }),
        svg('text', { class: 'value', x: labelWidth + width + 6, y: middle + 5 }, count),
      );
      return group;
    }),
  );
}
