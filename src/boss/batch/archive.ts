import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { InboxFile } from './inbox.ts';
import { sameIdentity, type FileIdentity } from './intake.ts';

export type ArchiveShelf = 'processed' | 'rejected' | 'duplicate';

/** Where a decided file goes: `<archiveDir>/<BANKCODE>/<shelf>/<NAME>.<sha256 first 12>`. */
export function archivePathFor(archiveDir: string, bankcode: string, shelf: ArchiveShelf, name: string, sha256: string): string {
  return join(archiveDir, bankcode, shelf, `${name}.${sha256.slice(0, 12)}`);
}

/**
 * Takes a decided file out of `in/`: the flag first (so a crash in between leaves an unflagged file,
 * which is ignored, never a flag beside a later upload of the same name), then the file into the
 * BOSS-side archive. A file that changed since it was read (the bank uploaded it again) is left
 * where it is, with its flag, to be read again on the next pass. Returns where it went, or undefined.
 */
export async function archiveInboxFile(file: InboxFile, read: FileIdentity, target: string): Promise<string | undefined> {
  const now = await stat(file.path);
  if (!sameIdentity(read, { ino: now.ino, size: now.size, mtimeMs: now.mtimeMs })) return undefined;
  await rm(file.flagPath, { force: true });
  await mkdir(dirname(target), { recursive: true });
  try {
    await rename(file.path, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    // the archive is on another file system
    await copyFile(file.path, target);
    await rm(file.path, { force: true });
  }
  return target;
}
