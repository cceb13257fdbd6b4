import { flagNameFor } from '../../../src/boss/codec/daily-file.ts';
import { IN_DIR } from '../file-drop.ts';
import type { FileDeliveryContext, FileOutcome, FileStep } from './types.ts';

/** Writes through a persona's FileDrop, recording each write with its clock time. */
export class FileSteps {
  readonly steps: FileStep[] = [];
  private readonly dir: string;

  constructor(private readonly context: FileDeliveryContext) {
    this.dir = context.dir ?? IN_DIR;
  }

  /** Puts `bytes` (default: the context's file) under the file's name. */
  async file(bytes: Uint8Array = this.context.file.bytes): Promise<void> {
    await this.put(`${this.dir}/${this.context.file.name}`, bytes);
  }

  /** Puts the empty `.OK` flag beside the file. [bank-interface §7] */
  async flag(): Promise<void> {
    await this.put(`${this.dir}/${flagNameFor(this.context.profile, this.context.file.name)}`, new Uint8Array(0));
  }

  outcome(persona: string, findings: Record<string, string | number | boolean> = {}): FileOutcome {
    return { persona, steps: this.steps, findings };
  }

  private async put(path: string, bytes: Uint8Array): Promise<void> {
    await this.context.drop.put(path, bytes);
    this.steps.push({ path, bytes, at: this.context.clock.now() });
  }
}
