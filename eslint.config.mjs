import nx from '@nx/eslint-plugin';

/**
 * Layering of docs/ARCHITECTURE.md: apps on libs, never the reverse; a lib only on libs below it.
 * type:util (dicom, codec, platform, dicomweb, sample-data) < type:data (healthimaging, catalog, events, registry)
 * < type:feature (model, pipeline, aws-constructs) < type:app. Tools (benchmarks, workspace scripts) use libs,
 * never apps, and no app or lib depends on a tool.
 */
export const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data', 'type:util'] },
  // Tools (benchmarks) run on the test data and the test helpers; nothing shipped does.
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:feature', 'type:data', 'type:util', 'type:tool', 'type:test'] },
  { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:feature', 'type:data', 'type:util', 'type:test'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data', 'type:util'] },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:data', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/coverage', '**/jest.config.*', 'data/**'] },
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints,
        },
      ],
    },
  },
  {
    // Tests may use the test-support lib and the test data at any layer: neither is a runtime dependency.
    files: ['**/*.spec.ts', '**/test-support/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: depConstraints.map((c) => ({
            ...c,
            onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:test'])],
          })),
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Declarations for untyped packages travel with the file that imports them, so an app that
      // compiles a lib from source (the @triage/source condition) sees them too.
      '@typescript-eslint/triple-slash-reference': ['error', { path: 'always', types: 'prefer-import', lib: 'always' }],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits (or one handed to a callback that expects a plain
    // value) loses its errors silently; in a server that is a request answered wrong or never.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
];
