import { connect, type Socket } from 'node:net';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { FrameDecoder } from '../../../../src/boss/codec/frame.ts';
import { decodeResponse } from '../../../../src/boss/codec/message.ts';
import type { Profile } from '../../../../src/boss/profile/types.ts';
import { errorMessage } from '../../../../src/core/errors.ts';
import { describeCase, type FuzzCase } from './fuzz-cases.ts';

/** A raw client socket that decodes every byte the BOSS sends as answer frames and notes the close. */
class FuzzSocket {
  readonly frames: Uint8Array[] = [];
  /** Set when the BOSS sent bytes that are not whole frames of the profile. */
  garbage: string | undefined;
  closed = false;
  received = 0;
  private readonly decoder: FrameDecoder;
  private wake: (() => void) | undefined;

  private constructor(
    readonly socket: Socket,
    profile: Profile,
  ) {
    this.decoder = new FrameDecoder(profile.framing);
    socket.on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      try {
        this.frames.push(...this.decoder.push(chunk));
      } catch (error) {
        this.garbage ??= `${errorMessage(error)}: ${chunk.toString('latin1')}`;
      }
      this.wake?.();
    });
    socket.on('error', () => undefined); // resets are part of the game; the close is what counts
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  static open(port: number, profile: Profile): Promise<FuzzSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(new FuzzSocket(socket, profile)));
      socket.once('error', reject);
    });
  }

  /** Writes the case's bytes in its parts, a turn of the event loop (or a few ms) apart. */
  async send(fuzz: FuzzCase): Promise<void> {
    let from = 0;
    for (const to of [...fuzz.splits, fuzz.bytes.length]) {
      if (from > 0) await (to % 3 === 0 ? sleep(1) : nextTurn());
      if (this.closed) return;
      this.socket.write(fuzz.bytes.subarray(from, to));
      from = to;
    }
  }

  /** Until `done()` holds or `ms` pass; true when it held. */
  async until(done: () => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return true;
  }
}

export interface FuzzStats {
  cases: number;
  answers: number;
  connections: number;
  readonly byMode: Record<string, number>;
  readonly respCodes: Record<string, number>;
  failures: number;
  /** The first failures, each with the case that caused it. */
  readonly samples: string[];
}

export function newFuzzStats(): FuzzStats {
  return { cases: 0, answers: 0, connections: 0, byMode: {}, respCodes: {}, failures: 0, samples: [] };
}

export interface FuzzRun {
  readonly port: number;
  readonly profile: Profile;
  readonly cases: (index: number) => FuzzCase;
  readonly from: number;
  readonly count: number;
  readonly workers: number;
  /** How long the BOSS may take for an answer or a close, ms. */
  readonly waitMs: number;
  /** The server's frame timeout: a `hold` connection must be closed within it (plus waitMs). */
  readonly frameTimeoutMs: number;
}

/**
 * Sends cases `from`..`from + count - 1` over `workers` parallel connections, each strictly one case
 * at a time [bank-interface §1], and checks what comes back: every answer decodes as a response with a
 * RESPCODE of the profile; a whole frame gets exactly one answer; a connection the bank half-closed or
 * left mid-frame is closed by the BOSS. Failures are counted, the first ones kept with their case.
 */
export async function runFuzz(run: FuzzRun, stats: FuzzStats): Promise<void> {
  const codes = new Set(Object.keys(run.profile.responseCodes));
  let next = run.from;
  const end = run.from + run.count;
  const fail = (fuzz: FuzzCase, what: string): void => {
    stats.failures++;
    if (stats.samples.length < 10) stats.samples.push(`${what}\n      ${describeCase(fuzz)}`);
  };
  const check = (fuzz: FuzzCase, socket: FuzzSocket): void => {
    if (socket.garbage !== undefined) fail(fuzz, `the BOSS sent bytes that are not a frame: ${socket.garbage}`);
    for (const body of socket.frames.splice(0)) {
      stats.answers++;
      try {
        const answer = decodeResponse(run.profile, body);
        const code = answer.header.RESPCODE ?? '';
        stats.respCodes[code] = (stats.respCodes[code] ?? 0) + 1;
        if (!codes.has(code)) fail(fuzz, `RESPCODE ${code} is not in the profile: ${Buffer.from(body).toString('latin1')}`);
      } catch (error) {
        fail(fuzz, `answer does not decode as a response (${errorMessage(error)}): ${JSON.stringify(Buffer.from(body).toString('latin1'))}`);
      }
    }
  };
  const open = async (): Promise<FuzzSocket> => {
    stats.connections++;
    return FuzzSocket.open(run.port, run.profile);
  };

  const worker = async (): Promise<void> => {
    let kept: FuzzSocket | undefined;
    while (next < end) {
      const fuzz = run.cases(next++);
      stats.cases++;
      stats.byMode[fuzz.mode] = (stats.byMode[fuzz.mode] ?? 0) + 1;
      if (fuzz.mode === 'exchange') {
        if (kept === undefined || kept.closed) kept = await open();
        const socket = kept;
        if (socket.frames.length > 0) fail(fuzz, `an answer nobody asked for came before this case: ${Buffer.from(socket.frames[0]!).toString('latin1')}`);
        await socket.send(fuzz);
        if (!(await socket.until(() => socket.frames.length > 0 || socket.closed, run.waitMs))) fail(fuzz, `no answer to a whole frame within ${run.waitMs} ms`);
        else if (socket.frames.length === 0) fail(fuzz, 'the BOSS closed the connection without answering a whole frame');
        const closes = socket.frames.some((f) => Buffer.from(f).toString('latin1').split('|')[1] === run.profile.roles.frameTooLarge);
        check(fuzz, socket);
        if (closes || socket.closed || socket.garbage !== undefined) {
          socket.socket.destroy();
          kept = undefined;
        }
        continue;
      }
      const socket = await open();
      await socket.send(fuzz);
      if (fuzz.mode === 'drop' && fuzz.reset) {
        socket.socket.resetAndDestroy();
        continue;
      }
      if (fuzz.mode !== 'hold') socket.socket.end();
      const wait = fuzz.mode === 'hold' ? run.frameTimeoutMs + run.waitMs : run.waitMs;
      if (!(await socket.until(() => socket.closed, wait))) fail(fuzz, `the BOSS kept the connection open for ${wait} ms`);
      check(fuzz, socket);
      if (fuzz.mode !== 'stream' && socket.received > 0) fail(fuzz, `${socket.received} bytes answered to a frame that never completed`);
      socket.socket.destroy();
    }
    kept?.socket.destroy();
  };
  await Promise.all(Array.from({ length: run.workers }, () => worker()));
}
