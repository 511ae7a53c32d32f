import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileLogger } from '../../../main/logging/logger';
import { tempDir } from '../../support/temp';

const lines = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('log file', () => {
  it('writes one JSON line per entry in the log folder, with no secrets', async () => {
    const dir = path.join(tempDir(), 'logs');
    const logger = createFileLogger({ dir });
    logger.info('smtp saved', { host: 'smtp.example.com', password: 'hunter2', nested: { token: 'abc' } });
    await logger.flush();
    expect(logger.file).toBe(path.join(dir, 'main.log'));
    const [entry] = lines(logger.file);
    expect(entry).toMatchObject({ level: 'info', message: 'smtp saved', host: 'smtp.example.com', password: '[redacted]', nested: { token: '[redacted]' } });
    expect(fs.readFileSync(logger.file, 'utf8')).not.toContain('hunter2');
  });

  it('rotates by size, keeping the newest files: main.log, main.1.log … main.N.log', async () => {
    const dir = tempDir();
    const logger = createFileLogger({ dir, maxBytes: 200, keep: 2 });
    for (let i = 0; i < 20; i++) {
      logger.info(`entry ${i}`, { filler: 'x'.repeat(60) });
      // Lines logged while a write is in flight and lines logged one by one rotate alike.
      if (i % 3 === 0) await logger.flush();
    }
    await logger.flush();
    expect(fs.readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const file of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, file)).size).toBeLessThanOrEqual(200);
    expect(lines(path.join(dir, 'main.log')).at(-1).message).toBe('entry 19');
    const rotated = lines(path.join(dir, 'main.1.log')).map((e) => e.message);
    const older = lines(path.join(dir, 'main.2.log')).map((e) => e.message);
    expect(Number(older.at(-1).split(' ')[1]) + 1).toBe(Number(rotated[0].split(' ')[1])); // contiguous: nothing lost between files
  });

  it('continues the existing file after a restart, counting its size', async () => {
    const dir = tempDir();
    const first = createFileLogger({ dir, maxBytes: 300 });
    first.info('before restart', { filler: 'x'.repeat(150) });
    await first.flush();
    const second = createFileLogger({ dir, maxBytes: 300 });
    second.info('after restart', { filler: 'x'.repeat(150) });
    await second.flush();
    expect(lines(path.join(dir, 'main.log')).map((e) => e.message)).toEqual(['after restart']);
    expect(lines(path.join(dir, 'main.1.log')).map((e) => e.message)).toEqual(['before restart']);
  });

  it('never writes to the disk on the caller’s thread: a busy disk cannot stall the event loop (issue 9)', async () => {
    const sync = [vi.spyOn(fs, 'appendFileSync'), vi.spyOn(fs, 'writeFileSync'), vi.spyOn(fs, 'writeSync'), vi.spyOn(fs, 'openSync')];
    const dir = tempDir();
    const logger = createFileLogger({ dir, maxBytes: 1_000, keep: 2 });
    for (let i = 0; i < 200; i++) logger.warn(`line ${i}`, { filler: 'y'.repeat(40) });
    await logger.flush();
    for (const spy of sync) expect(spy).not.toHaveBeenCalled();
    // Every line of the last files is there, in order.
    const kept = [...lines(path.join(dir, 'main.1.log')), ...lines(path.join(dir, 'main.log'))].map((e) => Number(e.message.split(' ')[1]));
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, k) => 200 - kept.length + k));
  });

  it('writes what is still queued when the process exits right after logging (process.exit, an uncaught error)', () => {
    const dir = tempDir();
    const script = path.join(dir, 'exit.ts');
    const logger = path.resolve(__dirname, '../../../main/logging/logger.ts');
    for (const ending of ['process.exit(3);', "throw new Error('boom');"]) {
      const logs = path.join(dir, `logs-${ending.length}`);
      fs.writeFileSync(script, `import { createFileLogger } from ${JSON.stringify(logger)};\nconst log = createFileLogger({ dir: ${JSON.stringify(logs)} });\nfor (let i = 0; i < 500; i++) log.info('line ' + i);\n${ending}\n`);
      const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
      expect(run.status, run.stderr).not.toBe(0);
      expect(lines(path.join(logs, 'main.log')).map((e) => e.message), ending).toEqual(Array.from({ length: 500 }, (_, i) => `line ${i}`));
    }
  });
});
