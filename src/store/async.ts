/**
 * A repository as a store on another engine (PostgreSQL) offers it: each public method of the SQLite
 * repository `R`, with the same arguments, answering now or later. Code written against `Async<R>` awaits
 * every call, so it runs on either store; the SQLite repositories satisfy it as they are.
 */
// `any` parameters: any method is a Method whatever it takes (parameters are contravariant).
type Method = (...args: any[]) => unknown;

export type Async<R> = {
  readonly [K in keyof R as R[K] extends Method ? K : never]: R[K] extends (...args: infer A) => infer T
    ? (...args: A) => Awaited<T> | Promise<Awaited<T>>
    : never;
};
