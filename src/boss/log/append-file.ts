import { closeSync, openSync, write, writeSync } from 'node:fs';
import type { DestinationStream } from 'pino';

/**
 * A log file the lines of one event-loop turn reach in one write: the lines logged while the process
 * is busy are gathered and written together, at the end of the turn or as soon as the previous write
 * is done, on the thread pool (the event loop never waits for the disk). Under load a batch of
 * answers costs one write call, not one per line; a quiet log still has its line on disk at once.
 * `close()` writes what is gathered and closes the file; lines after that are dropped, never thrown
 * (a socket closing after shutdown may still log). What is gathered when the process exits is written
 * synchronously on exit. A failed write is reported once on stderr; the lines it held are lost and
 * later lines are still tried, so a full disk does not take the server down.
 */
export class AppendFile implements DestinationStream {
  private readonly fd: number;
  private gathered: string[] = [];
  private writing = false;
  private scheduled = false;
  private closing: Promise<void> | undefined;
  private closed = false;
  private whenIdle: (() => void) | undefined;
  private reported = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
    openFiles.add(this);
    if (openFiles.size === 1) process.on('exit', writeAllOnExit);
  }

  write(line: string): void {
    if (this.closing !== undefined) return;
    this.gathered.push(line);
    if (!this.writing && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.writeGathered();
      });
    }
  }

  /** Writes what is gathered, waits for it, closes the file. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      const finish = (): void => {
        this.writeGatheredSync();
        openFiles.delete(this);
        if (openFiles.size === 0) process.off('exit', writeAllOnExit);
        this.closed = true;
        closeSync(this.fd);
        resolve();
      };
      if (this.writing) this.whenIdle = finish;
      else finish();
    });
    return this.closing;
  }

  private writeGathered(): void {
    if (this.writing || this.closed || this.gathered.length === 0) return;
    const text = this.gathered.length === 1 ? this.gathered[0]! : this.gathered.join('');
    this.gathered = [];
    this.writing = true;
    const bytes = Buffer.from(text, 'utf8');
    const done = (error: NodeJS.ErrnoException | null, written: number): void => {
      if (!error && written < bytes.length) {
        write(this.fd, bytes, written, bytes.length - written, null, done); // a short write: the rest
        return;
      }
      if (error) this.report(error);
      this.writing = false;
      if (this.whenIdle) this.whenIdle();
      else this.writeGathered();
    };
    write(this.fd, bytes, 0, bytes.length, null, done);
  }

  /** @internal the exit handler's part: what is gathered, written before the process is gone. */
  writeGatheredSync(): void {
    if (this.closed || this.gathered.length === 0) return;
    const text = this.gathered.join('');
    this.gathered = [];
    try {
      writeSync(this.fd, text);
    } catch (error) {
      this.report(error as NodeJS.ErrnoException);
    }
  }

  private report(error: NodeJS.ErrnoException): void {
    if (this.reported) return;
    this.reported = true;
    process.stderr.write(`stbpay: cannot write the log ${this.path}: ${error.message}\n`);
  }
}

/** Files not closed yet: one exit listener for all of them, however many logs a process opens. */
const openFiles = new Set<AppendFile>();

function writeAllOnExit(): void {
  for (const file of openFiles) file.writeGatheredSync();
}
