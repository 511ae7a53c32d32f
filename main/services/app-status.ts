import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';

declare const __APP_VERSION__: string | undefined;
const version = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

export function appHandlers(ports: Ports): HandlersFor<'app'> {
  return {
    async 'app.status'() {
      const any = await ports.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
      return { has_accounts: any !== undefined, version };
    },
  };
}
