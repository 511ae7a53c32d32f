import { z } from 'zod';
import { operation } from './define';
import type { Settings } from './settings';

// Exchange rates from the European Central Bank's daily reference file (issue 11): fetched on request here, and
// once a day when the workspace's settings say so (settings.update rates_daily).

export interface RatesRefreshResult {
  /** Currencies whose rate now holds the ECB's of `date`. */
  updated: string[];
  /** Currencies typed by hand and kept as typed (the request did not say overwrite_manual). */
  skipped_manual: string[];
  /** Currencies the workspace uses that the ECB publishes no usable rate for: their rates stay as they are. */
  unavailable: string[];
  /** The ECB file's date, YYYY-MM-DD. */
  date: string;
  source: 'ecb';
  /** The settings after the refresh (rates and their status). */
  settings: Settings;
}

export const ratesOperations = {
  'rates.refresh': operation<RatesRefreshResult>()({
    method: 'POST',
    path: '/api/rates/refresh',
    auth: true,
    role: 'admin',
    input: z.strictObject({
      /** Replace rates typed by hand with the ECB's too. */
      overwrite_manual: z.boolean({ error: 'overwrite_manual must be true or false' }).default(false),
    }),
    summary: 'Fetch the European Central Bank’s reference rates now, converted to the base currency',
  }),
};
