import { escapeHtml, formatNumber } from './escape-html';

/** One line of a chart. */
export interface ChartSeries {
  name: string;
  points: Array<[number, number]>;
  colour: string;
  dashed?: boolean;
}

/** A line chart's frame. */
export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  x: [number, number];
  y: [number, number];
  series: ChartSeries[];
  /** Ticks on whole numbers only along x (epochs). */
  integerX?: boolean;
  /** Text drawn inside the plot, bottom right (the ROC's AUC). */
  note?: string;
  /** Straight reference lines, from (x1, y1) to (x2, y2) in data units (the ROC's chance diagonal). */
  references?: Array<[number, number, number, number]>;
  width?: number;
  height?: number;
}

// The legend sits in a row above the plot, where no line can run under it.
const MARGIN = { left: 56, right: 16, top: 44, bottom: 44 };
const TICKS = 5;

/** A line chart as inline SVG: axes with ticks, one `polyline.series` per series, a legend, no script. */
export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 420;
  const height = o.height ?? 300;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const span = (d: [number, number]) => (d[1] - d[0] === 0 ? 1 : d[1] - d[0]);
  const sx = (x: number) => MARGIN.left + ((x - o.x[0]) / span(o.x)) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - ((y - o.y[0]) / span(o.y)) * plotH;
  const parts: string[] = [];
  parts.push(`<rect class="plot" x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="#fff" stroke="#999"/>`);
  const step = Math.max(1, Math.ceil(span(o.x) / TICKS));
  const xTicks = o.integerX
    ? Array.from({ length: Math.floor(span(o.x) / step) + 1 }, (_, i) => o.x[0] + i * step)
    : Array.from({ length: TICKS + 1 }, (_, i) => o.x[0] + (span(o.x) * i) / TICKS);
  for (const xv of xTicks) {
    parts.push(`<line class="grid" x1="${n(sx(xv))}" y1="${MARGIN.top}" x2="${n(sx(xv))}" y2="${MARGIN.top + plotH}" stroke="#eee"/>`);
    parts.push(`<text class="tick" x="${n(sx(xv))}" y="${MARGIN.top + plotH + 14}" text-anchor="middle">${escapeHtml(tick(xv))}</text>`);
  }
  for (let i = 0; i <= TICKS; i++) {
    const yv = o.y[0] + (span(o.y) * i) / TICKS;
    parts.push(`<line class="grid" x1="${MARGIN.left}" y1="${n(sy(yv))}" x2="${MARGIN.left + plotW}" y2="${n(sy(yv))}" stroke="#eee"/>`);
    parts.push(`<text class="tick" x="${MARGIN.left - 6}" y="${n(sy(yv) + 4)}" text-anchor="end">${escapeHtml(tick(yv))}</text>`);
  }
  for (const [x1, y1, x2, y2] of o.references ?? [])
    parts.push(
      `<line class="reference" x1="${n(sx(x1))}" y1="${n(sy(y1))}" x2="${n(sx(x2))}" y2="${n(sy(y2))}" stroke="#888" stroke-dasharray="4 4"/>`,
    );
  o.series.forEach((s, i) => {
    const points = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    parts.push(
      `<polyline class="series" data-series="${escapeHtml(s.name)}" fill="none" stroke="${escapeHtml(s.colour)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 3"' : ''} points="${points.map(([x, y]) => `${n(sx(x))},${n(sy(y))}`).join(' ')}"/>`,
    );
    const lx = MARGIN.left + i * 110;
    const ly = MARGIN.top - 10;
    parts.push(
      `<line class="legend" x1="${lx}" y1="${ly - 4}" x2="${lx + 20}" y2="${ly - 4}" stroke="${escapeHtml(s.colour)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 3"' : ''}/>`,
    );
    parts.push(`<text class="legend" x="${lx + 24}" y="${ly}">${escapeHtml(s.name)}</text>`);
  });
  if (o.note)
    parts.push(
      `<text class="note" x="${MARGIN.left + plotW - 8}" y="${MARGIN.top + plotH - 10}" text-anchor="end">${escapeHtml(o.note)}</text>`,
    );
  parts.push(`<text class="title" x="${width / 2}" y="18" text-anchor="middle">${escapeHtml(o.title)}</text>`);
  parts.push(`<text class="axis" x="${MARGIN.left + plotW / 2}" y="${height - 8}" text-anchor="middle">${escapeHtml(o.xLabel)}</text>`);
  parts.push(
    `<text class="axis" x="14" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${MARGIN.top + plotH / 2})">${escapeHtml(o.yLabel)}</text>`,
  );
  return svg('chart', width, height, o.title, parts);
}

/** A confusion matrix as a grid of `rect.cell` coloured by count (darker is more), each with its count and share. */
export function confusionMatrixChart(classes: [string, string], matrix: number[][], title = 'Confusion matrix'): string {
  const cell = 110;
  const left = 120;
  const top = 56;
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...matrix.flat());
  const parts: string[] = [];
  parts.push(`<text class="title" x="${left + cell}" y="18" text-anchor="middle">${escapeHtml(title)}</text>`);
  parts.push(`<text class="axis" x="${left + cell}" y="40" text-anchor="middle">predicted</text>`);
  parts.push(`<text class="axis" x="14" y="${top + cell}" text-anchor="middle" transform="rotate(-90 14 ${top + cell})">actual</text>`);
  for (let actual = 0; actual < 2; actual++) {
    parts.push(
      `<text class="tick" x="${left - 8}" y="${top + actual * cell + cell / 2 + 4}" text-anchor="end">${escapeHtml(classes[actual])}</text>`,
    );
    for (let predicted = 0; predicted < 2; predicted++) {
      const count = matrix[actual]?.[predicted] ?? 0;
      const shade = count / max;
      // Correct cells in blue, errors in red: a glance says which kind of mistake dominates.
      const hue = actual === predicted ? 215 : 0;
      const fill = `hsl(${hue}, 70%, ${n(95 - shade * 55)}%)`;
      const x = left + predicted * cell;
      const y = top + actual * cell;
      parts.push(
        `<rect class="cell" data-actual="${actual}" data-predicted="${predicted}" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff" stroke-width="2"/>`,
      );
      const ink = shade > 0.6 ? '#fff' : '#111';
      parts.push(
        `<text class="count" x="${x + cell / 2}" y="${y + cell / 2}" text-anchor="middle" fill="${ink}" font-size="22">${count}</text>`,
      );
      parts.push(
        `<text class="share" x="${x + cell / 2}" y="${y + cell / 2 + 20}" text-anchor="middle" fill="${ink}">${escapeHtml(total ? `${((100 * count) / total).toFixed(1)} %` : '')}</text>`,
      );
    }
  }
  for (let predicted = 0; predicted < 2; predicted++)
    parts.push(
      `<text class="tick" x="${left + predicted * cell + cell / 2}" y="${top + 2 * cell + 18}" text-anchor="middle">${escapeHtml(classes[predicted])}</text>`,
    );
  return svg('confusion-matrix', left + 2 * cell + 16, top + 2 * cell + 32, title, parts);
}

function svg(kind: string, width: number, height: number, title: string, parts: string[]): string {
  return `<svg class="${kind}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">${parts.join('')}</svg>`;
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function tick(value: number): string {
  return Number.isInteger(value) ? String(value) : formatNumber(value, Math.abs(value) < 0.01 ? 4 : 2);
}
