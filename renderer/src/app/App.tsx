import { QueryClientProvider, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { Suspense, useMemo } from 'react';
import { AuthScreen } from '../features/auth/AuthScreen';
import { bootQuery, rebootSession, showSignedIn, signOut } from '../features/auth/queries';
import { InviteNotice } from '../features/team/InviteOffer';
import { TeamServerNotice } from '../features/settings/TeamServerNotice';
import { inviteTokenOf } from '../features/team/invite-token';
import { lazyComponent } from './lazy-component';
import { navigate, useRoute } from './router';
import { SessionContext, type SessionValue } from './session';
import { Shell } from './Shell';

// Opened from an emailed link only: its code stays out of the first chunk.
const resetScreen = lazyComponent(() => import('../features/auth/ResetPasswordScreen').then((m) => m.ResetPasswordScreen));
const RESET_ROUTE = /^\/reset\/([^/]+)$/;

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
  const route = useRoute();
  // An invitation link opened signed out: register (or sign in), and the link's page follows.
  const inviteToken = inviteTokenOf(route);

  const session = useMemo<SessionValue | null>(() => {
    if (data?.state !== 'signed-in') return null;
    return {
      user: data.user,
      signOut: () => signOut(queryClient),
      updateUser: (user) => showSignedIn(queryClient, user),
      ended: () => rebootSession(queryClient),
    };
  }, [data, queryClient]);

  const reset = RESET_ROUTE.exec(route);
  if (reset) {
    // Signed in or not: the link is for whichever account asked, and changing the password signs it out everywhere.
    const leave = () => {
      navigate('/');
      void rebootSession(queryClient);
    };
    return (
      <Suspense fallback={<div className="auth-page" aria-busy="true" />}>
        <resetScreen.Component token={reset[1]!} onDone={leave} />
      </Suspense>
    );
  }
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
          <TeamServerNotice />
        </div>
      </main>
    );
  }
  if (data.state === 'signed-out' || !session) {
    const signedOut = data.state === 'signed-out' ? data : null;
    const initialMode = inviteToken || (signedOut && !signedOut.hasAccounts) ? 'register' : 'signin';
    return (
      <AuthScreen
        initialMode={initialMode}
        passwordReset={signedOut?.passwordReset ?? false}
        notice={inviteToken ? <InviteNotice token={inviteToken} /> : <TeamServerNotice />}
        onSignedIn={(user) => showSignedIn(queryClient, user)}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}
