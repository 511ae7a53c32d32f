import fs from 'node:fs/promises';
import path from 'node:path';
import { contract, type OperationName, type OutputOf } from '../../common/contract';
import type { TeamConnectInput, TeamConnection } from '../../common/contract/team';
import { AppError, type ErrorValue, type Result } from '../../common/errors';
import type { TeamPort } from '../core/context';
import type { Dispatch, Invoke } from '../core/dispatch';
import type { DesktopNotification, Logger, Secrets } from '../ports';
import { createCursorFile, createTeamFile, type StoredTeam } from './device-files';
import { createFeedPoller, type FeedPoller } from './feed-poller';
import { routeOf } from './routing';
import { parseServerAddress } from './server-address';
import { createRemoteTransport, type RemoteTransport, type RemoteTransportOptions } from './transport';

// The desktop app's one switch between its own SQLite file and a team server: every call from the window
// and the tray passes dispatch() here, which sends it to the local core or relays it (routing.ts says which).

export const TEAM_FILE = 'team-connection.json';
export const CURSOR_FILE = 'team-feed-cursors.json';
const tokenKey = (origin: string) => `team-session ${origin}`;
const cursorKey = (team: StoredTeam) => `${team.url} ${team.username}`;

export const SIGNED_OUT_BY_SERVER = 'The team server ended this session (signed out elsewhere, or it expired): sign in again, or disconnect to use this computer\'s own file';
export const SIGNED_OUT = 'Signed out of the team server: sign in again, or disconnect to use this computer\'s own file';

export interface TeamConnectionOptions {
  /** Where the server's address and the feed's cursor are kept (not the token: that goes to `secrets`). */
  dataDir: string;
  /** The OS keychain (main/secrets/keychain.ts). */
  secrets: Secrets;
  /** The local core's door. */
  local: Dispatch;
  notify(notification: DesktopNotification): boolean;
  logger: Logger;
  pollIntervalMs?: number;
  timeoutMs?: number;
}

export interface TeamConnectionControl {
  /** The one switch point: what IPC and the tray call instead of the core. */
  dispatch: Dispatch;
  invoke: Invoke;
  port: TeamPort;
  /** Reads the connection saved by the last run (address from the file, token from the keychain). */
  restore(): Promise<void>;
  /** A poll of the reminders feed now (system resume). */
  pollNow(): Promise<void>;
  stop(): void;
}

interface Active {
  stored: StoredTeam;
  transport: RemoteTransport;
  poller: FeedPoller;
  signedIn: boolean;
  message: string | null;
}

interface Pending {
  stored: StoredTeam;
  transport: RemoteTransport;
  challenge: string;
}

const thrown = (error: ErrorValue): AppError => new AppError(error.code, error.message, error.fields, error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter });

export function createTeamConnection(options: TeamConnectionOptions): TeamConnectionControl {
  const teamFile = createTeamFile(path.join(options.dataDir, TEAM_FILE));
  const cursors = createCursorFile(path.join(options.dataDir, CURSOR_FILE));
  let active: Active | null = null;
  let pending: Pending | null = null;

  function connectionOf(): TeamConnection {
    if (!active) return { mode: 'local' };
    return { mode: 'team', url: active.stored.url, username: active.stored.username, signed_in: active.signedIn, message: active.message };
  }

  async function readCa(file: string | null): Promise<Buffer | undefined> {
    if (file === null) return undefined;
    try {
      return await fs.readFile(file);
    } catch (error) {
      const message = `Cannot read the CA file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}`;
      throw new AppError('validation', `ca_file: ${message}`, { ca_file: message });
    }
  }

  /** The token the server gave or ended for the connection in use (a sign-in or sign-out from the window): kept in the keychain. */
  function onToken(transport: () => RemoteTransport | null, token: string | null): void {
    const team = active;
    if (!team || team.transport !== transport()) return;
    const key = tokenKey(team.stored.url);
    void (token === null ? options.secrets.delete(key) : options.secrets.set(key, token)).catch((error: unknown) =>
      options.logger.warn('team session token could not be kept in the keychain', { error: String(error) }),
    );
    team.signedIn = token !== null;
    team.message = token === null ? SIGNED_OUT : null;
    if (token === null) {
      team.poller.stop();
      return;
    }
    team.poller.start();
    void learnUsername(team);
  }

  /** Signed in again from the window (perhaps as someone else): the account the feed's cursor belongs to. */
  async function learnUsername(team: Active): Promise<void> {
    const me = await team.transport.invoke('auth.me', {});
    if (!me.ok || me.data.user.username === team.stored.username || active !== team) return;
    team.poller.stop();
    team.stored = { ...team.stored, username: me.data.user.username };
    await teamFile.write(team.stored);
    team.poller = pollerFor(team.stored);
    team.poller.start();
  }

  function transportFor(stored: StoredTeam, ca: Buffer | undefined, token: string | null): RemoteTransport {
    let made: RemoteTransport | null = null;
    const transportOptions: RemoteTransportOptions = { baseUrl: stored.url, token, onToken: (t) => onToken(() => made, t) };
    if (ca) transportOptions.ca = ca;
    if (options.timeoutMs) transportOptions.timeoutMs = options.timeoutMs;
    made = createRemoteTransport(transportOptions);
    return made;
  }

  function pollerFor(stored: StoredTeam): FeedPoller {
    return createFeedPoller({
      key: cursorKey(stored),
      cursors,
      logger: options.logger,
      notify: options.notify,
      ...(options.pollIntervalMs ? { intervalMs: options.pollIntervalMs } : {}),
      feed: async (after) => {
        // Through the switch, so a session the server ended is noticed here too.
        const result = await relay('reminders.feed', after === undefined ? {} : { after });
        return result as Result<OutputOf<'reminders.feed'>>;
      },
    });
  }

  async function adopt(stored: StoredTeam, transport: RemoteTransport): Promise<TeamConnection> {
    await options.secrets.set(tokenKey(stored.url), transport.token() ?? '');
    await teamFile.write(stored);
    const team: Active = { stored, transport, poller: pollerFor(stored), signedIn: true, message: null };
    active = team;
    team.poller.start();
    return connectionOf();
  }

  /** Relays one call; a session the server no longer knows (401 on a signed-in operation) signs the team out, never falls back to local data. */
  async function relay(name: string, raw: unknown): Promise<Result<unknown>> {
    const team = active!;
    const hadToken = team.transport.token() !== null;
    const result = await team.transport.dispatch(name, raw);
    const op = Object.hasOwn(contract, name) ? contract[name as OperationName] : null;
    if (!result.ok && result.error.code === 'unauthorized' && hadToken && op?.auth && active === team) {
      team.signedIn = false;
      team.message = SIGNED_OUT_BY_SERVER;
      team.poller.stop();
      await options.secrets.delete(tokenKey(team.stored.url)).catch(() => {});
    }
    return result;
  }

  const dispatch: Dispatch = async (name, raw, ctx) => {
    if (!active) return options.local(name, raw, ctx);
    const route = routeOf(name);
    if (route.to === 'local') return options.local(name, raw, ctx);
    if (route.to === 'refused') return { ok: false, error: { code: 'forbidden', message: route.message } };
    return relay(name, raw);
  };

  async function endSession(team: Active | Pending): Promise<void> {
    if (team.transport.token() !== null) {
      const out = await team.transport.invoke('auth.logout', {});
      if (!out.ok) options.logger.warn('signing out of the team server failed; the token is deleted here anyway', { message: out.error.message });
    }
    team.transport.close();
  }

  const port: TeamPort = {
    async connection() {
      return connectionOf();
    },
    async connect(input: TeamConnectInput) {
      if (active) throw new AppError('conflict', `Already connected to ${active.stored.url}; disconnect first`);
      const origin = parseServerAddress(input.url).origin;
      const ca = await readCa(input.ca_file);
      const stored: StoredTeam = { url: origin, username: input.username.toLowerCase(), ca_file: input.ca_file };
      if (pending) {
        pending.transport.close();
        pending = null;
      }
      const transport = transportFor(stored, ca, null);
      try {
        const status = await transport.invoke('app.status', {});
        if (!status.ok) throw thrown(status.error);
        const login = await transport.invoke('auth.login', { username: input.username, password: input.password });
        if (!login.ok) throw thrown(login.error);
        if ('two_factor' in login.data) {
          pending = { stored, transport, challenge: login.data.two_factor.challenge };
          return login.data;
        }
        const connection = await adopt({ ...stored, username: login.data.user.username }, transport);
        return { connection, user: login.data.user };
      } catch (error) {
        if (pending?.transport !== transport) transport.close();
        throw error;
      }
    },
    async verify(challenge, code) {
      if (!pending || pending.challenge !== challenge) throw new AppError('bad_request', 'This sign-in has expired; connect again');
      const { stored, transport } = pending;
      const verified = await transport.invoke('auth.twoFactor.verify', { challenge, code });
      if (!verified.ok) throw thrown(verified.error);
      pending = null;
      const connection = await adopt({ ...stored, username: verified.data.user.username }, transport);
      return { connection, user: verified.data.user };
    },
    async disconnect() {
      const team = active;
      active = null;
      if (pending) {
        pending.transport.close();
        pending = null;
      }
      if (!team) return connectionOf();
      team.poller.stop();
      await endSession(team);
      // Nothing of the team stays: the token, the feed's place, the server's address.
      await options.secrets.delete(tokenKey(team.stored.url));
      await cursors.delete(cursorKey(team.stored));
      await teamFile.remove();
      return connectionOf();
    },
  };

  return {
    dispatch,
    invoke: ((name, input, ctx) => dispatch(name, input, ctx)) as Invoke,
    port,
    async restore() {
      const stored = await teamFile.read();
      if (!stored || active) return;
      const token = await options.secrets.get(tokenKey(stored.url)).catch(() => null);
      let ca: Buffer | undefined;
      try {
        ca = await readCa(stored.ca_file);
      } catch (error) {
        options.logger.warn('the team server CA file cannot be read', { error: String(error) });
      }
      const transport = transportFor(stored, ca, token);
      const team: Active = { stored, transport, poller: pollerFor(stored), signedIn: token !== null, message: token === null ? SIGNED_OUT : null };
      active = team;
      if (token !== null) team.poller.start();
    },
    async pollNow() {
      if (active?.signedIn) await active.poller.poll();
    },
    stop() {
      active?.poller.stop();
      active?.transport.close();
      pending?.transport.close();
    },
  };
}
