import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_REQUIREMENTS, requireTools } from './tools.ts';

/** pcscd's daemon socket is fixed at /run/pcscd/pcscd.comm; clients honour PCSCLITE_CSOCK_NAME. */
const SYSTEM_SOCKET_DIR = '/run/pcscd';

/**
 * A pcscd of our own, for one test file: its /run/pcscd is a temporary directory bind-mounted in a
 * private mount namespace (so a system pcscd is never touched), its readers come from the
 * reader.conf entries given, and clients reach it through `env` (PCSCLITE_CSOCK_NAME). Needs root
 * for the mount namespace, as on CI.
 */
export class PrivatePcscd {
  private output = '';

  private constructor(
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {
    const append = (chunk: Buffer): void => void (this.output += chunk.toString());
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
  }

  static async start(readerConf: Readonly<Record<string, string>>, extraEnv: NodeJS.ProcessEnv = {}): Promise<PrivatePcscd> {
    await requireTools(E2E_REQUIREMENTS.pcscd, E2E_REQUIREMENTS.unshare);
    if (process.getuid?.() !== 0) throw new Error('the private pcscd needs root (a mount namespace to give it its own /run/pcscd); CI runs as root');
    const dir = await mkdtemp(join(tmpdir(), 'stbpay-pcscd-'));
    await mkdir(join(dir, 'run'));
    await mkdir(join(dir, 'conf'));
    for (const [name, text] of Object.entries(readerConf)) await writeFile(join(dir, 'conf', name), text);
    await mkdir(SYSTEM_SOCKET_DIR, { recursive: true });
    // -c takes a reader.conf.d directory; -a logs every APDU, which is what a failure needs to show.
    const script = `mount --bind "$1/run" ${SYSTEM_SOCKET_DIR} && exec pcscd --foreground --debug --apdu --config "$1/conf"`;
    const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', dir], {
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pcscd = new PrivatePcscd(dir, child);
    try {
      await pcscd.waitFor(async () => exists(pcscd.socket), 5000, 'pcscd to create its socket');
    } catch (error) {
      await pcscd.stop();
      throw pcscd.withLog(error);
    }
    return pcscd;
  }

  get socket(): string {
    return join(this.dir, 'run', 'pcscd.comm');
  }

  /** The environment for PC/SC clients (pcsc_scan, opensc-tool, scriptor, libpcsclite in node). */
  get env(): NodeJS.ProcessEnv {
    return { ...process.env, PCSCLITE_CSOCK_NAME: this.socket };
  }

  get log(): string {
    return this.output;
  }

  /** Polls `condition` every 50 ms; throws after `ms`, saying what was awaited, with the log. */
  async waitFor(condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (this.child.exitCode !== null) throw this.withLog(new Error(`pcscd exited (${this.child.exitCode}) while waiting for ${what}`));
      if (Date.now() > deadline) throw this.withLog(new Error(`waited ${ms} ms for ${what}`));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Runs a test body; if it fails, the error carries the end of pcscd's log. */
  async check<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      throw this.withLog(error);
    }
  }

  withLog(error: unknown): unknown {
    if (error instanceof Error && !error.message.includes('--- pcscd log')) {
      const lines = this.output.trimEnd().split('\n');
      error.message += `\n--- pcscd log (last ${Math.min(lines.length, 60)} of ${lines.length} lines)\n${lines.slice(-60).join('\n')}`;
    }
    return error;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
