import { memoryBossLogs, type MemoryBossLogs } from '../../../../src/boss/log/memory-logs.ts';
import { defaultProfile } from '../../../../src/boss/profile/load.ts';
import type { BossServerOptions } from '../../../../src/boss/server/options.ts';
import { startBossServer, type RunningBossServer } from '../../../../src/boss/server/server.ts';
import { BankConnection } from '../../../../src/boss/client/bank-connection.ts';
import { encodeRequestFrame } from '../../../../src/boss/codec/frame-message.ts';
import type { BossMessage } from '../../../../src/boss/codec/message.ts';
import { MemoryTap } from './memory-tap.ts';
import { TestService, type TestServiceOptions } from './test-service.ts';

export interface Harness {
  readonly server: RunningBossServer;
  readonly service: TestService;
  readonly logs: MemoryBossLogs;
  readonly tap: MemoryTap;
  /** A bank connection to the server. */
  bank(): Promise<BankConnection>;
}

const running: RunningBossServer[] = [];

/** A server on 127.0.0.1, port 0, around a TestService, with memory logs and a memory tap; closed after each test. */
export async function startHarness(options: { service?: TestServiceOptions; server?: Partial<BossServerOptions>; logLevel?: string } = {}): Promise<Harness> {
  const service = new TestService(options.service);
  const logs = memoryBossLogs({ level: options.logLevel ?? 'info' });
  const tap = new MemoryTap();
  const server = await startBossServer({ service, profile: defaultProfile(), port: 0, logs, tap, lingerMs: 500, ...options.server });
  running.push(server);
  return {
    server,
    service,
    logs,
    tap,
    bank: () => BankConnection.open({ host: '127.0.0.1', port: server.port, profile: defaultProfile(), timeoutMs: 3000 }),
  };
}

export async function closeHarnesses(): Promise<void> {
  await Promise.all(running.splice(0).map((server) => server.close()));
}

/** The §8 query, with its BANKSERIAL and CUSTNO as given. */
export function query(bankSerial = '20261123000001', custno = 'C00012345'): BossMessage {
  return {
    txcode: '1001',
    header: { BANKCODE: 'ICBC01', BANKSERIAL: bankSerial, TXDATE: '20261123', TXTIME: '101500', TELLER: 'T01' },
    fields: { CUSTNO: custno },
    groups: {},
  };
}

export function queryFrame(bankSerial?: string, custno?: string): Uint8Array {
  return encodeRequestFrame(defaultProfile(), query(bankSerial, custno));
}

export const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds, or fails after `ms`. */
export async function eventually(condition: () => boolean, ms = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${ms} ms`);
    await pause(10);
  }
}
