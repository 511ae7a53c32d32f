import { useEffect, useState } from 'react';

/** How long a value waits for a frame at most (a hidden tab draws none). */
const NO_FRAME_MS = 250;

/**
 * The value once a frame has been painted since it arrived; the one before until then. For work that must not
 * hold up the paint of what arrived with it: React's deferred render starts right after the urgent commit, in the
 * same turn of the browser's loop, and a long one (a chart library's first render) delays that paint.
 */
export function useAfterPaint<T>(value: T): T | undefined {
  const [painted, setPainted] = useState<T | undefined>(undefined);
  useEffect(() => {
    if (value === painted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = () => {
      cancelAnimationFrame(frame);
      clearTimeout(fallback);
      if (timer !== undefined) clearTimeout(timer);
      setPainted(() => value);
    };
    // A frame's callbacks run just before its paint; a task queued from there runs after it.
    const frame = requestAnimationFrame(() => (timer = setTimeout(show)));
    const fallback = setTimeout(show, NO_FRAME_MS);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(fallback);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [value, painted]);
  return painted;
}
