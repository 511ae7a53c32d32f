// The session: who is signed in (the boot query), signing in, registering and signing out.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { InputOf, LoginResult, User } from '../../../../common/contract';
import { api, ApiError } from '../../api/client';

export type Boot = { state: 'signed-out'; hasAccounts: boolean; passwordReset: boolean } | { state: 'signed-in'; user: User };

export const authKeys = {
  boot: ['boot'] as const,
};

/** Drops everything cached for an account (and what was asked for optimistically before the session was known). */
export function forgetAccount(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.boot[0] });
}

async function boot(queryClient: QueryClient): Promise<Boot> {
  try {
    const { user } = await api('auth.me', {});
    return { state: 'signed-in', user };
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'unauthorized') throw error;
    // The first screen's data was asked for beside this check, and refused: none of it may linger.
    forgetAccount(queryClient);
    const status = await api('app.status', {});
    return { state: 'signed-out', hasAccounts: status.has_accounts, passwordReset: status.password_reset };
  }
}

export const bootQuery = queryOptions({ queryKey: authKeys.boot, queryFn: ({ client }) => boot(client), refetchOnWindowFocus: false });

/** Asks afresh who is signed in (after a deletion this may be an install with no account left). */
export async function rebootSession(queryClient: QueryClient): Promise<void> {
  const next = await boot(queryClient);
  queryClient.setQueryData(authKeys.boot, next);
  forgetAccount(queryClient);
}

export function showSignedIn(queryClient: QueryClient, user: User): void {
  queryClient.setQueryData(authKeys.boot, (): Boot => ({ state: 'signed-in', user }));
}

export async function signOut(queryClient: QueryClient): Promise<void> {
  await api('auth.logout', {});
  // Asks the server again what the sign-in screen may offer (a reset link, or registering on an emptied install).
  await rebootSession(queryClient);
}

/** The account, or (two-factor on) the challenge the code step completes. */
export async function signIn(credentials: InputOf<'auth.login'>): Promise<LoginResult> {
  return api('auth.login', credentials);
}

export async function verifyCode(input: InputOf<'auth.twoFactor.verify'>): Promise<User> {
  return (await api('auth.twoFactor.verify', input)).user;
}

export async function requestPasswordReset(input: InputOf<'auth.requestPasswordReset'>): Promise<string> {
  return (await api('auth.requestPasswordReset', input)).message;
}

export async function resetPassword(input: InputOf<'auth.resetPassword'>): Promise<string> {
  return (await api('auth.resetPassword', input)).message;
}

export async function register(input: InputOf<'auth.register'>): Promise<User> {
  return (await api('auth.register', input)).user;
}
