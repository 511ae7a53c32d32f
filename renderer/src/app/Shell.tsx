import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Brand } from '../components/Brand';
import { Icon } from '../components/icons';
import { ToastProvider } from '../components/Toast';
import { useBridgeNavigation } from '../lib/bridge-events';
import { useCurrentWorkspace, useFollowWorkspace } from '../features/team/queries';
import { WorkspaceSwitcher } from '../features/team/WorkspaceSwitcher';
import { TeamServerBadge } from '../features/settings/TeamServerBadge';
import { carriesFiles, keepDroppedFile } from '../features/import/dropped-file';
import { whenIdle } from './idle-prefetch';
import { navigate, useRoute } from './router';
import { ScreenBoundary } from './ScreenBoundary';
import { prefetchScreens, screenFor, screens } from './screens';
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
  const queryClient = useQueryClient();
  const route = useRoute();
  const { user, signOut } = useSession();
  const active = screenFor(route);
  const Screen = active.component;
  const workspace = useCurrentWorkspace();
  useFollowWorkspace();
  const inSidebar = screens.filter((s) => s.nav === undefined || (s.nav === 'company' && workspace?.kind === 'company'));
  // Below 880 px the sidebar folds behind a menu button (CSS decides when; this only says open or not).
  // It stays open only on the route it was opened on: any navigation closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const menuOpen = openOn === route;
  const setMenuOpen = (open: boolean) => setOpenOn(open ? route : null);
  const menuButton = useRef<HTMLButtonElement>(null);
  // The other screens' code, once this one has what it needs: the next click opens at once.
  useEffect(() => whenIdle(queryClient, prefetchScreens), [queryClient]);
  // A file dropped anywhere on the window is an import (and never a navigation to the file).
  useEffect(() => {
    const onDragOver = (event: DragEvent) => {
      if (carriesFiles(event)) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      keepDroppedFile(file);
      navigate('/import');
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpenOn(null);
      menuButton.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  return (
    <div className="shell" data-menu-open={menuOpen || undefined}>
      <header className="topbar">
        <button
          ref={menuButton}
          type="button"
          className="btn-icon topbar-menu"
          aria-label="Menu"
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <Icon name={menuOpen ? 'close' : 'menu'} size={20} />
        </button>
        <Brand />
        <span className="topbar-screen">{active.label}</span>
      </header>
      {menuOpen ? <div className="sidebar-backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} /> : null}
      <aside className="sidebar" id="sidebar">
        <Brand className="sidebar-brand" />
        <WorkspaceSwitcher onDone={() => setMenuOpen(false)} />
        <nav className="nav" aria-label="Main">
          {inSidebar.map((s) => (
            <a key={s.path} href={`#${s.path}`} aria-current={s === active ? 'page' : undefined} onClick={() => setMenuOpen(false)}>
              <Icon name={s.icon} />
              {s.label}
            </a>
          ))}
        </nav>
        <div className="sidebar-foot">
          <TeamServerBadge />
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
          <ScreenBoundary label={active.label}>
            <Screen />
          </ScreenBoundary>
        </div>
      </main>
    </div>
  );
}
