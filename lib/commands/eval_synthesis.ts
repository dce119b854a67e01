export async function runSynthesisEval(argv: string[]): Promise<number> { void argv; return 2; }
