import type { FileOut } from '../../../common/contract/files';

// Files to and from the user's disk, the same in both modes: in the desktop app Electron turns the
// download into the native Save dialog and the file input into the native Open dialog.

/** Offers a file the app made (an export, a backup) to be saved under its name. */
export function saveFile(file: FileOut): void {
  const blob = new Blob([typeof file.data === 'string' ? file.data : (file.data as Uint8Array<ArrayBuffer>)], { type: file.type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it started; the URL only has to outlive the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Asks for one file (e.g. accept '.csv,.json'); null when the user cancels. */
export function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
}

/** A chosen or dropped file's bytes, as an upload operation takes them. */
export async function bytesOf(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}
