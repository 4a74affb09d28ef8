import { Command, CommanderError } from 'commander';
import { registerDicomFrames } from './commands/dicom-frames';
import { registerDicomInfo } from './commands/dicom-info';
import { registerGetFrame } from './commands/get-frame';
import { registerIngest } from './commands/ingest';
import { registerImport } from './commands/import';
import { registerSample } from './commands/sample';
import { registerSearch } from './commands/search';
import { registerUp } from './commands/up';
import { registerToken } from './commands/token';
import { registerAccessKey } from './commands/access-key';
import { registerAudit } from './commands/audit';
import { registerEvents } from './commands/events';
import { registerModels } from './commands/models';
import { registerPipeline } from './commands/pipeline';
import { registerPipelineDefinition } from './commands/pipeline-definition';
import { registerDemo } from './commands/demo';
import { CliError } from './support/cli-error';
import { ExitStatus } from './support/exit-status';

/** The `triage` command tree. */
export function createProgram(): Command {
  const program = new Command('triage')
    .description('triage: medical-imaging triage and continuous model improvement')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride();
  const dicom = program.command('dicom').description('inspect DICOM files');
  registerDicomInfo(dicom);
  registerDicomFrames(dicom);
  registerSample(program);
  registerUp(program);
  registerIngest(program);
  registerImport(program);
  registerSearch(program);
  registerGetFrame(program);
  registerToken(program);
  registerAccessKey(program);
  registerAudit(program);
  registerEvents(program);
  registerPipelineDefinition(registerPipeline(program));
  registerModels(program);
  registerDemo(program);
  for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
    command.exitOverride();
    command.configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error: ') ? `triage: ${s.slice(7)}` : s) });
  }
  return program;
}

/** Runs the CLI; resolves to the process exit code. Every failure is one line on stderr. */
export async function run(argv: string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ExitStatus) return error.exitCode;
    if (error instanceof CliError) {
      process.stderr.write(`triage: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`triage: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}
