import type { ParameterJson, PipelineDefinitionJson } from '../definition/pipeline-definition-json';

/**
 * The definition with other parameter defaults, each given as text (`--parameter Name=Value`) and read as its
 * parameter's type; an unknown name or a value not of the type throws, naming it.
 */
export function withParameterDefaults(json: PipelineDefinitionJson, values: Readonly<Record<string, string>>): PipelineDefinitionJson {
  const byName = new Map(json.Parameters.map((p) => [p.Name, p]));
  for (const name of Object.keys(values)) {
    if (!byName.has(name)) throw new Error(`no parameter ${name} (the parameters: ${[...byName.keys()].join(', ')})`);
  }
  return {
    ...json,
    Parameters: json.Parameters.map((p) => {
      const text = values[p.Name];
      return text === undefined ? p : ({ ...p, DefaultValue: typedValue(p, text) } as ParameterJson);
    }),
  };
}

function typedValue(parameter: ParameterJson, text: string): string | number | boolean {
  const fail = (what: string) => new Error(`parameter ${parameter.Name} is ${parameter.Type}: ${JSON.stringify(text)} is not ${what}`);
  switch (parameter.Type) {
    case 'String':
      return text;
    case 'Boolean':
      if (text !== 'true' && text !== 'false') throw fail('true or false');
      return text === 'true';
    case 'Integer': {
      if (!/^[+-]?\d+$/.test(text.trim())) throw fail('an integer');
      const value = Number(text);
      if (!Number.isSafeInteger(value)) throw fail('a safe integer');
      return value;
    }
    case 'Float': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) throw fail('a number');
      return value;
    }
  }
}
