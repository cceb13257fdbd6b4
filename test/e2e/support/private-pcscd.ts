import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { E2E_REQUIREMENTS, requireTools } from './tools.ts';

/** pcscd's daemon socket is fixed at /run/pcscd/pcscd.comm; clients honour PCSCLITE_CSOCK_NAME. */
const SYSTEM_SOCKET_DIR = '/run/pcscd';

/**
 * The namespace pcscd runs in. As root, a private mount namespace. Otherwise also a user namespace
 * in which the caller is root (`--map-root-user`), which lets it mount there: the same without
 * sudo, where the kernel allows unprivileged user namespaces (`.ci/run` checks it first).
 */
function unshareArgs(): string[] {
  const user = process.getuid?.() === 0 ? [] : ['--user', '--map-root-user'];
  return [...user, '--mount', '--propagation', 'private'];
}

/**
 * A pcscd of our own, for one test file. In a private mount namespace, a tmpfs is mounted on /run
 * and our temporary directory on /run/pcscd in it, so nothing is created or changed on the host's
 * /run (which may have no /run/pcscd, and a non-root caller could not make one) and a system pcscd
 * is never touched. Its readers come from the reader.conf entries given; pcscd reads them at
 * start-up only (pcsc-lite 1.9.9 built with libudev: SIGUSR1 / `pcscd --hotplug` rescans USB, not
 * reader.conf). Clients reach it through `env` (PCSCLITE_CSOCK_NAME).
 */
export class PrivatePcscd {
  private output = '';
  private child: ChildProcess | undefined;

  private constructor(
    readonly dir: string,
    private readonly extraEnv: NodeJS.ProcessEnv,
  ) {}

  static async start(readerConf: Readonly<Record<string, string>>, extraEnv: NodeJS.ProcessEnv = {}): Promise<PrivatePcscd> {
    const pcscd = await PrivatePcscd.prepare(readerConf, extraEnv);
    await pcscd.launch();
    return pcscd;
  }

  /** Its directory and configuration, without starting pcscd: `env` and `socket` are known already. */
  static async prepare(readerConf: Readonly<Record<string, string>>, extraEnv: NodeJS.ProcessEnv = {}): Promise<PrivatePcscd> {
    await requireTools(E2E_REQUIREMENTS.pcscd, E2E_REQUIREMENTS.unshare);
    const dir = await mkdtemp(join(tmpdir(), 'stbpay-pcscd-'));
    try {
      await mkdir(join(dir, 'run'));
      await mkdir(join(dir, 'conf'));
      for (const [name, text] of Object.entries(readerConf)) await writeFile(join(dir, 'conf', name), text);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return new PrivatePcscd(dir, extraEnv);
  }

  /** Starts pcscd and waits for its socket; on failure it is stopped and the error carries its log. */
  async launch(): Promise<void> {
    if (this.child) throw new Error('this private pcscd was launched already');
    // -c takes a reader.conf.d directory; -a logs every APDU, which is what a failure needs to show.
    // unshare and sh exec, so the child is pcscd itself.
    const script = [
      `mount -t tmpfs -o mode=0755 stbpay-run /run`,
      `mkdir ${SYSTEM_SOCKET_DIR}`,
      `mount --bind "$1/run" ${SYSTEM_SOCKET_DIR}`,
      `exec pcscd --foreground --debug --apdu --config "$1/conf"`,
    ].join(' && ');
    const child = spawn('unshare', [...unshareArgs(), 'sh', '-c', script, 'sh', this.dir], {
      // pcscd lives in /usr/sbin, which a non-root user's PATH usually leaves out (requireTools looks there too).
      env: { ...process.env, ...this.extraEnv, PATH: [process.env.PATH, '/usr/sbin', '/sbin'].filter(Boolean).join(delimiter) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const append = (chunk: Buffer): void => void (this.output += chunk.toString());
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    try {
      await this.waitFor(async () => exists(this.socket), 5000, 'pcscd to create its socket');
    } catch (error) {
      await this.stop();
      throw this.withLog(error);
    }
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
      if (this.child?.exitCode != null) throw this.withLog(new Error(`pcscd exited (${this.child.exitCode}) while waiting for ${what}`));
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
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
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
