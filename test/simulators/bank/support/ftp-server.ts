import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FtpSrv } from 'ftp-srv';

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

/** ftp-srv's default logger is bunyan to stdout; this one says nothing. */
const quiet = {
  child: () => quiet,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export interface TestFtpServer {
  readonly port: number;
  /** The account's home: `in/` and `out/` are made there. */
  readonly root: string;
  close(): Promise<void>;
}

/**
 * An ftp-srv on 127.0.0.1 (control port 0, passive ports from a random range) with one account.
 * ftp-srv adds SIGTERM/SIGINT/SIGQUIT listeners that call process.exit; they are removed at once.
 */
export async function startFtpServer(root: string, account: { user: string; password: string }): Promise<TestFtpServer> {
  await mkdir(join(root, 'in'), { recursive: true });
  await mkdir(join(root, 'out'), { recursive: true });
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const pasvMin = 41_000 + Math.floor(Math.random() * 20_000);
  const server = new FtpSrv({ url: 'ftp://127.0.0.1:0', pasv_url: '127.0.0.1', pasv_min: pasvMin, pasv_max: pasvMin + 200, anonymous: false, log: quiet });
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  server.on('login', ({ username, password }, resolve, reject) => {
    if (username === account.user && password === account.password) resolve({ root });
    else reject(new Error('bad login'));
  });
  await server.listen();
  const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
  return {
    port: address.port,
    root,
    close: async () => {
      await server.close();
    },
  };
}
