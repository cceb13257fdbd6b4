import type { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { FtpSrv, type FtpConnection } from 'ftp-srv';
import { InputError } from '../../core/errors.ts';
import type { BatchLog } from '../batch/log.ts';
import { silentBatchLog } from '../batch/log.ts';
import { IN_DIR } from './bank-homes.ts';
import { BankFileSystem } from './bank-file-system.ts';
import { scrubPaths } from './client-errors.ts';
import { ftpSrvLog } from './ftp-srv-log.ts';
import { withoutAddedSignalListeners } from './signal-guard.ts';

/** A file that arrived in a bank's `in/` through this server (stored, or renamed into place). */
export interface LandedFile {
  readonly user: string;
  /** The bank home it landed in (absolute). */
  readonly home: string;
  readonly name: string;
  /** Absolute server path: for the BOSS side only, never sent to a client. */
  readonly path: string;
  readonly via: 'STOR' | 'RNTO';
}

export interface EmbeddedFtpOptions {
  /** The FTP root holding the bank homes; every home must lie inside it. */
  readonly root: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly pasvMin: number;
  readonly pasvMax: number;
  /** The bank home (absolute, or relative to root) of a user with that password; undefined refuses the login. */
  readonly accounts: (user: string, password: string) => string | undefined | Promise<string | undefined>;
  readonly log?: BatchLog;
  /** Called when a file lands in a bank's `in/`: a hint to start processing, which must also work by scanning. */
  readonly onLanded?: (file: LandedFile) => void;
}

export interface EmbeddedFtp {
  readonly host: string;
  readonly port: number;
  /** Disconnects every client, frees the port; leaves no listener behind. */
  close(): Promise<void>;
}

/**
 * The BOSS's own FTP service, ftp-srv 4.6.3 in-process, with its quirks contained:
 * - its SIGTERM/SIGINT/SIGQUIT listeners (which call process.exit) are removed at once;
 * - its bunyan logging goes to the batch log (warnings and errors) instead of stdout;
 * - the control channel stays UTF-8 (`OPTS UTF8 OFF` would make it 7-bit and mangle names
 *   silently), and non-ASCII names are refused by the file system;
 * - replies never carry a server path: the file system words its own errors, and every reply
 *   is scrubbed of the root and home paths as well;
 * - passive mode answers 127.0.0.1 (pasv_url), on ports pasvMin..pasvMax.
 * Each user is confined to its bank home (BankFileSystem). [bank-interface §7; research §3.2]
 */
export async function startEmbeddedFtp(options: EmbeddedFtpOptions): Promise<EmbeddedFtp> {
  const host = options.host ?? '127.0.0.1';
  checkPorts(options);
  const root = resolve(options.root);
  const log = options.log ?? silentBatchLog;
  const server = withoutAddedSignalListeners(
    () =>
      new FtpSrv({
        url: `ftp://${host}:${options.port}`,
        pasv_url: host,
        pasv_min: options.pasvMin,
        pasv_max: options.pasvMax,
        anonymous: false,
        greeting: 'stbpay BOSS file exchange',
        log: ftpSrvLog(options.log),
      }),
  );
  const homes = new Set<string>([root]);

  server.on('login', ({ connection, username, password }, accept, refuse) => {
    Promise.resolve(options.accounts(username, password))
      .then((home) => {
        if (home === undefined) {
          log.warn({ event: 'ftp.login.refused', user: username }, `FTP login refused for ${username}`);
          return refuse(new Error('Login incorrect'));
        }
        const absolute = resolve(root, home);
        if (!inside(root, absolute)) {
          log.error({ event: 'ftp.login.refused', user: username, home: absolute }, `FTP home of ${username} is outside the FTP root`);
          return refuse(new Error('Login incorrect'));
        }
        homes.add(absolute);
        const fs = new BankFileSystem(connection, absolute);
        watchLandings(connection, fs, username, absolute, options.onLanded);
        log.info({ event: 'ftp.login', user: username }, `FTP login ${username}`);
        return accept({ fs });
      })
      .catch((error: unknown) => refuse(error instanceof Error ? error : new Error(String(error))));
  });
  // 'connect' is emitted before the greeting, while the socket is still paused; the .d.ts omits it
  (server as EventEmitter).on('connect', ({ connection }: { connection: FtpConnection }) => {
    pinUtf8(connection);
    scrubReplies(connection, () => [...homes].sort((a, b) => b.length - a.length));
  });

  await server.listen();
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    host,
    port: address.port,
    close: async () => {
      await server.close();
    },
  };
}

function checkPorts({ port, pasvMin, pasvMax }: EmbeddedFtpOptions): void {
  const isPort = (n: number, min: number): boolean => Number.isInteger(n) && n >= min && n <= 65535;
  if (!isPort(port, 0)) throw new InputError('port', `${port} is not a TCP port (0 picks a free one)`);
  if (!isPort(pasvMin, 1) || !isPort(pasvMax, 1) || pasvMax < pasvMin) throw new InputError('pasvMin', `passive ports ${pasvMin}..${pasvMax} are not a range of TCP ports`);
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** ftp-srv emits STOR/RNTO `(error, path)` on the connection once a transfer or rename is done. */
function watchLandings(connection: FtpConnection, fs: BankFileSystem, user: string, home: string, onLanded: EmbeddedFtpOptions['onLanded']): void {
  if (!onLanded) return;
  const landed = (via: LandedFile['via']) => (error: unknown, arg: unknown) => {
    if (error || typeof arg !== 'string') return;
    const path = fs.resolvePath(arg);
    if (dirname(path.clientPath) !== `/${IN_DIR}`) return;
    onLanded({ user, home, name: path.clientPath.slice(IN_DIR.length + 2), path: path.fsPath, via });
  };
  connection.on('STOR', landed('STOR'));
  connection.on('RNTO', landed('RNTO'));
}

/** `OPTS UTF8 OFF` sets `encoding = 'ascii'`, which drops the top bit of every byte: keep UTF-8. */
function pinUtf8(connection: FtpConnection): void {
  Object.defineProperty(connection, 'encoding', { get: () => 'utf8', set: () => undefined, configurable: true });
}

/** Every reply text loses the server's directories, whichever command produced it. */
function scrubReplies(connection: FtpConnection, serverPaths: () => string[]): void {
  const reply = connection.reply.bind(connection);
  const scrub = (letter: unknown): unknown => {
    if (typeof letter === 'string') return scrubPaths(letter, serverPaths());
    if (letter !== null && typeof letter === 'object' && 'message' in letter && typeof letter.message === 'string') {
      return { ...letter, message: scrubPaths(letter.message, serverPaths()) };
    }
    return letter;
  };
  connection.reply = (options: number | object, ...letters: unknown[]) => reply(options, ...letters.map(scrub));
}
