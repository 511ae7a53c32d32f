import { createContext, useContext } from 'react';
import type { User } from '../../../common/contract';

export interface SessionValue {
  user: User;
  signOut(): Promise<void>;
  /** Shows the account as edited (Settings → Account) everywhere at once, the sidebar foot included. */
  updateUser(user: User): void;
  /** This session is gone without a sign-out (the account was deleted): back to the start screen. */
  ended(): Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in screen');
  return value;
}
