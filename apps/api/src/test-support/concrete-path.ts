/** A concrete path for a route pattern: every parameter filled with a well-formed value. */
export function concretePath(pattern: string): string {
  return pattern
    .replace(/:frames/g, '1')
    .replace(/:[A-Za-z]+Id\b/g, '0123456789abcdef0123456789abcdef')
    .replace(/:[A-Za-z]+/g, '1.2.3')
    .replace(/\*/g, 'index.html');
}
