import type { Selectable } from 'kysely';
import type { Store } from '../store/database.ts';
import { parseJsonColumn } from '../store/json-columns.ts';
import type { DatasetsTable, DatasetVersionsTable } from '../store/schema/data-tables.ts';
import { conflict } from '../util/errors.ts';
import { newId } from '../util/ids.ts';
import type { Dataset, DatasetVersion, NewVersion } from './dataset-types.ts';

function toDataset(row: Selectable<DatasetsTable>): Dataset {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    description: row.description,
    latestVersion: Number(row.latest_version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toVersion(row: Selectable<DatasetVersionsTable>): DatasetVersion {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    version: Number(row.version),
    parentVersion: row.parent_version === null ? null : Number(row.parent_version),
    kind: row.kind as DatasetVersion['kind'],
    recipe: row.recipe,
    source: parseJsonColumn(row.source, {}),
    recordCount: Number(row.record_count),
    textBytes: Number(row.text_bytes),
    filePath: row.file_path,
    statistics: parseJsonColumn(row.statistics, []),
    samples: parseJsonColumn(row.samples, []),
    jobId: row.job_id,
    createdAt: Number(row.created_at),
  };
}

/** Datasets and versions in the store; every query is scoped to an organization. */
export class DatasetRepository {
  constructor(private readonly store: Store) {}

  async create(orgId: string, name: string, description: string): Promise<Dataset> {
    if (await this.findByName(orgId, name))
      throw conflict(`A dataset named '${name}' already exists.`, 'dataset_exists');
    const now = Date.now();
    const row: DatasetsTable = {
      id: newId('ds', 16),
      org_id: orgId,
      name,
      description,
      latest_version: 0,
      created_at: now,
      updated_at: now,
    };
    await this.store.db.insertInto('datasets').values(row).execute();
    return toDataset(row);
  }

  async get(orgId: string, datasetId: string): Promise<Dataset | null> {
    const row = await this.store.db
      .selectFrom('datasets')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', datasetId)
      .executeTakeFirst();
    return row ? toDataset(row) : null;
  }

  async findByName(orgId: string, name: string): Promise<Dataset | null> {
    const row = await this.store.db
      .selectFrom('datasets')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toDataset(row) : null;
  }

  async list(orgId: string): Promise<Dataset[]> {
    const rows = await this.store.db
      .selectFrom('datasets')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toDataset);
  }

  async delete(orgId: string, datasetId: string): Promise<boolean> {
    await this.store.db
      .deleteFrom('dataset_versions')
      .where('org_id', '=', orgId)
      .where('dataset_id', '=', datasetId)
      .execute();
    const result = await this.store.db
      .deleteFrom('datasets')
      .where('org_id', '=', orgId)
      .where('id', '=', datasetId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listVersions(orgId: string, datasetId: string): Promise<DatasetVersion[]> {
    const rows = await this.store.db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('dataset_id', '=', datasetId)
      .orderBy('version', 'asc')
      .execute();
    return rows.map(toVersion);
  }

  async getVersion(orgId: string, datasetId: string, version: number): Promise<DatasetVersion | null> {
    const row = await this.store.db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('dataset_id', '=', datasetId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? toVersion(row) : null;
  }

  /** Reserves the next version number (atomically) for a job about to write it. */
  async reserveVersion(datasetId: string): Promise<number> {
    return this.store.db.transaction().execute(async (transaction) => {
      await transaction
        .updateTable('datasets')
        .set((eb) => ({ latest_version: eb('latest_version', '+', 1), updated_at: Date.now() }))
        .where('id', '=', datasetId)
        .execute();
      const row = await transaction
        .selectFrom('datasets')
        .select('latest_version')
        .where('id', '=', datasetId)
        .executeTakeFirstOrThrow();
      return Number(row.latest_version);
    });
  }

  async insertVersion(orgId: string, version: NewVersion): Promise<DatasetVersion> {
    const row: DatasetVersionsTable = {
      id: newId('dsv', 16),
      dataset_id: version.datasetId,
      org_id: orgId,
      version: version.version,
      parent_version: version.parentVersion,
      kind: version.kind,
      recipe: version.recipe,
      source: JSON.stringify(version.source),
      record_count: version.recordCount,
      text_bytes: version.textBytes,
      file_path: version.filePath,
      statistics: JSON.stringify(version.statistics),
      samples: JSON.stringify(version.samples),
      job_id: version.jobId,
      created_at: Date.now(),
    };
    await this.store.db.insertInto('dataset_versions').values(row).execute();
    return toVersion(row);
  }
}
