// Lints one import statement as if it were written in FILE, with the workspace's ESLint config;
// prints the messages as JSON. Run in its own process because ESLint loads its flat config with import().
import { ESLint } from 'eslint';

const [file, code] = process.argv.slice(2);
const eslint = new ESLint({
  cwd: process.cwd(),
  // FILE does not exist, so the TypeScript project service cannot type it: the boundary rule needs no
  // types, and the type-aware rules are switched off for this one text.
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/await-thenable': 'off',
    },
  },
});
const [result] = await eslint.lintText(code, { filePath: file });
process.stdout.write(JSON.stringify(result.messages.map((m) => ({ rule: m.ruleId, message: m.message }))));
