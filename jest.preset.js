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
  // Several specs start real servers (the API, Orthanc, dcmtk clients): generous on a loaded 2-core machine.
  // Nothing is timed by it; a hang still fails, just later.
  testTimeout: 180000,
};
