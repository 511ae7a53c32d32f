import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { hasAnyUser } from '../db/repositories/users';
import { resetDelivery, type ResetLinks } from './password-reset';

declare const __APP_VERSION__: string | undefined;
const version = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

export function appHandlers(ports: Ports, links: ResetLinks): HandlersFor<'app'> {
  return {
    async 'app.status'() {
      // The sign-in form offers "Forgot password?" only where a link can really be sent.
      return { has_accounts: await hasAnyUser(ports.db), password_reset: !('missing' in resetDelivery(ports, links)), version };
    },
  };
}
