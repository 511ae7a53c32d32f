// Browser-mode composition root: the same core, served over HTTP on loopback.
import path from 'node:path';
import { parseServeOptions, UsageError } from './config/serve-options';
import { logDir } from './config/paths';
import { startCore } from './core/start-core';
import { listenOnFreePort, PortInUseError } from './http/listen-free-port';
import { createHttpServer } from './http/server';
import { createFileLogger } from './logging/logger';
import { createKeychainSecrets } from './secrets/keychain';

/**
 * SIGINT/SIGTERM stop the server cleanly (and so run 'exit' handlers such as the code cache's save). Installed
 * before anything starts: a signal that came before its handler would end the process at once, with no 'exit'.
 */
function stopOnSignals(): { whenRunning(stop: () => Promise<void>): void } {
  let running: (() => Promise<void>) | null = null;
  let asked = false;
  let stopping = false;
  const stopNow = async () => {
    if (stopping) return;
    stopping = true;
    await running?.();
    process.exit(0);
  };
  const onSignal = () => {
    asked = true;
    // Still starting: it stops as soon as there is something to stop.
    if (running) void stopNow();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    whenRunning(stop) {
      running = stop;
      if (asked) void stopNow();
    },
  };
}

async function main(): Promise<void> {
  const signals = stopOnSignals();
  const options = parseServeOptions(process.argv.slice(2));
  const logger = createFileLogger({ dir: logDir(options.dataDir), name: 'serve', echo: true });
  const secrets = await createKeychainSecrets();
  if (!secrets.persistent && secrets.unavailableReason) logger.warn(secrets.unavailableReason);

  // SMTP_URL (smtp://user:pass@host:587, smtps:// for TLS) overrides every account's saved SMTP settings here.
  // Links in emails (password reset) point to PUBLIC_URL (the address behind a proxy), else where this listens.
  let linkBase: string | null = options.publicUrl?.origin ?? null;
  const core = await startCore({
    dataDir: options.dataDir,
    logger,
    secrets,
    notifier: { notify: () => false },
    smtpUrl: process.env.SMTP_URL,
    databaseUrl: options.databaseUrl,
    deferReminders: true,
    publicUrl: () => linkBase,
    secretKey: process.env.SPEND_MANAGER_SECRET_KEY,
    ratesUrl: process.env.SPEND_MANAGER_RATES_URL,
    ...(options.sendingTimeoutMs === null ? {} : { sendingTimeoutMs: options.sendingTimeoutMs }),
  });
  const http = createHttpServer({ core, staticDir: path.join(__dirname, '..', 'renderer'), publicUrl: options.publicUrl, trustedProxies: options.trustedProxies });
  const url = await listenOnFreePort(http.listen, options, (port) => console.log(`Port ${port} is in use; trying ${port + 1}.`));
  linkBase ??= url;
  // location is the file, or DATABASE_URL without its password.
  console.log(`Spend Manager (browser mode) is running at ${url}  — data: ${core.database.location}`);
  // Listening first: a catch-up after weeks away never delays the first answer.
  core.reminders.start();

  signals.whenRunning(async () => {
    await http.close();
    await core.stop();
  });
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`spend-manager serve: ${error.message}`);
    process.exit(2);
  }
  if (error instanceof PortInUseError) {
    console.error(`spend-manager serve: ${error.message}`);
    process.exit(1);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
