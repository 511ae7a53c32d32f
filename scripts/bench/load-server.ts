// The browser-mode server for the load bench, in its own process so the clients never share its event loop.
// Prints "listening <url>" once it answers.
import { startCore } from '../../main/core/start-core';
import { createHttpServer } from '../../main/http/server';
import { silentLogger } from '../../main/ports';
import { createMemorySecrets } from '../../main/secrets/keychain';

function usage(): never {
  throw new Error('usage: load-server <data-dir>');
}
const dataDir: string = process.argv[2] ?? usage();

async function main(): Promise<void> {
  // DATABASE_URL: PostgreSQL instead of the SQLite file in the data folder (the dialects suite).
  const core = await startCore({ dataDir, logger: silentLogger, secrets: createMemorySecrets('load'), notifier: { notify: () => false }, databaseUrl: process.env.DATABASE_URL || null });
  const http = createHttpServer({ core });
  console.log(`listening ${await http.listen(0)}`);
  process.on('SIGTERM', () => {
    void http.close().then(() => core.stop()).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
