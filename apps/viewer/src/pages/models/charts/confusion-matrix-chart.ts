import { coord, s, svgRoot } from './svg';

/** The shade class of a cell (0-4, darker is more): the stylesheet colours correct cells blue and errors red. */
export function shadeOf(count: number, max: number): number {
  return max <= 0 ? 0 : Math.min(4, Math.floor((count / max) * 4.999));
}

/**
 * A 2x2 confusion matrix as SVG (rows actual, columns predicted): each `rect.cell` shaded by its
 * count, with the count and its share of the total.
 */
export function confusionMatrixChart(classes: readonly [string, string], matrix: number[][], title = 'Confusion matrix'): SVGSVGElement {
  const cell = 96;
  const left = 110;
  const top = 48;
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  const max = Math.max(0, ...matrix.flat());
  const root = svgRoot('confusion-matrix', left + 2 * cell + 12, top + 2 * cell + 30, title, 'confusion-matrix');
  root.append(
    s('text', { class: 'axis', x: left + cell, y: 16, 'text-anchor': 'middle' }, 'predicted'),
    s('text', { class: 'axis', x: 12, y: top + cell, 'text-anchor': 'middle', transform: `rotate(-90 12 ${top + cell})` }, 'actual'),
  );
  for (let actual = 0; actual < 2; actual++) {
    root.append(s('text', { class: 'tick', x: left - 8, y: top + actual * cell + cell / 2 + 4, 'text-anchor': 'end' }, classes[actual]));
    for (let predicted = 0; predicted < 2; predicted++) {
      const count = matrix[actual]?.[predicted] ?? 0;
      const x = left + predicted * cell;
      const y = top + actual * cell;
      const kind = actual === predicted ? 'correct' : 'error';
      root.append(
        s('rect', {
          class: `cell ${kind} shade-${shadeOf(count, max)}`,
          'data-actual': classes[actual],
          'data-predicted': classes[predicted],
          'data-count': count,
          x,
          y,
          width: cell,
          height: cell,
        }),
        s('text', { class: 'count', x: x + cell / 2, y: y + cell / 2, 'text-anchor': 'middle' }, String(count)),
        s(
          'text',
          { class: 'share', x: x + cell / 2, y: coord(y + cell / 2 + 18), 'text-anchor': 'middle' },
          total ? `${((100 * count) / total).toFixed(1)} %` : '',
        ),
      );
    }
  }
  for (let predicted = 0; predicted < 2; predicted++)
    root.append(
      s(
        'text',
        { class: 'tick', x: left + predicted * cell + cell / 2, y: top + 2 * cell + 16, 'text-anchor': 'middle' },
        classes[predicted],
      ),
    );
  return root;
}
