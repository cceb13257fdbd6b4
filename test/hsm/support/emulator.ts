import { connect } from 'node:net';
import { parseHex } from '../../../src/core/hex.ts';
import { createRandom } from '../../../src/core/random.ts';
import { tdes } from '../../../src/crypto/index.ts';
import { HsmClient, HsmFrameDecoder } from '../../../src/hsm/index.ts';
import type { KeyToken } from '../../../src/hsm/keys.ts';
import { startHsmEmulator, type HsmEmulatorOptions, type RunningHsmEmulator } from '../../../simulators/hsm/index.ts';

/** A test zone master key, odd parity, formed in the HSM from these two clear components. */
export const ZMK_COMPONENTS = [parseHex('0123456789ABCDEF FEDCBA9876543210'), parseHex('0303030303030303 0505050505050505')];
export const ZMK_CLEAR = ZMK_COMPONENTS[0]!.map((b, i) => b ^ ZMK_COMPONENTS[1]![i]!);

export interface Bench {
  readonly emulator: RunningHsmEmulator;
  readonly client: HsmClient;
  /** The test ZMK under the LMK. */
  readonly zmk: KeyToken;
  close(): Promise<void>;
}

/** An emulator on 127.0.0.1, a free port, seeded; a client connected to it; the test ZMK formed. */
export async function openBench(options: Partial<HsmEmulatorOptions> = {}, timeoutMs = 2_000): Promise<Bench> {
  const emulator = await startHsmEmulator({ port: 0, random: createRandom(42), ...options });
  const client = await HsmClient.open({ host: emulator.host, port: emulator.port, timeoutMs });
  const zmk = (await client.formKey({ keyType: '000', scheme: 'U', components: ZMK_COMPONENTS })).underLmk;
  return {
    emulator,
    client,
    zmk,
    close: async () => {
      await client.close();
      await emulator.close();
    },
  };
}

/** A clear key under the test ZMK, as a key sender (card personaliser, issuer) would send it. */
export function underTestZmk(scheme: KeyToken['scheme'], clear: Uint8Array): KeyToken {
  return { scheme, cryptogram: tdes(ZMK_CLEAR).encryptEcb(clear) };
}

/**
 * Writes raw bytes on a fresh connection and collects what comes back until `frames` whole answer
 * frames came, the HSM closed, or `waitMs` passed.
 */
export async function rawExchange(port: number, bytes: Uint8Array, options: { waitMs?: number; frames?: number } = {}): Promise<{ received: Uint8Array; closed: boolean }> {
  const socket = connect({ host: '127.0.0.1', port });
  const chunks: Buffer[] = [];
  const decoder = new HsmFrameDecoder();
  let frames = 0;
  let closed = false;
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.waitMs ?? 1_000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      frames += decoder.push(chunk).length;
      if (options.frames !== undefined && frames >= options.frames) {
        clearTimeout(timer);
        resolve();
      }
    });
    socket.once('close', () => {
      closed = true;
      clearTimeout(timer);
      resolve();
    });
    socket.write(bytes);
  });
  socket.destroy();
  return { received: new Uint8Array(Buffer.concat(chunks)), closed };
}
