import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { BankConnection, BankConnectionError } from '../../../src/boss/client/bank-connection.ts';
import { encodeFrame } from '../../../src/boss/codec/frame.ts';
import { decodeResponse, encodeRequest, type BossMessage } from '../../../src/boss/codec/message.ts';
import type { Profile } from '../../../src/boss/profile/types.ts';
import { errorMessage } from '../../../src/core/errors.ts';
import type { Random } from '../../../src/core/random.ts';
import type { RequestBuilder } from '../request-builder.ts';
import { drawTxcode, type Mix } from './mix.ts';
import { ConnectionMemory, requestFields } from './plan.ts';
import type { LoadStats } from './stats.ts';
import type { LoadErrorKind, RequestKey } from './types.ts';

/** What every connection of a run shares. */
export interface RunContext {
  readonly host: string;
  readonly port: number;
  readonly profile: Profile;
  readonly builder: RequestBuilder;
  readonly mix: Mix;
  readonly customers: readonly string[];
  /** Draws the TXCODEs only, so that a run of N requests asks the same TXCODEs whatever the timing. */
  readonly txcodeRandom: Random;
  readonly fieldRandom: Random;
  readonly stats: LoadStats;
  /** True while another request may start (and counts it). */
  readonly claim: () => boolean;
  readonly timeoutMs: number;
  readonly reconnectDelayMs: number;
  readonly logAll: boolean;
  readonly startedAt: number;
}

/**
 * One connection of a load run: request, answer, next request, strictly one at a time [§1];
 * reconnects when the BOSS closes or vanishes, and never throws for what the BOSS does.
 */
export async function runConnection(index: number, run: RunContext): Promise<void> {
  const memory = new ConnectionMemory();
  let connection: BankConnection | undefined;
  const drop = (): void => {
    void connection?.close({ abort: true }).catch(() => undefined);
    connection = undefined;
  };
  try {
    while (run.claim()) {
      run.stats.attempts++;
      const txcode = drawTxcode(run.txcodeRandom, run.mix);
      const date = run.builder.today();
      const fields = requestFields(txcode, {
        random: run.fieldRandom,
        customers: run.customers,
        date,
        memory,
        freshSerial: () => run.builder.identity.serials.next(date),
      });
      if (connection === undefined || connection.closed) {
        try {
          connection = await BankConnection.open({ host: run.host, port: run.port, profile: run.profile, timeoutMs: run.timeoutMs });
          run.stats.connects++;
        } catch (error) {
          connection = undefined;
          run.stats.error('connect', errorMessage(error), index, performance.now());
          await sleep(run.reconnectDelayMs);
          continue;
        }
      }
      const request = run.builder.build(txcode, fields, {}, { txDate: date });
      const outcome = await exchange(connection, request, run);
      const key: RequestKey = { txcode, bankcode: request.header.BANKCODE ?? '', txDate: date, bankSerial: request.header.BANKSERIAL ?? '', fields, connection: index };
      if ('error' in outcome) {
        run.stats.error(outcome.error, outcome.message, index, performance.now());
        if (outcome.written) run.stats.unanswered.push({ ...key, error: outcome.error });
        drop();
        continue;
      }
      const { answer, latencyMs } = outcome;
      const respCode = answer.header[run.profile.response.respCodeField] ?? '';
      run.stats.answer(txcode, respCode, latencyMs);
      if (respCode !== run.profile.roles.success) continue;
      const bossSerial = answer.header.BOSSSERIAL ?? '';
      memory.learn(txcode, fields, key.bankSerial, bossSerial, answer.fields);
      if (run.logAll || run.profile.transactions[txcode]?.durable) run.stats.committed.push({ ...key, bossSerial, answerFields: answer.fields });
    }
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

type ExchangeOutcome =
  | { answer: BossMessage; latencyMs: number }
  | { error: LoadErrorKind; message: string; /** the whole request was written */ written: boolean };

async function exchange(connection: BankConnection, request: BossMessage, run: RunContext): Promise<ExchangeOutcome> {
  const frame = encodeFrame(run.profile.framing, encodeRequest(run.profile, request));
  const started = performance.now();
  try {
    await connection.write(frame);
  } catch (error) {
    // a refused write may have left part of the frame: count it as possibly applied
    return { error: error instanceof BankConnectionError ? 'closed' : 'write', message: errorMessage(error), written: !(error instanceof BankConnectionError) };
  }
  run.stats.sent++;
  run.stats.txcode(request.txcode).sent++;
  let body: Uint8Array | undefined;
  try {
    body = await connection.nextFrame(run.timeoutMs);
  } catch (error) {
    const kind: LoadErrorKind = error instanceof BankConnectionError && error.reason === 'framing' ? 'framing' : error instanceof BankConnectionError && error.reason === 'timeout' ? 'timeout' : 'closed';
    return { error: kind, message: errorMessage(error), written: true };
  }
  if (body === undefined) return { error: 'closed', message: 'the BOSS closed the connection without answering', written: true };
  const latencyMs = performance.now() - started;
  let answer: BossMessage;
  try {
    answer = decodeResponse(run.profile, body);
  } catch (error) {
    return { error: 'decode', message: errorMessage(error), written: true };
  }
  if (answer.txcode !== request.txcode || answer.header.BANKSERIAL !== request.header.BANKSERIAL) {
    const message = `answer ${answer.txcode}/${answer.header.BANKSERIAL ?? ''} to request ${request.txcode}/${request.header.BANKSERIAL ?? ''}`;
    return { error: 'mismatch', message, written: true };
  }
  return { answer, latencyMs };
}
