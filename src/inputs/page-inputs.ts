/**
 * What the page around the widgets does with photos: a paste anywhere on the page goes to
 * the widget when it is the only one (with several, a paste goes to the widget it happens
 * in), and a file dropped next to a widget is refused instead of opened by the browser,
 * which would leave the page and lose the lesson.
 */

const TAG = 'conv-lens';

/** True when `target` takes text itself (a field of the host page): its pastes are left alone. */
function editable(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return Boolean(element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName ?? '')));
}

function hasFiles(event: DragEvent): boolean {
  return Boolean(event.dataTransfer?.types.includes('Files'));
}

/** A drag of files over the page, outside any widget: show that it cannot be dropped there. */
function onDragOver(event: DragEvent): void {
  if (event.defaultPrevented || !hasFiles(event)) return;
  event.preventDefault();
  event.dataTransfer!.dropEffect = 'none';
}

/** A drop the page did not take: never let the browser navigate to the file. */
function onDrop(event: DragEvent): void {
  if (hasFiles(event)) event.preventDefault();
}

const listening = new Map<Document, number>();

/**
 * Starts the page-wide handling for one widget in `doc`; `paste(event)` is the widget's own
 * paste handler. Returns the function that stops it (the last widget removes the drop guard).
 */
export function watchPage(doc: Document, widget: Element, paste: (event: ClipboardEvent) => void): () => void {
  const onPaste = (event: ClipboardEvent) => {
    if (event.defaultPrevented) return;
    const inside = event.composedPath().includes(widget);
    if (inside || (!editable(event.target) && doc.getElementsByTagName(TAG).length === 1)) paste(event);
  };
  doc.addEventListener('paste', onPaste);
  const users = listening.get(doc) ?? 0;
  if (users === 0) {
    doc.addEventListener('dragover', onDragOver);
    doc.addEventListener('drop', onDrop);
  }
  listening.set(doc, users + 1);
  return () => {
    doc.removeEventListener('paste', onPaste);
    const left = (listening.get(doc) ?? 1) - 1;
    if (left > 0) return void listening.set(doc, left);
    listening.delete(doc);
    doc.removeEventListener('dragover', onDragOver);
    doc.removeEventListener('drop', onDrop);
  };
}
