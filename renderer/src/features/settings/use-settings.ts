import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Settings } from '../../../../common/contract';
import { api } from '../../api/client';

/** One cache entry for the account's settings, so a save shows everywhere at once. */
export const SETTINGS_KEY = ['settings'] as const;

export function useSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: async () => (await api('settings.get', {})).settings });
}

/** Puts a fresh Settings (from any save) into the cache and refreshes what depends on it. */
export function useSettingsSaved(): (settings: Settings) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (settings: Settings) => {
      queryClient.setQueryData(SETTINGS_KEY, settings);
      // Base currency, rates and reminder defaults change totals and planned reminders.
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== SETTINGS_KEY[0] && q.queryKey[0] !== 'boot' });
    },
    [queryClient],
  );
}
