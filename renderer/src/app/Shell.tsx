import { Brand } from '../components/Brand';
import { Icon } from '../components/icons';
import { ToastProvider } from '../components/Toast';
import { useBridgeNavigation } from '../lib/bridge-events';
import { useRoute } from './router';
import { screenFor, screens } from './screens';
import { useSession } from './session';

export function Shell() {
  useBridgeNavigation();
  return (
    <ToastProvider>
      <ShellFrame />
    </ToastProvider>
  );
}

function ShellFrame() {
  const route = useRoute();
  const { user, signOut } = useSession();
  const active = screenFor(route);
  const Screen = active.component;
  return (
    <div className="shell">
      <aside className="sidebar">
        <Brand />
        <nav className="nav" aria-label="Main">
          {screens.map((s) => (
            <a key={s.path} href={`#${s.path}`} aria-current={s === active ? 'page' : undefined}>
              <Icon name={s.icon} />
              {s.label}
            </a>
          ))}
        </nav>
        <div className="sidebar-foot">
          <div className="who" title={user.email}>
            {user.username}
          </div>
          <div className="company">{user.company_name ?? user.email}</div>
          <button type="button" className="btn btn-ghost" onClick={() => void signOut()}>
            <Icon name="signout" size={16} />
            Sign out
          </button>
        </div>
      </aside>
      <main className="content" id="main">
        <div className="content-inner">
          <Screen />
        </div>
      </main>
    </div>
  );
}
