/**
 * The benchmarks' baseline: a raw TCP server with the BOSS framing (6-digit length prefix) that sends
 * every frame straight back. Whatever the BOSS does beyond framing and a socket round trip is what
 * its ratio to this server measures. Run as a child process: prints `listening on HOST:PORT`.
 */
import { createServer } from 'node:net';
import { encodeFrame, FrameDecoder } from '../../src/boss/codec/frame.ts';
import { defaultProfile } from '../../src/boss/profile/load.ts';

const framing = defaultProfile().framing;
const server = createServer((socket) => {
  socket.setNoDelay(true);
  const decoder = new FrameDecoder(framing);
  socket.on('data', (chunk: Buffer) => {
    for (const body of decoder.push(chunk)) socket.write(encodeFrame(framing, body));
  });
  socket.on('error', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`listening on 127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
