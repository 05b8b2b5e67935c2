import { readEntries } from './scripts/entries.mjs';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  entryPoints: Object.values(readEntries()),
  out: 'docs/api',
  tsconfig: 'tsconfig.build.json',
  disableSources: true,
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
  name: 'crmkit',
  readme: 'README.md',
  treatWarningsAsErrors: true,
  excludePrivate: true,
  excludeInternal: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  projectDocuments: ['docs/*.md'],
  highlightLanguages: ['typescript', 'javascript', 'json', 'bash', 'sh', 'sql', 'diff', 'text'],
};
