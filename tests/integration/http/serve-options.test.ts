import { describe, expect, it } from 'vitest';
import { parseServeOptions, UsageError } from '../../../main/config/serve-options';

// `spend-manager serve`'s environment: the send timeout a team shortens (the multi-server race test does).

describe('serve options', () => {
  it('reads SPEND_MANAGER_SENDING_TIMEOUT_MS as the time a claimed reminder stays sending, and leaves the default without it', () => {
    expect(parseServeOptions([], {}).sendingTimeoutMs).toBeNull();
    expect(parseServeOptions([], { SPEND_MANAGER_SENDING_TIMEOUT_MS: '' }).sendingTimeoutMs).toBeNull();
    expect(parseServeOptions([], { SPEND_MANAGER_SENDING_TIMEOUT_MS: '4000' }).sendingTimeoutMs).toBe(4000);
  });

  it('refuses a send timeout that is not whole milliseconds from 1 s to 24 h, naming the variable and the value', () => {
    for (const bad of ['999', '-5', '2.5', '5m', '86400001']) {
      expect(() => parseServeOptions([], { SPEND_MANAGER_SENDING_TIMEOUT_MS: bad })).toThrow(UsageError);
      expect(() => parseServeOptions([], { SPEND_MANAGER_SENDING_TIMEOUT_MS: bad })).toThrow(
        `SPEND_MANAGER_SENDING_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 86400000, not "${bad}"`,
      );
    }
  });
});
