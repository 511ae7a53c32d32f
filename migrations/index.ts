import type { Migration } from 'kysely';
import * as m0001 from './0001_accounts';

// Listed statically: a bundled app cannot scan a folder. Names sort in the order they run.
export const migrations: Record<string, Migration> = {
  '0001_accounts': m0001,
};
