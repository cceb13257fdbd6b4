import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { registerBossExceptionsCommands } from './boss-exceptions.ts';
import { registerBossFileCommands } from './boss-files.ts';
import { runBossSeed } from './boss-seed.ts';
import { bossServeAction, type BossServeOptions } from './boss-serve.ts';
import { integerOption } from './number-option.ts';

/**
 * `stbpay boss seed|serve|dk|inbox|exceptions`: the BOSS bank interface (issue 4). Returns the `boss`
 * command so that more subcommands can be registered under it.
 */
export function registerBossCommands(program: Command, io: CliIo): Command {
  const boss = program.command('boss').description('the BOSS bank interface machine: ledger, TCP bank interface, daily files');

  boss
    .command('seed')
    .description('create (or migrate) a ledger file and load the demo banks and customers into it')
    .requiredOption('--db <file>', 'the SQLite ledger file')
    .action(async (options: { db: string }) => runBossSeed(options.db, io));

  boss
    .command('serve')
    .description('serve the bank interface over TCP until SIGINT/SIGTERM; options override the config file')
    .option('--config <file>', 'JSON config file (docs/boss/server.md); every key optional')
    .option('--db <file>', 'the SQLite ledger file (config db, default boss.db)')
    .option('--host <address>', 'address to listen on (config host, default 127.0.0.1)')
    .option('--port <n>', 'TCP port, 0 for any free one (config port, default 9100)', integerOption('--port', 0, 65535))
    .option('--profile <file>', 'bank-interface profile JSON (config profile, default boss-bank/1)')
    .option('--capture <file>', 'append every frame to this JSON-lines capture (config capture)')
    .option('--log-dir <dir>', 'directory of service.log, transactions.log, batch.log (config logDir, default logs)')
    .option('--ftp <port>', 'run the FTP service of the daily files on this port, 0 for any free one (config ftp.enabled, ftp.port)', integerOption('--ftp', 0, 65535))
    .option('--ftp-root <dir>', 'the directory holding the bank homes (config ftp.root, default ftp)')
    .action(async (options: BossServeOptions) => bossServeAction(options, io));

  registerBossFileCommands(boss, io);
  registerBossExceptionsCommands(boss, io);

  return boss;
}
