import { runProgram, type ProgramRun } from './run-program.ts';
import { openscReaderIndex, scriptorResponses } from './sim-output.ts';

/**
 * Sends `apdus` with `opensc-tool -s` to the reader named `readerName`, found by its number in
 * `opensc-tool -l`. `-c default` keeps OpenSC from trying its card drivers first (it has none for
 * memory cards). The run's stdout has its whitespace folded to single spaces, for matching.
 */
export async function openscSend(env: NodeJS.ProcessEnv, readerName: string, apdus: readonly string[]): Promise<ProgramRun & { readonly text: string }> {
  const listing = await runProgram('opensc-tool', ['-l'], { env });
  const reader = openscReaderIndex(listing.stdout, readerName);
  const run = await runProgram('opensc-tool', ['-r', String(reader), '-c', 'default', ...apdus.flatMap((apdu) => ['-s', apdu])], { env });
  return { ...run, text: run.stdout.replace(/\s+/g, ' ') };
}

/** Runs `apdus` through `scriptor -r readerName`; `responses` are its answers as spaced hex. */
export async function scriptorSend(env: NodeJS.ProcessEnv, readerName: string, apdus: readonly string[]): Promise<ProgramRun & { readonly responses: string[] }> {
  const run = await runProgram('scriptor', ['-r', readerName], { env, input: `${apdus.join('\n')}\n` });
  return { ...run, responses: scriptorResponses(run.stdout) };
}
