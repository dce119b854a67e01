// Debian's headless chromium for checking generated HTML in a real browser.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Path of chromium when installed, else null (the browser tests then skip). */
export function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser']) {
    const which = spawnSync('which', [name], { encoding: 'utf8' });
    if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  }
  return null;
}

/** Runs headless chromium with a fresh profile (offline, no sync or updates) and the given arguments. */
export function runChromium(chromium: string, args: string[]): { stdout: string; stderr: string } {
  const profile = mkdtempSync(join(tmpdir(), 'matalign-chromium-'));
  try {
    const result = spawnSync(chromium, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0', ...args,
    ], { encoding: 'utf8', timeout: 90000, maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw result.error;
    return { stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export interface PageCheck {
  /** Inline SVG charts in the rendered DOM: width attribute and whether they draw marks. */
  readonly charts: { width: number; drawn: boolean }[];
  /** Console errors, blocked resources and failed loads chromium logged. */
  readonly consoleErrors: string[];
}

/** Loads an HTML file in chromium and reports its charts and console errors. */
export function checkPage(chromium: string, htmlPath: string): PageCheck {
  const dom = runChromium(chromium, ['--dump-dom', `file://${htmlPath}`]);
  const charts = [...dom.stdout.matchAll(/<svg\b([^>]*)>([\s\S]*?)<\/svg>/g)].map(([, attrs, body]) => ({
    width: Number(/width="([\d.]+)"/.exec(attrs!)?.[1] ?? 0),
    drawn: /<path|<rect|<line/.test(body!),
  }));
  const consoleErrors = dom.stderr.split('\n').filter((l) => /CONSOLE|Uncaught|Refused to|Failed to load|net::ERR/.test(l));
  return { charts, consoleErrors };
}
