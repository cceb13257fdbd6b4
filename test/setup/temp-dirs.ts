import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

/** A fresh directory under the system temp dir, removed when the whole run ends. */
export async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `stbpay-${name}-`));
  created.push(dir);
  return dir;
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  },
};
