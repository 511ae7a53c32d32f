import { z } from 'zod';
import { operation } from './define';
import type { FileOut } from './files';

// The calendar (issue 11): the workspace's renewals, trial ends and last days to cancel as an .ics file, and a
// member's secret feed URL of it that calendar apps subscribe to without signing in (the token is the key).

export interface CalendarFeedStatus {
  /** Whether the caller has a live feed URL for this workspace; the URL itself is shown only when made. */
  active: boolean;
  created_at: string | null;
}

export interface CalendarFeedCreated {
  /** The feed's full address (the server's public URL when known, else a path on this server): shown once. */
  url: string;
  created_at: string;
}

export interface CalendarFeedRevoked {
  /** false: there was no feed to revoke. */
  revoked: boolean;
}

/** The most a feed path segment can hold: a token (43 characters) with ".ics", and room for a mistyped one. */
const FEED_TOKEN_MAX = 200;

export const calendarOperations = {
  'calendar.ics': operation<FileOut>()({
    method: 'GET',
    path: '/api/calendar.ics',
    auth: true,
    role: 'viewer',
    download: 'attachment',
    input: z.strictObject({}),
    summary: 'Download the workspace’s renewals, trial ends and last days to cancel as a calendar file (.ics)',
  }),
  'calendar.feed': operation<FileOut>()({
    method: 'GET',
    // The router takes "<token>.ics" as one parameter; the handler drops the ".ics", so both forms work.
    path: '/api/calendar/:token.ics',
    auth: false,
    download: 'inline',
    input: z.strictObject({ token: z.string().max(FEED_TOKEN_MAX, 'Not a calendar feed address') }),
    summary: 'The calendar feed of a secret feed URL (no sign-in: the token is the key); 404 once revoked',
  }),
  'calendar.token': operation<CalendarFeedCreated>()({
    method: 'POST',
    path: '/api/calendar/token',
    auth: true,
    role: 'member',
    status: 201,
    input: z.strictObject({}),
    summary: 'Create a secret calendar feed URL for the workspace (the previous one stops working)',
  }),
  'calendar.status': operation<CalendarFeedStatus>()({
    method: 'GET',
    path: '/api/calendar/token',
    auth: true,
    role: 'viewer',
    input: z.strictObject({}),
    summary: 'Whether you have a calendar feed URL for the workspace, and since when',
  }),
  'calendar.revoke': operation<CalendarFeedRevoked>()({
    method: 'DELETE',
    path: '/api/calendar/token',
    auth: true,
    role: 'member',
    input: z.strictObject({}),
    summary: 'Revoke your calendar feed URL for the workspace',
  }),
};
