import type { ComponentType } from 'react';
import type { IconName } from '../components/icons';
import { HomeScreen } from '../features/home/HomeScreen';

export interface Screen {
  path: string;
  label: string;
  icon: IconName;
  component: ComponentType;
}

/** The sidebar, in order. A feature adds its screen here and nowhere else. */
export const screens: Screen[] = [{ path: '/', label: 'Dashboard', icon: 'dashboard', component: HomeScreen }];

export function screenFor(route: string): Screen {
  const path = '/' + (route.split('/')[1] ?? '');
  return screens.find((s) => s.path === path) ?? screens[0]!;
}
