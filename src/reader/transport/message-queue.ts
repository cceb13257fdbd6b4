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
 * What happens to messages queued when the link fails: a host-side receive buffer keeps them
 * (`deliver`: bytes already received from a tty are still read, the failure comes after them); a
 * device-side endpoint FIFO loses them with the link (`drop`: a USB reset or close discards what
 * the device had not sent).
 */
export type QueuedOnFailure = 'deliver' | 'drop';

/**
 * Messages that arrive on their own (bytes from a tty, answers of an emulated reader, interrupt
 * transfers), read one at a time with a wall-time timeout. `isLate` lets a transport judge lateness
 * on another clock (the emulator's), leaving a late message queued as a real late answer would be.
 * Once failed (link lost), reads reject with that error, after the queued messages or instead of
 * them as `queuedOnFailure` says; later pushes are ignored.
 */
export class MessageQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: Waiter<T>[] = [];
  private failure: Error | undefined;

  constructor(private readonly queuedOnFailure: QueuedOnFailure) {}

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
    if (this.queuedOnFailure === 'drop') this.items.length = 0;
    for (const waiter of this.waiters.splice(0)) waiter.fail(error);
  }

  /** The error the queue failed with, if it did. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** The next message, however long it takes (no timeout, none is late); rejects once the queue failed. */
  take(): Promise<T> {
    const queued = this.items[0];
    if (queued !== undefined) {
      this.items.shift();
      return Promise.resolve(queued);
    }
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => this.waiters.push({ deliver: resolve, fail: reject }));
  }

  next<R>(options: ReadOptions<T, R>): Promise<T | R> {
    const isLate = options.isLate ?? (() => false);
    const queued = this.items[0];
    if (queued !== undefined) {
      if (isLate(queued)) return Promise.resolve().then(options.expire);
      this.items.shift();
      return Promise.resolve(queued);
    }
    if (this.failure) return Promise.reject(this.failure);
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
        }, Math.max(0, options.timeoutMs));
      }
    });
  }
}
