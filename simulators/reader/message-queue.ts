/** What a read ends with when nothing came in time. */
export type Expiry<R> = () => R | Promise<R>;

interface Waiter<T> {
  readonly deliver: (item: T) => void;
  readonly fail: (error: Error) => void;
}

/** How one read treats the queue. */
export interface ReadOptions<T, R> {
  /** Wall-time wait for a message; undefined waits for ever. */
  readonly timeoutMs: number | undefined;
  /** The read's result when nothing (in time) came. */
  readonly expire: Expiry<R>;
  /** A message that came too late for this read stays queued and the read expires (default: none is late). */
  readonly isLate?: (item: T) => boolean;
}

/**
 * Messages from the emulated reader waiting for a host to read them (an endpoint's queue). A read
 * waits in wall time; `isLate` lets a transport judge lateness on the emulator's clock instead
 * (a delay fault on a VirtualClock), leaving a late message queued as a real late answer would be.
 */
export class MessageQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: Waiter<T>[] = [];
  private failure: Error | undefined;

  push(item: T): void {
    if (this.failure) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter.deliver(item);
    else this.items.push(item);
  }

  /** Every pending and later read rejects with `error` (the link is gone). */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const waiter of this.waiters.splice(0)) waiter.fail(error);
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  next<R>(options: ReadOptions<T, R>): Promise<T | R> {
    if (this.failure) return Promise.reject(this.failure);
    const isLate = options.isLate ?? (() => false);
    const queued = this.items[0];
    if (queued !== undefined) {
      if (isLate(queued)) return Promise.resolve().then(options.expire);
      this.items.shift();
      return Promise.resolve(queued);
    }
    return new Promise<T | R>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const expire = (): void => void Promise.resolve().then(options.expire).then(resolve, reject);
      const waiter: Waiter<T> = {
        deliver: (item) => {
          clearTimeout(timer);
          if (!isLate(item)) return resolve(item);
          this.items.unshift(item);
          expire();
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.push(waiter);
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          expire();
        }, options.timeoutMs);
      }
    });
  }
}
