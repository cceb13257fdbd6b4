/** The reader.conf lines `stbpay sim` prints, indented under its "reader.conf for pcscd" header. */
export function readerConfFrom(output: string): string {
  const lines = output.split('\n');
  const header = lines.findIndex((line) => line.startsWith('reader.conf for pcscd'));
  if (header < 0) throw new Error(`no reader.conf in the output:\n${output}`);
  const conf: string[] = [];
  for (const line of lines.slice(header + 1)) {
    if (!line.startsWith('    ')) break;
    conf.push(line.slice(4));
  }
  return `${conf.join('\n')}\n`;
}

/** Response lines of scriptor ("< 90 07 : Normal processing.") as spaced hex. */
export function scriptorResponses(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('< '))
    .map((line) => line.slice(2).split(' : ')[0]!.trim());
}

/** Reader numbers as `opensc-tool -l` prints them ("0    Yes             name"). */
export function openscReaderIndex(listing: string, name: string): number {
  const line = listing.split('\n').find((l) => l.trimEnd().endsWith(name));
  const index = line ? Number(/^(\d+)\s/.exec(line)?.[1]) : NaN;
  if (!Number.isInteger(index)) throw new Error(`opensc-tool does not list "${name}":\n${listing}`);
  return index;
}
