import { useSession } from '../../app/session';

export function HomeScreen() {
  const { user } = useSession();
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Dashboard</h1>
          <p>{user.company_name ?? user.username}</p>
        </div>
      </header>
      <section className="card empty">
        <h2>Welcome, {user.username}</h2>
        <p>You are signed in. Subscriptions and the dashboard arrive with the next release of this build.</p>
      </section>
    </>
  );
}
