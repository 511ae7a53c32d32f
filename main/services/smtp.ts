import { randomBytes } from 'node:crypto';
import type { Settings, SmtpSummary } from '../../common/contract';
import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { SmtpError } from '../reminders/mailer';
import { withMeaning } from '../reminders/smtp-errors';
import { MESSAGE_ID_DOMAIN } from '../reminders/reminder-message';
import { accountSmtp, defaultSmtpTransport, savedSmtpSettings, smtpPasswordKey, type SmtpTransport } from '../reminders/smtp-account';
import type { Secrets } from '../ports';
import type { Kysely } from 'kysely';
import { updateSettings, upsertSettings } from '../db/repositories/settings';
import { findPersonalWorkspaceId } from '../db/repositories/workspaces';
import type { Database } from '../db/schema';
import { findUser } from './users';

// SMTP settings of an account. The password goes to ports.secrets (the OS keychain) and nowhere else.

const systemSmtp = defaultSmtpTransport();

function transportOf(ports: Pick<Ports, 'smtp'>): SmtpTransport {
  return ports.smtp ?? systemSmtp;
}

/** What the settings screen shows about SMTP; never the password itself. */
async function summaryOf(ports: Pick<Ports, 'db' | 'secrets' | 'smtp'>, userId: number): Promise<SmtpSummary | null> {
  const environment = transportOf(ports).environment;
  if (environment) {
    const { settings, password } = environment;
    return { ...settings, has_password: password !== null, password_storage: password !== null ? 'environment' : null };
  }
  const settings = await savedSmtpSettings(ports.db, userId);
  if (!settings) return null;
  const hasPassword = (await readPassword(ports.secrets, userId)) !== null;
  return { ...settings, has_password: hasPassword, password_storage: hasPassword ? (ports.secrets.persistent ? 'keychain' : 'memory') : null };
}

/** The SMTP half of Settings (settings.get / settings.update). */
export async function smtpSummary(ports: Pick<Ports, 'db' | 'secrets' | 'smtp'>, userId: number): Promise<Pick<Settings, 'smtp' | 'smtp_from_environment'>> {
  return { smtp: await summaryOf(ports, userId), smtp_from_environment: transportOf(ports).environment !== null };
}

async function readPassword(secrets: Secrets, userId: number): Promise<string | null> {
  try {
    return await secrets.get(smtpPasswordKey(userId));
  } catch (error) {
    throw new AppError('unavailable', error instanceof Error ? error.message : String(error));
  }
}

async function keychain(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    // The keychain said no (locked, gone): nothing was saved, and the user is told why.
    throw new AppError('unavailable', error instanceof Error ? error.message : String(error));
  }
}

function environmentConflict(): AppError {
  return new AppError(
    'conflict',
    'SMTP settings come from the SMTP_URL environment variable in this browser-mode session; change or unset SMTP_URL to edit them here',
  );
}

/** SMTP is the account's own (its personal workspace's settings), whatever workspace the call acts in. */
async function personalWorkspace(db: Kysely<Database>, userId: number): Promise<number> {
  const id = await findPersonalWorkspaceId(db, userId);
  if (id === undefined) throw new AppError('unauthorized', 'This account has no workspace; sign in again');
  return id;
}

export function smtpHandlers(ports: Ports): HandlersFor<'smtp'> {
  const { db, clock, secrets } = ports;
  const transport = transportOf(ports);

  return {
    async 'smtp.update'(ctx, input) {
      if (transport.environment) throw environmentConflict();
      const key = smtpPasswordKey(ctx.userId);
      if (input.password !== undefined) {
        await keychain(() => (input.password === '' ? secrets.delete(key) : secrets.set(key, input.password!)));
      }
      const now = clock.now().toISOString();
      const columns = {
        smtp_host: input.host,
        smtp_port: input.port,
        smtp_security: input.security,
        smtp_username: input.username,
        smtp_from: input.from,
        updated_at: now,
      };
      await upsertSettings(db, await personalWorkspace(db, ctx.userId), columns);
      // A reminder waiting for a working mail server may go now.
      ports.reminders.rearm();
      const smtp = (await summaryOf(ports, ctx.userId))!;
      const warning = smtp.password_storage === 'memory' ? secrets.unavailableReason : null;
      return { smtp, warning };
    },

    async 'smtp.clear'(ctx) {
      if (transport.environment) throw environmentConflict();
      await keychain(() => secrets.delete(smtpPasswordKey(ctx.userId)));
      await updateSettings(db, await personalWorkspace(db, ctx.userId), { smtp_host: null, smtp_port: null, smtp_security: null, smtp_username: null, smtp_from: null, updated_at: clock.now().toISOString() });
      return { smtp: null };
    },

    async 'smtp.test'(ctx, input) {
      const smtp = await accountSmtp(db, secrets, transport, ctx.userId).catch((error: unknown) => {
        throw new AppError('unavailable', error instanceof Error ? error.message : String(error));
      });
      if (!smtp) throw new AppError('bad_request', 'Set up SMTP first: save the host, port, security and sender address');
      const user = await findUser(ports, ctx.userId);
      const to = input.to ?? user?.email;
      if (!to) throw new AppError('validation', 'to: Give an address to send the test email to', { to: 'Give an address to send the test email to' });

      const messageId = `<test-${ctx.userId}-${randomBytes(8).toString('hex')}@${MESSAGE_ID_DOMAIN}>`;
      const mailer = transport.createMailer(smtp.settings, smtp.password);
      try {
        const sent = await mailer.send({
          to,
          subject: 'Spend Manager test email',
          text: `This is a test email from Spend Manager.\n\nRenewal reminders for ${user?.username ?? 'your account'} will arrive from ${smtp.settings.from}.\n`,
          html: `<p>This is a test email from Spend Manager.</p><p>Renewal reminders will arrive from this sender.</p>`,
          messageId,
        });
        return { message: `Test email sent to ${to}`, to, message_id: sent.messageId, response: sent.response };
      } catch (error) {
        // What it means in words, with the server's reply verbatim beside it ("… (Invalid login: 535 Authentication failed)").
        if (error instanceof SmtpError) {
          throw new AppError(error.code === 'ENOPASSWORD' ? 'bad_request' : 'bad_gateway', withMeaning(error, { settings: smtp.settings, to }));
        }
        throw error;
      } finally {
        mailer.close();
      }
    },
  };
}
