import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '../../../main/logging/logger';
import { tempDir } from '../../support/temp';

const lines = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('log file', () => {
  it('writes one JSON line per entry in the log folder, with no secrets', () => {
    const dir = path.join(tempDir(), 'logs');
    const logger = createFileLogger({ dir });
    logger.info('smtp saved', { host: 'smtp.example.com', password: 'hunter2', nested: { token: 'abc' } });
    expect(logger.file).toBe(path.join(dir, 'main.log'));
    const [entry] = lines(logger.file);
    expect(entry).toMatchObject({ level: 'info', message: 'smtp saved', host: 'smtp.example.com', password: '[redacted]', nested: { token: '[redacted]' } });
    expect(fs.readFileSync(logger.file, 'utf8')).not.toContain('hunter2');
  });

  it('rotates by size, keeping the newest files: main.log, main.1.log … main.N.log', () => {
    const dir = tempDir();
    const logger = createFileLogger({ dir, maxBytes: 200, keep: 2 });
    for (let i = 0; i < 20; i++) logger.info(`entry ${i}`, { filler: 'x'.repeat(60) });
    expect(fs.readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const file of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, file)).size).toBeLessThanOrEqual(200);
    expect(lines(path.join(dir, 'main.log')).at(-1).message).toBe('entry 19');
    const rotated = lines(path.join(dir, 'main.1.log')).map((e) => e.message);
    const older = lines(path.join(dir, 'main.2.log')).map((e) => e.message);
    expect(Number(older.at(-1).split(' ')[1]) + 1).toBe(Number(rotated[0].split(' ')[1])); // contiguous: nothing lost between files
  });

  it('continues the existing file after a restart, counting its size', () => {
    const dir = tempDir();
    createFileLogger({ dir, maxBytes: 300 }).info('before restart', { filler: 'x'.repeat(150) });
    createFileLogger({ dir, maxBytes: 300 }).info('after restart', { filler: 'x'.repeat(150) });
    expect(lines(path.join(dir, 'main.log')).map((e) => e.message)).toEqual(['after restart']);
    expect(lines(path.join(dir, 'main.1.log')).map((e) => e.message)).toEqual(['before restart']);
  });
});
