/** How many ports from the default are tried when the user named none (5178 … 5187). */
export const PORT_TRIES = 10;

/** No port to listen on; the message says which were taken and what to do. */
export class PortInUseError extends Error {}

function inUse(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

/**
 * Listens on `port`; when the user did not choose it and it is taken, on the next free one
 * (a bounded number of tries). A chosen port is that port or a PortInUseError.
 */
export async function listenOnFreePort(
  listen: (port: number, host: string) => Promise<string>,
  options: { port: number; portChosen: boolean; host: string },
  onTaken: (port: number) => void = () => {},
): Promise<string> {
  const last = options.portChosen ? options.port : Math.min(options.port + PORT_TRIES - 1, 65535);
  for (let port = options.port; ; port++) {
    try {
      return await listen(port, options.host);
    } catch (error) {
      if (!inUse(error)) throw error;
      if (port >= last) {
        throw new PortInUseError(
          options.portChosen
            ? `port ${port} is already in use; pick another with --port or PORT (0 takes any free port).`
            : `ports ${options.port}–${last} are all in use; pick one with --port or PORT (0 takes any free port).`,
        );
      }
      onTaken(port);
    }
  }
}
