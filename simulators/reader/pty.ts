import { spawn, type ChildProcess } from 'node:child_process';
import { lstat, unlink } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { InputError, StbpayError } from '../../src/core/errors.ts';
import { attachSerialFrontend, type SerialFrontendEmulator, type SerialFrontendOptions } from './serial-frontend.ts';

/** A pseudo-terminal pair joined by socat: the host (libccid) opens `hostPath`, the emulator `emulatorPath`. */
export interface PtyPair {
  readonly hostPath: string;
  readonly emulatorPath: string;
  /** Stops socat; its links go with it. */
  close(): Promise<void>;
}

/** socat is missing, failed, or did not create the links in time; `output` is what it printed. */
export class PtyError extends StbpayError {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super('STBPAY_ERR_PTY', message);
  }
}

export interface PtyOptions {
  /** The socat program; default `socat` from PATH (Debian package socat). */
  readonly socat?: string;
  /** How long to wait for socat's two links; default 5000 ms. */
  readonly timeoutMs?: number;
}

/**
 * Starts `socat pty,raw,echo=0,link=PATH pty,raw,echo=0,link=PATH.emu`: two pseudo-terminals whose
 * bytes socat copies across, so a serial driver (libccid's libccidtwin.so, DEVICENAME PATH:GemPCTwin)
 * and the emulator each get a tty. Raw and without echo, so no byte is translated or sent back;
 * libccid sets its own line settings (115200 8N2) on its end, which a pty accepts and ignores.
 * socat keeps running when either end is closed and reopened (pcscd restarts).
 */
export async function startPtyPair(path: string, options: PtyOptions = {}): Promise<PtyPair> {
  const emulatorPath = `${path}.emu`;
  for (const link of [path, emulatorPath]) {
    if (await exists(link)) throw new InputError(link, 'exists already; remove it or choose another pty path');
  }
  const socat = spawn(options.socat ?? 'socat', ['-d', '-d', `pty,raw,echo=0,link=${path}`, `pty,raw,echo=0,link=${emulatorPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  socat.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  const spawnFailure = new Promise<Error>((resolve) => socat.once('error', resolve));
  const pair: PtyPair = {
    hostPath: path,
    emulatorPath,
    close: () => stop(socat, exited, [path, emulatorPath]),
  };
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  while (!((await exists(path)) && (await exists(emulatorPath)))) {
    const failure = await Promise.race([spawnFailure, new Promise<undefined>((r) => setTimeout(r, 25, undefined))]);
    if (failure) {
      // socat never ran, so it made no links.
      const code = (failure as NodeJS.ErrnoException).code;
      throw new PtyError(code === 'ENOENT' ? 'socat not found: install it (Debian package socat)' : `cannot start socat: ${failure.message}`, output);
    }
    if (socat.exitCode !== null || socat.signalCode !== null) {
      // It may have made the first link before failing on the second.
      await removeLinks([path, emulatorPath]);
      throw new PtyError(`socat exited (${socat.exitCode ?? socat.signalCode}) before creating ${path}: ${output.trim()}`, output);
    }
    if (Date.now() > deadline) {
      await pair.close();
      throw new PtyError(`socat did not create ${path} and ${emulatorPath} within ${options.timeoutMs ?? 5000} ms`, output);
    }
  }
  return pair;
}

async function stop(socat: ChildProcess, exited: Promise<void>, links: readonly string[]): Promise<void> {
  if (socat.exitCode === null && socat.signalCode === null) {
    socat.kill('SIGTERM');
    const timer = setTimeout(() => socat.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
  // socat removes its links on a clean exit; not after SIGKILL.
  await removeLinks(links);
}

async function removeLinks(links: readonly string[]): Promise<void> {
  for (const link of links) await unlink(link).catch(() => undefined);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** libccid's serial driver (Debian package libccid). */
export const CCID_TWIN_DRIVER_PATH = '/usr/lib/pcsc/drivers/serial/libccidtwin.so';

/** The emulator end of a pty, open and answering CCID frames. */
export interface PtyReader {
  close(): Promise<void>;
}

/**
 * Opens `emulatorPath` (the `.emu` end of a PtyPair) with serialport and attaches the serial front
 * end, so `emulator` answers libccid on the other end. The baud rate is nominal: a pty moves bytes
 * at whatever speed they come.
 */
export async function serveReaderOnPty(emulator: SerialFrontendEmulator, emulatorPath: string, options: SerialFrontendOptions = {}): Promise<PtyReader> {
  const port = new SerialPort({ path: emulatorPath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(new PtyError(`cannot open ${emulatorPath}: ${error.message}`, '')) : resolve())));
  // A read error on the pty (the other end vanished) must not crash the process; socat keeps it alive.
  port.on('error', (error) => options.onError?.(error));
  const frontend = attachSerialFrontend(emulator, port, options);
  return {
    async close() {
      frontend.detach();
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}
