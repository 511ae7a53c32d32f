import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { User } from '../../../common/contract';
import { api, ApiError } from '../api/client';
import { AuthScreen } from '../features/auth/AuthScreen';
import { SessionContext, type SessionValue } from './session';
import { Shell } from './Shell';

type Boot = { state: 'signed-out'; hasAccounts: boolean } | { state: 'signed-in'; user: User };
const BOOT_KEY = ['boot'];

async function boot(): Promise<Boot> {
  try {
    const { user } = await api('auth.me', {});
    return { state: 'signed-in', user };
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'unauthorized') throw error;
    const status = await api('app.status', {});
    return { state: 'signed-out', hasAccounts: status.has_accounts };
  }
}

export function App() {
  const queryClient = useMemo(() => new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 5_000 } } }), []);
  return (
    <QueryClientProvider client={queryClient}>
      <Root />
    </QueryClientProvider>
  );
}

function Root() {
  const queryClient = useQueryClient();
  const { data, error, refetch, isPending } = useQuery({ queryKey: BOOT_KEY, queryFn: boot, refetchOnWindowFocus: false });

  const session = useMemo<SessionValue | null>(() => {
    if (data?.state !== 'signed-in') return null;
    // Nothing of this account may linger in memory for the next one.
    const forgetAccount = () => queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== BOOT_KEY[0] });
    return {
      user: data.user,
      async signOut() {
        await api('auth.logout', {});
        queryClient.setQueryData(BOOT_KEY, (): Boot => ({ state: 'signed-out', hasAccounts: true }));
        forgetAccount();
      },
      updateUser(user) {
        queryClient.setQueryData(BOOT_KEY, (): Boot => ({ state: 'signed-in', user }));
      },
      async ended() {
        // Asked afresh: after a deletion this may be an install with no account left.
        const next = await boot();
        queryClient.setQueryData(BOOT_KEY, next);
        forgetAccount();
      },
    };
  }, [data, queryClient]);

  if (isPending) return <div className="auth-page" aria-busy="true" />;
  if (error || !data) {
    return (
      <main className="auth-page">
        <div className="card auth-card" role="alert">
          <h1>Spend Manager could not start</h1>
          <p className="lede">{error instanceof Error ? error.message : 'Unknown error'}</p>
          <button className="btn btn-primary" onClick={() => void refetch()}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (data.state === 'signed-out' || !session) {
    return (
      <AuthScreen
        initialMode={data.state === 'signed-out' && !data.hasAccounts ? 'register' : 'signin'}
        onSignedIn={(user) => queryClient.setQueryData(BOOT_KEY, (): Boot => ({ state: 'signed-in', user }))}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}
