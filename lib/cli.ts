#!/usr/bin/env node
// The `matalign` command: dispatches to lib/commands/*, loading only the one asked for.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from './errors.js';

interface Command {
  readonly summary: string;
  readonly run: (argv: string[]) => Promise<number>;
  /** The command's usage text, for `matalign <command> --help`. */
  readonly usage?: () => Promise<string>;
}

const COMMANDS: Record<string, Command> = {
  run: {
    summary: 'the main job: data → alignment training → evaluations → report (reports/<preset>/)',
    run: async (a) => (await import('./commands/run.js')).runRunCommand(a),
    usage: async () => (await import('./commands/run.js')).RUN_USAGE,
  },
  pipeline: {
    summary: 'run the data pipeline over a data folder and print what it made',
    run: async (a) => (await import('./commands/pipeline.js')).runPipelineCommand(a),
    usage: async () => (await import('./commands/pipeline.js')).PIPELINE_USAGE,
  },
  structure: {
    summary: 'per structure: formula, atoms, volume, density, space group',
    run: async (a) => (await import('./commands/structure.js')).runStructureCommand(a),
    usage: async () => (await import('./commands/structure.js')).STRUCTURE_USAGE,
  },
  xrd: {
    summary: 'powder XRD pattern of a structure: peaks (2θ, intensity, hkls)',
    run: async (a) => (await import('./commands/xrd.js')).runXrdCommand(a),
    usage: async () => (await import('./commands/xrd.js')).XRD_USAGE,
  },
  micrograph: {
    summary: 'STEM-like micrograph of a structure with a labelled point defect',
    run: async (a) => (await import('./commands/micrograph.js')).runMicrographCommand(a),
    usage: async () => (await import('./commands/micrograph.js')).MICROGRAPH_USAGE,
  },
  synthesis: {
    summary: 'synthesis recipes: counts, problems, links to structures, descriptions',
    run: async (a) => (await import('./commands/synthesis.js')).runSynthesisCommand(a),
    usage: async () => (await import('./commands/synthesis.js')).SYNTHESIS_USAGE,
  },
  train: {
    summary: 'train the aligned towers (structure, composition, text, XRD, micrograph) with InfoNCE',
    run: async (a) => (await import('./commands/train.js')).runTrainCommand(a),
  },
  embed: {
    summary: 'embeddings of every material and modality of given files with a trained run',
    run: async (a) => (await import('./commands/embed.js')).runEmbedCommand(a),
    usage: async () => (await import('./commands/embed.js')).EMBED_USAGE,
  },
  index: {
    summary: 'embed every material and modality into a searchable LanceDB index (shardable)',
    run: async (a) => (await import('./commands/index_build.js')).runIndexCommand(a),
    usage: async () => (await import('./commands/index_build.js')).INDEX_USAGE,
  },
  search: {
    summary: 'search an index with a structure, XRD scan, text, image or formula',
    run: async (a) => (await import('./commands/search.js')).runSearchCommand(a),
    usage: async () => (await import('./commands/search.js')).SEARCH_USAGE,
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
    usage: async () => (await import('./commands/graph.js')).GRAPH_USAGE,
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
  if (command.usage && rest.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(`usage: ${await command.usage()}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    const code = userErrorExitCode(e);
    if (code === null) throw e;
    process.stderr.write(`matalign ${name}: ${oneLine((e as Error).message)}\n`);
    return code;
  }
}

/** File-system conditions that are the user's to fix (a missing, unreadable or full place), not bugs. */
const FILE_SYSTEM_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EDQUOT', 'EROFS', 'EMFILE', 'ENAMETOOLONG', 'ELOOP', 'EIO', 'EFBIG', 'EPIPE']);

/** The exit code for an error caused by input or the file system (1, or 2 for usage), or null for a bug. */
export function userErrorExitCode(e: unknown): number | null {
  const err = e as Error & { code?: unknown; exitCode?: number };
  const code = typeof err?.code === 'string' ? err.code : '';
  if (code.startsWith('ERR_PARSE_ARGS')) return 2;
  if (e instanceof InputError) return err.exitCode ?? 1;
  if (FILE_SYSTEM_CODES.has(code) || code.startsWith('Z_')) return 1;
  return null;
}

const oneLine = (text: string) => text.split('\n')[0]!.trim();

/** stdout errors: a closed pipe (`| head`) ends the program quietly; a full disk is one line. */
function watchStdout(): void {
  process.stdout.on('error', (e: Error & { code?: string }) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`matalign: cannot write output: ${oneLine(e.message)}\n`);
    process.exit(1);
  });
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
  watchStdout();
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => {
      if (userErrorExitCode(e) !== null) {
        process.stderr.write(`matalign: ${oneLine((e as Error).message)}\n`);
        process.exitCode = userErrorExitCode(e)!;
      } else {
        process.stderr.write(`matalign: internal error: ${(e as Error).stack ?? e}\n`);
        process.exitCode = 70;
      }
    },
  );
}
