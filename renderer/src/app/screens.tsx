import type { ComponentType } from 'react';
import type { IconName } from '../components/icons';
import { DashboardScreen } from '../features/dashboard/DashboardScreen';
import { RemindersScreen } from '../features/reminders/RemindersScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { SubscriptionsScreen } from '../features/subscriptions/SubscriptionsScreen';

export interface Screen {
  path: string;
  label: string;
  icon: IconName;
  component: ComponentType;
}

/** The sidebar, in order. A feature adds its screen here and nowhere else. */
export const screens: Screen[] = [
  { path: '/', label: 'Dashboard', icon: 'dashboard', component: DashboardScreen },
  { path: '/subscriptions', label: 'Subscriptions', icon: 'subscriptions', component: SubscriptionsScreen },
  { path: '/reminders', label: 'Reminders', icon: 'reminders', component: RemindersScreen },
  { path: '/settings', label: 'Settings', icon: 'settings', component: SettingsScreen },
];

export function screenFor(route: string): Screen {
  const path = '/' + (route.split('/')[1] ?? '');
  return screens.find((s) => s.path === path) ?? screens[0]!;
}

/** Whether a screen exists in this build (offer "Import a CSV" only once Import is there). */
export function hasScreen(path: string): boolean {
  return screens.some((s) => s.path === path);
}
