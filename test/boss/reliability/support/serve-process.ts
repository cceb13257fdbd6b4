import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const STBPAY = fileURLToPath(new URL('../../../../bin/stbpay.js', import.meta.url));
const LISTENING = /listening on 127\.0\.0\.1:(\d+)\n/;
const RUNNING = /running; Ctrl-C to stop/;

const alive = new Set<ServeProcess>();

/**
 * `stbpay boss serve` as a process of its own (node bin/stbpay.js, as an operator runs it), so that a
 * SIGKILL hits the real thing at an arbitrary instant: mid-read, mid-commit, mid-write.
 */
export class ServeProcess {
  private stdout = '';
  private stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly args: readonly string[],
  ) {
    child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    alive.add(this);
    void this.exited.then(() => alive.delete(this));
  }

  /** Starts `boss serve` on `db` (port 0: a free one) and resolves once it listens and has its signal handlers. */
  static async start(options: { db: string; logDir: string }): Promise<{ serve: ServeProcess; port: number }> {
    const args = ['boss', 'serve', '--db', options.db, '--port', '0', '--log-dir', options.logDir];
    const serve = new ServeProcess(spawn(process.execPath, [STBPAY, ...args], { stdio: 'pipe' }), args);
    const [, port] = await serve.waitForOutput(LISTENING);
    await serve.waitForOutput(RUNNING);
    return { serve, port: Number(port) };
  }

  /** SIGKILL: no handler runs, nothing is flushed; resolves when the process is gone. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    const { signal, code } = await this.exited;
    if (signal !== 'SIGKILL') throw new Error(`boss serve ended with ${code}/${signal} before the SIGKILL\n${this.output()}`);
  }

  /** SIGTERM: the graceful stop of docs/boss/server.md; must exit 0. */
  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    const { code, signal } = await this.exited;
    if (code !== 0) throw new Error(`boss serve stopped with ${code}/${signal}, not 0\n${this.output()}`);
  }

  output(): string {
    return `$ stbpay ${this.args.join(' ')}\n--- stdout\n${this.stdout}--- stderr\n${this.stderr}`;
  }

  private async waitForOutput(pattern: RegExp, ms = 20_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = pattern.exec(this.stdout);
      if (match) return match;
      if (this.child.exitCode !== null || this.child.signalCode !== null || Date.now() > deadline) {
        this.child.kill('SIGKILL');
        throw new Error(`no ${pattern} from boss serve\n${this.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** For an `after` hook: no server outlives its test, whatever failed. */
export async function killLeftoverServers(): Promise<void> {
  await Promise.all(
    [...alive].map(async (serve) => {
      serve.child.kill('SIGKILL');
      await serve.exited;
    }),
  );
}
