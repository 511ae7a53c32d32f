// Node reads the OS time zone once, at start: a laptop that travels keeps reporting the old zone.
// Deleting TZ from the environment makes V8 and ICU read it again (Node resets its cached zone on
// any change to TZ; checked under a moved /etc/localtime). A zone given by TZ= is the user's choice.

/** Makes the next clock.timeZone() read the OS zone afresh, unless TZ pins it. */
export function redetectOsTimeZone(env: NodeJS.ProcessEnv = process.env): void {
  if (env.TZ !== undefined) return;
  delete env.TZ;
}
