/** Where a command writes, and the exit code it leaves; tests pass their own to capture output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  exitCode: number;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  exitCode: 0,
};

export function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    exitCode: 0,
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}
