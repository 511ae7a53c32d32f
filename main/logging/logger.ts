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

/** JSON-lines log with size-based rotation; synchronous appends so a crash keeps the last line. */
export function createFileLogger(options: FileLoggerOptions): Logger & { file: string } {
  const name = options.name ?? 'main';
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const keep = options.keep ?? 3;
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dir, `${name}.log`);
  let size = fs.existsSync(file) ? fs.statSync(file).size : 0;

  function rotate(): void {
    for (let i = keep - 1; i >= 1; i--) {
      const from = path.join(options.dir, `${name}.${i}.log`);
      if (fs.existsSync(from)) fs.renameSync(from, path.join(options.dir, `${name}.${i + 1}.log`));
    }
    if (fs.existsSync(file)) fs.renameSync(file, path.join(options.dir, `${name}.1.log`));
    size = 0;
  }

  function write(level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void {
    const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...redact(data) }) + '\n';
    try {
      if (size + line.length > maxBytes) rotate();
      fs.appendFileSync(file, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch {
      // A full disk must not take the app down with it.
    }
    if (options.echo) (level === 'info' ? console.log : console.error)(`[${level}] ${message}`);
  }

  return {
    file,
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}
