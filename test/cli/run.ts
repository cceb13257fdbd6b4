import { main } from '../../bin/cli.ts';
import { captureIo } from '../../bin/io.ts';

/** Runs the CLI in-process, as `stbpay ...argv` would, and returns its exit code and output. */
export async function stbpay(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}
