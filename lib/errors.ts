// The one base class for errors caused by bad input (files, formats, arguments): the CLI
// prints these as one line and exits non-zero; any other error is a bug and keeps its stack.
const BRAND = Symbol.for('matalign.InputError');

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * `e instanceof InputError` holds for input errors from any copy of this module (a module
   * loaded both as CommonJS and as ESM has two classes); subclasses keep the ordinary check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== InputError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
