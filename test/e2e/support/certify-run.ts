import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeRun, runProgram, type ProgramRun } from './run-program.ts';

/** The CLI as a user runs it (`npx stbpay` executes this file): a process of its own. */
const STBPAY = new URL('../../../bin/stbpay.js', import.meta.url).pathname;

/** One case as report.json gives it (conformance/framework/report.ts), the fields the tests read. */
export interface CaseResult {
  readonly id: string;
  readonly tags: readonly string[];
  readonly verdict: 'pass' | 'fail' | 'inconclusive' | 'not-applicable';
  readonly reason?: string;
  readonly target: string;
}

export interface CertifyReport {
  readonly targets: readonly { readonly kind: string; readonly name: string; readonly details: Readonly<Record<string, string>> }[];
  readonly replay: string;
  readonly results: readonly CaseResult[];
  readonly verdict: string;
}

export interface CertifyRun extends ProgramRun {
  /** report.json, parsed. */
  readonly report: CertifyReport;
  readonly certificate: string;
  /** Every file --out-dir received, by name, as text. */
  readonly files: Readonly<Record<string, string>>;
  /** The run and the certificate, for an assertion message. */
  readonly shown: string;
}

/**
 * Runs `stbpay certify ARGS --out-dir outDir` in a child process (killed after `timeoutMs`) and reads
 * what it wrote. A run that wrote no report.json throws, with the run's output.
 */
export async function runCertify(args: readonly string[], outDir: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CertifyRun> {
  const run = await runProgram(process.execPath, [STBPAY, 'certify', ...args, '--out-dir', outDir], { env: options.env, timeoutMs: options.timeoutMs ?? 15_000 });
  const shown = describeRun(`stbpay certify ${args.join(' ')}`, run);
  let names: string[];
  try {
    names = await readdir(outDir);
  } catch (error) {
    throw new Error(`${shown}\n(no --out-dir written: ${String(error)})`, { cause: error });
  }
  const files: Record<string, string> = {};
  for (const name of names) files[name] = await readFile(join(outDir, name), 'utf8');
  if (files['report.json'] === undefined) throw new Error(`${shown}\n(no report.json among ${names.join(', ')})`);
  const report = JSON.parse(files['report.json']) as CertifyReport;
  const certificate = files['certificate.md'] ?? '';
  return { ...run, report, certificate, files, shown: `${shown}\n--- certificate.md\n${certificate}` };
}

/** The case results whose tags include `tag`. */
export function casesTagged(report: CertifyReport, tag: string): CaseResult[] {
  return report.results.filter((result) => result.tags.includes(tag));
}

/** `id verdict (reason)` per case, to compare or show. */
export function verdictLines(results: readonly CaseResult[]): string[] {
  return results.map((r) => `${r.id} ${r.verdict}${r.reason ? ` (${r.reason})` : ''}`);
}

/**
 * How a code could show in a report: as typed (`--psc 5AC396`, either case) or as bytes (`5A C3 96`);
 * and, as bytes, every code derived from it that would give it away too (conformance/reader/
 * redaction.ts): one bit or one whole byte flipped (a wrong code the suite presents) and every byte
 * XORed with one value (a code the suite changes it to and back).
 */
export function codeSpellings(code: Uint8Array): string[] {
  const derived: Uint8Array[] = [];
  for (let bit = 0; bit < code.length * 8; bit++) derived.push(flipped(code, bit >> 3, 1 << (bit & 7)));
  for (let index = 0; index < code.length; index++) derived.push(flipped(code, index, 0xff));
  for (let mask = 0; mask < 256; mask++) derived.push(code.map((b) => b ^ mask));
  const typed = hexDigits(code).join('');
  return [typed.toUpperCase(), typed.toLowerCase(), ...new Set(derived.map((bytes) => hexDigits(bytes).join(' ').toUpperCase()))];
}

function flipped(code: Uint8Array, index: number, mask: number): Uint8Array {
  const copy = code.slice();
  copy[index]! ^= mask;
  return copy;
}

function hexDigits(bytes: Uint8Array): string[] {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0'));
}

/** The texts (file name → content) in which any spelling of `code` or a neighbour occurs, with the spelling. */
export function codeLeaks(texts: Readonly<Record<string, string>>, code: Uint8Array): string[] {
  const spellings = codeSpellings(code);
  return Object.entries(texts).flatMap(([name, text]) => spellings.filter((s) => text.includes(s)).map((s) => `${name}: "${s}"`));
}
