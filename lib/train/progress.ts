// A progress line for long loops: rewritten in place on a terminal, one line every few
// seconds otherwise (logs, notebooks), with rate and ETA.
export class Progress {
  private last = 0;
  private readonly start = performance.now();

  /** `enabled` false makes every update a no-op (library use without a log). */
  constructor(private readonly label: string, private readonly total: number, private readonly enabled = true, private readonly out: NodeJS.WriteStream = process.stderr, private readonly everyMs = 5000) {}

  /** Reports `done` of total with extra fields ('loss 2.31'); `samples` feeds the rate. */
  update(done: number, fields: Record<string, string | number> = {}, samples = done): void {
    if (!this.enabled) return;
    const now = performance.now();
    const final = done >= this.total;
    if (!final && now - this.last < (this.out.isTTY ? 200 : this.everyMs)) return;
    this.last = now;
    const seconds = (now - this.start) / 1000;
    const rate = samples / Math.max(seconds, 1e-9);
    const eta = done > 0 ? (seconds / done) * (this.total - done) : NaN;
    const extra = Object.entries(fields).map(([k, v]) => `${k} ${typeof v === 'number' ? formatNumber(v) : v}`).join(' · ');
    const line = `${this.label} ${done}/${this.total} · ${formatNumber(rate)}/s · ETA ${formatSeconds(eta)}${extra ? ' · ' + extra : ''}`;
    if (this.out.isTTY) this.out.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
    else this.out.write(`${line}\n`);
  }
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : a >= 0.001 || a === 0 ? v.toFixed(3) : v.toExponential(2);
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;
}
