import type { contract, HttpMethod, OperationName } from '../common/contract';

export function loadContract(): Promise<typeof contract>;
export function operationRoutes(): Promise<Record<OperationName, { method: HttpMethod; path: string }>>;
