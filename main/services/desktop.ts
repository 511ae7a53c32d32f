import { AppError } from '../../common/errors';
import type { DesktopPort, Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';

function desktopOf(ports: Ports): DesktopPort {
  // Not a failure of this server: these settings do not exist outside the desktop app (a 4xx, like any other absent thing).
  if (!ports.desktop) throw new AppError('not_found', 'Only the desktop app can launch at login or keep running in the tray');
  return ports.desktop;
}

export function desktopHandlers(ports: Ports): HandlersFor<'desktop'> {
  return {
    async 'desktop.preferences.get'() {
      return { preferences: await desktopOf(ports).preferences() };
    },
    async 'desktop.preferences.update'(ctx, input) {
      const preferences = await desktopOf(ports).updatePreferences(input);
      ports.logger.info('desktop preferences changed', { userId: ctx.userId, ...input });
      return { preferences };
    },
  };
}
