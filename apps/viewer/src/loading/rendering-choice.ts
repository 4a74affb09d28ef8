/** How the viewer draws: WebGL, Cornerstone3D's canvas (CPU) path, or whichever suits the browser's WebGL. */
export type RenderingChoice = 'gpu' | 'cpu' | 'auto';

/** The choice a page's URL makes with `?rendering=gpu|cpu` (anything else, or none, is auto). */
export function renderingChoiceOf(search: string): RenderingChoice {
  const value = new URLSearchParams(search).get('rendering');
  return value === 'gpu' || value === 'cpu' ? value : 'auto';
}

/**
 * Whether to draw on the CPU: when asked, or (auto) when WebGL is a software rasterizer (SwiftShader, llvmpipe):
 * there WebGL is the CPU too, with a texture upload and a shader pass per slice on top. A real GPU gets WebGL.
 */
export function drawsOnCpu(choice: RenderingChoice, softwareRasterizer: boolean): boolean {
  return choice === 'cpu' || (choice === 'auto' && softwareRasterizer);
}
