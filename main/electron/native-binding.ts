/**
 * Which better-sqlite3 binary the desktop app loads. `npm start` builds one for Electron's ABI and
 * names it in SPEND_MANAGER_SQLITE_BINDING; an installed app loads only the one it ships, so no
 * environment variable can choose the native code it runs.
 */
export function sqliteNativeBinding(options: { isPackaged: boolean; env: NodeJS.ProcessEnv }): string | undefined {
  if (options.isPackaged) return undefined;
  return options.env.SPEND_MANAGER_SQLITE_BINDING || undefined;
}
