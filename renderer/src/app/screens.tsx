import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import type { IconName } from '../components/icons';
import { DashboardScreen, preloadDashboard } from '../features/dashboard/DashboardScreen';
import { lazyComponent } from './lazy-component';

export interface Screen {
  path: string;
  label: string;
  icon: IconName;
  component: ComponentType;
  /** Fetches the screen's code (a lazy chunk) ahead of its first render; absent for the dashboard, which ships with the shell. */
  load?: () => Promise<void>;
  /** At start-up, for the screen the app opens on: starts what it will ask for, beside the session check. */
  preload(queryClient: QueryClient): void;
  /** In the sidebar: always (absent), only in a company workspace, or never (a route such as an invitation link). */
  nav?: 'company' | false;
}

const loadOnly = (load: () => Promise<void>) => () => void load().catch(() => {});

// The dashboard is the first screen and comes with the shell; every other screen is a chunk of its own.
const subscriptions = lazyComponent(() => import('../features/subscriptions/SubscriptionsScreen').then((m) => m.SubscriptionsScreen));
const reviews = lazyComponent(() => import('../features/reviews/ReviewsScreen').then((m) => m.ReviewsScreen));
const reminders = lazyComponent(() => import('../features/reminders/RemindersScreen').then((m) => m.RemindersScreen));
const importer = lazyComponent(() => import('../features/import/ImportScreen').then((m) => m.ImportScreen));
const settings = lazyComponent(() => import('../features/settings/SettingsScreen').then((m) => m.SettingsScreen));
const team = lazyComponent(() => import('../features/team/TeamScreen').then((m) => m.TeamScreen));
const invite = lazyComponent(() => import('../features/team/InviteScreen').then((m) => m.InviteScreen));

/** The sidebar, in order (and the routes that are not in it). A feature adds its screen here and nowhere else. */
export const screens: Screen[] = [
  { path: '/', label: 'Dashboard', icon: 'dashboard', component: DashboardScreen, preload: preloadDashboard },
  { path: '/subscriptions', label: 'Subscriptions', icon: 'subscriptions', component: subscriptions.Component, load: subscriptions.load, preload: loadOnly(subscriptions.load) },
  { path: '/reviews', label: 'Reviews', icon: 'reviews', component: reviews.Component, load: reviews.load, preload: loadOnly(reviews.load) },
  { path: '/reminders', label: 'Reminders', icon: 'reminders', component: reminders.Component, load: reminders.load, preload: loadOnly(reminders.load) },
  { path: '/import', label: 'Import', icon: 'import', component: importer.Component, load: importer.load, preload: loadOnly(importer.load) },
  { path: '/team', label: 'Team', icon: 'team', component: team.Component, load: team.load, preload: loadOnly(team.load), nav: 'company' },
  { path: '/settings', label: 'Settings', icon: 'settings', component: settings.Component, load: settings.load, preload: loadOnly(settings.load) },
  { path: '/invite', label: 'Invitation', icon: 'team', component: invite.Component, load: invite.load, preload: loadOnly(invite.load), nav: false },
];

export function screenFor(route: string): Screen {
  const path = '/' + (route.split('/')[1] ?? '');
  return screens.find((s) => s.path === path) ?? screens[0]!;
}

/** Fetches every screen's chunk, so the next click shows its screen at once. */
export function prefetchScreens(): void {
  for (const s of screens) void s.load?.().catch(() => {});
}
