import { join } from 'node:path';
import { openCaptureFile } from '../../../../src/boss/capture/jsonl-writer.ts';
import { decodeRequestFrame, decodeResponseFrame, encodeRequestFrame, encodeResponseFrame } from '../../../../src/boss/codec/frame-message.ts';
import type { BossMessage } from '../../../../src/boss/codec/message.ts';
import { defaultProfile } from '../../../../src/boss/profile/index.ts';
import { tempDir } from '../../../setup/temp-dirs.ts';

export type Step = readonly ['request' | 'response', Uint8Array] | readonly ['raw request', Uint8Array];

export interface ScriptedConnection {
  readonly steps: readonly Step[];
  readonly closedBy?: 'bank' | 'boss';
}

/** A JSON-lines capture of these connections, written with the real writer. */
export async function writeCapture(connections: readonly ScriptedConnection[]): Promise<string> {
  const file = join(await tempDir('replay'), 'capture.jsonl');
  const writer = openCaptureFile(file);
  connections.forEach((connection, i) => {
    const peer = `127.0.0.1:${50000 + i}`;
    const at = new Date(Date.UTC(2026, 10, 23, 2, 15, i)).toISOString();
    writer.event({ kind: 'open', connection: i + 1, peer, at });
    for (const [kind, bytes] of connection.steps) {
      const frame = { at, connection: i + 1, direction: kind === 'response' ? 'response' : 'request', peer, bytes } as const;
      if (kind === 'raw request') writer.raw(frame);
      else writer.frame(frame);
    }
    writer.event({ kind: 'close', connection: i + 1, peer, at, ...(connection.closedBy ? { by: connection.closedBy } : {}) });
  });
  await writer.close();
  return file;
}

/** A §8 answer frame with some values changed. */
export function changedAnswer(frame: Uint8Array, change: (message: BossMessage) => void): Uint8Array {
  const message = decodeResponseFrame(defaultProfile(), frame);
  change(message);
  return encodeResponseFrame(defaultProfile(), message);
}

/** One line of a hand-made capture: what happened on which connection, `ms` after 02:15:00Z. */
export type Entry =
  | readonly [connection: number, kind: 'open' | 'close' | 'close by bank' | 'close by boss', ms?: number]
  | readonly [connection: number, kind: 'request' | 'response' | 'raw request' | 'raw response', bytes: Uint8Array, ms?: number];

/**
 * A JSON-lines capture written line by line in the order given (connections interleaved as they
 * were), with the real writer. Times default to 1 ms apart.
 */
export async function writeEntries(entries: readonly Entry[]): Promise<string> {
  const file = join(await tempDir('replay'), 'capture.jsonl');
  const writer = openCaptureFile(file);
  entries.forEach((entry, i) => {
    const [connection, kind] = entry;
    const peer = `127.0.0.1:${50000 + connection}`;
    const ms = typeof entry[2] === 'number' ? entry[2] : entry.length === 4 ? entry[3] : undefined;
    const at = new Date(Date.UTC(2026, 10, 23, 2, 15) + (ms ?? i)).toISOString();
    if (kind === 'open') return writer.event({ kind: 'open', connection, peer, at });
    if (kind === 'close' || kind === 'close by bank' || kind === 'close by boss') {
      const by = kind === 'close by bank' ? 'bank' : kind === 'close by boss' ? 'boss' : undefined;
      return writer.event({ kind: 'close', connection, peer, at, ...(by ? { by } : {}) });
    }
    const bytes = entry[2] as Uint8Array;
    const frame = { at, connection, direction: kind.endsWith('response') ? 'response' : 'request', peer, bytes } as const;
    if (kind.startsWith('raw')) writer.raw(frame);
    else writer.frame(frame);
  });
  await writer.close();
  return file;
}

/** A §8 request frame with some values changed (another BANKSERIAL, another transaction). */
export function changedRequest(frame: Uint8Array, change: (message: BossMessage) => void): Uint8Array {
  const message = decodeRequestFrame(defaultProfile(), frame);
  change(message);
  return encodeRequestFrame(defaultProfile(), message);
}

/** A request of any transaction, header as in §8 but for TXCODE and BANKSERIAL. */
export function requestFrame(txcode: string, bankSerial: string, fields: Record<string, string>): Uint8Array {
  return encodeRequestFrame(defaultProfile(), {
    txcode,
    header: { BANKCODE: 'ICBC01', BANKSERIAL: bankSerial, TXDATE: '20261123', TXTIME: '101600', TELLER: 'T01' },
    fields,
    groups: {},
  });
}

/** A 0000 answer of any transaction. */
export function answerFrame(txcode: string, bankSerial: string, bossSerial: string, fields: Record<string, string>, groups: BossMessage['groups'] = {}): Uint8Array {
  return encodeResponseFrame(defaultProfile(), { txcode, header: { RESPCODE: '0000', RESPMSG: 'OK', BANKSERIAL: bankSerial, BOSSSERIAL: bossSerial }, fields, groups });
}
