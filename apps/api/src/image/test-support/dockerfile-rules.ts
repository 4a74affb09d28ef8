import { DockerfileParser } from 'dockerfile-ast';
import type { Instruction } from 'dockerfile-ast';

/**
 * hadolint is not packaged for Debian (bookworm/trixie: `apt-cache policy hadolint` finds none), so the images are
 * linted by dockerfile-utils (the VS Code Docker extension's linter: syntax, instruction forms, flags) and by these
 * rules, hadolint's Dockerfile rules that matter for our images, under hadolint's numbers so a reader can look
 * each one up. Shell-script checks (hadolint's SC*, from ShellCheck) are not reproduced.
 */
export const DOCKERFILE_RULES = {
  DL3000: 'use absolute WORKDIR',
  DL3002: 'the last USER must not be root (and a USER must be set: an image runs as root by default)',
  DL3004: 'do not use sudo',
  DL3006: 'always tag the version of an image explicitly',
  DL3007: 'using latest is prone to errors if the image ever updates',
  DL3020: 'use COPY instead of ADD for files and folders',
  DL3022: 'COPY --from should reference a previously defined FROM alias',
  DL3023: 'COPY --from cannot reference its own FROM alias',
  DL3024: 'FROM aliases (stage names) must be unique',
  DL3025: 'use arguments JSON notation for CMD and ENTRYPOINT',
  DL3029: 'do not use --platform with FROM',
  DL3057: 'HEALTHCHECK instruction missing (in the final stage; HEALTHCHECK NONE says so on purpose)',
  DL4000: 'MAINTAINER is deprecated',
  DL4003: 'multiple CMD instructions in a stage',
  DL4004: 'multiple ENTRYPOINT instructions in a stage',
  NPM01: 'npm install resolves versions anew: install from the lockfile with npm ci',
} as const;

/** A rule's code. */
export type DockerfileRule = keyof typeof DOCKERFILE_RULES;

/** One finding: the rule and the 1-based line it is on. */
export interface DockerfileFinding {
  rule: DockerfileRule;
  line: number;
}

/** A build stage: its FROM (the image with the global ARGs' defaults substituted) and its instructions. */
export interface DockerfileStage {
  image: string;
  alias?: string;
  line: number;
  instructions: Instruction[];
}

/** An instruction's arguments with its flags (`getArgumentsContent` leaves flags out), continuation lines joined. */
export function instructionText(instruction: Instruction): string {
  return instruction.toString().slice(instruction.getInstruction().length).trim();
}

/** The stages of a Dockerfile, the global ARGs' defaults substituted into each FROM. */
export function dockerfileStages(text: string): DockerfileStage[] {
  const dockerfile = DockerfileParser.parse(text);
  const defaults = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) defaults.set(property.getName(), property.getValue() ?? '');
  }
  const stages: DockerfileStage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const [image = '', as, alias] = instructionText(instruction)
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'));
      stages.push({
        image: image.replace(/\$\{?(\w+)\}?/g, (_, name: string) => defaults.get(name) ?? ''),
        alias: as?.toUpperCase() === 'AS' ? alias : undefined,
        line: instruction.getRange().start.line + 1,
        instructions: [instruction],
      });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The findings of {@link DOCKERFILE_RULES} on a Dockerfile, in line order. */
export function lintDockerfile(text: string): DockerfileFinding[] {
  const findings: DockerfileFinding[] = [];
  const stages = dockerfileStages(text);
  const at = (rule: DockerfileRule, instruction: Instruction) => findings.push({ rule, line: instruction.getRange().start.line + 1 });
  const aliases: string[] = [];
  stages.forEach((stage, index) => {
    const [from] = stage.instructions;
    const reference = aliases.includes(stage.image);
    if (!reference && stage.image !== 'scratch') {
      const [, tag] = /^[^@]*?(?::([^:/@]+))?(@sha256:[0-9a-f]{64})?$/.exec(stage.image) ?? [];
      const digest = stage.image.includes('@sha256:');
      if (tag === undefined && !digest) at('DL3006', from);
      if (tag === 'latest') at('DL3007', from);
    }
    if (/(^|\s)--platform[=\s]/.test(instructionText(from))) at('DL3029', from);
    if (stage.alias !== undefined) {
      if (aliases.includes(stage.alias)) at('DL3024', from);
      aliases.push(stage.alias);
    }
    const count = { CMD: 0, ENTRYPOINT: 0 };
    for (const instruction of stage.instructions.slice(1)) {
      const keyword = instruction.getKeyword();
      const args = instructionText(instruction);
      if (keyword === 'WORKDIR' && !args.startsWith('/') && !args.startsWith('$')) at('DL3000', instruction);
      if (keyword === 'RUN' && /(^|[;&|]\s*)sudo\s/.test(args)) at('DL3004', instruction);
      if (keyword === 'RUN' && /\bnpm\s+(install|i)\b/.test(args)) at('NPM01', instruction);
      if (keyword === 'ADD' && !/^(\S+\s+)*(https?:\/\/|\S+\.(tar|tgz|tar\.gz|tar\.xz|tar\.bz2))/.test(args)) at('DL3020', instruction);
      if (keyword === 'MAINTAINER') at('DL4000', instruction);
      if (keyword === 'COPY') {
        const source = /--from=(\S+)/.exec(args)?.[1];
        if (source !== undefined && source === stage.alias) at('DL3023', instruction);
        else if (source !== undefined && !/^\d+$/.test(source) && !aliases.includes(source) && !source.includes(':'))
          at('DL3022', instruction);
      }
      if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
        count[keyword] += 1;
        if (count[keyword] === 2) at(keyword === 'CMD' ? 'DL4003' : 'DL4004', instruction);
        if (!args.trimStart().startsWith('[')) at('DL3025', instruction);
      }
    }
    if (index === stages.length - 1) {
      const users = stage.instructions.filter((i) => i.getKeyword() === 'USER');
      const user = users.at(-1)?.getArgumentsContent()?.split(':')[0];
      if (user === undefined || user === 'root' || user === '0') at('DL3002', users.at(-1) ?? from);
      if (!stage.instructions.some((i) => i.getKeyword() === 'HEALTHCHECK')) at('DL3057', from);
    }
  });
  return findings.sort((a, b) => a.line - b.line);
}
