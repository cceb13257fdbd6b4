// Makes proxy-capture.jsonl: `stbpay boss capture` (startBossCapture, the command's body) between the
// loopback peers of peers.mjs. Run from the repository root: npx tsx vectors/boss/captures/make-jsonl.mts
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBossCapture } from '../../../bin/commands/boss-capture.ts';
import { captureIo } from '../../../bin/io.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = `${here}proxy-capture.jsonl`;
rmSync(out, { force: true });
const run = (args: string[]) => spawn(process.execPath, [`${here}peers.mjs`, ...args], { stdio: 'inherit' });
const server = run(['server', '127.0.0.1', '19100']);
await new Promise((resolve) => setTimeout(resolve, 500));
const io = captureIo();
const capture = await startBossCapture({ listen: '127.0.0.1:19101', target: '127.0.0.1:19100', out }, io);
const client = run(['client', '127.0.0.1', '19101']);
await new Promise((resolve) => client.once('exit', resolve));
await new Promise((resolve) => setTimeout(resolve, 200));
await capture.stop();
server.kill();
process.stdout.write(io.stdout);
