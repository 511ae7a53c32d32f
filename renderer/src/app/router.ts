import { useSyncExternalStore } from 'react';

// Hash routes work the same under app:// and http://127.0.0.1, with no server rewrites.
export function currentRoute(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : '/';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, currentRoute, () => '/');
}

export function navigate(to: string): void {
  window.location.hash = to;
}
