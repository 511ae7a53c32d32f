import type { App } from 'electron';

type QuitEvent = { preventDefault(): void };
type QuittingApp = { on(event: 'will-quit', listener: (event: QuitEvent) => void): unknown; quit: App['quit'] };

/**
 * Quitting waits for the core: the first 'will-quit' is held back while `stop` runs (scheduler
 * stopped, database closed, its WAL checkpointed), then the app quits for real. A failing stop is
 * reported and does not keep the app alive.
 */
export function setupGracefulQuit(app: QuittingApp, stop: () => Promise<void>, onError: (error: unknown) => void): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    void Promise.resolve()
      .then(stop)
      .catch(onError)
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  });
}
