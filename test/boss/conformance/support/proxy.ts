import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** How the proxy misbehaves. */
export interface ProxyPersona {
  /** When the BOSS closes, the bank's side stays open (a BOSS that forgets to close). */
  readonly keepOpenAfterBossCloses?: boolean;
}

export interface RunningProxy {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 in front of the BOSS, passing bytes both ways, bent by `persona`. */
export async function startProxy(upstream: { host: string; port: number }, persona: ProxyPersona): Promise<RunningProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((bank) => {
    const boss = connect(upstream);
    for (const s of [bank, boss]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    bank.on('data', (chunk) => boss.write(chunk));
    boss.on('data', (chunk) => bank.write(chunk));
    bank.on('close', () => boss.destroy());
    boss.on('close', () => {
      if (!persona.keepOpenAfterBossCloses) bank.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
