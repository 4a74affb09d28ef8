import type { Door } from './doors/outcome';
import { DOORS } from './doors/outcome';
import type { FuzzOptions } from './run-fuzz';

/** The usage line of `npm run fuzz`. */
export const USAGE = `usage: npm run fuzz -- [--seed N] [--count N] [--start N] [--doors stow,cstore,import] [--only I,J] [--write-failures DIR]
                     [--deadline-ms MS] [--cstore-client raw|storescu] [--url URL --token TOKEN [--dimse HOST:PORT[:AE]]]`;

/** Parses the command line; throws with the usage on anything it does not know. */
export function parseOptions(argv: string[]): FuzzOptions {
  const options: FuzzOptions = { seed: 1, count: 300, doors: [...DOORS] };
  const int = (name: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a whole number, got ${value}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    i++;
    if (flag === '--seed') options.seed = int(flag, value);
    else if (flag === '--count') options.count = int(flag, value);
    else if (flag === '--start') options.start = int(flag, value);
    else if (flag === '--deadline-ms') options.deadlineMs = int(flag, value);
    else if (flag === '--only') options.only = (value ?? '').split(',').map((v) => int(flag, v));
    else if (flag === '--write-failures') options.writeFailures = value;
    else if (flag === '--url') options.url = value;
    else if (flag === '--cstore-client') {
      if (value !== 'raw' && value !== 'storescu') throw new Error(`--cstore-client takes raw or storescu, got ${value}\n${USAGE}`);
      options.cstoreClient = value;
    } else if (flag === '--token') options.token = value;
    else if (flag === '--doors') {
      const doors = (value ?? '').split(',').filter(Boolean);
      const unknown = doors.filter((d) => !(DOORS as readonly string[]).includes(d));
      if (doors.length === 0 || unknown.length > 0) throw new Error(`--doors takes ${DOORS.join(',')}, got ${value}\n${USAGE}`);
      options.doors = doors as Door[];
    } else if (flag === '--dimse') {
      const match = /^([^:]+):(\d+)(?::(.+))?$/.exec(value ?? '');
      if (!match) throw new Error(`--dimse takes HOST:PORT[:AE], got ${value}\n${USAGE}`);
      options.dimse = { host: match[1] as string, port: Number(match[2]), aeTitle: match[3] ?? 'TRIAGE' };
    } else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  if (options.url && !options.token) throw new Error(`--url needs --token\n${USAGE}`);
  return options;
}
