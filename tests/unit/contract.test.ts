import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract, OPERATION_NAMES } from '../../common/contract';
import { parseInput } from '../../common/contract/validate';
import { AppError } from '../../common/errors';
import { createRouter } from '../../main/http/router';

describe('contract', () => {
  it('gives every operation its own method and path under /api', () => {
    const seen = new Set<string>();
    for (const name of OPERATION_NAMES) {
      const op = contract[name];
      expect(op.path.startsWith('/api/'), name).toBe(true);
      const key = `${op.method} ${op.path}`;
      expect(seen.has(key), `${key} is declared twice`).toBe(false);
      seen.add(key);
    }
  });

  it('derives the HTTP routes from the contract, path parameters included', () => {
    const match = createRouter();
    for (const name of OPERATION_NAMES) {
      const op = contract[name];
      const concrete = op.path.replace(/:(\w+)/g, '42');
      expect(match(op.method, concrete)).toMatchObject({ kind: 'found', name });
    }
  });

  it('refuses unknown fields in every input, so typos never pass silently', () => {
    for (const name of OPERATION_NAMES) {
      const raw = { surely_not_a_field: 1 };
      try {
        parseInput(contract[name].input, raw);
        throw new Error(`${name} accepted an unknown field`);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).fields?.surely_not_a_field, name).toMatch(/Unknown field/);
      }
    }
  });

  it('common/ imports neither electron nor node built-ins (it runs in the renderer too)', () => {
    const dir = path.resolve(__dirname, '../../common');
    const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/from ['"](electron|node:[^'"]+|fs|path|os|crypto)['"]/);
    }
  });
});
