import { spawn } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';

const WRITER = path.resolve(__dirname, '../../support/crash-writer.ts');
const KILLS = 12;

interface Event {
  kind: 'try' | 'ack';
  op: 'create' | 'update';
  name: string;
  amount: string;
}

interface Run {
  events: Event[];
  killedAfterMs: number;
}

/** Starts the writer, waits until it is writing, then SIGKILLs it after a random delay. */
function runAndKill(dataDir: string, tag: string, delayMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, tag], { stdio: ['ignore', 'pipe', 'pipe'] });
    const events: Event[] = [];
    let buffered = '';
    let stderr = '';
    let started = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready') {
          started = Date.now();
          setTimeout(() => child.kill('SIGKILL'), delayMs);
          continue;
        }
        const m = /^(try|ack) (create|update) (\S+) (\S+)$/.exec(line);
        if (m) events.push({ kind: m[1] as Event['kind'], op: m[2] as Event['op'], name: m[3]!, amount: m[4]! });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited on its own (${code}): ${stderr}`));
      resolve({ events, killedAfterMs: Date.now() - started });
    });
  });
}

describe('crash safety', () => {
  it(`keeps every acknowledged write and an intact database across ${KILLS} SIGKILLs during writes`, async () => {
    const dataDir = tempDir('spend-crash-');
    const file = path.join(dataDir, 'spend-manager.db');
    // Per subscription: the amounts it may hold now — its newest acknowledged one, or one sent after
    // it whose answer the kill cut off (written or not, both are correct; losing the ack'd one is not).
    const allowed = new Map<string, Set<string>>();
    let total = 0;
    for (let run = 0; run < KILLS; run++) {
      const delay = 150 + Math.floor(Math.random() * 600);
      const { events } = await runAndKill(dataDir, `r${run}`, delay);
      for (const e of events) {
        if (e.kind === 'ack') allowed.set(e.name, new Set([e.amount]));
        else allowed.get(e.name)?.add(e.amount);
      }
      total += events.filter((e) => e.kind === 'ack').length;

      const sqlite = new BetterSqlite3(file, { readonly: true });
      try {
        expect(sqlite.pragma('integrity_check', { simple: true }), `integrity after kill ${run + 1}`).toBe('ok');
        const rows = sqlite.prepare('select name, amount_minor from expenses where deleted_at is null').all() as { name: string; amount_minor: number }[];
        const stored = new Map(rows.map((r) => [r.name, r.amount_minor]));
        const minor = (amount: string) => Math.round(Number(amount) * 100);
        const lost = [...allowed]
          .filter(([name, amounts]) => ![...amounts].some((a) => stored.get(name) === minor(a)))
          .map(([name, amounts]) => `${name}: expected one of ${[...amounts].join('/')}, stored ${stored.get(name) ?? 'nothing'}`);
        expect(lost, `acknowledged writes missing or stale after kill ${run + 1}`).toEqual([]);
      } finally {
        sqlite.close();
      }
    }
    // The kills landed while writing, not before the first write.
    expect(total).toBeGreaterThan(KILLS * 5);
  }, 180_000);
});
