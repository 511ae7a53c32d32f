import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// ARCHITECTURE rule 3, as the project's own ESLint config enforces it: common/ runs in every process,
// so it imports neither Node, Electron nor either side's code. Probes are linted as if they sat in common/.

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The no-restricted-imports messages for one import line in a file of common/. */
async function refusals(specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport { x };\n`, { filePath: path.join(root, 'common/domain/probe.ts') });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('what common/ may import', () => {
  it.each(['../../main/reminders/smtp-config', '../../main', '../../renderer/src/api/client', '../../preload/index'])(
    'refuses %s: a main-side or renderer file would end up in the other bundle',
    async (specifier) => {
      expect(await refusals(specifier)).toEqual([expect.stringContaining('common/ runs in every process: it imports neither main/, renderer/ nor preload/')]);
    },
  );

  it.each(['node:fs', 'electron', 'crypto'])('refuses %s: no Node or Electron in common/', async (specifier) => {
    expect(await refusals(specifier)).toEqual([expect.stringContaining('no Node or Electron imports')]);
  });

  it('allows common/ its own files and zod', async () => {
    expect(await refusals('./smtp-config')).toEqual([]);
    expect(await refusals('../contract')).toEqual([]);
    expect(await refusals('zod')).toEqual([]);
  });

  it('the contract reaches the SMTP schema inside common/ (it used to import main/reminders/smtp-config)', async () => {
    const [result] = await eslint.lintFiles([path.join(root, 'common/contract/smtp.ts')]);
    expect(result!.messages).toEqual([]);
  });
});
