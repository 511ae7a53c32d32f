import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { hasAnyUser } from '../db/repositories/users';

declare const __APP_VERSION__: string | undefined;
const version = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

export function appHandlers(ports: Ports): HandlersFor<'app'> {
  return {
    async 'app.status'() {
      return { has_accounts: await hasAnyUser(ports.db), version };
    },
  };
}
