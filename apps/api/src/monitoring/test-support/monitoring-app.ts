import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LocalCatalog } from '@triage/catalog';
import { asyncModelMonitor, LocalModelMonitor, monitoringFile } from '@triage/monitoring';
import { TokenStore, type AuditEvent, type Role } from '@triage/platform';
import { LocalModelRegistry, registryFile } from '@triage/registry';
import Fastify, { type FastifyInstance } from 'fastify';
import { auditPlugin } from '../../plugins/audit';
import { authPlugin } from '../../plugins/auth';
import { errorsPlugin } from '../../plugins/errors';
import { monitoringRoutes } from '../monitoring-routes';

/** The people a monitoring spec acts as, one bearer token each. */
export const MONITORING_PEOPLE = { ada: 'admin', dana: 'data-scientist', carol: 'clinician', otto: 'auditor' } as const satisfies Record<
  string,
  Role
>;
export type MonitoringPerson = keyof typeof MONITORING_PEOPLE;

/** The monitoring routes as buildApp would mount them (errors, auth, audit), on loopback, over a real registry, catalog and monitor. */
export interface MonitoringApp {
  url: string;
  registry: LocalModelRegistry;
  catalog: LocalCatalog;
  monitor: LocalModelMonitor;
  /** What the audit plugin recorded so far. */
  audited: AuditEvent[];
  /** A GET as `who` (bearer token). */
  get(who: MonitoringPerson, route: string): Promise<{ status: number; type: string | null; body: unknown }>;
  close(): Promise<void>;
}

/** Starts a {@link MonitoringApp} over a fresh temporary data directory (removed on close), with the decision threshold given. */
export async function startMonitoringApp(threshold = 0.5): Promise<MonitoringApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-monitoring-'));
  const registry = await LocalModelRegistry.open({ file: registryFile(dir) });
  const catalog = await LocalCatalog.open({ file: path.join(dir, 'catalog', 'catalog.sqlite') });
  const monitor = LocalModelMonitor.open({ file: monitoringFile(dir) });
  const store = TokenStore.open(path.join(dir, 'auth', 'tokens.json'));
  const tokens = Object.fromEntries(Object.entries(MONITORING_PEOPLE).map(([name, role]) => [name, store.issue(name, role)])) as Record<
    MonitoringPerson,
    string
  >;
  const audited: AuditEvent[] = [];
  const app: FastifyInstance = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  await app.register(errorsPlugin);
  await app.register(cookie);
  await app.register(authPlugin, { authenticator: store });
  await app.register(auditPlugin, { audit: { record: (event) => void audited.push(event) } });
  await app.register(monitoringRoutes, { monitor: asyncModelMonitor(monitor), registry, catalog, threshold });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the monitoring app has no TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    registry,
    catalog,
    monitor,
    audited,
    async get(who, route) {
      const response = await fetch(`${url}${route}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
      const text = await response.text();
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
    },
    async close() {
      await app.close();
      monitor.close();
      await catalog.close();
      await registry.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
