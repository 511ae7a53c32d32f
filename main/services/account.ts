import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { accountDeletionHandlers } from './account-deletion';
import { accountProfileHandlers } from './account-profile';
import { accountSessionHandlers } from './account-sessions';
import type { AccountDeps } from './users';

// account.*: the signed-in account's details, password, sessions and deletion (one file for each part).

export function accountHandlers(ports: Ports, deps: AccountDeps): HandlersFor<'account'> {
  return {
    ...accountProfileHandlers(ports, deps),
    ...accountSessionHandlers(deps),
    ...accountDeletionHandlers(ports, deps),
  };
}
