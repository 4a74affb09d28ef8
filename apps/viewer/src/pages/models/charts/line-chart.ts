import { extent, linearScale, tickLabel, ticks } from './scale';
import { coord, s, svgRoot } from './svg';

/** One line of a chart; its colour and dash come from the stylesheet by `kind` (no inline style). */
export interface ChartSeries {
  name: string;
  kind: string;
  points: ReadonlyArray<readonly [number, number]>;
}

/** A line chart's frame and lines. */
export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  /** The axes' domains; by default the data's extent. */
  x?: [number, number];
  y?: [number, number];
  /** Ticks on whole numbers along x (epochs). */
  integerX?: boolean;
  /** Text inside the plot, bottom right (the ROC's AUC). */
  note?: string;
  /** Straight reference lines in data units (the ROC's chance diagonal). */
  references?: Array<[number, number, number, number]>;
  testId?: string;
  width?: number;
  height?: number;
}

const MARGIN = { left: 52, right: 14, top: 40, bottom: 40 };
const TICKS = 5;

/**
 * A line chart as SVG built with DOM calls: a plot frame, grid and ticks, one `polyline.series`
 * per series (data-series names it, so the browser tests can read the points), a legend above the
 * plot where no line runs under it. The approach of apps/training's report charts, drawn live.
 */
export function lineChart(o: LineChartOptions): SVGSVGElement {
  const width = o.width ?? 440;
  const height = o.height ?? 300;
  const plot = { x: MARGIN.left, y: MARGIN.top, w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
  const xs = o.series.flatMap((series) => series.points.map((p) => p[0]));
  const ys = o.series.flatMap((series) => series.points.map((p) => p[1]));
  const xDomain = o.x ?? extent(xs);
  const yDomain = o.y ?? extent(ys, 0);
  const sx = linearScale(xDomain, [plot.x, plot.x + plot.w]);
  const sy = linearScale(yDomain, [plot.y + plot.h, plot.y]);
  const root = svgRoot('line-chart', width, height, o.title, o.testId);
  root.append(s('rect', { class: 'plot', x: plot.x, y: plot.y, width: plot.w, height: plot.h }));
  for (const value of ticks(xDomain, TICKS, o.integerX)) {
    const x = coord(sx(value));
    root.append(
      s('line', { class: 'grid', x1: x, y1: plot.y, x2: x, y2: plot.y + plot.h }),
      s('text', { class: 'tick', x, y: plot.y + plot.h + 14, 'text-anchor': 'middle' }, tickLabel(value)),
    );
  }
  for (const value of ticks(yDomain, TICKS)) {
    const y = coord(sy(value));
    root.append(
      s('line', { class: 'grid', x1: plot.x, y1: y, x2: plot.x + plot.w, y2: y }),
      s('text', { class: 'tick', x: plot.x - 6, y: coord(sy(value) + 4), 'text-anchor': 'end' }, tickLabel(value)),
    );
  }
  for (const [x1, y1, x2, y2] of o.references ?? [])
    root.append(s('line', { class: 'reference', x1: coord(sx(x1)), y1: coord(sy(y1)), x2: coord(sx(x2)), y2: coord(sy(y2)) }));
  o.series.forEach((series, i) => {
    const points = series.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    root.append(
      s('polyline', {
        class: `series series-${series.kind}`,
        'data-series': series.name,
        'data-points': points.length,
        points: points.map(([x, y]) => `${coord(sx(x))},${coord(sy(y))}`).join(' '),
      }),
    );
    const lx = plot.x + i * 104;
    const ly = plot.y - 12;
    root.append(
      s('line', { class: `legend series-${series.kind}`, x1: lx, y1: ly - 4, x2: lx + 18, y2: ly - 4 }),
      s('text', { class: 'legend', x: lx + 22, y: ly }, series.name),
    );
  });
  if (o.note) root.append(s('text', { class: 'note', x: plot.x + plot.w - 8, y: plot.y + plot.h - 10, 'text-anchor': 'end' }, o.note));
  root.append(
    s('text', { class: 'axis', x: coord(plot.x + plot.w / 2), y: height - 6, 'text-anchor': 'middle' }, o.xLabel),
    s(
      'text',
      {
        class: 'axis',
        x: 12,
        y: coord(plot.y + plot.h / 2),
        'text-anchor': 'middle',
        transform: `rotate(-90 12 ${coord(plot.y + plot.h / 2)})`,
      },
      o.yLabel,
    ),
  );
  return root;
}
