import { z } from 'zod';

// Files in and out of the contract. An operation with `upload` takes its file as the raw HTTP request body
// (or one multipart part), or as a Uint8Array over IPC, in the input field `file`; one with `download`
// answers a FileOut, sent over HTTP as the bytes themselves with their type and file name.

/** What a `download` operation answers: the file's name (as the Save dialog offers it), MIME type and contents. */
export interface FileOut {
  name: string;
  type: string;
  data: string | Uint8Array;
}

/** The input field an `upload` operation's file arrives in. */
export const UPLOAD_FIELD = 'file';

/** "50 MB", "512 KB", "900 bytes": a size as a limit is said in messages. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export const fileTooLarge = (maxBytes: number): string => `The file is larger than ${sizeText(maxBytes)}, the most this accepts`;

/** A file's bytes: present, not empty, at most `maxBytes` (the transport refuses larger ones before reading them all). */
export function fileBytes(maxBytes: number) {
  return z
    .instanceof(Uint8Array, { error: 'Choose a file to send' })
    .refine((bytes) => bytes.byteLength > 0, 'The file is empty')
    .refine((bytes) => bytes.byteLength <= maxBytes, fileTooLarge(maxBytes));
}

const UNSAFE_NAME = /["\\\r\n]/g;

/** Content-Disposition for a file: an ASCII fallback name and the exact one (RFC 6266, RFC 5987). */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(UNSAFE_NAME, '_').replace(/[^\x20-\x7e]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/** The file name a Content-Disposition header gives (its UTF-8 form first), or null. */
export function fileNameOf(disposition: string | null | undefined): string | null {
  if (!disposition) return null;
  const exact = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (exact) {
    try {
      return decodeURIComponent(exact[1]!.trim());
    } catch {
      // fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  return plain ? (plain[1] ?? plain[2]!.trim()) : null;
}
