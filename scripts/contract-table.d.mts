import type { contract, OperationName } from '../common/contract';
import type { HttpRoute } from '../common/contract/http-request';

export function loadContract(): Promise<typeof contract>;
export function operationRoutes(): Promise<Record<OperationName, HttpRoute>>;
