import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { compilePipeline, serializePipelineDefinition, triagePipeline, type PipelineDefinitionJson } from '@triage/pipeline';
import { CliError } from '../support/cli-error';
import { registerPipelineDefinition } from './pipeline-definition';

// In process, as the other `triage pipeline` specs: program.ts registers the command under `pipeline`.
async function definition(args: string[]): Promise<{ stdout: string; stderr: string; error?: CliError }> {
  const program = new Command('triage').exitOverride();
  registerPipelineDefinition(program.command('pipeline'));
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    await program.parseAsync(['pipeline', 'definition', ...args], { from: 'user' });
    return { stdout, stderr };
  } catch (error) {
    if (error instanceof CliError) return { stdout, stderr, error };
    throw error;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('triage pipeline definition', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-definition-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints the compiled triage pipeline, byte for byte what the lib compiles', async () => {
    const run = await definition([]);
    expect(run).toEqual({ stdout: serializePipelineDefinition(compilePipeline(triagePipeline())), stderr: '' });
  });

  it('writes it to --out with other parameter defaults, role and artifacts prefix, and leaves no temporary file', async () => {
    const file = path.join(tmp, 'out', 'triage.json');
    const run = await definition([
      '--out',
      file,
      '--parameter',
      'AccuracyThreshold=0.9',
      '--parameter',
      'Architecture=small',
      '--parameter',
      'Epochs=3',
      '--role-arn',
      'arn:aws:iam::123456789012:role/triage',
      '--artifacts-uri',
      's3://bucket/runs',
    ]);
    expect(run).toEqual({ stdout: '', stderr: `wrote the pipeline definition to ${file}\n` });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['triage.json']);
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as PipelineDefinitionJson;
    const defaults = Object.fromEntries(json.Parameters.map((p) => [p.Name, p.DefaultValue]));
    expect([defaults['AccuracyThreshold'], defaults['Architecture'], defaults['Epochs'], defaults['BatchSize']]).toEqual([
      0.9,
      'small',
      3,
      32,
    ]);
    const train = json.Steps.find((s) => s.Name === 'Train');
    expect(train?.Type === 'Training' && [train.Arguments.RoleArn, train.Arguments.OutputDataConfig.S3OutputPath]).toEqual([
      'arn:aws:iam::123456789012:role/triage',
      's3://bucket/runs/Train',
    ]);
  });

  it.each([
    [['--parameter', 'Epochs=ten'], 'parameter Epochs is Integer: "ten" is not an integer'],
    [['--parameter', 'Epochs'], '--parameter "Epochs": expected Name=Value'],
    [['--parameter', 'Nope=1'], expect.stringMatching(/^no parameter Nope \(the parameters: InputDataUri, /)],
  ])('refuses %j (usage error, nothing printed)', async (args, message) => {
    const run = await definition(args);
    expect(run.stdout).toBe('');
    expect([run.error?.message, run.error?.exitCode]).toEqual([message, 2]);
  });
});
