import { readFileSync } from 'node:fs';
import { GlossarySchema, type Glossary } from '../domain/glossary.ts';
import { templatesUrl } from './templates.ts';

/** The embedded glossary (templates/glossary.json), read and checked once. */
export function loadGlossary(): Glossary {
  loaded ??= GlossarySchema.parse(JSON.parse(readFileSync(templatesUrl('glossary.json'), 'utf8')));
  return loaded;
}

// --- internal ---

let loaded: Glossary | undefined;
