import {
  addTool,
  Enums as ToolEnums,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';

const { MouseBindings } = ToolEnums;
let registered = false;

/** The tools a primary drag (mouse or one finger) can be given. */
export type PrimaryTool = 'WindowLevel' | 'Zoom' | 'Pan' | 'StackScroll';

// Stack scroll first: for one finger, Cornerstone3D takes the first active tool (in the order the group first saw
// them, which setPrimaryTool's loop over these decides) bound to one touch point OR to the primary button, so W/L
// first would take the swipe meant for scrolling.
const TOOL_NAMES: Record<PrimaryTool, string> = {
  StackScroll: StackScrollTool.toolName,
  WindowLevel: WindowLevelTool.toolName,
  Zoom: ZoomTool.toolName,
  Pan: PanTool.toolName,
};

/**
 * The viewer's tool group: the wheel scrolls the stack, the right button zooms, the middle button pans, and the
 * primary drag does the chosen tool (window/level to start with). On touch, one finger swipes through the stack
 * until another tool is chosen, two fingers pan. Viewports are added to it by whoever shows one.
 */
export function createToolGroup(id: string): ToolTypes.IToolGroup {
  if (!registered) {
    for (const tool of [WindowLevelTool, ZoomTool, PanTool, StackScrollTool]) addTool(tool);
    registered = true;
  }
  ToolGroupManager.destroyToolGroup(id);
  const group = ToolGroupManager.createToolGroup(id);
  if (!group) throw new Error(`could not create tool group ${id}`);
  for (const name of Object.values(TOOL_NAMES)) group.addTool(name);
  setPrimaryTool(group, 'WindowLevel', 'StackScroll');
  return group;
}

/** Gives the primary drag to `tool` and one finger to `touchTool`; the others keep their own buttons. */
export function setPrimaryTool(group: ToolTypes.IToolGroup, tool: PrimaryTool, touchTool: PrimaryTool = tool): void {
  const bindings: Record<PrimaryTool, ToolTypes.IToolBinding[]> = {
    WindowLevel: [],
    Zoom: [{ mouseButton: MouseBindings.Secondary }],
    Pan: [{ mouseButton: MouseBindings.Auxiliary }, { numTouchPoints: 2 }],
    StackScroll: [{ mouseButton: MouseBindings.Wheel }],
  };
  bindings[tool].push({ mouseButton: MouseBindings.Primary });
  bindings[touchTool].push({ numTouchPoints: 1 });
  for (const [name, toolName] of Object.entries(TOOL_NAMES) as [PrimaryTool, string][]) {
    group.setToolPassive(toolName, { removeAllBindings: true });
    if (bindings[name].length > 0) group.setToolActive(toolName, { bindings: bindings[name] });
  }
}
