import { join } from 'node:path';
import { defaultProfile } from '../../../../src/boss/profile/load.ts';
import { seedDemo } from '../../../../src/boss/seed.ts';
import { startBossServer } from '../../../../src/boss/server/index.ts';
import { createBossService } from '../../../../src/boss/service/index.ts';
import type { BossService } from '../../../../src/boss/service/types.ts';
import { openSqliteStore } from '../../../../src/boss/store/sqlite/index.ts';
import { tempDir } from '../../../setup/temp-dirs.ts';

export interface OurBoss {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface OurBossOptions {
  /** Bends the real service into a faulty one (a mutant); the real service when absent. */
  readonly wrap?: (service: BossService) => BossService;
  /** Shorter §1 timers, so the slow cases run in a test. */
  readonly frameTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  /** An existing database file (a second run on the same data); a fresh seeded one otherwise. */
  readonly db?: string;
}

/** Our BOSS on a port of its own: a seeded SQLite ledger in a temp dir, the service, the TCP server. */
export async function startOurBoss(options: OurBossOptions = {}): Promise<OurBoss & { readonly db: string }> {
  const profile = defaultProfile();
  const db = options.db ?? join(await tempDir('boss-conformance'), 'boss.db');
  const store = openSqliteStore(db);
  await seedDemo(store);
  const service = createBossService({ store, profile });
  await service.ready;
  const server = await startBossServer({
    service: options.wrap ? options.wrap(service) : service,
    profile,
    host: '127.0.0.1',
    port: 0,
    ...(options.frameTimeoutMs !== undefined ? { frameTimeoutMs: options.frameTimeoutMs } : {}),
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
  });
  return {
    host: server.host,
    port: server.port,
    db,
    async close() {
      await server.close();
      await service.close();
      await store.close();
    },
  };
}
