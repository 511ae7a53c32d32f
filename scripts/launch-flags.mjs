// V8 flags the app's Node processes start with: they size the heap as V8 makes it, so they cannot be set from inside
// (main/boot/heap-budget.ts sets what can be). A young generation of 4 MB semi-spaces instead of 16: the catch-up of
// 100,000 subscriptions (`npm run bench -- catchup`) peaked at 212–227 MB of RSS with V8's default and 184–194 MB with
// this, its turns and its duration unchanged. Browser mode: `npm run serve` and `npm start`'s fallback; the desktop app
// in development: `npm start` passes them to Electron's main process with --js-flags (app.commandLine cannot: by then
// the main process's V8 is made). A packaged app starts with V8's default.
export const V8_LAUNCH_FLAGS = ['--max-semi-space-size=4'];
