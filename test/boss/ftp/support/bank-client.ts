import { Client } from 'basic-ftp';
import { Readable, Writable } from 'node:stream';
import { decodeDailyFile } from '../../../../src/boss/codec/daily-file.ts';
import type { Profile } from '../../../../src/boss/profile/types.ts';
import { dkmx, xjmx, yh } from '../../batch/support/files.ts';

/** A bank's FTP client (basic-ftp), with every control-channel line it saw kept for inspection. */
export interface BankClient {
  readonly ftp: Client;
  /** Every line of the control channel, both ways. */
  readonly transcript: string[];
  upload(path: string, bytes: Uint8Array): Promise<void>;
  download(path: string): Promise<Buffer>;
  close(): void;
}

export async function connectBank(server: { host: string; port: number }, user: string, password: string): Promise<BankClient> {
  const ftp = new Client(5000);
  const transcript: string[] = [];
  ftp.ftp.verbose = true;
  ftp.ftp.log = (line: string) => transcript.push(line);
  await ftp.access({ host: server.host, port: server.port, user, password, secure: false });
  return {
    ftp,
    transcript,
    upload: async (path, bytes) => {
      await ftp.uploadFrom(Readable.from([Buffer.from(bytes)]), path);
    },
    download: async (path) => {
      const chunks: Buffer[] = [];
      await ftp.downloadTo(
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk);
            done();
          },
        }),
        path,
      );
      return Buffer.concat(chunks);
    },
    close: () => ftp.close(),
  };
}

/** The code and text of the FTP error a call ends in. */
export async function ftpError(call: () => Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await call();
  } catch (error) {
    const { code, message } = error as { code?: number; message: string };
    return { code: code ?? 0, message };
  }
  throw new Error('expected an FTP error');
}

/**
 * A bank's day over FTP, with relative paths so it works on any server: it waits for the DK flag in
 * `out/`, downloads the DK, debits every line (BANKSERIAL `WD` + SEQ), and uploads YH, XJMX and DKMX
 * to `in/`, each followed by its flag. Returns the DK bytes it took.
 */
export async function bankDay(client: BankClient, profile: Profile, date: string, cash: readonly (readonly [string, string, number])[]): Promise<Buffer> {
  const listing = (await client.ftp.list('out')).map((f) => f.name);
  if (!listing.includes(`DK${date}.TXT.OK`)) throw new Error(`no DK flag in out/: ${listing.join(' ')}`);
  const dk = await client.download(`out/DK${date}.TXT`);
  const batch = decodeDailyFile(profile, 'DK', dk, { fileName: `DK${date}.TXT` }).details;
  const debits = batch.map((d) => [Number(d.SEQ), d.CUSTNO ?? '', d.ACCTNO ?? '', Number(d.AMOUNT), '0', `WD${d.SEQ}`] as const);
  const files: [string, Uint8Array][] = [
    [`YH${date}.TXT`, yh(date, debits)],
    [`XJMX${date}.TXT`, xjmx(date, cash)],
    [`DKMX${date}.TXT`, dkmx(date, debits.map(([, custno, acctno, amount, , serial]) => [serial, custno, acctno, amount] as const))],
  ];
  for (const [name, bytes] of files) {
    await client.upload(`in/${name}`, bytes);
    await client.upload(`in/${name}.OK`, new Uint8Array(0));
  }
  return dk;
}
