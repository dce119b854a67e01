// Keeps API keys out of every message, URL and log line the sources produce.

/** Query parameters whose values are secrets wherever they appear. */
const SECRET_PARAMS = /([?&](?:api[_-]?key|apikey|key|token|access_token)=)[^&#\s]*/gi;
/** Header-like "X-API-KEY: value" fragments. */
const SECRET_HEADERS = /((?:x-api-key|authorization)\s*[:=]\s*)\S+/gi;

/** The text with every given secret and every secret-looking parameter replaced by ***. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 4) out = out.split(s).join('***');
  }
  return out.replace(SECRET_PARAMS, '$1***').replace(SECRET_HEADERS, '$1***');
}
