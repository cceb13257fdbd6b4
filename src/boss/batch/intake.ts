import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** What was read of an inbound file, and how to tell later whether it changed since. */
export interface Intake {
  readonly sha256: string;
  /** The content, or undefined when the file is over the size limit (hashed as a stream). */
  readonly bytes: Uint8Array | undefined;
  readonly size: number;
  readonly identity: FileIdentity;
}

export interface FileIdentity {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Reads a file through one descriptor: its identity, its SHA-256 and, up to `maxBytes`, its bytes. */
export async function takeIn(path: string, maxBytes: number): Promise<Intake> {
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    const identity = { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
    if (stat.size > maxBytes) {
      const hash = createHash('sha256');
      for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
      return { sha256: hash.digest('hex'), bytes: undefined, size: stat.size, identity };
    }
    const bytes = await handle.readFile();
    return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes, size: bytes.length, identity };
  } finally {
    await handle.close();
  }
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
