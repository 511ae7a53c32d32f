import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Settings } from '../../../../common/contract';
import { queryKeys, useSettings } from '../../lib/queries';

// The one cache entry every screen reads settings from, so a save here shows everywhere at once.
const SETTINGS_KEY = queryKeys.settings;
export { useSettings };

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

/** Merges part of Settings (an operation that answers only its own piece, like smtp.update) into the cache. */
export function useSettingsPatch(): (patch: Partial<Settings>) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (patch: Partial<Settings>) => queryClient.setQueryData<Settings>(SETTINGS_KEY, (old) => (old ? { ...old, ...patch } : old)),
    [queryClient],
  );
}
