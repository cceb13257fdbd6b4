/**
 * Items that arrive on their own (bytes from a tty, interrupt transfers) waited for one at a time
 * with a timeout. Once failed (link lost), every wait rejects with that error.
 */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<{ resolve: (item: T) => void; reject: (error: Error) => void }> = [];
  private failure: Error | undefined;

  push(item: T): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(item);
    else this.items.push(item);
  }

  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  /** The next item, or undefined after `timeoutMs` without one. Items queued before a failure are still delivered. */
  next(timeoutMs: number): Promise<T | undefined> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift()!);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T | undefined>((resolve, reject) => {
      const waiter = {
        resolve: (item: T) => {
          clearTimeout(timer);
          resolve(item);
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        resolve(undefined);
      }, Math.max(0, timeoutMs));
      this.waiters.push(waiter);
    });
  }
}
