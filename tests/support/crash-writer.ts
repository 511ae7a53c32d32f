// A child process for the crash test: the real core on a data folder, writing in a loop. An update is
// announced before it is sent ("try update <name> <amount>": it may or may not land if killed) and every
// write is reported only after its call returned, i.e. committed ("ack create|update <name> <amount>").
// The parent SIGKILLs this process at random moments.
import { startCore } from '../../main/core/start-core';
import type { RequestContext } from '../../main/core/context';
import { silentLogger } from '../../main/ports';
import { createMemorySecrets } from '../../main/secrets/keychain';
import { callsThrough } from './calls';

function usage(): never {
  throw new Error('usage: crash-writer <data-dir> <run-tag>');
}
const dataDir: string = process.argv[2] ?? usage();
const runTag: string = process.argv[3] ?? usage();

const ACCOUNT = { email: 'crash@example.com', username: 'crash', password: 'crash-password-123' };

async function main(): Promise<void> {
  const core = await startCore({ dataDir, logger: silentLogger, secrets: createMemorySecrets('crash'), notifier: { notify: () => false } });
  let userId: number | null = null;
  const ctx = (): RequestContext => ({
    userId,
    session: {
      signIn: async (id) => void (userId = id),
      signOut: async () => void (userId = null),
    },
  });
  const { call } = callsThrough(core, ctx);

  const signedIn = await core.invoke('auth.login', { username: ACCOUNT.username, password: ACCOUNT.password }, ctx());
  if (!signedIn.ok) await call('auth.register', ACCOUNT);
  console.log('ready');

  const ids: number[] = [];
  const names = new Map<number, string>();
  for (let i = 0; ; i++) {
    const amount = `${1 + (i % 500)}.${String(i % 100).padStart(2, '0')}`;
    if (ids.length > 0 && i % 3 === 2) {
      // Rewrite an earlier row of this run: its newest acknowledged amount must survive the kill.
      const id = ids[i % ids.length]!;
      console.log(`try update ${names.get(id)} ${amount}`);
      const { expense } = await call('expenses.update', { id, amount });
      console.log(`ack update ${expense.name} ${amount}`);
    } else {
      const name = `${runTag}-${i}`;
      const { expense } = await call('expenses.create', { name, amount, renewal_date: '2027-01-15', category: 'Crash' });
      ids.push(expense.id);
      names.set(expense.id, name);
      console.log(`ack create ${name} ${amount}`);
    }
    // Let the event loop turn so the kill can land between, during and after statements.
    if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
