// Shared jest settings: swc strips types (type checking is the build's job), and the
// "@triage/source" export condition makes workspace packages resolve to their TypeScript sources.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/?(*.)+(spec|test).ts'],
  testEnvironmentOptions: { customExportConditions: ['@triage/source', 'node', 'require', 'default'] },
  testTimeout: 60000,
};
