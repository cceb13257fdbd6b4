import type { BankHome } from '../ftp/bank-homes.ts';
import type { InboxPass } from './process-inbox.ts';

/**
 * Runs inbox passes one at a time per bank, however they are asked for (a file landing on the
 * embedded FTP server, a timer scanning every bank, an operator). A request while a pass runs is
 * served by one more pass after it, shared by every request that came meanwhile: files that landed
 * during a pass are never missed, and two passes never work on one `in/` at once.
 */
export class InboxRunner {
  private readonly running = new Map<string, Promise<InboxPass>>();
  private readonly queued = new Map<string, Promise<InboxPass>>();

  constructor(private readonly pass: (bank: BankHome) => Promise<InboxPass>) {}

  run(bank: BankHome): Promise<InboxPass> {
    const key = bank.bankcode;
    const queued = this.queued.get(key);
    if (queued) return queued;
    const current = this.running.get(key);
    if (!current) return this.start(bank);
    const next = current.catch(() => undefined).then(() => {
      this.queued.delete(key);
      return this.start(bank);
    });
    this.queued.set(key, next);
    return next;
  }

  /** Resolves when no pass is running or queued. */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.queued.size > 0) {
      await Promise.allSettled([...this.running.values(), ...this.queued.values()]);
    }
  }

  private start(bank: BankHome): Promise<InboxPass> {
    const key = bank.bankcode;
    const pass = this.pass(bank).finally(() => {
      if (this.running.get(key) === pass) this.running.delete(key);
    });
    this.running.set(key, pass);
    return pass;
  }
}
