// Errors of remote data sources: the server refused or failed (SourceError), or answered
// with something that is not in the provider's format (ResponseFormatError). Both are input
// errors: the CLI prints them as one line. Messages never hold secrets (see redact.ts).
import { InputError } from '../../errors.js';

/** The request failed: network error, HTTP error status, or retries exhausted. */
export class SourceError extends InputError {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** The server answered, but the body is not what the provider's format promises. */
export class ResponseFormatError extends InputError {
  constructor(message: string) {
    super(message);
  }
}

/** First `max` characters of a body, on one line, for an error message. */
export function bodySnippet(body: string, max = 80): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
