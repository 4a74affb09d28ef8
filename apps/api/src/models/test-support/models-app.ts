import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TokenStore, type AuditEvent, type Role } from '@triage/platform';
import { LocalModelRegistry, registryFile } from '@triage/registry';
import Fastify, { type FastifyInstance } from 'fastify';
import { auditPlugin } from '../../plugins/audit';
import { authPlugin } from '../../plugins/auth';
import { errorsPlugin } from '../../plugins/errors';
import { modelRoutes, type ModelRoutesOptions } from '../model-routes';

/** The people a models spec acts as, one bearer token each. */
export const MODEL_PEOPLE = { ada: 'admin', dana: 'data-scientist', carol: 'clinician', otto: 'auditor' } as const satisfies Record<
  string,
  Role
>;
export type ModelPerson = keyof typeof MODEL_PEOPLE;

/** The model routes as buildApp mounts them (errors, auth, audit), on loopback, over a real LocalModelRegistry. */
export interface ModelsApp {
  app: FastifyInstance;
  url: string;
  dataDir: string;
  registry: LocalModelRegistry;
  tokens: Record<ModelPerson, string>;
  /** What the audit plugin recorded so far. */
  audited: AuditEvent[];
  /** A JSON request as `who` (bearer token). */
  as(who: ModelPerson, method: string, route: string, body?: object): Promise<{ status: number; type: string | null; body: unknown }>;
  close(): Promise<void>;
}

/** Starts a {@link ModelsApp} over `dataDir` (a fresh temporary one by default, removed on close); `routes` adds route options. */
export async function startModelsApp(dataDir?: string, routes: Omit<ModelRoutesOptions, 'registry'> = {}): Promise<ModelsApp> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'triage-models-'));
  const registry = await LocalModelRegistry.open({ file: registryFile(dir) });
  const store = TokenStore.open(path.join(dir, 'auth', 'tokens.json'));
  const tokens = Object.fromEntries(Object.entries(MODEL_PEOPLE).map(([name, role]) => [name, store.issue(name, role)])) as Record<
    ModelPerson,
    string
  >;
  const audited: AuditEvent[] = [];
  const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(errorsPlugin);
  await app.register(cookie);
  await app.register(authPlugin, { authenticator: store });
  await app.register(auditPlugin, { audit: { record: (event) => void audited.push(event) } });
  await app.register(modelRoutes, { ...routes, registry });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the models app has no TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app: app as unknown as FastifyInstance,
    url,
    dataDir: dir,
    registry,
    tokens,
    audited,
    async as(who, method, route, body) {
      const response = await fetch(`${url}${route}`, {
        method,
        headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
    },
    async close() {
      await app.close();
      await registry.close();
      if (!dataDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
