import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../ports';

const SECRET_KEYS = /pass(word)?|secret|token|authorization|cookie/i;

/** Never let a secret reach a log line, whatever a caller passes in. */
export function redact(data: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!data) return data;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (SECRET_KEYS.test(key)) out[key] = '[redacted]';
    else if (value && typeof value === 'object' && !Array.isArray(value)) out[key] = redact(value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

export interface FileLoggerOptions {
  dir: string;
  name?: string;
  /** Rotate when the file passes this size. */
  maxBytes?: number;
  /** Rotated files kept: main.1.log … main.N.log. */
  keep?: number;
  /** Also echo to the console (browser mode in a terminal). */
  echo?: boolean;
}

export interface FileLogger extends Logger {
  file: string;
  /** Resolves once every line logged so far is in the file. */
  flush(): Promise<void>;
}

/** Loggers with lines not yet in their file: written synchronously if the process exits first. */
const unflushed = new Set<{ writeNowSync(): void }>();
let exitHook = false;
function writeAllSync(): void {
  for (const logger of unflushed) logger.writeNowSync();
}

/**
 * JSON-lines log with size-based rotation. Lines go to the file system off the main thread (one write in flight,
 * the lines logged meanwhile batched behind it): a synchronous append waits in the kernel whenever the disk is busy
 * (a backup being synced, a large WAL write), and the event loop waited with it. What is not written yet when the
 * process exits (process.exit, an uncaught exception) is written synchronously then; a SIGKILL loses at most the
 * lines of the last few milliseconds.
 */
export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const name = options.name ?? 'main';
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const keep = options.keep ?? 3;
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dir, `${name}.log`);
  let size = fs.existsSync(file) ? fs.statSync(file).size : 0;
  let pending: string[] = [];
  let writing: Promise<void> | null = null;
  /** The chunk handed to the file system and not known to be written, with the file's size before it. */
  let inFlight: { text: string; sizeBefore: number } | null = null;
  if (!exitHook) {
    process.once('exit', writeAllSync);
    exitHook = true;
  }

  const rotated = (i: number) => path.join(options.dir, `${name}.${i}.log`);

  function rotateSync(): void {
    for (let i = keep - 1; i >= 1; i--) if (fs.existsSync(rotated(i))) fs.renameSync(rotated(i), rotated(i + 1));
    if (fs.existsSync(file)) fs.renameSync(file, rotated(1));
    size = 0;
  }

  async function rotate(): Promise<void> {
    const exists = (f: string) => fs.promises.access(f).then(() => true, () => false);
    for (let i = keep - 1; i >= 1; i--) if (await exists(rotated(i))) await fs.promises.rename(rotated(i), rotated(i + 1));
    if (await exists(file)) await fs.promises.rename(file, rotated(1));
    size = 0;
  }

  /** Takes the queued lines as chunks that each fit in the current file, rotating before a line that would not. */
  function* chunks(lines: string[]): Generator<{ text: string; rotateFirst: boolean }> {
    let text = '';
    let bytes = size;
    let rotateFirst = false;
    for (const line of lines) {
      const length = Buffer.byteLength(line);
      if (bytes + length > maxBytes && bytes > 0) {
        if (text) yield { text, rotateFirst };
        text = '';
        bytes = 0;
        rotateFirst = true;
      }
      text += line;
      bytes += length;
    }
    if (text) yield { text, rotateFirst };
  }

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const lines = pending;
      pending = [];
      for (const { text, rotateFirst } of chunks(lines)) {
        try {
          if (rotateFirst) await rotate();
          inFlight = { text, sizeBefore: size };
          await fs.promises.appendFile(file, text, { mode: 0o600 });
          size += Buffer.byteLength(text);
        } catch {
          // A full disk must not take the app down with it.
        }
        inFlight = null;
      }
    }
    unflushed.delete(self);
    writing = null;
  }

  const self = {
    writeNowSync(): void {
      // A chunk still in flight may not have reached the file: what of it the file lacks is written first.
      if (inFlight) {
        const bytes = Buffer.from(inFlight.text);
        let written = 0;
        try {
          written = Math.max(0, fs.statSync(file).size - inFlight.sizeBefore);
        } catch {
          // No file yet: none of it is there.
        }
        if (written < bytes.length) {
          try {
            fs.appendFileSync(file, bytes.subarray(written), { mode: 0o600 });
          } catch {
            // As below.
          }
        }
        size = inFlight.sizeBefore + bytes.length;
        inFlight = null;
      }
      const lines = pending;
      pending = [];
      for (const { text, rotateFirst } of chunks(lines)) {
        try {
          if (rotateFirst) rotateSync();
          fs.appendFileSync(file, text, { mode: 0o600 });
          size += Buffer.byteLength(text);
        } catch {
          // As above.
        }
      }
      unflushed.delete(self);
    },
  };

  function write(level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void {
    pending.push(JSON.stringify({ time: new Date().toISOString(), level, message, ...redact(data) }) + '\n');
    unflushed.add(self);
    writing ??= drain();
    if (options.echo) (level === 'info' ? console.log : console.error)(`[${level}] ${message}`);
  }

  return {
    file,
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    async flush() {
      while (writing) await writing;
    },
  };
}
