// A file dropped anywhere on the window: the shell hands it here and opens the Import screen, which takes it
// (at once when it is already open). Kept out of the Import screen's chunk: the shell accepts a drop without it.

let pending: File | null = null;
const listeners = new Set<() => void>();

export function keepDroppedFile(file: File): void {
  pending = file;
  for (const listener of listeners) listener();
}

/** The dropped file, once: null when there is none (or it was taken). */
export function takeDroppedFile(): File | null {
  const file = pending;
  pending = null;
  return file;
}

/** Calls `listener` when a file is dropped while the Import screen is open. */
export function onDroppedFile(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether a drag carries files (not text or a link from the page itself). */
export function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}
