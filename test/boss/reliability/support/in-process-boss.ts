import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BossLogs } from '../../../../src/boss/log/types.ts';
import { defaultProfile } from '../../../../src/boss/profile/load.ts';
import type { Profile } from '../../../../src/boss/profile/types.ts';
import { seedDemo } from '../../../../src/boss/seed.ts';
import { startBossServer, type BossServerOptions, type RunningBossServer } from '../../../../src/boss/server/index.ts';
import { createBossService, type BossService, type RequestContext, type ServiceAnswer } from '../../../../src/boss/service/index.ts';
import type { BossFrameError } from '../../../../src/boss/codec/errors.ts';
import { openSqliteStore } from '../../../../src/boss/store/sqlite/index.ts';
import { tempDir } from '../../../setup/temp-dirs.ts';

/** Every call the server made into the service, by peer address. */
export class ServiceCalls {
  readonly handled = new Map<string, number>();
  readonly frameErrors = new Map<string, number>();

  count(map: Map<string, number>, peer: string): void {
    map.set(peer, (map.get(peer) ?? 0) + 1);
  }
}

/** The real service, with every call into it counted: what the server let through. */
function counting(service: BossService, calls: ServiceCalls): BossService {
  return {
    allowsPeer: (address) => service.allowsPeer(address),
    handle(body: Uint8Array, context: RequestContext): Promise<ServiceAnswer> {
      calls.count(calls.handled, context.peerAddress);
      return service.handle(body, context);
    },
    frameError(error: BossFrameError, context: RequestContext): ServiceAnswer | undefined {
      calls.count(calls.frameErrors, context.peerAddress);
      return service.frameError(error, context);
    },
    close: () => service.close(),
  };
}

export interface InProcessBoss {
  readonly server: RunningBossServer;
  readonly profile: Profile;
  readonly calls: ServiceCalls;
  readonly db: string;
  /** Every failure the service answered 9999, with the request's peer. */
  readonly internalErrors: string[];
  close(): Promise<void>;
}

/** A RAM file system (Linux): commits there cost no disk flush. */
const RAM_FS = '/dev/shm';

/**
 * Our BOSS in this process, as `boss serve` assembles it: a temp ledger with the demo data,
 * openSqliteStore + createBossService + startBossServer on 127.0.0.1, port 0. Logs are silent
 * unless given. `inMemoryFs` puts the ledger on /dev/shm when there is one: for tests of the server
 * that are not about durability (the fsync of each durable commit would set their pace).
 */
export async function startInProcessBoss(
  options: Omit<Partial<BossServerOptions>, 'service' | 'profile' | 'logs'> & { logs?: BossLogs; name: string; inMemoryFs?: boolean },
): Promise<InProcessBoss> {
  const { name, inMemoryFs, ...serverOptions } = options;
  const profile = defaultProfile();
  const ramDir = inMemoryFs && existsSync(RAM_FS) ? await mkdtemp(join(RAM_FS, `stbpay-${name}-`)) : undefined;
  const db = join(ramDir ?? (await tempDir(name)), 'boss.db');
  const store = openSqliteStore(db);
  await seedDemo(store);
  const internalErrors: string[] = [];
  const service = createBossService({
    store,
    profile,
    onInternalError: (error, context) => void internalErrors.push(`${context.peerAddress}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  await service.ready;
  const calls = new ServiceCalls();
  const server = await startBossServer({ port: 0, ...serverOptions, service: counting(service, calls), profile });
  return {
    server,
    profile,
    calls,
    db,
    internalErrors,
    async close() {
      await server.close();
      await service.close();
      await store.close();
      if (ramDir) await rm(ramDir, { recursive: true, force: true });
    },
  };
}
