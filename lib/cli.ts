#!/usr/bin/env node
// The `matalign` command: dispatches to lib/commands/*, loading only the one asked for.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from './errors.js';

interface Command {
  readonly summary: string;
  readonly run: (argv: string[]) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  pipeline: {
    summary: 'run the data pipeline over a data folder and print what it made',
    run: async (a) => (await import('./commands/pipeline.js')).runPipelineCommand(a),
  },
  structure: {
    summary: 'per structure: formula, atoms, volume, density, space group',
    run: async (a) => (await import('./commands/structure.js')).runStructureCommand(a),
  },
  xrd: {
    summary: 'powder XRD pattern of a structure: peaks (2θ, intensity, hkls)',
    run: async (a) => (await import('./commands/xrd.js')).runXrdCommand(a),
  },
  micrograph: {
    summary: 'STEM-like micrograph of a structure with a labelled point defect',
    run: async (a) => (await import('./commands/micrograph.js')).runMicrographCommand(a),
  },
  synthesis: {
    summary: 'synthesis recipes: counts, problems, links to structures, descriptions',
    run: async (a) => (await import('./commands/synthesis.js')).runSynthesisCommand(a),
  },
  train: {
    summary: 'train the aligned towers (structure, composition, text, XRD, micrograph) with InfoNCE',
    run: async (a) => (await import('./commands/train.js')).runTrainCommand(a),
  },
  embed: {
    summary: 'embeddings of every material and modality of given files with a trained run',
    run: async (a) => (await import('./commands/embed.js')).runEmbedCommand(a),
  },
  eval: {
    summary: 'evaluate a trained run: retrieval, property, synthesis, defects',
    run: async (a) => (await import('./commands/eval.js')).runEvalCommand(a),
  },
  data: {
    summary: 'fill data/ from a mirror, or download from OPTIMADE, Materials Project, NIST WebBook',
    run: async (a) => (await import('./commands/data.js')).runDataCommand(a),
  },
  graph: {
    summary: 'periodic neighbours of every site within a cutoff',
    run: async (a) => (await import('./commands/graph.js')).runGraphCommand(a),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `usage: matalign <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nmatalign <command> --help for a command's options\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`matalign: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    const err = e as Error & { code?: string; exitCode?: number };
    const argError = typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS');
    if (e instanceof InputError || argError) {
      process.stderr.write(`matalign ${name}: ${err.message}\n`);
      return err.exitCode ?? (argError ? 2 : 1);
    }
    throw e;
  }
}

/** True when this file is the program (also through the npm bin link), not an import. */
function invokedDirectly(): boolean {
  try {
    return Boolean(process.argv[1]) && realpathSync(process.argv[1]!) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => { process.stderr.write(`matalign: internal error: ${(e as Error).stack ?? e}\n`); process.exitCode = 70; },
  );
}
