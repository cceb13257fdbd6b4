// Loopback peers for making the capture fixtures (see README.md): a server that answers each §8
// request frame with its §8 answer byte for byte, and a client that sends the §8 requests, some
// split across TCP segments. Plain Node (no dependencies) so that it runs with `node peers.mjs`.
//   node peers.mjs server HOST PORT      serves until killed
//   node peers.mjs client HOST PORT      runs the scenario and exits
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';

const examples = JSON.parse(readFileSync(new URL('../boss-bank-1-examples.json', import.meta.url), 'utf8'));
const frame = (id) => Buffer.from(examples.frames.find((f) => f.id === id).hex.replace(/ /g, ''), 'hex');
const answers = new Map([
  [frame('query').toString('latin1'), frame('query-answer')],
  [frame('payment').toString('latin1'), frame('payment-answer')],
]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const [mode, host, portText] = process.argv.slice(2);
const port = Number(portText);

if (mode === 'server') {
  createServer((socket) => {
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    socket.on('data', async (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 6) {
        const length = Number(buffer.subarray(0, 6).toString('latin1'));
        if (buffer.length < 6 + length) break;
        const request = buffer.subarray(0, 6 + length);
        buffer = buffer.subarray(6 + length);
        const answer = answers.get(request.toString('latin1'));
        if (!answer) return socket.destroy();
        // the query's answer goes out in two segments
        if (answer.length > 100) {
          socket.write(answer.subarray(0, 40));
          await sleep(30);
          socket.write(answer.subarray(40));
        } else socket.write(answer);
      }
    });
    socket.on('end', () => socket.end());
  }).listen(port, host, () => console.log(`listening on ${host}:${port}`));
} else {
  const exchange = async (socket, pieces) => {
    const want = answers.get(Buffer.concat(pieces).toString('latin1'));
    let got = Buffer.alloc(0);
    const done = new Promise((resolve) => {
      const onData = (chunk) => {
        got = Buffer.concat([got, chunk]);
        if (got.length >= want.length) {
          socket.off('data', onData);
          resolve();
        }
      };
      socket.on('data', onData);
    });
    for (const [i, piece] of pieces.entries()) {
      if (i > 0) await sleep(30);
      socket.write(piece);
    }
    await done;
    if (!got.equals(want)) throw new Error(`unexpected answer ${got.toString('latin1')}`);
  };
  const open = () =>
    new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => resolve(socket));
      socket.setNoDelay(true);
      socket.once('error', reject);
    });
  const close = (socket) => new Promise((resolve) => socket.end(() => socket.once('close', resolve)));
  const query = frame('query');
  const payment = frame('payment');
  // connection 1: the query in two segments (split inside the body), then the payment whole
  const first = await open();
  await exchange(first, [query.subarray(0, 20), query.subarray(20)]);
  await exchange(first, [payment]);
  await close(first);
  // connection 2: the payment in three segments, the first cutting the length prefix
  const second = await open();
  await exchange(second, [payment.subarray(0, 3), payment.subarray(3, 30), payment.subarray(30)]);
  await close(second);
  console.log('client done');
}
