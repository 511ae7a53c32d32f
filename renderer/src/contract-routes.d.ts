// Written at build time from the contract by vite.config.ts (contractRoutes): each operation's method and path, and its file in or out.
declare module 'virtual:contract-routes' {
  export const routes: Readonly<
    Record<string, { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; upload?: { maxBytes: number }; download?: 'attachment' | 'inline' }>
  >;
}
