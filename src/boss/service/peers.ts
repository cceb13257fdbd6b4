import type { BossStore } from '../store/types.ts';

/** `::ffff:127.0.0.1` → `127.0.0.1`: a bank's addresses are written as IPv4. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/**
 * The allow-list: every address some bank is bound to, cached so the server can ask synchronously on
 * accept. Until the first load completes nobody is allowed (fail closed). [bank-interface §1]
 */
export class PeerCache {
  private addresses: ReadonlySet<string> = new Set();
  readonly ready: Promise<void>;

  constructor(private readonly store: BossStore) {
    this.ready = this.refresh();
    // a failed first load is reported to whoever awaits `ready`, never as an unhandled rejection
    this.ready.catch(() => undefined);
  }

  allows(address: string): boolean {
    return this.addresses.has(normalizeAddress(address));
  }

  /** Reloads the banks' addresses (after banks were added or changed). */
  async refresh(): Promise<void> {
    const banks = await this.store.read((view) => view.banks());
    this.addresses = new Set(banks.flatMap((bank) => bank.addresses.map(normalizeAddress)));
  }
}
