import type { AccountSession } from '../../common/contract';
import { AppError } from '../../common/errors';
import type { HandlersFor } from '../core/handlers';
import type { SessionRow } from '../db/repositories/sessions';
import type { AccountDeps } from './users';
import { deviceLabel } from './device-label';

// Where the account is signed in, and signing those sessions out.

type SessionHandlers = Pick<HandlersFor<'account'>, 'account.sessions' | 'account.endSession' | 'account.endOtherSessions'>;

function toSession(row: SessionRow, currentId: string | null): AccountSession {
  return {
    id: row.id,
    kind: row.kind,
    device: deviceLabel(row.kind, row.agent),
    created_at: row.created_at,
    last_seen_at: row.last_seen_at,
    expires_at: row.expires_at,
    current: row.id === currentId,
  };
}

export function accountSessionHandlers(deps: Pick<AccountDeps, 'sessions'>): SessionHandlers {
  const { sessions } = deps;

  return {
    async 'account.sessions'(ctx) {
      const rows = await sessions.list(ctx.userId);
      const list = rows.map((row) => toSession(row, ctx.sessionId ?? null));
      // This device first, then the others by when they were last seen.
      list.sort((a, b) => Number(b.current) - Number(a.current));
      return { sessions: list };
    },

    async 'account.endSession'(ctx, input) {
      if (input.id === ctx.sessionId) {
        await ctx.session.signOut();
        return { message: 'Signed out on this device' };
      }
      // Another account's session id gets the same answer as an unknown one.
      if (!(await sessions.revokeById(ctx.userId, input.id))) throw new AppError('not_found', 'No such session: it may have signed out already', { id: 'No such session' });
      return { message: 'Session signed out' };
    },

    async 'account.endOtherSessions'(ctx) {
      // Without its own session id the caller could not be kept signed in, so nothing is ended.
      if (!ctx.sessionId) throw new AppError('bad_request', 'This caller has no session of its own to keep; sign in again first');
      const n = await sessions.revokeOthers(ctx.userId, ctx.sessionId);
      return { message: n === 0 ? 'No other session was signed in' : `Signed out ${n} other session${n === 1 ? '' : 's'}`, signed_out: n };
    },
  };
}
