import type { QueryClient } from '@tanstack/react-query';
import { lazyChunksSettled } from './lazy-component';

/**
 * Runs `prefetch` once the screen has what it asked for (no query fetching, no chunk loading) and the
 * browser is idle, so fetching later screens never delays the first one.
 */
export function whenIdle(queryClient: QueryClient, prefetch: () => void): () => void {
  let cancelled = false;
  let stop = () => {};
  const idle = () => {
    if (cancelled) return;
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(() => !cancelled && prefetch(), { timeout: 2_000 });
      stop = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(() => !cancelled && prefetch(), 200);
      stop = () => clearTimeout(id);
    }
  };
  const queriesSettled = () =>
    new Promise<void>((resolve) => {
      if (queryClient.isFetching() === 0) return resolve();
      const unsubscribe = queryClient.getQueryCache().subscribe(() => {
        if (queryClient.isFetching() > 0) return;
        unsubscribe();
        resolve();
      });
    });
  void lazyChunksSettled()
    .then(queriesSettled)
    .then(lazyChunksSettled)
    .then(idle);
  return () => {
    cancelled = true;
    stop();
  };
}
