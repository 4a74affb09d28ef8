/** An execution and its steps as GET /api/pipelines/executions/:id answers them (the fields the specs read). */
export interface ExecutionAnswer {
  execution: { PipelineExecutionArn: string; PipelineExecutionStatus: string; FailureReason?: string };
  steps: {
    StepName: string;
    StepStatus: string;
    AttemptCount: number;
    FailureReason?: string;
    StartTime?: string;
    EndTime?: string;
    Progress?: { phase: string };
  }[];
}

/** A JSON request to the API with a bearer token; throws on an answer other than `expected`. */
export async function apiJson<T>(baseUrl: string, token: string, method: string, path: string, body?: object, expected = 200): Promise<T> {
  const answer = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': 'application/json' }) },
    ...(body && { body: JSON.stringify(body) }),
  });
  const text = await answer.text();
  if (answer.status !== expected) throw new Error(`${method} ${path} answered ${answer.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** One execution with its steps. */
export function describeExecution(baseUrl: string, token: string, id: string): Promise<ExecutionAnswer> {
  return apiJson<ExecutionAnswer>(baseUrl, token, 'GET', `/api/pipelines/executions/${id}`);
}

/**
 * Polls the execution until `done` says so, every 250 ms, at most `limitMs` (then throws with what it saw last: a
 * bound on the wait, not a timing assertion).
 */
export async function pollExecution(
  baseUrl: string,
  token: string,
  id: string,
  done: (answer: ExecutionAnswer) => boolean,
  limitMs: number,
): Promise<ExecutionAnswer> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const answer = await describeExecution(baseUrl, token, id);
    if (done(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`gave up after ${limitMs} ms waiting on execution ${id}: ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A text answer (a step log) with a bearer token; throws unless 200. */
export async function apiText(baseUrl: string, token: string, path: string): Promise<string> {
  const answer = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await answer.text();
  if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${text}`);
  return text;
}
