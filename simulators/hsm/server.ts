import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { systemClock, type Clock } from '../../src/core/clock.ts';
import { createRandom, type Random } from '../../src/core/random.ts';
import { DEFAULT_HEADER_LENGTH } from '../../src/hsm/codec/message.ts';
import { serveConnection } from './connection.ts';
import { HsmEngine, type EngineAnswer } from './engine.ts';
import { HsmListenError } from './errors.ts';
import { KeyStore } from './key-store.ts';
import type { FaultPersona } from './personas/index.ts';
import { TEST_LMK_PAIRS } from './test-lmk.ts';

export interface HsmEmulatorOptions {
  /** 127.0.0.1 unless given. */
  readonly host?: string;
  /** 0 takes a free port; the running emulator says which. */
  readonly port: number;
  /** Header characters echoed in every answer (4 unless given). */
  readonly headerLength?: number;
  /** Messages announced longer than this close the connection (8 192 unless given, at most 65 535). */
  readonly maxMessage?: number;
  /** The LMK set; the public TEST LMK unless given. */
  readonly lmkPairs?: Readonly<Record<string, string>>;
  /** Draws generated keys: a seed replays the keys of a run. */
  readonly random?: Random;
  readonly clock?: Clock;
  /** A fault in force from the start (see `persona` on the running emulator). */
  readonly persona?: FaultPersona;
}

export interface RunningHsmEmulator {
  readonly host: string;
  readonly port: number;
  /** Every answer the engine made, in order, before any fault changed it. */
  readonly answers: readonly EngineAnswer[];
  /** The fault in force; set it to change the HSM's behaviour for the next answers, undefined to clear. */
  persona: FaultPersona | undefined;
  close(): Promise<void>;
}

export const DEFAULT_MAX_MESSAGE = 8192;

/** The stbpay HSM emulator: the command set of docs/hsm.md over TCP, keys under a test LMK. */
export async function startHsmEmulator(options: HsmEmulatorOptions): Promise<RunningHsmEmulator> {
  const host = options.host ?? '127.0.0.1';
  const maxMessage = Math.min(options.maxMessage ?? DEFAULT_MAX_MESSAGE, 0xffff);
  const engine = new HsmEngine({
    keys: new KeyStore(options.lmkPairs ?? TEST_LMK_PAIRS),
    random: options.random ?? createRandom(1),
    headerLength: options.headerLength ?? DEFAULT_HEADER_LENGTH,
  });
  const answers: EngineAnswer[] = [];
  let index = 0;
  const sockets = new Set<Socket>();
  const running = {
    host,
    port: 0,
    answers,
    persona: options.persona,
    close: async (): Promise<void> => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await stopped;
    },
  };
  const shared = {
    engine,
    clock: options.clock ?? systemClock,
    maxMessage,
    persona: () => running.persona,
    nextIndex: () => index++,
    record: (answer: EngineAnswer) => void answers.push(answer),
  };
  // half-open allowed: a client that sends and then ends its side still gets every answer
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    void serveConnection(socket, shared).then(() => sockets.delete(socket));
  });
  running.port = await listen(server, host, options.port);
  return running;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => reject(new HsmListenError(host, port, error));
    server.once('error', failed);
    server.listen({ host, port }, () => {
      server.off('error', failed);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
