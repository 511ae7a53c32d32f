import { z } from 'zod';
import { PASSWORD_MAX, type User } from './auth';
import { operation } from './define';
import { CHALLENGE_PATTERN, type TwoFactorChallenge } from './two-factor';

// The desktop app on a team server (issue 10 §4): which data the window shows, this computer's SQLite file
// or a team server's. Operations of this computer, like desktop.*: browser mode answers "unavailable".

/** local: the SQLite file on this computer. team: every call goes to the team server at `url`. */
export type TeamConnection =
  | { mode: 'local' }
  | {
      mode: 'team';
      url: string;
      username: string;
      /** false: the server ended the session (signed out elsewhere, expired); sign in again or disconnect. */
      signed_in: boolean;
      /** Why signed_in is false, in words; null otherwise. */
      message: string | null;
    };

const text = (label: string, max: number) => z.string({ error: `${label} is required` }).trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max} characters`);

export const teamConnectInput = z.strictObject({
  url: text('Server address', 2048),
  /** A PEM file of the CA that signed the server's certificate, when it is not one the system trusts. */
  ca_file: z.string({ error: 'CA file must be a file path' }).trim().max(4096, 'CA file must be at most 4096 characters').nullish().transform((v) => v || null),
  username: text('Username', 254),
  password: z.string({ error: 'Password is required' }).min(1, 'Password is required').max(PASSWORD_MAX),
});
export type TeamConnectInput = z.output<typeof teamConnectInput>;

export const teamVerifyInput = z.strictObject({
  challenge: z.string({ error: 'This sign-in has expired; connect again' }).regex(CHALLENGE_PATTERN, 'This sign-in has expired; connect again'),
  code: z.string({ error: 'Code is required' }).trim().min(1, 'Enter the 6-digit code from your authenticator app, or a recovery code').max(64, 'Code must be the 6 digits your app shows, or a recovery code'),
});

export type TeamConnectResult = { connection: TeamConnection; user: User } | { two_factor: TwoFactorChallenge };

const empty = z.strictObject({});

export const teamOperations = {
  'team.connection': operation<{ connection: TeamConnection }>()({
    method: 'GET',
    path: '/api/team/connection',
    // Of this computer, not of an account: reachable signed out too (a team session the server ended).
    auth: false,
    input: empty,
    summary: 'Whether the desktop app works on its own file or on a team server (desktop app only)',
  }),
  'team.connect': operation<TeamConnectResult>()({
    method: 'POST',
    path: '/api/team/connect',
    auth: false,
    input: teamConnectInput,
    summary: 'Sign in to a team server and work on its data from now on (with two-factor on: a challenge for the code step)',
  }),
  'team.verify': operation<{ connection: TeamConnection; user: User }>()({
    method: 'POST',
    path: '/api/team/connect/verify',
    auth: false,
    input: teamVerifyInput,
    summary: 'Complete connecting to a team server with the code from the authenticator app',
  }),
  'team.disconnect': operation<{ connection: TeamConnection }>()({
    method: 'POST',
    path: '/api/team/disconnect',
    auth: false,
    input: empty,
    summary: "Sign out of the team server and work on this computer's own file again; nothing of the team's data stays here",
  }),
};
