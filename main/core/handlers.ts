import type { Contract, OperationName, OutputOf, ParsedInputOf } from '../../common/contract';
import type { RequestContext, SignedInContext } from './context';

export type HandlerContext<K extends OperationName> = Contract[K]['auth'] extends true ? SignedInContext : RequestContext;
export type Handler<K extends OperationName> = (ctx: HandlerContext<K>, input: ParsedInputOf<K>) => Promise<OutputOf<K>>;
export type Handlers = { [K in OperationName]: Handler<K> };
/** The handlers of one group of the contract ("auth", "expenses", ...). */
export type HandlersFor<G extends string> = { [K in OperationName as K extends `${G}.${string}` ? K : never]: Handler<K> };
