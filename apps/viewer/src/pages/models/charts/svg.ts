const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with attributes and children through the DOM (never markup: the CSP allows no inline anything). */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | undefined> = {},
  ...children: (Node | string | null | undefined)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) el.setAttribute(name, String(value));
  for (const child of children) if (child !== null && child !== undefined) el.append(child);
  return el;
}

/** The root of a chart: sized by its viewBox so CSS scales it, labelled for screen readers. */
export function svgRoot(kind: string, width: number, height: number, title: string, testId?: string): SVGSVGElement {
  return s(
    'svg',
    {
      class: `chart ${kind}`,
      role: 'img',
      'aria-label': title,
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      'data-testid': testId,
    },
    s('title', {}, title),
  );
}

/** A number rounded to a tenth of a unit for an SVG coordinate. */
export function coord(value: number): string {
  return String(Math.round(value * 10) / 10);
}
