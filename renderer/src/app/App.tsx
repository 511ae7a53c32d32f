import { QueryClientProvider, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { AuthScreen } from '../features/auth/AuthScreen';
import { bootQuery, rebootSession, showSignedIn, signOut } from '../features/auth/queries';
import { SessionContext, type SessionValue } from './session';
import { Shell } from './Shell';

export function App({ queryClient }: { queryClient: QueryClient }) {
  return (
    <QueryClientProvider client={queryClient}>
      <Root />
    </QueryClientProvider>
  );
}

function Root() {
  const queryClient = useQueryClient();
  const { data, error, refetch, isPending } = useQuery(bootQuery);

  const session = useMemo<SessionValue | null>(() => {
    if (data?.state !== 'signed-in') return null;
    return {
      user: data.user,
      signOut: () => signOut(queryClient),
      updateUser: (user) => showSignedIn(queryClient, user),
      ended: () => rebootSession(queryClient),
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
    return <AuthScreen initialMode={data.state === 'signed-out' && !data.hasAccounts ? 'register' : 'signin'} onSignedIn={(user) => showSignedIn(queryClient, user)} />;
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}
