import { useEffectEvent, useLayoutEffect } from 'react';

function inModalDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('dialog[open]') !== null;
}

/** True when a keystroke belongs to what the user is typing in. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * Runs `handler` when `key` is pressed outside text fields and without modifiers (n = new, / = search).
 * Escape is the exception: it fires from text fields too so they can be left with it.
 * An open modal <dialog> owns the keyboard: nothing fires behind it.
 */
export function useShortcut(key: string, handler: (event: KeyboardEvent) => void, enabled = true): void {
  const onKey = useEffectEvent(handler);
  // A layout effect: the listener is live before the screen is painted, so a key pressed as it appears counts.
  useLayoutEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => {
      if (event.key !== key || event.defaultPrevented) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (inModalDialog(event.target) || document.querySelector('dialog[open]')) return;
      if (key !== 'Escape' && isTypingTarget(event.target)) return;
      event.preventDefault();
      onKey(event);
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [key, enabled]);
}
