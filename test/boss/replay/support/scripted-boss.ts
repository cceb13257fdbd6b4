import { createServer, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from '../../../../src/boss/codec/frame.ts';
import { defaultProfile } from '../../../../src/boss/profile/index.ts';
import type { Profile } from '../../../../src/boss/profile/types.ts';

/**
 * What the scripted BOSS does with a request: answer with frames, close at once, say nothing, or any
 * of these `after` some milliseconds.
 */
export type ScriptedAnswer = Uint8Array | readonly Uint8Array[] | 'close' | 'silence' | { readonly after: number; readonly answer: ScriptedAnswer };

export interface ScriptedBoss {
  readonly host: string;
  readonly port: number;
  /** Every whole request frame received, in order, across connections. */
  readonly requests: Uint8Array[];
  /** `connect N` on each accepted connection (numbered from 1), `request I on N` on each request: the order seen. */
  readonly events: string[];
  close(): Promise<void>;
}

export interface ScriptedBossOptions {
  readonly profile?: Profile;
  /** Close a connection that has been quiet this long since its last answer (or its opening). */
  readonly idleCloseMs?: number;
}

/** The answer a BOSS gives to bytes it cannot frame: TXCODE 0000, 1002, then it closes. */
export const FRAMING_ERROR_ANSWER = encodeFrame(defaultProfile().framing, new TextEncoder().encode('0000|1002|BAD FRAME|||'));

/**
 * A programmable BOSS for replay and proxy tests: `answer` gets each whole request frame (prefix
 * included) and its index across the run; bytes that do not frame get FRAMING_ERROR_ANSWER and a close.
 */
export async function startScriptedBoss(answer: (request: Uint8Array, index: number) => ScriptedAnswer, options: ScriptedBossOptions = {}): Promise<ScriptedBoss> {
  const profile = options.profile ?? defaultProfile();
  const requests: Uint8Array[] = [];
  const events: string[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    const number = ++accepted;
    events.push(`connect ${number}`);
    sockets.add(socket);
    let idle: NodeJS.Timeout | undefined;
    const quiet = (): void => {
      if (options.idleCloseMs === undefined) return;
      clearTimeout(idle);
      idle = setTimeout(() => socket.end(), options.idleCloseMs);
    };
    quiet();
    socket.on('close', () => {
      clearTimeout(idle);
      sockets.delete(socket);
    });
    socket.on('error', () => undefined);
    const decoder = new FrameDecoder(profile.framing);
    const reply = (what: ScriptedAnswer): void => {
      if (socket.destroyed) return;
      if (what === 'close') socket.end();
      else if (what === 'silence') return;
      else if ('after' in what) setTimeout(() => reply(what.answer), what.after);
      // several frames go out in one write, so that they arrive together
      else {
        socket.write(what instanceof Uint8Array ? what : Buffer.concat(what));
        quiet();
      }
    };
    socket.on('data', (chunk: Buffer) => {
      let bodies: Uint8Array[];
      try {
        bodies = decoder.push(chunk);
      } catch {
        socket.end(FRAMING_ERROR_ANSWER);
        return;
      }
      for (const body of bodies) {
        const frame = encodeFrame(profile.framing, body);
        requests.push(frame);
        events.push(`request ${requests.length - 1} on ${number}`);
        reply(answer(frame, requests.length - 1));
      }
    });
    socket.on('end', () => socket.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: '127.0.0.1',
    port,
    requests,
    events,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A BOSS that answers each §8 request with its §8 answer, and `overrides` where given. */
export function section8Answers(pairs: readonly (readonly [Uint8Array, Uint8Array])[]): (request: Uint8Array) => ScriptedAnswer {
  const table = new Map(pairs.map(([request, answer]) => [Buffer.from(request).toString('latin1'), answer]));
  return (request) => table.get(Buffer.from(request).toString('latin1')) ?? 'close';
}
