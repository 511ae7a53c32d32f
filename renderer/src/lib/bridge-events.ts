import { useEffect } from 'react';
import { bridge } from '../api/client';
import { navigate } from '../app/router';

/** Desktop only: a clicked notification or tray item opens its subscription; the menu switches screens. */
export function useBridgeNavigation(): void {
  useEffect(() => {
    if (!bridge) return;
    const offOpen = bridge.on('open-expense', ({ id }) => navigate(`/subscriptions/${id}`));
    const offNavigate = bridge.on('navigate', ({ to }) => navigate(to));
    return () => {
      offOpen();
      offNavigate();
    };
  }, []);
}
