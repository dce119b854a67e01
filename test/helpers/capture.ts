// Running a CLI command in-process while collecting what it writes to stdout.
/** Runs a command in-process and returns its exit code and what it wrote to stdout. */
export async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string }> {
  const write = process.stdout.write.bind(process.stdout);
  let stdout = '';
  process.stdout.write = ((chunk: string | Uint8Array) => { stdout += String(chunk); return true; }) as typeof process.stdout.write;
  try {
    return { code: await run(), stdout };
  } finally {
    process.stdout.write = write;
  }
}
