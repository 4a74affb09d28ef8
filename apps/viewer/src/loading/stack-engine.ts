import { Enums, RenderingEngine, type Types } from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import { createToolGroup, setPrimaryTool } from '../tools/tool-group';
import { initCornerstone } from './init-cornerstone';

const ENGINE_ID = 'triage-engine';
const VIEWPORT_ID = 'triage-stack';
const TOOL_GROUP_ID = 'triage-tools';

let engine: RenderingEngine | undefined;
let tools: ToolTypes.IToolGroup | undefined;

/** The stack viewport of one opened study and the tool group driving it. */
export interface AttachedStack {
  viewport: Types.IStackViewport;
  tools: ToolTypes.IToolGroup;
  /** Takes the viewport off its element (the engine and its WebGL context stay for the next study). */
  release(): void;
}

/**
 * Starts Cornerstone3D and its rendering engine once, ahead of the first study (while the worklist is on screen):
 * a rendering engine costs a WebGL context and a tool group, neither of which depends on the study shown.
 */
export function warmViewer(): void {
  initCornerstone();
  engine ??= new RenderingEngine(ENGINE_ID);
  tools ??= createToolGroup(TOOL_GROUP_ID);
}

/** Puts the one stack viewport on `element`, W/L on the primary drag as on every open. */
export function attachStack(element: HTMLDivElement): AttachedStack {
  warmViewer();
  const e = engine as RenderingEngine;
  const group = tools as ToolTypes.IToolGroup;
  if (e.getViewport(VIEWPORT_ID)) e.disableElement(VIEWPORT_ID);
  e.enableElement({ viewportId: VIEWPORT_ID, type: Enums.ViewportType.STACK, element });
  group.addViewport(VIEWPORT_ID, ENGINE_ID);
  setPrimaryTool(group, 'WindowLevel', 'StackScroll');
  const viewport = e.getViewport(VIEWPORT_ID) as Types.IStackViewport;
  let released = false;
  return {
    viewport,
    tools: group,
    release() {
      if (released) return;
      released = true;
      // A newer open may already hold the viewport: only take it off our own element.
      if (e.getViewport(VIEWPORT_ID)?.element === element) e.disableElement(VIEWPORT_ID);
    },
  };
}

/** Redraws at the element's new size. */
export function resizeStack(): void {
  engine?.resize(true, true);
}
