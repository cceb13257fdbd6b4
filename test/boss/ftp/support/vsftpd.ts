import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';

/**
 * vsftpd as a real FTP server in front of a bank home, started unprivileged: it runs as whoever
 * launches it (`run_as_launching_user`), serves one anonymous account whose root is the bank home,
 * on 127.0.0.1, a free port and a free passive range. Uploads are 0644 (`anon_umask=022`) and may
 * be downloaded again (`anon_world_readable_only=NO`). Without chroot the client sees the absolute
 * home as its directory, so clients use relative paths (`in/…`, `out/…`). [research bank_grid_pay §3.4]
 */
export const VSFTPD = '/usr/sbin/vsftpd';

export const VSFTPD_MISSING = `${VSFTPD} is not installed; .ci/run installs it (apt package vsftpd)`;

export function vsftpdInstalled(): boolean {
  return existsSync(VSFTPD);
}

export interface RunningVsftpd {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startVsftpd(options: { anonRoot: string; workDir: string }): Promise<RunningVsftpd> {
  const host = '127.0.0.1';
  const port = await freePort(host);
  const pasv = await freeRange(host, 4);
  const empty = join(options.workDir, 'empty');
  await mkdir(empty, { recursive: true });
  const config = join(options.workDir, 'vsftpd.conf');
  await writeFile(
    config,
    [
      'listen=YES',
      'listen_ipv6=NO',
      `listen_address=${host}`,
      `listen_port=${port}`,
      'background=NO',
      'run_as_launching_user=YES',
      'anonymous_enable=YES',
      `anon_root=${options.anonRoot}`,
      'no_anon_password=YES',
      'write_enable=YES',
      'anon_upload_enable=YES',
      'anon_other_write_enable=YES',
      'anon_umask=022',
      'anon_world_readable_only=NO',
      'local_enable=NO',
      'pasv_enable=YES',
      `pasv_address=${host}`,
      `pasv_min_port=${pasv}`,
      `pasv_max_port=${pasv + 3}`,
      'seccomp_sandbox=NO',
      `secure_chroot_dir=${empty}`,
      'xferlog_enable=NO',
      `vsftpd_log_file=${join(options.workDir, 'vsftpd.log')}`,
      'ftp_username=nobody',
      '',
    ].join('\n'),
  );
  const child = spawn(VSFTPD, [config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitListening(host, port, child, exited, () => output);
  return {
    host,
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A port nobody listens on now: bind port 0, read it, close. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The first of `size` consecutive free ports, tried from a port the system hands out. */
async function freeRange(host: string, size: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const start = await freePort(host);
    if (start + size > 65535) continue;
    const free = await Promise.all(Array.from({ length: size }, (_, i) => canBind(host, start + i)));
    if (free.every(Boolean)) return start;
  }
  throw new Error(`no ${size} consecutive free ports on ${host}`);
}

function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

async function waitListening(host: string, port: number, child: ChildProcess, exited: Promise<number | null>, output: () => string): Promise<void> {
  const deadline = Date.now() + 5000;
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`vsftpd exited at start (code ${child.exitCode}): ${output().trim()}`);
    if (await accepts(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`vsftpd did not listen on ${host}:${port} within 5 s: ${output().trim()}`);
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
