import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { encodeRequestFrame } from '../src/boss/codec/frame-message.ts';
import type { Profile } from '../src/boss/profile/types.ts';
import { startChild, type ChildServer } from './support/child.ts';
import { runClosedLoop, type ClosedLoopResult } from './support/closed-loop.ts';
import { processCpuMs } from './support/process-cpu.ts';

/**
 * How the driver numbers its BANKSERIALs. `sequence`: one ascending sequence for the whole bank, as a
 * bank's front end numbers its transactions whatever connection carries them; `per-connection`: each
 * connection its own range, so that 64 connections insert at 64 places of every index keyed by it.
 */
export type SerialPattern = 'sequence' | 'per-connection';

export interface ThroughputRow {
  readonly txcode: string;
  readonly connections: number;
  readonly serials: SerialPattern;
  readonly echo: ClosedLoopResult;
  readonly boss: ClosedLoopResult;
}

export interface ThroughputOptions {
  readonly profile: Profile;
  readonly dir: string;
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly connections: readonly number[];
  readonly log: (line: string) => void;
}

const STBPAY = join(import.meta.dirname, '..', 'bin', 'stbpay.js');
const ECHO = join(import.meta.dirname, 'support', 'echo-server.ts');

/**
 * 1001 and 1002 against our BOSS (seeded demo data, a real `stbpay boss serve` process with its
 * logs and its durable SQLite ledger) and against the raw echo server with the same framing, at each
 * connection count, interleaved so both see the same machine state. [issue 4, point 8]
 */
export async function measureThroughput(options: ThroughputOptions): Promise<ThroughputRow[]> {
  const db = join(options.dir, 'bench.db');
  await runToEnd(process.execPath, [STBPAY, 'boss', 'seed', '--db', db]);
  const echo = await startChild(process.execPath, ['--import', 'tsx', ECHO]);
  const boss = await startChild(process.execPath, [STBPAY, 'boss', 'serve', '--db', db, '--port', '0', '--log-dir', join(options.dir, 'logs')]);
  const rows: ThroughputRow[] = [];
  try {
    let run = 0;
    const most = Math.max(...options.connections);
    for (const txcode of ['1001', '1002']) {
      const runs = [...options.connections.map((connections) => ({ connections, serials: 'sequence' as const })), { connections: most, serials: 'per-connection' as const }];
      for (const { connections, serials } of runs) {
        run += 1;
        const request = requestFactory(options.profile, txcode, run, serials);
        const measure = (server: ChildServer, accept?: (body: Uint8Array) => boolean): Promise<ClosedLoopResult> =>
          runClosedLoop({
            host: '127.0.0.1',
            port: server.port,
            profile: options.profile,
            connections,
            durationMs: options.durationMs,
            warmupMs: options.warmupMs,
            request,
            serverCpuMs: () => (server.process.pid === undefined ? undefined : processCpuMs(server.process.pid)),
            ...(accept ? { accept } : {}),
          });
        const echoResult = await measure(echo);
        const bossResult = await measure(boss, successCheck(options.profile));
        options.log(`${txcode} x${connections} (${serials}): echo ${echoResult.perSecond.toFixed(0)}/s, BOSS ${bossResult.perSecond.toFixed(0)}/s (${bossResult.errors} not 0000)`);
        rows.push({ txcode, connections, serials, echo: echoResult, boss: bossResult });
      }
    }
  } finally {
    await Promise.all([echo.stop(), boss.stop()]);
  }
  return rows;
}

/** Fresh BANKSERIALs for every request (so none is an idempotent replay), spread over the demo customers. */
function requestFactory(profile: Profile, txcode: string, run: number, serials: SerialPattern): (connection: number, n: number) => Uint8Array {
  let sequence = 0;
  return (connection, n) => {
    // 'R' + run + 12 digits fits BANKSERIAL's 20 characters; numbered when sent, as a front end does
    const bankSerial = serials === 'sequence' ? `R${run}S${String(sequence++).padStart(12, '0')}` : `R${run}C${connection}N${n}`;
    const customer = `C000${String(20001 + ((connection * 7919 + n) % 200))}`;
    const fields: Record<string, string> = txcode === '1001' ? { CUSTNO: customer } : { CUSTNO: customer, AMOUNT: '100', PAYTYPE: '1' };
    return encodeRequestFrame(profile, {
      txcode,
      header: { BANKCODE: 'ICBC01', BANKSERIAL: bankSerial, TXDATE: '20261123', TXTIME: '101500', TELLER: 'BENCH' },
      fields,
      groups: {},
    });
  };
}

/**
 * True when the answer's RESPCODE is the success code, found by position in the response header
 * without decoding the rest, so checking costs the driver next to nothing. [bank-interface §3]
 */
function successCheck(profile: Profile): (body: Uint8Array) => boolean {
  const separator = Buffer.from(profile.body.separator, 'latin1')[0];
  const position = profile.response.header.findIndex((field) => field.name === profile.response.respCodeField);
  const success = Buffer.from(profile.response.fieldsOnlyWhen, 'latin1');
  return (body) => {
    let start = 0;
    for (let i = 0; i < position; i++) start = body.indexOf(separator ?? 0, start) + 1;
    const found = (start > 0 || position === 0) && start + success.length <= body.length;
    return found ? Buffer.from(body.buffer, body.byteOffset + start, success.length).equals(success) : false;
  };
}

async function runToEnd(command: string, args: readonly string[]): Promise<void> {
  const child = spawn(command, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr}`);
}
