import { openSqliteStore } from '../../src/boss/store/sqlite/index.ts';
import { seedDemo } from '../../src/boss/seed.ts';
import type { CliIo } from '../io.ts';
import { openLedger } from './boss-ledger.ts';

/** `stbpay boss seed --db FILE`: the demo banks and customers every BOSS test and demo relies on. */
export async function runBossSeed(db: string, io: CliIo): Promise<void> {
  const store = openLedger(db, () => openSqliteStore(db));
  try {
    const summary = await seedDemo(store);
    io.out(`${db}: seeded${describe(summary)}\n`);
  } finally {
    await store.close();
  }
}

/** ` (banks 3, customers 204, ...)` from whatever counts the summary holds. */
function describe(summary: object): string {
  const parts = Object.entries(summary)
    .filter(([, value]) => typeof value === 'number' || typeof value === 'string')
    .map(([key, value]) => `${key} ${String(value)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
