// Small helpers shared by the section builders.
import type { Section } from './report_types.js';

/** Heading and a one-line note for a section with no input. */
export function omittedSection(id: string, title: string, what: string): Section {
  return { id, title, blocks: [{ kind: 'note', text: `Omitted: ${what}.` }] };
}

/** File-name-safe slug of a label. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x';
}
