import type { Socket } from 'node:net';
import type { Clock } from '../../src/core/clock.ts';
import { encodeFrame, HsmFrameDecoder } from '../../src/hsm/codec/frame.ts';
import type { EngineAnswer, HsmEngine } from './engine.ts';
import type { FaultAction, FaultPersona } from './personas/index.ts';

/** What every connection of one emulator shares. */
export interface ConnectionShared {
  readonly engine: HsmEngine;
  readonly clock: Clock;
  readonly maxMessage: number;
  /** The fault in force when an answer is ready (it may change while the emulator runs). */
  persona(): FaultPersona | undefined;
  /** Numbers the answers over all connections, for personas and counters. */
  nextIndex(): number;
  /** Every answer the engine made, before any fault, for tests and logs. */
  record(answer: EngineAnswer): void;
}

/**
 * One client connection: frames in, answers out in the order the requests came (a client may send
 * several before reading). An announced length over the maximum cannot be answered (the stream is
 * lost), so the connection is closed. [docs/hsm.md §2]
 */
export function serveConnection(socket: Socket, shared: ConnectionShared): Promise<void> {
  const decoder = new HsmFrameDecoder(shared.maxMessage);
  let queue = Promise.resolve();
  socket.setNoDelay(true);
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    let messages: Uint8Array[];
    try {
      messages = decoder.push(chunk);
    } catch {
      socket.destroy();
      return;
    }
    for (const message of messages) queue = queue.then(() => answer(socket, message, shared));
  });
  socket.on('end', () => void queue.then(() => socket.end()));
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

async function answer(socket: Socket, message: Uint8Array, shared: ConnectionShared): Promise<void> {
  if (socket.destroyed) return;
  const answer = shared.engine.answer(message);
  shared.record(answer);
  const index = shared.nextIndex();
  const persona = shared.persona();
  const action: FaultAction = persona ? await persona.apply(answer, { clock: shared.clock, index }) : { kind: 'send', message: answer.message };
  if (action.kind === 'drop') {
    socket.destroy();
    return;
  }
  const frame = encodeFrame(action.message);
  const size = action.chunkSize ?? frame.length;
  for (let offset = 0; offset < frame.length && !socket.destroyed; offset += size) {
    socket.write(frame.subarray(offset, offset + size));
    // a turn of the event loop between writes, so each goes out in a segment of its own
    if (size < frame.length) await new Promise((resolve) => setImmediate(resolve));
  }
}
