import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { accountingHandlers } from './accounting-export';

// The exports group: the accounting export (accounting-export.ts). The subscriptions CSV/JSON export joins here.

export function exportHandlers(ports: Ports): HandlersFor<'exports'> {
  return { ...accountingHandlers(ports) };
}
