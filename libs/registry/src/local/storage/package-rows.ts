import type {
  Actor,
  ModelApprovalStatus,
  ModelPackage,
  ModelPackageArn,
  ModelPackageGroup,
  ModelPackageGroupName,
  ModelPackageStatus,
} from '../../model-registry';
import type { RegistryDb } from './open-registry-db';

/** A row of the packages table, with whether it serves now (joined from serving_now). */
export interface PackageRow {
  group_name: string;
  version: number;
  arn: string;
  status: string;
  approval_status: string;
  model_data_url: string;
  image_uri: string;
  description: string | null;
  metrics: string;
  lineage: string;
  customer_metadata: string;
  created_at: string;
  registered_by: string;
  approval_description: string | null;
  approved_by: string | null;
  serving: number;
}

interface GroupRow {
  name: string;
  arn: string;
  description: string | null;
  created_at: string;
}

const SELECT_PACKAGE = `SELECT p.*, (s.version IS NOT NULL) AS serving FROM packages p
  LEFT JOIN serving_now s ON s.group_name = p.group_name AND s.version = p.version`;

/** The package as the port shows it. */
export function packageOf(row: PackageRow): ModelPackage {
  const pkg: ModelPackage = {
    arn: row.arn as ModelPackageArn,
    groupName: row.group_name,
    version: row.version,
    status: row.status as ModelPackageStatus,
    approvalStatus: row.approval_status as ModelApprovalStatus,
    modelDataUrl: row.model_data_url,
    imageUri: row.image_uri,
    metrics: JSON.parse(row.metrics) as ModelPackage['metrics'],
    lineage: JSON.parse(row.lineage) as ModelPackage['lineage'],
    customerMetadata: JSON.parse(row.customer_metadata) as Record<string, string>,
    createdAt: row.created_at,
    registeredBy: JSON.parse(row.registered_by) as Actor,
    promoted: row.serving === 1,
  };
  if (row.description !== null) pkg.description = row.description;
  if (row.approval_description !== null) pkg.approvalDescription = row.approval_description;
  if (row.approved_by !== null) pkg.approvedBy = JSON.parse(row.approved_by) as Actor;
  return pkg;
}

/** The group as the port shows it. */
export function groupOf(row: GroupRow): ModelPackageGroup {
  return { name: row.name, arn: row.arn, ...(row.description !== null && { description: row.description }), createdAt: row.created_at };
}

/** The group, or undefined. */
export function getGroup(db: RegistryDb, name: ModelPackageGroupName): ModelPackageGroup | undefined {
  const row = db.prepare<[string], GroupRow>('SELECT * FROM groups WHERE name = ?').get(name);
  return row && groupOf(row);
}

/** Every group, by name. */
export function listGroups(db: RegistryDb): ModelPackageGroup[] {
  return db.prepare<[], GroupRow>('SELECT * FROM groups ORDER BY name').all().map(groupOf);
}

/** Adds a group (the caller checked it is not there). */
export function insertGroup(db: RegistryDb, group: ModelPackageGroup): void {
  db.prepare('INSERT INTO groups (name, arn, description, created_at) VALUES (?, ?, ?, ?)').run(
    group.name,
    group.arn,
    group.description ?? null,
    group.createdAt,
  );
}

/** The package of a group and version, or undefined. */
export function getPackage(db: RegistryDb, groupName: ModelPackageGroupName, version: number): ModelPackage | undefined {
  const row = db
    .prepare<[string, number], PackageRow>(`${SELECT_PACKAGE} WHERE p.group_name = ? AND p.version = ?`)
    .get(groupName, version);
  return row && packageOf(row);
}

/** The group's packages, newest first, of one approval status when given. */
export function listPackages(db: RegistryDb, groupName: ModelPackageGroupName, approvalStatus?: ModelApprovalStatus): ModelPackage[] {
  const rows = approvalStatus
    ? db
        .prepare<[string, string], PackageRow>(`${SELECT_PACKAGE} WHERE p.group_name = ? AND p.approval_status = ? ORDER BY p.version DESC`)
        .all(groupName, approvalStatus)
    : db.prepare<[string], PackageRow>(`${SELECT_PACKAGE} WHERE p.group_name = ? ORDER BY p.version DESC`).all(groupName);
  return rows.map(packageOf);
}

/** The version the group's next registration gets. */
export function nextVersion(db: RegistryDb, groupName: ModelPackageGroupName): number {
  const row = db
    .prepare<[string], { last: number | null }>('SELECT MAX(version) AS last FROM packages WHERE group_name = ?')
    .get(groupName);
  return (row?.last ?? 0) + 1;
}

/** Adds a registered package (the primary key refuses a version that exists). */
export function insertPackage(db: RegistryDb, pkg: ModelPackage): void {
  db.prepare(
    `INSERT INTO packages (group_name, version, arn, status, approval_status, model_data_url, image_uri, description, metrics, lineage,
       customer_metadata, created_at, registered_by, approval_description, approved_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
  ).run(
    pkg.groupName,
    pkg.version,
    pkg.arn,
    pkg.status,
    pkg.approvalStatus,
    pkg.modelDataUrl,
    pkg.imageUri,
    pkg.description ?? null,
    JSON.stringify(pkg.metrics),
    JSON.stringify(pkg.lineage),
    JSON.stringify(pkg.customerMetadata),
    pkg.createdAt,
    JSON.stringify(pkg.registeredBy),
  );
}

/** Sets a package's approval status, with who set it and why. */
export function updateApproval(db: RegistryDb, pkg: ModelPackage, status: ModelApprovalStatus, actor: Actor): void {
  db.prepare('UPDATE packages SET approval_status = ?, approval_description = ?, approved_by = ? WHERE group_name = ? AND version = ?').run(
    status,
    actor.reason ?? null,
    JSON.stringify(actor),
    pkg.groupName,
    pkg.version,
  );
}
