import { StbpayError } from '../../core/errors.ts';

/**
 * What an FTP client is told when a file operation fails: a short text and the path as the client
 * sees it (`/out/DK20261123.TXT`), never the server's absolute path. ftp-srv replies with
 * `err.message`, and Node's messages carry the real path (`551 ENOENT: no such file or directory,
 * stat '/srv/boss/ftp/ICBC01/out/…'`). [research bank_grid_pay §3.2: 551 leaks the path]
 */
export class FtpClientError extends StbpayError {
  constructor(message: string) {
    super('BOSS_ERR_FTP', message);
  }
}

const TEXTS: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  ENOSPC: 'No space left on the server',
  EDQUOT: 'Quota exceeded',
  EMFILE: 'Server busy, try again',
  ENFILE: 'Server busy, try again',
};

/** The client-safe form of a file-system error on `clientPath`. */
export function clientError(error: unknown, clientPath: string): FtpClientError {
  if (error instanceof FtpClientError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new FtpClientError(`${(code !== undefined && TEXTS[code]) || 'File operation failed'}: ${clientPath}`);
}

/** FTP names are printable ASCII here: the daily files' names are (DK20261123.TXT). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * ftp-srv decodes the control channel as UTF-8 only (or, after `OPTS UTF8 OFF`, as 7-bit ASCII,
 * which the embedded server prevents), so a GBK name would arrive mangled. Rather than create a
 * mangled name, such a name is refused with a clear reply. [research bank_grid_pay §3.2]
 */
export function checkAsciiName(name: string): void {
  if (!PRINTABLE_ASCII.test(name)) {
    throw new FtpClientError('File names must be printable ASCII (file names here are like DK20261123.TXT)');
  }
}

export function isAsciiName(name: string): boolean {
  return PRINTABLE_ASCII.test(name);
}

/** Removes every occurrence of the server's own directories from a reply text (a second line of defence). */
export function scrubPaths(text: string, serverPaths: readonly string[]): string {
  let out = text;
  for (const path of serverPaths) if (path.length > 1) out = out.split(path).join('');
  return out;
}
