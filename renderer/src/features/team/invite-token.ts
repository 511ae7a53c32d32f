/** "#/invite/<token>" → the token; anything else → null. */
export function inviteTokenOf(route: string): string | null {
  const match = /^\/invite\/([^/?#]+)/.exec(route);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    // A malformed %-escape: not a link this app made.
    return null;
  }
}
