import { randomUUID } from 'node:crypto';
import type { Stats } from 'node:fs';
import { open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { FileSystem, type FtpConnection } from 'ftp-srv';
import { IN_DIR } from './bank-homes.ts';
import { checkAsciiName, clientError, FtpClientError, isAsciiName } from './client-errors.ts';

/** A path as the client names it (`/in/YH20261123.TXT`) and where it really is. */
export interface ResolvedPath {
  readonly clientPath: string;
  readonly fsPath: string;
}

type NamedStats = Stats & { name: string };

/**
 * ftp-srv's file system for one bank's session, replacing its default one:
 * - confined to the bank's home (`/` is the home; `..` cannot leave it);
 * - names are printable ASCII, anything else is refused (ftp-srv decodes UTF-8 only);
 * - the bank writes, renames and deletes only directly in `/in`; `/out` and the home are read-only;
 *   no directories are made or removed, no modes changed;
 * - every failure reaches the client as a short text and the client's path, never the server's.
 * [bank-interface §7: each bank has its own account and home with out/ and in/]
 */
export class BankFileSystem extends FileSystem {
  private cwdPath = '/';

  constructor(
    connection: FtpConnection,
    private readonly home: string,
  ) {
    super(connection, { root: home, cwd: '/' });
  }

  /** Resolves a client argument against the current directory, inside the home. */
  resolvePath(arg: string | undefined | null): ResolvedPath {
    const raw = arg === undefined || arg === null || arg === '' ? '.' : arg;
    checkAsciiName(raw);
    const unix = raw.replace(/\\/g, '/');
    let clientPath = unix.startsWith('/') ? posix.normalize(unix) : posix.join('/', this.cwdPath, unix);
    if (clientPath.length > 1 && clientPath.endsWith('/')) clientPath = clientPath.slice(0, -1);
    return { clientPath, fsPath: join(this.home, ...clientPath.split('/').filter((part) => part !== '')) };
  }

  override currentDirectory(): string {
    return this.cwdPath;
  }

  override async get(fileName: string): Promise<NamedStats> {
    const path = this.resolvePath(fileName);
    return named(await guard(path, () => stat(path.fsPath)), posix.basename(path.clientPath) || '/');
  }

  override async list(path = '.'): Promise<NamedStats[]> {
    const dir = this.resolvePath(path);
    const names = await guard(dir, () => readdir(dir.fsPath));
    const entries: NamedStats[] = [];
    for (const name of names.filter(isAsciiName).sort()) {
      try {
        entries.push(named(await stat(join(dir.fsPath, name)), name));
      } catch {
        // gone between readdir and stat
      }
    }
    return entries;
  }

  override async chdir(path = '.'): Promise<string> {
    const dir = this.resolvePath(path);
    const stats = await guard(dir, () => stat(dir.fsPath));
    if (!stats.isDirectory()) throw new FtpClientError(`Not a directory: ${dir.clientPath}`);
    this.cwdPath = dir.clientPath;
    return this.cwdPath;
  }

  override async write(fileName: string, { append = false, start }: { append?: boolean; start?: number } = {}): Promise<{ stream: NodeJS.WritableStream; clientPath: string }> {
    const path = this.writable(fileName);
    // opened here, so an error carries our text; the stream then has no path to leak
    const handle: FileHandle = await guard(path, () => open(path.fsPath, append ? 'a' : 'w', 0o644));
    const stream = handle.createWriteStream(start === undefined ? {} : { start });
    stream.once('error', () => void rm(path.fsPath, { force: true }).catch(() => undefined));
    return { stream, clientPath: path.clientPath };
  }

  override async read(fileName: string, { start }: { start?: number } = {}): Promise<{ stream: NodeJS.ReadableStream; clientPath: string }> {
    const path = this.resolvePath(fileName);
    const handle: FileHandle = await guard(path, () => open(path.fsPath, 'r'));
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      await handle.close();
      throw new FtpClientError(`Is a directory: ${path.clientPath}`);
    }
    return { stream: handle.createReadStream(start === undefined ? {} : { start }), clientPath: path.clientPath };
  }

  override async delete(path: string): Promise<void> {
    const target = this.writable(path);
    const stats = await guard(target, () => stat(target.fsPath));
    if (stats.isDirectory()) throw new FtpClientError(`Permission denied: ${target.clientPath}`);
    await guard(target, () => rm(target.fsPath));
  }

  override async mkdir(path: string): Promise<string> {
    throw new FtpClientError(`Permission denied: ${this.resolvePath(path).clientPath}`);
  }

  override async rename(from: string, to: string): Promise<void> {
    const source = this.writable(from);
    const target = this.writable(to);
    await guard(source, () => rename(source.fsPath, target.fsPath));
  }

  override async chmod(path: string): Promise<void> {
    throw new FtpClientError(`Permission denied: ${this.resolvePath(path).clientPath}`);
  }

  override getUniqueName(): string {
    return randomUUID().replace(/-/g, '').toUpperCase();
  }

  /** A path the bank may write: a file directly in `/in`. */
  private writable(arg: string): ResolvedPath {
    const path = this.resolvePath(arg);
    if (posix.dirname(path.clientPath) !== `/${IN_DIR}`) throw new FtpClientError(`Permission denied: ${path.clientPath} (files are uploaded to /${IN_DIR})`);
    return path;
  }
}

async function guard<T>(path: ResolvedPath, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw clientError(error, path.clientPath);
  }
}

function named(stats: Stats, name: string): NamedStats {
  return Object.assign(stats, { name });
}
