import { createContext, useContext } from 'react';
import type { User } from '../../../common/contract';

export interface SessionValue {
  user: User;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in screen');
  return value;
}
