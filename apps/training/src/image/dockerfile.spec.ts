import * as fs from 'node:fs';
import * as path from 'node:path';
import { TRAINING_ENTRY_POINT } from '@triage/pipeline';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

// No Docker engine here: the image is never built in the tests, so they lint it and check it against the pipeline's contract.
const dockerfile = fs.readFileSync(path.join(__dirname, '..', '..', 'Dockerfile'), 'utf8');

describe('the training image Dockerfile', () => {
  it('lints clean (dockerfile-utils, the linter of the VS Code Docker extension)', () => {
    expect(validate(dockerfile).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    // The same linter does object: a misspelt instruction and an ENTRYPOINT in the wrong form are found.
    const broken = dockerfile
      .replace('WORKDIR /opt/triage/training', 'WORKDRI /opt/triage/training')
      .replace('ENTRYPOINT [', 'ENTRYPOINT [[');
    expect(validate(broken).length).toBeGreaterThanOrEqual(1);
  });

  it("starts the bundle the definition's ContainerEntrypoint names, so SageMaker's `train` argument reaches it, and runs as a non-root user", () => {
    const instructions = DockerfileParser.parse(dockerfile).getInstructions();
    const last = (keyword: string) =>
      instructions
        .filter((i) => i.getKeyword() === keyword)
        .at(-1)
        ?.getArgumentsContent();
    expect(JSON.parse(last('ENTRYPOINT') ?? 'null')).toEqual(['node', TRAINING_ENTRY_POINT]);
    expect(last('USER')).toBe('node');
    expect(dockerfile).toContain(`--outfile=${TRAINING_ENTRY_POINT}`);
  });
});
