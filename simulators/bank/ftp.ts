import { Readable, Writable } from 'node:stream';
import { Client } from 'basic-ftp';
import { fileNameFor, flagNameFor } from '../../src/boss/codec/daily-file.ts';
import type { Profile } from '../../src/boss/profile/types.ts';
import { errorMessage } from '../../src/core/errors.ts';
import type { NamedFile } from './daily-files.ts';
import { BankEmulatorError } from './errors.ts';
import { OUT_DIR, type FileDrop } from './file-drop.ts';

export interface BankFtpOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Control and data timeout, ms (default 10 000). */
  readonly timeoutMs?: number;
}

/**
 * The bank's FTP account on the BOSS interface machine [bank-interface §7]: plain FTP with basic-ftp,
 * paths relative to the account's home (`in/`, `out/`). One transfer at a time, as basic-ftp requires.
 */
export class BankFtp implements FileDrop {
  private constructor(
    private readonly client: Client,
    private readonly profile: Profile,
  ) {}

  static async connect(options: BankFtpOptions, profile: Profile): Promise<BankFtp> {
    const client = new Client(options.timeoutMs ?? 10_000);
    try {
      await client.access({ host: options.host, port: options.port, user: options.user, password: options.password, secure: false });
    } catch (error) {
      client.close();
      throw new BankEmulatorError('ftp', `cannot log in to ftp://${options.user}@${options.host}:${options.port}: ${errorMessage(error)}`, { cause: error });
    }
    return new BankFtp(client, profile);
  }

  async put(path: string, bytes: Uint8Array): Promise<void> {
    await this.wrap(`upload ${path}`, () => this.client.uploadFrom(Readable.from(bytes.length > 0 ? [Buffer.from(bytes)] : []), path));
  }

  async get(path: string): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    await this.wrap(`download ${path}`, () => this.client.downloadTo(sink, path));
    return Uint8Array.from(Buffer.concat(chunks));
  }

  /** Names of the files in a directory of the account. */
  async list(dir: string): Promise<string[]> {
    const entries = await this.wrap(`list ${dir}`, () => this.client.list(dir));
    return entries.filter((e) => e.isFile).map((e) => e.name);
  }

  /**
   * The DK withholding batch of `date` from `out/`, once its `.OK` flag is there; before that the
   * file may be incomplete, so it is refused (`batchNotReady`). [§7]
   */
  async downloadBatch(date: string): Promise<NamedFile> {
    const name = fileNameFor(this.profile, 'DK', date);
    const names = await this.list(OUT_DIR);
    if (!names.includes(flagNameFor(this.profile, name))) {
      throw new BankEmulatorError('batchNotReady', `no ${OUT_DIR}/${flagNameFor(this.profile, name)} yet: the ${name} batch is not complete`);
    }
    return { name, bytes: await this.get(`${OUT_DIR}/${name}`) };
  }

  close(): void {
    this.client.close();
  }

  private async wrap<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new BankEmulatorError('ftp', `FTP ${what} failed: ${errorMessage(error)}`, { cause: error });
    }
  }
}
