import type { ComponentType } from 'react';
import type { IconName } from '../components/icons';
import { HomeScreen } from '../features/home/HomeScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';

export interface Screen {
  path: string;
  label: string;
  icon: IconName;
  component: ComponentType;
}

/** The sidebar, in order. A feature adds its screen here and nowhere else. */
export const screens: Screen[] = [
  { path: '/', label: 'Dashboard', icon: 'dashboard', component: HomeScreen },
  { path: '/settings', label: 'Settings', icon: 'settings', component: SettingsScreen },
];

export function screenFor(route: string): Screen {
  const path = '/' + (route.split('/')[1] ?? '');
  return screens.find((s) => s.path === path) ?? screens[0]!;
}
