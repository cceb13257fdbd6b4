import { StoreClosedError, StoreCommitError } from '../errors.ts';

const LIVE = Symbol('live');
const IN_TRANSACTION = Symbol('inTransaction');

interface ScopedView {
  [LIVE]: () => boolean;
  [IN_TRANSACTION]: (() => boolean) | undefined;
}

/**
 * `target` as seen by one unit of work: its methods work while `live()` holds and throw
 * StoreClosedError afterwards, so a transaction object kept past its unit cannot write into
 * another unit's savepoint. With `inTransaction`, every call also checks that the unit's transaction
 * still exists: SQLite rolls a whole transaction back on some errors (I/O, disk full), and a unit
 * that caught such an error must not go on writing in autocommit mode, where each statement would
 * commit on its own, outside the unit's all-or-nothing. [bank-interface §5: nothing half applied]
 * The view is a small object whose prototype holds one checking wrapper per method of `target`,
 * built once per target: a unit costs one object, not a Proxy trap and a closure per call.
 */
export function scoped<T extends object>(target: T, live: () => boolean, what: string, inTransaction?: () => boolean): T {
  const view = Object.create(viewPrototype(target, what)) as ScopedView;
  view[LIVE] = live;
  view[IN_TRANSACTION] = inTransaction;
  return view as unknown as T;
}

const prototypes = new WeakMap<object, Map<string, object>>();

function viewPrototype(target: object, what: string): object {
  let byWhat = prototypes.get(target);
  if (byWhat === undefined) {
    byWhat = new Map();
    prototypes.set(target, byWhat);
  }
  let prototype = byWhat.get(what);
  if (prototype === undefined) {
    prototype = buildPrototype(target, what);
    byWhat.set(what, prototype);
  }
  return prototype;
}

/** Every property of `target` and its prototypes (Object.prototype's aside): methods checked, the rest read through. */
function buildPrototype(target: object, what: string): object {
  const prototype: Record<PropertyKey, unknown> = {};
  const done = new Set<PropertyKey>();
  for (let object: object | null = target; object !== null && object !== Object.prototype; object = Reflect.getPrototypeOf(object)) {
    for (const property of Reflect.ownKeys(object)) {
      if (property === 'constructor' || done.has(property)) continue;
      done.add(property);
      const descriptor = Reflect.getOwnPropertyDescriptor(object, property);
      if (descriptor && 'value' in descriptor && typeof descriptor.value === 'function') {
        prototype[property] = checked(target, property, what);
      } else {
        Object.defineProperty(prototype, property, { get: () => Reflect.get(target, property, target), enumerable: descriptor?.enumerable ?? false });
      }
    }
  }
  return prototype;
}

function checked(target: object, property: PropertyKey, what: string): (this: ScopedView, ...args: unknown[]) => unknown {
  return function (this: ScopedView, ...args: unknown[]): unknown {
    if (!this[LIVE]()) throw new StoreClosedError(`${what} used after it ended (${String(property)})`);
    const inTransaction = this[IN_TRANSACTION];
    if (inTransaction !== undefined && !inTransaction()) {
      throw new StoreCommitError(`${what}: its transaction was rolled back by SQLite; ${String(property)} refused outside it`, undefined);
    }
    // looked up at call time, as the proxy did: a method replaced on the target is the one called
    return (Reflect.get(target, property, target) as (...a: unknown[]) => unknown).apply(target, args);
  };
}
