// The one base class for errors caused by bad input (files, formats, arguments): the CLI
// prints these as one line and exits non-zero; any other error is a bug and keeps its stack.
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
