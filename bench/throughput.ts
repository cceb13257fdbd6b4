import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { encodeRequestFrame } from '../src/boss/codec/frame-message.ts';
import type { Profile } from '../src/boss/profile/types.ts';
import { startChild, type ChildServer } from './support/child.ts';
import { runClosedLoop, type ClosedLoopResult } from './support/closed-loop.ts';

export interface ThroughputRow {
  readonly txcode: string;
  readonly connections: number;
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
    for (const txcode of ['1001', '1002']) {
      for (const connections of options.connections) {
        run += 1;
        const request = requestFactory(options.profile, txcode, run);
        const measure = (server: ChildServer, accept?: (body: Uint8Array) => boolean): Promise<ClosedLoopResult> =>
          runClosedLoop({ host: '127.0.0.1', port: server.port, profile: options.profile, connections, durationMs: options.durationMs, warmupMs: options.warmupMs, request, ...(accept ? { accept } : {}) });
        const echoResult = await measure(echo);
        const bossResult = await measure(boss, successCheck(options.profile));
        options.log(`${txcode} x${connections}: echo ${echoResult.perSecond.toFixed(0)}/s, BOSS ${bossResult.perSecond.toFixed(0)}/s (${bossResult.errors} not 0000)`);
        rows.push({ txcode, connections, echo: echoResult, boss: bossResult });
      }
    }
  } finally {
    await Promise.all([echo.stop(), boss.stop()]);
  }
  return rows;
}

/** Fresh BANKSERIALs for every request (so none is an idempotent replay), spread over the demo customers. */
function requestFactory(profile: Profile, txcode: string, run: number): (connection: number, n: number) => Uint8Array {
  return (connection, n) => {
    const customer = `C000${String(20001 + ((connection * 7919 + n) % 200))}`;
    const fields: Record<string, string> = txcode === '1001' ? { CUSTNO: customer } : { CUSTNO: customer, AMOUNT: '100', PAYTYPE: '1' };
    return encodeRequestFrame(profile, {
      txcode,
      header: { BANKCODE: 'ICBC01', BANKSERIAL: `R${run}C${connection}N${n}`, TXDATE: '20261123', TXTIME: '101500', TELLER: 'BENCH' },
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
