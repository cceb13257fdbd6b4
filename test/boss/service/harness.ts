import { join } from 'node:path';
import { VirtualClock } from '../../../src/core/clock.ts';
import { decodeResponse, type BossMessage } from '../../../src/boss/codec/message.ts';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import type { Profile } from '../../../src/boss/profile/types.ts';
import { DEMO, seedDemo } from '../../../src/boss/seed.ts';
import { createBossService, type BossServiceHandle } from '../../../src/boss/service/index.ts';
import type { ServiceAnswer } from '../../../src/boss/service/types.ts';
import { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from '../../../src/boss/store/sqlite/index.ts';
import type { BossStore } from '../../../src/boss/store/types.ts';
import { tempDir } from '../../setup/temp-dirs.ts';

/** 2026-11-23 10:15:00 at +08:00: the BOSS's local date is 20261123, the §8 TXDATE. */
export const NOW = Date.UTC(2026, 10, 23, 2, 15, 0);
export const TODAY = '20261123';

export interface Harness {
  readonly file: string;
  readonly store: SqliteStore;
  readonly service: BossServiceHandle;
  readonly clock: VirtualClock;
  readonly profile: Profile;
  /** Sends a body given as text (`1001|ICBC01|...|`), returns the answer. */
  send(text: string, peer?: string): Promise<ServiceAnswer>;
  /** The answer's body as text. */
  ask(text: string, peer?: string): Promise<string>;
  /** The answer decoded. */
  decoded(text: string, peer?: string): Promise<BossMessage>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly file?: string;
  readonly seed?: boolean;
  readonly profile?: Profile;
  readonly storeOptions?: SqliteStoreOptions;
  /** Wraps the store the service sees (fault injection). */
  readonly wrap?: (store: BossStore) => BossStore;
}

export async function openHarness(options: HarnessOptions = {}): Promise<Harness> {
  const file = options.file ?? join(await tempDir('boss-service'), 'boss.db');
  const clock = new VirtualClock(NOW);
  const profile = options.profile ?? defaultProfile();
  const store = openSqliteStore(file, { clock, ...options.storeOptions });
  if (options.seed ?? true) await seedDemo(store);
  const service = createBossService({ store: options.wrap ? options.wrap(store) : store, profile, clock });
  await service.ready;
  const send = (text: string, peer: string = DEMO.addresses.local): Promise<ServiceAnswer> =>
    service.handle(Buffer.from(text, 'latin1'), { peerAddress: peer, receivedAt: clock.now(), deadline: clock.now() + 5000 });
  return {
    file,
    store,
    service,
    clock,
    profile,
    send,
    ask: async (text, peer) => Buffer.from((await send(text, peer)).body).toString('latin1'),
    decoded: async (text, peer) => decodeResponse(profile, (await send(text, peer)).body),
    close: async () => {
      await service.close();
      await store.close();
    },
  };
}

let serialCounter = 0;

/** A request body: header with a fresh BANKSERIAL (unless given) and the transaction fields. */
export function body(txcode: string, fields: readonly string[], header: { bankcode?: string; bankSerial?: string; txdate?: string; txtime?: string; teller?: string } = {}): string {
  const bankSerial = header.bankSerial ?? `S${String(++serialCounter).padStart(8, '0')}`;
  return [txcode, header.bankcode ?? DEMO.banks.icbc, bankSerial, header.txdate ?? TODAY, header.txtime ?? '101500', header.teller ?? 'T01', ...fields].join('|') + '|';
}

/** RESPCODE of an answer body text. */
export function respCodeOf(answer: string): string {
  return answer.split('|')[1] ?? '';
}
