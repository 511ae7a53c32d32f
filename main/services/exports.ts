import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { accountingHandlers } from './accounting-export';
import { subscriptionExportHandlers } from './subscription-export';

// The exports group: the accounting export (accounting-export.ts) and the subscriptions as CSV or JSON (subscription-export.ts).

export function exportHandlers(ports: Ports): HandlersFor<'exports'> {
  return { ...accountingHandlers(ports), ...subscriptionExportHandlers(ports) };
}
