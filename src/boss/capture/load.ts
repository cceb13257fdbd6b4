import { open, readFile, stat } from 'node:fs/promises';
import { toHex } from '../../core/hex.ts';
import type { Profile } from '../profile/types.ts';
import { CaptureFileError } from './errors.ts';
import { readJsonlCapture } from './jsonl-capture.ts';
import type { CaptureSet } from './model.ts';
import { isPacketCapture, readPcapCapture, type PcapCaptureOptions } from './pcap/index.ts';

export type CaptureKind = 'jsonl' | 'pcap';

/** What the first bytes say the file is: pcap/pcapng by magic number, JSON lines by a leading `{`. */
export function detectCaptureKind(head: Uint8Array, file: string): CaptureKind {
  if (isPacketCapture(head)) return 'pcap';
  const firstChar = Buffer.from(head).toString('latin1').trimStart()[0];
  if (firstChar === '{') return 'jsonl';
  if (head.length === 0) throw new CaptureFileError(file, 'the capture file is empty');
  throw new CaptureFileError(file, `not a JSON-lines capture, pcap or pcapng file (it starts with ${toHex(head.subarray(0, 4))})`);
}

/**
 * Reads a capture of any supported kind as connections. A path that is a directory, or a file that
 * cannot be read, is a CaptureFileError naming it (bad input).
 */
export async function loadCapture(file: string, profile: Profile, options: PcapCaptureOptions = {}): Promise<CaptureSet> {
  const kind = detectCaptureKind(await readHead(file), file);
  if (kind === 'jsonl') return readJsonlCapture(file, profile);
  return readPcapCapture(await readWhole(file), file, profile, options);
}

/** Enough of the start to tell the kinds apart (a JSON-lines file may begin with blank lines). */
async function readHead(file: string): Promise<Uint8Array> {
  const unreadable = (error: unknown): CaptureFileError => new CaptureFileError(file, `cannot read the capture (${(error as Error).message})`, { cause: error });
  const info = await stat(file).catch((error: unknown) => {
    throw unreadable(error);
  });
  if (info.isDirectory()) throw new CaptureFileError(file, 'is a directory, not a capture file');
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw unreadable(error);
  }
  try {
    const buffer = new Uint8Array(256);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw unreadable(error);
  } finally {
    await handle.close();
  }
}

async function readWhole(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    throw new CaptureFileError(file, `cannot read the capture (${(error as Error).message})`, { cause: error });
  }
}
