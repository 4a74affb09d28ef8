/** A mounted page: its root element, what to start once it is in the document, and what to release when another page replaces it. */
export interface Page {
  element: HTMLElement;
  /** Called once the element is in the document (a viewport needs its size). */
  mounted?(): void;
  dispose?(): void;
}
