// One progress line on stderr for long downloads: rewritten in place on a terminal, printed
// at most once per interval otherwise (logs stay short). Text passes through redaction.
import { redactSecrets } from './redact.js';

export interface ProgressSink {
  update(text: string): void;
  done(text?: string): void;
}

/** A sink that drops everything (libraries and tests that want silence). */
export const SILENT_PROGRESS: ProgressSink = { update: () => {}, done: () => {} };

export interface ProgressLineOptions {
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Minimum ms between lines when the stream is not a terminal. */
  readonly intervalMs?: number;
  readonly secrets?: readonly string[];
}

export class ProgressLine implements ProgressSink {
  private last = -Infinity;
  private pending = '';
  private readonly stream: NodeJS.WritableStream & { isTTY?: boolean };

  constructor(readonly label: string, private readonly options: ProgressLineOptions = {}) {
    this.stream = options.stream ?? process.stderr;
  }

  update(text: string): void {
    const line = redactSecrets(`${this.label}: ${text}`, this.options.secrets);
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${line}`);
      return;
    }
    this.pending = line;
    const now = Date.now();
    if (now - this.last >= (this.options.intervalMs ?? 2000)) {
      this.stream.write(`${line}\n`);
      this.last = now;
      this.pending = '';
    }
  }

  done(text?: string): void {
    const line = text === undefined ? this.pending : redactSecrets(`${this.label}: ${text}`, this.options.secrets);
    if (this.stream.isTTY) this.stream.write(line ? `\r\x1b[2K${line}\n` : '\n');
    else if (line) this.stream.write(`${line}\n`);
    this.pending = '';
  }
}
