import { use, type ComponentType } from 'react';

/** A component whose code is a chunk of its own: fetched on first render, or earlier with load(). */
export interface LazyComponent<P extends object> {
  Component: ComponentType<P>;
  /** Fetches the chunk (once); rejects when it cannot be fetched, and the next call tries again. */
  load(): Promise<void>;
}

const pending = new Set<Promise<void>>();

/** Resolves once no lazy chunk is being fetched (for work that should not compete with them). */
export async function lazyChunksSettled(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}

export function lazyComponent<P extends object>(importer: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<void> | undefined;
  const load = () => {
    if (!loading) {
      const started = importer().then(
        (component) => {
          loaded = component;
          pending.delete(started);
        },
        (error: unknown) => {
          loading = undefined;
          pending.delete(started);
          throw error;
        },
      );
      loading = started;
      pending.add(started);
    }
    return loading;
  };
  // Once fetched (say by an idle prefetch) it renders at once, with no fallback frame; until then it
  // suspends, and the nearest <Suspense> shows its skeleton.
  function Lazy(props: P) {
    if (!loaded) use(load());
    const Loaded = loaded!;
    return <Loaded {...props} />;
  }
  return { Component: Lazy, load };
}
